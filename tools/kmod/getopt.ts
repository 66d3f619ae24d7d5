// GNU getopt_long as kmod's tools see it: short options with "x:" arguments, long options with
// unique-prefix matching, arguments permuted after the options (unless "--" ends them), and
// glibc's messages for mistakes.

export interface LongOpt { name: string; arg: boolean; val: string }
export type OptEvent = { opt: string; arg?: string; long?: string } | { error: string };

export function getoptLong(prog: string, argv: string[], shortopts: string, longopts: LongOpt[]): { events: OptEvent[]; operands: string[] } {
  const events: OptEvent[] = [];
  const operands: string[] = [];
  const takesArg = (c: string) => {
    const i = shortopts.indexOf(c);
    return i >= 0 && shortopts[i + 1] === ':';
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq < 0 ? undefined : eq);
      let matches = longopts.filter((o) => o.name === name);
      if (!matches.length) matches = longopts.filter((o) => o.name.startsWith(name));
      const distinct = new Set(matches.map((o) => `${o.val}/${o.arg}`));
      if (!matches.length) {
        events.push({ error: `${prog}: unrecognized option '${eq < 0 ? a : a.slice(0, eq)}'` });
        continue;
      }
      if (distinct.size > 1) {
        events.push({ error: `${prog}: option '${a.slice(0, eq < 0 ? undefined : eq)}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join('')}` });
        continue;
      }
      const o = matches[0];
      if (o.arg) {
        if (eq >= 0) events.push({ opt: o.val, arg: a.slice(eq + 1), long: o.name });
        else if (i + 1 < argv.length) events.push({ opt: o.val, arg: argv[++i], long: o.name });
        else events.push({ error: `${prog}: option '--${o.name}' requires an argument` });
      } else if (eq >= 0) {
        events.push({ error: `${prog}: option '--${o.name}' doesn't allow an argument` });
      } else {
        events.push({ opt: o.val, long: o.name });
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === ':' || !shortopts.includes(c)) {
          events.push({ error: `${prog}: invalid option -- '${c}'` });
          continue;
        }
        if (takesArg(c)) {
          if (j + 1 < a.length) events.push({ opt: c, arg: a.slice(j + 1) });
          else if (i + 1 < argv.length) events.push({ opt: c, arg: argv[++i] });
          else events.push({ error: `${prog}: option requires an argument -- '${c}'` });
          break;
        }
        events.push({ opt: c });
      }
      continue;
    }
    operands.push(a);
  }
  return { events, operands };
}

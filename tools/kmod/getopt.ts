// GNU getopt_long as kmod's tools see it (glibc 2.36): short options with "x:" arguments, long
// options with unique-prefix matching, arguments permuted after the options (unless "--" ends
// them, or POSIXLY_CORRECT is set: then the first operand does), and glibc's messages for
// mistakes. Every kmod tool exits at the first mistake ('?'), so the events end there.

export interface LongOpt { name: string; arg: boolean; val: string }
export type OptEvent = { opt: string; arg?: string; long?: string } | { error: string };

export function getoptLong(prog: string, argv: string[], shortopts: string, longopts: LongOpt[]): { events: OptEvent[]; operands: string[] } {
  const events: OptEvent[] = [];
  const operands: string[] = [];
  const posix = process.env.POSIXLY_CORRECT !== undefined;
  const fail = (error: string) => { events.push({ error }); return { events, operands }; };
  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.length < 2 || a[0] !== '-') {
      if (posix) {
        operands.push(...argv.slice(i));
        break;
      }
      operands.push(a);
      i++;
      continue;
    }
    i++;
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      let found = longopts.find((o) => o.name === name);
      if (!found) {
        const matches = longopts.filter((o) => o.name.startsWith(name));
        // Prefixes of several names that all mean the same option are not ambiguous.
        if (new Set(matches.map((o) => `${o.val}/${o.arg}`)).size > 1) {
          return fail(`${prog}: option '--${body}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join('')}`);
        }
        found = matches[0];
      }
      if (!found) return fail(`${prog}: unrecognized option '--${body}'`);
      if (eq >= 0) {
        if (!found.arg) return fail(`${prog}: option '--${found.name}' doesn't allow an argument`);
        events.push({ opt: found.val, arg: body.slice(eq + 1), long: found.name });
      } else if (found.arg) {
        if (i >= argv.length) return fail(`${prog}: option '--${found.name}' requires an argument`);
        events.push({ opt: found.val, arg: argv[i++], long: found.name });
      } else events.push({ opt: found.val, long: found.name });
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const k = shortopts.indexOf(c);
      if (k < 0 || c === ':' || c === ';') return fail(`${prog}: invalid option -- '${c}'`);
      if (shortopts[k + 1] === ':') {
        if (j + 1 < a.length) events.push({ opt: c, arg: a.slice(j + 1) });
        else if (i < argv.length) events.push({ opt: c, arg: argv[i++] });
        else return fail(`${prog}: option requires an argument -- '${c}'`);
        break;
      }
      events.push({ opt: c });
    }
  }
  return { events, operands };
}

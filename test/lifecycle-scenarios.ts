// Running the lifecycle scenarios of modules/examples/*.kml the way a user does
// (`kmodlab run FILE`), and reading their transcripts: the output of each command, dmesg
// without timestamps, verdict lines.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, messages, EXAMPLES, type Run } from './helpers.ts';

export interface Transcript extends Run {
  /** Output lines of the nth (0-based) run of a command whose line starts with `cmd`. */
  of(cmd: string, nth?: number): string[];
  /**
   * The kernel log of the last `dmesg`, timestamps stripped, without the boot banner and
   * the once-per-boot taint notices of unsigned out-of-tree modules.
   */
  dmesg: string[];
}

/** The text of modules/examples/NAME.kml, with `replace` applied (boot options, say). */
export function kml(name: string, replace: [string | RegExp, string][] = []): string {
  let text = readFileSync(join(EXAMPLES, `${name}.kml`), 'utf8');
  for (const [a, b] of replace) {
    const next = text.replace(a, b);
    if (next === text && a !== b) throw new Error(`${name}.kml: nothing to replace for ${a}`);
    text = next;
  }
  return text;
}

/** Runs a scenario file (echoing commands, as kmodlab run does). */
export function runKml(name: string, replace: [string | RegExp, string][] = []): Transcript {
  const r = scenario(kml(name, replace), { echo: true });
  const blocks: { cmd: string; out: string[] }[] = [];
  for (const line of r.out) {
    if (line.startsWith('$ ')) blocks.push({ cmd: line.slice(2), out: [] });
    else if (blocks.length) blocks[blocks.length - 1].out.push(line);
  }
  const of = (cmd: string, nth = 0) => {
    const hits = blocks.filter((b) => b.cmd === cmd || b.cmd.startsWith(`${cmd} `));
    if (nth >= hits.length) throw new Error(`${name}: no run #${nth} of '${cmd}' in:\n${r.text}`);
    return hits[nth].out;
  };
  const dumps = blocks.filter((b) => b.cmd === 'dmesg');
  const log = dumps.length ? messages(dumps[dumps.length - 1].out) : [];
  return { ...r, of, dmesg: log.filter((l) => !BOILERPLATE.some((re) => re.test(l))) };
}

const BOILERPLATE = [
  /^Linux version /, /^Machine model: /, /^Memory: \d+K\/\d+K available/, /^smp: Brought up /,
  /^Loading compiled-in X\.509 certificates$/, /^Loaded X\.509 cert '/,
  /: loading out-of-tree module taints kernel\.$/, /: module verification failed: signature and\/or required key missing - tainting kernel$/,
];

/** The lines of `lines` matching `re`, in order. */
export function grep(lines: string[], re: RegExp): string[] {
  return lines.filter((l) => re.test(l));
}

/** Index of the first line matching re (−1 if none). */
export function at(lines: string[], re: RegExp): number {
  return lines.findIndex((l) => re.test(l));
}

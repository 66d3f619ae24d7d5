// Shared test helpers: run scenario text against the real kernel image and example modules.
import { join } from 'node:path';
import { runScenario } from '../tools/console.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';

export const EXAMPLES = join(REPO_ROOT, 'modules', 'examples');

export interface Run { out: string[]; err: string[]; status: number; text: string }

/** Runs scenario text as if it were a file in modules/examples/, transcript without echo. */
export function scenario(text: string, opts: { echo?: boolean } = {}): Run {
  const out: string[] = [];
  const err: string[] = [];
  const { status, console: c } = runScenario(text.replace(/^\n/, ''), join(EXAMPLES, 'test.kml'), (l) => out.push(l), {
    echo: opts.echo ?? false,
    writeError: (l) => err.push(l),
  });
  c.kernel?.close();
  return { out, err, status, text: out.join('\n') };
}

/** The kernel messages of a transcript's dmesg output, without timestamps. */
export function messages(lines: string[]): string[] {
  return lines.filter((l) => /^\[\s*\d+\.\d{6}\] /.test(l)).map((l) => l.replace(/^\[\s*\d+\.\d{6}\] /, ''));
}

/** The lines the nth (from 0) `$ cmd` of an echoed transcript printed, up to the next "$ ". */
export function outputOf(out: string[], cmd: string, nth = 0): string[] {
  let i = -1;
  for (let n = 0; n <= nth; n++) i = out.indexOf(`$ ${cmd}`, i + 1);
  if (i < 0) throw new Error(`no command '${cmd}' (#${nth}) in transcript`);
  const r: string[] = [];
  for (let j = i + 1; j < out.length && !out[j].startsWith('$ '); j++) r.push(out[j]);
  return r;
}

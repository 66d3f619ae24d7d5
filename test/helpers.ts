// Shared test helpers: run scenario text against the real kernel image and example modules.
import { join } from 'node:path';
import { runScenario, Console } from '../tools/console.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import type { Kernel } from '../kernel/kernel.ts';

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

/**
 * Runs scenario lines on an echoing console -- a new one, or one a session made, to go on with
 * it -- and gives its transcript, the kernel, and `of(cmd, nth)`: what the nth `cmd` printed.
 */
export function consoleSession(lines: string[], c?: Console, out: string[] = []) {
  const con = c ?? new Console({ baseDir: EXAMPLES, echo: true, write: (l) => out.push(l) });
  for (const l of lines) con.exec(l);
  return { out, c: con, k: con.kernel!, of: (cmd: string, nth = 0) => outputOf(out, cmd, nth) };
}

/** What the allocators and page tables hold: the same before and after means nothing was kept. */
export const memoryAccounting = (k: Kernel) => ({ slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, mappings: k.machine.mappings().length });

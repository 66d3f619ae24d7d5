// Writes one figure set: its plot (SVG, and PNG when resvg loads) and its table (CSV and
// Markdown, linking the plot), each stating the command and parameters that made it.
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { writeTable, provenance, type Table } from './table.ts';
import { writePlot, type Plot } from './plot.ts';

export const BENCH_DIR = join(REPO_ROOT, 'build', 'bench');

export interface Published { files: string[]; pngSkipped?: string }

export async function publish(dir: string, table: Table, plot?: Plot): Promise<Published> {
  const files: string[] = [];
  let pngSkipped: string | undefined;
  const links: string[] = [];
  if (plot) {
    const p = await writePlot(dir, { ...plot, madeBy: provenance(table) });
    files.push(p.svg);
    links.push(`${plot.name}.svg`);
    if (p.png) { files.push(p.png); links.push(`${plot.name}.png`); }
    pngSkipped = p.pngSkipped;
  }
  files.unshift(...writeTable(dir, table, links));
  return { files, pngSkipped };
}

/** The line make bench prints under a figure set. */
export function writtenLine(p: Published): string {
  const names = p.files.map((f) => relative(REPO_ROOT, f) || f);
  return `  (written: ${names.join(', ')}${p.pngSkipped ? `; no PNG: ${p.pngSkipped}` : ''})`;
}

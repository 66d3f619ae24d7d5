// make bench's tables: one figure set is a Table -- its columns, its rows, and the command and
// parameters that made it -- written as build/bench/<name>.csv and <name>.md. A column is
// declared once (key, header, unit, how it is measured), so a new measurement (the TLB columns
// once the machine has a TLB model) is one more entry in a table's column list and one more
// field in its rows: the writers, the CSV header and the Markdown follow.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Cell = string | number;

export interface Column {
  /** CSV header and row field: snake_case. */
  key: string;
  /** Markdown header. */
  header: string;
  /** Right-aligned in Markdown (numbers). */
  numeric?: boolean;
  /** Decimal places a number is written with (default: as it is). */
  digits?: number;
}

export interface Table {
  /** File name: build/bench/<name>.csv, .md (and the plot's .svg/.png). */
  name: string;
  title: string;
  /** The command line that made it, e.g. `kmodlab bench --quick`. */
  command: string;
  /** Every parameter the figures depend on, in the order they are stated. */
  parameters: Record<string, Cell>;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Sentences under the table: what is measured how, and what is host time. */
  notes?: string[];
}

export function cell(c: Column, v: Cell | undefined): string {
  if (v === undefined) throw new Error(`bench table: no value for column '${c.key}'`);
  return typeof v === 'number' && c.digits !== undefined ? v.toFixed(c.digits) : String(v);
}

const csvQuote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** How the figures were made, one line: the command and its parameters. */
export function provenance(t: Table): string {
  const params = Object.entries(t.parameters).map(([k, v]) => `${k}=${v}`).join(', ');
  return `${t.command}${params ? ` (${params})` : ''}`;
}

/** CSV: `#` lines stating the command and parameters, then the header row and the rows. */
export function toCsv(t: Table): string {
  const head = [`# ${t.title}`, `# made by: ${t.command}`, ...Object.entries(t.parameters).map(([k, v]) => `# ${k}: ${v}`)];
  const lines = [t.columns.map((c) => c.key).join(','), ...t.rows.map((r) => t.columns.map((c) => csvQuote(cell(c, r[c.key]))).join(','))];
  return `${[...head, ...lines].join('\n')}\n`;
}

export function toMarkdown(t: Table, plots: string[] = []): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const params = Object.entries(t.parameters).map(([k, v]) => `\`${k}\`=${v}`).join(', ');
  const out = [
    `# ${t.title}`, '',
    `Made by \`${t.command}\`${params ? `; parameters: ${params}` : ''}.`, '',
    `| ${t.columns.map((c) => esc(c.header)).join(' | ')} |`,
    `|${t.columns.map((c) => (c.numeric ? '---:' : '---')).join('|')}|`,
    ...t.rows.map((r) => `| ${t.columns.map((c) => esc(cell(c, r[c.key]))).join(' | ')} |`),
  ];
  for (const n of t.notes ?? []) out.push('', n);
  if (plots.length) out.push('', `Plot: ${plots.map((p) => `[${p}](${p})`).join(', ')}.`);
  return `${out.join('\n')}\n`;
}

/** Writes <dir>/<name>.csv and .md; returns their paths. */
export function writeTable(dir: string, t: Table, plots: string[] = []): string[] {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `${t.name}.csv`), md = join(dir, `${t.name}.md`);
  writeFileSync(csv, toCsv(t));
  writeFileSync(md, toMarkdown(t, plots));
  return [csv, md];
}

// make bench's tables and plots (tools/bench/): on a small configuration, every figure set is
// written as CSV, Markdown and SVG (and PNG), each states the command and parameters that made
// it, the CSV has its columns, the SVG parses as SVG and names its series. Behaviour, never timings.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { writeReports, type ReportConfig } from '../tools/bench/reports.ts';
import { realModulesDir } from '../tools/bench/placement.ts';
import { toCsv, type Table } from '../tools/bench/table.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';

const EXAMPLES = join(REPO_ROOT, 'modules', 'examples');
const config: ReportConfig = {
  command: 'kmodlab bench --test-config',
  throughput: { slices: [1_000], iterations: 10_000 },
  refcount: { pairs: 20, cpuCounts: [1, 2] },
  unload: { cpus: 2, mem: 64 << 20, module: 'worker', rounds: 1, tick: 10_000, busyIterations: 20_000, installerDir: EXAMPLES, installerRounds: 1 },
  placement: { dir: realModulesDir(), limit: 30, calls: 5 },
};

let dir = '';
const lines: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmodlab-bench-'));
  await writeReports(config, dir, (s) => lines.push(s));
}, 600_000);
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const read = (name: string) => readFileSync(join(dir, name), 'utf8');
/** The CSV's header row: the first line that is not a `#` comment. */
const header = (csv: string) => csv.split('\n').find((l) => !l.startsWith('#'))!.split(',');
const dataRows = (csv: string) => csv.split('\n').filter((l) => l && !l.startsWith('#')).slice(1);

function expectPlot(name: string, series: string[]) {
  const svg = read(`${name}.svg`);
  expect(svg.trimStart().startsWith('<svg')).toBe(true);
  expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  // resvg's parser (usvg) refuses what is not SVG.
  const r = new Resvg(svg);
  expect(r.width).toBeGreaterThan(0);
  // Each <text> (its <tspan> lines joined), entities decoded.
  const texts = [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)]
    .map((m) => m[1].replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim().replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  for (const s of series) expect(texts).toContain(s);
  // The marks are drawn: bars with a height (a stacked bar from 0 on a log scale had none), lines with points.
  const marks = [...svg.matchAll(/aria-roledescription="(bar|line mark)" d="([^"]+)"/g)];
  expect(marks.length).toBeGreaterThan(0);
  for (const [, , d] of marks) expect(d).not.toContain('NaN');
  const heights = marks.filter((m) => m[1] === 'bar').map((m) => Number(/v(-?[\d.]+)h/.exec(m[2])?.[1]));
  if (heights.length) expect(heights.some((h) => h !== 0)).toBe(true);
  // The subtitle states the command that made it.
  expect(texts.join(' ')).toContain(config.command);
  expect(existsSync(join(dir, `${name}.png`))).toBe(true);
  expect(readFileSync(join(dir, `${name}.png`)).subarray(1, 4).toString()).toBe('PNG');
}

function expectTable(name: string, columns: string[]) {
  const csv = read(`${name}.csv`);
  expect(header(csv).slice(0, columns.length)).toEqual(columns);
  expect(csv).toContain(`# made by: ${config.command}`);
  const md = read(`${name}.md`);
  expect(md).toContain(`Made by \`${config.command}\``);
  expect(md).toContain(`[${name}.svg](${name}.svg)`);
  return dataRows(csv);
}

describe('make bench tables and plots', () => {
  it('refcount: schemes x CPUs, one line per scheme', () => {
    const rows = expectTable('refcount', ['scheme', 'cpus', 'cycles_per_pair']);
    expect(rows.map((r) => r.split(',').slice(0, 2).join(','))).toEqual(['percpu,1', 'percpu,2', 'atomic,1', 'atomic,2', 'atomic+lse,1', 'atomic+lse,2', 'none,1', 'none,2']);
    expectPlot('refcount', ['percpu', 'atomic', 'atomic+lse', 'none']);
    expect(read('refcount.csv')).toContain('# cpus: 1 2');
  });

  it('unload strategies: rmmod cycles, bytes kept, installer outcome', () => {
    const rows = expectTable('unload', ['strategy', 'boot', 'rmmod_cycles_idle', 'rmmod_cycles_busy_preempt_full', 'rmmod_cycles_busy_preempt_none', 'kept_bytes', 'never_freed_bytes', 'installer_rounds', 'installer_outcome']);
    expect(rows).toHaveLength(3);
    const byName = Object.fromEntries(rows.map((r) => [r.split(',')[0], r.split(',')]));
    // Never-free keeps the module's memory; the counted strategies give it all back.
    expect(Number(byName['never free (2003)'][5])).toBeGreaterThan(0);
    expect(Number(byName['atomic (Linux 6.1)'][5])).toBe(0);
    expect(Number(byName['percpu + synchronize_kernel (2.5)'][5])).toBe(0);
    // The grace period waits for the busy CPU to schedule: longer without preemption.
    const percpu = byName['percpu + synchronize_kernel (2.5)'].slice(2, 5).map(Number);
    expect(percpu[2]).toBeGreaterThan(percpu[1]);
    expectPlot('unload', ['percpu + synchronize_kernel (2.5)', 'atomic (Linux 6.1)', 'never free (2003)']);
  });

  it('placement: call-heavy workload per placement (and Debian\'s set when fetched)', () => {
    const rows = expectTable('placement-calls', ['workload', 'placement', 'calls', 'cycles_per_call', 'instructions_per_call', 'pages', 'mappings']);
    expect(rows).toHaveLength(6);
    expectPlot('placement-calls', ['kmalloc', 'auto', 'vmalloc']);
    if (config.placement.dir) {
      const bulk = expectTable('placement', ['placement', 'modules', 'initialised', 'live', 'kmalloc_placed', 'pages', 'pages_per_module', 'module_area_pages', 'mappings', 'load_cycles']);
      expect(bulk.map((r) => r.split(',')[0])).toEqual(['kmalloc', 'auto', 'vmalloc']);
      // The same modules initialise; vmalloc gives each its own pages and mapping, kmalloc none.
      const vm = bulk[2].split(',').map(Number), km = bulk[0].split(',').map(Number);
      expect(vm[2]).toBeGreaterThan(0);
      expect(vm[8]).toBe(vm[2]);
      expect(km[8]).toBe(0);
      expectPlot('placement', ['kmalloc', 'auto', 'vmalloc']);
    }
  });

  it('throughput: the slicer and the bare engine, in host time', () => {
    const rows = expectTable('throughput', ['engine', 'slice', 'instructions', 'host_ms', 'host_mips']);
    expect(rows).toHaveLength(2);
    expect(read('throughput.md')).toMatch(/host time/i);
    expectPlot('throughput', ['machine (slicer), slice 1000', 'bare Unicorn (no hook)']);
  });

  it('emulated figures are identical run to run', async () => {
    const again = mkdtempSync(join(tmpdir(), 'kmodlab-bench-'));
    try {
      await writeReports(config, again, () => {}, ['refcount']);
      expect(readFileSync(join(again, 'refcount.csv'), 'utf8')).toBe(read('refcount.csv'));
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  }, 300_000);

  it('a CSV cell with a comma is quoted', () => {
    const t: Table = { name: 'x', title: 'x', command: 'c', parameters: {}, columns: [{ key: 'a', header: 'a' }], rows: [{ a: 'p, q' }] };
    expect(toCsv(t).trim().split('\n').at(-1)).toBe('"p, q"');
  });
});

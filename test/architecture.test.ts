// The layering of docs/ARCHITECTURE.md, checked on the real import graph: tools → kernel → emu,
// no import circles (type-only imports included), koffi only in the Unicorn binding, blessed
// only in the dashboard, the plotting packages only in the bench's plots.
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readImportGraph, findCycles, layeringViolations, type ImportGraph } from './import-graph.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

describe('architecture', () => {
  const real = readImportGraph(ROOT);

  it('reads the whole tree, type-only imports included', () => {
    expect(real.size).toBeGreaterThan(100);
    // kernel.ts imports the machine; a type-only import must show up as an edge too.
    expect(real.get('kernel/kernel.ts')).toContain('emu/machine.ts');
    const typeOnly = [...real].some(([f, deps]) => f.startsWith('tools/') && deps.includes('kernel/kernel.ts'));
    expect(typeOnly).toBe(true);
  });

  it('has no import circle', () => {
    expect(findCycles(real).map((c) => c.join(' → '))).toEqual([]);
  });

  it('points tools → kernel → emu; koffi, blessed and the plotting packages stay where they belong', () => {
    expect(layeringViolations(real)).toEqual([]);
  });

  it('fails on a back-edge, a circle through a type-only import, and misplaced packages', () => {
    const bad = graph({
      'emu/machine.ts': ['kernel/kernel.ts', 'koffi'],
      'kernel/kernel.ts': ['emu/machine.ts', 'tools/cli.ts'],
      'kernel/a.ts': ['kernel/b.ts'],
      'kernel/b.ts': ['kernel/c.ts'],
      'kernel/c.ts': ['kernel/a.ts'],
      'kernel/self.ts': ['kernel/self.ts'],
      'tools/cli.ts': ['kernel/kernel.ts', 'blessed'],
      'tools/dash/dash.ts': ['blessed'],
      'emu/unicorn.ts': ['koffi'],
      'kernel/plot.ts': ['vega'],
      'tools/bench/plot.ts': ['vega', 'vega-lite', '@resvg/resvg-js'],
    });
    expect(layeringViolations(bad)).toEqual([
      'emu/machine.ts imports kernel/kernel.ts: emu/ knows nothing of the kernel, modules or tools',
      'emu/machine.ts imports koffi: only the Unicorn binding (emu/unicorn.ts) may',
      'kernel/kernel.ts imports tools/cli.ts: the kernel does not depend on the tools',
      'tools/cli.ts imports blessed: only the dashboard (tools/dash/) may',
      "kernel/plot.ts imports vega: only the bench's plots (tools/bench/) may",
    ]);
    const cycles = findCycles(bad).map((c) => c.join(' → ')).sort();
    expect(cycles).toEqual([
      'emu/machine.ts → kernel/kernel.ts → emu/machine.ts',
      'kernel/a.ts → kernel/b.ts → kernel/c.ts → kernel/a.ts',
      'kernel/self.ts → kernel/self.ts',
    ]);
    // kernel.ts ↔ tools/cli.ts joins the emu/kernel circle into one component: one report.
    expect(findCycles(graph({ 'a.ts': ['b.ts'], 'b.ts': [] }))).toEqual([]);
  });
});

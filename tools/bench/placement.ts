// make bench's placement figures, seed 002 item 6: modules in kmalloc memory (the linear map's
// existing mapping) against vmalloc-style pages in the module area (arm64 Linux), and the
// seed's policy auto (small cores in kmalloc). Two workloads:
//   - Debian's real module set loaded into one machine (kmodlab bulk --placement P): the pages
//     the loads took from the page allocator, module-area pages, the machine's mappings, and
//     the emulated cycles of loading the whole set;
//   - a call-heavy workload: worker_getput (calls from the module into the kernel image,
//     try_module_get/module_put) and calc_checksum (module to module to kernel), per call.
// Both run with the cost model's TLBs (boot tlb=1: Cortex-A72-shaped, emu/cost.ts): their
// misses, walks and cycles are columns. A column is one entry of the tables' column lists and
// one field of the figures below (tools/bench/table.ts).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootMachine } from '../boot.ts';
import { bulkLoad, REAL_DIR } from '../bulk.ts';
import { load_module } from '../../kernel/module/main.ts';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { PAGE_SIZE } from '../../emu/address-map.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { PlacementPolicy } from '../../kernel/module/placement.ts';
import type { Table, Column } from './table.ts';
import type { Plot } from './plot.ts';

export const PLACEMENTS: PlacementPolicy[] = ['kmalloc', 'auto', 'vmalloc'];

interface TlbState { itlb: number; dtlb: number; walks: number; cycles: number }
interface MemoryState { usedPages: number; moduleAreaPages: number; mappings: number; clock: bigint; instructions: bigint; tlb: TlbState }

function tlbState(k: Kernel): TlbState {
  const t: TlbState = { itlb: 0, dtlb: 0, walks: 0, cycles: 0 };
  for (let c = 0; c < k.machine.cores.length; c++) {
    const s = k.machine.tlbStats(c);
    if (!s) continue;
    t.itlb += Number(s.l1iMisses); t.dtlb += Number(s.l1dMisses); t.walks += Number(s.walks); t.cycles += Number(s.cycles);
  }
  return t;
}

function memoryState(k: Kernel): MemoryState {
  return {
    usedPages: k.pages.totalPages - k.pages.freePages,
    moduleAreaPages: k.modarea.pages,
    mappings: k.machine.mappings().length,
    clock: k.sched.now(),
    instructions: k.machine.instructions(),
    tlb: tlbState(k),
  };
}

const tlbDelta = (a: TlbState, b: TlbState): TlbState => ({ itlb: a.itlb - b.itlb, dtlb: a.dtlb - b.dtlb, walks: a.walks - b.walks, cycles: a.cycles - b.cycles });

export interface BulkPlacementFigure {
  placement: PlacementPolicy; modules: number; initialised: number; live: number;
  pages: number; moduleAreaPages: number; kmallocPlaced: number; mappings: number; cycles: number; instructions: number; tlb: TlbState;
}

/** Debian's module set (or `limit` of its first modules) loaded under one placement policy. */
export function measureBulkPlacement(placement: PlacementPolicy, dir: string, limit?: number): BulkPlacementFigure {
  let before: MemoryState | undefined;
  const { results, kernel: k } = bulkLoad({ dir, placement, limit, tlb: true, onBoot: (k) => { before = memoryState(k); } });
  try {
    const after = memoryState(k);
    const b = before!;
    return {
      placement,
      modules: results.length,
      initialised: results.filter((r) => r.outcome.kind === 'initialised').length,
      live: k.modules.length,
      pages: after.usedPages - b.usedPages,
      moduleAreaPages: after.moduleAreaPages - b.moduleAreaPages,
      kmallocPlaced: k.modules.filter((m) => m.core?.placement === 'kmalloc').length,
      mappings: after.mappings - b.mappings,
      cycles: Number(after.clock - b.clock),
      instructions: Number(after.instructions - b.instructions),
      tlb: tlbDelta(after.tlb, b.tlb),
    };
  } finally {
    k.close();
  }
}

export interface CallFigure { placement: PlacementPolicy; workload: string; calls: number; cyclesPerCall: number; instructionsPerCall: number; pages: number; mappings: number; tlb: TlbState }

const example = (name: string) => join(REPO_ROOT, 'modules', 'examples', name, `${name}.ko`);

/** One core; the modules loaded, then `calls` calls of each workload function, cycles per call. */
export function measureCalls(placement: PlacementPolicy, calls: number): CallFigure[] {
  const k = bootMachine({ cpus: 1, modulePlacement: placement, tlb: true });
  try {
    const before = memoryState(k);
    for (const m of ['worker', 'mathlib', 'calc']) load_module(k, new Uint8Array(readFileSync(example(m))), example(m), '');
    const loaded = memoryState(k);
    const text = k.slab.kmalloc(64);
    k.machine.write(text, new TextEncoder().encode('the quick brown fox jumps over the lazy dog\0'));
    const workloads: [string, bigint, bigint[], number][] = [
      // worker_getput(n) makes n pairs in one call: n calls into the kernel image each way.
      ['worker_getput: try_module_get/module_put pair', k.kallsyms.address('worker_getput')!, [BigInt(calls)], calls],
      ['calc_checksum: calc to mathlib to strlen', k.kallsyms.address('calc_checksum')!, [text], 1],
    ];
    const out: CallFigure[] = [];
    for (const [workload, fn, args, perCall] of workloads) {
      k.call(fn, args); // warm the translation cache
      const c0 = k.machine.cycles(0), i0 = k.machine.instructions(), t0 = tlbState(k);
      const rounds = perCall === 1 ? calls : 1;
      for (let i = 0; i < rounds; i++) {
        const r = k.call(fn, args);
        if (!r.ok) throw new Error(`bench: ${workload} under placement=${placement} failed`);
      }
      const n = rounds * perCall;
      out.push({
        placement, workload, calls: n,
        cyclesPerCall: Number(k.machine.cycles(0) - c0) / n,
        instructionsPerCall: Number(k.machine.instructions() - i0) / n,
        pages: loaded.usedPages - before.usedPages,
        mappings: loaded.mappings - before.mappings,
        tlb: tlbDelta(tlbState(k), t0),
      });
    }
    return out;
  } finally {
    k.close();
  }
}

export function realModulesDir(): string | null {
  const dir = join(REAL_DIR, 'modules');
  return existsSync(dir) ? dir : null;
}

export function placementTables(command: string, bulk: BulkPlacementFigure[], dir: string, limit: number | undefined, calls: CallFigure[], callCount: number) {
  const bulkColumns: Column[] = [
    { key: 'placement', header: 'placement' },
    { key: 'modules', header: 'modules tried', numeric: true },
    { key: 'initialised', header: 'initialised', numeric: true },
    { key: 'live', header: 'live at the end', numeric: true },
    { key: 'kmalloc_placed', header: 'cores in kmalloc', numeric: true },
    { key: 'pages', header: 'pages used (page allocator)', numeric: true },
    { key: 'pages_per_module', header: 'pages per initialised module', numeric: true, digits: 2 },
    { key: 'module_area_pages', header: 'module-area pages', numeric: true },
    { key: 'mappings', header: 'mappings added', numeric: true },
    { key: 'load_cycles', header: 'emulated cycles to load all', numeric: true },
    { key: 'load_instructions', header: 'emulated instructions', numeric: true },
    { key: 'itlb_misses', header: 'L1 iTLB misses', numeric: true },
    { key: 'dtlb_misses', header: 'L1 dTLB misses', numeric: true },
    { key: 'walks', header: 'table walks', numeric: true },
    { key: 'tlb_cycles', header: 'TLB cycles', numeric: true },
  ];
  const bulkTable: Table = {
    name: 'placement',
    title: "Module placement on Debian's module set: kmalloc vs vmalloc",
    command,
    parameters: { modules: `${limit === undefined ? 'all' : `first ${limit}`} of ${dir.replace(`${REPO_ROOT}/`, '')}`, cpus: 4, mem: '1024 MiB', page: `${PAGE_SIZE} B`, same_as: 'kmodlab bulk --placement P' },
    columns: bulkColumns,
    rows: bulk.map((f) => ({
      placement: f.placement, modules: f.modules, initialised: f.initialised, live: f.live, kmalloc_placed: f.kmallocPlaced,
      pages: f.pages, pages_per_module: f.initialised ? f.pages / f.initialised : 0, module_area_pages: f.moduleAreaPages, mappings: f.mappings, load_cycles: f.cycles, load_instructions: f.instructions,
      itlb_misses: f.tlb.itlb, dtlb_misses: f.tlb.dtlb, walks: f.tlb.walks, tlb_cycles: f.tlb.cycles,
    })),
    notes: [
      'Pages used: pages the page allocator handed out from boot to the end of the loads (module memory, the slabs kmalloc grew, what inits allocated). Mappings: memory mappings the machine gained.',
      'TLB columns: the cost model\'s TLBs (boot tlb=1; Cortex-A72 shapes, emu/cost.ts) over all cores: L1 misses, walks after L2 misses, and the cycles they cost (included in the cycles column). A kmalloc-placed module shares the linear map\'s 2 MiB block entries; a module-area module needs an entry per 4 KiB page.',
    ],
  };
  const callTable: Table = {
    name: 'placement-calls',
    title: 'Module placement on a call-heavy workload: kmalloc vs vmalloc',
    command,
    parameters: { cpus: 1, modules: 'worker, mathlib, calc (modules/examples)', calls: callCount },
    columns: [
      { key: 'workload', header: 'workload' },
      { key: 'placement', header: 'placement' },
      { key: 'calls', header: 'calls', numeric: true },
      { key: 'cycles_per_call', header: 'emulated cycles per call', numeric: true, digits: 1 },
      { key: 'instructions_per_call', header: 'instructions per call', numeric: true, digits: 1 },
      { key: 'pages', header: 'pages used by the 3 loads', numeric: true },
      { key: 'mappings', header: 'mappings added', numeric: true },
      { key: 'itlb_misses', header: 'L1 iTLB misses', numeric: true },
      { key: 'dtlb_misses', header: 'L1 dTLB misses', numeric: true },
      { key: 'tlb_cycles', header: 'TLB cycles', numeric: true },
    ],
    rows: calls.map((f) => ({ workload: f.workload, placement: f.placement, calls: f.calls, cycles_per_call: f.cyclesPerCall, instructions_per_call: f.instructionsPerCall, pages: f.pages, mappings: f.mappings, itlb_misses: f.tlb.itlb, dtlb_misses: f.tlb.dtlb, tlb_cycles: f.tlb.cycles })),
    notes: ['Cycles: core 0\'s cycle counter across the calls (instructions plus the cost model\'s charges, TLB misses included), after one warm-up call. Calls from kmalloc-placed code to the kernel image go through PLT veneers (CALL26 range).', 'TLB columns: the cost model\'s TLBs (boot tlb=1) across the measured calls. Three small modules fit the L1 TLBs once warm; what misses is the fresh stack each host-started call runs on (one data-TLB walk per call, whatever the placement).'],
  };
  const bulkPlot: Plot = {
    name: 'placement', title: "Pages used loading Debian's modules, per placement", madeBy: '', mark: 'bar',
    x: { field: 'placement', title: 'placement', type: 'nominal' },
    y: { field: 'pages', title: 'pages used (4 KiB)' },
    series: { field: 'placement', title: 'placement' },
    data: bulkTable.rows.map((r) => ({ placement: r.placement, pages: r.pages })),
  };
  const callPlot: Plot = {
    name: 'placement-calls', title: 'Cycles per call, per placement', madeBy: '', mark: 'bar',
    x: { field: 'workload', title: 'workload', type: 'nominal' },
    y: { field: 'cycles_per_call', title: 'emulated cycles per call' },
    series: { field: 'placement', title: 'placement' },
    data: callTable.rows.map((r) => ({ workload: String(r.workload).split(':')[0], placement: r.placement, cycles_per_call: r.cycles_per_call })),
  };
  return [{ table: bulkTable, plot: bulkPlot }, { table: callTable, plot: callPlot }];
}

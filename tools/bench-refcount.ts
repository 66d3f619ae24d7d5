// The seeds' refcount argument in cycles: try_module_get/module_put pairs on every CPU at once,
// per scheme, with the coherence model pricing each move of a tracked cache line. Cores
// interleave every 20 instructions here so that they contend the way parallel hardware does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootMachine } from './boot.ts';
import { TICKLESS } from '../kernel/options.ts';
import { load_module } from '../kernel/module/main.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { MODULE_REFPTR, type RefcountScheme } from '../kernel/module/refcount.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { Table } from './bench/table.ts';
import type { Plot } from './bench/plot.ts';

export type Atomics = 'mixed' | 'lse' | 'llsc';
export interface RefcountFigure {
  scheme: RefcountScheme; cpus: number; cyclesPerPair: number; transfersPerPair: number; refBytes: number;
  /** the machine's atomics (boot atomics=), and the table's name for the pair: atomic, atomic+lse */
  atomics: Atomics; label: string;
  /** instructions per pair, all cores */
  instructionsPerPair: number;
}

/**
 * The bytes the scheme adds to a module, measured in guest memory: under percpu the slab object
 * struct module's refptr points at (NR_CPUS cache lines), under atomic struct module's own
 * 4-byte refcnt, under none nothing.
 */
function refBytes(k: Kernel, scheme: RefcountScheme): number {
  const mod = k.modules.find((m) => m.name === 'worker');
  if (!mod || scheme === 'none') return 0;
  if (scheme === 'atomic') return 4;
  return k.slab.ksize(k.machine.readU64(mod.addr + MODULE_REFPTR));
}

export function measureRefcount(scheme: RefcountScheme, cpus: number, pairs: number, atomics: Atomics = 'mixed'): RefcountFigure {
  const ko = join(REPO_ROOT, 'modules', 'examples', 'worker', 'worker.ko');
  // Under atomic, 64 CPUs queue for one line: a core's pairs take far longer than a call's usual limit.
  // The CPUs measured run without a tick, as nohz_full isolates a benchmark's CPUs: no timer
  // interrupt's cycles are counted as the refcount's.
  const k = bootMachine({ cpus, refcount: scheme, slice: 20, tick: TICKLESS, mem: 64 << 20, callLimit: 20_000_000_000, atomics });
  try {
    load_module(k, new Uint8Array(readFileSync(ko)), ko, '');
    const fn = k.kallsyms.address('worker_getput')!;
    const c0 = k.machine.cores.map((_, i) => k.machine.cycles(i));
    const x0 = k.machine.cores.map((_, i) => k.machine.lineTransfers(i));
    const i0 = k.machine.cores.map((c) => c.instructions);
    const tasks = k.machine.cores.map((_, i) => k.spawn(`getput${i}`, i, fn, [BigInt(pairs)]));
    for (const t of tasks) {
      const r = k.wait(t);
      if (!r.ok || r.ret !== BigInt(pairs)) throw new Error(`worker_getput on ${scheme}/${cpus} cpus failed: ${JSON.stringify(r, (_, v) => (typeof v === "bigint" ? `0x${v.toString(16)}` : v))}`);
    }
    let cycles = 0n, transfers = 0n, insns = 0n;
    k.machine.cores.forEach((c, i) => {
      cycles += k.machine.cycles(i) - c0[i];
      transfers += k.machine.lineTransfers(i) - x0[i];
      insns += c.instructions - i0[i];
    });
    const n = pairs * cpus;
    return {
      scheme, cpus, cyclesPerPair: Number(cycles) / n, transfersPerPair: Number(transfers) / n, refBytes: refBytes(k, scheme),
      atomics, label: atomics === 'lse' ? `${scheme}+lse` : scheme, instructionsPerPair: Number(insns) / n,
    };
  } finally {
    k.close();
  }
}

export interface RefcountConfig { pairs: number; cpuCounts: number[] }

export const refcountConfig = (quick: boolean): RefcountConfig =>
  ({ pairs: quick ? 200 : 1000, cpuCounts: quick ? [1, 2, 4, 8] : [1, 2, 4, 8, 16, 32, 64] });

/** Every scheme on every CPU count, printed as a row per scheme as it comes. */
export function measureRefcounts(c: RefcountConfig, log: (s: string) => void = () => {}): RefcountFigure[] {
  log(`\nModule refcounts: ${c.pairs} try_module_get/module_put pairs on every CPU at once (cycles include line transfers of 118 cycles and the waits for a line another core is getting):`);
  log('  scheme    ' + c.cpuCounts.map((n) => `${n} cpu${n > 1 ? 's' : ''}`.padStart(10)).join('') + '   bytes per module');
  const all: RefcountFigure[] = [];
  // atomic twice: the image's LL/SC try_module_get (as compiled) and its LSE form (boot atomics=lse)
  for (const [scheme, atomics] of [['percpu', 'mixed'], ['atomic', 'mixed'], ['atomic', 'lse'], ['none', 'mixed']] as const) {
    const figs = c.cpuCounts.map((n) => measureRefcount(scheme, n, c.pairs, atomics));
    all.push(...figs);
    log(`  ${figs[0].label.padEnd(10)}${figs.map((f) => f.cyclesPerPair.toFixed(0).padStart(10)).join('')}   ${figs[0].refBytes}`);
  }
  return all;
}

/** make bench's refcount table (build/bench/refcount.csv, .md) and its plot, one line per scheme. */
export function refcountTable(command: string, c: RefcountConfig, all: RefcountFigure[]): { table: Table; plot: Plot } {
  const table: Table = {
    name: 'refcount',
    title: 'Module refcount cost: schemes x CPUs',
    command,
    parameters: {
      workload: `${c.pairs} try_module_get/module_put pairs (worker_getput) on every CPU at once`,
      cpus: c.cpuCounts.join(' '), slice: 20, tick: 'none (nohz_full)', mem: '64 MiB', line_transfer: '118 cycles, served one at a time',
    },
    columns: [
      { key: 'scheme', header: 'scheme' },
      { key: 'cpus', header: 'cpus', numeric: true },
      { key: 'cycles_per_pair', header: 'cycles per pair', numeric: true, digits: 1 },
      { key: 'instructions_per_pair', header: 'instructions per pair', numeric: true, digits: 1 },
      { key: 'transfers_per_pair', header: 'line transfers per pair', numeric: true, digits: 2 },
      { key: 'bytes_per_module', header: 'bytes per module', numeric: true },
    ],
    rows: all.map((f) => ({ scheme: f.label, cpus: f.cpus, cycles_per_pair: f.cyclesPerPair, instructions_per_pair: f.instructionsPerPair, transfers_per_pair: f.transfersPerPair, bytes_per_module: f.refBytes })),
    notes: ['atomic is the kernel image as compiled, whose try_module_get and module_put use LL/SC (ldxr/stxr loops); atomic+lse boots with atomics=lse, which patches the image\'s alternatives to LSE atomics (cas, stadd) at boot as arm64 Linux does on such cores.', 'Cycles per pair: every core\'s cycles (instructions plus the coherence model\'s line transfers and waits) over all pairs of all CPUs. Bytes per module: measured in guest memory (the slab object refptr points at under percpu, struct module\'s refcnt under atomic).'],
  };
  const plot: Plot = {
    name: 'refcount', title: 'Cycles per try_module_get/module_put pair vs CPUs', madeBy: '', mark: 'line',
    x: { field: 'cpus', title: 'CPUs', log: 2, ticks: c.cpuCounts },
    y: { field: 'cycles_per_pair', title: 'cycles per get/put pair (log)', log: 10 },
    series: { field: 'scheme', title: 'scheme' },
    // A log scale has no 0: a scheme that costs nothing (none counts nothing) would vanish.
    data: all.map((f) => ({ scheme: f.label, cpus: f.cpus, cycles_per_pair: Math.max(f.cyclesPerPair, 1) })),
  };
  return { table, plot };
}

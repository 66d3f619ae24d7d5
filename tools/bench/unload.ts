// make bench's unload strategies, the seeds' three answers to "when may a module's memory go":
//   percpu + synchronize_kernel  2.5 (seeds 002, 003): GOING, synchronize_kernel, sum the
//                                per-CPU counters, free
//   atomic                       Linux 6.1 (3.19+): one atomic_t, no grace period, free
//   never free                   the 2003 proposal (seed 001): no counts, rmmod runs the
//                                cleanup and keeps the memory
// (boot refcount=percpu|atomic|none, kernel/module/refcount.ts; sync=classic). For each: the
// emulated cycles rmmod takes, the bytes the kernel's allocators still hold after the module
// is gone, and seed 001's installer (tools/installer.ts) on a 64 MiB machine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootMachine } from '../boot.ts';
import { load_module, delete_module } from '../../kernel/module/main.ts';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { PAGE_SIZE } from '../../emu/address-map.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { BootOptions } from '../../kernel/options.ts';
import { runInstaller, type InstallerResult } from '../installer.ts';
import type { Table } from './table.ts';
import type { Plot } from './plot.ts';

export interface UnloadStrategy { key: string; label: string; boot: BootOptions }

export const UNLOAD_STRATEGIES: UnloadStrategy[] = [
  { key: 'percpu+sync', label: 'percpu + synchronize_kernel (2.5)', boot: { refcount: 'percpu', sync: 'classic' } },
  { key: 'atomic', label: 'atomic (Linux 6.1)', boot: { refcount: 'atomic' } },
  { key: 'never-free', label: 'never free (2003)', boot: { refcount: 'none' } },
];

export interface UnloadConfig {
  cpus: number;
  mem: number;
  /** The module loaded and removed for the latency and memory columns. */
  module: string;
  /** rmmod rounds averaged (each round: insmod, then rmmod measured). */
  rounds: number;
  /** The installer's module directory and its round limit. */
  installerDir: string;
  installerRounds: number;
}

/** Bytes the kernel's allocators hand out now: kmalloc objects and pages, vmalloc and module-area pages. */
export function allocatedBytes(k: Kernel): number {
  return k.slab.stats().bytesAllocated + (k.vmalloc.pages + k.modarea.pages) * PAGE_SIZE;
}

interface RmmodFigure { cycles: number; keptBytes: number; neverFreedBytes: number }

function measureRmmod(s: UnloadStrategy, c: UnloadConfig): RmmodFigure {
  const ko = join(REPO_ROOT, 'modules', 'examples', c.module, `${c.module}.ko`);
  const image = new Uint8Array(readFileSync(ko));
  const k = bootMachine({ cpus: c.cpus, mem: c.mem, ...s.boot });
  try {
    let cycles = 0n;
    const before = allocatedBytes(k);
    for (let i = 0; i < c.rounds; i++) {
      load_module(k, image, ko, '');
      const t0 = k.sched.now();
      delete_module(k, c.module);
      cycles += k.sched.now() - t0;
    }
    return {
      cycles: Number(cycles) / c.rounds,
      keptBytes: (allocatedBytes(k) - before) / c.rounds,
      neverFreedBytes: k.neverFreed.reduce((a, f) => a + f.bytes, 0) / c.rounds,
    };
  } finally {
    k.close();
  }
}

function installerOutcome(r: InstallerResult): string {
  if (r.outOfMemory) return `out of memory in round ${r.outOfMemory.round} (insmod ${r.outOfMemory.module})`;
  return `no shortage in ${r.rounds.length} rounds`;
}

export interface UnloadRow { strategy: UnloadStrategy; rmmod: RmmodFigure; installer: InstallerResult }

export function measureUnload(c: UnloadConfig, log: (s: string) => void = () => {}): UnloadRow[] {
  const rows: UnloadRow[] = [];
  // Never-free first: the counted strategies then run one round more than it lasted (or as
  // many as it did when it lasted the whole limit), so "no shortage" covers its failure.
  const order = [...UNLOAD_STRATEGIES].sort((a, b) => Number(b.boot.refcount === 'none') - Number(a.boot.refcount === 'none'));
  let limit = c.installerRounds;
  for (const s of order) {
    const rmmod = measureRmmod(s, c);
    const installer = runInstaller({ mem: c.mem, refcount: s.boot.refcount!, rounds: limit, dir: c.installerDir });
    if (installer.modules === 0) throw new Error(`bench: no modules under ${c.installerDir} (run 'make examples')`);
    if (s.boot.refcount === 'none' && installer.outOfMemory) limit = Math.min(c.installerRounds, installer.outOfMemory.round + 1);
    log(`  ${s.label.padEnd(34)} ${rmmod.cycles.toFixed(0).padStart(10)}   ${rmmod.keptBytes.toFixed(0).padStart(14)}   ${installerOutcome(installer)}`);
    rows.push({ strategy: s, rmmod, installer });
  }
  return UNLOAD_STRATEGIES.map((s) => rows.find((r) => r.strategy === s)!);
}

export function unloadTable(c: UnloadConfig, command: string, rows: UnloadRow[]): { table: Table; plot: Plot } {
  const last = (r: UnloadRow) => r.installer.rounds.at(-1);
  const table: Table = {
    name: 'unload',
    title: 'Unload strategies: rmmod latency, memory kept, seed 001 installer',
    command,
    parameters: {
      cpus: c.cpus, mem: `${c.mem >> 20} MiB`, module: c.module, rmmod_rounds: c.rounds, sync: 'classic',
      installer_modules: `${rows[0].installer.modules} (${c.installerDir.replace(`${REPO_ROOT}/`, '')})`, installer_round_limit: c.installerRounds,
    },
    columns: [
      { key: 'strategy', header: 'strategy' },
      { key: 'boot', header: 'boot options' },
      { key: 'rmmod_cycles', header: 'rmmod (emulated cycles)', numeric: true, digits: 0 },
      { key: 'kept_bytes', header: 'bytes kept after rmmod (allocators)', numeric: true, digits: 0 },
      { key: 'never_freed_bytes', header: 'of which never freed (module memory)', numeric: true, digits: 0 },
      { key: 'installer_rounds', header: 'installer rounds run', numeric: true },
      { key: 'installer_outcome', header: 'installer on 64 MiB'.replace('64', String(c.mem >> 20)) },
      { key: 'installer_kept_kib', header: 'kept by rmmod after the last round (KiB)', numeric: true },
    ],
    rows: rows.map((r) => ({
      strategy: r.strategy.label,
      boot: Object.entries(r.strategy.boot).map(([k, v]) => `${k}=${v}`).join(' '),
      rmmod_cycles: r.rmmod.cycles,
      kept_bytes: r.rmmod.keptBytes,
      never_freed_bytes: r.rmmod.neverFreedBytes,
      installer_rounds: r.installer.rounds.length,
      installer_outcome: installerOutcome(r.installer),
      installer_kept_kib: last(r)?.keptKiB ?? 0,
    })),
    notes: [
      'rmmod cycles: the machine clock from delete_module to its return (the exit function, and under percpu the grace period of synchronize_kernel), mean of the rounds; the machine is otherwise idle.',
      "Bytes kept: what kmalloc, vmalloc and the module area hand out after the rounds minus before them, per round (measured from the kernel's allocators).",
      "Installer: seed 001's hardware detection, every example module loaded then unloaded, round after round (kmodlab installer). The counted strategies run one round more than never-free lasted.",
    ],
  };
  const plot: Plot = {
    name: 'unload', title: 'rmmod latency per unload strategy', madeBy: '', mark: 'bar',
    x: { field: 'strategy', title: 'strategy', type: 'nominal' },
    y: { field: 'rmmod_cycles', title: 'rmmod, emulated cycles' },
    series: { field: 'strategy', title: 'strategy' },
    data: table.rows.map((r) => ({ strategy: r.strategy, rmmod_cycles: r.rmmod_cycles })),
  };
  return { table, plot };
}

// make bench's unload strategies, the seeds' three answers to "when may a module's memory go":
//   percpu + synchronize_kernel  2.5 (seeds 002, 003): GOING, synchronize_kernel, sum the
//                                per-CPU counters, a grace period, free
//   atomic                       Linux 6.1 (3.19+): one atomic_t dropped at once; free after
//                                a grace period (free_module's synchronize_rcu)
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
import { spawnSync } from 'node:child_process';
import { runInstaller, type InstallerResult, type InstallerOptions, type RoundFigure } from '../installer.ts';
import { cliCommand } from '../self.ts';
import type { Table } from './table.ts';
import type { Plot } from './plot.ts';
import { LOOP } from './throughput.ts';

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
  /** Timer tick (instructions): where preempt=full may preempt the busy loops. */
  tick: number;
  /** Iterations of each busy CPU's loop (3 instructions each), started a tick before rmmod. */
  busyIterations: number;
  /** The installer's module directory and its round limit. */
  installerDir: string;
  installerRounds: number;
  /**
   * Run each installer in a `kmodlab installer --json` process of its own (make bench): hundreds
   * of rounds, and a machine run out of memory, leave nothing behind in the bench's process.
   */
  installerProcess?: boolean;
}

/** Bytes the kernel's allocators hand out now: kmalloc objects and pages, vmalloc and module-area pages. */
export function allocatedBytes(k: Kernel): number {
  return k.slab.stats().bytesAllocated + (k.vmalloc.pages + k.modarea.pages) * PAGE_SIZE;
}

/**
 * Where rmmod runs: an idle machine, or every other CPU running a compute loop outside the
 * module (the kernel's own work: nothing to do with the module), preemptible at the tick or
 * not. synchronize_kernel waits for each CPU to schedule: how long that takes is the load's.
 */
export interface RmmodLoad { key: string; label: string; short: string; busy: boolean; preempt: 'none' | 'full' }

export const RMMOD_LOADS: RmmodLoad[] = [
  { key: 'idle', label: 'idle machine', short: 'idle', busy: false, preempt: 'none' },
  { key: 'busy_preempt_full', label: 'other CPUs busy, preempt=full', short: 'busy, full', busy: true, preempt: 'full' },
  { key: 'busy_preempt_none', label: 'other CPUs busy, preempt=none', short: 'busy, none', busy: true, preempt: 'none' },
];

interface RmmodFigure { cycles: number; keptBytes: number; neverFreedBytes: number }

function measureRmmod(s: UnloadStrategy, c: UnloadConfig, load: RmmodLoad): RmmodFigure {
  const ko = join(REPO_ROOT, 'modules', 'examples', c.module, `${c.module}.ko`);
  const image = new Uint8Array(readFileSync(ko));
  const k = bootMachine({ cpus: c.cpus, mem: c.mem, preempt: load.preempt, tick: c.tick, ...s.boot });
  try {
    let loop = 0n;
    if (load.busy) {
      loop = k.slab.kmalloc(4096);
      k.machine.write(loop, new Uint8Array(new Uint32Array(LOOP).buffer));
      k.machine.invalidateCode(loop, 4096);
    }
    let cycles = 0n;
    const before = allocatedBytes(k);
    for (let i = 0; i < c.rounds; i++) {
      load_module(k, image, ko, '');
      // rmmod runs on cpu0; the loop on every other CPU, started before it.
      const busy = load.busy ? k.machine.cores.slice(1).map((_, j) => k.spawn(`busy${j + 1}`, j + 1, loop, [0n, BigInt(c.busyIterations)])) : [];
      if (busy.length) k.sched.runUntil(() => false, BigInt(c.tick));
      const t0 = k.sched.now();
      delete_module(k, c.module);
      cycles += k.sched.now() - t0;
      for (const t of busy) {
        const r = k.wait(t);
        if (!r.ok) throw new Error(`bench: the busy loop on ${t.comm} did not finish`);
      }
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

/** `kmodlab installer --json` as a child process: its result, or an error saying how it ended. */
export function runInstallerProcess(o: InstallerOptions): InstallerResult {
  const args = [...cliCommand(), 'installer', '--json', '--mem', `${o.mem >> 20}M`, '--refcount', o.refcount, '--rounds', String(o.rounds), '--dir', o.dir];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const lines = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as InstallerResult | { round: RoundFigure });
  const last = lines.at(-1);
  if (r.status === 0 && last && 'rounds' in last) return last;
  // The process died (a crash of the emulator): the rounds it finished are what was measured.
  const how = r.signal ? `died of ${r.signal}` : `exited ${r.status}`;
  const rounds = lines.filter((l): l is { round: RoundFigure } => 'round' in l).map((l) => l.round);
  if (!rounds.length) throw new Error(`bench: kmodlab installer --refcount ${o.refcount} ${how}: ${(r.stderr || r.error?.message || '').trim().split('\n').slice(-3).join(' / ')}`);
  return { rounds, outOfMemory: null, modules: 0, died: `the installer process ${how} in round ${rounds.length + 1}` };
}

function installerOutcome(r: InstallerResult): string {
  if (r.died) return `${r.died} (no shortage before)`;
  if (r.outOfMemory) return `out of memory in round ${r.outOfMemory.round} (insmod ${r.outOfMemory.module})`;
  return `no shortage in ${r.rounds.length} rounds`;
}

export interface UnloadRow { strategy: UnloadStrategy; rmmod: Record<string, RmmodFigure>; installer: InstallerResult }

export function measureUnload(c: UnloadConfig, log: (s: string) => void = () => {}): UnloadRow[] {
  const rows: UnloadRow[] = [];
  // Never-free first: the counted strategies then run one round more than it lasted (or as
  // many as it did when it lasted the whole limit), so "no shortage" covers its failure.
  const order = [...UNLOAD_STRATEGIES].sort((a, b) => Number(b.boot.refcount === 'none') - Number(a.boot.refcount === 'none'));
  let limit = c.installerRounds;
  for (const s of order) {
    const rmmod = Object.fromEntries(RMMOD_LOADS.map((l) => [l.key, measureRmmod(s, c, l)]));
    const o: InstallerOptions = { mem: c.mem, refcount: s.boot.refcount!, rounds: limit, dir: c.installerDir };
    const installer = c.installerProcess ? runInstallerProcess(o) : runInstaller(o);
    if (installer.modules === 0 && !installer.died) throw new Error(`bench: no modules under ${c.installerDir} (run 'make examples')`);
    if (s.boot.refcount === 'none' && installer.outOfMemory) limit = Math.min(c.installerRounds, installer.outOfMemory.round + 1);
    log(`  ${s.label.padEnd(34)} ${RMMOD_LOADS.map((l) => rmmod[l.key].cycles.toFixed(0).padStart(12)).join('')}   ${rmmod.idle.keptBytes.toFixed(0).padStart(10)}   ${installerOutcome(installer)}`);
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
      cpus: c.cpus, mem: `${c.mem >> 20} MiB`, module: c.module, rmmod_rounds: c.rounds, sync: 'classic', tick: c.tick,
      busy_loop: `${c.busyIterations} iterations (${3 * c.busyIterations + 2} instructions) on each other CPU, started one tick before rmmod`,
      installer_modules: `${Math.max(...rows.map((r) => r.installer.modules))} (${c.installerDir.replace(`${REPO_ROOT}/`, '')})`, installer_round_limit: c.installerRounds,
    },
    columns: [
      { key: 'strategy', header: 'strategy' },
      { key: 'boot', header: 'boot options' },
      ...RMMOD_LOADS.map((l) => ({ key: `rmmod_cycles_${l.key}`, header: `rmmod cycles, ${l.label}`, numeric: true, digits: 0 })),
      { key: 'kept_bytes', header: 'bytes kept after rmmod (allocators)', numeric: true, digits: 0 },
      { key: 'never_freed_bytes', header: 'of which never freed (module memory)', numeric: true, digits: 0 },
      { key: 'installer_rounds', header: 'installer rounds run', numeric: true },
      { key: 'installer_outcome', header: 'installer on 64 MiB'.replace('64', String(c.mem >> 20)) },
      { key: 'installer_kept_kib', header: 'kept by rmmod after the last round (KiB)', numeric: true },
    ],
    rows: rows.map((r) => ({
      strategy: r.strategy.label,
      boot: Object.entries(r.strategy.boot).map(([k, v]) => `${k}=${v}`).join(' '),
      ...Object.fromEntries(RMMOD_LOADS.map((l) => [`rmmod_cycles_${l.key}`, r.rmmod[l.key].cycles])),
      kept_bytes: r.rmmod.idle.keptBytes,
      never_freed_bytes: r.rmmod.idle.neverFreedBytes,
      installer_rounds: r.installer.rounds.length,
      installer_outcome: installerOutcome(r.installer),
      installer_kept_kib: last(r)?.keptKiB ?? 0,
    })),
    notes: [
      'rmmod cycles: the machine clock from delete_module to its return, mean of the rounds: the exit function; under percpu the grace period after GOING (synchronize_kernel); under percpu and atomic the grace period free_module waits for before freeing (6.1: synchronize_rcu); never-free frees nothing and waits for nothing. A grace period waits for every CPU to schedule: on an idle machine at once; with every other CPU running a compute loop outside the module, until its next tick (preempt=full) or until the loop ends (preempt=none).',
      'Bytes kept and installer: on the idle machine, preempt=none.',
      "Bytes kept: what kmalloc, vmalloc and the module area hand out after the rounds minus before them, per round (measured from the kernel's allocators).",
      "Installer: seed 001's hardware detection, every example module loaded then unloaded, round after round (kmodlab installer). The counted strategies run one round more than never-free lasted.",
    ],
  };
  const plot: Plot = {
    name: 'unload', title: 'rmmod latency per unload strategy and load (log scale)', madeBy: '', mark: 'bar',
    x: { field: 'load', title: 'load on the other CPUs', type: 'nominal' },
    y: { field: 'rmmod_cycles', title: 'rmmod, emulated cycles (log)', log: 10 },
    series: { field: 'strategy', title: 'strategy' },
    data: rows.flatMap((r) => RMMOD_LOADS.map((l) => ({ strategy: r.strategy.label, load: l.label, rmmod_cycles: r.rmmod[l.key].cycles }))),
  };
  return { table, plot };
}

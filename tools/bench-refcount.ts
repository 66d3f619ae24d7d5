// The seeds' refcount argument in cycles: try_module_get/module_put pairs on every CPU at once,
// per scheme, with the coherence model pricing each move of a tracked cache line. Cores
// interleave every 20 instructions here so that they contend the way parallel hardware does.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootMachine } from './boot.ts';
import { load_module } from '../kernel/module/main.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { MODULE_REFPTR, type RefcountScheme } from '../kernel/module/refcount.ts';
import type { Kernel } from '../kernel/kernel.ts';

export interface RefcountFigure { scheme: RefcountScheme; cpus: number; cyclesPerPair: number; transfersPerPair: number; refBytes: number }

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

export function measureRefcount(scheme: RefcountScheme, cpus: number, pairs: number): RefcountFigure {
  const ko = join(REPO_ROOT, 'modules', 'examples', 'worker', 'worker.ko');
  const k = bootMachine({ cpus, refcount: scheme, slice: 20, tick: 10_000, mem: 64 << 20 });
  try {
    load_module(k, new Uint8Array(readFileSync(ko)), ko, '');
    const fn = k.kallsyms.address('worker_getput')!;
    const c0 = k.machine.cores.map((_, i) => k.machine.cycles(i));
    const x0 = k.machine.cores.map((_, i) => k.machine.lineTransfers(i));
    const tasks = k.machine.cores.map((_, i) => k.spawn(`getput${i}`, i, fn, [BigInt(pairs)]));
    for (const t of tasks) {
      const r = k.wait(t);
      if (!r.ok || r.ret !== BigInt(pairs)) throw new Error(`worker_getput on ${scheme}/${cpus} cpus failed`);
    }
    let cycles = 0n, transfers = 0n;
    k.machine.cores.forEach((_, i) => {
      cycles += k.machine.cycles(i) - c0[i];
      transfers += k.machine.lineTransfers(i) - x0[i];
    });
    const n = pairs * cpus;
    return { scheme, cpus, cyclesPerPair: Number(cycles) / n, transfersPerPair: Number(transfers) / n, refBytes: refBytes(k, scheme) };
  } finally {
    k.close();
  }
}

/**
 * make bench's refcount table: printed, and written as build/bench/refcount.csv and .md with
 * the command and parameters that made them.
 */
export function benchRefcount(quick: boolean) {
  const pairs = quick ? 200 : 1000;
  const cpuCounts = quick ? [1, 2, 4, 8] : [1, 2, 4, 8, 16, 32, 64];
  const how = `kmodlab bench${quick ? ' --quick' : ''}: ${pairs} try_module_get/module_put pairs (worker_getput) on every CPU at once, slices of 20 instructions, line transfers of 118 cycles served one at a time`;
  console.log(`\nModule refcounts: ${pairs} try_module_get/module_put pairs on every CPU at once (cycles include line transfers of 118 cycles and the waits for a line another core is getting):`);
  console.log('  scheme   ' + cpuCounts.map((c) => `${c} cpu${c > 1 ? 's' : ''}`.padStart(10)).join('') + '   bytes per module');
  const all: RefcountFigure[] = [];
  for (const scheme of ['percpu', 'atomic', 'none'] as const) {
    const figs = cpuCounts.map((c) => measureRefcount(scheme, c, pairs));
    all.push(...figs);
    console.log(`  ${scheme.padEnd(7)}  ${figs.map((f) => f.cyclesPerPair.toFixed(0).padStart(10)).join('')}   ${figs[0].refBytes}`);
  }
  const dir = join(REPO_ROOT, 'build', 'bench');
  mkdirSync(dir, { recursive: true });
  const rows = all.map((f) => [f.scheme, f.cpus, f.cyclesPerPair.toFixed(1), f.transfersPerPair.toFixed(2), f.refBytes]);
  writeFileSync(join(dir, 'refcount.csv'), `# ${how}\nscheme,cpus,cycles_per_pair,transfers_per_pair,bytes_per_module\n${rows.map((r) => r.join(',')).join('\n')}\n`);
  writeFileSync(join(dir, 'refcount.md'), `# Module refcount cost\n\n${how}.\n\n| scheme | cpus | cycles per pair | line transfers per pair | bytes per module |\n|---|---:|---:|---:|---:|\n${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}\n`);
  console.log(`  (also in ${join('build', 'bench', 'refcount.csv')} and refcount.md)`);
}

// make bench's tables and plots, from one configuration: which figure sets, and the parameters
// each is made with (kmodlab bench, or --quick; the test runs a small one).
import { join } from 'node:path';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { measureRefcounts, refcountTable, refcountConfig, type RefcountConfig } from '../bench-refcount.ts';
import { measureUnload, unloadTable, RMMOD_LOADS, type UnloadConfig } from './unload.ts';
import { measureBulkPlacement, measureCalls, placementTables, realModulesDir, PLACEMENTS } from './placement.ts';
import { measureThroughput, throughputTable } from './throughput.ts';
import { publish, writtenLine, type Published } from './publish.ts';

export interface ReportConfig {
  /** The command line stated in every table and plot. */
  command: string;
  throughput: { slices: number[]; iterations: number };
  refcount: RefcountConfig;
  unload: UnloadConfig;
  /** Debian's module tree (null: not fetched, the table is left out) and how many of its modules. */
  placement: { dir: string | null; limit?: number; calls: number };
}

export type ReportName = 'throughput' | 'refcount' | 'unload' | 'placement';
export const REPORTS: ReportName[] = ['throughput', 'refcount', 'unload', 'placement'];

export function reportConfig(quick: boolean): ReportConfig {
  return {
    command: `kmodlab bench${quick ? ' --quick' : ''}`,
    throughput: { slices: [1_000, 10_000, 100_000], iterations: quick ? 2_000_000 : 20_000_000 },
    refcount: refcountConfig(quick),
    unload: {
      cpus: 2, mem: 64 << 20, module: 'worker', rounds: quick ? 3 : 10, tick: 10_000, busyIterations: 100_000,
      installerDir: join(REPO_ROOT, 'modules', 'examples'), installerRounds: quick ? 10 : 300, installerProcess: true,
    },
    placement: { dir: realModulesDir(), limit: quick ? 200 : undefined, calls: quick ? 200 : 2000 },
  };
}

/** Measures, prints and writes each report asked for into dir; returns what was written. */
export async function writeReports(c: ReportConfig, dir: string, log: (s: string) => void, only: readonly ReportName[] = REPORTS): Promise<Published[]> {
  const out: Published[] = [];
  const put = async (p: Promise<Published>) => { const r = await p; out.push(r); log(writtenLine(r)); };
  if (only.includes('throughput')) {
    const { iterations, slices } = c.throughput;
    log(`\nCompute loop, ${iterations.toLocaleString('en-US')} iterations, one core (host time):`);
    log('  engine                     slice (instr)   instructions    host ms   M instr/s (host time)');
    const figs = measureThroughput(slices, iterations);
    for (const f of figs) log(`  ${f.engine.padEnd(25)}  ${String(f.slice ?? '-').padStart(13)}   ${String(f.instructions).padStart(12)}   ${f.ms.toFixed(1).padStart(8)}   ${f.mips.toFixed(1).padStart(21)}`);
    const { table, plot } = throughputTable(c.command, iterations, figs);
    await put(publish(dir, table, plot));
  }
  if (only.includes('refcount')) {
    const { table, plot } = refcountTable(c.command, c.refcount, measureRefcounts(c.refcount, log));
    await put(publish(dir, table, plot));
  }
  if (only.includes('unload')) {
    const u = c.unload;
    log(`\nUnload strategies (${u.cpus} CPUs, ${u.mem >> 20} MiB; rmmod of ${u.module} in emulated cycles, mean of ${u.rounds}; installer up to ${u.installerRounds} rounds):`);
    log(`  strategy (rmmod cycles)            ${RMMOD_LOADS.map((l) => l.short.padStart(12)).join('')}   bytes kept   installer`);
    const { table, plot } = unloadTable(u, c.command, measureUnload(u, log));
    await put(publish(dir, table, plot));
  }
  if (only.includes('placement')) {
    const p = c.placement;
    const calls = PLACEMENTS.flatMap((pl) => measureCalls(pl, p.calls));
    const bulk = p.dir ? PLACEMENTS.map((pl) => measureBulkPlacement(pl, p.dir!, p.limit)) : [];
    log(`\nModule placement, Debian's modules${p.limit ? ` (first ${p.limit})` : ''}:`);
    if (!p.dir) log("  Debian's modules not fetched (make real-modules): that table is left out.");
    else {
      log('  placement  initialised   pages   module-area pages   mappings   cycles to load all');
      for (const f of bulk) log(`  ${f.placement.padEnd(9)}  ${String(f.initialised).padStart(11)}   ${String(f.pages).padStart(5)}   ${String(f.moduleAreaPages).padStart(17)}   ${String(f.mappings).padStart(8)}   ${String(f.cycles).padStart(18)}`);
    }
    log(`  call-heavy workload, ${p.calls} calls, cycles per call:`);
    for (const f of calls) log(`  ${f.placement.padEnd(9)}  ${f.workload.padEnd(48)} ${f.cyclesPerCall.toFixed(1).padStart(10)}`);
    const [bulkSet, callSet] = placementTables(c.command, bulk, p.dir ?? '', p.limit, calls, p.calls);
    if (p.dir) await put(publish(dir, bulkSet.table, bulkSet.plot));
    await put(publish(dir, callSet.table, callSet.plot));
  }
  return out;
}

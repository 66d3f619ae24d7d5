// make bench: figures, never assertions. The tables and plots of build/bench/ (emulator
// throughput, refcount schemes, unload strategies, placement: tools/bench/), then the VFS's
// system calls, the latency of loading and unloading the example modules, depmod, exploration.
// Wall-clock time is measured here and only here: it never feeds the emulation.
import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bootMachine } from './boot.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { load_module, delete_module } from '../kernel/module/main.ts';
import { KernelError } from '../kernel/errno.ts';
import { mod_strerror } from './kmod/tools.ts';
import { moduleTree } from './bulk.ts';

function exampleModules(): string[] {
  const dir = join(REPO_ROOT, 'modules', 'examples');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const d of readdirSync(dir).sort()) {
    const p = join(dir, d);
    try {
      for (const f of readdirSync(p)) if (f.endsWith('.ko')) out.push(join(p, f));
    } catch { /* not a directory */ }
  }
  return out;
}

function loadLatency(paths: string[], rounds: number) {
  const k = bootMachine({ cpus: 4 });
  const rows: { name: string; ms: number; instr: number; result: string }[] = [];
  const wanted = new Set(paths);
  for (const m of moduleTree(join(REPO_ROOT, 'modules', 'examples')).filter((x) => wanted.has(x.path))) {
    const { path: p, name } = m;
    const image = new Uint8Array(readFileSync(p));
    let ms = 0, instr = 0, result = 'ok';
    for (let i = 0; i < rounds; i++) {
      const i0 = k.machine.instructions();
      const t0 = performance.now();
      try {
        const m = load_module(k, image, p, '');
        ms += performance.now() - t0;
        instr += Number(k.machine.instructions() - i0);
        // Keep exporters loaded for the modules that come after them.
        if (m.permanent || m.exports.length) { result = 'kept loaded'; break; }
        delete_module(k, m.name);
      } catch (e) {
        result = e instanceof KernelError ? `refused: ${mod_strerror(e.errno)}` : `refused: ${(e as Error).message}`;
        break;
      }
    }
    rows.push({ name, ms: ms / rounds, instr: Math.round(instr / rounds), result });
  }
  k.close();
  return rows;
}

export async function bench(args: string[]): Promise<number> {
  const quick = args.includes('--quick');
  console.log(`kmodlab bench (figures only; wall-clock time of this host)`);
  // Whole processes of their own, measured before this one has warmed anything up.
  (await import('./startup-bench.ts')).benchStartup(quick);
  if (args.includes('--startup')) return 0;
  // The tables and plots of build/bench/ (tools/bench/reports.ts), printed as they are made.
  const { writeReports, reportConfig } = await import('./bench/reports.ts');
  const { BENCH_DIR } = await import('./bench/publish.ts');
  await writeReports(reportConfig(quick), BENCH_DIR, (s) => console.log(s));
  (await import('./bench-vfs.ts')).benchVfs(quick);
  const mods = exampleModules();
  if (!mods.length) {
    console.log('\nNo example modules built: run `make examples` for load latencies.');
    return 0;
  }
  const rounds = quick ? 3 : 20;
  console.log(`\nLoad + init (+ unload) of the example modules, mean of ${rounds} rounds:`);
  console.log('  module            host ms/load   emulated instr/load   result');
  for (const r of loadLatency(mods, rounds)) {
    console.log(`  ${r.name.padEnd(16)}  ${r.ms.toFixed(2).padStart(12)}   ${String(r.instr).padStart(19)}   ${r.result}`);
  }
  await (await import('./kmod/depmod-bench.ts')).benchDepmod(quick);
  (await import('./explore/bench.ts')).benchExplore(quick);
  return 0;
}

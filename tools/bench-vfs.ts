// make bench: what a system call into the VFS costs -- an open/close pair, and a read() of a
// small /proc file (a seq_file: proc_reg_read_iter, use_pde, seq_read_iter, the show method) --
// in emulated instructions and machine cycles, and host time. Figures only.
import { performance } from 'node:perf_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { load_module } from '../kernel/module/main.ts';
import { bootMachine } from './boot.ts';
import { allocFiles, startUserTask, SYS, O_RDONLY, type Syscall } from '../kernel/fs/process.ts';

const call = (nr: number, ...args: bigint[]): Syscall => ({ nr, args });

function measure(rounds: number, what: 'open' | 'read', path: string, module?: string) {
  // 2000 reads of /proc/devices (its seq_file walks every major) run past a call's usual limit
  const k = bootMachine({ cpus: 1, callLimit: 20_000_000_000 });
  if (module) load_module(k, new Uint8Array(readFileSync(module)), module, '');
  let failed = '';
  let result = { instr: 0, cycles: 0, us: 0 };
  const t = startUserTask(k, 'bench', 0, allocFiles(k), function* (mem) {
    const p = mem.string(path);
    const buf = mem.alloc(4096);
    const fd = yield call(SYS.openat, p, BigInt(O_RDONLY));
    if (fd < 0n) { failed = `open ${path}: ${fd}`; return 1; }
    // one round first, to warm the translation cache
    const n = yield call(SYS.read, fd, buf, 4096n);
    if (n <= 0n) { failed = `read ${path}: ${n}`; return 1; }
    const i0 = k.machine.instructions(), c0 = k.sched.clock, t0 = performance.now();
    for (let i = 0; i < rounds; i++) {
      if (what === 'open') {
        const f = yield call(SYS.openat, p, BigInt(O_RDONLY));
        yield call(SYS.close, f);
      } else {
        yield call(SYS.lseek, fd, 0n, 0n);
        yield call(SYS.read, fd, buf, 4096n);
      }
    }
    result = { instr: Number(k.machine.instructions() - i0) / rounds, cycles: Number(k.sched.clock - c0) / rounds, us: (performance.now() - t0) * 1000 / rounds };
    yield call(SYS.close, fd);
    return 0;
  });
  const r = k.wait(t.task);
  k.close();
  if (failed) throw new Error(`bench: ${failed}`);
  if (!r.ok) throw new Error(`bench: the ${what} rounds of ${path} did not finish`);
  return result;
}

export function benchVfs(quick: boolean) {
  const rounds = quick ? 200 : 2000;
  console.log(`\nSystem calls into the VFS, one core, mean of ${rounds} (emulated, and this host's time):`);
  console.log('  call                                   instructions   machine cycles   host us');
  const rows: [string, ReturnType<typeof measure>][] = [
    ['open + close of /proc/devices', measure(rounds, 'open', '/proc/devices')],
    ['read() of /proc/devices (a seq_file)', measure(rounds, 'read', '/proc/devices')],
    ['read() of /proc/version (TS-made)', measure(rounds, 'read', '/proc/version')],
  ];
  const procfs = join(REPO_ROOT, 'modules', 'examples', 'procfs', 'procfs.ko');
  if (existsSync(procfs)) {
    rows.push(['open + close of /proc/kmodlab/stats', measure(rounds, 'open', '/proc/kmodlab/stats', procfs)]);
    rows.push(['read() of /proc/kmodlab/stats (single)', measure(rounds, 'read', '/proc/kmodlab/stats', procfs)]);
  }
  for (const [name, r] of rows) {
    console.log(`  ${name.padEnd(37)}  ${r.instr.toFixed(0).padStart(12)}   ${r.cycles.toFixed(0).padStart(14)}   ${r.us.toFixed(1).padStart(7)}`);
  }
}

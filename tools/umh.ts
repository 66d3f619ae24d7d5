// The machine's user-mode helper (kernel/umh.ts): what call_usermodehelper_wait(cmdline) and
// request_module ("/sbin/modprobe -q -- NAME", kernel/kmod.ts) run. The tools install it on
// every machine they boot (installUsermodeHelper), so a kernel thread can run a program of the
// table (tools/programs.ts) concurrently with the console's own commands -- as Linux runs
// modprobe from the kernel.
//
//   rmmod ...      waits for LOCK_EX on /proc/modules (seed 002 item 3) instead of assuming,
//                  as a console rmmod does, that a LOCK_SH holder is the modprobe running it
//   modprobe ...   waits for LOCK_SH (behind a waiting rmmod: writers are not starved)
//   other programs run at once
//
// The helper takes the lock for the program (as the helper process would before exec) and
// the program runs with it held; when the lock is not free the helper answers 'waiting' and
// runs the program from the lock's grant (when the holder's LOCK_UN runs, in TypeScript),
// then reports the exit status. Transcript lines of call_usermodehelper_wait:
//   [umh rmmod] rmmod: ERROR: ...                    the program's output
//   [umh] rmmod slowinit: waiting for /proc/modules (LOCK_EX; held by modprobe[1])
//   [umh] rmmod slowinit: exit status 0
// request_module's modprobe prints nothing (Linux gives it /dev/null): it runs with { quiet }.
import { basename } from 'node:path';
import type { Kernel } from '../kernel/kernel.ts';
import type { UsermodeHelper } from '../kernel/umh.ts';
import { setUsermodehelper } from '../kernel/kmod.ts';
import { modulesLock, LOCK_SH, LOCK_EX, LOCK_UN } from '../kernel/modules_lock.ts';
import { findProgram, type ProgramContext } from './programs.ts';
import { lockOwner } from './kmod/machine.ts';

export interface HelperOptions {
  /** Where the helper's transcript lines go (the console's). */
  out?: (line: string) => void;
  /** Resolves relative paths (the scenario's directory). */
  path?: (p: string) => string;
}

/** The helper for machine k. */
export function usermodeHelper(k: Kernel, o: HelperOptions = {}): UsermodeHelper {
  const path = o.path ?? ((p: string) => p);
  return (argv, done, opts = {}) => {
    const out = opts.quiet || !o.out ? () => {} : o.out;
    const prog = basename(argv[0]);
    const args = argv.slice(1);
    const note = (l: string) => out(`[umh] ${[prog, ...args].join(' ')}: ${l}`);
    const spec = findProgram(prog);
    if (!spec) { note('not found'); return 127; }
    const c: ProgramContext = {
      k, out: (l) => out(`[umh ${prog}] ${l}`), path, cpu: opts.cpu, lockHeld: true,
      // install/remove commands of modprobe.d, under the helper's lock
      run: (line) => {
        const [cmd, ...rest] = line.trim().split(/\s+/);
        const p = findProgram(cmd);
        if (!p) { c.out(`sh: 1: ${cmd}: not found`); return 127; }
        return p.run(rest, c);
      },
    };
    const run = () => spec.run(args, c);
    const mode = prog === 'rmmod' ? LOCK_EX : prog === 'modprobe' ? LOCK_SH : 0;
    if (!mode) return run();
    const lock = modulesLock(k);
    const owner = lockOwner(k, `umh ${prog}`);
    const locked = () => {
      let status: number;
      try {
        status = run();
      } catch (e) {
        lock.flock(owner, LOCK_UN);
        throw e;
      }
      note(`exit status ${status}`);
      // The unlock may grant (and so run) the next waiter: after this program's last line.
      lock.flock(owner, LOCK_UN);
      return status;
    };
    const holders = () => {
      const s = lock.state();
      // Owners by program, without their numbers.
      const names = [...(s.exclusive ? [s.exclusive] : []), ...s.shared].map((n) => n.replace(/\[\d+\]$/, ''));
      const waiting = s.waiting.map((w) => w.owner.replace(/\[\d+\]$/, ''));
      return `held by ${names.join(', ') || 'nobody'}${waiting.length ? `; behind ${waiting.join(', ')}` : ''}`;
    };
    const before = holders();
    const r = lock.flock(owner, mode, () => done(locked()));
    if (r === 0) return locked();
    note(`waiting for /proc/modules (${mode === LOCK_EX ? 'LOCK_EX' : 'LOCK_SH'}; ${before})`);
    return 'waiting';
  };
}

/** Gives machine k its user-mode helper (and so request_module its modprobe): the tools do it at boot. */
export function installUsermodeHelper(k: Kernel, o: HelperOptions = {}) {
  setUsermodehelper(k, usermodeHelper(k, o));
}

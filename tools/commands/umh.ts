// The machine's user-mode helper (kernel/umh.ts): what call_usermodehelper_wait(cmdline) runs.
// The console installs it at boot, so a kernel thread can run a tool command line concurrently
// with the console's own commands -- as Linux runs modprobe from the kernel.
//
//   rmmod ...      waits for LOCK_EX on /proc/modules (seed 002 item 3) instead of assuming,
//                  as a console rmmod does, that a LOCK_SH holder is the modprobe running it
//   modprobe ...   waits for LOCK_SH (behind a waiting rmmod: writers are not starved)
//   insmod, lsmod, echo   run at once
//
// The helper takes the lock for the program (as the helper process would before exec) and
// the program runs with it held; when the lock is not free the helper answers 'waiting' and
// runs the program from the lock's grant (when the holder's LOCK_UN runs, in TypeScript),
// then reports the exit status. Transcript lines:
//   [umh rmmod] rmmod: ERROR: ...                    the program's output
//   [umh] rmmod slowinit: waiting for /proc/modules (LOCK_EX; held by modprobe[1])
//   [umh] rmmod slowinit: exit status 0
import { basename } from 'node:path';
import type { Kernel } from '../../kernel/kernel.ts';
import type { UsermodeHelper } from '../../kernel/umh.ts';
import { modulesLock, LOCK_SH, LOCK_EX, LOCK_UN } from '../../kernel/modules_lock.ts';
import { insmod, rmmod, lsmod, type ToolResult } from '../kmod/tools.ts';
import { modprobe, hostPath, type ToolCtx } from '../kmod/modprobe.ts';
import { moduleFiles } from './kmod.ts';

let seq = 1;

/** The helper for kernel k: output lines go to out, relative paths resolve with path. */
export function usermodeHelper(k: Kernel, out: (line: string) => void, path: (p: string) => string): UsermodeHelper {
  return (argv, done) => {
    const prog = basename(argv[0]);
    const args = argv.slice(1);
    const print = (l: string) => out(`[umh ${prog}] ${l}`);
    const note = (l: string) => out(`[umh] ${[prog, ...args].join(' ')}: ${l}`);
    const files = moduleFiles(k);
    const printed = (r: ToolResult) => { for (const l of r.out) print(l); return r.status; };
    const t: ToolCtx = {
      k, files, out: print, lockHeld: true,
      // install/remove commands of modprobe.d, under the helper's lock
      run: (line) => {
        const [cmd, ...rest] = line.trim().split(/\s+/);
        switch (basename(cmd)) {
          case 'modprobe': return modprobe(t, rest);
          case 'rmmod': return printed(rmmod(k, rest, { lockHeld: true }));
          case 'insmod': return printed(insmod(k, rest, resolve));
          case 'echo': print(rest.join(' ')); return 0;
          default: print(`sh: 1: ${cmd}: not found`); return 127;
        }
      },
    };
    const resolve = (p: string) => hostPath(files, p.startsWith('/') ? p : path(p));
    const run = (): number => {
      switch (prog) {
        case 'rmmod': return printed(rmmod(k, args, { lockHeld: true }));
        case 'modprobe': return modprobe(t, args);
        case 'insmod': return printed(insmod(k, args, resolve));
        case 'lsmod': return printed(lsmod(k));
        case 'echo': print(args.join(' ')); return 0;
        default: note('not found'); return 127;
      }
    };
    const mode = prog === 'rmmod' ? LOCK_EX : prog === 'modprobe' ? LOCK_SH : 0;
    if (!mode) return run();
    const lock = modulesLock(k);
    const owner = `umh ${prog}[${seq++}]`;
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
      // Owners without their sequence numbers (process-wide counters): the transcript stays the same.
      const names = [...(s.exclusive ? [s.exclusive] : []), ...s.shared].map((o) => o.replace(/\[\d+\]$/, ''));
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

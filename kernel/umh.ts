// call_usermodehelper (kernel/umh.c in Linux): a kernel thread runs a user-space program and
// sleeps until it exits (UMH_WAIT_PROC). kmodlab has no user space; its "programs" are the
// tools layer's (rmmod, modprobe, ...), so each machine holds the helper its tools installed
// when they booted it (`k.usermodehelper`, installed by tools/umh.ts): it
// runs an argv beside the sleeping caller and reports the exit status, at once or later
// through done() (an rmmod waiting for the /proc/modules lock, say). request_module runs
// modprobe through the same helper (kernel/kmod.ts).
//
// The C side is call_usermodehelper_wait(cmdline) in kernel/core/kmod.c: it calls the
// __kmodlab_usermodehelper service, whose first call queues the command and puts the thread
// to sleep (returning -EINPROGRESS when it wakes); the call after that returns the status
// (as __request_module does with __kmodlab_modprobe). The command runs from the scheduler's
// round hook, between slices.
import type { Kernel, UsermodeHelperOptions } from './kernel.ts';
import type { GuestThread } from '../emu/scheduler.ts';
import type { TrapAction } from '../emu/machine.ts';
import type { ServiceCall } from './service-args.ts';
import { PerKernel } from './attached.ts';

const EINPROGRESS = 115n;
const ENOENT = 2n;

export type { UsermodeHelper, UsermodeHelperOptions } from './kernel.ts';

interface Pending { state: 'queued' | 'running' | 'done'; status: number }
/** Threads asleep in a helper call, per kernel. */
const waiting = new PerKernel<Map<GuestThread, Pending>>();
function pendingOf(k: Kernel): Map<GuestThread, Pending> {
  let m = waiting.get(k);
  if (!m) waiting.set(k, (m = new Map()));
  return m;
}

/** The helper's argv: the command line split at blanks ("..." and '...' keep blanks). */
export function umhArgv(cmdline: string): string[] {
  const out: string[] = [];
  for (const m of cmdline.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/**
 * call_usermodehelper(argv, UMH_WAIT_PROC) from TypeScript: the machine's helper runs argv.
 * Its exit status, 'waiting' when done() will get it, or null when the machine has no helper.
 */
export function call_usermodehelper(
  k: Kernel, argv: string[], done: (status: number) => void, o?: UsermodeHelperOptions,
): 'waiting' | number | null {
  const helper = k.usermodehelper;
  return helper ? helper(argv, done, o) : null;
}

/** long __kmodlab_usermodehelper(const char *cmdline) */
export function usermodehelperService(c: ServiceCall): bigint | TrapAction {
  const k: Kernel = c.k;
  const t = k.sched.current(c.cpu);
  if (!k.usermodehelper) return -ENOENT;
  const argv = umhArgv(k.machine.readString(c.core.x(0), 4096));
  if (!argv.length) return -ENOENT;
  if (!t) {
    // Not from a thread: nobody to put to sleep, so only a helper that finishes at once works.
    const r = call_usermodehelper(k, argv, () => {});
    return r === 'waiting' ? -EINPROGRESS : BigInt(r ?? -ENOENT);
  }
  return runBesideSleepingThread(c, t, (done) => call_usermodehelper(k, argv, done) ?? 127);
}

/**
 * The protocol of __kmodlab_usermodehelper and __kmodlab_modprobe: the first call queues
 * `work` and puts thread t to sleep (it wakes with -EINPROGRESS and calls again); `work` runs
 * from the scheduler's round hook, between slices, finishing at once (its status) or later
 * through done(); the call after that returns the status.
 */
export function runBesideSleepingThread(
  c: ServiceCall, t: GuestThread, work: (done: (status: number) => void) => 'waiting' | number,
): bigint | TrapAction {
  const k = c.k;
  const pending = pendingOf(k);
  const p = pending.get(t);
  if (p?.state === 'done') {
    pending.delete(t);
    return BigInt(p.status);
  }
  const req: Pending = { state: 'queued', status: 0 };
  pending.set(t, req);
  c.core.setX(0, -EINPROGRESS);
  k.sched.block(t);
  const finish = (status: number) => {
    if (req.state === 'done') return;
    req.status = status;
    req.state = 'done';
  };
  const waiter = {
    t,
    ready: () => {
      if (req.state !== 'queued') return req.state === 'done';
      req.state = 'running';
      const r = work(finish);
      if (r === 'waiting') return false;
      finish(r);
      // The work may have run nested rounds (a grace period, a module's init): leave the
      // waiter list ourselves, as the caller's index into it may be stale.
      const i = k.waiters.indexOf(waiter);
      if (i >= 0) k.waiters.splice(i, 1);
      k.sched.wake(t);
      return false;
    },
  };
  k.waiters.push(waiter);
  return { action: 'stop' };
}

// flock(2) on /proc/modules, as seed 002 item 3 proposes: rmmod takes LOCK_EX, modprobe takes
// LOCK_SH, so an rmmod cannot remove a module in the middle of a modprobe that is loading
// (or relying on) it -- the rmmod waits instead of making the modprobe fail and retry.
// kmod never adopted this; kmodlab's tools do. Semantics are flock's: any number of shared
// holders or one exclusive holder; a holder may convert its lock; LOCK_NB fails with
// EWOULDBLOCK instead of waiting; waiters are granted in arrival order when the lock frees
// (a waiting LOCK_EX holds back later LOCK_SH requests, so writers are not starved).
// Console commands run one at a time; a wait is visible when a kernel thread runs rmmod or
// modprobe as a user-mode helper (kernel/umh.ts) during a console command.
import type { Kernel } from './kernel.ts';

export { LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN, FileLock, type LockOwner } from './locks.ts';
import type { FileLock } from './locks.ts';

/** The machine's lock on /proc/modules (a field of the kernel record). */
export function modulesLock(k: Kernel): FileLock {
  return k.procModulesLock;
}

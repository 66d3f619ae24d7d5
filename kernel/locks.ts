// fs/locks.c's flock(2) semantics for one file: any number of shared holders or one
// exclusive holder; a holder may convert its lock; LOCK_NB fails with EWOULDBLOCK instead of
// waiting; waiters are granted in arrival order when the lock frees (a waiting LOCK_EX holds
// back later LOCK_SH requests, so writers are not starved).
import { EWOULDBLOCK } from './errno.ts';

export const LOCK_SH = 1;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;

export type LockOwner = string;

interface Waiter { owner: LockOwner; mode: typeof LOCK_SH | typeof LOCK_EX; granted: () => void }

export class FileLock {
  private readonly shared = new Set<LockOwner>();
  private exclusive: LockOwner | null = null;
  private readonly waiters: Waiter[] = [];

  constructor(readonly path: string) {}

  /**
   * flock(owner, op). Returns 0 when the lock is held, -EWOULDBLOCK for a LOCK_NB request that
   * would wait, or 'waiting' when the request is queued (onGranted runs when it is granted).
   */
  flock(owner: LockOwner, op: number, onGranted: () => void = () => {}): 0 | number | 'waiting' {
    if (op & LOCK_UN) {
      this.release(owner);
      return 0;
    }
    const mode = op & LOCK_EX ? LOCK_EX : LOCK_SH;
    // Converting a lock first drops the old one, as flock does.
    if (this.exclusive === owner || this.shared.has(owner)) this.release(owner, false);
    if (this.canGrant(owner, mode) && !this.waiters.length) {
      this.grant(owner, mode);
      this.wake();
      return 0;
    }
    if (op & LOCK_NB) {
      this.wake();
      return -EWOULDBLOCK;
    }
    this.waiters.push({ owner, mode, granted: onGranted });
    this.wake();
    return 'waiting';
  }

  private canGrant(owner: LockOwner, mode: number): boolean {
    if (this.exclusive !== null && this.exclusive !== owner) return false;
    if (mode === LOCK_EX) return [...this.shared].every((o) => o === owner);
    return true;
  }

  private grant(owner: LockOwner, mode: number) {
    if (mode === LOCK_EX) this.exclusive = owner;
    else this.shared.add(owner);
  }

  private release(owner: LockOwner, wake = true) {
    if (this.exclusive === owner) this.exclusive = null;
    this.shared.delete(owner);
    const i = this.waiters.findIndex((w) => w.owner === owner);
    if (i >= 0) this.waiters.splice(i, 1);
    if (wake) this.wake();
  }

  /** Grants queued requests in order while they fit. */
  private wake() {
    while (this.waiters.length && this.canGrant(this.waiters[0].owner, this.waiters[0].mode)) {
      const w = this.waiters.shift()!;
      this.grant(w.owner, w.mode);
      w.granted();
    }
  }

  /** Who holds it and who waits (for transcripts and tests). */
  state(): { exclusive: LockOwner | null; shared: LockOwner[]; waiting: { owner: LockOwner; mode: 'LOCK_SH' | 'LOCK_EX' }[] } {
    return {
      exclusive: this.exclusive,
      shared: [...this.shared],
      waiting: this.waiters.map((w) => ({ owner: w.owner, mode: w.mode === LOCK_EX ? 'LOCK_EX' : 'LOCK_SH' })),
    };
  }
}

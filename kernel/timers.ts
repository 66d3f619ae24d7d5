// Sleeping threads and their wake-up times (kernel/time/timer.c, in cycles of machine time).
// When no core has work, time jumps to the next timer: an idle machine costs nothing to run.
import type { Scheduler, GuestThread } from '../emu/scheduler.ts';

interface Sleeper { t: GuestThread; until: bigint; seq: number }

export class Timers {
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(private readonly sched: Scheduler) {}

  /** Blocks t until machine time `until`. */
  sleep(t: GuestThread, until: bigint) {
    this.sched.block(t);
    this.sleepers.push({ t, until, seq: this.seq++ });
    // Earliest first, ties in the order they went to sleep: deterministic.
    this.sleepers.sort((a, b) => (a.until < b.until ? -1 : a.until > b.until ? 1 : a.seq - b.seq));
  }

  /** Wakes every sleeper whose time has come. */
  expire(now: bigint) {
    while (this.sleepers.length && this.sleepers[0].until <= now) {
      const s = this.sleepers.shift()!;
      this.sched.wake(s.t);
    }
  }

  /** Nothing runs: jump to the next timer. False if none is pending before `end`. */
  idle(end?: bigint): boolean {
    const next = this.sleepers[0];
    if (!next) return false;
    if (end !== undefined && next.until > end) {
      if (this.sched.clock < end) this.sched.clock = end;
      return false;
    }
    if (this.sched.clock < next.until) this.sched.clock = next.until;
    this.expire(this.sched.clock);
    return true;
  }

  /** Drops a thread's timer (it was woken another way or died). */
  cancel(t: GuestThread) {
    this.sleepers = this.sleepers.filter((s) => s.t !== t);
  }

  get pending(): number { return this.sleepers.length; }
}

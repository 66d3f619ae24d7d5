// Sleeping threads and their wake-up times (kernel/time/timer.c, in cycles of machine time).
// When no core has work, time jumps to the next timer: an idle machine costs nothing to run.
import type { Scheduler, GuestThread } from '../emu/scheduler.ts';

interface Sleeper { t: GuestThread; until: bigint; seq: number; fire?: () => void }

export class Timers {
  private sleepers: Sleeper[] = [];
  private seq = 0;

  constructor(private readonly sched: Scheduler) {}

  /** Blocks t until machine time `until`. */
  sleep(t: GuestThread, until: bigint, fire?: () => void) {
    this.sched.block(t);
    this.wakeAt(t, until, fire);
  }

  /** Wakes the already blocked t at machine time `until` (fire runs first). */
  wakeAt(t: GuestThread, until: bigint, fire?: () => void) {
    this.sleepers.push({ t, until, seq: this.seq++, fire });
    // Earliest first, ties in the order they went to sleep: deterministic.
    this.sleepers.sort((a, b) => (a.until < b.until ? -1 : a.until > b.until ? 1 : a.seq - b.seq));
  }

  /** Wakes every sleeper whose time has come. */
  expire(now: bigint) {
    while (this.sleepers.length && this.sleepers[0].until <= now) {
      const s = this.sleepers.shift()!;
      s.fire?.();
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

  /** When t's timer expires, if it has one. */
  until(t: GuestThread): bigint | undefined {
    return this.sleepers.find((s) => s.t === t)?.until;
  }

  get pending(): number { return this.sleepers.length; }
}

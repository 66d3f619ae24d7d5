// Schedule policies: who runs next at each scheduling point (emu/scheduler.ts SchedulePolicy).
// Every policy records the choices that differ from the machine's own order (the "switches");
// replaying those switches on the same scenario is the same schedule, whatever policy made it.
import type { ScheduleOption, SchedulePolicy } from '../../emu/scheduler.ts';
import { Rng } from '../../kernel/random.ts';

/** A choice differing from options[0] at choice point `step` (points with one option are not counted). */
export interface Switch { step: number; choice: number }

export abstract class Policy implements SchedulePolicy {
  /** Choice points so far (points where more than one option could run). */
  steps = 0;
  readonly switches: Switch[] = [];
  /** Options offered at each choice point (the bounded search branches on them). */
  readonly widths: number[] = [];

  choose(options: readonly ScheduleOption[], continuing: boolean): number {
    let i = this.pick(options, continuing);
    if (!(i >= 0 && i < options.length)) i = 0;
    if (i !== 0) this.switches.push({ step: this.steps, choice: i });
    this.widths.push(options.length);
    this.steps++;
    return i;
  }
  protected abstract pick(options: readonly ScheduleOption[], continuing: boolean): number;
}

/** The given switches at their steps, the machine's own order elsewhere (replay, bounded search). */
export class ForcedPolicy extends Policy {
  private readonly at: Map<number, number>;
  constructor(forced: readonly Switch[]) {
    super();
    this.at = new Map(forced.map((s) => [s.step, s.choice]));
  }
  protected pick(): number { return this.at.get(this.steps) ?? 0; }
}

/** Uniform choice at every point. */
export class RandomPolicy extends Policy {
  private readonly rng: Rng;
  constructor(seed: bigint) { super(); this.rng = new Rng(seed); }
  protected pick(options: readonly ScheduleOption[]): number { return this.rng.below(options.length); }
}

/**
 * PCT (Burckhardt et al., ASPLOS'10): every party (a thread, or the console) gets a random
 * priority when first seen; the highest-priority option runs; at d-1 random choice points the
 * party about to run drops below every initial priority. A bug of depth d among k points is
 * found with probability at least 1/(n k^(d-1)) per schedule.
 */
export class PctPolicy extends Policy {
  private readonly rng: Rng;
  private readonly prio = new Map<number | 'caller', number>();
  private readonly changes = new Map<number, number>();
  constructor(seed: bigint, depth: number, expectedSteps: number) {
    super();
    this.rng = new Rng(seed);
    const k = Math.max(1, expectedSteps);
    for (let i = 1; i < depth; i++) this.changes.set(this.rng.below(k), i);
  }
  private key(o: ScheduleOption) { return o.kind === 'caller' ? 'caller' as const : o.thread.id; }
  private priority(o: ScheduleOption): number {
    const key = this.key(o);
    let p = this.prio.get(key);
    if (p === undefined) {
      // Above every change-point priority (1..d-1); distinct with overwhelming probability.
      p = 1000 + this.rng.below(1 << 30);
      this.prio.set(key, p);
    }
    return p;
  }
  protected pick(options: readonly ScheduleOption[]): number {
    const best = () => {
      let b = 0;
      for (let i = 1; i < options.length; i++) if (this.priority(options[i]) > this.priority(options[b])) b = i;
      return b;
    };
    let i = best();
    const lower = this.changes.get(this.steps);
    if (lower !== undefined) {
      this.prio.set(this.key(options[i]), lower);
      i = best();
    }
    return i;
  }
}

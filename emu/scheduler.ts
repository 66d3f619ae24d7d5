// The core scheduler: guest threads bound to cores, run in deterministic round-robin slices
// of instructions. One JS thread drives every engine, so the only source of interleaving is
// this loop: same inputs, same slices, same transcript. No wall-clock anywhere.
import { Machine, Reg, type Core, type StopReason } from './machine.ts';
import { CALL_SENTINEL } from './address-map.ts';
import type { Fault } from './faults.ts';

export type ThreadState = 'runnable' | 'blocked' | 'exited' | 'faulted';

export interface ThreadSpec {
  name: string;
  cpu: number;
  entry: bigint;
  args: bigint[];
  stackTop: bigint;
  /** SP_EL0: the `current` task pointer of the kernel running on the cores. */
  spEl0?: bigint;
}

export class GuestThread {
  state: ThreadState = 'runnable';
  ret = 0n;
  fault: Fault | null = null;
  /** Saved engine context while another thread occupies the core. */
  ctx: unknown = null;
  started = false;
  /** Owner-defined data (the kernel hangs its task here). */
  data: unknown = null;
  constructor(readonly id: number, readonly spec: ThreadSpec) {}
  get name() { return this.spec.name; }
  get cpu() { return this.spec.cpu; }
  get done() { return this.state === 'exited' || this.state === 'faulted'; }
}

export interface SchedulerEvents {
  exit?(t: GuestThread): void;
  fault?(t: GuestThread, f: Fault): void;
  /** Called after each slice; return false to keep the thread on its core (no rotation). */
  preempt?(core: Core, t: GuestThread): boolean;
}

export type RunResult = 'done' | 'idle' | 'limit';

export class Scheduler {
  private readonly queues: GuestThread[][];
  private readonly loaded: (GuestThread | null)[];
  private nextId = 1;
  /** Instructions per slice: the scheduling quantum of a core. */
  slice: number;
  /**
   * Machine time in cycles. Cores run in lock step: a round of slices lasts as long as the
   * longest slice of the round, and the cores that ran less were idle meanwhile.
   */
  clock = 0n;
  /** Cycles added outside instructions (kernel service costs), per core, this round. */
  private readonly extra: bigint[];
  events: SchedulerEvents = {};

  constructor(readonly machine: Machine, opts: { slice?: number } = {}) {
    this.slice = opts.slice ?? 10_000;
    this.queues = machine.cores.map(() => []);
    this.loaded = machine.cores.map(() => null);
    this.extra = machine.cores.map(() => 0n);
  }

  private running = -1;
  private runningFrom = 0n;

  /**
   * Machine time as seen from inside a slice: the round's start plus what the running core has
   * done so far in it (so a printk in the middle of a slice gets its own timestamp).
   */
  now(): bigint {
    if (this.running < 0) return this.clock;
    return this.clock + this.machine.cores[this.running].instructions - this.runningFrom + this.extra[this.running];
  }

  /** Charges cycles to a core (e.g. the documented cost of a service written in TypeScript). */
  charge(cpu: number, cycles: number) {
    this.extra[cpu] += BigInt(cycles);
  }

  spawn(spec: ThreadSpec): GuestThread {
    if (spec.cpu < 0 || spec.cpu >= this.machine.cores.length) {
      throw new Error(`cpu${spec.cpu} does not exist (the machine has ${this.machine.cores.length} cores)`);
    }
    if (spec.args.length > 8) throw new Error('at most 8 register arguments');
    const t = new GuestThread(this.nextId++, spec);
    this.queues[spec.cpu].push(t);
    return t;
  }

  threads(cpu?: number): readonly GuestThread[] {
    return cpu === undefined ? this.queues.flat() : this.queues[cpu];
  }

  /** The thread whose registers are in the core right now. */
  current(cpu: number): GuestThread | null {
    return this.loaded[cpu];
  }

  block(t: GuestThread) { if (!t.done) t.state = 'blocked'; }
  wake(t: GuestThread) { if (t.state === 'blocked') t.state = 'runnable'; }

  /** Runs until `done()` holds, no thread can run, or `limit` more instructions ran. */
  runUntil(done: () => boolean, limit?: bigint): RunResult {
    const start = this.machine.instructions();
    while (!done()) {
      let ran = false;
      let longest = 0n;
      let finished = false;
      for (const core of this.machine.cores) {
        const t = this.pick(core.id);
        if (!t) continue;
        this.load(core, t);
        const before = core.instructions;
        this.extra[core.id] = 0n;
        this.running = core.id;
        this.runningFrom = before;
        let reason;
        try {
          reason = core.run(this.slice);
        } finally {
          this.running = -1;
        }
        const took = core.instructions - before + this.extra[core.id];
        if (took > longest) longest = took;
        ran = true;
        this.after(core, t, reason);
        if (done()) { finished = true; break; }
      }
      this.clock += longest;
      if (finished) return 'done';
      if (!ran) return 'idle';
      if (limit !== undefined && this.machine.instructions() - start >= limit) return 'limit';
    }
    return 'done';
  }

  private pick(cpu: number): GuestThread | null {
    const q = this.queues[cpu];
    for (const t of q) if (t.state === 'runnable') return t;
    return null;
  }

  private load(core: Core, t: GuestThread) {
    const cur = this.loaded[core.id];
    if (cur === t) return;
    const e = core.engine;
    if (cur && !cur.done) cur.ctx = e.saveContext();
    if (t.ctx) {
      e.restoreContext(t.ctx);
      e.freeContext(t.ctx);
      t.ctx = null;
    } else if (!t.started) {
      const s = t.spec;
      for (let i = 0; i < 8; i++) core.setX(i, s.args[i] ?? 0n);
      core.setX(29, 0n);
      core.setReg(Reg.X[30], CALL_SENTINEL);
      core.sp = s.stackTop;
      if (s.spEl0 !== undefined) core.setReg(Reg.SP_EL0, s.spEl0);
      core.pc = s.entry;
      t.started = true;
    }
    this.loaded[core.id] = t;
  }

  private after(core: Core, t: GuestThread, reason: StopReason) {
    switch (reason.kind) {
      case 'sentinel':
        t.ret = core.x(0);
        this.finish(core, t, 'exited');
        this.events.exit?.(t);
        break;
      case 'fault':
        t.fault = reason.fault;
        this.finish(core, t, 'faulted');
        this.events.fault?.(t, reason.fault);
        break;
      case 'budget': {
        // Round robin among runnable threads of this core, unless the kernel says no.
        const q = this.queues[core.id];
        if (q.length > 1 && this.events.preempt?.(core, t) !== false) {
          q.splice(q.indexOf(t), 1);
          q.push(t);
        }
        break;
      }
      case 'stopped':
        break;
    }
  }

  private finish(core: Core, t: GuestThread, state: ThreadState) {
    t.state = state;
    const q = this.queues[core.id];
    q.splice(q.indexOf(t), 1);
    if (this.loaded[core.id] === t) this.loaded[core.id] = null;
  }
}

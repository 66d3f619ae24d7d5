// The core scheduler: guest threads bound to cores, run in deterministic round-robin slices
// of instructions. One JS thread drives every engine, so the only source of interleaving is
// this loop: same inputs, same slices, same transcript. No wall-clock anywhere.
import { Machine, Reg, type Core, type StopReason } from './machine.ts';
import { CALL_SENTINEL } from './address-map.ts';
import type { Fault } from './faults.ts';
import { GIC_PPI_VTIMER } from './gic.ts';

export type ThreadState = 'runnable' | 'blocked' | 'exited' | 'faulted';

export interface ThreadSpec {
  name: string;
  cpu: number;
  entry: bigint;
  args: bigint[];
  stackTop: bigint;
  /** SP_EL0: the `current` task pointer of the kernel running on the cores. */
  spEl0?: bigint;
  /** Initial PSTATE (exception level, interrupt mask). */
  pstate?: bigint;
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
  /** Voluntary context switches: blocking, yielding, exiting (quiescent states for RCU-tasks). */
  nvcsw = 0;
  /** Involuntary ones: taken off its core at a tick while it could still run. */
  nivcsw = 0;
  /** Off its core involuntarily right now (preempted, wherever its PC is). */
  preempted = false;
  /**
   * Runs like an interrupt: whenever it is runnable it takes its core at the next slice
   * boundary from the thread there, unless that thread masks it (SchedulerEvents.interruptible).
   */
  urgent = false;
  /** A service thread that sleeps until given work: blocked for good is its idle state, not a hang. */
  daemon = false;
  constructor(readonly id: number, readonly spec: ThreadSpec) {}
  get name() { return this.spec.name; }
  get cpu() { return this.spec.cpu; }
  get done() { return this.state === 'exited' || this.state === 'faulted'; }
}

export interface SchedulerEvents {
  exit?(t: GuestThread): void;
  fault?(t: GuestThread, f: Fault): void;
  /** A fault the thread can survive: true when the handler has redirected the core. */
  fixup?(core: Core, t: GuestThread, f: Fault): boolean;
  /**
   * Nothing can run: advance time to the next timer (not past `end`) and wake sleepers; false
   * if there is none before `end`.
   */
  idle?(end?: bigint): boolean;
  /** Called at the start of every round (timers that are due wake up here). */
  round?(): void;
  /** A thread goes to sleep (detectors check what it holds). */
  block?(t: GuestThread): void;
  /**
   * May an urgent thread take the core from `t`, the thread loaded there (interrupts and
   * bottom halves enabled)? Default: yes.
   */
  interruptible?(core: Core, t: GuestThread): boolean;
}

/** 'yielded': the policy gave the caller its turn (runUntil's `yieldable`). */
export type RunResult = 'done' | 'idle' | 'limit' | 'yielded';

/**
 * What may run next at a scheduling point when a policy drives the machine (schedule
 * exploration): a core's thread (`preempt`: switching to it takes its core from the thread
 * that just stopped there), or the caller of runUntil (`caller`, when it is yieldable).
 */
export type ScheduleOption =
  | { kind: 'thread'; cpu: number; thread: GuestThread; preempt: boolean }
  | { kind: 'caller' };

export interface SchedulePolicy {
  /**
   * Picks options[i]. options[0] is what the machine would do unprompted; `continuing` says
   * options[0] continues the thread that just stopped at a point (so any other pick preempts it).
   */
  choose(options: readonly ScheduleOption[], continuing: boolean): number;
  /** A run stopped at a scheduling point (detectors look at the machine here). */
  point?(core: Core, t: GuestThread, reason: StopReason): void;
  /** A thread is about to leave its core (its registers are still there). */
  switchOut?(core: Core, t: GuestThread): void;
  /** A thread's registers came back on its core. */
  resume?(core: Core, t: GuestThread): void;
}

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

  /** Cycles between timer ticks: the period the kernel programs its generic timers with. */
  tick: number;
  /** Per core: its idle task ("swapper/N"), run when nothing else can and an interrupt waits. */
  private readonly idle: (GuestThread | null)[];

  constructor(readonly machine: Machine, opts: { slice?: number; tick?: number } = {}) {
    this.slice = opts.slice ?? 10_000;
    this.tick = opts.tick ?? this.slice;
    this.queues = machine.cores.map(() => []);
    this.loaded = machine.cores.map(() => null);
    this.extra = machine.cores.map(() => 0n);
    this.idle = machine.cores.map(() => null);
    this.idleParked = machine.cores.map(() => false);
    for (const _ of machine.cores) { this.switches.push(0); this.preemptibleTicks.push(0); this.idleCounted.push(false); this.cpuCycles.push(0n); }
  }

  private running = -1;
  private runningFrom = 0n;

  /**
   * Machine time as seen from inside a slice: the round's start plus what the running core has
   * done so far in it (so a printk in the middle of a slice gets its own timestamp).
   */
  now(): bigint {
    if (this.running < 0) return this.clock;
    return this.clock + this.machine.cycles(this.running) - this.runningFrom + this.extra[this.running];
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

  /** The idle task of a core: in no queue, picked when the core has nothing else to run. */
  spawnIdle(spec: ThreadSpec): GuestThread {
    const t = new GuestThread(0, spec);
    t.daemon = true;
    this.idle[spec.cpu] = t;
    return t;
  }
  idleThread(cpu: number): GuestThread | null { return this.idle[cpu]; }
  /** The idle task waits for an interrupt (it stopped in its wait; not mid-handler). */
  parkIdle(cpu: number) { this.idleParked[cpu] = true; }
  isParked(cpu: number): boolean { return this.idleParked[cpu]; }
  private readonly idleParked: boolean[];

  /** Moves a thread that has not started yet to another core (kthread_bind). */
  migrate(t: GuestThread, cpu: number) {
    if (t.started || cpu < 0 || cpu >= this.machine.cores.length) return;
    const q = this.queues[t.spec.cpu];
    const i = q.indexOf(t);
    if (i >= 0) q.splice(i, 1);
    t.spec.cpu = cpu;
    this.queues[cpu].push(t);
  }

  threads(cpu?: number): readonly GuestThread[] {
    return cpu === undefined ? this.queues.flat() : this.queues[cpu];
  }

  /** The thread whose registers are in the core right now. */
  current(cpu: number): GuestThread | null {
    return this.loaded[cpu];
  }

  /** A voluntary sleep: the thread leaves its core until wake(). */
  block(t: GuestThread) {
    if (t.done) return;
    this.events.block?.(t);
    t.state = 'blocked';
    t.nvcsw++;
  }
  wake(t: GuestThread) { if (t.state === 'blocked') t.state = 'runnable'; }
  /** Preemption at an interrupt's exit: the thread goes behind the core's other runnable threads. */
  preempt(t: GuestThread): boolean {
    const q = this.queues[t.cpu];
    const i = q.indexOf(t);
    if (i < 0 || !q.some((x) => x !== t && x.state === 'runnable')) return false;
    q.splice(i, 1);
    q.push(t);
    t.preempted = true;
    t.nivcsw++;
    return true;
  }

  /** schedule() without sleeping: go to the back of the core's queue. */
  yield(t: GuestThread) {
    const q = this.queues[t.cpu];
    const i = q.indexOf(t);
    if (i >= 0 && q.length > 1) {
      q.splice(i, 1);
      q.push(t);
    }
    t.nvcsw++;
    this.switches[t.cpu]++;
  }

  /** Context switches (or idle periods) per core: "has this CPU scheduled since?" */
  readonly switches: number[] = [];
  /** Ticks at which a core's thread was preemptible (preempt=full), for "schedule on every CPU". */
  readonly preemptibleTicks: number[] = [];

  /**
   * Runs until `done()` holds, no thread can run and no timer is pending, or `limit` more
   * cycles of machine time went by.
   */
  runUntil(done: () => boolean, limit?: bigint, opts: { yieldable?: boolean } = {}): RunResult {
    if (this.policy) return this.runExplored(this.policy, done, limit, !!opts.yieldable);
    const end = limit === undefined ? undefined : this.clock + limit;
    while (!done()) {
      this.events.round?.();
      let ran = false;
      let longest = 0n;
      let finished = false;
      for (const core of this.machine.cores) {
        const t = this.pick(core.id);
        if (!t) {
          if (this.loaded[core.id] !== null || !this.idleCounted[core.id]) {
            this.switches[core.id]++;
            this.idleCounted[core.id] = true;
          }
          continue;
        }
        if (t !== this.idle[core.id]) this.idleCounted[core.id] = false;
        this.load(core, t);
        const before = this.machine.cycles(core.id);
        this.machine.sliceAt(core.id, this.clock);
        this.extra[core.id] = 0n;
        this.running = core.id;
        this.runningFrom = before;
        let reason;
        try {
          this.machine.interruptCheck(core, this.clock);
          reason = core.run(this.slice);
        } finally {
          this.running = -1;
        }
        const took = this.machine.cycles(core.id) - before + this.extra[core.id];
        this.cpuCycles[core.id] += took;
        if (took > longest) longest = took;
        ran = true;
        this.after(core, t, reason);
        if (done()) { finished = true; break; }
      }
      this.clock += longest;
      if (finished) return 'done';
      if (!ran && !this.events.idle?.(end)) return end !== undefined && this.clock >= end ? 'limit' : 'idle';
      if (end !== undefined && this.clock >= end) return 'limit';
    }
    return 'done';
  }

  /**
   * Schedule exploration: instead of running each core's slice to its end in core order, a
   * round lets the policy pick, at every scheduling point, which core's thread goes on (or
   * a preempting thread of the same core, or the yieldable caller). Each core still runs at
   * most one slice per round and the clock still advances by the round's longest slice, so
   * time means what it means without a policy; only the order of events within a round moves.
   */
  policy: SchedulePolicy | null = null;
  /** Whether a thread may be preempted right now (no side effects): preempt=full, preempt_count 0. */
  mayPreempt: (core: Core, t: GuestThread) => boolean = () => false;

  private runExplored(policy: SchedulePolicy, done: () => boolean, limit: bigint | undefined, yieldable: boolean): RunResult {
    const end = limit === undefined ? undefined : this.clock + limit;
    const cores = this.machine.cores;
    const slice = BigInt(this.slice);
    while (!done()) {
      this.events.round?.();
      const left = cores.map(() => slice);
      const start = cores.map((c) => this.machine.cycles(c.id));
      for (const c of cores) this.machine.sliceAt(c.id, this.clock);
      const ran = cores.map(() => false);
      for (const c of cores) this.extra[c.id] = 0n;
      const longest = () => {
        let l = 0n;
        for (const c of cores) {
          if (!ran[c.id]) continue;
          const took = this.machine.cycles(c.id) - start[c.id] + this.extra[c.id];
          if (took > l) l = took;
        }
        return l;
      };
      const endRound = () => {
        for (const c of cores) {
          if (ran[c.id]) this.cpuCycles[c.id] += this.machine.cycles(c.id) - start[c.id] + this.extra[c.id];
          else if (this.loaded[c.id] !== null || !this.idleCounted[c.id]) {
            this.switches[c.id]++;
            this.idleCounted[c.id] = true;
          }
        }
        this.clock += longest();
      };
      let last = -1;
      for (;;) {
        const options: ScheduleOption[] = [];
        const cont = last >= 0 && left[last] > 0n ? this.pick(last) : null;
        if (cont) options.push({ kind: 'thread', cpu: last, thread: cont, preempt: false });
        for (const c of cores) {
          if (c.id === last || left[c.id] <= 0n) continue;
          const t = this.pick(c.id);
          if (t) options.push({ kind: 'thread', cpu: c.id, thread: t, preempt: false });
        }
        if (cont && this.loaded[last] === cont && this.mayPreempt(cores[last], cont)) {
          for (const t of this.queues[last]) {
            if (t !== cont && t.state === 'runnable') options.push({ kind: 'thread', cpu: last, thread: t, preempt: true });
          }
        }
        if (!options.length) break;
        // A spawned thread is running its function once spawn returns: the caller's next
        // step comes after every thread has started.
        if (yieldable && this.queues.every((q) => q.every((t) => t.started))) options.push({ kind: 'caller' });
        const o = options[options.length === 1 ? 0 : policy.choose(options, cont !== null)];
        if (o.kind === 'caller') {
          endRound();
          return 'yielded';
        }
        const core = cores[o.cpu];
        if (o.preempt) {
          const q = this.queues[o.cpu];
          const cur = this.loaded[o.cpu]!;
          q.splice(q.indexOf(o.thread), 1);
          q.splice(q.indexOf(cur), 0, o.thread);
          cur.preempted = true;
          cur.nivcsw++;
        }
        this.idleCounted[o.cpu] = false;
        ran[o.cpu] = true;
        const prev = this.loaded[o.cpu];
        if (prev && prev !== o.thread && !prev.done) policy.switchOut?.(core, prev);
        this.load(core, o.thread);
        if (prev !== o.thread) policy.resume?.(core, o.thread);
        const before = core.instructions;
        this.running = o.cpu;
        this.runningFrom = start[o.cpu];
        let reason: StopReason;
        try {
          this.machine.interruptCheck(core, this.now());
          reason = core.run(Number(left[o.cpu]));
        } finally {
          this.running = -1;
        }
        left[o.cpu] -= core.instructions - before;
        last = o.cpu;
        if (reason.kind === 'point') {
          if (left[o.cpu] <= 0n) left[o.cpu] = 1n; // the slice ends at its next block
          policy.point?.(core, o.thread, reason);
        } else {
          left[o.cpu] = 0n;
          last = -1;
          this.after(core, o.thread, reason);
        }
        if (done()) {
          endRound();
          return 'done';
        }
      }
      const any = ran.some((x) => x);
      endRound();
      if (!any && !this.events.idle?.(end)) return end !== undefined && this.clock >= end ? 'limit' : 'idle';
      if (end !== undefined && this.clock >= end) return 'limit';
    }
    return 'done';
  }

  private readonly idleCounted: boolean[] = [];
  /** Busy cycles per core: instructions, line transfers and service costs. */
  readonly cpuCycles: bigint[] = [];

  /** True when no thread can run on this core now. */
  idleCpu(cpu: number): boolean {
    return this.pick(cpu) === null;
  }

  private pick(cpu: number): GuestThread | null {
    const q = this.queues[cpu];
    let first: GuestThread | null = null;
    let urgent: GuestThread | null = null;
    for (const t of q) {
      if (t.state !== 'runnable') continue;
      if (t.urgent) urgent ??= t;
      else first ??= t;
    }
    if (!urgent) {
      // Nothing to run: the core's idle task runs when a device or another core interrupts it
      // (or to set the core up, the first time). Its tick waits for the next task to run there,
      // as a tickless idle CPU's does (NO_HZ_IDLE): time jumps over an idle machine.
      const idle = this.idle[cpu];
      if (first || !idle || idle.done) return first;
      if (!idle.started || !this.idleParked[cpu]) return idle;
      if (this.machine.gic.highestPending(cpu, GIC_PPI_VTIMER) === null) return null;
      this.idleParked[cpu] = false;
      return idle;
    }
    // An interrupt waits while the thread on the core masks it; that thread goes on meanwhile.
    const cur = this.loaded[cpu];
    if (cur && cur !== urgent && !cur.urgent && !cur.preempted && cur.state === 'runnable' && this.events.interruptible?.(this.machine.cores[cpu], cur) === false) return cur;
    return urgent;
  }

  private load(core: Core, t: GuestThread) {
    const cur = this.loaded[core.id];
    t.preempted = false;
    if (cur === t) return;
    // Entering or leaving an interrupt-like thread is no context switch of the interrupted one.
    if (!t.urgent && !cur?.urgent) this.switches[core.id]++;
    const e = core.engine;
    if (cur && !cur.done) cur.ctx = e.saveContext();
    core.slice.refreshRange();
    if (t.ctx) {
      // A context is the whole core's, system registers included: the vector base stays the core's.
      const vbar = core.reg(Reg.VBAR_EL1);
      e.restoreContext(t.ctx);
      e.freeContext(t.ctx);
      core.setReg(Reg.VBAR_EL1, vbar);
      t.ctx = null;
    } else if (!t.started) {
      const s = t.spec;
      for (let i = 0; i < 8; i++) core.setX(i, s.args[i] ?? 0n);
      core.setX(29, 0n);
      core.setReg(Reg.X[30], CALL_SENTINEL);
      core.sp = s.stackTop;
      if (s.spEl0 !== undefined) core.setReg(Reg.SP_EL0, s.spEl0);
      if (s.pstate !== undefined) core.setReg(Reg.PSTATE, s.pstate);
      core.pc = s.entry;
      t.started = true;
    }
    this.loaded[core.id] = t;
  }

  private after(core: Core, t: GuestThread, reason: StopReason) {
    switch (reason.kind) {
      case 'sentinel':
        t.ret = core.x(0);
        t.nvcsw++;
        this.finish(core, t, 'exited');
        this.events.exit?.(t);
        break;
      case 'fault':
        // The kernel may know the faulting instruction (an exception table entry) and resume.
        if (!reason.fault.delivered && this.events.fixup?.(core, t, reason.fault)) break;
        // An abort the architecture delivers goes through the kernel's vector table; its fault
        // path reports it and ends the thread with it (delivered).
        if (!reason.fault.delivered && core.takeFault(reason.fault)) break;
        t.fault = reason.fault;
        this.finish(core, t, 'faulted');
        this.events.fault?.(t, reason.fault);
        break;
      case 'budget':
        // The tick is the generic timer's interrupt, taken on the core (kernel/core/arm_arch_timer.c).
        break;
      case 'stopped':
        break;
    }
  }

  private finish(core: Core, t: GuestThread, state: ThreadState) {
    t.state = state;
    const q = this.queues[core.id];
    const i = q.indexOf(t);
    if (i >= 0) q.splice(i, 1);
    if (this.loaded[core.id] === t) this.loaded[core.id] = null;
  }
}

// Exact detectors for schedule exploration. Each finding names the core, the task, the PC as
// symbol+offset, the module and the access. They watch the machine at its scheduling points
// (module text entry and exit, tracked lines), at faults, sleeps and exits, and at the end.
import { Reg, type Core, type StopReason } from '../../emu/machine.ts';
import type { GuestThread } from '../../emu/scheduler.ts';
import type { Fault } from '../../emu/faults.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Module } from '../../kernel/module/module.ts';
import { module_refcount } from '../../kernel/module/refcount.ts';

export type FindingKind =
  | 'exec-unloaded' | 'read-unloaded' | 'write-unloaded'
  | 'enter-going' | 'enter-coming'
  | 'refcount-underflow'
  | 'sleep-atomic' | 'exit-atomic'
  | 'oops' | 'deadlock' | 'hung-rmmod'
  | 'spurious-failure';

export interface Finding {
  kind: FindingKind;
  cpu: number;
  task: string;
  pid: number;
  pc: string;
  symbol: string;
  module: string;
  access: string;
  /** One line a person reads. */
  text: string;
}

const HEADLINE: Record<FindingKind, string> = {
  'exec-unloaded': 'call into unloaded module',
  'read-unloaded': 'read of unloaded module memory',
  'write-unloaded': 'write to unloaded module memory',
  'enter-going': 'entry into a GOING module without a reference',
  'enter-coming': 'entry into a COMING module without a reference (use before live)',
  'refcount-underflow': 'module refcount underflow (a put without a get)',
  'sleep-atomic': 'sleeping with preemption disabled (a spinlock held?)',
  'exit-atomic': 'task exited with preemption disabled (a spinlock still held)',
  oops: 'oops',
  deadlock: 'deadlock: no task can run and a task is blocked',
  'hung-rmmod': 'rmmod hung',
  'spurious-failure': 'spurious failure: a notifier skipped the callback of',
};

/** A callback an owner-aware chain skipped because it could not take a reference. */
interface Skip { event: string; why: string; cpu: number; pid: number; pc: bigint; thread: GuestThread | null }

/** What a module occupies as code: its core and init text (watched ranges). */
interface CodeRange { begin: bigint; end: bigint; mod: Module }

export class Detectors {
  readonly findings: Finding[] = [];
  private ranges: CodeRange[] = [];
  /** Module instances threads were running in when they left their core. */
  private readonly insideAtSwitch = new Map<GuestThread, Module>();

  /** Callbacks skipped per module since it was last seen LIVE (seed 003). */
  private readonly skipped = new Map<string, Skip[]>();

  constructor(private readonly k: Kernel) {
    // kernel/core/notifier.c says when it skips a module it cannot take a reference on
    k.log.subscribe((r) => {
      const m = /^kmodlab_notifier: event (\d+): (\S+) is (still initialising|going), callback skipped/.exec(r.text);
      if (!m) return;
      const t = k.sched.current(r.cpu);
      const list = this.skipped.get(m[2]) ?? [];
      // printed through the _printk stub: the caller is the chain walker, in the link register
      let pc = 0n;
      try { pc = k.machine.cores[r.cpu].reg(Reg.X[30]); } catch { /* no core state */ }
      list.push({ event: m[1], why: m[3], cpu: r.cpu, pid: r.caller ?? 0, pc, thread: t && !t.done ? t : null });
      this.skipped.set(m[2], list);
    });
  }

  private add(kind: FindingKind, core: number, t: GuestThread | null, pc: bigint, access: string, module?: string) {
    const task = t ? this.k.taskOf(t) : undefined;
    const at = this.k.kallsyms.lookup(pc);
    const symbol = this.k.kallsyms.format(pc);
    const mod = module ?? at?.module ?? '';
    const who = task ? `${task.comm}:${task.pid}` : 'swapper';
    const f: Finding = {
      kind, cpu: core, task: task?.comm ?? 'swapper', pid: task?.pid ?? 0, pc: `0x${pc.toString(16)}`, symbol, module: mod, access,
      text: `${HEADLINE[kind]}${mod ? ` ${mod}` : ''} at ${symbol} from cpu${core} (task ${who}): ${access}`,
    };
    this.findings.push(f);
  }

  /** Module text ranges the cores watch (entering or leaving one is a scheduling point). */
  syncRanges() {
    const r: CodeRange[] = [];
    for (const mod of this.k.modules) {
      if (mod.state === 'UNFORMED') continue;
      if (mod.core && mod.layout) r.push({ begin: mod.core.base, end: mod.core.base + BigInt(mod.layout.textSize), mod });
      if (mod.init && mod.layout) r.push({ begin: mod.init.base, end: mod.init.base + BigInt(mod.layout.initTextSize), mod });
    }
    const same = r.length === this.ranges.length && r.every((x, i) => x.begin === this.ranges[i].begin && x.end === this.ranges[i].end);
    this.ranges = r;
    if (!same) this.k.machine.setCodeRanges(r.slice(0, 240));
  }

  private moduleAt(pc: bigint): Module | null {
    for (const r of this.ranges) if (pc >= r.begin && pc < r.end) return r.mod;
    return null;
  }

  private preemptCount(t: GuestThread): number | null {
    const task = this.k.taskOf(t);
    if (!task) return null;
    return this.k.machine.readU32(task.struct + this.k.task.preemptCount);
  }

  /** A run stopped at a point: module entry checks, refcount sanity. */
  point(core: Core, t: GuestThread, reason: StopReason) {
    if (reason.kind !== 'point') return;
    if (reason.point === 'range') {
      const i = core.slice.inRange;
      if (i === 0 || i > this.ranges.length) return;
      this.entered(core, t, this.ranges[i - 1].mod, reason.address);
    } else if (reason.point === 'line') {
      for (const mod of this.k.modules) {
        if (mod.state === 'UNFORMED' || !mod.addr) continue;
        const refs = module_refcount(this.k, mod);
        // -1 while GOING is rmmod's own doing: try_release_module_ref() took the base count
        // (Linux's module_refcount() shows it too); below that, or while live, a put had no get.
        if (refs < (mod.state === 'GOING' ? -1 : 0)) this.add('refcount-underflow', core.id, t, core.pc, `${mod.name} refcount ${refs}`, mod.name);
      }
    }
  }

  /**
   * A thread entered module text (or started there). Entries a reference does not cover:
   * while COMING, reported if init then fails (a 6.1 module is live for callers during its
   * init, so only a failed init makes that entry a bug); while GOING once exit has returned
   * (before that, exit's unregistering may legitimately wait for callbacks).
   */
  private entered(core: Core, t: GuestThread, mod: Module, pc: bigint) {
    const task = this.k.taskOf(t);
    // The loader's own threads run init (COMING) and exit (GOING) by design.
    if (task?.comm === 'insmod' || task?.comm === 'rmmod') return;
    // Exception #1: a callback that cannot be preempted is protected by synchronize_kernel.
    const count = this.preemptCount(t);
    const irqsOff = (core.reg(Reg.PSTATE) & 0x80n) !== 0n;
    if (count !== 0 || irqsOff) return;
    const refs = module_refcount(this.k, mod);
    if (mod.state === 'GOING' && refs <= 0 && this.exitDone.has(mod)) {
      this.add('enter-going', core.id, t, pc, `entered ${mod.name} after its exit returned, refcount ${refs}`, mod.name);
    } else if (mod.state === 'COMING' && refs <= 1) {
      const before = this.findings.length;
      this.add('enter-coming', core.id, t, pc, `entered ${mod.name} during its init, refcount ${refs} (init's own); init then failed`, mod.name);
      const f = this.findings.splice(before, 1)[0];
      if (!this.comingEntries.has(mod)) this.comingEntries.set(mod, f);
    }
  }
  private readonly exitDone = new Set<Module>();
  private readonly comingEntries = new Map<Module, Finding>();
  private readonly lastState = new Map<Module, string>();

  /**
   * Module state changes: a COMING module that went GOING failed its init. A module that
   * becomes LIVE -- init done, or a failed removal restoring it -- after a chain skipped its
   * callbacks missed events although it was never gone: seed 003's spurious failure.
   */
  stateChanged() {
    for (const mod of this.k.modules) {
      const prev = this.lastState.get(mod);
      if (prev === 'COMING' && mod.state === 'GOING') {
        const f = this.comingEntries.get(mod);
        if (f) this.findings.push(f);
      }
      if (mod.state === 'LIVE' && prev !== 'LIVE') this.liveAgain(mod.name, prev === 'GOING' ? 'its removal failed and it is live again' : 'its init then succeeded');
      this.lastState.set(mod, mod.state);
    }
  }

  private liveAgain(name: string, outcome: string) {
    const list = this.skipped.get(name);
    this.skipped.delete(name);
    if (!list?.length) return;
    const first = list[0];
    const events = list.map((x) => x.event).join(', ');
    this.add('spurious-failure', first.cpu, first.thread, first.pc,
      `event${list.length > 1 ? 's' : ''} ${events} skipped while ${name} was ${first.why}; ${outcome}`, name);
  }

  /** A thread leaves its core: remember the module instance it is in. */
  switchOut(core: Core, t: GuestThread) {
    const mod = this.moduleAt(core.pc);
    if (mod) this.insideAtSwitch.set(t, mod);
    else this.insideAtSwitch.delete(t);
  }

  /** A thread is back on its core: was the module it was in freed meanwhile (even if reused since)? */
  resume(core: Core, t: GuestThread) {
    const mod = this.insideAtSwitch.get(t);
    if (!mod) {
      // A thread starting at a module function enters it without crossing a range boundary.
      const at = this.moduleAt(core.pc);
      if (at && core.pc === t.spec.entry) this.entered(core, t, at, core.pc);
      return;
    }
    this.insideAtSwitch.delete(t);
    if (this.k.modules.includes(mod) && mod.state !== 'UNFORMED') return;
    this.add('exec-unloaded', core.id, t, core.pc, `resumed inside ${mod.name} after it was unloaded (preempted there)`, mod.name);
  }

  /** A thread died of a fault (the kernel printed the oops). */
  fault(t: GuestThread, f: Fault) {
    const at = this.k.kallsyms.lookup(f.pc);
    const data = f.address !== undefined ? this.k.kallsyms.lookup(f.address) : null;
    const addr = f.address !== undefined ? `0x${f.address.toString(16)}` : '';
    if (at?.unloaded) {
      this.add('exec-unloaded', f.cpu, t, f.pc, `execution of freed memory at ${this.k.kallsyms.format(f.pc)}`, at.module);
    } else if (data?.unloaded && /^(read|write)-/.test(f.kind)) {
      const write = f.kind.startsWith('write');
      this.add(write ? 'write-unloaded' : 'read-unloaded', f.cpu, t, f.pc,
        `${write ? 'write' : 'read'} at ${addr} (${this.k.kallsyms.format(f.address!)})`, data.module);
    } else {
      this.add('oops', f.cpu, t, f.pc, `${f.kind}${addr ? ` at ${addr}` : ''}${f.message ? `: ${f.message}` : ''}`);
    }
  }

  /** A thread goes to sleep: with preemption disabled that is a bug. */
  block(t: GuestThread) {
    const n = this.preemptCount(t);
    if (n) this.add('sleep-atomic', t.cpu, t, this.k.machine.cores[t.cpu].pc, `preempt_count ${n} at sleep`);
  }

  /** A thread returns: it must not hold a spinlock (preemption disabled). */
  exit(t: GuestThread) {
    // rmmod's thread running exit() returned: the module it unloads is past its exit.
    if (this.k.taskOf(t)?.comm === 'rmmod') for (const m of this.k.modules) if (m.state === 'GOING' && m.exitFn === t.spec.entry) this.exitDone.add(m);
    const n = this.preemptCount(t);
    if (n) this.add('exit-atomic', t.cpu, t, this.k.machine.cores[t.cpu].pc, `preempt_count ${n} at exit`);
  }

  /** At the end: threads blocked with nothing to wake them, and rmmod's own give-up message. */
  finish(stuck: GuestThread[]) {
    for (const t of stuck) {
      const pc = this.k.sched.current(t.cpu) === t ? this.k.machine.cores[t.cpu].pc : 0n;
      this.add('deadlock', t.cpu, t, pc, `blocked for good (state ${t.state})`);
    }
    for (const line of this.k.log.dmesg().split('\n')) {
      const m = /\] (\S+): rmmod gave up waiting after (\d+) cycles \(refcount (-?\d+)\)/.exec(line);
      if (m) this.add('hung-rmmod', 0, null, 0n, `rmmod ${m[1]} waited ${m[2]} cycles, refcount ${m[3]}`, m[1]);
    }
  }
}

// Exact detectors for schedule exploration. Each finding names the core, the task, the PC as
// symbol+offset, the module and the access. They watch the machine at its scheduling points
// (module text entry and exit, tracked lines), at faults, sleeps and exits, and at the end.
import { Reg, type Core, type StopReason } from '../../emu/machine.ts';
import type { GuestThread } from '../../emu/scheduler.ts';
import type { Fault } from '../../emu/faults.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Module } from '../../kernel/module/module.ts';
import { module_refcount } from '../../kernel/module/refcount.ts';
import { interruptedAt } from '../../kernel/irq.ts';

export type FindingKind =
  | 'exec-unloaded' | 'read-unloaded' | 'write-unloaded'
  | 'enter-going' | 'enter-coming'
  | 'refcount-underflow'
  | 'sleep-atomic' | 'exit-atomic' | 'exit-lock-held' | 'exit-module-ref'
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
  'exit-lock-held': 'task exited holding a lock',
  'exit-module-ref': 'task exited holding a module reference',
  oops: 'oops',
  deadlock: 'deadlock: no task can run and a task is blocked',
  'hung-rmmod': 'rmmod hung',
  'spurious-failure': 'spurious failure: a notifier skipped the callback of',
};

/** A callback an owner-aware chain skipped because it could not take a reference. */
interface Skip { event: string; why: string; cpu: number; pid: number; pc: bigint; thread: GuestThread | null }

/**
 * Kernel functions that take or give back what a task must not keep when it ends: module
 * references and sleeping locks. Their calls from module code are seen at the scheduling
 * points the machine stops at anyway -- leaving module text for the function, and coming back
 * to the call site with its result in x0 -- so watching them costs no emulated cycle.
 * `ok` says how the result tells success: void (always), true (nonzero), zero (0).
 */
type LockKind = 'mutex' | 'rwsem-read' | 'rwsem-write';
type Effect =
  | { op: 'get'; ok: 'void' | 'true' }
  | { op: 'symbol-get' }
  | { op: 'put' | 'symbol-put' | 'put-addr' }
  | { op: 'lock'; lock: LockKind; ok: 'void' | 'true' | 'zero'; arg?: number }
  | { op: 'unlock'; lock: LockKind }
  | { op: 'downgrade' };

const WATCHED: Record<string, Effect> = {
  try_module_get: { op: 'get', ok: 'true' },
  __module_get: { op: 'get', ok: 'void' },
  module_put: { op: 'put' },
  __symbol_get: { op: 'symbol-get' },
  __symbol_put: { op: 'symbol-put' },
  symbol_put_addr: { op: 'put-addr' },
  mutex_lock: { op: 'lock', lock: 'mutex', ok: 'void' },
  mutex_lock_interruptible: { op: 'lock', lock: 'mutex', ok: 'zero' },
  mutex_lock_killable: { op: 'lock', lock: 'mutex', ok: 'zero' },
  mutex_trylock: { op: 'lock', lock: 'mutex', ok: 'true' },
  atomic_dec_and_mutex_lock: { op: 'lock', lock: 'mutex', ok: 'true', arg: 1 },
  mutex_unlock: { op: 'unlock', lock: 'mutex' },
  down_read: { op: 'lock', lock: 'rwsem-read', ok: 'void' },
  down_read_interruptible: { op: 'lock', lock: 'rwsem-read', ok: 'zero' },
  down_read_killable: { op: 'lock', lock: 'rwsem-read', ok: 'zero' },
  down_read_trylock: { op: 'lock', lock: 'rwsem-read', ok: 'true' },
  down_write: { op: 'lock', lock: 'rwsem-write', ok: 'void' },
  down_write_killable: { op: 'lock', lock: 'rwsem-write', ok: 'zero' },
  down_write_trylock: { op: 'lock', lock: 'rwsem-write', ok: 'true' },
  up_read: { op: 'unlock', lock: 'rwsem-read' },
  up_write: { op: 'unlock', lock: 'rwsem-write' },
  downgrade_write: { op: 'downgrade' },
};

/** struct rw_semaphore (6.1, arm64): count (bit 0 a writer, readers in units of 0x100), owner. */
const RWSEM_OWNER = 8n, RWSEM_WRITER_LOCKED = 1n, RWSEM_READER_BIAS = 0x100n;
/** struct mutex's owner word: the task_struct pointer, flags in the low bits. */
const MUTEX_FLAGS = 7n;

/** Something a task took: a module reference or a lock, with the call that took it. */
interface Taken {
  what: 'ref' | LockKind;
  /** The lock, or the module's struct module. */
  target: bigint;
  mod?: Module;
  fn: string;
  /** The return address of the call (lockdep's acquire_ip, _RET_IP_). */
  site: bigint;
  /** The call returned with success (a lock whose memory cannot say who holds it needs this). */
  confirmed: boolean;
}

/** A watched call under way: its return to the call site says whether it took anything. */
interface Call { fn: string; e: Effect; target: bigint; site: bigint; sp: bigint }

/** A reference a task still held when it exited: a leak unless someone puts it back later. */
interface LeftRef { taken: Taken; cpu: number; t: GuestThread; comm: string; pid: number }

function lastIndex<T>(l: T[], f: (x: T) => boolean): number {
  for (let i = l.length - 1; i >= 0; i--) if (f(l[i])) return i;
  return -1;
}
const lastOf = <T>(l: T[], f: (x: T) => boolean): T | undefined => l[lastIndex(l, f)];

/** What a module occupies as code: its core and init text (watched ranges). */
interface CodeRange { begin: bigint; end: bigint; mod: Module }

export class Detectors {
  readonly findings: Finding[] = [];
  private ranges: CodeRange[] = [];
  /** Module instances threads were running in when they left their core. */
  private readonly insideAtSwitch = new Map<GuestThread, Module>();

  /** Callbacks skipped per module since it was last seen LIVE (seed 003). */
  private readonly skipped = new Map<string, Skip[]>();

  /** Entry addresses of the WATCHED functions this kernel has. */
  private readonly watched = new Map<bigint, [string, Effect]>();
  /** What each live task took and has not given back. */
  private readonly held = new Map<GuestThread, Taken[]>();
  /** Each task's watched call under way (a get or a lock: its result decides). */
  private readonly calls = new Map<GuestThread, Call>();
  /** The watched entry each task was last seen at (a point, then a switch, shows it twice). */
  private readonly lastEntry = new Map<GuestThread, string>();
  /** References tasks still held when they exited, oldest first. */
  private readonly leftRefs: LeftRef[] = [];

  constructor(private readonly k: Kernel) {
    for (const [name, e] of Object.entries(WATCHED)) if (k.hasSymbol(name)) this.watched.set(k.symbol(name), [name, e]);
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

  /**
   * `lead` replaces the headline and module before " at SYMBOL" (the exit checks name what was
   * held there); `as` names a task that is gone by the time of the finding.
   */
  private add(kind: FindingKind, core: number, t: GuestThread | null, pc: bigint, access: string, module?: string,
    lead?: string, as?: { comm: string; pid: number }) {
    const task = as ?? (t ? this.k.taskOf(t) : undefined);
    const at = this.k.kallsyms.lookup(pc);
    const symbol = this.k.kallsyms.format(pc);
    const mod = module ?? at?.module ?? '';
    const who = task ? `${task.comm}:${task.pid}` : 'swapper';
    const f: Finding = {
      kind, cpu: core, task: task?.comm ?? 'swapper', pid: task?.pid ?? 0, pc: `0x${pc.toString(16)}`, symbol, module: mod, access,
      text: `${lead ?? `${HEADLINE[kind]}${mod ? ` ${mod}` : ''}`} at ${symbol} from cpu${core} (task ${who}): ${access}`,
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
      // inRange 0: the thread just left module text, for a kernel function (a call) or back
      // to its kernel caller; otherwise it entered a module (perhaps back at a call site).
      this.observe(core, t, core.slice.inRange === 0);
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
    const mod = this.moduleAt(interruptedAt(this.k, t, core.pc));
    if (mod) this.insideAtSwitch.set(t, mod);
    else this.insideAtSwitch.delete(t);
  }

  /** A thread is back on its core: was the module it was in freed meanwhile (even if reused since)? */
  resume(core: Core, t: GuestThread) {
    // A thread switched out at a watched entry or a call site before its point fired.
    this.observe(core, t, null);
    const mod = this.insideAtSwitch.get(t);
    if (!mod) {
      // A thread starting at a module function enters it without crossing a range boundary.
      const at = this.moduleAt(core.pc);
      if (at && core.pc === t.spec.entry) this.entered(core, t, at, core.pc);
      return;
    }
    this.insideAtSwitch.delete(t);
    if (this.k.modules.includes(mod) && mod.state !== 'UNFORMED') return;
    this.add('exec-unloaded', core.id, t, interruptedAt(this.k, t, core.pc), `resumed inside ${mod.name} after it was unloaded (preempted there)`, mod.name);
  }

  /** A thread died of a fault (the kernel printed the oops). */
  fault(t: GuestThread, f: Fault) {
    // The oops is the finding; what the task held goes with it.
    this.forget(t);
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
    this.exitHeld(t);
  }

  // ---- what a task holds when it exits -------------------------------------------------------

  /**
   * The thread stands at a scheduling point (or was just switched in): back at the call site
   * of a watched call under way, its result is in x0; at the entry of a watched function
   * called from module code, x0 is its argument and x30 the call site. `fromModule` says
   * whether a range point just left module text (a tail call has no call site in x30);
   * null (a switch) falls back to x30 lying in module text.
   */
  private observe(core: Core, t: GuestThread, fromModule: boolean | null) {
    const pc = core.pc;
    const c = this.calls.get(t);
    if (c && pc === c.site && core.sp === c.sp) {
      this.calls.delete(t);
      this.returned(t, c, core.x(0));
    }
    const w = this.watched.get(pc);
    if (!w) {
      this.lastEntry.delete(t);
      return;
    }
    const site = core.x(30);
    const key = `${pc}:${core.sp}:${site}`;
    if (this.lastEntry.get(t) === key) return;
    this.lastEntry.set(t, key);
    if (!(fromModule ?? this.moduleAt(site) !== null)) return;
    this.called(core, t, w[0], w[1], site);
  }

  private heldBy(t: GuestThread): Taken[] {
    let l = this.held.get(t);
    if (!l) this.held.set(t, (l = []));
    return l;
  }

  /** The loaded module whose struct module is at `addr`. */
  private moduleOf(addr: bigint): Module | undefined {
    return addr ? this.k.modules.find((m) => m.addr === addr && m.state !== 'UNFORMED') : undefined;
  }

  /** The loaded module an address (a symbol's value) lies in. */
  private moduleHolding(addr: bigint): Module | undefined {
    const name = this.k.kallsyms.lookup(addr, false)?.module;
    return name ? this.k.modules.find((m) => m.name === name && m.state !== 'UNFORMED') : undefined;
  }

  private called(core: Core, t: GuestThread, fn: string, e: Effect, site: bigint) {
    const target = core.x(e.op === 'lock' ? e.arg ?? 0 : 0);
    switch (e.op) {
      case 'get':
        if (e.ok === 'void') {
          const mod = this.moduleOf(target);
          if (mod) this.heldBy(t).push({ what: 'ref', target, mod, fn, site, confirmed: true });
        } else this.calls.set(t, { fn, e, target, site, sp: core.sp });
        return;
      case 'symbol-get':
        this.calls.set(t, { fn, e, target, site, sp: core.sp });
        return;
      case 'put': return this.put(t, this.moduleOf(target));
      case 'put-addr': return this.put(t, this.moduleHolding(target));
      case 'symbol-put': {
        let name = '';
        try { name = this.readString(target); } catch { return; }
        const addr = this.k.kallsyms.address(name);
        return this.put(t, addr === null ? undefined : this.moduleHolding(addr));
      }
      case 'lock':
        // Recorded at once (a mutex's owner word tells later whether it was taken); the
        // return to the call site confirms it or, for a failed trylock, drops it.
        this.heldBy(t).push({ what: e.lock, target, fn, site, confirmed: e.ok === 'void' });
        if (e.ok !== 'void') this.calls.set(t, { fn, e, target, site, sp: core.sp });
        return;
      case 'unlock': {
        // The owner unlocks; a rw semaphore's reader may be another task (up_read_non_owner).
        const lists = [this.heldBy(t), ...[...this.held.values()].filter((l) => l !== this.held.get(t))];
        for (const l of lists) {
          const i = lastIndex(l, (h) => h.what === e.lock && h.target === target);
          if (i >= 0) { l.splice(i, 1); return; }
        }
        return;
      }
      case 'downgrade': {
        const h = lastOf(this.heldBy(t), (x) => x.what === 'rwsem-write' && x.target === target);
        if (h) { h.what = 'rwsem-read'; h.confirmed = true; }
        return;
      }
    }
  }

  private returned(t: GuestThread, c: Call, x0: bigint) {
    const w0 = Number(x0 & 0xffffffffn);
    if (c.e.op === 'get') {
      const mod = this.moduleOf(c.target);
      if (mod && (x0 & 0xffn) !== 0n) this.heldBy(t).push({ what: 'ref', target: c.target, mod, fn: c.fn, site: c.site, confirmed: true });
    } else if (c.e.op === 'symbol-get') {
      const mod = x0 ? this.moduleHolding(x0) : undefined;
      if (mod) this.heldBy(t).push({ what: 'ref', target: mod.addr, mod, fn: c.fn, site: c.site, confirmed: true });
    } else if (c.e.op === 'lock') {
      const l = this.heldBy(t);
      const i = lastIndex(l, (h) => h.what !== 'ref' && h.target === c.target && h.site === c.site && !h.confirmed);
      if (i < 0) return;
      const ok = c.e.ok === 'zero' ? w0 === 0 : w0 !== 0;
      if (ok) l[i].confirmed = true;
      else l.splice(i, 1);
    }
  }

  /**
   * A module reference given back: the putter's own, else one a task that has exited left
   * behind (handed over: a thread putting what its creator took is no leak).
   */
  private put(t: GuestThread, mod: Module | undefined) {
    if (!mod) return;
    const l = this.heldBy(t);
    const i = lastIndex(l, (h) => h.what === 'ref' && h.mod === mod);
    if (i >= 0) { l.splice(i, 1); return; }
    const j = this.leftRefs.findIndex((r) => r.taken.mod === mod);
    if (j >= 0) this.leftRefs.splice(j, 1);
  }

  private readString(va: bigint): string {
    const b: number[] = [];
    for (let i = 0n; i < 256n; i++) {
      const c = this.k.machine.readU8(va + i);
      if (!c) break;
      b.push(c);
    }
    return Buffer.from(b).toString('latin1');
  }

  /** How a lock is named: its symbol (a static lock), else its address (lockdep prints both). */
  private lockName(addr: bigint): string {
    const s = this.k.kallsyms.lookup(addr);
    if (!s || s.offset >= s.size) return `0x${addr.toString(16)}`;
    return `${s.name}${s.offset ? `+0x${s.offset.toString(16)}` : ''}${s.module ? ` [${s.module}]` : ''}`;
  }

  /** Whether the task still holds the lock, by the lock's own memory where it says. */
  private stillHeld(task: { struct: bigint }, h: Taken): boolean {
    const m = this.k.machine;
    const word = (va: bigint) => (m.isMapped(va) ? m.readU64(va) : null);
    const first = word(h.target);
    if (first === null) return false;
    if (h.what === 'mutex') return (first & ~MUTEX_FLAGS) === task.struct;
    if (h.what === 'rwsem-write') return (first & RWSEM_WRITER_LOCKED) !== 0n && word(h.target + RWSEM_OWNER) === task.struct;
    // Readers are not recorded in the semaphore: the return of the call says this one took it.
    return h.confirmed && BigInt.asIntN(64, first) >= RWSEM_READER_BIAS;
  }

  /**
   * A task ends. A lock it still holds is a bug at once (lockdep's debug_check_no_locks_held()
   * in do_exit: "still has locks held!"); a module reference it took and did not put back is
   * left for finish(), in case another thread puts it. The loader's own threads (insmod,
   * rmmod) are exempt from the reference check: a module's init takes references for what it
   * sets up (a thread it starts, an object it registers).
   */
  private exitHeld(t: GuestThread) {
    const task = this.k.taskOf(t);
    const held = this.held.get(t) ?? [];
    this.forget(t);
    if (!task) return;
    const who = `${task.comm}/${task.pid}`;
    const locks = held.filter((h) => h.what !== 'ref' && this.stillHeld(task, h));
    locks.forEach((h, i) => {
      const kind = h.what === 'mutex' ? 'mutex' : h.what === 'rwsem-read' ? 'rw semaphore (read)' : 'rw semaphore (write)';
      const name = this.lockName(h.target);
      const short = name.split(' ')[0];
      const undo = h.what === 'mutex' ? 'mutex_unlock' : h.what === 'rwsem-read' ? 'up_read' : 'up_write';
      this.add('exit-lock-held', t.cpu, t, h.site,
        `${h.fn}(${short}) with no ${undo} before the task ended; lockdep: "${who} still has locks held!" #${i}: ${h.target.toString(16)} (${short}), at: ${this.k.kallsyms.format(h.site)}`,
        undefined, `task exited holding ${kind} ${name} taken`);
    });
    if (task.comm === 'insmod' || task.comm === 'rmmod') return;
    for (const h of held) if (h.what === 'ref') this.leftRefs.push({ taken: h, cpu: t.cpu, t, comm: task.comm, pid: task.pid });
  }

  private forget(t: GuestThread) {
    this.held.delete(t);
    this.calls.delete(t);
    this.lastEntry.delete(t);
  }

  /**
   * At the end: references exited tasks left that nobody put back, as far as the module's count
   * still shows them (a count of 0 means someone put them back unseen; refcount=none counts
   * nothing and reports nothing).
   */
  private leakedRefs() {
    const byMod = new Map<Module, LeftRef[]>();
    for (const r of this.leftRefs) {
      const l = byMod.get(r.taken.mod!) ?? [];
      l.push(r);
      byMod.set(r.taken.mod!, l);
    }
    for (const [mod, refs] of byMod) {
      if (!this.k.modules.includes(mod) || mod.state === 'UNFORMED' || !this.k.machine.isMapped(mod.addr)) continue;
      const count = module_refcount(this.k, mod);
      for (const r of refs.slice(0, Math.max(0, count))) {
        const h = r.taken;
        this.add('exit-module-ref', r.cpu, r.t, h.site,
          `${h.fn}(${mod.name}) with no module_put before the task ended or since; ${mod.name} refcount ${count} when the scenario ended`,
          mod.name, `task exited holding a reference to module ${mod.name} taken`, { comm: r.comm, pid: r.pid });
      }
    }
  }

  /** At the end: threads blocked with nothing to wake them, and rmmod's own give-up message. */
  finish(stuck: GuestThread[]) {
    this.leakedRefs();
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

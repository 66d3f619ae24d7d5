// The kernel's state record: the machine it runs on, memory, tasks, the module list, the log
// and the taint. Booting it is kernel/boot.ts; kernel threads kernel/kthread.ts; traps, WARN,
// BUG and oops reports kernel/traps.ts. This file imports only the machine and leaf kernel
// files, so every file that needs the Kernel type can import it without a circle.
import type { Machine } from '../emu/machine.ts';
import type { Scheduler, GuestThread } from '../emu/scheduler.ts';
import { cyclesToNs, type CostModel } from '../emu/cost.ts';
import { hex } from '../emu/address-map.ts';
import type { Fault } from '../emu/faults.ts';
import type { ElfFile } from './elf.ts';
import type { PageAllocator } from './mm/page_alloc.ts';
import type { Slab } from './mm/slab.ts';
import type { VmallocSpace } from './mm/vmalloc.ts';
import type { PerCpu } from './mm/percpu.ts';
import { Kallsyms } from './kallsyms.ts';
import { taintLetters } from './taint.ts';
import type { Rng } from './random.ts';
import type { Timers } from './timers.ts';
import { LogBuffer } from './printk.ts';
import { FileLock } from './locks.ts';
import type { Module, ModuleParam, KernelSymbolExport, NeverFreed } from './module/module.ts';
import type { X509 } from './crypto/x509.ts';
import { UTS_RELEASE } from './utsrelease.ts';
export { UTS_RELEASE };

export const THREAD_SIZE = 16384;
/**
 * Where the fields the TypeScript side fills lie in Linux 6.1's task_struct (thread_info first):
 * the image says (kernel/core/abi.c, compiled against Debian's headers), so modules' inline
 * code (current->pid, comm, the stack canary, preempt_count) reads what the kernel wrote.
 */
export interface TaskLayout {
  size: number;
  pid: bigint;
  comm: bigint;
  /** task->nsproxy, which the machine points at the image's init_nsproxy */
  nsproxy: bigint;
  initNsproxy: bigint;
  stackCanary: bigint;
  preemptCount: bigint;
  cpu: bigint;
  /** __state (TASK_RUNNING 0, TASK_INTERRUPTIBLE 1, ...), usage (refcount_t), worker_private, flags */
  state: bigint;
  usage: bigint;
  workerPrivate: bigint;
  flags: bigint;
  /** task->cred and ->real_cred, which the machine points at the image's init_cred */
  cred: bigint;
  realCred: bigint;
  initCred: bigint;
}

import type { KernelOptions } from './options.ts';
export type { BootOptions, KernelOptions } from './options.ts';

export interface Task {
  pid: number;
  comm: string;
  cpu: number;
  /** Address of task_struct (SP_EL0 while it runs). */
  struct: bigint;
  stack: bigint;
  thread: GuestThread | null;
  /** The oops that killed it, if one did. */
  oops?: string[];
  /** Preempted at an interrupt's exit: the instruction it was interrupted at (for `ps`). */
  preemptedAt?: bigint;
  /** Runs when it ends, by return or fault (a user task gives back its user memory). */
  onExit?: () => void;
}

export type CallOutcome =
  | { ok: true; ret: bigint }
  | { ok: false; fault: Fault; oops: string[] }
  | { ok: false; stuck: true; pid: number; comm: string }
  /** The thread could not even be created (no memory for its task_struct or stack). */
  | { ok: false; errno: number };

export interface KernelEvents {
  /** A module changed state or the module list changed. */
  modules?(): void;
  /** A thread ran on a core (for per-CPU panes). */
  cpu?(cpu: number, what: string): void;
}

export interface UsermodeHelperOptions {
  /** The CPU the program's system calls run on (default 0). */
  cpu?: number;
  /** No output and no transcript lines (request_module's modprobe: Linux gives it /dev/null). */
  quiet?: boolean;
}

/**
 * call_usermodehelper's program runner, installed per machine by the tools (kernel/umh.ts):
 * runs argv and returns its exit status, or 'waiting' when it will call done(status) later
 * (from TypeScript, between slices or after a console command).
 */
export type UsermodeHelper = (argv: string[], done: (status: number) => void, o?: UsermodeHelperOptions) => 'waiting' | number;


/** Kernel threads (kernel/kthread.ts), installed by boot: the record's spawn/call/wait. */
export interface Kthreads {
  spawn(k: Kernel, comm: string, cpu: number, fn: bigint, args: bigint[]): Task;
  call(k: Kernel, fn: bigint, args: bigint[], opts?: { cpu?: number; comm?: string }): CallOutcome;
  wait(k: Kernel, task: Task, limit?: bigint): CallOutcome;
}

/** What kernel/boot.ts hands the record: the machine and what it set up on it. */
export interface KernelParts {
  opts: KernelOptions;
  cost: CostModel;
  rng: Rng;
  image: ElfFile;
  machine: Machine;
  sched: Scheduler;
  timers: Timers;
  pages: PageAllocator;
  slab: Slab;
  vmalloc: VmallocSpace;
  modarea: VmallocSpace;
  percpu: PerCpu;
  /** Kernel image symbols by name. */
  syms: Map<string, bigint>;
  /** Service stub addresses and their names (kernel/services.ts). */
  services: Map<bigint, string>;
  task: TaskLayout;
  kthreads: Kthreads;
}

export class Kernel {
  readonly opts: KernelOptions;
  readonly cost: CostModel;
  readonly rng: Rng;
  readonly log = new LogBuffer();
  /** Subsystems' own state (kernel/attached.ts). */
  readonly attached = new Map<object, unknown>();
  readonly kallsyms = new Kallsyms();
  readonly image: ElfFile;
  readonly machine: Machine;
  readonly sched: Scheduler;
  readonly timers: Timers;
  readonly pages: PageAllocator;
  readonly slab: Slab;
  readonly vmalloc: VmallocSpace;
  readonly modarea: VmallocSpace;
  /** The per-CPU areas and the modules' per-CPU allocator. */
  readonly percpu: PerCpu;
  /** Kernel image exports by name (from its __ksymtab*, __kcrctab*). */
  readonly kernelExports = new Map<string, KernelSymbolExport>();
  /** The builtin trusted keys module signatures are checked against (kernel/crypto/). */
  trustedKeys: X509[] = [];
  /** The module list, newest first (as /proc/modules lists it). */
  readonly modules: Module[] = [];
  /** Modules unloaded under refcount=none: forgotten, memory kept. */
  readonly neverFreed: NeverFreed[] = [];
  taint = 0;
  events: KernelEvents = {};
  /** call_usermodehelper's program runner, installed by the tools layer (kernel/umh.ts). */
  usermodehelper?: UsermodeHelper;
  /** Service stub addresses and their names. */
  readonly services: Map<bigint, string>;
  private readonly syms: Map<string, bigint>;
  /** What boot made and nothing changes after it: a machine checkpoint need not record it. */
  get bootConstants(): readonly object[] { return [this.image, this.syms]; }
  /** Live kernel threads by scheduler thread. */
  readonly tasks = new Map<GuestThread, Task>();
  /** Host-started calls that never returned (an init that spins): they go on running. */
  readonly runaway = new Set<Task>();
  nextPid = 1;
  /** WARN_ON_ONCE()s of host-side services that have fired (kernel/traps.ts hostWarnOnce). */
  hostWarned = new Set<string>();
  /** Threads sleeping until a condition holds (a grace period, say), checked every round. */
  readonly waiters: { t: GuestThread; ready: () => boolean }[] = [];
  /** Grace periods in progress (synchronize_kernel callers waiting). */
  gracePeriods = 0;
  /** Oopses so far (the [#N] of the report). */
  oopsCount = 0;
  /** task_struct's layout, from the image. */
  readonly task: TaskLayout;
  private readonly kthreads: Kthreads;
  /** Built-in modules' names (modules.builtin) and parameters, read once (kernel/initcalls.ts). */
  builtinNames?: Set<string>;
  builtinParams?: Map<string, ModuleParam[]>;
  /** flock on /proc/modules: modprobe shared, rmmod exclusive (kernel/modules_lock.ts). */
  readonly procModulesLock = new FileLock('/proc/modules');
  /** Messages the loader prints once per boot (kernel/module/main.ts). */
  readonly printedOnce = new Set<string>();
  /** pr_*_once(): true the first time `key` is asked for on this machine. */
  once(key: string): boolean {
    if (this.printedOnce.has(key)) return false;
    this.printedOnce.add(key);
    return true;
  }

  /** The record only; kernel/boot.ts boots a machine and builds it. */
  constructor(p: KernelParts) {
    this.opts = p.opts;
    this.cost = p.cost;
    this.rng = p.rng;
    this.image = p.image;
    this.machine = p.machine;
    this.sched = p.sched;
    this.timers = p.timers;
    this.pages = p.pages;
    this.slab = p.slab;
    this.vmalloc = p.vmalloc;
    this.modarea = p.modarea;
    this.percpu = p.percpu;
    this.syms = p.syms;
    this.services = p.services;
    this.task = p.task;
    this.kthreads = p.kthreads;
  }

  // ---- symbols --------------------------------------------------------------------------

  /** Address of a kernel image symbol; throws if the image lacks it. */
  symbol(name: string): bigint {
    const v = this.syms.get(name);
    if (v === undefined) throw new Error(`kernel image has no symbol ${name}`);
    return v;
  }
  hasSymbol(name: string) { return this.syms.has(name); }

  // ---- time, log, taint -----------------------------------------------------------------

  /** Emulated time since boot in ns (cycles of the lock-step machine clock). */
  now(): bigint {
    return cyclesToNs(this.sched.now(), this.cost);
  }

  /** printk from TypeScript: text may start with a "<N>" level or KERN_SOH level. */
  printk(text: string, cpu = 0) {
    let level = -1;
    const m = /^<([0-7c])>/.exec(text);
    if (m) {
      text = text.slice(3);
      level = m[1] === 'c' ? -2 : Number(m[1]);
    }
    const bytes = Buffer.from(level === -1 ? text : level === -2 ? `\x01c${text}` : `\x01${level}${text}`, 'latin1');
    this.log.emit(new Uint8Array(bytes), { timestampNs: this.now(), cpu });
  }

  /** debug_locks (kernel/locking/lockdep.c): on until a taint makes lock debugging unreliable. */
  debugLocks = true;

  /** add_taint(flag, lockdep_ok): LOCKDEP_NOW_UNRELIABLE turns lock debugging off, once, saying so. */
  addTaint(flag: number, lockdepNowUnreliable = false) {
    if (lockdepNowUnreliable && this.debugLocks) {
      this.debugLocks = false;
      this.printk('<4>Disabling lock debugging due to kernel taint\n');
    }
    this.taint |= 1 << flag;
  }
  get taintText(): string { return taintLetters(this.taint); }

  // ---- kernel threads (kernel/kthread.ts) -------------------------------------------------

  /** Creates a kernel thread running fn(args) on cpu; it starts at the next run. */
  spawn(comm: string, cpu: number, fn: bigint, args: bigint[]): Task {
    return this.kthreads.spawn(this, comm, cpu, fn, args);
  }
  /** Calls fn(args) on cpu in a kernel thread and runs the machine until it returns. */
  call(fn: bigint, args: bigint[], opts: { cpu?: number; comm?: string } = {}): CallOutcome {
    return this.kthreads.call(this, fn, args, opts);
  }
  /** Runs the machine until the task ends (or the call limit): its result. */
  wait(task: Task, limit?: bigint): CallOutcome {
    return this.kthreads.wait(this, task, limit);
  }
  taskOf(t: GuestThread): Task | undefined { return this.tasks.get(t); }

  close() {
    this.machine.close();
  }

  describe(addr: bigint) { return hex(addr); }
}

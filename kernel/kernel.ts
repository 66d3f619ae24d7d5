// The kernel: boots the image built from kernel/core on the machine, owns memory, tasks,
// the module list and the log, and runs guest code on behalf of the loader and the console.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, PROT, Reg, type Core, type Trap, type TrapAction } from '../emu/machine.ts';
import { Scheduler, type GuestThread } from '../emu/scheduler.ts';
import { DEFAULT_COST, cyclesToNs, type CostModel } from '../emu/cost.ts';
import {
  KIMAGE_VADDR, MODULES_VADDR, MODULES_END, VMALLOC_START, VMALLOC_END, PAGE_SIZE, NR_CPUS,
  pageAlignUp, hex, PAGE_OFFSET, CALL_SENTINEL,
} from '../emu/address-map.ts';
import { describeFault, type Fault } from '../emu/faults.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { parseKernelImage, type ElfFile, SHF_ALLOC, SHT_NOBITS, STT_FUNC, STT_OBJECT, STT_NOTYPE, STB_LOCAL, STT_SECTION, STT_FILE } from './elf.ts';
import { PageAllocator } from './mm/page_alloc.ts';
import { Slab } from './mm/slab.ts';
import { VmallocSpace } from './mm/vmalloc.ts';
import { Kallsyms, type KSym } from './kallsyms.ts';
import { TAINT, taintedLine, taintLetters } from './taint.ts';
import { Rng } from './random.ts';
import { KernelError, ENOMEM } from './errno.ts';
import { Timers } from './timers.ts';
import { SCHEME_ID, type RefcountScheme } from './module/refcount.ts';
import { LogBuffer } from './printk.ts';
import { SERVICES, type ServiceCall } from './services.ts';
import { Module, STRUCT_MODULE, type KernelSymbolExport } from './module/module.ts';
import type { PlacementPolicy } from './module/placement.ts';
import { find_symbol, type NeverFreed } from './module/main.ts';
import { find_bug, BUGFLAG_WARNING, BUGFLAG_ONCE, BUGFLAG_DONE, BUGFLAG_NO_CUT_HERE, CUT_HERE, type BugEntry } from './bug.ts';

import { UTS_RELEASE } from './utsrelease.ts';
import { do_initcalls } from './initcalls.ts';
import { initMachineData } from './machine-data.ts';
import type { UsermodeHelper } from './umh.ts';
import { loadSystemCertificates, certificatesIn } from './crypto/system_keyring.ts';
import type { X509 } from './crypto/x509.ts';
export { UTS_RELEASE };
export const THREAD_SIZE = 16384;
/** struct thread_info at the start of task_struct (modules/include/asm/thread_info.h). */
export const THREAD_INFO = { flags: 0x0n, preempt_count: 0x8n, cpu: 0x10n } as const;
/** task_struct fields the TypeScript side fills (modules/include/linux/sched.h). */
export const TASK_STRUCT = { pid: 0x34n, comm: 0x40n } as const;
const TASK_STRUCT_SIZE = 8192;
/** Per-CPU space reserved for modules' DEFINE_PER_CPU data (PERCPU_MODULE_RESERVE). */
export const PERCPU_MODULE_RESERVE = 8192;

export interface BootOptions {
  cpus?: number;
  mem?: number;
  seed?: number;
  /** Path of the kernel image (default build/kernel/vmlinux). */
  image?: string;
  modulePlacement?: PlacementPolicy;
  /** CONFIG_MODULE_UNLOAD (default true). */
  moduleUnload?: boolean;
  /** Keep module symbols in memory (kallsyms for modules). */
  moduleKallsyms?: boolean;
  /** CONFIG_MODULE_SIG: unsigned modules taint E (default true, like Debian). */
  moduleSig?: boolean;
  /** module.sig_enforce: refuse modules without a valid signature (default false, like Debian). */
  moduleSigEnforce?: boolean;
  /**
   * The compiled-in trusted keys: certificates from a PEM/DER file or a kernel image (default:
   * those of Debian's kernel of the same release, when `make real-modules` fetched it).
   */
  trustedKeys?: string;
  /** module_blacklist= */
  blacklist?: string[];
  /** Instructions a core runs before the next core gets its turn (the interleaving grain). */
  slice?: number;
  /** Instructions between timer ticks: the preemption points (default: one slice). */
  tick?: number;
  cost?: Partial<CostModel>;
  /** Cycles one host-started call may take before it is reported as stuck. */
  callLimit?: number;
  /** initcall_debug: log each initcall of built-in code. */
  initcallDebug?: boolean;
  /** CONFIG_PREEMPT: 'full' lets the tick preempt a thread whose preempt_count is 0. */
  preempt?: 'none' | 'full';
  /** Module reference counts: 2.5's per-CPU counters, 3.19+'s atomic_t, or none (never free). */
  refcount?: RefcountScheme;
  /** synchronize_kernel: 'classic' schedules on every CPU; 'tasks' also waits for preempted tasks. */
  sync?: 'classic' | 'tasks';
}

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
}

export type CallOutcome =
  | { ok: true; ret: bigint }
  | { ok: false; fault: Fault; oops: string[] }
  | { ok: false; stuck: true }
  /** The thread could not even be created (no memory for its task_struct or stack). */
  | { ok: false; errno: number };

export interface KernelEvents {
  /** A module changed state or the module list changed. */
  modules?(): void;
  /** A thread ran on a core (for per-CPU panes). */
  cpu?(cpu: number, what: string): void;
}

export class Kernel {
  readonly machine: Machine;
  readonly sched: Scheduler;
  readonly cost: CostModel;
  readonly rng: Rng;
  readonly log: LogBuffer;
  readonly kallsyms = new Kallsyms();
  readonly pages: PageAllocator;
  readonly slab: Slab;
  readonly vmalloc: VmallocSpace;
  readonly modarea: VmallocSpace;
  readonly image: ElfFile;
  readonly opts: Required<Omit<BootOptions, 'cost' | 'image'>> & { image: string };
  /** Kernel image exports by name (from its __ksymtab*, __kcrctab*). */
  readonly kernelExports = new Map<string, KernelSymbolExport>();
  /** The builtin trusted keys module signatures are checked against. */
  trustedKeys: X509[] = [];
  /** The module list, newest first (as /proc/modules lists it). */
  readonly modules: Module[] = [];
  /** Modules unloaded under refcount=none: forgotten, memory kept. */
  readonly neverFreed: NeverFreed[] = [];
  /** sysfs/procfs-visible parameters of loaded modules live on Module. */
  taint = 0;
  events: KernelEvents = {};
  /** call_usermodehelper's program runner, installed by the tools layer (kernel/umh.ts). */
  usermodehelper?: UsermodeHelper;
  private readonly services = new Map<bigint, string>();
  private readonly sym = new Map<string, bigint>();
  private readonly funcs = new Set<string>();
  private readonly percpuBase: bigint[] = [];
  private percpuStatic = 0;
  private percpuReserve: { off: number; size: number; used: boolean }[] = [];
  private readonly tasks = new Map<GuestThread, Task>();
  private nextPid = 1;
  readonly timers: Timers;
  /** Threads sleeping until a condition holds (a grace period, say), checked every round. */
  readonly waiters: { t: GuestThread; ready: () => boolean }[] = [];
  private oopsCount = 0;
  private readonly taskCanaryOffset: number;

  constructor(options: BootOptions = {}) {
    this.opts = {
      cpus: options.cpus ?? 4,
      mem: options.mem ?? 256 << 20,
      seed: options.seed ?? 1,
      image: options.image ?? join(REPO_ROOT, 'build', 'kernel', 'vmlinux'),
      modulePlacement: options.modulePlacement ?? 'auto',
      moduleUnload: options.moduleUnload ?? true,
      moduleKallsyms: options.moduleKallsyms ?? true,
      moduleSig: options.moduleSig ?? true,
      moduleSigEnforce: options.moduleSigEnforce ?? false,
      trustedKeys: options.trustedKeys ?? debianKernelImage() ?? '',
      blacklist: options.blacklist ?? [],
      slice: options.slice ?? 10_000,
      tick: options.tick ?? options.slice ?? 10_000,
      callLimit: options.callLimit ?? 200_000_000,
      initcallDebug: options.initcallDebug ?? false,
      preempt: options.preempt ?? 'none',
      refcount: options.refcount ?? 'atomic',
      sync: options.sync ?? 'classic',
    };
    this.cost = { ...DEFAULT_COST, ...options.cost };
    this.rng = new Rng(this.opts.seed);
    this.log = new LogBuffer();
    if (!existsSync(this.opts.image)) {
      throw new Error(`kernel image ${this.opts.image} not found: run 'make kernel'`);
    }
    this.image = parseKernelImage(new Uint8Array(readFileSync(this.opts.image)));
    this.machine = new Machine({ cpus: this.opts.cpus, memBytes: this.opts.mem, transferCycles: this.cost.lineTransferCycles });
    this.sched = new Scheduler(this.machine, { slice: this.opts.slice, tick: this.opts.tick });
    this.sched.events = {
      exit: (t) => this.threadExit(t),
      fault: (t, f) => this.threadFault(t, f),
      preempt: (core, t) => this.tick(core, t),
      round: () => {
        this.timers.expire(this.sched.clock);
        this.wakeWaiters();
      },
      idle: (end) => this.wakeWaiters() || this.timers.idle(end),
    };
    this.timers = new Timers(this.sched);
    this.machine.trapHandler = (core, trap) => this.trap(core, trap);

    const imageEnd = this.loadImage();
    this.pages = new PageAllocator(imageEnd / PAGE_SIZE, this.machine.usableRam / PAGE_SIZE);
    this.slab = new Slab(this.machine, this.pages);
    this.vmalloc = new VmallocSpace(this.machine, this.pages, VMALLOC_START, VMALLOC_END, 'vmalloc');
    this.modarea = new VmallocSpace(this.machine, this.pages, MODULES_VADDR, MODULES_END, 'module');
    this.setupPerCpu();
    this.taskCanaryOffset = Number(this.readSymbolU64('task_stack_canary_offset'));
    this.machine.writeU32(this.symbol('module_refcount_scheme'), SCHEME_ID[this.opts.refcount]);
    initMachineData(this);
    this.bootMessages();
    if (this.opts.trustedKeys) this.trustedKeys = loadSystemCertificates(certificatesIn(this.opts.trustedKeys), this);
    do_initcalls(this, { initcallDebug: this.opts.initcallDebug });
  }

  // ---- boot ---------------------------------------------------------------------------

  private loadImage(): number {
    const elf = this.image;
    let end = 0n;
    const syms: KSym[] = [];
    for (const s of elf.symbols()) {
      if (!s.name || s.type === STT_SECTION || s.type === STT_FILE) continue;
      if (s.value < KIMAGE_VADDR) continue;
      this.sym.set(s.name, s.value);
      if (s.type === STT_FUNC) this.funcs.add(s.name);
      if (s.name.startsWith('$')) continue;
      const sec = elf.sections[s.shndx];
      let type = 'D';
      if (sec && sec.flags & 0x4) type = 'T';
      else if (sec && sec.type === SHT_NOBITS) type = 'B';
      else if (sec && !(sec.flags & 0x1)) type = 'R';
      if (s.bind === STB_LOCAL) type = type.toLowerCase();
      if (s.type === STT_FUNC || s.type === STT_OBJECT || s.type === STT_NOTYPE) {
        syms.push({ addr: s.value, size: Number(s.size), name: s.name, type });
      }
    }
    for (const sec of elf.sections) {
      if (!(sec.flags & SHF_ALLOC) || sec.addr < KIMAGE_VADDR) continue;
      const e = sec.addr + sec.size;
      if (e > end) end = e;
    }
    const imageBytes = pageAlignUp(Number(end - KIMAGE_VADDR));
    const etext = this.sym.get('_etext');
    if (etext === undefined) throw new Error('kernel image has no _etext symbol');
    const textBytes = pageAlignUp(Number(etext - KIMAGE_VADDR));
    // Copy before mapping so every core sees the final bytes when it first translates.
    for (const sec of elf.sections) {
      if (!(sec.flags & SHF_ALLOC) || sec.addr < KIMAGE_VADDR) continue;
      const pa = Number(sec.addr - KIMAGE_VADDR);
      if (sec.type === SHT_NOBITS) this.machine.ram.bytes.fill(0, pa, pa + Number(sec.size));
      else this.machine.ram.bytes.set(elf.sectionData(sec.index), pa);
    }
    this.machine.map(KIMAGE_VADDR, 0, textBytes, PROT.RX, 'kernel text');
    if (imageBytes > textBytes) {
      this.machine.map(KIMAGE_VADDR + BigInt(textBytes), textBytes, imageBytes - textBytes, PROT.RW, 'kernel data');
    }
    this.kallsyms.add(null, syms, [[KIMAGE_VADDR, KIMAGE_VADDR + BigInt(imageBytes)]]);
    // Host-started calls return here; name it like the kthread exit path it stands for.
    this.kallsyms.add(null, [{ addr: CALL_SENTINEL, size: PAGE_SIZE, name: 'ret_to_host', type: 'T' }], [[CALL_SENTINEL, CALL_SENTINEL + BigInt(PAGE_SIZE)]]);
    this.readExports();
    this.findServices();
    return imageBytes;
  }

  private readExports() {
    const m = this.machine;
    const table = (start: string, stop: string, crcStart: string, gpl: boolean) => {
      const s = this.sym.get(start), e = this.sym.get(stop), c = this.sym.get(crcStart);
      if (s === undefined || e === undefined) return;
      for (let p = s, i = 0; p < e; p += 12n, i++) {
        const value = p + BigInt(m.readU32(p) | 0);
        const nameAddr = p + 4n + BigInt(m.readU32(p + 4n) | 0);
        const name = m.readString(nameAddr, 256);
        const crc = c !== undefined ? m.readU32(c + BigInt(4 * i)) : undefined;
        this.kernelExports.set(name, { name, addr: value, crc, gpl, owner: null });
      }
    };
    table('__start___ksymtab', '__stop___ksymtab', '__start___kcrctab', false);
    table('__start___ksymtab_gpl', '__stop___ksymtab_gpl', '__start___kcrctab_gpl', true);
  }

  private findServices() {
    const start = this.sym.get('__services_start'), end = this.sym.get('__services_end');
    if (start === undefined || end === undefined) throw new Error('kernel image has no __services_start/__services_end');
    for (const [name, addr] of this.sym) {
      if (addr >= start && addr < end && this.funcs.has(name)) this.services.set(addr, name);
    }
    for (const name of this.services.values()) {
      if (!SERVICES[name]) throw new Error(`kernel service ${name} has a stub in the image but no TypeScript implementation`);
    }
  }

  private setupPerCpu() {
    const start = this.symbol('__per_cpu_start'), end = this.symbol('__per_cpu_end');
    this.percpuStatic = Number(end - start);
    const areaSize = pageAlignUp(this.percpuStatic + PERCPU_MODULE_RESERVE);
    this.percpuReserve = [{ off: this.percpuStatic, size: PERCPU_MODULE_RESERVE, used: false }];
    const offsets = this.symbol('__per_cpu_offset');
    const template = this.machine.read(start, this.percpuStatic);
    for (let cpu = 0; cpu < this.opts.cpus; cpu++) {
      const base = PAGE_OFFSET + BigInt(this.pages.allocContig(areaSize / PAGE_SIZE));
      this.machine.write(base, template);
      this.percpuBase.push(base);
      const off = BigInt.asUintN(64, base - start);
      this.machine.writeU64(offsets + BigInt(8 * cpu), off);
      this.machine.cores[cpu].setReg(Reg.TPIDR_EL1, off);
      const cpuNumber = this.sym.get('cpu_number');
      if (cpuNumber !== undefined) this.machine.writeU32(cpuNumber + off, cpu);
    }
    void NR_CPUS;
  }

  /** Reserves `size` bytes in every CPU's module per-CPU space; returns the per-CPU pointer. */
  percpuAlloc(size: number, alignTo: number): bigint | null {
    const a = Math.max(alignTo, 8);
    for (let i = 0; i < this.percpuReserve.length; i++) {
      const r = this.percpuReserve[i];
      if (r.used) continue;
      const off = Math.ceil(r.off / a) * a;
      if (off + size > r.off + r.size) continue;
      const parts = [];
      if (off > r.off) parts.push({ off: r.off, size: off - r.off, used: false });
      parts.push({ off, size, used: true });
      if (off + size < r.off + r.size) parts.push({ off: off + size, size: r.off + r.size - off - size, used: false });
      this.percpuReserve.splice(i, 1, ...parts);
      return this.symbol('__per_cpu_start') + BigInt(off);
    }
    return null;
  }
  percpuFree(ptr: bigint) {
    const off = Number(ptr - this.symbol('__per_cpu_start'));
    const r = this.percpuReserve.find((x) => x.off === off && x.used);
    if (!r) return;
    r.used = false;
    this.percpuReserve = this.percpuReserve.reduce<typeof this.percpuReserve>((acc, x) => {
      const last = acc[acc.length - 1];
      if (last && !last.used && !x.used) last.size += x.size; else acc.push({ ...x });
      return acc;
    }, []);
  }
  /** Address of this per-CPU pointer's copy on cpu. */
  perCpuPtr(ptr: bigint, cpu: number): bigint {
    return ptr - this.symbol('__per_cpu_start') + this.percpuBase[cpu];
  }

  private bootMessages() {
    const mib = (n: number) => Math.floor(n / 1024);
    this.printk(`<5>Linux version ${UTS_RELEASE} (kmodlab) #1 SMP PREEMPT aarch64\n`);
    this.printk(`<6>Machine model: kmodlab virtual ARMv8.1 (${this.opts.cpus} cores, Unicorn MAX CPU)\n`);
    this.printk(`<6>Memory: ${mib(this.pages.freePages * PAGE_SIZE)}K/${mib(this.opts.mem)}K available (${mib(this.pages.firstPfn * PAGE_SIZE)}K kernel image)\n`);
    this.printk(`<6>smp: Brought up 1 node, ${this.opts.cpus} CPU${this.opts.cpus > 1 ? 's' : ''}\n`);
  }

  // ---- symbols --------------------------------------------------------------------------

  /** Address of a kernel image symbol; throws if the image lacks it. */
  symbol(name: string): bigint {
    const v = this.sym.get(name);
    if (v === undefined) throw new Error(`kernel image has no symbol ${name}`);
    return v;
  }
  hasSymbol(name: string) { return this.sym.has(name); }
  private readSymbolU64(name: string): bigint {
    return this.machine.readU64(this.symbol(name));
  }

  // ---- time and log ---------------------------------------------------------------------

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

  addTaint(flag: number) {
    this.taint |= 1 << flag;
  }
  get taintText(): string { return taintLetters(this.taint); }

  // ---- tasks and calls -----------------------------------------------------------------

  /** Creates a kernel thread running fn(args) on cpu; it starts at the next run. */
  spawn(comm: string, cpu: number, fn: bigint, args: bigint[]): Task {
    const struct = this.slab.kmalloc(TASK_STRUCT_SIZE);
    const stack = this.vmalloc.alloc(THREAD_SIZE, `stack:${comm}`, PROT.RW);
    if (!struct || !stack) {
      if (struct) this.slab.kfree(struct);
      if (stack) this.vmalloc.free(stack);
      throw new KernelError(ENOMEM, 'out of memory creating a kernel thread');
    }
    this.machine.writeU64(struct + BigInt(this.taskCanaryOffset), this.rng.next64());
    // thread_info: preempt_count's high word is "need resched", stored inverted (1 = none).
    this.machine.writeU64(struct + THREAD_INFO.preempt_count, 1n << 32n);
    this.machine.writeU32(struct + THREAD_INFO.cpu, cpu);
    const task: Task = { pid: this.nextPid++, comm, cpu, struct, stack, thread: null };
    this.machine.writeU32(struct + TASK_STRUCT.pid, task.pid);
    this.machine.write(struct + TASK_STRUCT.comm, new Uint8Array(Buffer.from(comm.slice(0, 15), 'latin1')));
    task.thread = this.sched.spawn({ name: comm, cpu, entry: fn, args, stackTop: stack + BigInt(THREAD_SIZE), spEl0: struct, pstate: PSTATE_EL1H });
    task.thread.data = task;
    this.tasks.set(task.thread, task);
    return task;
  }

  taskOf(t: GuestThread): Task | undefined { return this.tasks.get(t); }

  private releaseTask(task: Task) {
    this.slab.kfree(task.struct);
    this.vmalloc.free(task.stack);
  }

  /**
   * Calls fn(args) on cpu and runs the machine until it returns (other threads keep running
   * meanwhile). A fault is reported as an oops; the machine keeps going.
   */
  call(fn: bigint, args: bigint[], opts: { cpu?: number; comm?: string } = {}): CallOutcome {
    const cpu = opts.cpu ?? 0;
    let task: Task;
    try {
      task = this.spawn(opts.comm ?? 'kmodlab', cpu, fn, args);
    } catch (e) {
      if (e instanceof KernelError) return { ok: false, errno: e.errno };
      throw e;
    }
    return this.wait(task);
  }

  /** Wakes the waiters whose condition holds; true if any woke. */
  private wakeWaiters(): boolean {
    let woke = false;
    for (let i = 0; i < this.waiters.length;) {
      const w = this.waiters[i];
      if (w.t.done || w.ready()) {
        this.waiters.splice(i, 1);
        this.sched.wake(w.t);
        woke = true;
      } else i++;
    }
    return woke;
  }

  /** Runs the machine until the task ends (or the call limit): its result. */
  wait(task: Task, limit = BigInt(this.opts.callLimit)): CallOutcome {
    const t = task.thread!;
    const r = this.sched.runUntil(() => t.done, limit);
    if (!t.done) {
      // Stuck (an endless loop, a lock never released, a sleep nobody ends): left running.
      const why = r === 'idle' ? 'blocked with nothing left to wake it' : `still running after ${limit} cycles`;
      this.printk(`<3>INFO: task ${task.comm}:${task.pid} ${why}, at ${this.kallsyms.format(this.machine.cores[task.cpu].pc)}\n`);
      return { ok: false, stuck: true };
    }
    return t.state === 'exited' ? { ok: true, ret: t.ret } : { ok: false, fault: t.fault!, oops: task.oops ?? [] };
  }

  /** do_exit: a finished thread gives back its task_struct and stack. */
  private threadExit(t: GuestThread) {
    const task = this.tasks.get(t);
    if (task) this.releaseTask(task);
  }

  private threadFault(t: GuestThread, f: Fault) {
    const task = this.tasks.get(t);
    if (!task) return;
    task.oops = this.oops(f, task);
    this.releaseTask(task);
  }

  /**
   * The timer tick at a slice end. preempt=full preempts when preempt_count is 0 and interrupts
   * are on; otherwise it only asks for a reschedule (need_resched), which preempt_enable() or
   * cond_resched() will honour.
   */
  private tick(core: Core, t: GuestThread): boolean {
    const task = this.tasks.get(t);
    if (!task) return false;
    if (this.opts.preempt === 'full') {
      const count = this.machine.readU32(task.struct + THREAD_INFO.preempt_count);
      const irqsOff = (core.reg(Reg.PSTATE) & 0x80n) !== 0n;
      if (count === 0 && !irqsOff) return true;
    }
    // Ask for a reschedule (honoured by preempt_enable() and cond_resched()) when another
    // thread waits for this core, or a grace period waits for it to schedule (RCU's resched_cpu).
    const others = this.sched.threads(core.id).some((x) => x !== t && x.state === 'runnable');
    if (others || this.gracePeriods > 0) this.machine.writeU32(task.struct + THREAD_INFO.preempt_count + 4n, 0);
    return false;
  }

  /** Grace periods in progress (synchronize_kernel callers waiting). */
  gracePeriods = 0;

  /** Prints an oops for a fault and returns its lines. The machine keeps running. */
  oops(f: Fault, task?: Task): string[] {
    const core = this.machine.cores[f.cpu];
    const at = this.kallsyms.lookup(f.pc);
    const fmt = (a: bigint) => this.kallsyms.format(a);
    const lines: string[] = [];
    // A PC inside the old range of an unloaded module is a call into it, whatever the memory
    // holds now (unmapped pages, the brk fill, or an object that reused the freed memory).
    const unloaded = at?.unloaded ? ` (call into unloaded module ${at.module})` : '';
    const va = (a: bigint) => a.toString(16).padStart(16, '0');
    if (f.kind === 'fetch-unmapped' || f.kind === 'fetch-prot') {
      lines.push(`Unable to handle kernel paging request at virtual address ${va(f.address ?? f.pc)}${unloaded}`);
    } else if (unloaded) {
      lines.push(`Unable to handle kernel execution of freed memory at virtual address ${va(f.pc)}${unloaded}`);
    } else if (f.kind.endsWith('-unmapped') || f.kind.endsWith('-prot')) {
      const data = f.address !== undefined ? this.kallsyms.lookup(f.address) : null;
      const freed = data?.unloaded ? ` (freed memory of unloaded module ${data.module}: ${this.kallsyms.format(f.address!)})` : '';
      lines.push(`Unable to handle kernel ${f.kind === 'write-prot' ? 'write to read-only memory' : 'paging request'} at virtual address ${va(f.address ?? 0n)}${freed}`);
    } else if (f.kind === 'brk' && f.imm === 0x800) {
      lines.push(CUT_HERE);
      lines.push(f.message ?? `kernel BUG at ${fmt(f.pc)}!`);
    } else if (f.kind === 'service') {
      lines.push(f.message ?? 'kernel service failure');
    } else {
      lines.push(describeFault(f));
    }
    this.oopsCount++;
    lines.push(`Internal error: ${oopsReason(f)} [#${this.oopsCount}] SMP`);
    const mods = this.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name + (m.taints ? `(${taintLetters(m.taints)})` : ''));
    lines.push(`Modules linked in: ${mods.join(' ')}`);
    this.addTaint(TAINT.DIE);
    lines.push(`CPU: ${f.cpu} PID: ${task?.pid ?? 0} Comm: ${task?.comm ?? 'swapper'} ${taintedLine(this.taint)} ${UTS_RELEASE} #1`);
    lines.push('Hardware name: kmodlab virtual machine (DT)');
    lines.push(`pc : ${fmt(f.pc)}${at?.unloaded ? ' (unloaded)' : ''}`);
    let lr = 0n;
    try { lr = core.reg(Reg.X[30]); } catch { /* ignore */ }
    lines.push(`lr : ${fmt(lr)}`);
    lines.push(`sp : ${core.sp.toString(16).padStart(16, '0')}`);
    lines.push('Call trace:');
    for (const a of this.backtrace(f.cpu, f.pc)) lines.push(` ${fmt(a)}`);
    lines.push('---[ end trace 0000000000000000 ]---');
    for (const l of lines) this.printk(`<1>${l}\n`, f.cpu);
    return lines;
  }

  /** Frame-pointer unwind (everything is built with -fno-omit-frame-pointer). */
  backtrace(cpu: number, pc: bigint): bigint[] {
    const core = this.machine.cores[cpu];
    const out = [pc];
    let fp = core.reg(Reg.X[29]);
    const lr = core.reg(Reg.X[30]);
    if (lr && lr !== out[0]) out.push(lr);
    for (let i = 0; i < 16 && fp !== 0n && this.machine.isMapped(fp); i++) {
      const ret = this.machine.readU64(fp + 8n);
      fp = this.machine.readU64(fp);
      if (ret === 0n || this.kallsyms.lookup(ret) === null) break;
      if (ret !== out[out.length - 1]) out.push(ret);
    }
    return out.filter((a) => a !== CALL_SENTINEL);
  }

  // ---- traps and services -------------------------------------------------------------

  private trap(core: Core, trap: Trap): TrapAction {
    if (trap.kind === 'svc') {
      const name = this.services.get(trap.pc);
      const fn = name ? SERVICES[name] : undefined;
      if (!fn) {
        return { action: 'fault', fault: { kind: 'exception', cpu: core.id, pc: trap.pc, message: `svc #${trap.imm} outside the service stubs` } };
      }
      this.sched.charge(core.id, this.cost.serviceCallCycles);
      const thread = this.sched.current(core.id);
      const call: ServiceCall = { k: this, core, cpu: core.id, task: thread ? this.tasks.get(thread) ?? null : null, name: name! };
      const r = fn(call);
      if (r && typeof r === 'object') return r;
      if (typeof r === 'bigint') core.setX(0, r);
      return { action: 'continue' };
    }
    if (trap.imm === 0x800) {
      const bug = find_bug(this, trap.pc);
      if (bug && bug.flags & BUGFLAG_WARNING) {
        this.warn(core, trap.pc, bug);
        return { action: 'continue' };
      }
      return { action: 'fault', fault: { kind: 'brk', cpu: core.id, pc: trap.pc, imm: trap.imm, message: bug?.file ? `kernel BUG at ${bug.file}:${bug.line}!` : undefined } };
    }
    return { action: 'fault', fault: { kind: 'brk', cpu: core.id, pc: trap.pc, imm: trap.imm } };
  }

  /** A symbol exported by the kernel or a formed module (what symbol_get finds). */
  findExportedSymbol(name: string): KernelSymbolExport | undefined {
    return find_symbol(this, name);
  }

  /** The module whose core or init region contains addr (__module_address). */
  moduleAt(addr: bigint): Module | undefined {
    return this.modules.find((m) => m.state !== 'UNFORMED' && [m.core, m.init].some((r) => r && addr >= r.base && addr < r.base + BigInt(r.size)));
  }

  /** __warn(): the WARNING splat; the thread goes on after the brk. */
  private warn(core: Core, pc: bigint, bug: BugEntry) {
    if (bug.flags & BUGFLAG_ONCE) {
      if (bug.flags & BUGFLAG_DONE) return;
      this.machine.writeU16(bug.at + 10n, bug.flags | BUGFLAG_DONE);
    }
    const thread = this.sched.current(core.id);
    const task = thread ? this.tasks.get(thread) : undefined;
    const lines: string[] = [];
    if (!(bug.flags & BUGFLAG_NO_CUT_HERE)) lines.push(CUT_HERE);
    const where = this.kallsyms.format(pc);
    lines.push(bug.file ? `WARNING: CPU: ${core.id} PID: ${task?.pid ?? 0} at ${bug.file}:${bug.line} ${where}` : `WARNING: CPU: ${core.id} PID: ${task?.pid ?? 0} at ${where}`);
    const mods = this.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name + (m.taints ? `(${taintLetters(m.taints)})` : ''));
    lines.push(`Modules linked in: ${mods.join(' ')}`);
    this.addTaint(bug.flags >> 8 || TAINT.WARN);
    lines.push(`CPU: ${core.id} PID: ${task?.pid ?? 0} Comm: ${task?.comm ?? 'swapper'} ${taintedLine(this.taint)} ${UTS_RELEASE} #1`);
    lines.push('Hardware name: kmodlab virtual machine (DT)');
    lines.push(`pc : ${where}`);
    lines.push(`lr : ${this.kallsyms.format(core.reg(Reg.X[30]))}`);
    lines.push('Call trace:');
    for (const a of this.backtrace(core.id, pc)) lines.push(` ${this.kallsyms.format(a)}`);
    lines.push('---[ end trace 0000000000000000 ]---');
    for (const l of lines) this.printk(`<4>${l}\n`, core.id);
  }

  /** Finds a module by name among the listed ones (not UNFORMED-being-freed). */
  findModule(name: string): Module | undefined {
    return this.modules.find((m) => m.name === name);
  }

  /** Reads struct module fields from guest memory. */
  moduleRefcnt(mod: Module): number {
    return this.machine.readU32(mod.addr + BigInt(STRUCT_MODULE.refcnt)) | 0;
  }

  close() {
    this.machine.close();
  }

  describe(addr: bigint) { return hex(addr); }
}

/** The "Oops: ESR" part arm64 prints: the exception syndrome the fault would have had. */
function oopsReason(f: Fault): string {
  const esr = (v: number) => v.toString(16).padStart(16, '0');
  switch (f.kind) {
    case 'fetch-unmapped': return `Oops: ${esr(0x86000004)}`;
    case 'fetch-prot': return `Oops: ${esr(0x8600000f)}`;
    case 'read-unmapped': return `Oops: ${esr(0x96000004)}`;
    case 'write-unmapped': return `Oops: ${esr(0x96000044)}`;
    case 'read-prot': return `Oops: ${esr(0x9600000f)}`;
    case 'write-prot': return `Oops: ${esr(0x9600004f)}`;
    case 'unaligned': return `Oops: ${esr(0x96000021)}`;
    case 'brk': return f.imm === 0x800 ? `Oops - BUG: ${esr(0xf2000800)}` : `Oops - BRK: ${esr(0xf2000000 + (f.imm ?? 0))}`;
    case 'undefined-instruction': return `Oops - Undefined instruction: ${esr(0x02000000)}`;
    default: return `Oops: ${esr(0)}`;
  }
}

/** Debian's kernel image of the release its modules were fetched for (make real-modules). */
function debianKernelImage(): string | undefined {
  const boot = join(REPO_ROOT, 'build', 'real-modules', 'root', 'boot');
  if (!existsSync(boot)) return undefined;
  const image = readdirSync(boot).find((f) => f.startsWith('vmlinuz-'));
  return image ? join(boot, image) : undefined;
}

/** PSTATE of a kernel thread: EL1h with interrupts unmasked (DAIF clear). */
const PSTATE_EL1H = 0x5n;

/** brk immediate filling freed module memory that stays mapped (kmalloc placement). */
export const BRK_FREED_MODULE = 0xdead;
export const BRK_FREED_MODULE_INSN = 0xd4200000 | (BRK_FREED_MODULE << 5);

// The machine: N cores (Unicorn engines on the MAX CPU model) sharing one RAM buffer, an MMU
// that translates every core's accesses through the kernel's page tables (emu/mmu.ts, walked
// by emu/native/hooks.c), and host-side access to guest memory.
import {
  Engine, HostMemory, SliceCounter, Reg, ContextRegistry,
  UC_PROT_READ, UC_PROT_WRITE, UC_PROT_EXEC, UC_PROT_ALL,
  UC_MEM_READ_UNMAPPED, UC_MEM_WRITE_UNMAPPED, UC_MEM_FETCH_UNMAPPED,
  UC_MEM_READ_PROT, UC_MEM_WRITE_PROT, UC_MEM_FETCH_PROT,
  UC_ERR_READ_UNMAPPED, UC_ERR_WRITE_UNMAPPED, UC_ERR_FETCH_UNMAPPED, UC_ERR_INSN_INVALID,
  UC_ERR_READ_PROT, UC_ERR_WRITE_PROT, UC_ERR_FETCH_PROT,
  UC_ERR_READ_UNALIGNED, UC_ERR_WRITE_UNALIGNED, UC_ERR_FETCH_UNALIGNED, UnicornError, UC_MEM_WRITE,
  UC_MEM_FETCH, UC_ERR_EXCEPTION,
} from './unicorn.ts';
import { PageTables, PageTableError } from './mmu.ts';
import { loadStoreAddress } from './a64-address.ts';

// struct kml_slice's `point` (emu/native/hooks.c).
const POINT_RANGE = 1, POINT_LINE = 2, POINT_POISON = 3;
import { PAGE_SIZE, CALL_SENTINEL, PAGE_OFFSET, hex } from './address-map.ts';
import { faultEsr, type Fault, type FaultKind } from './faults.ts';
import { Coherence } from './coherence.ts';
import { Gic } from './gic.ts';
import { GenericTimer } from './generic-timer.ts';

export { Reg };
export const PROT = { R: UC_PROT_READ, W: UC_PROT_WRITE, X: UC_PROT_EXEC, RW: UC_PROT_READ | UC_PROT_WRITE, RX: UC_PROT_READ | UC_PROT_EXEC, RWX: UC_PROT_ALL };

export interface Mapping {
  va: bigint;
  size: number;
  /** Offset in physical RAM. */
  pa: number;
  perms: number;
  name: string;
}

/** struct kml_mmu (emu/native/hooks.c), one per core. */
const MMU_BYTES = 88;
const MMU = { ram: 0, ramSize: 8, ttbr0: 16, ttbr1: 24, fills: 32, walkReads: 40, faultVa: 48, faultType: 56, faultKind: 64, faultLevel: 72, dirty: 80 };
const FAULT_PERMISSION = 2;
/** struct kml_tlb (emu/native/hooks.c): a 128-byte header, then 48 + 32 + 1024 entries of 24. */
const TLB = { mmu: 0, l2Hit: 8, walkLevel: 16, penalty: 24, l1iMisses: 32, l1dMisses: 40, l2Misses: 48, walks: 56, pfnVa: 72, npfn: 80, linearBase: 88, entries: 128 };
const TLB_BYTES = 128 + (48 + 32 + 1024) * 24;

/** What the cost model's TLBs of one core have seen (boot tlb=1). */
export interface TlbStats { l1iMisses: bigint; l1dMisses: bigint; l2Misses: bigint; walks: bigint; cycles: bigint }

/** What a trap handler (the kernel) tells the core to do after an svc/brk. */
export type TrapAction = { action: 'continue' } | { action: 'stop' } | { action: 'fault'; fault: Fault };
export interface Trap { kind: 'svc' | 'brk'; cpu: number; pc: bigint; imm: number }
export type TrapHandler = (core: Core, trap: Trap) => TrapAction;

/** Why a run stopped at a scheduling point (Machine.setPoints; emu/native/hooks.c). */
export type PointKind = 'range' | 'line' | 'svc';

export type StopReason =
  | { kind: 'budget' }
  | { kind: 'point'; point: PointKind; address: bigint }
  | { kind: 'sentinel' }
  | { kind: 'stopped' }
  | { kind: 'fault'; fault: Fault };

export class MachineError extends Error {}

/** sizeof(struct pt_regs): what the kernel's exception entry saves on the stack. */
const PT_REGS_SIZE = 336n;

/** SPIs the GIC has (INTIDs 32..): the kernel's interrupt lines 0..63 are INTIDs 32..95. */
const GIC_SPIS = 64;

/**
 * Host code (a kernel service, the loader) touched guest memory that is not mapped: the kernel
 * decides whose fault it is (an oops of the calling task, -EFAULT, "(efault)").
 */
export class GuestAccessError extends MachineError {
  constructor(readonly address: bigint, readonly length: number, readonly write: boolean) {
    super(`host access to unmapped guest memory at ${hex(address)} (+${length})`);
  }
}

export class Core {
  readonly engine = new Engine();
  readonly slice = new SliceCounter();
  /** Set by a trap or memory hook during a run. */
  pendingFault: Fault | null = null;
  private trapStop = false;
  private hookError: unknown = null;

  constructor(readonly id: number, private readonly machine: Machine, private readonly mmu: DataView, mmuPtr: bigint) {
    this.engine.useVirtualTlb(mmuPtr);
    this.engine.countBlocks(this.slice);
    this.engine.onIntr((intno) => this.intr(intno));
    this.engine.onMemInvalid((type, address) => this.memInvalid(type, address));
  }

  /** Instructions this core has executed (exact to the block; see emu/native/hooks.c). */
  get instructions(): bigint { return this.slice.executed; }

  reg(id: number) { return this.engine.reg(id); }
  setReg(id: number, v: bigint) { this.engine.setReg(id, v); }
  x(n: number) { return this.engine.reg(Reg.X[n]); }
  setX(n: number, v: bigint) { this.engine.setReg(Reg.X[n], v); }
  get pc() { return this.engine.reg(Reg.PC); }
  set pc(v: bigint) { this.engine.setReg(Reg.PC, v); }
  get sp() { return this.engine.reg(Reg.SP); }
  set sp(v: bigint) { this.engine.setReg(Reg.SP, v); }

  /** Stop after every handled svc too (a service call is a scheduling point). */
  svcPoints = false;
  private svcPoint = false;

  /** Runs at most `budget` more instructions (rounded up to a block). */
  run(budget: number): StopReason {
    const s = this.slice;
    s.budget = s.executed + BigInt(budget);
    s.stopped = false;
    s.point = 0;
    s.clearPending();
    this.svcPoint = false;
    this.trapStop = false;
    this.pendingFault = null;
    this.hookError = null;
    this.mmu.setBigUint64(MMU.faultKind, 0n, true);
    const begin = this.pc;
    let rc: number;
    if (begin === CALL_SENTINEL) return { kind: 'sentinel' };
    rc = this.engine.start(begin, CALL_SENTINEL);
    if (this.hookError) {
      const e = this.hookError;
      this.hookError = null;
      throw e;
    }
    if (this.pendingFault) return { kind: 'fault', fault: this.pendingFault };
    if (s.point === POINT_POISON) {
      const write = s.pointType === UC_MEM_WRITE;
      return { kind: 'fault', fault: { kind: write ? 'write-poisoned' : 'read-poisoned', cpu: this.id, pc: s.pointPc, address: this.machine.poisonedVa(s.pointAddr) } };
    }
    if (rc !== 0) return { kind: 'fault', fault: this.faultFromError(rc) };
    if (this.pc === CALL_SENTINEL) return { kind: 'sentinel' };
    if (this.trapStop) return { kind: 'stopped' };
    if (s.point === POINT_RANGE) return { kind: 'point', point: 'range', address: s.pointAddr };
    if (s.point === POINT_LINE) return { kind: 'point', point: 'line', address: s.pointAddr };
    if (this.svcPoint) return { kind: 'point', point: 'svc', address: this.pc };
    if (s.stopped) return { kind: 'budget' };
    return { kind: 'stopped' };
  }

  private lastInvalid: { type: number; address: bigint } | null = null;

  private memInvalid(type: number, address: bigint): boolean {
    this.lastInvalid = { type, address };
    return false;
  }

  /** The abort the MMU recorded (kml_tlb_fill), as the data or instruction abort's FAR says. */
  private mmuFault(): Fault | null {
    const kind = Number(this.mmu.getBigUint64(MMU.faultKind, true));
    if (!kind) return null;
    const type = Number(this.mmu.getBigUint64(MMU.faultType, true));
    const access = type === UC_MEM_WRITE ? 'write' : type === UC_MEM_FETCH ? 'fetch' : 'read';
    const how = kind === FAULT_PERMISSION ? 'prot' : 'unmapped';
    const level = Number(this.mmu.getBigUint64(MMU.faultLevel, true));
    const page = this.mmu.getBigUint64(MMU.faultVa, true);
    const pc = this.pc;
    let address = access === 'fetch' ? (pc >= page && pc < page + BigInt(PAGE_SIZE) ? pc : page) : page;
    if (access !== 'fetch') {
      // The hook knows the page only; FAR names the byte. An access crossing into the faulting
      // page from the one before faults at the page's first byte, as FAR says too.
      const insn = this.machine.isMapped(pc) ? this.machine.readU32(pc) : 0;
      const ea = loadStoreAddress(insn, this);
      if (ea !== null && ea >= page && ea < page + BigInt(PAGE_SIZE)) address = ea;
    }
    return { kind: `${access}-${how}` as FaultKind, cpu: this.id, pc, address, level };
  }

  private faultFromError(rc: number): Fault {
    if (rc === UC_ERR_EXCEPTION) {
      const f = this.mmuFault();
      if (f) return f;
    }
    const inv = this.lastInvalid;
    const pc = this.pc;
    this.lastInvalid = null;
    const kinds: Record<number, FaultKind> = {
      [UC_ERR_READ_UNMAPPED]: 'read-unmapped', [UC_ERR_WRITE_UNMAPPED]: 'write-unmapped',
      [UC_ERR_FETCH_UNMAPPED]: 'fetch-unmapped', [UC_ERR_READ_PROT]: 'read-prot',
      [UC_ERR_WRITE_PROT]: 'write-prot', [UC_ERR_FETCH_PROT]: 'fetch-prot',
      [UC_ERR_INSN_INVALID]: 'undefined-instruction', [UC_ERR_READ_UNALIGNED]: 'unaligned',
      [UC_ERR_WRITE_UNALIGNED]: 'unaligned', [UC_ERR_FETCH_UNALIGNED]: 'unaligned',
    };
    const kind = kinds[rc];
    if (!kind) throw new UnicornError(rc, `uc_emu_start on cpu${this.id} at ${hex(pc)}`);
    const byType: Record<number, FaultKind> = {
      [UC_MEM_READ_UNMAPPED]: 'read-unmapped', [UC_MEM_WRITE_UNMAPPED]: 'write-unmapped',
      [UC_MEM_FETCH_UNMAPPED]: 'fetch-unmapped', [UC_MEM_READ_PROT]: 'read-prot',
      [UC_MEM_WRITE_PROT]: 'write-prot', [UC_MEM_FETCH_PROT]: 'fetch-prot',
    };
    const address = inv?.address ?? pc;
    return { kind: inv ? byType[inv.type] ?? kind : kind, cpu: this.id, pc, address };
  }

  private intr(intno: number) {
    try {
      const pc = this.pc;
      let trap: Trap | null = null;
      // EXCP_SWI (2): PC is past the svc. EXCP_BKPT (7): PC is at the brk.
      if (intno === 2) trap = { kind: 'svc', cpu: this.id, pc: pc - 4n, imm: (this.machine.readU32(pc - 4n) >>> 5) & 0xffff };
      else if (intno === 7) trap = { kind: 'brk', cpu: this.id, pc, imm: (this.machine.readU32(pc) >>> 5) & 0xffff };
      if (intno === 1 && this.gicSysreg(pc)) return;
      if (!trap) {
        const kind: FaultKind = intno === 1 ? 'undefined-instruction' : 'exception';
        this.pendingFault = { kind, cpu: this.id, pc, imm: intno, address: pc };
        this.engine.stop();
        return;
      }
      const r = this.machine.trapHandler(this, trap);
      if (r.action === 'fault') {
        this.pendingFault = r.fault;
        this.engine.stop();
      } else if (r.action === 'stop') {
        this.trapStop = true;
        this.engine.stop();
      } else if (trap.kind === 'brk') {
        this.pc = pc + 4n; // a handled brk (e.g. WARN) resumes after it
      } else if (this.svcPoints) {
        this.svcPoint = true;
        this.engine.stop();
      }
    } catch (e) {
      // An exception must not escape into koffi: emulation would go on wrongly.
      this.hookError = e;
      this.engine.stop();
    }
  }

  /**
   * Exception entry to EL1 using SP_EL1 (the ARM ARM's AArch64.TakeException, which Unicorn
   * does not do for an interrupt it never hears of): SPSR_EL1 and ELR_EL1 keep the interrupted
   * state, DAIF is masked, and the core goes on at VBAR_EL1 + `offset`.
   */
  takeException(offset: bigint, esr?: bigint, far?: bigint) {
    const pstate = this.reg(Reg.PSTATE) & 0xffffffffn;
    this.engine.setSysreg(3, 0, 4, 0, 0, pstate); // SPSR_EL1
    this.setReg(Reg.ELR_EL1, this.pc);
    if (esr !== undefined) this.setReg(Reg.ESR_EL1, esr);
    if (far !== undefined) this.setReg(Reg.FAR_EL1, far);
    this.setReg(Reg.PSTATE, (pstate & ~0x3cfn) | 0x3c5n);
    this.pc = this.reg(Reg.VBAR_EL1) + offset;
  }

  /**
   * A data or instruction abort or an undefined instruction, taken as the hardware takes it:
   * the synchronous vector of the current EL with SP_ELx (VBAR_EL1 + 0x200), ESR_EL1 from the
   * fault, FAR_EL1 its address, ELR_EL1 the faulting instruction. False when it cannot be:
   * no vector table, no exception of the architecture (faultEsr), or no room on the stack for
   * the registers the entry code saves (the kernel reports that overflow itself).
   */
  takeFault(f: Fault): boolean {
    const esr = faultEsr(f);
    if (esr === null || this.reg(Reg.VBAR_EL1) === 0n || (this.reg(Reg.PSTATE) & 0xfn) !== 0x5n) return false;
    const sp = this.sp;
    if (!this.machine.isMapped(sp - 1n) || !this.machine.isMapped(sp - PT_REGS_SIZE)) return false;
    this.pc = f.pc;
    this.takeException(0x200n, esr, f.kind === 'undefined-instruction' ? undefined : f.address ?? f.pc);
    this.faultsTaken++;
    return true;
  }
  faultsTaken = 0;

  /**
   * Takes the GIC's interrupt for this core if it can (a vector table is set and PSTATE.I is
   * clear): the IRQ vector of the current EL with SP_ELx (0x280), SP_EL0 (0x080) or of EL0 (0x480).
   */
  deliverInterrupt(): boolean {
    if (this.machine.gic.highestPending(this.id) === null) return false;
    const pstate = this.reg(Reg.PSTATE);
    if ((pstate & 0x80n) !== 0n || this.reg(Reg.VBAR_EL1) === 0n || this.pc === CALL_SENTINEL) return false;
    const mode = pstate & 0xfn;
    this.takeException(mode === 0x5n ? 0x280n : mode === 0x4n ? 0x80n : 0x480n);
    this.interruptsTaken++;
    return true;
  }
  interruptsTaken = 0;

  /**
   * An undefined instruction that is an access to the GIC's CPU interface (ICC_*_EL1, which
   * Unicorn's CPU lacks): done here, as the GIC's system-register interface would. False when
   * the instruction is something else.
   */
  private gicSysreg(pc: bigint): boolean {
    if (!this.machine.isMapped(pc)) return false;
    const insn = this.machine.readU32(pc);
    if (((insn & 0xffd00000) >>> 0) !== 0xd5100000) return false;
    const read = ((insn >>> 21) & 1) === 1;
    const op0 = 2 + ((insn >>> 19) & 1), op1 = (insn >>> 16) & 7, crn = (insn >>> 12) & 15, crm = (insn >>> 8) & 15, op2 = (insn >>> 5) & 7;
    const rt = insn & 31;
    if (op0 !== 3 || op1 !== 0) return false;
    const gic = this.machine.gic;
    const value = () => (rt === 31 ? 0n : this.x(rt));
    const give = (v: bigint) => { if (rt !== 31) this.setX(rt, v); };
    const reg = `${crn}.${crm}.${op2}`;
    switch (reg) {
      case '12.12.0': if (!read) return false; give(BigInt(gic.acknowledge(this.id))); break; // ICC_IAR1_EL1
      case '12.12.1': if (read) return false; gic.endOfInterrupt(this.id, Number(value() & 0xffffffn)); break; // ICC_EOIR1_EL1
      case '12.11.5': { // ICC_SGI1R_EL1
        if (read) return false;
        const v = value();
        const intid = Number((v >> 24n) & 15n);
        let targets: bigint;
        if ((v >> 40n) & 1n) targets = ((1n << BigInt(gic.cpus)) - 1n) & ~(1n << BigInt(this.id));
        else targets = (v & 0xffffn) << (((v >> 16n) & 0xffn) * 16n);
        gic.sendSgi(intid, targets);
        break;
      }
      case '4.6.0': if (read) give(BigInt(gic.priorityMask(this.id))); else gic.setPriorityMask(this.id, Number(value() & 0xffn)); break; // ICC_PMR_EL1
      case '12.12.7': if (read) give(gic.groupIsEnabled(this.id) ? 1n : 0n); else gic.setGroupEnabled(this.id, (value() & 1n) === 1n); break; // ICC_IGRPEN1_EL1
      case '12.12.5': if (read) give(7n); break; // ICC_SRE_EL1: system registers enabled
      case '12.12.4': if (read) give(0n); break; // ICC_CTLR_EL1: EOImode 0, 16-bit INTIDs
      case '12.11.3': if (!read) return false; give(gic.groupIsEnabled(this.id) && gic.highestPending(this.id) === null ? 0xffn : BigInt(Gic.PRIORITY)); break; // ICC_RPR_EL1
      default: return false;
    }
    this.pc = pc + 4n;
    return true;
  }

  close() { this.engine.close(); }
}

export interface MachineConfig {
  cpus: number;
  memBytes: number;
  /** Price TLB misses (emu/cost.ts tlbL2HitCycles, tlbWalkLevelCycles): off unless given. */
  tlb?: { l2HitCycles: number; walkLevelCycles: number };
  /** Cycles charged for moving a tracked cache line between cores (emu/cost.ts). */
  transferCycles?: number;
}

export class Machine {
  readonly ram: HostMemory;
  readonly cores: Core[] = [];
  /** Task contexts saved by the cores (emu/checkpoint.ts keeps some alive). */
  readonly contexts = new ContextRegistry();
  private readonly maps: Mapping[] = [];
  /** The kernel's page tables (TTBR0/TTBR1), in a pool of RAM below the call sentinel. */
  readonly pageTables: PageTables;
  private readonly mmuState: HostMemory;
  /** The cost model's TLBs (struct kml_tlb per core) and the physical-to-virtual page map. */
  private readonly tlbState: HostMemory | null = null;
  private readonly pfnVa: HostMemory | null = null;
  trapHandler: TrapHandler = (_c, t) => ({ action: 'fault', fault: { kind: t.kind === 'brk' ? 'brk' : 'exception', cpu: t.cpu, pc: t.pc, imm: t.imm } });

  constructor(readonly config: MachineConfig) {
    if (!Number.isInteger(config.cpus) || config.cpus < 1 || config.cpus > 64) {
      throw new MachineError(`cpus=${config.cpus}: the machine has 1 to 64 cores`);
    }
    if (config.memBytes % PAGE_SIZE !== 0 || config.memBytes < (16 << 20) || config.memBytes > 2048 * 1024 * 1024) {
      throw new MachineError(`mem=${config.memBytes}: RAM must be page aligned, 16M..2G`);
    }
    this.ram = new HostMemory(config.memBytes);
    // The last page is the call sentinel: returning to it ends a host-started call; executing
    // it (it is all brk #0x5e) would be a bug. Unicorn 2.1 fetches from 0x400 below the address
    // a run ends at when it gets there (measured), so the page before it is mapped too, all brk
    // as well. Below them, the page-table pool: one table page per 512 KiB of RAM (64..4096),
    // enough to map all of RAM page by page twice over.
    const sentinel = config.memBytes - 2 * PAGE_SIZE;
    const poolPages = Math.min(4096, Math.max(64, Math.floor(config.memBytes / (512 * 1024))));
    this.usableRam = sentinel - poolPages * PAGE_SIZE;
    this.pageTables = new PageTables(this.ram.view, this.usableRam, poolPages);
    this.mmuState = new HostMemory(Math.max(4096, config.cpus * MMU_BYTES));
    for (let i = 0; i < config.cpus; i++) {
      const v = new DataView(this.mmuState.bytes.buffer, i * MMU_BYTES, MMU_BYTES);
      v.setBigUint64(MMU.ram, this.ram.ptr, true);
      v.setBigUint64(MMU.ramSize, BigInt(config.memBytes), true);
      v.setBigUint64(MMU.ttbr0, BigInt(this.pageTables.ttbr0), true);
      v.setBigUint64(MMU.ttbr1, BigInt(this.pageTables.ttbr1), true);
      const core = new Core(i, this, v, this.mmuState.ptr + BigInt(i * MMU_BYTES));
      core.engine.contexts = this.contexts;
      // Physical RAM: the one memory region of every core; all else is page tables.
      core.engine.mapPtr(0n, config.memBytes, UC_PROT_ALL, this.ram, 0);
      this.cores.push(core);
    }
    if (config.tlb) {
      const npfn = config.memBytes / PAGE_SIZE;
      this.pfnVa = new HostMemory(npfn * 8);
      this.tlbState = new HostMemory(config.cpus * TLB_BYTES);
      this.cores.forEach((core, i) => {
        const o = i * TLB_BYTES;
        const v = this.tlbState!.view;
        v.setBigUint64(o + TLB.mmu, this.mmuState.ptr + BigInt(i * MMU_BYTES), true);
        v.setBigUint64(o + TLB.l2Hit, BigInt(config.tlb!.l2HitCycles), true);
        v.setBigUint64(o + TLB.walkLevel, BigInt(config.tlb!.walkLevelCycles), true);
        v.setBigUint64(o + TLB.pfnVa, this.pfnVa!.ptr, true);
        v.setBigUint64(o + TLB.npfn, BigInt(npfn), true);
        v.setBigUint64(o + TLB.linearBase, PAGE_OFFSET, true);
        const p = this.tlbState!.ptr + BigInt(o);
        core.slice.tlb = p;
        core.engine.priceDataTlb(p);
      });
    }
    // All of RAM in the linear map, in 2 MiB blocks; its pages are never unmapped.
    this.map(PAGE_OFFSET, 0, config.memBytes, PROT.RWX, 'linear map');
    for (let o = 0; o < 2 * PAGE_SIZE; o += 4) this.ram.view.setUint32(sentinel + o, 0xd4200bc0, true);
    this.map(CALL_SENTINEL - BigInt(PAGE_SIZE), sentinel, 2 * PAGE_SIZE, PROT.RX, 'call sentinel');
    this.coherence = new Coherence(this.cores, config.transferCycles ?? 118);
    this.gic = new Gic(config.cpus, GIC_SPIS);
    this.timer = new GenericTimer(this.gic);
  }

  /** Line-transfer costs of the cache lines the kernel tracks. */
  private readonly coherence: Coherence;
  /** The interrupt controller and each core's generic timer. */
  readonly gic: Gic;
  readonly timer: GenericTimer;

  /**
   * A core (re)starts running at machine time `now`: its counter and timer catch up, and it
   * takes a pending interrupt it can take.
   */
  interruptCheck(core: Core, now: bigint) {
    this.timer.sync(core, now);
    core.deliverInterrupt();
  }

  /**
   * Scheduling points for schedule exploration: with `on`, a core's run also stops when it
   * enters or leaves a watched code range, accesses a tracked line, or returns from an svc.
   */
  setPoints(on: boolean) {
    for (const c of this.cores) { c.slice.points = on; c.svcPoints = on; }
  }
  /** The watched code ranges (entering or leaving one is a point; Core.slice.inRange tells which). */
  setCodeRanges(ranges: readonly { begin: bigint; end: bigint }[]) {
    for (const c of this.cores) c.slice.setRanges(ranges);
  }

  /**
   * Poisoned ranges: memory that stays mapped but that nobody may read or write (the kernel
   * poisons what it freed). An access stops the core with a `*-poisoned` fault naming the
   * instruction; unpoison() gives a range back (it was allocated again).
   */
  private poisoned: { begin: bigint; end: bigint; pa: bigint; hooks: number[] }[] = [];
  poison(va: bigint, size: number) {
    this.unpoison(va, size);
    this.addPoison(va, va + BigInt(size));
    this.invalidateExecutable();
  }
  unpoison(va: bigint, size: number) {
    const end = va + BigInt(size);
    const hit = this.poisoned.filter((p) => p.begin < end && va < p.end);
    if (!hit.length) return;
    for (const p of hit) {
      this.cores.forEach((c, i) => c.engine.deleteHook(p.hooks[i]));
      this.poisoned.splice(this.poisoned.indexOf(p), 1);
      if (p.begin < va) this.addPoison(p.begin, va);
      if (end < p.end) this.addPoison(end, p.end);
    }
    // No code is dropped: what was translated while the hook existed checks the hooks at run
    // time and finds it gone. (kmalloc reusing freed module memory, a service call, dropped
    // every module's code each time, and filled Unicorn's translation buffer.)
  }
  poisonedRanges(): { begin: bigint; end: bigint }[] { return this.poisoned.map(({ begin, end }) => ({ begin, end })); }
  // Memory hooks see physical addresses: a poisoned range must be physically contiguous (the
  // kernel poisons linear-map memory only).
  private addPoison(begin: bigint, end: bigint) {
    const size = Number(end - begin);
    const pa = this.pa(begin, size);
    if (this.translate(end - 1n) !== pa + size - 1) throw new MachineError(`poison ${hex(begin)}: not physically contiguous`);
    const hooks = this.cores.map((c) => c.engine.poisonMemory(c.slice, BigInt(pa), BigInt(pa + size - 1)));
    this.poisoned.push({ begin, end, pa: BigInt(pa), hooks });
  }
  /** The virtual address a poisoned physical address was poisoned under. */
  poisonedVa(pa: bigint): bigint {
    const p = this.poisoned.find((x) => pa >= x.pa && pa < x.pa + (x.end - x.begin));
    return p ? p.begin + (pa - p.pa) : pa;
  }

  /** Prices the cache lines of [va, va+bytes) as shared between cores (emu/coherence.ts). */
  trackLines(va: bigint, bytes: number, name: string) {
    // Memory hooks see physical addresses: each physically contiguous run is tracked.
    const runs: { pa: bigint; bytes: number }[] = [];
    let off = 0;
    while (off < bytes) {
      const v = va + BigInt(off);
      const n = Math.min(bytes - off, PAGE_SIZE - Number(v % BigInt(PAGE_SIZE)));
      const pa = BigInt(this.pa(v, n));
      const last = runs[runs.length - 1];
      if (last && last.pa + BigInt(last.bytes) === pa) last.bytes += n;
      else runs.push({ pa, bytes: n });
      off += n;
    }
    this.coherence.track(va, bytes, name, runs);
    this.invalidateExecutable();
  }
  untrackLines(va: bigint) { this.coherence.untrack(va); }
  /** Core `cpu` starts a slice at machine time `clock` (the coherence model's queueing). */
  sliceAt(cpu: number, clock: bigint) { this.coherence.sliceAt(cpu, clock, this.cycles(cpu)); }
  /** Owner and sharers of each line of a tracked range (for observers). */
  lineOwners(va: bigint) { return this.coherence.lines(va); }
  /** Tracked lines core `cpu` had to fetch from another core. */
  lineTransfers(cpu: number): bigint { return this.coherence.transfers(cpu); }

  /**
   * Drops the translated code of every place code may run from: executable mappings other than
   * the linear map, and the parts of the linear map code was written to (kmalloc-placed modules).
   */
  invalidateExecutable() {
    for (const m of this.maps) if (m.perms & PROT.X && m.va !== PAGE_OFFSET) this.removeCache(m.va, m.size);
    for (const [va, size] of this.linearCode.values()) this.removeCache(va, size);
  }

  /** Ranges of the linear map code was written to (see invalidateExecutable). */
  private readonly linearCode = new Map<bigint, [bigint, number]>();

  /** Drops the translated code of physical RAM [pa, pa+len) (it was written behind Unicorn). */
  dropCode(pa: number, len: number) { this.removeCache(PAGE_OFFSET + BigInt(pa), len); }
  /** Every core's TLB flushed (the page tables changed behind the kernel's back). */
  flushTlbs() { for (const c of this.cores) c.engine.tlbi(); }
  /** The buffer of RAM pages written since trackWrites() (never part of a checkpoint). */
  get dirtyBuffer(): ArrayBufferLike | null { return this.dirty?.bytes.buffer ?? null; }

  /**
   * Unicorn finds the translated code of a virtual range through an instruction fetch of each
   * page (a TLB fill of type fetch): on a page that is not executable that fetch faults, even
   * from the host, so only the executable pages of the range are named.
   */
  private removeCache(va: bigint, size: number) {
    const end = va + BigInt(size);
    let run: bigint | null = null;
    // One descriptor decides a whole page, 2 MiB block or empty range: step by what it covers.
    for (let p = va - (va % BigInt(PAGE_SIZE)); ;) {
      const d = p < end ? this.pageTables.walk(p) : null;
      const x = d !== null && d.perms >= 0 && (d.perms & PROT.X) !== 0;
      if (x && run === null) run = p < va ? va : p;
      if (!x && run !== null) {
        const stop = p < end ? p : end;
        for (const c of this.cores) c.engine.removeCache(run, stop);
        run = null;
      }
      if (p >= end) break;
      p += BigInt(d!.span) - (p % BigInt(d!.span));
    }
  }

  /** Cycles of core `cpu`: instructions plus line transfers (service costs are the scheduler's). */
  cycles(cpu: number): bigint {
    const tlb = this.tlbState ? this.tlbState.view.getBigUint64(cpu * TLB_BYTES + TLB.penalty, true) : 0n;
    return this.cores[cpu].instructions + this.coherence.penalty(cpu) + tlb;
  }

  /** Physical RAM below this offset belongs to the kernel's allocators. */
  readonly usableRam: number;

  /** Maps physical [pa, pa+size) at va: page table entries every core translates through. */
  map(va: bigint, pa: number, size: number, perms: number, name: string) {
    if (size <= 0 || size % PAGE_SIZE || pa % PAGE_SIZE || va % BigInt(PAGE_SIZE)) {
      throw new MachineError(`map ${name}: unaligned ${hex(va)} size ${size}`);
    }
    if (pa + size > this.ram.size) throw new MachineError(`map ${name}: beyond RAM`);
    for (const m of this.maps) {
      if (va < m.va + BigInt(m.size) && m.va < va + BigInt(size)) {
        throw new MachineError(`map ${name} at ${hex(va)} overlaps ${m.name} at ${hex(m.va)}`);
      }
    }
    try {
      // Only the linear map uses blocks (arm64 maps vmalloc and modules page by page).
      this.pageTables.map(va, pa, size, perms, va === PAGE_OFFSET);
    } catch (e) {
      if (e instanceof PageTableError) throw new MachineError(`map ${name}: ${e.message}`);
      throw e;
    }
    // Poison is physical: pages mapped again (a freed module's memory given to vmalloc) are
    // someone else's now, whichever address they were poisoned under.
    for (const p of this.poisoned.filter((x) => x.pa < BigInt(pa + size) && BigInt(pa) < x.pa + (x.end - x.begin))) {
      const from = p.begin + (BigInt(pa) > p.pa ? BigInt(pa) - p.pa : 0n);
      const to = p.begin + (BigInt(pa + size) - p.pa);
      this.unpoison(from, Number((to < p.end ? to : p.end) - from));
    }
    this.notePages(va, pa, size, true);
    const m = { va, size, pa, perms, name };
    const i = this.maps.findIndex((x) => x.va > va);
    if (i < 0) this.maps.push(m); else this.maps.splice(i, 0, m);
    this.invalidateCode(va, size);
  }

  /** Unmaps a whole mapping made by map() starting at va: PTEs cleared, every core's TLB flushed. */
  unmap(va: bigint) {
    const i = this.maps.findIndex((m) => m.va === va);
    if (i < 0) throw new MachineError(`unmap ${hex(va)}: not mapped`);
    const m = this.maps[i];
    this.invalidateCode(m.va, m.size);
    this.pageTables.unmap(m.va, m.size);
    this.notePages(m.va, m.pa, m.size, false);
    this.flushTlb(m.va, m.size);
    this.maps.splice(i, 1);
  }

  /** New permissions for [va, va+size): PTEs rewritten, every core's TLB flushed. */
  protect(va: bigint, size: number, perms: number) {
    try {
      this.pageTables.protect(va, size, perms);
    } catch (e) {
      if (e instanceof PageTableError) throw new MachineError(`protect ${hex(va)}: ${e.message}`);
      throw e;
    }
    this.flushTlb(va, size);
    this.invalidateCode(va, size);
  }

  /**
   * TLB invalidation on every core after a page table change: TLBI VMALLE1. (TLBI VAAE1 page
   * by page, as arm64's flush_tlb_kernel_range does for small ranges, left entries of a freed
   * multi-page range in Unicorn 2.1.1's TLB: measured, a remapped 16 KiB stack read its old
   * pages. Dropping the whole TLB costs only refills, which the fill hook serves.)
   */
  private flushTlb(va: bigint, size: number) {
    for (const c of this.cores) c.engine.tlbi();
    if (this.tlbState) this.invalidateModelTlb(va, size);
  }

  /**
   * The cost model's TLBs drop what arm64's flush_tlb_kernel_range would: the entries of the
   * range, TLBI by TLBI, or everything past MAX_TLBI_OPS (512) pages.
   */
  private invalidateModelTlb(va: bigint, size: number) {
    const v = this.tlbState!.view;
    const end = va + BigInt(size);
    const all = size / PAGE_SIZE > 512;
    for (let i = 0; i < this.cores.length; i++) {
      for (let o = i * TLB_BYTES + TLB.entries; o < (i + 1) * TLB_BYTES; o += 24) {
        if (!v.getBigUint64(o + 8, true)) continue;
        const shift = v.getBigUint64(o + 16, true);
        const start = v.getBigUint64(o, true) << shift;
        if (all || (start < end && va < start + (1n << shift))) v.setBigUint64(o + 8, 0n, true);
      }
    }
  }

  /** The cost model's TLB figures of core `cpu`, or null when TLBs are not priced. */
  tlbStats(cpu: number): TlbStats | null {
    if (!this.tlbState) return null;
    const v = this.tlbState.view, o = cpu * TLB_BYTES;
    const g = (f: number) => v.getBigUint64(o + f, true);
    return { l1iMisses: g(TLB.l1iMisses), l1dMisses: g(TLB.l1dMisses), l2Misses: g(TLB.l2Misses), walks: g(TLB.walks), cycles: g(TLB.penalty) };
  }

  /** Records where a physical page is mapped outside the linear map (the data TLB's view). */
  private notePages(va: bigint, pa: number, size: number, on: boolean) {
    if (!this.pfnVa || va === PAGE_OFFSET) return;
    for (let o = 0; o < size; o += PAGE_SIZE) {
      const at = ((pa + o) / PAGE_SIZE) * 8;
      if (on) this.pfnVa.view.setBigUint64(at, va + BigInt(o), true);
      else if (this.pfnVa.view.getBigUint64(at, true) === va + BigInt(o)) this.pfnVa.view.setBigUint64(at, 0n, true);
    }
  }

  /** Whether [va, va+size) can still be mapped page by page (page-table pages left). */
  hasRoomFor(va: bigint, size: number): boolean {
    return this.pageTables.tablesNeeded(va, size) <= this.pageTables.available;
  }

  mappings(): readonly Mapping[] { return this.maps; }

  /** Translated code of every core for [va, va+size) is dropped: call after writing code. */
  invalidateCode(va: bigint, size: number) {
    this.removeCache(va, size);
    if (va >= PAGE_OFFSET && size < this.config.memBytes) this.linearCode.set(va, [va, size]);
  }

  /** Physical offset of va, or -1 if unmapped. */
  translate(va: bigint): number {
    const maps = this.maps;
    let lo = 0, hi = maps.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = maps[mid];
      if (va < m.va) hi = mid - 1;
      else if (va >= m.va + BigInt(m.size)) lo = mid + 1;
      else return m.pa + Number(va - m.va);
    }
    return -1;
  }

  private pa(va: bigint, len: number, write = false): number {
    const p = this.translate(va);
    if (p < 0 || (len > 1 && this.translate(va + BigInt(len - 1)) !== p + len - 1)) {
      // the first byte that is not there, as a data abort's FAR would say
      let at = va;
      if (p >= 0) while (at < va + BigInt(len) && this.translate(at) >= 0) at++;
      throw new GuestAccessError(at, len, write);
    }
    if (write && this.dirty) this.markDirty(p, len);
    return p;
  }

  /**
   * RAM pages written since trackWrites(), one byte per physical page: the cores' stores are
   * marked by the MMU hook (kml_tlb_fill), the host's by every write through this class and
   * the page tables'.
   */
  private dirty: HostMemory | null = null;
  /** Starts recording, afresh, which RAM pages are written. */
  trackWrites(): Uint8Array {
    if (!this.dirty) {
      this.dirty = new HostMemory(this.config.memBytes / PAGE_SIZE);
      for (let i = 0; i < this.cores.length; i++) this.mmuState.view.setBigUint64(i * MMU_BYTES + MMU.dirty, this.dirty.ptr, true);
      this.pageTables.written = (pa, len) => this.markDirty(pa, len);
    }
    this.dirty.bytes.fill(0);
    // Entries Unicorn filled writable would let stores past unmarked.
    this.flushTlbs();
    return this.dirty.bytes;
  }
  private markDirty(pa: number, len: number) {
    const d = this.dirty!.bytes;
    for (let f = pa >>> 12, l = (pa + len - 1) >>> 12; f <= l; f++) d[f] = 1;
  }
  /** Physical RAM [pa, pa+len) filled with byte (pages the kernel allocates or frees). */
  fillPhys(pa: number, len: number, byte: number) {
    if (this.dirty && len > 0) this.markDirty(pa, len);
    this.ram.bytes.fill(byte, pa, pa + len);
  }

  isMapped(va: bigint): boolean { return this.translate(va) >= 0; }

  read(va: bigint, len: number): Uint8Array {
    const p = this.pa(va, len);
    return this.ram.bytes.slice(p, p + len);
  }
  /** A view (no copy) of guest memory; valid while the mapping stays. */
  view(va: bigint, len: number): Uint8Array {
    const p = this.pa(va, len, true);
    return this.ram.bytes.subarray(p, p + len);
  }
  write(va: bigint, data: Uint8Array) {
    const p = this.pa(va, data.length, true);
    this.ram.bytes.set(data, p);
  }
  fill(va: bigint, len: number, byte: number) {
    const p = this.pa(va, len, true);
    this.ram.bytes.fill(byte, p, p + len);
  }
  readU8(va: bigint) { return this.ram.bytes[this.pa(va, 1)]; }
  readU16(va: bigint) { return this.ram.view.getUint16(this.pa(va, 2), true); }
  readU32(va: bigint) { return this.ram.view.getUint32(this.pa(va, 4), true); }
  readU64(va: bigint) { return this.ram.view.getBigUint64(this.pa(va, 8), true); }
  writeU8(va: bigint, v: number) { this.ram.bytes[this.pa(va, 1, true)] = v; }
  writeU16(va: bigint, v: number) { this.ram.view.setUint16(this.pa(va, 2, true), v, true); }
  writeU32(va: bigint, v: number) { this.ram.view.setUint32(this.pa(va, 4, true), v >>> 0, true); }
  writeU64(va: bigint, v: bigint) { this.ram.view.setBigUint64(this.pa(va, 8, true), BigInt.asUintN(64, v), true); }

  /** NUL-terminated string at va (at most max bytes), or null if unreadable. */
  readCString(va: bigint, max = 4096): Uint8Array | null {
    // Mappings are whole pages: one translation per page, then a search for the NUL in RAM.
    const parts: Uint8Array[] = [];
    let got = 0;
    let cur = va;
    while (got < max) {
      const p = this.translate(cur);
      if (p < 0) return null;
      const n = Math.min(4096 - Number(cur & 0xfffn), max - got);
      const chunk = this.ram.bytes.subarray(p, p + n);
      const z = chunk.indexOf(0);
      if (z >= 0) {
        parts.push(chunk.subarray(0, z));
        break;
      }
      parts.push(chunk);
      got += n;
      cur += BigInt(n);
    }
    if (parts.length === 1) return parts[0].slice();
    const out = new Uint8Array(parts.reduce((a, x) => a + x.length, 0));
    let o = 0;
    for (const x of parts) {
      out.set(x, o);
      o += x.length;
    }
    return out;
  }
  readString(va: bigint, max = 4096): string {
    const b = this.readCString(va, max);
    return b ? Buffer.from(b).toString('latin1') : '';
  }

  /** Total instructions executed by all cores. */
  instructions(): bigint {
    return this.cores.reduce((a, c) => a + c.instructions, 0n);
  }

  close() {
    for (const c of this.cores) c.close();
    this.coherence.close();
    this.mmuState.free();
    this.tlbState?.free();
    this.pfnVa?.free();
    this.dirty?.free();
    this.ram.free();
  }
}

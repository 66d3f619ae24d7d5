// Typed binding of Unicorn 2.1 (Debian trixie's libunicorn2t64, extracted under build/unicorn
// by tools/unicorn.sh) through koffi. This is the only file that knows koffi: everything else
// sees Engine, HostMemory and plain numbers/bigints.
import koffi from 'koffi';
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './repo-root.ts';

export { REPO_ROOT };

const UNICORN_DIR = join(REPO_ROOT, 'build', 'unicorn', 'usr');
const SETUP_HINT = "run 'make setup' (tools/unicorn.sh fetches Unicorn 2.1 into build/unicorn)";

/** build/unicorn/usr/lib/<multiarch>/libunicorn.so.2, or null. */
function unicornLibrary(): string | null {
  const lib = join(UNICORN_DIR, 'lib');
  if (!existsSync(lib)) return null;
  for (const d of readdirSync(lib)) {
    const p = join(lib, d, 'libunicorn.so.2');
    if (existsSync(p)) return p;
  }
  return null;
}

export const UC_ARCH_ARM64 = 2;
export const UC_MODE_ARM = 0;
export const UC_CPU_ARM64_MAX = 3;

export const UC_PROT_NONE = 0;
export const UC_PROT_READ = 1;
export const UC_PROT_WRITE = 2;
export const UC_PROT_EXEC = 4;
export const UC_PROT_ALL = 7;

export const UC_HOOK_INTR = 1 << 0;
export const UC_HOOK_INSN = 1 << 1;
export const UC_HOOK_CODE = 1 << 2;
const UC_ARM64_INS_MRS = 1, UC_ARM64_INS_MSR = 2;
export const UC_HOOK_BLOCK = 1 << 3;
export const UC_HOOK_MEM_READ = 1 << 10;
export const UC_HOOK_MEM_WRITE = 1 << 11;
export const UC_HOOK_MEM_READ_UNMAPPED = 1 << 4;
export const UC_HOOK_MEM_WRITE_UNMAPPED = 1 << 5;
export const UC_HOOK_MEM_FETCH_UNMAPPED = 1 << 6;
export const UC_HOOK_MEM_READ_PROT = 1 << 7;
export const UC_HOOK_MEM_WRITE_PROT = 1 << 8;
export const UC_HOOK_MEM_FETCH_PROT = 1 << 9;
export const UC_HOOK_MEM_INVALID = 0x3f0;
export const UC_HOOK_INSN_INVALID = 1 << 14;
export const UC_HOOK_TLB_FILL = 1 << 17;

// uc_mem_type, as passed to invalid-memory hooks.
export const UC_MEM_READ = 16, UC_MEM_WRITE = 17, UC_MEM_FETCH = 18;
export const UC_MEM_READ_UNMAPPED = 19, UC_MEM_WRITE_UNMAPPED = 20, UC_MEM_FETCH_UNMAPPED = 21;
export const UC_MEM_WRITE_PROT = 22, UC_MEM_READ_PROT = 23, UC_MEM_FETCH_PROT = 24;

// uc_ctl codes: UC_CTL(type, nr, rw) = type | nr << 26 | rw << 30.
const UC_CTL_IO_WRITE = 1;
const ctl = (type: number, nr: number, rw: number) => (type | (nr << 26) | (rw << 30)) | 0;
const UC_CTL_CPU_MODEL = 7;
const UC_CTL_TB_REMOVE_CACHE = 9;
const UC_CTL_TB_FLUSH = 10;
const UC_CTL_TLB_TYPE = 12;
const UC_TLB_VIRTUAL = 1;

/** AArch64 register ids, read from Unicorn's own header so they cannot drift. */
export const Reg = loadRegisterIds();

function loadRegisterIds() {
  const header = join(UNICORN_DIR, 'include', 'unicorn', 'arm64.h');
  if (!existsSync(header)) throw new Error(`${header} is missing: ${SETUP_HINT}`);
  const text = readFileSync(header, 'utf8');
  const body = /typedef enum uc_arm64_reg \{([\s\S]*?)\} uc_arm64_reg;/.exec(text);
  if (!body) throw new Error(`cannot find enum uc_arm64_reg in ${header}`);
  const ids = new Map<string, number>();
  let next = 0;
  for (const raw of body[1].replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '').split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const m = /^(UC_ARM64_REG_\w+)\s*(?:=\s*(\w+))?$/.exec(item);
    if (!m) continue;
    let v: number;
    if (m[2] === undefined) v = next;
    else if (/^\d+$/.test(m[2])) v = Number(m[2]);
    else if (ids.has(m[2])) v = ids.get(m[2])!;
    else continue;
    ids.set(m[1], v);
    next = v + 1;
  }
  const get = (n: string) => {
    const v = ids.get(`UC_ARM64_REG_${n}`);
    if (v === undefined) throw new Error(`register ${n} not in ${header}`);
    return v;
  };
  const X: number[] = [];
  for (let i = 0; i <= 28; i++) X.push(get(`X${i}`));
  X.push(get('X29'), get('X30'));
  return {
    X, // X[0..30], X[29] = FP, X[30] = LR
    SP: get('SP'), PC: get('PC'), NZCV: get('NZCV'), PSTATE: get('PSTATE'),
    TPIDR_EL1: get('TPIDR_EL1'), SP_EL0: get('SP_EL0'), TPIDR_EL0: get('TPIDR_EL0'),
    CP_REG: get('CP_REG'), SP_EL1: get('SP_EL1'),
    VBAR_EL1: get('VBAR_EL1'), ESR_EL1: get('ESR_EL1'), FAR_EL1: get('FAR_EL1'), ELR_EL1: get('ELR_EL1'),
  };
}

export class UnicornError extends Error {
  constructor(public readonly code: number, public readonly op: string) {
    super(`${op}: ${ucStrerror(code)} (UC_ERR ${code})`);
  }
}

// Error codes that end an emulation run with a guest fault rather than a host bug.
export const UC_ERR_READ_UNMAPPED = 6, UC_ERR_WRITE_UNMAPPED = 7, UC_ERR_FETCH_UNMAPPED = 8;
export const UC_ERR_INSN_INVALID = 10, UC_ERR_READ_PROT = 12, UC_ERR_WRITE_PROT = 13;
export const UC_ERR_FETCH_PROT = 14, UC_ERR_READ_UNALIGNED = 15, UC_ERR_WRITE_UNALIGNED = 16;
export const UC_ERR_FETCH_UNALIGNED = 17, UC_ERR_EXCEPTION = 21;

let lib: ReturnType<typeof bind> | null = null;
function api() {
  return (lib ??= bind());
}

function bind() {
  const path = unicornLibrary();
  if (!path) throw new Error(`Unicorn 2.1 is missing under ${UNICORN_DIR}: ${SETUP_HINT}`);
  let uc;
  try {
    uc = koffi.load(path);
  } catch (e) {
    throw new Error(`cannot load ${path} (${(e as Error).message}): ${SETUP_HINT}`);
  }
  const hooksPath = join(REPO_ROOT, 'build', 'native', 'libkmodlab-hooks.so');
  if (!existsSync(hooksPath)) throw new Error(`${hooksPath} is missing: run 'make setup'`);
  const hooks = koffi.load(hooksPath);
  const libc = koffi.load('libc.so.6');
  const IntrCb = koffi.proto('void uc_cb_hookintr(void *uc, uint32_t intno, void *user)');
  const MemCb = koffi.proto('bool uc_cb_eventmem(void *uc, int type, uint64_t address, int size, int64_t value, void *user)');
  const InsnInvalidCb = koffi.proto('bool uc_cb_hookinsn_invalid(void *uc, void *user)');
  return {
    // The library handles must stay reachable: koffi unloads a collected library, and the
    // engines hold raw pointers into it (kml_block_count).
    libraries: [uc, hooks, libc],
    IntrCb, MemCb, InsnInvalidCb,
    uc_open: uc.func('int uc_open(int arch, int mode, _Out_ void **uc)'),
    uc_close: uc.func('int uc_close(void *uc)'),
    uc_strerror: uc.func('const char *uc_strerror(int code)'),
    uc_ctl_int: uc.func('int uc_ctl(void *uc, int control, ...)'),
    uc_reg_read: uc.func('int uc_reg_read(void *uc, int regid, void *value)'),
    uc_reg_write: uc.func('int uc_reg_write(void *uc, int regid, void *value)'),
    uc_mem_map_ptr: uc.func('int uc_mem_map_ptr(void *uc, uint64_t address, size_t size, uint32_t perms, void *ptr)'),
    uc_mem_unmap: uc.func('int uc_mem_unmap(void *uc, uint64_t address, size_t size)'),
    uc_mem_protect: uc.func('int uc_mem_protect(void *uc, uint64_t address, size_t size, uint32_t perms)'),
    uc_emu_start: uc.func('int uc_emu_start(void *uc, uint64_t begin, uint64_t until, uint64_t timeout, size_t count)'),
    uc_emu_stop: uc.func('int uc_emu_stop(void *uc)'),
    uc_hook_add: uc.func('int uc_hook_add(void *uc, _Out_ uintptr_t *hh, int type, void *callback, void *user, uint64_t begin, uint64_t end, ...)'),
    uc_hook_del: uc.func('int uc_hook_del(void *uc, uintptr_t hh)'),
    uc_context_alloc: uc.func('int uc_context_alloc(void *uc, _Out_ void **ctx)'),
    uc_context_save: uc.func('int uc_context_save(void *uc, void *ctx)'),
    uc_context_restore: uc.func('int uc_context_restore(void *uc, void *ctx)'),
    uc_context_free: uc.func('int uc_context_free(void *ctx)'),
    uc_context_reg_read: uc.func('int uc_context_reg_read(void *ctx, int regid, void *value)'),
    kml_block_count: hooks.symbol('kml_block_count') as bigint,
    kml_mem_access: hooks.symbol('kml_mem_access') as bigint,
    kml_poison_access: hooks.symbol('kml_poison_access') as bigint,
    kml_tlb_fill: hooks.symbol('kml_tlb_fill') as bigint,
    kml_tlb_data: hooks.symbol('kml_tlb_data') as bigint,
    kml_sysreg_read: hooks.symbol('kml_sysreg_read') as bigint,
    kml_sysreg_write: hooks.symbol('kml_sysreg_write') as bigint,
    mmap: libc.func('void *mmap(void *addr, size_t length, int prot, int flags, int fd, int64_t offset)'),
    munmap: libc.func('int munmap(void *addr, size_t length)'),
    mincore: libc.func('int mincore(void *addr, size_t length, _Out_ uint8_t *vec)'),
  };
}

function ucStrerror(code: number): string {
  try {
    return api().uc_strerror(code) as string;
  } catch {
    return 'unicorn error';
  }
}

function check(rc: number, op: string) {
  if (rc !== 0) throw new UnicornError(rc, op);
}

/** Host memory obtained with mmap: zeroed, page aligned, shareable with every engine. */
export class HostMemory {
  /** Host address (koffi passes pointers as bigints). */
  readonly ptr: bigint;
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(readonly size: number) {
    const PROT_RW = 3, MAP_PRIVATE_ANON = 0x22;
    const p = api().mmap(null, size, PROT_RW, MAP_PRIVATE_ANON, -1, 0) as bigint | null;
    if (p === null || p === 0xffffffffffffffffn) {
      throw new Error(`cannot reserve ${size} bytes of host memory for the machine's RAM`);
    }
    this.ptr = p;
    const ab = koffi.view(p, size);
    this.bytes = new Uint8Array(ab);
    this.view = new DataView(ab);
  }
  free() {
    api().munmap(this.ptr, this.size);
  }
  /** Pages the host has backed (mincore): the others were never touched, so hold zeros. */
  resident(): Uint8Array {
    const vec = new Uint8Array(Math.ceil(this.size / 4096));
    if (api().mincore(this.ptr, this.size, vec) !== 0) vec.fill(1);
    return vec;
  }
}

/** Counters shared with the native block hook (struct kml_slice in emu/native/hooks.c). */
export class SliceCounter {
  private readonly mem: HostMemory;
  private readonly u64: BigUint64Array;
  constructor() {
    this.mem = new HostMemory(4096);
    this.u64 = new BigUint64Array(this.mem.bytes.buffer, 0, 512);
  }
  /** Scheduling points (struct kml_slice past `stopped`): see emu/native/hooks.c. */
  get points(): boolean { return this.u64[4] !== 0n; }
  set points(v: boolean) { this.u64[4] = v ? 1n : 0n; }
  get point(): number { return Number(this.u64[5]); }
  set point(v: number) { this.u64[5] = BigInt(v); }
  get inRange(): number { return Number(this.u64[6]); }
  /** The next block sets the current range without stopping (another thread's registers came in). */
  refreshRange() { this.u64[8] = 1n; }
  get pointAddr(): bigint { return this.u64[9]; }
  get pointType(): number { return Number(this.u64[10]); }
  get pointPc(): bigint { return this.u64[11]; }
  get fromRange(): number { return Number(this.u64[12]); }
  /** The cost model's TLBs the block hook looks instruction fetches up in (struct kml_tlb). */
  set tlb(p: bigint) { this.u64[14] = p; }
  /** Forgets a tracked-line access whose point the last run did not reach. */
  clearPending() { this.u64[13] = 0n; }
  /** Watched code ranges [begin, end): entering or leaving one is a scheduling point. */
  setRanges(ranges: readonly { begin: bigint; end: bigint }[]) {
    if (ranges.length > SliceCounter.MAX_RANGES) throw new Error(`at most ${SliceCounter.MAX_RANGES} watched code ranges`);
    ranges.forEach((r, i) => { this.u64[16 + 2 * i] = r.begin; this.u64[17 + 2 * i] = r.end; });
    this.u64[7] = BigInt(ranges.length);
    this.refreshRange();
  }
  static readonly MAX_RANGES = 240;
  /** The generic timer's count from now on: `count` at the current instruction total (kml_sysreg). */
  setCounter(count: bigint) { this.u64[496] = count; this.u64[497] = this.u64[0]; }
  /** The virtual timer's CNTV_CTL_EL0 and CNTV_CVAL_EL0 as the guest programmed them. */
  get timerCtl(): bigint { return this.u64[498]; }
  get timerCval(): bigint { return this.u64[499]; }
  get ptr(): bigint { return this.mem.ptr; }
  get executed(): bigint { return this.u64[0]; }
  set executed(v: bigint) { this.u64[0] = v; }
  get budget(): bigint { return this.u64[1]; }
  set budget(v: bigint) { this.u64[1] = v; }
  get stopped(): boolean { return this.u64[3] !== 0n; }
  set stopped(v: boolean) { this.u64[3] = v ? 1n : 0n; }
  get blocks(): bigint { return this.u64[2]; }
}

export type IntrHook = (intno: number) => void;
/** Return true to retry the access (after mapping), false to fault. */
export type MemInvalidHook = (type: number, address: bigint, size: number, value: bigint) => boolean;

/**
 * The task contexts the engines of one machine have saved and not freed (`live`), and those
 * a checkpoint keeps (`pinned`): a pinned context is never freed, since after a restore a
 * thread resumes from it again. Contexts are never written after uc_context_save.
 */
export class ContextRegistry {
  readonly live = new Set<unknown>();
  readonly pinned = new Set<unknown>();
  /** Frees a context no thread and no checkpoint holds. */
  release(ctx: unknown) {
    this.live.delete(ctx);
    if (!this.pinned.has(ctx)) api().uc_context_free(ctx);
  }
}

/** One Unicorn engine: one CPU of the machine. */
export class Engine {
  private handle: unknown;
  private readonly scratch = new BigUint64Array(1);
  private readonly registered: bigint[] = [];

  constructor() {
    const out: unknown[] = [null];
    check(api().uc_open(UC_ARCH_ARM64, UC_MODE_ARM, out), 'uc_open');
    this.handle = out[0];
    // Cortex-A72 (the default) has no LSE atomics; the MAX model does (ARMv8.1+).
    check(api().uc_ctl_int(this.handle, ctl(UC_CTL_CPU_MODEL, 1, UC_CTL_IO_WRITE), 'int', UC_CPU_ARM64_MAX), 'uc_ctl(CPU_MODEL)');
  }

  reg(id: number): bigint {
    check(api().uc_reg_read(this.handle, id, this.scratch), 'uc_reg_read');
    return this.scratch[0];
  }
  setReg(id: number, value: bigint) {
    this.scratch[0] = BigInt.asUintN(64, value);
    check(api().uc_reg_write(this.handle, id, this.scratch), 'uc_reg_write');
  }

  mapPtr(address: bigint, size: number, perms: number, host: HostMemory, hostOffset: number) {
    check(api().uc_mem_map_ptr(this.handle, address, size, perms, host.ptr + BigInt(hostOffset)),
      `uc_mem_map_ptr(0x${address.toString(16)}, 0x${size.toString(16)})`);
  }
  unmap(address: bigint, size: number) {
    check(api().uc_mem_unmap(this.handle, address, size), `uc_mem_unmap(0x${address.toString(16)}, 0x${size.toString(16)})`);
  }
  protect(address: bigint, size: number, perms: number) {
    check(api().uc_mem_protect(this.handle, address, size, perms), `uc_mem_protect(0x${address.toString(16)})`);
  }
  /**
   * Translation through a TLB-fill hook (Unicorn's UC_TLB_VIRTUAL): the native kml_tlb_fill
   * walks the page tables described by `mmu` (struct kml_mmu, emu/native/hooks.c).
   */
  useVirtualTlb(mmu: bigint) {
    check(api().uc_ctl_int(this.handle, ctl(UC_CTL_TLB_TYPE, 1, UC_CTL_IO_WRITE), 'int', UC_TLB_VIRTUAL), 'uc_ctl(TLB_TYPE)');
    const hh = [0];
    check(api().uc_hook_add(this.handle, hh, UC_HOOK_TLB_FILL, api().kml_tlb_fill, mmu, 1n, 0n), 'uc_hook_add(tlb fill)');
  }
  /**
   * TLBI VMALLE1, executed as the system instruction it is (a write of that system register
   * through UC_ARM64_REG_CP_REG). Unlike Unicorn's UC_CTL_TLB_FLUSH it keeps the translated
   * code: safe from inside a hook, and no core has to translate everything again.
   */
  tlbi() {
    const r = this.cpReg;
    // struct uc_arm64_cp_reg { u32 crn, crm, op0, op1, op2; u64 val; }: TLBI VMALLE1 is op0=1, CRn=8, CRm=7
    r.fill(0);
    r[0] = 8; r[1] = 7; r[2] = 1;
    check(api().uc_reg_write(this.handle, Reg.CP_REG, r), 'uc_reg_write(TLBI VMALLE1)');
  }
  private readonly cpReg = new Uint32Array(8);
  private readonly cpVal = new BigUint64Array(this.cpReg.buffer, 24, 1);
  /** A system register without an id of its own in Unicorn's enum (e.g. SPSR_EL1), by encoding. */
  sysreg(op0: number, op1: number, crn: number, crm: number, op2: number): bigint {
    const r = this.cpReg;
    r.fill(0);
    r[0] = crn; r[1] = crm; r[2] = op0; r[3] = op1; r[4] = op2;
    check(api().uc_reg_read(this.handle, Reg.CP_REG, r), 'uc_reg_read(CP_REG)');
    return this.cpVal[0];
  }
  setSysreg(op0: number, op1: number, crn: number, crm: number, op2: number, value: bigint) {
    const r = this.cpReg;
    r.fill(0);
    r[0] = crn; r[1] = crm; r[2] = op0; r[3] = op1; r[4] = op2;
    this.cpVal[0] = BigInt.asUintN(64, value);
    check(api().uc_reg_write(this.handle, Reg.CP_REG, r), 'uc_reg_write(CP_REG)');
  }
  /** Drops translated code in [begin, end): Unicorn otherwise keeps running stale code. */
  removeCache(begin: bigint, end: bigint) {
    // From a hook of this engine's own run, the blocks go when the run has stopped.
    if (this.running) {
      this.staleCode.push([begin, end]);
      return;
    }
    check(api().uc_ctl_int(this.handle, ctl(UC_CTL_TB_REMOVE_CACHE, 2, UC_CTL_IO_WRITE), 'uint64_t', begin, 'uint64_t', end), 'uc_ctl(TB_REMOVE_CACHE)');
    this.removals++;
  }
  private running = false;
  private readonly staleCode: [bigint, bigint][] = [];
  /**
   * Unicorn never reuses the room of dropped code: its 1 GiB translation buffer fills, and
   * the flush it then does in the middle of a run crashes the host process in Unicorn 2.1's
   * block chaining (tb_set_jmp_target; measured: the installer with an 8 MiB buffer dies at
   * once, with 1 GiB after ~130 rounds). So the engine flushes its translations itself,
   * between runs, after this many drops (the installer makes ~11,000 a round; exploration a
   * dozen a schedule). A flush changes no result: a translated block's extent depends only on
   * where it starts. It costs ~50 ms of translating again.
   */
  static readonly FLUSH_AFTER_REMOVALS = 200_000;
  private removals = 0;

  /** Runs from `begin` until `until`, a fault, or uc_emu_stop. Returns the uc_err code. */
  start(begin: bigint, until: bigint): number {
    if (this.removals >= Engine.FLUSH_AFTER_REMOVALS) {
      check(api().uc_ctl_int(this.handle, ctl(UC_CTL_TB_FLUSH, 0, UC_CTL_IO_WRITE)), 'uc_ctl(TB_FLUSH)');
      this.removals = 0;
    }
    this.running = true;
    try {
      return api().uc_emu_start(this.handle, begin, until, 0, 0) as number;
    } finally {
      this.running = false;
      for (const [b, e] of this.staleCode.splice(0)) this.removeCache(b, e);
    }
  }
  stop() {
    api().uc_emu_stop(this.handle);
  }

  onIntr(hook: IntrHook) {
    this.addHook(UC_HOOK_INTR, this.register((_uc: unknown, intno: number) => hook(intno), api().IntrCb), 0n);
  }
  onMemInvalid(hook: MemInvalidHook) {
    this.addHook(UC_HOOK_MEM_INVALID, this.register((_uc: unknown, type: number, address: number | bigint, size: number, value: number | bigint) =>
      hook(type, BigInt.asUintN(64, BigInt(address)), size, BigInt(value)), api().MemCb), 0n);
  }
  onInsnInvalid(hook: () => boolean) {
    this.addHook(UC_HOOK_INSN_INVALID, this.register(() => hook(), api().InsnInvalidCb), 0n);
  }
  /** Native per-block instruction counter (see emu/native/hooks.c). */
  countBlocks(counter: SliceCounter) {
    this.addHook(UC_HOOK_BLOCK, api().kml_block_count, counter.ptr);
    // The generic timer in the same struct (kml_sysreg_read/write): UC_HOOK_INSN on MRS and MSR.
    const hh = [0];
    check(api().uc_hook_add(this.handle, hh, UC_HOOK_INSN, api().kml_sysreg_read, counter.ptr, 1n, 0n, 'int', UC_ARM64_INS_MRS), 'uc_hook_add(mrs)');
    check(api().uc_hook_add(this.handle, hh, UC_HOOK_INSN, api().kml_sysreg_write, counter.ptr, 1n, 0n, 'int', UC_ARM64_INS_MSR), 'uc_hook_add(msr)');
  }

  /** Native poison check of [begin, end] (kml_poison_access, emu/native/hooks.c); returns the hook. */
  poisonMemory(counter: SliceCounter, begin: bigint, end: bigint): number {
    return this.addRangeHook(() => {
      const hh = [0];
      check(api().uc_hook_add(this.handle, hh, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, api().kml_poison_access, counter.ptr, begin, end), 'uc_hook_add(poison)');
      return hh[0];
    });
  }

  /** Native data-TLB pricing of every access (kml_tlb_data, emu/native/hooks.c). */
  priceDataTlb(tlb: bigint) {
    const hh = [0];
    check(api().uc_hook_add(this.handle, hh, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, api().kml_tlb_data, tlb, 1n, 0n), 'uc_hook_add(tlb)');
  }

  /** Native coherence tracking of [begin, end] (see emu/native/hooks.c); returns the hook. */
  trackMemory(user: bigint, begin: bigint, end: bigint): number {
    return this.addRangeHook(() => {
      const hh = [0];
      check(api().uc_hook_add(this.handle, hh, UC_HOOK_MEM_READ | UC_HOOK_MEM_WRITE, api().kml_mem_access, user, begin, end), 'uc_hook_add(mem)');
      return hh[0];
    });
  }
  deleteHook(h: number) {
    const x = this.rangeHooks.get(h);
    if (!x) throw new Error(`deleteHook(${h}): no such hook`);
    check(api().uc_hook_del(this.handle, x.real), 'uc_hook_del');
    this.rangeHooks.delete(h);
  }

  /**
   * Hooks added and deleted while the machine runs, under ids of their own: a checkpoint
   * restore (re)adds and deletes them in Unicorn while the ids the kernel keeps stay valid.
   */
  private readonly rangeHooks = new Map<number, { real: number; add: () => number }>();
  private nextHook = 1;
  private addRangeHook(add: () => number): number {
    const id = this.nextHook++;
    this.rangeHooks.set(id, { real: add(), add });
    return id;
  }
  /** The range hooks now: restoreHooks() of it brings Unicorn's back to this set. */
  saveHooks(): { next: number; hooks: Map<number, () => number> } {
    return { next: this.nextHook, hooks: new Map([...this.rangeHooks].map(([id, x]) => [id, x.add])) };
  }
  restoreHooks(saved: { next: number; hooks: Map<number, () => number> }) {
    for (const [id, x] of this.rangeHooks) {
      if (saved.hooks.get(id) === x.add) continue;
      check(api().uc_hook_del(this.handle, x.real), 'uc_hook_del');
      this.rangeHooks.delete(id);
    }
    for (const [id, add] of saved.hooks) if (!this.rangeHooks.has(id)) this.rangeHooks.set(id, { real: add(), add });
    this.nextHook = saved.next;
  }

  private register(fn: Function, proto: unknown): bigint {
    const cb = koffi.register(fn, (koffi.pointer as (t: unknown) => unknown)(proto) as never);
    this.registered.push(cb);
    return cb;
  }
  // begin > end means "all addresses" to Unicorn.
  private addHook(type: number, cb: bigint, user: bigint) {
    const hh = [0];
    check(api().uc_hook_add(this.handle, hh, type, cb, user, 1n, 0n), `uc_hook_add(${type})`);
  }

  /** Saves all registers into a new context (used to switch tasks). */
  saveContext(): unknown {
    const out: unknown[] = [null];
    check(api().uc_context_alloc(this.handle, out), 'uc_context_alloc');
    check(api().uc_context_save(this.handle, out[0]), 'uc_context_save');
    this.contexts?.live.add(out[0]);
    return out[0];
  }
  restoreContext(ctx: unknown) {
    check(api().uc_context_restore(this.handle, ctx), 'uc_context_restore');
  }
  /** Frees a context from saveContext(), unless a checkpoint still refers to it. */
  freeContext(ctx: unknown) {
    if (this.contexts) this.contexts.release(ctx);
    else api().uc_context_free(ctx);
  }
  /** Contexts shared by the engines of one machine (a thread's registers move between cores). */
  contexts: ContextRegistry | null = null;
  /** A register of a saved context (where a switched-out thread will resume). */
  contextReg(ctx: unknown, id: number): bigint {
    check(api().uc_context_reg_read(ctx, id, this.scratch), 'uc_context_reg_read');
    return this.scratch[0];
  }

  close() {
    if (this.handle) {
      api().uc_close(this.handle);
      this.handle = null;
      for (const cb of this.registered) koffi.unregister(cb);
      this.registered.length = 0;
    }
  }
}

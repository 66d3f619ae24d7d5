// struct module as the TypeScript side of the kernel sees it. The guest-visible struct module
// (state, name, init, exit, refcnt) lives in the module's own .gnu.linkonce.this_module
// section, exactly where the module's code (THIS_MODULE) and the C kernel core find it.
import type { Placement } from './placement.ts';
import type { Layout } from './layout.ts';

export const MODULE_STATE = { LIVE: 0, COMING: 1, GOING: 2, UNFORMED: 3 } as const;
export type ModuleState = keyof typeof MODULE_STATE;

/** Offsets in struct module (Linux 6.1 arm64; checked by _Static_assert in linux/module.h). */
export const STRUCT_MODULE = { state: 0x0, name: 0x18, init: 0x138, exit: 0x340, refcnt: 0x348, size: 0x380 } as const;
export const MODULE_NAME_LEN = 56;
export const MODULE_REF_BASE = 1;

/** Module reference counts: 2.5's per-CPU counters, 3.19+'s atomic_t, or none (never free). */
export type RefcountScheme = 'percpu' | 'atomic' | 'none';

export interface ModuleRegion {
  base: bigint;
  size: number;
  placement: Placement;
}

/** Modules rmmod forgot but whose memory stays (refcount=none). */
export interface NeverFreed { name: string; regions: ModuleRegion[]; bytes: number; percpu?: bigint }

export interface KernelSymbolExport {
  name: string;
  addr: bigint;
  crc?: number;
  gpl: boolean;
  /** null: the kernel image. */
  owner: Module | null;
}

export interface ModuleParam {
  name: string;
  /** Address of the struct kernel_param. */
  kp: bigint;
  ops: bigint;
  perm: number;
  type?: string;
  desc?: string;
}

export class Module {
  state: ModuleState = 'UNFORMED';
  /** Address of struct module (the module's .gnu.linkonce.this_module). */
  addr = 0n;
  core: ModuleRegion | null = null;
  init: ModuleRegion | null = null;
  initFn = 0n;
  exitFn = 0n;
  /** Per-CPU area offset (0 if the module has no per-CPU data) and size. */
  percpu = 0n;
  percpuSize = 0;
  exports: KernelSymbolExport[] = [];
  /** Modules that use my symbols (source_list): they must go before I can. */
  readonly holders = new Set<Module>();
  /** Modules whose symbols I use (target_list). */
  readonly uses = new Set<Module>();
  taints = 0;
  params: ModuleParam[] = [];
  modinfo: [string, string][] = [];
  /** Its non-empty SHF_ALLOC sections where they were placed: /sys/module/M/sections and notes/. */
  sections: { name: string; addr: bigint; size: number; note: boolean }[] = [];
  args = '';
  /** Bytes of .exit sections left out of memory (non-removable loads). */
  exitDiscarded = 0;
  sigOk = false;
  /** The module's __bug_table (WARN/BUG entries), after relocation. */
  bugTable: { addr: bigint; size: number } | null = null;
  /** The module's __ex_table (uaccess fixups), after relocation. */
  extable: { addr: bigint; size: number } | null = null;
  /** What the load gave it, given back by free_module: the layout it was placed with, */
  layout: Layout | null = null;
  /** mod->args: the parameter string copied into kernel memory, */
  argsBuf = 0n;
  /** Cycles the loader's own work (copies, lookups, relocations, hashing) was charged. */
  loaderCycles = 0;
  /** its place on the module list (add_unformed_module), */
  listed = false;
  /** and its symbols in kallsyms. */
  kallsymsAdded = false;
  /** Size of the loaded .ko as /sys/module/M/coresize etc. report it. */
  constructor(readonly name: string, readonly path: string) {}

  info(key: string): string | undefined {
    return this.modinfo.find(([k]) => k === key)?.[1];
  }
  /** Has init but no exit: can only be removed by force ("[permanent]"). */
  get permanent(): boolean {
    return this.initFn !== 0n && this.exitFn === 0n;
  }
  get coreSize(): number { return this.core?.size ?? 0; }
  get initSize(): number { return this.init?.size ?? 0; }
}

// arch/arm64/include/asm/module.h: struct mod_plt_sec, struct mod_arch_specific, struct plt_entry
// and is_forbidden_offset_for_adrp(); with what the relocation code needs of a module and of its
// memory (RelocModule, RelocMemory), shared by module.c's and module-plts.c's ports.
import { U64 } from './insn.ts';

/** The module's final memory, addressed by guest virtual address. Values are little-endian. */
export interface RelocMemory {
  /** u32 at addr (returned as an unsigned number). */
  read32(addr: bigint): number;
  /** Low 16 bits of v. */
  write16(addr: bigint, v: number): void;
  /** Low 32 bits of v. */
  write32(addr: bigint, v: number): void;
  /** v as u64. */
  write64(addr: bigint, v: bigint): void;
}

/** RelocMemory over a Uint8Array mapped at `base` (for tests and for staging buffers). Throws RangeError outside. */
export class ArrayRelocMemory implements RelocMemory {
  readonly base: bigint;
  readonly bytes: Uint8Array;
  private readonly dv: DataView;
  constructor(base: bigint, bytes: Uint8Array) {
    this.base = base;
    this.bytes = bytes;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private at(addr: bigint, n: number): number {
    const off = U64(addr - this.base);
    if (off + BigInt(n) > BigInt(this.bytes.byteLength)) {
      throw new RangeError(`address 0x${U64(addr).toString(16)} (+${n}) outside 0x${this.base.toString(16)}+0x${this.bytes.byteLength.toString(16)}`);
    }
    return Number(off);
  }
  read32(addr: bigint): number {
    return this.dv.getUint32(this.at(addr, 4), true);
  }
  write16(addr: bigint, v: number): void {
    this.dv.setUint16(this.at(addr, 2), v & 0xffff, true);
  }
  write32(addr: bigint, v: number): void {
    this.dv.setUint32(this.at(addr, 4), v >>> 0, true);
  }
  write64(addr: bigint, v: bigint): void {
    this.dv.setBigUint64(this.at(addr, 8), U64(v), true);
  }
}


/** struct mod_plt_sec */
export interface ModPltSec {
  /** Index of the .plt / .init.plt section. */
  plt_shndx: number;
  /** Entries emitted so far. */
  plt_num_entries: number;
  /** Entries counted by count_plts (the section holds one more). */
  plt_max_entries: number;
}

/** struct mod_arch_specific (arm64), plus the CPU capability the erratum code tests. */
export interface ModArchSpecific {
  core: ModPltSec;
  init: ModPltSec;
  /** Index of .text.ftrace_trampoline (resized to NR_FTRACE_PLTS entries), 0 if the module has none. */
  ftrace_trampoline_shndx: number;
  /** cpus_have_const_cap(ARM64_WORKAROUND_843419) */
  workaround_843419: boolean;
}

/** struct plt_entry, instruction words as unsigned numbers. */
export interface plt_entry {
  adrp: number;
  add: number;
  br: number;
}

/** What apply_relocate_add needs of `struct module`. */
export interface RelocModule {
  /** mod->name, for messages. */
  name: string;
  /** mod->arch, from module_frob_arch_sections(); without it there are no PLTs (CONFIG_ARM64_MODULE_PLTS=n). */
  arch?: ModArchSpecific;
  /** mod->init_layout: relocations inside [base, base+size) use the .init.plt. */
  init_layout?: { base: bigint; size: bigint };
}

/** is_forbidden_offset_for_adrp(): only with the Cortex-A53 erratum 843419 workaround (never on our CPU model). */
export function is_forbidden_offset_for_adrp(arch: ModArchSpecific | undefined, place: bigint): boolean {
  return !!arch?.workaround_843419 && (place & 0xfffn) >= 0xff8n;
}

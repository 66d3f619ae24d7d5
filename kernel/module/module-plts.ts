// arm64 module PLTs, after Linux 6.1 arch/arm64/kernel/module-plts.c.
//
// module_frob_arch_sections() runs before layout (layout_and_allocate): it counts the branch relocations that may
// need a veneer (count_plts), sorting them inside the RELA sections first so that duplicates are adjacent, and turns
// the 1-byte .plt / .init.plt placeholders (and .text.ftrace_trampoline) into SHT_NOBITS, SHF_ALLOC|SHF_EXECINSTR
// sections of (n + 1) * sizeof(struct plt_entry) bytes, aligned to L1_CACHE_BYTES. The layout code then reserves
// them like any other NOBITS section.
//
// module_emit_plt_entry() runs while relocating: a CALL26/JUMP26 that is out of ±128 MiB is pointed at a veneer
//     adrp x16, target ; add x16, x16, #:lo12:target ; br x16
// in the .plt (core) or .init.plt (when the branch lies in the init region); a veneer identical to the previous
// one is reused.
//
// Erratum 843419 (Cortex-A53): implemented as in Linux (ADRP alignment and veneer slots, ADRP -> ADR, ADRP ->
// branch to veneer) but off by default: it depends on a CPU capability our CPU model does not have
// (FrobOptions.workaround843419 turns it on).
//
// Beyond Linux (hostile input): relocation entries naming a symbol outside the symbol table are refused, RELA
// sections with an out-of-range sh_info are skipped (as apply_relocations() skips them), and a veneer is never
// written outside its PLT section.

import {
  SHF_ALLOC,
  SHF_EXECINSTR,
  SHT_NOBITS,
  SHT_RELA,
  SHT_SYMTAB,
  SIZEOF_RELA,
  ENOEXEC,
  type ElfFile,
  type ElfRela,
} from '../elf.ts';
import { R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC, R_AARCH64_JUMP26, R_AARCH64_CALL26 } from '../arch/arm64/elf.ts';
import { U64, AARCH64_INSN_REG_16, aarch64_insn_decode_register_rd, aarch64_insn_gen_branch_imm, aarch64_insn_gen_branch_reg, aarch64_insn_gen_adr, aarch64_insn_gen_add_imm64, aarch64_insn_adrp_get_offset } from '../arch/arm64/insn.ts';
import { type RelocMemory, type ModPltSec, type ModArchSpecific, type plt_entry, type RelocModule, is_forbidden_offset_for_adrp } from '../arch/arm64/module.ts';

/** sizeof(struct plt_entry): adrp, add, br (three __le32). */
export const SIZEOF_PLT_ENTRY = 12;
export const L1_CACHE_BYTES = 64;
/** arch/arm64/include/asm/ftrace.h (6.1): FTRACE_PLT_IDX 0, FTRACE_REGS_PLT_IDX 1. */
export const NR_FTRACE_PLTS = 2;
const SZ_4K = 4096n;

export interface FrobOptions {
  /** printk(KERN_ERR ...) without the trailing newline. */
  pr_err(msg: string): void;
  /** CONFIG_MODULE_UNLOAD (default true). Without it .exit* sections are laid out with init (and use .init.plt). */
  moduleUnload?: boolean;
  /** CONFIG_RANDOMIZE_BASE (default true, as Debian): without it no branch PLT is counted. */
  randomizeBase?: boolean;
  /** The CPU needs the Cortex-A53 erratum 843419 workaround (default false). */
  workaround843419?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------

function __get_adrp_add_pair(dst: bigint, pc: bigint, reg: number): { adrp: number; add: number } {
  const adrp = aarch64_insn_gen_adr(pc, dst, reg, true);
  const add = aarch64_insn_gen_add_imm64(reg, reg, Number(dst % SZ_4K));
  return { adrp, add };
}

/** get_plt_entry(dst, pc): the veneer to `dst` placed at `pc`. */
export function get_plt_entry(dst: bigint, pc: bigint): plt_entry {
  const { adrp, add } = __get_adrp_add_pair(dst, pc, AARCH64_INSN_REG_16);
  return { adrp, add, br: aarch64_insn_gen_branch_reg(AARCH64_INSN_REG_16) };
}

export function read_plt_entry(mem: RelocMemory, at: bigint): plt_entry {
  return { adrp: mem.read32(at) >>> 0, add: mem.read32(at + 4n) >>> 0, br: mem.read32(at + 8n) >>> 0 };
}

function write_plt_entry(mem: RelocMemory, at: bigint, e: plt_entry): void {
  mem.write32(at, e.adrp);
  mem.write32(at + 4n, e.add);
  mem.write32(at + 8n, e.br);
}

/** plt_entries_equal(a, b): do the entries at addresses `pa` and `pb` branch to the same target? */
function plt_entries_equal(a: plt_entry, pa: bigint, b: plt_entry, pb: bigint): boolean {
  /* If the 'add' or 'br' opcodes are different, then the target cannot be the same. */
  if (a.add !== b.add || a.br !== b.br) return false;

  const p = pa & ~(SZ_4K - 1n);
  const q = pb & ~(SZ_4K - 1n);

  /* If the 'adrp' opcodes are the same then we just need to check that they refer to the same 4k region. */
  if (a.adrp === b.adrp && p === q) return true;

  return U64(p + aarch64_insn_adrp_get_offset(a.adrp)) === U64(q + aarch64_insn_adrp_get_offset(b.adrp));
}

/** in_init(mod, loc) */
function in_init(mod: RelocModule, loc: bigint): boolean {
  const l = mod.init_layout;
  return !!l && U64(loc - l.base) < l.size;
}

/** Address of slot i of a PLT section, or undefined when the slot is not inside the section. */
function plt_slot(elf: ElfFile, pltsec: ModPltSec, i: number): bigint | undefined {
  const s = elf.sections[pltsec.plt_shndx];
  if (!s || i < 0 || BigInt((i + 1) * SIZEOF_PLT_ENTRY) > s.size) return undefined;
  return U64(s.addr + BigInt(i * SIZEOF_PLT_ENTRY));
}

/**
 * module_emit_plt_entry(mod, sechdrs, loc, rela, sym): emit (or reuse the previous) veneer to st_value + r_addend
 * for the branch at `loc`; returns the veneer's address, or 0n when the PLT is full (Linux: WARN_ON, then the
 * caller fails with -ENOEXEC).
 */
export function module_emit_plt_entry(
  mod: RelocModule,
  elf: ElfFile,
  mem: RelocMemory,
  loc: bigint,
  rela: ElfRela,
  st_value: bigint,
  warn: (msg: string) => void = () => {},
): bigint {
  const arch = mod.arch;
  if (!arch) return 0n;
  const pltsec = !in_init(mod, loc) ? arch.core : arch.init;
  let i = pltsec.plt_num_entries;
  const j = i - 1;
  const val = U64(st_value + rela.addend);

  const first = plt_slot(elf, pltsec, i);
  if (first !== undefined && is_forbidden_offset_for_adrp(arch, first)) i++;

  const at = plt_slot(elf, pltsec, i);
  if (at === undefined) {
    warn(`WARNING: module_emit_plt_entry: ${mod.name}: PLT slot ${i} outside section ${pltsec.plt_shndx}`);
    return 0n;
  }
  const e = get_plt_entry(val, at);
  write_plt_entry(mem, at, e);

  /*
   * Check if the entry we just created is a duplicate. Given that the relocations are sorted, this will be the
   * last entry we allocated (if one exists).
   */
  if (j >= 0) {
    const prev = plt_slot(elf, pltsec, j)!;
    if (plt_entries_equal(e, at, read_plt_entry(mem, prev), prev)) return prev;
  }

  pltsec.plt_num_entries += i - j;
  if (pltsec.plt_num_entries > pltsec.plt_max_entries) {
    warn(
      `WARNING: module_emit_plt_entry: ${mod.name}: plt_num_entries ${pltsec.plt_num_entries} > plt_max_entries ${pltsec.plt_max_entries}`,
    );
    return 0n;
  }
  return at;
}

/**
 * module_emit_veneer_for_adrp(mod, sechdrs, loc, val) (erratum 843419 only): a veneer
 *     adrp rd, val ; add rd, rd, #:lo12:val ; b loc + 4
 * for the ADRP at `loc`; returns its address or 0n.
 */
export function module_emit_veneer_for_adrp(
  mod: RelocModule,
  elf: ElfFile,
  mem: RelocMemory,
  loc: bigint,
  val: bigint,
  warn: (msg: string) => void = () => {},
): bigint {
  const arch = mod.arch;
  if (!arch) return 0n;
  const pltsec = !in_init(mod, loc) ? arch.core : arch.init;
  let i = pltsec.plt_num_entries++;

  if (pltsec.plt_num_entries > pltsec.plt_max_entries) {
    warn(
      `WARNING: module_emit_veneer_for_adrp: ${mod.name}: plt_num_entries ${pltsec.plt_num_entries} > plt_max_entries ${pltsec.plt_max_entries}`,
    );
    return 0n;
  }

  const first = plt_slot(elf, pltsec, i);
  if (first !== undefined && is_forbidden_offset_for_adrp(arch, first)) i = pltsec.plt_num_entries++;

  const at = plt_slot(elf, pltsec, i);
  if (at === undefined) {
    warn(`WARNING: module_emit_veneer_for_adrp: ${mod.name}: PLT slot ${i} outside section ${pltsec.plt_shndx}`);
    return 0n;
  }

  /* get the destination register of the ADRP instruction */
  const rd = aarch64_insn_decode_register_rd(mem.read32(loc));
  const br = aarch64_insn_gen_branch_imm(at + 8n, U64(loc + 4n), false);
  const { adrp, add } = __get_adrp_add_pair(val, at, rd);
  write_plt_entry(mem, at, { adrp, add, br });
  return at;
}

// ---------------------------------------------------------------------------------------------------------------
// Sizing. RELA entries are read and sorted in place inside elf.buf (Linux sorts its copy of the module too, and
// the relocations are then applied in that order).

interface RawRela {
  view: DataView;
  count: number;
}

const r_type = (r: RawRela, k: number): number => r.view.getUint32(k * SIZEOF_RELA + 8, true);
const r_sym = (r: RawRela, k: number): number => r.view.getUint32(k * SIZEOF_RELA + 12, true);
const r_addend = (r: RawRela, k: number): bigint => r.view.getBigInt64(k * SIZEOF_RELA + 16, true);
const r_offset = (r: RawRela, k: number): bigint => r.view.getBigUint64(k * SIZEOF_RELA, true);

const cmp_3way = <T extends number | bigint>(a: T, b: T): number => (a < b ? -1 : a > b ? 1 : 0);

/** cmp_rela(): by type, symbol index and addend. */
function cmp_rela(x: Uint8Array, y: Uint8Array): number {
  const dx = new DataView(x.buffer, x.byteOffset, SIZEOF_RELA);
  const dy = new DataView(y.buffer, y.byteOffset, SIZEOF_RELA);
  let i = cmp_3way(dx.getUint32(8, true), dy.getUint32(8, true));
  if (i === 0) i = cmp_3way(dx.getUint32(12, true), dy.getUint32(12, true));
  if (i === 0) i = cmp_3way(dx.getBigInt64(16, true), dy.getBigInt64(16, true));
  return i;
}

function entry(r: RawRela, k: number): Uint8Array {
  return new Uint8Array(r.view.buffer, r.view.byteOffset + k * SIZEOF_RELA, SIZEOF_RELA);
}

/** duplicate_rel(): sorted, so a duplicate can only be the preceding entry. */
function duplicate_rel(r: RawRela, num: number): boolean {
  return num > 0 && cmp_rela(entry(r, num), entry(r, num - 1)) === 0;
}

/** ffz(x): index of the least significant zero bit of a u64 (64 if none). */
function ffz(x: bigint): number {
  for (let b = 0; b < 64; b++) if (((x >> BigInt(b)) & 1n) === 0n) return b;
  return 64;
}

function count_plts(
  elf: ElfFile,
  r: RawRela,
  dstidx: number,
  arch: ModArchSpecific,
  randomizeBase: boolean,
): number {
  let ret = 0;
  const dstsec = elf.sections[dstidx];

  for (let i = 0; i < r.count; i++) {
    switch (r_type(r, i)) {
      case R_AARCH64_JUMP26:
      case R_AARCH64_CALL26:
        if (!randomizeBase) break;
        /*
         * We only have to consider branch targets that resolve to symbols that are defined in a different
         * section: ignore relocations against defined symbols in the same section as the relocation target.
         */
        if (elf.symbolShndx(r_sym(r, i)) === dstidx) break;
        /* Only check for duplicates when the addend is zero. */
        if (r_addend(r, i) !== 0n || !duplicate_rel(r, i)) ret++;
        break;
      case R_AARCH64_ADR_PREL_PG_HI21_NC:
      case R_AARCH64_ADR_PREL_PG_HI21: {
        if (!arch.workaround_843419) break;
        /*
         * Determine the minimal safe alignment for this ADRP instruction: the section alignment at which it is
         * guaranteed not to appear at a vulnerable offset.
         */
        const z = ffz(r_offset(r, i) | 7n);
        const min_align = z >= 64 ? 1n << 64n : U64(2n << BigInt(z)); // 2ULL << 63 wraps to 0 in C
        /* Allocate veneer space for each ADRP that may appear at a vulnerable offset nonetheless. */
        if (min_align > SZ_4K) ret++;
        else if (min_align > dstsec.addralign) dstsec.addralign = min_align;
        break;
      }
    }
  }

  if (arch.workaround_843419) {
    /* Add some slack so we can skip PLT slots that may trigger the erratum due to the placement of the ADRP. */
    const per = Math.floor(4096 / SIZEOF_PLT_ENTRY);
    ret += Math.ceil(ret / per);
  }
  return ret;
}

function branch_rela_needs_plt(elf: ElfFile, r: RawRela, k: number, dstidx: number): boolean {
  if (elf.symbolShndx(r_sym(r, k)) === dstidx) return false;
  const t = r_type(r, k);
  return t === R_AARCH64_JUMP26 || t === R_AARCH64_CALL26;
}

function swap_rela(r: RawRela, a: number, b: number): void {
  const ea = entry(r, a);
  const eb = entry(r, b);
  const tmp = ea.slice();
  ea.set(eb);
  eb.set(tmp);
}

/** Group branch PLT relas at the front end of the array (partition_branch_plt_relas, quirks included). */
function partition_branch_plt_relas(elf: ElfFile, r: RawRela, dstidx: number, randomizeBase: boolean): number {
  let i = 0;
  let j = r.count - 1;
  if (!randomizeBase) return 0;
  while (i < j) {
    if (branch_rela_needs_plt(elf, r, i, dstidx)) i++;
    else if (branch_rela_needs_plt(elf, r, j, dstidx)) swap_rela(r, i, j);
    else j--;
  }
  return i;
}

/**
 * sort(rels, nents, sizeof(Elf64_Rela), cmp_rela, NULL). Linux's heapsort is not stable and ours is: entries that
 * compare equal (same type, symbol and addend: they get the same veneer) may end up in another order, which
 * changes nothing in the module's memory.
 */
function sort_relas(r: RawRela, nents: number): void {
  const items: Uint8Array[] = [];
  for (let k = 0; k < nents; k++) items.push(entry(r, k).slice());
  items.sort(cmp_rela);
  for (let k = 0; k < nents; k++) entry(r, k).set(items[k]);
}

/** module_init_layout_section(): .init* (and .exit* without CONFIG_MODULE_UNLOAD) go to the init region. */
export function module_init_layout_section(sname: string, moduleUnload = true): boolean {
  if (!moduleUnload && sname.startsWith('.exit')) return true;
  return sname.startsWith('.init');
}

/**
 * module_frob_arch_sections(hdr, sechdrs, secstrings, mod): size .plt, .init.plt and .text.ftrace_trampoline (see
 * the header comment) and set mod.arch. Returns 0 or -ENOEXEC (after opts.pr_err).
 * Must run after parseElf and before layout; it rewrites elf.sections[] headers and sorts RELA entries in elf.buf.
 */
export function module_frob_arch_sections(elf: ElfFile, mod: RelocModule, opts: FrobOptions): number {
  const randomizeBase = opts.randomizeBase ?? true;
  const moduleUnload = opts.moduleUnload ?? true;
  let core_plts = 0;
  let init_plts = 0;
  let core_shndx = 0;
  let init_shndx = 0;
  let syms = 0;
  let tramp = 0;
  const shnum = elf.sections.length;

  /* Find the empty .plt section so we can expand it to store the PLT entries. Record the symtab as well. */
  for (let i = 0; i < shnum; i++) {
    const s = elf.sections[i];
    if (s.name === '.plt') core_shndx = i;
    else if (s.name === '.init.plt') init_shndx = i;
    else if (s.name === '.text.ftrace_trampoline') tramp = i;
    else if (s.type === SHT_SYMTAB) syms = i;
  }

  if (!core_shndx || !init_shndx) {
    opts.pr_err(`${mod.name}: module PLT section(s) missing`);
    return -ENOEXEC;
  }
  if (!syms) {
    opts.pr_err(`${mod.name}: module symtab section missing`);
    return -ENOEXEC;
  }

  const arch: ModArchSpecific = {
    core: { plt_shndx: core_shndx, plt_num_entries: 0, plt_max_entries: 0 },
    init: { plt_shndx: init_shndx, plt_num_entries: 0, plt_max_entries: 0 },
    ftrace_trampoline_shndx: tramp,
    workaround_843419: !!opts.workaround843419,
  };

  for (let i = 0; i < shnum; i++) {
    const s = elf.sections[i];
    if (s.type !== SHT_RELA) continue;
    if (s.info >= shnum) continue; // Linux would read a section header past the table
    const dstsec = elf.sections[s.info];

    /* ignore relocations that operate on non-exec sections */
    if (!(dstsec.flags & SHF_EXECINSTR)) continue;

    const data = elf.sectionData(i);
    const r: RawRela = {
      view: new DataView(data.buffer, data.byteOffset, data.byteLength),
      count: Math.floor(data.byteLength / SIZEOF_RELA),
    };
    for (let k = 0; k < r.count; k++) {
      if (r_sym(r, k) >= elf.symbolCount) {
        opts.pr_err(
          `Invalid ELF relocation in module (section ${i} entry ${k} symbol ${r_sym(r, k)} >= ${elf.symbolCount})`,
        );
        return -ENOEXEC;
      }
    }

    /* sort branch relocations requiring a PLT by type, symbol index and addend */
    const nents = partition_branch_plt_relas(elf, r, s.info, randomizeBase);
    if (nents) sort_relas(r, nents);

    if (!module_init_layout_section(dstsec.name, moduleUnload)) {
      core_plts += count_plts(elf, r, s.info, arch, randomizeBase);
    } else {
      init_plts += count_plts(elf, r, s.info, arch, randomizeBase);
    }
  }

  const setPlt = (shndx: number, n: number) => {
    const p = elf.sections[shndx];
    p.type = SHT_NOBITS;
    p.flags = SHF_EXECINSTR | SHF_ALLOC;
    p.flags64 = BigInt(p.flags);
    p.addralign = BigInt(L1_CACHE_BYTES);
    p.size = BigInt((n + 1) * SIZEOF_PLT_ENTRY);
  };
  setPlt(core_shndx, core_plts);
  arch.core.plt_max_entries = core_plts;
  setPlt(init_shndx, init_plts);
  arch.init.plt_max_entries = init_plts;

  if (tramp) {
    const t = elf.sections[tramp];
    t.type = SHT_NOBITS;
    t.flags = SHF_EXECINSTR | SHF_ALLOC;
    t.flags64 = BigInt(t.flags);
    t.addralign = 4n; // __alignof__(struct plt_entry)
    t.size = BigInt(NR_FTRACE_PLTS * SIZEOF_PLT_ENTRY);
  }

  mod.arch = arch;
  return 0;
}

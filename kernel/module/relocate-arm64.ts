// arm64 RELA relocations, after Linux 6.1 arch/arm64/kernel/module.c (apply_relocate_add and its helpers
// do_reloc, reloc_data, reloc_insn_movw, reloc_insn_imm, reloc_insn_adrp); the instruction encoders they use are
// kernel/arch/arm64/insn.ts (arch/arm64/lib/insn.c). Same relocation types, same overflow rules, same messages, same -ENOEXEC;
// on overflow the truncated value has already been written, as in Linux.
//
// Arithmetic is done on bigint with explicit u64 / s64 wrapping (U64 / S64) wherever C relies on it.
//
// What the loader supplies:
//   - elf.sections[i].addr: the final address of every SHF_ALLOC section in the machine (move_module() sets
//     sh_addr the same way), including .plt / .init.plt;
//   - env.mem: reads and writes of the module's final memory (guest virtual addresses);
//   - env.symbolValue(i): st_value of symbol i after simplify_symbols() (absolute address);
//   - me.arch: what module_frob_arch_sections() returned (PLT bookkeeping), me.init_layout: the init region.
//
// Beyond Linux (hostile input must not write outside the module): a relocation whose place does not fit inside its
// target section, or that names a symbol outside the symbol table, is refused with -ENOEXEC.

import {
  ElfError,
  ENOEXEC,
  SHF_ALLOC,
  SHF_RELA_LIVEPATCH,
  SHT_REL,
  SHT_RELA,
  type ElfFile,
  type ElfRela,
} from '../elf.ts';
import { module_emit_plt_entry, module_emit_veneer_for_adrp } from './module-plts.ts';
import { R_ARM_NONE, R_AARCH64_NONE, R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_ABS16, R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_PREL16, R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1, R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC, R_AARCH64_MOVW_UABS_G3, R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_SABS_G1, R_AARCH64_MOVW_SABS_G2, R_AARCH64_LD_PREL_LO19, R_AARCH64_ADR_PREL_LO21, R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC, R_AARCH64_ADD_ABS_LO12_NC, R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_TSTBR14, R_AARCH64_CONDBR19, R_AARCH64_JUMP26, R_AARCH64_CALL26, R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC, R_AARCH64_MOVW_PREL_G0, R_AARCH64_MOVW_PREL_G0_NC, R_AARCH64_MOVW_PREL_G1, R_AARCH64_MOVW_PREL_G1_NC, R_AARCH64_MOVW_PREL_G2, R_AARCH64_MOVW_PREL_G2_NC, R_AARCH64_MOVW_PREL_G3, R_AARCH64_LDST128_ABS_LO12_NC } from '../arch/arm64/elf.ts';
import { U64, S64, AARCH64_INSN_IMM_ADR, AARCH64_INSN_IMM_26, AARCH64_INSN_IMM_19, AARCH64_INSN_IMM_16, AARCH64_INSN_IMM_14, AARCH64_INSN_IMM_12, type aarch64_insn_imm_type, aarch64_insn_encode_immediate, aarch64_insn_gen_branch_imm } from '../arch/arm64/insn.ts';
import { type RelocMemory, type ModArchSpecific, type RelocModule, is_forbidden_offset_for_adrp } from '../arch/arm64/module.ts';

export const ERANGE = 34;
const hex = (x: bigint): string => U64(x).toString(16);
export { ENOEXEC };

// ---------------------------------------------------------------------------------------------------------------
// arch/arm64/kernel/module.c

export const RELOC_OP_NONE = 0;
export const RELOC_OP_ABS = 1;
export const RELOC_OP_PREL = 2;
export const RELOC_OP_PAGE = 3;
type aarch64_reloc_op = 0 | 1 | 2 | 3;

const AARCH64_INSN_IMM_MOVNZ = 0;
const AARCH64_INSN_IMM_MOVKZ = 1;
type aarch64_insn_movw_imm_type = 0 | 1;

/** do_reloc(): the u64 value of S+A (ABS), S+A-P (PREL) or Page(S+A)-Page(P) (PAGE). */
function do_reloc(op: aarch64_reloc_op, place: bigint, val: bigint): bigint {
  switch (op) {
    case RELOC_OP_ABS:
      return val;
    case RELOC_OP_PREL:
      return U64(val - place);
    case RELOC_OP_PAGE:
      return U64((val & ~0xfffn) - (place & ~0xfffn));
    case RELOC_OP_NONE:
      return 0n;
  }
}

const S16_MIN = -(1n << 15n), S16_MAX = (1n << 15n) - 1n, U16_MAX = (1n << 16n) - 1n;
const S32_MIN = -(1n << 31n), S32_MAX = (1n << 31n) - 1n, U32_MAX = (1n << 32n) - 1n;

/**
 * reloc_data(): 16/32/64-bit data. ABS is checked as unsigned, PREL as signed (Linux's choice, not the psABI's
 * [-2^(n-1), 2^n) range). The value is written before the check.
 */
function reloc_data(mem: RelocMemory, op: aarch64_reloc_op, place: bigint, val: bigint, len: 16 | 32 | 64): number {
  const sval = S64(do_reloc(op, place, val));
  switch (len) {
    case 16:
      mem.write16(place, Number(BigInt.asUintN(16, sval)));
      if (op === RELOC_OP_ABS) {
        if (sval < 0n || sval > U16_MAX) return -ERANGE;
      } else if (op === RELOC_OP_PREL) {
        if (sval < S16_MIN || sval > S16_MAX) return -ERANGE;
      }
      break;
    case 32:
      mem.write32(place, Number(BigInt.asUintN(32, sval)));
      if (op === RELOC_OP_ABS) {
        if (sval < 0n || sval > U32_MAX) return -ERANGE;
      } else if (op === RELOC_OP_PREL) {
        if (sval < S32_MIN || sval > S32_MAX) return -ERANGE;
      }
      break;
    case 64:
      mem.write64(place, U64(sval));
      break;
  }
  return 0;
}

/**
 * reloc_insn_movw(): MOVZ/MOVK/MOVN 16-bit immediate from bits [lsb+15:lsb]. For MOVNZ (signed) relocations the
 * opcode becomes MOVZ (value >= 0) or MOVN with the inverted immediate (value < 0). Overflow: imm > U16_MAX.
 */
function reloc_insn_movw(
  mem: RelocMemory,
  op: aarch64_reloc_op,
  place: bigint,
  val: bigint,
  lsb: number,
  imm_type: aarch64_insn_movw_imm_type,
): number {
  let insn = mem.read32(place);
  const sval = S64(do_reloc(op, place, val));
  let imm = U64(sval >> BigInt(lsb));

  if (imm_type === AARCH64_INSN_IMM_MOVNZ) {
    insn = (insn & ~(3 << 29)) >>> 0;
    if (sval >= 0n) {
      /* >=0: Set the instruction to MOVZ (opcode 10b). */
      insn = (insn | (2 << 29)) >>> 0;
    } else {
      /* <0: Set the instruction to MOVN (opcode 00b) and invert the immediate. */
      imm = U64(~imm);
    }
  }

  insn = aarch64_insn_encode_immediate(AARCH64_INSN_IMM_16, insn, imm);
  mem.write32(place, insn);

  if (imm > U16_MAX) return -ERANGE;
  return 0;
}

/**
 * reloc_insn_imm(): `len` bits of the value from bit `lsb` into the instruction's immediate field. Overflow when the
 * bits above (including the sign bit) are not all equal to the sign bit.
 */
function reloc_insn_imm(
  mem: RelocMemory,
  op: aarch64_reloc_op,
  place: bigint,
  val: bigint,
  lsb: number,
  len: number,
  imm_type: aarch64_insn_imm_type,
): number {
  let insn = mem.read32(place);

  /* Calculate the relocation value. */
  let sval = S64(do_reloc(op, place, val));
  sval = sval >> BigInt(lsb);

  /* Extract the value bits and shift them to bit 0. */
  const imm_mask = U64((1n << BigInt(lsb + len)) - 1n) >> BigInt(lsb);
  const imm = U64(sval) & imm_mask;

  /* Update the instruction's immediate field. */
  insn = aarch64_insn_encode_immediate(imm_type, insn, imm);
  mem.write32(place, insn);

  /* Extract the upper value bits (including the sign bit) and shift them to bit 0. */
  sval = S64(U64(sval) & U64(~(imm_mask >> 1n))) >> BigInt(len - 1);

  /* Overflow has occurred if the upper bits are not all equal to the sign bit of the value. */
  if (U64(sval + 1n) >= 2n) return -ERANGE;
  return 0;
}

/** reloc_insn_adrp(): ADRP, or with erratum 843419 an ADR or a branch to a veneer. */
function reloc_insn_adrp(
  me: RelocModule,
  elf: ElfFile,
  mem: RelocMemory,
  place: bigint,
  val: bigint,
  warn: (msg: string) => void,
): number {
  let insn: number;

  if (!is_forbidden_offset_for_adrp(me.arch, place)) {
    return reloc_insn_imm(mem, RELOC_OP_PAGE, place, val, 12, 21, AARCH64_INSN_IMM_ADR);
  }

  /* patch ADRP to ADR if it is in range */
  if (!reloc_insn_imm(mem, RELOC_OP_PREL, place, val & ~0xfffn, 0, 21, AARCH64_INSN_IMM_ADR)) {
    insn = mem.read32(place);
    insn = (insn & ~0x80000000) >>> 0;
  } else {
    /* out of range for ADR -> emit a veneer */
    const v = module_emit_veneer_for_adrp(me, elf, mem, place, val & ~0xfffn, warn);
    if (!v) return -ENOEXEC;
    insn = aarch64_insn_gen_branch_imm(place, v, false);
  }

  mem.write32(place, insn);
  return 0;
}

// ---------------------------------------------------------------------------------------------------------------

/** What the loader provides to apply relocations. */
export interface RelocEnv {
  mem: RelocMemory;
  /** st_value of symbol `symIndex` after simplify_symbols(): an absolute address (or SHN_ABS value). */
  symbolValue(symIndex: number): bigint;
  /** printk(KERN_ERR ...) without the trailing newline. */
  pr_err(msg: string): void;
}

/** Bytes a relocation type writes at P (0 for NONE and for types we do not know). */
function reloc_width(type: number): number {
  switch (type) {
    case R_ARM_NONE:
    case R_AARCH64_NONE:
      return 0;
    case R_AARCH64_ABS64:
    case R_AARCH64_PREL64:
      return 8;
    case R_AARCH64_ABS16:
    case R_AARCH64_PREL16:
      return 2;
    default:
      return (type >= R_AARCH64_ABS32 && type <= R_AARCH64_MOVW_PREL_G3 && type !== 281) ||
        type === R_AARCH64_LDST128_ABS_LO12_NC
        ? 4
        : 0;
  }
}

/**
 * apply_relocate_add(sechdrs, strtab, symindex, relsec, me): apply SHT_RELA section `relsec` to its target section
 * (sh_info). Entries are read from elf.buf now, in their current order (module_frob_arch_sections sorts them).
 * Returns 0 or -ENOEXEC (after env.pr_err with Linux's message).
 */
export function apply_relocate_add(elf: ElfFile, relsec: number, me: RelocModule, env: RelocEnv): number {
  const { mem } = env;
  const rs = elf.sections[relsec];
  if (!rs || rs.type !== SHT_RELA || rs.info >= elf.sections.length) {
    env.pr_err(`module ${me.name}: section ${relsec} is not a RELA section with a valid target`);
    return -ENOEXEC;
  }
  const dst = elf.sections[rs.info];
  const n = elf.relocationCount(relsec);

  for (let i = 0; i < n; i++) {
    let rel: ElfRela;
    try {
      rel = elf.relocation(relsec, i);
    } catch (e) {
      if (e instanceof ElfError) {
        env.pr_err(`module ${me.name}: ${e.message}`);
        return -e.errno;
      }
      throw e;
    }
    const type = rel.type;

    /* loc corresponds to P in the AArch64 ELF document. */
    const loc = U64(dst.addr + rel.offset);
    const width = reloc_width(type);
    if (width && rel.offset + BigInt(width) > dst.size) {
      env.pr_err(
        `module ${me.name}: relocation type ${type} at offset 0x${hex(rel.offset)} outside section ${rs.info} (size 0x${hex(dst.size)})`,
      );
      return -ENOEXEC;
    }

    /* val corresponds to (S + A) in the AArch64 ELF document. */
    let val = U64(env.symbolValue(rel.sym) + rel.addend);

    /* Check for overflow by default. */
    let overflow_check = true;
    let ovf: number;

    switch (type) {
      /* Null relocations. */
      case R_ARM_NONE:
      case R_AARCH64_NONE:
        ovf = 0;
        break;

      /* Data relocations. */
      case R_AARCH64_ABS64:
        overflow_check = false;
        ovf = reloc_data(mem, RELOC_OP_ABS, loc, val, 64);
        break;
      case R_AARCH64_ABS32:
        ovf = reloc_data(mem, RELOC_OP_ABS, loc, val, 32);
        break;
      case R_AARCH64_ABS16:
        ovf = reloc_data(mem, RELOC_OP_ABS, loc, val, 16);
        break;
      case R_AARCH64_PREL64:
        overflow_check = false;
        ovf = reloc_data(mem, RELOC_OP_PREL, loc, val, 64);
        break;
      case R_AARCH64_PREL32:
        ovf = reloc_data(mem, RELOC_OP_PREL, loc, val, 32);
        break;
      case R_AARCH64_PREL16:
        ovf = reloc_data(mem, RELOC_OP_PREL, loc, val, 16);
        break;

      /* MOVW instruction relocations. */
      case R_AARCH64_MOVW_UABS_G0_NC:
      case R_AARCH64_MOVW_UABS_G0:
        if (type === R_AARCH64_MOVW_UABS_G0_NC) overflow_check = false; // the _NC case falls through in Linux
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 0, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_UABS_G1_NC:
      case R_AARCH64_MOVW_UABS_G1:
        if (type === R_AARCH64_MOVW_UABS_G1_NC) overflow_check = false; // the _NC case falls through in Linux
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 16, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_UABS_G2_NC:
      case R_AARCH64_MOVW_UABS_G2:
        if (type === R_AARCH64_MOVW_UABS_G2_NC) overflow_check = false; // the _NC case falls through in Linux
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 32, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_UABS_G3:
        /* We're using the top bits so we can't overflow. */
        overflow_check = false;
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 48, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_SABS_G0:
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 0, AARCH64_INSN_IMM_MOVNZ);
        break;
      case R_AARCH64_MOVW_SABS_G1:
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 16, AARCH64_INSN_IMM_MOVNZ);
        break;
      case R_AARCH64_MOVW_SABS_G2:
        ovf = reloc_insn_movw(mem, RELOC_OP_ABS, loc, val, 32, AARCH64_INSN_IMM_MOVNZ);
        break;
      case R_AARCH64_MOVW_PREL_G0_NC:
        overflow_check = false;
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 0, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_PREL_G0:
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 0, AARCH64_INSN_IMM_MOVNZ);
        break;
      case R_AARCH64_MOVW_PREL_G1_NC:
        overflow_check = false;
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 16, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_PREL_G1:
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 16, AARCH64_INSN_IMM_MOVNZ);
        break;
      case R_AARCH64_MOVW_PREL_G2_NC:
        overflow_check = false;
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 32, AARCH64_INSN_IMM_MOVKZ);
        break;
      case R_AARCH64_MOVW_PREL_G2:
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 32, AARCH64_INSN_IMM_MOVNZ);
        break;
      case R_AARCH64_MOVW_PREL_G3:
        /* We're using the top bits so we can't overflow. */
        overflow_check = false;
        ovf = reloc_insn_movw(mem, RELOC_OP_PREL, loc, val, 48, AARCH64_INSN_IMM_MOVNZ);
        break;

      /* Immediate instruction relocations. */
      case R_AARCH64_LD_PREL_LO19:
        ovf = reloc_insn_imm(mem, RELOC_OP_PREL, loc, val, 2, 19, AARCH64_INSN_IMM_19);
        break;
      case R_AARCH64_ADR_PREL_LO21:
        ovf = reloc_insn_imm(mem, RELOC_OP_PREL, loc, val, 0, 21, AARCH64_INSN_IMM_ADR);
        break;
      case R_AARCH64_ADR_PREL_PG_HI21_NC:
      case R_AARCH64_ADR_PREL_PG_HI21:
        if (type === R_AARCH64_ADR_PREL_PG_HI21_NC) overflow_check = false; // falls through in Linux
        ovf = reloc_insn_adrp(me, elf, mem, loc, val, env.pr_err);
        if (ovf && ovf !== -ERANGE) return ovf;
        break;
      case R_AARCH64_ADD_ABS_LO12_NC:
      case R_AARCH64_LDST8_ABS_LO12_NC:
        overflow_check = false;
        ovf = reloc_insn_imm(mem, RELOC_OP_ABS, loc, val, 0, 12, AARCH64_INSN_IMM_12);
        break;
      case R_AARCH64_LDST16_ABS_LO12_NC:
        overflow_check = false;
        ovf = reloc_insn_imm(mem, RELOC_OP_ABS, loc, val, 1, 11, AARCH64_INSN_IMM_12);
        break;
      case R_AARCH64_LDST32_ABS_LO12_NC:
        overflow_check = false;
        ovf = reloc_insn_imm(mem, RELOC_OP_ABS, loc, val, 2, 10, AARCH64_INSN_IMM_12);
        break;
      case R_AARCH64_LDST64_ABS_LO12_NC:
        overflow_check = false;
        ovf = reloc_insn_imm(mem, RELOC_OP_ABS, loc, val, 3, 9, AARCH64_INSN_IMM_12);
        break;
      case R_AARCH64_LDST128_ABS_LO12_NC:
        overflow_check = false;
        ovf = reloc_insn_imm(mem, RELOC_OP_ABS, loc, val, 4, 8, AARCH64_INSN_IMM_12);
        break;
      case R_AARCH64_TSTBR14:
        ovf = reloc_insn_imm(mem, RELOC_OP_PREL, loc, val, 2, 14, AARCH64_INSN_IMM_14);
        break;
      case R_AARCH64_CONDBR19:
        ovf = reloc_insn_imm(mem, RELOC_OP_PREL, loc, val, 2, 19, AARCH64_INSN_IMM_19);
        break;
      case R_AARCH64_JUMP26:
      case R_AARCH64_CALL26:
        ovf = reloc_insn_imm(mem, RELOC_OP_PREL, loc, val, 2, 26, AARCH64_INSN_IMM_26);
        if (me.arch && ovf === -ERANGE) {
          val = module_emit_plt_entry(me, elf, mem, loc, rel, env.symbolValue(rel.sym), env.pr_err);
          if (!val) return -ENOEXEC;
          ovf = reloc_insn_imm(mem, RELOC_OP_PREL, loc, val, 2, 26, AARCH64_INSN_IMM_26);
        }
        break;

      default:
        env.pr_err(`module ${me.name}: unsupported RELA relocation: ${type >>> 0}`);
        return -ENOEXEC;
    }

    if (overflow_check && ovf === -ERANGE) {
      env.pr_err(`module ${me.name}: overflow in relocation type ${type | 0} val ${hex(val)}`);
      return -ENOEXEC;
    }
  }

  return 0;
}

/** apply_relocate() for SHT_REL: arm64 has none (include/linux/moduleloader.h's stub). */
export function apply_relocate(elf: ElfFile, relsec: number, me: RelocModule, env: RelocEnv): number {
  void elf;
  void relsec;
  env.pr_err(`module ${me.name}: REL relocation unsupported`);
  return -ENOEXEC;
}

/**
 * apply_relocations() of kernel/module/main.c: every SHT_REL/SHT_RELA section whose target (sh_info) is a valid,
 * SHF_ALLOC section, in section order; stops at the first error. SHF_RELA_LIVEPATCH sections are skipped
 * (klp_apply_section_relocs() is a no-op without CONFIG_LIVEPATCH, which arm64 6.1 lacks).
 */
export function apply_relocations(elf: ElfFile, me: RelocModule, env: RelocEnv): number {
  const shnum = elf.sections.length;
  let err = 0;
  for (let i = 1; i < shnum; i++) {
    const s = elf.sections[i];
    const infosec = s.info;
    /* Not a valid relocation section? */
    if (infosec >= shnum) continue;
    /* Don't bother with non-allocated sections */
    if (!(elf.sections[infosec].flags & SHF_ALLOC)) continue;
    if (s.flags & SHF_RELA_LIVEPATCH) err = 0;
    else if (s.type === SHT_REL) err = apply_relocate(elf, i, me, env);
    else if (s.type === SHT_RELA) err = apply_relocate_add(elf, i, me, env);
    if (err < 0) break;
  }
  return err;
}

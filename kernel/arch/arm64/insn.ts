// arch/arm64/lib/insn.c: the instruction encoders and decoders that relocations and PLT veneers
// use, apart from the relocation code as in Linux. Arithmetic is on bigint with explicit u64/s64
// wrapping (U64/S64) wherever C relies on it.

// C integer semantics.

const M64 = (1n << 64n) - 1n;
/** (u64)x */
export const U64 = (x: bigint): bigint => x & M64;
/** (s64)x */
export const S64 = (x: bigint): bigint => BigInt.asIntN(64, x);

export const AARCH64_BREAK_MON = 0xd4200000;
export const FAULT_BRK_IMM = 0x100;
export const AARCH64_BREAK_FAULT = (AARCH64_BREAK_MON | (FAULT_BRK_IMM << 5)) >>> 0;

export const AARCH64_INSN_IMM_ADR = 'ADR';
export const AARCH64_INSN_IMM_26 = 26;
export const AARCH64_INSN_IMM_19 = 19;
export const AARCH64_INSN_IMM_16 = 16;
export const AARCH64_INSN_IMM_14 = 14;
export const AARCH64_INSN_IMM_12 = 12;
export type aarch64_insn_imm_type = 'ADR' | 26 | 19 | 16 | 14 | 12;

const ADR_IMM_HILOSPLIT = 2;
const ADR_IMM_SIZE = 1 << 21;
const ADR_IMM_LOMASK = (1 << ADR_IMM_HILOSPLIT) - 1;
const ADR_IMM_HIMASK = (ADR_IMM_SIZE >> ADR_IMM_HILOSPLIT) - 1;
const ADR_IMM_LOSHIFT = 29;
const ADR_IMM_HISHIFT = 5;

/** aarch64_get_imm_shift_mask() for the immediate types relocations use. */
function aarch64_get_imm_shift_mask(type: 26 | 19 | 16 | 14 | 12): { mask: number; shift: number } {
  switch (type) {
    case 26:
      return { mask: (1 << 26) - 1, shift: 0 };
    case 19:
      return { mask: (1 << 19) - 1, shift: 5 };
    case 16:
      return { mask: (1 << 16) - 1, shift: 5 };
    case 14:
      return { mask: (1 << 14) - 1, shift: 5 };
    case 12:
      return { mask: (1 << 12) - 1, shift: 10 };
  }
}

/** aarch64_insn_encode_immediate(type, insn, imm): imm is a u64, only its low field bits are used. */
export function aarch64_insn_encode_immediate(type: aarch64_insn_imm_type, insn: number, imm: bigint): number {
  insn >>>= 0;
  if (insn === AARCH64_BREAK_FAULT) return AARCH64_BREAK_FAULT;
  let mask: number;
  let shift: number;
  let v: number;
  if (type === AARCH64_INSN_IMM_ADR) {
    shift = 0;
    const immlo = (Number(imm & BigInt(ADR_IMM_LOMASK)) << ADR_IMM_LOSHIFT) >>> 0;
    const immhi = (Number((imm >> BigInt(ADR_IMM_HILOSPLIT)) & BigInt(ADR_IMM_HIMASK)) << ADR_IMM_HISHIFT) >>> 0;
    v = (immlo | immhi) >>> 0;
    mask = ((ADR_IMM_LOMASK << ADR_IMM_LOSHIFT) | (ADR_IMM_HIMASK << ADR_IMM_HISHIFT)) >>> 0;
  } else {
    ({ mask, shift } = aarch64_get_imm_shift_mask(type));
    v = Number(imm & BigInt(mask));
  }
  insn = (insn & ~((mask << shift) >>> 0)) >>> 0;
  insn = (insn | (((v & mask) << shift) >>> 0)) >>> 0;
  return insn;
}

/** aarch64_insn_decode_immediate(type, insn): the raw (unsigned) field. */
export function aarch64_insn_decode_immediate(type: aarch64_insn_imm_type, insn: number): number {
  insn >>>= 0;
  if (type === AARCH64_INSN_IMM_ADR) {
    const immlo = (insn >>> ADR_IMM_LOSHIFT) & ADR_IMM_LOMASK;
    const immhi = (insn >>> ADR_IMM_HISHIFT) & ADR_IMM_HIMASK;
    return ((immhi << ADR_IMM_HILOSPLIT) | immlo) & (ADR_IMM_SIZE - 1);
  }
  const { mask, shift } = aarch64_get_imm_shift_mask(type);
  return (insn >>> shift) & mask;
}

export const AARCH64_INSN_REG_16 = 16;
const AARCH64_INSN_SF_BIT = 0x80000000;

/** aarch64_insn_decode_register(AARCH64_INSN_REGTYPE_RD, insn) */
export function aarch64_insn_decode_register_rd(insn: number): number {
  return insn & 0x1f;
}

/** aarch64_insn_gen_branch_imm(pc, addr, NOLINK or LINK): B/BL, or AARCH64_BREAK_FAULT out of ±128 MiB. */
export function aarch64_insn_gen_branch_imm(pc: bigint, addr: bigint, link: boolean): number {
  // label_imm_common()
  if ((pc & 3n) !== 0n || (addr & 3n) !== 0n) return AARCH64_BREAK_FAULT;
  const offset = S64(addr - pc);
  const range = 128n << 20n;
  if (offset < -range || offset >= range) return AARCH64_BREAK_FAULT;
  const insn = link ? 0x94000000 : 0x14000000;
  return aarch64_insn_encode_immediate(AARCH64_INSN_IMM_26, insn, U64(offset >> 2n));
}

/** aarch64_insn_gen_branch_reg(reg, NOLINK): BR reg. */
export function aarch64_insn_gen_branch_reg(reg: number): number {
  return (0xd61f0000 | ((reg & 0x1f) << 5)) >>> 0;
}

/** aarch64_insn_gen_adr(pc, addr, reg, ADRP or ADR). */
export function aarch64_insn_gen_adr(pc: bigint, addr: bigint, reg: number, adrp: boolean): number {
  let insn: number;
  let offset: number; // s32, as in C
  if (adrp) {
    insn = 0x90000000;
    offset = Number(BigInt.asIntN(32, U64(addr - (pc & ~0xfffn)) >> 12n));
  } else {
    insn = 0x10000000;
    offset = Number(BigInt.asIntN(32, U64(addr - pc)));
  }
  if (offset < -(1 << 20) || offset >= 1 << 20) return AARCH64_BREAK_FAULT;
  insn = (insn | (reg & 0x1f)) >>> 0;
  return aarch64_insn_encode_immediate(AARCH64_INSN_IMM_ADR, insn, U64(BigInt(offset)));
}

/** aarch64_insn_gen_add_sub_imm(dst, src, imm, AARCH64_INSN_VARIANT_64BIT, AARCH64_INSN_ADSB_ADD). */
export function aarch64_insn_gen_add_imm64(dst: number, src: number, imm: number): number {
  let insn = (0x11000000 | AARCH64_INSN_SF_BIT) >>> 0;
  if (imm & ~((1 << 24) - 1)) return AARCH64_BREAK_FAULT;
  if (imm & ~0xfff) {
    if (imm & 0xfff) return AARCH64_BREAK_FAULT;
    imm >>= 12;
    insn = (insn | (1 << 22)) >>> 0; // AARCH64_INSN_LSL_12
  }
  insn = (insn | (dst & 0x1f) | ((src & 0x1f) << 5)) >>> 0;
  return aarch64_insn_encode_immediate(AARCH64_INSN_IMM_12, insn, BigInt(imm));
}

/** aarch64_insn_adrp_get_offset(insn): the page offset as Linux computes it (s32, so it wraps beyond ±2 GiB). */
export function aarch64_insn_adrp_get_offset(insn: number): bigint {
  return BigInt.asIntN(32, BigInt(aarch64_insn_decode_immediate(AARCH64_INSN_IMM_ADR, insn)) << 12n);
}

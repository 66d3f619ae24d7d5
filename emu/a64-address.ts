// The data address an AArch64 load or store accesses, computed from its encoding and the
// registers before it executes: the MMU's fill hook is told only the faulting page, and a data
// abort's FAR names the byte. Covers every load/store class of the A64 encoding index (literal,
// exclusive and ordered, pairs, immediate pre/post/unscaled/unprivileged, register offset,
// atomics, unsigned offset, SIMD structures); anything else gives null.

/** x(n) for n in 0..30; n = 31 is SP in these encodings, which `sp` gives. */
export interface A64Regs { x(n: number): bigint; sp: bigint; pc: bigint }

const MASK64 = (1n << 64n) - 1n;
const sext = (v: number, bits: number) => (v << (32 - bits)) >> (32 - bits);

function base(r: A64Regs, insn: number): bigint {
  const n = (insn >>> 5) & 31;
  return n === 31 ? r.sp : r.x(n);
}

export function loadStoreAddress(insn: number, r: A64Regs): bigint | null {
  insn >>>= 0;
  // Load register (literal): LDR/LDRSW/PRFM/LDR (SIMD) label
  if ((insn & 0x3b000000) === 0x18000000) return (r.pc + BigInt(sext((insn >>> 5) & 0x7ffff, 19) * 4)) & MASK64;
  // Exclusive and ordered (LDXR, STXR, LDAXR, STLR, LDAR, CAS, CASP ...)
  if ((insn & 0x3f000000) === 0x08000000) return base(r, insn);
  // SIMD structures (LD1..LD4, ST1..ST4, LD1R ...), with or without post-index
  if ((insn & 0xbe000000) === 0x0c000000) return base(r, insn);
  // Pairs: no-allocate, post-index, signed offset, pre-index
  if ((insn & 0x3a000000) === 0x28000000) {
    const simd = (insn >>> 26) & 1;
    const opc = insn >>> 30;
    const scale = simd ? 2 + opc : opc === 2 ? 3 : 2;
    const post = ((insn >>> 23) & 3) === 1;
    const imm = BigInt(sext((insn >>> 15) & 0x7f, 7)) << BigInt(scale);
    return post ? base(r, insn) : (base(r, insn) + imm) & MASK64;
  }
  const size = insn >>> 30;
  const simd128 = ((insn >>> 26) & 1) === 1 && size === 0 && ((insn >>> 23) & 1) === 1;
  const scale = simd128 ? 4 : size;
  // Unsigned immediate offset
  if ((insn & 0x3b000000) === 0x39000000) return (base(r, insn) + (BigInt((insn >>> 10) & 0xfff) << BigInt(scale))) & MASK64;
  if ((insn & 0x3b000000) === 0x38000000) {
    const kind = (insn >>> 10) & 3;
    if (((insn >>> 21) & 1) === 0) {
      // unscaled (00), post-index (01), unprivileged (10), pre-index (11)
      if (kind === 1) return base(r, insn);
      return (base(r, insn) + BigInt(sext((insn >>> 12) & 0x1ff, 9))) & MASK64;
    }
    if (kind === 0) return base(r, insn); // atomic memory operations (LDADD, SWP, LDCLR ...)
    if (kind === 2) {
      // register offset: Xn + extend(Rm) << (S ? scale : 0)
      const m = (insn >>> 16) & 31;
      const option = (insn >>> 13) & 7;
      let off = m === 31 ? 0n : r.x(m);
      if (option === 2) off &= 0xffffffffn; // UXTW
      else if (option === 6) off = BigInt.asIntN(32, off); // SXTW
      else if (option === 7) off = BigInt.asIntN(64, off); // SXTX
      const shift = (insn >>> 12) & 1 ? BigInt(scale) : 0n;
      return (base(r, insn) + (off << shift)) & MASK64;
    }
  }
  return null;
}

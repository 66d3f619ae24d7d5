// Exception fixups (arch/arm64/mm/extable.c, kernel/extable.c): get_user() and put_user() are
// single instructions listed in __ex_table with a place to go when they fault. A data abort at
// such an instruction resumes at its fixup with the error register -EFAULT and the value
// register zeroed (EX_TYPE_UACCESS_ERR_ZERO), so a bad user pointer is an error, not an oops.
import { Reg, type Core } from '../emu/machine.ts';
import type { Fault } from '../emu/faults.ts';
import type { Kernel } from './kernel.ts';
import { EFAULT } from './errno.ts';

/** struct exception_table_entry { int insn, fixup; short type, data; } (asm/extable.h) */
const ENTRY = 12;
const EX_TYPE_UACCESS_ERR_ZERO = 2, EX_TYPE_KACCESS_ERR_ZERO = 3;

const DATA_FAULTS = new Set(['read-unmapped', 'write-unmapped', 'read-prot', 'write-prot']);

function tables(k: Kernel): [bigint, number][] {
  const t: [bigint, number][] = [];
  if (k.hasSymbol('__start___ex_table')) {
    const s = k.symbol('__start___ex_table');
    t.push([s, Number(k.symbol('__stop___ex_table') - s)]);
  }
  for (const m of k.modules) if (m.extable && m.state !== 'UNFORMED') t.push([m.extable.addr, m.extable.size]);
  return t;
}

/** The unprivileged load/store (ldtr*, sttr*: what get_user and put_user emit) at insn, and its address. */
function unprivilegedAccess(core: Core, word: number): bigint | null {
  // LDTR/STTR family: size 111000 opc 0 imm9 10 Rn Rt
  if ((word & 0x3f200c00) !== 0x38000800) return null;
  const rn = (word >>> 5) & 0x1f;
  const imm9 = BigInt.asIntN(9, BigInt((word >>> 12) & 0x1ff));
  const base = rn === 31 ? core.sp : core.x(rn);
  return BigInt.asUintN(64, base + imm9);
}

const B_COND = 0x54000000, BRANCH_MASKS: [number, number][] = [
  [0xfc000000, 0x14000000], [0xfc000000, 0x94000000], [0xff000010, B_COND], [0x7e000000, 0x34000000],
  [0x7e000000, 0x36000000], [0xfffffc1f, 0xd61f0000], [0xfffffc1f, 0xd63f0000], [0xfffffc1f, 0xd65f0000],
];
const isBranch = (w: number) => BRANCH_MASKS.some(([mask, v]) => ((w & mask) >>> 0) === v);

/**
 * The faulting instruction. Unicorn reports a data abort at the start of its translated block,
 * not at the access, so the fault is at the first instruction from there on (before any branch)
 * that accesses the faulting address.
 */
function faultingInsn(k: Kernel, core: Core, f: Fault): bigint[] {
  const out: bigint[] = [];
  for (let pc = f.pc, i = 0; i < 512; i++, pc += 4n) {
    if (!k.machine.isMapped(pc)) break;
    const w = k.machine.readU32(pc);
    const a = unprivilegedAccess(core, w);
    if (a !== null && f.address !== undefined && f.address >= a && f.address < a + 8n) out.push(pc);
    if (isBranch(w)) break;
  }
  return out.length ? out : [f.pc];
}

/** fixup_exception(): true if the fault at the core's pc has an entry, and the core now goes there. */
export function fixup_exception(k: Kernel, core: Core, f: Fault): boolean {
  if (!DATA_FAULTS.has(f.kind)) return false;
  const m = k.machine;
  const candidates = faultingInsn(k, core, f);
  for (const [start, size] of tables(k)) {
    for (let e = start; e + BigInt(ENTRY) <= start + BigInt(size); e += BigInt(ENTRY)) {
      const insn = e + BigInt(BigInt.asIntN(32, BigInt(m.readU32(e))));
      if (!candidates.includes(insn)) continue;
      const fixup = e + 4n + BigInt(BigInt.asIntN(32, BigInt(m.readU32(e + 4n))));
      const type = m.readU16(e + 8n);
      const data = m.readU16(e + 10n);
      if (type !== EX_TYPE_UACCESS_ERR_ZERO && type !== EX_TYPE_KACCESS_ERR_ZERO) return false;
      const err = data & 0x1f, zero = (data >> 5) & 0x1f;
      if (err !== 31) core.setX(err, BigInt(-EFAULT));
      if (zero !== 31) core.setX(zero, 0n);
      core.pc = fixup;
      return true;
    }
  }
  return false;
}

// The kernel's side of a synchronous exception taken through the vector table
// (arch/arm64/mm/fault.c, arch/arm64/kernel/traps.c die()): kernel/core/fault.c hands over the
// saved pt_regs, ESR and FAR; the fault is decoded from the syndrome as Linux's
// esr_to_fault_info() does, the core's registers are those of the faulting context again (the
// oops dumps and unwinds them), and the task ends with the oops (kernel/oops.ts).
import { Reg, type Core } from '../../../emu/machine.ts';
import type { Fault, FaultKind } from '../../../emu/faults.ts';
import { arg, type ServiceCall, type Service } from '../../service-args.ts';

/** asm/esr.h */
const EC_UNKNOWN = 0x00n, EC_IABT_CUR = 0x21n, EC_DABT_CUR = 0x25n;
const ESR_WNR = 1n << 6n;
const FSC_ALIGN = 0x21n;
/** struct pt_regs (asm-offsets.h): regs[31], sp, pc, pstate */
const S_SP = 248n, S_PC = 256n, S_PSTATE = 264n;

/** The fault a syndrome describes: what the oops reports and the ESR it prints. */
export function faultFromEsr(esr: bigint, far: bigint, pc: bigint, cpu: number): Fault {
  const ec = (esr >> 26n) & 0x3fn;
  const fsc = esr & 0x3fn;
  if (ec === EC_UNKNOWN) return { kind: 'undefined-instruction', cpu, pc, imm: 1, address: pc, delivered: true };
  if (ec === EC_DABT_CUR && fsc === FSC_ALIGN) return { kind: 'unaligned', cpu, pc, address: far, delivered: true };
  const access = ec === EC_IABT_CUR ? 'fetch' : (esr & ESR_WNR) ? 'write' : 'read';
  const how = fsc >> 2n === 3n ? 'prot' : 'unmapped';
  return { kind: `${access}-${how}` as FaultKind, cpu, pc, address: far, level: Number(fsc & 3n), delivered: true };
}

/** The faulting context back in the core's registers, from the pt_regs the entry code saved. */
function restoreRegs(c: ServiceCall, regs: bigint): bigint {
  const m = c.k.machine, core: Core = c.core;
  for (let i = 0; i <= 30; i++) core.setX(i, m.readU64(regs + BigInt(8 * i)));
  core.sp = m.readU64(regs + S_SP);
  core.setReg(Reg.PSTATE, m.readU64(regs + S_PSTATE) & 0xffffffffn);
  const pc = m.readU64(regs + S_PC);
  core.pc = pc;
  return pc;
}

export const FAULT_SERVICES: Record<string, Service> = {
  // void __kmodlab_die(struct pt_regs *regs, unsigned long esr, unsigned long far): die() and
  // make_task_dead(): the oops, and the task ends
  __kmodlab_die: (c: ServiceCall) => {
    const regs = arg(c, 0), esr = arg(c, 1), far = arg(c, 2);
    const pc = restoreRegs(c, regs);
    return { action: 'fault', fault: faultFromEsr(esr, far, pc, c.cpu) };
  },
};

// Guest faults as structured events. The machine turns Unicorn's error codes and
// interrupts into these; the kernel decides what they mean (oops, call into unloaded module...).
import { hex } from './address-map.ts';

export type FaultKind =
  | 'fetch-unmapped' | 'read-unmapped' | 'write-unmapped'
  | 'fetch-prot' | 'read-prot' | 'write-prot'
  | 'unaligned' | 'undefined-instruction' | 'brk' | 'exception' | 'service'
  /** An access to a poisoned range (Machine.poison): memory that is mapped but must not be used. */
  | 'read-poisoned' | 'write-poisoned';

export interface Fault {
  kind: FaultKind;
  cpu: number;
  pc: bigint;
  /** Data address for memory faults (the PC for fetch faults). */
  address?: bigint;
  /** For MMU faults: the translation table level the walk stopped at (the ESR's FSC level). */
  level?: number;
  /** Immediate of a brk instruction, interrupt number of an unexpected exception. */
  imm?: number;
  /** Free text from a kernel service that killed the thread (e.g. stack protector). */
  message?: string;
  /** The symbol the PC falls in, filled by whoever knows symbols. */
  symbol?: string;
  /** Taken through the vector table already: the kernel's fault path reported it (no second entry). */
  delivered?: boolean;
}

/**
 * ESR_EL1 of a fault the hardware delivers as an exception: a data or instruction abort taken
 * from EL1 (EC 0x25/0x21; DFSC/IFSC translation 0b0001LL or permission 0b0011LL with the level
 * the walk ended at, alignment 0b100001; WnR for writes) or an undefined instruction (EC 0).
 * Addresses outside the kernel half keep level 0, as with Linux's reserved TTBR0 while the
 * kernel runs. null: no exception of the architecture (a poisoned range, a brk, a service).
 */
export function faultEsr(f: Fault): bigint | null {
  const kernelHalf = f.address !== undefined && f.address >> 48n === 0xffffn;
  const fsc = (prot: boolean) => BigInt(f.level !== undefined && kernelHalf ? (prot ? 0xc : 0x4) + f.level : prot ? 0xf : 0x4);
  const IL = 1n << 25n;
  switch (f.kind) {
    case 'fetch-unmapped': return (0x21n << 26n) | IL | fsc(false);
    case 'fetch-prot': return (0x21n << 26n) | IL | fsc(true);
    case 'read-unmapped': return (0x25n << 26n) | IL | fsc(false);
    case 'read-prot': return (0x25n << 26n) | IL | fsc(true);
    case 'write-unmapped': return (0x25n << 26n) | IL | 0x40n | fsc(false);
    case 'write-prot': return (0x25n << 26n) | IL | 0x40n | fsc(true);
    case 'unaligned': return (0x25n << 26n) | IL | 0x21n;
    case 'undefined-instruction': return IL;
    default: return null;
  }
}

export const FAULT_TEXT: Record<FaultKind, string> = {
  'fetch-unmapped': 'Unable to handle kernel execution of unmapped memory',
  'read-unmapped': 'Unable to handle kernel paging request (read)',
  'write-unmapped': 'Unable to handle kernel paging request (write)',
  'fetch-prot': 'Unable to handle kernel execute from non-executable memory',
  'read-prot': 'Unable to handle kernel read from unreadable memory',
  'write-prot': 'Unable to handle kernel write to read-only memory',
  unaligned: 'Unable to handle kernel unaligned access',
  'undefined-instruction': 'Internal error: undefined instruction',
  brk: 'Internal error: BRK handler',
  exception: 'Internal error: unexpected exception',
  service: 'Kernel service failure',
  'read-poisoned': 'Unable to handle kernel read of poisoned memory',
  'write-poisoned': 'Unable to handle kernel write to poisoned memory',
};

export function describeFault(f: Fault): string {
  const where = f.symbol ? `${f.symbol} (${hex(f.pc)})` : hex(f.pc);
  const addr = f.address !== undefined && f.kind !== 'fetch-unmapped' && f.kind !== 'fetch-prot'
    ? ` at virtual address ${hex(f.address)}` : '';
  return `${FAULT_TEXT[f.kind]}${addr} on cpu${f.cpu} pc ${where}${f.message ? `: ${f.message}` : ''}`;
}

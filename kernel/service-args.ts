// How a service written in TypeScript reads its C arguments (AAPCS64): x0..x7, varargs past
// the named ones from the remaining registers and then the caller's stack, a va_list, and the
// environment vsnprintf needs to read guest memory and symbols.
import type { Core, TrapAction } from '../emu/machine.ts';
import type { Kernel, Task } from './kernel.ts';
import { fromRegistersAndStack, fromVaList, type ArgSource, type FormatEnv } from './vsprintf.ts';

/** One call of a service: the calling core and thread, and the stub's name. */
export interface ServiceCall {
  k: Kernel;
  core: Core;
  cpu: number;
  task: Task | null;
  name: string;
}

/** A service returns x0, or a TrapAction to stop or kill the thread. */
export type Service = (c: ServiceCall) => bigint | TrapAction | void;

export const arg = (c: { core: Core }, i: number) => c.core.x(i);

/** Variadic arguments starting at register x<first>, then the caller's stack. */
export function varargs(c: { k: Kernel; core: Core }, first: number): ArgSource {
  const regs: bigint[] = [];
  for (let i = first; i < 8; i++) regs.push(c.core.x(i));
  return fromRegistersAndStack(regs, (a) => c.k.machine.readU64(a), c.core.sp);
}

/** The va_list whose address is in x<i>. */
export function valist(c: { k: Kernel; core: Core }, i: number): ArgSource {
  const m = c.k.machine;
  return fromVaList(arg(c, i), (a) => m.readU64(a), (a) => m.readU32(a));
}

export function formatEnv(k: Kernel): FormatEnv {
  const m = k.machine;
  return {
    readCString: (a, max) => m.readCString(a, max + 1)?.subarray(0, max) ?? null,
    readBytes: (a, len) => {
      try { return m.read(a, len); } catch { return null; }
    },
    symbolize: (a) => {
      const s = k.kallsyms.lookup(a);
      return s ? { name: s.name, offset: s.offset, size: s.size, module: s.module } : null;
    },
  };
}

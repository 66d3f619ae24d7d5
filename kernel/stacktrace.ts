// arch/arm64/kernel/stacktrace.c: the frame-pointer unwind oops reports, WARN and dump_stack
// print (everything is built with -fno-omit-frame-pointer).
import { Reg } from '../emu/machine.ts';
import { CALL_SENTINEL } from '../emu/address-map.ts';
import type { Kernel } from './kernel.ts';

/** Return addresses from pc up the frame-pointer chain of cpu's current frame. */
export function backtrace(k: Kernel, cpu: number, pc: bigint): bigint[] {
  const core = k.machine.cores[cpu];
  const out = [pc];
  let fp = core.reg(Reg.X[29]);
  const lr = core.reg(Reg.X[30]);
  if (lr && lr !== out[0]) out.push(lr);
  for (let i = 0; i < 16 && fp !== 0n && k.machine.isMapped(fp); i++) {
    const ret = k.machine.readU64(fp + 8n);
    fp = k.machine.readU64(fp);
    if (ret === 0n || k.kallsyms.lookup(ret) === null) break;
    if (ret !== out[out.length - 1]) out.push(ret);
  }
  return out.filter((a) => a !== CALL_SENTINEL);
}

// Traps from the cores (arch/arm64/kernel/traps.c, entry-common.c): an svc from a service
// stub runs the TypeScript service (kernel/services.ts); brk #0x800 is a WARN or a BUG
// (report_bug, kernel/bug.ts); any other brk or fault kills the thread with an oops report
// (kernel/oops.ts).
import { GuestAccessError, type Core, type Trap, type TrapAction } from '../emu/machine.ts';
import { SERVICES } from './services.ts';
import type { ServiceCall } from './service-args.ts';
import { find_bug, BUGFLAG_WARNING } from './bug.ts';
import { warn } from './panic.ts';
import type { Kernel } from './kernel.ts';

/** The machine's trap handler: services, WARN/BUG, other brk. */
export function trap(k: Kernel, core: Core, trap: Trap): TrapAction {
  if (trap.kind === 'svc') {
    const name = k.services.get(trap.pc);
    const fn = name ? SERVICES[name] : undefined;
    if (!fn) {
      return { action: 'fault', fault: { kind: 'exception', cpu: core.id, pc: trap.pc, message: `svc #${trap.imm} outside the service stubs` } };
    }
    k.sched.charge(core.id, k.cost.serviceCallCycles);
    const thread = k.sched.current(core.id);
    const call: ServiceCall = { k, core, cpu: core.id, task: thread ? k.tasks.get(thread) ?? null : null, name: name! };
    let r;
    try {
      r = fn(call);
    } catch (e) {
      // A pointer the module passed that the service dereferenced: the data abort is the
      // calling task's, at the service's own PC, as if the C function had made the access.
      if (!(e instanceof GuestAccessError)) throw e;
      return { action: 'fault', fault: { kind: e.write ? 'write-unmapped' : 'read-unmapped', cpu: core.id, pc: trap.pc, address: e.address } };
    }
    if (r && typeof r === 'object') return r;
    if (typeof r === 'bigint') core.setX(0, r);
    return { action: 'continue' };
  }
  if (trap.imm === 0x800) {
    const bug = find_bug(k, trap.pc);
    if (bug && bug.flags & BUGFLAG_WARNING) {
      warn(k, core, trap.pc, bug);
      return { action: 'continue' };
    }
    return { action: 'fault', fault: { kind: 'brk', cpu: core.id, pc: trap.pc, imm: trap.imm, message: bug?.file ? `kernel BUG at ${bug.file}:${bug.line}!` : undefined } };
  }
  return { action: 'fault', fault: { kind: 'brk', cpu: core.id, pc: trap.pc, imm: trap.imm } };
}

// kernel/panic.c's __warn(): the WARNING splat for a WARN() the cores hit (brk, kernel/traps.ts)
// and for the WARN_ON_ONCE()s of C that kmodlab runs on the host (TypeScript services).
import { Reg, type Core } from '../emu/machine.ts';
import { TAINT, taintedLine, taintLetters } from './taint.ts';
import { BUGFLAG_WARNING, BUGFLAG_ONCE, BUGFLAG_DONE, BUGFLAG_NO_CUT_HERE, CUT_HERE, type BugEntry } from './bug.ts';
import { backtrace } from './stacktrace.ts';
import { UTS_RELEASE, type Kernel } from './kernel.ts';

/**
 * WARN_ON_ONCE() in C that kmodlab runs on the host (a TypeScript service): the same splat,
 * at the service's PC, with the source line of the check it ports; once per boot per key.
 */
export function hostWarnOnce(k: Kernel, core: Core, pc: bigint, file: string, line: number): void {
  const key = `${file}:${line}`;
  if (k.hostWarned.has(key)) return;
  k.hostWarned.add(key);
  warn(k, core, pc, { at: 0n, file, line, flags: BUGFLAG_WARNING });
}

/** __warn(): the WARNING splat; the thread goes on after the brk. */
export function warn(k: Kernel, core: Core, pc: bigint, bug: BugEntry) {
  if (bug.flags & BUGFLAG_ONCE) {
    if (bug.flags & BUGFLAG_DONE) return;
    k.machine.writeU16(bug.at + 10n, bug.flags | BUGFLAG_DONE);
  }
  const thread = k.sched.current(core.id);
  const task = thread ? k.tasks.get(thread) : undefined;
  const lines: string[] = [];
  if (!(bug.flags & BUGFLAG_NO_CUT_HERE)) lines.push(CUT_HERE);
  const where = k.kallsyms.format(pc);
  lines.push(bug.file ? `WARNING: CPU: ${core.id} PID: ${task?.pid ?? 0} at ${bug.file}:${bug.line} ${where}` : `WARNING: CPU: ${core.id} PID: ${task?.pid ?? 0} at ${where}`);
  const mods = k.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name + (m.taints ? `(${taintLetters(m.taints)})` : ''));
  lines.push(`Modules linked in: ${mods.join(' ')}`);
  lines.push(`CPU: ${core.id} PID: ${task?.pid ?? 0} Comm: ${task?.comm ?? 'swapper'} ${taintedLine(k.taint)} ${UTS_RELEASE} #1`);
  lines.push('Hardware name: kmodlab virtual machine (DT)');
  lines.push(`pc : ${where}`);
  lines.push(`lr : ${k.kallsyms.format(core.reg(Reg.X[30]))}`);
  lines.push('Call trace:');
  for (const a of backtrace(k, core.id, pc)) lines.push(` ${k.kallsyms.format(a)}`);
  lines.push('---[ end trace 0000000000000000 ]---');
  for (const l of lines) k.printk(`<4>${l}\n`, core.id);
  // "Just a warning, don't kill lockdep": the taint comes after the splat, as in __warn().
  k.addTaint(bug.flags >> 8 || TAINT.WARN);
}


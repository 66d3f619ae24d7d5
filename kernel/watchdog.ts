// kernel/watchdog.c's soft lockup report: a task that keeps its CPU past the machine's watchdog
// threshold. Linux's threshold is 2 × watchdog_thresh (20 s); the machine's is the call limit
// (boot option, 200M cycles by default), so the duration printed is the emulated time it ran.
import { Reg } from '../emu/machine.ts';
import { TAINT, taintedLine, taintLetters } from './taint.ts';
import { backtrace } from './stacktrace.ts';
import { UTS_RELEASE, type Kernel, type Task } from './kernel.ts';

/** watchdog_timer_fn(): the BUG line, print_modules(), show_regs(), then TAINT_SOFTLOCKUP. */
export function softLockup(k: Kernel, task: Task, cycles: bigint): string[] {
  const core = k.machine.cores[task.cpu];
  const fmt = (a: bigint) => k.kallsyms.format(a);
  const seconds = cycles / BigInt(k.cost.cpuHz);
  const mods = k.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name + (m.taints ? `(${taintLetters(m.taints)})` : ''));
  const pc = core.pc;
  let lr = 0n;
  try { lr = core.reg(Reg.X[30]); } catch { /* no registers */ }
  const lines = [
    `watchdog: BUG: soft lockup - CPU#${task.cpu} stuck for ${seconds}s! [${task.comm}:${task.pid}]`,
    `Modules linked in: ${mods.join(' ')}`,
    `CPU: ${task.cpu} PID: ${task.pid} Comm: ${task.comm} ${taintedLine(k.taint)} ${UTS_RELEASE} #1`,
    'Hardware name: kmodlab virtual machine (DT)',
    `pc : ${fmt(pc)}`,
    `lr : ${fmt(lr)}`,
    `sp : ${core.sp.toString(16).padStart(16, '0')}`,
    'Call trace:',
    ...backtrace(k, task.cpu, pc).map((a) => ` ${fmt(a)}`),
  ];
  for (const l of lines) k.printk(`<0>${l}\n`, task.cpu);
  k.addTaint(TAINT.SOFTLOCKUP);
  return lines;
}

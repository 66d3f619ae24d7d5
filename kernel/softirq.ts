// Softirqs (kernel/softirq.c): timers and tasklets run in one "ksoftirqd/N" thread per CPU,
// created the first time the CPU needs one. The thread runs C (run_ksoftirqd in
// kernel/core/softirq.c) and is urgent: whenever it is runnable it takes its core at the next
// slice boundary from whatever runs there -- as a softirq at interrupt exit would -- unless
// that thread has interrupts masked or bottom halves disabled. When it has nothing to do it
// sleeps until the CPU's next timer is due (its jiffy begins on the machine clock) or until
// raise_softirq()/a timer armed from another CPU wakes it.
import type { Core } from '../emu/machine.ts';
import { Reg } from '../emu/machine.ts';
import type { GuestThread } from '../emu/scheduler.ts';
import type { Kernel, Task } from './kernel.ts';
import { jiffyStart } from './jiffies.ts';
import { arg, type ServiceCall, type Service } from './service-args.ts';
import { PerKernel } from './attached.ts';

/** No timer pending: the C side passes (unsigned long)-1. */
const NO_TIMER = (1n << 64n) - 1n;
/** include/linux/preempt.h: SOFTIRQ_MASK | HARDIRQ_MASK | NMI_MASK */
const IRQ_COUNT_MASK = 0xff00 | 0xf0000 | 0xf00000;

interface CpuSoftirq { task: Task; asleep: boolean; programmed: bigint | null }

const percpu = new PerKernel<(CpuSoftirq | undefined)[]>();

function softirqOf(k: Kernel, cpu: number): CpuSoftirq {
  let all = percpu.get(k);
  if (!all) percpu.set(k, (all = []));
  let s = all[cpu];
  // A callback that oopsed killed the thread it ran on: the CPU gets a new one, as the
  // machine keeps running after an oops.
  if (!s || s.task.thread!.done) {
    const task = k.spawn(`ksoftirqd/${cpu}`, cpu, k.symbol('run_ksoftirqd'), [BigInt(cpu)]);
    task.thread!.urgent = true;
    task.thread!.daemon = true;
    s = all[cpu] = { task, asleep: false, programmed: null };
  }
  return s;
}

/** The softirq threads created so far (for the dashboard and tests). */
export function softirqThreads(k: Kernel): GuestThread[] {
  return (percpu.get(k) ?? []).filter((s) => s).map((s) => s!.task.thread!);
}

function wakeAt(k: Kernel, s: CpuSoftirq, j: bigint) {
  const t = s.task.thread!;
  k.timers.cancel(t);
  k.timers.wakeAt(t, jiffyStart(k, j), () => { s.asleep = false; });
}

function wakeNow(k: Kernel, s: CpuSoftirq) {
  if (!s.asleep) return;
  s.asleep = false;
  k.timers.cancel(s.task.thread!);
  k.sched.wake(s.task.thread!);
}

/** May the softirq thread interrupt t, which is on the core: interrupts on, no irq or bh count. */
export function interruptible(k: Kernel, core: Core, t: GuestThread): boolean {
  if ((core.reg(Reg.PSTATE) & 0x80n) !== 0n) return false;
  const task = k.tasks.get(t);
  if (!task) return true;
  return (k.machine.readU32(task.struct + k.task.preemptCount) & IRQ_COUNT_MASK) === 0;
}

export const SOFTIRQ_SERVICES: Record<string, Service> = {
  // void __kmodlab_softirq_wait(unsigned long next_jiffy): ksoftirqd has nothing pending.
  __kmodlab_softirq_wait: (c: ServiceCall) => {
    const k = c.k;
    const s = softirqOf(k, c.cpu);
    const t = s.task.thread!;
    if (k.sched.current(c.cpu) !== t) return;
    let next = arg(c, 0);
    if (s.programmed !== null && s.programmed < next) next = s.programmed;
    s.programmed = null;
    s.asleep = true;
    k.sched.block(t);
    if (next !== NO_TIMER) wakeAt(k, s, next);
    return { action: 'stop' };
  },
  // void __kmodlab_softirq_raise(unsigned int cpu): a softirq is pending on cpu
  __kmodlab_softirq_raise: (c: ServiceCall) => {
    const cpu = Number(arg(c, 0) & 0xffffffffn);
    if (cpu >= c.k.opts.cpus) return;
    wakeNow(c.k, softirqOf(c.k, cpu));
  },
  // void __kmodlab_timer_program(unsigned int cpu, unsigned long expires): cpu's first timer is now due then
  __kmodlab_timer_program: (c: ServiceCall) => {
    const k = c.k;
    const cpu = Number(arg(c, 0) & 0xffffffffn);
    if (cpu >= k.opts.cpus) return;
    const s = softirqOf(k, cpu);
    const j = arg(c, 1);
    if (s.asleep) {
      const at = k.timers.until(s.task.thread!);
      if (at === undefined || jiffyStart(k, j) < at) wakeAt(k, s, j);
    } else if (s.programmed === null || j < s.programmed) {
      s.programmed = j;
    }
  },
};

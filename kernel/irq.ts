// Interrupts, the TypeScript side: the GIC distributor's registers (emu/gic.ts) as services of
// the kernel core's GIC driver (kernel/core/irq-gic-v3.c), the scheduler's tick that the
// generic timer's interrupt runs (kernel/core/arm_arch_timer.c), preemption at an interrupt's
// exit (kernel/core/entry-common.c), and each CPU's idle task, which takes the interrupts of a
// CPU with nothing else to run.
import { GIC_SPI_FIRST } from '../emu/gic.ts';
import { Reg } from '../emu/machine.ts';
import { newTask } from './kthread.ts';
import { THREAD_SIZE, type Kernel, type Task } from './kernel.ts';
import { arg, type ServiceCall, type Service } from './service-args.ts';
import type { GuestThread } from '../emu/scheduler.ts';

/** struct pt_regs' pc (asm-offsets.h S_PC) */
const S_PC = 256n;
/** include/linux/preempt.h */
const HARDIRQ_OFFSET = 0x10000;
/** PSTATE of the idle task at its start: EL1h, interrupts masked until it has set the CPU up. */
const PSTATE_EL1H_MASKED = 0x3c5n;

/** Boot: the tick's period and preempt= for the kernel core, and every CPU's idle task. */
export function initInterrupts(k: Kernel) {
  k.machine.writeU64(k.symbol('kmodlab_tick_cycles'), BigInt(k.sched.tick));
  k.machine.writeU32(k.symbol('kmodlab_preempt_full'), k.opts.preempt === 'full' ? 1 : 0);
  const vectors = k.symbol('vectors');
  for (const core of k.machine.cores) {
    // What head.S does on each CPU before the kernel runs there.
    core.setReg(Reg.VBAR_EL1, vectors);
    spawnIdle(k, core.id);
  }
}

/**
 * The end of boot: every CPU's idle task has set its CPU up (GIC interface, timer) and waits
 * for interrupts, as after smp_init(); a CPU busy since boot would otherwise do it later, inside
 * whatever is being measured.
 */
export function startIdleTasks(k: Kernel) {
  const idle = k.machine.cores.map((c) => k.sched.idleThread(c.id)!);
  k.sched.runUntil(() => idle.every((t) => t.started && k.sched.isParked(t.cpu)));
}

/** The idle task "swapper/N" (pid 0, as Linux's): in no run queue; the scheduler runs it when the CPU would be idle. */
function spawnIdle(k: Kernel, cpu: number): Task {
  const comm = `swapper/${cpu}`;
  const task = newTask(k, comm, cpu, 0);
  const { struct, stack } = task;
  task.thread = k.sched.spawnIdle({
    name: comm, cpu, entry: k.symbol('kmodlab_cpu_idle'), args: [BigInt(cpu)],
    stackTop: stack + BigInt(THREAD_SIZE), spEl0: struct, pstate: PSTATE_EL1H_MASKED,
  });
  task.thread.data = task;
  k.tasks.set(task.thread, task);
  return task;
}

/**
 * Where a task is, for those who show it: a task preempted at an interrupt's exit sits in
 * preempt_schedule_irq() (`pc` in its service stub), but is where it was interrupted.
 */
export function interruptedAt(k: Kernel, t: GuestThread, pc: bigint): bigint {
  const stub = k.kallsyms.address('__kmodlab_preempt_irq');
  if (stub === null || pc < stub || pc >= stub + 8n) return pc;
  return k.tasks.get(t)?.preemptedAt ?? pc;
}

export const IRQ_SERVICES: Record<string, Service> = {
  // void __kmodlab_gic_enable(unsigned int intid, int on, int cpu): GICD_ISENABLER/ICENABLER;
  // an SGI or PPI on cpu (< 0: on every CPU)
  __kmodlab_gic_enable: (c: ServiceCall) => {
    const intid = Number(arg(c, 0) & 0xffffffffn);
    const cpu = Number(BigInt.asIntN(32, arg(c, 2)));
    const gic = c.k.machine.gic;
    if (intid >= GIC_SPI_FIRST + gic.spis || cpu >= gic.cpus) return;
    gic.enable(intid, (arg(c, 1) & 0xffffffffn) !== 0n, cpu < 0 ? undefined : cpu);
  },
  // void __kmodlab_gic_raise(unsigned int intid, unsigned int cpu): a device asserts SPI intid,
  // wired to cpu. Raised by that CPU's own task, it is taken at once (before the service
  // returns, if that task has interrupts on); another CPU takes it when it next starts a run.
  __kmodlab_gic_raise: (c: ServiceCall) => {
    const intid = Number(arg(c, 0) & 0xffffffffn);
    const cpu = Number(arg(c, 1) & 0xffffffffn);
    const gic = c.k.machine.gic;
    if (intid < GIC_SPI_FIRST || intid >= GIC_SPI_FIRST + gic.spis || cpu >= gic.cpus) return;
    gic.route(intid, cpu);
    gic.raise(intid);
    if (cpu === c.cpu) c.core.deliverInterrupt();
  },
  // void __kmodlab_tick(void): scheduler_tick() in the timer's interrupt. With preempt=full a
  // task interrupted with preempt_count 0 is preemptible here; a reschedule is asked for when
  // another task waits for this CPU or a grace period waits for it to schedule (resched_cpu).
  __kmodlab_tick: (c: ServiceCall) => {
    const k = c.k, task = c.task;
    const t = k.sched.current(c.cpu);
    if (!task || !t) return;
    const count = k.machine.readU32(task.struct + k.task.preemptCount) - HARDIRQ_OFFSET;
    const others = k.sched.threads(c.cpu).some((x) => x !== t && x.state === 'runnable');
    if (k.opts.preempt === 'full' && count === 0 && t !== k.sched.idleThread(c.cpu)) {
      k.sched.preemptibleTicks[c.cpu]++;
      if (others) k.machine.writeU32(task.struct + k.task.preemptCount + 4n, 0);
    } else if (others || k.gracePeriods > 0) {
      k.machine.writeU32(task.struct + k.task.preemptCount + 4n, 0);
    }
  },
  // void __kmodlab_preempt_irq(struct pt_regs *regs): preempt_schedule_irq(); the task resumes
  // here later and returns from its interrupt. Where it was interrupted (regs->pc) is where `ps`
  // shows it meanwhile.
  __kmodlab_preempt_irq: (c: ServiceCall) => {
    const k = c.k, task = c.task;
    const t = k.sched.current(c.cpu);
    if (!task || !t) return;
    k.machine.writeU32(task.struct + k.task.preemptCount + 4n, 1);
    if (t === k.sched.idleThread(c.cpu)) return { action: 'stop' };
    if (!k.sched.preempt(t)) return;
    task.preemptedAt = k.machine.readU64(arg(c, 0) + S_PC);
    return { action: 'stop' };
  },
  // void __kmodlab_preempt_schedule(void): preempt_schedule() and cond_resched(): schedule()
  // for a running task (the CPU's others go first; a pass through the scheduler), but never a
  // sleep, whatever the task's state
  __kmodlab_preempt_schedule: (c: ServiceCall) => {
    const t = c.k.sched.current(c.cpu);
    if (!t || t === c.k.sched.idleThread(c.cpu)) return;
    c.k.sched.yield(t);
    return { action: 'stop' };
  },
  // void __kmodlab_idle_wait(void): the idle task waits for the CPU's next interrupt
  __kmodlab_idle_wait: (c: ServiceCall) => {
    c.k.sched.parkIdle(c.cpu);
    return { action: 'stop' };
  },
};

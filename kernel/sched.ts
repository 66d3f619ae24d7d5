// Sleeping and waking by task state (kernel/sched/core.c's schedule() and try_to_wake_up()):
// a task that sets current->__state to a sleeping state and calls schedule() leaves its core
// until someone sets it back to TASK_RUNNING and wakes it (wake_up_process, in C:
// kernel/core/sched.c, which calls __kmodlab_wake_task after changing the state). schedule()
// with __state TASK_RUNNING is a yield, as the mutex and cond_resched loops want. A wake-up
// that comes between set_current_state() and schedule() finds the state already RUNNING,
// so schedule() does not sleep: no wake-up is lost. Kernel threads of kthread_create_on_node
// (kernel/core/kthread.c) start asleep in TASK_UNINTERRUPTIBLE until their first wake-up.
import type { GuestThread } from '../emu/scheduler.ts';
import type { Kernel, Task } from './kernel.ts';
import { arg, type ServiceCall, type Service } from './service-args.ts';
import { PerKernel } from './attached.ts';

export const TASK_RUNNING = 0;
export const TASK_UNINTERRUPTIBLE = 2;
export const TASK_DEAD = 0x80;
/** PF_KTHREAD (include/linux/sched.h) */
export const PF_KTHREAD = 0x00200000;

/** Threads asleep in schedule(), per machine: only these does a wake-up release. */
const asleep = new PerKernel<Set<GuestThread>>();
function asleepOf(k: Kernel) {
  let s = asleep.get(k);
  if (!s) asleep.set(k, (s = new Set()));
  return s;
}

export function taskState(k: Kernel, task: Task): number {
  return k.machine.readU32(task.struct + k.task.state);
}
export function setTaskState(k: Kernel, task: Task, state: number) {
  k.machine.writeU32(task.struct + k.task.state, state);
}

/** The live task whose task_struct is at `struct` (an ended task's memory may be reused). */
export function taskByStruct(k: Kernel, struct: bigint): Task | undefined {
  for (const task of k.tasks.values()) if (task.struct === struct && task.thread && !task.thread.done) return task;
  return undefined;
}

/** Puts a thread to sleep in schedule() until a wake-up. */
export function sleepInSchedule(k: Kernel, task: Task) {
  const t = task.thread!;
  asleepOf(k).add(t);
  k.sched.block(t);
}

/** try_to_wake_up()'s second half: the state is already RUNNING; the thread gets its core back. */
export function wakeTask(k: Kernel, task: Task): boolean {
  const t = task.thread;
  const set = asleepOf(k);
  if (!t || !set.has(t)) return false;
  set.delete(t);
  setTaskState(k, task, TASK_RUNNING);
  k.timers.cancel(t);
  k.sched.wake(t);
  return true;
}

/** Whether a thread is asleep in schedule() (for `ps` and the dashboard). */
export function sleepingInSchedule(k: Kernel, t: GuestThread): boolean {
  return asleepOf(k).has(t);
}

/** Forgets a thread that ended (its task_struct may live on, referenced). */
export function schedExit(k: Kernel, t: GuestThread) {
  asleepOf(k).delete(t);
}

/**
 * CPU for a new kernel thread nobody bound: the one with the fewest live threads, the lowest
 * on a tie (Linux's wake-up balancing picks an idle CPU; this is its deterministic stand-in).
 */
function leastLoadedCpu(k: Kernel): number {
  let best = 0, n = Infinity;
  for (let cpu = 0; cpu < k.opts.cpus; cpu++) {
    const live = k.sched.threads(cpu).filter((t) => !t.done && !t.urgent).length;
    if (live < n) { n = live; best = cpu; }
  }
  return best;
}

export const SCHED_SERVICES: Record<string, Service> = {
  // schedule(): sleep if the caller set a sleeping state, else let the core's other threads go first.
  schedule: (c: ServiceCall) => {
    const t = c.k.sched.current(c.cpu);
    if (!t || !c.task) return;
    if (taskState(c.k, c.task) !== TASK_RUNNING) sleepInSchedule(c.k, c.task);
    else c.k.sched.yield(t);
    return { action: 'stop' };
  },
  // int __kmodlab_schedule_hrtimeout(u64 ns): schedule() that a timer ends ns from now
  __kmodlab_schedule_hrtimeout: (c: ServiceCall) => {
    const k = c.k, task = c.task;
    if (!task?.thread || k.sched.current(c.cpu) !== task.thread) return 0n;
    if (taskState(k, task) === TASK_RUNNING) return 0n;
    const cycles = (arg(c, 0) * BigInt(k.cost.cpuHz)) / 1_000_000_000n;
    asleepOf(k).add(task.thread);
    c.core.setX(0, 0n);
    k.timers.sleep(task.thread, k.sched.now() + cycles, () => wakeTask(k, task));
    return { action: 'stop' };
  },
  // void __kmodlab_task_daemon(void): current sleeps until given work (a workqueue worker)
  __kmodlab_task_daemon: (c: ServiceCall) => {
    if (c.task?.thread) c.task.thread.daemon = true;
  },
  // void __kmodlab_wake_task(struct task_struct *p), after p->__state was set to TASK_RUNNING
  __kmodlab_wake_task: (c: ServiceCall) => {
    const task = taskByStruct(c.k, arg(c, 0));
    return task && wakeTask(c.k, task) ? 1n : 0n;
  },
  // struct task_struct *__kmodlab_kthread_create(int (*fn)(void *), void *arg, const char *name, int cpu):
  // a new kernel thread running fn(arg), asleep until its first wake-up; cpu < 0: any CPU.
  __kmodlab_kthread_create: (c: ServiceCall) => {
    const k = c.k;
    const name = k.machine.readString(arg(c, 2), 16);
    let cpu = Number(BigInt.asIntN(32, arg(c, 3)));
    if (cpu < 0 || cpu >= k.opts.cpus) cpu = leastLoadedCpu(k);
    let task: Task;
    try {
      task = k.spawn(name, cpu, arg(c, 0), [arg(c, 1)]);
    } catch {
      return 0n;
    }
    k.machine.writeU32(task.struct + k.task.flags, PF_KTHREAD);
    setTaskState(k, task, TASK_UNINTERRUPTIBLE);
    sleepInSchedule(k, task);
    return task.struct;
  },
  // void __kmodlab_kthread_bind(struct task_struct *p, int cpu): before its first wake-up only
  __kmodlab_kthread_bind: (c: ServiceCall) => {
    const task = taskByStruct(c.k, arg(c, 0));
    const cpu = Number(BigInt.asIntN(32, arg(c, 1)));
    if (!task?.thread || task.thread.started || cpu < 0 || cpu >= c.k.opts.cpus) return 0n;
    c.k.sched.migrate(task.thread, cpu);
    task.cpu = cpu;
    c.k.machine.writeU32(task.struct + c.k.task.cpu, cpu);
    return 1n;
  },
};

/**
 * The CPU a new task of the shell starts on when none is named: CPU 0, unless a runaway task
 * (a call that never returned) holds it, as select_task_rq would pick an idle CPU then.
 */
export function defaultCpu(k: Kernel): number {
  const held = new Set<number>();
  for (const t of k.runaway) if (t.thread && !t.thread.done && k.sched.current(t.cpu) === t.thread) held.add(t.cpu);
  for (let c = 0; c < k.opts.cpus; c++) if (!held.has(c)) return c;
  return 0;
}

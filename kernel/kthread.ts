// Kernel threads (kernel/kthread.c, kernel/exit.c, the scheduler tick): every guest activity
// is a thread with its own task_struct (SP_EL0) and vmalloc'd stack, bound to a core. The
// scheduler (emu/scheduler.ts) runs them; this file creates them, runs the machine until one
// ends, gives back what an ended thread held, and decides at each tick whether to preempt.
import { PROT } from '../emu/machine.ts';
import type { GuestThread } from '../emu/scheduler.ts';
import type { Fault } from '../emu/faults.ts';
import { KernelError, ENOMEM } from './errno.ts';
import { THREAD_SIZE, type Kernel, type Task, type CallOutcome, type Kthreads } from './kernel.ts';
import { oops } from './oops.ts';
import { softLockup } from './watchdog.ts';
import { schedExit, TASK_DEAD } from './sched.ts';

/** PSTATE of a kernel thread: EL1h with interrupts unmasked (DAIF clear). */
const PSTATE_EL1H = 0x5n;

/** Creates a kernel thread running fn(args) on cpu; it starts at the next run. */
export function spawn(k: Kernel, comm: string, cpu: number, fn: bigint, args: bigint[]): Task {
  const task = newTask(k, comm, cpu, null);
  task.thread = k.sched.spawn({ name: comm, cpu, entry: fn, args, stackTop: task.stack + BigInt(THREAD_SIZE), spEl0: task.struct, pstate: PSTATE_EL1H });
  task.thread.data = task;
  k.tasks.set(task.thread, task);
  return task;
}

/**
 * A task_struct and stack for a thread of comm on cpu, as copy_process() leaves them; `pid` null
 * takes the next pid (the idle tasks have pid 0). Its thread is the caller's to create.
 */
export function newTask(k: Kernel, comm: string, cpu: number, pid: number | null): Task {
  const struct = k.slab.kmalloc(k.task.size);
  const stack = k.vmalloc.alloc(THREAD_SIZE, `stack:${comm}`, PROT.RW);
  if (!struct || !stack) {
    if (struct) k.slab.kfree(struct);
    if (stack) k.vmalloc.free(stack);
    throw new KernelError(ENOMEM, 'out of memory creating a kernel thread');
  }
  k.machine.writeU64(struct + k.task.stackCanary, k.rng.next64());
  // thread_info: preempt_count's high word is "need resched", stored inverted (1 = none).
  k.machine.writeU64(struct + k.task.preemptCount, 1n << 32n);
  k.machine.writeU32(struct + k.task.cpu, cpu);
  // One reference, the thread's own: get_task_struct() holders keep the struct past its exit.
  k.machine.writeU32(struct + k.task.usage, 1);
  const task: Task = { pid: pid ?? k.nextPid++, comm, cpu, struct, stack, thread: null };
  k.machine.writeU32(struct + k.task.pid, task.pid);
  k.machine.writeU64(struct + k.task.nsproxy, k.task.initNsproxy);
  // Linux's kernel threads run with init_cred: root, every capability, init_user_ns
  k.machine.writeU64(struct + k.task.cred, k.task.initCred);
  k.machine.writeU64(struct + k.task.realCred, k.task.initCred);
  k.machine.write(struct + k.task.comm, new Uint8Array(Buffer.from(comm.slice(0, 15), 'latin1')));
  return task;
}

export function taskOf(k: Kernel, t: GuestThread): Task | undefined { return k.tasks.get(t); }

/**
 * do_exit(): the stack goes at once; the task_struct (and a kernel thread's struct kthread in
 * worker_private) when its last reference goes -- here, or in put_task_struct() of whoever
 * holds one (kthread_stop() reads the thread's result after it exited).
 */
function releaseTask(k: Kernel, task: Task) {
  task.onExit?.();
  const m = k.machine;
  k.vmalloc.free(task.stack);
  if (task.thread) schedExit(k, task.thread);
  m.writeU32(task.struct + k.task.state, TASK_DEAD);
  const usage = m.readU32(task.struct + k.task.usage);
  if (usage > 1) {
    m.writeU32(task.struct + k.task.usage, usage - 1);
    return;
  }
  const priv = m.readU64(task.struct + k.task.workerPrivate);
  if (priv) k.slab.kfree(priv);
  k.slab.kfree(task.struct);
}

/**
 * Calls fn(args) on cpu and runs the machine until it returns (other threads keep running
 * meanwhile). A fault is reported as an oops; the machine keeps going.
 */
export function call(k: Kernel, fn: bigint, args: bigint[], opts: { cpu?: number; comm?: string } = {}): CallOutcome {
  const cpu = opts.cpu ?? 0;
  let task: Task;
  try {
    task = spawn(k, opts.comm ?? 'kmodlab', cpu, fn, args);
  } catch (e) {
    if (e instanceof KernelError) return { ok: false, errno: e.errno };
    throw e;
  }
  return wait(k, task);
}

/** Wakes the waiters whose condition holds; true if any woke. */
export function wakeWaiters(k: Kernel): boolean {
  let woke = false;
  for (let i = 0; i < k.waiters.length;) {
    const w = k.waiters[i];
    if (w.t.done || w.ready()) {
      k.waiters.splice(i, 1);
      k.sched.wake(w.t);
      woke = true;
    } else i++;
  }
  return woke;
}

/** Runs the machine until the task ends (or the call limit): its result. */
export function wait(k: Kernel, task: Task, limit = BigInt(k.opts.callLimit)): CallOutcome {
  const t = task.thread!;
  const r = k.sched.runUntil(() => t.done, limit);
  if (!t.done) {
    // Stuck (an endless loop, a lock never released, a sleep nobody ends): left running.
    if (r === 'idle') {
      k.printk(`<3>INFO: task ${task.comm}:${task.pid} blocked with nothing left to wake it, at ${k.kallsyms.format(k.machine.cores[task.cpu].pc)}\n`);
    } else if (k.sched.current(task.cpu) === t) {
      softLockup(k, task, limit);
    } else {
      k.printk(`<3>INFO: task ${task.comm}:${task.pid} still running after ${limit} cycles\n`);
    }
    k.runaway.add(task);
    return { ok: false, stuck: true, pid: task.pid, comm: task.comm };
  }
  return t.state === 'exited' ? { ok: true, ret: t.ret } : { ok: false, fault: t.fault!, oops: task.oops ?? [] };
}

/** do_exit: a finished thread gives back its task_struct and stack. */
export function threadExit(k: Kernel, t: GuestThread) {
  const task = k.tasks.get(t);
  if (task) releaseTask(k, task);
}

/** A thread killed by a fault: its oops, then do_exit. */
export function threadFault(k: Kernel, t: GuestThread, f: Fault) {
  const task = k.tasks.get(t);
  if (!task) return;
  task.oops = oops(k, f, task);
  releaseTask(k, task);
}

/** What boot installs on the record for k.spawn, k.call and k.wait. */
export const KTHREADS: Kthreads = { spawn, call, wait };

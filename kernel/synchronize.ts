// synchronize_kernel() (seed 003), in the two variants the seeds argue about (boot sync=):
//
//  classic  2.5's "schedule on every CPU": returns once every CPU has been through a context
//           switch (or idled, or -- with preempt=full -- could be preempted at a tick, which is
//           when the migrating caller gets to run there). A task preempted inside a module is
//           off its CPU, so its CPU counts as done although the task will resume in the module:
//           "No, someone could already have been preempted before you start".
//  tasks    Rusty's scheduler-touching version (today's RCU-tasks): additionally waits until
//           every task that was runnable when it started has done a voluntary context switch
//           (slept, yielded) or exited -- so a task preempted inside a module has left it.
import type { Kernel } from './kernel.ts';
import type { GuestThread } from '../emu/scheduler.ts';

export type SyncResult = 'done' | 'interrupted' | 'stuck';

/** A grace period in progress: done() turns true once it has elapsed. */
export function startGracePeriod(k: Kernel, exclude?: GuestThread): () => boolean {
  const s = k.sched;
  const ncpu = k.machine.cores.length;
  const switches0 = s.switches.slice();
  const ticks0 = s.preemptibleTicks.slice();
  const full = k.opts.preempt === 'full';
  const holdouts = k.opts.sync === 'tasks'
    ? s.threads().filter((t) => t !== exclude && !t.done && t.state === 'runnable' && t.started).map((t) => ({ t, nvcsw: t.nvcsw }))
    : [];
  // The caller's own CPU counts as done: the caller is scheduling.
  const own = exclude ? exclude.cpu : -1;
  const cpuDone = (c: number) => c === own || s.idleCpu(c) || s.switches[c] > switches0[c] || (full && s.preemptibleTicks[c] > ticks0[c]);
  return () => {
    for (let c = 0; c < ncpu; c++) if (!cpuDone(c)) return false;
    return holdouts.every((h) => h.t.done || h.t.nvcsw > h.nvcsw);
  };
}

/** From TypeScript (rmmod, free_module): runs the machine until a grace period elapsed. */
export function synchronize_kernel(k: Kernel, interrupted: () => boolean = () => false): SyncResult {
  const done = startGracePeriod(k);
  let stopped = false;
  k.gracePeriods++;
  try {
    k.sched.runUntil(() => {
      if (done()) return true;
      if (interrupted()) { stopped = true; return true; }
      return false;
    }, BigInt(k.opts.callLimit));
  } finally {
    k.gracePeriods--;
  }
  if (stopped) return 'interrupted';
  return done() ? 'done' : 'stuck';
}

/**
 * From a guest thread (the synchronize_kernel service): the thread sleeps and is woken by the
 * scheduler's round hook once the grace period has elapsed.
 */
export function synchronize_kernel_blocking(k: Kernel, t: GuestThread) {
  const done = startGracePeriod(k, t);
  k.sched.block(t);
  k.gracePeriods++;
  k.waiters.push({ t, ready: () => {
    const d = done();
    if (d) k.gracePeriods--;
    return d;
  } });
}

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
import { PerKernel } from './attached.ts';

export type SyncResult = 'done' | 'interrupted' | 'stuck';

/** What an observer sees of a grace period in progress (the dashboard's grace-period view). */
export interface GracePeriodView {
  /** Who waits: "rmmod worker (making GOING visible)", or a task calling synchronize_kernel. */
  why: string;
  /** Machine clock when it started. */
  started: bigint;
  /** Per CPU: has it been through a quiescent state (a context switch, idle, a preemptible tick)? */
  cpus: boolean[];
  /** sync=tasks: tasks runnable at the start that have not yet switched voluntarily or exited. */
  holdouts: GuestThread[];
}

interface GracePeriod { view: () => GracePeriodView; done: () => boolean }

/** Grace periods in progress, per machine. */
const inProgress = new PerKernel<Set<GracePeriod>>();

/** The grace periods in progress, oldest first. */
export function gracePeriods(k: Kernel): GracePeriodView[] {
  return [...(inProgress.get(k) ?? [])].map((g) => g.view());
}

/** A grace period in progress: done() turns true once it has elapsed. */
export function startGracePeriod(k: Kernel, exclude?: GuestThread, why = 'synchronize_kernel'): GracePeriod {
  const s = k.sched;
  const ncpu = k.machine.cores.length;
  const switches0 = s.switches.slice();
  const ticks0 = s.preemptibleTicks.slice();
  const full = k.opts.preempt === 'full';
  const started = s.clock;
  const holdouts = k.opts.sync === 'tasks'
    ? s.threads().filter((t) => t !== exclude && !t.done && t.state === 'runnable' && t.started).map((t) => ({ t, nvcsw: t.nvcsw }))
    : [];
  // The caller's own CPU counts as done: the caller is scheduling.
  const own = exclude ? exclude.cpu : -1;
  const cpuDone = (c: number) => c === own || s.idleCpu(c) || s.switches[c] > switches0[c] || (full && s.preemptibleTicks[c] > ticks0[c]);
  const held = (h: { t: GuestThread; nvcsw: number }) => !h.t.done && h.t.nvcsw <= h.nvcsw;
  return {
    done: () => {
      for (let c = 0; c < ncpu; c++) if (!cpuDone(c)) return false;
      return !holdouts.some(held);
    },
    view: () => ({
      why, started,
      cpus: Array.from({ length: ncpu }, (_, c) => cpuDone(c)),
      holdouts: holdouts.filter(held).map((h) => h.t),
    }),
  };
}

function enter(k: Kernel, g: GracePeriod) {
  let set = inProgress.get(k);
  if (!set) inProgress.set(k, (set = new Set()));
  set.add(g);
  k.gracePeriods++;
}
function leave(k: Kernel, g: GracePeriod) {
  if (inProgress.get(k)?.delete(g)) k.gracePeriods--;
}

/** From TypeScript (rmmod, free_module): runs the machine until a grace period elapsed. */
export function synchronize_kernel(k: Kernel, interrupted: () => boolean = () => false, why?: string): SyncResult {
  const g = startGracePeriod(k, undefined, why);
  let stopped = false;
  enter(k, g);
  try {
    k.sched.runUntil(() => {
      if (g.done()) return true;
      if (interrupted()) { stopped = true; return true; }
      return false;
    }, BigInt(k.opts.callLimit));
  } finally {
    leave(k, g);
  }
  if (stopped) return 'interrupted';
  return g.done() ? 'done' : 'stuck';
}

/**
 * From a guest thread (the synchronize_kernel service): the thread sleeps and is woken by the
 * scheduler's round hook once the grace period has elapsed.
 */
export function synchronize_kernel_blocking(k: Kernel, t: GuestThread, why?: string) {
  const g = startGracePeriod(k, t, why);
  k.sched.block(t);
  enter(k, g);
  k.waiters.push({ t, ready: () => {
    const d = g.done();
    if (d) leave(k, g);
    return d;
  } });
}

// A plain-data view of the machine for observers (the dashboard, tests): what a user can see,
// copied out, so that observers never hold or change kernel internals.
import { interruptedAt } from './irq.ts';
import type { Kernel, Task } from './kernel.ts';
import { module_refcount } from './module/main.ts';
import { percpuRefs } from './module/refcount.ts';
import { holdersOf } from './fs.ts';
import { taintLetters } from './taint.ts';
import { gracePeriods } from './synchronize.ts';
import { Reg } from '../emu/machine.ts';

export interface CpuView {
  cpu: number; task: string | null; pc: string | null; instructions: bigint;
  /** Busy cycles so far (instructions, line transfers, service costs): the meter's numerator. */
  busy: bigint;
}
/** One CPU's module_ref counter under refcount=percpu, and who owns its cache line. */
export interface RefLineView { cpu: number; count: number; owner: number }
export interface SectionView { name: string; addr: bigint; size: number }
export interface ModuleView {
  name: string; state: 'UNFORMED' | 'COMING' | 'LIVE' | 'GOING'; refcnt: number; size: number;
  placement: 'kmalloc' | 'vmalloc' | null; usedBy: string[]; taints: string; permanent: boolean; address: bigint;
  coreSize: number; initSize: number;
  /** Per-CPU counters (refcount=percpu), else null. */
  refs: RefLineView[] | null;
  sections: SectionView[];
}
export type TaskState = 'running' | 'preempted' | 'runnable' | 'sleeping' | 'exited' | 'dead';
export interface TaskView {
  pid: number; comm: string; cpu: number; state: TaskState;
  /** Where it runs or will resume: "symbol+0x14/0x40 [module]", or null once it ended. */
  pc: string | null;
  /** The module that PC is in, if any. */
  module: string | null;
  /** The PC is in memory of a module that has been unloaded: it runs, or will resume in, freed code. */
  freed: boolean;
  /** A kernel service thread (kworker, ksoftirqd). */
  daemon: boolean;
}
export interface GraceView {
  why: string; started: bigint;
  /** Per CPU: passed a quiescent state since the grace period started. */
  cpus: boolean[];
  /** sync=tasks: the tasks it still waits for. */
  waitingFor: { pid: number; comm: string }[];
}
export interface MemoryView { totalPages: number; freePages: number; kmallocObjects: number; kmallocBytes: number; vmallocPages: number; modulePages: number }
export interface Snapshot {
  timeNs: bigint; cycles: bigint; cpus: CpuView[]; modules: ModuleView[]; memory: MemoryView; taint: string;
  tasks: TaskView[]; grace: GraceView[];
}

function taskView(k: Kernel, task: Task): TaskView | null {
  const t = task.thread;
  if (!t) return null;
  const base = { pid: task.pid, comm: task.comm, cpu: t.cpu, daemon: t.daemon };
  if (t.done) return { ...base, state: t.state === 'faulted' ? 'dead' : 'exited', pc: null, module: null, freed: false };
  const core = k.machine.cores[t.cpu];
  const loaded = k.sched.current(t.cpu) === t;
  const pc = interruptedAt(k, t, loaded ? core.pc : t.ctx ? core.engine.contextReg(t.ctx, Reg.PC) : t.spec.entry);
  const at = k.kallsyms.lookup(pc);
  const state: TaskState = t.state === 'blocked' ? 'sleeping' : t.preempted ? 'preempted' : loaded ? 'running' : 'runnable';
  return { ...base, state, pc: k.kallsyms.format(pc), module: at?.module ?? null, freed: !!at?.unloaded };
}

export function snapshot(k: Kernel): Snapshot {
  const cpus: CpuView[] = k.machine.cores.map((c) => {
    const t = k.sched.current(c.id);
    // the idle task on an idle CPU (taking an interrupt, or parked) is no task running there
    const running = t && !t.done && t !== k.sched.idleThread(c.id);
    return {
      cpu: c.id,
      task: running ? t.name : null,
      pc: running ? k.kallsyms.format(c.pc) : null,
      instructions: c.instructions,
      busy: k.sched.cpuCycles[c.id] ?? 0n,
    };
  });
  const modules: ModuleView[] = k.modules.map((m) => ({
    name: m.name, state: m.state, refcnt: m.addr ? module_refcount(k, m) : 0, size: m.coreSize + m.initSize,
    placement: m.core?.placement ?? null, usedBy: holdersOf(m).map((h) => h.name), taints: taintLetters(m.taints),
    permanent: m.permanent, address: m.core?.base ?? 0n, coreSize: m.coreSize, initSize: m.initSize,
    refs: percpuRefs(k, m),
    sections: m.sections.filter((s) => !s.note).map((s) => ({ name: s.name, addr: s.addr, size: s.size })),
  }));
  const tasks: TaskView[] = [];
  const seen = new Set<Task>();
  for (const task of [...k.tasks.values(), ...k.runaway]) {
    if (seen.has(task) || task.pid === 0) continue;
    seen.add(task);
    const v = taskView(k, task);
    if (v) tasks.push(v);
  }
  const grace: GraceView[] = gracePeriods(k).map((g) => ({
    why: g.why, started: g.started, cpus: g.cpus,
    waitingFor: g.holdouts.map((t) => ({ pid: k.tasks.get(t)?.pid ?? 0, comm: k.tasks.get(t)?.comm ?? t.name })),
  }));
  const s = k.slab.stats();
  return {
    timeNs: k.now(), cycles: k.sched.clock, cpus, modules,
    memory: {
      totalPages: k.pages.totalPages, freePages: k.pages.freePages, kmallocObjects: s.objects, kmallocBytes: s.bytesRequested,
      vmallocPages: k.vmalloc.pages, modulePages: k.modarea.pages,
    },
    taint: taintLetters(k.taint),
    tasks, grace,
  };
}

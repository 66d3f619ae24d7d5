// A plain-data view of the machine for observers (the dashboard, tests): what a user can see,
// copied out, so that observers never hold or change kernel internals.
import type { Kernel } from './kernel.ts';
import { module_refcount } from './module/main.ts';
import { holdersOf } from './fs.ts';
import { taintLetters } from './taint.ts';

export interface CpuView { cpu: number; task: string | null; pc: string | null; instructions: bigint }
export interface ModuleView {
  name: string; state: 'UNFORMED' | 'COMING' | 'LIVE' | 'GOING'; refcnt: number; size: number;
  placement: 'kmalloc' | 'vmalloc' | null; usedBy: string[]; taints: string; permanent: boolean; address: bigint;
}
export interface MemoryView { totalPages: number; freePages: number; kmallocObjects: number; kmallocBytes: number; vmallocPages: number; modulePages: number }
export interface Snapshot { timeNs: bigint; cycles: bigint; cpus: CpuView[]; modules: ModuleView[]; memory: MemoryView; taint: string }

export function snapshot(k: Kernel): Snapshot {
  const cpus: CpuView[] = k.machine.cores.map((c) => {
    const t = k.sched.current(c.id);
    const running = t && !t.done;
    return {
      cpu: c.id,
      task: running ? t.name : null,
      pc: running ? k.kallsyms.format(c.pc) : null,
      instructions: c.instructions,
    };
  });
  const modules: ModuleView[] = k.modules.filter((m) => m.state !== 'UNFORMED').map((m) => ({
    name: m.name, state: m.state, refcnt: module_refcount(k, m), size: m.coreSize + m.initSize,
    placement: m.core?.placement ?? null, usedBy: holdersOf(m).map((h) => h.name), taints: taintLetters(m.taints),
    permanent: m.permanent, address: m.core?.base ?? 0n,
  }));
  const s = k.slab.stats();
  return {
    timeNs: k.now(), cycles: k.sched.clock, cpus, modules,
    memory: {
      totalPages: k.pages.totalPages, freePages: k.pages.freePages, kmallocObjects: s.objects, kmallocBytes: s.bytesRequested,
      vmallocPages: k.vmalloc.pages, modulePages: k.modarea.pages,
    },
    taint: taintLetters(k.taint),
  };
}

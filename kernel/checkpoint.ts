// A snapshot of the whole machine that can be gone back to, as often as wanted, instead of
// booting again: RAM pages written since, the cores' registers and hooks (emu/checkpoint.ts),
// and every host object reachable from the kernel and the given roots (a console, a shell).
// kmodlab explore takes one after the scenario's boot line and restores it for each schedule.
import type { Kernel } from './kernel.ts';
import { GraphCheckpoint, MachineCheckpoint } from '../emu/checkpoint.ts';

export class KernelCheckpoint {
  private readonly machine: MachineCheckpoint;
  private readonly graph: GraphCheckpoint;

  constructor(readonly k: Kernel, roots: readonly object[] = []) {
    this.machine = new MachineCheckpoint(k.machine);
    const skip = this.machine.skip;
    // The kernel image's ELF (with the caches it fills lazily) and symbol table.
    const constants = new Set<object>(k.bootConstants);
    this.graph = new GraphCheckpoint([k, ...roots], { skip: (o) => skip(o) || constants.has(o) });
  }

  /** Host objects recorded, and RAM pages written back so far: figures for benchmarks. */
  get objects() { return this.graph.size; }
  get pagesRestored() { return this.machine.pagesRestored; }

  restore() {
    this.machine.restore();
    this.graph.restore();
  }

  dispose() { this.machine.dispose(); }
}

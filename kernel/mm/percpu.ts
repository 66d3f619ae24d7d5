// mm/percpu.c as this machine has it: one area per CPU (a copy of the image's .data..percpu
// followed by PERCPU_MODULE_RESERVE bytes for modules' DEFINE_PER_CPU data),
// __per_cpu_offset[cpu] and TPIDR_EL1 pointing at it, and the module reserve's allocator.
import { PAGE_SIZE, PAGE_OFFSET, pageAlignUp } from '../../emu/address-map.ts';
import { Reg, type Machine } from '../../emu/machine.ts';
import type { PageAllocator } from './page_alloc.ts';

/** Per-CPU space reserved for modules' DEFINE_PER_CPU data (PERCPU_MODULE_RESERVE). */
export const PERCPU_MODULE_RESERVE = 8192;

interface Chunk { off: number; size: number; used: boolean }

export class PerCpu {
  /** Base of each CPU's area (linear-map address). */
  private readonly base: bigint[] = [];
  private readonly staticSize: number;
  private reserve: Chunk[];

  /**
   * setup_per_cpu_areas: copies the image's per-CPU section [start, end) into one area per
   * CPU, fills __per_cpu_offset (at `offsets`) and each core's TPIDR_EL1, and the per-CPU
   * cpu_number (at `cpuNumber`, if the image has it).
   */
  constructor(machine: Machine, pages: PageAllocator, cpus: number,
    private readonly start: bigint, end: bigint, offsets: bigint, cpuNumber?: bigint) {
    this.staticSize = Number(end - start);
    const areaSize = pageAlignUp(this.staticSize + PERCPU_MODULE_RESERVE);
    this.reserve = [{ off: this.staticSize, size: PERCPU_MODULE_RESERVE, used: false }];
    const template = machine.read(start, this.staticSize);
    for (let cpu = 0; cpu < cpus; cpu++) {
      const base = PAGE_OFFSET + BigInt(pages.allocContig(areaSize / PAGE_SIZE));
      machine.write(base, template);
      this.base.push(base);
      const off = BigInt.asUintN(64, base - start);
      machine.writeU64(offsets + BigInt(8 * cpu), off);
      machine.cores[cpu].setReg(Reg.TPIDR_EL1, off);
      if (cpuNumber !== undefined) machine.writeU32(cpuNumber + off, cpu);
    }
  }

  /** Reserves `size` bytes in every CPU's module per-CPU space; returns the per-CPU pointer. */
  alloc(size: number, alignTo: number): bigint | null {
    const a = Math.max(alignTo, 8);
    for (let i = 0; i < this.reserve.length; i++) {
      const r = this.reserve[i];
      if (r.used) continue;
      const off = Math.ceil(r.off / a) * a;
      if (off + size > r.off + r.size) continue;
      const parts = [];
      if (off > r.off) parts.push({ off: r.off, size: off - r.off, used: false });
      parts.push({ off, size, used: true });
      if (off + size < r.off + r.size) parts.push({ off: off + size, size: r.off + r.size - off - size, used: false });
      this.reserve.splice(i, 1, ...parts);
      return this.start + BigInt(off);
    }
    return null;
  }

  free(ptr: bigint) {
    const off = Number(ptr - this.start);
    const r = this.reserve.find((x) => x.off === off && x.used);
    if (!r) return;
    r.used = false;
    this.reserve = this.reserve.reduce<Chunk[]>((acc, x) => {
      const last = acc[acc.length - 1];
      if (last && !last.used && !x.used) last.size += x.size; else acc.push({ ...x });
      return acc;
    }, []);
  }

  /** Address of this per-CPU pointer's copy on cpu (per_cpu_ptr). */
  ptr(ptr: bigint, cpu: number): bigint {
    return ptr - this.start + this.base[cpu];
  }
}

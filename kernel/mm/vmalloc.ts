// vmalloc and module_alloc: page-granular virtual ranges backed by any physical pages,
// each followed by an unmapped guard page. Freed ranges are unmapped on every core, so a
// later access faults cleanly (and a call into freed module text is caught exactly).
import { PAGE_SIZE } from '../../emu/address-map.ts';
import { PROT, type Machine } from '../../emu/machine.ts';
import { PageAllocator, OutOfMemory } from './page_alloc.ts';

export interface VmArea {
  addr: bigint; size: number; runs: [number, number][]; caller: string;
  /** VM_USERMAP: from vmalloc_user(), so remap_vmalloc_range() may map it to user space */
  usermap?: boolean;
}

export class VmallocSpace {
  private readonly areas = new Map<bigint, VmArea>();
  private readonly holes: { start: bigint; end: bigint }[];
  pages = 0;

  constructor(private readonly machine: Machine, private readonly palloc: PageAllocator,
    readonly start: bigint, readonly end: bigint, readonly name: string) {
    this.holes = [{ start, end }];
  }

  /** size bytes (rounded to pages) + a guard page; returns 0n when out of memory. */
  alloc(size: number, caller: string, perms = PROT.RWX, near?: bigint): bigint {
    const pages = Math.max(1, Math.ceil(size / PAGE_SIZE));
    const span = BigInt((pages + 1) * PAGE_SIZE);
    const hole = this.holes.find((h) => h.end - h.start >= span && (near === undefined || h.end > near));
    if (!hole) return 0n;

    let runs: [number, number][];
    try {
      runs = this.palloc.allocPages(pages);
    } catch (e) {
      if (e instanceof OutOfMemory) return 0n;
      throw e;
    }
    const addr = near !== undefined && near > hole.start && near + span <= hole.end ? near : hole.start;
    // Page tables for this area's pages (the machine's pool of table pages may run out).
    if (!this.machine.hasRoomFor(addr, pages * PAGE_SIZE)) {
      for (const [pa, n] of runs) this.palloc.free(pa, n);
      return 0n;
    }
    this.carve(hole, addr, addr + span);
    let va = addr;
    for (const [pa, n] of runs) {
      this.machine.fillPhys(pa, n * PAGE_SIZE, 0);
      this.machine.map(va, pa, n * PAGE_SIZE, perms, `${this.name}:${caller}`);
      va += BigInt(n * PAGE_SIZE);
    }
    this.areas.set(addr, { addr, size: pages * PAGE_SIZE, runs, caller });
    this.pages += pages;
    return addr;
  }

  free(addr: bigint): boolean {
    const a = this.areas.get(addr);
    if (!a) return false;
    let va = addr;
    for (const [pa, n] of a.runs) {
      this.machine.unmap(va);
      this.machine.fillPhys(pa, n * PAGE_SIZE, 0x6b);
      this.palloc.free(pa, n);
      va += BigInt(n * PAGE_SIZE);
    }
    this.areas.delete(addr);
    this.pages -= a.size / PAGE_SIZE;
    this.release(addr, addr + BigInt(a.size + PAGE_SIZE));
    return true;
  }

  find(addr: bigint): VmArea | undefined { return this.areas.get(addr); }
  list(): VmArea[] { return [...this.areas.values()]; }

  private carve(h: { start: bigint; end: bigint }, s: bigint, e: bigint) {
    const i = this.holes.indexOf(h);
    const parts = [];
    if (h.start < s) parts.push({ start: h.start, end: s });
    if (e < h.end) parts.push({ start: e, end: h.end });
    this.holes.splice(i, 1, ...parts);
  }

  private release(s: bigint, e: bigint) {
    this.holes.push({ start: s, end: e });
    this.holes.sort((a, b) => (a.start < b.start ? -1 : 1));
    for (let i = 0; i + 1 < this.holes.length;) {
      if (this.holes[i].end === this.holes[i + 1].start) {
        this.holes[i].end = this.holes[i + 1].end;
        this.holes.splice(i + 1, 1);
      } else i++;
    }
  }
}

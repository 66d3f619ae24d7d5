// Physical page allocator: a bitmap over RAM, first fit. Deterministic by construction.
import { PAGE_SIZE } from '../../emu/address-map.ts';

export class OutOfMemory extends Error {
  constructor(what: string) { super(`out of memory: ${what}`); }
}

export class PageAllocator {
  private readonly used: Uint8Array;
  private hint = 0;
  /** Pages handed out, for accounting and the dashboard. */
  allocated = 0;

  constructor(readonly firstPfn: number, readonly endPfn: number) {
    this.used = new Uint8Array(endPfn);
    for (let i = 0; i < firstPfn; i++) this.used[i] = 1;
  }

  get totalPages() { return this.endPfn - this.firstPfn; }
  get freePages() { return this.totalPages - this.allocated; }

  /** n physically contiguous pages; returns the physical address. */
  allocContig(n: number, align = 1): number {
    const pfn = this.find(n, this.hint, align) ?? this.find(n, this.firstPfn, align);
    if (pfn === null) throw new OutOfMemory(`${n} contiguous pages (${this.freePages} free)`);
    this.used.fill(1, pfn, pfn + n);
    this.allocated += n;
    this.hint = pfn + n;
    return pfn * PAGE_SIZE;
  }

  /** n pages, contiguous where possible: a list of [pa, pages] runs. */
  allocPages(n: number): [number, number][] {
    if (n > this.freePages) throw new OutOfMemory(`${n} pages (${this.freePages} free)`);
    try {
      return [[this.allocContig(n), n]];
    } catch {
      const runs: [number, number][] = [];
      let left = n;
      for (let pfn = this.firstPfn; pfn < this.endPfn && left > 0; pfn++) {
        if (this.used[pfn]) continue;
        let len = 0;
        while (pfn + len < this.endPfn && !this.used[pfn + len] && len < left) len++;
        this.used.fill(1, pfn, pfn + len);
        runs.push([pfn * PAGE_SIZE, len]);
        left -= len;
        pfn += len;
      }
      this.allocated += n;
      return runs;
    }
  }

  free(pa: number, n: number) {
    const pfn = pa / PAGE_SIZE;
    for (let i = pfn; i < pfn + n; i++) {
      if (!this.used[i] || i < this.firstPfn) throw new Error(`page allocator: double free of pfn ${i}`);
      this.used[i] = 0;
    }
    this.allocated -= n;
    if (pfn < this.hint) this.hint = pfn;
  }

  private find(n: number, from: number, align: number): number | null {
    let run = 0;
    for (let pfn = from; pfn < this.endPfn; pfn++) {
      if (run === 0 && pfn % align) continue;
      run = this.used[pfn] ? 0 : run + 1;
      if (run === n) return pfn - n + 1;
    }
    return null;
  }
}

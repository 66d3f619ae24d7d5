// kmalloc: size classes in the linear map, like SLUB's kmalloc caches. Linux 6.1 on arm64 has
// KMALLOC_MIN_SIZE = ARCH_DMA_MINALIGN = 128, so the smallest cache is kmalloc-128.
// Objects above the largest cache come straight from the page allocator (kmalloc_large).
// A slab whose last object is freed goes back to the page allocator at once (SLUB with
// min_partial = 0), so page accounting returns to its baseline exactly.
import { PAGE_SIZE, __va, PAGE_OFFSET } from '../../emu/address-map.ts';
import type { Machine } from '../../emu/machine.ts';
import { PageAllocator, OutOfMemory } from './page_alloc.ts';

export const KMALLOC_SIZES = [128, 192, 256, 512, 1024, 2048, 4096, 8192];
const SLAB_PAGES = 2; // pages per slab (order 1), enough for one kmalloc-8k object

interface Cache { size: number; free: bigint[]; slabs: number; inuse: Map<bigint, number> }

export interface SlabStats { objects: number; bytesRequested: number; bytesAllocated: number; slabPages: number; largePages: number }

export class Slab {
  private readonly caches: Cache[] = KMALLOC_SIZES.map((size) => ({ size, free: [], slabs: 0, inuse: new Map() }));
  /** Live objects: address → [requested size, cache size or 0 for large, pages if large]. */
  private readonly live = new Map<bigint, { req: number; size: number; pages: number; slab?: bigint }>();
  private requested = 0;
  private allocatedBytes = 0;
  private largePages = 0;

  constructor(private readonly machine: Machine, private readonly pages: PageAllocator) {}

  kmalloc(size: number): bigint {
    if (size === 0) return 16n; // ZERO_SIZE_PTR
    if (size > (1 << 22)) return 0n; // KMALLOC_MAX_SIZE: fails like Linux, no warning
    const cache = this.caches.find((c) => c.size >= size);
    let addr: bigint;
    let rec: { req: number; size: number; pages: number; slab?: bigint };
    try {
      if (cache) {
        if (!cache.free.length) this.grow(cache);
        addr = cache.free.pop()!;
        const slab = slabOf(addr);
        cache.inuse.set(slab, cache.inuse.get(slab)! + 1);
        rec = { req: size, size: cache.size, pages: 0, slab };
      } else {
        const n = Math.ceil(size / PAGE_SIZE);
        addr = __va(this.pages.allocContig(n));
        rec = { req: size, size: n * PAGE_SIZE, pages: n };
        this.largePages += n;
      }
    } catch (e) {
      if (e instanceof OutOfMemory) return 0n;
      throw e;
    }
    this.live.set(addr, rec);
    this.requested += size;
    this.allocatedBytes += rec.size;
    // SLUB does not zero; we do, so that runs are reproducible whatever ran before.
    this.machine.fill(addr, rec.size, 0);
    // Memory of an unloaded module may be poisoned (kernel/module/main.ts): it is reused now.
    this.machine.unpoison(addr, rec.size);
    return addr;
  }

  /**
   * KASAN's quarantine: up to this many bytes of objects freed with `quarantine` are kept off
   * the free lists (oldest given back first), so a stale access hits poisoned memory rather
   * than the next owner's. 0 (the default): freed objects are reusable at once.
   */
  quarantineLimit = 0;
  private readonly quarantined: { addr: bigint; rec: { req: number; size: number; pages: number; slab?: bigint } }[] = [];
  private quarantinedBytes = 0;

  /** Returns false if addr is not a live kmalloc object (the caller reports the bug). */
  /** poison32: fill the object with this 32-bit word instead of SLUB's 0x6b bytes. */
  kfree(addr: bigint, poison32?: number, quarantine = false): boolean {
    if (addr === 0n || addr === 16n) return true;
    const rec = this.live.get(addr);
    if (!rec) return false;
    this.live.delete(addr);
    this.requested -= rec.req;
    this.allocatedBytes -= rec.size;
    // Poison freed objects the way SLUB debugging does (0x6b), so use-after-free is visible.
    if (poison32 === undefined) this.machine.fill(addr, rec.size, 0x6b);
    else {
      // The word repeated, written a page at a time (one translation each, not one a word).
      const words = new Uint8Array(Math.min(rec.size & ~3, PAGE_SIZE));
      const dv = new DataView(words.buffer);
      for (let o = 0; o < words.length; o += 4) dv.setUint32(o, poison32, true);
      for (let o = 0; o + 4 <= rec.size;) {
        const n = Math.min((rec.size & ~3) - o, PAGE_SIZE - Number((addr + BigInt(o)) % BigInt(PAGE_SIZE)));
        this.machine.write(addr + BigInt(o), words.subarray(0, n));
        o += n;
      }
    }
    if (quarantine && this.quarantineLimit > 0) {
      this.quarantined.push({ addr, rec });
      this.quarantinedBytes += rec.size;
      while (this.quarantinedBytes > this.quarantineLimit) {
        const q = this.quarantined.shift()!;
        this.quarantinedBytes -= q.rec.size;
        this.release(q.addr, q.rec);
      }
      return true;
    }
    this.release(addr, rec);
    return true;
  }

  private release(addr: bigint, rec: { req: number; size: number; pages: number; slab?: bigint }) {
    if (rec.pages) {
      this.pages.free(Number(addr - PAGE_OFFSET), rec.pages);
      this.largePages -= rec.pages;
    } else {
      const c = this.caches.find((x) => x.size === rec.size)!;
      const n = c.inuse.get(rec.slab!)! - 1;
      if (n === 0) {
        const end = rec.slab! + BigInt(SLAB_PAGES * PAGE_SIZE);
        c.free = c.free.filter((a) => a < rec.slab! || a >= end);
        c.inuse.delete(rec.slab!);
        c.slabs--;
        this.pages.free(Number(rec.slab! - PAGE_OFFSET), SLAB_PAGES);
      } else {
        c.inuse.set(rec.slab!, n);
        c.free.push(addr);
      }
    }
  }

  /** Usable size of a live object (ksize), 0 if unknown. */
  ksize(addr: bigint): number {
    return this.live.get(addr)?.size ?? 0;
  }

  owns(addr: bigint): boolean { return this.live.has(addr); }

  /** The live object containing addr, if any. */
  objectAt(addr: bigint): { start: bigint; size: number } | null {
    for (const [start, r] of this.live) if (addr >= start && addr < start + BigInt(r.size)) return { start, size: r.size };
    return null;
  }

  stats(): SlabStats {
    return {
      objects: this.live.size,
      bytesRequested: this.requested,
      bytesAllocated: this.allocatedBytes,
      slabPages: this.caches.reduce((a, c) => a + c.slabs * SLAB_PAGES, 0),
      largePages: this.largePages,
    };
  }

  private grow(c: Cache) {
    const base = __va(this.pages.allocContig(SLAB_PAGES, SLAB_PAGES));
    c.slabs++;
    c.inuse.set(base, 0);
    const n = Math.floor((SLAB_PAGES * PAGE_SIZE) / c.size);
    // Free list popped from the end: hand out lowest addresses first.
    for (let i = n - 1; i >= 0; i--) c.free.push(base + BigInt(i * c.size));
  }
}

/** Slabs are SLAB_PAGES-aligned in the linear map: the slab of an object is its aligned base. */
function slabOf(addr: bigint): bigint {
  const span = BigInt(SLAB_PAGES * PAGE_SIZE);
  return PAGE_OFFSET + ((addr - PAGE_OFFSET) / span) * span;
}

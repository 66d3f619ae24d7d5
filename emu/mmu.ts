// Stage-1 page tables as arm64 Linux builds them (arch/arm64/mm/mmu.c): 4 KiB granule, 48-bit
// virtual addresses, four levels, kernel addresses through TTBR1 and user addresses through
// TTBR0, in the machine's RAM. The cores translate through them: their TLB-fill hook
// (emu/native/hooks.c kml_tlb_fill) walks these very descriptors, so a descriptor written here
// is the mapping, and a page table change needs a TLB invalidation on every core (the
// machine's flush) before a core stops using the old entry.
//
// Descriptors carry what the kernel sets on arm64: AF, inner shareable, AttrIndx 0 (MT_NORMAL),
// AP[2] for read-only, PXN for never-execute, UXN on kernel mappings and nG plus AP[1] on user
// ones. RAM is at most 2 GiB here, so every output address fits in 32 bits and a descriptor is
// written as two 32-bit halves.
import { PAGE_SIZE, hex } from './address-map.ts';

export const PROT_R = 1, PROT_W = 2, PROT_X = 4;

const ENTRIES = 512;
const BLOCK_SIZE = 2 * 1024 * 1024; // a level-2 block with 4 KiB pages

// Low word: type bits [1:0], AttrIndx [4:2], AP [7:6], SH [9:8], AF [10], nG [11], address.
const DESC_TABLE = 0b11, DESC_PAGE = 0b11, DESC_BLOCK = 0b01;
const PTE_USER = 1 << 6, PTE_RDONLY = 1 << 7, PTE_SHARED = 3 << 8, PTE_AF = 1 << 10, PTE_NG = 1 << 11;
// High word: PXN is bit 53, UXN bit 54.
const HI_PXN = 1 << 21, HI_UXN = 1 << 22;

export class PageTableError extends Error {}

/** Where a level-2 entry's range sits: the table and index that hold it. */
interface Slot { table: number; index: number }

export class PageTables {
  /** Physical addresses of the two roots (TTBR0_EL1, TTBR1_EL1). */
  readonly ttbr0: number;
  readonly ttbr1: number;
  private next: number;
  private readonly free: number[] = [];
  /** Table pages in use (roots included). */
  used = 0;
  /** Told of every write to the tables (a machine checkpoint's record of written pages). */
  written: ((pa: number, len: number) => void) | null = null;

  /**
   * @param view the machine's RAM
   * @param pool physical [pool, pool + pages * 4 KiB): the pages tables come from
   */
  constructor(private readonly view: DataView, private readonly pool: number, readonly pages: number) {
    this.next = pool;
    this.ttbr0 = this.allocTable();
    this.ttbr1 = this.allocTable();
  }

  /** Table pages still free. */
  get available(): number { return this.pages - this.used; }

  /**
   * Maps physical [pa, pa+size) at va. `blocks`: use 2 MiB level-2 blocks where va and pa
   * allow (the linear map does; vmalloc and module memory are mapped page by page).
   */
  map(va: bigint, pa: number, size: number, perms: number, blocks = false) {
    const need = this.tablesNeeded(va, size, blocks, pa);
    if (need > this.available) {
      throw new PageTableError(`page tables: mapping ${size} bytes at ${hex(va)} needs ${need} more table pages, ${this.available} of ${this.pages} left`);
    }
    let off = 0;
    while (off < size) {
      const v = va + BigInt(off);
      const p = pa + off;
      if (blocks && v % BigInt(BLOCK_SIZE) === 0n && p % BLOCK_SIZE === 0 && size - off >= BLOCK_SIZE) {
        const s = this.slot(v, 2, true)!;
        const [lo] = this.read(s.table, s.index);
        if (!(lo & 1 && (lo & 3) === DESC_TABLE)) {
          this.writeLeaf(s.table, s.index, p, perms, v, DESC_BLOCK);
          off += BLOCK_SIZE;
          continue;
        }
      }
      const s = this.slot(v, 3, true)!;
      this.writeLeaf(s.table, s.index, p, perms, v, DESC_PAGE);
      off += PAGE_SIZE;
    }
  }

  /** Clears [va, va+size): whole blocks go at once, a partly covered block is split first. */
  unmap(va: bigint, size: number) {
    this.eachLeaf(va, size, (table, index) => this.write(table, index, 0, 0));
  }

  /** Changes the permissions of [va, va+size), splitting blocks where the range cuts one. */
  protect(va: bigint, size: number, perms: number) {
    this.eachLeaf(va, size, (table, index, v, isBlock) => {
      const [lo] = this.read(table, index);
      if (!(lo & 1)) return;
      this.writeLeaf(table, index, lo & ~0xfff, perms, v, isBlock ? DESC_BLOCK : DESC_PAGE);
    });
  }

  /** Translation of va as the cores see it: physical address and permissions, or null. */
  lookup(va: bigint): { pa: number; perms: number; span: number } | null {
    const r = this.walk(va);
    return r.perms < 0 ? null : { pa: r.pa, perms: r.perms, span: r.span };
  }

  /**
   * The descriptor that decides va: its output address and permissions (perms -1: invalid), and
   * the span it covers (a page, a 2 MiB block, or the whole range of an invalid entry), so that a
   * caller stepping through a range can step by what one descriptor decides.
   */
  walk(va: bigint): { pa: number; perms: number; span: number } {
    const spans = [2 ** 39, 2 ** 30, BLOCK_SIZE, PAGE_SIZE];
    let table = this.root(va);
    if (table < 0) return { pa: 0, perms: -1, span: PAGE_SIZE };
    const idx = indices(va);
    for (let level = 0; level < 4; level++) {
      const [lo, hi] = this.read(table, idx[level]);
      if (!(lo & 1)) return { pa: 0, perms: -1, span: spans[level] };
      const leaf = level === 3 || (lo & 3) === DESC_BLOCK;
      if (leaf) {
        const span = spans[level];
        const base = (lo & ~0xfff) >>> 0;
        const pa = base + Number(va % BigInt(span));
        const perms = PROT_R | (lo & PTE_RDONLY ? 0 : PROT_W) | (hi & HI_PXN ? 0 : PROT_X);
        return { pa, perms, span };
      }
      table = (lo & ~0xfff) >>> 0;
    }
    return { pa: 0, perms: -1, span: PAGE_SIZE };
  }

  /** Table pages a map() of [va, va+size) would have to allocate. */
  tablesNeeded(va: bigint, size: number, blocks = false, pa = 0): number {
    const seen = new Set<string>();
    let n = 0;
    let off = 0;
    while (off < size) {
      const v = va + BigInt(off);
      const idx = indices(v);
      let table = this.root(v);
      if (table < 0) throw new PageTableError(`page tables: ${hex(v)} is not a canonical address`);
      // Pages of one 2 MiB range share their tables: one look per range.
      const toBoundary = BLOCK_SIZE - Number(v % BigInt(BLOCK_SIZE));
      const wholeBlock = blocks && toBoundary === BLOCK_SIZE && (pa + off) % BLOCK_SIZE === 0 && size - off >= BLOCK_SIZE;
      const depth = wholeBlock ? 2 : 3;
      for (let level = 0; level < depth; level++) {
        if (table >= 0) {
          const [lo] = this.read(table, idx[level]);
          if (lo & 1 && (lo & 3) === DESC_TABLE) { table = (lo & ~0xfff) >>> 0; continue; }
          // an empty entry needs a table; so does a block that pages are mapped into (a split)
        }
        const key = `${level}:${v >> BigInt(39 - 9 * level)}`;
        if (!seen.has(key)) { seen.add(key); n++; }
        table = -1;
      }
      off += Math.min(toBoundary, size - off);
    }
    return n;
  }

  private root(va: bigint): number {
    const top = va >> 48n;
    if (top === 0xffffn) return this.ttbr1;
    if (top === 0n) return this.ttbr0;
    return -1;
  }

  /** Calls fn on each leaf entry of [va, va+size), splitting a block the range covers in part. */
  private eachLeaf(va: bigint, size: number, fn: (table: number, index: number, va: bigint, isBlock: boolean) => void) {
    let off = 0;
    while (off < size) {
      const v = va + BigInt(off);
      const s2 = this.slot(v, 2, false);
      if (!s2) { off += PAGE_SIZE; continue; }
      const [lo] = this.read(s2.table, s2.index);
      if (lo & 1 && (lo & 3) === DESC_BLOCK) {
        if (v % BigInt(BLOCK_SIZE) === 0n && size - off >= BLOCK_SIZE) {
          fn(s2.table, s2.index, v, true);
          off += BLOCK_SIZE;
          continue;
        }
        this.split(s2);
      }
      const s3 = this.slot(v, 3, false);
      if (s3) fn(s3.table, s3.index, v, false);
      off += PAGE_SIZE;
    }
  }

  /** Replaces a level-2 block by a table of 512 pages with the same attributes. */
  private split(s: Slot) {
    if (this.available < 1) throw new PageTableError(`page tables: no table page left to split a block (${this.pages} in use)`);
    const [lo, hi] = this.read(s.table, s.index);
    const t = this.allocTable();
    const base = (lo & ~0xfff) >>> 0;
    const attrs = lo & 0xffc & ~3;
    for (let i = 0; i < ENTRIES; i++) this.write(t, i, (base + i * PAGE_SIZE) | attrs | DESC_PAGE, hi);
    this.write(s.table, s.index, t | DESC_TABLE, 0);
  }

  /**
   * The table and index of va's entry at `level` (2: the block or table of its 2 MiB range,
   * 3: its page). create: allocate missing tables and split a block in the way; otherwise
   * null where the walk ends early.
   */
  private slot(va: bigint, level: number, create: boolean): Slot | null {
    let table = this.root(va);
    if (table < 0) throw new PageTableError(`page tables: ${hex(va)} is not a canonical address`);
    const idx = indices(va);
    for (let l = 0; l < level; l++) {
      const [lo] = this.read(table, idx[l]);
      if (lo & 1 && (lo & 3) === DESC_TABLE) { table = (lo & ~0xfff) >>> 0; continue; }
      if (!create) return null;
      if (lo & 1) this.split({ table, index: idx[l] });
      else this.write(table, idx[l], this.allocTable() | DESC_TABLE, 0);
      table = (this.read(table, idx[l])[0] & ~0xfff) >>> 0;
    }
    return { table, index: idx[level] };
  }

  private writeLeaf(table: number, index: number, pa: number, perms: number, va: bigint, type: number) {
    const user = va >> 48n === 0n;
    let lo = pa | type | PTE_SHARED | PTE_AF;
    if (!(perms & PROT_W)) lo |= PTE_RDONLY;
    if (user) lo |= PTE_USER | PTE_NG;
    let hi = user ? 0 : HI_UXN;
    if (!(perms & PROT_X)) hi |= HI_PXN;
    this.write(table, index, lo, hi);
  }

  private allocTable(): number {
    let t = this.free.pop();
    if (t === undefined) {
      if (this.next >= this.pool + this.pages * PAGE_SIZE) throw new PageTableError(`page tables: all ${this.pages} table pages are in use`);
      t = this.next;
      this.next += PAGE_SIZE;
    }
    new Uint8Array(this.view.buffer, this.view.byteOffset + t, PAGE_SIZE).fill(0);
    this.written?.(t, PAGE_SIZE);
    this.used++;
    return t;
  }

  private read(table: number, index: number): [number, number] {
    const o = table + index * 8;
    return [this.view.getUint32(o, true), this.view.getUint32(o + 4, true)];
  }
  private write(table: number, index: number, lo: number, hi: number) {
    const o = table + index * 8;
    this.view.setUint32(o, lo >>> 0, true);
    this.view.setUint32(o + 4, hi >>> 0, true);
    this.written?.(o, 8);
  }
}

/** Level 0..3 indices of a 48-bit virtual address. */
function indices(va: bigint): [number, number, number, number] {
  const pn = Number((va >> 12n) & 0xfffffffffn);
  return [Math.floor(pn / 134217728) % ENTRIES, Math.floor(pn / 262144) % ENTRIES, Math.floor(pn / 512) % ENTRIES, pn % ENTRIES];
}

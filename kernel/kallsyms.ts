// kallsyms: address → symbol for the kernel image and every module, as /proc/kallsyms shows
// them and as oops reports and %pS print them. Ranges of unloaded modules are remembered
// so that a call into freed module text can still be named.
import { hex } from '../emu/address-map.ts';

export interface KSym {
  addr: bigint;
  size: number;
  name: string;
  /** nm-style type letter: T/t text, D/d data, R/r rodata, B/b bss. */
  type: string;
  /**
   * Not one of a module's core symbols (is_core_symbol): Linux drops it from /proc/kallsyms once
   * init is done; kmodlab keeps it to name the data a fault touched.
   */
  initOnly?: boolean;
}

export interface SymbolAt { name: string; offset: number; size: number; module?: string; unloaded?: boolean }

interface Table { module: string | null; syms: KSym[]; ranges: [bigint, bigint][]; unloaded: boolean; initDone: boolean }

/** Each (frozen) symbol array's first symbol of each name: a cache, so held beside it. */
const byName = new WeakMap<readonly KSym[], Map<string, KSym>>();

export class Kallsyms {
  private readonly tables: Table[] = [];

  add(module: string | null, syms: KSym[], ranges: [bigint, bigint][]) {
    const sorted = [...syms].sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : a.name < b.name ? -1 : 1));
    // Never changed, only replaced: a machine checkpoint need not record them.
    for (const x of sorted) Object.freeze(x);
    Object.freeze(sorted);
    this.tables.push({ module, syms: sorted, ranges, unloaded: false, initDone: false });
  }

  /** Drops a range (freed .init) from a module's table: mod->kallsyms is the core copy now. */
  dropRange(module: string, start: bigint, end: bigint) {
    for (const t of this.tables) {
      if (t.module !== module || t.unloaded) continue;
      t.initDone = true;
      t.syms = Object.freeze(t.syms.filter((s) => s.addr < start || s.addr >= end)) as KSym[];
      t.ranges = t.ranges.filter(([s]) => s < start || s >= end);
    }
  }

  /** The module is gone: keep its symbols only for naming faults, out of /proc/kallsyms. */
  markUnloaded(module: string) {
    for (const t of this.tables) if (t.module === module && !t.unloaded) t.unloaded = true;
  }

  forget(module: string) {
    for (let i = this.tables.length - 1; i >= 0; i--) if (this.tables[i].module === module && !this.tables[i].unloaded) this.tables.splice(i, 1);
  }

  lookup(addr: bigint, includeUnloaded = true): SymbolAt | null {
    // Newest tables first: a reused address belongs to whoever loaded there last.
    for (let i = this.tables.length - 1; i >= 0; i--) {
      const t = this.tables[i];
      if (t.unloaded && !includeUnloaded) continue;
      if (!t.ranges.some(([s, e]) => addr >= s && addr < e)) continue;
      const s = this.floor(t.syms, addr);
      if (!s) continue;
      const size = s.size || this.gapSize(t.syms, s, t.ranges);
      return { name: s.name, offset: Number(addr - s.addr), size, module: t.module ?? undefined, unloaded: t.unloaded || undefined };
    }
    return null;
  }

  /** "name+0x14/0x40 [module]" the way %pS prints, or the bare address. */
  format(addr: bigint): string {
    const s = this.lookup(addr);
    if (!s) return hex(addr);
    return `${s.name}+0x${s.offset.toString(16)}/0x${s.size.toString(16)}${s.module ? ` [${s.module}]` : ''}`;
  }

  /** Address of a symbol by name (kernel first, then live modules). */
  address(name: string): bigint | null {
    for (const t of this.tables) {
      if (t.unloaded) continue;
      let index = byName.get(t.syms);
      if (!index) {
        index = new Map();
        for (const x of t.syms) if (!index.has(x.name)) index.set(x.name, x);
        byName.set(t.syms, index);
      }
      const s = index.get(name);
      if (s) return s.addr;
    }
    return null;
  }

  /** /proc/kallsyms */
  procText(): string {
    const lines: string[] = [];
    for (const t of this.tables) {
      if (t.unloaded) continue;
      for (const s of t.syms) {
        if (s.initOnly && t.initDone) continue;
        const a = s.addr.toString(16).padStart(16, '0');
        lines.push(t.module ? `${a} ${s.type} ${s.name}\t[${t.module}]` : `${a} ${s.type} ${s.name}`);
      }
    }
    return lines.join('\n') + '\n';
  }

  private floor(syms: KSym[], addr: bigint): KSym | null {
    let lo = 0, hi = syms.length - 1, best: KSym | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (syms[mid].addr <= addr) { best = syms[mid]; lo = mid + 1; } else hi = mid - 1;
    }
    return best;
  }

  private gapSize(syms: KSym[], s: KSym, ranges: [bigint, bigint][]): number {
    const next = syms.find((x) => x.addr > s.addr);
    const r = ranges.find(([a, b]) => s.addr >= a && s.addr < b);
    const end = next && (!r || next.addr < r[1]) ? next.addr : r ? r[1] : s.addr;
    return Number(end - s.addr);
  }
}

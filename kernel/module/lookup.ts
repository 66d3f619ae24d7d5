// Lookups on the module list (kernel/module/main.c: find_module, __module_address,
// find_symbol; module_refcount's raw read of struct module), and the one reader of export
// tables (struct kernel_symbol arrays), the kernel image's and every module's.
import type { Kernel } from '../kernel.ts';
import { STRUCT_MODULE, type Module, type KernelSymbolExport } from './module.ts';

/** find_module: a module by name among the listed ones (UNFORMED ones included). */
export function findModule(k: Kernel, name: string): Module | undefined {
  return k.modules.find((m) => m.name === name);
}

/** __module_address: the module whose core or init region contains addr. */
export function moduleAt(k: Kernel, addr: bigint): Module | undefined {
  return k.modules.find((m) => m.state !== 'UNFORMED' && [m.core, m.init].some((r) => r && addr >= r.base && addr < r.base + BigInt(r.size)));
}

/** sizeof(struct kernel_symbol): three PREL32 offsets (value, name, namespace). */
export const SIZEOF_KERNEL_SYMBOL = 12;

/**
 * The `count` entries of a __ksymtab* array at `tab` in guest memory, with the u32 CRCs of the
 * parallel __kcrctab* at `crcs` (if any): what find_symbol searches.
 */
export function read_ksymtab(k: Kernel, tab: bigint, count: number, crcs: bigint | undefined, gpl: boolean, owner: Module | null): KernelSymbolExport[];
/** With inside: the index of the first entry whose symbol or name lies elsewhere, instead of reading it. */
export function read_ksymtab(k: Kernel, tab: bigint, count: number, crcs: bigint | undefined, gpl: boolean, owner: Module | null, inside: (a: bigint) => boolean): KernelSymbolExport[] | number;
export function read_ksymtab(k: Kernel, tab: bigint, count: number, crcs: bigint | undefined, gpl: boolean, owner: Module | null, inside?: (a: bigint) => boolean): KernelSymbolExport[] | number {
  const m = k.machine;
  const out: KernelSymbolExport[] = [];
  for (let i = 0; i < count; i++) {
    const p = tab + BigInt(i * SIZEOF_KERNEL_SYMBOL);
    const addr = p + BigInt(m.readU32(p) | 0);
    const nameAt = p + 4n + BigInt(m.readU32(p + 4n) | 0);
    if (inside && (!inside(addr) || !inside(nameAt))) return i;
    const name = m.readString(nameAt, 256);
    const crc = crcs !== undefined ? m.readU32(crcs + BigInt(4 * i)) : undefined;
    out.push({ name, addr, crc, gpl, owner });
  }
  return out;
}

/** struct module's refcnt as guest memory holds it. */
export function moduleRefcnt(k: Kernel, mod: Module): number {
  return k.machine.readU32(mod.addr + BigInt(STRUCT_MODULE.refcnt)) | 0;
}

/** find_symbol: kernel image first (__ksymtab, then _gpl), then every formed module. */
export function find_symbol(k: Kernel, name: string): KernelSymbolExport | undefined {
  const e = k.kernelExports.get(name);
  if (e) return e;
  for (const m of k.modules) {
    if (m.state === 'UNFORMED') continue;
    const x = m.exports.find((s) => s.name === name);
    if (x) return x;
  }
  return undefined;
}

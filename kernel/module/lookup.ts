// Lookups on the module list (kernel/module/main.c: find_module, __module_address,
// find_symbol; module_refcount's raw read of struct module).
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

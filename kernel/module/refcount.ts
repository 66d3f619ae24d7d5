// Module reference counting, three ways (boot refcount=): the loader's side. The hot paths
// (try_module_get, module_put, __module_get) are machine code in kernel/core/module.c and
// switch on the same scheme; these TypeScript versions run between scheduler slices, when no
// core is running, so they are as atomic as the stop_machine() 2.6's unload used.
//
//  percpu  2.5: struct module_ref { local_t count; } ____cacheline_aligned ref[NR_CPUS] --
//          one cache line per possible CPU, so a get never writes a line another CPU
//          writes; unload makes "going" visible everywhere, then sums (seeds 002, 003).
//  atomic  3.19+: one atomic_t with MODULE_REF_BASE, atomic_inc_not_zero / dec_if_positive.
//  none    the 2003 proposal (seed 001): no counts at all; rmmod runs the cleanup and forgets
//          the module but never frees its memory.
import type { Kernel } from '../kernel.ts';
import { NR_CPUS, SMP_CACHE_BYTES } from '../../emu/address-map.ts';
import { STRUCT_MODULE, MODULE_REF_BASE, type Module } from './module.ts';

export type { RefcountScheme } from './module.ts';
import type { RefcountScheme } from './module.ts';
/** Values of the kernel core's module_refcount_scheme (kernel/core/module.c). */
export const SCHEME_ID: Record<RefcountScheme, number> = { atomic: 0, percpu: 1, none: 2 };
/** struct module's pointer to its per-CPU counters (linux/module.h: refptr). */
export const MODULE_REFPTR = 0x360n;
/** Bytes of per-CPU counters a module carries under refcount=percpu: NR_CPUS × SMP_CACHE_BYTES. */
export const PERCPU_REF_BYTES = NR_CPUS * SMP_CACHE_BYTES;

const refcnt = (mod: Module) => mod.addr + BigInt(STRUCT_MODULE.refcnt);
const refptr = (k: Kernel, mod: Module) => k.machine.readU64(mod.addr + MODULE_REFPTR);

/** module_unload_init: the counters of a new module, one reference held for init on `cpu`. */
export function module_unload_init(k: Kernel, mod: Module, cpu: number): bigint | null {
  // The lines the seeds argue about are priced by the coherence model: the module's state and
  // refcnt words, and under percpu its NR_CPUS counters.
  k.machine.trackLines(mod.addr, STRUCT_MODULE.size, `${mod.name}:struct module`);
  switch (k.opts.refcount) {
    case 'atomic':
      k.machine.writeU32(refcnt(mod), MODULE_REF_BASE + 1);
      return null;
    case 'percpu': {
      const refs = k.slab.kmalloc(PERCPU_REF_BYTES);
      if (!refs) return 0n;
      k.machine.trackLines(refs, PERCPU_REF_BYTES, `${mod.name}:module_ref[NR_CPUS]`);
      k.machine.writeU64(mod.addr + MODULE_REFPTR, refs);
      k.machine.writeU64(refs + BigInt(cpu * SMP_CACHE_BYTES), 1n);
      return refs;
    }
    case 'none':
      return null;
  }
}

/** Frees the per-CPU counters (free_module). */
export function module_unload_free(k: Kernel, mod: Module) {
  if (!mod.addr) return;
  k.machine.untrackLines(mod.addr);
  if (k.opts.refcount !== 'percpu' || !k.machine.isMapped(mod.addr)) return;
  const p = refptr(k, mod);
  if (p) {
    k.machine.untrackLines(p);
    k.slab.kfree(p);
    k.machine.writeU64(mod.addr + MODULE_REFPTR, 0n);
  }
}

/** module_refcount(): the sum over every possible CPU under percpu. */
export function module_refcount(k: Kernel, mod: Module): number {
  switch (k.opts.refcount) {
    case 'atomic':
      return (k.machine.readU32(refcnt(mod)) | 0) - MODULE_REF_BASE;
    case 'percpu': {
      const p = refptr(k, mod);
      if (!p) return 0;
      let sum = 0n;
      for (let c = 0; c < NR_CPUS; c++) sum += k.machine.readU64(p + BigInt(c * SMP_CACHE_BYTES));
      return Number(BigInt.asIntN(64, sum));
    }
    case 'none':
      return 0;
  }
}

/**
 * Under percpu, each CPU's counter and its cache line's owner (the core that wrote it last,
 * -1 for none) for the machine's CPUs: the per-CPU picture of module_refcount()'s sum.
 */
export function percpuRefs(k: Kernel, mod: Module): { cpu: number; count: number; owner: number }[] | null {
  if (k.opts.refcount !== 'percpu' || !mod.addr || !k.machine.isMapped(mod.addr)) return null;
  const p = refptr(k, mod);
  if (!p) return null;
  const lines = k.machine.lineOwners(p);
  return k.machine.cores.map((c) => ({
    cpu: c.id,
    count: Number(BigInt.asIntN(64, k.machine.readU64(p + BigInt(c.id * SMP_CACHE_BYTES)))),
    owner: lines?.[c.id]?.owner ?? -1,
  }));
}

/** try_module_get() from the loader (ref_module), counted on `cpu`. */
export function try_module_get(k: Kernel, mod: Module, cpu = 0): boolean {
  if (mod.state === 'GOING') return false;
  switch (k.opts.refcount) {
    case 'atomic': {
      const v = k.machine.readU32(refcnt(mod)) | 0;
      if (v === 0) return false;
      k.machine.writeU32(refcnt(mod), v + 1);
      return true;
    }
    case 'percpu': {
      const a = refptr(k, mod) + BigInt(cpu * SMP_CACHE_BYTES);
      k.machine.writeU64(a, k.machine.readU64(a) + 1n);
      return true;
    }
    case 'none':
      return true;
  }
}

export function module_put(k: Kernel, mod: Module, cpu = 0) {
  switch (k.opts.refcount) {
    case 'atomic': {
      const v = k.machine.readU32(refcnt(mod)) | 0;
      if (v > 0) k.machine.writeU32(refcnt(mod), v - 1);
      else k.printk(`<4>WARNING: module_put of ${mod.name} with refcount ${v - MODULE_REF_BASE}\n`);
      return;
    }
    case 'percpu': {
      const a = refptr(k, mod) + BigInt(cpu * SMP_CACHE_BYTES);
      k.machine.writeU64(a, k.machine.readU64(a) - 1n);
      return;
    }
    case 'none':
      return;
  }
}

/**
 * 6.1's try_release_module_ref for the atomic scheme: drop the base reference; if someone
 * still holds one, put it back (unless it reached 0 meanwhile). Returns the count left.
 */
export function try_release_module_ref(k: Kernel, mod: Module): number {
  const a = refcnt(mod);
  const v = (k.machine.readU32(a) | 0) - MODULE_REF_BASE;
  k.machine.writeU32(a, v);
  if (v) k.machine.writeU32(a, v + MODULE_REF_BASE);
  return v;
}

/** Puts the base reference back after a failed atomic-scheme stop (re-animation). */
export function restore_module_ref(k: Kernel, mod: Module) {
  const a = refcnt(mod);
  k.machine.writeU32(a, (k.machine.readU32(a) | 0) + MODULE_REF_BASE);
}

// Module versioning (kernel/module/version.c): vermagic and the CRC of every imported symbol.
import type { ElfFile } from '../elf.ts';
import type { Kernel } from '../kernel.ts';
import { UTS_RELEASE } from '../utsrelease.ts';
import { TAINT } from '../taint.ts';
import type { Module } from './module.ts';

/** include/linux/vermagic.h for this kernel: SMP, PREEMPT off in the magic, unload, modversions. */
export const VERMAGIC_STRING = `${UTS_RELEASE} SMP mod_unload modversions aarch64`;
const MODVERSION_INFO_SIZE = 64;

export interface VersionCtx { k: Kernel; elf: ElfFile; mod: Module; versIdx: number }

/** With __versions the release part (up to the first space) may differ. */
export function same_magic(amagic: string, bmagic: string, hasCrcs: boolean): boolean {
  if (hasCrcs) {
    amagic = amagic.slice(amagic.indexOf(' ') < 0 ? amagic.length : amagic.indexOf(' '));
    bmagic = bmagic.slice(bmagic.indexOf(' ') < 0 ? bmagic.length : bmagic.indexOf(' '));
  }
  return amagic === bmagic;
}

/** CONFIG_MODULE_FORCE_LOAD=y: warn the first time, taint F, and go on. */
export function try_to_force_load(ctx: VersionCtx, reason: string): boolean {
  const { k, mod } = ctx;
  if (!(k.taint & (1 << TAINT.FORCED_MODULE))) k.printk(`<4>${mod.name}: ${reason}: kernel tainted.\n`);
  k.addTaint(TAINT.FORCED_MODULE, true);
  mod.taints |= 1 << TAINT.FORCED_MODULE;
  return true;
}

/** The module's __versions entries: [crc, name]. */
export function modversions(elf: ElfFile, versIdx: number): [number, string][] {
  if (!versIdx) return [];
  const d = elf.sectionData(versIdx);
  const dv = new DataView(d.buffer, d.byteOffset, d.byteLength);
  const out: [number, string][] = [];
  for (let o = 0; o + MODVERSION_INFO_SIZE <= d.length; o += MODVERSION_INFO_SIZE) {
    const crc = dv.getUint32(o, true);
    const nameBytes = d.subarray(o + 8, o + MODVERSION_INFO_SIZE);
    const z = nameBytes.indexOf(0);
    out.push([crc, Buffer.from(nameBytes.subarray(0, z < 0 ? nameBytes.length : z)).toString('latin1')]);
  }
  return out;
}


/** 1 = accept, 0 = refuse (the caller turns it into -EINVAL or -ENOEXEC). */
export function check_version(ctx: VersionCtx, symname: string, crc: number | undefined): boolean {
  // Exporting module didn't supply crcs? OK, we're already tainted.
  if (crc === undefined) return true;
  // No versions at all? modprobe --force does this.
  if (!ctx.versIdx) return try_to_force_load(ctx, symname);
  for (const [v, name] of modversions(ctx.elf, ctx.versIdx)) {
    if (name !== symname) continue;
    if (v === crc) return true;
    ctx.k.printk(`<4>${ctx.mod.name}: disagrees about version of symbol ${symname}\n`);
    return false;
  }
  // Broken toolchain. Warn once, then let it go.
  if (ctx.k.once('no symbol version')) {
    ctx.k.printk(`<4>${ctx.mod.name}: no symbol version for ${symname}\n`);
  }
  return true;
}

export function check_modstruct_version(ctx: VersionCtx): boolean {
  const fsa = ctx.k.kernelExports.get('module_layout');
  if (!fsa) throw new Error('kernel image does not export module_layout');
  return check_version(ctx, 'module_layout', fsa.crc);
}

// struct load_info (kernel/module/internal.h): one load, from load_module's copy of the file to
// do_init_module -- the ELF and its section indexes, the layout, the signature status, the
// module being formed and the symbol values simplify_symbols found.
import type { ElfFile } from '../elf.ts';
import type { Module } from './module.ts';
import type { Layout, LayoutOptions } from './layout.ts';
import type { Placement } from './placement.ts';
import type { ModArchSpecific } from '../arch/arm64/module.ts';

export interface LoadFlags {
  /** MODULE_INIT_IGNORE_MODVERSIONS (insmod -f) */
  ignoreModversions?: boolean;
  /** MODULE_INIT_IGNORE_VERMAGIC (insmod -f) */
  ignoreVermagic?: boolean;
  /** Leave .exit sections out (seed 002 item 5): the module can never be unloaded. */
  noUnload?: boolean;
}

/** What module_frob_arch_sections and apply_relocate_add see of struct module (mod->arch). */
export interface ArchModule { name: string; arch?: ModArchSpecific; init_layout?: { base: bigint; size: bigint } }

export class LoadInfo {
  /** info->name: .modinfo's name=, else struct module's. */
  name = '';
  /** The file without its signature (hdr, len); our own copy: frob sorts RELA entries in place. */
  hdr: Uint8Array = new Uint8Array(0);
  len = 0;
  /** The parsed ELF: sechdrs, secstrings, symtab and strtab. */
  elf!: ElfFile;
  /** info->sig_ok: a key of ours signed it. */
  sig_ok = false;
  /** Section indexes (0: none): symtab, its strings, .gnu.linkonce.this_module, __versions, .modinfo, per-CPU data. */
  readonly index = { sym: 0, str: 0, mod: 0, vers: 0, info: 0, pcpu: 0 };
  /** The module being formed (setup_load_info). */
  mod!: Module;
  /** layout_and_allocate's choices. */
  lopts!: LayoutOptions;
  layout!: Layout;
  placement: Placement = 'kmalloc';
  arch!: ArchModule;
  /** simplify_symbols: each symbol's final value, by symbol index. */
  symvals: bigint[] = [];
  /** The loader's own work, priced by loader_cycles (main.ts) and charged to the loading core. */
  readonly work = { copied: 0, hashed: 0, lookups: 0, relocations: 0 };

  constructor(readonly path: string, readonly flags: LoadFlags) {}
}

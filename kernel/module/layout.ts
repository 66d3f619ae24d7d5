// layout_sections() and layout_symtab() of Linux 6.1 kernel/module/main.c and kallsyms.c:
// which section goes to the core or the init region, at which offset, in which order.
// Offsets land in sh_entsize as Linux keeps them there (init ones marked with INIT_OFFSET_MASK).
import {
  type ElfFile, type ElfSection, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHF_RO_AFTER_INIT,
  SHN_UNDEF, SIZEOF_SYM,
} from '../elf.ts';
import { PAGE_SIZE } from '../../emu/address-map.ts';

export const INIT_OFFSET_MASK = 1n << 63n;
const UNSET = (1n << 64n) - 1n;
const ARCH_SHF_SMALL = 0;

export interface Layout {
  /** Bytes of the core region: text, rodata, ro_after_init, data, then the core symtab. */
  coreSize: number;
  textSize: number;
  roSize: number;
  roAfterInitSize: number;
  initSize: number;
  initTextSize: number;
  initRoSize: number;
  /** Where layout_symtab put the core symbol copy (0 when kallsyms is dropped). */
  symoffs: number;
  stroffs: number;
  coreTypeoffs: number;
  coreSymCount: number;
  /** Whether regions were page aligned (STRICT_MODULE_RWX) */
  strict: boolean;
}

export interface LayoutOptions {
  /** Page-align text/ro/ro_after_init/data boundaries (STRICT_MODULE_RWX). */
  strict: boolean;
  /** CONFIG_MODULE_UNLOAD: without it .exit sections are treated as init and discarded. */
  unload: boolean;
  /** Keep module symbols (kallsyms); dropping them saves the symtab copies. */
  kallsyms: boolean;
  /** Section index of .data..percpu (its SHF_ALLOC is cleared: it goes to the per-CPU areas). */
  pcpuIndex: number;
}

const align = (n: number, a: number) => (a > 1 ? Math.ceil(n / a) * a : n);

export function module_init_section(name: string): boolean {
  return name.startsWith('.init');
}
export function module_exit_section(name: string): boolean {
  return name.startsWith('.exit');
}

function module_init_layout_section(name: string, o: LayoutOptions): boolean {
  if (!o.unload && module_exit_section(name)) return true;
  return module_init_section(name);
}

/** Mutates sh_entsize (offsets) and sh_flags of symtab/strtab like Linux; returns the sizes. */
export function layout_sections(elf: ElfFile, o: LayoutOptions): Layout {
  const secs = elf.sections;
  const masks: [number, number][] = [
    [SHF_EXECINSTR | SHF_ALLOC, ARCH_SHF_SMALL],
    [SHF_ALLOC, SHF_WRITE | ARCH_SHF_SMALL],
    [SHF_RO_AFTER_INIT | SHF_ALLOC, ARCH_SHF_SMALL],
    [SHF_WRITE | SHF_ALLOC, ARCH_SHF_SMALL],
    [ARCH_SHF_SMALL | SHF_ALLOC, 0],
  ];
  const strictAlign = (n: number) => (o.strict ? align(n, PAGE_SIZE) : n);
  const L: Layout = {
    coreSize: 0, textSize: 0, roSize: 0, roAfterInitSize: 0, initSize: 0, initTextSize: 0, initRoSize: 0,
    symoffs: 0, stroffs: 0, coreTypeoffs: 0, coreSymCount: 0, strict: o.strict,
  };
  for (const s of secs) s.entsize = UNSET;

  const offset = (size: number, s: ElfSection): [number, number] => {
    const ret = align(size, Number(s.addralign) || 1);
    return [ret, ret + Number(s.size)];
  };

  let size = 0;
  for (let m = 0; m < masks.length; m++) {
    for (const s of secs) {
      if ((s.flags & masks[m][0]) !== masks[m][0] || (s.flags & masks[m][1]) || s.entsize !== UNSET
        || module_init_layout_section(s.name, o)) continue;
      const [off, next] = offset(size, s);
      s.entsize = BigInt(off);
      size = next;
    }
    switch (m) {
      case 0: size = strictAlign(size); L.textSize = size; break;
      case 1: size = strictAlign(size); L.roSize = size; break;
      case 2: size = strictAlign(size); L.roAfterInitSize = size; break;
      case 4: size = strictAlign(size); break;
    }
  }
  L.coreSize = size;

  size = 0;
  for (let m = 0; m < masks.length; m++) {
    for (const s of secs) {
      if ((s.flags & masks[m][0]) !== masks[m][0] || (s.flags & masks[m][1]) || s.entsize !== UNSET
        || !module_init_layout_section(s.name, o)) continue;
      const [off, next] = offset(size, s);
      s.entsize = BigInt(off) | INIT_OFFSET_MASK;
      size = next;
    }
    switch (m) {
      case 0: size = strictAlign(size); L.initTextSize = size; break;
      case 1: size = strictAlign(size); L.initRoSize = size; break;
      case 2: break; // ro_after_init is meaningless in init
      case 4: size = strictAlign(size); break;
    }
  }
  L.initSize = size;
  if (o.kallsyms) layout_symtab(elf, L, o);
  return L;
}

/**
 * Debian's 6.1 arm64 kernels are built without CONFIG_KALLSYMS_ALL: a module keeps only its
 * core text symbols once init is done (so x_tables is 40960 bytes, not 61440).
 */
export const KALLSYMS_ALL = false;

/** kernel/module/kallsyms.c is_core_symbol. */
export function is_core_symbol(elf: ElfFile, i: number, o: LayoutOptions): boolean {
  const sym = elf.symbol(i);
  const shndx = elf.symbolShndx(i);
  if (shndx === SHN_UNDEF || shndx >= elf.sections.length || !sym.nameOffset) return false;
  if (KALLSYMS_ALL && shndx === o.pcpuIndex && o.pcpuIndex > 0) return true;
  const sec = elf.sections[shndx];
  if (!(sec.flags & SHF_ALLOC) || (!KALLSYMS_ALL && !(sec.flags & SHF_EXECINSTR)) || (sec.entsize & INIT_OFFSET_MASK) !== 0n) return false;
  return true;
}

function layout_symtab(elf: ElfFile, L: Layout, o: LayoutOptions) {
  const symsect = elf.sections[elf.symtabIndex];
  const strsect = elf.sections[elf.strtabIndex];
  const strictAlign = (n: number) => (o.strict ? align(n, PAGE_SIZE) : n);
  // The full symbol table goes at the end of init (freed after init).
  symsect.flags |= SHF_ALLOC;
  {
    const off = align(L.initSize, Number(symsect.addralign) || 1);
    symsect.entsize = BigInt(off) | INIT_OFFSET_MASK;
    L.initSize = off + Number(symsect.size);
  }
  let strtabSize = 0, ndst = 0;
  for (let i = 0; i < elf.symbolCount; i++) {
    if (i === 0 || is_core_symbol(elf, i, o)) {
      strtabSize += elf.symbol(i).name.length + 1;
      ndst++;
    }
  }
  // Core symbols are appended to the core (data) region.
  L.symoffs = align(L.coreSize, Number(symsect.addralign) || 1);
  L.stroffs = L.symoffs + ndst * SIZEOF_SYM;
  L.coreSize = L.stroffs + strtabSize;
  L.coreTypeoffs = L.coreSize;
  L.coreSize += ndst;
  L.coreSize = strictAlign(L.coreSize);
  L.coreSymCount = ndst;
  strsect.flags |= SHF_ALLOC;
  {
    const off = align(L.initSize, Number(strsect.addralign) || 1);
    strsect.entsize = BigInt(off) | INIT_OFFSET_MASK;
    L.initSize = off + Number(strsect.size);
  }
  // struct mod_kallsyms (symtab ptr, num_symtab, strtab ptr, typetab ptr: 32 bytes) + types.
  L.initSize = align(L.initSize, 8) + 32 + elf.symbolCount;
  L.initSize = strictAlign(L.initSize);
}

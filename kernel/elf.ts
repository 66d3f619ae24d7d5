// Why our own reader and not npm `elfinfo` (0.4.0-beta, tried on a truncated and a corrupted .ko): it swallows its own
// out-of-bounds DataView reads into free-text errors (no errno, none of Linux's messages), and it silently accepts an
// e_shstrndx past e_shnum, sh_name offsets past the name table (names become "") and an unterminated .shstrtab.
//
// ELF64 little-endian AArch64 reader for the module loader and for the kernel image.
//
//   parseElf(buf)          a module (ET_REL): Linux 6.1's elf_validity_check (kernel/module/main.c), same order,
//                          same messages, -ENOEXEC; then the checks later kernels added (elf_validity_cache_*: every
//                          section name inside .shstrtab, exactly one SHT_SYMTAB, a sane .strtab, every st_name inside
//                          it) so that no accessor below can ever read outside `buf`.
//   parseKernelImage(buf)  the kernel image (ET_EXEC or ET_DYN): the same structural checks, no ET_REL check,
//                          any number of symbol tables (the first one is used).
//
// Every failure throws ElfError { errno: ENOEXEC, message: the pr_err text without its newline }.
//
// API: parseElf(buf, { kind }?) / parseKernelImage(buf) -> ElfFile { buf, kind, header, sections[], symtabIndex,
//   strtabIndex, symbolCount, sectionData(i), findSection(name), stringAt(strndx, off), symbol(i), symbolShndx(i),
//   symbols(), relocationCount(i), relocation(i, k), relocations(i) }; find_sec(elf, name), get_modinfo(elf, tag).
// `buf` is the module after the signature trailer was stripped (Linux's info->len). It is not copied:
// module_frob_arch_sections sorts RELA entries inside it, as Linux sorts them inside its copy.
//
// `sections[]` are the loader's working section headers (Linux's info->sechdrs): plain mutable objects the loader
// may rewrite (sh_addr after move_module, sh_entsize during layout, sh_flags &= ~SHF_ALLOC for .modinfo, ...).
// Content accessors (sectionData, symbols, relocations) never use them: they use the offsets and sizes checked at
// parse time, so rewriting a header can never make an accessor read out of bounds.

export const ENOEXEC = 8;

export class ElfError extends Error {
  /** Positive errno (ENOEXEC); the kernel returns -errno. */
  readonly errno: number;
  constructor(message: string, errno: number = ENOEXEC) {
    super(message);
    this.name = 'ElfError';
    this.errno = errno;
  }
}

// e_type
export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const EM_AARCH64 = 183;

// sh_type
export const SHT_NULL = 0;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_RELA = 4;
export const SHT_HASH = 5;
export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_NOBITS = 8;
export const SHT_REL = 9;
export const SHT_DYNSYM = 11;
export const SHT_INIT_ARRAY = 14;
export const SHT_FINI_ARRAY = 15;

// sh_flags (all defined flags live in the low 32 bits)
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHF_MERGE = 0x10;
export const SHF_STRINGS = 0x20;
export const SHF_INFO_LINK = 0x40;
export const SHF_RELA_LIVEPATCH = 0x00100000;
export const SHF_RO_AFTER_INIT = 0x00200000;

// special section indexes
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_LIVEPATCH = 0xff20;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

// symbol binding / type / visibility
export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;
export const STV_DEFAULT = 0;
export const STV_INTERNAL = 1;
export const STV_HIDDEN = 2;
export const STV_PROTECTED = 3;

export const SIZEOF_EHDR = 64;
export const SIZEOF_SHDR = 64;
export const SIZEOF_SYM = 24;
export const SIZEOF_RELA = 24;
export const SIZEOF_REL = 16;

const ELFMAG = '\x7fELF';

export interface ElfHeader {
  type: number;
  machine: number;
  version: number;
  entry: bigint;
  phoff: bigint;
  shoff: bigint;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

/** One section header (Elf64_Shdr), mutable working copy. u64 fields are bigint. */
export interface ElfSection {
  readonly index: number;
  /** Name from .shstrtab (checked in bounds at parse time). */
  name: string;
  /** sh_name: offset of the name in .shstrtab. */
  nameOffset: number;
  type: number;
  /** Low 32 bits of sh_flags (every SHF_* flag lives there); `flags64` holds the full value. */
  flags: number;
  flags64: bigint;
  addr: bigint;
  offset: bigint;
  size: bigint;
  link: number;
  info: number;
  addralign: bigint;
  entsize: bigint;
}

/** One Elf64_Sym. */
export interface ElfSymbol {
  readonly index: number;
  name: string;
  nameOffset: number;
  value: bigint;
  size: bigint;
  /** ELF64_ST_BIND(st_info) */
  bind: number;
  /** ELF64_ST_TYPE(st_info) */
  type: number;
  /** ELF64_ST_VISIBILITY(st_other) */
  visibility: number;
  shndx: number;
}

/** One Elf64_Rela (or Elf64_Rel with addend 0n). */
export interface ElfRela {
  offset: bigint;
  /** ELF64_R_SYM(r_info) */
  sym: number;
  /** ELF64_R_TYPE(r_info) */
  type: number;
  /** signed r_addend */
  addend: bigint;
}

export interface ParseElfOptions {
  /** 'module' (default): ET_REL, Linux's load-time checks. 'image': the kernel image (ET_EXEC/ET_DYN). */
  kind?: 'module' | 'image';
}

interface Extent {
  off: number;
  size: number;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  // Node's own latin1 decoder: a symbol name at a time, as the image's 40,000 are read at boot.
  if (bytes instanceof Buffer) return bytes.toString('latin1', start, end);
  let s = '';
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, Math.min(end, i + 4096))));
  }
  return s;
}

export class ElfFile {
  readonly buf: Uint8Array;
  private readonly names: Buffer;
  readonly kind: 'module' | 'image';
  readonly header: ElfHeader;
  readonly sections: ElfSection[];
  /** Index of the symbol table (SHT_SYMTAB), 0 if none (image only: a module always has exactly one). */
  readonly symtabIndex: number;
  /** Index of the symbol string table (the symtab's sh_link), 0 if no symtab. */
  readonly strtabIndex: number;
  /** Number of entries in the symbol table (sh_size / sizeof(Elf64_Sym)), 0 if none. */
  readonly symbolCount: number;

  private readonly dv: DataView;
  /** File extents checked at parse time; NOBITS/NULL sections have size 0 here. */
  private readonly extents: Extent[];
  private symCache: ElfSymbol[] | undefined;

  /** Use parseElf / parseKernelImage. */
  constructor(buf: Uint8Array, kind: 'module' | 'image') {
    this.buf = buf;
    // A Buffer view of the same bytes (no copy) decodes names natively.
    this.names = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.kind = kind;
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.header = elf_validity_check(this.dv, buf, kind);
    const h = this.header;
    const shoff = Number(h.shoff);
    this.sections = [];
    this.extents = [];
    const strhdrOff = shoff + h.shstrndx * SIZEOF_SHDR;
    const shstrOff = Number(this.dv.getBigUint64(strhdrOff + 24, true));
    for (let i = 0; i < h.shnum; i++) {
      const o = shoff + i * SIZEOF_SHDR;
      const flags64 = this.dv.getBigUint64(o + 8, true);
      const s: ElfSection = {
        index: i,
        nameOffset: this.dv.getUint32(o, true),
        name: '',
        type: this.dv.getUint32(o + 4, true),
        flags: Number(flags64 & 0xffffffffn),
        flags64,
        addr: this.dv.getBigUint64(o + 16, true),
        offset: this.dv.getBigUint64(o + 24, true),
        size: this.dv.getBigUint64(o + 32, true),
        link: this.dv.getUint32(o + 40, true),
        info: this.dv.getUint32(o + 44, true),
        addralign: this.dv.getBigUint64(o + 48, true),
        entsize: this.dv.getBigUint64(o + 56, true),
      };
      this.sections.push(s);
      // elf_validity_check validated [offset, offset+size) within the file for every section that is neither
      // SHT_NULL nor SHT_NOBITS (and section 0 has size 0), so these Number() conversions are exact.
      this.extents.push(
        s.type === SHT_NULL || s.type === SHT_NOBITS || i === 0
          ? { off: 0, size: 0 }
          : { off: Number(s.offset), size: Number(s.size) },
      );
    }
    // Names: every non-NULL section's sh_name was checked < .shstrtab size, and .shstrtab ends in NUL.
    for (const s of this.sections) {
      if (s.type === SHT_NULL && s.nameOffset >= this.extents[h.shstrndx].size) continue;
      s.name = this.cstr(shstrOff, this.extents[h.shstrndx].size, s.nameOffset);
    }

    // Symbol table and its strings.
    let symtab = 0;
    let nsymtab = 0;
    for (let i = 1; i < h.shnum; i++) {
      if (this.sections[i].type === SHT_SYMTAB) {
        nsymtab++;
        if (!symtab) symtab = i;
      }
    }
    if (kind === 'module' && nsymtab !== 1) {
      // 6.1's setup_load_info only finds none; later kernels (elf_validity_cache_index_sym) also refuse several.
      throw new ElfError(`${modinfoNameOrPlaceholder(this)}: module has no symbols (stripped?)`);
    }
    this.symtabIndex = symtab;
    this.strtabIndex = symtab ? this.sections[symtab].link : 0;
    this.symbolCount = symtab ? Math.floor(this.extents[symtab].size / SIZEOF_SYM) : 0;
    if (symtab) this.checkStrtab();
  }

  /** elf_validity_cache_index_str + elf_validity_cache_strtab (later kernels), plus: the strtab has file contents. */
  private checkStrtab(): void {
    const str = this.strtabIndex;
    // The 6.1 loop already refused sh_link == SHN_UNDEF or >= e_shnum for every SHT_SYMTAB.
    const strhdr = this.sections[str];
    if (strhdr.type === SHT_NOBITS || strhdr.type === SHT_NULL) {
      // Its offset/size were never validated; Linux would read the strings from wherever sh_offset points.
      throw new ElfError(`Invalid ELF section in module (section ${str} type ${strhdr.type})`);
    }
    const ext = this.extents[str];
    if (ext.size === 0) throw new ElfError('empty symbol string table');
    if (this.buf[ext.off] !== 0) throw new ElfError('symbol string table missing leading NUL');
    if (this.buf[ext.off + ext.size - 1] !== 0) throw new ElfError("symbol string table isn't NUL terminated");
    const symOff = this.extents[this.symtabIndex].off;
    for (let i = 0; i < this.symbolCount; i++) {
      if (this.dv.getUint32(symOff + i * SIZEOF_SYM, true) >= ext.size) {
        throw new ElfError('symbol name out of bounds in string table');
      }
    }
  }

  /** NUL-terminated string at `off` inside a table [tableOff, tableOff+tableSize) that ends with NUL. */
  private cstr(tableOff: number, tableSize: number, off: number): string {
    const start = tableOff + off;
    const end = tableOff + tableSize;
    let p = start;
    while (p < end && this.buf[p] !== 0) p++;
    return latin1(this.names, start, p);
  }

  /** The section's bytes in the file (a subarray of `buf`, no copy). Empty for SHT_NOBITS and SHT_NULL. */
  sectionData(i: number): Uint8Array {
    const e = this.extents[i];
    if (!e) throw new ElfError(`Invalid ELF section index ${i} (e_shnum ${this.header.shnum})`);
    return this.buf.subarray(e.off, e.off + e.size);
  }

  /** First section with this name (any flags, like arm64's find_section()), or undefined. */
  findSection(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.index !== 0 && s.name === name);
  }

  /** String `off` of string table section `strndx` ('' if out of bounds or not a string table in the file). */
  stringAt(strndx: number, off: number): string {
    const e = this.extents[strndx];
    if (!e || off >= e.size) return '';
    return this.cstr(e.off, e.size, off);
  }

  /** Symbol `i` of the symbol table. Throws ElfError when out of range. */
  symbol(i: number): ElfSymbol {
    if (this.symCache) {
      const s = this.symCache[i];
      if (s) return s;
    }
    if (!Number.isInteger(i) || i < 0 || i >= this.symbolCount) {
      throw new ElfError(`Invalid ELF symbol index ${i} (symbol table has ${this.symbolCount} entries)`);
    }
    return this.readSymbol(i);
  }

  /** st_shndx of symbol `i` without building the symbol. Throws ElfError when out of range. */
  symbolShndx(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.symbolCount) {
      throw new ElfError(`Invalid ELF symbol index ${i} (symbol table has ${this.symbolCount} entries)`);
    }
    return this.dv.getUint16(this.extents[this.symtabIndex].off + i * SIZEOF_SYM + 6, true);
  }

  private readSymbol(i: number): ElfSymbol {
    const o = this.extents[this.symtabIndex].off + i * SIZEOF_SYM;
    const st_name = this.dv.getUint32(o, true);
    const st_info = this.dv.getUint8(o + 4);
    const st_other = this.dv.getUint8(o + 5);
    return {
      index: i,
      nameOffset: st_name,
      name: this.stringAt(this.strtabIndex, st_name),
      bind: st_info >> 4,
      type: st_info & 0xf,
      visibility: st_other & 0x3,
      shndx: this.dv.getUint16(o + 6, true),
      value: this.dv.getBigUint64(o + 8, true),
      size: this.dv.getBigUint64(o + 16, true),
    };
  }

  /** Every entry of the symbol table, index 0 included (the null symbol). Cached: values are as in the file. */
  symbols(): ElfSymbol[] {
    if (!this.symCache) {
      const out: ElfSymbol[] = [];
      for (let i = 0; i < this.symbolCount; i++) out.push(this.readSymbol(i));
      this.symCache = out;
    }
    return this.symCache;
  }

  /** Number of entries of a SHT_RELA / SHT_REL section (sh_size / entry size, as Linux computes it). */
  relocationCount(secIndex: number): number {
    const s = this.sections[secIndex];
    const e = this.extents[secIndex];
    if (!s || !e) return 0;
    if (s.type === SHT_RELA) return Math.floor(e.size / SIZEOF_RELA);
    if (s.type === SHT_REL) return Math.floor(e.size / SIZEOF_REL);
    return 0;
  }

  /**
   * Entry `k` of relocation section `secIndex`, read from `buf` now (so it reflects module_frob_arch_sections'
   * in-place sort). Throws ElfError if the section is not SHT_RELA/SHT_REL, `k` is out of range, or the entry names
   * a symbol outside the symbol table (Linux 6.1 does not check the last one and would read past the table).
   */
  relocation(secIndex: number, k: number): ElfRela {
    const s = this.sections[secIndex];
    if (!s || (s.type !== SHT_RELA && s.type !== SHT_REL)) {
      throw new ElfError(`Invalid ELF relocation section ${secIndex}`);
    }
    const n = this.relocationCount(secIndex);
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      throw new ElfError(`Invalid ELF relocation index ${k} in section ${secIndex} (${n} entries)`);
    }
    const isRela = s.type === SHT_RELA;
    const o = this.extents[secIndex].off + k * (isRela ? SIZEOF_RELA : SIZEOF_REL);
    const r_offset = this.dv.getBigUint64(o, true);
    const infoLo = this.dv.getUint32(o + 8, true);
    const infoHi = this.dv.getUint32(o + 12, true);
    if (infoHi >= this.symbolCount) {
      throw new ElfError(
        `Invalid ELF relocation in module (section ${secIndex} entry ${k} symbol ${infoHi} >= ${this.symbolCount})`,
      );
    }
    return {
      offset: r_offset,
      sym: infoHi,
      type: infoLo,
      addend: isRela ? this.dv.getBigInt64(o + 16, true) : 0n,
    };
  }

  /** All entries of a SHT_RELA (or SHT_REL, addend 0n) section; see relocation(). */
  relocations(secIndex: number): ElfRela[] {
    const n = this.relocationCount(secIndex);
    const s = this.sections[secIndex];
    if (!s || (s.type !== SHT_RELA && s.type !== SHT_REL)) {
      throw new ElfError(`Invalid ELF relocation section ${secIndex}`);
    }
    const out: ElfRela[] = [];
    for (let k = 0; k < n; k++) out.push(this.relocation(secIndex, k));
    return out;
  }
}

/** Parse and check a module (ET_REL). Throws ElfError. */
export function parseElf(buf: Uint8Array, opts: ParseElfOptions = {}): ElfFile {
  return new ElfFile(buf, opts.kind ?? 'module');
}

/** Parse and check the kernel image (ET_EXEC or ET_DYN, EM_AARCH64). Throws ElfError. */
export function parseKernelImage(buf: Uint8Array): ElfFile {
  return new ElfFile(buf, 'image');
}

/** validate_section_offset(): [sh_offset, sh_offset + sh_size) within the file, no u64 wrap. */
function validate_section_offset(len: number, sh_offset: bigint, sh_size: bigint): boolean {
  // In C, secend = sh_offset + sh_size may wrap (secend < sh_offset); without wrapping that is secend > 2^64 > len.
  return sh_offset + sh_size <= BigInt(len);
}

/**
 * Linux 6.1 elf_validity_check(), check for check and message for message, followed by the checks later kernels
 * added that keep every later read in bounds. Returns the parsed header.
 */
function elf_validity_check(dv: DataView, buf: Uint8Array, kind: 'module' | 'image'): ElfHeader {
  const len = buf.byteLength;
  if (len < SIZEOF_EHDR) throw new ElfError(`Invalid ELF header len ${len}`);

  if (latin1(buf, 0, 4) !== ELFMAG) throw new ElfError(`Invalid ELF header magic: != ${ELFMAG}`);

  const hdr: ElfHeader = {
    type: dv.getUint16(16, true),
    machine: dv.getUint16(18, true),
    version: dv.getUint32(20, true),
    entry: dv.getBigUint64(24, true),
    phoff: dv.getBigUint64(32, true),
    shoff: dv.getBigUint64(40, true),
    flags: dv.getUint32(48, true),
    ehsize: dv.getUint16(52, true),
    phentsize: dv.getUint16(54, true),
    phnum: dv.getUint16(56, true),
    shentsize: dv.getUint16(58, true),
    shnum: dv.getUint16(60, true),
    shstrndx: dv.getUint16(62, true),
  };

  if (kind === 'module') {
    if (hdr.type !== ET_REL) throw new ElfError(`Invalid ELF header type: ${hdr.type} != ${ET_REL}`);
  } else if (hdr.type !== ET_EXEC && hdr.type !== ET_DYN) {
    throw new ElfError(`Invalid kernel image ELF header type: ${hdr.type} (want ${ET_EXEC} or ${ET_DYN})`);
  }
  // arm64 elf_check_arch(): e_machine == EM_AARCH64 (EI_CLASS/EI_DATA are not looked at, as in Linux).
  if (hdr.machine !== EM_AARCH64) throw new ElfError(`Invalid architecture in ELF header: ${hdr.machine}`);
  if (hdr.shentsize !== SIZEOF_SHDR) throw new ElfError('Invalid ELF section header size');

  // e_shnum is 16 bits and sizeof(Elf_Shdr) small: the product cannot overflow.
  if (hdr.shoff >= BigInt(len) || BigInt(hdr.shnum * SIZEOF_SHDR) > BigInt(len) - hdr.shoff) {
    throw new ElfError('Invalid ELF section header overflow');
  }
  const shoff = Number(hdr.shoff);
  const sh = (i: number) => {
    const o = shoff + i * SIZEOF_SHDR;
    return {
      sh_name: dv.getUint32(o, true),
      sh_type: dv.getUint32(o + 4, true),
      sh_flags: dv.getBigUint64(o + 8, true),
      sh_addr: dv.getBigUint64(o + 16, true),
      sh_offset: dv.getBigUint64(o + 24, true),
      sh_size: dv.getBigUint64(o + 32, true),
      sh_link: dv.getUint32(o + 40, true),
    };
  };

  // Verify if the section name table index is valid.
  if (hdr.shstrndx === SHN_UNDEF || hdr.shstrndx >= hdr.shnum) {
    throw new ElfError(
      `Invalid ELF section name index: ${hdr.shstrndx} || e_shstrndx (${hdr.shstrndx}) >= e_shnum (${hdr.shnum})`,
    );
  }

  const strhdr = sh(hdr.shstrndx);
  if (!validate_section_offset(len, strhdr.sh_offset, strhdr.sh_size)) {
    throw new ElfError(`Invalid ELF section hdr(type ${strhdr.sh_type})`);
  }

  // The section name table must be NUL-terminated.
  if (strhdr.sh_size === 0n) throw new ElfError('empty section name table');
  if (buf[Number(strhdr.sh_offset + strhdr.sh_size - 1n)] !== 0) {
    throw new ElfError("ELF Spec violation: section name table isn't null terminated");
  }

  // Section 0 must have a length of zero and an addr of zero.
  const s0 = sh(0);
  if (s0.sh_type !== SHT_NULL || s0.sh_size !== 0n || s0.sh_addr !== 0n) {
    throw new ElfError(
      `ELF Spec violation: section 0 type(${s0.sh_type | 0})!=SH_NULL or non-zero len or addr`,
    );
  }

  for (let i = 1; i < hdr.shnum; i++) {
    const s = sh(i);
    switch (s.sh_type) {
      case SHT_NULL:
      case SHT_NOBITS:
        continue;
      default:
        if (s.sh_type === SHT_SYMTAB && (s.sh_link === SHN_UNDEF || s.sh_link >= hdr.shnum)) {
          // case SHT_SYMTAB: ... fallthrough to default in Linux.
          throw new ElfError(
            `Invalid ELF sh_link!=SHN_UNDEF(${s.sh_link | 0}) or (sh_link(${s.sh_link | 0}) >= hdr->e_shnum(${hdr.shnum})`,
          );
        }
        if (!validate_section_offset(len, s.sh_offset, s.sh_size)) {
          throw new ElfError(`Invalid ELF section in module (section ${i} type ${s.sh_type})`);
        }
        if ((Number(s.sh_flags & 0xffffffffn) & SHF_ALLOC) !== 0 && s.sh_name >= strhdr.sh_size) {
          throw new ElfError(`Invalid ELF section name in module (section ${i} type ${s.sh_type})`);
        }
        break;
    }
  }

  // Beyond 6.1 (elf_validity_cache_secstrings, later kernels): every non-NULL section's name offset, not only
  // SHF_ALLOC ones, must be inside .shstrtab; 6.1 compares non-ALLOC names (".plt", ...) past the table.
  for (let i = 0; i < hdr.shnum; i++) {
    const s = sh(i);
    if (s.sh_type === SHT_NULL) continue;
    if (BigInt(s.sh_name) >= strhdr.sh_size) {
      throw new ElfError(`Invalid ELF section name in module (section ${i} type ${s.sh_type})`);
    }
  }

  return hdr;
}

/** find_sec(): first SHF_ALLOC section with this name, 0 if none (Linux ignores sections without SHF_ALLOC). */
export function find_sec(elf: ElfFile, name: string): number {
  for (let i = 1; i < elf.sections.length; i++) {
    const s = elf.sections[i];
    if (s.flags & SHF_ALLOC && s.name === name) return i;
  }
  return 0;
}

/**
 * get_modinfo(): value of the first "tag=value" string in .modinfo (found with find_sec, so it must still be
 * SHF_ALLOC), or undefined. Reads from the file contents and never past the section, even if the last string is
 * not NUL-terminated (Linux 6.1 would read on).
 */
export function get_modinfo(elf: ElfFile, tag: string): string | undefined {
  const idx = find_sec(elf, '.modinfo');
  if (!idx) return undefined;
  const data = elf.sectionData(idx);
  let p = 0;
  while (p < data.length) {
    let e = p;
    while (e < data.length && data[e] !== 0) e++;
    const s = latin1(data, p, e);
    if (s.startsWith(tag) && s.charCodeAt(tag.length) === 0x3d /* '=' */) return s.slice(tag.length + 1);
    // next_string(): skip this string and any NULs after it.
    p = e;
    while (p < data.length && data[p] === 0) p++;
  }
  return undefined;
}

function modinfoNameOrPlaceholder(elf: ElfFile): string {
  return get_modinfo(elf, 'name') ?? '(missing .modinfo section or name field)';
}

// kernel/elf.ts: parsing checked against readelf, Linux 6.1's elf_validity_check messages, and a seeded fuzzer.
// The object files are built at test time (aarch64-linux-gnu-gcc -c) into a temporary directory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ElfError,
  ENOEXEC,
  ET_EXEC,
  get_modinfo,
  find_sec,
  parseElf,
  parseKernelImage,
  SHF_ALLOC,
  SHN_ABS,
  SHN_COMMON,
  SHN_UNDEF,
  SHT_NOBITS,
  SHT_PROGBITS,
  SHT_REL,
  SHT_RELA,
  SHT_SYMTAB,
  SIZEOF_SHDR,
  SIZEOF_SYM,
  type ElfFile,
} from '../kernel/elf.ts';
import { apply_relocations } from '../kernel/module/relocate-arm64.ts';
import { ArrayRelocMemory, type RelocModule } from '../kernel/arch/arm64/module.ts';
import { U64 } from '../kernel/arch/arm64/insn.ts';
import { module_frob_arch_sections } from '../kernel/module/module-plts.ts';
import { compileC, FIXTURES, haveCrossTools, ld, readelf, Workdir } from './fixtures/relocs/toolchain.ts';
import { mulberry32 } from './fixtures/prng.ts';

const tools = haveCrossTools();
let wd: Workdir;
let ko: Uint8Array; // ET_REL, module shaped
let koPath: string;
let image: Uint8Array; // ET_EXEC linked from it
let imagePath: string;

beforeAll(() => {
  if (!tools) return;
  wd = new Workdir();
  koPath = compileC(wd, join(FIXTURES, 'fuzz-module.c'), 'fuzz-module.o', ['-fno-pie']);
  ko = new Uint8Array(readFileSync(koPath));
  imagePath = wd.path('image.elf');
  ld([
    '-Ttext=0xffff800008000000', '-e', '0', '--defsym=printk=0xffff800008100000', '--defsym=kmalloc=0xffff800008100100',
    '--defsym=kfree=0xffff800008100200', '--defsym=jiffies=0xffff800008200000', '-o', imagePath, koPath,
  ]);
  image = new Uint8Array(readFileSync(imagePath));
});
afterAll(() => wd?.cleanup());

// --- readelf as the oracle -------------------------------------------------------------------------------------

interface RSection { index: number; name: string; type: string; addr: bigint; off: bigint; size: bigint; link: number; info: number; align: bigint }

function readelfSections(path: string): RSection[] {
  const out: RSection[] = [];
  for (const line of readelf(['-SW', path]).split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s(.*)$/.exec(line);
    if (!m) continue;
    const toks = m[2].trim().split(/\s+/);
    const index = Number(m[1]);
    // name type addr off size es [flags] lk inf al ; section 0 has no name
    const name = index === 0 ? '' : toks.shift()!;
    const [type, addr, off, size] = toks;
    const [link, info, align] = toks.slice(-3);
    out.push({ index, name, type, addr: BigInt('0x' + addr), off: BigInt('0x' + off), size: BigInt('0x' + size), link: Number(link), info: Number(info), align: BigInt(align) });
  }
  return out;
}

const TYPE_NAMES: Record<string, number> = { NULL: 0, PROGBITS: 1, SYMTAB: 2, STRTAB: 3, RELA: 4, NOBITS: 8, REL: 9 };
const STT: Record<string, number> = { NOTYPE: 0, OBJECT: 1, FUNC: 2, SECTION: 3, FILE: 4 };
const STB: Record<string, number> = { LOCAL: 0, GLOBAL: 1, WEAK: 2 };

function readelfSymbols(path: string): { value: bigint; size: bigint; type: number; bind: number; shndx: number; name: string }[] {
  const out = [];
  for (const line of readelf(['-sW', path]).split('\n')) {
    const m = /^\s*(\d+):\s+([0-9a-f]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (!m) continue;
    const ndx = m[7] === 'UND' ? SHN_UNDEF : m[7] === 'ABS' ? SHN_ABS : m[7] === 'COM' ? SHN_COMMON : Number(m[7]);
    out.push({ value: BigInt('0x' + m[2]), size: BigInt(m[3]), type: STT[m[4]], bind: STB[m[5]], shndx: ndx, name: m[8] });
  }
  return out;
}

function readelfRelocs(path: string): Map<string, { offset: bigint; info: bigint; addend: bigint }[]> {
  const out = new Map<string, { offset: bigint; info: bigint; addend: bigint }[]>();
  let cur: { offset: bigint; info: bigint; addend: bigint }[] | undefined;
  for (const line of readelf(['-rW', path]).split('\n')) {
    const h = /^Relocation section '([^']+)'/.exec(line);
    if (h) {
      cur = [];
      out.set(h[1], cur);
      continue;
    }
    const m = /^([0-9a-f]{16})\s+([0-9a-f]{16})\s+\S+\s+.*?([+-]) ([0-9a-f]+)$/.exec(line);
    if (m && cur) cur.push({ offset: BigInt('0x' + m[1]), info: BigInt('0x' + m[2]), addend: (m[3] === '-' ? -1n : 1n) * BigInt('0x' + m[4]) });
  }
  return out;
}

function checkAgainstReadelf(elf: ElfFile, path: string) {
  const rs = readelfSections(path);
  expect(elf.sections.length).toBe(rs.length);
  for (const r of rs) {
    const s = elf.sections[r.index];
    expect({ name: s.name, type: s.type, addr: s.addr, off: s.offset, size: s.size, link: s.link, info: s.info, align: s.addralign })
      .toEqual({ name: r.name, type: TYPE_NAMES[r.type] ?? s.type, addr: r.addr, off: r.off, size: r.size, link: r.link, info: r.info, align: r.align });
  }
  const syms = readelfSymbols(path);
  const ours = elf.symbols();
  expect(ours.length).toBe(syms.length);
  syms.forEach((r, i) => {
    const s = ours[i];
    // readelf shows a section symbol (st_name 0) under its section's name
    const name = s.type === 3 && s.name === '' ? elf.sections[s.shndx].name : s.name;
    expect({ value: s.value, size: s.size, type: s.type, bind: s.bind, shndx: s.shndx, name }).toEqual(r);
  });
  const relocs = readelfRelocs(path);
  for (const [name, list] of relocs) {
    const sec = elf.findSection(name)!;
    expect(elf.relocations(sec.index).map((r) => ({ offset: r.offset, info: (BigInt(r.sym) << 32n) | BigInt(r.type), addend: r.addend })))
      .toEqual(list);
  }
}

describe.skipIf(!tools)('parsing, checked against readelf', () => {
  it('a module-shaped ET_REL (gcc -c)', () => {
    const elf = parseElf(ko);
    expect(elf.kind).toBe('module');
    checkAgainstReadelf(elf, koPath);
    expect(elf.symtabIndex).toBe(elf.findSection('.symtab')!.index);
    expect(elf.strtabIndex).toBe(elf.findSection('.strtab')!.index);
    expect(get_modinfo(elf, 'name')).toBe('fuzzmod');
    expect(get_modinfo(elf, 'license')).toBe('GPL');
    expect(get_modinfo(elf, 'vermagic')).toBeUndefined();
    expect(find_sec(elf, '.modinfo')).toBe(elf.findSection('.modinfo')!.index);
    expect(find_sec(elf, '.comment')).toBe(0); // not SHF_ALLOC
    // sectionData is a view of the file, not a copy
    const text = elf.sectionData(elf.findSection('.text')!.index);
    expect(text.buffer).toBe(ko.buffer);
    expect(elf.sectionData(elf.findSection('.bss')!.index).length).toBe(0);
  });

  it('the kernel image (ET_EXEC) through parseKernelImage', () => {
    const elf = parseKernelImage(image);
    expect(elf.header.type).toBe(ET_EXEC);
    checkAgainstReadelf(elf, imagePath);
    const open = elf.symbols().find((s) => s.name === 'fuzz_open')!;
    expect(open.value >= 0xffff800008000000n).toBe(true);
    expect(() => parseElf(image)).toThrow('Invalid ELF header type: 2 != 1');
    expect(() => parseKernelImage(ko)).toThrow('Invalid kernel image ELF header type: 1 (want 2 or 3)');
  });

  it('SHT_REL sections are recognised (16-byte entries, addend 0)', () => {
    const b = ko.slice();
    const elf0 = parseElf(ko);
    const rela = elf0.findSection('.rela.data')!;
    const dv = new DataView(b.buffer);
    dv.setUint32(Number(elf0.header.shoff) + rela.index * SIZEOF_SHDR + 4, SHT_REL, true);
    const elf = parseElf(b);
    expect(elf.sections[rela.index].type).toBe(SHT_REL);
    expect(elf.relocationCount(rela.index)).toBe(Math.floor(Number(rela.size) / 16));
    expect(elf.relocations(rela.index)[0].addend).toBe(0n);
  });
});

// --- Linux's messages ------------------------------------------------------------------------------------------

function mutated(f: (dv: DataView, b: Uint8Array, elf: ElfFile) => void): Uint8Array {
  const b = ko.slice();
  f(new DataView(b.buffer), b, parseElf(ko));
  return b;
}
const shdr = (elf: ElfFile, i: number) => Number(elf.header.shoff) + i * SIZEOF_SHDR;
function expectEnoexec(b: Uint8Array, message: string) {
  let err: unknown;
  try {
    parseElf(b);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ElfError);
  expect((err as ElfError).errno).toBe(ENOEXEC);
  expect((err as ElfError).message).toBe(message);
}

describe.skipIf(!tools)('elf_validity_check: -ENOEXEC with Linux 6.1 messages', () => {
  it('truncated to less than an ELF header', () => {
    expectEnoexec(ko.slice(0, 40), 'Invalid ELF header len 40');
    expectEnoexec(new Uint8Array(0), 'Invalid ELF header len 0');
  });

  it('truncated inside the section header table', () => {
    expectEnoexec(ko.slice(0, ko.length - 10), 'Invalid ELF section header overflow');
  });

  it('bad magic', () => {
    expectEnoexec(mutated((dv) => dv.setUint8(1, 0x45 ^ 0x20)), 'Invalid ELF header magic: != \x7fELF');
  });

  it('not ET_REL', () => {
    expectEnoexec(mutated((dv) => dv.setUint16(16, 3, true)), 'Invalid ELF header type: 3 != 1');
  });

  it('wrong machine', () => {
    expectEnoexec(mutated((dv) => dv.setUint16(18, 62, true)), 'Invalid architecture in ELF header: 62');
  });

  it('wrong section header size', () => {
    expectEnoexec(mutated((dv) => dv.setUint16(58, 40, true)), 'Invalid ELF section header size');
  });

  it('section header table past the end, huge e_shnum', () => {
    expectEnoexec(mutated((dv) => dv.setBigUint64(40, BigInt(ko.length), true)), 'Invalid ELF section header overflow');
    expectEnoexec(mutated((dv) => dv.setBigUint64(40, 1n << 63n, true)), 'Invalid ELF section header overflow');
    expectEnoexec(mutated((dv) => dv.setUint16(60, 0xffff, true)), 'Invalid ELF section header overflow');
  });

  it('bad e_shstrndx', () => {
    const n = parseElf(ko).header.shnum;
    expectEnoexec(mutated((dv) => dv.setUint16(62, n, true)), `Invalid ELF section name index: ${n} || e_shstrndx (${n}) >= e_shnum (${n})`);
    expectEnoexec(mutated((dv) => dv.setUint16(62, 0, true)), `Invalid ELF section name index: 0 || e_shstrndx (0) >= e_shnum (${n})`);
    expectEnoexec(mutated((dv) => dv.setUint16(60, 0, true)), 'Invalid ELF section name index: ' + `${parseElf(ko).header.shstrndx} || e_shstrndx (${parseElf(ko).header.shstrndx}) >= e_shnum (0)`);
  });

  it('section name table out of the file, empty, not NUL-terminated', () => {
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, e.header.shstrndx) + 24, BigInt(b.length), true)), 'Invalid ELF section hdr(type 3)');
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, e.header.shstrndx) + 32, U64(-1n), true)), 'Invalid ELF section hdr(type 3)');
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, e.header.shstrndx) + 32, 0n, true)), 'empty section name table');
    expectEnoexec(
      mutated((dv, b, e) => {
        const s = e.sections[e.header.shstrndx];
        b[Number(s.offset + s.size - 1n)] = 0x41;
      }),
      "ELF Spec violation: section name table isn't null terminated",
    );
  });

  it('section 0 not SHT_NULL, or with a size or an address', () => {
    expectEnoexec(mutated((dv) => dv.setUint32(shdr(parseElf(ko), 0) + 4, SHT_PROGBITS, true)), 'ELF Spec violation: section 0 type(1)!=SH_NULL or non-zero len or addr');
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, 0) + 16, 0x1000n, true)), 'ELF Spec violation: section 0 type(0)!=SH_NULL or non-zero len or addr');
  });

  it('a section past the end of the file (or wrapping around), but not SHT_NOBITS', () => {
    const text = parseElf(ko).findSection('.text')!.index;
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, text) + 24, BigInt(b.length - 4), true)), `Invalid ELF section in module (section ${text} type 1)`);
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, text) + 32, U64(-0x40n), true)), `Invalid ELF section in module (section ${text} type 1)`);
    const bss = parseElf(ko).findSection('.bss')!.index;
    const ok = parseElf(mutated((dv, b, e) => dv.setBigUint64(shdr(e, bss) + 32, 1n << 62n, true)));
    expect(ok.sections[bss].size).toBe(1n << 62n);
    expect(ok.sections[bss].type).toBe(SHT_NOBITS);
  });

  it('symtab sh_link undefined or past e_shnum', () => {
    const e0 = parseElf(ko);
    const n = e0.header.shnum;
    expectEnoexec(mutated((dv, b, e) => dv.setUint32(shdr(e, e.symtabIndex) + 40, 0, true)), `Invalid ELF sh_link!=SHN_UNDEF(0) or (sh_link(0) >= hdr->e_shnum(${n})`);
    expectEnoexec(mutated((dv, b, e) => dv.setUint32(shdr(e, e.symtabIndex) + 40, n, true)), `Invalid ELF sh_link!=SHN_UNDEF(${n}) or (sh_link(${n}) >= hdr->e_shnum(${n})`);
  });

  it('a SHF_ALLOC section whose name is past the section name table', () => {
    const text = parseElf(ko).findSection('.text')!.index;
    expectEnoexec(mutated((dv, b, e) => dv.setUint32(shdr(e, text), 0x10000, true)), `Invalid ELF section name in module (section ${text} type 1)`);
  });
});

describe.skipIf(!tools)('checks beyond 6.1 (from later kernels): -ENOEXEC', () => {
  it('any section whose name is past the section name table', () => {
    const comment = parseElf(ko).findSection('.comment')!.index;
    expectEnoexec(mutated((dv, b, e) => dv.setUint32(shdr(e, comment), 0x10000, true)), `Invalid ELF section name in module (section ${comment} type 1)`);
  });

  it('no symbol table, or two', () => {
    expectEnoexec(mutated((dv, b, e) => dv.setUint32(shdr(e, e.symtabIndex) + 4, SHT_PROGBITS, true)), 'fuzzmod: module has no symbols (stripped?)');
    expectEnoexec(
      mutated((dv, b, e) => {
        dv.setUint32(shdr(e, e.symtabIndex) + 4, SHT_PROGBITS, true);
        const mi = e.findSection('.modinfo')!;
        b.fill(0, Number(mi.offset), Number(mi.offset + mi.size));
      }),
      '(missing .modinfo section or name field): module has no symbols (stripped?)',
    );
    expectEnoexec(
      mutated((dv, b, e) => {
        const other = e.findSection('.comment')!.index;
        dv.setUint32(shdr(e, other) + 4, SHT_SYMTAB, true);
        dv.setUint32(shdr(e, other) + 40, e.strtabIndex, true);
      }),
      'fuzzmod: module has no symbols (stripped?)',
    );
  });

  it('symbol string table: empty, no leading NUL, not NUL-terminated, names out of bounds, no file contents', () => {
    expectEnoexec(mutated((dv, b, e) => dv.setBigUint64(shdr(e, e.strtabIndex) + 32, 0n, true)), 'empty symbol string table');
    expectEnoexec(mutated((dv, b, e) => { b[Number(e.sections[e.strtabIndex].offset)] = 0x41; }), 'symbol string table missing leading NUL');
    expectEnoexec(
      mutated((dv, b, e) => {
        const s = e.sections[e.strtabIndex];
        b[Number(s.offset + s.size - 1n)] = 0x41;
      }),
      "symbol string table isn't NUL terminated",
    );
    expectEnoexec(
      mutated((dv, b, e) => dv.setUint32(Number(e.sections[e.symtabIndex].offset) + 3 * SIZEOF_SYM, 0x7fffffff, true)),
      'symbol name out of bounds in string table',
    );
    expectEnoexec(
      mutated((dv, b, e) => dv.setUint32(shdr(e, e.strtabIndex) + 4, SHT_NOBITS, true)),
      `Invalid ELF section in module (section ${parseElf(ko).strtabIndex} type 8)`,
    );
  });

  it('a relocation naming a symbol past the symbol table throws ElfError when read', () => {
    const b = mutated((dv, b, e) => dv.setUint32(Number(e.findSection('.rela.text')!.offset) + 12, 100000, true));
    const elf = parseElf(b);
    expect(() => elf.relocations(elf.findSection('.rela.text')!.index)).toThrow(ElfError);
    expect(() => elf.symbol(elf.symbolCount)).toThrow(ElfError);
    expect(() => elf.sectionData(elf.sections.length)).toThrow(ElfError);
  });
});

// --- fuzzing ---------------------------------------------------------------------------------------------------

/** Every message parseElf, relocations() and the relocation code may produce for a hostile module. */
const KNOWN = [
  /^Invalid ELF header len \d+$/,
  /^Invalid ELF header magic: != \x7fELF$/,
  /^Invalid ELF header type: \d+ != 1$/,
  /^Invalid architecture in ELF header: \d+$/,
  /^Invalid ELF section header size$/,
  /^Invalid ELF section header overflow$/,
  /^Invalid ELF section name index: \d+ \|\| e_shstrndx \(\d+\) >= e_shnum \(\d+\)$/,
  /^Invalid ELF section hdr\(type \d+\)$/,
  /^empty section name table$/,
  /^ELF Spec violation: section name table isn't null terminated$/,
  /^ELF Spec violation: section 0 type\(-?\d+\)!=SH_NULL or non-zero len or addr$/,
  /^Invalid ELF sh_link!=SHN_UNDEF\(-?\d+\) or \(sh_link\(-?\d+\) >= hdr->e_shnum\(\d+\)$/, // sic: Linux's text
  /^Invalid ELF section in module \(section \d+ type \d+\)$/,
  /^Invalid ELF section name in module \(section \d+ type \d+\)$/,
  /^.*: module has no symbols \(stripped\?\)$/,
  /^empty symbol string table$/,
  /^symbol string table missing leading NUL$/,
  /^symbol string table isn't NUL terminated$/,
  /^symbol name out of bounds in string table$/,
  /^Invalid ELF relocation in module \(section \d+ entry \d+ symbol \d+ >= \d+\)$/,
  /^Invalid ELF relocation section \d+$/,
];
const KNOWN_PR_ERR = [
  /^module fuzz: overflow in relocation type \d+ val [0-9a-f]+$/,
  /^module fuzz: unsupported RELA relocation: \d+$/,
  /^module fuzz: REL relocation unsupported$/,
  /^module fuzz: relocation type \d+ at offset 0x[0-9a-f]+ outside section \d+ \(size 0x[0-9a-f]+\)$/,
  /^module fuzz: Invalid ELF relocation in module \(section \d+ entry \d+ symbol \d+ >= \d+\)$/,
  /^Invalid ELF relocation in module \(section \d+ entry \d+ symbol \d+ >= \d+\)$/,
  /^fuzz: module PLT section\(s\) missing$/,
  /^fuzz: module symtab section missing$/,
  /^WARNING: module_emit_(plt_entry|veneer_for_adrp): fuzz: .*$/,
];

const BASE = 0xffff800000100000n;

/** What a loader does with a parsed module, minus the kernel: frob, lay out, copy, relocate. */
function exercise(elf: ElfFile, prErr: string[]): void {
  for (const s of elf.sections) {
    elf.sectionData(s.index);
    void s.name;
  }
  elf.symbols();
  get_modinfo(elf, 'name');
  for (const s of elf.sections) {
    if (s.type === SHT_RELA || s.type === SHT_REL) {
      try {
        elf.relocations(s.index);
      } catch (e) {
        if (!(e instanceof ElfError)) throw e;
      }
    }
  }
  const me: RelocModule = { name: 'fuzz', init_layout: { base: 0n, size: 0n } };
  if (module_frob_arch_sections(elf, me, { pr_err: (m) => prErr.push(m) }) < 0) return;
  // lay out every SHF_ALLOC section one after the other; refuse what a real kernel could not allocate
  let size = 0n;
  const placed: number[] = [];
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.index === 0) continue;
    const align = s.addralign > 1n && s.addralign <= 4096n ? s.addralign : 1n;
    size = (size + align - 1n) & ~(align - 1n);
    s.addr = BASE + size;
    size += s.size;
    placed.push(s.index);
    if (size > 1n << 24n) return; // -ENOMEM
  }
  const mem = new ArrayRelocMemory(BASE, new Uint8Array(Number(size)));
  for (const i of placed) {
    const s = elf.sections[i];
    if (s.type !== SHT_NOBITS) mem.bytes.set(elf.sectionData(i).subarray(0, Number(s.size)), Number(s.addr - BASE));
  }
  const ret = apply_relocations(elf, me, {
    mem,
    symbolValue: (i) => {
      const sym = elf.symbol(i);
      if (sym.shndx === SHN_UNDEF) return 0xffff800008000000n + BigInt(i * 64);
      if (sym.shndx < elf.sections.length) return U64(elf.sections[sym.shndx].addr + sym.value);
      return sym.value;
    },
    pr_err: (m) => prErr.push(m),
  });
  expect(ret === 0 || ret === -ENOEXEC).toBe(true);
}

describe.skipIf(!tools)('fuzzing parseElf and the relocation code', () => {
  it('the unmutated module parses, frobs and relocates cleanly', () => {
    const prErr: string[] = [];
    exercise(parseElf(ko.slice()), prErr);
    expect(prErr).toEqual([]);
  });

  it('2000 seeded mutations: a result or an ElfError, never another exception, never a write outside', () => {
    const rnd = mulberry32(0x6b6d6f64);
    const int = (n: number) => Math.floor(rnd() * n);
    const base = parseElf(ko);
    const shoff = Number(base.header.shoff);
    const shnum = base.header.shnum;
    const extremes = (len: number): bigint[] => [0n, 1n, 0x40n, BigInt(len - 1), BigInt(len), BigInt(len + 1), 0xffffffffn, 1n << 63n, U64(-1n), U64(-0x40n)];
    const counts = { ok: 0, elfError: 0 };
    const messages = new Set<string>();
    const prErrs = new Set<string>();

    for (let iter = 0; iter < 2000; iter++) {
      let b = ko.slice();
      const dv = () => new DataView(b.buffer, b.byteOffset, b.byteLength);
      const rounds = 1 + int(3);
      for (let r = 0; r < rounds; r++) {
        const what = rnd();
        if (what < 0.35) {
          // flip a few bytes anywhere
          for (let k = 1 + int(4); k > 0; k--) b[int(b.length)] ^= 1 << int(8);
        } else if (what < 0.65) {
          // a section header field set to an extreme or random value
          const i = int(shnum);
          const [off, width] = [[0, 4], [4, 4], [8, 8], [16, 8], [24, 8], [32, 8], [40, 4], [44, 4], [48, 8], [56, 8]][int(10)];
          const v = rnd() < 0.6 ? extremes(b.length)[int(10)] : BigInt(int(0x100000)) * BigInt(1 + int(3));
          const o = shoff + i * SIZEOF_SHDR + off;
          if (o + width <= b.length) {
            if (width === 4) dv().setUint32(o, Number(v & 0xffffffffn), true);
            else dv().setBigUint64(o, U64(v), true);
          }
        } else if (what < 0.8) {
          // an ELF header field
          const [off, width] = [[16, 2], [18, 2], [40, 8], [58, 2], [60, 2], [62, 2]][int(6)];
          const v = rnd() < 0.5 ? extremes(b.length)[int(10)] : BigInt(int(shnum + 3));
          if (off + width > b.length) continue;
          if (width === 2) dv().setUint16(off, Number(v & 0xffffn), true);
          else dv().setBigUint64(off, U64(v), true);
        } else if (what < 0.95) {
          // a symbol or a relocation entry field
          const secs = base.sections.filter((s) => s.type === SHT_SYMTAB || s.type === SHT_RELA);
          const s = secs[int(secs.length)];
          const entsize = s.type === SHT_SYMTAB ? SIZEOF_SYM : 24;
          const k = int(Math.max(1, Number(s.size) / entsize));
          const field = s.type === SHT_SYMTAB ? [[0, 4], [6, 2], [8, 8]][int(3)] : [[0, 8], [8, 4], [12, 4], [16, 8]][int(4)];
          const o = Number(s.offset) + k * entsize + field[0];
          const v = rnd() < 0.5 ? extremes(b.length)[int(10)] : BigInt(int(400));
          if (o + field[1] > b.length) continue;
          if (field[1] === 2) dv().setUint16(o, Number(v & 0xffffn), true);
          else if (field[1] === 4) dv().setUint32(o, Number(v & 0xffffffffn), true);
          else dv().setBigUint64(o, U64(v), true);
        } else {
          b = b.slice(0, int(b.length));
        }
      }

      let elf: ElfFile;
      try {
        elf = parseElf(b);
      } catch (e) {
        if (!(e instanceof ElfError)) throw new Error(`iteration ${iter}: ${String(e)}`, { cause: e });
        expect(e.errno).toBe(ENOEXEC);
        messages.add(e.message);
        counts.elfError++;
        continue;
      }
      counts.ok++;
      const prErr: string[] = [];
      try {
        exercise(elf, prErr);
      } catch (e) {
        throw new Error(`iteration ${iter}: ${String(e)}`, { cause: e });
      }
      for (const m of prErr) prErrs.add(m);
    }

    for (const m of messages) expect(KNOWN.some((re) => re.test(m)), m).toBe(true);
    for (const m of prErrs) expect(KNOWN_PR_ERR.some((re) => re.test(m)), m).toBe(true);
    expect(counts.ok).toBeGreaterThan(200);
    expect(counts.elfError).toBeGreaterThan(200);
    expect(messages.size).toBeGreaterThan(8);
  }, 60_000);
});

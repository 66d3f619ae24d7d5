// What modinfo, depmod and modprobe read from a module file, as libkmod reads it (libkmod-file.c,
// libkmod-elf.c of kmod 30+20221128): .modinfo strings, the exported symbols (the __crc_*
// symbols of .symtab with their CRCs, else __ksymtab_strings) and the dependency symbols
// (undefined .symtab entries with their __versions CRCs, then the unvisited __versions entries).
// Permissive like libkmod: 32/64-bit, either byte order, any machine; a section that does not
// fit in the file is skipped; where libkmod asserts (Debian builds it with assert() on), an
// ElfAssertion is thrown with the assertion's line and text (modinfo aborts with them).
// Strings hold one byte per char (latin1).
import { readFileSync, openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ENOENT, ENOEXEC, EINVAL } from '../../kernel/errno.ts';
import { errnoOf } from './libkmod.ts';

export const KMOD_SYMBOL_NONE = 0x00;
export const KMOD_SYMBOL_LOCAL = 0x4c; // 'L'
export const KMOD_SYMBOL_GLOBAL = 0x47; // 'G'
export const KMOD_SYMBOL_WEAK = 0x57; // 'W'
export const KMOD_SYMBOL_UNDEF = 0x55; // 'U'

export interface KmodSymbol { symbol: string; crc: bigint; bind: number }

/** A failed assert() of libkmod-elf.c: the process aborts. */
export class ElfAssertion extends Error {
  constructor(readonly line: number, readonly func: string, readonly expr: string) {
    super(`libkmod-elf.c:${line}: ${func}: Assertion \`${expr}' failed.`);
  }
}

/** latin1Slice: toString('latin1', ...) without its argument checks and slice */
type Latin1Buffer = Buffer & { latin1Slice(s: number, e: number): string };

export class KmodElf {
  readonly x32: boolean;
  readonly msb: boolean;
  private shoff = 0;
  private shnum = 0;
  private shentsize = 0;
  private strOff = 0;
  private strSize = 0;

  // Integers are read through a DataView and strings decoded in place: depmod reads a thousand
  // modules per run, and per-byte BigInt arithmetic and copies were most of its time.
  private readonly view: DataView;
  private readonly bytes: Latin1Buffer;

  private constructor(readonly mem: Uint8Array) {
    this.x32 = mem[4] === 1;
    this.msb = mem[5] === 2;
    this.view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
    this.bytes = Buffer.from(mem.buffer, mem.byteOffset, mem.byteLength) as Latin1Buffer;
  }

  /** kmod_elf_new: the ELF view, or a negative errno. */
  static open(mem: Uint8Array): KmodElf | number {
    const size = mem.length;
    if (size <= 16 || mem[0] !== 0x7f || mem[1] !== 0x45 || mem[2] !== 0x4c || mem[3] !== 0x46) return -ENOEXEC;
    if (mem[4] === 1) { if (size <= 52) return -EINVAL; } else if (mem[4] === 2) { if (size <= 64) return -EINVAL; } else return -EINVAL;
    if (mem[5] !== 1 && mem[5] !== 2) return -EINVAL;
    const e = new KmodElf(mem);
    let shstrndx: number;
    if (e.x32) {
      e.shoff = e.uint(32, 4);
      e.shentsize = e.uint(46, 2);
      e.shnum = e.uint(48, 2);
      shstrndx = e.uint(50, 2);
    } else {
      e.shoff = e.uint(40, 8);
      e.shentsize = e.uint(58, 2);
      e.shnum = e.uint(60, 2);
      shstrndx = e.uint(62, 2);
    }
    if (e.shentsize !== (e.x32 ? 40 : 64)) return -EINVAL;
    if (e.shoff + e.shentsize * e.shnum > size) return -EINVAL;
    const s = e.sectionInfo(shstrndx);
    if (!s) return -EINVAL;
    const at = e.getMem(s.offset);
    if (s.size === 0 || mem[at + s.size - 1] !== 0) return -EINVAL;
    e.strOff = s.offset;
    e.strSize = s.size;
    return e;
  }

  /** An unsigned integer of the file's byte order (values past 2^53 are not expected here). */
  uint(off: number, size: number): number {
    if (off + size > this.mem.length) throw new RangeError('ELF read out of bounds');
    const le = !this.msb;
    switch (size) {
      case 1: return this.mem[off];
      case 2: return this.view.getUint16(off, le);
      case 4: return this.view.getUint32(off, le);
      case 8: {
        // two halves rather than getBigUint64: a BigInt per read was most of depmod's allocation
        const lo = this.view.getUint32(le ? off : off + 4, le);
        const hi = this.view.getUint32(le ? off + 4 : off, le);
        return hi * 0x100000000 + lo;
      }
    }
    return Number(this.uintBig(off, size));
  }

  uintBig(off: number, size: number): bigint {
    if (off + size > this.mem.length) throw new RangeError('ELF read out of bounds');
    if (size === 4) return BigInt(this.view.getUint32(off, !this.msb));
    if (size === 8) return this.view.getBigUint64(off, !this.msb);
    let v = 0n;
    for (let i = 0; i < size; i++) v = (v << 8n) | BigInt(this.mem[this.msb ? off + i : off + size - 1 - i]);
    return v;
  }

  cstr(off: number): string {
    return this.bytes.latin1Slice(off, nulFrom(this.mem, off));
  }

  /** Does the string at off start with "__crc_"? (without decoding every symbol's name) */
  private startsWithCrc(off: number): boolean {
    const m = this.mem;
    return off + 6 <= m.length && m[off] === 0x5f && m[off + 1] === 0x5f && m[off + 2] === 0x63 &&
      m[off + 3] === 0x72 && m[off + 4] === 0x63 && m[off + 5] === 0x5f;
  }

  /** elf_get_mem */
  private getMem(off: number): number {
    if (off >= this.mem.length) throw new ElfAssertion(202, 'elf_get_mem', 'offset < elf->size');
    return off;
  }

  /** elf_get_section_header */
  private sectionHeader(idx: number): number {
    if (idx === 0) throw new ElfAssertion(213, 'elf_get_section_header', 'idx != SHN_UNDEF');
    if (idx >= this.shnum) throw new ElfAssertion(214, 'elf_get_section_header', 'idx < elf->header.section.count');
    return this.getMem(this.shoff + idx * this.shentsize);
  }

  /** elf_get_section_info: null when the section does not fit in the file. */
  private sectionInfo(idx: number): { offset: number; size: number; nameoff: number } | null {
    const p = this.sectionHeader(idx);
    const size = this.x32 ? this.uint(p + 20, 4) : this.uint(p + 32, 8);
    const offset = this.x32 ? this.uint(p + 16, 4) : this.uint(p + 24, 8);
    const nameoff = this.uint(p, 4);
    if (offset + size > this.mem.length) return null;
    return { offset, size, nameoff };
  }

  /** kmod_elf_get_section: offset and size of the first section of that name. */
  section(name: string): { offset: number; size: number } | null {
    // names are compared in place, byte for byte (latin1), without a string per section
    let want = sectionNames.get(name);
    if (!want) sectionNames.set(name, want = Buffer.from(name, 'latin1'));
    const m = this.mem;
    for (let i = 1; i < this.shnum; i++) {
      const p = this.sectionHeader(i);
      const nameoff = this.uint(p, 4);
      if (nameoff >= this.strSize) continue;
      const at = this.strOff + nameoff;
      if (at + want.length >= m.length || m[at + want.length] !== 0) continue;
      let same = true;
      for (let j = 0; j < want.length && same; j++) same = m[at + j] === want[j];
      if (!same) continue;
      // the name first: the other sections' sizes and offsets need not be read
      const size = this.x32 ? this.uint(p + 20, 4) : this.uint(p + 32, 8);
      const offset = this.x32 ? this.uint(p + 16, 4) : this.uint(p + 24, 8);
      if (offset + size > m.length) continue;
      return { offset: this.getMem(offset), size };
    }
    return null;
  }

  /** kmod_elf_get_strings: NUL-separated strings, empty ones dropped. */
  strings(name: string): string[] | number {
    const text = this.stringsText(name);
    if (typeof text === 'number') return text;
    return text.split('\0').filter((x) => x.length > 0);
  }

  /** A strings section as one latin1 text, leading NULs skipped ('' when empty), or -ENOENT. */
  private stringsText(name: string): string | number {
    const s = this.section(name);
    if (!s) return -ENOENT;
    let p = s.offset;
    let size = s.size;
    if (size === 0) return '';
    while (this.mem[p] === 0 && size > 1) { p++; size--; }
    if (size <= 1) return '';
    return this.bytes.latin1Slice(p, p + size);
  }

  /** .modinfo as [key, value] pairs (an entry without '=' is a key with an empty value), or -errno. */
  modinfo(): [string, string][] | number {
    const strings = this.strings('.modinfo');
    if (typeof strings === 'number') return strings;
    return strings.map((e) => {
      const eq = e.indexOf('=');
      return eq < 0 ? [e, ''] : [e.slice(0, eq), e.slice(eq + 1)];
    });
  }

  /**
   * The .modinfo entries of the keys given, as modinfo() has them: the section decoded once and
   * only those entries cut out of it (depmod keeps only aliases and softdeps, of a thousand modules).
   */
  modinfoOf(keys: readonly string[]): [string, string][] | number {
    const text = this.stringsText('.modinfo');
    if (typeof text === 'number') return text;
    const out: [string, string][] = [];
    for (let i = 0; i < text.length;) {
      let e = text.indexOf('\0', i);
      if (e < 0) e = text.length;
      for (let n = 0; n < keys.length; n++) {
        const k = keys[n];
        if (e === i || !text.startsWith(k, i)) continue;
        const at = i + k.length;
        if (at === e) out.push([k, '']);
        else if (text.charCodeAt(at) === 0x3d) out.push([k, text.slice(at + 1, e)]); // '='
        else continue;
        break;
      }
      i = e + 1;
    }
    return out;
  }

  private symtabInfo?: { str: { offset: number; size: number }; sym: { offset: number; size: number }; symlen: number } | null;

  /** .strtab and .symtab, looked up once: symbols() and dependencySymbols() both walk them. */
  private symtab() {
    if (this.symtabInfo !== undefined) return this.symtabInfo;
    const str = this.section('.strtab');
    const sym = this.section('.symtab');
    const symlen = this.x32 ? 16 : 24;
    return (this.symtabInfo = !str || !sym || sym.size % symlen ? null : { str, sym, symlen });
  }

  private symAt(t: { sym: { offset: number }; symlen: number }, i: number) {
    const o = t.sym.offset + i * t.symlen;
    if (this.x32) return { name: this.uint(o, 4), value: this.uintBig(o + 4, 4), info: this.mem[o + 12], shndx: this.uint(o + 14, 2) };
    return { name: this.uint(o, 4), info: this.mem[o + 4], shndx: this.uint(o + 6, 2), value: this.uintBig(o + 8, 8) };
  }

  /** Every .symtab entry: name, binding (STB_*) and section index. */
  allSymbols(): { name: string; bind: number; shndx: number }[] {
    const t = this.symtab();
    if (!t) return [];
    const out = [];
    for (let i = 1; i < t.sym.size / t.symlen; i++) {
      const s = this.symAt(t, i);
      if (s.name >= t.str.size) continue;
      const name = this.cstr(t.str.offset + s.name);
      if (name) out.push({ name, bind: s.info >> 4, shndx: s.shndx });
    }
    return out;
  }

  /**
   * kmod_elf_get_symbols: exported symbols with CRCs (or without, from __ksymtab_strings).
   * crcs false: every crc is 0n, for a caller that does not compare them (depmod without -E).
   */
  symbols(crcs = true): KmodSymbol[] | number {
    const t = this.symtab();
    if (t) {
      const n = t.sym.size / t.symlen;
      const out: KmodSymbol[] = [];
      const m = this.mem, view = this.view, le = !this.msb;
      const strOff = t.str.offset, strSize = t.str.size;
      let ok = true;
      // the name first, read in place: most entries are no __crc_ symbol, and need no more
      for (let i = 1, o = t.sym.offset + t.symlen; i < n; i++, o += t.symlen) {
        const nameoff = view.getUint32(o, le);
        if (nameoff >= strSize) { ok = false; break; }
        if (m[strOff + nameoff] !== 0x5f || !this.startsWithCrc(strOff + nameoff)) continue;
        const name = this.cstr(strOff + nameoff + 6);
        if (!crcs) { out.push({ symbol: name, crc: 0n, bind: bindOf(m[o + (this.x32 ? 12 : 4)] >> 4) }); continue; }
        const s = this.symAt(t, i);
        out.push({ symbol: name, crc: this.resolveCrc(s.value, s.shndx), bind: bindOf(s.info >> 4) });
      }
      if (ok && out.length) return out;
    }
    return this.ksymtabStrings();
  }

  private resolveCrc(crc: bigint, shndx: number): bigint {
    if (shndx === 0xfff1 || shndx === 0) return crc;
    if (shndx >= this.shnum) return (1n << 64n) - 1n;
    const s = this.sectionInfo(shndx);
    if (!s) return (1n << 64n) - 1n;
    if (crc > BigInt(s.size - 4)) return (1n << 64n) - 1n;
    return this.uintBig(s.offset + Number(crc), 4);
  }

  /** The fallback of kmod_elf_get_symbols: the names in __ksymtab_strings, without CRCs. */
  private ksymtabStrings(): KmodSymbol[] | number {
    const names = this.strings('__ksymtab_strings');
    if (typeof names === 'number') return names;
    return names.map((symbol) => ({ symbol, crc: 0n, bind: KMOD_SYMBOL_GLOBAL }));
  }

  /**
   * kmod_elf_get_dependency_symbols: the undefined symbols with the CRC of the first __versions
   * entry of their name, then the __versions entries no symbol named. The names are matched as
   * bytes through a hash table of the entries (no string per entry: a module has ~50, depmod
   * reads a thousand modules). crcs false: every crc is 0n (depmod without -E), and a name met
   * in an earlier module gives that module's KmodSymbol again (shared: not to be changed).
   */
  dependencySymbols(crcs = true): KmodSymbol[] | number {
    let versions = this.section('__versions');
    const verlen = 64;
    const crclen = this.x32 ? 4 : 8;
    if (versions && versions.size % verlen) versions = null;
    const t = this.symtab();
    if (!t) return -EINVAL;
    const m = this.mem, view = this.view, le = !this.msb;
    const vercount = versions ? versions.size / verlen : 0;
    if (verScratch.length < 2 * vercount) verScratch = new Int32Array(2 * vercount + 64);
    const verEnd = verScratch.subarray(0, vercount); // where each entry's name ends
    const visited = verScratch.subarray(vercount, 2 * vercount);
    visited.fill(0);
    const verAt = versions ? versions.offset + crclen : 0; // the first entry's name
    // open addressing, entry k + 1 per slot; the first entry of a name is the one found
    let size = 16;
    while (size < vercount * 2) size <<= 1;
    if (verSlots.length < size) verSlots = new Int32Array(size);
    const slots = verSlots.subarray(0, size);
    slots.fill(0);
    const mask = size - 1;
    for (let k = 0; k < vercount; k++) {
      const p = verAt + k * verlen;
      const e = nulFrom(m, p);
      verEnd[k] = e;
      for (let h = hashBytes(m, p, e) & mask; ; h = (h + 1) & mask) {
        const q = slots[h];
        if (q === 0) { slots[h] = k + 1; break; }
        if (sameBytes(m, p, e, verAt + (q - 1) * verlen, verEnd[q - 1])) break;
      }
    }
    const out: KmodSymbol[] = [];
    const n = t.sym.size / t.symlen;
    const shndxAt = this.x32 ? 14 : 6;
    const infoAt = this.x32 ? 12 : 4;
    const strOff = t.str.offset, strSize = t.str.size;
    for (let i = 1, o = t.sym.offset + t.symlen; i < n; i++, o += t.symlen) {
      if (view.getUint16(o + shndxAt, le) !== 0) continue; // defined here
      const nameoff = view.getUint32(o, le);
      if (nameoff >= strSize) return -EINVAL;
      const p = strOff + nameoff;
      const e = nulFrom(m, p);
      if (e === p) continue;
      let crc = 0n;
      const hash = hashBytes(m, p, e);
      if (vercount) {
        for (let h = hash & mask; ; h = (h + 1) & mask) {
          const q = slots[h];
          if (q === 0) break;
          if (!sameBytes(m, p, e, verAt + (q - 1) * verlen, verEnd[q - 1])) continue;
          visited[q - 1] = 1;
          if (crcs) crc = this.uintBig(versions!.offset + (q - 1) * verlen, crclen);
          break;
        }
      }
      const bind = m[o + infoAt] >> 4 === 2 ? KMOD_SYMBOL_WEAK : KMOD_SYMBOL_UNDEF;
      out.push(crcs ? { symbol: this.bytes.latin1Slice(p, e), crc, bind } : depNames.get(this.bytes, p, e, hash, bind));
    }
    for (let k = 0; k < vercount; k++) {
      if (visited[k]) continue;
      const crc = crcs ? this.uintBig(versions!.offset + k * verlen, crclen) : 0n;
      out.push({ symbol: this.bytes.latin1Slice(verAt + k * verlen, verEnd[k]), crc, bind: KMOD_SYMBOL_UNDEF });
    }
    return out;
  }
}

/**
 * The CRC-less dependency symbols made so far, by their names' bytes: a thousand modules import
 * the same few thousand symbols, and one string and one KmodSymbol each (instead of one per
 * module that imports it) is what depmod keeps of them until it resolves them.
 */
class DepNames {
  private slots = new Int32Array(1 << 13); // entry + 1
  private arena = Buffer.allocUnsafe(1 << 16); // the names' bytes, one after the other
  private used = 0;
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly hashes: number[] = [];
  private readonly undef: KmodSymbol[] = [];
  private readonly weak: (KmodSymbol | undefined)[] = [];

  /** The symbol of the name b[p, e) (its hashBytes: hash) and that binding. */
  get(b: Latin1Buffer, p: number, e: number, hash: number, bind: number): KmodSymbol {
    const mask = this.slots.length - 1;
    let h = hash & mask;
    for (; ; h = (h + 1) & mask) {
      const q = this.slots[h] - 1;
      if (q < 0) break;
      if (this.hashes[q] !== hash || !sameBytesIn(b, p, e, this.arena, this.starts[q], this.ends[q])) continue;
      if (bind === KMOD_SYMBOL_UNDEF) return this.undef[q];
      return (this.weak[q] ??= { symbol: this.undef[q].symbol, crc: 0n, bind });
    }
    if (this.used + e - p > this.arena.length) {
      const grown = Buffer.allocUnsafe(2 * this.arena.length + e - p);
      this.arena.copy(grown, 0, 0, this.used);
      this.arena = grown;
    }
    const q = this.undef.length;
    this.arena.set(b.subarray(p, e), this.used);
    this.starts.push(this.used);
    this.used += e - p;
    this.ends.push(this.used);
    this.hashes.push(hash);
    const symbol = b.latin1Slice(p, e);
    this.undef.push({ symbol, crc: 0n, bind: KMOD_SYMBOL_UNDEF });
    this.slots[h] = q + 1;
    if (2 * this.undef.length > this.slots.length) this.rehash();
    if (bind === KMOD_SYMBOL_UNDEF) return this.undef[q];
    return (this.weak[q] = { symbol, crc: 0n, bind });
  }

  private rehash() {
    this.slots = new Int32Array(2 * this.slots.length);
    const mask = this.slots.length - 1;
    for (let q = 0; q < this.hashes.length; q++) {
      let h = this.hashes[q] & mask;
      while (this.slots[h]) h = (h + 1) & mask;
      this.slots[h] = q + 1;
    }
  }
}
const depNames = new DepNames();

// scratch of dependencySymbols, kept from one module to the next
let verSlots = new Int32Array(0);
let verScratch = new Int32Array(0);

/** The end of the NUL-terminated string at p (the end of the file without a NUL). */
function nulFrom(m: Uint8Array, p: number): number {
  const e = m.indexOf(0, p);
  return e < 0 ? m.length : e;
}

/** A hash of m[p, e) whose every step stays a small integer (under 2^29): until the JIT has
 *  compiled it, a 32-bit intermediate would be a heap number per byte. */
function hashBytes(m: Uint8Array, p: number, e: number): number {
  let h = 5381;
  for (; p < e; p++) h = ((h & 0x7fffff) * 33) ^ m[p];
  return h;
}

function sameBytes(m: Uint8Array, a: number, ae: number, b: number, be: number): boolean {
  return sameBytesIn(m, a, ae, m, b, be);
}

function sameBytesIn(m: Uint8Array, a: number, ae: number, n: Uint8Array, b: number, be: number): boolean {
  if (ae - a !== be - b) return false;
  for (; a < ae; a++, b++) if (m[a] !== n[b]) return false;
  return true;
}

function bindOf(b: number): number {
  return b === 0 ? KMOD_SYMBOL_LOCAL : b === 1 ? KMOD_SYMBOL_GLOBAL : b === 2 ? KMOD_SYMBOL_WEAK : KMOD_SYMBOL_NONE;
}

const MAGIC_ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const MAGIC_XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];

let scratch = Buffer.allocUnsafe(0);
const sectionNames = new Map<string, Buffer>();

/**
 * The file's bytes in one buffer every call reuses (valid until the next call), without an
 * fstat for the size (a third of the time of a small read): one read into the buffer's room,
 * a short read being a regular file's end; a full buffer is grown and read on.
 */
function readTransient(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    if (!scratch.length) scratch = Buffer.allocUnsafe(4 << 20);
    let off = 0;
    for (;;) {
      const n = readSync(fd, scratch, off, scratch.length - off, off);
      off += n;
      if (off < scratch.length) return scratch.subarray(0, off);
      const grown = Buffer.allocUnsafe(2 * scratch.length);
      scratch.copy(grown, 0, 0, off);
      scratch = grown;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * kmod_file_open: the module's bytes, decompressed (xz, zstd) if need be; or a negative errno.
 * transient: read into a buffer the next transient read reuses -- for a caller that is done with
 * the module before it opens the next (depmod reads a thousand; fresh buffers were most of its time).
 */
export function kmodFileRead(path: string, transient = false): Uint8Array | number {
  let data: Uint8Array;
  try {
    data = transient ? readTransient(path) : readFileSync(path); // a Buffer is a Uint8Array: no copy
  } catch (e) {
    return -errnoOf(e);
  }
  if (data.length < 6) return -EINVAL;
  const is = (m: number[]) => m.every((v, i) => data[i] === v);
  const tool = is(MAGIC_ZSTD) ? 'zstd' : is(MAGIC_XZ) ? 'xz' : null;
  if (!tool) return data;
  // child_process (and net, dgram ... with it) only for a compressed module: loading it was a
  // hundredth of depmod's time, for trees that have none
  const { spawnSync } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const r = spawnSync(tool, ['-d', '-c', '-q'], { input: data, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) return -EINVAL;
  return new Uint8Array(r.stdout);
}

/** A module file opened the way libkmod opens it; a negative errno if it cannot be. */
export function kmodOpen(path: string, transient = false): KmodElf | number {
  const data = kmodFileRead(path, transient);
  if (typeof data === 'number') return data;
  return KmodElf.open(data);
}

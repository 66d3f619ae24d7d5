// A structure-aware mutator for ELF64/AArch64 kernel modules: it knows where a module keeps its
// headers, symbols, relocations, .modinfo, __versions, export tables, struct module, parameters
// and signature, and changes one of them the way a broken toolchain, a bit flip or an attacker
// would. Same seed, same input: every mutation is drawn from the caller's Rng.
import type { Rng } from '../../kernel/random.ts';
import { parseElf, ElfError, SIZEOF_SHDR, SIZEOF_SYM, SIZEOF_RELA, SHT_SYMTAB, SHT_RELA, type ElfSection } from '../../kernel/elf.ts';
import { MODULE_SIG_STRING } from '../../kernel/module/signing.ts';

/** The mutation families; each input names the ones it applied. */
export const FAMILIES = ['ehdr', 'shdr', 'symbol', 'rela', 'modinfo', 'versions', 'exports', 'this_module', 'param', 'signature', 'bytes'] as const;
export type Family = typeof FAMILIES[number];

export interface Mutant { bytes: Uint8Array<ArrayBufferLike>; families: Family[] }

const U64 = (v: bigint) => BigInt.asUintN(64, v);

/** Values that sit on the edges a parser gets wrong. */
function extremes(len: number): bigint[] {
  return [0n, 1n, 2n, 7n, 8n, 0x40n, 0x1000n, BigInt(len - 1), BigInt(len), BigInt(len + 1), 0x7fffffffn, 0x80000000n, 0xffffffffn, 1n << 63n, U64(-1n), U64(-8n)];
}

class Editor {
  dv: DataView;
  constructor(public b: Uint8Array, readonly rng: Rng) { this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength); }
  int(n: number) { return n <= 0 ? 0 : this.rng.below(n); }
  chance(p: number) { return this.rng.below(1_000_000) < p * 1_000_000; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]; }
  value(width: number): bigint {
    if (this.chance(0.6)) return this.pick(extremes(this.b.length));
    const v = this.rng.next64();
    return width >= 8 ? v : v & ((1n << BigInt(width * 8)) - 1n);
  }
  set(off: number, width: number, v: bigint) {
    if (off < 0 || off + width > this.b.length) return;
    if (width === 1) this.b[off] = Number(v & 0xffn);
    else if (width === 2) this.dv.setUint16(off, Number(v & 0xffffn), true);
    else if (width === 4) this.dv.setUint32(off, Number(v & 0xffffffffn), true);
    else this.dv.setBigUint64(off, U64(v), true);
  }
  get(off: number, width: number): bigint {
    if (off < 0 || off + width > this.b.length) return 0n;
    if (width === 4) return BigInt(this.dv.getUint32(off, true));
    return width === 8 ? this.dv.getBigUint64(off, true) : BigInt(this.b[off]);
  }
  /** Nudges a value: off by one or a few, or replaced. */
  nudge(off: number, width: number) {
    const cur = this.get(off, width);
    const r = this.int(4);
    this.set(off, width, r === 0 ? cur + 1n : r === 1 ? cur - 1n : r === 2 ? cur + BigInt(1 + this.int(64)) : this.value(width));
  }
}

interface Shape { sections: ElfSection[]; shoff: number; byName: Map<string, ElfSection> }

function shape(b: Uint8Array): Shape | null {
  try {
    const e = parseElf(b);
    return { sections: e.sections, shoff: Number(e.header.shoff), byName: new Map(e.sections.map((s) => [s.name, s])) };
  } catch (err) {
    if (err instanceof ElfError) return null;
    throw err;
  }
}

const SHDR_FIELDS: [number, number][] = [[0, 4], [4, 4], [8, 8], [16, 8], [24, 8], [32, 8], [40, 4], [44, 4], [48, 8], [56, 8]];

function shdrField(ed: Editor, s: Shape, index: number, field?: number) {
  const [off, width] = SHDR_FIELDS[field ?? ed.int(SHDR_FIELDS.length)];
  if (ed.chance(0.5)) ed.nudge(s.shoff + index * SIZEOF_SHDR + off, width);
  else ed.set(s.shoff + index * SIZEOF_SHDR + off, width, ed.value(width));
}

/** Entries of a table section: one of them, a field of it. */
function entry(ed: Editor, sec: ElfSection | undefined, size: number, fields: [number, number][]): boolean {
  if (!sec || sec.size < BigInt(size)) return false;
  const n = Number(sec.size / BigInt(size));
  const at = Number(sec.offset) + ed.int(n) * size;
  const [off, width] = ed.pick(fields);
  if (ed.chance(0.5)) ed.nudge(at + off, width);
  else ed.set(at + off, width, ed.value(width));
  return true;
}

/** The relocations that apply to a section (its pointers: this_module's init/exit, __param's ops). */
function relaFor(s: Shape, target: ElfSection | undefined): ElfSection | undefined {
  if (!target) return undefined;
  const i = s.sections.indexOf(target);
  return s.sections.find((r) => r.type === SHT_RELA && r.info === i);
}

const MODINFO_EDITS = [
  () => 'name=' + 'n'.repeat(56 + 8),
  () => 'name=',
  () => 'name=a/b',
  () => 'name=with-dash',
  () => 'name=x y',
  () => 'license=Proprietary',
  () => 'license=',
  () => 'vermagic=6.1.0 SMP preempt mod_unload aarch64',
  () => 'vermagic=',
  () => 'depends=nosuchmodule',
  () => 'depends=,,,',
  () => 'intree=Y',
  () => 'retpoline=Y',
  () => 'parm=bogus:int',
  () => 'parmtype=bogus:nosuchtype',
  () => 'import_ns=NOSUCH_NS',
  () => 'srcversion=' + 'F'.repeat(200),
];

function modinfo(ed: Editor, s: Shape): boolean {
  const sec = s.byName.get('.modinfo');
  if (!sec || sec.size === 0n) return false;
  const start = Number(sec.offset), end = start + Number(sec.size);
  if (end > ed.b.length) return false;
  const r = ed.int(4);
  if (r === 0) {
    // drop the terminating NULs (a string that runs off the section's end)
    for (let i = start; i < end; i++) if (ed.b[i] === 0 && ed.chance(0.5)) ed.b[i] = 0x41;
    return true;
  }
  // overwrite one existing string (or the start) with a new key=value, keeping the section's size
  const starts = [start];
  for (let i = start; i < end - 1; i++) if (ed.b[i] === 0 && ed.b[i + 1] !== 0) starts.push(i + 1);
  const at = r === 1 ? start : ed.pick(starts);
  const text = Buffer.from(ed.pick(MODINFO_EDITS)() + '\0', 'latin1');
  const n = Math.min(text.length, end - at);
  ed.b.set(text.subarray(0, n), at);
  return true;
}

function signature(ed: Editor): Uint8Array {
  const marker = Buffer.from(MODULE_SIG_STRING, 'latin1');
  const b = ed.b;
  const tail = Buffer.from(b.subarray(Math.max(0, b.length - marker.length)));
  if (tail.equals(marker) && ed.chance(0.7)) {
    // a signed module: its module_signature trailer, or a byte of the PKCS#7 blob
    const infoAt = b.length - marker.length - 12;
    if (ed.chance(0.5)) ed.set(infoAt + ed.int(12), 1, ed.value(1));
    else if (infoAt > 0) {
      const sigLen = Number(new DataView(b.buffer, b.byteOffset + infoAt + 8, 4).getUint32(0, false));
      const at = infoAt - 1 - ed.int(Math.max(1, Math.min(sigLen, infoAt)));
      b[at] ^= 1 << ed.int(8);
    }
    return b;
  }
  // an unsigned module given a trailer: a bare marker, or a module_signature that lies
  const info = new Uint8Array(12);
  const dv = new DataView(info.buffer);
  info[2] = ed.pick([0, 1, 2, 7]); // id_type: PKEY_ID_PKCS7 = 2
  dv.setUint32(8, Number(ed.value(4) & 0xffffffffn), false);
  const junk = new Uint8Array(ed.int(64));
  for (let i = 0; i < junk.length; i++) junk[i] = ed.int(256);
  return Buffer.concat([b, junk, ed.chance(0.7) ? info : new Uint8Array(0), marker]);
}

function bytes(ed: Editor): Uint8Array {
  const r = ed.int(3);
  if (r === 0 && ed.b.length > 1) return ed.b.subarray(0, ed.int(ed.b.length)).slice();
  for (let n = 1 + ed.int(8); n > 0; n--) ed.b[ed.int(ed.b.length)] ^= 1 << ed.int(8);
  return ed.b;
}

/** Applies one family to b (which it may change in place); returns the result or null if the family has nothing to change. */
function apply(ed: Editor, s: Shape | null, f: Family): Uint8Array | null {
  if (f === 'bytes') return bytes(ed);
  if (f === 'signature') return signature(ed);
  if (f === 'ehdr') {
    const [off, width] = ed.pick([[4, 1], [5, 1], [6, 1], [7, 1], [16, 2], [18, 2], [20, 4], [40, 8], [52, 2], [58, 2], [60, 2], [62, 2]] as [number, number][]);
    ed.set(off, width, ed.chance(0.5) ? ed.value(width) : ed.get(off, width) + BigInt(ed.int(3)) - 1n);
    return ed.b;
  }
  if (!s) return null;
  const symtab = s.sections.find((x) => x.type === SHT_SYMTAB);
  switch (f) {
    case 'shdr': {
      // one byte away from valid: this_module's alignment, a table's size, a link or info
      const special = ['.gnu.linkonce.this_module', '__ksymtab', '__kcrctab', '__param', '.modinfo', '__versions', '.symtab', '.strtab'].map((n) => s.byName.get(n)).filter(Boolean) as ElfSection[];
      const sec = special.length && ed.chance(0.6) ? ed.pick(special) : s.sections[ed.int(s.sections.length)];
      shdrField(ed, s, s.sections.indexOf(sec));
      return ed.b;
    }
    case 'symbol':
      return entry(ed, symtab, SIZEOF_SYM, [[0, 4], [4, 1], [5, 1], [6, 2], [8, 8], [16, 8]]) ? ed.b : null;
    case 'rela': {
      const relas = s.sections.filter((x) => x.type === SHT_RELA);
      if (!relas.length) return null;
      return entry(ed, ed.pick(relas), SIZEOF_RELA, [[0, 8], [8, 4], [12, 4], [16, 8]]) ? ed.b : null;
    }
    case 'modinfo': return modinfo(ed, s) ? ed.b : null;
    case 'versions': {
      // struct modversion_info { unsigned long crc; char name[56]; }
      const sec = s.byName.get('__versions');
      if (!sec || sec.size < 64n) return null;
      const at = Number(sec.offset) + ed.int(Number(sec.size / 64n)) * 64;
      if (ed.chance(0.5)) ed.nudge(at, 8);
      else if (ed.chance(0.5)) ed.b.fill(0x41, at + 8, at + 64); // no terminating NUL
      else ed.b.set(Buffer.from('no_such_symbol\0', 'latin1'), at + 8);
      return ed.b;
    }
    case 'exports': {
      const tables = ['__ksymtab', '__ksymtab_gpl', '__kcrctab', '__kcrctab_gpl', '__ksymtab_strings'].map((n) => s.byName.get(n)).filter(Boolean) as ElfSection[];
      if (!tables.length) return null;
      const sec = ed.pick(tables);
      if (ed.chance(0.5)) shdrField(ed, s, s.sections.indexOf(sec), ed.pick([5, 4, 8])); // size, offset, addralign
      else if (!entry(ed, relaFor(s, sec), SIZEOF_RELA, [[0, 8], [8, 4], [12, 4], [16, 8]])) entry(ed, sec, 4, [[0, 4]]);
      return ed.b;
    }
    case 'this_module': {
      const sec = s.byName.get('.gnu.linkonce.this_module');
      if (!sec) return null;
      const r = ed.int(4);
      if (r === 0) shdrField(ed, s, s.sections.indexOf(sec), ed.pick([5, 8])); // size, addralign
      else if (r === 1) {
        // the name field (struct module's name[MODULE_NAME_LEN] at offset 24): long, empty, odd
        const name = ed.pick(['', 'x'.repeat(56), 'a/b', 'dash-name', '..', 'hello']);
        const at = Number(sec.offset) + 24;
        if (at + 56 <= ed.b.length) { ed.b.fill(0, at, at + 56); ed.b.set(Buffer.from(name, 'latin1').subarray(0, 56), at); }
      } else if (!entry(ed, relaFor(s, sec), SIZEOF_RELA, [[0, 8], [8, 4], [12, 4], [16, 8]])) {
        ed.b[Number(sec.offset) + ed.int(Number(sec.size))] ^= 1 << ed.int(8);
      }
      return ed.b;
    }
    case 'param': {
      // struct kernel_param { name; mod; ops; perm; level; flags; arg } (40 bytes on arm64)
      const sec = s.byName.get('__param');
      if (!sec) return null;
      if (ed.chance(0.5)) return entry(ed, relaFor(s, sec), SIZEOF_RELA, [[0, 8], [8, 4], [12, 4], [16, 8]]) ? ed.b : null;
      return entry(ed, sec, 40, [[24, 2], [26, 1], [27, 1], [0, 8], [16, 8], [32, 8]]) ? ed.b : null;
    }
  }
  return null;
}

/** One input: 1 to 3 mutations of the seed, from families chosen by the Rng. */
export function mutate(seed: Uint8Array, rng: Rng): Mutant {
  let b: Uint8Array<ArrayBufferLike> = seed.slice();
  const families: Family[] = [];
  const rounds = 1 + rng.below(3);
  for (let r = 0; r < rounds; r++) {
    const s = shape(b);
    // families that know the structure first; raw bytes and headers less often
    const f = FAMILIES[rng.below(FAMILIES.length)];
    const ed = new Editor(b, rng);
    const next = apply(ed, s, f);
    if (!next) continue;
    b = next;
    families.push(f);
  }
  if (!families.length) {
    b = bytes(new Editor(b, rng));
    families.push('bytes');
  }
  return { bytes: b, families };
}

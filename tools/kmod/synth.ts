// Synthetic module files for depmod tests and benchmarks: ELF64 relocatable objects carrying
// only what depmod reads (.modinfo, exported symbols as __crc_* with __ksymtab_strings,
// undefined symbols with their __versions entries). They are not loadable; the real example
// modules are. A generated tree of a thousand modules takes milliseconds to write.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UTS_RELEASE } from '../../kernel/utsrelease.ts';

export interface SynthModule {
  /** Path relative to the version directory, e.g. "kernel/drivers/foo.ko". */
  relpath: string;
  modinfo: [string, string][];
  exports: { name: string; crc: number }[];
  imports: { name: string; crc?: number; weak?: boolean }[];
}

/** The bytes of one synthetic module. */
export function synthModule(m: SynthModule): Buffer {
  const shstr = new StrTab();
  const str = new StrTab();
  const modinfo = Buffer.from(m.modinfo.map(([k, v]) => `${k}=${v}\0`).join(''), 'latin1');
  const ksymStrings = Buffer.from(m.exports.map((e) => `${e.name}\0`).join(''), 'latin1');
  const versions = Buffer.alloc(64 * m.imports.filter((i) => i.crc !== undefined).length);
  let v = 0;
  for (const i of m.imports) {
    if (i.crc === undefined) continue;
    versions.writeBigUInt64LE(BigInt(i.crc >>> 0), v * 64);
    versions.write(i.name.slice(0, 55), v * 64 + 8, 'latin1');
    v++;
  }
  // Symbols: null, then __crc_ (absolute), then undefined imports.
  const syms: Buffer[] = [Buffer.alloc(24)];
  const sym = (name: string, info: number, shndx: number, value: bigint) => {
    const b = Buffer.alloc(24);
    b.writeUInt32LE(str.add(name), 0);
    b[4] = info;
    b.writeUInt16LE(shndx, 6);
    b.writeBigUInt64LE(value, 8);
    syms.push(b);
  };
  for (const e of m.exports) sym(`__crc_${e.name}`, 0x10, 0xfff1, BigInt(e.crc >>> 0));
  for (const i of m.imports) sym(i.name, (i.weak ? 2 : 1) << 4, 0, 0n);
  const symtab = Buffer.concat(syms);
  const strtab = str.bytes();

  const sections: { name: string; type: number; flags: number; data: Buffer; link?: number; info?: number; entsize?: number; align: number }[] = [
    { name: '.modinfo', type: 1, flags: 2, data: modinfo, align: 1 },
    { name: '__ksymtab_strings', type: 1, flags: 0x32, data: ksymStrings, align: 1 },
    { name: '__versions', type: 1, flags: 2, data: versions, align: 8 },
    { name: '.symtab', type: 2, flags: 0, data: symtab, link: 5, info: 1, entsize: 24, align: 8 },
    { name: '.strtab', type: 3, flags: 0, data: strtab, align: 1 },
  ];
  const names = sections.map((s) => shstr.add(s.name));
  const shstrName = shstr.add('.shstrtab');
  const shstrtab = shstr.bytes();
  const parts: Buffer[] = [];
  let off = 64;
  const offsets: number[] = [];
  for (const s of [...sections.map((x) => x.data), shstrtab]) {
    const pad = (8 - (off % 8)) % 8;
    parts.push(Buffer.alloc(pad));
    off += pad;
    offsets.push(off);
    parts.push(s);
    off += s.length;
  }
  const pad = (8 - (off % 8)) % 8;
  parts.push(Buffer.alloc(pad));
  off += pad;
  const shoff = off;
  const shdrs: Buffer[] = [Buffer.alloc(64)];
  sections.forEach((s, i) => {
    const h = Buffer.alloc(64);
    h.writeUInt32LE(names[i], 0);
    h.writeUInt32LE(s.type, 4);
    h.writeBigUInt64LE(BigInt(s.flags), 8);
    h.writeBigUInt64LE(BigInt(offsets[i]), 24);
    h.writeBigUInt64LE(BigInt(s.data.length), 32);
    h.writeUInt32LE(s.link ?? 0, 40);
    h.writeUInt32LE(s.info ?? 0, 44);
    h.writeBigUInt64LE(BigInt(s.align), 48);
    h.writeBigUInt64LE(BigInt(s.entsize ?? 0), 56);
    shdrs.push(h);
  });
  const h = Buffer.alloc(64);
  h.writeUInt32LE(shstrName, 0);
  h.writeUInt32LE(3, 4);
  h.writeBigUInt64LE(BigInt(offsets[sections.length]), 24);
  h.writeBigUInt64LE(BigInt(shstrtab.length), 32);
  h.writeBigUInt64LE(1n, 48);
  shdrs.push(h);

  const eh = Buffer.alloc(64);
  eh.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  eh.writeUInt16LE(1, 16); // ET_REL
  eh.writeUInt16LE(183, 18); // EM_AARCH64
  eh.writeUInt32LE(1, 20);
  eh.writeBigUInt64LE(BigInt(shoff), 40);
  eh.writeUInt16LE(64, 52);
  eh.writeUInt16LE(64, 58);
  eh.writeUInt16LE(sections.length + 2, 60);
  eh.writeUInt16LE(sections.length + 1, 62);
  return Buffer.concat([eh, ...parts, ...shdrs]);
}

class StrTab {
  private readonly parts: string[] = ['\0'];
  private size = 1;
  add(s: string): number {
    const at = this.size;
    this.parts.push(`${s}\0`);
    this.size += s.length + 1;
    return at;
  }
  bytes(): Buffer { return Buffer.from(this.parts.join(''), 'latin1'); }
}

/** A deterministic pseudo-random tree of n modules with exports, imports (a DAG), aliases. */
export function synthTree(n: number, seed = 1): SynthModule[] {
  let x = seed >>> 0 || 1;
  const rnd = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x / 2 ** 32; };
  const dirs = ['kernel/drivers/net', 'kernel/drivers/usb', 'kernel/fs', 'kernel/net/ipv4', 'kernel/crypto', 'kernel/lib', 'extra', 'updates'];
  const mods: SynthModule[] = [];
  for (let i = 0; i < n; i++) {
    const name = `m${i}${i % 7 === 0 ? '-dash' : ''}`;
    const dir = dirs[Math.floor(rnd() * dirs.length)];
    const exports = Array.from({ length: Math.floor(rnd() * 4) }, (_, k) => ({ name: `m${i}_sym${k}`, crc: Math.floor(rnd() * 2 ** 32) }));
    const imports: SynthModule['imports'] = [{ name: 'printk', crc: 0x12345678 }, { name: 'module_layout', crc: 0x1 }];
    // Import from up to three earlier modules: no cycles.
    for (let k = 0; k < 3 && i > 0; k++) {
      const j = Math.floor(rnd() * i);
      const e = mods[j].exports[0];
      if (e && rnd() < 0.5) imports.push({ name: e.name, crc: e.crc, weak: rnd() < 0.05 });
    }
    const modinfo: [string, string][] = [['license', 'GPL'], ['description', `synthetic module ${i}`]];
    if (rnd() < 0.4) modinfo.push(['alias', `pci:v${(0x1000 + i).toString(16).toUpperCase().padStart(8, '0')}d*sv*sd*bc*sc*i*`]);
    if (rnd() < 0.2) modinfo.push(['alias', `of:N*T*Cvendor,dev-${i}`], ['alias', `of:N*T*Cvendor,dev-${i}C*`]);
    if (rnd() < 0.05) modinfo.push(['softdep', `pre: m${Math.floor(rnd() * n)}`]);
    if (rnd() < 0.02) modinfo.push(['alias', `devname:dev${i}`], ['alias', `char-major-${10 + i}-${i % 256}`]);
    modinfo.push(['depends', ''], ['name', name.replace(/-/g, '_')], ['vermagic', `${UTS_RELEASE} SMP mod_unload modversions aarch64`]);
    mods.push({ relpath: `${dir}/${name}.ko`, modinfo, exports, imports });
  }
  return mods;
}

/** Writes modules under root/lib/modules/version, plus modules.order when asked. */
export function writeSynthTree(root: string, version: string, mods: SynthModule[], order?: string[]) {
  const base = join(root, 'lib', 'modules', version);
  for (const m of mods) {
    const p = join(base, m.relpath);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, synthModule(m));
  }
  if (order) writeFileSync(join(base, 'modules.order'), order.map((o) => `${o}\n`).join(''));
}

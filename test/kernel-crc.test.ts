// The kernel image's export CRCs are Debian's. genksyms expands only the structs a translation
// unit defines, so each core file has the includes of the Linux 6.1 file it is named after
// (kernel/core/README.md); then every symbol the image exports that Debian's 6.1 kernel also
// exports has the CRC of Debian's Module.symvers, and a module built for Debian passes
// check_version() against the image's own __kcrctab -- which must hold what the image's
// Module.symvers says.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { parseElf, SHT_NOBITS, type ElfFile } from '../kernel/elf.ts';
import { parseSymvers, type SymversEntry } from '../kernel/module/symvers.ts';

const KERNEL = join(REPO_ROOT, 'build', 'kernel');
const abi = readFileSync(join(REPO_ROOT, 'build', 'real-modules', '.stamp'), 'utf8').match(/^abi=(.*)$/m)![1];
// Debian's own list, as the package ships it (the kbuild tree's copy also has kmodlab's exports)
const DEBIAN_SYMVERS = join(REPO_ROOT, 'build', 'real-modules', 'Module.symvers');

/** The vmlinux entries of a Module.symvers, by symbol. */
function vmlinuxSymvers(path: string): Map<string, SymversEntry> {
  return new Map(parseSymvers(readFileSync(path, 'utf8')).filter((e) => e.module === 'vmlinux').map((e) => [e.symbol, e]));
}

const hex = (crc: number) => `0x${(crc >>> 0).toString(16).padStart(8, '0')}`;

interface ImageExport { name: string; crc: number; gpl: boolean }

/** The image's __ksymtab{,_gpl} (PREL32 struct kernel_symbol) with the CRCs of the parallel __kcrctab{,_gpl}. */
function imageExports(elf: ElfFile): ImageExport[] {
  const stringAt = (addr: bigint): string => {
    const sec = elf.sections.find((s) => s.type !== SHT_NOBITS && s.addr <= addr && addr < s.addr + s.size);
    if (!sec) throw new Error(`string at 0x${addr.toString(16)} is outside the image`);
    const data = elf.sectionData(sec.index);
    const start = Number(addr - sec.addr);
    const end = data.indexOf(0, start);
    return Buffer.from(data.subarray(start, end < 0 ? data.length : end)).toString('latin1');
  };
  const out: ImageExport[] = [];
  for (const [tab, crctab, gpl] of [['__ksymtab', '__kcrctab', false], ['__ksymtab_gpl', '__kcrctab_gpl', true]] as const) {
    const sec = elf.findSection(tab);
    if (!sec) continue;
    const crcSec = elf.findSection(crctab);
    const data = Buffer.from(elf.sectionData(sec.index));
    const crcs = crcSec ? Buffer.from(elf.sectionData(crcSec.index)) : Buffer.alloc(0);
    const n = data.length / 12;
    expect(crcs.length, `${crctab} has one CRC per ${tab} entry`).toBe(n * 4);
    for (let i = 0; i < n; i++) {
      const at = sec.addr + BigInt(i * 12);
      const name = stringAt(at + 4n + BigInt(data.readInt32LE(i * 12 + 4)));
      out.push({ name, crc: crcs.readUInt32LE(i * 4), gpl });
    }
  }
  return out;
}

describe('kernel export CRCs', () => {
  const ours = vmlinuxSymvers(join(KERNEL, 'Module.symvers'));
  const debian = vmlinuxSymvers(DEBIAN_SYMVERS);

  it("are Debian's for every symbol both kernels export", () => {
    const common = [...ours.keys()].filter((s) => debian.has(s));
    // not a comparison of nothing: the image exports what Debian's modules import
    expect(common.length).toBeGreaterThan(200);
    for (const s of ['try_module_get', 'module_put', 'module_layout', 'param_ops_int', 'kmalloc_caches', 'init_net', 'device_add_disk'])
      expect(common, `${s} in both Module.symvers`).toContain(s);
    const differ = common
      .filter((s) => ours.get(s)!.crc !== debian.get(s)!.crc)
      .sort()
      .map((s) => `${s}: ${hex(ours.get(s)!.crc)}, Debian ${hex(debian.get(s)!.crc)}`);
    expect(differ.map((d) => d.split(':')[0]), `${differ.length} of ${common.length} CRCs differ from ${DEBIAN_SYMVERS}:\n${differ.join('\n')}`)
      .toEqual([]);
  });

  it("are what the image's __kcrctab holds", () => {
    const exports = imageExports(parseElf(new Uint8Array(readFileSync(join(KERNEL, 'vmlinux'))), { kind: 'image' }));
    expect(exports.length).toBe(ours.size);
    const wrong: string[] = [];
    for (const e of exports) {
      const s = ours.get(e.name);
      if (!s) wrong.push(`${e.name}: in the image, not in Module.symvers`);
      else if (s.crc !== e.crc) wrong.push(`${e.name}: __kcrctab ${hex(e.crc)}, Module.symvers ${hex(s.crc)}`);
      else if ((s.type === 'EXPORT_SYMBOL_GPL') !== e.gpl) wrong.push(`${e.name}: ${e.gpl ? '__ksymtab_gpl' : '__ksymtab'}, Module.symvers ${s.type}`);
    }
    expect(wrong, wrong.join('\n')).toEqual([]);
  });
});

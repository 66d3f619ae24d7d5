/*
 * Checks a linked kernel image's export tables, as the loader will use them:
 * __ksymtab and __ksymtab_gpl hold PREL32 struct kernel_symbols sorted by
 * name (the loader binary-searches them), __kcrctab/__kcrctab_gpl hold the
 * CRC of the entry with the same index, and both agree with Module.symvers.
 *
 * Usage: ksymtab-check.ts vmlinux Module.symvers
 */
import { readFileSync } from 'node:fs';
import { ElfFile, cString } from './readelf.ts';
import type { ElfSection } from './readelf.ts';

interface Export {
  name: string;
  value: bigint;
  namespace: string;
  crc: number;
}

function fail(msg: string): never {
  process.stderr.write(`ksymtab-check: ${msg}\n`);
  process.exit(1);
}

function readStringAt(elf: ElfFile, addr: bigint): string {
  const sec = elf.sections.find((s) => s.addr <= addr && addr < s.addr + BigInt(s.size) && s.type !== 'NOBITS');
  if (!sec) fail(`string at 0x${addr.toString(16)} is outside the image`);
  return cString(elf.data(sec), Number(addr - sec.addr));
}

function readTable(elf: ElfFile, tab: ElfSection | undefined, crctab: ElfSection | undefined): Export[] {
  if (!tab) return [];
  const data = elf.data(tab);
  if (data.length % 12) fail(`${tab.name} size ${data.length} is not a multiple of 12`);
  const n = data.length / 12;
  const crcs = crctab ? elf.data(crctab) : Buffer.alloc(0);
  if (crcs.length !== n * 4) fail(`${crctab?.name ?? 'crc table'} has ${crcs.length / 4} entries for ${n} symbols`);
  const out: Export[] = [];
  for (let i = 0; i < n; i++) {
    const at = tab.addr + BigInt(i * 12);
    const value = at + BigInt(data.readInt32LE(i * 12));
    const name = readStringAt(elf, at + 4n + BigInt(data.readInt32LE(i * 12 + 4)));
    const namespace = readStringAt(elf, at + 8n + BigInt(data.readInt32LE(i * 12 + 8)));
    out.push({ name, value, namespace, crc: crcs.readUInt32LE(i * 4) });
  }
  return out;
}

const [vmlinux, symvers] = process.argv.slice(2);
if (!vmlinux || !symvers) fail('usage: ksymtab-check.ts vmlinux Module.symvers');

const elf = new ElfFile(vmlinux);
const symbolValue = new Map<string, bigint>();
for (const s of elf.symbols) if (s.bind !== 'LOCAL' && s.shndx !== 'UND') symbolValue.set(s.name, s.value);

const dump = new Map<string, { crc: number; gpl: boolean; ns: string }>();
for (const line of readFileSync(symvers, 'utf8').split('\n')) {
  if (!line) continue;
  const [crc, name, , exp, ns] = line.split('\t');
  dump.set(name, { crc: parseInt(crc, 16) >>> 0, gpl: exp === 'EXPORT_SYMBOL_GPL', ns: ns ?? '' });
}

let total = 0;
for (const [tabName, crcName, gpl] of [
  ['__ksymtab', '__kcrctab', false],
  ['__ksymtab_gpl', '__kcrctab_gpl', true],
] as const) {
  const table = readTable(elf, elf.sectionByName(tabName), elf.sectionByName(crcName));
  for (let i = 0; i < table.length; i++) {
    const e = table[i];
    if (i > 0 && Buffer.compare(Buffer.from(table[i - 1].name, 'latin1'), Buffer.from(e.name, 'latin1')) >= 0)
      fail(`${tabName} is not sorted: "${table[i - 1].name}" before "${e.name}"`);
    const d = dump.get(e.name);
    if (!d) fail(`${tabName}[${i}] ${e.name} is not in ${symvers}`);
    if (d.gpl !== gpl) fail(`${e.name}: ${tabName} but ${d.gpl ? 'EXPORT_SYMBOL_GPL' : 'EXPORT_SYMBOL'} in ${symvers}`);
    if (d.crc !== e.crc) fail(`${e.name}: ${crcName}[${i}] = 0x${e.crc.toString(16)}, ${symvers} says 0x${d.crc.toString(16)}`);
    if (d.ns !== e.namespace) fail(`${e.name}: namespace "${e.namespace}", ${symvers} says "${d.ns}"`);
    const v = symbolValue.get(e.name);
    if (v !== undefined && v !== e.value)
      fail(`${e.name}: ${tabName} points to 0x${e.value.toString(16)}, the symbol is at 0x${v.toString(16)}`);
    dump.delete(e.name);
  }
  total += table.length;
}
if (dump.size) fail(`exported in ${symvers} but not in the image: ${[...dump.keys()].join(', ')}`);
if (total === 0) fail('the image exports nothing');

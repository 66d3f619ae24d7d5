/*
 * ELF access for the build scripts through the cross binutils' readelf
 * (section headers, the symbol table and section hex dumps), the way the
 * kbuild scripts use nm/readelf/objdump output.
 */
import { execFileSync } from 'node:child_process';

export const READELF = process.env.READELF ?? `${process.env.CROSS_COMPILE ?? 'aarch64-linux-gnu-'}readelf`;

export class ReadelfError extends Error {}

export interface ElfSection {
  index: number;
  name: string;
  type: string;
  addr: bigint;
  size: number;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: number;
  type: string; /* NOTYPE OBJECT FUNC SECTION FILE ... */
  bind: string; /* LOCAL GLOBAL WEAK */
  shndx: string; /* UND ABS COM or a section index */
}

export class ElfFile {
  readonly sections: ElfSection[] = [];
  readonly symbols: ElfSymbol[] = [];
  readonly machine: string;
  readonly type: string;
  private sectionData = new Map<number, Buffer>();

  constructor(readonly path: string) {
    const out = readelf(['-h', '-S', '-s', '-W', path]);
    let machine = '';
    let type = '';
    let inSymtab = false;
    for (const line of out.split('\n')) {
      let m: RegExpMatchArray | null;
      if ((m = line.match(/^\s*Machine:\s+(.*)$/))) {
        machine = m[1].trim();
      } else if ((m = line.match(/^\s*Type:\s+(\S+)/))) {
        type = m[1];
      } else if ((m = line.match(/^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)\s/))) {
        if (m[1] === '0') continue;
        this.sections.push({
          index: Number(m[1]),
          name: m[2],
          type: m[3],
          addr: BigInt('0x' + m[4]),
          size: parseInt(m[5], 16),
        });
      } else if ((m = line.match(/^Symbol table '(.*)' contains/))) {
        inSymtab = m[1] === '.symtab';
      } else if (
        inSymtab &&
        (m = line.match(
          /^\s*\d+:\s+([0-9a-f]+)\s+(\d+|0x[0-9a-f]+)\s+(\S+)\s+(\S+)\s+\S+(?:\s+\[[^\]]*\])?\s+(\S+)(?: (.*))?$/,
        ))
      ) {
        this.symbols.push({
          value: BigInt('0x' + m[1]),
          size: Number(m[2]),
          type: m[3],
          bind: m[4],
          shndx: m[5],
          name: m[6] ?? '',
        });
      }
    }
    this.machine = machine;
    this.type = type;
  }

  section(index: number): ElfSection | undefined {
    return this.sections.find((s) => s.index === index);
  }

  sectionByName(name: string): ElfSection | undefined {
    return this.sections.find((s) => s.name === name);
  }

  /** Raw contents of a section (in a relocatable file: relocations not applied). */
  data(sec: ElfSection): Buffer {
    let buf = this.sectionData.get(sec.index);
    if (!buf) {
      buf = sec.type === 'NOBITS' || sec.size === 0 ? Buffer.alloc(sec.size) : hexDump(this.path, sec.index);
      this.sectionData.set(sec.index, buf);
    }
    return buf;
  }

  /** The bytes at a defined symbol of a relocatable file (value is section-relative). */
  symbolData(sym: ElfSymbol, length?: number): Buffer | undefined {
    const idx = Number(sym.shndx);
    if (!Number.isInteger(idx)) return undefined;
    const sec = this.section(idx);
    if (!sec) return undefined;
    const start = Number(sym.value);
    return this.data(sec).subarray(start, length === undefined ? undefined : start + length);
  }
}

export function readelf(args: string[]): string {
  try {
    return execFileSync(READELF, args, { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new ReadelfError(`${READELF} ${args.join(' ')}: ${(err.stderr || err.message).trim()}`);
  }
}

function hexDump(path: string, index: number): Buffer {
  const out = readelf(['-x', String(index), path]);
  const bytes: number[] = [];
  for (const line of out.split('\n')) {
    const m = line.match(/^\s+0x[0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})/);
    if (!m) continue;
    for (const word of m[1].trim().split(/\s+/)) {
      for (let i = 0; i < word.length; i += 2) bytes.push(parseInt(word.slice(i, i + 2), 16));
    }
  }
  return Buffer.from(bytes);
}

export function cString(buf: Buffer, offset: number): string {
  let end = buf.indexOf(0, offset);
  if (end < 0) end = buf.length;
  return buf.toString('latin1', offset, end);
}

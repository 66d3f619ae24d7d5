// boot symvers=PATH: adopt the symbol CRCs of a Linux Module.symvers for the kernel's own
// exports, so that modules built against that kernel pass check_version() here.
import { readFileSync } from 'node:fs';
import type { Kernel } from '../kernel.ts';

export interface SymversEntry { crc: number; symbol: string; module: string; type: string; namespace: string }

export function parseSymvers(text: string): SymversEntry[] {
  const out: SymversEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [crc, symbol, module, type, namespace = ''] = line.split('\t');
    if (!/^0x[0-9a-fA-F]+$/.test(crc ?? '') || !symbol) continue;
    out.push({ crc: Number(BigInt(crc) & 0xffffffffn), symbol, module, type, namespace });
  }
  return out;
}

/** Returns how many kernel exports took a CRC from the file. */
export function adoptSymvers(k: Kernel, path: string): number {
  let n = 0;
  for (const e of parseSymvers(readFileSync(path, 'utf8'))) {
    if (e.module !== 'vmlinux') continue;
    const x = k.kernelExports.get(e.symbol);
    if (x) { k.kernelExports.set(e.symbol, Object.freeze({ ...x, crc: e.crc })); n++; }
  }
  k.printk(`<6>modversions: ${n} kernel symbol CRCs adopted from ${path}\n`);
  return n;
}

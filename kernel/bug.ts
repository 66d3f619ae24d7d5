// lib/bug.c report_bug() for arm64: a `brk #0x800` is a BUG() or a WARN(); its struct
// bug_entry (12 bytes, relative pointers: bug_addr_disp, file_disp, line, flags) in the kernel's
// or a module's __bug_table says which, and where in the source it was.
import type { Kernel } from './kernel.ts';

export const BUGFLAG_WARNING = 1 << 0;
export const BUGFLAG_ONCE = 1 << 1;
export const BUGFLAG_DONE = 1 << 2;
export const BUGFLAG_NO_CUT_HERE = 1 << 3;
export const CUT_HERE = '------------[ cut here ]------------';
const BUG_ENTRY_SIZE = 12;

export interface BugEntry { at: bigint; file: string | null; line: number; flags: number }

export function find_bug(k: Kernel, pc: bigint): BugEntry | null {
  const tables: [bigint, number][] = [];
  if (k.hasSymbol('__start___bug_table')) {
    const s = k.symbol('__start___bug_table');
    tables.push([s, Number(k.symbol('__stop___bug_table') - s)]);
  }
  for (const m of k.modules) if (m.bugTable) tables.push([m.bugTable.addr, m.bugTable.size]);
  const mem = k.machine;
  for (const [start, size] of tables) {
    for (let o = 0; o + BUG_ENTRY_SIZE <= size; o += BUG_ENTRY_SIZE) {
      const at = start + BigInt(o);
      if (!mem.isMapped(at)) break;
      const addr = at + BigInt(mem.readU32(at) | 0);
      if (addr !== pc) continue;
      const fileAddr = at + 4n + BigInt(mem.readU32(at + 4n) | 0);
      const file = mem.isMapped(fileAddr) ? mem.readString(fileAddr, 256) : null;
      return { at, file, line: mem.readU16(at + 8n), flags: mem.readU16(at + 10n) };
    }
  }
  return null;
}

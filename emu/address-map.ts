// The target's virtual address map (see docs/ARCHITECTURE.md): what the kernel's page tables
// (emu/mmu.ts) map; physical addresses are offsets in the host buffer that is the machine's RAM.
export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
export const SMP_CACHE_BYTES = 64;
export const NR_CPUS = 64;

export const MODULES_VADDR = 0xffff800000000000n;
export const MODULES_VSIZE = 128n << 20n;
export const MODULES_END = MODULES_VADDR + MODULES_VSIZE;
export const KIMAGE_VADDR = 0xffff800008000000n;
/** Return address of calls the host starts: reaching it ends the call. */
export const CALL_SENTINEL = 0xffff80000ff00000n;
export const VMALLOC_START = 0xffff800010000000n;
export const VMALLOC_END = 0xffff800070000000n;
/** Linear map: physical address P is at PAGE_OFFSET + P. */
export const PAGE_OFFSET = 0xffff800080000000n;

export const __va = (pa: number): bigint => PAGE_OFFSET + BigInt(pa);

export function pageAlignUp(n: number): number {
  return Math.ceil(n / PAGE_SIZE) * PAGE_SIZE;
}

export function parseSize(text: string): number | null {
  const m = /^(\d+)([KMG]?)i?B?$/i.exec(text.trim());
  if (!m) return null;
  const mult = { '': 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[m[2].toUpperCase() as '' | 'K' | 'M' | 'G'];
  return Number(m[1]) * mult;
}

export const hex = (v: bigint | number) => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);

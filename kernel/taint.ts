// Taint flags (kernel/panic.c): letters in bit order, as /proc/modules and oopses print them.
export const TAINT = {
  PROPRIETARY_MODULE: 0, FORCED_MODULE: 1, CPU_OUT_OF_SPEC: 2, FORCED_RMMOD: 3, MACHINE_CHECK: 4,
  BAD_PAGE: 5, USER: 6, DIE: 7, OVERRIDDEN_ACPI_TABLE: 8, WARN: 9, CRAP: 10, FIRMWARE_WORKAROUND: 11,
  OOT_MODULE: 12, UNSIGNED_MODULE: 13, SOFTLOCKUP: 14, LIVEPATCH: 15, AUX: 16, RANDSTRUCT: 17, TEST: 18,
} as const;
const LETTERS = 'PFSRMBUDAWCIOEKLXTN';

export type TaintBit = (typeof TAINT)[keyof typeof TAINT];

/** "PO" etc.: the letters of the set bits, in bit order. */
export function taintLetters(mask: number): string {
  let s = '';
  for (let i = 0; i < LETTERS.length; i++) if (mask & (1 << i)) s += LETTERS[i];
  return s;
}

/** "Tainted: G  ... " line of an oops: 'G' when not proprietary, then each flag or ' '. */
export function taintedLine(mask: number): string {
  if (!mask) return 'Not tainted';
  let s = mask & 1 ? 'P' : 'G';
  for (let i = 1; i < LETTERS.length; i++) s += mask & (1 << i) ? LETTERS[i] : ' ';
  return `Tainted: ${s.trimEnd()}`;
}

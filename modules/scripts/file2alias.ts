/*
 * Device-table aliases (scripts/mod/file2alias.c): placeholder.
 */
import type { ElfFile, ElfSymbol } from './readelf.ts';

export function deviceTableAliases(
  _elf: ElfFile,
  _sym: ElfSymbol,
  _modname: string,
  _warn: (msg: string) => void,
): string[] {
  return [];
}

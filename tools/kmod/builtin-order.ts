// Link order of built-in modules (kernel/core/Makefile, BUILTIN=...): every module after the
// modules whose symbols it uses, otherwise in the order given. Initcalls of one level run in
// link order, so this is what makes built-in modules initialise in dependency order -- the
// "module initcall depends" idea of seed 002 item 2a, done at link time.
//
// Usage: builtin-order.ts NAME=OBJECT ...   prints the names, one per line, in link order.
import { readFileSync } from 'node:fs';
import { KmodElf } from './libkmod-elf.ts';

export interface BuiltinObject { name: string; defines: Set<string>; uses: Set<string> }

/** Defined global symbols and undefined ones of a relocatable object. */
export function objectSymbols(name: string, bytes: Uint8Array): BuiltinObject {
  const elf = KmodElf.open(bytes);
  if (typeof elf === 'number') throw new Error(`${name}: not an ELF object`);
  const defines = new Set<string>();
  const uses = new Set<string>();
  for (const s of elf.allSymbols()) {
    if (s.shndx === 0) uses.add(s.name);
    else if (s.bind !== 0) defines.add(s.name);
  }
  return { name, defines, uses };
}

/** Dependency order, stable with respect to the given order; cycles keep the given order. */
export function builtinOrder(objs: BuiltinObject[]): string[] {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (o: BuiltinObject) => {
    if (state.get(o.name)) return;
    state.set(o.name, 'visiting');
    for (const other of objs) {
      if (other === o || state.get(other.name) === 'visiting') continue;
      if ([...o.uses].some((u) => other.defines.has(u))) visit(other);
    }
    state.set(o.name, 'done');
    out.push(o.name);
  };
  for (const o of objs) visit(o);
  return out;
}

if (process.argv[1]?.endsWith('builtin-order.ts')) {
  const objs = process.argv.slice(2).map((a) => {
    const eq = a.indexOf('=');
    return objectSymbols(a.slice(0, eq), new Uint8Array(readFileSync(a.slice(eq + 1))));
  });
  process.stdout.write(builtinOrder(objs).map((n) => `${n}\n`).join(''));
}

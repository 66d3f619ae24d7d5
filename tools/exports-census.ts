// kmodlab bulk --missing [DIR]: which kernel symbols a module tree (default: Debian's, from `make
// real-modules`) imports and which of them kmodlab's kernel exports -- read from the files, nothing
// loaded. A module's imports are its undefined symbols (what simplify_symbols resolves); those that
// another module of the tree exports are provided by modules, the rest are kernel symbols, looked
// up in the booted kernel image's export table (read_ksymtab over __ksymtab and __ksymtab_gpl).
import { readFileSync, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseElf, SHN_UNDEF, STB_WEAK, type ElfFile } from '../kernel/elf.ts';
import { parseSignature } from '../kernel/module/signing.ts';
import { parseSymvers } from '../kernel/module/symvers.ts';
import { bootMachine } from './boot.ts';
import { moduleTree, REAL_DIR } from './bulk.ts';

export interface CensusModule {
  name: string;
  /** Path relative to the tree. */
  path: string;
  /** Undefined symbols, sorted: what the loader must resolve. */
  imports: string[];
  /** Symbols the module exports (its __ksymtab and __ksymtab_gpl). */
  exports: string[];
}

export interface MissingSymbol {
  symbol: string;
  /** Modules importing it, sorted by name. */
  modules: string[];
  /** Exported by Debian's vmlinux, as its Module.symvers says (undefined without one). */
  inDebianVmlinux?: boolean;
}

export interface Census {
  dir: string;
  modules: CensusModule[];
  /** Distinct undefined symbols over the tree. */
  imported: number;
  /** Of those, exported by some module of the tree. */
  providedByModules: number;
  /** The rest: symbols the kernel image must export, sorted. */
  kernelNeeded: string[];
  /** Of kernelNeeded, those kmodlab's kernel exports. */
  kernelProvided: string[];
  /** Of kernelNeeded, those it does not, most needed first (then by name). */
  missing: MissingSymbol[];
  /** Modules every kernel import of which kmodlab's kernel exports, by name. */
  complete: string[];
  /** Of those, the ones whose module imports some complete module of the tree exports, recursively. */
  loadable: string[];
}

/** A module file is ELF, maybe followed by a signature trailer (Linux strips it first, too). */
function readModule(path: string): ElfFile {
  const image = new Uint8Array(readFileSync(path));
  return parseElf(image.subarray(0, parseSignature(image)?.elfLen ?? image.length));
}

function moduleSymbols(elf: ElfFile): { imports: string[]; exports: string[] } {
  const imports = new Set<string>(), exports = new Set<string>();
  for (const s of elf.symbols()) {
    if (!s.name) continue;
    // A weak undefined symbol that nothing exports stays 0 (simplify_symbols): not needed.
    if (s.shndx === SHN_UNDEF) { if (s.bind !== STB_WEAK) imports.add(s.name); }
    // EXPORT_SYMBOL's entry is the symbol __ksymtab_NAME in __ksymtab or __ksymtab_gpl (modpost
    // finds exports the same way); the table itself holds only relocations until loaded.
    else if (s.name.startsWith('__ksymtab_')) exports.add(s.name.slice('__ksymtab_'.length));
  }
  return { imports: [...imports].sort(), exports: [...exports].sort() };
}

export interface CensusOptions {
  dir?: string;
  /** A Module.symvers to tell which missing symbols Debian's vmlinux exports (default: Debian's, if fetched). */
  symvers?: string;
  onProgress?: (done: number, total: number) => void;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function exportsCensus(o: CensusOptions = {}): Census {
  const dir = o.dir ?? join(REAL_DIR, 'modules');
  const tree = moduleTree(dir);
  const modules: CensusModule[] = [];
  tree.forEach((m, i) => {
    let syms = { imports: [] as string[], exports: [] as string[] };
    try { syms = moduleSymbols(readModule(m.path)); } catch { /* not a module the loader would take: it imports nothing */ }
    modules.push({ name: m.name, path: relative(dir, m.path), ...syms });
    o.onProgress?.(i + 1, tree.length);
  });
  modules.sort((a, b) => byName(a.name, b.name));

  const providers = new Map<string, string[]>();
  for (const m of modules) for (const s of m.exports) providers.set(s, [...(providers.get(s) ?? []), m.name]);
  const importers = new Map<string, string[]>();
  for (const m of modules) for (const s of m.imports) importers.set(s, [...(importers.get(s) ?? []), m.name]);

  const k = bootMachine({ cpus: 1, mem: 64 << 20 });
  const kernelExports = new Set(k.kernelExports.keys());
  k.close();

  const kernelNeeded = [...importers.keys()].filter((s) => !providers.has(s)).sort(byName);
  const kernelProvided = kernelNeeded.filter((s) => kernelExports.has(s));
  const symversPath = o.symvers ?? join(REAL_DIR, 'Module.symvers');
  const debian = existsSync(symversPath)
    ? new Set(parseSymvers(readFileSync(symversPath, 'utf8')).filter((e) => e.module === 'vmlinux').map((e) => e.symbol))
    : undefined;
  const missing = kernelNeeded.filter((s) => !kernelExports.has(s))
    .map((symbol): MissingSymbol => ({ symbol, modules: importers.get(symbol)!, ...(debian && { inDebianVmlinux: debian.has(symbol) }) }))
    .sort((a, b) => b.modules.length - a.modules.length || byName(a.symbol, b.symbol));

  const kernelOk = (s: string) => providers.has(s) || kernelExports.has(s);
  const complete = modules.filter((m) => m.imports.every(kernelOk)).map((m) => m.name);
  // Least fixed point: a module is loadable when every module import has a loadable exporter.
  const loadable = new Set<string>();
  const completeSet = new Set(complete);
  const candidates = modules.filter((m) => completeSet.has(m.name));
  for (let grew = true; grew;) {
    grew = false;
    for (const m of candidates) {
      if (loadable.has(m.name)) continue;
      if (m.imports.every((s) => kernelExports.has(s) || (providers.get(s) ?? []).some((p) => loadable.has(p)))) { loadable.add(m.name); grew = true; }
    }
  }
  return {
    dir, modules,
    imported: importers.size,
    providedByModules: [...importers.keys()].filter((s) => providers.has(s)).length,
    kernelNeeded, kernelProvided, missing, complete,
    loadable: complete.filter((n) => loadable.has(n)),
  };
}

export const CENSUS_HELP = `Usage: kmodlab bulk --missing [DIR] [--top N] [--json] [--symvers FILE]

Reads every module of DIR (default: Debian's arm64 6.1 tree, from 'make real-modules'),
collects the symbols each imports, leaves out those another module of the tree exports
(provided by modules) and ranks the kernel symbols kmodlab's kernel does not export by how
many modules need them. Nothing is loaded.

  --top N          rank N symbols (default 40; 0: all)
  --json           the whole census as JSON on stdout
  --symvers FILE   Module.symvers telling which symbols Debian's vmlinux exports
                   (default: build/real-modules/Module.symvers, if fetched)
  -h, --help       this text
`;

/** The summary line: the figure README.md quotes. */
export function censusSummary(c: Census): string {
  const n = c.kernelNeeded.length, m = c.kernelProvided.length;
  const pct = n ? ((100 * m) / n).toFixed(1) : '0.0';
  return `${n} distinct kernel symbols needed, ${m} provided by kmodlab's kernel (${pct}%), ` +
    `${c.complete.length} modules whose every kernel import is provided`;
}

/** `progress`: stderr is a terminal, so a long read may say how far it got. */
export function censusMain(argv: string[], out: (s: string) => void, err: (s: string) => void, progress = false): number {
  let dir: string | undefined, symvers: string | undefined, top = 40, json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { out(CENSUS_HELP); return 0; }
    if (a === '--json') json = true;
    else if (a === '--top' || a === '--symvers') {
      const v = argv[++i];
      if (v === undefined) { err(`bulk --missing: option '${a}' needs a value\n`); return 2; }
      if (a === '--symvers') symvers = v;
      else if (/^\d+$/.test(v)) top = Number(v);
      else { err(`bulk --missing: --top: '${v}' is not a number\n`); return 2; }
    } else if (a.startsWith('-')) { err(`bulk --missing: unknown option '${a}' (see kmodlab bulk --missing --help)\n`); return 2; }
    else if (dir !== undefined) { err(`bulk --missing: one DIR only ('${dir}', '${a}')\n`); return 2; }
    else dir = a;
  }
  dir ??= join(REAL_DIR, 'modules');
  if (!existsSync(dir)) { err(`bulk --missing: ${dir}: no such directory (run 'make real-modules')\n`); return 1; }
  if (!statSync(dir).isDirectory()) { err(`bulk --missing: ${dir}: not a directory\n`); return 1; }
  if (symvers !== undefined && !existsSync(symvers)) { err(`bulk --missing: ${symvers}: no such file\n`); return 1; }

  // Progress only where someone watches and only once it takes a while.
  const t0 = performance.now();
  let shown = false;
  const onProgress = (done: number, total: number) => {
    if (done !== total && done % 50) return;
    if (!shown && performance.now() - t0 < 1000) return;
    shown = true;
    err(`\rreading modules: ${done}/${total}${done === total ? '\n' : ''}`);
  };
  const c = exportsCensus({ dir, symvers, onProgress: progress ? onProgress : undefined });
  if (c.modules.length === 0) { err(`bulk --missing: ${dir}: no .ko files\n`); return 1; }
  const ranked = top === 0 ? c.missing : c.missing.slice(0, top);

  if (json) {
    out(JSON.stringify({
      dir: c.dir, modules: c.modules.length, importedSymbols: c.imported, providedByModules: c.providedByModules,
      kernelSymbolsNeeded: c.kernelNeeded.length, providedByKernel: c.kernelProvided.length,
      modulesComplete: c.complete.length, modulesLoadable: c.loadable.length,
      missing: ranked.map((s) => ({ symbol: s.symbol, count: s.modules.length, modules: s.modules, ...(s.inDebianVmlinux !== undefined && { inDebianVmlinux: s.inDebianVmlinux }) })),
      providedSymbols: c.kernelProvided, completeModules: c.complete, loadableModules: c.loadable,
    }, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(6, ...ranked.map((s) => s.symbol.length));
  out(`kernel symbols the modules of ${dir} import that kmodlab's kernel does not export\n`);
  out(`(${ranked.length === c.missing.length ? 'all' : `the first ${ranked.length} of`} ${c.missing.length}, by how many modules need them):\n\n`);
  out(`${'count'.padStart(5)}  ${'symbol'.padEnd(width)}  modules\n`);
  for (const s of ranked) {
    const eg = s.modules.slice(0, 3).join(', ') + (s.modules.length > 3 ? ', …' : '');
    out(`${String(s.modules.length).padStart(5)}  ${s.symbol.padEnd(width)}  ${eg}\n`);
  }
  const notDebian = c.missing.filter((s) => s.inDebianVmlinux === false).length;
  out(`\n${c.modules.length} modules import ${c.imported} distinct symbols; ${c.providedByModules} of them are provided by modules of the tree.\n`);
  if (c.missing.some((s) => s.inDebianVmlinux !== undefined)) {
    out(notDebian ? `${notDebian} of the missing symbols are not exported by Debian's vmlinux either.\n` : `Debian's vmlinux exports every missing symbol (Module.symvers).\n`);
  }
  out(`${censusSummary(c)} (${c.loadable.length} with the modules they import from).\n`);
  return 0;
}

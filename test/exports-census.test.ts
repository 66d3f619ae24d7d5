// `kmodlab bulk --missing`: the census of the kernel symbols Debian's module tree imports, checked
// against binutils' readelf (the modules' undefined symbols, the kernel image's __ksymtab_*
// entries) and against the loader itself (insmod of a module counted complete, and of one that
// needs the most wanted missing symbol).
import { describe, it, expect, beforeAll } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { moduleTree, bulkLoad } from '../tools/bulk.ts';
import { parseSymvers } from '../kernel/module/symvers.ts';
import { scenario, messages } from './helpers.ts';

const KMODLAB = join(REPO_ROOT, 'tools', 'kmodlab');
const REAL = join(REPO_ROOT, 'build', 'real-modules');
const MODDIR = join(REAL, 'modules');
const SYMVERS = join(REAL, 'Module.symvers');
const VMLINUX = join(REPO_ROOT, 'build', 'kernel', 'vmlinux');
const READELF = 'aarch64-linux-gnu-readelf';
const have = existsSync(join(REAL, '.stamp')) && existsSync(MODDIR);
if (!have) console.warn(`exports census tests skipped: ${REAL} was not fetched (run 'make real-modules')`);

const kmodlab = (args: string[]) => spawnSync(KMODLAB, args, { encoding: 'utf8', timeout: 120_000, maxBuffer: 64 << 20 });

/** readelf -sW: [name, ndx, type] of every symbol. */
function readelfSymbols(path: string): { name: string; ndx: string; type: string }[] {
  const r = spawnSync(READELF, ['-sW', path], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${READELF} -sW ${path}: ${r.stderr}`);
  const out = [];
  for (const line of r.stdout.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length === 8 && /^\d+:$/.test(f[0])) out.push({ name: f[7], ndx: f[6], type: f[3] });
  }
  return out;
}
const undefinedIn = (path: string) => new Set(readelfSymbols(path).filter((s) => s.ndx === 'UND' && s.name).map((s) => s.name));

interface CensusJson {
  modules: number; importedSymbols: number; providedByModules: number;
  kernelSymbolsNeeded: number; providedByKernel: number; modulesComplete: number; modulesLoadable: number;
  missing: { symbol: string; count: number; modules: string[]; inDebianVmlinux?: boolean }[];
  providedSymbols: string[]; completeModules: string[]; loadableModules: string[];
}

describe.skipIf(!have)('kmodlab bulk --missing on Debian\'s 6.1 arm64 modules', () => {
  let census: CensusJson, text: string, paths: Map<string, string>, kernelExports: Set<string>;
  beforeAll(() => {
    const j = kmodlab(['bulk', '--missing', '--json', '--top', '0']);
    expect(j.status, j.stderr).toBe(0);
    census = JSON.parse(j.stdout);
    const t = kmodlab(['bulk', '--missing']);
    expect(t.status, t.stderr).toBe(0);
    text = t.stdout;
    paths = new Map(moduleTree(MODDIR).map((m) => [m.name, m.path]));
    // The image's export table as binutils sees it: one __ksymtab_NAME symbol per export.
    kernelExports = new Set(readelfSymbols(VMLINUX).filter((s) => s.name.startsWith('__ksymtab_') && s.type !== 'SECTION').map((s) => s.name.slice('__ksymtab_'.length)));
  });

  it('prints the summary line with consistent counts', () => {
    const c = census;
    expect(c.modules).toBe(paths.size);
    expect(c.providedByKernel + c.missing.length).toBe(c.kernelSymbolsNeeded);
    expect(c.providedByModules + c.kernelSymbolsNeeded).toBe(c.importedSymbols);
    expect(c.completeModules.length).toBe(c.modulesComplete);
    expect(c.loadableModules.every((m) => c.completeModules.includes(m))).toBe(true);
    // Sanity bounds, not figures: Debian's modules need thousands of kernel symbols; kmodlab has some.
    expect(c.kernelSymbolsNeeded).toBeGreaterThan(1000);
    expect(c.providedByKernel).toBeGreaterThan(50);
    expect(c.modulesComplete).toBeGreaterThan(10);
    const pct = ((100 * c.providedByKernel) / c.kernelSymbolsNeeded).toFixed(1);
    expect(text).toContain(`${c.kernelSymbolsNeeded} distinct kernel symbols needed, ${c.providedByKernel} provided by kmodlab's kernel (${pct}%), ${c.modulesComplete} modules whose every kernel import is provided`);
    expect(text).toContain(`${c.providedByModules} of them are provided by modules of the tree`);
    // --top 40 by default, most needed first.
    const rows = text.split('\n').filter((l) => /^\s+\d+ {2}\S/.test(l));
    expect(rows).toHaveLength(40);
    expect(rows[0]).toMatch(new RegExp(`^\\s+${c.missing[0].count}  ${c.missing[0].symbol.replace(/[$.]/g, '\\$&')} `));
    const counts = c.missing.map((s) => s.count);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });

  it('lists symbols that really are undefined in the modules it names, and that are kernel symbols', () => {
    const symvers = new Map(parseSymvers(readFileSync(join(REAL, 'Module.symvers'), 'utf8')).map((e) => [e.symbol, e.module]));
    for (const s of census.missing.slice(0, 15)) {
      expect(s.count).toBe(s.modules.length);
      for (const m of s.modules.slice(0, 3)) expect(undefinedIn(paths.get(m)!), `${s.symbol} in ${m}`).toContain(s.symbol);
      // Not a module's export: Debian's own Module.symvers puts it in vmlinux.
      expect(symvers.get(s.symbol), s.symbol).toBe('vmlinux');
      expect(s.inDebianVmlinux).toBe(true);
    }
    // Symbols modules of the tree export are provided by modules, never listed.
    for (const s of census.missing) expect(paths.has(symvers.get(s.symbol)?.replace(/.*\//, '').replace(/-/g, '_') ?? 'vmlinux'), s.symbol).toBe(false);
  });

  it('never lists a symbol the kernel image exports as missing', () => {
    expect(kernelExports.size).toBeGreaterThan(50);
    for (const s of census.missing) expect(kernelExports.has(s.symbol), s.symbol).toBe(false);
    for (const s of census.providedSymbols) expect(kernelExports.has(s), s).toBe(true);
  });

  it('counts a module whose every import the kernel provides as such, and insmod agrees', () => {
    // One that imports from the kernel alone, so insmod needs no other module.
    const name = census.completeModules.find((m) => [...undefinedIn(paths.get(m)!)].every((s) => kernelExports.has(s)));
    expect(name).toBeDefined();
    expect(census.loadableModules).toContain(name);
    const r = scenario(`boot symvers=${SYMVERS} moddir=${MODDIR}\ninsmod ${paths.get(name!)}\nlsmod\ndmesg`);
    expect(r.text).not.toContain('Unknown symbol');
    expect(r.text).not.toContain('insmod: ERROR');
    expect(r.out.some((l) => l.startsWith(`${name} `))).toBe(true);
  });

  it('the modules it says can load are the ones kmodlab bulk loads', () => {
    const { results, kernel } = bulkLoad({ dir: MODDIR, symvers: SYMVERS });
    kernel.close();
    // the kernel services ported so far let at least 300 of Debian's modules initialise
    expect(results.filter((r) => r.outcome.kind === 'initialised').length).toBeGreaterThanOrEqual(300);
    const loadable = new Set(census.loadableModules);
    const outcome = new Map(results.map((r) => [r.module.name, r.outcome]));
    for (const r of results) {
      // Unresolved or lacking a dependency: the census must not have counted it loadable; the
      // other way round only a refusal or a failing init -- its own, or a loadable
      // dependency's -- may keep a loadable module out.
      if (r.outcome.kind === 'initialised') expect(loadable.has(r.module.name), r.module.name).toBe(true);
      else if (loadable.has(r.module.name)) {
        expect(r.outcome.kind, r.module.name).toMatch(/^(refused|init failed|dependency)$/);
        if (r.outcome.kind === 'dependency') {
          for (const d of r.outcome.missing) {
            expect(loadable.has(d), `${r.module.name} needs ${d}`).toBe(true);
            expect(outcome.get(d)?.kind, `${r.module.name} needs ${d}`).toMatch(/^(refused|init failed|dependency)$/);
          }
        }
      }
    }
  });

  it('a module needing the most wanted missing symbol is refused naming it', () => {
    const top = census.missing[0];
    const mod = top.modules[0];
    expect(census.completeModules).not.toContain(mod);
    const r = scenario(`boot symvers=${SYMVERS} moddir=${MODDIR}\ninsmod ${paths.get(mod)}\ndmesg`);
    expect(r.out).toContain(`insmod: ERROR: could not insert module ${paths.get(mod)}: Unknown symbol in module`);
    expect(messages(r.out)).toContain(`${mod}: Unknown symbol ${top.symbol} (err -2)`);
  });

  it('--top N ranks N symbols; bad input is a clear error without a stack trace', () => {
    const t = kmodlab(['bulk', '--missing', '--top', '3']);
    expect(t.stdout.split('\n').filter((l) => /^\s+\d+ {2}\S/.test(l))).toHaveLength(3);
    const none = kmodlab(['bulk', '--missing', join(REPO_ROOT, 'build', 'no-such-tree')]);
    expect(none.status).toBe(1);
    expect(none.stderr).toContain(`no such directory (run 'make real-modules')`);
    const bad = kmodlab(['bulk', '--missing', '--top', 'many']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(`--top: 'many' is not a number`);
    for (const r of [none, bad]) expect(r.stderr).not.toMatch(/\n\s+at /);
    const help = kmodlab(['bulk', '--missing', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--top N');
  });
});

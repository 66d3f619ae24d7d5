// modprobe over a module directory depmod never indexed (a Debian tree unpacked as it is): the
// machine's modprobe (modprobe.ts) loads NAME this way when /lib/modules/<release> has no
// modules.dep.bin. NAME.ko anywhere under the directory (kmod's '-' == '_' rule), else the
// first module, by name, whose .modinfo alias= pattern matches NAME (as modules.alias would);
// its .modinfo depends= modules are loaded first, without options, softdeps or messages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load_module } from '../../kernel/module/main.ts';
import { KernelError, EEXIST } from '../../kernel/errno.ts';
import { kmodOpen } from './libkmod-elf.ts';
import { pathToModname, modnameNormalize, aliasNormalize } from './libkmod-util.ts';
import { fnmatch } from './libkmod-index.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { ENOENT } from '../../kernel/errno.ts';
import { findModule } from '../../kernel/module/lookup.ts';

interface DirIndex {
  /** module name → file */
  files: Map<string, string>;
  /** [alias pattern, module name], read on the first alias lookup */
  aliases?: [string, string][];
}
// A cache of the host's directories (what is in them, not machine state): walked once per process.
const indexes = new Map<string, DirIndex>();

function walk(dir: string, out: Map<string, string>) {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ko') && !out.has(pathToModname(e.name))) out.set(pathToModname(e.name), p);
  }
}

function dirIndex(dir: string): DirIndex {
  let ix = indexes.get(dir);
  if (!ix) {
    const files = new Map<string, string>();
    walk(dir, files);
    indexes.set(dir, (ix = { files }));
  }
  return ix;
}

function modinfo(path: string): [string, string][] {
  const elf = kmodOpen(path);
  if (typeof elf === 'number') return [];
  const info = elf.modinfo();
  return typeof info === 'number' ? [] : info;
}

/**
 * The module (name, file) modprobe would load for `name` from `dir`: NAME.ko anywhere under
 * it, else the first module, by name, with a matching alias= pattern.
 */
export function directoryLookup(dir: string, name: string): { name: string; path: string } | undefined {
  const ix = dirIndex(dir);
  const normal = aliasNormalize(name) ?? name;
  const direct = ix.files.get(normal);
  if (direct) return { name: normal, path: direct };
  if (!ix.aliases) {
    ix.aliases = [];
    for (const [m, p] of [...ix.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const [key, value] of modinfo(p)) if (key === 'alias') ix.aliases.push([value, m]);
    }
  }
  const hit = ix.aliases.find(([pattern]) => fnmatch(pattern, name));
  return hit ? { name: hit[1], path: ix.files.get(hit[1])! } : undefined;
}

/**
 * Loads `name` and its depends= from host directory `dir` on CPU `cpu`: 0 when it is (now)
 * loaded, -ENOENT when the directory has no such module, 1 when something did not load.
 */
export function directoryModprobe(k: Kernel, dir: string, name: string, cpu: number, options = ''): number {
  const target = directoryLookup(dir, name);
  if (!target) return -ENOENT;
  const visiting = new Set<string>();
  const load = (m: string, path: string): boolean => {
    const have = findModule(k, m);
    if (have && have.state !== 'UNFORMED') return true;
    if (visiting.has(m)) return false;
    visiting.add(m);
    const deps = (modinfo(path).find(([key]) => key === 'depends')?.[1] ?? '').split(',').filter(Boolean);
    for (const d of deps) {
      const dp = dirIndex(dir).files.get(modnameNormalize(d));
      if (!dp || !load(modnameNormalize(d), dp)) return false;
    }
    try {
      // the command line's parameters are the named module's, not its dependencies'
      load_module(k, new Uint8Array(readFileSync(path)), path, m === target.name ? options : '', {}, cpu);
      return true;
    } catch (e) {
      return e instanceof KernelError && e.errno === EEXIST;
    }
  };
  return load(target.name, target.path) ? 0 : 1;
}

// libkmod's modules (libkmod.c's kmod_ctx, libkmod-module.c): the module pool of one tool
// run over the machine's module directory -- lookup by name, alias, symbol and built-in
// (kmod_module_new_from_lookup), paths and dependencies from modules.dep.bin, softdeps,
// options, install/remove commands and the blacklist from modprobe.d, the initstate,
// refcount and holders of a loaded module -- and a built-in module's .modinfo.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import type { Kernel } from '../../kernel/kernel.ts';
import { ENOENT } from '../../kernel/errno.ts';
import { module_refcount } from '../../kernel/module/main.ts';
import { sysfsHolders } from '../../kernel/fs.ts';
import { kernelBuiltins } from '../../kernel/initcalls.ts';
import { IndexReader, fnmatch } from './libkmod-index.ts';
import { aliasNormalize, pathToModname } from './libkmod-util.ts';
import { loadConfig, type Config } from './libkmod-config.ts';
import { MODDIR, type ModuleFiles } from './machine.ts';
import { findModule } from '../../kernel/module/lookup.ts';


export class KMod {
  path: string | null | undefined = undefined;
  deps: KMod[] | null = null;
  builtin: boolean | undefined = undefined;
  installCmd: string | null | undefined = undefined;
  visited = false;
  required = false;
  ignorecmd = false;
  constructor(readonly name: string, readonly alias: string | null) {}
}

const INDEX_FILES = ['modules.dep', 'modules.alias', 'modules.symbols', 'modules.builtin.alias', 'modules.builtin'] as const;
export type IndexName = (typeof INDEX_FILES)[number];

/** kmod_ctx: the configuration, the indexes and the module pool of one modprobe run. */
export class LibKmod {
  readonly cfg: Config;
  private readonly indexes = new Map<IndexName, IndexReader | null>();
  private readonly pool = new Map<string, KMod>();
  constructor(readonly k: Kernel, readonly files: ModuleFiles, log: (prio: number, msg: string) => void = () => {}) {
    this.cfg = loadConfig(files, log);
  }

  index(name: IndexName): IndexReader | null {
    if (!this.indexes.has(name)) {
      let r: IndexReader | null = null;
      try { r = new IndexReader(new Uint8Array(readFileSync(join(this.files.moddir, `${name}.bin`)))); } catch { r = null; }
      this.indexes.set(name, r);
    }
    return this.indexes.get(name)!;
  }

  fromName(name: string): KMod {
    let m = this.pool.get(name);
    if (!m) this.pool.set(name, (m = new KMod(name, null)));
    return m;
  }

  fromAlias(alias: string, name: string): KMod {
    const key = `${name}\\${alias}`;
    let m = this.pool.get(key);
    if (!m) {
      m = new KMod(name, alias);
      const base = this.pool.get(name);
      if (base) { m.path = base.path; m.deps = base.deps; }
      this.pool.set(key, m);
    }
    return m;
  }

  fromPath(path: string): KMod {
    const m = this.fromName(pathToModname(path));
    if (m.path === undefined || m.path === null) m.path = path;
    return m;
  }

  private depline(m: KMod): boolean {
    const line = this.index('modules.dep')?.search(m.name) ?? null;
    if (line === null) return false;
    const colon = line.indexOf(':');
    const abs = (p: string) => (p.startsWith('/') ? p : `${MODDIR}/${p}`);
    if (m.path === undefined || m.path === null) m.path = abs(line.slice(0, colon));
    const deps: KMod[] = [];
    for (const p of line.slice(colon + 1).split(/[\t ]+/).filter(Boolean)) deps.unshift(this.fromPath(abs(p)));
    m.deps = deps;
    return true;
  }

  getPath(m: KMod): string | null {
    if (m.path === undefined) {
      m.path = null;
      this.depline(m);
    }
    return m.path ?? null;
  }

  dependencies(m: KMod): KMod[] {
    if (m.deps === null) {
      m.deps = [];
      this.depline(m);
    }
    return m.deps ?? [];
  }

  isBuiltin(m: KMod): boolean {
    if (m.builtin === undefined) m.builtin = this.index('modules.builtin')?.search(m.name) != null || kernelBuiltins(this.k).has(m.name);
    return m.builtin;
  }

  /** kmod_module_get_initstate: 'builtin' | 'live' | 'coming' | 'going' | -ENOENT. */
  initstate(m: KMod): 'builtin' | 'live' | 'coming' | 'going' | number {
    if (this.isBuiltin(m)) return 'builtin';
    const km = findModule(this.k, m.name);
    if (!km || km.state === 'UNFORMED') return -ENOENT;
    return km.state === 'LIVE' ? 'live' : km.state === 'COMING' ? 'coming' : 'going';
  }

  refcnt(m: KMod): number {
    const km = findModule(this.k, m.name);
    // /sys/module/M/refcnt exists only with CONFIG_MODULE_UNLOAD.
    if (!km || km.state === 'UNFORMED' || !this.k.opts.moduleUnload) return -ENOENT;
    return module_refcount(this.k, km);
  }

  holders(m: KMod): KMod[] {
    const km = findModule(this.k, m.name);
    if (!km) return [];
    return sysfsHolders(km).map((h) => this.fromName(h));
  }

  installCommand(m: KMod): string | null {
    if (m.installCmd === undefined) m.installCmd = this.cfg.install.find((c) => fnmatch(c.modname, m.name))?.command ?? null;
    return m.installCmd;
  }

  removeCommand(m: KMod): string | null {
    return this.cfg.remove.find((c) => fnmatch(c.modname, m.name))?.command ?? null;
  }

  options(m: KMod): string | null {
    const parts = this.cfg.options.filter((o) => o.modname === m.name || (m.alias !== null && o.modname === m.alias)).map((o) => o.options).filter((s) => s.length);
    return parts.length ? parts.join(' ') : null;
  }

  softdeps(m: KMod): { pre: KMod[]; post: KMod[] } {
    const sd = this.cfg.softdeps.find((s) => fnmatch(s.name, m.name));
    if (!sd) return { pre: [], post: [] };
    const look = (names: string[]) => names.flatMap((n) => this.lookup(n));
    return { pre: look(sd.pre), post: look(sd.post) };
  }

  isBlacklisted(m: KMod): boolean {
    return this.cfg.blacklists.includes(m.name);
  }

  /** kmod_module_new_from_lookup */
  lookup(given: string): KMod[] {
    const name = aliasNormalize(given);
    if (name === null) return [];
    // 1. modprobe.d aliases
    const fromCfg = this.cfg.aliases.filter((a) => fnmatch(a.name, name)).map((a) => this.fromAlias(a.name, a.modname));
    if (fromCfg.length) return fromCfg;
    // 2. modules.dep
    if (!name.includes(':')) {
      const line = this.index('modules.dep')?.search(name) ?? null;
      if (line !== null) {
        const m = this.fromName(name);
        if (m.deps === null) this.dependencies(m);
        return [m];
      }
    }
    // 3. modules.symbols
    if (name.startsWith('symbol:')) {
      const r = this.index('modules.symbols')?.searchWild(name) ?? [];
      if (r.length) return r.map((v) => this.fromAlias(name, v.value));
    }
    // 4. install commands
    const ic = this.cfg.install.find((c) => c.modname === name);
    if (ic) {
      const m = this.fromName(name);
      m.installCmd = ic.command;
      return [m];
    }
    // 5. modules.alias
    const al = this.index('modules.alias')?.searchWild(name) ?? [];
    if (al.length) return al.map((v) => this.fromAlias(name, v.value));
    // 6. modules.builtin (and the running kernel's own list)
    if (this.index('modules.builtin')?.search(name) != null || kernelBuiltins(this.k).has(name)) {
      const m = this.fromName(name);
      m.builtin = true;
      return [m];
    }
    // 7. modules.builtin.alias
    const ba = this.index('modules.builtin.alias')?.searchWild(name) ?? [];
    return ba.map((v) => {
      const m = this.fromAlias(name, v.value);
      m.builtin = true;
      return m;
    });
  }

  resetVisited() {
    for (const m of this.pool.values()) { m.visited = false; m.required = false; }
  }
}

/** kmod_module_new_from_lookup for other tools (modinfo): name, built-in or not, machine path. */
export function lookupModules(k: Kernel, files: ModuleFiles, name: string): { name: string; builtin: boolean; path: string | null }[] {
  const lib = new LibKmod(k, files);
  return lib.lookup(name).map((m) => ({ name: m.name, builtin: lib.isBuiltin(m) && lib.getPath(m) === null, path: lib.getPath(m) }));
}

/** A built-in module's .modinfo (libkmod-builtin.c): its "mod.key=value" entries in modules.builtin.modinfo. */
export function builtinModinfo(k: Kernel, files: ModuleFiles, name: string): [string, string][] {
  let data = '';
  for (const f of [join(files.moddir, 'modules.builtin.modinfo'), join(dirname(k.opts.image), 'modules.builtin.modinfo')]) {
    try { data = readFileSync(f, 'latin1'); break; } catch { /* next */ }
  }
  const out: [string, string][] = [];
  for (const e of data.split('\0')) {
    if (!e.startsWith(`${name}.`)) continue;
    const kv = e.slice(name.length + 1);
    const eq = kv.indexOf('=');
    if (eq > 0) out.push([kv.slice(0, eq), kv.slice(eq + 1)]);
  }
  return out;
}

// depmod as kmod 30 (Debian bookworm's 30+20221128, tools/depmod.c over libkmod) writes it:
// modules.dep, modules.alias, modules.softdep, modules.symbols, modules.devname and the binary
// indexes modules.dep.bin, modules.alias.bin, modules.symbols.bin, modules.builtin.bin and
// modules.builtin.alias.bin, byte for byte, in kmod's order:
//  - modules are found by walking DIR (readdir order, "build" and "source" skipped), keyed by
//    name in kmod's hash (hash_superfast, 512 buckets, entries sorted in a bucket); the module
//    array is that hash's iteration order, then stably sorted by modules.order when it exists;
//  - symbols go into a 2048-bucket hash (the last exporter of a name wins); modules.symbols is
//    that hash's iteration order;
//  - dependencies are the owners of the undefined symbols, in symbol order, then a topological
//    sort (a stack of modules nobody uses); each modules.dep line lists every dependency,
//    nearest first; a cycle is reported as kmod reports it and nothing is written;
//  - index values carry the module's position in the array as their priority.
import { opendirSync, statSync, readFileSync, writeFileSync, renameSync, unlinkSync, existsSync, type Dirent } from 'node:fs';
import { release } from 'node:os';
import { IndexBuilder, IndexError } from './libkmod-index.ts';
import { kmodOpen, ElfAssertion, KMOD_SYMBOL_WEAK, type KmodSymbol } from './libkmod-elf.ts';
import { getoptLong, type LongOpt } from './getopt.ts';
import { pathToModname, pathEndsWithKmodExt, aliasNormalize } from './libkmod-util.ts';
import { KMOD_VERSION_TEXT, errnoOf } from './libkmod.ts';
import { strerror, EINVAL } from '../../kernel/errno.ts';

const DEFAULT_CFG_PATHS = ['/run/depmod.d', '/etc/depmod.d', '/lib/depmod.d'];

// ---- kmod's hash (shared/hash.c) ----------------------------------------------------------

/** hash_superfast over the key's bytes (chars are signed on the hosts kmod is built for).
 *  Written out without helpers: it runs once per key, mostly before the JIT has compiled it. */
export function hashSuperfast(key: string): number {
  let len = key.length;
  let hash = len >>> 0;
  const rem = len & 3;
  let p = 0;
  len >>>= 2;
  for (; len > 0; len--) {
    hash = (hash + ((key.charCodeAt(p) & 0xff) | ((key.charCodeAt(p + 1) & 0xff) << 8))) >>> 0;
    const tmp = ((((key.charCodeAt(p + 2) & 0xff) | ((key.charCodeAt(p + 3) & 0xff) << 8)) << 11) ^ hash) >>> 0;
    hash = ((hash << 16) ^ tmp) >>> 0;
    p += 4;
    hash = (hash + (hash >>> 11)) >>> 0;
  }
  switch (rem) {
    case 3:
      hash = (hash + ((key.charCodeAt(p) & 0xff) | ((key.charCodeAt(p + 1) & 0xff) << 8))) >>> 0;
      hash = (hash ^ (hash << 16)) >>> 0;
      hash = (hash ^ ((((key.charCodeAt(p + 2) & 0xff) << 24) >> 24) << 18)) >>> 0;
      hash = (hash + (hash >>> 11)) >>> 0;
      break;
    case 2:
      hash = (hash + ((key.charCodeAt(p) & 0xff) | ((key.charCodeAt(p + 1) & 0xff) << 8))) >>> 0;
      hash = (hash ^ (hash << 11)) >>> 0;
      hash = (hash + (hash >>> 17)) >>> 0;
      break;
    case 1:
      hash = (hash + (((key.charCodeAt(p) & 0xff) << 24) >> 24)) >>> 0;
      hash = (hash ^ (hash << 10)) >>> 0;
      hash = (hash + (hash >>> 1)) >>> 0;
  }
  hash = (hash ^ (hash << 3)) >>> 0;
  hash = (hash + (hash >>> 5)) >>> 0;
  hash = (hash ^ (hash << 4)) >>> 0;
  hash = (hash + (hash >>> 17)) >>> 0;
  hash = (hash ^ (hash << 25)) >>> 0;
  hash = (hash + (hash >>> 6)) >>> 0;
  return hash;
}

/** A map iterated the way kmod's hash iterates: bucket by bucket, keys sorted within one. */
export class KmodHash<V> {
  private readonly map = new Map<string, V>();
  /** The iteration order, kept until the next change (depmod writes the symbols twice). */
  private order: [string, V][] | null = null;
  constructor(private readonly nBuckets: number) {}
  /** hash_add: replaces an existing key's value. */
  add(key: string, value: V) { this.map.set(key, value); this.order = null; }
  /** hash_add_unique: false if the key exists. */
  addUnique(key: string, value: V): boolean {
    if (this.map.has(key)) return false;
    this.map.set(key, value);
    this.order = null;
    return true;
  }
  find(key: string): V | undefined { return this.map.get(key); }
  del(key: string) { this.map.delete(key); this.order = null; }
  get count() { return this.map.size; }
  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries()[Symbol.iterator]();
  }
  entries(): [string, V][] {
    if (this.order) return this.order;
    // keys dealt into their buckets, each (of a few keys) sorted by insertion: no comparator
    // calls nor generator, which cost more than the hashing when they run once, cold
    const buckets: [string, V][][] = new Array(this.nBuckets);
    const mask = this.nBuckets - 1;
    // forEach and indexed loops: for-of allocates an iterator result per item while cold
    this.map.forEach((v, key) => {
      const e: [string, V] = [key, v];
      const b = (buckets[hashSuperfast(key) & mask] ??= []);
      let k = b.length;
      b.push(e);
      for (; k > 0 && b[k - 1][0] > key; k--) b[k] = b[k - 1];
      b[k] = e;
    });
    const order: [string, V][] = [];
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i];
      if (b) for (let k = 0; k < b.length; k++) order.push(b[k]);
    }
    return (this.order = order);
  }
}

// ---- depmod -------------------------------------------------------------------------------

interface Mod {
  path: string;
  relpath: string | null;
  uncrelpath: string | null;
  modname: string;
  baselen: number;
  sortIdx: number;
  depSortIdx: number;
  idx: number;
  users: number;
  visited: boolean;
  /** The module whose dependencies last took this one (each is taken once), and the walk of
   *  allSortedDependencies that last found it: marks instead of searching arrays. */
  takenBy: Mod | null;
  walk: number;
  deps: Mod[];
  info: [string, string][];
  depSyms: KmodSymbol[] | null;
}

interface Sym { name: string; owner: Mod | null; crc: bigint }

interface CfgSearch { type: 'path' | 'builtin' | 'external'; path: string }

interface Cfg {
  kversion: string;
  dirname: string;
  symPrefix: string;
  checkSymvers: boolean;
  printUnknown: boolean;
  warnDups: boolean;
  overrides: string[];
  searches: CfgSearch[];
  externals: string[];
  excludes: string[];
}

export interface DepmodIo {
  /** Bytes for stdout (a latin1 string). */
  stdout(s: string): void;
  stderr(s: string): void;
}

export interface DepmodEnv {
  /** uname -r when no VERSION is given (default: the host's). */
  uname?: string;
  /** For -b relative paths. */
  cwd?: string;
  /** Configuration directories (default /run/depmod.d, /etc/depmod.d, /lib/depmod.d). */
  configPaths?: string[];
  /** Maps a path as depmod names it to the host path that holds it (the machine's /lib/modules). */
  mapPath?: (p: string) => string;
  prog?: string;
}

class Fatal extends Error {}

/** The .modinfo keys the outputs read. */
const DEPMOD_MODINFO = ['alias', 'softdep'];

class Depmod {
  readonly modules: Mod[] = [];
  readonly byUncrelpath = new KmodHash<Mod>(512);
  readonly byName = new KmodHash<Mod>(512);
  readonly symbols = new KmodHash<Sym>(2048);
  constructor(readonly cfg: Cfg, readonly io: DepmodIo, readonly prog: string, readonly fs: (p: string) => string, readonly verbose: number) {}

  log(prio: 'FATAL' | 'ERROR' | 'WARNING' | 'INFO' | 'DEBUG', msg: string) {
    const level = { FATAL: 2, ERROR: 3, WARNING: 4, INFO: 6, DEBUG: 7 }[prio];
    if (level > this.verbose) return;
    this.io.stderr(`${this.prog}: ${prio}: ${msg}`);
    if (prio === 'FATAL') throw new Fatal();
  }

  moduleAdd(path: string): boolean {
    const modname = pathToModname(path);
    const lastslash = path.lastIndexOf('/');
    const d = this.cfg.dirname;
    const relpath = path.startsWith(d) && path[d.length] === '/' ? path.slice(d.length + 1) : null;
    const mod: Mod = {
      path, relpath, uncrelpath: null, modname, baselen: lastslash, sortIdx: this.modules.length + 1, depSortIdx: 0x7fffffff,
      idx: 0, users: 0, visited: false, takenBy: null, walk: 0, deps: [], info: [], depSyms: null,
    };
    if (!this.byName.addUnique(modname, mod)) {
      this.log('ERROR', `hash_add_unique ${modname}: File exists\n`);
      return false;
    }
    if (relpath !== null) {
      const slash = relpath.lastIndexOf('/');
      mod.uncrelpath = relpath.slice(0, slash + modname.length + 1 + 3);
      if (!this.byUncrelpath.addUnique(mod.uncrelpath, mod)) {
        this.log('ERROR', `hash_add_unique ${mod.uncrelpath}: File exists\n`);
        this.byName.del(modname);
        return false;
      }
    }
    return true;
  }

  /** depmod_module_is_higher_priority: is the module already found preferred to newpath? */
  isHigherPriority(mod: Mod, newpath: string): boolean {
    const cfg = this.cfg;
    const d = cfg.dirname;
    const rel = (p: string) => (p.startsWith(d) ? p.slice(d.length + 1) : null);
    // Compared without the extension, like kmod's lengths (directory + modname).
    const stem = (p: string, modname: string) => p.slice(0, p.lastIndexOf('/') + 1 + modname.length);
    const newRel = rel(stem(newpath, mod.modname));
    const oldRel = rel(stem(mod.path, mod.modname));
    for (const ov of cfg.overrides) {
      if (newRel === ov) return false;
      if (oldRel === ov) return true;
    }
    let bprio = -1, oldprio = -1, newprio = -1;
    let i = 0;
    const startsWith = (p: string, prefix: string) => p.length > prefix.length && p[prefix.length] === '/' && p.startsWith(prefix);
    for (const se of cfg.searches) {
      if (se.type === 'builtin') bprio = i;
      else if (se.type === 'external') {
        for (const ext of cfg.externals) {
          if (startsWith(stem(newpath, mod.modname), ext)) newprio = i;
          if (startsWith(stem(mod.path, mod.modname), ext)) oldprio = i;
          i++;
        }
      } else if (newRel !== null && startsWith(newRel, se.path)) newprio = i;
      else if (oldRel !== null && startsWith(oldRel, se.path)) oldprio = i;
      i++;
    }
    if (newprio < 0) newprio = bprio;
    if (oldprio < 0) oldprio = bprio;
    return newprio <= oldprio;
  }

  searchFile(path: string, name: string) {
    if (!pathEndsWithKmodExt(name)) return;
    const modname = pathToModname(path);
    const old = this.byName.find(modname);
    if (old) {
      if (this.isHigherPriority(old, path)) return;
      if (old.uncrelpath !== null) this.byUncrelpath.del(old.uncrelpath);
      this.byName.del(old.modname);
    }
    // kmod_module_new_from_path stats the file here: searchDir has just found it a file
    if (!this.moduleAdd(path)) this.log('ERROR', `could not add module ${path}: File exists\n`);
  }

  searchDir(dir: string) {
    let d;
    try {
      // entries fetched 256 at a time (node's default is 32)
      d = opendirSync(this.fs(dir), { bufferSize: 256 });
    } catch (e) {
      return -errnoOf(e);
    }
    try {
      let de: Dirent | null;
      while ((de = d.readSync()) !== null) {
        const name = de.name;
        if (name === '.' || name === '..' || name === 'build' || name === 'source' || this.cfg.excludes.includes(name)) continue;
        const path = `${dir}/${name}`;
        let isDir: boolean;
        if (de.isFile()) isDir = false;
        else if (de.isDirectory()) isDir = true;
        else {
          try {
            const st = statSync(this.fs(path));
            if (st.isFile()) isDir = false;
            else if (st.isDirectory()) isDir = true;
            else {
              this.log('ERROR', `unsupported file type ${path}: ${(st.mode & 0o170000).toString(8)}\n`);
              continue;
            }
          } catch (e) {
            this.log('ERROR', `fstatat(${name}): ${strerror(errnoOf(e))}\n`);
            continue;
          }
        }
        if (isDir) {
          const err = this.searchDir(path);
          if (err < 0) this.log('ERROR', `openat(${name}, O_RDONLY): ${strerror(-err)}\n`);
        } else this.searchFile(path, name);
      }
    } finally {
      d.closeSync();
    }
    return 0;
  }

  buildArray() {
    const all = this.byName.entries();
    for (let i = 0; i < all.length; i++) {
      const mod = all[i][1];
      mod.idx = this.modules.length;
      this.modules.push(mod);
    }
  }

  /** depmod_modules_sort: modules listed in modules.order first, in its order (stable sort). */
  sortByOrder() {
    const text = this.dfdRead('modules.order');
    if (text === null) return;
    const lines = text.split(/(?<=\n)/);
    for (let i = 0; i < lines.length; i++) {
      if (!lines[i].endsWith('\n')) {
        this.log('ERROR', `${this.cfg.dirname}/modules.order:${i + 1} corrupted line misses '\\n'\n`);
        return;
      }
    }
    const total = lines.length + 1;
    lines.forEach((l, i) => {
      const mod = this.byUncrelpath.find(l.slice(0, -1));
      if (mod) mod.sortIdx = i + 1 - total;
    });
    this.modules.sort((a, b) => a.sortIdx - b.sortIdx);
    this.modules.forEach((m, i) => { m.idx = i; });
  }

  /** dfdopen(dirname, file): its text, or null after kmod's warning. */
  private dfdRead(file: string): string | null {
    const dir = this.cfg.dirname;
    if (!existsSync(this.fs(dir))) {
      this.log('WARNING', `could not open directory ${dir}: No such file or directory\n`);
      return null;
    }
    try {
      return readFileSync(this.fs(`${dir}/${file}`), 'latin1');
    } catch (e) {
      this.log('WARNING', `could not open ${file} at ${dir}: ${strerror(errnoOf(e))}\n`);
      return null;
    }
  }

  symbolAdd(name: string, prefixSkipped: boolean, crc: bigint, owner: Mod | null) {
    if (!prefixSkipped && this.cfg.symPrefix && name[0] === this.cfg.symPrefix) name = name.slice(1);
    this.symbols.add(name, { name, owner, crc });
  }

  symbolFind(name: string): Sym | undefined {
    if (name[0] === '.') name = name.slice(1);
    if (this.cfg.symPrefix && name[0] === this.cfg.symPrefix) name = name.slice(1);
    return this.symbols.find(name);
  }

  loadModules() {
    for (const mod of this.modules) {
      try {
        this.loadModule(mod);
      } catch (e) {
        // Where libkmod would abort on a failed assertion, the file counts as invalid here.
        if (!(e instanceof ElfAssertion)) throw e;
        this.log('ERROR', `failed to load symbols from ${mod.path}: ${strerror(EINVAL)}\n`);
      }
    }
  }

  private loadModule(mod: Mod) {
    // transient: all that is kept of the file is copied out below before the next one is read
    const elf = kmodOpen(this.fs(mod.path), true);
    if (typeof elf === 'number') {
      if (elf !== -2) this.log('ERROR', `failed to load symbols from ${mod.path}: ${strerror(-elf)}\n`);
      return;
    }
    // CRCs are only compared with -E: without it, none is read (nor a BigInt made for it)
    const crcs = this.cfg.checkSymvers;
    const syms = elf.symbols(crcs);
    if (typeof syms === 'number') {
      if (syms !== -2) this.log('ERROR', `failed to load symbols from ${mod.path}: ${strerror(-syms)}\n`);
    } else {
      for (let i = 0; i < syms.length; i++) this.symbolAdd(syms[i].symbol, false, syms[i].crc, mod);
    }
    // the outputs read aliases and softdeps: only they are kept until then
    const info = elf.modinfoOf(DEPMOD_MODINFO);
    if (typeof info !== 'number') mod.info = info;
    const deps = elf.dependencySymbols(crcs);
    mod.depSyms = typeof deps === 'number' ? null : deps;
  }

  loadDependencies() {
    // indexed loops here and below: for-of and destructuring allocate an iterator result per
    // item, in code that runs once and so mostly before it is compiled
    for (const mod of this.modules) {
      const depSyms = mod.depSyms;
      if (!depSyms) continue;
      for (let i = 0; i < depSyms.length; i++) {
        const ds = depSyms[i];
        const sym = this.symbolFind(ds.symbol);
        const weak = ds.bind === KMOD_SYMBOL_WEAK;
        if (!sym) {
          if (this.cfg.printUnknown && !weak) this.log('WARNING', `${mod.path} needs unknown symbol ${ds.symbol}\n`);
          continue;
        }
        if (this.cfg.checkSymvers && sym.crc !== ds.crc && !weak) {
          if (this.cfg.printUnknown) this.log('WARNING', `${mod.path} disagrees about version of symbol ${ds.symbol}\n`);
        }
        if (!sym.owner || sym.owner.takenBy === mod) continue;
        sym.owner.takenBy = mod;
        mod.deps.push(sym.owner);
        sym.owner.users++;
        if (this.verbose > 4) this.io.stdout(`${mod.path} needs "${sym.name}": ${sym.owner.path}\n`);
      }
    }
  }

  /** depmod_calculate_dependencies: false (after reporting) on a cycle. */
  calculateDependencies(): boolean {
    const n = this.modules.length;
    const users = this.modules.map((m) => m.users);
    const roots: number[] = [];
    users.forEach((u, i) => { if (u === 0) roots.push(i); });
    let nSorted = 0;
    while (roots.length) {
      const src = this.modules[roots.pop()!];
      src.depSortIdx = nSorted++;
      for (let i = 0; i < src.deps.length; i++) {
        const dst = src.deps[i];
        users[dst.idx]--;
        if (users[dst.idx] === 0) roots.push(dst.idx);
      }
    }
    if (nSorted < n) {
      this.reportCycles(users);
      return false;
    }
    for (const m of this.modules) if (m.deps.length > 1) m.deps.sort((a, b) => a.depSortIdx - b.depSortIdx);
    return true;
  }

  private reportCycles(users: number[]) {
    let roots: Mod[] = [];
    users.forEach((u, i) => { if (u > 0) roots.push(this.modules[i]); });
    const loopSet = new Set<string>();
    interface Vertex { parent: Vertex | null; mod: Mod }
    while (roots.length) {
      const rootMod = roots.shift()!;
      const root: Vertex = { parent: null, mod: rootMod };
      const stack: Vertex[] = [root];
      while (stack.length) {
        const vertex = stack.pop()!;
        const m = vertex.mod;
        if (m.visited && m === root.mod) {
          const reverse: Vertex[] = [];
          for (let v = vertex.parent; v; v = v.parent) {
            reverse.push(v);
            loopSet.add(v.mod.modname);
          }
          let buf = '';
          for (let i = reverse.length - 1; i >= 0; i--) {
            buf += `${reverse[i].mod.modname} -> `;
            const k = roots.indexOf(reverse[i].mod);
            if (k >= 0) roots.splice(k, 1);
          }
          buf += vertex.mod.modname;
          this.log('ERROR', `Cycle detected: ${buf}\n`);
          continue;
        }
        m.visited = true;
        if (!m.deps.length) {
          const k = roots.indexOf(m);
          if (k >= 0) roots.splice(k, 1);
          continue;
        }
        for (const dep of m.deps) stack.push({ parent: vertex, mod: dep });
      }
    }
    roots = [];
    this.log('ERROR', `Found ${loopSet.size} modules in dependency cycles!\n`);
  }

  private walks = 0;

  private allSortedDependencies(mod: Mod): Mod[] {
    const out: Mod[] = [];
    const walk = ++this.walks;
    const fill = (m: Mod) => {
      for (let i = 0; i < m.deps.length; i++) {
        const d = m.deps[i];
        if (d.walk === walk) continue;
        d.walk = walk;
        out.push(d);
        fill(d);
      }
    };
    fill(mod);
    return out.sort((a, b) => a.depSortIdx - b.depSortIdx);
  }

  private shown(m: Mod): string { return m.relpath ?? m.path; }

  private depLine(mod: Mod): string {
    let line = `${this.shown(mod)}:`;
    if (!mod.deps.length) return line;
    const all = this.allSortedDependencies(mod);
    for (let i = 0; i < all.length; i++) line += ` ${this.shown(all[i])}`;
    return line;
  }

  private depLines: string[] | null = null;

  /** Every module's line, once for modules.dep and modules.dep.bin. */
  private allDepLines(): string[] {
    return (this.depLines ??= this.modules.map((m) => this.depLine(m)));
  }

  outputDeps(): string {
    return this.allDepLines().join('\n') + (this.modules.length ? '\n' : '');
  }

  outputDepsBin(): Buffer {
    const idx = new IndexBuilder();
    const lines = this.allDepLines();
    for (const mod of this.modules) {
      const line = lines[mod.idx];
      if (idx.insert(mod.modname, line, mod.idx) && this.cfg.warnDups) this.log('WARNING', `duplicate module deps:\n${line}\n`);
    }
    return idx.write();
  }

  outputAliases(): string {
    let s = '# Aliases extracted from modules themselves.\n';
    for (const mod of this.modules) {
      for (let i = 0; i < mod.info.length; i++) if (mod.info[i][0] === 'alias') s += `alias ${mod.info[i][1]} ${mod.modname}\n`;
    }
    return s;
  }

  outputAliasesBin(): Buffer {
    const idx = new IndexBuilder();
    for (const mod of this.modules) {
      for (let i = 0; i < mod.info.length; i++) {
        if (mod.info[i][0] !== 'alias') continue;
        const v = mod.info[i][1];
        const alias = aliasNormalize(v);
        if (alias === null) {
          this.log('WARNING', `Unmatched bracket in ${v}\n`);
          continue;
        }
        if (idx.insert(alias, mod.modname, mod.idx) && this.cfg.warnDups) this.log('WARNING', `duplicate module alias:\n${alias} ${mod.modname}\n`);
      }
    }
    return idx.write();
  }

  outputSoftdeps(): string {
    let s = '# Soft dependencies extracted from modules themselves.\n';
    for (const mod of this.modules) {
      for (let i = 0; i < mod.info.length; i++) if (mod.info[i][0] === 'softdep') s += `softdep ${mod.modname} ${mod.info[i][1]}\n`;
    }
    return s;
  }

  outputSymbols(): string {
    let s = '# Aliases for symbols, used by symbol_request().\n';
    const all = this.symbols.entries();
    for (let i = 0; i < all.length; i++) {
      const sym = all[i][1];
      if (sym.owner) s += `alias symbol:${sym.name} ${sym.owner.modname}\n`;
    }
    return s;
  }

  outputSymbolsBin(): Buffer {
    const idx = new IndexBuilder();
    const all = this.symbols.entries();
    for (let i = 0; i < all.length; i++) {
      const sym = all[i][1];
      if (!sym.owner) continue;
      const alias = `symbol:${sym.name}`;
      if (idx.insert(alias, sym.owner.modname, sym.owner.idx) && this.cfg.warnDups) this.log('WARNING', `duplicate module syms:\n${alias} ${sym.owner.modname}\n`);
    }
    return idx.write();
  }

  outputBuiltinBin(): Buffer | null {
    const text = this.dfdRead('modules.builtin');
    if (text === null) return null;
    const idx = new IndexBuilder();
    for (const line of fgetsLines(text)) {
      if (!/^[A-Za-z]/.test(line)) {
        this.log('ERROR', `Invalid modules.builtin line: ${line}`);
        continue;
      }
      idx.insert(pathToModname(line.replace(/\n$/, '')), '', 0);
    }
    return idx.write();
  }

  outputBuiltinAliasBin(): Buffer | null {
    const data = this.dfdRead('modules.builtin.modinfo');
    if (data === null) return null;
    const idx = new IndexBuilder();
    // modname.key=value\0 ... (flush_stream_to: a NUL also ends a field)
    let p = 0;
    const field = (end: string): { text: string; ended: boolean } => {
      // up to the first of end, NUL, or the end of the data (sliced, not built a char at a time)
      let e = data.indexOf(end, p);
      const nul = data.indexOf('\0', p);
      if (e < 0 || (nul >= 0 && nul < e)) e = nul;
      if (e < 0) {
        const text = data.slice(p);
        p = data.length;
        return { text, ended: false };
      }
      const text = data.slice(p, e);
      p = e + 1;
      return { text, ended: data[e] === end };
    };
    while (p < data.length) {
      const m = field('.');
      const modname = m.ended ? m.text : '';
      if (!modname) continue;
      const k = field('=');
      const key = k.ended ? k.text : '';
      if (key !== 'alias') {
        if (k.ended) field('\0');
        continue;
      }
      const v = field('\0');
      const value = v.ended ? v.text : '';
      if (!value) continue;
      const alias = aliasNormalize(value);
      if (alias === null) {
        this.log('WARNING', `Unmatched bracket in ${value}\n`);
        continue;
      }
      idx.insert(alias, modname, 0);
    }
    return idx.write();
  }

  outputDevname(): string {
    let s = '';
    for (const mod of this.modules) {
      let devname: string | null = null;
      let type = '';
      let major = 0, minor = 0;
      for (let i = 0; i < mod.info.length; i++) {
        if (mod.info[i][0] !== 'alias') continue;
        const v = mod.info[i][1];
        let m: RegExpExecArray | null;
        if (v.startsWith('devname:')) devname = v.slice(8);
        else if ((m = /^char-major-(\d+)-(\d+)/.exec(v))) { type = 'c'; major = Number(m[1]) >>> 0; minor = Number(m[2]) >>> 0; }
        else if ((m = /^block-major-(\d+)-(\d+)/.exec(v))) { type = 'b'; major = Number(m[1]) >>> 0; minor = Number(m[2]) >>> 0; }
        if (type && devname !== null) break;
      }
      if (devname !== null) {
        if (type) {
          if (!s) s = '# Device nodes to trigger on-demand module loading.\n';
          s += `${mod.modname} ${devname} ${type}${major}:${minor}\n`;
        } else {
          this.log('ERROR', `Module '${mod.modname}' has devname (${devname}) but lacks major and minor information. Ignoring.\n`);
        }
      }
    }
    return s;
  }

  /** depmod_output: every file through a temporary name and a rename, or all to stdout (-n). */
  output(toStdout: boolean): number {
    const files: [string, () => string | Buffer | null][] = [
      ['modules.dep', () => this.outputDeps()],
      ['modules.dep.bin', () => this.outputDepsBin()],
      ['modules.alias', () => this.outputAliases()],
      ['modules.alias.bin', () => this.outputAliasesBin()],
      ['modules.softdep', () => this.outputSoftdeps()],
      ['modules.symbols', () => this.outputSymbols()],
      ['modules.symbols.bin', () => this.outputSymbolsBin()],
      ['modules.builtin.bin', () => this.outputBuiltinBin()],
      ['modules.builtin.alias.bin', () => this.outputBuiltinAliasBin()],
      ['modules.devname', () => this.outputDevname()],
    ];
    const dir = this.cfg.dirname;
    if (!toStdout && !existsSync(this.fs(dir))) {
      this.log('FATAL', `could not open directory ${dir}: No such file or directory\n`);
    }
    for (const [name, cb] of files) {
      const bin = name.endsWith('.bin');
      if (toStdout) {
        if (bin) continue;
        this.io.stdout(cb() as string);
        continue;
      }
      let r: string | Buffer | null;
      try {
        r = cb();
      } catch (e) {
        if (e instanceof IndexError) {
          this.io.stderr(`${this.prog}: FATAL: ${e.message}`);
          throw new Fatal();
        }
        throw e;
      }
      const tmp = `${this.fs(dir)}/${name}.${process.pid}.${Date.now() % 1000000}.${Math.floor(Date.now() / 1000)}`;
      try {
        writeFileSync(tmp, typeof r === 'string' ? Buffer.from(r, 'latin1') : r ?? Buffer.alloc(0), { mode: 0o644, flag: 'wx' });
        renameSync(tmp, `${this.fs(dir)}/${name}`);
      } catch (e) {
        try { unlinkSync(tmp); } catch { /* not there */ }
        this.log('ERROR', `Could not write index '${name}': ${strerror(errnoOf(e))}\n`);
        return -errnoOf(e);
      }
    }
    return 0;
  }

  addFakeSyms() {
    this.symbolAdd('__this_module', true, 0n, null);
    this.symbolAdd('_GLOBAL_OFFSET_TABLE_', true, 0n, null);
    if (!this.symbolFind('TOC.')) this.symbolAdd('TOC.', true, 0n, null);
  }

  loadSymvers(file: string): number {
    let text: string;
    try {
      text = readFileSync(this.fs(file), 'latin1');
    } catch (e) {
      return -errnoOf(e);
    }
    let linenum = 0;
    for (const line of fgetsLines(text)) {
      linenum++;
      const [ver, sym, where] = line.split(/[ \t]+/).filter(Boolean);
      if (!ver || !sym || !where) continue;
      if (where !== 'vmlinux') continue;
      if (!/^(0[xX])?[0-9a-fA-F]*$/.test(ver) || !/[0-9a-fA-F]$/.test(ver)) {
        this.log('ERROR', `${file}:${linenum} Invalid symbol version ${ver}: Success\n`);
        continue;
      }
      this.symbolAdd(sym, false, BigInt.asUintN(64, BigInt(ver.startsWith('0x') || ver.startsWith('0X') ? ver : `0x${ver}`)), null);
    }
    this.addFakeSyms();
    return 0;
  }

  loadSystemMap(file: string): number {
    let text: string;
    try {
      text = readFileSync(this.fs(file), 'latin1');
    } catch (e) {
      return -errnoOf(e);
    }
    let linenum = 0;
    for (const line of fgetsLines(text)) {
      linenum++;
      const a = line.indexOf(' ');
      const b = a < 0 ? -1 : line.indexOf(' ', a + 1);
      if (b < 0) {
        this.log('ERROR', `${file}:${linenum}: invalid line: ${line}`);
        continue;
      }
      let p = line.slice(b + 1);
      if (this.cfg.symPrefix && p[0] === this.cfg.symPrefix) p = p.slice(1);
      if (!p.startsWith('__ksymtab_')) continue;
      this.symbolAdd(p.replace(/\n.*$/s, '').slice('__ksymtab_'.length), true, 0n, null);
    }
    this.addFakeSyms();
    return 0;
  }
}

/** Lines as fgets returns them (each with its '\n', the last maybe without). */
function fgetsLines(text: string): string[] {
  return text.split(/(?<=\n)/).filter((l) => l.length > 0);
}

/** depfile_up_to_date: 1 if no .ko under dir is newer than modules.dep, 0 if one is, <0 on error. */
function upToDate(dm: Depmod, dirname: string): number {
  let mtime: number;
  try {
    mtime = Math.floor(statSync(dm.fs(`${dirname}/modules.dep`)).mtimeMs / 1000);
  } catch (e) {
    dm.log('ERROR', `could not fstatat(${dirname}, modules.dep): ${strerror(errnoOf(e))}\n`);
    return -errnoOf(e);
  }
  const walk = (dir: string): number => {
    let d;
    try { d = opendirSync(dm.fs(dir)); } catch { return 1; }
    try {
      let de: Dirent | null;
      while ((de = d.readSync()) !== null) {
        if (de.name === 'build' || de.name === 'source') continue;
        const p = `${dir}/${de.name}`;
        let st;
        try { st = statSync(dm.fs(p)); } catch { continue; }
        let r = 1;
        if (st.isDirectory()) r = walk(p);
        else if (st.isFile()) {
          if (!pathEndsWithKmodExt(de.name)) continue;
          r = Math.floor(st.mtimeMs / 1000) <= mtime ? 1 : 0;
        }
        if (r === 0) return 0;
      }
    } finally {
      d.closeSync();
    }
    return 1;
  };
  return walk(dirname);
}

function parseConfig(cfg: Cfg, paths: string[], io: DepmodIo, dm: { log: Depmod['log'] }) {
  const files = new Map<string, string>();
  for (const p of paths) {
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) {
      let d;
      try { d = opendirSync(p); } catch { continue; }
      let de: Dirent | null;
      while ((de = d.readSync()) !== null) {
        if (de.name.startsWith('.') || !de.name.endsWith('.conf')) continue;
        if (!files.has(de.name)) files.set(de.name, `${p}/${de.name}`);
      }
      d.closeSync();
    } else if (!files.has(p)) files.set(p.slice(p.lastIndexOf('/') + 1), p);
  }
  void io;
  const kernelMatches = (pattern: string) => {
    if (pattern === '*') return true;
    try { return new RegExp(pattern).test(cfg.kversion); } catch { return false; }
  };
  for (const name of [...files.keys()].sort()) {
    const filename = files.get(name)!;
    let text: string;
    try { text = readFileSync(filename, 'latin1'); } catch { continue; }
    const lines = text.replace(/\\\n/g, '').split('\n');
    lines.forEach((line, i) => {
      if (!line || line[0] === '#') return;
      const w = line.split(/[\t ]+/).filter(Boolean);
      const cmd = w[0];
      if (!cmd) return;
      const bad = () => dm.log('ERROR', `${filename}:${i + 1}: ignoring bad line starting with '${cmd}'\n`);
      if (cmd === 'search') {
        for (const s of w.slice(1)) cfg.searches.unshift({ type: s === 'built-in' ? 'builtin' : s === 'external' ? 'external' : 'path', path: s });
      } else if (cmd === 'override') {
        if (w.length < 4) return bad();
        if (kernelMatches(w[2])) cfg.overrides.unshift(`${w[3]}/${w[1]}`);
      } else if (cmd === 'external') {
        if (w.length < 3) return bad();
        if (kernelMatches(w[1])) cfg.externals.unshift(w[2]);
      } else if (cmd === 'exclude') {
        for (const s of w.slice(1)) cfg.excludes.unshift(s);
      } else if (cmd === 'include' || cmd === 'make_map_files') {
        dm.log('INFO', `${filename}:${i + 1}: command ${cmd} not implemented yet\n`);
      } else bad();
    });
  }
  if (!cfg.searches.length) cfg.searches.unshift({ type: 'path', path: 'updates' });
}

const SHORTOPTS = 'aAb:C:E:F:euqrvnP:wmVh';
const LONGOPTS: LongOpt[] = [
  { name: 'all', arg: false, val: 'a' }, { name: 'quick', arg: false, val: 'A' },
  { name: 'basedir', arg: true, val: 'b' }, { name: 'config', arg: true, val: 'C' },
  { name: 'symvers', arg: true, val: 'E' }, { name: 'filesyms', arg: true, val: 'F' },
  { name: 'errsyms', arg: false, val: 'e' }, { name: 'unresolved-error', arg: false, val: 'u' },
  { name: 'quiet', arg: false, val: 'q' }, { name: 'root', arg: false, val: 'r' },
  { name: 'verbose', arg: false, val: 'v' }, { name: 'show', arg: false, val: 'n' },
  { name: 'dry-run', arg: false, val: 'n' }, { name: 'symbol-prefix', arg: true, val: 'P' },
  { name: 'warn', arg: false, val: 'w' }, { name: 'map', arg: false, val: 'm' },
  { name: 'version', arg: false, val: 'V' }, { name: 'help', arg: false, val: 'h' },
];

function helpText(prog: string): string {
  return `Usage:\n\t${prog} -[aA] [options] [forced_version]\n\nIf no arguments (except options) are given, "depmod -a" is assumed\n\n` +
    'depmod will output a dependency list suitable for the modprobe utility.\n\nOptions:\n' +
    '\t-a, --all            Probe all modules\n\t-A, --quick          Only does the work if there\'s a new module\n' +
    '\t-e, --errsyms        Report not supplied symbols\n\t-n, --show           Write the dependency file on stdout only\n' +
    '\t-P, --symbol-prefix  Architecture symbol prefix\n\t-C, --config=PATH    Read configuration from PATH\n' +
    '\t-v, --verbose        Enable verbose mode\n\t-w, --warn           Warn on duplicates\n' +
    '\t-V, --version        show version\n\t-h, --help           show this help\n\n' +
    'The following options are useful for people managing distributions:\n' +
    '\t-b, --basedir=DIR    Use an image of a module tree.\n\t-F, --filesyms=FILE  Use the file instead of the\n' +
    '\t                     current kernel symbols.\n\t-E, --symvers=FILE   Use Module.symvers file to check\n' +
    '\t                     symbol versions.\n';
}

/** depmod's main: returns the exit status (0 or 1). */
export function depmodMain(argv: string[], io: DepmodIo, env: DepmodEnv = {}): number {
  const prog = env.prog ?? 'depmod';
  const fs = env.mapPath ?? ((p: string) => p);
  let verbose = 4;
  let all = false, maybeAll = false, toStdout = false;
  let root: string | null = null;
  const configPaths: string[] = [];
  let systemMap: string | null = null, moduleSymvers: string | null = null;
  const cfg: Cfg = {
    kversion: '', dirname: '', symPrefix: '', checkSymvers: false, printUnknown: false, warnDups: false,
    overrides: [], searches: [], externals: [], excludes: [],
  };
  const { events, operands } = getoptLong(prog, argv, SHORTOPTS, LONGOPTS);
  const early = (prio: string, msg: string) => io.stderr(`${prog}: ${prio}: ${msg}`);
  for (const ev of events) {
    if ('error' in ev) {
      io.stderr(ev.error + '\n');
      return 1;
    }
    switch (ev.opt) {
      case 'a': all = true; break;
      case 'A': maybeAll = true; break;
      case 'b': root = ev.arg!.startsWith('/') ? ev.arg! : `${env.cwd ?? process.cwd()}/${ev.arg}`; break;
      case 'C': configPaths.push(ev.arg!); break;
      case 'E': moduleSymvers = ev.arg!; cfg.checkSymvers = true; break;
      case 'F': systemMap = ev.arg!; break;
      case 'e': cfg.printUnknown = true; break;
      case 'v': verbose++; break;
      case 'n': toStdout = true; break;
      case 'P':
        if (ev.arg!.length !== 1) {
          early('FATAL', '-P only takes a single char\n');
          return 1;
        }
        cfg.symPrefix = ev.arg!;
        break;
      case 'w': cfg.warnDups = true; break;
      case 'u': case 'q': case 'r': case 'm':
        if (verbose >= 4) early('WARNING', ev.long ? `Ignored deprecated option --${ev.long}\n` : `Ignored deprecated option -${ev.opt}\n`);
        break;
      case 'h': io.stderr(helpText(prog)); return 0;
      case 'V': io.stdout(KMOD_VERSION_TEXT); return 0;
    }
  }
  let rest = operands;
  if (rest.length) {
    if (!/^\d+\.\d+/.test(rest[0])) {
      early('ERROR', `Bad version passed ${rest[0]}\n`);
      return 1;
    }
    cfg.kversion = rest[0];
    rest = rest.slice(1);
  } else {
    cfg.kversion = env.uname ?? release();
  }
  cfg.dirname = `${root ?? ''}/lib/modules/${cfg.kversion}`;
  if (!rest.length) all = true;

  const dm = new Depmod(cfg, io, prog, fs, verbose);
  try {
    if (maybeAll) {
      if (toStdout) return 0;
      if (upToDate(dm, cfg.dirname) === 1) return 0;
      all = true;
    }
    if (moduleSymvers !== null) {
      const err = dm.loadSymvers(moduleSymvers);
      if (err < 0) dm.log('FATAL', `could not load ${moduleSymvers}: ${strerror(-err)}\n`);
    } else if (systemMap !== null) {
      const err = dm.loadSystemMap(systemMap);
      if (err < 0) dm.log('FATAL', `could not load ${systemMap}: ${strerror(-err)}\n`);
    } else if (cfg.printUnknown) {
      dm.log('WARNING', '-e needs -E or -F\n');
      cfg.printUnknown = false;
    }
    if (all) {
      parseConfig(cfg, configPaths.length ? configPaths : env.configPaths ?? DEFAULT_CFG_PATHS, io, dm);
      const err = dm.searchDir(cfg.dirname);
      if (err < 0) {
        dm.log('ERROR', `could not open directory ${cfg.dirname}: ${strerror(-err)}\n`);
        dm.log('FATAL', `could not search modules: ${strerror(-err)}\n`);
      }
      for (const ext of cfg.externals) dm.searchDir(ext);
    } else {
      for (const path of rest) {
        if (!path.startsWith('/')) dm.log('FATAL', `${path}: not absolute path.\n`);
        try {
          statSync(fs(path));
        } catch (e) {
          dm.log('FATAL', `could not create module ${path}: ${strerror(errnoOf(e))}\n`);
        }
        if (!dm.moduleAdd(path)) dm.log('FATAL', `could not add module ${path}: File exists\n`);
      }
    }
    dm.buildArray();
    dm.sortByOrder();
    dm.loadModules();
    dm.loadDependencies();
    if (!dm.calculateDependencies()) return 1;
    return dm.output(toStdout) < 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof Fatal) return 1;
    throw e;
  }
}

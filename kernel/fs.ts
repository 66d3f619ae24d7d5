// The files a user reads to see modules: /proc/modules, /proc/kallsyms, /proc/sys/kernel/tainted,
// /proc/version
// and /sys/module/<name>/..., with Linux 6.1's formats (kernel/module/procfs.c, sysfs.c).
import type { Kernel } from './kernel.ts';
import { KernelError, ENOENT, EISDIR, EACCES } from './errno.ts';
import { taintLetters } from './taint.ts';
import { module_refcount } from './module/main.ts';
import { param_attr_show } from './module/params.ts';
import { findModule } from './module/lookup.ts';
import { sysfsBuiltin, builtinParams, type FsHook } from './initcalls.ts';
import type { Module, ModuleParam } from './module/module.ts';
import { LINUX_BANNER } from './utsrelease.ts';

/** Holders newest first, as list_add() on source_list leaves them. */
export function holdersOf(mod: Module): Module[] {
  return [...mod.holders].reverse();
}

/**
 * kernfs_name_hash() (fs/kernfs/dir.c, no namespace): a kernfs directory's readdir order is its
 * rbtree's, by this hash, then by name.
 */
export function kernfs_name_hash(name: string): number {
  let hash = 0n; // init_name_hash(NULL): an unsigned long
  for (const ch of Buffer.from(name, 'latin1')) {
    const c = BigInt(ch); // partial_name_hash()
    hash = BigInt.asUintN(64, (hash + (c << 4n) + (c >> 4n)) * 11n);
  }
  let h = Number(BigInt.asUintN(32, BigInt.asUintN(32, hash) * 0x61c88647n)); // end_name_hash(): __hash_32()
  h &= 0x7fffffff;
  if (h < 2) h += 2;
  if (h >= 0x7fffffff) h = 0x7fffffff - 1;
  return h;
}

/** Names in the order readdir() of a kernfs directory returns them. */
export function kernfsOrder(names: string[]): string[] {
  return names.map((n) => [kernfs_name_hash(n), n] as const)
    .sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)).map(([, n]) => n);
}

/** /sys/module/M/holders as readdir() lists it (what kmod's lsmod and rmmod print). */
export function sysfsHolders(mod: Module): string[] {
  return kernfsOrder(holdersOf(mod).map((h) => h.name));
}

function procModules(k: Kernel): string {
  let out = '';
  for (const m of k.modules) {
    if (m.state === 'UNFORMED') continue;
    const size = m.initSize + m.coreSize;
    let deps = holdersOf(m).map((h) => `${h.name},`).join('');
    if (m.permanent) deps += '[permanent],';
    const state = m.state === 'GOING' ? 'Unloading' : m.state === 'COMING' ? 'Loading' : 'Live';
    // print_unload_info(): without CONFIG_MODULE_UNLOAD nobody knows the count or the users.
    const unload = k.opts.moduleUnload ? ` ${module_refcount(k, m)} ${deps || '-'}` : ' - -';
    let line = `${m.name} ${size}${unload} ${state} 0x${(m.core?.base ?? 0n).toString(16).padStart(16, '0')}`;
    if (m.taints) {
      line += ` (${taintLetters(m.taints)}${m.state === 'GOING' ? '-' : m.state === 'COMING' ? '+' : ''})`;
    }
    out += line + '\n';
  }
  return out;
}

export function initstate(m: Module): string {
  return { LIVE: 'live', COMING: 'coming', GOING: 'going', UNFORMED: 'unformed' }[m.state];
}

/** Other files of the virtual filesystem (built-in modules' /sys/module/NAME, kernel/initcalls.ts). */
const fsHooks: readonly FsHook[] = [sysfsBuiltin];

/** Lists a directory of the virtual filesystem, or null if it is not one. */
export function listDir(k: Kernel, path: string): string[] | null {
  let r = listOwnDir(k, path);
  for (const h of fsHooks) r = h.list(k, path.replace(/\/+$/, ''), r);
  return r;
}

function listOwnDir(k: Kernel, path: string): string[] | null {
  const p = path.replace(/\/+$/, '');
  if (p === '/sys/module') return k.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name).sort();
  const m = /^\/sys\/module\/([^/]+)(\/holders|\/parameters|\/sections|\/notes)?$/.exec(p);
  if (!m) return p === '/proc' ? ['kallsyms', 'modules', 'sys'] : null;
  const mod = findModule(k, m[1]);
  if (!mod || mod.state === 'UNFORMED') return null;
  if (m[2] === '/holders') return sysfsHolders(mod);
  if (m[2] === '/parameters') return mod.params.filter((x) => x.perm !== 0).map((x) => x.name).sort();
  const notes = mod.sections.filter((s) => s.note).map((s) => s.name);
  if (m[2] === '/sections') return mod.sections.map((s) => s.name).sort();
  if (m[2] === '/notes') return notes.length ? notes.sort() : null;
  // kernel/module/sysfs.c: modinfo_attrs (version and srcversion when .modinfo has them), the
  // holders/ and sections/ directories, notes/ when there are SHT_NOTE sections, uevent.
  const entries = ['coresize', 'holders', 'initsize', 'initstate', 'taint', 'uevent'];
  if (k.opts.moduleUnload) entries.push('refcnt');
  if (mod.sections.length) entries.push('sections');
  if (notes.length) entries.push('notes');
  for (const f of ['version', 'srcversion']) if (mod.info(f) !== undefined) entries.push(f);
  if (mod.params.some((x) => x.perm !== 0)) entries.push('parameters');
  return entries.sort();
}

/** Contents of a virtual file; throws KernelError(ENOENT/EISDIR). */
export function readFile(k: Kernel, path: string): string {
  switch (path) {
    case '/proc/modules': return procModules(k);
    case '/proc/kallsyms': return k.kallsyms.procText();
    case '/proc/sys/kernel/tainted': return `${k.taint}\n`;
    case '/proc/version': return LINUX_BANNER;
  }
  for (const h of fsHooks) {
    const t = h.read(k, path);
    if (t !== null) return t;
  }
  const m = /^\/sys\/module\/([^/]+)\/(.+)$/.exec(path);
  if (m) {
    const mod = findModule(k, m[1]);
    if (mod && mod.state !== 'UNFORMED') {
      const file = m[2];
      switch (file) {
        case 'refcnt': if (k.opts.moduleUnload) return `${module_refcount(k, mod)}\n`; break;
        case 'initstate': return `${initstate(mod)}\n`;
        case 'coresize': return `${mod.coreSize}\n`;
        case 'initsize': return `${mod.initSize}\n`;
        case 'taint': return `${taintLetters(mod.taints)}\n`;
        case 'version': case 'srcversion': {
          const v = mod.info(file);
          if (v !== undefined) return `${v}\n`;
          break;
        }
        // module_uevent is write-only (0200): kernfs refuses a read open.
        case 'uevent': throw new KernelError(EACCES);
      }
      const sm = /^(sections|notes)\/([^/]+)$/.exec(file);
      const sec = sm && mod.sections.find((s) => s.name === sm[2] && (sm[1] === 'sections' || s.note));
      if (sec && sm![1] === 'sections') return `0x${sec.addr.toString(16).padStart(16, '0')}\n`;
      // The note's bytes as the ELF has them (a bin_attribute over the loaded section).
      if (sec) return Buffer.from(k.machine.read(sec.addr, sec.size)).toString('latin1');
      const pm = /^parameters\/([^/]+)$/.exec(file);
      if (pm) {
        const p = mod.params.find((x) => x.name === pm[1] && x.perm !== 0);
        if (p) return param_attr_show(k, p);
      }
    }
  }
  if (listDir(k, path)) throw new KernelError(EISDIR);
  throw new KernelError(ENOENT);
}

/** The parameter /sys/module/M/parameters/P shows (a loaded or built-in module's), or null. */
export function sysfsParam(k: Kernel, path: string): ModuleParam | null {
  const m = /^\/sys\/module\/([^/]+)\/parameters\/([^/]+)$/.exec(path);
  if (!m) return null;
  const mod = findModule(k, m[1]);
  const ps = mod ? (mod.state === 'UNFORMED' ? [] : mod.params) : builtinParams(k).get(m[1]) ?? [];
  return ps.find((x) => x.name === m[2] && x.perm !== 0) ?? null;
}

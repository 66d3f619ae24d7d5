// request_module(): what Linux does by running modprobe_path as a user-mode helper. The C
// kernel core's __request_module (kernel/core/kmod.c) calls the __kmodlab_modprobe service;
// the calling thread sleeps (call_usermodehelper_exec with UMH_WAIT_PROC) while the kernel
// looks the name up in the module directory given at boot (`boot moddir=DIR`) and loads it
// with its dependencies, then wakes up with modprobe's wait status: 0 if the module is (now)
// loaded, 256 (exit status 1) if not.
//
// Which program is "modprobe" is decided by the tools layer (setModprobeHelper): the
// scenario console uses directoryModprobe() over the machine's module directory (`boot
// moddir=DIR`): NAME.ko anywhere under DIR (kmod's '-' == '_' rule), else the first module
// whose .modinfo alias= pattern matches NAME (as modules.alias would), dependencies from
// .modinfo depends= loaded first -- so it works on a Debian tree that depmod never indexed.
// A kernel without a helper has no modprobe (modprobe_path is empty) and request_module
// returns -ENOENT, as Linux does with CONFIG_MODPROBE_PATH="".
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Kernel } from './kernel.ts';
import type { TrapAction } from '../emu/machine.ts';
import { runBesideSleepingThread } from './umh.ts';
import type { ServiceCall } from './service-args.ts';
import { parseElf } from './elf.ts';
import { modinfoEntries } from './module/modinfo.ts';
import { load_module } from './module/main.ts';
import { findModule } from './module/lookup.ts';
import { KernelError, EEXIST } from './errno.ts';

const MODPROBE_PATH = '/sbin/modprobe';

/** modprobe NAME: returns its wait status (0 or 256) and the modules it loaded. */
export type ModprobeHelper = (k: Kernel, name: string, cpu: number) => { status: number; loaded: string[] };

let helperFor: ((k: Kernel) => ModprobeHelper | undefined) | undefined;
/** What runs as modprobe for a kernel (set by the tools layer, which knows the module directory). */
export function setModprobeHelper(f: (k: Kernel) => ModprobeHelper | undefined) {
  helperFor = f;
}

/** Boot: a kernel with a modprobe gets modprobe_path (else request_module is -ENOENT). */
export function initKmod(k: Kernel) {
  if (helperFor) {
    k.machine.write(k.symbol('modprobe_path'), new Uint8Array(Buffer.from(MODPROBE_PATH + '\0', 'latin1')));
  }
}

/** What each request did, oldest first, per kernel (for tools and tests). */
const requests = new WeakMap<Kernel, { name: string; status: number; loaded: string[] }[]>();
export function moduleRequests(k: Kernel): readonly { name: string; status: number; loaded: string[] }[] {
  return requests.get(k) ?? [];
}

interface DirIndex {
  /** module name (dashes as underscores) → file */
  files: Map<string, string>;
  /** [alias pattern, module name], read on the first alias lookup */
  aliases?: [RegExp, string][];
}
const indexes = new Map<string, DirIndex>();

function modname(file: string): string {
  return file.replace(/\.ko$/, '').replace(/-/g, '_');
}

function walk(dir: string, out: Map<string, string>) {
  let entries;
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ko') && !out.has(modname(e.name))) out.set(modname(e.name), p);
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

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const j = glob.indexOf(']', i + 1);
      if (j < 0) { re += '\\['; continue; }
      re += '[' + glob.slice(i + 1, j).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
      i = j;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function readInfo(path: string): [string, string][] {
  try {
    return modinfoEntries(parseElf(new Uint8Array(readFileSync(path))));
  } catch {
    return [];
  }
}

/**
 * The module (name, file) modprobe would load for `name` from `dir`: NAME.ko anywhere under
 * it (kmod's '-' == '_'), else the first module, by name, with a matching alias= pattern.
 */
export function modprobeLookup(dir: string, name: string): { name: string; path: string } | undefined {
  const ix = dirIndex(dir);
  const direct = ix.files.get(name.replace(/-/g, '_'));
  if (direct) return { name: name.replace(/-/g, '_'), path: direct };
  if (!ix.aliases) {
    ix.aliases = [];
    for (const [m, p] of [...ix.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      for (const [key, value] of readInfo(p)) if (key === 'alias') ix.aliases.push([globToRegExp(value), m]);
    }
  }
  const hit = ix.aliases.find(([re]) => re.test(name));
  return hit ? { name: hit[1], path: ix.files.get(hit[1])! } : undefined;
}

/** A modprobe over a module directory without depmod's indexes: dependencies from depends=. */
export function directoryModprobe(dir: string): ModprobeHelper {
  return (k, name, cpu) => {
    const loaded: string[] = [];
    const target = modprobeLookup(dir, name);
    if (!target) return { status: 256, loaded };
    const visiting = new Set<string>();
    const load = (m: string, path: string): boolean => {
      const have = findModule(k, m);
      if (have && have.state !== 'UNFORMED') return true;
      if (visiting.has(m)) return false;
      visiting.add(m);
      const deps = (readInfo(path).find(([key]) => key === 'depends')?.[1] ?? '').split(',').filter(Boolean);
      for (const d of deps) {
        const dp = dirIndex(dir).files.get(d.replace(/-/g, '_'));
        if (!dp || !load(d.replace(/-/g, '_'), dp)) return false;
      }
      try {
        load_module(k, new Uint8Array(readFileSync(path)), path, '', {}, cpu);
        loaded.push(m);
        return true;
      } catch (e) {
        return e instanceof KernelError && e.errno === EEXIST;
      }
    };
    return { status: load(target.name, target.path) ? 0 : 256, loaded };
  };
}

/** request_module from TypeScript: runs this kernel's modprobe (256 when it has none). */
export function request_module(k: Kernel, name: string, cpu = 0): { status: number; loaded: string[] } {
  const helper = helperFor?.(k);
  const r = helper ? helper(k, name, cpu) : { status: 256, loaded: [] };
  let log = requests.get(k);
  if (!log) requests.set(k, (log = []));
  log.push({ name, ...r });
  return r;
}

/**
 * long __kmodlab_modprobe(const char *name, int wait): the first call queues the request and
 * puts the thread to sleep (returning -EINPROGRESS when it wakes); the call after that
 * returns the wait status. The request runs from the scheduler's round hook, between slices,
 * as a user-mode helper would run beside the sleeping caller.
 */
export function modprobeService(c: ServiceCall): bigint | TrapAction {
  const k = c.k;
  const t = k.sched.current(c.cpu);
  const name = k.machine.readString(c.core.x(0), 64);
  if (!t) return BigInt(request_module(k, name, c.cpu).status);
  return runBesideSleepingThread(c, t, () => request_module(k, name, c.cpu).status);
}

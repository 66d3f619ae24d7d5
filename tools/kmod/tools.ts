// insmod, rmmod and lsmod with kmod 30's options, messages and exit codes, driving the
// emulated kernel's init_module/delete_module the way libkmod drives the real syscalls.
import { readFileSync, existsSync, statSync } from 'node:fs';
import type { Kernel } from '../../kernel/kernel.ts';
import { KernelError, strerror, ENOEXEC, ENOENT, ESRCH, EINVAL } from '../../kernel/errno.ts';
import { load_module, delete_module, InitKilled, module_refcount } from '../../kernel/module/main.ts';
import { modulesLock, LOCK_EX, LOCK_UN } from '../../kernel/modules_lock.ts';
import { sysfsHolders } from '../../kernel/fs.ts';
import { lockOwner, moduleFiles } from './machine.ts';
import { LibKmod } from './libkmod-module.ts';
import { pathToModname } from './libkmod-util.ts';
import { findModule } from '../../kernel/module/lookup.ts';

export interface ToolResult { out: string[]; status: number }

/** libkmod's mod_strerror: what insmod prints for an init_module errno. */
export function mod_strerror(errno: number): string {
  switch (errno) {
    case ENOEXEC: return 'Invalid module format';
    case ENOENT: return 'Unknown symbol in module';
    case ESRCH: return 'Module has wrong symbol version';
    case EINVAL: return 'Invalid parameters';
    default: return strerror(errno);
  }
}

export interface InsmodOptions { cpu?: number; noUnload?: boolean }

/** insmod [-f] FILE [args...] */
export function insmod(k: Kernel, argv: string[], resolve: (p: string) => string, o: InsmodOptions = {}): ToolResult {
  const out: string[] = [];
  let force = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (rest.length === 0 && a.startsWith('-') && a.length > 1) {
      if (a === '-f' || a === '--force') force = true;
      else if (a === '-p' || a === '-s') { /* accepted and ignored by kmod 30 */ }
      else {
        out.push(`insmod: ERROR: unknown option '${a}'`);
        return { out, status: 1 };
      }
    } else rest.push(a);
  }
  if (!rest.length) {
    out.push('insmod: ERROR: missing filename.');
    return { out, status: 1 };
  }
  const [file, ...params] = rest;
  const path = resolve(file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    out.push(`insmod: ERROR: could not load module ${file}: No such file or directory`);
    return { out, status: 1 };
  }
  const image = new Uint8Array(readFileSync(path));
  try {
    load_module(k, image, path, params.join(' '), { ignoreModversions: force, ignoreVermagic: force, noUnload: o.noUnload }, o.cpu ?? 0);
  } catch (e) {
    if (e instanceof InitKilled) {
      out.push(e.report());
      return { out, status: e.stuck ? 1 : 139 };
    }
    if (e instanceof KernelError) {
      out.push(`insmod: ERROR: could not insert module ${file}: ${mod_strerror(e.errno)}`);
      return { out, status: 1 };
    }
    throw e;
  }
  return { out, status: 0 };
}

/**
 * rmmod [-f] [-s] [-v] [-w] MODULE... — -w waits for the module to become unused instead of
 * failing (the blocking delete_module of the 2.5 kernels and of module-init-tools; kmod dropped
 * it): a ^C (`interrupt` in scenarios) ends the wait and the module lives on.
 */
export function rmmod(k: Kernel, argv: string[], o: { cpu?: number; interrupted?: () => boolean; lockHeld?: boolean } = {}): ToolResult {
  const out: string[] = [];
  let force = false;
  let wait = false;
  const names: string[] = [];
  for (const a of argv) {
    if (names.length === 0 && /^-[fsvw]+$/.test(a)) {
      if (a.includes('f')) force = true;
      if (a.includes('w')) wait = true;
    } else if (names.length === 0 && a.startsWith('-') && a !== '-') {
      out.push(`rmmod: ERROR: unknown option '${a}'`);
      return { out, status: 1 };
    } else names.push(a);
  }
  if (!names.length) {
    out.push('rmmod: ERROR: missing module name.');
    return { out, status: 1 };
  }
  // kmodlab: rmmod holds /proc/modules exclusively (seed 002 item 3), so it never removes a
  // module in the middle of a modprobe (which holds it shared); it waits for the modprobe.
  // o.lockHeld: whoever runs us already holds LOCK_EX for us (the user-mode helper,
  // tools/umh.ts, which waits for it).
  if (o.lockHeld) return rmmodLocked(k, names, force, wait, out, o);
  const lock = modulesLock(k);
  const owner = lockOwner(k, 'rmmod');
  let granted = false;
  granted = lock.flock(owner, LOCK_EX, () => { granted = true; }) === 0;
  if (!granted) {
    // Console commands run one at a time, so the holder is the modprobe that runs this rmmod
    // as its `remove` command: the lock is inherited, as a child inherits its parent's flock.
    lock.flock(owner, LOCK_UN);
  }
  try {
    return rmmodLocked(k, names, force, wait, out, o);
  } finally {
    if (granted) lock.flock(owner, LOCK_UN);
  }
}

/** kmod_module_get_initstate's fallback: the moddir's modules.builtin, or the image's own list. */
function isBuiltin(k: Kernel, name: string): boolean {
  const lib = new LibKmod(k, moduleFiles(k));
  return lib.isBuiltin(lib.fromName(name));
}

function rmmodLocked(k: Kernel, names: string[], force: boolean, wait: boolean, out: string[], o: { cpu?: number; interrupted?: () => boolean }): ToolResult {
  let failures = 0;
  for (const arg of names) {
    const name = pathToModname(arg);
    const mod = findModule(k, name);
    if (!force) {
      if (!mod || mod.state === 'UNFORMED') {
        // kmod_module_get_initstate: a module named in the image's modules.builtin is "builtin".
        out.push(isBuiltin(k, name) ? `rmmod: ERROR: Module ${name} is builtin.` : `rmmod: ERROR: Module ${name} is not currently loaded`);
        failures++;
        continue;
      }
      const holders = sysfsHolders(mod);
      if (holders.length) {
        out.push(`rmmod: ERROR: Module ${name} is in use by: ${holders.join(' ')}`);
        failures++;
        continue;
      }
      if (!wait && k.opts.moduleUnload && module_refcount(k, mod) > 0) {
        out.push(`rmmod: ERROR: Module ${name} is in use`);
        failures++;
        continue;
      }
      if (!k.opts.moduleUnload) {
        // check_module_inuse(): kmod_module_get_refcnt() found no refcnt file.
        out.push('rmmod: ERROR: Module unloading is not supported');
        failures++;
        continue;
      }
    }
    try {
      delete_module(k, name, { force, wait, interrupted: o.interrupted }, o.cpu ?? 0);
    } catch (e) {
      if (e instanceof InitKilled) {
        out.push(e.report());
        failures++;
        continue;
      }
      if (e instanceof KernelError) {
        // libkmod's kmod_module_remove_module() logs the failed delete_module first (kmod 30).
        out.push(`rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove '${name}': ${strerror(e.errno)}`);
        out.push(`rmmod: ERROR: could not remove module ${arg}: ${strerror(e.errno)}`);
        failures++;
        continue;
      }
      throw e;
    }
  }
  return { out, status: failures ? 1 : 0 };
}

/** lsmod: kmod 30's table, rows in /proc/modules order. */
export function lsmod(k: Kernel): ToolResult {
  const out = ['Module                  Size  Used by'];
  for (const m of k.modules) {
    if (m.state === 'UNFORMED') continue;
    const holders = sysfsHolders(m);
    const size = m.coreSize;
    // kmod_module_get_refcnt: -ENOENT when /sys/module/M/refcnt is not there (no CONFIG_MODULE_UNLOAD).
    const refcnt = k.opts.moduleUnload ? module_refcount(k, m) : -ENOENT;
    let line = `${m.name.padEnd(19)} ${String(size).padStart(8)}  ${refcnt}`;
    if (holders.length) line += ` ${holders.join(',')}`;
    out.push(line);
  }
  return { out, status: 0 };
}

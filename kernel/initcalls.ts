// Built-in modules (seed 002 item 2): a module linked into the kernel image has its
// module_init() turned into an initcall (an entry of .initcallN.init, PREL32 like arm64's
// CONFIG_HAVE_ARCH_PREL32_RELOCATIONS), and do_initcalls() runs them once at boot, level by
// level and in link order -- which kernel/core/Makefile makes the dependency order. Built-in
// modules have no struct module: /sys/module/NAME exists only to hold their parameters
// (param_sysfs_builtin), named "NAME.param" in the image's __param table, and
// modules.builtin (written next to the image, as kbuild does) names them for the tools.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Kernel } from './kernel.ts';
import type { ModuleParam } from './module/module.ts';
import { param_attr_show } from './module/params.ts';
import { findModule } from './module/lookup.ts';
import { KernelError, EACCES } from './errno.ts';

/** Calls every initcall of the image in order (init/main.c do_initcalls). */
export function do_initcalls(k: Kernel, opts: { initcallDebug?: boolean } = {}) {
  if (!k.hasSymbol('__initcall_start') || !k.hasSymbol('__initcall_end')) return;
  const start = k.symbol('__initcall_start');
  const end = k.symbol('__initcall_end');
  for (let p = start; p < end; p += 4n) {
    const fn = p + BigInt(k.machine.readU32(p) | 0);
    const name = k.kallsyms.format(fn);
    if (opts.initcallDebug) k.printk(`<7>calling  ${name} @ 1\n`);
    const t0 = k.now();
    const r = k.call(fn, [], { cpu: 0, comm: 'swapper/0' });
    if (!r.ok) continue; // the oops is in the log; boot goes on, as Linux's does
    const ret = Number(BigInt.asIntN(32, r.ret));
    if (opts.initcallDebug) k.printk(`<7>initcall ${name} returned ${ret} after ${(k.now() - t0) / 1000n} usecs\n`);
  }
}

/** Names of the modules built into the running image (its modules.builtin). */
export function kernelBuiltins(k: Kernel): Set<string> {
  let s = k.builtinNames;
  if (!s) {
    s = new Set();
    try {
      for (const line of readFileSync(join(dirname(k.opts.image), 'modules.builtin'), 'latin1').split('\n')) {
        const base = line.slice(line.lastIndexOf('/') + 1);
        const name = base.split('.')[0].replace(/-/g, '_');
        if (name) s.add(name);
      }
    } catch { /* an image without built-in modules */ }
    k.builtinNames = s;
  }
  return s;
}

/** Parameters of built-in code, by module (the image's __param entries named "mod.param"). */
export function builtinParams(k: Kernel): Map<string, ModuleParam[]> {
  let m = k.builtinParams;
  if (m) return m;
  m = new Map();
  if (k.hasSymbol('__start___param') && k.hasSymbol('__stop___param')) {
    const start = k.symbol('__start___param'), stop = k.symbol('__stop___param');
    for (let kp = start; kp + 40n <= stop; kp += 40n) {
      const full = k.machine.readString(k.machine.readU64(kp), 256);
      const dot = full.indexOf('.');
      if (dot < 0) continue;
      const mod = full.slice(0, dot);
      const p: ModuleParam = { name: full.slice(dot + 1), kp, ops: k.machine.readU64(kp + 16n), perm: k.machine.readU16(kp + 24n) };
      if (!m.has(mod)) m.set(mod, []);
      m.get(mod)!.push(p);
    }
  }
  k.builtinParams = m;
  return m;
}

function visible(k: Kernel, name: string): ModuleParam[] | null {
  const ps = builtinParams(k).get(name)?.filter((p) => p.perm !== 0);
  return ps && ps.length ? ps : null;
}

/** Files of the virtual filesystem that kernel/fs.ts asks another file for. */
export interface FsHook {
  list(k: Kernel, path: string, current: string[] | null): string[] | null;
  read(k: Kernel, path: string): string | null;
}

/** param_sysfs_builtin: /sys/module/NAME for built-in modules: parameters/ and uevent, no initstate or refcnt. */
export const sysfsBuiltin: FsHook = {
  list(k, path, current) {
    if (path === '/sys/module') {
      const names = new Set(current ?? []);
      for (const [name] of builtinParams(k)) if (visible(k, name)) names.add(name);
      return [...names].sort();
    }
    if (current) return current;
    const m = /^\/sys\/module\/([^/]+)(\/parameters)?$/.exec(path);
    if (!m) return current;
    const ps = visible(k, m[1]);
    if (!ps) return current;
    return m[2] ? ps.map((p) => p.name).sort() : ['parameters', 'uevent'];
  },
  read(k, path) {
    const m = /^\/sys\/module\/([^/]+)\/(parameters\/([^/]+)|uevent)$/.exec(path);
    if (!m || findModule(k, m[1])) return null;
    const ps = visible(k, m[1]);
    if (!ps) return null;
    if (m[2] === 'uevent') throw new KernelError(EACCES);
    const p = ps.find((x) => x.name === m[3]);
    return p ? param_attr_show(k, p) : null;
  },
};

// Kernel services written in TypeScript that real (Debian) modules import and that need the
// TypeScript kernel's state: the user-mode helper behind request_module, dynamic debug
// printing and the per-CPU allocator. Listed in kernel/core/services.h; kernel/services.ts adds them to its table.
import type { TrapAction } from '../emu/machine.ts';
import type { Kernel } from './kernel.ts';
import type { ServiceCall } from './service-args.ts';
import { vsnprintf } from './vsprintf.ts';
import { arg, varargs, formatEnv } from './service-args.ts';
import { modprobeService } from './kmod.ts';

type Service = (c: ServiceCall) => bigint | TrapAction | void;

const env = formatEnv;

export const REAL_SERVICES: Record<string, Service> = {
  __kmodlab_modprobe: (c) => modprobeService(c),

  // lib/dynamic_debug.c: only reached when a pr_debug site's static key is on.
  __dynamic_pr_debug: (c) => {
    const fmt = c.k.machine.readCString(arg(c, 1), 4096);
    if (!fmt) return 0n;
    return BigInt(c.k.log.printk(fmt, varargs(c, 2), { timestampNs: c.k.now(), cpu: c.cpu, caller: c.task?.pid }, env(c.k)));
  },

  // mm/percpu.c: zeroed per-CPU memory from the module reserve of every CPU's area.
  __alloc_percpu: (c) => {
    const size = Number(arg(c, 0)), align = Number(arg(c, 1));
    if (size <= 0 || size > 32768) return 0n;
    const p = c.k.percpu.alloc(size, align || 8);
    if (p === null) return 0n;
    for (let cpu = 0; cpu < c.k.opts.cpus; cpu++) c.k.machine.write(c.k.percpu.ptr(p, cpu), new Uint8Array(size));
    return p;
  },
  free_percpu: (c) => {
    if (arg(c, 0)) c.k.percpu.free(arg(c, 0));
  },
};

// Kernel services written in TypeScript that real (Debian) modules import and that need the
// TypeScript kernel's state: the user-mode helper behind request_module, dynamic debug
// printing and the per-CPU allocator. Listed in kernel/core/services.h; kernel/services.ts adds them to its table.
import type { TrapAction } from '../emu/machine.ts';
import type { Kernel } from './kernel.ts';
import type { ServiceCall } from './service-args.ts';
import { vsnprintf } from './vsprintf.ts';
import { arg, varargs, formatEnv } from './service-args.ts';
import { modprobeService } from './kmod.ts';
import { OutOfMemory } from './mm/page_alloc.ts';
import { __va, PAGE_OFFSET, PAGE_SIZE, hex } from '../emu/address-map.ts';

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

  // mm/page_alloc.c: unsigned long __get_free_pages(gfp_t gfp_mask, unsigned int order) --
  // 2^order pages of RAM, aligned to their size as the buddy allocator's blocks are, at their
  // linear-map address; 0 when there is no such block. Zeroed for __GFP_ZERO (and always, so
  // that runs are reproducible whatever ran before, as kmalloc's memory is).
  __get_free_pages: (c) => {
    const order = Number(arg(c, 1) & 0xffffffffn);
    if (order > MAX_ORDER) return 0n;
    const n = 1 << order;
    let pa: number;
    try {
      pa = c.k.pages.allocContig(n, n);
    } catch (e) {
      if (e instanceof OutOfMemory) return 0n;
      throw e;
    }
    const va = __va(pa);
    c.k.machine.fill(va, n * PAGE_SIZE, 0);
    c.k.machine.unpoison(va, n * PAGE_SIZE);
    return va;
  },
  // void free_pages(unsigned long addr, unsigned int order)
  free_pages: (c) => {
    const addr = arg(c, 0);
    if (!addr) return;
    const order = Number(arg(c, 1) & 0xffffffffn);
    if (addr < PAGE_OFFSET || addr >= PAGE_OFFSET + BigInt(c.k.machine.usableRam) || (addr & BigInt(PAGE_SIZE - 1)) || order > MAX_ORDER) {
      c.k.printk(`<4>free_pages: bad address ${hex(addr)} (order ${order})\n`);
      return;
    }
    c.k.pages.free(Number(addr - PAGE_OFFSET), 1 << order);
  },
};

/** include/linux/mmzone.h (arm64, 4 KiB pages): the largest buddy order */
const MAX_ORDER = 10;

// Kernel services written in TypeScript that real (Debian) modules import and that need the
// TypeScript kernel's state: the user-mode helper behind request_module, dynamic debug
// printing, the per-CPU allocator, seq_file printing, and the procfs entries netfilter
// creates. Listed in kernel/core/services.h; kernel/services.ts adds them to its table.
import type { TrapAction } from '../emu/machine.ts';
import type { Kernel, ProcEntry } from './kernel.ts';
import type { ServiceCall } from './service-args.ts';
import { vsnprintf } from './vsprintf.ts';
import { arg, varargs, formatEnv } from './service-args.ts';
import { modprobeService } from './kmod.ts';

type Service = (c: ServiceCall) => bigint | TrapAction | void;

const env = formatEnv;

export type { ProcEntry } from './kernel.ts';
/** /proc entries created by modules (proc_create_*), per kernel. */
export function procEntriesOf(k: Kernel): readonly ProcEntry[] {
  return k.procEntries;
}
/** sizeof(struct proc_dir_entry) is private to fs/proc; modules only hold the pointer. */
const PDE_SIZE = 192;

function procCreate(c: ServiceCall, name: bigint, parent: bigint, data: bigint): bigint {
  const k = c.k;
  const list = k.procEntries;
  const n = k.machine.readString(name, 256);
  if (list.some((e) => e.name === n && e.parent === parent)) {
    k.printk(`<4>proc_dir_entry '${n}' already registered\n`, c.cpu);
    return 0n;
  }
  const pde = k.slab.kmalloc(PDE_SIZE);
  if (!pde) return 0n;
  list.push({ name: n, parent, pde, data, uid: 0, gid: 0 });
  return pde;
}

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

  // fs/seq_file.c seq_printf(m, fmt, ...): struct seq_file starts buf, size, from, count.
  seq_printf: (c) => {
    const m = c.k.machine, sf = arg(c, 0);
    const buf = m.readU64(sf), size = m.readU64(sf + 8n), count = m.readU64(sf + 24n);
    const fmt = m.readCString(arg(c, 1), 4096);
    if (!fmt) return;
    if (count < size) {
      const r = vsnprintf(size - count, fmt, varargs(c, 2), env(c.k));
      if (r.out.length) m.write(buf + count, r.out);
      if (count + BigInt(r.length) < size) {
        m.writeU64(sf + 24n, count + BigInt(r.length));
        return;
      }
    }
    m.writeU64(sf + 24n, size); // seq_set_overflow
  },

  // fs/proc: entries are recorded (name, parent, private data); reading them is not emulated.
  proc_create_net_data: (c) => procCreate(c, arg(c, 0), arg(c, 2), arg(c, 5)),
  proc_create_seq_private: (c) => procCreate(c, arg(c, 0), arg(c, 2), arg(c, 5)),
  proc_set_user: (c) => {
    const e = c.k.procEntries.find((x) => x.pde === arg(c, 0));
    if (e) { e.uid = Number(arg(c, 1) & 0xffffffffn); e.gid = Number(arg(c, 2) & 0xffffffffn); }
  },
  remove_proc_entry: (c) => {
    const list = c.k.procEntries;
    const n = c.k.machine.readString(arg(c, 0), 256);
    const i = list?.findIndex((e) => e.name === n && e.parent === arg(c, 1)) ?? -1;
    if (!list || i < 0) {
      c.k.printk(`<4>WARNING: remove_proc_entry: name '${n}'\n`, c.cpu);
      return;
    }
    c.k.slab.kfree(list[i].pde);
    list.splice(i, 1);
  },
};

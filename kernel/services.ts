// Kernel services written in TypeScript. Each is an exported function of the kernel image
// whose body is `svc #0; ret` (kernel/core/services.S); the svc hook finds the stub by
// address and calls the handler here with the core's registers (AAPCS64: x0..x7, then the
// stack for varargs). A handler returns x0, or a TrapAction to stop or kill the thread.
import type { TrapAction } from '../emu/machine.ts';
import { Reg } from '../emu/machine.ts';
import { hex } from '../emu/address-map.ts';
import { CUT_HERE } from './bug.ts';
import { synchronize_kernel_blocking } from './synchronize.ts';
import { REAL_SERVICES } from './real-services.ts';
import { NAMEI_SERVICES } from './fs/namei.ts';
import { PROCESS_SERVICES } from './fs/process.ts';
import { UACCESS_SERVICES } from './arch/arm64/uaccess.ts';
import { MMAP_SERVICES } from './mm/mmap.ts';
import { usermodehelperService } from './umh.ts';
import { SCHED_SERVICES } from './sched.ts';
import { SOFTIRQ_SERVICES } from './softirq.ts';
import { IRQ_SERVICES } from './irq.ts';
import { FAULT_SERVICES } from './arch/arm64/fault.ts';
import { TIMEKEEPING_SERVICES } from './timekeeping.ts';
import { RANDOM_SERVICES } from './random-driver.ts';
import { backtrace } from './stacktrace.ts';
import { hostWarnOnce } from './panic.ts';
import { find_symbol, moduleAt } from './module/lookup.ts';
import { vsnprintf, vscnprintf, type ArgSource } from './vsprintf.ts';
import { arg, varargs, valist, formatEnv, type ServiceCall, type Service } from './service-args.ts';

/** mm: what __kmalloc_large_node checks (4 KiB pages, MAX_ORDER 11, ___GFP_NOWARN). */
const PAGE_SIZE = 4096, MAX_ORDER = 11, GFP_NOWARN = 0x2000n;

export type { ServiceCall, Service } from './service-args.ts';

export { formatEnv };

function fmtAt(c: ServiceCall, i: number): Uint8Array | null {
  return c.k.machine.readCString(arg(c, i), 4096);
}

function printkWith(c: ServiceCall, fmt: Uint8Array | null, args: ArgSource): bigint {
  if (!fmt) return 0n;
  return BigInt(c.k.log.printk(fmt, args, { timestampNs: c.k.now(), cpu: c.cpu, caller: c.task?.pid }, formatEnv(c.k)));
}

/** Writes a formatted result into guest buffer buf (size bytes), returns the C return value. */
function snprintfInto(c: ServiceCall, buf: bigint, size: bigint, fmt: Uint8Array | null, args: ArgSource, scn: boolean): bigint {
  if (!fmt) return 0n;
  const r = (scn ? vscnprintf : vsnprintf)(size, fmt, args, formatEnv(c.k));
  if (r.out.length) c.k.machine.write(buf, r.out);
  return BigInt(scn ? r.written : r.length);
}

function die(c: ServiceCall, message: string): TrapAction {
  return { action: 'fault', fault: { kind: 'service', cpu: c.cpu, pc: c.core.reg(Reg.X[30]), message } };
}

const INT_MAX = 0x7fffffffn;
export { HZ } from './jiffies.ts';

function syncService(c: ServiceCall): TrapAction | void {
  const t = c.k.sched.current(c.cpu);
  if (!t) return;
  synchronize_kernel_blocking(c.k, t, `${c.k.tasks.get(t)?.comm ?? 'task'}: synchronize_kernel()`);
  return { action: 'stop' };
}

function sleepFor(c: ServiceCall, cycles: bigint, ret: bigint): TrapAction {
  const t = c.k.sched.current(c.cpu);
  c.core.setX(0, ret);
  if (!t) return { action: 'continue' };
  c.k.timers.sleep(t, c.k.sched.now() + cycles);
  return { action: 'stop' };
}

/** void *vmalloc(unsigned long size) and its variants: the area is named after its caller (the link register). */
function vmallocService(c: ServiceCall): bigint {
  return c.k.vmalloc.alloc(Number(arg(c, 0)), c.k.kallsyms.format(c.core.reg(Reg.X[30])));
}

export const SERVICES: Record<string, Service> = {
  _printk: (c) => printkWith(c, fmtAt(c, 0), varargs(c, 1)),
  vprintk: (c) => printkWith(c, fmtAt(c, 0), valist(c, 1)),
  snprintf: (c) => snprintfInto(c, arg(c, 0), arg(c, 1), fmtAt(c, 2), varargs(c, 3), false),
  vsnprintf: (c) => snprintfInto(c, arg(c, 0), arg(c, 1), fmtAt(c, 2), valist(c, 3), false),
  scnprintf: (c) => snprintfInto(c, arg(c, 0), arg(c, 1), fmtAt(c, 2), varargs(c, 3), true),
  vscnprintf: (c) => snprintfInto(c, arg(c, 0), arg(c, 1), fmtAt(c, 2), valist(c, 3), true),
  sprintf: (c) => snprintfInto(c, arg(c, 0), INT_MAX, fmtAt(c, 1), varargs(c, 2), false),
  vsprintf: (c) => snprintfInto(c, arg(c, 0), INT_MAX, fmtAt(c, 1), valist(c, 2), false),

  __kmalloc: (c) => {
    // __kmalloc_large_node: an order past MAX_ORDER (11: 4 MiB) is __alloc_pages's
    // WARN_ON_ONCE_GFP, silenced by __GFP_NOWARN, and NULL
    if (arg(c, 0) > BigInt(PAGE_SIZE << (MAX_ORDER - 1))) {
      if (!(arg(c, 1) & GFP_NOWARN)) hostWarnOnce(c.k, c.core, c.core.pc, 'mm/page_alloc.c', 5634);
      return 0n;
    }
    return c.k.slab.kmalloc(Number(arg(c, 0)));
  },
  kfree: (c) => {
    const p = arg(c, 0);
    if (!c.k.slab.kfree(p)) {
      return die(c, `kernel BUG at mm/slub.c: kfree of ${hex(p)}, which kmalloc did not return (or freed twice), called from ${c.k.kallsyms.format(c.core.reg(Reg.X[30]))}`);
    }
  },
  krealloc: (c) => {
    const p = arg(c, 0), size = Number(arg(c, 1));
    if (size === 0) { c.k.slab.kfree(p); return 16n; }
    const old = p === 0n || p === 16n ? 0 : c.k.slab.ksize(p);
    if (p !== 0n && p !== 16n && !old) return die(c, `krealloc of ${hex(p)}, which kmalloc did not return`);
    if (old >= size) return p;
    const n = c.k.slab.kmalloc(size);
    if (!n) return 0n;
    if (old) { c.k.machine.write(n, c.k.machine.read(p, old)); c.k.slab.kfree(p); }
    return n;
  },
  ksize: (c) => BigInt(c.k.slab.ksize(arg(c, 0))),
  // vmalloc memory is always zeroed (so vzalloc and __vmalloc's __GFP_ZERO are vmalloc) and the
  // machine has one NUMA node (so vmalloc_node is too): the size is the first argument of each.
  vmalloc: (c) => vmallocService(c),
  vzalloc: (c) => vmallocService(c),
  __vmalloc: (c) => vmallocService(c),
  vmalloc_node: (c) => vmallocService(c),
  vfree: (c) => {
    const p = arg(c, 0);
    if (p !== 0n && !c.k.vmalloc.free(p)) return die(c, `Trying to vfree() nonexistent vm area (${hex(p)})`);
  },

  __stack_chk_fail: (c) => die(c, `Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: ${c.k.kallsyms.format(c.core.reg(Reg.X[30]))}`),
  panic: (c) => {
    const fmt = fmtAt(c, 0);
    const r = fmt ? vsnprintf(1024, fmt, varargs(c, 1), formatEnv(c.k)) : null;
    const text = r ? Buffer.from(r.out.subarray(0, r.out.length - 1)).toString('latin1') : '';
    return die(c, `Kernel panic - not syncing: ${text.replace(/\n$/, '')}`);
  },
  dump_stack: (c) => {
    const lines = [`CPU: ${c.cpu} PID: ${c.task?.pid ?? 0} Comm: ${c.task?.comm ?? 'swapper'}`, 'Call trace:'];
    for (const a of backtrace(c.k, c.cpu, c.core.reg(Reg.X[30]))) lines.push(` ${c.k.kallsyms.format(a)}`);
    for (const l of lines) c.k.printk(`<4>${l}\n`, c.cpu);
  },
  // __WARN_printf: the cut line, then the message; the brk that follows reports the rest.
  __warn_printk: (c) => {
    c.k.printk(`<4>${CUT_HERE}\n`, c.cpu);
    return printkWith(c, fmtAt(c, 0), varargs(c, 1));
  },

  __kmodlab_find_symbol: (c) => {
    const name = c.k.machine.readString(arg(c, 0), 256);
    const ownerOut = arg(c, 1);
    const s = find_symbol(c.k, name);
    if (ownerOut) c.k.machine.writeU64(ownerOut, s?.owner?.addr ?? 0n);
    return s?.addr ?? 0n;
  },
  __kmodlab_module_address: (c) => moduleAt(c.k, arg(c, 0))?.addr ?? 0n,

  // Sleeping: the thread leaves its core (a voluntary context switch) until its timer expires.
  msleep: (c) => sleepFor(c, (arg(c, 0) & 0xffffffffn) * BigInt(c.k.cost.cpuHz) / 1000n, 0n),
  // The caller sleeps until every CPU (and with sync=tasks every preempted task) has scheduled.
  synchronize_kernel: (c) => syncService(c),
  synchronize_rcu: (c) => syncService(c),
  synchronize_rcu_expedited: (c) => syncService(c),
  // call_usermodehelper_wait (kernel/core/kmod.c): a tool command line run beside the caller.
  __kmodlab_usermodehelper: (c) => usermodehelperService(c),
  // What real modules import that needs the TypeScript kernel (kernel/real-services.ts).
  ...REAL_SERVICES,
  // kernel/panic.c: a taint a module or the core asks for (LOCKDEP_STILL_OK is 0)
  add_taint: (c) => { c.k.addTaint(Number(arg(c, 0)), arg(c, 1) !== 0n); },
  ...UACCESS_SERVICES,
  ...NAMEI_SERVICES,
  ...PROCESS_SERVICES,
  ...MMAP_SERVICES,
  // schedule() and wake-ups by task state, new kernel threads (kernel/sched.ts)
  ...SCHED_SERVICES,
  // the per-CPU softirq threads: timers and tasklets (kernel/softirq.ts)
  ...SOFTIRQ_SERVICES,
  ...IRQ_SERVICES,
  ...FAULT_SERVICES,
  // clocks and delay loops (kernel/timekeeping.ts), get_random_bytes (kernel/random-driver.ts)
  ...TIMEKEEPING_SERVICES,
  ...RANDOM_SERVICES,
};

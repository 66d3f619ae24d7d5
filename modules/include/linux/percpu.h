/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_PERCPU_H
#define __LINUX_PERCPU_H

#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/cache.h>
#include <linux/percpu-defs.h>
#include <asm/percpu.h>

/*
 * __per_cpu_offset[cpu]: the address of CPU cpu's copy of the per-CPU area
 * minus __per_cpu_start. Filled in by the boot code (kmodlab: the TypeScript
 * kernel), which also loads TPIDR_EL1 of each CPU with its entry.
 */
extern unsigned long __per_cpu_offset[NR_CPUS];
#define per_cpu_offset(x) (__per_cpu_offset[x])

/* the template: [__per_cpu_start, __per_cpu_end) of the kernel image */
extern char __per_cpu_start[], __per_cpu_end[];

/* minimum unit size, also is the maximum supported allocation size */
#define PCPU_MIN_UNIT_SIZE		(32 << 10)

/* kernel/module/main.c reserves this much per CPU for modules' .data..percpu */
#define PERCPU_MODULE_RESERVE		(8 << 10)

#endif /* __LINUX_PERCPU_H */

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The per-CPU areas. The template of every static per-CPU variable of the
 * kernel image is [__per_cpu_start, __per_cpu_end) (vmlinux.lds). At boot the
 * TypeScript kernel gives each CPU a copy of it, stores copy - __per_cpu_start
 * in __per_cpu_offset[cpu] and in that CPU's TPIDR_EL1, and sets the copy's
 * cpu_number to cpu.
 */
#include "kmodlab.h"
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/export.h>
#include <linux/cache.h>

unsigned long __per_cpu_offset[NR_CPUS] __read_mostly;
EXPORT_SYMBOL(__per_cpu_offset);

/* arch/arm64/kernel/smp.c */
DEFINE_PER_CPU_READ_MOSTLY(int, cpu_number);
EXPORT_PER_CPU_SYMBOL(cpu_number);

/*
 * mm/percpu.c: __alloc_percpu_gfp() is __alloc_percpu() (a service of the
 * TypeScript kernel, whose per-CPU memory is always zeroed) for any gfp: the
 * areas are never grown from the page allocator here, so no flag changes
 * what happens.
 */
void __percpu *__alloc_percpu_gfp(size_t size, size_t align, gfp_t gfp)
{
	return __alloc_percpu(size, align);
}
EXPORT_SYMBOL_GPL(__alloc_percpu_gfp);

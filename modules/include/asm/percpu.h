/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __ASM_PERCPU_H
#define __ASM_PERCPU_H

#include <linux/compiler.h>
#include <asm/stack_pointer.h>

/*
 * The per-CPU offset of the running CPU: TPIDR_EL1 holds
 * __per_cpu_offset[smp_processor_id()].
 */
static inline void set_my_cpu_offset(unsigned long off)
{
	asm volatile("msr tpidr_el1, %0" :: "r" (off) : "memory");
}

static inline unsigned long __kern_my_cpu_offset(void)
{
	unsigned long off;

	/*
	 * We want to allow caching the value, so avoid using volatile and
	 * instead use a fake stack read to hazard against barrier().
	 */
	asm("mrs %0, tpidr_el1"
		: "=r" (off) :
		"Q" (*(const unsigned long *)current_stack_pointer));

	return off;
}

#define __my_cpu_offset __kern_my_cpu_offset()

#endif /* __ASM_PERCPU_H */

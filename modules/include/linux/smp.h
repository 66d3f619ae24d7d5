/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_SMP_H
#define __LINUX_SMP_H

/*
 *	Generic SMP support
 *		Alan Cox. <alan@redhat.com>
 */

#include <linux/types.h>
#include <linux/list.h>
#include <linux/threads.h>
#include <linux/preempt.h>
#include <linux/percpu-defs.h>
#include <asm/percpu.h>

/*
 * arm64: the CPU number lives in a per-CPU variable set up at boot, so
 * smp_processor_id() is one TPIDR_EL1-relative load.
 */
DECLARE_PER_CPU(int, cpu_number);

/*
 * We don't use this_cpu_read(cpu_number) as that has implicit writes to
 * preempt_count, and associated (compiler) barriers, that we'd like to avoid
 * the expense of. If we're preemptible, the value can be stale at use anyway.
 * And we can't use this_cpu_ptr() either, as that winds up recursing back
 * here under CONFIG_DEBUG_PREEMPT=y.
 */
#define raw_smp_processor_id() (*raw_cpu_ptr(&cpu_number))

#define __smp_processor_id() raw_smp_processor_id()
#define smp_processor_id() __smp_processor_id()

#define get_cpu()		({ preempt_disable(); __smp_processor_id(); })
#define put_cpu()		preempt_enable()

#endif /* __LINUX_SMP_H */

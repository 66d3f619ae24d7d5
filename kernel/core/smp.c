// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inter-processor interrupts (arch/arm64/kernel/smp.c's IPI handling and
 * kernel/smp.c's cross-CPU calls, shrunk): SGI 0 asks a CPU to reschedule,
 * SGI 1 makes it run the calls queued for it. A call runs on the target CPU
 * in interrupt context; the caller spins until it is done, as
 * smp_call_function_single(..., wait=1) does.
 *
 * Copyright (C) 2002 ARM Limited, All Rights Reserved.
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <linux/smp.h>
#include <linux/spinlock.h>
#include <linux/cpumask.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/errno.h>
#include <asm/processor.h>

enum ipi_msg_type {
	IPI_RESCHEDULE,
	IPI_CALL_FUNC,
};

void kmodlab_gic_send_sgi(unsigned int sgi, unsigned int cpu);

struct kmodlab_csd {
	smp_call_func_t func;
	void *info;
	int done;
	struct kmodlab_csd *next;
};

static struct kmodlab_csd *call_queue[NR_CPUS];
static DEFINE_SPINLOCK(call_lock);
/* IPIs taken, per CPU and kind (/proc/interrupts' IPI0/IPI1 rows) */
unsigned long kmodlab_ipi_count[NR_CPUS][2];

static void flush_call_queue(void)
{
	struct kmodlab_csd *csd, *next;
	int cpu = smp_processor_id();

	spin_lock(&call_lock);
	csd = call_queue[cpu];
	call_queue[cpu] = NULL;
	spin_unlock(&call_lock);
	for (; csd; csd = next) {
		next = csd->next;
		csd->func(csd->info);
		smp_store_release(&csd->done, 1);
	}
}

void kmodlab_handle_ipi(unsigned int ipi)
{
	int cpu = smp_processor_id();

	switch (ipi) {
	case IPI_RESCHEDULE:
		kmodlab_ipi_count[cpu][0]++;
		/* scheduler_ipi(): the interrupt's exit preempts */
		set_preempt_need_resched();
		break;
	case IPI_CALL_FUNC:
		kmodlab_ipi_count[cpu][1]++;
		flush_call_queue();
		break;
	default:
		pr_crit("CPU%d: Unknown IPI message 0x%x\n", cpu, ipi);
		break;
	}
}

void kmodlab_send_reschedule(int cpu)
{
	kmodlab_gic_send_sgi(IPI_RESCHEDULE, cpu);
}

/*
 * smp_call_function_single(cpu, func, info, 1): func(info) runs on CPU cpu
 * in interrupt context, taken there through IPI_CALL_FUNC; returns once it
 * has. On the caller's own CPU it runs at once with interrupts off.
 */
int kmodlab_smp_call_function_single(int cpu, smp_call_func_t func, void *info)
{
	struct kmodlab_csd csd = { .func = func, .info = info };
	unsigned long flags;

	if (cpu < 0 || cpu >= nr_cpu_ids || !cpu_online(cpu))
		return -ENXIO;
	preempt_disable();
	if (cpu == smp_processor_id()) {
		local_irq_save(flags);
		func(info);
		local_irq_restore(flags);
		preempt_enable();
		return 0;
	}
	spin_lock_irqsave(&call_lock, flags);
	csd.next = call_queue[cpu];
	call_queue[cpu] = &csd;
	spin_unlock_irqrestore(&call_lock, flags);
	kmodlab_gic_send_sgi(IPI_CALL_FUNC, cpu);
	while (!smp_load_acquire(&csd.done))
		cpu_relax();
	preempt_enable();
	return 0;
}

/* Test entry point: the CPU an IPI call to CPU @cpu ran on (or a -errno). */
static void which_cpu(void *info)
{
	*(long *)info = in_hardirq() ? smp_processor_id() : -1000 - smp_processor_id();
}

long kmodlab_ipi_ping(int cpu)
{
	long where = -1;
	int err = kmodlab_smp_call_function_single(cpu, which_cpu, &where);

	return err ? err : where;
}

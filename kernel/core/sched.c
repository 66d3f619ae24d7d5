// SPDX-License-Identifier: GPL-2.0-only
/*
 * The C side of the scheduler interface (kernel/sched/core.c): preemption
 * points that modules reach through preempt_enable() and cond_resched().
 * The scheduler itself is the TypeScript kernel's; schedule() is its service.
 *
 * A reschedule is requested by clearing the need_resched word of the running
 * task's thread_info.preempt_count (arm64 keeps it inverted: 1 = nothing
 * pending). preempt_enable() calls preempt_schedule() when the count drops to
 * zero with a request pending.
 */
#include "kmodlab.h"
#include <linux/sched.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/slab.h>
#include <linux/export.h>

static void preempt_schedule_common(void)
{
	clear_preempt_need_resched();
	schedule();
}

/*
 * This is the entry point to schedule() from in-kernel preemption
 * off of preempt_enable.
 */
asmlinkage __visible void preempt_schedule(void)
{
	/*
	 * If there is a non-zero preempt_count or interrupts are disabled,
	 * we do not want to preempt the current task. Just return..
	 */
	if (likely(!preemptible()))
		return;
	preempt_schedule_common();
}
EXPORT_SYMBOL(preempt_schedule);

asmlinkage __visible void preempt_schedule_notrace(void)
{
	if (likely(!preemptible()))
		return;
	preempt_schedule_common();
}
EXPORT_SYMBOL_GPL(preempt_schedule_notrace);

int __cond_resched(void)
{
	if (should_resched(0)) {
		preempt_schedule_common();
		return 1;
	}
	return 0;
}
EXPORT_SYMBOL(__cond_resched);

/* mm/slab_common.c: ksize() is the allocator's service */
size_t __ksize(const void *objp)
{
	return ksize(objp);
}
EXPORT_SYMBOL(__ksize);

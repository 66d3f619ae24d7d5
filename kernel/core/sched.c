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

/*
 * try_to_wake_up - wake up a thread
 * @p: the thread to be awakened
 * @state: the mask of task states that can be woken
 * @wake_flags: wake modifier flags (WF_*)
 *
 * Conceptually does: If (@state & @p->state) @p->state = TASK_RUNNING.
 * The state changes here, on the waker's core, with the cmpxchg that orders
 * it against the sleeper's set_current_state(); the TypeScript scheduler then
 * gives the thread its core back if it had gone to sleep in schedule(). A
 * sleeper that has not reached schedule() yet finds TASK_RUNNING there and
 * does not sleep, so the wake-up is not lost.
 *
 * Return: %true if @p->state changes (an actual wakeup was done),
 *	   %false otherwise.
 */
static int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	unsigned int cur = READ_ONCE(p->__state);

	for (;;) {
		unsigned int old;

		if (!(cur & state))
			return 0;
		old = cmpxchg(&p->__state, cur, TASK_RUNNING);
		if (old == cur)
			break;
		cur = old;
	}
	__kmodlab_wake_task(p);
	return 1;
}

/**
 * wake_up_process - Wake up a specific process
 * @p: The process to be woken up.
 *
 * Attempt to wake up the nominated process and move it to the set of runnable
 * processes.
 *
 * Return: 1 if the process was woken up, 0 if it was already running.
 */
int wake_up_process(struct task_struct *p)
{
	return try_to_wake_up(p, TASK_NORMAL, 0);
}
EXPORT_SYMBOL(wake_up_process);

int wake_up_state(struct task_struct *p, unsigned int state)
{
	return try_to_wake_up(p, state, 0);
}

int default_wake_function(wait_queue_entry_t *curr, unsigned mode, int wake_flags,
			  void *key)
{
	return try_to_wake_up(curr->private, mode, wake_flags);
}
EXPORT_SYMBOL(default_wake_function);

/*
 * The machine has no block layer accounting: waiting for I/O is waiting.
 */
long io_schedule_timeout(long timeout)
{
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(io_schedule_timeout);

void io_schedule(void)
{
	schedule();
}
EXPORT_SYMBOL(io_schedule);

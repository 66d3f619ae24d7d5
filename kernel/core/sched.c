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
/* kernel/sched/core.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/highmem.h>
#include <linux/hrtimer_api.h>
#include <linux/ktime_api.h>
#include <linux/sched/signal.h>
#include <linux/syscalls_api.h>
#include <linux/debug_locks.h>
#include <linux/prefetch.h>
#include <linux/capability.h>
#include <linux/pgtable_api.h>
#include <linux/wait_bit.h>
#include <linux/jiffies.h>
#include <linux/spinlock_api.h>
#include <linux/cpumask_api.h>
#include <linux/lockdep_api.h>
#include <linux/hardirq.h>
#include <linux/softirq.h>
#include <linux/refcount_api.h>
#include <linux/topology.h>
#include <linux/sched/clock.h>
#include <linux/sched/cond_resched.h>
#include <linux/sched/cputime.h>
#include <linux/sched/debug.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/init.h>
#include <linux/sched/isolation.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/mm.h>
#include <linux/sched/nohz.h>
#include <linux/sched/rseq_api.h>
#include <linux/sched/rt.h>

#include <linux/blkdev.h>
#include <linux/context_tracking.h>
#include <linux/cpuset.h>
#include <linux/delayacct.h>
#include <linux/init_task.h>
#include <linux/interrupt.h>
#include <linux/ioprio.h>
#include <linux/kallsyms.h>
#include <linux/kcov.h>
#include <linux/kprobes.h>
#include <linux/llist_api.h>
#include <linux/mmu_context.h>
#include <linux/mmzone.h>
#include <linux/mutex_api.h>
#include <linux/nmi.h>
#include <linux/nospec.h>
#include <linux/perf_event_api.h>
#include <linux/profile.h>
#include <linux/psi.h>
#include <linux/rcuwait_api.h>
#include <linux/sched/wake_q.h>
#include <linux/scs.h>
#include <linux/slab.h>
#include <linux/syscalls.h>
#include <linux/vtime.h>
#include <linux/wait_api.h>
#include <linux/workqueue_api.h>

#ifdef CONFIG_PREEMPT_DYNAMIC
# ifdef CONFIG_GENERIC_ENTRY
#  include <linux/entry-common.h>
# endif
#endif

#include <uapi/linux/sched/types.h>

#include <asm/irq_regs.h>
#include <asm/switch_to.h>
#include <asm/tlb.h>

/*
 * 6.1 defines the scheduler's tracepoints here (CREATE_TRACE_POINTS): their
 * definitions are not kmodlab's.
 */
#include <linux/sched/rseq_api.h>
#include <trace/events/sched.h>

/*
 * kernel/sched/'s private headers: of them only sched.h and autogroup.h
 * define structs that the exports' CRCs reach; of the other local headers
 * only io_uring's io-wq.h (struct io_wq_hash and <linux/io_uring_types.h>).
 */
#include "sched_internal.h"
#include "sched_autogroup.h"

#include "io_uring_io_wq.h"

/*
 * __schedule(SM_PREEMPT): the task stays runnable whatever its state -- it
 * may be preempted between set_current_state() and its own schedule() --
 * and the CPU's other runnable tasks go first.
 */
static void preempt_schedule_common(void)
{
	clear_preempt_need_resched();
	__kmodlab_preempt_schedule();
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

// SPDX-License-Identifier: GPL-2.0+
/*
 * kernel/rcu/tree.c (6.1), the callback interfaces: call_rcu(),
 * kvfree_call_rcu() and rcu_barrier().
 *
 * The machine's grace period is synchronize_rcu() (a service of the
 * TypeScript kernel: every CPU passes a quiescent state, and with
 * sync=tasks every preempted task too). Callbacks are queued in call order
 * on one list; a work item on system_unbound_wq takes the whole list, waits
 * one grace period with synchronize_rcu() and invokes them in order. So a
 * callback runs after a full grace period that began after call_rcu(), as
 * Linux guarantees, in process context (Linux runs them from RCU_SOFTIRQ or
 * an rcuo kthread; callbacks must not care which). rcu_barrier() waits
 * until every callback queued before it has run. Left out: Tree RCU's
 * per-CPU segmented lists, expedited grace periods and kfree batching
 * (kvfree_call_rcu frees each object after its own grace period).
 *
 * Authors: Paul E. McKenney <paulmck@linux.ibm.com>
 *	    Manfred Spraul <manfred@colorfullife.com>
 */
#include "kmodlab.h"
/* kernel/rcu/tree.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/spinlock.h>
#include <linux/smp.h>
#include <linux/rcupdate_wait.h>
#include <linux/interrupt.h>
#include <linux/sched.h>
#include <linux/sched/debug.h>
#include <linux/nmi.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/export.h>
#include <linux/completion.h>
#include <linux/kmemleak.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/panic_notifier.h>
#include <linux/percpu.h>
#include <linux/notifier.h>
#include <linux/cpu.h>
#include <linux/mutex.h>
#include <linux/time.h>
#include <linux/kernel_stat.h>
#include <linux/wait.h>
#include <linux/kthread.h>
#include <uapi/linux/sched/types.h>
#include <linux/prefetch.h>
#include <linux/delay.h>
#include <linux/random.h>
#include <linux/trace_events.h>
#include <linux/suspend.h>
#include <linux/ftrace.h>
#include <linux/tick.h>
#include <linux/sysrq.h>
#include <linux/kprobes.h>
#include <linux/gfp.h>
#include <linux/oom.h>
#include <linux/smpboot.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/sched/isolation.h>
#include <linux/sched/clock.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/kasan.h>
#include <linux/context_tracking.h>
#include <linux/workqueue.h>

static DEFINE_RAW_SPINLOCK(rcu_cblist_lock);
static struct rcu_head *rcu_cblist;		/* oldest first */
static struct rcu_head **rcu_cblist_tail = &rcu_cblist;
static unsigned long rcu_cbs_queued, rcu_cbs_invoked;
static DECLARE_WAIT_QUEUE_HEAD(rcu_barrier_wq);

static void rcu_do_callbacks(struct work_struct *work);
static DECLARE_WORK(rcu_cb_work, rcu_do_callbacks);

/* Invoke one callback: a function, or kvfree_rcu()'s offset of the rcu_head in its object. */
static void rcu_invoke(struct rcu_head *head)
{
	rcu_callback_t f = head->func;
	unsigned long offset = (unsigned long)f;

	if (__is_kvfree_rcu_offset(offset))
		kvfree((void *)head - offset);
	else
		f(head);
}

static void rcu_do_callbacks(struct work_struct *work)
{
	for (;;) {
		struct rcu_head *list, *next;
		unsigned long flags, n = 0;

		raw_spin_lock_irqsave(&rcu_cblist_lock, flags);
		list = rcu_cblist;
		rcu_cblist = NULL;
		rcu_cblist_tail = &rcu_cblist;
		raw_spin_unlock_irqrestore(&rcu_cblist_lock, flags);
		if (!list)
			return;

		/* every callback on the list was queued before this grace period */
		synchronize_rcu();

		for (; list; list = next) {
			next = list->next;
			rcu_invoke(list);
			n++;
			cond_resched();
		}
		raw_spin_lock_irqsave(&rcu_cblist_lock, flags);
		rcu_cbs_invoked += n;
		raw_spin_unlock_irqrestore(&rcu_cblist_lock, flags);
		wake_up_all(&rcu_barrier_wq);
	}
}

static void __call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	unsigned long flags;

	head->func = func;
	head->next = NULL;
	raw_spin_lock_irqsave(&rcu_cblist_lock, flags);
	*rcu_cblist_tail = head;
	rcu_cblist_tail = &head->next;
	rcu_cbs_queued++;
	raw_spin_unlock_irqrestore(&rcu_cblist_lock, flags);
	queue_work(system_unbound_wq, &rcu_cb_work);
}

/**
 * call_rcu() - Queue an RCU callback for invocation after a grace period.
 * @head: structure to be used for queueing the RCU updates.
 * @func: actual callback function to be invoked after the grace period
 *
 * The callback function will be invoked some time after a full grace
 * period elapses, in other words after all pre-existing RCU read-side
 * critical sections have completed.
 */
void call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	__call_rcu(head, func);
}
EXPORT_SYMBOL_GPL(call_rcu);

/**
 * kvfree_call_rcu() - Queue up an object for freeing after a grace period.
 * @head: Pointer to the head that will be used for queueing, or NULL
 * @func: The offset of @head in the object (kvfree_rcu()), or, without a
 *        head (kvfree_rcu_mightsleep()), the object itself
 */
void kvfree_call_rcu(struct rcu_head *head, rcu_callback_t func)
{
	if (!head) {
		/* headless: the caller may sleep; free after a grace period here */
		might_sleep();
		synchronize_rcu();
		kvfree((void *)func);
		return;
	}
	__call_rcu(head, func);
}
EXPORT_SYMBOL_GPL(kvfree_call_rcu);

/**
 * rcu_barrier - Wait until all in-flight call_rcu() callbacks complete.
 *
 * Waits for every callback queued before the call to have been invoked
 * (not merely for a grace period).
 */
void rcu_barrier(void)
{
	unsigned long flags, target;

	might_sleep();
	raw_spin_lock_irqsave(&rcu_cblist_lock, flags);
	target = rcu_cbs_queued;
	raw_spin_unlock_irqrestore(&rcu_cblist_lock, flags);
	wait_event(rcu_barrier_wq, (long)(READ_ONCE(rcu_cbs_invoked) - target) >= 0);
}
EXPORT_SYMBOL_GPL(rcu_barrier);

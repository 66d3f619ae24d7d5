// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/softirq.c (6.1): bottom halves, tasklets, and the per-CPU thread
 * that runs them.
 *
 * Every softirq runs in "ksoftirqd/N" (run_ksoftirqd below), a thread the
 * TypeScript kernel creates for CPU N when it first needs one
 * (kernel/softirq.ts). It behaves like a softirq at interrupt exit: while it
 * has work it takes the CPU at the next slice boundary from whatever thread
 * runs there (unless that thread has interrupts off or bottom halves
 * disabled), with SOFTIRQ_OFFSET in its preempt_count, so in_softirq() holds
 * in timer callbacks and tasklets. raise_softirq() marks the softirq pending
 * in irq_stat and wakes the thread; timers wake it at their jiffy.
 *
 * Copyright (C) 1992 Linus Torvalds
 */
#define pr_fmt(fmt) "softirq: " fmt

#include "kmodlab.h"
#include <linux/export.h>
#include <linux/kernel_stat.h>
#include <linux/interrupt.h>
#include <linux/init.h>
#include <linux/local_lock.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/percpu.h>
#include <linux/cpu.h>
#include <linux/freezer.h>
#include <linux/kthread.h>
#include <linux/rcupdate.h>
#include <linux/ftrace.h>
#include <linux/smp.h>
#include <linux/smpboot.h>
#include <linux/tick.h>
#include <linux/irq.h>
#include <linux/wait_bit.h>
#include "timer.h"

#ifndef __ARCH_IRQ_STAT
DEFINE_PER_CPU_ALIGNED(irq_cpustat_t, irq_stat);
EXPORT_PER_CPU_SYMBOL(irq_stat);
#endif

/*
 * Special-case - softirqs can safely be enabled by __do_softirq(),
 * without processing still-pending softirqs:
 */
void _local_bh_enable(void)
{
	WARN_ON_ONCE(in_hardirq());
	__preempt_count_sub(SOFTIRQ_DISABLE_OFFSET);
}
EXPORT_SYMBOL(_local_bh_enable);

/*
 * Pending softirqs are not run here: the CPU's softirq thread takes the CPU
 * at the next slice boundary once bottom halves are enabled again.
 */
void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	WARN_ON_ONCE(in_hardirq());
	/*
	 * Keep preemption disabled until we are done with
	 * softirq processing:
	 */
	__preempt_count_sub(cnt - 1);
	preempt_count_dec();
	preempt_check_resched();
}
EXPORT_SYMBOL(__local_bh_enable_ip);

static inline void wakeup_softirqd(void)
{
	__kmodlab_softirq_raise(smp_processor_id());
}

/*
 * This function must run with irqs disabled!
 */
inline void raise_softirq_irqoff(unsigned int nr)
{
	__raise_softirq_irqoff(nr);

	/*
	 * In softirq context (the softirq thread itself) the loop sees the
	 * new bit before it sleeps again; anywhere else, wake the thread.
	 */
	if (!in_interrupt())
		wakeup_softirqd();
}

void raise_softirq(unsigned int nr)
{
	unsigned long flags;

	local_irq_save(flags);
	raise_softirq_irqoff(nr);
	local_irq_restore(flags);
}

void __raise_softirq_irqoff(unsigned int nr)
{
	or_softirq_pending(1UL << nr);
}

/*
 * Tasklets
 */
struct tasklet_head {
	struct tasklet_struct *head;
	struct tasklet_struct **tail;
};

static DEFINE_PER_CPU(struct tasklet_head, tasklet_vec);
static DEFINE_PER_CPU(struct tasklet_head, tasklet_hi_vec);

/* The per-CPU list heads point into themselves: set up on first use. */
static struct tasklet_head *tasklet_head_ready(struct tasklet_head *head)
{
	if (unlikely(!head->tail))
		head->tail = &head->head;
	return head;
}

static void __tasklet_schedule_common(struct tasklet_struct *t,
				      struct tasklet_head __percpu *headp,
				      unsigned int softirq_nr)
{
	struct tasklet_head *head;
	unsigned long flags;

	local_irq_save(flags);
	head = tasklet_head_ready(this_cpu_ptr(headp));
	t->next = NULL;
	*head->tail = t;
	head->tail = &(t->next);
	raise_softirq_irqoff(softirq_nr);
	local_irq_restore(flags);
}

void __tasklet_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_vec,
				  TASKLET_SOFTIRQ);
}
EXPORT_SYMBOL(__tasklet_schedule);

void __tasklet_hi_schedule(struct tasklet_struct *t)
{
	__tasklet_schedule_common(t, &tasklet_hi_vec,
				  HI_SOFTIRQ);
}
EXPORT_SYMBOL(__tasklet_hi_schedule);

static bool tasklet_clear_sched(struct tasklet_struct *t)
{
	if (test_and_clear_bit(TASKLET_STATE_SCHED, &t->state)) {
		wake_up_var(&t->state);
		return true;
	}

	WARN_ONCE(1, "tasklet SCHED state not set: %s %pS\n",
		  t->use_callback ? "callback" : "func",
		  t->use_callback ? (void *)t->callback : (void *)t->func);

	return false;
}

static void tasklet_action_common(struct tasklet_head *tl_head,
				  unsigned int softirq_nr)
{
	struct tasklet_struct *list;

	local_irq_disable();
	tasklet_head_ready(tl_head);
	list = tl_head->head;
	tl_head->head = NULL;
	tl_head->tail = &tl_head->head;
	local_irq_enable();

	while (list) {
		struct tasklet_struct *t = list;

		list = list->next;

		if (tasklet_trylock(t)) {
			if (!atomic_read(&t->count)) {
				if (tasklet_clear_sched(t)) {
					if (t->use_callback)
						t->callback(t);
					else
						t->func(t->data);
				}
				tasklet_unlock(t);
				continue;
			}
			tasklet_unlock(t);
		}

		local_irq_disable();
		t->next = NULL;
		*tl_head->tail = t;
		tl_head->tail = &t->next;
		__raise_softirq_irqoff(softirq_nr);
		local_irq_enable();
	}
}

void tasklet_setup(struct tasklet_struct *t,
		   void (*callback)(struct tasklet_struct *))
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->callback = callback;
	t->use_callback = true;
	t->data = 0;
}
EXPORT_SYMBOL(tasklet_setup);

void tasklet_init(struct tasklet_struct *t,
		  void (*func)(unsigned long), unsigned long data)
{
	t->next = NULL;
	t->state = 0;
	atomic_set(&t->count, 0);
	t->func = func;
	t->use_callback = false;
	t->data = data;
}
EXPORT_SYMBOL(tasklet_init);

/*
 * Do not use in new code. Waiting for tasklets from atomic contexts is
 * error prone and should be avoided.
 */
void tasklet_unlock_spin_wait(struct tasklet_struct *t)
{
	while (test_bit(TASKLET_STATE_RUN, &(t)->state))
		cpu_relax();
}
EXPORT_SYMBOL(tasklet_unlock_spin_wait);

void tasklet_kill(struct tasklet_struct *t)
{
	if (in_interrupt())
		pr_notice("Attempt to kill tasklet from interrupt\n");

	while (test_and_set_bit(TASKLET_STATE_SCHED, &t->state))
		wait_var_event(&t->state, !test_bit(TASKLET_STATE_SCHED, &t->state));

	tasklet_unlock_wait(t);
	tasklet_clear_sched(t);
}
EXPORT_SYMBOL(tasklet_kill);

void tasklet_unlock(struct tasklet_struct *t)
{
	smp_mb__before_atomic();
	clear_bit(TASKLET_STATE_RUN, &t->state);
	smp_mb__after_atomic();
	wake_up_var(&t->state);
}
EXPORT_SYMBOL_GPL(tasklet_unlock);

void tasklet_unlock_wait(struct tasklet_struct *t)
{
	wait_var_event(&t->state, !test_bit(TASKLET_STATE_RUN, &t->state));
}
EXPORT_SYMBOL_GPL(tasklet_unlock_wait);

/*
 * ksoftirqd/N: the timers that are due, then the pending softirqs in
 * Linux's order (HI before TIMER before TASKLET), then sleep until the next
 * timer or raise. Entered by the TypeScript kernel with the CPU number.
 */
int run_ksoftirqd(unsigned int cpu)
{
	__preempt_count_add(SOFTIRQ_OFFSET);
	for (;;) {
		unsigned long next, hnext;
		u32 pending;

		local_irq_disable();
		pending = local_softirq_pending();
		set_softirq_pending(0);
		local_irq_enable();

		if (pending & (1 << HI_SOFTIRQ))
			tasklet_action_common(this_cpu_ptr(&tasklet_hi_vec), HI_SOFTIRQ);
		next = run_timers();
		hnext = kmodlab_hrtimer_run();
		if (hnext < next)
			next = hnext;
		if (pending & (1 << TASKLET_SOFTIRQ))
			tasklet_action_common(this_cpu_ptr(&tasklet_vec), TASKLET_SOFTIRQ);

		local_irq_disable();
		if (!local_softirq_pending())
			__kmodlab_softirq_wait(next);
		local_irq_enable();
	}
	return 0;
}

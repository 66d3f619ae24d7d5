// SPDX-License-Identifier: GPL-2.0
/*
 * Interrupt handlers -- seed 004's Exception #1, after Linux 6.1's
 * kernel/irq/manage.c and kernel/irq/handle.c, shrunk to what the exception
 * is about: 6.1's struct irqaction in a list per line, no irq_desc.
 *
 * No owner, no module reference: a handler runs with interrupts off and a
 * hardirq count in preempt_count, so it can neither sleep nor be preempted,
 * and the CPU it runs on cannot pass through the scheduler until it returns.
 * free_irq() unlinks the action and calls synchronize_kernel(): once every
 * CPU has scheduled, no handler can still be running the old code, and the
 * module may go. That is all the protection an interrupt handler needs.
 *
 * On lines 0..15 (the seed's devices) a threaded handler's thread_fn is
 * called in process context, with preemption on, from the thread that raised
 * the interrupt, which is what the exception scenarios exercise.
 * synchronize_kernel() does not cover it: with preempt=full and sync=classic,
 * a thread_fn preempted in the module is still there after every CPU has
 * scheduled; sync=tasks waits for the preempted task; nothing but a reference
 * covers one that sleeps. Lines from 16 up run it as 6.1 does, in an
 * "irq/N-name" kthread that free_irq() stops (kthread_stop() waits for it).
 *
 * A line may belong to an interrupt controller (irq_lines.h, the GPIO chip's
 * lines 32..63): it hears of the first request with its trigger type and of
 * the last free, as 6.1's irq_chip does, and raises the line.
 *
 * Copyright (C) 1992, 1998-2006 Linus Torvalds, Ingo Molnar
 * Copyright (C) 2005-2006, Thomas Gleixner, Russell King
 */
#include "kmodlab.h"
#include <linux/interrupt.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/irqflags.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include "testing.h"
#include "irq_lines.h"

/*
 * The interrupt lines of kmodlab's machine (irq_lines.h): 6.1's
 * irq_to_desc() finds a descriptor for these only.
 */
#define KMODLAB_IRQ_THREADED_FIRST	16

/* kernel/irq/internals.h's bit in action->thread_flags */
#define IRQTF_RUNTHREAD	0

static struct irqaction *irq_actions[KMODLAB_NR_IRQS];
static DEFINE_SPINLOCK(irq_lock);	/* writers; handlers walk the list with irqs off */
static DEFINE_MUTEX(irq_request_mutex);	/* 6.1's desc->request_mutex: chip calls may sleep */

static const struct kmodlab_irq_chip *irq_chips[KMODLAB_NR_IRQS];
static unsigned int irq_trigger[KMODLAB_NR_IRQS];

/* desc->threads_active: thread_fns woken and not yet returned, per line */
static atomic_t irq_threads_active[KMODLAB_NR_IRQS];
static DECLARE_WAIT_QUEUE_HEAD(irq_threads_wq);

int kmodlab_irq_chip_add(unsigned int first, unsigned int count,
			 const struct kmodlab_irq_chip *chip)
{
	unsigned int i;

	if (first < KMODLAB_IRQ_THREADED_FIRST || first + count > KMODLAB_NR_IRQS)
		return -EINVAL;
	mutex_lock(&irq_request_mutex);
	for (i = first; i < first + count; i++) {
		if (irq_chips[i] || irq_actions[i]) {
			mutex_unlock(&irq_request_mutex);
			return -EBUSY;
		}
	}
	for (i = first; i < first + count; i++)
		irq_chips[i] = chip;
	mutex_unlock(&irq_request_mutex);
	return 0;
}

/* irq_thread(): sleeps until the line's hard handler asks for it */
static int irq_thread(void *data)
{
	struct irqaction *action = data;

	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (test_and_clear_bit(IRQTF_RUNTHREAD, &action->thread_flags)) {
			__set_current_state(TASK_RUNNING);
			action->thread_fn(action->irq, action->dev_id);
			if (atomic_dec_and_test(&irq_threads_active[action->irq]))
				wake_up(&irq_threads_wq);
			continue;
		}
		if (kthread_should_stop())
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return 0;
}


/* Default primary interrupt handler for threaded interrupts. */
static irqreturn_t irq_default_primary_handler(int irq, void *dev_id)
{
	return IRQ_WAKE_THREAD;
}

/**
 *	request_threaded_irq - allocate an interrupt line
 *	@irq: Interrupt line to allocate
 *	@handler: Function to be called when the IRQ occurs (hard interrupt
 *		  context). If NULL and thread_fn != NULL the default primary
 *		  handler is installed.
 *	@thread_fn: Function called from the irq handler thread. If NULL, no
 *		    irq thread is created.
 *	@irqflags: Interrupt type flags
 *	@devname: An ascii name for the claiming device
 *	@dev_id: A cookie passed back to the handler function
 */
int request_threaded_irq(unsigned int irq, irq_handler_t handler,
			 irq_handler_t thread_fn, unsigned long irqflags,
			 const char *devname, void *dev_id)
{
	struct irqaction *action, *old, **p;
	int ret;

	if (irq == IRQ_NOTCONNECTED)
		return -ENOTCONN;
	if (irq >= KMODLAB_NR_IRQS)
		return -EINVAL;
	if ((irqflags & IRQF_SHARED) && !dev_id)
		return -EINVAL;
	if (!handler) {
		if (!thread_fn)
			return -EINVAL;
		handler = irq_default_primary_handler;
	}

	action = kzalloc(sizeof(struct irqaction), GFP_KERNEL);
	if (!action)
		return -ENOMEM;
	action->handler = handler;
	action->thread_fn = thread_fn;
	action->flags = irqflags;
	action->name = devname;
	action->dev_id = dev_id;
	action->irq = irq;

	if (thread_fn && irq >= KMODLAB_IRQ_THREADED_FIRST) {
		struct task_struct *t;

		t = kthread_create(irq_thread, action, "irq/%d-%s", irq, devname);
		if (IS_ERR(t)) {
			kfree(action);
			return PTR_ERR(t);
		}
		/* free_irq()'s kthread_stop() needs the task after it exits */
		action->thread = get_task_struct(t);
	}

	mutex_lock(&irq_request_mutex);
	spin_lock(&irq_lock);
	old = irq_actions[irq];
	if (old && (!(old->flags & irqflags & IRQF_SHARED) ||
		    ((old->flags ^ irqflags) & IRQF_TRIGGER_MASK))) {
		spin_unlock(&irq_lock);
		mutex_unlock(&irq_request_mutex);
		pr_err("genirq: Flags mismatch irq %d. %08x (%s) vs. %08x (%s)\n",
		       irq, (unsigned int)irqflags, devname, old->flags, old->name);
		ret = -EBUSY;
		goto out_free;
	}
	spin_unlock(&irq_lock);

	if (!old && irq_chips[irq]) {
		/* irq_request_resources() and __irq_set_trigger() of the first handler */
		ret = irq_chips[irq]->request(irq_chips[irq]->data, irq,
					      irqflags & IRQF_TRIGGER_MASK);
		if (ret) {
			mutex_unlock(&irq_request_mutex);
			pr_err("Failed to request resources for %s (irq %d) on irqchip %s\n",
			       devname, irq, irq_chips[irq]->name);
			goto out_free;
		}
		irq_trigger[irq] = irqflags & IRQF_TRIGGER_MASK;
	}

	spin_lock(&irq_lock);
	for (p = &irq_actions[irq]; *p; p = &(*p)->next)
		;
	/* Published last: a handler walking the list sees a complete action. */
	smp_store_release(p, action);
	spin_unlock(&irq_lock);
	mutex_unlock(&irq_request_mutex);
	if (action->thread)
		wake_up_process(action->thread);
	return 0;

out_free:
	if (action->thread) {
		kthread_stop(action->thread);
		put_task_struct(action->thread);
	}
	kfree(action);
	return ret;
}
EXPORT_SYMBOL(request_threaded_irq);

/**
 *	free_irq - free an interrupt allocated with request_irq
 *	@irq: Interrupt line to free
 *	@dev_id: Device identity to free
 *
 *	On a shared IRQ the caller must ensure the interrupt is disabled
 *	on the card it drives before calling this function. The function
 *	does not return until any executing interrupts for this IRQ
 *	have completed.
 *
 *	Returns the devname argument passed to request_irq.
 */
const void *free_irq(unsigned int irq, void *dev_id)
{
	struct irqaction *action, **p;
	const char *devname;

	if (irq >= KMODLAB_NR_IRQS)
		return NULL;

	mutex_lock(&irq_request_mutex);
	spin_lock(&irq_lock);
	for (p = &irq_actions[irq]; (action = *p) != NULL; p = &action->next)
		if (action->dev_id == dev_id)
			break;
	if (!action) {
		spin_unlock(&irq_lock);
		mutex_unlock(&irq_request_mutex);
		WARN(1, "Trying to free already-free IRQ %d\n", irq);
		return NULL;
	}
	/* Unlinked, but action->next stays valid for a handler walking past. */
	WRITE_ONCE(*p, action->next);
	spin_unlock(&irq_lock);
	if (!irq_actions[irq] && irq_chips[irq]) {
		irq_chips[irq]->release(irq_chips[irq]->data, irq);
		irq_trigger[irq] = 0;
	}
	mutex_unlock(&irq_request_mutex);

	/*
	 * Exception #1: wait until every CPU has scheduled. A hard handler that
	 * saw the action ran with interrupts off, so it has returned by then.
	 */
	synchronize_kernel();

	/* a thread_fn woken before the unlink runs before the thread stops */
	if (action->thread) {
		kthread_stop(action->thread);
		put_task_struct(action->thread);
	}

	devname = action->name;
	kfree(action);
	return devname;
}
EXPORT_SYMBOL(free_irq);

#define MAX_THREADED	4

/*
 * What the last interrupt of a line left for the thread that raised it: its
 * thread_fns for lines 0..15 (run in process context, by the raiser) and
 * whether some handler handled it. irq_taken counts the interrupts taken.
 */
static struct { irq_handler_t fn; void *dev_id; } irq_wake[KMODLAB_NR_IRQS][MAX_THREADED];
static unsigned int irq_nwake[KMODLAB_NR_IRQS];
static int irq_last_handled[KMODLAB_NR_IRQS];
static atomic_t irq_taken[KMODLAB_NR_IRQS];
static DECLARE_WAIT_QUEUE_HEAD(irq_taken_wq);

/*
 * handle_irq_event(): the line's hard handlers, from gic_handle_irq() in
 * interrupt context (interrupts masked, hardirq count set by the entry code).
 */
void kmodlab_handle_irq(unsigned int irq)
{
	struct irqaction *action;
	int handled = 0;

	for (action = READ_ONCE(irq_actions[irq]); action; action = READ_ONCE(action->next)) {
		irqreturn_t res = action->handler(irq, action->dev_id);

		if (res == IRQ_WAKE_THREAD && action->thread) {
			/* __irq_wake_thread() */
			if (!test_and_set_bit(IRQTF_RUNTHREAD, &action->thread_flags)) {
				atomic_inc(&irq_threads_active[irq]);
				wake_up_process(action->thread);
			}
		} else if (res == IRQ_WAKE_THREAD && action->thread_fn &&
			   irq_nwake[irq] < MAX_THREADED) {
			irq_wake[irq][irq_nwake[irq]].fn = action->thread_fn;
			irq_wake[irq][irq_nwake[irq]].dev_id = action->dev_id;
			irq_nwake[irq]++;
		}
		if (res != IRQ_NONE)
			handled = 1;
	}
	irq_last_handled[irq] = handled;
	atomic_inc(&irq_taken[irq]);
	wake_up(&irq_taken_wq);
}

/*
 * The device of line IRQ asserts it; the interrupt is taken on the CPU its
 * line is routed to -- the raising thread's own: the machine's devices are
 * wired to the CPU that drives them -- as soon as that CPU has interrupts on.
 * Waits until it was taken, then runs the thread_fns it left (lines 0..15:
 * process context, preemption on). Returns whether some handler handled it.
 */
static int kmodlab_irq_fire(unsigned int irq)
{
	struct { irq_handler_t fn; void *dev_id; } wake[MAX_THREADED];
	int seen = atomic_read(&irq_taken[irq]);
	unsigned int i, nwake;
	int handled;

	kmodlab_irq_assert(irq);
	wait_event(irq_taken_wq, atomic_read(&irq_taken[irq]) != seen);
	local_irq_disable();
	nwake = irq_nwake[irq];
	for (i = 0; i < nwake; i++) {
		wake[i].fn = irq_wake[irq][i].fn;
		wake[i].dev_id = irq_wake[irq][i].dev_id;
	}
	irq_nwake[irq] = 0;
	handled = irq_last_handled[irq];
	local_irq_enable();

	/* irq_thread_fn(): process context, preemptible, may sleep */
	for (i = 0; i < nwake; i++)
		wake[i].fn(irq, wake[i].dev_id);
	return handled;
}

/*
 * Test entry point: a device raising interrupt IRQ COUNT times, PERIOD_MS
 * milliseconds apart (0: it just yields the CPU in between). Returns how many
 * of them some handler handled.
 */
unsigned long kmodlab_irq_storm(unsigned int irq, unsigned long count,
				unsigned int period_ms)
{
	unsigned long i, handled = 0;

	if (irq >= KMODLAB_NR_IRQS)
		return 0;
	for (i = 0; i < count; i++) {
		handled += kmodlab_irq_fire(irq);
		if (period_ms)
			msleep(period_ms);
		else
			schedule();
	}
	return handled;
}

int kmodlab_irq_raise(unsigned int irq)
{
	int handled;

	if (irq >= KMODLAB_NR_IRQS)
		return -EINVAL;
	handled = kmodlab_irq_fire(irq);
	/* synchronize_irq()'s wait_for_threads() */
	wait_event(irq_threads_wq, !atomic_read(&irq_threads_active[irq]));
	return handled;
}

/* the trigger the line's handlers asked for (IRQF_TRIGGER_*), 0 when it has none */
unsigned int kmodlab_irq_trigger(unsigned int irq)
{
	return irq < KMODLAB_NR_IRQS ? READ_ONCE(irq_trigger[irq]) : 0;
}

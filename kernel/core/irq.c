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
 * A threaded handler's thread_fn is called here in process context, with
 * preemption on, from the thread that raised the interrupt (6.1 runs it in an
 * "irq/N-name" kthread and free_irq() stops that thread). synchronize_kernel()
 * does not cover it: with preempt=full and sync=classic, a thread_fn preempted
 * in the module is still there after every CPU has scheduled; sync=tasks waits
 * for the preempted task; nothing but a reference covers one that sleeps.
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
#include "testing.h"

/*
 * The interrupt lines of kmodlab's machine: 6.1's irq_to_desc() finds a
 * descriptor for these only (NR_IRQS, 64, is the initial count of a
 * CONFIG_SPARSE_IRQ kernel's descriptors, not a machine's lines).
 */
#define KMODLAB_NR_IRQS	16

static struct irqaction *irq_actions[KMODLAB_NR_IRQS];
static DEFINE_SPINLOCK(irq_lock);	/* writers; handlers walk the list with irqs off */

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

	spin_lock(&irq_lock);
	old = irq_actions[irq];
	if (old && !(old->flags & irqflags & IRQF_SHARED)) {
		spin_unlock(&irq_lock);
		pr_err("genirq: Flags mismatch irq %d. %08x (%s) vs. %08x (%s)\n",
		       irq, (unsigned int)irqflags, devname, old->flags, old->name);
		kfree(action);
		return -EBUSY;
	}
	for (p = &irq_actions[irq]; *p; p = &(*p)->next)
		;
	/* Published last: a handler walking the list sees a complete action. */
	smp_store_release(p, action);
	spin_unlock(&irq_lock);
	return 0;
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

	spin_lock(&irq_lock);
	for (p = &irq_actions[irq]; (action = *p) != NULL; p = &action->next)
		if (action->dev_id == dev_id)
			break;
	if (!action) {
		spin_unlock(&irq_lock);
		WARN(1, "Trying to free already-free IRQ %d\n", irq);
		return NULL;
	}
	/* Unlinked, but action->next stays valid for a handler walking past. */
	WRITE_ONCE(*p, action->next);
	spin_unlock(&irq_lock);

	/*
	 * Exception #1: wait until every CPU has scheduled. A hard handler that
	 * saw the action ran with interrupts off, so it has returned by then.
	 */
	synchronize_kernel();

	devname = action->name;
	kfree(action);
	return devname;
}
EXPORT_SYMBOL(free_irq);

#define MAX_THREADED	4

/* handle_irq_event(): the hard handlers with interrupts off, then the threaded parts */
static int handle_irq_event(unsigned int irq)
{
	struct { irq_handler_t fn; void *dev_id; } wake[MAX_THREADED];
	struct irqaction *action;
	unsigned long flags;
	int handled = 0, nwake = 0, i;

	local_irq_save(flags);
	preempt_count_add(HARDIRQ_OFFSET);	/* in_irq(): not preemptible */
	for (action = READ_ONCE(irq_actions[irq]); action; action = READ_ONCE(action->next)) {
		irqreturn_t res = action->handler(irq, action->dev_id);

		if (res == IRQ_WAKE_THREAD && action->thread_fn && nwake < MAX_THREADED) {
			wake[nwake].fn = action->thread_fn;
			wake[nwake].dev_id = action->dev_id;
			nwake++;
		}
		if (res != IRQ_NONE)
			handled = 1;
	}
	preempt_count_sub(HARDIRQ_OFFSET);
	local_irq_restore(flags);

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
		handled += handle_irq_event(irq);
		if (period_ms)
			msleep(period_ms);
		else
			schedule();
	}
	return handled;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupt handlers: the request_irq()/free_irq() part of Linux 6.1's
 * include/linux/interrupt.h, implemented by kernel/core/irq.c.
 *
 * Seed 004's Exception #1: "As an optimization, you may skip this protection
 * if you *know* that the callbacks are non-preemptible and never sleep (eg.
 * registration of interrupt handlers)." So request_irq() takes no owner and
 * the kernel takes no module reference around a handler; free_irq() unlinks
 * the handler and waits with synchronize_kernel() -- "schedule on every CPU"
 * -- which a handler running with interrupts off cannot straddle.
 *
 * A threaded handler (request_threaded_irq's thread_fn) runs in process
 * context, preemptible, and may sleep: exactly what the exception excludes.
 * 6.1's free_irq() stops the handler's thread; kmodlab's keeps the 2.5 rule
 * (synchronize_kernel only), so the difference can be watched.
 */
#ifndef _LINUX_INTERRUPT_H
#define _LINUX_INTERRUPT_H

#include <linux/types.h>
#include <linux/irqreturn.h>

/* the interrupt lines of kmodlab's machine a device may raise */
#define NR_IRQS			16

#define IRQF_SHARED		0x00000080
#define IRQF_ONESHOT		0x00002000

typedef irqreturn_t (*irq_handler_t)(int, void *);

/**
 * struct irqaction - per interrupt action descriptor (kmodlab subset)
 * @handler:	interrupt handler function
 * @dev_id:	cookie to identify the device
 * @next:	pointer to the next irqaction for shared interrupts
 * @thread_fn:	interrupt handler function for threaded interrupts
 * @irq:	interrupt number
 * @flags:	flags (see IRQF_* above)
 * @name:	name of the device
 */
struct irqaction {
	irq_handler_t		handler;
	void			*dev_id;
	struct irqaction	*next;
	irq_handler_t		thread_fn;
	unsigned int		irq;
	unsigned int		flags;
	const char		*name;
};

extern int __must_check
request_threaded_irq(unsigned int irq, irq_handler_t handler,
		     irq_handler_t thread_fn,
		     unsigned long flags, const char *name, void *dev);

static inline int __must_check
request_irq(unsigned int irq, irq_handler_t handler, unsigned long flags,
	    const char *name, void *dev)
{
	return request_threaded_irq(irq, handler, NULL, flags, name, dev);
}

extern const void *free_irq(unsigned int irq, void *dev_id);

/*
 * Test entry point of kmodlab's kernel core: a device raising interrupt IRQ
 * COUNT times, PERIOD_MS apart. Returns how many were handled.
 */
unsigned long kmodlab_irq_storm(unsigned int irq, unsigned long count,
				unsigned int period_ms);

#endif

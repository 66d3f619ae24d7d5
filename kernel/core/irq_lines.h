/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmodlab's interrupt lines (irq.c) as an interrupt controller's driver sees
 * them: a range of lines handed to a chip that is told when the first handler
 * of a line is requested, with which trigger (IRQF_TRIGGER_*), and when the
 * last one is freed -- what 6.1's irq_chip irq_request_resources/irq_set_type
 * and irq_release_resources do -- and the controller's side of an interrupt:
 * raising a line. Included after the Linux headers, by irq.c and the
 * controllers; not exported.
 */
#ifndef _KMODLAB_CORE_IRQ_LINES_H
#define _KMODLAB_CORE_IRQ_LINES_H

struct kmodlab_irq_chip {
	const char *name;
	/* the first handler: 0, or a -errno that fails request_irq() */
	int (*request)(void *data, unsigned int irq, unsigned int trigger);
	/* the last handler is gone */
	void (*release)(void *data, unsigned int irq);
	void *data;
};

/* lines [first, first + count) belong to CHIP; -EBUSY if some are taken */
int kmodlab_irq_chip_add(unsigned int first, unsigned int count,
			 const struct kmodlab_irq_chip *chip);

/*
 * The line fires: its hard handlers run here in interrupt context, then its
 * threaded handlers in their irq threads; returns once those have run (as
 * synchronize_irq() waits for them), with 1 if some handler handled it.
 */
int kmodlab_irq_raise(unsigned int irq);

/* the line's device asserts it at the interrupt controller (irq-gic-v3.c) */
void kmodlab_irq_assert(unsigned int irq);

/* the trigger the line's handlers asked for (IRQF_TRIGGER_*), 0 when it has none */
unsigned int kmodlab_irq_trigger(unsigned int irq);

/* the lines' number space: 0..15 the machine's devices, 32..63 the GPIO chip's */
#define KMODLAB_NR_IRQS		64
#define KMODLAB_IRQ_GPIO_BASE	32

#endif

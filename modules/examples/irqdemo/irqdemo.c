// SPDX-License-Identifier: GPL-2.0
/*
 * irqdemo.c: an interrupt handler, seed 004's Exception #1. request_irq()
 * takes no owner and nobody takes a reference on this module around the
 * handler: it runs with interrupts off, cannot sleep or be preempted, and
 * free_irq()'s synchronize_kernel() is enough to make unloading safe.
 *
 *   irq=N        the line to claim (default 9); a kernel thread raises it with
 *                kmodlab_irq_storm(irq, count, period_ms)
 *   work=N       loop iterations per interrupt (a slow handler)
 *   threaded=1   do the work in a threaded handler (thread_fn): process
 *                context, preemptible -- outside the exception
 *   sleep_ms=N   the threaded handler also sleeps N ms
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/delay.h>
#include <linux/atomic.h>

static unsigned int irq = 9;
module_param(irq, uint, 0444);
MODULE_PARM_DESC(irq, "Interrupt line");

static unsigned long work = 20000;
module_param(work, ulong, 0444);
MODULE_PARM_DESC(work, "Loop iterations per interrupt");

static bool threaded;
module_param(threaded, bool, 0444);
MODULE_PARM_DESC(threaded, "Do the work in a threaded handler (preemptible)");

static unsigned int sleep_ms;
module_param(sleep_ms, uint, 0444);
MODULE_PARM_DESC(sleep_ms, "Milliseconds the threaded handler sleeps");

static atomic_t interrupts = ATOMIC_INIT(0);
static atomic_t thread_runs = ATOMIC_INIT(0);
static int irqdemo_dev;		/* the dev_id cookie */

static noinline unsigned long irqdemo_work(unsigned long n)
{
	unsigned long i, acc = 0;

	for (i = 0; i < n; i++)
		acc += i ^ (acc >> 3);
	asm volatile("" : "+r"(acc));
	return acc;
}

static irqreturn_t irqdemo_handler(int irq, void *dev_id)
{
	atomic_inc(&interrupts);
	if (threaded)
		return IRQ_WAKE_THREAD;
	irqdemo_work(work);
	return IRQ_HANDLED;
}

static irqreturn_t irqdemo_thread_fn(int irq, void *dev_id)
{
	irqdemo_work(work);
	if (sleep_ms)
		msleep(sleep_ms);
	atomic_inc(&thread_runs);
	return IRQ_HANDLED;
}

static int __init irqdemo_init(void)
{
	int err = request_threaded_irq(irq, irqdemo_handler,
				       threaded ? irqdemo_thread_fn : NULL,
				       0, "irqdemo", &irqdemo_dev);
	if (err)
		return err;
	pr_info("irq %u: %s handler\n", irq, threaded ? "threaded" : "hard");
	return 0;
}

static void __exit irqdemo_exit(void)
{
	free_irq(irq, &irqdemo_dev);
	pr_info("freed irq %u after %d interrupt(s), %d threaded run(s)\n", irq,
		atomic_read(&interrupts), atomic_read(&thread_runs));
}

module_init(irqdemo_init);
module_exit(irqdemo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("An interrupt handler: Exception #1, and the threaded handler it does not cover");

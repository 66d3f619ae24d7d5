// SPDX-License-Identifier: GPL-2.0
/*
 * kthreadloop.c: a kernel thread that wakes every period_ms, busy-waits
 * busy_us with udelay() and reports how long each round took by
 * ktime_get(), until the module's exit stops it with kthread_stop(), which
 * returns the thread's round count.
 *
 *   insmod kthreadloop.ko period_ms=10 busy_us=500
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/delay.h>
#include <linux/ktime.h>
#include <linux/timekeeping.h>
#include <linux/err.h>

static unsigned int period_ms = 10;
module_param(period_ms, uint, 0444);
MODULE_PARM_DESC(period_ms, "Sleep between rounds in milliseconds (default 10)");

static unsigned int busy_us = 500;
module_param(busy_us, uint, 0444);
MODULE_PARM_DESC(busy_us, "Busy-wait per round in microseconds (default 500)");

static struct task_struct *thread;

static int loop_fn(void *data)
{
	int round = 0;

	pr_info("%s: started on cpu%d\n", current->comm, smp_processor_id());
	while (!kthread_should_stop()) {
		ktime_t t0 = ktime_get();

		udelay(busy_us);
		round++;
		pr_info("round %d: busy %lld us\n", round, ktime_us_delta(ktime_get(), t0));
		msleep_interruptible(period_ms);
	}
	pr_info("%s: stopping after %d rounds\n", current->comm, round);
	return round;
}

static int __init kthreadloop_init(void)
{
	thread = kthread_run(loop_fn, NULL, "kthreadloop");
	if (IS_ERR(thread))
		return PTR_ERR(thread);
	return 0;
}

static void __exit kthreadloop_exit(void)
{
	pr_info("exit: kthread_stop returned %d\n", kthread_stop(thread));
}

module_init(kthreadloop_init);
module_exit(kthreadloop_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A kernel thread that loops until stopped");

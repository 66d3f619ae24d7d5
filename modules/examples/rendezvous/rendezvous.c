// SPDX-License-Identifier: GPL-2.0
/*
 * rendezvous.c: a producer thread and a consumer thread that meet through a
 * wait queue (wait_event_interruptible / wake_up_interruptible on a counter)
 * and report back through a completion, which init waits for with a
 * timeout.
 *
 *   insmod rendezvous.ko items=4
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/kthread.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/err.h>

static unsigned int items = 4;
module_param(items, uint, 0444);
MODULE_PARM_DESC(items, "How many items go from producer to consumer (default 4)");

static DECLARE_WAIT_QUEUE_HEAD(queue);
static DECLARE_COMPLETION(all_consumed);
static atomic_t produced = ATOMIC_INIT(0);

static int producer(void *data)
{
	unsigned int i;

	for (i = 1; i <= items; i++) {
		msleep(5);
		atomic_set(&produced, i);
		pr_info("produced %u\n", i);
		wake_up_interruptible(&queue);
	}
	return 0;
}

static int consumer(void *data)
{
	unsigned int seen = 0;

	while (seen < items) {
		if (wait_event_interruptible(queue, atomic_read(&produced) > seen))
			return -EINTR;
		seen = atomic_read(&produced);
		pr_info("consumed up to %u\n", seen);
	}
	complete(&all_consumed);
	return 0;
}

static int __init rendezvous_init(void)
{
	struct task_struct *c, *p;
	unsigned long left;

	c = kthread_run(consumer, NULL, "consumer");
	if (IS_ERR(c))
		return PTR_ERR(c);
	p = kthread_run(producer, NULL, "producer");
	if (IS_ERR(p))
		return PTR_ERR(p);
	left = wait_for_completion_timeout(&all_consumed, msecs_to_jiffies(1000));
	if (!left) {
		pr_err("timed out\n");
		return -ETIMEDOUT;
	}
	pr_info("all %u items consumed, %u ms to spare\n", items, jiffies_to_msecs(left));
	return 0;
}

static void __exit rendezvous_exit(void)
{
	pr_info("exit\n");
}

module_init(rendezvous_init);
module_exit(rendezvous_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Wait queue and completion between two threads");

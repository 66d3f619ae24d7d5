// SPDX-License-Identifier: GPL-2.0
/*
 * deferwork.c: work items on the system workqueue and on a workqueue of the
 * module's own: one queued at init, one delayed that re-queues itself a few
 * times, each printing where (CPU, worker) and when (jiffies) it ran. Exit
 * cancels the delayed work, flushes and destroys the workqueue.
 *
 *   insmod deferwork.ko rounds=3 delay_ms=12
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/sched.h>

static unsigned int rounds = 3;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "How many times the delayed work runs (default 3)");

static unsigned int delay_ms = 12;
module_param(delay_ms, uint, 0444);
MODULE_PARM_DESC(delay_ms, "Delay of the delayed work in milliseconds (default 12)");

static struct workqueue_struct *wq;
static unsigned long start;
static unsigned int ran;

static void hello_work_fn(struct work_struct *work)
{
	pr_info("work: on cpu%d in %s at +%lu jiffies\n",
		smp_processor_id(), current->comm, jiffies - start);
}
static DECLARE_WORK(hello_work, hello_work_fn);

static void again_fn(struct work_struct *work);
static DECLARE_DELAYED_WORK(again, again_fn);

static void again_fn(struct work_struct *work)
{
	ran++;
	pr_info("delayed work %u: on cpu%d in %s at +%lu jiffies\n",
		ran, smp_processor_id(), current->comm, jiffies - start);
	if (ran < rounds)
		queue_delayed_work(wq, &again, msecs_to_jiffies(delay_ms));
}

static int __init deferwork_init(void)
{
	start = jiffies;
	wq = alloc_workqueue("deferwork", 0, 0);
	if (!wq)
		return -ENOMEM;
	schedule_work(&hello_work);
	queue_delayed_work(wq, &again, msecs_to_jiffies(delay_ms));
	pr_info("queued: work on system_wq, delayed work every %u ms on %s\n", delay_ms, "deferwork");
	return 0;
}

static void __exit deferwork_exit(void)
{
	bool pending = cancel_delayed_work_sync(&again);

	flush_work(&hello_work);
	destroy_workqueue(wq);
	pr_info("exit: delayed work %s after %u runs\n", pending ? "cancelled" : "idle", ran);
}

module_init(deferwork_init);
module_exit(deferwork_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Work items and delayed work");

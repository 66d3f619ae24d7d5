// SPDX-License-Identifier: GPL-2.0
/*
 * tasklet.c: a tasklet scheduled from init and again from a timer, each run
 * printing its context; exit kills it with tasklet_kill().
 *
 *   insmod tasklet.ko
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/interrupt.h>
#include <linux/timer.h>
#include <linux/jiffies.h>

static unsigned int runs;
static struct tasklet_struct tl;
static struct timer_list kick;

static void tasklet_fn(struct tasklet_struct *t)
{
	runs++;
	pr_info("tasklet run %u on cpu%d (in_softirq %d, in_task %d)\n",
		runs, smp_processor_id(), !!in_softirq(), !!in_task());
}

static void kick_fn(struct timer_list *t)
{
	tasklet_schedule(&tl);
}

static int __init tasklet_example_init(void)
{
	tasklet_setup(&tl, tasklet_fn);
	timer_setup(&kick, kick_fn, 0);
	tasklet_schedule(&tl);
	mod_timer(&kick, jiffies + 2);
	pr_info("scheduled\n");
	return 0;
}

static void __exit tasklet_example_exit(void)
{
	del_timer_sync(&kick);
	tasklet_kill(&tl);
	pr_info("exit after %u runs\n", runs);
}

module_init(tasklet_example_init);
module_exit(tasklet_example_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A tasklet scheduled from process and timer context");

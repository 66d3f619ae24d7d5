// SPDX-License-Identifier: GPL-2.0
/*
 * ticktock.c: a timer that re-arms itself a few times, printing how many
 * jiffies went by since it was armed. Its exit cancels the timer with
 * del_timer_sync(), unless leak=1 asks it to forget -- then the timer fires
 * into the module after rmmod freed it (modules/examples/ticktock.kml).
 *
 *   insmod ticktock.ko times=3 period_ms=20 [leak=1]
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/timer.h>
#include <linux/jiffies.h>

static unsigned int times = 3;
module_param(times, uint, 0444);
MODULE_PARM_DESC(times, "How many times the timer fires (default 3)");

static unsigned int period_ms = 20;
module_param(period_ms, uint, 0444);
MODULE_PARM_DESC(period_ms, "Period in milliseconds (default 20)");

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "Forget to cancel the timer in exit (default no)");

static struct timer_list tick;
static unsigned long armed_at;
static unsigned int fired;

static void tick_fn(struct timer_list *t)
{
	unsigned long now = jiffies;

	fired++;
	pr_info("tick %u on cpu%d: %lu jiffies after arming (in_softirq %d)\n",
		fired, smp_processor_id(), now - armed_at, !!in_softirq());
	if (fired < times) {
		armed_at = now;
		mod_timer(&tick, now + msecs_to_jiffies(period_ms));
	}
}

static int __init ticktock_init(void)
{
	timer_setup(&tick, tick_fn, 0);
	armed_at = jiffies;
	mod_timer(&tick, armed_at + msecs_to_jiffies(period_ms));
	pr_info("armed: %u ticks every %u ms (%lu jiffies, HZ=%d)\n",
		times, period_ms, msecs_to_jiffies(period_ms), HZ);
	return 0;
}

static void __exit ticktock_exit(void)
{
	if (leak) {
		pr_info("exit: timer %s, not cancelled\n", timer_pending(&tick) ? "pending" : "idle");
		return;
	}
	pr_info("exit: del_timer_sync says %d after %u ticks\n", del_timer_sync(&tick), fired);
}

module_init(ticktock_init);
module_exit(ticktock_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A self re-arming timer");

// SPDX-License-Identifier: GPL-2.0
/*
 * hrtick.c: a periodic high-resolution timer, as drivers pace work finer
 * than a timer_list allows: the callback forwards the timer by its period
 * with hrtimer_forward_now() and returns HRTIMER_RESTART, and reports how
 * far after its soft expiry it actually ran. Without high-resolution mode
 * (the machine has no one-shot clock event device) that lateness is up to
 * a jiffy, as on a Linux kernel booted with highres=off. soft=1 runs the
 * callback in softirq context (HRTIMER_MODE_REL_SOFT). Exit cancels it with
 * hrtimer_cancel(), unless leak=1 asks it to forget.
 *
 *   insmod hrtick.ko times=4 period_us=1500 [soft=1] [leak=1]
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>

static unsigned int times = 4;
module_param(times, uint, 0444);
MODULE_PARM_DESC(times, "How many times the timer fires (default 4)");

static unsigned int period_us = 1500;
module_param(period_us, uint, 0444);
MODULE_PARM_DESC(period_us, "Period in microseconds (default 1500)");

static bool soft;
module_param(soft, bool, 0444);
MODULE_PARM_DESC(soft, "Expire in softirq context (default: hard)");

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "Forget to cancel the timer in exit (default no)");

static struct hrtimer tick;
static unsigned int fired;

static enum hrtimer_restart tick_fn(struct hrtimer *t)
{
	ktime_t now = hrtimer_cb_get_time(t);
	s64 late = ktime_to_us(ktime_sub(now, hrtimer_get_softexpires(t)));
	u64 overruns;

	fired++;
	pr_info("tick %u on cpu%d: %lld us late (in_softirq %d)\n",
		fired, smp_processor_id(), late, !!in_softirq());
	if (fired >= times)
		return HRTIMER_NORESTART;
	overruns = hrtimer_forward_now(t, ns_to_ktime((u64)period_us * NSEC_PER_USEC));
	if (overruns > 1)
		pr_info("tick %u: %llu periods missed\n", fired, overruns - 1);
	return HRTIMER_RESTART;
}

static int __init hrtick_init(void)
{
	enum hrtimer_mode mode = soft ? HRTIMER_MODE_REL_SOFT : HRTIMER_MODE_REL;

	if (!period_us) {
		pr_err("period_us=0: expected a period\n");
		return -EINVAL;
	}
	hrtimer_init(&tick, CLOCK_MONOTONIC, mode);
	tick.function = tick_fn;
	hrtimer_start(&tick, ns_to_ktime((u64)period_us * NSEC_PER_USEC), mode);
	pr_info("armed: %u ticks every %u us (%s), resolution %u ns\n",
		times, period_us, soft ? "soft" : "hard", hrtimer_resolution);
	return 0;
}

static void __exit hrtick_exit(void)
{
	if (leak) {
		pr_info("exit: timer %s, not cancelled\n", hrtimer_active(&tick) ? "active" : "idle");
		return;
	}
	pr_info("exit: hrtimer_cancel says %d after %u ticks\n", hrtimer_cancel(&tick), fired);
}

module_init(hrtick_init);
module_exit(hrtick_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A periodic hrtimer");

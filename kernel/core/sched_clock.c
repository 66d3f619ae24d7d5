// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/time/sched_clock.c (6.1): sched_clock(), nanoseconds since boot on
 * the machine's clock. Linux scales the arch timer's counter; here the count
 * is the emulated time the TypeScript kernel keeps (ktime_get_raw_fast_ns),
 * so it is deterministic. Linux exports it from kernel/sched/clock.c.
 */
#include "kmodlab.h"
#include <linux/clocksource.h>
#include <linux/init.h>
#include <linux/jiffies.h>
#include <linux/ktime.h>
#include <linux/kernel.h>
#include <linux/math.h>
#include <linux/moduleparam.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/syscore_ops.h>
#include <linux/hrtimer.h>
#include <linux/sched_clock.h>
#include <linux/seqlock.h>
#include <linux/bitops.h>
#include <linux/timekeeping.h>

unsigned long long notrace sched_clock(void)
{
	return ktime_get_raw_fast_ns();
}
EXPORT_SYMBOL_GPL(sched_clock);

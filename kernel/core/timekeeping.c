// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel timekeeping code and accessor functions (kernel/time/timekeeping.c).
 *
 * The machine has one clock: its cycle counter, which ktime_get() (a service
 * of the TypeScript kernel, kernel/timekeeping.ts) reads as nanoseconds since
 * boot. CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW and CLOCK_BOOTTIME (the machine
 * never suspends) are that clock; CLOCK_REALTIME and CLOCK_TAI add a fixed
 * boot time, KMODLAB_BOOT_TIME, so the wall clock is the same in every run.
 * Coarse readings are the tick's: the jiffy the clock is in.
 */
#include "kmodlab.h"
#include <linux/timekeeper_internal.h>
#include <linux/module.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/nmi.h>
#include <linux/sched.h>
#include <linux/sched/loadavg.h>
#include <linux/sched/clock.h>
#include <linux/syscore_ops.h>
#include <linux/clocksource.h>
#include <linux/jiffies.h>
#include <linux/time.h>
#include <linux/timex.h>
#include <linux/tick.h>
#include <linux/stop_machine.h>
#include <linux/pvclock_gtod.h>
#include <linux/compiler.h>
#include <linux/audit.h>
#include <linux/random.h>

/* 2025-01-01 00:00:00 UTC: when every kmodlab machine boots */
#define KMODLAB_BOOT_TIME	1735689600LL
/* CLOCK_TAI - CLOCK_REALTIME since 2017 */
#define KMODLAB_TAI_OFFSET	37LL

static ktime_t offsets[TK_OFFS_MAX] = {
	[TK_OFFS_REAL]	= KMODLAB_BOOT_TIME * NSEC_PER_SEC,
	[TK_OFFS_BOOT]	= 0,
	[TK_OFFS_TAI]	= (KMODLAB_BOOT_TIME + KMODLAB_TAI_OFFSET) * NSEC_PER_SEC,
};

/* The start of the current jiffy, on the monotonic clock. */
static ktime_t coarse_now(void)
{
	ktime_t now = ktime_get();

	return now - now % TICK_NSEC;
}

u32 ktime_get_resolution_ns(void)
{
	return 1;
}
EXPORT_SYMBOL_GPL(ktime_get_resolution_ns);

EXPORT_SYMBOL_GPL(ktime_get);

ktime_t ktime_get_with_offset(enum tk_offsets offs)
{
	return ktime_get() + offsets[offs];
}
EXPORT_SYMBOL_GPL(ktime_get_with_offset);

ktime_t ktime_get_coarse_with_offset(enum tk_offsets offs)
{
	return coarse_now() + offsets[offs];
}
EXPORT_SYMBOL_GPL(ktime_get_coarse_with_offset);

/**
 * ktime_mono_to_any() - convert monotonic time to any other time
 * @tmono:	time to convert.
 * @offs:	which offset to use
 */
ktime_t ktime_mono_to_any(ktime_t tmono, enum tk_offsets offs)
{
	return ktime_add(tmono, offsets[offs]);
}
EXPORT_SYMBOL_GPL(ktime_mono_to_any);

/**
 * ktime_get_raw - Returns the raw monotonic time in ktime_t format
 */
ktime_t ktime_get_raw(void)
{
	return ktime_get();
}
EXPORT_SYMBOL_GPL(ktime_get_raw);

/**
 * ktime_get_ts64 - get the monotonic clock in timespec64 format
 * @ts:		pointer to timespec variable
 */
void ktime_get_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get());
}
EXPORT_SYMBOL_GPL(ktime_get_ts64);

/**
 * ktime_get_seconds - Get the seconds portion of CLOCK_MONOTONIC
 */
time64_t ktime_get_seconds(void)
{
	return ktime_get() / NSEC_PER_SEC;
}
EXPORT_SYMBOL_GPL(ktime_get_seconds);

/**
 * ktime_get_real_seconds - Get the seconds portion of CLOCK_REALTIME
 */
time64_t ktime_get_real_seconds(void)
{
	return ktime_get_with_offset(TK_OFFS_REAL) / NSEC_PER_SEC;
}
EXPORT_SYMBOL_GPL(ktime_get_real_seconds);

/**
 * ktime_get_real_ts64 - Returns the time of day in a timespec64.
 * @ts:		pointer to the timespec to be set
 */
void ktime_get_real_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_with_offset(TK_OFFS_REAL));
}
EXPORT_SYMBOL(ktime_get_real_ts64);

/**
 * ktime_get_raw_ts64 - Returns the raw monotonic time in a timespec
 * @ts:		pointer to the timespec64 to be set
 */
void ktime_get_raw_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_raw());
}
EXPORT_SYMBOL(ktime_get_raw_ts64);

void ktime_get_coarse_real_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(ktime_get_coarse_with_offset(TK_OFFS_REAL));
}
EXPORT_SYMBOL(ktime_get_coarse_real_ts64);

void ktime_get_coarse_ts64(struct timespec64 *ts)
{
	*ts = ns_to_timespec64(coarse_now());
}
EXPORT_SYMBOL(ktime_get_coarse_ts64);

/* NMI-safe accessors: the machine's clock is always safe to read. */
u64 ktime_get_mono_fast_ns(void)
{
	return ktime_get();
}
EXPORT_SYMBOL_GPL(ktime_get_mono_fast_ns);

u64 ktime_get_raw_fast_ns(void)
{
	return ktime_get_raw();
}
EXPORT_SYMBOL_GPL(ktime_get_raw_fast_ns);

u64 ktime_get_boot_fast_ns(void)
{
	return ktime_get_with_offset(TK_OFFS_BOOT);
}
EXPORT_SYMBOL_GPL(ktime_get_boot_fast_ns);

u64 ktime_get_real_fast_ns(void)
{
	return ktime_get_with_offset(TK_OFFS_REAL);
}
EXPORT_SYMBOL_GPL(ktime_get_real_fast_ns);

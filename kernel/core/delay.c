// SPDX-License-Identifier: GPL-2.0-only
/*
 * Delay loops based on the OpenRISC implementation (arch/arm64/lib/delay.c).
 *
 * Copyright (C) 2012 ARM Limited
 *
 * arm64 counts a delay in ticks of its generic timer; the machine's timer is
 * its cycle clock, and loops_per_jiffy (written at boot, kernel/machine-data.ts)
 * is the cycles of one jiffy. __delay() keeps the caller on its core for that
 * many cycles of machine time (kernel/timekeeping.ts), never the host's clock.
 */
#include "kmodlab.h"
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/timex.h>

#include <clocksource/arm_arch_timer.h>

/* init/calibrate.c */
unsigned long loops_per_jiffy = (1 << 12);
EXPORT_SYMBOL(loops_per_jiffy);

static inline unsigned long xloops_to_cycles(unsigned long xloops)
{
	return (xloops * loops_per_jiffy * HZ) >> 32;
}

void __delay(unsigned long cycles)
{
	while (cycles)
		cycles -= __kmodlab_delay(cycles);
}
EXPORT_SYMBOL(__delay);

inline void __const_udelay(unsigned long xloops)
{
	__delay(xloops_to_cycles(xloops));
}
EXPORT_SYMBOL(__const_udelay);

void __udelay(unsigned long usecs)
{
	__const_udelay(usecs * 0x10C7UL); /* 2**32 / 1000000 (rounded up) */
}
EXPORT_SYMBOL(__udelay);

void __ndelay(unsigned long nsecs)
{
	__const_udelay(nsecs * 0x5UL); /* 2**32 / 1000000000 (rounded up) */
}
EXPORT_SYMBOL(__ndelay);

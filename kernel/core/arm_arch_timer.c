// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tick (drivers/clocksource/arm_arch_timer.c and the periodic tick of
 * kernel/time/tick-common.c, shrunk): each CPU's virtual timer, programmed
 * with CNTV_CVAL_EL0 from CNTVCT_EL0, interrupts it every kmodlab_tick_cycles
 * of the machine clock. Its handler rearms the timer and runs the scheduler's
 * tick (kernel/irq.ts), which asks for a reschedule when another task waits
 * for the CPU; the interrupt's exit preempts (entry-common.c).
 *
 * Copyright (C) 2011 ARM Ltd.
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>
#include <clocksource/arm_arch_timer.h>

/* the tick's period in counter ticks (= machine cycles); set at boot */
unsigned long kmodlab_tick_cycles = 10000;

static void arch_timer_set_next_event(unsigned long delta)
{
	write_sysreg(read_sysreg(cntvct_el0) + delta, cntv_cval_el0);
	write_sysreg(ARCH_TIMER_CTRL_ENABLE, cntv_ctl_el0);
	isb();
}

void arch_timer_starting_cpu(void)
{
	arch_timer_set_next_event(kmodlab_tick_cycles);
}

void arch_timer_handler(void)
{
	arch_timer_set_next_event(kmodlab_tick_cycles);
	__kmodlab_tick();
}

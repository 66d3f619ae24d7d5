/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the timer bases (timer.c) and the softirq thread that expires them
 * (softirq.c): Linux's run_timer_softirq() is static in timer.c.
 */
#ifndef _KMODLAB_TIMER_H
#define _KMODLAB_TIMER_H

/* Runs this CPU's expired timers; the next expiry, or ~0UL if none is armed. */
unsigned long run_timers(void);

/* hrtimer.c: runs this CPU's expired hrtimers; the jiffy of the next, or ~0UL. */
unsigned long kmodlab_hrtimer_run(void);

#endif

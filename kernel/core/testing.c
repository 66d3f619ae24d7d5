// SPDX-License-Identifier: GPL-2.0
/*
 * Test entry points shared by the lifecycle scenarios (the .kml files of
 * modules/examples), which `call` or `spawn` them. Not exported to modules.
 */
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/delay.h>

unsigned long kmodlab_spin(unsigned long n);
long kmodlab_after(unsigned int ms, long (*fn)(long, long, long, long, long, long),
		   long a0, long a1, long a2, long a3, long a4, long a5);

/*
 * Busy work that never sleeps and never enters a module: a second task on a
 * CPU, so that a preemptible task there can be preempted (boot preempt=full).
 */
noinline unsigned long kmodlab_spin(unsigned long n)
{
	unsigned long i, acc = 0;

	for (i = 0; i < n; i++)
		acc += i ^ (acc >> 5);
	asm volatile("" : "+r"(acc));
	return n;
}

/*
 * Sleeps MS milliseconds, then calls FN with up to six arguments and returns
 * its result: `addr kmodlab_mount` then `spawn late kmodlab_after 2 $ret
 * "demofs" "/mnt"` starts a mount 2 ms from now -- while a blocking command
 * (rmmod -w, insmod) is still running.
 */
long kmodlab_after(unsigned int ms, long (*fn)(long, long, long, long, long, long),
		   long a0, long a1, long a2, long a3, long a4, long a5)
{
	if (ms)
		msleep(ms);
	return fn(a0, a1, a2, a3, a4, a5);
}

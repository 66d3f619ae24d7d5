// SPDX-License-Identifier: GPL-2.0
/*
 * user.c: a module that calls into worker through symbol_get(), the way an optional
 * user of another module does -- with no "used by" link, so rmmod worker is allowed
 * to try while these calls are in flight.
 *
 *   user_call_ref(times, n)    symbol_get, call worker_spin(n) `times` times, symbol_put:
 *                              holds a reference the whole time (Rule #1)
 *   user_call_noref(times, n)  the classic bug: keeps the pointer after symbol_put and
 *                              goes on calling without a reference
 *   user_spin(n)               busy work outside worker, to share a CPU with a caller
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/errno.h>
#include <linux/sched.h>

extern unsigned long worker_spin(unsigned long n);

noinline long user_call_ref(unsigned long times, unsigned long n)
{
	unsigned long (*fn)(unsigned long) = symbol_get(worker_spin);
	unsigned long i, sum = 0;

	if (!fn)
		return -ENOENT;
	for (i = 0; i < times; i++) {
		sum += fn(n);
		cond_resched();
	}
	symbol_put(worker_spin);
	return sum;
}

noinline long user_call_noref(unsigned long times, unsigned long n)
{
	unsigned long (*fn)(unsigned long) = symbol_get(worker_spin);
	unsigned long i, sum = 0;

	if (!fn)
		return -ENOENT;
	symbol_put(worker_spin);	/* too early: fn is used below without a reference */
	for (i = 0; i < times; i++) {
		sum += fn(n);
		cond_resched();
	}
	return sum;
}

noinline unsigned long user_spin(unsigned long n)
{
	unsigned long i, acc = 0;

	for (i = 0; i < n; i++)
		acc += i ^ (acc >> 5);
	asm volatile("" : "+r"(acc));
	return n;
}

static int __init user_init(void)
{
	return 0;
}

static void __exit user_exit(void)
{
}

module_init(user_init);
module_exit(user_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Calls into worker through symbol_get, with and without holding the reference");

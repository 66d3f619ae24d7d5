// SPDX-License-Identifier: GPL-2.0
/*
 * worker.c: functions that other threads call into, to watch what unloading does to them.
 *
 *   worker_spin(n)   loops n times inside the module (preemptible, never sleeps)
 *   worker_sleep(ms) sleeps inside the module
 *   worker_hits()    how many calls entered the module
 *   worker_getput(n) n try_module_get/module_put pairs on itself: the refcount hot path
 *
 * Nothing here takes a reference on the module: whoever calls in must (Rule #1), or must
 * be protected some other way (Exception #1: synchronize_kernel) -- or is caught when the
 * module goes away under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/delay.h>
#include <linux/atomic.h>

static atomic_t hits = ATOMIC_INIT(0);

noinline unsigned long worker_spin(unsigned long n)
{
	unsigned long i, acc = 0;

	atomic_inc(&hits);
	for (i = 0; i < n; i++)
		acc += i ^ (acc >> 3);
	/* a compiler barrier keeps the loop a loop */
	asm volatile("" : "+r"(acc));
	return n;
}
EXPORT_SYMBOL(worker_spin);

noinline unsigned long worker_sleep(unsigned int ms)
{
	atomic_inc(&hits);
	msleep(ms);
	return ms;
}
EXPORT_SYMBOL(worker_sleep);

noinline int worker_hits(void)
{
	return atomic_read(&hits);
}
EXPORT_SYMBOL(worker_hits);

noinline unsigned long worker_getput(unsigned long n)
{
	unsigned long i;

	for (i = 0; i < n; i++) {
		if (!try_module_get(THIS_MODULE))
			break;
		module_put(THIS_MODULE);
	}
	return i;
}
EXPORT_SYMBOL(worker_getput);

static int __init worker_init(void)
{
	pr_info("ready\n");
	return 0;
}

static void __exit worker_exit(void)
{
	pr_info("exit after %d call(s)\n", atomic_read(&hits));
}

module_init(worker_init);
module_exit(worker_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Functions to call into while the module is being removed");

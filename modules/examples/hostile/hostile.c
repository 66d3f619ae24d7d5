// SPDX-License-Identifier: GPL-2.0
/*
 * hostile.c: a module that does what no module should, one thing per value of
 * its "what" parameter, each caught as Linux catches it and the machine goes on
 * (modules/examples/hostile.kml):
 *   badptr   - snprintf() into a pointer that leads nowhere: insmod's oops in snprintf
 *   huge     - kmalloc(1 << 40): NULL, and page_alloc's warning
 *   recurse  - recursion without end: the stack runs into its guard page
 *   nopreempt - spins with preemption disabled: the soft lockup watchdog
 *   ktext    - writes over the kernel's own code (kfree): an oops, text is read-only
 *   state    - scribbles GOING over its own struct module's state: try_module_get() on
 *              itself fails (the emulated refcount reads the guest's struct module) until
 *              do_init_module sets LIVE over it, as 6.1 does
 * and stuckset=spin: a parameter whose setter never returns (insmod's soft lockup).
 * With the default (none) it loads and unloads as any module.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/preempt.h>
#include <linux/processor.h>

static char *what = "none";
module_param(what, charp, 0444);
MODULE_PARM_DESC(what, "badptr, huge, recurse, nopreempt, ktext, state or none (default)");

static int spin = 1;

static int stuckset_set(const char *val, const struct kernel_param *kp)
{
	while (sysfs_streq(val, "spin") && READ_ONCE(spin))
		cpu_relax();
	return param_set_charp(val, kp);
}

static const struct kernel_param_ops stuckset_ops = {
	.set = stuckset_set,
	.get = param_get_charp,
	.free = param_free_charp,
};

static char *stuckset = "";
module_param_cb(stuckset, &stuckset_ops, &stuckset, 0444);
MODULE_PARM_DESC(stuckset, "spin: the setter never returns");

static noinline int recurse(int depth)
{
	volatile char pad[256];

	pad[0] = depth;
	if (!READ_ONCE(spin))
		return 0;
	return recurse(depth + 1) + pad[0];
}

static int __init hostile_init(void)
{
	pr_info("init: %s\n", what);
	if (!strcmp(what, "badptr")) {
		/* a user-space style address: no kernel mapping there */
		snprintf((char *)0xffff00000dead000UL, 16, "%d", 42);
	} else if (!strcmp(what, "huge")) {
		void *p = kmalloc(1UL << 40, GFP_KERNEL);

		pr_info("kmalloc(1 << 40) = %px\n", p);
		if (!p)
			return -ENOMEM;
		kfree(p);
	} else if (!strcmp(what, "recurse")) {
		return recurse(0);
	} else if (!strcmp(what, "nopreempt")) {
		preempt_disable();
		while (READ_ONCE(spin))
			cpu_relax();
		preempt_enable();
	} else if (!strcmp(what, "ktext")) {
		memset((void *)kfree, 0, 8);
	} else if (!strcmp(what, "state")) {
		bool got;

		WRITE_ONCE(THIS_MODULE->state, MODULE_STATE_GOING);
		got = try_module_get(THIS_MODULE);
		pr_info("state scribbled: try_module_get(THIS_MODULE) = %d\n", got);
		if (got)
			module_put(THIS_MODULE);
	}
	return 0;
}

static void __exit hostile_exit(void)
{
	pr_info("exit\n");
}

module_init(hostile_init);
module_exit(hostile_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("What no module should do, and what the kernel says of it");

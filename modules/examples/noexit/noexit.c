// SPDX-License-Identifier: GPL-2.0
/*
 * noexit.c: a module with module_init() and no module_exit(). Once loaded it
 * cannot be unloaded (lsmod shows it "[permanent]"), except by force.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>

static unsigned long hits;

noinline unsigned long noexit_hit(void)
{
	return ++hits;
}

static int __init noexit_init(void)
{
	pr_info("loaded for good\n");
	return 0;
}

module_init(noexit_init);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module without an exit function (permanent)");

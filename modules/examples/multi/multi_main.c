// SPDX-License-Identifier: GPL-2.0
/*
 * multi_main.c: the module half of multi.ko, a module linked from two
 * objects (multi-objs := multi_main.o multi_util.o); both are compiled with
 * KBUILD_MODNAME "multi".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include "multi.h"

static unsigned int n = 10;
module_param(n, uint, 0444);
MODULE_PARM_DESC(n, "Which Fibonacci number to compute at load time");

static int __init multi_init(void)
{
	unsigned long f = multi_fib(n);

	pr_info("fib(%u) = %lu (%s), computed in %s\n", n, f, multi_describe(f),
		KBUILD_BASENAME);
	return 0;
}

static void __exit multi_exit(void)
{
	pr_info("bye\n");
}

module_init(multi_init);
module_exit(multi_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module built from two source files");

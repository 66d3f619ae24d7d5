// SPDX-License-Identifier: GPL-2.0
/*
 * noinit.c: a module with module_exit() and no module_init() -- seed 000's
 * "requirement that every module have an initialization function" is gone:
 * it loads (there is nothing to run) and unloads normally.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

noinline int noinit_answer(void)
{
	return 42;
}
EXPORT_SYMBOL(noinit_answer);

static void __exit noinit_exit(void)
{
	pr_info("exit without an init\n");
}

module_exit(noinit_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module without an init function");

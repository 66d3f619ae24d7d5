// SPDX-License-Identifier: GPL-2.0
/*
 * badsym.c: a module that calls a function nobody exports. modpost warns
 *   WARNING: modpost: "kmodlab_no_such_function" [.../badsym.ko] undefined!
 * and insmod fails with "Unknown symbol in module".
 */
#include <linux/module.h>
#include <linux/kernel.h>

extern int kmodlab_no_such_function(int x);

static int __init badsym_init(void)
{
	pr_info("badsym: %d\n", kmodlab_no_such_function(42));
	return 0;
}

static void __exit badsym_exit(void)
{
}

module_init(badsym_init);
module_exit(badsym_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module with an unresolvable symbol");

// SPDX-License-Identifier: GPL-2.0
/*
 * bare.c: a module with neither module_init() nor module_exit(), only code
 * others may call. It loads, and -- having no init that could have
 * registered anything -- unloads too: only "init without exit" is permanent.
 */
#include <linux/module.h>

noinline int bare_double(int x)
{
	return 2 * x;
}
EXPORT_SYMBOL(bare_double);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module with neither init nor exit");

// SPDX-License-Identifier: GPL-2.0
/*
 * gplonly.c: a proprietary-licensed module. It stays away from GPL-only
 * symbols (modpost would refuse the build otherwise: "GPL-incompatible
 * module gplonly.ko uses GPL-only symbol ..."), so it loads, and taints the
 * kernel with P ("module license 'Proprietary' taints kernel."). It exports
 * a plain symbol: a module using it inherits the taint.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>

static int secret = 42;
module_param(secret, int, 0444);
MODULE_PARM_DESC(secret, "The value gplonly_value() returns");

int gplonly_value(void)
{
	return secret;
}
EXPORT_SYMBOL(gplonly_value);

static int __init gplonly_init(void)
{
	pr_info("proprietary module loaded\n");
	return 0;
}

static void __exit gplonly_exit(void)
{
	pr_info("proprietary module unloaded\n");
}

module_init(gplonly_init);
module_exit(gplonly_exit);

MODULE_LICENSE("Proprietary");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A non-GPL module that exports a symbol (taints the kernel)");

// SPDX-License-Identifier: GPL-2.0
/*
 * slowinit.c: a module whose init sleeps, so that a modprobe loading it holds
 * the /proc/modules lock for a while (modules/examples/modules-lock.kml).
 *
 *   modprobe slowinit ms=20
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/delay.h>

static unsigned int ms = 20;
module_param(ms, uint, 0444);
MODULE_PARM_DESC(ms, "How long init sleeps, in milliseconds (default 20)");

static int __init slowinit_init(void)
{
	pr_info("init: sleeping %u ms\n", ms);
	msleep(ms);
	pr_info("init: done\n");
	return 0;
}

static void __exit slowinit_exit(void)
{
	pr_info("exit\n");
}

module_init(slowinit_init);
module_exit(slowinit_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("An init that sleeps (the /proc/modules lock scenario)");

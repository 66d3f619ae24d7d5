// SPDX-License-Identifier: GPL-2.0
/*
 * spininit.c: an init that never returns: with spin=1 it loops without
 * sleeping, so insmod keeps its CPU: the watchdog reports a soft lockup on
 * insmod's own task, the module stays "Loading", and the task goes on
 * running (ps shows it). Linux would report it after 20 s; the machine's
 * watchdog fires at its call limit (modules/examples/init-lockup.kml).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/processor.h>

static int spin;
module_param(spin, int, 0444);
MODULE_PARM_DESC(spin, "1: loop for ever in init; 0 (default): load normally");

static unsigned long spins;

static int __init spininit_init(void)
{
	pr_info("init: %s\n", spin ? "spinning for ever" : "done");
	while (READ_ONCE(spin)) {
		spins++;
		cpu_relax();
	}
	return 0;
}

static void __exit spininit_exit(void)
{
	pr_info("exit\n");
}

module_init(spininit_init);
module_exit(spininit_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("An init that never returns (the soft lockup watchdog)");

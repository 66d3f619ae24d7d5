// SPDX-License-Identifier: GPL-2.0
/*
 * noowner.c: a misc device whose file_operations forget `.owner =
 * THIS_MODULE` (seed 004's Rule #1 broken by omission). An open file then
 * holds no reference on the module, so rmmod succeeds while a reader is
 * still inside noowner_read -- a bug that only shows when rmmod comes at the
 * wrong moment: `kmodlab explore noowner-race.kml` finds that moment.
 * With the owner set (owner=1) open() pins the module and rmmod waits its
 * turn ("in use").
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/uaccess.h>

static bool owner;
module_param(owner, bool, 0444);
MODULE_PARM_DESC(owner, "Set .owner = THIS_MODULE, as every driver should (default no)");

static unsigned int work = 2000;
module_param(work, uint, 0444);
MODULE_PARM_DESC(work, "Loop iterations each read spends inside the module (default 2000)");

static ssize_t noowner_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	static const char msg[] = "no owner\n";
	volatile unsigned int i;

	/* some work inside the module, long enough to be preempted in */
	for (i = 0; i < work; i++)
		;
	return simple_read_from_buffer(buf, count, ppos, msg, sizeof(msg) - 1);
}

static struct file_operations noowner_fops = {
	.read = noowner_read,
};

static struct miscdevice noowner_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "noowner",
	.fops = &noowner_fops,
};

static int __init noowner_init(void)
{
	if (owner)
		noowner_fops.owner = THIS_MODULE;
	return misc_register(&noowner_dev);
}

static void __exit noowner_exit(void)
{
	misc_deregister(&noowner_dev);
}

module_init(noowner_init);
module_exit(noowner_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A misc device without .owner: open files do not hold the module");

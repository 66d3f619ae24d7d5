// SPDX-License-Identifier: GPL-2.0
/*
 * procslow.c: a /proc file whose read takes a while (it sleeps delay_ms
 * before answering), to race a reader against rmmod. Under 6.1's procfs
 * the module's exit calls remove_proc_entry(), which waits for readers
 * inside proc_read to leave (proc_entry_rundown): the module's code is
 * never freed under a reader, though the file has no .owner at all.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/uaccess.h>

static unsigned int delay_ms = 10;
module_param(delay_ms, uint, 0444);
MODULE_PARM_DESC(delay_ms, "Milliseconds each read sleeps (default 10)");

static atomic_t served = ATOMIC_INIT(0);

static ssize_t slow_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	char msg[48];
	int n;

	if (*ppos)
		return 0;
	msleep(delay_ms);
	n = scnprintf(msg, sizeof(msg), "read %d done after %u ms\n",
		      atomic_inc_return(&served), delay_ms);
	return simple_read_from_buffer(ubuf, count, ppos, msg, n);
}

static const struct proc_ops slow_ops = {
	.proc_read = slow_read,
};

static int __init procslow_init(void)
{
	return proc_create("procslow", 0444, NULL, &slow_ops) ? 0 : -ENOMEM;
}

static void __exit procslow_exit(void)
{
	remove_proc_entry("procslow", NULL);
	pr_info("exit: %d read(s) served\n", atomic_read(&served));
}

module_init(procslow_init);
module_exit(procslow_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A slow /proc file, safe to remove under readers (6.1 rundown)");

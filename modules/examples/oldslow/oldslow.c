// SPDX-License-Identifier: GPL-2.0
/*
 * oldslow.c: the same slow /proc file the 2.5 way (seed 004): a read entry
 * made with create_proc_read_entry(), whose reader calls read_proc with no
 * reference on the module and no record of being inside it. The module
 * obeys Rule #2 -- no module_exit, so only rmmod -f removes it -- and shows
 * why: a reader asleep in read_proc when the module goes wakes up in freed
 * code.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <kmodlab/proc_read.h>

static unsigned int delay_ms = 10;
module_param(delay_ms, uint, 0444);
MODULE_PARM_DESC(delay_ms, "Milliseconds each read sleeps (default 10)");

static atomic_t served = ATOMIC_INIT(0);

static int oldslow_read(char *page, char **start, off_t off, int count,
			int *eof, void *data)
{
	msleep(delay_ms);
	*eof = 1;
	return scnprintf(page, count, "read %d done after %u ms\n",
			 atomic_inc_return(&served), delay_ms);
}

static int __init oldslow_init(void)
{
	return create_proc_read_entry("oldslow", 0444, NULL, oldslow_read, NULL) ? 0 : -ENOMEM;
}
module_init(oldslow_init);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A slow 2.5-style /proc read entry: unsafe to remove under readers");

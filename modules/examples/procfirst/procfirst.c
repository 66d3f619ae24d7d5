// SPDX-License-Identifier: GPL-2.0
/*
 * procfirst.c: the bug seed 000 describes -- "make resources (i.e. a /proc
 * file or a registered device) available to the kernel, then fail module
 * loading later on. If some other process has accessed that resource in the
 * mean time, it could find itself trying to execute within a module that
 * was never fully loaded."
 *
 * Init creates its /proc entry (an unsafe interface: no owner), then probes
 * and may fail. The error path even removes the entry, as a careful author
 * would -- but remove_proc_read_entry() cannot wait for a reader already inside
 * procfirst_read(), and the loader frees the module's memory under it.
 * Compare proclast.c, which registers last.
 *
 *   probe_ms=N  the probe takes N ms;  fail=1  it finds no device (-ENODEV)
 *   read_ms=N   reading the entry takes N ms (it asks the device)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/atomic.h>
#include <kmodlab/proc_read.h>

static unsigned int probe_ms = 5;
module_param(probe_ms, uint, 0444);
MODULE_PARM_DESC(probe_ms, "Milliseconds init spends probing its device");

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "The probe finds no device: init fails with -ENODEV");

static unsigned int read_ms = 10;
module_param(read_ms, uint, 0444);
MODULE_PARM_DESC(read_ms, "Milliseconds a read of /proc/procfirst takes");

static atomic_t reads = ATOMIC_INIT(0);

static int procfirst_read(char *page, char **start, off_t off, int count,
			  int *eof, void *data)
{
	if (read_ms)
		msleep(read_ms);
	*eof = 1;
	return scnprintf(page, count, "reads %d\n", atomic_inc_return(&reads));
}

static int __init procfirst_init(void)
{
	/* The bug: the entry is visible before init knows it will succeed. */
	if (!create_proc_read_entry("procfirst", 0444, NULL, procfirst_read, NULL))
		return -ENOMEM;
	if (probe_ms)
		msleep(probe_ms);
	if (fail) {
		pr_err("no device found\n");
		remove_proc_read_entry("procfirst", NULL);	/* too late for a reader inside */
		return -ENODEV;
	}
	return 0;
}

/* No module_exit: Rule #2 (an unsafe interface is in use). */
module_init(procfirst_init);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Creates an unsafe /proc entry, then fails init: the seed 000 race");

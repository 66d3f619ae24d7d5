// SPDX-License-Identifier: GPL-2.0
/*
 * proclast.c: a module using an unsafe interface (a 2.5-style /proc entry,
 * <kmodlab/proc_read.h>), written by seed 004's rules.
 *
 * Rule #2: "You must not register a module_cleanup handler, and your module
 * cannot be unloaded except by force." -- so there is no module_exit: the
 * module is [permanent]; rmmod refuses, rmmod -f removes it and taints.
 *
 * "INITIALIZING MODULES WHICH USE UNSAFE INTERFACES": "if you are only
 * using ONE unsafe interface, simply use that interface last." -- the probe,
 * which can fail, comes first; nothing can fail after the entry exists.
 *
 *   probe_ms=N  the probe takes N ms;  fail=1  it finds no device (-ENODEV)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/delay.h>
#include <linux/atomic.h>
#include <kmodlab/proc_read.h>

static unsigned int probe_ms;
module_param(probe_ms, uint, 0444);
MODULE_PARM_DESC(probe_ms, "Milliseconds init spends probing its device");

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "The probe finds no device: init fails with -ENODEV");

static atomic_t reads = ATOMIC_INIT(0);

static int proclast_read(char *page, char **start, off_t off, int count,
			 int *eof, void *data)
{
	*eof = 1;
	return scnprintf(page, count, "reads %d\n", atomic_inc_return(&reads));
}

static int __init proclast_init(void)
{
	if (probe_ms)
		msleep(probe_ms);
	if (fail) {
		pr_err("no device found\n");
		return -ENODEV;		/* nothing was visible yet: safe */
	}
	/* The one unsafe interface, last: init cannot fail after this. */
	if (!create_proc_read_entry("proclast", 0444, NULL, proclast_read, NULL))
		pr_warn("could not create /proc/proclast, carrying on without it\n");
	return 0;
}

/* No module_exit: Rule #2. */
module_init(proclast_init);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Uses an unsafe interface by the rules: registers it last, has no exit");

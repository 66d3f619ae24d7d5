// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of drivers/base/core.c's (6.1) device printks: dev_printk_emit(),
 * dev_vprintk_emit() and dev_err_probe() (core.c has dev_info() and friends).
 * A file of its own so that core.c stays the device's life; it has core.c's
 * includes, in their order, for core.c's CRCs. kmodlab's log has no
 * dev_printk_info dictionary: the record is the text.
 *
 * Copyright (c) 2002-3 Patrick Mochel
 * Copyright (c) 2002-3 Open Source Development Labs
 * Copyright (c) 2006 Greg Kroah-Hartman <gregkh@suse.de>
 * Copyright (c) 2006 Novell, Inc.
 */
#include "kmodlab.h"
/* drivers/base/core.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/acpi.h>
#include <linux/cpufreq.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fwnode.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kdev_t.h>
#include <linux/notifier.h>
#include <linux/of.h>
#include <linux/of_device.h>
#include <linux/blkdev.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/netdevice.h>
#include <linux/sched/signal.h>
#include <linux/sched/mm.h>
#include <linux/swiotlb.h>
#include <linux/sysfs.h>
#include <linux/dma-map-ops.h> /* for dma_default_coherent */

#include "drivers_base.h"
#include "drivers_base_physical_location.h"
#include "drivers_base_power.h"

/* the level as printk() finds it: KERN_SOH and a digit at the format's start */
static const char *const level_pv[] = {
	KERN_EMERG "%pV", KERN_ALERT "%pV", KERN_CRIT "%pV", KERN_ERR "%pV",
	KERN_WARNING "%pV", KERN_NOTICE "%pV", KERN_INFO "%pV", KERN_DEBUG "%pV",
};

int dev_vprintk_emit(int level, const struct device *dev,
		     const char *fmt, va_list args)
{
	struct va_format vaf;
	va_list aq;
	int r;

	va_copy(aq, args);
	vaf.fmt = fmt;
	vaf.va = &aq;
	if (level < 0 || level > 7)
		level = 4;	/* default_message_loglevel */
	r = printk(level_pv[level], &vaf);
	va_end(aq);
	return r;
}
EXPORT_SYMBOL(dev_vprintk_emit);

int dev_printk_emit(int level, const struct device *dev, const char *fmt, ...)
{
	va_list args;
	int r;

	va_start(args, fmt);

	r = dev_vprintk_emit(level, dev, fmt, args);

	va_end(args);

	return r;
}
EXPORT_SYMBOL(dev_printk_emit);

int dev_err_probe(const struct device *dev, int err, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;

	if (err != -EPROBE_DEFER)
		dev_err(dev, "error %pe: %pV", ERR_PTR(err), &vaf);
	else
		pr_debug("%s %s: error %pe: %pV", dev_driver_string(dev), dev_name(dev), ERR_PTR(err), &vaf);

	va_end(args);

	return err;
}
EXPORT_SYMBOL_GPL(dev_err_probe);

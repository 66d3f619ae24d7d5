// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/dynamic_debug.c (6.1), the printing half modules call: dev_dbg()'s
 * __dynamic_dev_dbg() and netdev_dbg()'s __dynamic_netdev_dbg(). A call
 * site reaches them only when its descriptor is enabled (its static branch;
 * no site is enabled here, as with dynamic debug's defaults), and then
 * prints as Linux does: "<driver> <device>: message", or the netdev's name.
 * __dynamic_pr_debug is a TypeScript service (services.h).
 *
 * Copyright (C) 2008 Jason Baron <jbaron@redhat.com>
 */
#include "kmodlab.h"
/* lib/dynamic_debug.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kallsyms.h>
#include <linux/types.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/list.h>
#include <linux/sysctl.h>
#include <linux/ctype.h>
#include <linux/string.h>
#include <linux/parser.h>
#include <linux/string_helpers.h>
#include <linux/uaccess.h>
#include <linux/dynamic_debug.h>
#include <linux/debugfs.h>
#include <linux/slab.h>
#include <linux/jump_label.h>
#include <linux/hardirq.h>
#include <linux/sched.h>
#include <linux/device.h>
#include <linux/netdevice.h>

#include <rdma/ib_verbs.h>

void __dynamic_dev_dbg(struct _ddebug *descriptor, const struct device *dev, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	BUG_ON(!descriptor);
	BUG_ON(!fmt);

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (!dev)
		printk(KERN_DEBUG "(NULL device *): %pV", &vaf);
	else
		dev_printk_emit(LOGLEVEL_DEBUG, dev, "%s %s: %pV",
				dev_driver_string(dev), dev_name(dev), &vaf);
	va_end(args);
}
EXPORT_SYMBOL(__dynamic_dev_dbg);

void __dynamic_netdev_dbg(struct _ddebug *descriptor, const struct net_device *dev, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	BUG_ON(!descriptor);
	BUG_ON(!fmt);

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (dev && dev->dev.parent)
		dev_printk_emit(LOGLEVEL_DEBUG, dev->dev.parent, "%s %s %s%s: %pV",
				dev_driver_string(dev->dev.parent), dev_name(dev->dev.parent),
				netdev_name(dev), netdev_reg_state(dev), &vaf);
	else if (dev)
		printk(KERN_DEBUG "%s%s: %pV", netdev_name(dev), netdev_reg_state(dev), &vaf);
	else
		printk(KERN_DEBUG "(NULL net_device): %pV", &vaf);
	va_end(args);
}
EXPORT_SYMBOL(__dynamic_netdev_dbg);

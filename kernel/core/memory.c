// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/base/memory.c (6.1), the part modules use: the memory hotplug
 * notifier chain (the machine's memory never changes, so it is registered
 * on and never called).
 *
 * Written by Dave Hansen <haveblue@us.ibm.com>
 */
#include "kmodlab.h"
/* drivers/base/memory.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/module.h>
#include <linux/init.h>
#include <linux/topology.h>
#include <linux/capability.h>
#include <linux/device.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/stat.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/atomic.h>
#include <linux/uaccess.h>

static BLOCKING_NOTIFIER_HEAD(memory_chain);

int register_memory_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&memory_chain, nb);
}
EXPORT_SYMBOL(register_memory_notifier);

void unregister_memory_notifier(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&memory_chain, nb);
}
EXPORT_SYMBOL(unregister_memory_notifier);

// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/base/firmware.c (6.1): /sys/firmware, the kobject firmware
 * interfaces (EFI, DMI, coreboot tables ...) hang their directories on.
 *
 * Copyright (c) 2002-3 Patrick Mochel
 * Copyright (c) 2002-3 Open Source Development Labs
 * Copyright (c) 2007 Greg Kroah-Hartman <gregkh@suse.de>
 * Copyright (c) 2007 Novell Inc.
 */
#include "kmodlab.h"
/* drivers/base/firmware.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/init.h>
#include <linux/device.h>

#include "drivers_base.h"

struct kobject *firmware_kobj;
EXPORT_SYMBOL_GPL(firmware_kobj);

/* Linux: driver_init() calls firmware_init() before any initcall */
int __init firmware_init(void)
{
	firmware_kobj = kobject_create_and_add("firmware", NULL);
	if (!firmware_kobj)
		return -ENOMEM;
	return 0;
}
core_initcall(firmware_init);

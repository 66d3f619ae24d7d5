// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/ksysfs.c (6.1): /sys/kernel, the kobject modules hang their own
 * directories on (kobject_create_and_add("name", kernel_kobj)). Its
 * attributes (uevent_seqnum, kexec_*, rcu_*, ...) are not there yet.
 *
 * Copyright (C) 2004 Kay Sievers <kay.sievers@vrfy.org>
 */
#include "kmodlab.h"
/* kernel/ksysfs.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/kobject.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kexec.h>
#include <linux/profile.h>
#include <linux/stat.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <linux/compiler.h>

#include <linux/rcupdate.h>	/* rcu_expedited and rcu_normal */

struct kobject *kernel_kobj;
EXPORT_SYMBOL_GPL(kernel_kobj);

static int __init ksysfs_init(void)
{
	kernel_kobj = kobject_create_and_add("kernel", NULL);
	if (!kernel_kobj)
		return -ENOMEM;
	return 0;
}

core_initcall(ksysfs_init);

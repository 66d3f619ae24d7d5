// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/proc/proc_net.c (6.1): the export of proc_create_net_data(), a service
 * of the TypeScript kernel (services.h, kernel/real-services.ts), among
 * fs/proc/proc_net.c's includes and fs/proc/internal.h's struct
 * proc_dir_entry, which give it Linux's CRC.
 *
 * Copyright (C) 2007 Eric W. Biederman
 */
#include "kmodlab.h"
/* fs/proc/proc_net.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/errno.h>
#include <linux/time.h>
#include <linux/proc_fs.h>
#include <linux/stat.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/module.h>
#include <linux/bitops.h>
#include <linux/mount.h>
#include <linux/nsproxy.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>
#include <linux/seq_file.h>

#include "proc_internal.h"

/* a service (services.h) */
EXPORT_SYMBOL_GPL(proc_create_net_data);

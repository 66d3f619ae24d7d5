// SPDX-License-Identifier: GPL-2.0
/*
 * fs/proc/generic.c (6.1): the exports of the procfs entry services of the
 * TypeScript kernel (services.h, kernel/real-services.ts), among
 * fs/proc/generic.c's includes and fs/proc/internal.h's struct
 * proc_dir_entry, which give them Linux's CRCs.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds.
 */
#include "kmodlab.h"
/* fs/proc/generic.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/cache.h>
#include <linux/errno.h>
#include <linux/time.h>
#include <linux/proc_fs.h>
#include <linux/stat.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/printk.h>
#include <linux/mount.h>
#include <linux/init.h>
#include <linux/idr.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/completion.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>

#include "proc_internal.h"

/* services (services.h) */
EXPORT_SYMBOL(proc_create_seq_private);
EXPORT_SYMBOL(proc_set_user);
EXPORT_SYMBOL(remove_proc_entry);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/file_table.c (6.1): struct file's allocation and its last reference.
 * Linux defers __fput() to the task's return to user space; kmodlab's tasks
 * have no such return, so the last fput() releases at once, as
 * __fput_sync() does.
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 *  Copyright (C) 1997 David S. Miller (davem@caip.rutgers.edu)
 */
#include "kmodlab.h"
/* fs/file_table.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/security.h>
#include <linux/cred.h>
#include <linux/eventpoll.h>
#include <linux/rcupdate.h>
#include <linux/mount.h>
#include <linux/capability.h>
#include <linux/cdev.h>
#include <linux/fsnotify.h>
#include <linux/sysctl.h>
#include <linux/percpu_counter.h>
#include <linux/percpu.h>
#include <linux/task_work.h>
#include <linux/ima.h>
#include <linux/swap.h>
#include <linux/kmemleak.h>

#include <linux/atomic.h>

#include "fs_internal.h"

struct file *kmodlab_alloc_file(struct inode *inode, int flags)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	atomic_long_set(&f->f_count, 1);
	spin_lock_init(&f->f_lock);
	mutex_init(&f->f_pos_lock);
	f->f_flags = flags;
	f->f_mode = OPEN_FMODE(flags);
	f->f_inode = inode;
	f->f_mapping = inode->i_mapping;
	return f;
}

void kmodlab_file_free(struct file *f)
{
	kfree(f);
}

static void __fput(struct file *file)
{
	struct inode *inode = file->f_inode;
	fmode_t mode = file->f_mode;

	if (file->f_op->release)
		file->f_op->release(inode, file);
	if (unlikely(S_ISCHR(inode->i_mode) && inode->i_cdev != NULL &&
		     !(mode & FMODE_PATH)))
		cdev_put(inode->i_cdev);
	/* the reference open took on the driver's module (fops_get) */
	fops_put(file->f_op);
	iput(inode);
	kmodlab_file_free(file);
}

void fput(struct file *file)
{
	if (atomic_long_dec_and_test(&file->f_count))
		__fput(file);
}
EXPORT_SYMBOL(fput);

void __fput_sync(struct file *file)
{
	fput(file);
}
EXPORT_SYMBOL(__fput_sync);

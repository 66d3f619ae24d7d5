// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/open.c (6.1): do_dentry_open() -- where an open file takes its
 * reference on the driver's module (fops_get(): try_module_get() of
 * fops->owner), so that rmmod says "in use" while the file is open -- and
 * the helpers drivers call from their ->open.
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 */
#include "kmodlab.h"
/* fs/open.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/fsnotify.h>
#include <linux/module.h>
#include <linux/tty.h>
#include <linux/namei.h>
#include <linux/backing-dev.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <linux/security.h>
#include <linux/mount.h>
#include <linux/fcntl.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/personality.h>
#include <linux/pagemap.h>
#include <linux/syscalls.h>
#include <linux/rcupdate.h>
#include <linux/audit.h>
#include <linux/falloc.h>
#include <linux/fs_struct.h>
#include <linux/ima.h>
#include <linux/dnotify.h>
#include <linux/compat.h>
#include <linux/mnt_idmapping.h>

#include "fs_internal.h"

/*
 * do_dentry_open(): @inode's reference passes to the file (and back to the
 * caller on failure).
 */
struct file *kmodlab_dentry_open(struct inode *inode, int flags)
{
	struct file *f;
	int error;

	f = kmodlab_alloc_file(inode, flags);
	if (!f)
		return ERR_PTR(-ENOMEM);

	/* POSIX.1-2008/SUSv4 Section XSI 2.9.7 */
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))
		f->f_mode |= FMODE_ATOMIC_POS;

	f->f_op = fops_get(inode->i_fop);
	if (WARN_ON(!f->f_op)) {
		error = -ENODEV;
		goto cleanup_file;
	}

	/* normally all 3 are set; ->open() can clear them if needed */
	f->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	if (f->f_op->open) {
		error = f->f_op->open(inode, f);
		if (error)
			goto cleanup_all;
	}
	f->f_mode |= FMODE_OPENED;
	if ((f->f_mode & FMODE_READ) &&
	     likely(f->f_op->read || f->f_op->read_iter))
		f->f_mode |= FMODE_CAN_READ;
	if ((f->f_mode & FMODE_WRITE) &&
	     likely(f->f_op->write || f->f_op->write_iter))
		f->f_mode |= FMODE_CAN_WRITE;
	if ((f->f_mode & FMODE_LSEEK) && !f->f_op->llseek)
		f->f_mode &= ~FMODE_LSEEK;

	f->f_flags &= ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	return f;

cleanup_all:
	if (WARN_ON_ONCE(error > 0))
		error = -EINVAL;
	/* chrdev_open() may have replaced f_op: the reference is on that one */
	fops_put(f->f_op);
cleanup_file:
	kmodlab_file_free(f);
	return ERR_PTR(error);
}

/* filp_close(): ->flush, then the descriptor's reference */
int kmodlab_filp_close(struct file *filp)
{
	int retval = 0;

	if (!atomic_long_read(&filp->f_count)) {
		printk(KERN_ERR "VFS: Close: file count is 0\n");
		return 0;
	}
	if (filp->f_op->flush)
		retval = filp->f_op->flush(filp, NULL);
	fput(filp);
	return retval;
}

int generic_file_open(struct inode *inode, struct file *filp)
{
	if (!(filp->f_flags & O_LARGEFILE) && i_size_read(inode) > MAX_NON_LFS)
		return -EOVERFLOW;
	return 0;
}
EXPORT_SYMBOL(generic_file_open);

int nonseekable_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	return 0;
}
EXPORT_SYMBOL(nonseekable_open);

int stream_open(struct inode *inode, struct file *filp)
{
	filp->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	filp->f_mode |= FMODE_STREAM;
	return 0;
}
EXPORT_SYMBOL(stream_open);

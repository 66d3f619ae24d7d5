// SPDX-License-Identifier: GPL-2.0
/*
 * fs/ioctl.c (6.1): ioctl() -- the few commands the VFS answers itself, the
 * rest to the driver's unlocked_ioctl; "Inappropriate ioctl for device"
 * (-ENOTTY) when it has none or does not know the command.
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 */
#include "kmodlab.h"
/* fs/ioctl.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/syscalls.h>
#include <linux/mm.h>
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/security.h>
#include <linux/export.h>
#include <linux/uaccess.h>
#include <linux/writeback.h>
#include <linux/buffer_head.h>
#include <linux/falloc.h>
#include <linux/sched/signal.h>
#include <linux/fiemap.h>
#include <linux/mount.h>
#include <linux/fscrypt.h>
#include <linux/fileattr.h>

#include "fs_internal.h"

#include <asm/ioctls.h>

long vfs_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	int error = -ENOTTY;

	if (!filp->f_op->unlocked_ioctl)
		goto out;

	error = filp->f_op->unlocked_ioctl(filp, cmd, arg);
	if (error == -ENOIOCTLCMD)
		error = -ENOTTY;
 out:
	return error;
}
EXPORT_SYMBOL(vfs_ioctl);

long compat_ptr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (!file->f_op->unlocked_ioctl)
		return -ENOIOCTLCMD;

	return file->f_op->unlocked_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}
EXPORT_SYMBOL(compat_ptr_ioctl);

static int ioctl_fionbio(struct file *filp, int __user *argp)
{
	unsigned int flag;
	int on, error;

	error = get_user(on, argp);
	if (error)
		return error;
	flag = O_NONBLOCK;
	spin_lock(&filp->f_lock);
	if (on)
		filp->f_flags |= flag;
	else
		filp->f_flags &= ~flag;
	spin_unlock(&filp->f_lock);
	return error;
}

long kmodlab_sys_ioctl(struct kmodlab_files *files, unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = kmodlab_fget(files, fd);
	long error;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		/* nothing is exec'd: close-on-exec has no effect */
		error = 0;
		break;
	case FIONBIO:
		error = ioctl_fionbio(f, (int __user *)arg);
		break;
	default:
		error = vfs_ioctl(f, cmd, arg);
	}
	fput(f);
	return error;
}

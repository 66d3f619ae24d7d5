// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/file.c (6.1), as kmodlab's processes need it: a descriptor table with
 * the lowest free number first, and the reference a system call takes on
 * the file it works on (fdget), so that a close() by another task of the
 * process cannot free a file a read() is still in.
 *
 *  Copyright (C) 1998-1999, Stephen Tweedie and Bill Hawes
 */
#include "kmodlab.h"
/* fs/file.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/syscalls.h>
#include <linux/export.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/bitops.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/close_range.h>
#include <net/sock.h>

#include "fs_internal.h"

int kmodlab_fd_alloc(struct kmodlab_files *files, struct file *file)
{
	unsigned int fd;

	spin_lock(&files->lock);
	for (fd = files->next_fd; fd < KMODLAB_NR_OPEN; fd++)
		if (!files->fd[fd])
			break;
	if (fd == KMODLAB_NR_OPEN) {
		spin_unlock(&files->lock);
		return -EMFILE;
	}
	files->fd[fd] = file;
	files->next_fd = fd + 1;
	spin_unlock(&files->lock);
	return fd;
}

/* fdget(): the file at @fd with a reference the caller drops with fput() */
struct file *kmodlab_fget(struct kmodlab_files *files, unsigned int fd)
{
	struct file *file = NULL;

	if (fd >= KMODLAB_NR_OPEN)
		return NULL;
	spin_lock(&files->lock);
	file = files->fd[fd];
	if (file)
		atomic_long_inc(&file->f_count);
	spin_unlock(&files->lock);
	return file;
}

/* pick_file(): takes @fd out of the table; its reference passes to the caller */
struct file *kmodlab_fd_pick(struct kmodlab_files *files, unsigned int fd)
{
	struct file *file;

	if (fd >= KMODLAB_NR_OPEN)
		return NULL;
	spin_lock(&files->lock);
	file = files->fd[fd];
	if (file) {
		files->fd[fd] = NULL;
		if (fd < files->next_fd)
			files->next_fd = fd;
	}
	spin_unlock(&files->lock);
	return file;
}

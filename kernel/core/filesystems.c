// SPDX-License-Identifier: GPL-2.0-only
/*
 * Filesystem types: Linux 6.1's fs/filesystems.c -- seed 004's Rule #1 in
 * the form every module author knows.
 *
 *  - struct file_system_type carries .owner = THIS_MODULE;
 *  - get_fs_type() does try_module_get(owner) under the list lock and, when
 *    that fails (the module is going away), returns NULL: "the caller should
 *    pretend that registration does not exist";
 *  - the reference is batched: taken when a mount starts, dropped after the
 *    superblock is killed at unmount (super.c), "the filesystem code which
 *    knows a mount must succeed before any other methods can be accessed".
 *    So while something is mounted, rmmod says "in use", and statfs and
 *    friends call into the module without taking a reference each time.
 *
 * As in 6.1, try_module_get() succeeds while the owner is still running its
 * init (the 2.5.48 fix, seed 000): a filesystem is mountable the moment it is
 * registered -- which is why a module must register it last.
 *
 * Differences from 6.1: the list lock is a spinlock, not an rwlock; 6.1's
 * get_fs_type() also tries request_module("fs-%s"), kmodlab's kernel does not
 * load filesystems on demand.
 *
 * The includes are fs/filesystems.c's: genksyms expands the exports' types
 * with what they define, so the CRCs are Debian's.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds
 */
#include "kmodlab.h"
#include <linux/syscalls.h>
#include <linux/fs.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/kmod.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/fs_parser.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/bug.h>
#include <linux/errno.h>

/*
 * Handling of filesystem drivers list.
 * Rules:
 *	Inclusion to/removals from/scanning of list are protected by spinlock.
 *	During the unload module must call unregister_filesystem().
 *	We can access the fields of list element if:
 *		1) spinlock is held or
 *		2) we hold the reference to the module.
 *	The latter can be guaranteed by call of try_module_get(); if it
 *	returned 0 we must skip the element, otherwise we got the reference.
 *	Once the reference is obtained we can drop the spinlock.
 */
static struct file_system_type *file_systems;
static DEFINE_SPINLOCK(file_systems_lock);	/* 6.1: an rwlock */

void put_filesystem(struct file_system_type *fs)
{
	module_put(fs->owner);
}

static struct file_system_type **find_filesystem(const char *name, unsigned len)
{
	struct file_system_type **p;

	for (p = &file_systems; *p; p = &(*p)->next)
		if (strncmp((*p)->name, name, len) == 0 &&
		    !(*p)->name[len])
			break;
	return p;
}

/**
 *	register_filesystem - register a new filesystem
 *	@fs: the file system structure
 *
 *	Adds the file system passed to the list of file systems the kernel
 *	is aware of for mount and other syscalls. Returns 0 on success,
 *	or a negative errno code on an error.
 *
 *	The &struct file_system_type that is passed is linked into the kernel
 *	structures and must not be freed until the file system has been
 *	unregistered.
 */
int register_filesystem(struct file_system_type *fs)
{
	int res = 0;
	struct file_system_type **p;

	BUG_ON(strchr(fs->name, '.'));
	if (fs->next)
		return -EBUSY;
	spin_lock(&file_systems_lock);
	p = find_filesystem(fs->name, strlen(fs->name));
	if (*p)
		res = -EBUSY;
	else
		WRITE_ONCE(*p, fs);
	spin_unlock(&file_systems_lock);
	return res;
}
EXPORT_SYMBOL(register_filesystem);

/**
 *	unregister_filesystem - unregister a file system
 *	@fs: filesystem to unregister
 *
 *	Remove a file system that was previously successfully registered
 *	with the kernel. An error is returned if the file system is not found.
 *	Zero is returned on a success.
 *
 *	Once this function has returned the &struct file_system_type structure
 *	may be freed or reused.
 */
int unregister_filesystem(struct file_system_type *fs)
{
	struct file_system_type **tmp;

	spin_lock(&file_systems_lock);
	tmp = &file_systems;
	while (*tmp) {
		if (fs == *tmp) {
			WRITE_ONCE(*tmp, fs->next);
			fs->next = NULL;
			spin_unlock(&file_systems_lock);
			synchronize_rcu();
			return 0;
		}
		tmp = &(*tmp)->next;
	}
	spin_unlock(&file_systems_lock);

	return -EINVAL;
}
EXPORT_SYMBOL(unregister_filesystem);

static struct file_system_type *__get_fs_type(const char *name, int len)
{
	struct file_system_type *fs;

	spin_lock(&file_systems_lock);
	fs = *(find_filesystem(name, len));
	if (fs && !try_module_get(fs->owner))
		fs = NULL;
	spin_unlock(&file_systems_lock);
	return fs;
}

struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *fs;
	const char *dot = strchr(name, '.');
	int len = dot ? dot - name : strlen(name);

	fs = __get_fs_type(name, len);
	if (fs && dot && !(fs->fs_flags & FS_HAS_SUBTYPE)) {
		put_filesystem(fs);
		fs = NULL;
	}
	return fs;
}
EXPORT_SYMBOL(get_fs_type);

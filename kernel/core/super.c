// SPDX-License-Identifier: GPL-2.0-only
/*
 * Superblocks: the part of Linux 6.1's fs/super.c that mount_nodev()
 * filesystems use, on 6.1's struct super_block and struct dentry.
 *
 * A superblock holds the reference on its filesystem's module that
 * get_fs_type() took when the mount started (filesystems.c): it goes in
 * deactivate_super(), after the filesystem's kill_sb has run.
 *
 * Differences from 6.1: 6.1's sget() takes its own reference for the
 * superblock and the mount context drops the lookup's; here the lookup's
 * reference is the superblock's (same count, one per superblock). kmodlab has
 * no inodes and no dcache, so mount_nodev() gives the superblock its root
 * dentry itself (a 6.1 fill_super makes it with d_make_root()), and
 * kill_anon_super() calls ->put_super for a superblock that was filled.
 *
 * The includes are fs/super.c's (but its private "internal.h"): genksyms
 * expands the exports' types with what they define, so the CRCs are
 * Debian's.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds
 */
#include "kmodlab.h"
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/blkdev.h>
#include <linux/mount.h>
#include <linux/security.h>
#include <linux/writeback.h>
#include <linux/idr.h>
#include <linux/mutex.h>
#include <linux/backing-dev.h>
#include <linux/rculist_bl.h>
#include <linux/fscrypt.h>
#include <linux/fsnotify.h>
#include <linux/lockdep.h>
#include <linux/user_namespace.h>
#include <linux/fs_context.h>
#include <uapi/linux/mount.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/errno.h>

static struct super_block *alloc_super(struct file_system_type *type, int flags)
{
	struct super_block *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->s_root = kzalloc(sizeof(*s->s_root), GFP_KERNEL);
	if (!s->s_root) {
		kfree(s);
		return NULL;
	}
	s->s_root->d_sb = s;
	s->s_type = type;
	atomic_set(&s->s_active, 1);
	s->s_flags = flags;
	strscpy(s->s_id, type->name, sizeof(s->s_id));
	return s;
}

static void destroy_super(struct super_block *s)
{
	kfree(s->s_root);
	kfree(s);
}

struct dentry *mount_nodev(struct file_system_type *fs_type,
	int flags, void *data,
	int (*fill_super)(struct super_block *, void *, int))
{
	int error;
	struct super_block *s = alloc_super(fs_type, flags);

	if (!s)
		return ERR_PTR(-ENOMEM);

	error = fill_super(s, data, flags & SB_SILENT ? 1 : 0);
	if (error) {
		/* deactivate_locked_super(): the filesystem's own kill_sb */
		fs_type->kill_sb(s);
		return ERR_PTR(error);
	}
	s->s_flags |= SB_ACTIVE;
	return s->s_root;
}
EXPORT_SYMBOL(mount_nodev);

/* generic_shutdown_super() + kill_anon_super(): ->put_super, then free */
void kill_anon_super(struct super_block *sb)
{
	const struct super_operations *sop = sb->s_op;

	if ((sb->s_flags & SB_ACTIVE) && sop && sop->put_super)
		sop->put_super(sb);
	destroy_super(sb);
}
EXPORT_SYMBOL(kill_anon_super);

/*
 * deactivate_super(): the last active reference goes (kmodlab's superblocks
 * have one, the mount's), so the filesystem kills the superblock, then the
 * superblock's reference on the filesystem's module goes.
 */
void deactivate_super(struct super_block *s)
{
	struct file_system_type *fs = s->s_type;

	if (!atomic_dec_and_test(&s->s_active))
		return;
	fs->kill_sb(s);
	put_filesystem(fs);
}

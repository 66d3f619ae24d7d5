/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fs/kernfs/kernfs-internal.h (6.1)'s role: what kernfs_dir.c and
 * kernfs_file.c share. kmodlab's kernfs keeps Linux's kernfs_node (its
 * count, its active references, parent, name, ops and priv) but names each
 * node in the namespace (kernel/fs/namei.ts) instead of making dentries: a
 * node is an inode of the kernfs super block registered at its path under
 * the root's mount point. Nothing here is exported, so no CRC reaches these
 * structs.
 *
 * Copyright (c) 2001-3 Patrick Mochel
 * Copyright (c) 2007 SUSE Linux Products GmbH
 * Copyright (c) 2007, 2013 Tejun Heo <tj@kernel.org>
 */
#ifndef __KERNFS_INTERNAL_H
#define __KERNFS_INTERNAL_H

#include <linux/lockdep.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/xattr.h>

#include <linux/kernfs.h>
#include <linux/fs_context.h>
#include <linux/seq_file.h>

struct kernfs_root {
	/* published fields */
	struct kernfs_node	*kn;
	unsigned int		flags;	/* KERNFS_ROOT_* flags */

	/* where the hierarchy is mounted: "/sys" (one mount per root) */
	const char		*mountpoint;
	u32			last_id_lowbits;
};

/* +1 to avoid triggering overflow warning when negating it */
#define KN_DEACTIVATED_BIAS		(INT_MIN + 1)

/*
 * What kernfs keeps beside Linux's kernfs_node: the inode that names it in
 * the namespace, and its children (Linux: an rbtree under dir.children).
 */
struct kernfs_elem {
	struct kernfs_node	kn;
	struct inode		*inode;
	struct list_head	sibling;
	struct list_head	children;
};

static inline struct kernfs_elem *kernfs_elem(struct kernfs_node *kn)
{
	return container_of(kn, struct kernfs_elem, kn);
}

static inline struct kernfs_root *kernfs_root(struct kernfs_node *kn)
{
	/* if parent exists, it's always a dir; otherwise, @sd is a dir */
	if (kn->parent)
		kn = kn->parent;
	return kn->dir.root;
}

/*
 * A kernfs open file: Linux's kernfs_open_file, and the page a seq_show()
 * filled at the first read (seq_file's single_open() record).
 */
struct kernfs_of {
	struct kernfs_open_file	of;
	struct seq_file		seq;
	bool			filled;
};

/* kernfs_dir.c */
extern struct mutex kernfs_mutex;
struct kernfs_node *kernfs_get_active(struct kernfs_node *kn);
void kernfs_put_active(struct kernfs_node *kn);
struct kernfs_root *kmodlab_kernfs_create_root(const char *mountpoint, unsigned int flags, void *priv);

/* kernfs_file.c */
extern const struct file_operations kernfs_file_fops;
extern const struct file_operations kernfs_dir_fops;

#endif	/* __KERNFS_INTERNAL_H */

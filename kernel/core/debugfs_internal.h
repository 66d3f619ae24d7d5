/* SPDX-License-Identifier: GPL-2.0 */
/*
 *  fs/debugfs/internal.h (6.1): declarations internal to debugfs
 *
 *  Copyright (C) 2016 Nicolai Stange <nicstange@gmail.com>
 */

#ifndef _DEBUGFS_INTERNAL_H_
#define _DEBUGFS_INTERNAL_H_

struct file_operations;

/* declared over in file.c */
extern const struct file_operations debugfs_noop_file_operations;
extern const struct file_operations debugfs_open_proxy_file_operations;
extern const struct file_operations debugfs_full_proxy_file_operations;

/*
 * Linux allocates this at a file's first use (d_fsdata holds the real fops
 * until then) and waits for active_users on a completion; here every file
 * has it from creation, and removal's drain sleeps until active_users is 0
 * (the core has no completions yet).
 */
struct debugfs_fsdata {
	const struct file_operations *real_fops;
	refcount_t active_users;
};

/* inode.c */
void debugfs_file_removed_drain(struct dentry *dentry);

/* dcache.c */
struct dentry *kmodlab_d_alloc(struct dentry *parent, const char *name,
			       const struct dentry_operations *op);
void kmodlab_d_instantiate(struct dentry *dentry, struct inode *inode);

#endif /* _DEBUGFS_INTERNAL_H_ */

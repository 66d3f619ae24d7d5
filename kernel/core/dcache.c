// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/dcache.c (6.1), the part debugfs needs: dentries as named, counted
 * objects with a parent, children and an inode -- debugfs's API hands them
 * to modules. They are not a cache here: the namespace (kernel/fs/namei.ts)
 * resolves paths, and a dentry lives while its file system, an inode of it
 * or a module's dget() holds it.
 *
 * (C) 1997 Thomas Schoebel-Theuer,
 * with heavy changes by Linus Torvalds
 */
#include "kmodlab.h"
/* fs/dcache.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/ratelimit.h>
#include <linux/string.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/fscrypt.h>
#include <linux/fsnotify.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/hash.h>
#include <linux/cache.h>
#include <linux/export.h>
#include <linux/security.h>
#include <linux/seqlock.h>
#include <linux/memblock.h>
#include <linux/bit_spinlock.h>
#include <linux/rculist_bl.h>
#include <linux/list_lru.h>
#include "fs_internal.h"
#include "fs_mount.h"

/* d_alloc(): a child of @parent (which it holds) named @name, count 1 */
struct dentry *kmodlab_d_alloc(struct dentry *parent, const char *name,
			       const struct dentry_operations *op)
{
	struct dentry *dentry = kzalloc(sizeof(*dentry), GFP_KERNEL);
	size_t len = strlen(name);
	char *dname;

	if (!dentry)
		return NULL;
	if (len >= DNAME_INLINE_LEN) {
		dname = kmalloc(len + 1, GFP_KERNEL);
		if (!dname) {
			kfree(dentry);
			return NULL;
		}
	} else {
		dname = dentry->d_iname;
	}
	memcpy(dname, name, len);
	dname[len] = 0;
	dentry->d_name.len = len;
	dentry->d_name.name = dname;
	dentry->d_lockref.count = 1;
	spin_lock_init(&dentry->d_lock);
	INIT_LIST_HEAD(&dentry->d_subdirs);
	INIT_LIST_HEAD(&dentry->d_child);
	INIT_HLIST_NODE(&dentry->d_u.d_alias);
	dentry->d_op = op;
	dentry->d_parent = parent ? dget(parent) : dentry;
	if (parent)
		dentry->d_sb = parent->d_sb;
	return dentry;
}

/* d_instantiate(): @inode's alias, holding @dentry for as long as it lives */
void kmodlab_d_instantiate(struct dentry *dentry, struct inode *inode)
{
	dentry->d_inode = inode;
	dentry->d_flags |= S_ISDIR(inode->i_mode) ? DCACHE_DIRECTORY_TYPE : DCACHE_REGULAR_TYPE;
	hlist_add_head(&dentry->d_u.d_alias, &inode->i_dentry);
	dget(dentry);
}

static void dentry_free(struct dentry *dentry)
{
	struct dentry *parent = dentry->d_parent;

	if (dentry->d_op && dentry->d_op->d_release)
		dentry->d_op->d_release(dentry);
	if (dentry->d_name.name != dentry->d_iname)
		kfree(dentry->d_name.name);
	kfree(dentry);
	if (parent != dentry)
		dput(parent);
}

void dput(struct dentry *dentry)
{
	if (!dentry)
		return;
	spin_lock(&dentry->d_lock);
	if (WARN_ON(dentry->d_lockref.count <= 0) || --dentry->d_lockref.count) {
		spin_unlock(&dentry->d_lock);
		return;
	}
	spin_unlock(&dentry->d_lock);
	dentry_free(dentry);
}
EXPORT_SYMBOL(dput);

// SPDX-License-Identifier: GPL-2.0
/*
 *  fs/debugfs/inode.c (6.1): debugfs's directories and files, under
 *  /sys/kernel/debug. Each is a dentry (debugfs's API returns them) with an
 *  inode named in the namespace (kernel/fs/namei.ts); the inode holds its
 *  dentry, so an open file keeps both. Removal unlinks a subtree from the
 *  namespace, then waits for the file operations in flight on each file
 *  (debugfs_file_get() references) before it lets the files go: after
 *  debugfs_remove() no method of the removed files runs, and those of files
 *  still open return -EIO.
 *
 *  Copyright (C) 2004,2019 Greg Kroah-Hartman <greg@kroah.com>
 *  Copyright (C) 2004 IBM Inc.
 *  Copyright (C) 2019 Linux Foundation <gregkh@linuxfoundation.org>
 */

#define pr_fmt(fmt)	"debugfs: " fmt

#include "kmodlab.h"
/* fs/debugfs/inode.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/module.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/namei.h>
#include <linux/debugfs.h>
#include <linux/fsnotify.h>
#include <linux/string.h>
#include <linux/seq_file.h>
#include <linux/parser.h>
#include <linux/magic.h>
#include <linux/slab.h>
#include <linux/security.h>

#include "debugfs_internal.h"
#include "fs_internal.h"
#include <linux/delay.h>

#define DEBUGFS_MOUNTPOINT "/sys/kernel/debug"

static DEFINE_MUTEX(debugfs_mutex);
static bool debugfs_registered;
static struct dentry *debugfs_root;

static void debugfs_evict_inode(struct inode *inode)
{
	struct dentry *dentry = hlist_entry(inode->i_dentry.first, struct dentry, d_u.d_alias);

	dput(dentry);
}

static const struct super_operations debugfs_super_operations = {
	.evict_inode	= debugfs_evict_inode,
};

static struct super_block debugfs_sb = {
	.s_maxbytes = MAX_LFS_FILESIZE,
	.s_blocksize = PAGE_SIZE,
	.s_blocksize_bits = PAGE_SHIFT,
	.s_magic = DEBUGFS_MAGIC,
	.s_op = &debugfs_super_operations,
};

static void debugfs_release_dentry(struct dentry *dentry)
{
	kfree(dentry->d_fsdata);
}

static const struct dentry_operations debugfs_dops = {
	.d_release = debugfs_release_dentry,
};

static const struct file_operations debugfs_dir_operations = {
	.read		= generic_read_dir,
	.llseek		= generic_file_llseek,
};

/* the namespace path of @dentry */
static char *debugfs_path(struct dentry *dentry)
{
	size_t len = strlen(DEBUGFS_MOUNTPOINT);
	struct dentry *d;
	char *path;
	size_t at;

	for (d = dentry; d != debugfs_root; d = d->d_parent)
		len += d->d_name.len + 1;
	path = kmalloc(len + 1, GFP_KERNEL);
	if (!path)
		return NULL;
	path[len] = '\0';
	at = len;
	for (d = dentry; d != debugfs_root; d = d->d_parent) {
		at -= d->d_name.len;
		memcpy(path + at, d->d_name.name, d->d_name.len);
		path[--at] = '/';
	}
	memcpy(path, DEBUGFS_MOUNTPOINT, at);
	return path;
}

static bool debugfs_removed(struct dentry *dentry)
{
	return dentry->d_flags & DCACHE_DENTRY_KILLED;
}

static struct dentry *debugfs_find(struct dentry *parent, const char *name)
{
	struct dentry *d;

	list_for_each_entry(d, &parent->d_subdirs, d_child)
		if (!strcmp(d->d_name.name, name))
			return d;
	return NULL;
}

/* start_creating(): under debugfs_mutex on success */
static struct dentry *start_creating(const char *name, struct dentry *parent)
{
	struct dentry *dentry;

	pr_debug("creating file '%s'\n", name);

	if (IS_ERR(parent))
		return parent;
	if (!debugfs_registered)
		return ERR_PTR(-ENOENT);

	/* If the parent is not specified, we create it in the root. */
	if (!parent)
		parent = debugfs_root;

	mutex_lock(&debugfs_mutex);
	if (debugfs_removed(parent)) {
		mutex_unlock(&debugfs_mutex);
		return ERR_PTR(-ENOENT);
	}
	dentry = debugfs_find(parent, name);
	if (dentry) {
		if (d_is_dir(dentry))
			pr_err("Directory '%s' with parent '%s' already present!\n",
			       name, parent->d_name.name);
		else
			pr_err("File '%s' in directory '%s' already present!\n",
			       name, parent->d_name.name);
		mutex_unlock(&debugfs_mutex);
		return ERR_PTR(-EEXIST);
	}
	dentry = kmodlab_d_alloc(parent, name, &debugfs_dops);
	if (!dentry) {
		mutex_unlock(&debugfs_mutex);
		return ERR_PTR(-ENOMEM);
	}
	return dentry;
}

static struct dentry *failed_creating(struct dentry *dentry)
{
	mutex_unlock(&debugfs_mutex);
	dput(dentry);
	return ERR_PTR(-ENOMEM);
}

/* d_instantiate() and end_creating(): named in the namespace, linked under its parent */
static struct dentry *end_creating(struct dentry *dentry, struct inode *inode)
{
	char *path = debugfs_path(dentry);
	long err;

	if (!path) {
		iput(inode);
		return failed_creating(dentry);
	}
	kmodlab_d_instantiate(dentry, inode);
	err = __kmodlab_d_add(path, inode);
	kfree(path);
	if (err) {
		mutex_unlock(&debugfs_mutex);
		iput(inode);
		dput(dentry);
		return ERR_PTR(err);
	}
	list_add_tail(&dentry->d_child, &dentry->d_parent->d_subdirs);
	mutex_unlock(&debugfs_mutex);
	return dentry;
}

static struct inode *debugfs_get_inode(umode_t mode)
{
	struct inode *inode = kmodlab_new_inode(mode);

	if (inode)
		inode->i_sb = &debugfs_sb;
	return inode;
}

static struct dentry *__debugfs_create_file(const char *name, umode_t mode,
				struct dentry *parent, void *data,
				const struct file_operations *proxy_fops,
				const struct file_operations *real_fops)
{
	struct debugfs_fsdata *fsd;
	struct dentry *dentry;
	struct inode *inode;

	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	BUG_ON(!S_ISREG(mode));
	dentry = start_creating(name, parent);

	if (IS_ERR(dentry))
		return dentry;

	fsd = kmalloc(sizeof(*fsd), GFP_KERNEL);
	inode = debugfs_get_inode(mode);
	if (unlikely(!inode || !fsd)) {
		pr_err("out of free dentries, can not create file '%s'\n",
		       name);
		kfree(fsd);
		kfree(inode);
		return failed_creating(dentry);
	}
	fsd->real_fops = real_fops;
	refcount_set(&fsd->active_users, 1);
	dentry->d_fsdata = fsd;

	inode->i_private = data;
	inode->i_fop = proxy_fops;
	return end_creating(dentry, inode);
}

struct dentry *debugfs_create_file(const char *name, umode_t mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops)
{

	return __debugfs_create_file(name, mode, parent, data,
				fops ? &debugfs_full_proxy_file_operations :
					&debugfs_noop_file_operations,
				fops);
}
EXPORT_SYMBOL_GPL(debugfs_create_file);

struct dentry *debugfs_create_file_unsafe(const char *name, umode_t mode,
				   struct dentry *parent, void *data,
				   const struct file_operations *fops)
{

	return __debugfs_create_file(name, mode, parent, data,
				fops ? &debugfs_open_proxy_file_operations :
					&debugfs_noop_file_operations,
				fops);
}
EXPORT_SYMBOL_GPL(debugfs_create_file_unsafe);

void debugfs_create_file_size(const char *name, umode_t mode,
			      struct dentry *parent, void *data,
			      const struct file_operations *fops,
			      loff_t file_size)
{
	struct dentry *de = debugfs_create_file(name, mode, parent, data, fops);

	if (!IS_ERR(de))
		d_inode(de)->i_size = file_size;
}
EXPORT_SYMBOL_GPL(debugfs_create_file_size);

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	struct dentry *dentry = start_creating(name, parent);
	struct inode *inode;

	if (IS_ERR(dentry))
		return dentry;

	inode = debugfs_get_inode(S_IFDIR | S_IRWXU | S_IRUGO | S_IXUGO);
	if (unlikely(!inode)) {
		pr_err("out of free dentries, can not create directory '%s'\n",
		       name);
		return failed_creating(dentry);
	}
	inode->i_fop = &debugfs_dir_operations;
	return end_creating(dentry, inode);
}
EXPORT_SYMBOL_GPL(debugfs_create_dir);

struct dentry *debugfs_lookup(const char *name, struct dentry *parent)
{
	struct dentry *dentry;

	if (!debugfs_initialized() || IS_ERR_OR_NULL(name) || IS_ERR(parent))
		return NULL;

	if (!parent)
		parent = debugfs_root;

	mutex_lock(&debugfs_mutex);
	dentry = debugfs_find(parent, name);
	if (dentry)
		dget(dentry);
	mutex_unlock(&debugfs_mutex);
	return dentry;
}
EXPORT_SYMBOL_GPL(debugfs_lookup);

/* mark @dentry's subtree removed, under debugfs_mutex */
static void debugfs_kill(struct dentry *dentry)
{
	struct dentry *child;

	dentry->d_flags |= DCACHE_DENTRY_KILLED;
	list_for_each_entry(child, &dentry->d_subdirs, d_child)
		debugfs_kill(child);
}

/* children first: wait for the file's users, drop its inode and its creation reference */
static void debugfs_put_subtree(struct dentry *dentry)
{
	struct dentry *child, *tmp;

	list_for_each_entry_safe(child, tmp, &dentry->d_subdirs, d_child) {
		list_del_init(&child->d_child);
		debugfs_put_subtree(child);
	}
	if (d_is_reg(dentry))
		debugfs_file_removed_drain(dentry);
	iput(d_inode(dentry));
	dput(dentry);
}

void debugfs_remove(struct dentry *dentry)
{
	char *path;

	if (IS_ERR_OR_NULL(dentry))
		return;

	mutex_lock(&debugfs_mutex);
	/* a removal of an ancestor got here first */
	if (debugfs_removed(dentry) || dentry == debugfs_root) {
		mutex_unlock(&debugfs_mutex);
		return;
	}
	debugfs_kill(dentry);
	list_del_init(&dentry->d_child);
	path = debugfs_path(dentry);
	if (path)
		__kmodlab_d_remove(path, d_inode(dentry));
	kfree(path);
	mutex_unlock(&debugfs_mutex);
	debugfs_put_subtree(dentry);
}
EXPORT_SYMBOL_GPL(debugfs_remove);

void debugfs_lookup_and_remove(const char *name, struct dentry *parent)
{
	struct dentry *dentry;

	dentry = debugfs_lookup(name, parent);
	if (!dentry)
		return;

	debugfs_remove(dentry);
	dput(dentry);
}
EXPORT_SYMBOL_GPL(debugfs_lookup_and_remove);

bool debugfs_initialized(void)
{
	return debugfs_registered;
}
EXPORT_SYMBOL_GPL(debugfs_initialized);

/* debugfs is mounted at /sys/kernel/debug, which the namespace has from boot */
static int __init debugfs_init(void)
{
	debugfs_root = kmodlab_d_alloc(NULL, "/", NULL);
	if (!debugfs_root)
		return -ENOMEM;
	debugfs_root->d_sb = &debugfs_sb;
	debugfs_registered = true;
	return 0;
}
core_initcall(debugfs_init);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/kernfs/dir.c (6.1): kernfs nodes, their reference counts and active
 * references, on kmodlab's namespace. A node added to a hierarchy is named
 * in the namespace (kernel/fs/namei.ts) at its root's mount point plus its
 * path, as an inode of the kernfs super block that holds a reference on the
 * node; an open file holds the inode. The methods of a file (a module's
 * show()/store()) run only under an active reference, and kernfs_remove()
 * deactivates the subtree and drains those references before it returns:
 * after sysfs_remove_file() or kobject_del() no method of the node runs, or
 * ever will (later opens and reads get -ENODEV), which is what lets a
 * module's exit remove its attributes and go.
 *
 * Copyright (c) 2001-3 Patrick Mochel
 * Copyright (c) 2007 SUSE Linux Products GmbH
 * Copyright (c) 2007, 2013 Tejun Heo <tj@kernel.org>
 */
#include "kmodlab.h"
/* fs/kernfs/dir.c (6.1): its includes, in its order */
#include <linux/sched.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/idr.h>
#include <linux/slab.h>
#include <linux/security.h>
#include <linux/hash.h>
#include <linux/delay.h>

#include "kernfs_internal.h"
#include "fs_internal.h"

/* Linux: each root's kernfs_rwsem; one hierarchy lock is enough here */
DEFINE_MUTEX(kernfs_mutex);

static void kernfs_evict_inode(struct inode *inode)
{
	kernfs_put(inode->i_private);
}

static const struct super_operations kernfs_sops = {
	.evict_inode	= kernfs_evict_inode,
};

static struct super_block kernfs_sb = {
	.s_maxbytes = MAX_LFS_FILESIZE,
	.s_blocksize = PAGE_SIZE,
	.s_blocksize_bits = PAGE_SHIFT,
	.s_op = &kernfs_sops,
};

static bool kernfs_active(struct kernfs_node *kn)
{
	return atomic_read(&kn->active) >= 0;
}

struct kernfs_node *kernfs_get_active(struct kernfs_node *kn)
{
	if (unlikely(!kn))
		return NULL;
	if (!atomic_inc_unless_negative(&kn->active))
		return NULL;
	return kn;
}

void kernfs_put_active(struct kernfs_node *kn)
{
	if (unlikely(!kn))
		return;
	atomic_dec(&kn->active);
}

void kernfs_break_active_protection(struct kernfs_node *kn)
{
	kernfs_put_active(kn);
}

void kernfs_unbreak_active_protection(struct kernfs_node *kn)
{
	atomic_inc(&kn->active);
}

/*
 * kernfs_drain(): wait until every active reference taken before the node
 * was deactivated is put. Linux sleeps on the root's deactivate_waitq, which
 * kernfs_put_active() wakes; the core has no wait queues yet, so the drain
 * sleeps a millisecond at a time (emulated time: the idle machine jumps to
 * the sleeper's timer, and the result is the same on every run).
 */
static void kernfs_drain(struct kernfs_node *kn)
{
	while (atomic_read(&kn->active) != KN_DEACTIVATED_BIAS)
		msleep(1);
}

void kernfs_get(struct kernfs_node *kn)
{
	if (kn) {
		WARN_ON(!atomic_read(&kn->count));
		atomic_inc(&kn->count);
	}
}

void kernfs_put(struct kernfs_node *kn)
{
	struct kernfs_node *parent;

	if (!kn || !atomic_dec_and_test(&kn->count))
		return;
repeat:
	/*
	 * Moving/renaming is always done while holding reference.
	 * kn->parent won't change beneath us.
	 */
	parent = kn->parent;

	WARN_ONCE(atomic_read(&kn->active) != KN_DEACTIVATED_BIAS,
		  "kernfs_put: %s/%s: released with incorrect active_ref %d\n",
		  parent ? parent->name : "", kn->name, atomic_read(&kn->active));

	kfree_const(kn->name);
	kfree(kernfs_elem(kn));

	kn = parent;
	if (kn) {
		if (atomic_dec_and_test(&kn->count))
			goto repeat;
	}
}

/* the components of @kn's path from its root, "/" for the root itself */
static int kernfs_path_len(struct kernfs_node *kn)
{
	int len = 0;

	for (; kn->parent; kn = kn->parent)
		len += strlen(kn->name) + 1;
	return len;
}

int kernfs_path_from_node(struct kernfs_node *to, struct kernfs_node *from,
			  char *buf, size_t buflen)
{
	struct kernfs_node *kn;
	int len, at;

	if (!to)
		return strscpy(buf, "(null)", buflen);
	if (from)
		return -EINVAL;		/* relative paths: no user yet */
	len = kernfs_path_len(to);
	if (!len) {
		strscpy(buf, "/", buflen);
		return 1;
	}
	if (len >= buflen) {
		if (buflen)
			buf[0] = '\0';
		return len;
	}
	buf[len] = '\0';
	at = len;
	for (kn = to; kn->parent; kn = kn->parent) {
		size_t n = strlen(kn->name);

		at -= n;
		memcpy(buf + at, kn->name, n);
		buf[--at] = '/';
	}
	return len;
}

int kernfs_name(struct kernfs_node *kn, char *buf, size_t buflen)
{
	return strscpy(buf, kn ? kn->name : "(null)", buflen);
}

/* the namespace path of @kn: its root's mount point and its path below it */
static char *kernfs_ns_path(struct kernfs_node *kn)
{
	const char *mnt = kernfs_root(kn)->mountpoint;
	size_t m = strlen(mnt);
	int len = kernfs_path_len(kn);
	char *path = kmalloc(m + len + 1, GFP_KERNEL);

	if (!path)
		return NULL;
	memcpy(path, mnt, m);
	kernfs_path_from_node(kn, NULL, path + m, len + 1);
	return path;
}

static struct kernfs_node *kernfs_new_node(struct kernfs_node *parent,
					   const char *name, umode_t mode,
					   unsigned flags)
{
	struct kernfs_elem *e;
	struct kernfs_node *kn;

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return NULL;
	kn = &e->kn;
	kn->name = kstrdup_const(name, GFP_KERNEL);
	if (!kn->name) {
		kfree(e);
		return NULL;
	}
	INIT_LIST_HEAD(&e->sibling);
	INIT_LIST_HEAD(&e->children);
	atomic_set(&kn->count, 1);
	atomic_set(&kn->active, KN_DEACTIVATED_BIAS);
	kn->mode = mode;
	kn->flags = flags;
	kn->id = ++kernfs_root(parent)->last_id_lowbits;
	return kn;
}

static struct kernfs_node *kernfs_find_ns(struct kernfs_node *parent,
					  const unsigned char *name,
					  const void *ns)
{
	struct kernfs_elem *e;

	list_for_each_entry(e, &kernfs_elem(parent)->children, sibling)
		if (e->kn.ns == ns && !strcmp(e->kn.name, name))
			return &e->kn;
	return NULL;
}

struct kernfs_node *kernfs_find_and_get_ns(struct kernfs_node *parent,
					   const char *name, const void *ns)
{
	struct kernfs_node *kn;

	mutex_lock(&kernfs_mutex);
	kn = kernfs_find_ns(parent, name, ns);
	kernfs_get(kn);
	mutex_unlock(&kernfs_mutex);
	return kn;
}

/*
 * kernfs_add_one(): link @kn under its parent and name it in the
 * namespace, active at once (sysfs does not create deactivated).
 */
static int kernfs_add_one(struct kernfs_node *kn)
{
	struct kernfs_node *parent = kn->parent;
	struct inode *inode;
	char *path;
	int ret;

	mutex_lock(&kernfs_mutex);
	ret = -EINVAL;
	if (kernfs_type(parent) != KERNFS_DIR)
		goto out_unlock;
	ret = -ENOENT;
	if (parent->flags & KERNFS_REMOVING)
		goto out_unlock;
	ret = -EEXIST;
	if (kernfs_find_ns(parent, kn->name, kn->ns))
		goto out_unlock;

	ret = -ENOMEM;
	path = kernfs_ns_path(kn);
	inode = kmodlab_new_inode(kn->mode);
	if (!path || !inode) {
		kfree(path);
		kfree(inode);
		goto out_unlock;
	}
	inode->i_sb = &kernfs_sb;
	inode->i_private = kn;
	kernfs_get(kn);
	if (kernfs_type(kn) == KERNFS_DIR) {
		inode->i_fop = &kernfs_dir_fops;
	} else {
		inode->i_fop = &kernfs_file_fops;
		inode->i_size = kn->attr.size;
	}
	atomic_set(&kn->active, 0);
	kn->flags |= KERNFS_ACTIVATED;
	ret = __kmodlab_d_add(path, inode);
	kfree(path);
	if (ret) {
		/* a file the TypeScript kernel makes has this name */
		atomic_set(&kn->active, KN_DEACTIVATED_BIAS);
		iput(inode);
		goto out_unlock;
	}
	kernfs_elem(kn)->inode = inode;
	list_add_tail(&kernfs_elem(kn)->sibling, &kernfs_elem(parent)->children);
	if (kernfs_type(kn) == KERNFS_DIR)
		parent->dir.subdirs++;
out_unlock:
	mutex_unlock(&kernfs_mutex);
	return ret;
}

struct kmodlab_kernfs_root {
	struct kernfs_root root;
	struct kernfs_elem elem;
};

/* a hierarchy mounted at @mountpoint, a directory the namespace already has */
struct kernfs_root *kmodlab_kernfs_create_root(const char *mountpoint, unsigned int flags, void *priv)
{
	struct kmodlab_kernfs_root *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct kernfs_node *kn;

	if (!r)
		return ERR_PTR(-ENOMEM);
	r->root.mountpoint = mountpoint;
	r->root.flags = flags;
	kn = &r->elem.kn;
	INIT_LIST_HEAD(&r->elem.sibling);
	INIT_LIST_HEAD(&r->elem.children);
	atomic_set(&kn->count, 1);
	atomic_set(&kn->active, 0);
	kn->name = "";
	kn->mode = S_IFDIR | S_IRUGO | S_IXUGO;
	kn->flags = KERNFS_DIR | KERNFS_ACTIVATED;
	kn->priv = priv;
	kn->dir.root = &r->root;
	r->root.kn = kn;
	return &r->root;
}

struct kernfs_node *kernfs_root_to_node(struct kernfs_root *root)
{
	return root->kn;
}

struct kernfs_node *kernfs_create_dir_ns(struct kernfs_node *parent,
					 const char *name, umode_t mode,
					 kuid_t uid, kgid_t gid,
					 void *priv, const void *ns)
{
	struct kernfs_node *kn;
	int rc;

	kn = kernfs_new_node(parent, name, mode | S_IFDIR, KERNFS_DIR);
	if (!kn)
		return ERR_PTR(-ENOMEM);

	kn->dir.root = parent->dir.root;
	kn->ns = ns;
	kn->priv = priv;
	kn->parent = parent;
	kernfs_get(parent);

	rc = kernfs_add_one(kn);
	if (!rc)
		return kn;

	kernfs_put(kn);
	return ERR_PTR(rc);
}

struct kernfs_node *kernfs_create_empty_dir(struct kernfs_node *parent,
					    const char *name)
{
	return kernfs_create_dir_ns(parent, name, S_IRUGO | S_IXUGO,
				    GLOBAL_ROOT_UID, GLOBAL_ROOT_GID, NULL, NULL);
}

struct kernfs_node *__kernfs_create_file(struct kernfs_node *parent,
					 const char *name,
					 umode_t mode, kuid_t uid, kgid_t gid,
					 loff_t size,
					 const struct kernfs_ops *ops,
					 void *priv, const void *ns,
					 struct lock_class_key *key)
{
	struct kernfs_node *kn;
	int rc;

	kn = kernfs_new_node(parent, name, (mode & S_IALLUGO) | S_IFREG,
			     KERNFS_FILE);
	if (!kn)
		return ERR_PTR(-ENOMEM);

	kn->attr.ops = ops;
	kn->attr.size = size;
	kn->ns = ns;
	kn->priv = priv;
	if (ops->seq_show)
		kn->flags |= KERNFS_HAS_SEQ_SHOW;
	if (ops->mmap)
		kn->flags |= KERNFS_HAS_MMAP;
	if (ops->release)
		kn->flags |= KERNFS_HAS_RELEASE;
	kn->parent = parent;
	kernfs_get(parent);

	rc = kernfs_add_one(kn);
	if (rc) {
		kernfs_put(kn);
		return ERR_PTR(rc);
	}
	return kn;
}

void kernfs_activate(struct kernfs_node *kn)
{
	/* nodes are active from kernfs_add_one() on */
}

/* mark @kn's subtree removing and deactivated, under kernfs_mutex */
static void kernfs_deactivate(struct kernfs_node *kn)
{
	struct kernfs_elem *e;

	kn->flags |= KERNFS_REMOVING;
	if (kernfs_active(kn))
		atomic_add(KN_DEACTIVATED_BIAS, &kn->active);
	list_for_each_entry(e, &kernfs_elem(kn)->children, sibling)
		kernfs_deactivate(&e->kn);
}

/* children first: drain, then drop the inode and the hierarchy's reference */
static void kernfs_put_subtree(struct kernfs_node *kn)
{
	struct kernfs_elem *e = kernfs_elem(kn), *c, *tmp;

	list_for_each_entry_safe(c, tmp, &e->children, sibling) {
		list_del_init(&c->sibling);
		kernfs_put_subtree(&c->kn);
	}
	kernfs_drain(kn);
	iput(e->inode);
	e->inode = NULL;
	kernfs_put(kn);
}

void kernfs_remove(struct kernfs_node *kn)
{
	char *path;

	if (!kn)
		return;
	mutex_lock(&kernfs_mutex);
	/* an ancestor's removal got here first */
	if (kn->flags & KERNFS_REMOVING) {
		mutex_unlock(&kernfs_mutex);
		return;
	}
	kernfs_deactivate(kn);
	list_del_init(&kernfs_elem(kn)->sibling);
	if (kn->parent && kernfs_type(kn) == KERNFS_DIR)
		kn->parent->dir.subdirs--;
	/* the namespace's node goes with its children: no lookup finds the subtree */
	path = kernfs_ns_path(kn);
	if (path && kernfs_elem(kn)->inode)
		__kmodlab_d_remove(path, kernfs_elem(kn)->inode);
	kfree(path);
	mutex_unlock(&kernfs_mutex);
	/* the drain sleeps: the methods it waits for may take kernfs_mutex */
	kernfs_put_subtree(kn);
}

int kernfs_remove_by_name_ns(struct kernfs_node *parent, const char *name,
			     const void *ns)
{
	struct kernfs_node *kn;

	if (!parent) {
		WARN(1, KERN_WARNING "kernfs: can not remove '%s', no directory\n",
			name);
		return -ENOENT;
	}

	kn = kernfs_find_and_get_ns(parent, name, ns);
	if (!kn)
		return -ENOENT;
	kernfs_remove(kn);
	kernfs_put(kn);
	return 0;
}

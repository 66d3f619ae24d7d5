// SPDX-License-Identifier: GPL-2.0-only
/*
 * Filesystem types and mounts: Linux 6.1's fs/filesystems.c and the part of
 * fs/super.c that mount_nodev() filesystems use -- seed 004's Rule #1 in the
 * form every module author knows.
 *
 *  - struct file_system_type carries .owner = THIS_MODULE;
 *  - get_fs_type() does try_module_get(owner) under the list lock and, when
 *    that fails (the module is going away), returns NULL: "the caller should
 *    pretend that registration does not exist";
 *  - the reference is batched: taken when a mount starts, dropped after the
 *    superblock is killed at unmount, "the filesystem code which knows a
 *    mount must succeed before any other methods can be accessed". So while
 *    something is mounted, rmmod says "in use", and statfs and friends call
 *    into the module without taking a reference each time.
 *
 * As in 6.1, try_module_get() succeeds while the owner is still running its
 * init (the 2.5.48 fix, seed 000): a filesystem is mountable the moment it is
 * registered -- which is why a module must register it last.
 *
 * Differences from 6.1: 6.1's sget() takes its own reference for the
 * superblock and the mount context drops the lookup's; here the lookup's
 * reference is the superblock's (same count, one per superblock). 6.1's
 * get_fs_type() also tries request_module("fs-%s"); kmodlab's kernel does not
 * load modules on demand.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds (fs/super.c, fs/filesystems.c)
 */
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/delay.h>
#include <linux/printk.h>
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

/* ---- fs/super.c ---------------------------------------------------------- */

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
 * deactivate_locked_super(): the filesystem kills the superblock, then the
 * superblock's reference on the filesystem's module goes.
 */
static void deactivate_super(struct super_block *s)
{
	struct file_system_type *fs = s->s_type;

	fs->kill_sb(s);
	put_filesystem(fs);
}

/* ---- test entry points: a mount table, as mount(8) and umount(8) see it -- */

#define KMODLAB_MOUNTS	8

static struct {
	char dir[32];
	bool used;
	struct super_block *sb;		/* NULL while the mount is in progress */
} mounts[KMODLAB_MOUNTS];
static DEFINE_SPINLOCK(mounts_lock);

static int find_mount(const char *dir)
{
	int i;

	for (i = 0; i < KMODLAB_MOUNTS; i++)
		if (mounts[i].used && !strcmp(mounts[i].dir, dir))
			return i;
	return -1;
}

/* vfs_kern_mount(): look the type up (Rule #1), let it mount, keep the superblock */
static long do_mount(const char *fstype, const char *dir)
{
	struct file_system_type *type;
	struct dentry *root;
	int slot, i;

	type = get_fs_type(fstype);
	if (!type)
		return -ENODEV;

	spin_lock(&mounts_lock);
	slot = find_mount(dir) >= 0 ? -EBUSY : -ENOSPC;
	if (slot == -ENOSPC) {
		for (i = 0; i < KMODLAB_MOUNTS; i++) {
			if (!mounts[i].used) {
				mounts[i].used = true;
				mounts[i].sb = NULL;
				strscpy(mounts[i].dir, dir, sizeof(mounts[i].dir));
				slot = i;
				break;
			}
		}
	}
	spin_unlock(&mounts_lock);
	if (slot < 0) {
		put_filesystem(type);
		return slot;
	}

	root = type->mount(type, 0, fstype, NULL);
	if (IS_ERR(root)) {
		spin_lock(&mounts_lock);
		mounts[slot].used = false;
		spin_unlock(&mounts_lock);
		put_filesystem(type);
		return PTR_ERR(root);
	}
	/* The reference get_fs_type() took now belongs to the superblock. */
	spin_lock(&mounts_lock);
	mounts[slot].sb = root->d_sb;
	spin_unlock(&mounts_lock);
	return 0;
}

/* mount -t FSTYPE none DIR: 0 or -errno (-ENODEV: "unknown filesystem type") */
long kmodlab_mount(const char *fstype, const char *dir)
{
	long err = do_mount(fstype, dir);

	if (err)
		pr_info("kmodlab_mount: %s on %s: %pe\n", fstype, dir, ERR_PTR(err));
	return err;
}

/* umount DIR: the filesystem's kill_sb, then the module reference goes */
long kmodlab_umount(const char *dir)
{
	struct super_block *sb = NULL;
	int i;

	spin_lock(&mounts_lock);
	i = find_mount(dir);
	if (i >= 0 && mounts[i].sb) {
		sb = mounts[i].sb;
		mounts[i].used = false;
	}
	spin_unlock(&mounts_lock);
	if (!sb) {
		pr_info("kmodlab_umount: %s: not mounted\n", dir);
		return -EINVAL;
	}
	deactivate_super(sb);
	return 0;
}

/*
 * statfs DIR: calls the filesystem's ->statfs without taking a reference --
 * the mount holds one. Returns f_files (what the example filesystems count)
 * or -errno.
 */
long kmodlab_statfs(const char *dir)
{
	struct super_block *sb = NULL;
	struct kstatfs st;
	int i, err;

	spin_lock(&mounts_lock);
	i = find_mount(dir);
	if (i >= 0)
		sb = mounts[i].sb;
	spin_unlock(&mounts_lock);
	if (!sb)
		return -ENOENT;
	if (!sb->s_op || !sb->s_op->statfs)
		return -ENOSYS;
	memset(&st, 0, sizeof(st));
	err = sb->s_op->statfs(sb->s_root, &st);
	return err ? err : (long)st.f_files;
}

/*
 * A process that mounts FSTYPE on DIR -- retrying every millisecond while the
 * type is unknown, up to TRIES attempts -- then runs statfs, keeps the mount
 * HOLD_MS milliseconds and unmounts. Returns statfs's result or -errno.
 */
long kmodlab_mount_hold(const char *fstype, const char *dir,
			unsigned long tries, unsigned int hold_ms)
{
	unsigned long attempt = 0;
	long err = -ENODEV, files;

	while (attempt < tries) {
		attempt++;
		err = do_mount(fstype, dir);
		if (err != -ENODEV)
			break;
		if (attempt < tries)
			msleep(1);
	}
	if (err) {
		pr_info("kmodlab_mount_hold: %s on %s: %pe after %lu attempt(s)\n",
			fstype, dir, ERR_PTR(err), attempt);
		return err;
	}
	pr_info("kmodlab_mount_hold: %s mounted on %s after %lu attempt(s)\n",
		fstype, dir, attempt);
	files = kmodlab_statfs(dir);
	if (hold_ms)
		msleep(hold_ms);
	kmodlab_umount(dir);
	return files;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Test entry points shared by the lifecycle scenarios (the .kml files of
 * modules/examples), which `call` or `spawn` them. Not exported to modules;
 * declared, with the other files' entry points, in testing.h.
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/statfs.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/err.h>
#include <linux/printk.h>
#include "testing.h"

/*
 * Busy work that never sleeps and never enters a module: a second task on a
 * CPU, so that a preemptible task there can be preempted (boot preempt=full).
 */
noinline unsigned long kmodlab_spin(unsigned long n)
{
	unsigned long i, acc = 0;

	for (i = 0; i < n; i++)
		acc += i ^ (acc >> 5);
	asm volatile("" : "+r"(acc));
	return n;
}

/*
 * Sleeps MS milliseconds, then calls FN with up to six arguments and returns
 * its result: `addr kmodlab_mount` then `spawn late kmodlab_after 2 $ret
 * "demofs" "/mnt"` starts a mount 2 ms from now -- while a blocking command
 * (rmmod -w, insmod) is still running.
 */
long kmodlab_after(unsigned int ms, long (*fn)(long, long, long, long, long, long),
		   long a0, long a1, long a2, long a3, long a4, long a5)
{
	if (ms)
		msleep(ms);
	return fn(a0, a1, a2, a3, a4, a5);
}

/* ---- a mount table, as mount(8) and umount(8) see it (filesystems.c, super.c) ---- */

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
static long mount_fstype(const char *fstype, const char *dir)
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
	long err = mount_fstype(fstype, dir);

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
		err = mount_fstype(fstype, dir);
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

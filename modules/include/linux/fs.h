/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Filesystem types and superblocks: the part of Linux 6.1's include/linux/fs.h
 * (and include/linux/statfs.h) that kmodlab's kernel core implements in
 * kernel/core/filesystems.c.
 *
 * This is seed 004's model of a module-safe interface (Rule #1): a
 * file_system_type names its .owner; get_fs_type() takes a reference on the
 * owner (try_module_get) and pretends the type is not registered when that
 * fails; the reference is batched -- taken at mount, dropped at unmount --
 * because "a mount must succeed before any other methods can be accessed".
 *
 * kmodlab subset: no inodes, no fs_context; struct super_block and struct
 * dentry carry only the fields the lab uses. The first eight members of
 * struct file_system_type are in 6.1's order.
 */
#ifndef _LINUX_FS_H
#define _LINUX_FS_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/err.h>

struct module;
struct dentry;
struct super_block;
struct kstatfs;
struct fs_context;
struct fs_parameter_spec;

struct file_system_type {
	const char *name;
	int fs_flags;
#define FS_REQUIRES_DEV		1
#define FS_BINARY_MOUNTDATA	2
#define FS_HAS_SUBTYPE		4
#define FS_USERNS_MOUNT		8
	int (*init_fs_context)(struct fs_context *);
	const struct fs_parameter_spec *parameters;
	struct dentry *(*mount) (struct file_system_type *, int,
		       const char *, void *);
	void (*kill_sb) (struct super_block *);
	struct module *owner;
	struct file_system_type * next;
	struct hlist_head fs_supers;
};

/* include/linux/statfs.h */
struct kstatfs {
	long f_type;
	long f_bsize;
	u64 f_blocks;
	u64 f_bfree;
	u64 f_bavail;
	u64 f_files;
	u64 f_ffree;
	struct { int val[2]; } f_fsid;
	long f_namelen;
	long f_frsize;
	long f_flags;
	long f_spare[4];
};

/* kmodlab subset of 6.1's struct super_operations */
struct super_operations {
	void (*put_super) (struct super_block *);
	int (*statfs) (struct dentry *, struct kstatfs *);
};

#define SB_SILENT	(1 << 15)
#define SB_ACTIVE	(1 << 30)

/* kmodlab subset of 6.1's struct super_block */
struct super_block {
	struct file_system_type	*s_type;
	const struct super_operations *s_op;
	unsigned long		s_flags;
	unsigned long		s_magic;
	struct dentry		*s_root;
	void			*s_fs_info;
	char			s_id[32];
};

/* kmodlab subset of 6.1's struct dentry: the root of a mount */
struct dentry {
	struct super_block *d_sb;
};

extern int register_filesystem(struct file_system_type *);
extern int unregister_filesystem(struct file_system_type *);
extern struct file_system_type *get_fs_type(const char *name);
extern void put_filesystem(struct file_system_type *fs);

/*
 * fs/super.c. kmodlab has no inodes: mount_nodev() makes the root dentry
 * itself, after fill_super() succeeded.
 */
extern struct dentry *mount_nodev(struct file_system_type *fs_type,
	int flags, void *data,
	int (*fill_super)(struct super_block *, void *, int));
extern void kill_anon_super(struct super_block *sb);

/*
 * Test entry points of kmodlab's kernel core (scenarios `call`/`spawn` them):
 * a tiny mount table keyed by mount point, as mount(8)/umount(8) would use.
 * They return 0 (or a statfs count) or a -errno.
 */
long kmodlab_mount(const char *fstype, const char *dir);
long kmodlab_umount(const char *dir);
long kmodlab_statfs(const char *dir);
long kmodlab_mount_hold(const char *fstype, const char *dir,
			unsigned long tries, unsigned int hold_ms);

#endif /* _LINUX_FS_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fs/proc/internal.h (6.1), the part procfs's exports reach: struct
 * proc_dir_entry, whose members genksyms expands into the CRCs of every
 * export that takes or returns one (the entries themselves are the
 * TypeScript kernel's). Its includes first, as the original's.
 *
 * Copyright (C) 1996 Linus Torvalds.
 */
#ifndef _KMODLAB_PROC_INTERNAL_H
#define _KMODLAB_PROC_INTERNAL_H

#include <linux/proc_fs.h>
#include <linux/proc_ns.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <linux/binfmts.h>
#include <linux/sched/coredump.h>
#include <linux/sched/task.h>

/*
 * This is not completely implemented yet. The idea is to
 * create an in-memory tree (like the actual /proc filesystem
 * tree) of these proc_dir_entries, so that we can dynamically
 * add new files to /proc.
 *
 * parent/subdir are used for the directory structure (every /proc file has a
 * parent, but "subdir" is empty for all non-directory entries).
 * subdir_node is used to build the rb tree "subdir" of the parent.
 */
struct proc_dir_entry {
	/*
	 * number of callers into module in progress;
	 * negative -> it's going away RSN
	 */
	atomic_t in_use;
	refcount_t refcnt;
	struct list_head pde_openers;	/* who did ->open, but not ->release */
	/* protects ->pde_openers and all struct pde_opener instances */
	spinlock_t pde_unload_lock;
	struct completion *pde_unload_completion;
	const struct inode_operations *proc_iops;
	union {
		const struct proc_ops *proc_ops;
		const struct file_operations *proc_dir_ops;
	};
	const struct dentry_operations *proc_dops;
	union {
		const struct seq_operations *seq_ops;
		int (*single_show)(struct seq_file *, void *);
	};
	proc_write_t write;
	void *data;
	unsigned int state_size;
	unsigned int low_ino;
	nlink_t nlink;
	kuid_t uid;
	kgid_t gid;
	loff_t size;
	struct proc_dir_entry *parent;
	struct rb_root subdir;
	struct rb_node subdir_node;
	char *name;
	umode_t mode;
	u8 flags;
	u8 namelen;
	char inline_name[];
} __randomize_layout;

#define SIZEOF_PDE	(				\
	sizeof(struct proc_dir_entry) < 128 ? 128 :	\
	sizeof(struct proc_dir_entry) < 192 ? 192 :	\
	sizeof(struct proc_dir_entry) < 256 ? 256 :	\
	sizeof(struct proc_dir_entry) < 512 ? 512 :	\
	0)
#define SIZEOF_PDE_INLINE_NAME (SIZEOF_PDE - sizeof(struct proc_dir_entry))

#define PROC_DYNAMIC_FIRST 0xF0000000U

static inline bool pde_is_permanent(const struct proc_dir_entry *pde)
{
	return pde->flags & PROC_ENTRY_PERMANENT;
}

static inline bool pde_has_proc_read_iter(const struct proc_dir_entry *pde)
{
	return pde->flags & PROC_ENTRY_proc_read_iter;
}

static inline bool pde_has_proc_lseek(const struct proc_dir_entry *pde)
{
	return pde->flags & PROC_ENTRY_proc_lseek;
}

void pde_free(struct proc_dir_entry *pde);

/* kmodlab: an entry's inode points at the entry (Linux: PROC_I(inode)->pde) */
static inline struct proc_dir_entry *PDE(const struct inode *inode)
{
	return inode->i_private;
}

struct proc_dir_entry *proc_create_reg(const char *name, umode_t mode,
		struct proc_dir_entry **parent, void *data);
struct proc_dir_entry *proc_register(struct proc_dir_entry *dir,
		struct proc_dir_entry *dp);

static inline void pde_get(struct proc_dir_entry *pde)
{
	refcount_inc(&pde->refcnt);
}
extern void pde_put(struct proc_dir_entry *);

/* kmodlab has no permanently empty directories (proc_create_mount_point) */
static inline bool is_empty_pde(const struct proc_dir_entry *pde)
{
	return false;
}
extern ssize_t proc_simple_write(struct file *, const char __user *, size_t, loff_t *);

/*
 * inode.c. kmodlab: a second closer waits on @released instead of a
 * completion (proc_inode.c).
 */
struct pde_opener {
	struct list_head lh;
	struct file *file;
	bool closing;
	bool waiter;
	bool released;
} __randomize_layout;

void proc_entry_rundown(struct proc_dir_entry *);
struct inode *proc_get_inode(struct proc_dir_entry *);
extern struct proc_dir_entry proc_root;

#endif /* _KMODLAB_PROC_INTERNAL_H */

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fs/internal.h's role for kmodlab's VFS: what the core's VFS files share
 * with each other and with the TypeScript kernel, which keeps the namespace
 * (the path -> inode tree: kernel/fs/namei.ts) and the user processes
 * (kernel/fs/process.ts). Inodes, files, descriptor tables and the dispatch to
 * a driver's file_operations are here, in C, on the emulated cores: the
 * references an open file takes on its module are the real instructions.
 */
#ifndef _KMODLAB_FS_INTERNAL_H
#define _KMODLAB_FS_INTERNAL_H

#include <linux/types.h>
#include <linux/spinlock_types.h>

struct file;
struct inode;
struct file_operations;
struct kernel_param;
struct vm_area_struct;

/*
 * A process's descriptor table (files_struct's role) and its file mappings
 * (mm_struct's, for mmap(2) of files: mmap.c); shared by its tasks. @lock
 * guards both.
 */
#define KMODLAB_NR_OPEN	256
#define KMODLAB_NR_MMAP	32
struct kmodlab_files {
	spinlock_t lock;
	unsigned int next_fd;
	struct file *fd[KMODLAB_NR_OPEN];
	struct vm_area_struct *vma[KMODLAB_NR_MMAP];
	/* the range of a slot whose ->mmap() is in progress */
	unsigned long pending[KMODLAB_NR_MMAP], pending_len[KMODLAB_NR_MMAP];
};

/*
 * The namespace's answer to a lookup: a held inode, or a file the
 * TypeScript kernel makes (/proc/modules, /sys/module/...) named by @synth.
 */
struct kmodlab_nameidata {
	struct inode *inode;
	long synth;
	unsigned int mode;
	const struct kernel_param *param;	/* /sys/module/M/parameters/P */
};

/* a synthetic file's contents, made at open */
struct kmodlab_synth {
	char *buf;
	size_t len;
};

/* services of the TypeScript namespace (kernel/fs/namei.ts) */
long __kmodlab_lookup(const char *path, struct kmodlab_nameidata *nd, unsigned int flags);
long __kmodlab_d_add(const char *path, struct inode *inode);
long __kmodlab_d_remove(const char *path, struct inode *inode);
long __kmodlab_synth_open(long id, struct kmodlab_synth *s, unsigned int flags);
long __kmodlab_synth_write(long id, const char *buf, size_t len);

/* synthfs.c */
struct inode *kmodlab_synth_inode(struct kmodlab_nameidata *nd);

/* params.c: sysfs's param_attr_show() and param_attr_store() */
struct kernel_param;
int kmodlab_param_attr_show(const struct kernel_param *kp, char *buf);
int kmodlab_param_attr_store(const struct kernel_param *kp, const char *buf);

/* inode.c */
struct inode *kmodlab_new_inode(unsigned int mode);

/* open.c */
struct file *kmodlab_dentry_open(struct inode *inode, int flags);
int kmodlab_filp_close(struct file *filp);

/* file_table.c */
struct file *kmodlab_alloc_file(struct inode *inode, int flags);
void kmodlab_file_free(struct file *f);

/* file.c */
int kmodlab_fd_alloc(struct kmodlab_files *files, struct file *file);
struct file *kmodlab_fget(struct kmodlab_files *files, unsigned int fd);
struct file *kmodlab_fd_pick(struct kmodlab_files *files, unsigned int fd);

/* mmap.c: a process's file mappings */
long kmodlab_sys_mmap(struct kmodlab_files *files, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned int fd, unsigned long pgoff);
long kmodlab_sys_munmap(struct kmodlab_files *files, unsigned long start, unsigned long len);
void kmodlab_exit_mmap(struct kmodlab_files *files);

/* char_dev.c, for /proc/devices */
struct seq_file;
void chrdev_show(struct seq_file *f, off_t offset);
extern const struct file_operations def_chr_fops;

#endif /* _KMODLAB_FS_INTERNAL_H */

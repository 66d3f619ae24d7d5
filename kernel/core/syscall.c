// SPDX-License-Identifier: GPL-2.0
/*
 * System calls of kmodlab's user processes (arch/arm64/kernel/syscall.c's
 * role, and fs/open.c's kmodlab_do_sys_open()/close()). A user task runs
 * kmodlab_user_main() on its core: it asks its program (TypeScript,
 * kernel/fs/process.ts) for the next call, makes it here, on this core, and
 * hands the result back. So every open(), read() and close() of a scenario
 * runs the VFS's instructions -- fdget, fops_get, the driver's methods --
 * where races with rmmod on other cores are real.
 */
#include "kmodlab.h"
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/fcntl.h>
#include <linux/limits.h>
#include <linux/poll.h>
#include <linux/uaccess.h>
#include <linux/mm.h>
#include "fs_internal.h"

enum kmodlab_syscall_nr {
	KSYS_EXIT = 0,
	KSYS_OPENAT = 1,
	KSYS_CLOSE = 2,
	KSYS_READ = 3,
	KSYS_WRITE = 4,
	KSYS_LSEEK = 5,
	KSYS_IOCTL = 6,
	KSYS_POLL = 7,
	KSYS_MMAP = 8,
	KSYS_MUNMAP = 9,
	KSYS_UCOPY = 10,
};

/* one user task: its process's descriptors, and the call its program asks for */
struct kmodlab_uproc {
	struct kmodlab_files *files;
	long args[6];
};

/* the next call of @p's program, given what the last one returned; KSYS_EXIT ends it */
long __kmodlab_user_next(struct kmodlab_uproc *p, long ret);

ssize_t kmodlab_sys_read(struct kmodlab_files *files, unsigned int fd, char __user *buf, size_t count);
ssize_t kmodlab_sys_write(struct kmodlab_files *files, unsigned int fd, const char __user *buf, size_t count);
off_t kmodlab_sys_lseek(struct kmodlab_files *files, unsigned int fd, off_t offset, unsigned int whence);
long kmodlab_sys_ioctl(struct kmodlab_files *files, unsigned int fd, unsigned int cmd, unsigned long arg);
long kmodlab_sys_poll(struct kmodlab_files *files, struct pollfd __user *ufds, unsigned int nfds, int timeout_msecs);

static long kmodlab_do_sys_open(struct kmodlab_files *files, const char __user *filename, int flags)
{
	struct kmodlab_nameidata nd;
	struct inode *inode;
	struct file *f;
	char *name;
	long err;
	int fd;

	name = strndup_user(filename, PATH_MAX);
	if (IS_ERR(name))
		return PTR_ERR(name) == -EINVAL ? -ENAMETOOLONG : PTR_ERR(name);
	err = __kmodlab_lookup(name, &nd, flags);
	kfree(name);
	if (err)
		return err;
	inode = nd.inode;
	if (!inode) {
		inode = kmodlab_synth_inode(&nd);
		if (!inode)
			return -ENOMEM;
	}
	/* may_open() */
	if (S_ISDIR(inode->i_mode) && (flags & O_ACCMODE) != O_RDONLY) {
		iput(inode);
		return -EISDIR;
	}
	f = kmodlab_dentry_open(inode, flags);
	if (IS_ERR(f)) {
		iput(inode);
		return PTR_ERR(f);
	}
	fd = kmodlab_fd_alloc(files, f);
	if (fd < 0)
		fput(f);
	return fd;
}

static long kmodlab_do_close(struct kmodlab_files *files, unsigned int fd)
{
	struct file *file = kmodlab_fd_pick(files, fd);

	if (!file)
		return -EBADF;
	return kmodlab_filp_close(file);
}

/*
 * The program's own loads and stores (what a process does with a pointer
 * mmap() returned): @n bytes from @src to @dst, user addresses both, through
 * the core's MMU with user permissions. Returns the bytes copied; fewer
 * than @n means the next byte faulted (the process's SIGSEGV).
 */
static long kmodlab_user_copy(u8 __user *dst, const u8 __user *src, unsigned long n)
{
	unsigned long i;
	u8 b;

	for (i = 0; i < n; i++) {
		if (get_user(b, src + i) || put_user(b, dst + i))
			break;
	}
	return i;
}

long kmodlab_user_main(struct kmodlab_uproc *p)
{
	struct kmodlab_files *files = p->files;
	long ret = 0, nr;

	while ((nr = __kmodlab_user_next(p, ret)) != KSYS_EXIT) {
		long *a = p->args;

		switch (nr) {
		case KSYS_OPENAT:
			ret = kmodlab_do_sys_open(files, (const char __user *)a[0], a[1]);
			break;
		case KSYS_CLOSE:
			ret = kmodlab_do_close(files, a[0]);
			break;
		case KSYS_READ:
			ret = kmodlab_sys_read(files, a[0], (char __user *)a[1], a[2]);
			break;
		case KSYS_WRITE:
			ret = kmodlab_sys_write(files, a[0], (const char __user *)a[1], a[2]);
			break;
		case KSYS_LSEEK:
			ret = kmodlab_sys_lseek(files, a[0], a[1], a[2]);
			break;
		case KSYS_IOCTL:
			ret = kmodlab_sys_ioctl(files, a[0], a[1], a[2]);
			break;
		case KSYS_POLL:
			ret = kmodlab_sys_poll(files, (struct pollfd __user *)a[0], a[1], a[2]);
			break;
		case KSYS_MMAP:
			/* arm64's sys_mmap(): the offset in bytes, a whole number of pages */
			ret = offset_in_page(a[4]) ? -EINVAL :
				kmodlab_sys_mmap(files, a[0], a[1], a[2], a[3], a[4] >> PAGE_SHIFT);
			break;
		case KSYS_MUNMAP:
			ret = kmodlab_sys_munmap(files, a[0], a[1]);
			break;
		case KSYS_UCOPY:
			ret = kmodlab_user_copy((u8 __user *)a[0], (const u8 __user *)a[1], a[2]);
			break;
		default:
			ret = -ENOSYS;
		}
	}
	return ret;
}

/* a process's descriptor table, and its last close */
struct kmodlab_files *kmodlab_files_alloc(void)
{
	struct kmodlab_files *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (files)
		spin_lock_init(&files->lock);
	return files;
}

long kmodlab_files_close_all(struct kmodlab_files *files)
{
	unsigned int fd;

	kmodlab_exit_mmap(files);
	for (fd = 0; fd < KMODLAB_NR_OPEN; fd++)
		kmodlab_do_close(files, fd);
	kfree(files);
	return 0;
}

/* for the TypeScript side (kernel/fs/process.ts), which allocates the tables */
const unsigned long kmodlab_files_size = sizeof(struct kmodlab_files);
const unsigned long kmodlab_files_fd_offset = offsetof(struct kmodlab_files, fd);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/inode.c (6.1), the part kmodlab's VFS needs: inodes of one pseudo
 * superblock, their reference count, and special (device) inodes.
 *
 * (C) 1997 Linus Torvalds
 */
#include "kmodlab.h"
/* fs/inode.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/backing-dev.h>
#include <linux/hash.h>
#include <linux/swap.h>
#include <linux/security.h>
#include <linux/cdev.h>
#include <linux/memblock.h>
#include <linux/fsnotify.h>
#include <linux/mount.h>
#include <linux/posix_acl.h>
#include <linux/prefetch.h>
#include <linux/buffer_head.h> /* for inode_has_buffers */
#include <linux/ratelimit.h>
#include <linux/list_lru.h>
#include <linux/iversion.h>
#include <trace/events/writeback.h>
#include "fs_internal.h"

/*
 * Every inode of kmodlab's namespace belongs to this one superblock: what
 * file systems would differ in (s_maxbytes, say) is the same for all.
 */
static struct super_block kmodlab_sb = {
	.s_maxbytes = MAX_LFS_FILESIZE,
	.s_blocksize = PAGE_SIZE,
	.s_blocksize_bits = PAGE_SHIFT,
};

static unsigned long last_ino;

struct inode *kmodlab_new_inode(unsigned int mode)
{
	struct inode *inode = kzalloc(sizeof(*inode), GFP_KERNEL);

	if (!inode)
		return NULL;
	inode->i_sb = &kmodlab_sb;
	inode->i_mode = mode;
	inode->i_ino = ++last_ino;
	atomic_set(&inode->i_count, 1);
	spin_lock_init(&inode->i_lock);
	init_rwsem(&inode->i_rwsem);
	INIT_LIST_HEAD(&inode->i_devices);
	inode->i_data.host = inode;
	inode->i_mapping = &inode->i_data;
	return inode;
}

void ihold(struct inode *inode)
{
	WARN_ON(atomic_inc_return(&inode->i_count) < 2);
}
EXPORT_SYMBOL(ihold);

void iput(struct inode *inode)
{
	if (!inode)
		return;
	if (!atomic_dec_and_test(&inode->i_count))
		return;
	/* evict(): what the inode's file system keeps for it (kernfs: its node) */
	if (inode->i_sb->s_op && inode->i_sb->s_op->evict_inode)
		inode->i_sb->s_op->evict_inode(inode);
	if (S_ISCHR(inode->i_mode) && inode->i_cdev)
		cd_forget(inode);
	kfree(inode);
}
EXPORT_SYMBOL(iput);

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	if (S_ISCHR(mode)) {
		inode->i_fop = &def_chr_fops;
		inode->i_rdev = rdev;
	} else if (S_ISFIFO(mode) || S_ISSOCK(mode) || S_ISBLK(mode)) {
		/* no block devices, pipes or sockets in the namespace yet */
		inode->i_rdev = rdev;
	} else
		printk(KERN_DEBUG "init_special_inode: bogus i_mode (%o) for inode %s:%lu\n",
		       mode, "kmodlab", inode->i_ino);
}
EXPORT_SYMBOL(init_special_inode);

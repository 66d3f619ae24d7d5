// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/kernfs/file.c (6.1): the file operations of kernfs nodes. Every call
 * into a node's kernfs_ops (and so into a sysfs show()/store()) is made
 * under an active reference; once the node is deactivated, open(), read()
 * and write() get -ENODEV. A seq_show() file is shown once into a page at
 * the first read (at offset 0), and later reads of the same open file are
 * served from that page, as seq_file's single_open() records are; write()
 * passes at most a page, NUL-terminated, to ->write().
 *
 * Copyright (c) 2001-3 Patrick Mochel
 * Copyright (c) 2007 SUSE Linux Products GmbH
 * Copyright (c) 2007, 2013 Tejun Heo <tj@kernel.org>
 */
#include "kmodlab.h"
/* fs/kernfs/file.c (6.1): its includes, in its order */
#include <linux/fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/poll.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/fsnotify.h>
#include <linux/uio.h>

#include "kernfs_internal.h"

static struct kernfs_of *kernfs_of(struct file *file)
{
	return file->private_data;
}

static ssize_t kernfs_fop_read(struct file *file, char __user *user_buf,
			       size_t count, loff_t *ppos)
{
	struct kernfs_of *ko = kernfs_of(file);
	struct kernfs_open_file *of = &ko->of;
	const struct kernfs_ops *ops;
	ssize_t len;
	char *buf;

	mutex_lock(&of->mutex);
	if (!kernfs_get_active(of->kn)) {
		len = -ENODEV;
		goto out_unlock;
	}
	ops = of->kn->attr.ops;
	if (ops->seq_show) {
		if (!ko->filled || *ppos == 0) {
			int err;

			ko->seq.count = 0;
			ko->filled = false;
			err = ops->seq_show(&ko->seq, NULL);
			if (err) {
				kernfs_put_active(of->kn);
				len = err;
				goto out_unlock;
			}
			ko->filled = true;
		}
		kernfs_put_active(of->kn);
		len = simple_read_from_buffer(user_buf, count, ppos,
					      ko->seq.buf, ko->seq.count);
		goto out_unlock;
	}

	len = min_t(size_t, count, PAGE_SIZE);
	buf = of->prealloc_buf ?: kmalloc(len, GFP_KERNEL);
	if (!buf) {
		kernfs_put_active(of->kn);
		len = -ENOMEM;
		goto out_unlock;
	}
	if (ops->read)
		len = ops->read(of, buf, len, *ppos);
	else
		len = -EINVAL;
	kernfs_put_active(of->kn);
	if (len > 0) {
		if (copy_to_user(user_buf, buf, len))
			len = -EFAULT;
		else
			*ppos += len;
	}
	if (buf != of->prealloc_buf)
		kfree(buf);
out_unlock:
	mutex_unlock(&of->mutex);
	return len;
}

static ssize_t kernfs_fop_write(struct file *file, const char __user *user_buf,
				size_t count, loff_t *ppos)
{
	struct kernfs_open_file *of = &kernfs_of(file)->of;
	const struct kernfs_ops *ops;
	ssize_t len;
	char *buf;

	if (of->atomic_write_len) {
		if (count > of->atomic_write_len)
			return -E2BIG;
		len = count;
	} else {
		len = min_t(size_t, count, PAGE_SIZE);
	}

	buf = kmalloc(len + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, user_buf, len)) {
		len = -EFAULT;
		goto out_free;
	}
	buf[len] = '\0';	/* guarantee string termination */

	/*
	 * @of->mutex nests outside active ref and is used both to ensure that
	 * the ops aren't called concurrently for the same open file.
	 */
	mutex_lock(&of->mutex);
	if (!kernfs_get_active(of->kn)) {
		mutex_unlock(&of->mutex);
		len = -ENODEV;
		goto out_free;
	}

	ops = of->kn->attr.ops;
	if (ops->write)
		len = ops->write(of, buf, len, *ppos);
	else
		len = -EINVAL;

	kernfs_put_active(of->kn);
	mutex_unlock(&of->mutex);

	if (len > 0)
		*ppos += len;
out_free:
	kfree(buf);
	return len;
}

static int kernfs_fop_open(struct inode *inode, struct file *file)
{
	struct kernfs_node *kn = inode->i_private;
	const struct kernfs_ops *ops;
	struct kernfs_of *ko;
	bool has_read, has_write;
	int error = -EACCES;

	if (!kernfs_get_active(kn))
		return -ENODEV;

	ops = kn->attr.ops;

	has_read = ops->seq_show || ops->read || ops->mmap;
	has_write = ops->write || ops->mmap;

	/* see the flag definition for details */
	if (kernfs_root(kn)->flags & KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK) {
		if ((file->f_mode & FMODE_WRITE) &&
		    (!(inode->i_mode & S_IWUGO) || !has_write))
			goto err_out;

		if ((file->f_mode & FMODE_READ) &&
		    (!(inode->i_mode & S_IRUGO) || !has_read))
			goto err_out;
	}

	error = -ENOMEM;
	ko = kzalloc(sizeof(*ko), GFP_KERNEL);
	if (!ko)
		goto err_out;
	mutex_init(&ko->of.mutex);
	mutex_init(&ko->of.prealloc_mutex);
	ko->of.kn = kn;
	ko->of.file = file;
	ko->of.atomic_write_len = ops->atomic_write_len;
	if (ops->prealloc) {
		ko->of.prealloc_buf = kmalloc(PAGE_SIZE + 1, GFP_KERNEL);
		if (!ko->of.prealloc_buf)
			goto err_free;
	}
	if (ops->seq_show) {
		ko->seq.buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
		if (!ko->seq.buf)
			goto err_free;
		ko->seq.size = PAGE_SIZE;
		mutex_init(&ko->seq.lock);
		ko->seq.file = file;
		ko->seq.private = &ko->of;
		ko->of.seq_file = &ko->seq;
	}
	file->private_data = ko;

	if (ops->open) {
		error = ops->open(&ko->of);
		if (error)
			goto err_free;
	}
	kernfs_put_active(kn);
	return 0;

err_free:
	kfree(ko->seq.buf);
	kfree(ko->of.prealloc_buf);
	kfree(ko);
	file->private_data = NULL;
err_out:
	kernfs_put_active(kn);
	return error;
}

/*
 * Linux calls ->release() of files still open when their node is removed
 * (kernfs_drain_open_files()); here it runs at the last close while the
 * node is active, and not at all for a node already removed.
 */
static int kernfs_fop_release(struct inode *inode, struct file *filp)
{
	struct kernfs_of *ko = kernfs_of(filp);
	struct kernfs_node *kn = ko->of.kn;

	if ((kn->flags & KERNFS_HAS_RELEASE) && kernfs_get_active(kn)) {
		kn->attr.ops->release(&ko->of);
		kernfs_put_active(kn);
	}
	kfree(ko->seq.buf);
	kfree(ko->of.prealloc_buf);
	kfree(ko);
	return 0;
}

static loff_t kernfs_fop_llseek(struct file *file, loff_t offset, int whence)
{
	return generic_file_llseek(file, offset, whence);
}

/*
 * kernfs_notify(): Linux wakes poll() waiters of the node and tells
 * fsnotify; kmodlab's VFS has neither poll(2) nor inotify, so there is
 * nobody to tell yet.
 */
void kernfs_notify(struct kernfs_node *kn)
{
	if (WARN_ON(kernfs_type(kn) != KERNFS_FILE))
		return;
}

const struct file_operations kernfs_file_fops = {
	.read		= kernfs_fop_read,
	.write		= kernfs_fop_write,
	.llseek		= kernfs_fop_llseek,
	.open		= kernfs_fop_open,
	.release	= kernfs_fop_release,
};

const struct file_operations kernfs_dir_fops = {
	.read		= generic_read_dir,
	.llseek		= generic_file_llseek,
};

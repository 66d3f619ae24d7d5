// SPDX-License-Identifier: GPL-2.0
/*
 * The files the TypeScript kernel makes (kernel/fs.ts: /proc/modules,
 * /proc/kallsyms, /sys/module/...), as files of kmodlab's VFS: the contents
 * are made once at open, as a seq_file's single_open() would show them, and
 * read from that copy. Module parameters (/sys/module/M/parameters/P) are
 * kernel/params.c's param_attr_show()/param_attr_store(): the parameter's
 * own ops, run here on the reader's core.
 */
#include "kmodlab.h"
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>
#include <linux/err.h>
#include "fs_internal.h"

static int synth_open(struct inode *inode, struct file *file)
{
	struct kmodlab_synth *s = kzalloc(sizeof(*s), GFP_KERNEL);
	long err;

	if (!s)
		return -ENOMEM;
	err = __kmodlab_synth_open((long)inode->i_private, s, file->f_flags);
	if (err) {
		kfree(s);
		return err;
	}
	file->private_data = s;
	return 0;
}

static ssize_t synth_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct kmodlab_synth *s = file->private_data;

	return simple_read_from_buffer(buf, count, ppos, s->buf, s->len);
}

static ssize_t synth_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	return __kmodlab_synth_write((long)file_inode(file)->i_private, NULL, count);
}

static loff_t synth_llseek(struct file *file, loff_t offset, int whence)
{
	struct kmodlab_synth *s = file->private_data;

	return fixed_size_llseek(file, offset, whence, s->len);
}

static int synth_release(struct inode *inode, struct file *file)
{
	struct kmodlab_synth *s = file->private_data;

	kfree(s->buf);
	kfree(s);
	return 0;
}

static const struct file_operations synth_file_fops = {
	.open		= synth_open,
	.read		= synth_read,
	.write		= synth_write,
	.llseek		= synth_llseek,
	.release	= synth_release,
};

static const struct file_operations synth_dir_fops = {
	.read		= generic_read_dir,
	.llseek		= generic_file_llseek,
};

/* param_attr_show(): the value at open, through the parameter's ops->get */
static int param_open(struct inode *inode, struct file *file)
{
	const struct kernel_param *kp = inode->i_private;
	struct kmodlab_synth *s;
	int count;

	if ((file->f_mode & FMODE_WRITE) && !(kp->perm & 0222))
		return -EACCES;
	if ((file->f_mode & FMODE_READ) && !(kp->perm & 0444))
		return -EACCES;
	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	file->private_data = s;
	if (!(file->f_mode & FMODE_READ))
		return 0;
	s->buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	if (!s->buf) {
		kfree(s);
		return -ENOMEM;
	}
	count = kmodlab_param_attr_show(kp, s->buf);
	if (count < 0) {
		kfree(s->buf);
		kfree(s);
		return count;
	}
	s->len = count;
	return 0;
}

/* param_attr_store(): each write() is one store, through ops->set */
static ssize_t param_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	const struct kernel_param *kp = file_inode(file)->i_private;
	char *val;
	int err;

	if (len >= PAGE_SIZE)
		return -EINVAL;
	val = memdup_user_nul(buf, len);
	if (IS_ERR(val))
		return PTR_ERR(val);
	err = kmodlab_param_attr_store(kp, val);
	kfree(val);
	return err ? err : len;
}

static const struct file_operations param_fops = {
	.open		= param_open,
	.read		= synth_read,
	.write		= param_write,
	.llseek		= synth_llseek,
	.release	= synth_release,
};

/* an inode for what a lookup found that has none of its own */
struct inode *kmodlab_synth_inode(struct kmodlab_nameidata *nd)
{
	struct inode *inode = kmodlab_new_inode(nd->mode);

	if (!inode)
		return NULL;
	if (nd->param) {
		inode->i_fop = &param_fops;
		inode->i_private = (void *)nd->param;
	} else {
		inode->i_fop = S_ISDIR(nd->mode) ? &synth_dir_fops : &synth_file_fops;
		inode->i_private = (void *)nd->synth;
	}
	return inode;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * procfs.c: /proc files the ways LKMPG's procfs chapters make them in 6.x --
 * a directory (proc_mkdir), a file with its own proc_ops that keeps what is
 * written to it (copy_from_user into a buffer, read back with
 * simple_read_from_buffer), a single_open() file and a seq_file that walks
 * a sequence of records.
 *
 *   insmod procfs.ko items=5
 *   echo hello > /proc/kmodlab/buffer; cat /proc/kmodlab/buffer
 *   cat /proc/kmodlab/stats /proc/kmodlab/squares
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#define BUF_SIZE 128

static int items = 4;
module_param(items, int, 0444);
MODULE_PARM_DESC(items, "How many records /proc/kmodlab/squares shows (default 4)");

static struct proc_dir_entry *dir;
static char buffer[BUF_SIZE];
static size_t buffer_len;
static unsigned long reads, writes;
static DEFINE_MUTEX(lock);

static ssize_t buffer_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	ssize_t n;

	mutex_lock(&lock);
	n = simple_read_from_buffer(ubuf, count, ppos, buffer, buffer_len);
	if (n > 0)
		reads++;
	mutex_unlock(&lock);
	return n;
}

static ssize_t buffer_write(struct file *file, const char __user *ubuf, size_t count, loff_t *ppos)
{
	if (count > BUF_SIZE)
		count = BUF_SIZE;
	mutex_lock(&lock);
	if (copy_from_user(buffer, ubuf, count)) {
		mutex_unlock(&lock);
		return -EFAULT;
	}
	buffer_len = count;
	writes++;
	mutex_unlock(&lock);
	pr_info("buffer: %zu bytes written\n", count);
	return count;
}

static const struct proc_ops buffer_ops = {
	.proc_read = buffer_read,
	.proc_write = buffer_write,
	.proc_lseek = default_llseek,
};

static int stats_show(struct seq_file *m, void *v)
{
	mutex_lock(&lock);
	seq_printf(m, "reads %lu\nwrites %lu\nbytes %zu\n", reads, writes, buffer_len);
	mutex_unlock(&lock);
	return 0;
}

static void *squares_start(struct seq_file *m, loff_t *pos)
{
	return *pos < items ? pos : NULL;
}

static void *squares_next(struct seq_file *m, void *v, loff_t *pos)
{
	(*pos)++;
	return *pos < items ? pos : NULL;
}

static void squares_stop(struct seq_file *m, void *v)
{
}

static int squares_show(struct seq_file *m, void *v)
{
	loff_t n = *(loff_t *)v;

	seq_printf(m, "%lld squared is %lld\n", n, n * n);
	return 0;
}

static const struct seq_operations squares_ops = {
	.start = squares_start,
	.next = squares_next,
	.stop = squares_stop,
	.show = squares_show,
};

static int __init procfs_init(void)
{
	dir = proc_mkdir("kmodlab", NULL);
	if (!dir)
		return -ENOMEM;
	if (!proc_create("buffer", 0644, dir, &buffer_ops) ||
	    !proc_create_single("stats", 0444, dir, stats_show) ||
	    !proc_create_seq("squares", 0444, dir, &squares_ops)) {
		proc_remove(dir);
		return -ENOMEM;
	}
	pr_info("/proc/kmodlab created\n");
	return 0;
}

static void __exit procfs_exit(void)
{
	proc_remove(dir);
	pr_info("/proc/kmodlab removed\n");
}

module_init(procfs_init);
module_exit(procfs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("/proc files: proc_ops, single_open and seq_file (LKMPG style)");

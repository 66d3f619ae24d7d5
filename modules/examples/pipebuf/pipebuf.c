// SPDX-License-Identifier: GPL-2.0
/*
 * pipebuf.c: a misc device that behaves like a pipe, the way LDD3's
 * scullpipe teaches blocking I/O: a reader with nothing to read sleeps on a
 * wait queue until a writer brings bytes (or gets -EAGAIN with O_NONBLOCK);
 * a writer with no room sleeps until a reader makes some. poll() reports
 * EPOLLIN when there are bytes and EPOLLOUT when there is room, and wakes a
 * poller when that changes.
 *
 *   insmod pipebuf.ko size=64
 *   spawn r cpu=1 poll p in        # sleeps in poll()
 *   write w hello                  # wakes it: poll => 1: POLLIN|POLLRDNORM
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

static int size = 64;
module_param(size, int, 0444);
MODULE_PARM_DESC(size, "Bytes the pipe holds (default 64)");

static char *ring;
static size_t head, count;	/* next byte to read; bytes held */
static DEFINE_MUTEX(lock);
static DECLARE_WAIT_QUEUE_HEAD(readers);
static DECLARE_WAIT_QUEUE_HEAD(writers);

static ssize_t pipebuf_read(struct file *file, char __user *buf, size_t len, loff_t *ppos)
{
	size_t n, first;

	if (mutex_lock_interruptible(&lock))
		return -ERESTARTSYS;
	while (!count) {
		mutex_unlock(&lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(readers, count != 0))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&lock))
			return -ERESTARTSYS;
	}
	n = min(len, count);
	first = min(n, size - head);
	if (copy_to_user(buf, ring + head, first) ||
	    copy_to_user(buf + first, ring, n - first)) {
		mutex_unlock(&lock);
		return -EFAULT;
	}
	head = (head + n) % size;
	count -= n;
	mutex_unlock(&lock);
	wake_up_interruptible(&writers);
	return n;
}

static ssize_t pipebuf_write(struct file *file, const char __user *buf, size_t len, loff_t *ppos)
{
	size_t n, tail, first;

	if (mutex_lock_interruptible(&lock))
		return -ERESTARTSYS;
	while (count == size) {
		mutex_unlock(&lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(writers, count < size))
			return -ERESTARTSYS;
		if (mutex_lock_interruptible(&lock))
			return -ERESTARTSYS;
	}
	n = min(len, size - count);
	tail = (head + count) % size;
	first = min(n, size - tail);
	if (copy_from_user(ring + tail, buf, first) ||
	    copy_from_user(ring, buf + first, n - first)) {
		mutex_unlock(&lock);
		return -EFAULT;
	}
	count += n;
	mutex_unlock(&lock);
	wake_up_interruptible(&readers);
	return n;
}

static __poll_t pipebuf_poll(struct file *file, poll_table *wait)
{
	__poll_t mask = 0;

	poll_wait(file, &readers, wait);
	poll_wait(file, &writers, wait);
	mutex_lock(&lock);
	if (count)
		mask |= EPOLLIN | EPOLLRDNORM;
	if (count < size)
		mask |= EPOLLOUT | EPOLLWRNORM;
	mutex_unlock(&lock);
	return mask;
}

static const struct file_operations pipebuf_fops = {
	.owner = THIS_MODULE,
	.read = pipebuf_read,
	.write = pipebuf_write,
	.poll = pipebuf_poll,
	.llseek = no_llseek,
};

static struct miscdevice pipebuf_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "pipebuf",
	.fops = &pipebuf_fops,
	.mode = 0666,
};

static int __init pipebuf_init(void)
{
	int err;

	if (size < 1 || size > 65536) {
		pr_err("size=%d: expected 1..65536\n", size);
		return -EINVAL;
	}
	ring = kzalloc(size, GFP_KERNEL);
	if (!ring)
		return -ENOMEM;
	err = misc_register(&pipebuf_dev);
	if (err) {
		kfree(ring);
		return err;
	}
	pr_info("/dev/%s holds %d bytes\n", pipebuf_dev.name, size);
	return 0;
}

static void __exit pipebuf_exit(void)
{
	misc_deregister(&pipebuf_dev);
	kfree(ring);
}

module_init(pipebuf_init);
module_exit(pipebuf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A pipe as a misc device: blocking read and write, poll");

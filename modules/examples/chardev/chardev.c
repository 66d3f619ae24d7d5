// SPDX-License-Identifier: GPL-2.0
/*
 * chardev.c: a character device the way LKMPG's chapter on device files
 * builds one -- a dynamic major from register_chrdev(), a class and a
 * /dev/chardev node from device_create(), one opener at a time, and a read
 * that tells how many times the device has been opened.
 *
 *   insmod chardev.ko; cat /dev/chardev; rmmod chardev
 *
 * The file_operations name THIS_MODULE as owner: while /dev/chardev is
 * open, the VFS holds a reference on the module and rmmod says it is in use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/types.h>
#include <linux/uaccess.h>

#define DEVICE_NAME "chardev"
#define MSG_LEN 80

enum { DEV_FREE = 0, DEV_BUSY = 1 };

static int major;
static atomic_t state = ATOMIC_INIT(DEV_FREE);
static char msg[MSG_LEN];
static int opened;
static struct class *cls;

static int device_open(struct inode *inode, struct file *file)
{
	if (atomic_cmpxchg(&state, DEV_FREE, DEV_BUSY))
		return -EBUSY;
	snprintf(msg, sizeof(msg), "I already told you %d times Hello world!\n", opened++);
	return 0;
}

static int device_release(struct inode *inode, struct file *file)
{
	atomic_set(&state, DEV_FREE);
	return 0;
}

static ssize_t device_read(struct file *file, char __user *buf, size_t len, loff_t *off)
{
	size_t n = strlen(msg);

	if (*off >= n)
		return 0;
	if (len > n - *off)
		len = n - *off;
	if (copy_to_user(buf, msg + *off, len))
		return -EFAULT;
	*off += len;
	return len;
}

static ssize_t device_write(struct file *file, const char __user *buf, size_t len, loff_t *off)
{
	pr_alert("Sorry, this operation is not supported.\n");
	return -EINVAL;
}

static const struct file_operations chardev_fops = {
	.owner = THIS_MODULE,
	.open = device_open,
	.release = device_release,
	.read = device_read,
	.write = device_write,
};

static int __init chardev_init(void)
{
	struct device *dev;

	major = register_chrdev(0, DEVICE_NAME, &chardev_fops);
	if (major < 0) {
		pr_alert("Registering char device failed with %d\n", major);
		return major;
	}
	pr_info("I was assigned major number %d.\n", major);

	cls = class_create(THIS_MODULE, DEVICE_NAME);
	if (IS_ERR(cls)) {
		unregister_chrdev(major, DEVICE_NAME);
		return PTR_ERR(cls);
	}
	dev = device_create(cls, NULL, MKDEV(major, 0), NULL, DEVICE_NAME);
	if (IS_ERR(dev)) {
		class_destroy(cls);
		unregister_chrdev(major, DEVICE_NAME);
		return PTR_ERR(dev);
	}
	pr_info("Device created on /dev/%s\n", DEVICE_NAME);
	return 0;
}

static void __exit chardev_exit(void)
{
	device_destroy(cls, MKDEV(major, 0));
	class_destroy(cls);
	unregister_chrdev(major, DEVICE_NAME);
}

module_init(chardev_init);
module_exit(chardev_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A character device that counts its openers (LKMPG style)");

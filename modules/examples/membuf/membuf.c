// SPDX-License-Identifier: GPL-2.0
/*
 * membuf.c: a misc device holding a buffer, as LDD3's scull keeps its
 * data: read and write at the file position, llseek over the buffer's size,
 * and ioctls that return its size, clear it and copy a struct from user
 * space. Bad user pointers come back as -EFAULT; unknown ioctls as -ENOTTY.
 *
 *   insmod membuf.ko size=256
 *   echo hello > /dev/membuf; cat /dev/membuf
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/ioctl.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define MEMBUF_IOC_MAGIC	'm'
#define MEMBUF_GETSIZE		_IOR(MEMBUF_IOC_MAGIC, 1, int)
#define MEMBUF_CLEAR		_IO(MEMBUF_IOC_MAGIC, 2)
struct membuf_fill {
	__u32 offset;
	__u8 byte;
	__u8 count;
};
#define MEMBUF_FILL		_IOW(MEMBUF_IOC_MAGIC, 3, struct membuf_fill)

static int size = 4096;
module_param(size, int, 0444);
MODULE_PARM_DESC(size, "Bytes the device holds (default 4096)");

static char *data;
static size_t used;
static DEFINE_MUTEX(lock);

static ssize_t membuf_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&lock);
	ret = simple_read_from_buffer(buf, count, ppos, data, used);
	mutex_unlock(&lock);
	return ret;
}

static ssize_t membuf_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	ssize_t ret;

	if (*ppos >= size)
		return -ENOSPC;
	mutex_lock(&lock);
	ret = simple_write_to_buffer(data, size, ppos, buf, count);
	if (ret > 0 && *ppos > used)
		used = *ppos;
	mutex_unlock(&lock);
	return ret;
}

static loff_t membuf_llseek(struct file *file, loff_t off, int whence)
{
	return fixed_size_llseek(file, off, whence, size);
}

static long membuf_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct membuf_fill f;

	switch (cmd) {
	case MEMBUF_GETSIZE:
		return put_user(size, (int __user *)arg);
	case MEMBUF_CLEAR:
		mutex_lock(&lock);
		memset(data, 0, size);
		used = 0;
		mutex_unlock(&lock);
		return 0;
	case MEMBUF_FILL:
		if (copy_from_user(&f, (void __user *)arg, sizeof(f)))
			return -EFAULT;
		if (f.offset >= size || f.count > size - f.offset)
			return -EINVAL;
		mutex_lock(&lock);
		memset(data + f.offset, f.byte, f.count);
		if (f.offset + f.count > used)
			used = f.offset + f.count;
		mutex_unlock(&lock);
		return f.count;
	}
	return -ENOTTY;
}

static const struct file_operations membuf_fops = {
	.owner = THIS_MODULE,
	.read = membuf_read,
	.write = membuf_write,
	.llseek = membuf_llseek,
	.unlocked_ioctl = membuf_ioctl,
};

static struct miscdevice membuf_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "membuf",
	.fops = &membuf_fops,
	.mode = 0666,
};

static int __init membuf_init(void)
{
	int err;

	if (size <= 0)
		return -EINVAL;
	data = kzalloc(size, GFP_KERNEL);
	if (!data)
		return -ENOMEM;
	err = misc_register(&membuf_dev);
	if (err) {
		kfree(data);
		return err;
	}
	pr_info("/dev/%s: %d bytes, minor %d\n", membuf_dev.name, size, membuf_dev.minor);
	return 0;
}

static void __exit membuf_exit(void)
{
	misc_deregister(&membuf_dev);
	kfree(data);
}

module_init(membuf_init);
module_exit(membuf_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A misc device holding a buffer (LDD3 scull style)");

// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs_demo: a directory in /sys/kernel/debug with the helpers' files
 * and one of its own:
 *
 *   /sys/kernel/debug/debugfs_demo/counter  (0644) a u32 (debugfs_create_u32)
 *   /sys/kernel/debug/debugfs_demo/enabled  (0644) a bool (debugfs_create_bool)
 *   /sys/kernel/debug/debugfs_demo/hits     (0444) a u64 nobody may write
 *   /sys/kernel/debug/debugfs_demo/message  (0644) a custom file: reading it
 *        tells how often it was read; writing stores a line (up to 63 bytes)
 *
 * read_delay_ms= makes every read of message sleep that long first, so a
 * reader can be caught inside it by rmmod.
 */
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/uaccess.h>

static struct dentry *dir;
static u32 counter = 42;
static bool enabled = true;
static u64 hits;
static char message[64] = "hello debugfs\n";
static DEFINE_MUTEX(message_lock);

static unsigned int read_delay_ms;
module_param(read_delay_ms, uint, 0444);
MODULE_PARM_DESC(read_delay_ms, "milliseconds every read of message sleeps first");

static ssize_t message_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	char text[96];
	int len;

	if (read_delay_ms)
		msleep(read_delay_ms);
	mutex_lock(&message_lock);
	if (*ppos == 0)
		hits++;
	len = scnprintf(text, sizeof(text), "%s(read %llu times)\n", message, hits);
	mutex_unlock(&message_lock);
	return simple_read_from_buffer(buf, count, ppos, text, len);
}

static ssize_t message_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	if (count >= sizeof(message))
		return -EINVAL;
	mutex_lock(&message_lock);
	if (copy_from_user(message, buf, count)) {
		mutex_unlock(&message_lock);
		return -EFAULT;
	}
	message[count] = '\0';
	mutex_unlock(&message_lock);
	return count;
}

static const struct file_operations message_fops = {
	.owner = THIS_MODULE,
	.read = message_read,
	.write = message_write,
	.llseek = default_llseek,
};

static int __init debugfs_demo_init(void)
{
	dir = debugfs_create_dir("debugfs_demo", NULL);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	debugfs_create_u32("counter", 0644, dir, &counter);
	debugfs_create_bool("enabled", 0644, dir, &enabled);
	debugfs_create_u64("hits", 0444, dir, &hits);
	debugfs_create_file("message", 0644, dir, NULL, &message_fops);
	return 0;
}

static void __exit debugfs_demo_exit(void)
{
	/* waits for the reads and writes in flight; files still open get -EIO afterwards */
	debugfs_remove_recursive(dir);
}

module_init(debugfs_demo_init);
module_exit(debugfs_demo_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("debugfs files: a u32, a bool, a read-only u64 and a file of its own");

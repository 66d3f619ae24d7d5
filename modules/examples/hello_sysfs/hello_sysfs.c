// SPDX-License-Identifier: GPL-2.0
/*
 * hello_sysfs: a kobject of its own under /sys/kernel with two attributes,
 * as LKMPG's chapter on sysfs teaches:
 *
 *   /sys/kernel/mymodule/myvariable  (0660) an int, read and written
 *   /sys/kernel/mymodule/writes      (0444) how many stores succeeded
 *
 * show_delay_ms= makes every show() sleep that long first: long enough to
 * race a reader against rmmod and watch kobject_put() wait for it.
 */
#include <linux/delay.h>
#include <linux/init.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/sysfs.h>

static struct kobject *mymodule;
static int myvariable;
static unsigned int writes;

static unsigned int show_delay_ms;
module_param(show_delay_ms, uint, 0444);
MODULE_PARM_DESC(show_delay_ms, "milliseconds every show() sleeps first");

static ssize_t myvariable_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	if (show_delay_ms)
		msleep(show_delay_ms);
	return sysfs_emit(buf, "%d\n", myvariable);
}

static ssize_t myvariable_store(struct kobject *kobj, struct kobj_attribute *attr,
				const char *buf, size_t count)
{
	int val, err;

	/* kstrtoint() takes the trailing newline echo writes, and nothing else */
	err = kstrtoint(buf, 10, &val);
	if (err)
		return err;
	myvariable = val;
	writes++;
	return count;
}

static ssize_t writes_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", writes);
}

static struct kobj_attribute myvariable_attribute =
	__ATTR(myvariable, 0660, myvariable_show, myvariable_store);
static struct kobj_attribute writes_attribute = __ATTR_RO(writes);

static struct attribute *mymodule_attrs[] = {
	&myvariable_attribute.attr,
	&writes_attribute.attr,
	NULL,
};

static const struct attribute_group mymodule_group = {
	.attrs = mymodule_attrs,
};

static int __init hello_sysfs_init(void)
{
	int err;

	mymodule = kobject_create_and_add("mymodule", kernel_kobj);
	if (!mymodule)
		return -ENOMEM;

	err = sysfs_create_group(mymodule, &mymodule_group);
	if (err) {
		pr_err("failed to create the attributes in /sys/kernel/mymodule\n");
		kobject_put(mymodule);
		return err;
	}
	pr_info("hello_sysfs: /sys/kernel/mymodule ready\n");
	return 0;
}

static void __exit hello_sysfs_exit(void)
{
	/* waits for every show() and store() still running, then the directory is gone */
	kobject_put(mymodule);
	pr_info("hello_sysfs: /sys/kernel/mymodule removed\n");
}

module_init(hello_sysfs_init);
module_exit(hello_sysfs_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A kobject and its attributes in /sys/kernel");

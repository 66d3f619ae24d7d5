// SPDX-License-Identifier: GPL-2.0
/*
 * demofs.c: a filesystem, the interface seed 004 holds up as the model of
 * Rule #1. Its file_system_type names .owner = THIS_MODULE, so the kernel
 * takes a reference on this module when a mount starts and drops it after
 * the unmount: while demofs is mounted, rmmod says "in use", and ->statfs is
 * called with no reference of its own ("batching at mount/unmount").
 *
 * Parameters, to replay seed 000's init-failure story:
 *   probe_ms=N        init probes its "device" for N ms (sleeping)
 *   fail=1            ... and finds none: init returns -ENODEV
 *   register_early=1  the bug: register the filesystem *before* the probe, so
 *                     it can be mounted while init may still fail
 *   statfs_ms=N       ->statfs waits N ms for the device (sleeps in the module)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/fs.h>
#include <linux/statfs.h>
#include <linux/delay.h>
#include <linux/atomic.h>

#define DEMOFS_MAGIC	0x64656d6f	/* "demo" */

static unsigned int probe_ms;
module_param(probe_ms, uint, 0444);
MODULE_PARM_DESC(probe_ms, "Milliseconds init spends probing its device");

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "The probe finds no device: init fails with -ENODEV");

static bool register_early;
module_param(register_early, bool, 0444);
MODULE_PARM_DESC(register_early, "Register the filesystem before the probe (the bug)");

static unsigned int statfs_ms;
module_param(statfs_ms, uint, 0444);
MODULE_PARM_DESC(statfs_ms, "Milliseconds statfs waits for the device");

static atomic_t statfs_calls = ATOMIC_INIT(0);

static int demofs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	if (statfs_ms)
		msleep(statfs_ms);
	buf->f_type = DEMOFS_MAGIC;
	buf->f_bsize = 4096;
	buf->f_files = atomic_inc_return(&statfs_calls);
	return 0;
}

static void demofs_put_super(struct super_block *sb)
{
	pr_info("unmounted\n");
}

static const struct super_operations demofs_sops = {
	.statfs		= demofs_statfs,
	.put_super	= demofs_put_super,
};

static int demofs_fill_super(struct super_block *sb, void *data, int silent)
{
	sb->s_magic = DEMOFS_MAGIC;
	sb->s_op = &demofs_sops;
	pr_info("mounted (module %s)\n",
		THIS_MODULE->state == MODULE_STATE_COMING ? "still initialising" : "live");
	return 0;
}

static struct dentry *demofs_mount(struct file_system_type *fs_type,
				   int flags, const char *dev_name, void *data)
{
	return mount_nodev(fs_type, flags, data, demofs_fill_super);
}

static struct file_system_type demofs_type = {
	.owner		= THIS_MODULE,
	.name		= "demofs",
	.mount		= demofs_mount,
	.kill_sb	= kill_anon_super,
};

static int demofs_probe(void)
{
	if (probe_ms)
		msleep(probe_ms);
	if (fail) {
		pr_err("no device found\n");
		return -ENODEV;
	}
	return 0;
}

static int __init demofs_init(void)
{
	int err;

	if (register_early) {
		/* The bug: from here on the filesystem can be mounted... */
		err = register_filesystem(&demofs_type);
		if (err)
			return err;
		err = demofs_probe();
		if (err)
			/* ...and a mount that already happened keeps pointing in here. */
			unregister_filesystem(&demofs_type);
		return err;
	}
	/* The rule: everything that can fail first, the interface last. */
	err = demofs_probe();
	if (err)
		return err;
	return register_filesystem(&demofs_type);
}

static void __exit demofs_exit(void)
{
	unregister_filesystem(&demofs_type);
	pr_info("unregistered after %d statfs call(s)\n", atomic_read(&statfs_calls));
}

module_init(demofs_init);
module_exit(demofs_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A filesystem with an owner: Rule #1, reference batched at mount/unmount");

// SPDX-License-Identifier: GPL-2.0
/*
 * sloppy.c: two mistakes of module exit code that Linux warns about, made
 * on purpose:
 *
 *  - remove_proc_entry() of a /proc directory that still has an entry in
 *    it (the module forgot the file): "removing non-empty directory ...,
 *    leaking at least ..." -- the file's memory stays allocated for good;
 *  - a static struct platform_device without a .dev.release: unregistering
 *    it drops the last reference to a device nobody can free, and the
 *    driver core says "does not have a release() function, it is broken".
 *
 * The fixes: proc_remove() (or remove_proc_subtree()), and
 * platform_device_register_simple()/platform_device_alloc(), whose devices
 * come with their release.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

static struct proc_dir_entry *dir;

static int state_show(struct seq_file *m, void *v)
{
	seq_puts(m, "sloppy\n");
	return 0;
}

/* no .dev.release: the mistake */
static struct platform_device sloppy_dev = {
	.name = "sloppy",
	.id = PLATFORM_DEVID_NONE,
};

static int __init sloppy_init(void)
{
	int err;

	dir = proc_mkdir("sloppy", NULL);
	if (!dir)
		return -ENOMEM;
	if (!proc_create_single("state", 0444, dir, state_show)) {
		proc_remove(dir);
		return -ENOMEM;
	}
	err = platform_device_register(&sloppy_dev);
	if (err) {
		proc_remove(dir);
		return err;
	}
	return 0;
}

static void __exit sloppy_exit(void)
{
	platform_device_unregister(&sloppy_dev);
	/* the directory, but not the file in it: the other mistake */
	remove_proc_entry("sloppy", NULL);
}

module_init(sloppy_init);
module_exit(sloppy_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Exit code that leaves a /proc entry and a device without release(), for Linux's warnings");

// SPDX-License-Identifier: GPL-2.0
/*
 * failinit.c: a module whose init fails. It allocates (kmalloc and vmalloc),
 * cleans up after itself as init functions must, and returns -ENODEV: the
 * loader frees the module and insmod reports "No such device".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/string.h>

static int __init failinit_init(void)
{
	char *small;
	void *big;
	int err = -ENODEV;

	small = kmalloc(128, GFP_KERNEL);
	if (!small)
		return -ENOMEM;

	big = vmalloc(4 * PAGE_SIZE);
	if (!big) {
		err = -ENOMEM;
		goto out_small;
	}
	memset(big, 0x5a, 4 * PAGE_SIZE);
	strscpy(small, "probing for a device that is not there", 128);

	pr_err("%s: no device found\n", small);

	vfree(big);
out_small:
	kfree(small);
	return err;
}

static void __exit failinit_exit(void)
{
	pr_info("never called\n");
}

module_init(failinit_init);
module_exit(failinit_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module whose init fails with -ENODEV");

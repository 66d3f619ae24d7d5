// SPDX-License-Identifier: GPL-2.0
/*
 * platdev.c: the board side of platdrv -- the platform devices a board
 * file would declare, each with an interrupt resource: "platdemo.0" and
 * "platdemo-v2.1" from platform_device_register_simple(), and one built with
 * platform_device_alloc()/platform_device_add() without an IRQ, whose probe
 * fails. Unloading unregisters them; a bound driver's remove() runs first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ioport.h>
#include <linux/module.h>
#include <linux/platform_device.h>

static struct platform_device *devs[3];

static int __init platdev_init(void)
{
	struct resource irq0 = DEFINE_RES_IRQ(40);
	struct resource irq1 = DEFINE_RES_IRQ(41);
	int err;

	devs[0] = platform_device_register_simple("platdemo", 0, &irq0, 1);
	if (IS_ERR(devs[0]))
		return PTR_ERR(devs[0]);
	devs[1] = platform_device_register_simple("platdemo-v2", 1, &irq1, 1);
	if (IS_ERR(devs[1])) {
		err = PTR_ERR(devs[1]);
		goto fail1;
	}
	devs[2] = platform_device_alloc("platdemo", PLATFORM_DEVID_AUTO);
	if (!devs[2]) {
		err = -ENOMEM;
		goto fail2;
	}
	err = platform_device_add(devs[2]);
	if (err) {
		platform_device_put(devs[2]);
		goto fail2;
	}
	pr_info("registered %s, %s and %s\n", dev_name(&devs[0]->dev),
		dev_name(&devs[1]->dev), dev_name(&devs[2]->dev));
	return 0;

fail2:
	platform_device_unregister(devs[1]);
fail1:
	platform_device_unregister(devs[0]);
	return err;
}

static void __exit platdev_exit(void)
{
	int i;

	for (i = ARRAY_SIZE(devs) - 1; i >= 0; i--)
		platform_device_unregister(devs[i]);
	pr_info("unregistered\n");
}

module_init(platdev_init);
module_exit(platdev_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Platform devices for platdrv");

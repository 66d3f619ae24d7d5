// SPDX-License-Identifier: GPL-2.0
/*
 * platdrv.c: a platform driver in the style of LDD3's chapter on the device
 * model, for 6.x -- module_platform_driver() registers it, the platform bus
 * binds it to every "platdemo" device (platdev.ko makes two), probe() keeps
 * its state in devm_kzalloc()'d memory that the driver core frees after
 * remove(), and dev_info() names the driver and the device.
 *
 *   insmod platdev.ko; insmod platdrv.ko; rmmod platdrv; rmmod platdev
 */
#include <linux/device.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

struct platdemo {
	int irq;
	unsigned int serial;
	char label[32];
};

static unsigned int probes;

static int platdemo_probe(struct platform_device *pdev)
{
	const struct platform_device_id *id = platform_get_device_id(pdev);
	struct platdemo *pd;
	int irq;

	irq = platform_get_irq(pdev, 0);
	if (irq < 0)
		return irq;	/* platform_get_irq() said why */

	pd = devm_kzalloc(&pdev->dev, sizeof(*pd), GFP_KERNEL);
	if (!pd)
		return -ENOMEM;
	pd->irq = irq;
	pd->serial = ++probes;
	snprintf(pd->label, sizeof(pd->label), "%s#%u", id->name, pd->serial);
	platform_set_drvdata(pdev, pd);

	dev_info(&pdev->dev, "probed %s (id %d, irq %d, variant %lu)\n",
		 pd->label, pdev->id, pd->irq, id->driver_data);
	return 0;
}

static int platdemo_remove(struct platform_device *pdev)
{
	struct platdemo *pd = platform_get_drvdata(pdev);

	/* pd is still valid here: devres frees it after remove() returns */
	dev_info(&pdev->dev, "removing %s\n", pd->label);
	return 0;
}

static const struct platform_device_id platdemo_ids[] = {
	{ .name = "platdemo", .driver_data = 1 },
	{ .name = "platdemo-v2", .driver_data = 2 },
	{ }
};
MODULE_DEVICE_TABLE(platform, platdemo_ids);

static struct platform_driver platdemo_driver = {
	.probe = platdemo_probe,
	.remove = platdemo_remove,
	.id_table = platdemo_ids,
	.driver = {
		.name = "platdemo",
	},
};
module_platform_driver(platdemo_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A platform driver: probe, remove, devm memory");

// SPDX-License-Identifier: GPL-2.0
/*
 * devattr: a class and one device in it, with attributes of the device
 * (LDD3's device model chapter, in 6.x spelling):
 *
 *   /sys/class/devattr/led0/brightness  (0644) 0..255, stored in the
 *        device's private data (dev_get_drvdata())
 *   /sys/class/devattr/led0/max_brightness (0444)
 *   /sys/class/devattr/led0/dev, uevent  (the driver core's)
 */
#include <linux/device.h>
#include <linux/init.h>
#include <linux/kdev_t.h>
#include <linux/module.h>
#include <linux/slab.h>

#define MAX_BRIGHTNESS 255

struct led {
	unsigned int brightness;
};

static struct class *devattr_class;
static struct device *led_dev;
static struct led *led;
static dev_t devt;

static ssize_t brightness_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct led *l = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", l->brightness);
}

static ssize_t brightness_store(struct device *dev, struct device_attribute *attr,
				const char *buf, size_t count)
{
	struct led *l = dev_get_drvdata(dev);
	unsigned int val;
	int err;

	err = kstrtouint(buf, 0, &val);
	if (err)
		return err;
	if (val > MAX_BRIGHTNESS)
		return -EINVAL;
	l->brightness = val;
	dev_info(dev, "brightness %u\n", val);
	return count;
}
static DEVICE_ATTR_RW(brightness);

static ssize_t max_brightness_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n", MAX_BRIGHTNESS);
}
static DEVICE_ATTR_RO(max_brightness);

static int __init devattr_init(void)
{
	int err;

	led = kzalloc(sizeof(*led), GFP_KERNEL);
	if (!led)
		return -ENOMEM;
	err = alloc_chrdev_region(&devt, 0, 1, "devattr");
	if (err)
		goto free_led;
	devattr_class = class_create(THIS_MODULE, "devattr");
	if (IS_ERR(devattr_class)) {
		err = PTR_ERR(devattr_class);
		goto unregister;
	}
	led_dev = device_create(devattr_class, NULL, devt, led, "led0");
	if (IS_ERR(led_dev)) {
		err = PTR_ERR(led_dev);
		goto destroy_class;
	}
	err = device_create_file(led_dev, &dev_attr_brightness);
	if (err)
		goto destroy_device;
	err = device_create_file(led_dev, &dev_attr_max_brightness);
	if (err)
		goto remove_brightness;
	return 0;

remove_brightness:
	device_remove_file(led_dev, &dev_attr_brightness);
destroy_device:
	device_destroy(devattr_class, devt);
destroy_class:
	class_destroy(devattr_class);
unregister:
	unregister_chrdev_region(devt, 1);
free_led:
	kfree(led);
	return err;
}

static void __exit devattr_exit(void)
{
	device_remove_file(led_dev, &dev_attr_max_brightness);
	device_remove_file(led_dev, &dev_attr_brightness);
	device_destroy(devattr_class, devt);
	class_destroy(devattr_class);
	unregister_chrdev_region(devt, 1);
	kfree(led);
}

module_init(devattr_init);
module_exit(devattr_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A class device with attributes of its own");

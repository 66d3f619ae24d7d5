// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/base/core.c (6.1), the core of the device model kmodlab has so
 * far: a device's kobject and release, its name, device_add()/device_del()
 * with its /dev node (devtmpfs.c), and device_create()/device_destroy() for
 * a class's devices. Devices are kept on one list, which device_destroy()
 * searches (Linux: the class's klist).
 *
 * Copyright (c) 2002-3 Patrick Mochel
 * Copyright (c) 2002-3 Open Source Development Labs
 * Copyright (c) 2006 Greg Kroah-Hartman <gregkh@suse.de>
 * Copyright (c) 2006 Novell, Inc.
 */
#include "kmodlab.h"
/* drivers/base/core.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/acpi.h>
#include <linux/cpufreq.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/fwnode.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kdev_t.h>
#include <linux/notifier.h>
#include <linux/of.h>
#include <linux/of_device.h>
#include <linux/blkdev.h>
#include <linux/mutex.h>
#include <linux/pm_runtime.h>
#include <linux/netdevice.h>
#include <linux/sched/signal.h>
#include <linux/sched/mm.h>
#include <linux/swiotlb.h>
#include <linux/sysfs.h>
#include <linux/dma-map-ops.h> /* for dma_default_coherent */

#include "drivers_base.h"
#include "drivers_base_physical_location.h"
#include "drivers_base_power.h"

int devtmpfs_create_node(struct device *dev);
int devtmpfs_delete_node(struct device *dev);

struct device_entry {
	struct list_head list;
	struct device *dev;
};
static LIST_HEAD(devices);
static DEFINE_MUTEX(devices_lock);

static void device_release(struct kobject *kobj)
{
	struct device *dev = container_of(kobj, struct device, kobj);

	if (dev->release)
		dev->release(dev);
	else if (dev->type && dev->type->release)
		dev->type->release(dev);
	else if (dev->class && dev->class->dev_release)
		dev->class->dev_release(dev);
	else
		WARN(1, KERN_ERR "Device '%s' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.\n",
			dev_name(dev));
}

static struct kobj_type device_ktype = {
	.release	= device_release,
};

void device_initialize(struct device *dev)
{
	kobject_init(&dev->kobj, &device_ktype);
	INIT_LIST_HEAD(&dev->dma_pools);
	mutex_init(&dev->mutex);
	INIT_LIST_HEAD(&dev->devres_head);
	spin_lock_init(&dev->devres_lock);
}
EXPORT_SYMBOL_GPL(device_initialize);

int dev_set_name(struct device *dev, const char *fmt, ...)
{
	va_list vargs;
	int err;

	va_start(vargs, fmt);
	err = kobject_set_name_vargs(&dev->kobj, fmt, vargs);
	va_end(vargs);
	return err;
}
EXPORT_SYMBOL_GPL(dev_set_name);

struct device *get_device(struct device *dev)
{
	return dev ? kobj_to_dev(kobject_get(&dev->kobj)) : NULL;
}
EXPORT_SYMBOL_GPL(get_device);

void put_device(struct device *dev)
{
	/* might_sleep(); */
	if (dev)
		kobject_put(&dev->kobj);
}
EXPORT_SYMBOL_GPL(put_device);

int device_add(struct device *dev)
{
	struct device_entry *e;
	int error = -EINVAL;

	dev = get_device(dev);
	if (!dev)
		goto done;

	if (dev->init_name) {
		error = dev_set_name(dev, "%s", dev->init_name);
		dev->init_name = NULL;
		if (error)
			goto name_error;
	}

	if (!dev_name(dev)) {
		error = -EINVAL;
		goto name_error;
	}

	pr_debug("device: '%s': %s\n", dev_name(dev), __func__);

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e) {
		error = -ENOMEM;
		goto name_error;
	}
	if (MAJOR(dev->devt)) {
		error = devtmpfs_create_node(dev);
		if (error) {
			kfree(e);
			goto name_error;
		}
	}
	error = bus_add_device(dev);
	if (error) {
		if (MAJOR(dev->devt))
			devtmpfs_delete_node(dev);
		kfree(e);
		goto name_error;
	}
	e->dev = dev;
	mutex_lock(&devices_lock);
	list_add_tail(&e->list, &devices);
	mutex_unlock(&devices_lock);
	bus_probe_device(dev);
	put_device(dev);
	return 0;

name_error:
	put_device(dev);
done:
	return error;
}
EXPORT_SYMBOL_GPL(device_add);

int device_register(struct device *dev)
{
	device_initialize(dev);
	return device_add(dev);
}
EXPORT_SYMBOL_GPL(device_register);

void device_del(struct device *dev)
{
	struct device_entry *e, *found = NULL;

	mutex_lock(&devices_lock);
	list_for_each_entry(e, &devices, list) {
		if (e->dev == dev) {
			list_del(&e->list);
			found = e;
			break;
		}
	}
	mutex_unlock(&devices_lock);
	kfree(found);
	bus_remove_device(dev);
	if (MAJOR(dev->devt))
		devtmpfs_delete_node(dev);
}
EXPORT_SYMBOL_GPL(device_del);

void device_unregister(struct device *dev)
{
	pr_debug("device: '%s': %s\n", dev_name(dev), __func__);
	device_del(dev);
	put_device(dev);
}
EXPORT_SYMBOL_GPL(device_unregister);

const char *device_get_devnode(struct device *dev,
			       umode_t *mode, kuid_t *uid, kgid_t *gid,
			       const char **tmp)
{
	char *s;

	*tmp = NULL;

	/* the device type may provide a specific name */
	if (dev->type && dev->type->devnode)
		*tmp = dev->type->devnode(dev, mode, uid, gid);
	if (*tmp)
		return *tmp;

	/* the class may provide a specific name */
	if (dev->class && dev->class->devnode)
		*tmp = dev->class->devnode(dev, mode);
	if (*tmp)
		return *tmp;

	/* return name without allocation, tmp == NULL */
	if (strchr(dev_name(dev), '!') == NULL)
		return dev_name(dev);

	/* replace '!' in the name with '/' */
	s = kstrdup(dev_name(dev), GFP_KERNEL);
	if (!s)
		return NULL;
	strreplace(s, '!', '/');
	return *tmp = s;
}

static void device_create_release(struct device *dev)
{
	pr_debug("device: '%s': %s\n", dev_name(dev), __func__);
	kfree(dev);
}

static __printf(6, 0) struct device *
device_create_groups_vargs(struct class *class, struct device *parent,
			   dev_t devt, void *drvdata,
			   const struct attribute_group **groups,
			   const char *fmt, va_list args)
{
	struct device *dev = NULL;
	int retval = -ENODEV;

	if (IS_ERR_OR_NULL(class))
		goto error;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		retval = -ENOMEM;
		goto error;
	}

	device_initialize(dev);
	dev->devt = devt;
	dev->class = class;
	dev->parent = parent;
	dev->groups = groups;
	dev->release = device_create_release;
	dev_set_drvdata(dev, drvdata);

	retval = kobject_set_name_vargs(&dev->kobj, fmt, args);
	if (retval)
		goto error;

	retval = device_add(dev);
	if (retval)
		goto error;

	return dev;

error:
	put_device(dev);
	return ERR_PTR(retval);
}

struct device *device_create(struct class *class, struct device *parent,
			     dev_t devt, void *drvdata, const char *fmt, ...)
{
	va_list vargs;
	struct device *dev;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, NULL,
					  fmt, vargs);
	va_end(vargs);
	return dev;
}
EXPORT_SYMBOL_GPL(device_create);

struct device *device_create_with_groups(struct class *class,
					 struct device *parent, dev_t devt,
					 void *drvdata,
					 const struct attribute_group **groups,
					 const char *fmt, ...)
{
	va_list vargs;
	struct device *dev;

	va_start(vargs, fmt);
	dev = device_create_groups_vargs(class, parent, devt, drvdata, groups,
					 fmt, vargs);
	va_end(vargs);
	return dev;
}
EXPORT_SYMBOL_GPL(device_create_with_groups);

/* class_find_device_by_devt(), over the one list */
static struct device *find_device_by_devt(struct class *class, dev_t devt)
{
	struct device_entry *e;
	struct device *dev = NULL;

	mutex_lock(&devices_lock);
	list_for_each_entry(e, &devices, list) {
		if (e->dev->class == class && e->dev->devt == devt) {
			dev = get_device(e->dev);
			break;
		}
	}
	mutex_unlock(&devices_lock);
	return dev;
}

void device_destroy(struct class *class, dev_t devt)
{
	struct device *dev;

	dev = find_device_by_devt(class, devt);
	if (dev) {
		put_device(dev);
		device_unregister(dev);
	}
}
EXPORT_SYMBOL_GPL(device_destroy);

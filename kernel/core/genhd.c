// SPDX-License-Identifier: GPL-2.0
/*
 * Disks and their partition scan: Linux 6.1's block/genhd.c (__blk_alloc_disk,
 * device_add_disk, disk_scan_partitions), block/bdev.c (blkdev_get_whole,
 * blkdev_put), block/partitions/core.c (check_partition) and
 * block/partitions/msdos.c, on 6.1's struct gendisk and struct block_device,
 * cut down to what seed 000 tells about them.
 *
 * "when a disk driver registers a disk, the upper layers immediately want to
 * have a look at the partition table. Under the new scheme, that look would
 * fail (since the module was not yet marked as being alive) [...] This
 * problem has been fixed by marking a module as being alive while its
 * initialization function runs."
 *
 * add_disk() opens the disk the way any opener does -- try_module_get() on
 * the driver's module (Rule #1) -- and reads sector 0 through the driver
 * while the driver is still in its init. It works because try_module_get()
 * only refuses a GOING module (include/linux/module.h: module_is_live()).
 *
 * kmodlab has no bios, no request queues, no driver model and no dev_t
 * allocation: sectors are read through the driver's kmodlab_disk_operations
 * (<kmodlab/blkdev.h>), and a disk, its whole-disk block device, its
 * partitions and its place in the list of added disks are one allocation.
 * Its exports still take Linux's struct gendisk, whose request_queue reaches
 * the structs of block/'s private headers: block_*.h define them, as
 * block/genhd.c's translation unit does, for Debian's CRCs.
 *
 * Copyright (C) 1991-1998 Linus Torvalds, Andries Brouwer
 */
#include "kmodlab.h"
/* block/genhd.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/module.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/blkdev.h>
#include <linux/backing-dev.h>
#include <linux/init.h>
#include <linux/spinlock.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/kmod.h>
#include <linux/major.h>
#include <linux/mutex.h>
#include <linux/idr.h>
#include <linux/log2.h>
#include <linux/pm_runtime.h>
#include <linux/badblocks.h>
#include <linux/part_stat.h>
#include <linux/blktrace_api.h>

#include "block_blk_cgroup.h"	/* "blk-throttle.h": blk-cgroup-rwstat.h, blk-cgroup.h */
#include "block_blk.h"
#include "block_elevator.h"	/* "blk-mq-sched.h": elevator.h, blk-mq.h */
#include "block_blk_mq.h"
#include "block_blk_rq_qos.h"
#include "block_blk_cgroup.h"

#include <kmodlab/blkdev.h>
#include "testing.h"

#define MSDOS_PRIMARY	4	/* the partitions kmodlab's msdos scan reads */

struct kmodlab_gendisk {
	struct gendisk disk;
	struct block_device part0;		/* disk.part0 */
	const struct kmodlab_disk_operations *kops;
	int nr_parts;
	struct {
		sector_t from, size;
	} parts[MSDOS_PRIMARY + 1];		/* by slot, as put_partition() numbers them */
	struct kmodlab_gendisk *next;		/* the list of added disks */
};

static inline struct kmodlab_gendisk *to_kdisk(struct gendisk *disk)
{
	return container_of(disk, struct kmodlab_gendisk, disk);
}

static struct kmodlab_gendisk *disks;
static DEFINE_SPINLOCK(disks_lock);

struct gendisk *__blk_alloc_disk(int node, struct lock_class_key *lkclass)
{
	struct kmodlab_gendisk *kd = kzalloc(sizeof(*kd), GFP_KERNEL);

	if (!kd)
		return NULL;
	kd->disk.node_id = node;
	mutex_init(&kd->disk.open_mutex);
	/* bdev_alloc(disk, 0): the whole-disk block device */
	kd->disk.part0 = &kd->part0;
	kd->part0.bd_disk = &kd->disk;
	kd->part0.bd_partno = 0;
	spin_lock_init(&kd->part0.bd_size_lock);
	return &kd->disk;
}
EXPORT_SYMBOL(__blk_alloc_disk);

/**
 * put_disk - decrements the gendisk refcount
 * @disk: the struct gendisk to decrement the refcount for
 *
 * This decrements the refcount for the struct gendisk. When this reaches 0
 * we'll have disk_release() called.
 */
void put_disk(struct gendisk *disk)
{
	if (disk)
		kfree(to_kdisk(disk));
}
EXPORT_SYMBOL(put_disk);

/* bdev_set_nr_sectors() */
void set_capacity(struct gendisk *disk, sector_t sectors)
{
	struct block_device *bdev = disk->part0;

	spin_lock(&bdev->bd_size_lock);
	bdev->bd_nr_sectors = sectors;
	spin_unlock(&bdev->bd_size_lock);
}
EXPORT_SYMBOL(set_capacity);

void kmodlab_disk_set_operations(struct gendisk *disk,
				 const struct kmodlab_disk_operations *ops)
{
	to_kdisk(disk)->kops = ops;
}
EXPORT_SYMBOL(kmodlab_disk_set_operations);

int kmodlab_disk_nr_parts(struct gendisk *disk)
{
	return READ_ONCE(to_kdisk(disk)->nr_parts);
}
EXPORT_SYMBOL(kmodlab_disk_nr_parts);

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* msdos_partition(): the four primary entries of an MBR; -1 if unreadable */
static int msdos_partition(struct kmodlab_gendisk *kd, const char *name,
			   char *pp_buf, size_t size)
{
	const struct kmodlab_disk_operations *kops = kd->kops;
	u8 *data = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	int slot, res = 0;

	if (!data)
		return -1;
	if (!kops || !kops->read_sector || kops->read_sector(&kd->disk, 0, data)) {
		kfree(data);
		return -1;
	}
	if (data[510] != 0x55 || data[511] != 0xaa)
		goto out;
	/* boot indicators other than 0 and 0x80: not a partition table */
	for (slot = 1; slot <= MSDOS_PRIMARY; slot++) {
		u8 boot_ind = data[0x1be + 16 * (slot - 1)];

		if (boot_ind != 0 && boot_ind != 0x80)
			goto out;
	}
	for (slot = 1; slot <= MSDOS_PRIMARY; slot++) {
		const u8 *p = data + 0x1be + 16 * (slot - 1);
		sector_t start = le32(p + 8), nr = le32(p + 12);

		if (!nr)
			continue;
		/* put_partition() */
		kd->parts[slot].from = start;
		kd->parts[slot].size = nr;
		kd->nr_parts++;
		scnprintf(pp_buf + strlen(pp_buf), size - strlen(pp_buf), " %s%d", name, slot);
	}
	strlcat(pp_buf, "\n", size);
	res = 1;
out:
	kfree(data);
	return res;
}

/* blk_add_partitions() + check_partition(): what it finds is kept beside the disk */
static int blk_add_partitions(struct gendisk *disk)
{
	struct kmodlab_gendisk *kd = to_kdisk(disk);
	char name[BDEVNAME_SIZE], pp_buf[128];
	int res;

	snprintf(name, sizeof(name), "%s", disk->disk_name);
	snprintf(pp_buf, sizeof(pp_buf), " %s:", name);
	if (isdigit(name[strlen(name) - 1]))
		sprintf(name, "p");

	res = msdos_partition(kd, name, pp_buf, sizeof(pp_buf));
	if (res > 0) {
		printk(KERN_INFO "%s", pp_buf);
	} else if (res < 0) {
		/* The partition is unrecognized: report the I/O error */
		strlcat(pp_buf, " unable to read partition table\n", sizeof(pp_buf));
		printk(KERN_INFO "%s", pp_buf);
	}
	return res < 0 ? -EIO : 0;
}

int bdev_disk_changed(struct gendisk *disk, bool invalidate)
{
	struct kmodlab_gendisk *kd = to_kdisk(disk);

	clear_bit(GD_NEED_PART_SCAN, &disk->state);
	/* delete_partitions */
	memset(kd->parts, 0, sizeof(kd->parts));
	WRITE_ONCE(kd->nr_parts, 0);
	if (invalidate)
		set_capacity(disk, 0);
	return get_capacity(disk) ? blk_add_partitions(disk) : 0;
}

/* the opener's half of blkdev_get_by_dev(), once it holds the driver's module */
static int blkdev_get_whole(struct block_device *bdev, fmode_t mode)
{
	struct gendisk *disk = bdev->bd_disk;
	int ret;

	if (disk->fops->open) {
		ret = disk->fops->open(bdev, mode);
		if (ret)
			return ret;
	}
	if (test_bit(GD_NEED_PART_SCAN, &disk->state))
		bdev_disk_changed(disk, false);
	atomic_inc(&bdev->bd_openers);
	return 0;
}

static void blkdev_put_whole(struct block_device *bdev, fmode_t mode)
{
	atomic_dec(&bdev->bd_openers);
	if (bdev->bd_disk->fops->release)
		bdev->bd_disk->fops->release(bdev->bd_disk, mode);
}

/* blkdev_get_by_dev() for a disk in hand: an open holds the driver's module (Rule #1) */
static int blkdev_get(struct gendisk *disk, fmode_t mode)
{
	int ret;

	mutex_lock(&disk->open_mutex);
	ret = -ENXIO;
	if (!try_module_get(disk->fops->owner))
		goto out;
	ret = blkdev_get_whole(disk->part0, mode);
	if (ret)
		module_put(disk->fops->owner);
out:
	mutex_unlock(&disk->open_mutex);
	return ret;
}

void blkdev_put(struct block_device *bdev, fmode_t mode)
{
	struct gendisk *disk = bdev->bd_disk;

	mutex_lock(&disk->open_mutex);
	blkdev_put_whole(bdev, mode);
	mutex_unlock(&disk->open_mutex);

	module_put(disk->fops->owner);
}

static int disk_scan_partitions(struct gendisk *disk, fmode_t mode)
{
	int ret;

	if (disk->flags & (GENHD_FL_NO_PART | GENHD_FL_HIDDEN))
		return -EINVAL;
	if (test_bit(GD_SUPPRESS_PART_SCAN, &disk->state))
		return -EINVAL;
	set_bit(GD_NEED_PART_SCAN, &disk->state);
	ret = blkdev_get(disk, mode);
	if (ret)
		return ret;
	blkdev_put(disk->part0, mode);
	return 0;
}

static struct kmodlab_gendisk *find_disk(const char *name)
{
	struct kmodlab_gendisk *kd;

	for (kd = disks; kd; kd = kd->next)
		if (!strcmp(kd->disk.disk_name, name))
			break;
	return kd;
}

/**
 * device_add_disk - add disk information to kernel list
 * @parent: parent device for the disk
 * @disk: per-device partitioning information
 * @groups: Additional per-device sysfs groups
 *
 * This function registers the partitioning information in @disk
 * with the kernel. (kmodlab has no devices: @parent and @groups go unused.)
 */
int device_add_disk(struct device *parent, struct gendisk *disk,
		    const struct attribute_group **groups)
{
	struct kmodlab_gendisk *kd = to_kdisk(disk);

	spin_lock(&disks_lock);
	kd->next = disks;
	WRITE_ONCE(disks, kd);
	spin_unlock(&disks_lock);
	set_bit(GD_ADDED, &disk->state);
	/* The disk is visible: have a look at its partition table right away. */
	if (get_capacity(disk))
		disk_scan_partitions(disk, FMODE_READ);
	return 0;
}
EXPORT_SYMBOL(device_add_disk);

/**
 * del_gendisk - remove the gendisk
 * @disk: the struct gendisk to remove
 */
void del_gendisk(struct gendisk *disk)
{
	struct kmodlab_gendisk **p;

	spin_lock(&disks_lock);
	for (p = &disks; *p; p = &(*p)->next) {
		if (*p == to_kdisk(disk)) {
			*p = (*p)->next;
			break;
		}
	}
	spin_unlock(&disks_lock);
	set_bit(GD_DEAD, &disk->state);
	synchronize_rcu();
}
EXPORT_SYMBOL(del_gendisk);

/* open("/dev/NAME"): a reference on the driver, kept until kmodlab_blkdev_close() */
long kmodlab_blkdev_open(const char *name)
{
	struct kmodlab_gendisk *kd;
	long ret;

	spin_lock(&disks_lock);
	kd = find_disk(name);
	/* the lookup and the reference under the lock, as get_gendisk() does */
	ret = kd && try_module_get(kd->disk.fops->owner) ? 0 : -ENXIO;
	spin_unlock(&disks_lock);
	if (!ret) {
		mutex_lock(&kd->disk.open_mutex);
		ret = blkdev_get_whole(kd->disk.part0, FMODE_READ);
		mutex_unlock(&kd->disk.open_mutex);
		if (ret)
			module_put(kd->disk.fops->owner);
	}
	if (ret) {
		pr_info("kmodlab_blkdev_open: %s: %pe\n", name, ERR_PTR(ret));
		return ret;
	}
	return READ_ONCE(kd->nr_parts);
}

/* close(): drops the reference an earlier kmodlab_blkdev_open() took */
long kmodlab_blkdev_close(const char *name)
{
	struct kmodlab_gendisk *kd;

	spin_lock(&disks_lock);
	kd = find_disk(name);
	spin_unlock(&disks_lock);
	if (!kd)
		return -ENXIO;
	blkdev_put(kd->disk.part0, FMODE_READ);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Disks and their partition scan: Linux 6.1's block/genhd.c (add_disk,
 * disk_scan_partitions), block/partitions/core.c (check_partition) and
 * block/partitions/msdos.c, cut down to what seed 000 tells about them.
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
 * Copyright (C) 1991-1998 Linus Torvalds, Andries Brouwer
 */
#include <linux/blkdev.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/delay.h>
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/errno.h>

static struct gendisk *disks;
static DEFINE_SPINLOCK(disks_lock);

struct gendisk *blk_alloc_disk(int node)
{
	struct gendisk *disk = kzalloc(sizeof(*disk), GFP_KERNEL);

	if (disk)
		disk->minors = 1 + DISK_MAX_PARTS;
	return disk;
}
EXPORT_SYMBOL(blk_alloc_disk);

void put_disk(struct gendisk *disk)
{
	kfree(disk);
}
EXPORT_SYMBOL(put_disk);

/* the opener's half of blkdev_get_by_dev(), once it holds the module */
static int blkdev_open(struct gendisk *disk, fmode_t mode)
{
	int ret = disk->fops->open ? disk->fops->open(disk, mode) : 0;

	if (ret)
		module_put(disk->fops->owner);
	return ret;
}

/* blkdev_get_by_dev(): an open holds the driver's module (Rule #1) */
static int blkdev_get(struct gendisk *disk, fmode_t mode)
{
	if (!try_module_get(disk->fops->owner))
		return -ENXIO;
	return blkdev_open(disk, mode);
}

static void blkdev_put(struct gendisk *disk, fmode_t mode)
{
	struct module *owner = disk->fops->owner;

	if (disk->fops->release)
		disk->fops->release(disk, mode);
	module_put(owner);
}

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static const char *partsep(const struct gendisk *disk)
{
	size_t n = strlen(disk->disk_name);

	return n && disk->disk_name[n - 1] >= '0' && disk->disk_name[n - 1] <= '9' ? "p" : "";
}

/* msdos_partition(): the four primary entries of an MBR */
static int msdos_partition(struct gendisk *disk, const u8 *mbr, char *line, size_t size)
{
	int i, n = 0;
	size_t len = strlen(line);

	if (mbr[510] != 0x55 || mbr[511] != 0xaa)
		return 0;
	for (i = 0; i < DISK_MAX_PARTS; i++) {
		const u8 *p = mbr + 446 + 16 * i;
		u32 start = le32(p + 8), nr = le32(p + 12);

		if (!p[4] || !nr)
			continue;
		disk->part[n].start_sect = start;
		disk->part[n].nr_sects = nr;
		n++;
		len += scnprintf(line + len, size - len, " %s%s%d",
				 disk->disk_name, partsep(disk), n);
	}
	disk->nr_parts = n;
	return 1;
}

/* disk_scan_partitions() + check_partition() */
static int disk_scan_partitions(struct gendisk *disk)
{
	char line[128];
	u8 *buf;
	int err;

	err = blkdev_get(disk, FMODE_READ);
	if (err) {
		pr_warn("%s: partition scan failed: %pe\n", disk->disk_name, ERR_PTR(err));
		return err;
	}
	buf = kmalloc(SECTOR_SIZE, GFP_KERNEL);
	if (!buf) {
		blkdev_put(disk, FMODE_READ);
		return -ENOMEM;
	}
	scnprintf(line, sizeof(line), " %s:", disk->disk_name);
	err = disk->fops->read_sector ? disk->fops->read_sector(disk, 0, buf) : -EIO;
	if (err)
		pr_info(" %s: unable to read partition table\n", disk->disk_name);
	else if (!msdos_partition(disk, buf, line, sizeof(line)))
		pr_info(" %s: unknown partition table\n", disk->disk_name);
	else
		pr_info("%s\n", line);
	kfree(buf);
	blkdev_put(disk, FMODE_READ);
	return err;
}

static struct gendisk *find_disk(const char *name)
{
	struct gendisk *disk;

	for (disk = disks; disk; disk = disk->next)
		if (!strcmp(disk->disk_name, name))
			break;
	return disk;
}

/**
 * add_disk - add disk information to kernel list
 * @disk: per-device partitioning information
 *
 * This function registers the partitioning information in @disk
 * with the kernel.
 */
int add_disk(struct gendisk *disk)
{
	spin_lock(&disks_lock);
	disk->next = disks;
	WRITE_ONCE(disks, disk);
	spin_unlock(&disks_lock);
	/* The disk is visible: have a look at its partition table right away. */
	disk_scan_partitions(disk);
	return 0;
}
EXPORT_SYMBOL(add_disk);

/**
 * del_gendisk - remove the gendisk
 * @disk: the struct gendisk to remove
 */
void del_gendisk(struct gendisk *disk)
{
	struct gendisk **p;

	spin_lock(&disks_lock);
	for (p = &disks; *p; p = &(*p)->next) {
		if (*p == disk) {
			*p = disk->next;
			break;
		}
	}
	spin_unlock(&disks_lock);
	synchronize_rcu();
}
EXPORT_SYMBOL(del_gendisk);

/* open("/dev/NAME"): a reference on the driver, kept until kmodlab_blkdev_close() */
long kmodlab_blkdev_open(const char *name)
{
	struct gendisk *disk;
	long ret;

	spin_lock(&disks_lock);
	disk = find_disk(name);
	/* the lookup and the reference under the lock, as get_gendisk() does */
	ret = disk && try_module_get(disk->fops->owner) ? 0 : -ENXIO;
	spin_unlock(&disks_lock);
	if (!ret)
		ret = blkdev_open(disk, FMODE_READ);
	if (ret) {
		pr_info("kmodlab_blkdev_open: %s: %pe\n", name, ERR_PTR(ret));
		return ret;
	}
	return disk->nr_parts;
}

/* close(): drops the reference an earlier kmodlab_blkdev_open() took */
long kmodlab_blkdev_close(const char *name)
{
	struct gendisk *disk;

	spin_lock(&disks_lock);
	disk = find_disk(name);
	spin_unlock(&disks_lock);
	if (!disk)
		return -ENXIO;
	blkdev_put(disk, FMODE_READ);
	return 0;
}

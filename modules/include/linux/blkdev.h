/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Disks: the add_disk() part of Linux 6.1's include/linux/blkdev.h (a
 * kmodlab subset), implemented by kernel/core/genhd.c.
 *
 * block_device_operations carries .owner (Rule #1): opening a disk takes a
 * reference on the driver's module. add_disk() scans the partition table at
 * once, by opening the disk and reading its first sector through the driver
 * -- from inside the driver's init. That is seed 000's story of the 2.5.48
 * fix: the scan only works because a module counts as live while its init
 * runs.
 *
 * kmodlab has no bio layer: read_sector() stands for submit_bio().
 */
#ifndef _LINUX_BLKDEV_H
#define _LINUX_BLKDEV_H

#include <linux/types.h>

struct module;
struct gendisk;

#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1 << SECTOR_SHIFT)

#define FMODE_READ	((__force fmode_t)0x1)
#define FMODE_WRITE	((__force fmode_t)0x2)

#define DISK_MAX_PARTS	4	/* kmodlab: the four primary msdos partitions */

struct block_device_operations {
	int (*open)(struct gendisk *disk, fmode_t mode);
	void (*release)(struct gendisk *disk, fmode_t mode);
	/* kmodlab: read one 512-byte sector (instead of submit_bio) */
	int (*read_sector)(struct gendisk *disk, sector_t sector, void *buf);
	struct module *owner;
};

struct hd_struct_kmodlab {
	sector_t start_sect;
	sector_t nr_sects;
};

struct gendisk {
	int major;
	int first_minor;
	int minors;
	char disk_name[32];
	const struct block_device_operations *fops;
	void *private_data;
	sector_t capacity;
	int nr_parts;
	struct hd_struct_kmodlab part[DISK_MAX_PARTS];
	struct gendisk *next;		/* kmodlab: the list of added disks */
};

static inline void set_capacity(struct gendisk *disk, sector_t size)
{
	disk->capacity = size;
}

static inline sector_t get_capacity(struct gendisk *disk)
{
	return disk->capacity;
}

extern struct gendisk *blk_alloc_disk(int node);
extern int __must_check add_disk(struct gendisk *disk);
extern void del_gendisk(struct gendisk *gp);
extern void put_disk(struct gendisk *disk);

/*
 * Test entry points of kmodlab's kernel core: open the disk NAME and keep it
 * open (a reference on its driver; returns its number of partitions or
 * -ENXIO), and close it again.
 */
long kmodlab_blkdev_open(const char *name);
long kmodlab_blkdev_close(const char *name);

#endif /* _LINUX_BLKDEV_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmodlab's, not Linux 6.1's: what kmodlab's block layer (kernel/core/genhd.c)
 * needs of a disk driver beyond 6.1's struct gendisk and struct
 * block_device_operations, which a driver fills in as on Linux
 * (blk_alloc_disk(), .owner, .open, set_capacity(), add_disk()).
 *
 * kmodlab has no bios and no page cache: the partition scan reads sectors
 * through the driver's kmodlab_disk_operations.read_sector, which stands for
 * ->submit_bio. 6.1 keeps a disk's partitions in disk->part_tbl (an xarray of
 * block devices); kmodlab keeps them beside the gendisk, and
 * kmodlab_disk_nr_parts() says how many the scan found.
 */
#ifndef _KMODLAB_BLKDEV_H
#define _KMODLAB_BLKDEV_H

#include <linux/blkdev.h>

struct kmodlab_disk_operations {
	/* read 512-byte sector @sector into @buf: 0 or -errno */
	int (*read_sector)(struct gendisk *disk, sector_t sector, void *buf);
};

/* Before add_disk(): how the kernel reads @disk. */
void kmodlab_disk_set_operations(struct gendisk *disk,
				 const struct kmodlab_disk_operations *ops);

/* The primary msdos partitions add_disk()'s scan found on @disk. */
int kmodlab_disk_nr_parts(struct gendisk *disk);

#endif /* _KMODLAB_BLKDEV_H */

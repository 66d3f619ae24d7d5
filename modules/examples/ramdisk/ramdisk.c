// SPDX-License-Identifier: GPL-2.0
/*
 * ramdisk.c: a disk driver, for seed 000's story of the live flag. Its init
 * calls add_disk(), and add_disk() at once opens the disk -- try_module_get()
 * on this module -- and reads the partition table through ramdisk_read_sector()
 * (kmodlab's block layer reads sectors through the driver, <kmodlab/blkdev.h>),
 * before init has returned. Under the first 2.5 rule ("try_module_get() fails
 * until init has finished") that look would fail and the partitions would not
 * be found; since 2.5.48 a module counts as live while its init runs, and the
 * scan works. The read says which state the module was in.
 *
 * The disk, rd0, has an msdos partition table with two partitions.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/blkdev.h>
#include <linux/numa.h>
#include <linux/string.h>
#include <linux/atomic.h>
#include <kmodlab/blkdev.h>

#define RD_SECTORS	8192	/* 4 MiB */

static struct gendisk *rd0;
static atomic_t opens = ATOMIC_INIT(0);

static void put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* sector 0: an MBR with two Linux (0x83) partitions */
static void ramdisk_mbr(u8 *buf)
{
	memset(buf, 0, SECTOR_SIZE);
	buf[446 + 4] = 0x83;
	put_le32(buf + 446 + 8, 2048);
	put_le32(buf + 446 + 12, 2048);
	buf[462 + 4] = 0x83;
	put_le32(buf + 462 + 8, 4096);
	put_le32(buf + 462 + 12, RD_SECTORS - 4096);
	buf[510] = 0x55;
	buf[511] = 0xaa;
}

static int ramdisk_read_sector(struct gendisk *disk, sector_t sector, void *buf)
{
	if (sector >= get_capacity(disk))
		return -EIO;
	if (sector) {
		memset(buf, 0, SECTOR_SIZE);
		return 0;
	}
	pr_info("sector 0 read while the module is %s\n",
		THIS_MODULE->state == MODULE_STATE_COMING ? "still in its init (COMING)" : "live");
	ramdisk_mbr(buf);
	return 0;
}

static int ramdisk_open(struct block_device *bdev, fmode_t mode)
{
	atomic_inc(&opens);
	return 0;
}

static const struct block_device_operations ramdisk_fops = {
	.owner		= THIS_MODULE,
	.open		= ramdisk_open,
};

static const struct kmodlab_disk_operations ramdisk_kops = {
	.read_sector	= ramdisk_read_sector,
};

static int __init ramdisk_init(void)
{
	int err;

	rd0 = blk_alloc_disk(NUMA_NO_NODE);
	if (!rd0)
		return -ENOMEM;
	strscpy(rd0->disk_name, "rd0", sizeof(rd0->disk_name));
	rd0->fops = &ramdisk_fops;
	kmodlab_disk_set_operations(rd0, &ramdisk_kops);
	set_capacity(rd0, RD_SECTORS);
	/* Last step of init: from here on the disk can be opened. */
	err = add_disk(rd0);
	if (err) {
		put_disk(rd0);
		return err;
	}
	pr_info("rd0: %d partition(s) found during init\n", kmodlab_disk_nr_parts(rd0));
	return 0;
}

static void __exit ramdisk_exit(void)
{
	del_gendisk(rd0);
	put_disk(rd0);
	pr_info("rd0 removed after %d open(s)\n", atomic_read(&opens));
}

module_init(ramdisk_init);
module_exit(ramdisk_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A disk whose partition table is read while its init runs (the 2.5.48 fix)");

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * block/blk-mq-debugfs.h (6.1), the part genhd.c's exports reach: the
 * debugfs attributes an elevator_type and an rq_qos_ops point to, which
 * genksyms expands into the CRC of every export that takes a gendisk. Its
 * includes first, as the original's.
 */
#ifndef _KMODLAB_BLOCK_BLK_MQ_DEBUGFS_H
#define _KMODLAB_BLOCK_BLK_MQ_DEBUGFS_H

#ifdef CONFIG_BLK_DEBUG_FS

#include <linux/seq_file.h>

struct blk_mq_hw_ctx;

struct blk_mq_debugfs_attr {
	const char *name;
	umode_t mode;
	int (*show)(void *, struct seq_file *);
	ssize_t (*write)(void *, const char __user *, size_t, loff_t *);
	/* Set either .show or .seq_ops. */
	const struct seq_operations *seq_ops;
};

#endif

#endif /* _KMODLAB_BLOCK_BLK_MQ_DEBUGFS_H */

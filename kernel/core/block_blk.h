/* SPDX-License-Identifier: GPL-2.0 */
/*
 * block/blk.h (6.1), the part genhd.c's exports reach: the flush queue a
 * request_queue and each blk_mq_hw_ctx point to, which genksyms expands into
 * the CRC of every export that takes a gendisk. Its includes first, as the
 * original's, with those of block/blk-crypto-internal.h in its place: that
 * header defines nothing the exports reach.
 */
#ifndef _KMODLAB_BLOCK_BLK_H
#define _KMODLAB_BLOCK_BLK_H

#include <linux/blk-crypto.h>
#include <linux/memblock.h>	/* for max_pfn/max_low_pfn */
#include <xen/xen.h>
/* block/blk-crypto-internal.h */
#include <linux/bio.h>
#include <linux/blk-mq.h>

struct elevator_type;

struct blk_flush_queue {
	unsigned int		flush_pending_idx:1;
	unsigned int		flush_running_idx:1;
	blk_status_t 		rq_status;
	unsigned long		flush_pending_since;
	struct list_head	flush_queue[2];
	struct list_head	flush_data_in_flight;
	struct request		*flush_rq;

	spinlock_t		mq_flush_lock;
};

#endif /* _KMODLAB_BLOCK_BLK_H */

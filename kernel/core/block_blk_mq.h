/* SPDX-License-Identifier: GPL-2.0 */
/*
 * block/blk-mq.h (6.1), the part genhd.c's exports reach: the software
 * queues a request_queue (queue_ctx) and each request point to, and the
 * allocation data of the elevator's limit_depth(), which genksyms expands
 * into the CRC of every export that takes a gendisk. Its includes first, as
 * the original's (block/blk-mq-tag.h defines nothing they reach).
 */
#ifndef _KMODLAB_BLOCK_BLK_MQ_H
#define _KMODLAB_BLOCK_BLK_MQ_H

#include "block_blk_stat.h"

struct blk_mq_tag_set;

struct blk_mq_ctxs {
	struct kobject kobj;
	struct blk_mq_ctx __percpu	*queue_ctx;
};

/**
 * struct blk_mq_ctx - State for a software queue facing the submitting CPUs
 */
struct blk_mq_ctx {
	struct {
		spinlock_t		lock;
		struct list_head	rq_lists[HCTX_MAX_TYPES];
	} ____cacheline_aligned_in_smp;

	unsigned int		cpu;
	unsigned short		index_hw[HCTX_MAX_TYPES];
	struct blk_mq_hw_ctx 	*hctxs[HCTX_MAX_TYPES];

	struct request_queue	*queue;
	struct blk_mq_ctxs      *ctxs;
	struct kobject		kobj;
} ____cacheline_aligned_in_smp;

struct blk_mq_alloc_data {
	/* input parameter */
	struct request_queue *q;
	blk_mq_req_flags_t flags;
	unsigned int shallow_depth;
	blk_opf_t cmd_flags;
	req_flags_t rq_flags;

	/* allocate multiple requests/tags in one go */
	unsigned int nr_tags;
	struct request **cached_rq;

	/* input & output parameter */
	struct blk_mq_ctx *ctx;
	struct blk_mq_hw_ctx *hctx;
};

#endif /* _KMODLAB_BLOCK_BLK_MQ_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * io_uring/io-wq.h (6.1), which kernel/sched/core.c includes: its includes
 * (<linux/io_uring_types.h> defines struct io_uring_task, which struct
 * task_struct points to) and struct io_wq_hash, which io_ring_ctx points to.
 * The io-wq itself is not kmodlab's.
 */
#ifndef INTERNAL_IO_WQ_H
#define INTERNAL_IO_WQ_H

#include <linux/refcount.h>
#include <linux/io_uring_types.h>

struct io_wq;

struct io_wq_hash {
	refcount_t refs;
	unsigned long map;
	struct wait_queue_head wait;
};

#endif

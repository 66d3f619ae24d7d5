// SPDX-License-Identifier: GPL-2.0
/*
 * block/ioprio.c (6.1): a task's I/O priority, which init_sync_kiocb() puts
 * in every kiocb the VFS makes.
 *
 * Copyright (C) 2004 Jens Axboe <axboe@kernel.dk>
 */
#include "kmodlab.h"
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/ioport.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/capability.h>
#include <linux/sched/user.h>
#include <linux/sched/task.h>
#include <linux/syscalls.h>
#include <linux/security.h>
#include <linux/pid_namespace.h>

int __get_task_ioprio(struct task_struct *p)
{
	struct io_context *ioc;
	int prio;

	ioc = p->io_context;
	if (ioc)
		prio = ioc->ioprio;
	else
		prio = IOPRIO_DEFAULT;

	if (IOPRIO_PRIO_CLASS(prio) == IOPRIO_CLASS_NONE)
		prio = IOPRIO_PRIO_VALUE(task_nice_ioclass(p),
					 task_nice_ioprio(p));
	return prio;
}
EXPORT_SYMBOL_GPL(__get_task_ioprio);

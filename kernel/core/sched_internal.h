/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of kernel/sched/sched.h (6.1) that the waiting primitives
 * (wait.c, swait.c, completion.c) use: the wake flags and the simple wait
 * queue internals.
 */
#ifndef _KMODLAB_SCHED_INTERNAL_H
#define _KMODLAB_SCHED_INTERNAL_H

#include <linux/swait.h>

/* Wake flags. The first three directly map to some SD flag value */
#define WF_EXEC     0x02 /* Wakeup after exec; maps to SD_BALANCE_EXEC */
#define WF_FORK     0x04 /* Wakeup after fork; maps to SD_BALANCE_FORK */
#define WF_TTWU     0x08 /* Wakeup;            maps to SD_BALANCE_WAKE */

#define WF_SYNC     0x10 /* Waker goes to sleep after wakeup */
#define WF_MIGRATED 0x20 /* Internal use, task got migrated */

extern void swake_up_all_locked(struct swait_queue_head *q);
extern void __prepare_to_swait(struct swait_queue_head *q, struct swait_queue *wait);
extern void __finish_swait(struct swait_queue_head *q, struct swait_queue *wait);

#endif

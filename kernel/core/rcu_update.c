// SPDX-License-Identifier: GPL-2.0+
/*
 * kernel/rcu/update.c (6.1), finish_rcuwait(): the end of an rcuwait
 * wait. The grace period primitives are the TypeScript kernel's services
 * (synchronize_rcu) and rcu_tree.c's callbacks.
 *
 * Authors: Dipankar Sarma <dipankar@in.ibm.com>
 *	    Manfred Spraul <manfred@colorfullife.com>
 */
#include "kmodlab.h"
/* kernel/rcu/update.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/spinlock.h>
#include <linux/smp.h>
#include <linux/interrupt.h>
#include <linux/sched/signal.h>
#include <linux/sched/debug.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/percpu.h>
#include <linux/notifier.h>
#include <linux/cpu.h>
#include <linux/mutex.h>
#include <linux/export.h>
#include <linux/hardirq.h>
#include <linux/delay.h>
#include <linux/moduleparam.h>
#include <linux/kthread.h>
#include <linux/tick.h>
#include <linux/rcupdate_wait.h>
#include <linux/sched/isolation.h>
#include <linux/kprobes.h>
#include <linux/slab.h>
#include <linux/irq_work.h>
#include <linux/rcupdate_trace.h>


void finish_rcuwait(struct rcuwait *w)
{
	rcu_assign_pointer(w->task, NULL);
	__set_current_state(TASK_RUNNING);
}
/*
 * Not exported yet: update.c's types (kernel/rcu/rcu.h, tasks.h) are not
 * here, and an export must carry Debian's CRC.
 */

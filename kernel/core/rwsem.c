// SPDX-License-Identifier: GPL-2.0
/*
 * kernel/locking/rwsem.c (6.1), the semantics without the optimistic
 * spinning and hand-off: readers share, a writer excludes all, and a task
 * that cannot have the semaphore gives its core away (schedule()) until it
 * can, as kmodlab's mutex does. The count uses Linux's encoding: bit 0 a
 * writer, readers in units of RWSEM_READER_BIAS.
 *
 * Written by David Howells (dhowells@redhat.com).
 */
#include "kmodlab.h"
/* kernel/locking/rwsem.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/rt.h>
#include <linux/sched/task.h>
#include <linux/sched/debug.h>
#include <linux/sched/wake_q.h>
#include <linux/sched/signal.h>
#include <linux/sched/clock.h>
#include <linux/export.h>
#include <linux/rwsem.h>
#include <linux/atomic.h>

#define RWSEM_WRITER_LOCKED	(1UL << 0)
#define RWSEM_READER_BIAS	(1UL << 8)

void __init_rwsem(struct rw_semaphore *sem, const char *name,
		  struct lock_class_key *key)
{
	atomic_long_set(&sem->count, 0);
	raw_spin_lock_init(&sem->wait_lock);
	INIT_LIST_HEAD(&sem->wait_list);
	atomic_long_set(&sem->owner, 0L);
}
EXPORT_SYMBOL(__init_rwsem);

int down_read_trylock(struct rw_semaphore *sem)
{
	long c = atomic_long_read(&sem->count);

	while (!(c & RWSEM_WRITER_LOCKED)) {
		if (atomic_long_try_cmpxchg_acquire(&sem->count, &c, c + RWSEM_READER_BIAS))
			return 1;
	}
	return 0;
}
EXPORT_SYMBOL(down_read_trylock);

int down_write_trylock(struct rw_semaphore *sem)
{
	long c = 0;

	if (atomic_long_try_cmpxchg_acquire(&sem->count, &c, RWSEM_WRITER_LOCKED)) {
		atomic_long_set(&sem->owner, (long)current);
		return 1;
	}
	return 0;
}
EXPORT_SYMBOL(down_write_trylock);

void __sched down_read(struct rw_semaphore *sem)
{
	might_sleep();
	while (!down_read_trylock(sem))
		schedule();
}
EXPORT_SYMBOL(down_read);

int __sched down_read_interruptible(struct rw_semaphore *sem)
{
	might_sleep();
	while (!down_read_trylock(sem)) {
		if (signal_pending(current))
			return -EINTR;
		schedule();
	}
	return 0;
}
EXPORT_SYMBOL(down_read_interruptible);

int __sched down_read_killable(struct rw_semaphore *sem)
{
	might_sleep();
	while (!down_read_trylock(sem)) {
		if (fatal_signal_pending(current))
			return -EINTR;
		schedule();
	}
	return 0;
}
EXPORT_SYMBOL(down_read_killable);

void __sched down_write(struct rw_semaphore *sem)
{
	might_sleep();
	while (!down_write_trylock(sem))
		schedule();
}
EXPORT_SYMBOL(down_write);

int __sched down_write_killable(struct rw_semaphore *sem)
{
	might_sleep();
	while (!down_write_trylock(sem)) {
		if (fatal_signal_pending(current))
			return -EINTR;
		schedule();
	}
	return 0;
}
EXPORT_SYMBOL(down_write_killable);

void up_read(struct rw_semaphore *sem)
{
	atomic_long_sub_return_release(RWSEM_READER_BIAS, &sem->count);
}
EXPORT_SYMBOL(up_read);

void up_write(struct rw_semaphore *sem)
{
	atomic_long_set(&sem->owner, 0L);
	atomic_long_fetch_andnot_release(RWSEM_WRITER_LOCKED, &sem->count);
}
EXPORT_SYMBOL(up_write);

void downgrade_write(struct rw_semaphore *sem)
{
	atomic_long_set(&sem->owner, 0L);
	atomic_long_add_return_release(RWSEM_READER_BIAS - RWSEM_WRITER_LOCKED, &sem->count);
}
EXPORT_SYMBOL(downgrade_write);

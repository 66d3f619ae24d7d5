// SPDX-License-Identifier: GPL-2.0-only
/*
 * Mutexes (kernel/locking/mutex.c, much simplified): the owner word holds
 * the owning task_struct pointer. A task that finds the mutex taken calls
 * schedule() -- a service of the TypeScript scheduler, which may run another
 * task on this CPU -- and tries again.
 *
 * Copyright (C) 2004, 2005, 2006 Red Hat, Inc., Ingo Molnar <mingo@redhat.com>
 */
#include "kmodlab.h"
#include <linux/sched/signal.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/sched.h>
#include <linux/export.h>
#include <linux/errno.h>

void __mutex_init(struct mutex *lock, const char *name, struct lock_class_key *key)
{
	atomic_long_set(&lock->owner, 0);
	raw_spin_lock_init(&lock->wait_lock);
	atomic_set(&lock->osq.tail, OSQ_UNLOCKED_VAL);
	INIT_LIST_HEAD(&lock->wait_list);
}
EXPORT_SYMBOL(__mutex_init);

/*
 * @owner: contains: 'struct task_struct *' to the current lock owner,
 * NULL means not owned. Since task_struct pointers are aligned at
 * at least L1_CACHE_BYTES, we have low bits to store extra state
 * (6.1's MUTEX_FLAG_*; kmodlab sets none of them).
 */
#define MUTEX_FLAGS		0x07

bool mutex_is_locked(struct mutex *lock)
{
	return (atomic_long_read(&lock->owner) & ~MUTEX_FLAGS) != 0;
}
EXPORT_SYMBOL(mutex_is_locked);

static __always_inline bool __mutex_trylock_fast(struct mutex *lock)
{
	return cmpxchg_acquire(&lock->owner.counter, 0, (s64)(unsigned long)current) == 0;
}

int mutex_trylock(struct mutex *lock)
{
	return __mutex_trylock_fast(lock);
}
EXPORT_SYMBOL(mutex_trylock);

void mutex_lock(struct mutex *lock)
{
	might_sleep();

	while (!__mutex_trylock_fast(lock))
		schedule();
}
EXPORT_SYMBOL(mutex_lock);

static int __mutex_lock_signal(struct mutex *lock)
{
	might_sleep();

	while (!__mutex_trylock_fast(lock)) {
		if (signal_pending(current))
			return -EINTR;
		schedule();
	}
	return 0;
}

int mutex_lock_interruptible(struct mutex *lock)
{
	return __mutex_lock_signal(lock);
}
EXPORT_SYMBOL(mutex_lock_interruptible);

int mutex_lock_killable(struct mutex *lock)
{
	return __mutex_lock_signal(lock);
}
EXPORT_SYMBOL(mutex_lock_killable);

void mutex_unlock(struct mutex *lock)
{
	smp_store_release(&lock->owner.counter, 0);
}
EXPORT_SYMBOL(mutex_unlock);

/**
 * atomic_dec_and_mutex_lock - return holding mutex if we dec to 0
 * @cnt: the atomic which we are to dec
 * @lock: the mutex to return holding if we dec to 0
 *
 * return true and hold lock if we dec to 0, return false otherwise
 */
int atomic_dec_and_mutex_lock(atomic_t *cnt, struct mutex *lock)
{
	/* dec if we can't possibly hit 0 */
	if (atomic_add_unless(cnt, -1, 1))
		return 0;
	/* we might hit 0, so take the lock */
	mutex_lock(lock);
	if (!atomic_dec_and_test(cnt)) {
		/* when we actually did the dec, we didn't hit 0 */
		mutex_unlock(lock);
		return 0;
	}
	/* we hit 0, and we hold the lock */
	return 1;
}
EXPORT_SYMBOL(atomic_dec_and_mutex_lock);

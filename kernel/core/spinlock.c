// SPDX-License-Identifier: GPL-2.0
/*
 * Spinlocks: kernel/locking/spinlock.c and the qspinlock slow path. Debian's
 * 6.1 config inlines every lock and unlock (CONFIG_INLINE_SPIN_*): modules
 * take the lock word with the fast path of asm-generic/qspinlock.h and call
 * only queued_spin_lock_slowpath() when it is held. The out-of-line
 * _raw_spin_*() below are those same inlines (linux/spinlock_api_smp.h), kept
 * as functions for the core's scenarios and tests, as a kernel without
 * CONFIG_INLINE_SPIN_* builds them. Preemption counts while a lock is held
 * (kmodlab.h).
 *
 * Copyright (2004) Linus Torvalds
 *
 * Author: Zwane Mwaikambo <zwane@fsmlabs.com>
 *
 * Copyright (2004, 2005) Ingo Molnar
 */
#include "kmodlab.h"
#include <linux/spinlock.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/export.h>

/*
 * The slow path: the lock word was @val (non-zero) when the fast path's
 * cmpxchg failed. A test-and-test-and-set loop rather than 6.1's MCS queue:
 * wait with plain loads until the word reads as free, then try again.
 */
void queued_spin_lock_slowpath(struct qspinlock *lock, u32 val)
{
	for (;;) {
		while (atomic_read(&lock->val) != 0)
			cpu_relax();
		val = 0;
		if (atomic_try_cmpxchg_acquire(&lock->val, &val, _Q_LOCKED_VAL))
			return;
	}
}
EXPORT_SYMBOL(queued_spin_lock_slowpath);

#undef _raw_spin_trylock
#undef _raw_spin_trylock_bh
#undef _raw_spin_lock
#undef _raw_spin_lock_irqsave
#undef _raw_spin_lock_irq
#undef _raw_spin_lock_bh
#undef _raw_spin_unlock
#undef _raw_spin_unlock_irqrestore
#undef _raw_spin_unlock_irq
#undef _raw_spin_unlock_bh

noinline int __lockfunc _raw_spin_trylock(raw_spinlock_t *lock)
{
	return __raw_spin_trylock(lock);
}
EXPORT_SYMBOL(_raw_spin_trylock);

noinline int __lockfunc _raw_spin_trylock_bh(raw_spinlock_t *lock)
{
	return __raw_spin_trylock_bh(lock);
}
EXPORT_SYMBOL(_raw_spin_trylock_bh);

noinline void __lockfunc _raw_spin_lock(raw_spinlock_t *lock)
{
	__raw_spin_lock(lock);
}
EXPORT_SYMBOL(_raw_spin_lock);

noinline unsigned long __lockfunc _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	return __raw_spin_lock_irqsave(lock);
}
EXPORT_SYMBOL(_raw_spin_lock_irqsave);

noinline void __lockfunc _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	__raw_spin_lock_irq(lock);
}
EXPORT_SYMBOL(_raw_spin_lock_irq);

noinline void __lockfunc _raw_spin_lock_bh(raw_spinlock_t *lock)
{
	__raw_spin_lock_bh(lock);
}
EXPORT_SYMBOL(_raw_spin_lock_bh);

noinline void __lockfunc _raw_spin_unlock(raw_spinlock_t *lock)
{
	__raw_spin_unlock(lock);
}
EXPORT_SYMBOL(_raw_spin_unlock);

noinline void __lockfunc _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	__raw_spin_unlock_irqrestore(lock, flags);
}
EXPORT_SYMBOL(_raw_spin_unlock_irqrestore);

noinline void __lockfunc _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	__raw_spin_unlock_irq(lock);
}
EXPORT_SYMBOL(_raw_spin_unlock_irq);

noinline void __lockfunc _raw_spin_unlock_bh(raw_spinlock_t *lock)
{
	__raw_spin_unlock_bh(lock);
}
EXPORT_SYMBOL(_raw_spin_unlock_bh);

/* Debian inlines every rwlock operation but the trylocks */
int __lockfunc _raw_read_trylock(rwlock_t *lock)
{
	return __raw_read_trylock(lock);
}
EXPORT_SYMBOL(_raw_read_trylock);

int __lockfunc _raw_write_trylock(rwlock_t *lock)
{
	return __raw_write_trylock(lock);
}
EXPORT_SYMBOL(_raw_write_trylock);

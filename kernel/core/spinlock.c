// SPDX-License-Identifier: GPL-2.0
/*
 * Spinlocks (kernel/locking/spinlock.c with out-of-line locks), over a
 * test-and-test-and-set lock on the queued-spinlock word built from LSE
 * atomics: casa to take it, a plain load loop while it is held (no WFE), a
 * stlrb of 0 to the locked byte to release it. Preemption is disabled while
 * a lock is held (preempt_count in current's thread_info).
 *
 * Copyright (2004) Linus Torvalds
 *
 * Author: Zwane Mwaikambo <zwane@fsmlabs.com>
 *
 * Copyright (2004, 2005) Ingo Molnar
 */
#include <linux/spinlock.h>
#include <linux/preempt.h>
#include <linux/bottom_half.h>
#include <linux/export.h>

static __always_inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	return cmpxchg_acquire(&lock->val.counter, 0, _Q_LOCKED_VAL) == 0;
}

/*
 * The qspinlock slow path: the lock word was @val (non-zero) when the fast
 * path's cmpxchg failed. Wait until it reads as free, then try again.
 */
void queued_spin_lock_slowpath(struct qspinlock *lock, u32 val)
{
	for (;;) {
		while (READ_ONCE(lock->val.counter) != 0)
			cpu_relax();
		if (arch_spin_trylock(lock))
			return;
	}
}
EXPORT_SYMBOL(queued_spin_lock_slowpath);

static __always_inline void arch_spin_lock(arch_spinlock_t *lock)
{
	if (likely(arch_spin_trylock(lock)))
		return;

	queued_spin_lock_slowpath(lock, _Q_LOCKED_VAL);
}

static __always_inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	/*
	 * unlock() needs release semantics:
	 */
	smp_store_release(&lock->locked, 0);
}

int _raw_spin_trylock(raw_spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(&lock->raw_lock))
		return 1;
	preempt_enable();
	return 0;
}
EXPORT_SYMBOL(_raw_spin_trylock);

int _raw_spin_trylock_bh(raw_spinlock_t *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	if (arch_spin_trylock(&lock->raw_lock))
		return 1;
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	return 0;
}
EXPORT_SYMBOL(_raw_spin_trylock_bh);

void _raw_spin_lock(raw_spinlock_t *lock)
{
	preempt_disable();
	arch_spin_lock(&lock->raw_lock);
}
EXPORT_SYMBOL(_raw_spin_lock);

unsigned long _raw_spin_lock_irqsave(raw_spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	arch_spin_lock(&lock->raw_lock);
	return flags;
}
EXPORT_SYMBOL(_raw_spin_lock_irqsave);

void _raw_spin_lock_irq(raw_spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	arch_spin_lock(&lock->raw_lock);
}
EXPORT_SYMBOL(_raw_spin_lock_irq);

void _raw_spin_lock_bh(raw_spinlock_t *lock)
{
	__local_bh_disable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
	arch_spin_lock(&lock->raw_lock);
}
EXPORT_SYMBOL(_raw_spin_lock_bh);

void _raw_spin_unlock(raw_spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw_lock);
	preempt_enable();
}
EXPORT_SYMBOL(_raw_spin_unlock);

void _raw_spin_unlock_irqrestore(raw_spinlock_t *lock, unsigned long flags)
{
	arch_spin_unlock(&lock->raw_lock);
	local_irq_restore(flags);
	preempt_enable();
}
EXPORT_SYMBOL(_raw_spin_unlock_irqrestore);

void _raw_spin_unlock_irq(raw_spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw_lock);
	local_irq_enable();
	preempt_enable();
}
EXPORT_SYMBOL(_raw_spin_unlock_irq);

void _raw_spin_unlock_bh(raw_spinlock_t *lock)
{
	arch_spin_unlock(&lock->raw_lock);
	__local_bh_enable_ip(_RET_IP_, SOFTIRQ_LOCK_OFFSET);
}
EXPORT_SYMBOL(_raw_spin_unlock_bh);

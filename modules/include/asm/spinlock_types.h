/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __ASM_SPINLOCK_TYPES_H
#define __ASM_SPINLOCK_TYPES_H

#include <linux/types.h>

/*
 * arm64 uses the queued spinlock layout (include/asm-generic/qspinlock_types.h):
 * one 32-bit word whose low byte is the "locked" byte. kmodlab's lock
 * (kernel/core/spinlock.c) only ever stores 0/1 in that byte and keeps the rest
 * of the word zero, so code that inlines the qspinlock fast paths (a cmpxchg of
 * 0 -> 1 to lock, a release store of 0 to the locked byte to unlock, as modules
 * of kernels with inline spinlocks do) interoperates with it.
 */
typedef struct qspinlock {
	union {
		atomic_t val;

		/*
		 * By using the whole 2nd least significant byte for the
		 * pending bit, we can allow better optimization of the lock
		 * acquisition for the pending bit holder.
		 */
		struct {
			u8	locked;
			u8	pending;
		};
		struct {
			u16	locked_pending;
			u16	tail;
		};
	};
} arch_spinlock_t;

/*
 * Initializier
 */
#define	__ARCH_SPIN_LOCK_UNLOCKED	{ { .val = ATOMIC_INIT(0) } }

#define	_Q_LOCKED_VAL		(1U << 0)

#endif

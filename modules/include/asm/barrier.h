/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __ASM_BARRIER_H
#define __ASM_BARRIER_H

#ifndef __ASSEMBLY__

#include <linux/compiler.h>

#define nops(n)		asm volatile(".rept	" #n "\nnop\n.endr\n")

#define sev()		asm volatile("sev" : : : "memory")
#define wfe()		asm volatile("wfe" : : : "memory")
#define wfi()		asm volatile("wfi" : : : "memory")

#define isb()		asm volatile("isb" : : : "memory")
#define dmb(opt)	asm volatile("dmb " #opt : : : "memory")
#define dsb(opt)	asm volatile("dsb " #opt : : : "memory")

#define mb()		dsb(sy)
#define rmb()		dsb(ld)
#define wmb()		dsb(st)

#define dma_mb()	dmb(osh)
#define dma_rmb()	dmb(oshld)
#define dma_wmb()	dmb(oshst)

#define smp_mb()	dmb(ish)
#define smp_rmb()	dmb(ishld)
#define smp_wmb()	dmb(ishst)

#define __smp_mb()	smp_mb()
#define __smp_rmb()	smp_rmb()
#define __smp_wmb()	smp_wmb()

#define smp_mb__before_atomic()	smp_mb()
#define smp_mb__after_atomic()	smp_mb()

/* stlr / ldar of the natural size */
#define smp_store_release(p, v)						\
do {									\
	compiletime_assert_atomic_type(*p);				\
	__atomic_store_n(p, v, __ATOMIC_RELEASE);			\
} while (0)

#define smp_load_acquire(p)						\
({									\
	compiletime_assert_atomic_type(*p);				\
	__atomic_load_n(p, __ATOMIC_ACQUIRE);				\
})

#define smp_store_mb(var, value)	do { WRITE_ONCE(var, value); smp_mb(); } while (0)

#define smp_cond_load_relaxed(ptr, cond_expr)				\
({									\
	typeof(ptr) __PTR = (ptr);					\
	__unqual_scalar_typeof(*ptr) VAL;				\
	for (;;) {							\
		VAL = READ_ONCE(*__PTR);				\
		if (cond_expr)						\
			break;						\
	}								\
	(typeof(*ptr))VAL;						\
})

#define smp_cond_load_acquire(ptr, cond_expr)				\
({									\
	typeof(ptr) __PTR = (ptr);					\
	__unqual_scalar_typeof(*ptr) VAL;				\
	for (;;) {							\
		VAL = smp_load_acquire(__PTR);				\
		if (cond_expr)						\
			break;						\
	}								\
	(typeof(*ptr))VAL;						\
})

#define cpu_relax()	barrier()

#endif	/* __ASSEMBLY__ */

#endif	/* __ASM_BARRIER_H */

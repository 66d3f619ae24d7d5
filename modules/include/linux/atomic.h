/* SPDX-License-Identifier: GPL-2.0 */
/* Atomic operations usable in machine independent code */
#ifndef _LINUX_ATOMIC_H
#define _LINUX_ATOMIC_H

#include <linux/types.h>
#include <asm/atomic.h>
#include <asm/barrier.h>

/*
 * The generic atomic API of include/linux/atomic/atomic-{arch-fallback,
 * instrumented,long}.h: everything is derived from the arm64 LSE primitives
 * of <asm/atomic.h>, for atomic_t (int), atomic64_t (s64) and atomic_long_t.
 */

#define __KMODLAB_ATOMIC(pfx, T, v_t)					\
static __always_inline T pfx##_read(const v_t *v)			\
{									\
	return arch_##pfx##_read(v);					\
}									\
static __always_inline T pfx##_read_acquire(const v_t *v)		\
{									\
	return smp_load_acquire(&(v)->counter);				\
}									\
static __always_inline void pfx##_set(v_t *v, T i)			\
{									\
	arch_##pfx##_set(v, i);						\
}									\
static __always_inline void pfx##_set_release(v_t *v, T i)		\
{									\
	smp_store_release(&(v)->counter, i);				\
}									\
static __always_inline void pfx##_add(T i, v_t *v)			\
{									\
	arch_##pfx##_add(i, v);						\
}									\
static __always_inline void pfx##_sub(T i, v_t *v)			\
{									\
	arch_##pfx##_sub(i, v);						\
}									\
static __always_inline void pfx##_inc(v_t *v)				\
{									\
	arch_##pfx##_add(1, v);						\
}									\
static __always_inline void pfx##_dec(v_t *v)				\
{									\
	arch_##pfx##_sub(1, v);						\
}									\
static __always_inline void pfx##_and(T i, v_t *v)			\
{									\
	arch_##pfx##_and(i, v);						\
}									\
static __always_inline void pfx##_andnot(T i, v_t *v)			\
{									\
	arch_##pfx##_andnot(i, v);					\
}									\
static __always_inline void pfx##_or(T i, v_t *v)			\
{									\
	arch_##pfx##_or(i, v);						\
}									\
static __always_inline void pfx##_xor(T i, v_t *v)			\
{									\
	arch_##pfx##_xor(i, v);						\
}									\
static __always_inline T pfx##_add_return(T i, v_t *v)			\
{									\
	return arch_##pfx##_add_return(i, v);				\
}									\
static __always_inline T pfx##_add_return_relaxed(T i, v_t *v)		\
{									\
	return arch_##pfx##_add_return_relaxed(i, v);			\
}									\
static __always_inline T pfx##_add_return_acquire(T i, v_t *v)		\
{									\
	return arch_##pfx##_add_return_acquire(i, v);			\
}									\
static __always_inline T pfx##_add_return_release(T i, v_t *v)		\
{									\
	return arch_##pfx##_add_return_release(i, v);			\
}									\
static __always_inline T pfx##_sub_return(T i, v_t *v)			\
{									\
	return arch_##pfx##_sub_return(i, v);				\
}									\
static __always_inline T pfx##_sub_return_relaxed(T i, v_t *v)		\
{									\
	return arch_##pfx##_sub_return_relaxed(i, v);			\
}									\
static __always_inline T pfx##_inc_return(v_t *v)			\
{									\
	return arch_##pfx##_add_return(1, v);				\
}									\
static __always_inline T pfx##_inc_return_relaxed(v_t *v)		\
{									\
	return arch_##pfx##_add_return_relaxed(1, v);			\
}									\
static __always_inline T pfx##_dec_return(v_t *v)			\
{									\
	return arch_##pfx##_sub_return(1, v);				\
}									\
static __always_inline T pfx##_dec_return_relaxed(v_t *v)		\
{									\
	return arch_##pfx##_sub_return_relaxed(1, v);			\
}									\
static __always_inline T pfx##_fetch_add(T i, v_t *v)			\
{									\
	return arch_##pfx##_fetch_add(i, v);				\
}									\
static __always_inline T pfx##_fetch_add_relaxed(T i, v_t *v)		\
{									\
	return arch_##pfx##_fetch_add_relaxed(i, v);			\
}									\
static __always_inline T pfx##_fetch_sub(T i, v_t *v)			\
{									\
	return arch_##pfx##_fetch_sub(i, v);				\
}									\
static __always_inline T pfx##_fetch_inc(v_t *v)			\
{									\
	return arch_##pfx##_fetch_add(1, v);				\
}									\
static __always_inline T pfx##_fetch_dec(v_t *v)			\
{									\
	return arch_##pfx##_fetch_sub(1, v);				\
}									\
static __always_inline T pfx##_fetch_and(T i, v_t *v)			\
{									\
	return arch_##pfx##_fetch_and(i, v);				\
}									\
static __always_inline T pfx##_fetch_andnot(T i, v_t *v)		\
{									\
	return arch_##pfx##_fetch_andnot(i, v);				\
}									\
static __always_inline T pfx##_fetch_or(T i, v_t *v)			\
{									\
	return arch_##pfx##_fetch_or(i, v);				\
}									\
static __always_inline T pfx##_fetch_xor(T i, v_t *v)			\
{									\
	return arch_##pfx##_fetch_xor(i, v);				\
}									\
static __always_inline T pfx##_xchg(v_t *v, T i)			\
{									\
	return arch_##pfx##_xchg(v, i);					\
}									\
static __always_inline T pfx##_xchg_relaxed(v_t *v, T i)		\
{									\
	return arch_##pfx##_xchg_relaxed(v, i);				\
}									\
static __always_inline T pfx##_cmpxchg(v_t *v, T old, T new)		\
{									\
	return arch_##pfx##_cmpxchg(v, old, new);			\
}									\
static __always_inline T pfx##_cmpxchg_relaxed(v_t *v, T old, T new)	\
{									\
	return arch_##pfx##_cmpxchg_relaxed(v, old, new);		\
}									\
static __always_inline T pfx##_cmpxchg_acquire(v_t *v, T old, T new)	\
{									\
	return arch_##pfx##_cmpxchg_acquire(v, old, new);		\
}									\
static __always_inline T pfx##_cmpxchg_release(v_t *v, T old, T new)	\
{									\
	return arch_##pfx##_cmpxchg_release(v, old, new);		\
}									\
static __always_inline bool pfx##_try_cmpxchg(v_t *v, T *old, T new)	\
{									\
	T r, o = *old;							\
	r = arch_##pfx##_cmpxchg(v, o, new);				\
	if (unlikely(r != o))						\
		*old = r;						\
	return likely(r == o);						\
}									\
static __always_inline bool pfx##_try_cmpxchg_relaxed(v_t *v, T *old, T new) \
{									\
	T r, o = *old;							\
	r = arch_##pfx##_cmpxchg_relaxed(v, o, new);			\
	if (unlikely(r != o))						\
		*old = r;						\
	return likely(r == o);						\
}									\
static __always_inline bool pfx##_sub_and_test(T i, v_t *v)		\
{									\
	return pfx##_sub_return(i, v) == 0;				\
}									\
static __always_inline bool pfx##_dec_and_test(v_t *v)			\
{									\
	return pfx##_dec_return(v) == 0;				\
}									\
static __always_inline bool pfx##_inc_and_test(v_t *v)			\
{									\
	return pfx##_inc_return(v) == 0;				\
}									\
static __always_inline bool pfx##_add_negative(T i, v_t *v)		\
{									\
	return pfx##_add_return(i, v) < 0;				\
}									\
/* Adds @a to @v, so long as @v was not already @u. Returns the old value. */ \
static __always_inline T pfx##_fetch_add_unless(v_t *v, T a, T u)	\
{									\
	T c = pfx##_read(v);						\
									\
	do {								\
		if (unlikely(c == u))					\
			break;						\
	} while (!pfx##_try_cmpxchg(v, &c, c + a));			\
									\
	return c;							\
}									\
static __always_inline bool pfx##_add_unless(v_t *v, T a, T u)		\
{									\
	return pfx##_fetch_add_unless(v, a, u) != u;			\
}									\
static __always_inline bool pfx##_inc_not_zero(v_t *v)			\
{									\
	return pfx##_add_unless(v, 1, 0);				\
}									\
static __always_inline bool pfx##_inc_unless_negative(v_t *v)		\
{									\
	T c = pfx##_read(v);						\
									\
	do {								\
		if (unlikely(c < 0))					\
			return false;					\
	} while (!pfx##_try_cmpxchg(v, &c, c + 1));			\
									\
	return true;							\
}									\
static __always_inline bool pfx##_dec_unless_positive(v_t *v)		\
{									\
	T c = pfx##_read(v);						\
									\
	do {								\
		if (unlikely(c > 0))					\
			return false;					\
	} while (!pfx##_try_cmpxchg(v, &c, c - 1));			\
									\
	return true;							\
}									\
/* Decrements @v if the result is not negative; returns the result. */	\
static __always_inline T pfx##_dec_if_positive(v_t *v)			\
{									\
	T dec, c = pfx##_read(v);					\
									\
	do {								\
		dec = c - 1;						\
		if (unlikely(dec < 0))					\
			break;						\
	} while (!pfx##_try_cmpxchg(v, &c, dec));			\
									\
	return dec;							\
}

__KMODLAB_ATOMIC(atomic, int, atomic_t)
__KMODLAB_ATOMIC(atomic64, s64, atomic64_t)

#undef __KMODLAB_ATOMIC

/* atomic_long_t is atomic64_t on 64-bit */
#define arch_atomic_long_read		arch_atomic64_read
#define arch_atomic_long_set		arch_atomic64_set
#define atomic_long_read(v)		((long)atomic64_read(v))
#define atomic_long_set(v, i)		atomic64_set(v, i)
#define atomic_long_add(i, v)		atomic64_add(i, v)
#define atomic_long_sub(i, v)		atomic64_sub(i, v)
#define atomic_long_inc(v)		atomic64_inc(v)
#define atomic_long_dec(v)		atomic64_dec(v)
#define atomic_long_and(i, v)		atomic64_and(i, v)
#define atomic_long_andnot(i, v)	atomic64_andnot(i, v)
#define atomic_long_or(i, v)		atomic64_or(i, v)
#define atomic_long_xor(i, v)		atomic64_xor(i, v)
#define atomic_long_add_return(i, v)	((long)atomic64_add_return(i, v))
#define atomic_long_sub_return(i, v)	((long)atomic64_sub_return(i, v))
#define atomic_long_inc_return(v)	((long)atomic64_inc_return(v))
#define atomic_long_dec_return(v)	((long)atomic64_dec_return(v))
#define atomic_long_fetch_add(i, v)	((long)atomic64_fetch_add(i, v))
#define atomic_long_fetch_or(i, v)	((long)atomic64_fetch_or(i, v))
#define atomic_long_fetch_andnot(i, v)	((long)atomic64_fetch_andnot(i, v))
#define atomic_long_xchg(v, n)		((long)atomic64_xchg(v, n))
#define atomic_long_cmpxchg(v, o, n)	((long)atomic64_cmpxchg(v, o, n))
#define atomic_long_cmpxchg_acquire(v, o, n)	((long)atomic64_cmpxchg_acquire(v, o, n))
#define atomic_long_cmpxchg_release(v, o, n)	((long)atomic64_cmpxchg_release(v, o, n))
#define atomic_long_try_cmpxchg(v, po, n)	atomic64_try_cmpxchg(v, (s64 *)(po), n)
#define atomic_long_try_cmpxchg_acquire(v, po, n)	atomic64_try_cmpxchg(v, (s64 *)(po), n)
#define atomic_long_dec_and_test(v)	atomic64_dec_and_test(v)
#define atomic_long_inc_not_zero(v)	atomic64_inc_not_zero(v)
#define atomic_long_add_unless(v, a, u)	atomic64_add_unless(v, a, u)
#define atomic_long_dec_if_positive(v)	((long)atomic64_dec_if_positive(v))

#endif /* _LINUX_ATOMIC_H */

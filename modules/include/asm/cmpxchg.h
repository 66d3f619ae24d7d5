/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * cas{,a,l,al}{b,h,,} and swp{,a,l,al}{b,h,,}: arch/arm64/include/asm/cmpxchg.h
 * with the LSE implementations of atomic_lse.h.
 */
#ifndef __ASM_CMPXCHG_H
#define __ASM_CMPXCHG_H

#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/types.h>

#define __XCHG_CASE(w, sfx, name, sz, mb, cl...)			\
static __always_inline u##sz						\
__xchg_case_##name##sz(u##sz x, volatile void *ptr)			\
{									\
	u##sz ret;							\
									\
	asm volatile(							\
	"	swp" #mb #sfx "\t%" #w "[x], %" #w "[ret], %[v]\n"	\
	: [ret] "=&r" (ret), [v] "+Q" (*(u##sz *)ptr)			\
	: [x] "r" (x)							\
	: cl);								\
									\
	return ret;							\
}

__XCHG_CASE(w, b,     ,  8,   )
__XCHG_CASE(w, h,     , 16,   )
__XCHG_CASE(w,  ,     , 32,   )
__XCHG_CASE( ,  ,     , 64,   )
__XCHG_CASE(w, b, acq_,  8,  a, "memory")
__XCHG_CASE(w, h, acq_, 16,  a, "memory")
__XCHG_CASE(w,  , acq_, 32,  a, "memory")
__XCHG_CASE( ,  , acq_, 64,  a, "memory")
__XCHG_CASE(w, b, rel_,  8,  l, "memory")
__XCHG_CASE(w, h, rel_, 16,  l, "memory")
__XCHG_CASE(w,  , rel_, 32,  l, "memory")
__XCHG_CASE( ,  , rel_, 64,  l, "memory")
__XCHG_CASE(w, b,  mb_,  8, al, "memory")
__XCHG_CASE(w, h,  mb_, 16, al, "memory")
__XCHG_CASE(w,  ,  mb_, 32, al, "memory")
__XCHG_CASE( ,  ,  mb_, 64, al, "memory")

#undef __XCHG_CASE

extern void __xchg_called_with_bad_pointer(void) __compiletime_error("bad pointer size for xchg()");
extern void __cmpxchg_called_with_bad_pointer(void) __compiletime_error("bad pointer size for cmpxchg()");

#define __XCHG_GEN(sfx)							\
static __always_inline unsigned long					\
__arch_xchg##sfx(unsigned long x, volatile void *ptr, int size)	\
{									\
	switch (size) {							\
	case 1:								\
		return __xchg_case##sfx##_8(x, ptr);			\
	case 2:								\
		return __xchg_case##sfx##_16(x, ptr);			\
	case 4:								\
		return __xchg_case##sfx##_32(x, ptr);			\
	case 8:								\
		return __xchg_case##sfx##_64(x, ptr);			\
	default:							\
		__xchg_called_with_bad_pointer();			\
		return 0;						\
	}								\
									\
	unreachable();							\
}

__XCHG_GEN()
__XCHG_GEN(_acq)
__XCHG_GEN(_rel)
__XCHG_GEN(_mb)

#undef __XCHG_GEN

#define __xchg_wrapper(sfx, ptr, x)					\
({									\
	__typeof__(*(ptr)) __ret;					\
	__ret = (__typeof__(*(ptr)))					\
		__arch_xchg##sfx((unsigned long)(x), (ptr), sizeof(*(ptr))); \
	__ret;								\
})

#define arch_xchg_relaxed(...)	__xchg_wrapper(    , __VA_ARGS__)
#define arch_xchg_acquire(...)	__xchg_wrapper(_acq, __VA_ARGS__)
#define arch_xchg_release(...)	__xchg_wrapper(_rel, __VA_ARGS__)
#define arch_xchg(...)		__xchg_wrapper( _mb, __VA_ARGS__)

#define __CMPXCHG_CASE(w, sfx, name, sz, mb, cl...)			\
static __always_inline u##sz						\
__cmpxchg_case_##name##sz(volatile void *ptr, u##sz old, u##sz new)	\
{									\
	asm volatile(							\
	"	cas" #mb #sfx "\t%" #w "[old], %" #w "[new], %[v]\n"	\
	: [v] "+Q" (*(u##sz *)ptr),					\
	  [old] "+r" (old)						\
	: [new] "rZ" (new)						\
	: cl);								\
									\
	return old;							\
}

__CMPXCHG_CASE(w, b,     ,  8,   )
__CMPXCHG_CASE(w, h,     , 16,   )
__CMPXCHG_CASE(w,  ,     , 32,   )
__CMPXCHG_CASE(x,  ,     , 64,   )
__CMPXCHG_CASE(w, b, acq_,  8,  a, "memory")
__CMPXCHG_CASE(w, h, acq_, 16,  a, "memory")
__CMPXCHG_CASE(w,  , acq_, 32,  a, "memory")
__CMPXCHG_CASE(x,  , acq_, 64,  a, "memory")
__CMPXCHG_CASE(w, b, rel_,  8,  l, "memory")
__CMPXCHG_CASE(w, h, rel_, 16,  l, "memory")
__CMPXCHG_CASE(w,  , rel_, 32,  l, "memory")
__CMPXCHG_CASE(x,  , rel_, 64,  l, "memory")
__CMPXCHG_CASE(w, b,  mb_,  8, al, "memory")
__CMPXCHG_CASE(w, h,  mb_, 16, al, "memory")
__CMPXCHG_CASE(w,  ,  mb_, 32, al, "memory")
__CMPXCHG_CASE(x,  ,  mb_, 64, al, "memory")

#undef __CMPXCHG_CASE

#define __CMPXCHG_GEN(sfx)						\
static __always_inline unsigned long					\
__cmpxchg##sfx(volatile void *ptr, unsigned long old,			\
	       unsigned long new, int size)				\
{									\
	switch (size) {							\
	case 1:								\
		return __cmpxchg_case##sfx##_8(ptr, old, new);		\
	case 2:								\
		return __cmpxchg_case##sfx##_16(ptr, old, new);		\
	case 4:								\
		return __cmpxchg_case##sfx##_32(ptr, old, new);		\
	case 8:								\
		return __cmpxchg_case##sfx##_64(ptr, old, new);		\
	default:							\
		__cmpxchg_called_with_bad_pointer();			\
		return 0;						\
	}								\
									\
	unreachable();							\
}

__CMPXCHG_GEN()
__CMPXCHG_GEN(_acq)
__CMPXCHG_GEN(_rel)
__CMPXCHG_GEN(_mb)

#undef __CMPXCHG_GEN

#define __cmpxchg_wrapper(sfx, ptr, o, n)				\
({									\
	__typeof__(*(ptr)) __ret;					\
	__ret = (__typeof__(*(ptr)))					\
		__cmpxchg##sfx((ptr), (unsigned long)(o),		\
				(unsigned long)(n), sizeof(*(ptr)));	\
	__ret;								\
})

/* cmpxchg */
#define arch_cmpxchg_relaxed(...)	__cmpxchg_wrapper(    , __VA_ARGS__)
#define arch_cmpxchg_acquire(...)	__cmpxchg_wrapper(_acq, __VA_ARGS__)
#define arch_cmpxchg_release(...)	__cmpxchg_wrapper(_rel, __VA_ARGS__)
#define arch_cmpxchg(...)		__cmpxchg_wrapper( _mb, __VA_ARGS__)
#define arch_cmpxchg_local		arch_cmpxchg_relaxed

#define cmpxchg(...)		arch_cmpxchg(__VA_ARGS__)
#define cmpxchg_relaxed(...)	arch_cmpxchg_relaxed(__VA_ARGS__)
#define cmpxchg_acquire(...)	arch_cmpxchg_acquire(__VA_ARGS__)
#define cmpxchg_release(...)	arch_cmpxchg_release(__VA_ARGS__)
#define cmpxchg_local(...)	arch_cmpxchg_local(__VA_ARGS__)
#define xchg(...)		arch_xchg(__VA_ARGS__)
#define xchg_relaxed(...)	arch_xchg_relaxed(__VA_ARGS__)
#define xchg_acquire(...)	arch_xchg_acquire(__VA_ARGS__)
#define xchg_release(...)	arch_xchg_release(__VA_ARGS__)

#define try_cmpxchg(_ptr, _oldp, _new)					\
({									\
	typeof(*(_ptr)) *___op = (_oldp), ___o = *___op, ___r;		\
	___r = cmpxchg((_ptr), ___o, (_new));				\
	if (unlikely(___r != ___o))					\
		*___op = ___r;						\
	likely(___r == ___o);						\
})

#endif	/* __ASM_CMPXCHG_H */

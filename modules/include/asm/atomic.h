/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 atomics with the ARMv8.1 Large System Extensions, as
 * arch/arm64/include/asm/atomic_lse.h emits them (CONFIG_ARM64_LSE_ATOMICS,
 * the LSE alternative always selected): one stadd/ldadd/cas/swp instruction
 * per operation, fully ordered variants with the "al" suffix.
 */
#ifndef __ASM_ATOMIC_H
#define __ASM_ATOMIC_H

#include <linux/compiler.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/cmpxchg.h>

/* ---- plain operations: st<op> (no return, relaxed) ---- */

#define ATOMIC_OP(op, asm_op)						\
static __always_inline void arch_atomic_##op(int i, atomic_t *v)	\
{									\
	asm volatile(							\
	"	" #asm_op "	%w[i], %[v]\n"				\
	: [v] "+Q" (v->counter)						\
	: [i] "r" (i));							\
}									\
static __always_inline void arch_atomic64_##op(s64 i, atomic64_t *v)	\
{									\
	asm volatile(							\
	"	" #asm_op "	%[i], %[v]\n"				\
	: [v] "+Q" (v->counter)						\
	: [i] "r" (i));							\
}

ATOMIC_OP(andnot, stclr)
ATOMIC_OP(or, stset)
ATOMIC_OP(xor, steor)
ATOMIC_OP(add, stadd)

#undef ATOMIC_OP

static __always_inline void arch_atomic_sub(int i, atomic_t *v)
{
	arch_atomic_add(-i, v);
}

static __always_inline void arch_atomic64_sub(s64 i, atomic64_t *v)
{
	arch_atomic64_add(-i, v);
}

static __always_inline void arch_atomic_and(int i, atomic_t *v)
{
	arch_atomic_andnot(~i, v);
}

static __always_inline void arch_atomic64_and(s64 i, atomic64_t *v)
{
	arch_atomic64_andnot(~i, v);
}

/* ---- fetch operations: ld<op>{,a,l,al} ---- */

#define ATOMIC_FETCH_OP(name, mb, op, asm_op, cl...)			\
static __always_inline int						\
arch_atomic_fetch_##op##name(int i, atomic_t *v)			\
{									\
	int old;							\
									\
	asm volatile(							\
	"	" #asm_op #mb "	%w[i], %w[old], %[v]"			\
	: [v] "+Q" (v->counter),					\
	  [old] "=r" (old)						\
	: [i] "r" (i)							\
	: cl);								\
									\
	return old;							\
}									\
static __always_inline s64						\
arch_atomic64_fetch_##op##name(s64 i, atomic64_t *v)			\
{									\
	s64 old;							\
									\
	asm volatile(							\
	"	" #asm_op #mb "	%[i], %[old], %[v]"			\
	: [v] "+Q" (v->counter),					\
	  [old] "=r" (old)						\
	: [i] "r" (i)							\
	: cl);								\
									\
	return old;							\
}

#define ATOMIC_FETCH_OPS(op, asm_op)					\
	ATOMIC_FETCH_OP(_relaxed,   , op, asm_op)			\
	ATOMIC_FETCH_OP(_acquire,  a, op, asm_op, "memory")		\
	ATOMIC_FETCH_OP(_release,  l, op, asm_op, "memory")		\
	ATOMIC_FETCH_OP(        , al, op, asm_op, "memory")

ATOMIC_FETCH_OPS(andnot, ldclr)
ATOMIC_FETCH_OPS(or, ldset)
ATOMIC_FETCH_OPS(xor, ldeor)
ATOMIC_FETCH_OPS(add, ldadd)

#undef ATOMIC_FETCH_OP
#undef ATOMIC_FETCH_OPS

#define ATOMIC_FETCH_OP_DERIVED(name)					\
static __always_inline int						\
arch_atomic_fetch_sub##name(int i, atomic_t *v)				\
{									\
	return arch_atomic_fetch_add##name(-i, v);			\
}									\
static __always_inline s64						\
arch_atomic64_fetch_sub##name(s64 i, atomic64_t *v)			\
{									\
	return arch_atomic64_fetch_add##name(-i, v);			\
}									\
static __always_inline int						\
arch_atomic_add_return##name(int i, atomic_t *v)			\
{									\
	return arch_atomic_fetch_add##name(i, v) + i;			\
}									\
static __always_inline s64						\
arch_atomic64_add_return##name(s64 i, atomic64_t *v)			\
{									\
	return arch_atomic64_fetch_add##name(i, v) + i;			\
}									\
static __always_inline int						\
arch_atomic_sub_return##name(int i, atomic_t *v)			\
{									\
	return arch_atomic_fetch_add##name(-i, v) - i;			\
}									\
static __always_inline s64						\
arch_atomic64_sub_return##name(s64 i, atomic64_t *v)			\
{									\
	return arch_atomic64_fetch_add##name(-i, v) - i;		\
}									\
static __always_inline int						\
arch_atomic_fetch_and##name(int i, atomic_t *v)				\
{									\
	return arch_atomic_fetch_andnot##name(~i, v);			\
}									\
static __always_inline s64						\
arch_atomic64_fetch_and##name(s64 i, atomic64_t *v)			\
{									\
	return arch_atomic64_fetch_andnot##name(~i, v);			\
}

ATOMIC_FETCH_OP_DERIVED(_relaxed)
ATOMIC_FETCH_OP_DERIVED(_acquire)
ATOMIC_FETCH_OP_DERIVED(_release)
ATOMIC_FETCH_OP_DERIVED()

#undef ATOMIC_FETCH_OP_DERIVED

/* ---- read/set/cmpxchg/xchg ---- */

#define arch_atomic_read(v)			READ_ONCE((v)->counter)
#define arch_atomic_set(v, i)			WRITE_ONCE(((v)->counter), (i))
#define arch_atomic64_read(v)			READ_ONCE((v)->counter)
#define arch_atomic64_set(v, i)			WRITE_ONCE(((v)->counter), (i))

#define arch_atomic_cmpxchg(v, o, n)		arch_cmpxchg(&((v)->counter), (o), (n))
#define arch_atomic_cmpxchg_relaxed(v, o, n)	arch_cmpxchg_relaxed(&((v)->counter), (o), (n))
#define arch_atomic_cmpxchg_acquire(v, o, n)	arch_cmpxchg_acquire(&((v)->counter), (o), (n))
#define arch_atomic_cmpxchg_release(v, o, n)	arch_cmpxchg_release(&((v)->counter), (o), (n))
#define arch_atomic64_cmpxchg(v, o, n)		arch_cmpxchg(&((v)->counter), (o), (n))
#define arch_atomic64_cmpxchg_relaxed(v, o, n)	arch_cmpxchg_relaxed(&((v)->counter), (o), (n))
#define arch_atomic64_cmpxchg_acquire(v, o, n)	arch_cmpxchg_acquire(&((v)->counter), (o), (n))
#define arch_atomic64_cmpxchg_release(v, o, n)	arch_cmpxchg_release(&((v)->counter), (o), (n))

#define arch_atomic_xchg(v, n)			arch_xchg(&((v)->counter), (n))
#define arch_atomic_xchg_relaxed(v, n)		arch_xchg_relaxed(&((v)->counter), (n))
#define arch_atomic64_xchg(v, n)		arch_xchg(&((v)->counter), (n))
#define arch_atomic64_xchg_relaxed(v, n)	arch_xchg_relaxed(&((v)->counter), (n))

#endif /* __ASM_ATOMIC_H */

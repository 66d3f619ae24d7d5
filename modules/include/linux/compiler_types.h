/* SPDX-License-Identifier: GPL-2.0 */
#ifndef __LINUX_COMPILER_TYPES_H
#define __LINUX_COMPILER_TYPES_H

#ifndef __ASSEMBLY__

/* sparse annotations: no-ops for the compiler */
# define __user
# define __kernel
# define __safe
# define __force
# define __nocast
# define __iomem
# define __percpu
# define __rcu
# define __private
# define __chk_user_ptr(x)	(void)0
# define __chk_io_ptr(x)	(void)0
# define __must_hold(x)
# define __acquires(x)
# define __releases(x)
# define __acquire(x)		(void)0
# define __release(x)		(void)0
# define __cond_lock(x, c)	(c)
# define __bitwise
# define ACCESS_PRIVATE(p, member) ((p)->member)

/* Indirect macros required for expanded argument pasting, eg. __LINE__. */
#define ___PASTE(a,b) a##b
#define __PASTE(a,b) ___PASTE(a,b)

#include <linux/compiler_attributes.h>

#define __UNIQUE_ID(prefix) __PASTE(__PASTE(__UNIQUE_ID_, prefix), __COUNTER__)

#define inline inline __gnu_inline __inline_maybe_unused notrace
#define __inline__ inline
#define __inline_maybe_unused __maybe_unused
#define noinline_for_stack noinline
#define __noinline_for_stack
#define notrace __attribute__((__no_instrument_function__))
#define __no_kcsan
#define __no_sanitize_or_inline __always_inline
#define __latent_entropy
#define __randomize_layout
#define __no_randomize_layout
#define randomized_struct_fields_start	struct {
#define randomized_struct_fields_end	};
#define __noscs
#define __nocfi
#define __noinitretpoline
#define __compiletime_object_size(obj) __builtin_object_size(obj, 0)
#define __compiletime_warning(msg) __attribute__((__warning__(msg)))
#define __compiletime_error(msg) __attribute__((__error__(msg)))
#define asmlinkage

#define __alloc_size(x, ...)	__alloc_size__(x, ## __VA_ARGS__) __malloc
#define __realloc_size(x, ...)	__alloc_size__(x, ## __VA_ARGS__)
#define __cacheline_aligned_in_smp __attribute__((__aligned__(64)))

/* Are two types/vars the same type (ignoring qualifiers)? */
#define __same_type(a, b) __builtin_types_compatible_p(typeof(a), typeof(b))

#define __native_word(t) \
	(sizeof(t) == sizeof(char) || sizeof(t) == sizeof(short) || \
	 sizeof(t) == sizeof(int) || sizeof(t) == sizeof(long))

#define __compiletime_assert(condition, msg, prefix, suffix)		\
	do {								\
		__noreturn extern void prefix ## suffix(void)		\
			__compiletime_error(msg);			\
		if (!(condition))					\
			prefix ## suffix();				\
	} while (0)

#define _compiletime_assert(condition, msg, prefix, suffix) \
	__compiletime_assert(condition, msg, prefix, suffix)

#define compiletime_assert(condition, msg) \
	_compiletime_assert(condition, msg, __compiletime_assert_, __COUNTER__)

#define compiletime_assert_atomic_type(t)				\
	compiletime_assert(__native_word(t),				\
		"Need native word sized stores/loads for atomicity.")

/* Helpers for emitting diagnostics in pragmas. */
#define __diag(s)
#define __diag_push()
#define __diag_pop()

#define __unqual_scalar_typeof(x) typeof(				\
		_Generic((x),						\
			 char:	(char)0,				\
			 signed char:	(signed char)0,			\
			 unsigned char:	(unsigned char)0,		\
			 signed short:	(signed short)0,		\
			 unsigned short:	(unsigned short)0,	\
			 signed int:	(signed int)0,			\
			 unsigned int:	(unsigned int)0,		\
			 signed long:	(signed long)0,			\
			 unsigned long:	(unsigned long)0,		\
			 signed long long:	(signed long long)0,	\
			 unsigned long long:	(unsigned long long)0,	\
			 default: (x)))

#endif /* __ASSEMBLY__ */

#endif /* __LINUX_COMPILER_TYPES_H */

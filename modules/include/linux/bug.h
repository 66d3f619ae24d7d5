/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_BUG_H
#define _LINUX_BUG_H

#include <linux/compiler.h>
#include <linux/build_bug.h>
#include <linux/panic.h>
#include <linux/printk.h>

#define BUGFLAG_WARNING		(1 << 0)
#define BUGFLAG_ONCE		(1 << 1)
#define BUGFLAG_DONE		(1 << 2)
#define BUGFLAG_NO_CUT_HERE	(1 << 3)	/* CUT_HERE already sent */
#define BUGFLAG_TAINT(taint)	((taint) << 8)
#define BUG_GET_TAINT(bug)	((bug)->flags >> 8)

#ifndef __ASSEMBLY__

/* CONFIG_GENERIC_BUG_RELATIVE_POINTERS, CONFIG_DEBUG_BUGVERBOSE: 12 bytes */
struct bug_entry {
	signed int	bug_addr_disp;
	signed int	file_disp;
	unsigned short	line;
	unsigned short	flags;
};
_Static_assert(sizeof(struct bug_entry) == 12, "sizeof(struct bug_entry)");

#include <asm/bug.h>

#define CUT_HERE		"------------[ cut here ]------------\n"

/* a kernel service */
extern __printf(1, 2) void __warn_printk(const char *fmt, ...);

#define BUG_ON(condition) do { if (unlikely(condition)) BUG(); } while (0)

#define __WARN()		__WARN_FLAGS(BUGFLAG_TAINT(TAINT_WARN))
#define __WARN_printf(taint, arg...) do {				\
		__warn_printk(arg);					\
		__WARN_FLAGS(BUGFLAG_NO_CUT_HERE | BUGFLAG_TAINT(taint));\
	} while (0)

#define WARN_ON_ONCE(condition) ({				\
	int __ret_warn_on = !!(condition);			\
	if (unlikely(__ret_warn_on))				\
		__WARN_FLAGS(BUGFLAG_ONCE |			\
			     BUGFLAG_TAINT(TAINT_WARN));	\
	unlikely(__ret_warn_on);				\
})

#define WARN_ON(condition) ({						\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__WARN();						\
	unlikely(__ret_warn_on);					\
})

#define WARN(condition, format...) ({					\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__WARN_printf(TAINT_WARN, format);			\
	unlikely(__ret_warn_on);					\
})

#define WARN_TAINT(condition, taint, format...) ({			\
	int __ret_warn_on = !!(condition);				\
	if (unlikely(__ret_warn_on))					\
		__WARN_printf(taint, format);				\
	unlikely(__ret_warn_on);					\
})

#define WARN_TAINT_ONCE(condition, taint, format...)	({		\
	static bool __section(".data.once") __already_done;		\
	int __ret_warn_once = !!(condition);				\
									\
	if (unlikely(__ret_warn_once && !__already_done)) {		\
		__already_done = true;					\
		WARN_TAINT(1, taint, format);				\
	}								\
	unlikely(__ret_warn_once);					\
})

#define WARN_ONCE(condition, format...)	({				\
	static bool __section(".data.once") __already_done;		\
	int __ret_warn_once = !!(condition);				\
									\
	if (unlikely(__ret_warn_once && !__already_done)) {		\
		__already_done = true;					\
		WARN(1, format);					\
	}								\
	unlikely(__ret_warn_once);					\
})

#endif /* __ASSEMBLY__ */

#endif	/* _LINUX_BUG_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * arm64 BUG()/WARN(): a `brk #0x800` (BUG_BRK_IMM) with a struct bug_entry in
 * __bug_table recording the brk's address, file, line and flags
 * (arch/arm64/include/asm/asm-bug.h with CONFIG_GENERIC_BUG_RELATIVE_POINTERS
 * and CONFIG_DEBUG_BUGVERBOSE). The brk handler finds the entry by the faulting
 * PC: BUGFLAG_WARNING entries print a warning and resume at PC + 4, others oops.
 */
#ifndef _ARCH_ARM64_ASM_BUG_H
#define _ARCH_ARM64_ASM_BUG_H

#include <linux/stringify.h>

#define BUG_BRK_IMM			0x800

#define _BUGVERBOSE_LOCATION(file, line) __BUGVERBOSE_LOCATION(file, line)
#define __BUGVERBOSE_LOCATION(file, line)			\
		.pushsection .rodata.str,"aMS",@progbits,1;	\
	14472:	.string file;					\
		.popsection;					\
								\
		.long 14472b - 14470b;				\
		.short line;

#define __BUG_ENTRY(flags) 				\
		.pushsection __bug_table,"aw";		\
		.align 2;				\
	14470:	.long 14471f - 14470b;			\
_BUGVERBOSE_LOCATION(__FILE__, __LINE__)		\
		.short flags; 				\
		.popsection;				\
	14471:

#define ASM_BUG_FLAGS(flags)				\
	__BUG_ENTRY(flags)				\
	brk	BUG_BRK_IMM

#define ASM_BUG()	ASM_BUG_FLAGS(0)

#define __BUG_FLAGS(flags)				\
	asm volatile (__stringify(ASM_BUG_FLAGS(flags)));

#define BUG() do {					\
	__BUG_FLAGS(0);					\
	unreachable();					\
} while (0)

#define __WARN_FLAGS(flags) __BUG_FLAGS(BUGFLAG_WARNING|(flags))

#define HAVE_ARCH_BUG

#endif /* ! _ARCH_ARM64_ASM_BUG_H */

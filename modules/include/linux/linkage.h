/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_LINKAGE_H
#define _LINUX_LINKAGE_H

#include <linux/compiler_types.h>
#include <linux/stringify.h>

#ifdef __ASSEMBLY__
#define ALIGN		.balign 4
#define SYM_FUNC_START(name)	\
	.globl name;		\
	.type name, %function;	\
	ALIGN;			\
	name:
#define SYM_FUNC_END(name)	\
	.size name, . - name
#endif

#endif

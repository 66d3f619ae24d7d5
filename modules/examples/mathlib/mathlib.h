/* SPDX-License-Identifier: GPL-2.0 */
/* The interface mathlib.ko exports to other modules. */
#ifndef _MATHLIB_H
#define _MATHLIB_H

#include <linux/types.h>

int mathlib_add(int a, int b);
u32 mathlib_checksum(const void *buf, size_t len);
long mathlib_scale(long value, long num, long den);	/* GPL-only */
unsigned long mathlib_call_count(void);

#endif /* _MATHLIB_H */

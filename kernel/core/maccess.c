// SPDX-License-Identifier: GPL-2.0
/*
 * mm/maccess.c (6.1), __copy_overflow(): what copy_{from,to}_user's
 * compile-time size check reports when a copy would overflow its buffer.
 * The kernel-memory probes (copy_from_kernel_nofault ...) are left out.
 */
#include "kmodlab.h"
/* mm/maccess.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/export.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <asm/tlb.h>

void __copy_overflow(int size, unsigned long count)
{
	WARN(1, "Buffer overflow detected (%d < %lu)!\n", size, count);
}
EXPORT_SYMBOL(__copy_overflow);

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_VMALLOC_H
#define _LINUX_VMALLOC_H

#include <linux/init.h>
#include <linux/types.h>
#include <linux/gfp.h>
#include <asm/page.h>

/*
 *	Highlevel APIs for driver use: kernel services (the TypeScript
 *	allocator maps pages in the vmalloc area, with guard pages).
 */
extern void *vmalloc(unsigned long size) __alloc_size(1);
extern void *vzalloc(unsigned long size) __alloc_size(1);
extern void vfree(const void *addr);

/* the vmalloc area of the kmodlab address map (docs/ARCHITECTURE.md) */
#define VMALLOC_END		(VMALLOC_START + (_AC(3, UL) << 29))

static inline bool is_vmalloc_addr(const void *x)
{
	unsigned long addr = (unsigned long)x;

	return addr >= VMALLOC_START && addr < VMALLOC_END;
}

#endif /* _LINUX_VMALLOC_H */

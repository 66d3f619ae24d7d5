/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __ASM_PAGE_H
#define __ASM_PAGE_H

#include <linux/const.h>

/* PAGE_SHIFT determines the page size (4 KiB granule) */
#define PAGE_SHIFT		12
#define PAGE_SIZE		(_AC(1, UL) << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE-1))
#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)

/* The kmodlab address map (docs/ARCHITECTURE.md) */
#define MODULES_VADDR		_AC(0xffff800000000000, UL)
#define MODULES_VSIZE		(_AC(128, UL) << 20)
#define KIMAGE_VADDR		_AC(0xffff800008000000, UL)
#define VMALLOC_START		_AC(0xffff800010000000, UL)
#define PAGE_OFFSET		_AC(0xffff800080000000, UL)

#endif

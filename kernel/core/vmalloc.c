// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/vmalloc.c (6.1), the part that lets vmalloc memory be mapped to user
 * space: vmalloc_user() (an area marked VM_USERMAP), vmalloc_to_pfn() and
 * vmalloc_to_page(), remap_vmalloc_range(). The allocator is the TypeScript
 * kernel's (kernel/mm/vmalloc.ts); vmalloc_user, vmalloc_32_user and
 * vmalloc_to_pfn are its services (services.h), exported here.
 *
 *  Copyright (C) 1993  Linus Torvalds
 */
#include "kmodlab.h"
/* mm/vmalloc.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/highmem.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/interrupt.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/set_memory.h>
#include <linux/debugobjects.h>
#include <linux/kallsyms.h>
#include <linux/list.h>
#include <linux/notifier.h>
#include <linux/rbtree.h>
#include <linux/xarray.h>
#include <linux/io.h>
#include <linux/rcupdate.h>
#include <linux/pfn.h>
#include <linux/kmemleak.h>
#include <linux/atomic.h>
#include <linux/compiler.h>
#include <linux/memcontrol.h>
#include <linux/llist.h>
#include <linux/bitops.h>
#include <linux/rbtree_augmented.h>
#include <linux/overflow.h>
#include <linux/pgtable.h>
#include <linux/uaccess.h>
#include <linux/hugetlb.h>
#include <linux/sched/mm.h>
#include <asm/tlbflush.h>
#include <asm/shmparam.h>

#include "mm_internal.h"

/* the size of the VM_USERMAP area that starts at @addr, or 0 (kernel/mm/vmalloc.ts) */
unsigned long __kmodlab_vm_area_usermap(const void *addr);

EXPORT_SYMBOL(vmalloc_user);
EXPORT_SYMBOL(vmalloc_32_user);
EXPORT_SYMBOL(vmalloc_to_pfn);

struct page *vmalloc_to_page(const void *vmalloc_addr)
{
	unsigned long pfn = vmalloc_to_pfn(vmalloc_addr);

	return pfn ? pfn_to_page(pfn) : NULL;
}
EXPORT_SYMBOL(vmalloc_to_page);

/**
 * remap_vmalloc_range_partial - map vmalloc pages to userspace
 * @vma: vma to cover
 * @uaddr: target user address to start at
 * @kaddr: virtual address of vmalloc kernel memory
 * @pgoff: offset from @kaddr to start at
 * @size: size of map area
 *
 * Returns: 0 for success, -Exxx on failure. Only areas from vmalloc_user()
 * (VM_USERMAP) may be mapped.
 */
int remap_vmalloc_range_partial(struct vm_area_struct *vma, unsigned long uaddr,
				void *kaddr, unsigned long pgoff, unsigned long size)
{
	unsigned long area_size, off, end_index;

	if (check_shl_overflow(pgoff, PAGE_SHIFT, &off))
		return -EINVAL;
	size = PAGE_ALIGN(size);
	if (!PAGE_ALIGNED(uaddr) || !PAGE_ALIGNED(kaddr))
		return -EINVAL;
	area_size = __kmodlab_vm_area_usermap(kaddr);
	if (!area_size)
		return -EINVAL;
	if (check_add_overflow(size, off, &end_index) || end_index > area_size)
		return -EINVAL;
	kaddr += off;
	do {
		int ret = vm_insert_page(vma, uaddr, vmalloc_to_page(kaddr));

		if (ret)
			return ret;
		uaddr += PAGE_SIZE;
		kaddr += PAGE_SIZE;
		size -= PAGE_SIZE;
	} while (size > 0);
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	return 0;
}

/**
 * remap_vmalloc_range - map vmalloc pages to userspace
 * @vma: vma to cover (map full range of vma)
 * @addr: vmalloc memory
 * @pgoff: number of pages into addr before first page to map
 */
int remap_vmalloc_range(struct vm_area_struct *vma, void *addr, unsigned long pgoff)
{
	return remap_vmalloc_range_partial(vma, vma->vm_start, addr, pgoff,
					   vma->vm_end - vma->vm_start);
}
EXPORT_SYMBOL(remap_vmalloc_range);

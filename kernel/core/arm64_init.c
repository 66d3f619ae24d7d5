// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/arm64/mm/init.c (6.1): memstart_addr, the PHYS_OFFSET of
 * __phys_to_virt(), __lm_to_phys() and vmemmap, which modules compile in.
 * kmodlab's linear map is not at arm64's PAGE_OFFSET (it sits within reach
 * of the kernel image, so that kmalloc-placed modules can link against it),
 * so the TypeScript kernel writes the value that makes those inline
 * translations land on it (kernel/machine-data.ts).
 *
 * Copyright (C) 1995-2005 Russell King
 * Copyright (C) 2012 ARM Ltd.
 */
#include "kmodlab.h"
/* arch/arm64/mm/init.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/errno.h>
#include <linux/swap.h>
#include <linux/init.h>
#include <linux/cache.h>
#include <linux/mman.h>
#include <linux/nodemask.h>
#include <linux/initrd.h>
#include <linux/gfp.h>
#include <linux/memblock.h>
#include <linux/sort.h>
#include <linux/of.h>
#include <linux/of_fdt.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/efi.h>
#include <linux/swiotlb.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/kexec.h>
#include <linux/crash_dump.h>
#include <linux/hugetlb.h>
#include <linux/acpi_iort.h>
#include <linux/kmemleak.h>

#include <asm/boot.h>
#include <asm/fixmap.h>
#include <asm/kasan.h>
#include <asm/kernel-pgtable.h>
#include <asm/kvm_host.h>
#include <asm/memory.h>
#include <asm/numa.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <linux/sizes.h>
#include <asm/tlb.h>
#include <asm/alternative.h>
#include <asm/xen/swiotlb-xen.h>

s64 memstart_addr __ro_after_init = -1;
EXPORT_SYMBOL(memstart_addr);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * arch/arm64/mm/mmu.c (6.1): kimage_voffset, the offset __kimg_to_phys()
 * subtracts. virt_to_phys() of an address outside arm64's linear map range
 * uses it, and kmodlab's linear map is outside that range (arm64_init.c), so
 * the TypeScript kernel sets it for the linear map (kernel/machine-data.ts):
 * virt_to_phys() of kmalloc memory is right, __pa_symbol() of the kernel
 * image's own symbols is not. The page tables are the TypeScript kernel's
 * (emu/mmu.ts).
 *
 * Copyright (C) 1995-2005 Russell King
 * Copyright (C) 2012 ARM Ltd.
 */
#include "kmodlab.h"
/* arch/arm64/mm/mmu.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/cache.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/kexec.h>
/* <linux/libfdt.h>: not in the headers package (scripts/dtc); no type of the export needs it */
#include <linux/mman.h>
#include <linux/nodemask.h>
#include <linux/memblock.h>
#include <linux/memory.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>
#include <linux/set_memory.h>

#include <asm/barrier.h>
#include <asm/cputype.h>
#include <asm/fixmap.h>
#include <asm/kasan.h>
#include <asm/kernel-pgtable.h>
#include <asm/sections.h>
#include <asm/setup.h>
#include <linux/sizes.h>
#include <asm/tlb.h>
#include <asm/mmu_context.h>
#include <asm/ptdump.h>
#include <asm/tlbflush.h>
#include <asm/pgalloc.h>

u64 kimage_voffset __ro_after_init;
EXPORT_SYMBOL(kimage_voffset);

/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * mm/internal.h (6.1), the part the exports of slab_common.c and slub.c
 * reach: its includes, and the compaction structures task_struct points to
 * (capture_control, and compact_control through it), which genksyms expands
 * into every CRC whose types lead to a task (struct kmem_cache does, through
 * its kobject). alloc_context comes with them, as in the original.
 */
#ifndef _KMODLAB_MM_INTERNAL_H
#define _KMODLAB_MM_INTERNAL_H

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/rmap.h>
#include <linux/tracepoint-defs.h>

/*
 * Structure for holding the mostly immutable allocation parameters passed
 * between functions involved in allocations, including the alloc_pages*
 * family of functions.
 */
struct alloc_context {
	struct zonelist *zonelist;
	nodemask_t *nodemask;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	bool spread_dirty_pages;
};
/*
 * compact_control is used to track pages being migrated and the free pages
 * they are being migrated to during memory compaction.
 */
struct compact_control {
	struct list_head freepages;	/* List of free pages to migrate to */
	struct list_head migratepages;	/* List of pages being migrated */
	unsigned int nr_freepages;	/* Number of isolated free pages */
	unsigned int nr_migratepages;	/* Number of pages to migrate */
	unsigned long free_pfn;		/* isolate_freepages search base */
	unsigned long migrate_pfn;
	unsigned long fast_start_pfn;	/* a pfn to start linear scan from */
	struct zone *zone;
	unsigned long total_migrate_scanned;
	unsigned long total_free_scanned;
	unsigned short fast_search_fail;/* failures to use free list searches */
	short search_order;		/* order to start a fast search at */
	const gfp_t gfp_mask;		/* gfp mask of a direct compactor */
	int order;			/* order a direct compactor needs */
	int migratetype;		/* migratetype of direct compactor */
	const unsigned int alloc_flags;	/* alloc flags of a direct compactor */
	const int highest_zoneidx;	/* zone index of a direct compactor */
	enum migrate_mode mode;		/* Async or sync migration mode */
	bool ignore_skip_hint;		/* Scan blocks even if marked skip */
	bool no_set_skip_hint;		/* Don't mark blocks for skipping */
	bool ignore_block_suitable;	/* Scan blocks considered unsuitable */
	bool direct_compaction;		/* False from kcompactd or /proc/... */
	bool proactive_compaction;	/* kcompactd proactive compaction */
	bool whole_zone;		/* Whole zone should/has been scanned */
	bool contended;			/* Signal lock contention */
	bool rescan;
	bool alloc_contig;		/* alloc_contig_range allocation */
};
/*
 * Used in direct compaction when a page should be taken from the freelists
 * immediately when one is created during the free path.
 */
struct capture_control {
	struct compact_control *cc;
	struct page *page;
};

/*
 * User page table entries, which the TypeScript kernel writes (kernel/mm/mmap.ts):
 * @size bytes of pages from @pfn at user address @addr with arm64 PTE bits @prot
 * (-EBUSY if one is mapped, -EINVAL if the pages are not RAM), and their removal.
 */
long __kmodlab_set_user_ptes(unsigned long addr, unsigned long pfn, unsigned long size, u64 prot);
void __kmodlab_zap_user(unsigned long addr, unsigned long size);

#endif /* _KMODLAB_MM_INTERNAL_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm/slab.h (6.1) for CONFIG_SLUB, the part slab_common.c's and slub.c's
 * exports reach: struct slab (which struct kmem_cache_cpu points to), what
 * <linux/slub_def.h> needs of it, struct kmem_cache_node (which struct
 * kmem_cache points to), and the includes in between. genksyms expands them
 * into the CRCs of every export that takes a struct kmem_cache. The caches
 * themselves are kmodlab's (slab_common.c): objects come from the
 * TypeScript slab.
 */
#ifndef _KMODLAB_MM_SLAB_H
#define _KMODLAB_MM_SLAB_H

/* Reuses the bits in struct page */
struct slab {
	unsigned long __page_flags;

#if defined(CONFIG_SLAB)
#error "SLUB only"
#elif defined(CONFIG_SLUB)

	union {
		struct list_head slab_list;
		struct rcu_head rcu_head;
#ifdef CONFIG_SLUB_CPU_PARTIAL
		struct {
			struct slab *next;
			int slabs;	/* Nr of slabs left */
		};
#endif
	};
	struct kmem_cache *slab_cache;
	/* Double-word boundary */
	void *freelist;		/* first free object */
	union {
		unsigned long counters;
		struct {
			unsigned inuse:16;
			unsigned objects:15;
			unsigned frozen:1;
		};
	};
	unsigned int __unused;

#endif

	atomic_t __page_refcount;
#ifdef CONFIG_MEMCG
	unsigned long memcg_data;
#endif
};

#define slab_folio(s)		(_Generic((s),				\
	const struct slab *:	(const struct folio *)s,		\
	struct slab *:		(struct folio *)s))

static inline void *slab_address(const struct slab *slab)
{
	return folio_address(slab_folio(slab));
}

#include <linux/slub_def.h>

#include <linux/memcontrol.h>
#include <linux/fault-inject.h>
#include <linux/kasan.h>
#include <linux/kmemleak.h>
#include <linux/random.h>
#include <linux/sched/mm.h>
#include <linux/list_lru.h>

struct kmem_cache_node {
	spinlock_t list_lock;
	unsigned long nr_partial;
	struct list_head partial;
#ifdef CONFIG_SLUB_DEBUG
	atomic_long_t nr_slabs;
	atomic_long_t total_objects;
	struct list_head full;
#endif
};

#endif /* _KMODLAB_MM_SLAB_H */

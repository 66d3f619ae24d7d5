// SPDX-License-Identifier: GPL-2.0
/*
 * mm/slub.c (6.1): the allocation entry points modules call besides the
 * __kmalloc/kfree services, over the TypeScript slab. The caches are
 * slab_common.c's.
 */
#include "kmodlab.h"
/* mm/slub.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/mm.h>
#include <linux/swap.h> /* struct reclaim_state */
#include <linux/module.h>
#include <linux/bit_spinlock.h>
#include <linux/interrupt.h>
#include <linux/swab.h>
#include <linux/bitops.h>
#include <linux/slab.h>
#include "mm_slab.h"
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/kasan.h>
#include <linux/kmsan.h>
#include <linux/cpu.h>
#include <linux/cpuset.h>
#include <linux/mempolicy.h>
#include <linux/ctype.h>
#include <linux/stackdepot.h>
#include <linux/debugobjects.h>
#include <linux/kallsyms.h>
#include <linux/kfence.h>
#include <linux/memory.h>
#include <linux/math64.h>
#include <linux/fault-inject.h>
#include <linux/stacktrace.h>
#include <linux/prefetch.h>
#include <linux/memcontrol.h>
#include <linux/random.h>
#include <kunit/test.h>
#include <kunit/test-bug.h>
#include <linux/sort.h>

#include <linux/debugfs.h>
#include <trace/events/kmem.h>

#include "mm_internal.h"

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags)
{
	void *p = __kmalloc(s->size, flags);

	if (p && s->ctor)
		s->ctor(p);
	return p;
}
EXPORT_SYMBOL(kmem_cache_alloc);

void kmem_cache_free(struct kmem_cache *s, void *x)
{
	kfree(x);
}
EXPORT_SYMBOL(kmem_cache_free);

/* one NUMA node, and no list_lru reclaim: the same objects as kmem_cache_alloc */
void *kmem_cache_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node)
{
	return kmem_cache_alloc(s, gfpflags);
}
EXPORT_SYMBOL(kmem_cache_alloc_node);

void *kmem_cache_alloc_lru(struct kmem_cache *s, struct list_lru *lru, gfp_t gfpflags)
{
	return kmem_cache_alloc(s, gfpflags);
}
EXPORT_SYMBOL(kmem_cache_alloc_lru);

void kmem_cache_free_bulk(struct kmem_cache *s, size_t size, void **p)
{
	while (size)
		kmem_cache_free(s, p[--size]);
}
EXPORT_SYMBOL(kmem_cache_free_bulk);

/* 6.1: all or nothing; returns the count, or 0 with nothing kept */
int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t size, void **p)
{
	size_t i;

	for (i = 0; i < size; i++) {
		p[i] = kmem_cache_alloc(s, flags);
		if (unlikely(!p[i])) {
			kmem_cache_free_bulk(s, i, p);
			return 0;
		}
	}
	return i;
}
EXPORT_SYMBOL(kmem_cache_alloc_bulk);

void *__kmalloc_node(size_t size, gfp_t flags, int node)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(__kmalloc_node);

void *__kmalloc_node_track_caller(size_t size, gfp_t flags, int node, unsigned long caller)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(__kmalloc_node_track_caller);

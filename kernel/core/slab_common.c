// SPDX-License-Identifier: GPL-2.0
/*
 * mm/slab_common.c (6.1): the kmalloc caches modules index inline, and the
 * kmem_cache interface, over the TypeScript slab (__kmalloc, kfree: services).
 */
#include "kmodlab.h"
/* mm/slab_common.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/slab.h>

#include <linux/mm.h>
#include <linux/poison.h>
#include <linux/interrupt.h>
#include <linux/memory.h>
#include <linux/cache.h>
#include <linux/compiler.h>
#include <linux/kfence.h>
#include <linux/module.h>
#include <linux/cpu.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/debugfs.h>
#include <linux/kasan.h>
#include <asm/cacheflush.h>
#include <asm/tlbflush.h>
#include <asm/page.h>
#include <linux/memcontrol.h>
#include <linux/stackdepot.h>

#include "mm_internal.h"
#include "mm_slab.h"

/*
 * 6.1 defines its tracepoints here (CREATE_TRACE_POINTS): their definitions are
 * not kmodlab's, the types that <trace/define_trace.h> brings in are
 * (<linux/trace_events.h>, which genksyms sees through struct module).
 */
#include <trace/events/kmem.h>
#include <linux/trace_events.h>

/*
 * kmalloc(constant size) in a 6.1 module compiles to
 *   kmalloc_trace(kmalloc_caches[kmalloc_type(flags)][kmalloc_index(size)], flags, size)
 * so the array must have Debian's shape: NR_KMALLOC_TYPES (normal, cgroup,
 * reclaimable, dma) rows of KMALLOC_SHIFT_HIGH + 1 = 14 caches. Objects come
 * from the TypeScript slab (kmalloc-128 .. kmalloc-8k, arm64's minimum of 128);
 * a cache's struct kmem_cache is SLUB's (<linux/slub_def.h>), of which only
 * size, object_size, align, flags, name and ctor are used.
 */
static_assert(NR_KMALLOC_TYPES == 4 && KMALLOC_SHIFT_HIGH == 13, "Debian's kmalloc_caches shape");

#define KC(i)	{ .size = 1U << (i), .object_size = 1U << (i), .name = "kmalloc" }
static struct kmem_cache kmalloc_cache_objs[KMALLOC_SHIFT_HIGH + 1] = {
	KC(0), KC(1), KC(2), KC(3), KC(4), KC(5), KC(6), KC(7), KC(8), KC(9),
	KC(10), KC(11), KC(12), KC(13),
};

#define ROW { NULL, &kmalloc_cache_objs[1], &kmalloc_cache_objs[2], &kmalloc_cache_objs[3], \
	&kmalloc_cache_objs[4], &kmalloc_cache_objs[5], &kmalloc_cache_objs[6], \
	&kmalloc_cache_objs[7], &kmalloc_cache_objs[8], &kmalloc_cache_objs[9], \
	&kmalloc_cache_objs[10], &kmalloc_cache_objs[11], &kmalloc_cache_objs[12], \
	&kmalloc_cache_objs[13] }

struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_SHIFT_HIGH + 1] = {
	ROW, ROW, ROW, ROW,
};
EXPORT_SYMBOL(kmalloc_caches);

/*
 * What ksize() will say of kmalloc(size): the TypeScript slab's caches are
 * kmalloc-128, -192, then powers of two to -8k (arm64's KMALLOC_MIN_SIZE 128);
 * larger objects take whole pages (kernel/mm/slab.ts), not a buddy order.
 */
size_t kmalloc_size_roundup(size_t size)
{
	if (unlikely(size == 0))
		return 0;
	if (unlikely(size == SIZE_MAX))
		return SIZE_MAX;
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return PAGE_ALIGN(size);
	if (size <= 128)
		return 128;
	if (size <= 192)
		return 192;
	return roundup_pow_of_two(size);
}
EXPORT_SYMBOL(kmalloc_size_roundup);

void *kmalloc_trace(struct kmem_cache *s, gfp_t gfpflags, size_t size)
{
	return __kmalloc(size, gfpflags);
}
EXPORT_SYMBOL(kmalloc_trace);

void *kmalloc_node_trace(struct kmem_cache *s, gfp_t gfpflags, int node, size_t size)
{
	return __kmalloc(size, gfpflags);
}
EXPORT_SYMBOL(kmalloc_node_trace);

void *kmalloc_large(size_t size, gfp_t flags)
{
	return __kmalloc(size, flags);
}
EXPORT_SYMBOL(kmalloc_large);

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size, unsigned int align,
				     slab_flags_t flags, void (*ctor)(void *))
{
	struct kmem_cache *s = kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return NULL;
	s->name = name;
	s->size = s->object_size = size;
	s->align = align;
	s->flags = flags;
	s->ctor = ctor;
	return s;
}
EXPORT_SYMBOL(kmem_cache_create);

struct kmem_cache *kmem_cache_create_usercopy(const char *name, unsigned int size,
		unsigned int align, slab_flags_t flags, unsigned int useroffset,
		unsigned int usersize, void (*ctor)(void *))
{
	return kmem_cache_create(name, size, align, flags, ctor);
}
EXPORT_SYMBOL(kmem_cache_create_usercopy);

void kmem_cache_destroy(struct kmem_cache *s)
{
	kfree(s);
}
EXPORT_SYMBOL(kmem_cache_destroy);

/**
 * kmem_cache_size - Return the size of an object for this cache.
 * @s: The cache pointer
 */
unsigned int kmem_cache_size(struct kmem_cache *s)
{
	return s->object_size;
}
EXPORT_SYMBOL(kmem_cache_size);

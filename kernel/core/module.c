// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module reference counting and symbol_get/symbol_put: the parts of Linux
 * 6.1's kernel/module/main.c that run on the
 * emulated cores. The module list, the symbol tables and the loader itself
 * belong to the TypeScript kernel; the two lookups below are its services.
 *
 * Copyright (C) 2002 Richard Henderson
 * Copyright (C) 2001 Rusty Russell, 2002, 2010 Rusty Russell IBM.
 */
#include "kmodlab.h"

/* kernel/module/main.c (6.1): its includes, in its order, so that genksyms
 * sees the types it sees (kernel/module/internal.h adds none the exports reach) */
#define INCLUDE_VERMAGIC

#include <linux/export.h>
#include <linux/extable.h>
#include <linux/moduleloader.h>
#include <linux/module_signature.h>
#include <linux/trace_events.h>
#include <linux/init.h>
#include <linux/kallsyms.h>
#include <linux/buildid.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/kernel_read_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/elf.h>
#include <linux/seq_file.h>
#include <linux/syscalls.h>
#include <linux/fcntl.h>
#include <linux/rcupdate.h>
#include <linux/capability.h>
#include <linux/cpu.h>
#include <linux/moduleparam.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/vermagic.h>
#include <linux/notifier.h>
#include <linux/sched.h>
#include <linux/device.h>
#include <linux/string.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/uaccess.h>
#include <asm/cacheflush.h>
#include <linux/set_memory.h>
#include <asm/mmu_context.h>
#include <linux/license.h>
#include <asm/sections.h>
#include <linux/tracepoint.h>
#include <linux/ftrace.h>
#include <linux/livepatch.h>
#include <linux/async.h>
#include <linux/percpu.h>
#include <linux/kmemleak.h>
#include <linux/jump_label.h>
#include <linux/pfn.h>
#include <linux/bsearch.h>
#include <linux/dynamic_debug.h>
#include <linux/audit.h>
#include <linux/cfi.h>
#include <uapi/linux/module.h>

/* kernel/extable.c, for the image's own text (vmlinux.lds) */
static bool kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_stext && addr < (unsigned long)_etext;
}

/*
 * Under refcount=percpu the loader stores the counters' address in struct
 * module's tail padding: 6.1 pads the structure to a cache line and its last
 * member ends before this offset, so no 6.1 code reads or writes it.
 */
#define KMODLAB_MODULE_REFPTR	0x360
static_assert(offsetofend(struct module, refcnt) <= KMODLAB_MODULE_REFPTR &&
	      KMODLAB_MODULE_REFPTR + sizeof(void *) <= sizeof(struct module),
	      "struct module has no room for the per-CPU counters' pointer");
#define module_refptr(mod) \
	(*(struct module_ref **)((char *)(mod) + KMODLAB_MODULE_REFPTR))

/*
 * Which scheme the hot paths below use (boot refcount=), written once by the
 * TypeScript kernel at boot. A predictable branch: the cost the seeds argue
 * about is in the counters, not here.
 */
int module_refcount_scheme __read_mostly;

/*
 * local_t on arm64 is an atomic_long_t: an LSE add on a line only this CPU
 * writes -- never contended, never bouncing.
 */
static __always_inline void local_inc_long(long *p)
{
	asm volatile("stadd %1, %0" : "+Q"(*p) : "r"(1L));
}

static __always_inline void local_dec_long(long *p)
{
	asm volatile("stadd %1, %0" : "+Q"(*p) : "r"(-1L));
}

static __always_inline long *this_cpu_ref(struct module *mod)
{
	return &module_refptr(mod)[smp_processor_id()].count;
}

/**
 * module_refcount() - return the refcount or -1 if unloading
 * @mod:	the module we're checking
 *
 * Return:
 *	-1 if the module is in the process of unloading
 *	otherwise the number of references in the kernel to the module
 */
int module_refcount(struct module *mod)
{
	long total = 0;
	int cpu;

	switch (module_refcount_scheme) {
	case MODULE_REFCOUNT_PERCPU:
		/* Only meaningful once "going" is visible everywhere (rmmod syncs first). */
		for (cpu = 0; cpu < MODULE_REF_CPUS; cpu++)
			total += READ_ONCE(module_refptr(mod)[cpu].count);
		return total;
	case MODULE_REFCOUNT_NONE:
		return 0;
	default:
		return atomic_read(&mod->refcnt) - MODULE_REF_BASE;
	}
}
EXPORT_SYMBOL(module_refcount);

void __module_get(struct module *module)
{
	if (module) {
		preempt_disable();
		if (module_refcount_scheme == MODULE_REFCOUNT_PERCPU)
			local_inc_long(this_cpu_ref(module));
		else if (module_refcount_scheme == MODULE_REFCOUNT_ATOMIC)
			atomic_inc(&module->refcnt);
		preempt_enable();
	}
}
EXPORT_SYMBOL(__module_get);

bool try_module_get(struct module *module)
{
	bool ret = true;

	if (module) {
		preempt_disable();
		switch (module_refcount_scheme) {
		case MODULE_REFCOUNT_PERCPU:
			/*
			 * The bogolock's read side: rmmod sets GOING, then waits until
			 * every CPU has scheduled, so a get either sees GOING or is
			 * counted before rmmod sums the counters.
			 */
			if (likely(module_is_live(module)))
				local_inc_long(this_cpu_ref(module));
			else
				ret = false;
			break;
		case MODULE_REFCOUNT_NONE:
			/* Nothing to count: a removed module is never freed. */
			ret = module_is_live(module);
			break;
		default:
			/* Note: here, we can fail to get a reference */
			if (likely(module_is_live(module) &&
				   atomic_inc_not_zero(&module->refcnt) != 0))
				;
			else
				ret = false;
		}
		preempt_enable();
	}
	return ret;
}
EXPORT_SYMBOL(try_module_get);

void module_put(struct module *module)
{
	int ret;

	if (module) {
		preempt_disable();
		if (module_refcount_scheme == MODULE_REFCOUNT_PERCPU) {
			/* May go negative on this CPU: only the sum means anything. */
			local_dec_long(this_cpu_ref(module));
		} else if (module_refcount_scheme == MODULE_REFCOUNT_ATOMIC) {
			ret = atomic_dec_if_positive(&module->refcnt);
			WARN_ON(ret < 0);	/* Failed to put refcount */
		}
		preempt_enable();
	}
}
EXPORT_SYMBOL(module_put);

static inline int strong_try_module_get(struct module *mod)
{
	BUG_ON(mod && mod->state == MODULE_STATE_UNFORMED);
	if (mod && mod->state == MODULE_STATE_COMING)
		return -EBUSY;
	if (try_module_get(mod))
		return 0;
	else
		return -ENOENT;
}

void *__symbol_get(const char *symbol)
{
	struct module *owner = NULL;
	unsigned long value;

	preempt_disable();
	value = __kmodlab_find_symbol(symbol, &owner);
	if (!value || strong_try_module_get(owner)) {
		preempt_enable();
		return NULL;
	}
	preempt_enable();
	return (void *)value;
}
EXPORT_SYMBOL_GPL(__symbol_get);

void __symbol_put(const char *symbol)
{
	struct module *owner = NULL;

	preempt_disable();
	BUG_ON(!__kmodlab_find_symbol(symbol, &owner));
	module_put(owner);
	preempt_enable();
}
EXPORT_SYMBOL(__symbol_put);

/* Note this assumes addr is a function, which it currently always is. */
void symbol_put_addr(void *addr)
{
	struct module *modaddr;
	unsigned long a = (unsigned long)addr;

	if (kernel_text(a))
		return;

	/*
	 * Even though we hold a reference on the module; we still need to
	 * disable preemption in order to safely traverse the data structure.
	 */
	preempt_disable();
	modaddr = __kmodlab_module_address(a);
	BUG_ON(!modaddr);
	module_put(modaddr);
	preempt_enable();
}
EXPORT_SYMBOL_GPL(symbol_put_addr);

/**
 * __module_address() - get the module which contains an address.
 * @addr: the address.
 */
struct module *__module_address(unsigned long addr)
{
	return __kmodlab_module_address(addr);
}
EXPORT_SYMBOL_GPL(__module_address);

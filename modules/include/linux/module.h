/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Dynamic loading of modules into the kernel.
 *
 * Rewritten by Richard Henderson <rth@tamu.edu> Dec 1996
 * Rewritten again by Rusty Russell, 2002
 *
 * kmodlab: the Linux 6.1 interface, with struct module laid out at the
 * arm64 6.1 offsets that the loader (TypeScript) and the kernel core (C)
 * share; see docs/ARCHITECTURE.md.
 */

#ifndef _LINUX_MODULE_H
#define _LINUX_MODULE_H

#include <linux/list.h>
#include <linux/stat.h>
#include <linux/compiler.h>
#include <linux/cache.h>
#include <linux/init.h>
#include <linux/stringify.h>
#include <linux/moduleparam.h>
#include <linux/export.h>
#include <linux/percpu.h>
#include <linux/atomic.h>
#include <linux/mutex.h>
#include <asm/module.h>

/* In stripped ARM and x86-64 modules, ~ is surprisingly rare. */
#define MODULE_SIG_STRING "~Module signature appended~\n"

#define MODULE_NAME_LEN MAX_PARAM_PREFIX_LEN

struct modversion_info {
	unsigned long crc;
	char name[MODULE_NAME_LEN];
};

struct module;
struct exception_table_entry;
struct module_attribute;
struct kobject;
struct bug_entry;
struct module_sect_attrs;
struct module_notes_attrs;
struct elf64_sym;
struct tracepoint;

/* These are either module local, or the kernel's dummy ones. */
extern int init_module(void);
extern void cleanup_module(void);

/* Generic info of form tag = "info" */
#define MODULE_INFO(tag, info) __MODULE_INFO(tag, tag, info)

/* For userspace: you can also call me... */
#define MODULE_ALIAS(_alias) MODULE_INFO(alias, _alias)

/* Soft module dependencies. See man modprobe.d for details.
 * Example: MODULE_SOFTDEP("pre: module-foo module-bar post: module-baz")
 */
#define MODULE_SOFTDEP(_softdep) MODULE_INFO(softdep, _softdep)

/*
 * MODULE_FILE is used for generating modules.builtin
 * So, make it no-op when this is being built as a module
 */
#ifdef MODULE
#define MODULE_FILE
#else
#define MODULE_FILE	MODULE_INFO(file, KBUILD_MODFILE);
#endif

/*
 * The following license idents are currently accepted as indicating free
 * software modules
 *
 *	"GPL"				[GNU Public License v2]
 *	"GPL v2"			[GNU Public License v2]
 *	"GPL and additional rights"	[GNU Public License v2 rights and more]
 *	"Dual BSD/GPL"			[GNU Public License v2
 *					 or BSD license choice]
 *	"Dual MIT/GPL"			[GNU Public License v2
 *					 or MIT license choice]
 *	"Dual MPL/GPL"			[GNU Public License v2
 *					 or Mozilla license choice]
 *
 * The following other idents are available
 *
 *	"Proprietary"			[Non free products]
 */
#define MODULE_LICENSE(_license) MODULE_FILE MODULE_INFO(license, _license)

/*
 * Author(s), use "Name <email>" or just "Name", for multiple
 * authors use multiple MODULE_AUTHOR() statements/lines.
 */
#define MODULE_AUTHOR(_author) MODULE_INFO(author, _author)

/* What your module does. */
#define MODULE_DESCRIPTION(_description) MODULE_INFO(description, _description)

#ifdef MODULE
/* Creates an alias so file2alias.c can find device table. */
#define MODULE_DEVICE_TABLE(type, name)					\
extern typeof(name) __mod_##type##__##name##_device_table		\
  __attribute__ ((unused, alias(__stringify(name))))
#else  /* !MODULE */
#define MODULE_DEVICE_TABLE(type, name)
#endif

/* Version of form [<epoch>:]<version>[-<extra-version>]. */
#define MODULE_VERSION(_version) MODULE_INFO(version, _version)

/* Optional firmware file (or files) needed by the module
 * format is simply firmware file name.  Multiple firmware
 * files require multiple MODULE_FIRMWARE() specifiers */
#define MODULE_FIRMWARE(_firmware) MODULE_INFO(firmware, _firmware)

#define MODULE_IMPORT_NS(ns)	MODULE_INFO(import_ns, __stringify(ns))

enum module_state {
	MODULE_STATE_LIVE,	/* Normal state. */
	MODULE_STATE_COMING,	/* Full formed, running module_init. */
	MODULE_STATE_GOING,	/* Going away. */
	MODULE_STATE_UNFORMED,	/* Still setting it up. */
};

/* include/linux/rbtree_types.h, include/linux/rbtree_latch.h */
struct rb_node {
	unsigned long  __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct latch_tree_node {
	struct rb_node node[2];
};

struct mod_tree_node {
	struct module *mod;
	struct latch_tree_node node;
};

struct module_layout {
	/* The actual code + data. */
	void *base;
	/* Total size. */
	unsigned int size;
	/* The size of the executable code.  */
	unsigned int text_size;
	/* Size of RO section of the module (text+rodata) */
	unsigned int ro_size;
	/* Size of RO after init section */
	unsigned int ro_after_init_size;

	struct mod_tree_node mtn;
};

/* CONFIG_STRICT_MODULE_RWX / CONFIG_MODULES_TREE_LOOKUP */
#define __module_layout_align ____cacheline_aligned

struct mod_kallsyms {
	struct elf64_sym *symtab;
	unsigned int num_symtab;
	char *strtab;
	char *typetab;
};

/*
 * struct module, as Linux 6.1 arm64 (Debian config) lays it out: 0x380 bytes.
 *
 * The offsets marked "contract" are shared with the TypeScript loader and
 * checked below. The other named fields follow 6.1's order and are only
 * used by whoever chooses to use them; the __kmodlab_* arrays hold the
 * space of 6.1 members kmodlab does not model (their 6.1 names are given).
 */
/*
 * 2.5's per-CPU module reference: one cache line per possible CPU, so a get or put
 * never writes a line another CPU writes (seed 002: "NR_CPUS * SMP_CACHE_BYTES").
 */
struct module_ref {
	long count;
} ____cacheline_aligned;

/* boot refcount=: which reference-counting scheme try_module_get and friends use */
enum module_refcount_scheme {
	MODULE_REFCOUNT_ATOMIC = 0,	/* 3.19+: atomic_t refcnt with MODULE_REF_BASE */
	MODULE_REFCOUNT_PERCPU = 1,	/* 2.5: struct module_ref[NR_CPUS] */
	MODULE_REFCOUNT_NONE = 2,	/* 2003 proposal: no counts, modules never freed */
};
extern int module_refcount_scheme;

struct module {
	enum module_state state;		/* 0x000 contract */

	/* Member of list of modules */
	struct list_head list;			/* 0x008 contract */

	/* Unique handle for this module */
	char name[MODULE_NAME_LEN];		/* 0x018 contract */

	/* Sysfs stuff: struct module_kobject mkobj */
	unsigned char __kmodlab_mkobj[96];	/* 0x050 */
	struct module_attribute *modinfo_attrs;	/* 0x0b0 */
	const char *version;			/* 0x0b8 */
	const char *srcversion;			/* 0x0c0 */
	struct kobject *holders_dir;		/* 0x0c8 */

	/* Exported symbols */
	const struct kernel_symbol *syms;	/* 0x0d0 */
	const s32 *crcs;			/* 0x0d8 */
	unsigned int num_syms;			/* 0x0e0 */

	/* Kernel parameters. */
	struct mutex param_lock;		/* 0x0e8 */

	struct kernel_param *kp;		/* 0x108 */
	unsigned int num_kp;			/* 0x110 */

	/* GPL-only exported symbols. */
	unsigned int num_gpl_syms;		/* 0x114 */
	const struct kernel_symbol *gpl_syms;	/* 0x118 */
	const s32 *gpl_crcs;			/* 0x120 */
	bool using_gplonly_symbols;		/* 0x128 */

	/* Signature was verified. */
	bool sig_ok;				/* 0x129 */

	bool async_probe_requested;		/* 0x12a */

	/* Exception table */
	unsigned int num_exentries;		/* 0x12c */
	struct exception_table_entry *extable;	/* 0x130 */

	/* Startup function. */
	int (*init)(void);			/* 0x138 contract */

	struct module_layout core_layout __module_layout_align;	/* 0x140 */
	struct module_layout init_layout;	/* 0x190 */

	/* Arch-specific module values */
	struct mod_arch_specific arch;		/* 0x1e0 */

	unsigned long taints;	/* same bits as kernel:taint_flags */	/* 0x200 */

	/* Support for BUG */
	unsigned num_bugs;			/* 0x208 */
	struct list_head bug_list;		/* 0x210 */
	struct bug_entry *bug_table;		/* 0x220 */

	/* Protected by RCU and/or module_mutex: use rcu_dereference() */
	struct mod_kallsyms *kallsyms;		/* 0x228 */
	struct mod_kallsyms core_kallsyms;	/* 0x230 */

	/* Section attributes */
	struct module_sect_attrs *sect_attrs;	/* 0x250 */

	/* Notes attributes */
	struct module_notes_attrs *notes_attrs;	/* 0x258 */

	/* The command line arguments (may be mangled).  People like
	   keeping pointers to this stuff */
	char *args;				/* 0x260 */

	/* Per-cpu data. */
	void __percpu *percpu;			/* 0x268 */
	unsigned int percpu_size;		/* 0x270 */

	void *noinstr_text_start;		/* 0x278 */
	unsigned int noinstr_text_size;		/* 0x280 */

	/*
	 * tracepoints, srcu structs, bpf raw events, BTF, jump labels,
	 * trace_bprintk formats, trace events/evals, ftrace callsites,
	 * kprobe blacklist, static call sites, printk index.
	 */
	unsigned char __kmodlab_tracing[0x9c];	/* 0x284 */

	/* What modules depend on me? */
	struct list_head source_list;		/* 0x320 */
	/* What modules do I depend on? */
	struct list_head target_list;		/* 0x330 */

	/* Destruction function. */
	void (*exit)(void);			/* 0x340 contract */

	atomic_t refcnt;			/* 0x348 contract */

	/* Constructor functions. */
	void (**ctors)(void);			/* 0x350 */
	unsigned int num_ctors;			/* 0x358 */

	unsigned int __kmodlab_pad;		/* 0x35c */
	/*
	 * kmodlab: the 2.5-style per-CPU counters under refcount=percpu
	 * (NR_CPUS cache lines, allocated by the loader), and the task
	 * waiting in a blocking rmmod. Modules never initialise these.
	 */
	struct module_ref *refptr;		/* 0x360 */
	struct task_struct *waiter;		/* 0x368 */

	/* error injection list, dyndbg_info */
	unsigned char __kmodlab_tail[0x10];	/* 0x370 */
} ____cacheline_aligned __randomize_layout;

/* The binary contract with the loader (docs/ARCHITECTURE.md). */
_Static_assert(offsetof(struct module, state) == 0x0, "module.state");
_Static_assert(offsetof(struct module, list) == 0x8, "module.list");
_Static_assert(offsetof(struct module, name) == 0x18, "module.name");
_Static_assert(offsetof(struct module, init) == 0x138, "module.init");
_Static_assert(offsetof(struct module, exit) == 0x340, "module.exit");
_Static_assert(offsetof(struct module, refcnt) == 0x348, "module.refcnt");
_Static_assert(offsetof(struct module, refptr) == 0x360, "module.refptr");
_Static_assert(sizeof(struct module) == 0x380, "sizeof(struct module)");
_Static_assert(sizeof(struct modversion_info) == 64, "sizeof(struct modversion_info)");

#ifndef MODULE_ARCH_INIT
#define MODULE_ARCH_INIT {}
#endif

/* MODULE_REF_BASE: the count a live module holds for itself (6.1 kernel/module/main.c) */
#define MODULE_REF_BASE	1

static inline bool module_is_live(struct module *mod)
{
	return mod->state != MODULE_STATE_GOING;
}

/* Is this address in a module? (TypeScript service) */
struct module *__module_address(unsigned long addr);

static inline bool is_module_address(unsigned long addr)
{
	return __module_address(addr) != NULL;
}

/* kernel/core/module.c */
extern void __module_get(struct module *module);
extern bool try_module_get(struct module *module);
extern void module_put(struct module *module);
extern int module_refcount(struct module *mod);

#define symbol_put(x) __symbol_put(__stringify(x))
void __symbol_put(const char *symbol);
void symbol_put_addr(void *addr);

void *__symbol_get(const char *symbol);
#define symbol_get(x) ((typeof(&x))(__symbol_get(__stringify(x))))

/* This is a #define so the string doesn't get put in every .o file */
#define module_name(mod)			\
({						\
	struct module *__mod = (mod);		\
	__mod ? __mod->name : "kernel";		\
})

static inline bool module_requested_async_probing(struct module *module)
{
	return module && module->async_probe_requested;
}

#endif /* _LINUX_MODULE_H */

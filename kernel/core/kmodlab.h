/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Services of the TypeScript kernel that the C kernel core calls. Each is an
 * exported `svc #0; ret` stub in .text.services (kernel/core/services.S).
 */
#ifndef _LINUX_KMODLAB_H
#define _LINUX_KMODLAB_H

#include <linux/types.h>

struct module;

/*
 * Look @name up in the kernel's and the loaded modules' symbol tables the
 * way the loader's find_symbol() does (GPL-only symbols included). Returns
 * the symbol's address, or 0 if there is none; *@owner is set to the module
 * that exports it, or NULL for the kernel.
 */
unsigned long __kmodlab_find_symbol(const char *name, struct module **owner);

/* The module whose core or init memory contains @addr, or NULL. */
struct module *__kmodlab_module_address(unsigned long addr);

/*
 * modprobe for __request_module (kernel/core/kmod.c): the first call queues
 * the request and sleeps, returning -EINPROGRESS; the next returns the wait
 * status (0 loaded, 256 modprobe failed).
 */
long __kmodlab_modprobe(const char *name, int wait);

/*
 * The user-mode helper behind call_usermodehelper_wait (kernel/core/kmod.c,
 * kernel/umh.ts): the first call queues CMDLINE and sleeps, returning
 * -EINPROGRESS; the next returns the program's exit status.
 */
long __kmodlab_usermodehelper(const char *cmdline);

/* Services real modules import directly (kernel/real-services.ts). */
struct _ddebug;
struct seq_file;
struct proc_dir_entry;
struct seq_operations;
__printf(2, 3) void __dynamic_pr_debug(struct _ddebug *descriptor, const char *fmt, ...);
void *__alloc_percpu(size_t size, size_t align);
void free_percpu(void *ptr);
__printf(2, 3) void seq_printf(struct seq_file *m, const char *fmt, ...);
struct proc_dir_entry *proc_create_net_data(const char *name, unsigned short mode,
		struct proc_dir_entry *parent, const struct seq_operations *ops,
		unsigned int state_size, void *data);
struct proc_dir_entry *proc_create_seq_private(const char *name, unsigned short mode,
		struct proc_dir_entry *parent, const struct seq_operations *ops,
		unsigned int state_size, void *data);
void proc_set_user(struct proc_dir_entry *de, u32 uid, u32 gid);
void remove_proc_entry(const char *name, struct proc_dir_entry *parent);

#endif /* _LINUX_KMODLAB_H */

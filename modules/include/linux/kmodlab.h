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

#endif /* _LINUX_KMODLAB_H */

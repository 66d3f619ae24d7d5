// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Module version checking: the export of Linux 6.1's kernel/module/version.c
 * whose CRC every module records in __versions. The checks themselves are
 * the TypeScript loader's (kernel/module/version.ts).
 *
 * Copyright (C) 2008 Rusty Russell
 */
#include "kmodlab.h"

/* kernel/module/version.c (6.1): its includes ... */
#include <linux/module.h>
#include <linux/string.h>
#include <linux/printk.h>
/* ... and those of the kernel/module/internal.h it includes last */
#include <linux/elf.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rculist.h>
#include <linux/rcupdate.h>
#include <linux/mm.h>

/*
 * Cancel compiler's attempt to inline, and force generating CRC: the CRC of
 * module_layout is the CRC of struct module and of the other structures the
 * loader shares with modules. Every module records it in __versions.
 */
void module_layout(struct module *mod,
		   struct modversion_info *ver,
		   struct kernel_param *kp,
		   struct kernel_symbol *ks,
		   struct tracepoint * const *tp)
{
}
EXPORT_SYMBOL(module_layout);

// SPDX-License-Identifier: GPL-2.0
/*
 * relocs_main.c: module glue for relocs.ko. The interesting part is
 * relocs_asm.S: one function per arm64 relocation type (or chain of types),
 * each returning a value that is right only if the loader applied its
 * relocations correctly wherever the module was placed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>

/* relocs_asm.S */
unsigned long relocs_ldst64(void);

static int __init relocs_init(void)
{
	pr_info("relocated, ldst64 reads %#lx\n", relocs_ldst64());
	return 0;
}

static void __exit relocs_exit(void)
{
	pr_info("bye\n");
}

module_init(relocs_init);
module_exit(relocs_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Every arm64 relocation type, checked at run time");

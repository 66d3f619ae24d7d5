// SPDX-License-Identifier: GPL-2.0
/*
 * bulky.c: a driver-sized module -- 192 KiB of tables, like a driver carrying microcode or
 * lookup tables -- whose probe finds nothing. An installer loads it to see whether the
 * hardware is there, and unloads it again (seed 001's "load almost every module").
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>

#define TABLE_WORDS (192 * 1024 / sizeof(u32))

static u32 table[TABLE_WORDS];

noinline u32 bulky_probe(void)
{
	u32 i, acc = 0;

	for (i = 0; i < TABLE_WORDS; i += 1024)
		acc ^= table[i];
	return acc;
}

static int __init bulky_init(void)
{
	u32 i;

	for (i = 0; i < TABLE_WORDS; i += 1024)
		table[i] = i * 2654435761u;
	pr_info("probed: no device (%u table words)\n", (unsigned int)TABLE_WORDS);
	return 0;
}

static void __exit bulky_exit(void)
{
}

module_init(bulky_init);
module_exit(bulky_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A module with driver-sized tables, for the installer scenario");

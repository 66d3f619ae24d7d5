// SPDX-License-Identifier: GPL-2.0
/*
 * calc.c: a module that uses another module's exports. modpost resolves
 * mathlib_* through KBUILD_EXTRA_SYMBOLS, records their CRCs in __versions
 * and "depends=mathlib" in .modinfo; mathlib_scale() is EXPORT_SYMBOL_GPL,
 * which this GPL module may use.
 *
 * calc_run(), calc_scale() and calc_checksum() are meant to be called by
 * name from a scenario, on any CPU.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "mathlib.h"

noinline int calc_run(int a, int b)
{
	return mathlib_add(a, b);
}

noinline long calc_scale(long value, long num, long den)
{
	return mathlib_scale(value, num, den);
}

noinline u32 calc_checksum(const char *s)
{
	return mathlib_checksum(s, strlen(s));
}

static int __init calc_init(void)
{
	pr_info("2 + 3 = %d, 100 * 3 / 4 = %ld, checksum(\"kmodlab\") = %u (via mathlib)\n",
		calc_run(2, 3), calc_scale(100, 3, 4), calc_checksum("kmodlab"));
	return 0;
}

static void __exit calc_exit(void)
{
	pr_info("mathlib was called %lu time(s)\n", mathlib_call_count());
}

module_init(calc_init);
module_exit(calc_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A calculator built on mathlib's exported symbols");

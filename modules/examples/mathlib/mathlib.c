// SPDX-License-Identifier: GPL-2.0
/*
 * mathlib.c: a library module. It does nothing on its own; other modules
 * (calc) link against the symbols it exports, which makes it a dependency
 * that cannot be removed while they are loaded ("Used by").
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/atomic.h>
#include "mathlib.h"

/* how many times the exported functions were called, from any CPU */
static atomic_long_t calls = ATOMIC_LONG_INIT(0);

int mathlib_add(int a, int b)
{
	atomic_long_inc(&calls);
	return a + b;
}
EXPORT_SYMBOL(mathlib_add);

/* the sum of the bytes of @buf */
u32 mathlib_checksum(const void *buf, size_t len)
{
	const u8 *p = buf;
	u32 sum = 0;

	atomic_long_inc(&calls);
	while (len--)
		sum += *p++;
	return sum;
}
EXPORT_SYMBOL(mathlib_checksum);

/* @value * @num / @den, or 0 (with a warning) when @den is 0 */
long mathlib_scale(long value, long num, long den)
{
	atomic_long_inc(&calls);
	if (den == 0) {
		pr_warn("scale: division by zero\n");
		return 0;
	}
	return value * num / den;
}
EXPORT_SYMBOL_GPL(mathlib_scale);

unsigned long mathlib_call_count(void)
{
	return atomic_long_read(&calls);
}
EXPORT_SYMBOL(mathlib_call_count);

static int __init mathlib_init(void)
{
	pr_info("loaded\n");
	return 0;
}

static void __exit mathlib_exit(void)
{
	pr_info("unloaded after %lu call(s)\n", mathlib_call_count());
}

module_init(mathlib_init);
module_exit(mathlib_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Arithmetic helpers exported to other modules");

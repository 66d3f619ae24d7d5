// SPDX-License-Identifier: GPL-2.0
/* multi_util.c: the helper half of multi.ko */
#include <linux/kernel.h>
#include "multi.h"

unsigned long multi_fib(unsigned int n)
{
	unsigned long a = 0, b = 1;

	while (n--) {
		unsigned long t = a + b;

		a = b;
		b = t;
	}
	return a;
}

const char *multi_describe(unsigned long value)
{
	return (value & 1) ? "odd" : "even";
}

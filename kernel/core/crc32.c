// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * lib/crc32.c (6.1): little- and big-endian CRC32 and CRC32c, a bit at a
 * time (Linux's are table-driven or arm64's CRC32 instructions; the results
 * are the same).
 */
#include "kmodlab.h"
/* lib/crc32.c (6.1): its includes (crc32defs.h and crc32table.h define no types) */
#include <linux/crc32.h>
#include <linux/crc32poly.h>
#include <linux/module.h>
#include <linux/types.h>
#include <linux/sched.h>

u32 crc32_le(u32 crc, unsigned char const *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ ((crc & 1) ? CRC32_POLY_LE : 0);
	}
	return crc;
}
EXPORT_SYMBOL(crc32_le);

u32 __crc32c_le(u32 crc, unsigned char const *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc >> 1) ^ ((crc & 1) ? 0x82f63b78 : 0);
	}
	return crc;
}
EXPORT_SYMBOL(__crc32c_le);

u32 crc32_be(u32 crc, unsigned char const *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= *p++ << 24;
		for (i = 0; i < 8; i++)
			crc = (crc << 1) ^ ((crc & 0x80000000) ? CRC32_POLY_BE : 0);
	}
	return crc;
}
EXPORT_SYMBOL(crc32_be);

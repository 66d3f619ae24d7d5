// SPDX-License-Identifier: GPL-2.0
/*
 * crctable.c: CRC-32 (IEEE 802.3: reflected, polynomial 0xEDB88320) with
 * slice-by-8 tables, exported for other modules.
 *
 * The eight 256-entry tables (8 KiB) are computed by init and are
 * __ro_after_init: written once while the module is COMING, read-only once it
 * is LIVE. They make the module bigger than a page, so the default placement
 * puts it in the module area rather than in kmalloc memory.
 *
 * crctable_crc32() follows zlib's convention: crc32(0, "123456789", 9) is the
 * check value 0xcbf43926, and crc32(crc32(0, a), b) is the CRC of a then b.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/cache.h>
#include <linux/types.h>

#define CRCTABLE_POLY	0xedb88320u
#define CRCTABLE_CHECK	0xcbf43926u

static u32 crctable_tab[8][256] __ro_after_init;

static void __init crctable_build(void)
{
	unsigned int i, j;

	for (i = 0; i < 256; i++) {
		u32 c = i;

		for (j = 0; j < 8; j++)
			c = (c >> 1) ^ ((c & 1) ? CRCTABLE_POLY : 0);
		crctable_tab[0][i] = c;
	}
	/* tab[j][i]: the CRC of byte i followed by j zero bytes */
	for (i = 0; i < 256; i++)
		for (j = 1; j < 8; j++)
			crctable_tab[j][i] = (crctable_tab[j - 1][i] >> 8) ^
					     crctable_tab[0][crctable_tab[j - 1][i] & 0xff];
}

u32 crctable_crc32(u32 crc, const u8 *buf, size_t len)
{
	const u32 (*t)[256] = crctable_tab;

	crc = ~crc;
	/* byte at a time up to an 8-byte boundary */
	while (len && ((unsigned long)buf & 7)) {
		crc = t[0][(crc ^ *buf++) & 0xff] ^ (crc >> 8);
		len--;
	}
	/* eight bytes at a time (little-endian words) */
	while (len >= 8) {
		u32 lo = *(const u32 *)buf ^ crc;
		u32 hi = *(const u32 *)(buf + 4);

		crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
		      t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
		      t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
		      t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
		buf += 8;
		len -= 8;
	}
	while (len--)
		crc = t[0][(crc ^ *buf++) & 0xff] ^ (crc >> 8);
	return ~crc;
}
EXPORT_SYMBOL(crctable_crc32);

static int __init crctable_init(void)
{
	static const char check[] = "123456789";
	u32 crc;

	crctable_build();
	crc = crctable_crc32(0, (const u8 *)check, sizeof(check) - 1);
	if (crc != CRCTABLE_CHECK) {
		pr_err("check value %#010x, expected %#010x\n", crc, CRCTABLE_CHECK);
		return -EINVAL;
	}
	pr_info("crc32(\"%s\") = %#010x\n", check, crc);
	return 0;
}

static void __exit crctable_exit(void)
{
	pr_info("bye\n");
}

module_init(crctable_init);
module_exit(crctable_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("CRC-32 (IEEE 802.3) with slice-by-8 tables");

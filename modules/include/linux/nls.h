/* SPDX-License-Identifier: GPL-2.0 */
/* include/linux/nls.h (6.1): the layout Debian's nls_*.ko modules register. */
#ifndef _LINUX_NLS_H
#define _LINUX_NLS_H

#include <linux/types.h>
#include <linux/init.h>

/* Unicode has changed over the years.  Unicode code points no longer
 * fit into 16 bits; as of Unicode 5 valid code points range from 0
 * to 0x10ffff (17 planes, where each plane holds 65536 code points).
 */
typedef u32 unicode_t;
typedef u16 wchar_t;

struct module;

struct nls_table {
	const char *charset;
	const char *alias;
	int (*uni2char) (wchar_t uni, unsigned char *out, int boundlen);
	int (*char2uni) (const unsigned char *rawstring, int boundlen,
			 wchar_t *uni);
	const unsigned char *charset2lower;
	const unsigned char *charset2upper;
	struct module *owner;
	struct nls_table *next;
};

_Static_assert(__builtin_offsetof(struct nls_table, owner) == 0x30, "nls_table.owner");
_Static_assert(sizeof(struct nls_table) == 0x40, "sizeof(struct nls_table)");

/* this value hold the maximum octet of charset */
#define NLS_MAX_CHARSET_SIZE 6 /* for UTF-8 */

extern int __register_nls(struct nls_table *, struct module *);
extern int unregister_nls(struct nls_table *);
extern struct nls_table *load_nls(const char *charset);
extern void unload_nls(struct nls_table *);
extern struct nls_table *load_nls_default(void);
#define register_nls(nls) __register_nls((nls), THIS_MODULE)

extern int utf8_to_utf32(const u8 *s, int len, unicode_t *pu);
extern int utf32_to_utf8(unicode_t u, u8 *s, int maxlen);

#endif /* _LINUX_NLS_H */

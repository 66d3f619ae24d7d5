// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/lzo/lzo1x_compress_safe.c (6.1), whole: LZO1X compression with output bounds checks (the _safe variants).
 */
/*
 *  LZO1X Compressor from LZO
 *
 *  Copyright (C) 1996-2012 Markus F.X.J. Oberhumer <markus@oberhumer.com>
 *
 *  The full LZO package can be found at:
 *  http://www.oberhumer.com/opensource/lzo/
 *
 *  Changed for Linux kernel use by:
 *  Nitin Gupta <nitingupta910@gmail.com>
 *  Richard Purdie <rpurdie@openedhand.com>
 */

#define LZO_SAFE(name) name##_safe
#define HAVE_OP(x) ((size_t)(op_end - op) >= (size_t)(x))

#include "kmodlab.h"
/* lib/lzo/lzo1x_compress_safe.c (6.1): its includes, in its order (genksyms CRCs) */
#include "lzo1x_compress.c"

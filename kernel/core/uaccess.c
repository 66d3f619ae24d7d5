// SPDX-License-Identifier: GPL-2.0-only
/*
 * The exports of the user-memory services (services.h, kernel/arch/arm64/
 * uaccess.ts): arch/arm64/lib's copy routines, whose CRCs genksyms takes
 * from asm-prototypes.h, and lib/strnlen_user.c, lib/strncpy_from_user.c.
 */
#include "kmodlab.h"
#include <linux/export.h>
#include <linux/uaccess.h>
#include <asm/asm-prototypes.h>

EXPORT_SYMBOL(__arch_copy_from_user);
EXPORT_SYMBOL(__arch_copy_to_user);
EXPORT_SYMBOL(__arch_clear_user);
EXPORT_SYMBOL(strnlen_user);
EXPORT_SYMBOL(strncpy_from_user);

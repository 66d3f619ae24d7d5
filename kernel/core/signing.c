// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel/module/signing.c (6.1): module.sig_enforce, the parameter that
 * /sys/module/module/parameters/sig_enforce shows (and root may switch on,
 * never off). The signature check itself (module_sig_check, the PKCS#7
 * verification against the built-in keys) is the TypeScript loader's, in
 * kernel/module/signing.ts, which reads this variable.
 *
 * Copyright (C) 2012 Red Hat, Inc. All Rights Reserved.
 * Written by David Howells (dhowells@redhat.com)
 */
#include "kmodlab.h"
/* kernel/module/signing.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/module_signature.h>
#include <linux/string.h>
#include <linux/verification.h>
#include <linux/security.h>
#include <crypto/public_key.h>
#include <uapi/linux/module.h>

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "module."

static bool sig_enforce = IS_ENABLED(CONFIG_MODULE_SIG_FORCE);
module_param(sig_enforce, bool_enable_only, 0644);

/*
 * Export sig_enforce kernel cmdline parameter to allow other subsystems rely
 * on that instead of directly to CONFIG_MODULE_SIG_FORCE config.
 */
bool is_module_sig_enforced(void)
{
	return sig_enforce;
}
EXPORT_SYMBOL(is_module_sig_enforced);

void set_module_sig_enforced(void)
{
	sig_enforce = true;
}

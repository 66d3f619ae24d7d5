// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crypto/api.c (6.1): the algorithm list, lookups and references.
 *
 * The crypto algorithm registry of crypto/algapi.c, crypto/shash.c and
 * crypto/api.c (6.1), one file each: crypto modules (blowfish_generic, fcrypt,
 * sha512_generic, ...) register into it: crypto_register_alg() and
 * crypto_unregister_alg() are EXPORT_SYMBOL_GPL as in Linux, so a module
 * without a GPL-compatible licence cannot resolve them. A lookup takes
 * crypto_mod_get(), which is try_module_get(alg->cra_module) -- Rule #1 --
 * and a miss asks request_module("crypto-%s"); crypto_mod_put() gives both
 * back.
 *
 * Not here: larvals and the self-test manager (cryptomgr). Algorithms are
 * marked CRYPTO_ALG_TESTED when they register, as with
 * CONFIG_CRYPTO_MANAGER_DISABLE_TESTS.
 *
 * Copyright (c) 2006 Herbert Xu <herbert@gondor.apana.org.au>
 * Copyright (c) 2002 James Morris <jmorris@intercode.com.au>
 */
#include "kmodlab.h"
/* crypto/api.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/jump_label.h>
#include <linux/kernel.h>
#include <linux/kmod.h>
#include <linux/module.h>
#include <linux/param.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/completion.h>

#include "crypto_internal.h"

LIST_HEAD(crypto_alg_list);
DEFINE_MUTEX(crypto_alg_sem);

struct crypto_alg *crypto_mod_get(struct crypto_alg *alg)
{
	return try_module_get(alg->cra_module) ?
	       (refcount_inc(&alg->cra_refcnt), alg) : NULL;
}
EXPORT_SYMBOL_GPL(crypto_mod_get);

void crypto_mod_put(struct crypto_alg *alg)
{
	struct module *module = alg->cra_module;

	refcount_dec(&alg->cra_refcnt);
	module_put(module);
}
EXPORT_SYMBOL_GPL(crypto_mod_put);

static struct crypto_alg *__crypto_alg_lookup(const char *name, u32 type, u32 mask)
{
	struct crypto_alg *q, *alg = NULL;
	int best = -2;

	list_for_each_entry(q, &crypto_alg_list, cra_list) {
		int exact, fuzzy;

		if (q->cra_flags & (CRYPTO_ALG_DEAD | CRYPTO_ALG_DYING))
			continue;

		if ((q->cra_flags ^ type) & mask)
			continue;

		exact = !strcmp(q->cra_driver_name, name);
		fuzzy = !strcmp(q->cra_name, name);
		if (!exact && !(fuzzy && q->cra_priority > best))
			continue;

		if (unlikely(!crypto_mod_get(q)))
			continue;

		best = q->cra_priority;
		if (alg)
			crypto_mod_put(alg);
		alg = q;

		if (exact)
			break;
	}

	return alg;
}

static struct crypto_alg *crypto_alg_lookup(const char *name, u32 type, u32 mask)
{
	struct crypto_alg *alg;

	mutex_lock(&crypto_alg_sem);
	alg = __crypto_alg_lookup(name, type, mask);
	mutex_unlock(&crypto_alg_sem);
	return alg;
}

/*
 * crypto_larval_lookup() without larvals: look, then request
 * "crypto-<name>" (and "crypto-<name>-all") and look again.
 */
struct crypto_alg *crypto_alg_mod_lookup(const char *name, u32 type, u32 mask)
{
	struct crypto_alg *alg;

	if (!name)
		return ERR_PTR(-ENOENT);

	alg = crypto_alg_lookup(name, type, mask);
	if (!alg && !(mask & CRYPTO_ALG_INTERNAL)) {
		request_module("crypto-%s", name);

		if (!((type ^ CRYPTO_ALG_INTERNAL) & mask & CRYPTO_ALG_INTERNAL))
			request_module("crypto-%s-all", name);

		alg = crypto_alg_lookup(name, type, mask);
	}

	return alg ? alg : ERR_PTR(-ENOENT);
}
EXPORT_SYMBOL_GPL(crypto_alg_mod_lookup);

int crypto_has_alg(const char *name, u32 type, u32 mask)
{
	int ret = 0;
	struct crypto_alg *alg = crypto_alg_mod_lookup(name, type, mask);

	if (!IS_ERR(alg)) {
		crypto_mod_put(alg);
		ret = 1;
	}

	return ret;
}
EXPORT_SYMBOL_GPL(crypto_has_alg);

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The crypto algorithm registry of crypto/algapi.c and crypto/api.c (6.1)
 * that crypto modules (blowfish_generic, fcrypt, sha512_generic, ...)
 * register into: crypto_register_alg() and crypto_unregister_alg() are
 * EXPORT_SYMBOL_GPL as in Linux, so a module without a GPL-compatible
 * licence cannot resolve them. A lookup takes crypto_mod_get(), which is
 * try_module_get(alg->cra_module) -- Rule #1 -- and a miss asks
 * request_module("crypto-%s"); crypto_mod_put() gives both back.
 *
 * Not here: larvals and the self-test manager (cryptomgr). Algorithms are
 * marked CRYPTO_ALG_TESTED when they register, as with
 * CONFIG_CRYPTO_MANAGER_DISABLE_TESTS.
 *
 * Copyright (c) 2006 Herbert Xu <herbert@gondor.apana.org.au>
 * Copyright (c) 2002 James Morris <jmorris@intercode.com.au>
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/errno.h>
#include <linux/kmod.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/crypto.h>
#include <crypto/hash.h>
#include <crypto/internal/hash.h>

#define MAX_CIPHER_BLOCKSIZE	16
#define MAX_CIPHER_ALIGNMASK	15

static LIST_HEAD(crypto_alg_list);
/* an rw_semaphore in Linux; a mutex here */
static DEFINE_MUTEX(crypto_alg_sem);

/* the crypto_type of shash algorithms (crypto/shash.c): identity only */
static const struct { const char *name; } crypto_shash_type = { "shash" };

static int crypto_check_alg(struct crypto_alg *alg)
{
	if (alg->cra_alignmask & (alg->cra_alignmask + 1))
		return -EINVAL;

	/* General maximums for all algs. */
	if (alg->cra_alignmask > 63)
		return -EINVAL;

	if (alg->cra_blocksize > 2 * PAGE_SIZE)
		return -EINVAL;

	/* Lower maximums for specific alg types. */
	if (!alg->cra_type && (alg->cra_flags & CRYPTO_ALG_TYPE_MASK) ==
			       CRYPTO_ALG_TYPE_CIPHER) {
		if (alg->cra_alignmask > MAX_CIPHER_ALIGNMASK)
			return -EINVAL;

		if (alg->cra_blocksize > MAX_CIPHER_BLOCKSIZE)
			return -EINVAL;
	}

	if (alg->cra_priority < 0)
		return -EINVAL;

	refcount_set(&alg->cra_refcnt, 1);

	return 0;
}

static int __crypto_register_alg(struct crypto_alg *alg)
{
	struct crypto_alg *q;

	alg->cra_flags &= ~CRYPTO_ALG_DEAD;

	list_for_each_entry(q, &crypto_alg_list, cra_list) {
		if (q == alg)
			return -EEXIST;

		if (q->cra_flags & CRYPTO_ALG_DEAD)
			continue;

		if (!strcmp(q->cra_driver_name, alg->cra_name) ||
		    !strcmp(q->cra_name, alg->cra_driver_name) ||
		    !strcmp(q->cra_driver_name, alg->cra_driver_name))
			return -EEXIST;
	}

	INIT_LIST_HEAD(&alg->cra_users);
	alg->cra_flags |= CRYPTO_ALG_TESTED;
	list_add(&alg->cra_list, &crypto_alg_list);
	return 0;
}

int crypto_register_alg(struct crypto_alg *alg)
{
	int err;

	alg->cra_flags &= ~CRYPTO_ALG_DEAD;
	err = crypto_check_alg(alg);
	if (err)
		return err;

	/* crypto_alg's cra_driver_name defaults to cra_name */
	if (!alg->cra_driver_name[0])
		memcpy(alg->cra_driver_name, alg->cra_name, CRYPTO_MAX_ALG_NAME);

	mutex_lock(&crypto_alg_sem);
	err = __crypto_register_alg(alg);
	mutex_unlock(&crypto_alg_sem);
	return err;
}
EXPORT_SYMBOL_GPL(crypto_register_alg);

void crypto_unregister_alg(struct crypto_alg *alg)
{
	mutex_lock(&crypto_alg_sem);
	if (WARN(list_empty(&alg->cra_list) || !alg->cra_list.next,
		 "Algorithm %s is not registered", alg->cra_driver_name)) {
		mutex_unlock(&crypto_alg_sem);
		return;
	}
	alg->cra_flags |= CRYPTO_ALG_DEAD;
	list_del_init(&alg->cra_list);
	mutex_unlock(&crypto_alg_sem);

	if (WARN_ON(refcount_read(&alg->cra_refcnt) != 1))
		return;

	if (alg->cra_destroy)
		alg->cra_destroy(alg);
}
EXPORT_SYMBOL_GPL(crypto_unregister_alg);

int crypto_register_algs(struct crypto_alg *algs, int count)
{
	int i, ret;

	for (i = 0; i < count; i++) {
		ret = crypto_register_alg(&algs[i]);
		if (ret)
			goto err;
	}

	return 0;

err:
	for (--i; i >= 0; --i)
		crypto_unregister_alg(&algs[i]);

	return ret;
}
EXPORT_SYMBOL_GPL(crypto_register_algs);

void crypto_unregister_algs(struct crypto_alg *algs, int count)
{
	int i;

	for (i = 0; i < count; i++)
		crypto_unregister_alg(&algs[i]);
}
EXPORT_SYMBOL_GPL(crypto_unregister_algs);

/* crypto/shash.c */
static int shash_prepare_alg(struct shash_alg *alg)
{
	struct crypto_alg *base = &alg->base;

	if (alg->digestsize > 64 || alg->descsize > 360 || alg->statesize > 360)
		return -EINVAL;

	if ((alg->export && !alg->import) || (alg->import && !alg->export))
		return -EINVAL;

	base->cra_type = (const struct crypto_type *)&crypto_shash_type;
	base->cra_flags &= ~CRYPTO_ALG_TYPE_MASK;
	base->cra_flags |= CRYPTO_ALG_TYPE_SHASH;

	if (!alg->statesize)
		alg->statesize = alg->descsize;
	return 0;
}

int crypto_register_shash(struct shash_alg *alg)
{
	int err = shash_prepare_alg(alg);

	if (err)
		return err;

	return crypto_register_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_register_shash);

void crypto_unregister_shash(struct shash_alg *alg)
{
	crypto_unregister_alg(&alg->base);
}
EXPORT_SYMBOL_GPL(crypto_unregister_shash);

int crypto_register_shashes(struct shash_alg *algs, int count)
{
	int i, ret;

	for (i = 0; i < count; i++) {
		ret = crypto_register_shash(&algs[i]);
		if (ret)
			goto err;
	}

	return 0;

err:
	for (--i; i >= 0; --i)
		crypto_unregister_shash(&algs[i]);

	return ret;
}
EXPORT_SYMBOL_GPL(crypto_register_shashes);

void crypto_unregister_shashes(struct shash_alg *algs, int count)
{
	int i;

	for (i = count - 1; i >= 0; --i)
		crypto_unregister_shash(&algs[i]);
}
EXPORT_SYMBOL_GPL(crypto_unregister_shashes);

/* crypto/api.c */
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

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crypto/algapi.c (6.1): registering and unregistering algorithms.
 *
 * The registry as a whole, and what it leaves out: crypto_api.c.
 *
 * Copyright (c) 2006 Herbert Xu <herbert@gondor.apana.org.au>
 * Copyright (c) 2002 James Morris <jmorris@intercode.com.au>
 */
#include "kmodlab.h"
/* crypto/algapi.c (6.1): its includes, in its order (genksyms CRCs) */
#include <crypto/algapi.h>
#include <crypto/internal/simd.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fips.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "crypto_internal.h"

#define MAX_CIPHER_BLOCKSIZE	16
#define MAX_CIPHER_ALIGNMASK	15

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
unsigned int crypto_alg_extsize(struct crypto_alg *alg)
{
	return alg->cra_ctxsize +
	       (alg->cra_alignmask & ~(crypto_tfm_ctx_alignment() - 1));
}
EXPORT_SYMBOL_GPL(crypto_alg_extsize);

int crypto_type_has_alg(const char *name, const struct crypto_type *frontend,
			u32 type, u32 mask)
{
	int ret = 0;
	struct crypto_alg *alg = crypto_find_alg(name, frontend, type, mask);

	if (!IS_ERR(alg)) {
		crypto_mod_put(alg);
		ret = 1;
	}

	return ret;
}
EXPORT_SYMBOL_GPL(crypto_type_has_alg);

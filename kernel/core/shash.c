// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * crypto/shash.c (6.1): synchronous hash algorithms.
 *
 * The registry as a whole, and what it leaves out: crypto_api.c.
 *
 * Copyright (c) 2006 Herbert Xu <herbert@gondor.apana.org.au>
 * Copyright (c) 2002 James Morris <jmorris@intercode.com.au>
 */
#include "kmodlab.h"
/* crypto/shash.c (6.1): its includes, in its order (genksyms CRCs) */
#include <crypto/scatterwalk.h>
#include <crypto/internal/hash.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/seq_file.h>
#include <linux/cryptouser.h>
#include <net/netlink.h>
#include <linux/compiler.h>

#include "crypto_internal.h"

/* the crypto_type of shash algorithms: identity only */
static const struct { const char *name; } crypto_shash_type = { "shash" };

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

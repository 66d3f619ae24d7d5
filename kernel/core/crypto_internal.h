/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * crypto/internal.h (6.1): its includes (the core files of crypto/ include it
 * last, and genksyms sees what it includes), and the algorithm list that
 * crypto_api.c keeps and algapi.c registers into.
 *
 * Copyright (c) 2002 James Morris <jmorris@intercode.com.au>
 * Copyright (c) 2005 Herbert Xu <herbert@gondor.apana.org.au>
 */
#ifndef _KMODLAB_CRYPTO_INTERNAL_H
#define _KMODLAB_CRYPTO_INTERNAL_H

#include <crypto/algapi.h>
#include <linux/completion.h>
#include <linux/err.h>
#include <linux/jump_label.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/notifier.h>
#include <linux/numa.h>
#include <linux/refcount.h>
#include <linux/rwsem.h>
#include <linux/sched.h>
#include <linux/types.h>
#include <linux/mutex.h>

extern struct list_head crypto_alg_list;
/* an rw_semaphore in Linux; a mutex here */
extern struct mutex crypto_alg_sem;

#endif /* _KMODLAB_CRYPTO_INTERNAL_H */

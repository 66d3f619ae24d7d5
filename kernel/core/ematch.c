// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * net/sched/ematch.c (6.1): the registry of extended matches (em_*.ko).
 * tcf_em_register() refuses a second ops of the same kind with -EEXIST;
 * tcf_em_lookup() takes try_module_get(e->owner) on a hit and, when asked
 * to, requests "ematch-kind-%u" on a miss -- Rule #1 in machine code.
 *
 * Authors:	Thomas Graf <tgraf@suug.ch>
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/errno.h>
#include <linux/kmod.h>
#include <linux/spinlock.h>
#include <net/pkt_cls.h>

static LIST_HEAD(ematch_ops);
/* an rwlock in Linux; a spinlock here (no rwlocks in the kernel core) */
static DEFINE_SPINLOCK(ematch_mod_lock);

static struct tcf_ematch_ops *tcf_em_lookup(u16 kind)
{
	struct tcf_ematch_ops *e = NULL;

	spin_lock(&ematch_mod_lock);
	list_for_each_entry(e, &ematch_ops, link) {
		if (kind == e->kind) {
			if (!try_module_get(e->owner))
				e = NULL;
			spin_unlock(&ematch_mod_lock);
			return e;
		}
	}
	spin_unlock(&ematch_mod_lock);

	return NULL;
}

/**
 * tcf_em_register - register an extended match
 *
 * @ops: ematch operations lookup table
 *
 * This function must be called by ematches to announce their presence.
 * The given @ops must have kind set to a unique identifier and the
 * callback match() must be implemented. All other callbacks are optional
 * and a fallback implementation is used instead.
 *
 * Returns -EEXISTS if an ematch of the same kind has already registered.
 */
int tcf_em_register(struct tcf_ematch_ops *ops)
{
	int err = -EEXIST;
	struct tcf_ematch_ops *e;

	if (ops->match == NULL)
		return -EINVAL;

	spin_lock(&ematch_mod_lock);
	list_for_each_entry(e, &ematch_ops, link)
		if (ops->kind == e->kind)
			goto errout;

	list_add_tail(&ops->link, &ematch_ops);
	err = 0;
errout:
	spin_unlock(&ematch_mod_lock);
	return err;
}
EXPORT_SYMBOL(tcf_em_register);

/**
 * tcf_em_unregister - unregister and extended match
 *
 * @ops: ematch operations lookup table
 *
 * This function must be called by ematches to announce their disappearance
 * for examples when the module gets unloaded. The @ops parameter must be
 * the same as the one used for registration.
 *
 * Returns -ENOENT if no matching ematch was found.
 */
void tcf_em_unregister(struct tcf_ematch_ops *ops)
{
	spin_lock(&ematch_mod_lock);
	list_del(&ops->link);
	spin_unlock(&ematch_mod_lock);
}
EXPORT_SYMBOL(tcf_em_unregister);

/*
 * What tcf_em_validate() does to find the ops of a match in a filter: the
 * lookup, then (without RTNL to drop here) request_module and a second
 * lookup. The reference is dropped by kmodlab_tcf_em_put(), as
 * tcf_em_tree_destroy() does with module_put(em->ops->owner).
 */
struct tcf_ematch_ops *kmodlab_tcf_em_get(u16 kind)
{
	struct tcf_ematch_ops *em_ops = tcf_em_lookup(kind);

	if (em_ops == NULL) {
		request_module("ematch-kind-%u", kind);
		em_ops = tcf_em_lookup(kind);
	}
	return em_ops;
}
EXPORT_SYMBOL_GPL(kmodlab_tcf_em_get);

void kmodlab_tcf_em_put(struct tcf_ematch_ops *ops)
{
	if (ops)
		module_put(ops->owner);
}
EXPORT_SYMBOL_GPL(kmodlab_tcf_em_put);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * An owner-aware notifier chain: seed 003's "spurious failure".
 *
 * "there remains a subtle problem with the try_inc_mod_count approach in
 * general. It is the 'spurious failure' problem, where eg. a notifier cannot
 * inc the module count, and so does not call the registered notifier, but the
 * module is still being initialized *OR* is in the middle of an attempt to
 * remove the module (which fails, and the module is restored to 'life')."
 *
 * The chain is a blocking chain (6.1's blocking_notifier_call_chain: the
 * callbacks may sleep; a mutex instead of the rwsem) whose entries remember
 * the module that registered them. Before each callback the chain takes a
 * reference on that module the way MAKING INTERFACES SAFE says, and skips the
 * callback when it cannot: the event is lost to that module although the
 * module ends up loaded and live. Each skip is logged with the reason.
 *
 * Which states refuse: a GOING module (try_module_get()), and -- this chain
 * keeps the promise of seed 004's document, "Safe interfaces will never enter
 * your module before module_init() has successfully finished" -- a COMING one,
 * as 6.1's strong_try_module_get() does for symbol_get(). (try_module_get()
 * itself lets a COMING module in since 2.5.48; see genhd.c.)
 */
#include "kmodlab.h"
#include <linux/notifier.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mutex.h>
#include <linux/delay.h>
#include <linux/printk.h>
#include <linux/errno.h>
#include <kmodlab/notifier.h>
#include "testing.h"

struct owned_notifier {
	struct notifier_block *nb;
	struct module *owner;
	struct owned_notifier *next;
};

static struct owned_notifier *chain;
static DEFINE_MUTEX(chain_lock);

int __register_kmodlab_notifier(struct notifier_block *nb, struct module *owner)
{
	struct owned_notifier *n = kmalloc(sizeof(*n), GFP_KERNEL), **p;

	if (!n)
		return -ENOMEM;
	n->nb = nb;
	n->owner = owner;
	mutex_lock(&chain_lock);
	for (p = &chain; *p; p = &(*p)->next) {
		if ((*p)->nb == nb) {
			mutex_unlock(&chain_lock);
			kfree(n);
			return -EEXIST;
		}
		if (nb->priority > (*p)->nb->priority)
			break;
	}
	n->next = *p;
	*p = n;
	mutex_unlock(&chain_lock);
	return 0;
}
EXPORT_SYMBOL(__register_kmodlab_notifier);

int unregister_kmodlab_notifier(struct notifier_block *nb)
{
	struct owned_notifier *n, **p;

	/* The chain holds the mutex while it calls: no callback is running after this. */
	mutex_lock(&chain_lock);
	for (p = &chain; (n = *p) != NULL; p = &n->next) {
		if (n->nb == nb) {
			*p = n->next;
			break;
		}
	}
	mutex_unlock(&chain_lock);
	if (!n)
		return -ENOENT;
	kfree(n);
	return 0;
}
EXPORT_SYMBOL(unregister_kmodlab_notifier);

/* try_module_get(), refusing a module whose init has not finished */
static bool notifier_get_owner(struct module *owner)
{
	if (owner && READ_ONCE(owner->state) == MODULE_STATE_COMING)
		return false;
	return try_module_get(owner);
}

static int notifier_call_chain(unsigned long val, void *v, unsigned long *nr_calls)
{
	struct owned_notifier *n;
	int ret = NOTIFY_DONE;

	mutex_lock(&chain_lock);
	for (n = chain; n; n = n->next) {
		if (!notifier_get_owner(n->owner)) {
			/* "pretend that registration does not exist" */
			pr_info("kmodlab_notifier: event %lu: %s is %s, callback skipped\n",
				val, module_name(n->owner),
				READ_ONCE(n->owner->state) == MODULE_STATE_COMING ?
				"still initialising" : "going");
			continue;
		}
		ret = n->nb->notifier_call(n->nb, val, v);
		module_put(n->owner);
		(*nr_calls)++;
		if (ret & NOTIFY_STOP_MASK)
			break;
	}
	mutex_unlock(&chain_lock);
	return ret;
}

int kmodlab_notifier_call_chain(unsigned long val, void *v)
{
	unsigned long nr_calls = 0;

	return notifier_call_chain(val, v, &nr_calls);
}
EXPORT_SYMBOL(kmodlab_notifier_call_chain);

unsigned long kmodlab_notify_thread(unsigned long count, unsigned int period_ms)
{
	unsigned long event, nr_calls = 0;

	for (event = 1; event <= count; event++) {
		notifier_call_chain(event, NULL, &nr_calls);
		if (period_ms && event < count)
			msleep(period_ms);
	}
	return nr_calls;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmodlab's, not Linux 6.1's: one owner-aware notifier chain
 * (kernel/core/notifier.c) to show seed 003's "spurious failure".
 * register_kmodlab_notifier() passes THIS_MODULE (Rule #1 with the owner as a
 * function parameter), and the chain does not call a module that is still
 * initialising or is being removed. The callbacks are Linux's struct
 * notifier_block, called as a blocking chain calls them (they may sleep).
 */
#ifndef _KMODLAB_NOTIFIER_H
#define _KMODLAB_NOTIFIER_H

#include <linux/notifier.h>
#include <linux/export.h>

struct module;

int __register_kmodlab_notifier(struct notifier_block *nb, struct module *owner);
#define register_kmodlab_notifier(nb) \
	__register_kmodlab_notifier(nb, THIS_MODULE)
/* Returns -ENOENT if @nb is not registered; no callback is running on return. */
int unregister_kmodlab_notifier(struct notifier_block *nb);

/* Calls every registered callback whose module lets itself be entered. */
int kmodlab_notifier_call_chain(unsigned long val, void *v);

#endif /* _KMODLAB_NOTIFIER_H */

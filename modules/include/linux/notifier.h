/* SPDX-License-Identifier: GPL-2.0 */
/*
 *	Routines to manage notifier chains for passing status changes to any
 *	interested routines. We need this instead of hard coded call lists so
 *	that modules can poke their nose into the innards. The network devices
 *	needed them so here they are for the rest of you.
 *
 *				Alan Cox <Alan.Cox@linux.org>
 *
 * kmodlab: struct notifier_block and the NOTIFY_* values as in Linux 6.1,
 * and one owner-aware chain (kernel/core/notifier.c) to show seed 003's
 * "spurious failure": register_kmodlab_notifier() passes THIS_MODULE (Rule #1
 * with the owner as a function parameter), and the chain does not call a
 * module that is still initialising or is being removed.
 */
#ifndef _LINUX_NOTIFIER_H
#define _LINUX_NOTIFIER_H

#include <linux/types.h>
#include <linux/export.h>

struct notifier_block;

typedef	int (*notifier_fn_t)(struct notifier_block *nb,
			unsigned long action, void *data);

struct notifier_block {
	notifier_fn_t notifier_call;
	struct notifier_block *next;
	int priority;
};

#define NOTIFY_DONE		0x0000		/* Don't care */
#define NOTIFY_OK		0x0001		/* Suits me */
#define NOTIFY_STOP_MASK	0x8000		/* Don't call further */
#define NOTIFY_BAD		(NOTIFY_STOP_MASK|0x0002)
						/* Bad/Veto action */
/*
 * Clean way to return from the notifier and stop further calls.
 */
#define NOTIFY_STOP		(NOTIFY_OK|NOTIFY_STOP_MASK)

struct module;

extern int __register_kmodlab_notifier(struct notifier_block *nb,
				       struct module *owner);
#define register_kmodlab_notifier(nb) \
	__register_kmodlab_notifier(nb, THIS_MODULE)
extern int unregister_kmodlab_notifier(struct notifier_block *nb);

/* Calls every registered callback whose module lets itself be entered. */
extern int kmodlab_notifier_call_chain(unsigned long val, void *v);

/*
 * Test entry point of kmodlab's kernel core: a process that sends events
 * 1..COUNT down the chain, PERIOD_MS apart. Returns how many callbacks ran.
 */
unsigned long kmodlab_notify_thread(unsigned long count, unsigned int period_ms);

#endif /* _LINUX_NOTIFIER_H */

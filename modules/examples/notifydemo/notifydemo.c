// SPDX-License-Identifier: GPL-2.0
/*
 * notifydemo.c: a callback on an owner-aware notifier chain, to watch seed
 * 003's "spurious failure": the chain cannot take a reference on this module
 * while its init is still running, nor while an rmmod attempt has it in the
 * can't-increment (GOING) state -- so it skips the callback, and the event is
 * lost to a module that ends up loaded and live all the same.
 *
 *   init_ms=N   init goes on for N ms after registering (probing hardware)
 *
 * notifydemo_events() is exported so that something else can hold a
 * reference on the module (symbol_get) and make an rmmod attempt fail.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/notifier.h>
#include <kmodlab/notifier.h>
#include <linux/delay.h>
#include <linux/atomic.h>

static unsigned int init_ms;
module_param(init_ms, uint, 0444);
MODULE_PARM_DESC(init_ms, "Milliseconds init goes on after registering");

static atomic_t events = ATOMIC_INIT(0);

noinline int notifydemo_events(void)
{
	return atomic_read(&events);
}
EXPORT_SYMBOL(notifydemo_events);

static int notifydemo_event(struct notifier_block *nb, unsigned long action, void *data)
{
	atomic_inc(&events);
	pr_info("event %lu\n", action);
	return NOTIFY_OK;
}

static struct notifier_block notifydemo_nb = {
	.notifier_call = notifydemo_event,
};

static int __init notifydemo_init(void)
{
	int err = register_kmodlab_notifier(&notifydemo_nb);

	if (err)
		return err;
	if (init_ms)
		msleep(init_ms);
	pr_info("init done\n");
	return 0;
}

static void __exit notifydemo_exit(void)
{
	unregister_kmodlab_notifier(&notifydemo_nb);
	pr_info("%d event(s) received\n", atomic_read(&events));
}

module_init(notifydemo_init);
module_exit(notifydemo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("A notifier callback that misses events while initialising or during a failed rmmod");

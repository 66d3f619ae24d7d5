// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parts of net/core/net_namespace.c (6.1) that netfilter modules
 * register into: one network namespace (init_net) and pernet operations
 * with their net_generic() slots.
 *
 * struct net is 6.1's (Debian's config): modules reach net->gen inline --
 * x_tables.ko's xt_net_init: `ldr x0, [x0, #3104]` then
 * `ldr x0, [x0, w1, uxtw #3]` (ptr[id]).
 */
#include "kmodlab.h"
/* net/core/net_namespace.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/workqueue.h>
#include <linux/rtnetlink.h>
#include <linux/cache.h>
#include <linux/slab.h>
#include <linux/list.h>
#include <linux/delay.h>
#include <linux/sched.h>
#include <linux/idr.h>
#include <linux/rculist.h>
#include <linux/nsproxy.h>
#include <linux/fs.h>
#include <linux/proc_ns.h>
#include <linux/file.h>
#include <linux/export.h>
#include <linux/user_namespace.h>
#include <linux/net_namespace.h>
#include <linux/sched/task.h>
#include <linux/uidgid.h>
#include <linux/cookie.h>
#include <linux/proc_fs.h>

#include <net/sock.h>
#include <net/netlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

static_assert(offsetof(struct net, gen) == 0xc20, "Debian's modules read net->gen at 0xc20");

#define MAX_NET_GENERIC_PTR	64

/* (sizeof(struct net_generic) + sizeof(void *) - 1) / sizeof(void *) with 6.1's flexible ptr[] */
#define MIN_PERNET_OPS_ID	3

/* init_net's net_generic: room for MAX_NET_GENERIC_PTR pointers, ids from MIN_PERNET_OPS_ID */
static union {
	struct net_generic ng;
	void *ptr[MAX_NET_GENERIC_PTR];
} init_net_gen = { .ng.s.len = MAX_NET_GENERIC_PTR };

/* The only network namespace: net->gen is set by init_net_gen_init() below on first use. */
struct net init_net;
EXPORT_SYMBOL(init_net);

static LIST_HEAD(pernet_list);
/* Protects net_namespace_list and the pernet operations (Linux's). */
DECLARE_RWSEM(pernet_ops_rwsem);
EXPORT_SYMBOL_GPL(pernet_ops_rwsem);
DECLARE_RWSEM(net_rwsem);
EXPORT_SYMBOL_GPL(net_rwsem);

/* The list of namespaces: init_net, the only one (added on first use below). */
LIST_HEAD(net_namespace_list);
EXPORT_SYMBOL_GPL(net_namespace_list);
static unsigned long pernet_ids;	/* bitmap of ids in use */

static void init_net_gen_init(void)
{
	if (!rcu_access_pointer(init_net.gen)) {
		/* setup_net(): the namespace's own reference, which init_net never drops */
		refcount_set(&init_net.ns.count, 1);
		refcount_set(&init_net.passive, 1);
		rcu_assign_pointer(init_net.gen, &init_net_gen.ng);
		list_add_tail_rcu(&init_net.list, &net_namespace_list);
	}
}

/* Linux: net_ns_init(), a pure_initcall, sets up init_net */
static int __init kmodlab_net_ns_init(void)
{
	init_net_gen_init();
	return 0;
}
pure_initcall(kmodlab_net_ns_init);

/*
 * The last reference to a namespace is gone: Linux queues it for cleanup_net().
 * init_net, the only namespace here, keeps its own reference for good, so this
 * is reached only by a put_net() without its get_net().
 */
void __put_net(struct net *net)
{
	WARN(1, "__put_net: last reference to the initial network namespace dropped (a put_net() without get_net())\n");
}
EXPORT_SYMBOL_GPL(__put_net);

static void *pernet_data(struct net *net, unsigned int id)
{
	return rcu_dereference_raw(net->gen)->ptr[id];
}

static int ops_init(const struct pernet_operations *ops, struct net *net)
{
	int err = -ENOMEM;
	void *data = NULL;

	if (ops->id && ops->size) {
		data = kzalloc(ops->size, GFP_KERNEL);
		if (!data)
			goto out;
		init_net_gen.ng.ptr[*ops->id] = data;
	}
	err = 0;
	if (ops->init)
		err = ops->init(net);
	if (!err)
		return 0;

	if (ops->id && ops->size) {
		init_net_gen.ng.ptr[*ops->id] = NULL;
		kfree(data);
	}
out:
	return err;
}

static void ops_free(const struct pernet_operations *ops, struct net *net)
{
	if (ops->id && ops->size) {
		kfree(pernet_data(net, *ops->id));
		init_net_gen.ng.ptr[*ops->id] = NULL;
	}
}

static int register_pernet_operations(struct pernet_operations *ops)
{
	struct net *net = &init_net;
	int error;

	init_net_gen_init();
	if (ops->id) {
		unsigned int id;

		for (id = MIN_PERNET_OPS_ID; id < MAX_NET_GENERIC_PTR; id++)
			if (!(pernet_ids & (1UL << id)))
				break;
		if (id == MAX_NET_GENERIC_PTR)
			return -ENOSPC;
		pernet_ids |= 1UL << id;
		*ops->id = id;
	}
	list_add_tail(&ops->list, &pernet_list);
	error = ops_init(ops, net);
	if (error) {
		list_del(&ops->list);
		if (ops->id)
			pernet_ids &= ~(1UL << *ops->id);
	}
	return error;
}

static void unregister_pernet_operations(struct pernet_operations *ops)
{
	struct net *net = &init_net;

	list_del(&ops->list);
	if (ops->pre_exit)
		ops->pre_exit(net);
	if (ops->exit)
		ops->exit(net);
	/* the batch is the namespaces going away: init_net, the only one */
	if (ops->exit_batch_rtnl) {
		LIST_HEAD(net_exit_list);
		LIST_HEAD(dev_kill_list);
		list_add(&net->exit_list, &net_exit_list);
		ops->exit_batch_rtnl(&net_exit_list, &dev_kill_list);
		list_del(&net->exit_list);
	}
	if (ops->exit_batch) {
		LIST_HEAD(net_exit_list);
		list_add(&net->exit_list, &net_exit_list);
		ops->exit_batch(&net_exit_list);
		list_del(&net->exit_list);
	}
	ops_free(ops, net);
	if (ops->id)
		pernet_ids &= ~(1UL << *ops->id);
}

int register_pernet_subsys(struct pernet_operations *ops)
{
	int error;

	down_write(&pernet_ops_rwsem);
	error = register_pernet_operations(ops);
	up_write(&pernet_ops_rwsem);
	return error;
}
EXPORT_SYMBOL_GPL(register_pernet_subsys);

void unregister_pernet_subsys(struct pernet_operations *ops)
{
	down_write(&pernet_ops_rwsem);
	unregister_pernet_operations(ops);
	up_write(&pernet_ops_rwsem);
}
EXPORT_SYMBOL_GPL(unregister_pernet_subsys);

int register_pernet_device(struct pernet_operations *ops)
{
	return register_pernet_subsys(ops);
}
EXPORT_SYMBOL_GPL(register_pernet_device);

void unregister_pernet_device(struct pernet_operations *ops)
{
	unregister_pernet_subsys(ops);
}
EXPORT_SYMBOL_GPL(unregister_pernet_device);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parts of net/core/net_namespace.c and kernel/audit.c that netfilter
 * modules register into: one network namespace (init_net), pernet
 * operations with their net_generic() slots, and the netfilter audit record.
 *
 * struct net is opaque here except for what modules reach inline: Debian's
 * 6.1 arm64 struct net has `gen` (struct net_generic __rcu *) at 0xc20 --
 * read off x_tables.ko's xt_net_init: `ldr x0, [x0, #3104]` then
 * `ldr x0, [x0, w1, uxtw #3]` (ptr[id]).
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/errno.h>
#include <linux/printk.h>

#define NET_GEN_OFFSET		0xc20
#define SIZEOF_STRUCT_NET	0x1000
#define MAX_NET_GENERIC_PTR	64

struct net;

struct pernet_operations {
	struct list_head list;
	int (*init)(struct net *net);
	void (*pre_exit)(struct net *net);
	void (*exit)(struct net *net);
	void (*exit_batch)(struct list_head *net_exit_list);
	/* backported to Debian's 6.1 from 6.10 */
	void (*exit_batch_rtnl)(struct list_head *net_exit_list,
				struct list_head *dev_kill_list);
	unsigned int *id;
	size_t size;
};

struct net_generic {
	union {
		struct {
			unsigned int len;
			void *rcu[2];
		} s;

		void *ptr[MAX_NET_GENERIC_PTR];
	};
};

/* (sizeof(struct net_generic) + sizeof(void *) - 1) / sizeof(void *) with 6.1's flexible ptr[] */
#define MIN_PERNET_OPS_ID	3

static struct net_generic init_net_gen = { .s.len = MAX_NET_GENERIC_PTR };

/* The only network namespace. */
unsigned char init_net[SIZEOF_STRUCT_NET] __attribute__((aligned(64))) = {
	/* net->gen is set by net_ns_init() below on first use */
};
EXPORT_SYMBOL(init_net);

static LIST_HEAD(pernet_list);
static DEFINE_MUTEX(pernet_ops_rwsem);
static unsigned long pernet_ids;	/* bitmap of ids in use */

static void net_ns_init(void)
{
	struct net_generic **gen = (void *)(init_net + NET_GEN_OFFSET);

	if (!*gen)
		*gen = &init_net_gen;
}

static void *net_generic(struct net *net, unsigned int id)
{
	struct net_generic *ng = *(struct net_generic **)((void *)net + NET_GEN_OFFSET);

	return ng->ptr[id];
}

static int ops_init(const struct pernet_operations *ops, struct net *net)
{
	int err = -ENOMEM;
	void *data = NULL;

	if (ops->id && ops->size) {
		data = kzalloc(ops->size, GFP_KERNEL);
		if (!data)
			goto out;
		init_net_gen.ptr[*ops->id] = data;
	}
	err = 0;
	if (ops->init)
		err = ops->init(net);
	if (!err)
		return 0;

	if (ops->id && ops->size) {
		init_net_gen.ptr[*ops->id] = NULL;
		kfree(data);
	}
out:
	return err;
}

static void ops_free(const struct pernet_operations *ops, struct net *net)
{
	if (ops->id && ops->size) {
		kfree(net_generic(net, *ops->id));
		init_net_gen.ptr[*ops->id] = NULL;
	}
}

static int register_pernet_operations(struct pernet_operations *ops)
{
	struct net *net = (struct net *)init_net;
	int error;

	net_ns_init();
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
	struct net *net = (struct net *)init_net;

	list_del(&ops->list);
	if (ops->pre_exit)
		ops->pre_exit(net);
	if (ops->exit)
		ops->exit(net);
	if (ops->exit_batch_rtnl) {
		LIST_HEAD(net_exit_list);
		LIST_HEAD(dev_kill_list);
		ops->exit_batch_rtnl(&net_exit_list, &dev_kill_list);
	}
	if (ops->exit_batch) {
		LIST_HEAD(net_exit_list);
		ops->exit_batch(&net_exit_list);
	}
	ops_free(ops, net);
	if (ops->id)
		pernet_ids &= ~(1UL << *ops->id);
}

int register_pernet_subsys(struct pernet_operations *ops)
{
	int error;

	mutex_lock(&pernet_ops_rwsem);
	error = register_pernet_operations(ops);
	mutex_unlock(&pernet_ops_rwsem);
	return error;
}
EXPORT_SYMBOL_GPL(register_pernet_subsys);

void unregister_pernet_subsys(struct pernet_operations *ops)
{
	mutex_lock(&pernet_ops_rwsem);
	unregister_pernet_operations(ops);
	mutex_unlock(&pernet_ops_rwsem);
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

/* kernel/audit.c: only called while audit_enabled, which stays 0 (no auditd). */
enum audit_nfcfgop { AUDIT_XT_OP_REGISTER, AUDIT_XT_OP_REPLACE, AUDIT_XT_OP_UNREGISTER };

void __audit_log_nfcfg(const char *name, u8 af, unsigned int nentries,
		       enum audit_nfcfgop op, gfp_t gfp)
{
	static const char *const ops[] = { "register", "replace", "unregister" };

	pr_notice("audit: type=1325 table=%s family=%u entries=%u op=%s\n",
		  name, af, nentries, op < 3 ? ops[op] : "?");
}
EXPORT_SYMBOL_GPL(__audit_log_nfcfg);

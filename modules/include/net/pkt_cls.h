/* SPDX-License-Identifier: GPL-2.0 */
/* include/net/pkt_cls.h (6.1): extended matches, with Debian's layout. */
#ifndef __NET_PKT_CLS_H
#define __NET_PKT_CLS_H

#include <linux/types.h>
#include <linux/list.h>

struct net;
struct sk_buff;
struct tcf_ematch;
struct tcf_pkt_info;
struct module;

struct tcf_ematch_ops {
	int			kind;
	int			datalen;
	int			(*change)(struct net *net, void *,
					  int, struct tcf_ematch *);
	int			(*match)(struct sk_buff *, struct tcf_ematch *,
					 struct tcf_pkt_info *);
	void			(*destroy)(struct tcf_ematch *);
	int			(*dump)(struct sk_buff *, struct tcf_ematch *);
	struct module		*owner;
	struct list_head	link;
};

_Static_assert(__builtin_offsetof(struct tcf_ematch_ops, owner) == 0x28, "tcf_ematch_ops.owner");

int tcf_em_register(struct tcf_ematch_ops *);
void tcf_em_unregister(struct tcf_ematch_ops *);

/* kmodlab: the lookup half of tcf_em_validate(), and the put of tcf_em_tree_destroy() */
struct tcf_ematch_ops *kmodlab_tcf_em_get(u16 kind);
void kmodlab_tcf_em_put(struct tcf_ematch_ops *ops);

#endif

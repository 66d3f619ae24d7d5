/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The part of net/core/dev.h (6.1, private to net/core) whose types reach the
 * exports of sock.c: genksyms expands them there, so they must be defined here.
 */
#ifndef _KMODLAB_NET_CORE_DEV_H
#define _KMODLAB_NET_CORE_DEV_H

#include <linux/types.h>

struct net;
struct netlink_ext_ack;
struct cpumask;

/* Random bits of netdevice that don't need to be exposed */
#define FLOW_LIMIT_HISTORY	(1 << 7)  /* must be ^2 and !overflow buckets */
struct sd_flow_limit {
	u64			count;
	unsigned int		num_buckets;
	unsigned int		history_head;
	u16			history[FLOW_LIMIT_HISTORY];
	u8			buckets[];
};

struct netdev_name_node {
	struct hlist_node hlist;
	struct list_head list;
	struct net_device *dev;
	const char *name;
};

/* Backlog and todo list of the RTNL */
extern struct list_head net_todo_list;
void netdev_run_todo(void);

#endif

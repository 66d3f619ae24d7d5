// SPDX-License-Identifier: GPL-2.0
/*
 * What the machine has not got, for the Linux code that names it.
 *
 * Header inlines kept from Linux call out-of-line functions for objects this
 * machine never makes: struct pages behind a page fragment or a folio (RAM has
 * no memmap; pages are handed out by address), page_pool buffers (no NIC),
 * routing cache entries (no routes). The paths that reach them only run for
 * such objects, so they cannot run here. Each is defined for the linker, not
 * exported (a module importing one is told the symbol is unknown, as it should
 * be), and stops the machine with a BUG naming itself if it is ever reached.
 */
#include "kmodlab.h"
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/page_pool.h>
#include <net/sock.h>
#include <linux/netdevice.h>
#include <net/sch_generic.h>
#include <net/pkt_sched.h>

#define ABSENT(what) do {						\
	pr_crit("%s: %s\n", __func__, what);				\
	BUG();								\
} while (0)

/* mm/page_alloc.c */
void page_frag_free(void *addr)
{
	ABSENT("no page fragments on this machine");
}

/* mm/swap.c */
void __folio_put(struct folio *folio)
{
	ABSENT("no struct pages on this machine");
}

/* net/core/page_pool.c */
bool page_pool_return_skb_page(struct page *page)
{
	ABSENT("no page_pool on this machine");
}

/* net/core/dst.c */
void dst_release(struct dst_entry *dst)
{
	ABSENT("no routing cache on this machine");
}

/*
 * net/core/sock.c: socket memory accounting reclaims only for protocols that
 * account (proto.memory_allocated) and memory cgroups, neither of which
 * this machine has.
 */
void __sk_mem_reclaim(struct sock *sk, int amount)
{
	ABSENT("no memory-accounted protocols on this machine");
}

/*
 * The transmit and link paths of network devices (net/core/dev.c,
 * net/core/link_watch.c, net/core/filter.c, net/sched/sch_frag.c) and the
 * RCU polling that mini qdiscs use (kernel/rcu/tree.c): reached only through
 * a registered net_device, which this machine never has (no alloc_netdev).
 */
#define NO_NETDEV "no network devices on this machine"

void __netif_schedule(struct Qdisc *q)
{
	ABSENT(NO_NETDEV);
}

void netif_schedule_queue(struct netdev_queue *txq)
{
	ABSENT(NO_NETDEV);
}

struct sk_buff *validate_xmit_skb_list(struct sk_buff *skb, struct net_device *dev, bool *again)
{
	ABSENT(NO_NETDEV);
}

struct sk_buff *dev_hard_start_xmit(struct sk_buff *first, struct net_device *dev,
				    struct netdev_queue *txq, int *ret)
{
	ABSENT(NO_NETDEV);
}

struct netdev_queue *dev_ingress_queue_create(struct net_device *dev)
{
	ABSENT(NO_NETDEV);
}

void linkwatch_fire_event(struct net_device *dev)
{
	ABSENT(NO_NETDEV);
}

int skb_do_redirect(struct sk_buff *skb)
{
	ABSENT(NO_NETDEV);
}

int sch_frag_xmit_hook(struct sk_buff *skb, int (*xmit)(struct sk_buff *skb))
{
	ABSENT(NO_NETDEV);
}

unsigned long get_state_synchronize_rcu(void)
{
	ABSENT(NO_NETDEV);
}

unsigned long start_poll_synchronize_rcu(void)
{
	ABSENT(NO_NETDEV);
}

bool poll_state_synchronize_rcu(unsigned long oldstate)
{
	ABSENT(NO_NETDEV);
}

/*
 * BPF (kernel/bpf/): no program can be loaded here (no bpf(2)), so the
 * flow dissector's and the classifiers' program runs, which pin the task to
 * its CPU and count run time, never happen.
 */
#define NO_BPF "no BPF programs on this machine"

DEFINE_STATIC_KEY_FALSE(bpf_stats_enabled_key);

void migrate_disable(void)
{
	ABSENT(NO_BPF);
}

void migrate_enable(void)
{
	ABSENT(NO_BPF);
}

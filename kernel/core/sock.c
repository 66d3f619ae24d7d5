// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The socks of net/core/sock.c (6.1) that protocol modules allocate:
 * sk_alloc() takes a reference on the proto's owner, sk_free() gives it back
 * after the module's destructor ran (seed 004's two-stage delete). Includes
 * as net/core/sock.c's, so genksyms gives Debian's CRCs.
 *
 * Authors:	Ross Biro
 *		Fred N. van Kempen, <waltje@uWalt.NL.Mugnet.ORG>
 *		Florian La Roche, <flla@stud.uni-sb.de>
 *		Alan Cox, <A.Cox@swansea.ac.uk>
 */
#include "kmodlab.h"
#include <asm/unaligned.h>
#include <linux/capability.h>
#include <linux/errno.h>
#include <linux/errqueue.h>
#include <linux/types.h>
#include <linux/socket.h>
#include <linux/in.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/timer.h>
#include <linux/string.h>
#include <linux/sockios.h>
#include <linux/net.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/interrupt.h>
#include <linux/poll.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/init.h>
#include <linux/highmem.h>
#include <linux/user_namespace.h>
#include <linux/static_key.h>
#include <linux/memcontrol.h>
#include <linux/prefetch.h>
#include <linux/compat.h>
#include <linux/mroute.h>
#include <linux/mroute6.h>
#include <linux/icmpv6.h>

#include <linux/uaccess.h>

#include <linux/netdevice.h>
#include <net/protocol.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <linux/net_tstamp.h>
#include <net/xfrm.h>
#include <linux/ipsec.h>
#include <net/cls_cgroup.h>
#include <net/netprio_cgroup.h>
#include <linux/sock_diag.h>

#include <linux/filter.h>
#include <net/sock_reuseport.h>
#include <net/bpf_sk_storage.h>

#include <trace/events/sock.h>

#include <net/tcp.h>
#include <net/busy_poll.h>
#include <net/phonet/phonet.h>

#include <linux/ethtool.h>

#include "net_dev.h"

/* sk_prot_alloc(): the object holds the module its functions live in */
static struct sock *sk_prot_alloc(struct proto *prot, gfp_t priority, int family)
{
	struct sock *sk = kmalloc(prot->obj_size, priority);

	if (!sk)
		return NULL;
	if (!try_module_get(prot->owner)) {
		kfree(sk);
		return NULL;
	}
	return sk;
}

/* sk_prot_free(): the module's reference goes after the object */
static void sk_prot_free(struct proto *prot, struct sock *sk)
{
	struct module *owner = prot->owner;

	kfree(sk);
	module_put(owner);
}

/**
 *	sk_alloc - All socket objects are allocated here
 *	@net: the applicable net namespace
 *	@family: protocol family
 *	@priority: for allocation (%GFP_KERNEL, %GFP_ATOMIC, etc)
 *	@prot: struct proto associated with this new sock instance
 *	@kern: is this to be a kernel socket?
 */
struct sock *sk_alloc(struct net *net, int family, gfp_t priority,
		      struct proto *prot, int kern)
{
	struct sock *sk;

	sk = sk_prot_alloc(prot, priority | __GFP_ZERO, family);
	if (sk) {
		sk->sk_family = family;
		/*
		 * See comment in struct sock definition to understand
		 * why we need sk_prot_creator -acme
		 */
		sk->sk_prot = sk->sk_prot_creator = prot;
		sk->sk_kern_sock = kern;
		/* kmodlab has one namespace and counts no references on it */
		sk->sk_net_refcnt = 0;
		sock_net_set(sk, net);
		refcount_set(&sk->sk_wmem_alloc, 1);
	}
	return sk;
}
EXPORT_SYMBOL(sk_alloc);

static void sock_def_destruct(struct sock *sk)
{
}

/*
 * sock_init_data(): the first reference, the socket link and the default
 * destructor; kmodlab's socks have no queues, timer or wait queue to set up.
 */
void sock_init_data(struct socket *sock, struct sock *sk)
{
	sk->sk_send_head	=	NULL;
	sk->sk_allocation	=	GFP_KERNEL;
	sk->sk_state		=	TCP_CLOSE;
	sk_set_socket(sk, sock);

	sock_set_flag(sk, SOCK_ZAPPED);

	if (sock) {
		sk->sk_type	=	sock->type;
		sock->sk	=	sk;
	}
	sk->sk_destruct		=	sock_def_destruct;
	sk->sk_rcvlowat		=	1;
	sk->sk_rcvtimeo		=	MAX_SCHEDULE_TIMEOUT;
	sk->sk_sndtimeo		=	MAX_SCHEDULE_TIMEOUT;

	/*
	 * Before updating sk_refcnt, we must commit prior changes to memory
	 * (Documentation/RCU/rculist_nulls.rst for details)
	 */
	smp_wmb();
	refcount_set(&sk->sk_refcnt, 1);
	atomic_set(&sk->sk_drops, 0);
}
EXPORT_SYMBOL(sock_init_data);

/* __sk_destruct(): the module's destructor, then the object and its module reference */
static void __sk_destruct(struct sock *sk)
{
	if (sk->sk_destruct)
		sk->sk_destruct(sk);
	sk_prot_free(sk->sk_prot_creator, sk);
}

void sk_free(struct sock *sk)
{
	/*
	 * We subtract one from sk_wmem_alloc and can know if
	 * some packets are still in some tx queue.
	 */
	if (refcount_dec_and_test(&sk->sk_wmem_alloc))
		__sk_destruct(sk);
}
EXPORT_SYMBOL(sk_free);


DEFINE_STATIC_KEY_FALSE(memalloc_socks_key);
EXPORT_SYMBOL_GPL(memalloc_socks_key);

/*
 * An skb destructor of early-demuxed packets; skbuff.c compares with it. No
 * packet is demuxed to a socket here (no receive path), so it is not exported
 * (Linux's calls sock_gen_put(), which needs the inet hash tables) and is a
 * BUG if ever reached.
 */
void sock_edemux(struct sk_buff *skb)
{
	pr_crit("sock_edemux: no early demux on this machine\n");
	BUG();
}

/* Run time adjustable parameters. */
__u32 sysctl_wmem_max __read_mostly = SK_WMEM_MAX;
EXPORT_SYMBOL(sysctl_wmem_max);
__u32 sysctl_rmem_max __read_mostly = SK_RMEM_MAX;
EXPORT_SYMBOL(sysctl_rmem_max);
__u32 sysctl_wmem_default __read_mostly = SK_WMEM_MAX;
__u32 sysctl_rmem_default __read_mostly = SK_RMEM_MAX;

/*
 * Read buffer destructor automatically called from kfree_skb.
 */
void sock_rfree(struct sk_buff *skb)
{
	struct sock *sk = skb->sk;
	unsigned int len = skb->truesize;

	atomic_sub(len, &sk->sk_rmem_alloc);
	sk_mem_uncharge(sk, len);
}
EXPORT_SYMBOL(sock_rfree);

void sk_error_report(struct sock *sk)
{
	sk->sk_error_report(sk);
	/* trace_inet_sk_error_report(): the machine has no tracepoints */
}
EXPORT_SYMBOL(sk_error_report);

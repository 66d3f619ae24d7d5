// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Protocol families and socket objects: Linux 6.1's net/socket.c
 * (sock_register, __sock_create, sock_release) and net/core/sock.c (sk_alloc,
 * sock_init_data, sk_free), on 6.1's structures, cut down to seed 002's
 * two-stage delete.
 *
 * The objects are refcounted and deleted in two stages: close() releases the
 * socket -- the protocol's ->release drops the sock's first reference -- and
 * whoever drops the last reference frees the sock, calling its sk_destruct, a
 * function pointer into the module that created it. So, as 6.1's
 * sk_prot_alloc() does, sk_alloc() takes a reference on prot->owner, and
 * sk_free() drops it only after sk_destruct has returned: the module cannot
 * go while one of its objects lives. A proto without .owner (NULL: "the
 * kernel") gets no reference, and the last put calls into whatever is left of
 * the module.
 *
 * The family itself is Rule #1: socket() looks it up with
 * try_module_get(pf->owner) and drops that reference once create() returned;
 * an open socket holds its proto_ops' owner until it is released.
 *
 * kmodlab's sockets are kernel sockets in init_net (no namespace reference),
 * without an inode, wait queues, timers or buffers: sock_init_data() sets up
 * what a sock's life and death use, nothing for sending or receiving.
 *
 * The includes are net/socket.c's: genksyms expands the exports' types with
 * what they define, so sock_register's and sock_unregister's CRCs are
 * Debian's. (sk_alloc(), sock_init_data() and sk_free() are net/core/sock.c's,
 * whose CRCs see that file's includes, private ones among them.)
 *
 * Copyright (C) Linus Torvalds, Alan Cox, Ross Biro, Fred N. van Kempen
 */
#include "kmodlab.h"
#include <linux/bpf-cgroup.h>
#include <linux/ethtool.h>
#include <linux/mm.h>
#include <linux/socket.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/interrupt.h>
#include <linux/thread_info.h>
#include <linux/rcupdate.h>
#include <linux/netdevice.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/mutex.h>
#include <linux/if_bridge.h>
#include <linux/if_vlan.h>
#include <linux/ptp_classify.h>
#include <linux/init.h>
#include <linux/poll.h>
#include <linux/cache.h>
#include <linux/module.h>
#include <linux/highmem.h>
#include <linux/mount.h>
#include <linux/pseudo_fs.h>
#include <linux/security.h>
#include <linux/syscalls.h>
#include <linux/compat.h>
#include <linux/kmod.h>
#include <linux/audit.h>
#include <linux/wireless.h>
#include <linux/nsproxy.h>
#include <linux/magic.h>
#include <linux/slab.h>
#include <linux/xattr.h>
#include <linux/nospec.h>
#include <linux/indirect_call_wrapper.h>
#include <linux/uaccess.h>
#include <asm/unistd.h>
#include <net/compat.h>
#include <net/wext.h>
#include <net/cls_cgroup.h>
#include <net/sock.h>
#include <linux/netfilter.h>
#include <linux/if_tun.h>
#include <linux/ipv6_route.h>
#include <linux/route.h>
#include <linux/termios.h>
#include <linux/sockios.h>
#include <net/busy_poll.h>
#include <linux/errqueue.h>
#include <linux/ptp_clock_kernel.h>
#include <trace/events/sock.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <net/net_namespace.h>
#include "testing.h"

static const char * const pf_family_names[] = {
	[PF_UNSPEC]	= "PF_UNSPEC",
	[PF_UNIX]	= "PF_UNIX/PF_LOCAL",
	[PF_INET]	= "PF_INET",
	[PF_AX25]	= "PF_AX25",
	[PF_IPX]	= "PF_IPX",
	[PF_APPLETALK]	= "PF_APPLETALK",
	[PF_NETROM]	= "PF_NETROM",
	[PF_BRIDGE]	= "PF_BRIDGE",
	[PF_ATMPVC]	= "PF_ATMPVC",
	[PF_X25]	= "PF_X25",
	[PF_INET6]	= "PF_INET6",
	[PF_ROSE]	= "PF_ROSE",
	[PF_DECnet]	= "PF_DECnet",
	[PF_NETBEUI]	= "PF_NETBEUI",
	[PF_SECURITY]	= "PF_SECURITY",
	[PF_KEY]	= "PF_KEY",
	[PF_NETLINK]	= "PF_NETLINK/PF_ROUTE",
	[PF_PACKET]	= "PF_PACKET",
	[PF_ASH]	= "PF_ASH",
	[PF_ECONET]	= "PF_ECONET",
	[PF_ATMSVC]	= "PF_ATMSVC",
	[PF_RDS]	= "PF_RDS",
	[PF_SNA]	= "PF_SNA",
	[PF_IRDA]	= "PF_IRDA",
	[PF_PPPOX]	= "PF_PPPOX",
	[PF_WANPIPE]	= "PF_WANPIPE",
	[PF_LLC]	= "PF_LLC",
	[PF_IB]		= "PF_IB",
	[PF_MPLS]	= "PF_MPLS",
	[PF_CAN]	= "PF_CAN",
	[PF_TIPC]	= "PF_TIPC",
	[PF_BLUETOOTH]	= "PF_BLUETOOTH",
	[PF_IUCV]	= "PF_IUCV",
	[PF_RXRPC]	= "PF_RXRPC",
	[PF_ISDN]	= "PF_ISDN",
	[PF_PHONET]	= "PF_PHONET",
	[PF_IEEE802154]	= "PF_IEEE802154",
	[PF_CAIF]	= "PF_CAIF",
	[PF_ALG]	= "PF_ALG",
	[PF_NFC]	= "PF_NFC",
	[PF_VSOCK]	= "PF_VSOCK",
	[PF_KCM]	= "PF_KCM",
	[PF_QIPCRTR]	= "PF_QIPCRTR",
	[PF_SMC]	= "PF_SMC",
	[PF_XDP]	= "PF_XDP",
	[PF_MCTP]	= "PF_MCTP",
};

static const struct net_proto_family *net_families[NPROTO];
static DEFINE_SPINLOCK(net_family_lock);

/**
 *	sock_register - add a socket protocol handler
 *	@ops: description of protocol
 *
 *	This function is called by a protocol handler that wants to
 *	advertise its address family, and have it linked into the
 *	socket interface. The value ops->family corresponds to the
 *	socket system call protocol family.
 */
int sock_register(const struct net_proto_family *ops)
{
	int err;

	if (ops->family >= NPROTO) {
		pr_crit("protocol %d >= NPROTO(%d)\n", ops->family, NPROTO);
		return -ENOBUFS;
	}

	spin_lock(&net_family_lock);
	if (net_families[ops->family])
		err = -EEXIST;
	else {
		WRITE_ONCE(net_families[ops->family], ops);
		err = 0;
	}
	spin_unlock(&net_family_lock);

	if (!err)
		pr_info("NET: Registered %s protocol family\n", pf_family_names[ops->family]);
	return err;
}
EXPORT_SYMBOL(sock_register);

/**
 *	sock_unregister - remove a protocol handler
 *	@family: protocol family to remove
 *
 *	This function is called by a protocol handler that wants to
 *	remove its address family, and have it unlinked from the
 *	new socket creation.
 *
 *	If protocol handler is a module, then it can use module reference
 *	counts to protect against new references. If protocol handler is not
 *	a module then it needs to provide its own protection in
 *	the ops->create routine.
 */
void sock_unregister(int family)
{
	BUG_ON(family < 0 || family >= NPROTO);

	spin_lock(&net_family_lock);
	WRITE_ONCE(net_families[family], NULL);
	spin_unlock(&net_family_lock);

	synchronize_rcu();

	pr_info("NET: Unregistered %s protocol family\n", pf_family_names[family]);
}
EXPORT_SYMBOL(sock_unregister);

/* ---- test entry points: a file table, as socket(2) and close(2) see it ---- */

#define KMODLAB_FDS	16

/* fds 0-2 are never handed out; an open socket has its sk set */
static struct socket fd_table[KMODLAB_FDS];
static DEFINE_SPINLOCK(fd_table_lock);

/* __sock_release(): the protocol lets go of the sock, then the socket its ops' module */
static void __sock_release(struct socket *sock)
{
	const struct proto_ops *ops = sock->ops;

	if (ops) {
		struct module *owner = ops->owner;

		ops->release(sock);
		sock->sk = NULL;
		sock->ops = NULL;
		module_put(owner);
	}
}

/*
 * __sock_create() + sock_map_fd(): socket(FAMILY, SOCK_DGRAM, PROTOCOL) as a
 * kernel socket; returns a file descriptor or -errno.
 */
long kmodlab_socket(int family, int protocol)
{
	const struct net_proto_family *pf;
	struct socket *sock = NULL;
	int err, fd;

	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;

	spin_lock(&fd_table_lock);
	for (fd = 3; fd < KMODLAB_FDS; fd++) {
		if (!fd_table[fd].state) {
			sock = &fd_table[fd];
			memset(sock, 0, sizeof(*sock));
			sock->state = SS_UNCONNECTED;
			sock->type = SOCK_DGRAM;
			break;
		}
	}
	spin_unlock(&fd_table_lock);
	if (!sock)
		return -EMFILE;

	spin_lock(&net_family_lock);
	pf = READ_ONCE(net_families[family]);
	/*
	 * We will call the ->create function, that possibly is in a loadable
	 * module, so we have to bump that loadable module refcnt first.
	 */
	if (pf && !try_module_get(pf->owner))
		pf = NULL;
	spin_unlock(&net_family_lock);
	err = -EAFNOSUPPORT;
	if (!pf) {
		pr_info("kmodlab_socket: family %d: %pe\n", family, ERR_PTR(err));
		goto out_release;
	}

	/* Now protected by module ref count */
	err = pf->create(&init_net, sock, protocol, 1);
	if (err < 0)
		goto out_module_put;

	/*
	 * Now to bump the refcnt of the [loadable] module that owns this
	 * socket at sock_release time we decrement its refcnt.
	 */
	err = -EAFNOSUPPORT;
	if (!sock->ops || !try_module_get(sock->ops->owner)) {
		sock->ops = NULL;
		goto out_module_put;
	}

	/*
	 * Now that we're done with the ->create function, the [loadable]
	 * module can have its refcnt decremented
	 */
	module_put(pf->owner);
	return fd;

out_module_put:
	module_put(pf->owner);
out_release:
	__sock_release(sock);
	spin_lock(&fd_table_lock);
	sock->state = SS_FREE;
	spin_unlock(&fd_table_lock);
	return err;
}

/* close(FD): stage one of the delete -- the protocol drops the socket's reference */
long kmodlab_sock_close(int fd)
{
	struct socket *sock = NULL;

	spin_lock(&fd_table_lock);
	if (fd >= 0 && fd < KMODLAB_FDS && fd_table[fd].state == SS_UNCONNECTED) {
		sock = &fd_table[fd];
		sock->state = SS_DISCONNECTING;
	}
	spin_unlock(&fd_table_lock);
	if (!sock)
		return -EBADF;
	__sock_release(sock);
	spin_lock(&fd_table_lock);
	sock->state = SS_FREE;
	spin_unlock(&fd_table_lock);
	return 0;
}

/*
 * A packet in flight on socket FD: takes a reference on the sock, keeps it
 * HOLD_MS ms, drops it. If the socket was closed meanwhile, this put is the
 * last one and frees the sock.
 */
long kmodlab_sock_busy(int fd, unsigned int hold_ms)
{
	struct sock *sk = NULL;

	spin_lock(&fd_table_lock);
	if (fd >= 0 && fd < KMODLAB_FDS && fd_table[fd].state == SS_UNCONNECTED)
		sk = fd_table[fd].sk;
	if (sk)
		sock_hold(sk);
	spin_unlock(&fd_table_lock);
	if (!sk)
		return -EBADF;
	if (hold_ms)
		msleep(hold_ms);
	sock_put(sk);
	return 0;
}

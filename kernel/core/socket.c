// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Protocol families and socket objects: Linux 6.1's net/socket.c
 * (sock_register, __sock_create) and net/core/sock.c (sk_alloc, sk_free),
 * cut down to seed 002's two-stage delete.
 *
 * The objects are refcounted and deleted in two stages: close() takes a sock
 * off the file table and drops the table's reference; whoever drops the
 * last reference frees it, calling its sk_destruct -- a function pointer into
 * the module that created it. So, as 6.1's sk_prot_alloc() does, sk_alloc()
 * takes a reference on prot->owner, and sk_free() drops it only after
 * sk_destruct has returned: the module cannot go while one of its objects
 * lives. A proto without .owner (NULL: "the kernel") gets no reference, and
 * the last put calls into whatever is left of the module.
 *
 * The family itself is Rule #1: socket() looks it up with
 * try_module_get(pf->owner) and drops that reference once create() returned.
 *
 * Copyright (C) Linus Torvalds, Alan Cox, Ross Biro, Fred N. van Kempen
 */
#include <linux/net.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/errno.h>

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

	if (ops->family < 0 || ops->family >= NPROTO) {
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
		pr_info("NET: Registered protocol family %d\n", ops->family);
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

	pr_info("NET: Unregistered protocol family %d\n", family);
}
EXPORT_SYMBOL(sock_unregister);

/**
 *	sk_alloc - All socket objects are allocated here
 *	@family: protocol family
 *	@priority: for allocation (%GFP_KERNEL, %GFP_ATOMIC, etc)
 *	@prot: struct proto associated with this new sock instance
 *	@kern: is this to be a kernel socket?
 */
struct sock *sk_alloc(int family, gfp_t priority, struct proto *prot, int kern)
{
	struct sock *sk;

	sk = kzalloc(prot->obj_size > sizeof(*sk) ? prot->obj_size : sizeof(*sk), priority);
	if (!sk)
		return NULL;
	/* sk_prot_alloc(): the object holds the module its functions live in */
	if (!try_module_get(prot->owner)) {
		kfree(sk);
		return NULL;
	}
	sk->sk_family = family;
	sk->sk_prot_creator = prot;
	atomic_set(&sk->sk_refcnt, 1);
	return sk;
}
EXPORT_SYMBOL(sk_alloc);

/* __sk_destruct() + sk_prot_free(): the module's destructor, then its reference */
void sk_free(struct sock *sk)
{
	struct module *owner;

	if (sk->sk_destruct)
		sk->sk_destruct(sk);
	owner = sk->sk_prot_creator->owner;
	kfree(sk);
	module_put(owner);
}
EXPORT_SYMBOL(sk_free);

/* ---- test entry points: a file table, as socket(2) and close(2) see it ---- */

#define KMODLAB_FDS	16

static struct sock *fd_table[KMODLAB_FDS];	/* fds 0-2 are never handed out */
static DEFINE_SPINLOCK(fd_table_lock);

/* __sock_create() + sock_map_fd(): returns a file descriptor or -errno */
long kmodlab_socket(int family, int protocol)
{
	const struct net_proto_family *pf;
	struct socket sock = { .sk = NULL };
	int err, fd;

	if (family < 0 || family >= NPROTO)
		return -EAFNOSUPPORT;

	spin_lock(&net_family_lock);
	pf = READ_ONCE(net_families[family]);
	/* We are going to call into a possibly modular subsystem. */
	if (pf && !try_module_get(pf->owner))
		pf = NULL;
	spin_unlock(&net_family_lock);
	if (!pf) {
		pr_info("kmodlab_socket: family %d: %pe\n", family, ERR_PTR(-EAFNOSUPPORT));
		return -EAFNOSUPPORT;
	}

	err = pf->create(&sock, protocol, 1);
	/* Now the sock holds what it needs; the family's reference goes. */
	module_put(pf->owner);
	if (err < 0)
		return err;
	if (!sock.sk)
		return -ENOBUFS;

	spin_lock(&fd_table_lock);
	for (fd = 3; fd < KMODLAB_FDS && fd_table[fd]; fd++)
		;
	if (fd < KMODLAB_FDS)
		fd_table[fd] = sock.sk;	/* the table's reference: sk_alloc()'s */
	spin_unlock(&fd_table_lock);
	if (fd == KMODLAB_FDS) {
		sock_put(sock.sk);
		return -EMFILE;
	}
	return fd;
}

/* close(FD): stage one of the delete -- off the table, the table's reference dropped */
long kmodlab_sock_close(int fd)
{
	struct sock *sk = NULL;

	spin_lock(&fd_table_lock);
	if (fd >= 0 && fd < KMODLAB_FDS) {
		sk = fd_table[fd];
		fd_table[fd] = NULL;
	}
	spin_unlock(&fd_table_lock);
	if (!sk)
		return -EBADF;
	sock_put(sk);
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
	if (fd >= 0 && fd < KMODLAB_FDS)
		sk = fd_table[fd];
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

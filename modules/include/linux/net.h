/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Protocol families and sockets: sock_register() and sk_alloc() from Linux
 * 6.1's include/linux/net.h and include/net/sock.h (a kmodlab subset; kept in
 * one header), implemented by kernel/core/socket.c.
 *
 * Seed 002's two-stage delete: "when you 'unregister' a socket etc, it
 * removes the element from lists, and decs the refcount. Whoever decs the
 * refcount to zero frees it up. This works *fine* until the object contains
 * a function pointer to inside a module [...] The obvious solution is to hold
 * a reference to the module as well". A struct sock holds sk_destruct, a
 * function pointer into the module that made it; sk_alloc() takes a
 * reference on prot->owner and the last sock_put() drops it after calling
 * sk_destruct.
 */
#ifndef _LINUX_NET_H
#define _LINUX_NET_H

#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/gfp.h>

struct module;
struct socket;
struct sock;

/* the protocol families kmodlab's kernel has room for */
#define NPROTO		48

/* include/net/sock.h: struct proto (kmodlab subset) */
struct proto {
	const char	*name;
	struct module	*owner;
	unsigned int	obj_size;
};

/* include/net/sock.h: struct sock (kmodlab subset) */
struct sock {
	atomic_t	sk_refcnt;
	unsigned short	sk_family;
	int		sk_protocol;
	struct proto	*sk_prot_creator;
	void		*sk_user_data;
	void		(*sk_destruct)(struct sock *sk);
};

struct socket {
	struct sock	*sk;
};

struct net_proto_family {
	int		family;
	int		(*create)(struct socket *sock, int protocol, int kern);
	struct module	*owner;
};

extern int sock_register(const struct net_proto_family *fam);
extern void sock_unregister(int family);

extern struct sock *sk_alloc(int family, gfp_t priority, struct proto *prot,
			     int kern);

static inline void sock_hold(struct sock *sk)
{
	atomic_inc(&sk->sk_refcnt);
}

extern void sk_free(struct sock *sk);

/* Ungrab socket and destroy it, if it was the last reference. */
static inline void sock_put(struct sock *sk)
{
	if (atomic_dec_and_test(&sk->sk_refcnt))
		sk_free(sk);
}

/*
 * Test entry points of kmodlab's kernel core: socket(FAMILY, ..., PROTOCOL)
 * returns a file descriptor whose table entry holds the sock's first
 * reference; close(FD) takes it off the table and drops that reference --
 * stage one; a "packet in flight" holds another reference for HOLD_MS ms.
 * Whoever drops the last reference frees the sock. All return 0 (or the fd)
 * or -errno.
 */
long kmodlab_socket(int family, int protocol);
long kmodlab_sock_close(int fd);
long kmodlab_sock_busy(int fd, unsigned int hold_ms);

#endif /* _LINUX_NET_H */

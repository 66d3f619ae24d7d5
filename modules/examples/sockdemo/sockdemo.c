// SPDX-License-Identifier: GPL-2.0
/*
 * sockdemo.c: a protocol family whose sockets hold a function pointer into
 * this module (sk_destruct) -- seed 002's two-stage delete. The kernel frees
 * a sock when the last reference goes, which may be long after close(); so
 * the sock also holds a reference on this module (struct proto's .owner,
 * taken by sk_alloc(), dropped by sk_free() after sockdemo_destruct ran).
 * An open socket holds the module through its proto_ops' .owner as well;
 * close() releases the socket and drops that one.
 *
 * The family is PF_NETBEUI, which no Linux kernel implements.
 *
 *   owner=0   the bug: the proto has no owner, sockets do not hold the
 *             module once closed, rmmod succeeds while one lives, and the
 *             last put calls sockdemo_destruct in freed memory
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/net.h>
#include <linux/atomic.h>
#include <net/sock.h>

#define PF_SOCKDEMO	PF_NETBEUI

static bool owner = true;
module_param(owner, bool, 0444);
MODULE_PARM_DESC(owner, "Sockets hold the module (0: the bug)");

static atomic_t next_id = ATOMIC_INIT(0);

/* the protocol's sock: struct sock first, as sk_alloc() allocates obj_size */
struct sockdemo_sock {
	struct sock sk;
	int id;
};

static inline struct sockdemo_sock *sockdemo_sk(const struct sock *sk)
{
	return container_of(sk, struct sockdemo_sock, sk);
}

static struct proto sockdemo_proto = {
	.name		= "SOCKDEMO",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct sockdemo_sock),
};

static void sockdemo_destruct(struct sock *sk)
{
	pr_info("socket %d destroyed\n", sockdemo_sk(sk)->id);
}

/* close(): the socket lets go of the sock; a packet in flight may still hold it */
static int sockdemo_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	if (!sk)
		return 0;
	sock->sk = NULL;
	sock_put(sk);
	return 0;
}

static const struct proto_ops sockdemo_ops = {
	.family		= PF_SOCKDEMO,
	.owner		= THIS_MODULE,
	.release	= sockdemo_release,
};

static int sockdemo_create(struct net *net, struct socket *sock, int protocol, int kern)
{
	struct sock *sk = sk_alloc(net, PF_SOCKDEMO, GFP_KERNEL, &sockdemo_proto, kern);

	if (!sk)
		return -ENOBUFS;
	sock->ops = &sockdemo_ops;
	sock_init_data(sock, sk);
	sk->sk_protocol = protocol;
	sk->sk_destruct = sockdemo_destruct;
	sockdemo_sk(sk)->id = atomic_inc_return(&next_id);
	pr_info("socket %d created\n", sockdemo_sk(sk)->id);
	return 0;
}

static const struct net_proto_family sockdemo_family = {
	.family	= PF_SOCKDEMO,
	.create	= sockdemo_create,
	.owner	= THIS_MODULE,
};

static int __init sockdemo_init(void)
{
	if (!owner)
		sockdemo_proto.owner = NULL;	/* "forgot" THIS_MODULE */
	return sock_register(&sockdemo_family);
}

static void __exit sockdemo_exit(void)
{
	sock_unregister(PF_SOCKDEMO);
}

module_init(sockdemo_init);
module_exit(sockdemo_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Sockets with a destructor in the module: two-stage delete holds the module");

// SPDX-License-Identifier: GPL-2.0
/*
 * sockdemo.c: a protocol family whose sockets hold a function pointer into
 * this module (sk_destruct) -- seed 002's two-stage delete. The kernel frees
 * a sock when the last reference goes, which may be long after close(); so
 * the sock also holds a reference on this module (struct proto's .owner,
 * taken by sk_alloc(), dropped by sk_free() after sockdemo_destruct ran).
 *
 *   owner=0   the bug: the proto has no owner, sockets do not hold the
 *             module, rmmod succeeds while one lives, and the last put
 *             calls sockdemo_destruct in freed memory
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/net.h>
#include <linux/atomic.h>

#define PF_SOCKDEMO	46

static bool owner = true;
module_param(owner, bool, 0444);
MODULE_PARM_DESC(owner, "Sockets hold the module (0: the bug)");

static atomic_t next_id = ATOMIC_INIT(0);

static struct proto sockdemo_proto = {
	.name		= "SOCKDEMO",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct sock),
};

static void sockdemo_destruct(struct sock *sk)
{
	pr_info("socket %ld destroyed\n", (long)sk->sk_user_data);
}

static int sockdemo_create(struct socket *sock, int protocol, int kern)
{
	struct sock *sk = sk_alloc(PF_SOCKDEMO, GFP_KERNEL, &sockdemo_proto, kern);

	if (!sk)
		return -ENOBUFS;
	sk->sk_protocol = protocol;
	sk->sk_destruct = sockdemo_destruct;
	sk->sk_user_data = (void *)(long)atomic_inc_return(&next_id);
	sock->sk = sk;
	pr_info("socket %ld created\n", (long)sk->sk_user_data);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * netbits: the kernel library a network or crypto module leans on, used the
 * way such modules use it, each result printed so a run can be checked:
 *
 *   sk_buff     alloc, reserve/put/push/pull, clone, expand, checksum, queue, free
 *   netlink     a kernel socket whose input parses attributes and acks;
 *               a message to it through netlink_unicast, one to a port id
 *               nobody holds (-ECONNREFUSED), a broadcast nobody hears (-ESRCH)
 *   crypto      crc32c through crypto_alloc_shash (the check value of
 *               "123456789" is 0xe3069283)
 *   idr         ids handed out, found and given back
 *   rhashtable  insert, lookup and remove by key
 *   cpuhp       a dynamic hotplug state whose startup runs for each CPU
 *
 * Everything taken in init is given back in init or exit.
 */
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/skbuff.h>
#include <linux/idr.h>
#include <linux/rhashtable.h>
#include <linux/cpuhotplug.h>
#include <net/netlink.h>
#include <net/net_namespace.h>
#include <crypto/hash.h>
#include <asm/unaligned.h>

#define NETLINK_NETBITS	31	/* a protocol number no kernel socket uses */

enum { NB_A_UNSPEC, NB_A_NAME, NB_A_VALUE, __NB_A_MAX };
#define NB_A_MAX (__NB_A_MAX - 1)

static const struct nla_policy nb_policy[NB_A_MAX + 1] = {
	[NB_A_NAME]	= { .type = NLA_NUL_STRING, .len = 15 },
	[NB_A_VALUE]	= { .type = NLA_U32 },
};

static struct sock *nb_sock;
static int nb_seen;

static int nb_msg(struct sk_buff *skb, struct nlmsghdr *nlh, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[NB_A_MAX + 1];
	int err;

	err = nlmsg_parse(nlh, 0, tb, NB_A_MAX, nb_policy, extack);
	if (err)
		return err;
	if (!tb[NB_A_NAME] || !tb[NB_A_VALUE])
		return -EINVAL;
	nb_seen++;
	pr_info("netbits: netlink message %d: %s=%u\n", nb_seen,
		(char *)nla_data(tb[NB_A_NAME]), nla_get_u32(tb[NB_A_VALUE]));
	return 0;
}

static void nb_input(struct sk_buff *skb)
{
	netlink_rcv_skb(skb, nb_msg);
}

static struct sk_buff *nb_build(const char *name, u32 value)
{
	struct sk_buff *skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	struct nlmsghdr *nlh;

	if (!skb)
		return NULL;
	nlh = nlmsg_put(skb, 0, 1, NLMSG_MIN_TYPE, 0, NLM_F_REQUEST);
	if (!nlh || nla_put_string(skb, NB_A_NAME, name) || nla_put_u32(skb, NB_A_VALUE, value)) {
		kfree_skb(skb);
		return NULL;
	}
	nlmsg_end(skb, nlh);
	return skb;
}

static int test_netlink(void)
{
	struct netlink_kernel_cfg cfg = { .input = nb_input };
	struct sk_buff *skb;
	int ret;

	nb_sock = netlink_kernel_create(&init_net, NETLINK_NETBITS, &cfg);
	if (!nb_sock)
		return -ENOMEM;
	skb = nb_build("answer", 42);
	if (!skb)
		return -ENOMEM;
	ret = netlink_unicast(nb_sock, skb, 0, 0);
	pr_info("netbits: netlink_unicast to the kernel socket: %d\n", ret);
	skb = nb_build("lost", 7);
	if (!skb)
		return -ENOMEM;
	pr_info("netbits: netlink_unicast to port 4242: %d\n", netlink_unicast(nb_sock, skb, 4242, 0));
	skb = nb_build("heard", 1);
	if (!skb)
		return -ENOMEM;
	pr_info("netbits: netlink_broadcast to group 1: %d, listeners %d\n",
		netlink_broadcast(nb_sock, skb, 0, 1, GFP_KERNEL), netlink_has_listeners(nb_sock, 1));
	return 0;
}

static int test_skb(void)
{
	static const char payload[] = "kmodlab netbits payload";
	struct sk_buff_head q;
	struct sk_buff *skb, *clone;
	__wsum csum;

	skb = alloc_skb(128, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, 32);
	skb_put_data(skb, payload, sizeof(payload) - 1);
	memcpy(skb_push(skb, 4), "HDR:", 4);
	pr_info("netbits: skb len %u headroom %u data '%.*s'\n", skb->len, skb_headroom(skb),
		skb->len, skb->data);
	csum = skb_checksum(skb, 0, skb->len, 0);
	pr_info("netbits: skb checksum %04x\n", csum_fold(csum));

	clone = skb_clone(skb, GFP_KERNEL);
	if (!clone) {
		kfree_skb(skb);
		return -ENOMEM;
	}
	pr_info("netbits: clone shares data %d, cloned %d\n", clone->data == skb->data, skb_cloned(skb));
	skb_pull(clone, 4);
	if (pskb_expand_head(clone, 64, 0, GFP_KERNEL)) {
		kfree_skb(clone);
		kfree_skb(skb);
		return -ENOMEM;
	}
	pr_info("netbits: clone after pull+expand: len %u headroom %u own data %d, original '%.4s'\n",
		clone->len, skb_headroom(clone), clone->data != skb->data + 4, skb->data);

	skb_queue_head_init(&q);
	skb_queue_tail(&q, skb);
	skb_queue_tail(&q, clone);
	pr_info("netbits: queue length %u\n", skb_queue_len(&q));
	skb_trim(skb_peek_tail(&q), 7);
	while ((skb = skb_dequeue(&q)))
		pr_info("netbits: dequeued len %u '%.*s'\n", skb->len, skb->len, skb->data), consume_skb(skb);
	return 0;
}

static int test_crc32c(void)
{
	struct crypto_shash *tfm = crypto_alloc_shash("crc32c", 0, 0);
	u8 out[4];
	int err;

	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_shash_tfm_digest(tfm, "123456789", 9, out);
	pr_info("netbits: %s (%s) digest of \"123456789\": %d, crc 0x%08x\n",
		crypto_shash_alg_name(tfm), crypto_shash_driver_name(tfm), err,
		get_unaligned_le32(out));
	crypto_free_shash(tfm);
	return err;
}

static int test_idr(void)
{
	static int objs[3];
	DEFINE_IDR(idr);
	int i, id, ids[3];

	for (i = 0; i < 3; i++)
		ids[i] = idr_alloc(&idr, &objs[i], 100, 0, GFP_KERNEL);
	idr_remove(&idr, ids[1]);
	id = idr_alloc(&idr, &objs[1], 100, 0, GFP_KERNEL);
	pr_info("netbits: idr ids %d %d %d, freed %d, next %d, find(%d) is objs[2]: %d\n",
		ids[0], ids[1], ids[2], ids[1], id, ids[2], idr_find(&idr, ids[2]) == &objs[2]);
	idr_destroy(&idr);
	return 0;
}

struct nb_obj {
	u32 key;
	struct rhash_head node;
};

static const struct rhashtable_params nb_params = {
	.key_len	= sizeof(u32),
	.key_offset	= offsetof(struct nb_obj, key),
	.head_offset	= offsetof(struct nb_obj, node),
	.automatic_shrinking = true,
};

static int test_rhashtable(void)
{
	static struct nb_obj objs[64];
	struct rhashtable ht;
	struct nb_obj *o;
	u32 key = 1723;
	int i, err, found = 0;

	err = rhashtable_init(&ht, &nb_params);
	if (err)
		return err;
	for (i = 0; i < 64 && !err; i++) {
		objs[i].key = i * 41 + 1;
		err = rhashtable_insert_fast(&ht, &objs[i].node, nb_params);
	}
	for (i = 0; i < 64; i++)
		found += !!rhashtable_lookup_fast(&ht, &objs[i].key, nb_params);
	o = rhashtable_lookup_fast(&ht, &key, nb_params);
	pr_info("netbits: rhashtable inserted 64: %d, found %d, 1723 is objs[%ld]\n",
		err, found, o ? (long)(o - objs) : -1L);
	for (i = 0; i < 64; i++)
		rhashtable_remove_fast(&ht, &objs[i].node, nb_params);
	rhashtable_destroy(&ht);
	return err;
}

static int nb_cpus;
static enum cpuhp_state nb_state;

static int nb_cpu_online(unsigned int cpu)
{
	nb_cpus++;
	return 0;
}

static int nb_cpu_offline(unsigned int cpu)
{
	nb_cpus--;
	return 0;
}

static int __init netbits_init(void)
{
	int err;

	err = test_skb();
	if (!err)
		err = test_netlink();
	if (!err)
		err = test_crc32c();
	if (!err)
		err = test_idr();
	if (!err)
		err = test_rhashtable();
	if (!err) {
		err = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "netbits:online", nb_cpu_online, nb_cpu_offline);
		if (err > 0) {
			nb_state = err;
			err = 0;
			pr_info("netbits: hotplug state set up, startup ran for %d CPUs\n", nb_cpus);
		}
	}
	if (err)
		netlink_kernel_release(nb_sock);
	return err;
}

static void __exit netbits_exit(void)
{
	cpuhp_remove_state(nb_state);
	pr_info("netbits: hotplug state removed, %d CPUs left\n", nb_cpus);
	netlink_kernel_release(nb_sock);
}

module_init(netbits_init);
module_exit(netbits_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("sk_buffs, kernel netlink, crc32c, idr, rhashtable and hotplug states at work");

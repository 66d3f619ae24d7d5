// SPDX-License-Identifier: GPL-2.0-only
/*
 * fs/proc/proc_net.c (6.1): proc_create_net_data(), the /proc/net entries
 * of the network code, among fs/proc/proc_net.c's includes and
 * fs/proc/internal.h's struct proc_dir_entry, which give it Linux's CRC.
 *
 * Copyright (C) 2007 Eric W. Biederman
 */
#include "kmodlab.h"
/* fs/proc/proc_net.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/errno.h>
#include <linux/time.h>
#include <linux/proc_fs.h>
#include <linux/stat.h>
#include <linux/slab.h>
#include <linux/init.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/module.h>
#include <linux/bitops.h>
#include <linux/mount.h>
#include <linux/nsproxy.h>
#include <linux/uidgid.h>
#include <net/net_namespace.h>
#include <linux/seq_file.h>

#include "proc_internal.h"

/*
 * kmodlab has one network namespace: /proc/net is init_net's, made at boot
 * (proc_net_ns_init), and its entries see init_net.
 */
static int seq_open_net(struct inode *inode, struct file *file)
{
	unsigned int state_size = PDE(inode)->state_size;
	struct seq_net_private *p;

	WARN_ON_ONCE(state_size < sizeof(*p));

	if (file->f_mode & FMODE_WRITE && !PDE(inode)->write)
		return -EACCES;

	p = __seq_open_private(file, PDE(inode)->seq_ops, state_size);
	if (!p)
		return -ENOMEM;
#ifdef CONFIG_NET_NS
	p->net = &init_net;
#endif
	return 0;
}

static int seq_release_net(struct inode *ino, struct file *f)
{
	seq_release_private(ino, f);
	return 0;
}

static const struct proc_ops proc_net_seq_ops = {
	.proc_open	= seq_open_net,
	.proc_read	= seq_read,
	.proc_write	= proc_simple_write,
	.proc_lseek	= seq_lseek,
	.proc_release	= seq_release_net,
};

struct proc_dir_entry *proc_create_net_data(const char *name, umode_t mode,
		struct proc_dir_entry *parent, const struct seq_operations *ops,
		unsigned int state_size, void *data)
{
	struct proc_dir_entry *p;

	p = proc_create_reg(name, mode, &parent, data);
	if (!p)
		return NULL;
	p->proc_ops = &proc_net_seq_ops;
	p->seq_ops = ops;
	p->state_size = state_size;
	return proc_register(parent, p);
}
EXPORT_SYMBOL_GPL(proc_create_net_data);

/* Linux: start_kernel() -> proc_root_init() -> proc_net_init(), before any initcall */
static int __init proc_net_ns_init(void)
{
	init_net.proc_net = proc_mkdir("net", NULL);
	return init_net.proc_net ? 0 : -ENOMEM;
}
early_initcall(proc_net_ns_init);

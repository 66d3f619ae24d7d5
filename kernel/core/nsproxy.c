// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/nsproxy.c (6.1): the namespaces every task shares. Modules reach
 * them through current->nsproxy in inline code (utsname(), current's network
 * namespace), so every task the machine creates points here
 * (kernel/kthread.ts, at kmodlab_task_nsproxy_offset).
 *
 *  Copyright (C) 2006 IBM Corporation
 *
 *  Author: Serge Hallyn <serue@us.ibm.com>
 */
#include "kmodlab.h"
#include <linux/nsproxy.h>
#include <linux/utsname.h>
#include <net/net_namespace.h>

struct nsproxy init_nsproxy = {
	.count			= ATOMIC_INIT(1),
	.uts_ns			= &init_uts_ns,
	.net_ns			= &init_net,
};

// SPDX-License-Identifier: GPL-2.0-only
/*
 * init/version.c (6.1): the initial UTS namespace, which utsname() reads --
 * the release modules see is the one uname -r says. Includes as Linux's file
 * (but the build's generated/compile.h: kmodlab's kernel is not Debian's
 * build, so UTS_VERSION is the machine's, as uname -v and /proc/version say).
 *
 *  Copyright (C) 1992  Theodore Ts'o
 *
 *  May be freely distributed as part of Linux.
 */
#include "kmodlab.h"
#include <linux/build-salt.h>
#include <linux/elfnote-lto.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/uts.h>
#include <linux/utsname.h>
#include <generated/utsrelease.h>
#include <linux/proc_ns.h>

/* kernel/utsrelease.ts: UTS_VERSION, UTS_MACHINE and the node name uname prints */
#define KMODLAB_UTS_VERSION	"#1 SMP PREEMPT"
#define KMODLAB_UTS_MACHINE	"aarch64"
#define KMODLAB_UTS_NODENAME	"kmodlab"

/* no user namespaces and no namespace operations: one namespace, never switched */
struct uts_namespace init_uts_ns = {
	.ns.count = REFCOUNT_INIT(2),
	.name = {
		.sysname	= UTS_SYSNAME,
		.nodename	= KMODLAB_UTS_NODENAME,
		.release	= UTS_RELEASE,
		.version	= KMODLAB_UTS_VERSION,
		.machine	= KMODLAB_UTS_MACHINE,
		.domainname	= UTS_DOMAINNAME,
	},
	.ns.inum = PROC_UTS_INIT_INO,
};
EXPORT_SYMBOL_GPL(init_uts_ns);

// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * security/security.c (6.1), security_capable(): the LSM hook a capability
 * check goes through. The machine's only LSM is the capability module, so
 * the hook list holds cap_capable() alone (Linux: call_int_hook(capable, 0,
 * ...) over the registered modules).
 *
 * Copyright (C) 2001 WireX Communications, Inc <chris@wirex.com>
 */
#include "kmodlab.h"
/* security/security.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/dcache.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/kernel_read_file.h>
#include <linux/lsm_hooks.h>
#include <linux/integrity.h>
#include <linux/ima.h>
#include <linux/evm.h>
#include <linux/fsnotify.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/personality.h>
#include <linux/backing-dev.h>
#include <linux/string.h>
#include <linux/msg.h>
#include <net/flow.h>
#include <net/sock.h>

int security_capable(const struct cred *cred,
		     struct user_namespace *ns,
		     int cap,
		     unsigned int opts)
{
	return cap_capable(cred, ns, cap, opts);
}

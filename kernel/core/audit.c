// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * kernel/audit.c (6.1): auditd is not running, so audit_enabled stays 0; the
 * netfilter record is printed as the kernel would log it.
 */
#include "kmodlab.h"
/* kernel/audit.c (6.1): its includes, in its order (genksyms CRCs; its local
 * kernel/audit.h defines none of the types its exports reach) */
#include <linux/file.h>
#include <linux/init.h>
#include <linux/types.h>
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/export.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/mutex.h>
#include <linux/gfp.h>
#include <linux/pid.h>

#include <linux/audit.h>

#include <net/sock.h>
#include <net/netlink.h>
#include <linux/skbuff.h>
#include <linux/security.h>
#include <linux/freezer.h>
#include <linux/pid_namespace.h>
#include <net/netns/generic.h>

/* auditd is not running. */
u32 audit_enabled;
EXPORT_SYMBOL_GPL(audit_enabled);

/* Only called while audit_enabled, which stays 0. */
void __audit_log_nfcfg(const char *name, u8 af, unsigned int nentries,
		       enum audit_nfcfgop op, gfp_t gfp)
{
	static const char *const ops[] = { "register", "replace", "unregister" };

	pr_notice("audit: type=1325 table=%s family=%u entries=%u op=%s\n",
		  name, af, nentries, op < 3 ? ops[op] : "?");
}
EXPORT_SYMBOL_GPL(__audit_log_nfcfg);

// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/user_namespace.c (6.1): the id mappings modules call. There is one
 * user namespace, init_user_ns, and it maps every id to itself.
 */
#include "kmodlab.h"
/* kernel/user_namespace.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/export.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <linux/sched/signal.h>
#include <linux/user_namespace.h>
#include <linux/proc_ns.h>
#include <linux/highuid.h>
#include <linux/cred.h>
#include <linux/securebits.h>
#include <linux/security.h>
#include <linux/keyctl.h>
#include <linux/key-type.h>
#include <keys/user-type.h>
#include <linux/seq_file.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/ctype.h>
#include <linux/projid.h>
#include <linux/fs_struct.h>
#include <linux/bsearch.h>
#include <linux/sort.h>


kuid_t make_kuid(struct user_namespace *ns, uid_t uid)
{
	return KUIDT_INIT(uid);
}
EXPORT_SYMBOL(make_kuid);

kgid_t make_kgid(struct user_namespace *ns, gid_t gid)
{
	return KGIDT_INIT(gid);
}
EXPORT_SYMBOL(make_kgid);

uid_t from_kuid(struct user_namespace *targ, kuid_t kuid)
{
	return __kuid_val(kuid);
}
EXPORT_SYMBOL(from_kuid);

gid_t from_kgid(struct user_namespace *targ, kgid_t kgid)
{
	return __kgid_val(kgid);
}
EXPORT_SYMBOL(from_kgid);

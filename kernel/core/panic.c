// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/panic.c (6.1): panic(), __warn_printk() and __stack_chk_fail() are
 * services of the TypeScript kernel (services.h, kernel/printk.ts,
 * kernel/bug.ts); this file exports them among kernel/panic.c's includes,
 * which give them Linux's CRCs.
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 */
#include "kmodlab.h"
/* kernel/panic.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/debug_locks.h>
#include <linux/sched/debug.h>
#include <linux/interrupt.h>
#include <linux/kgdb.h>
#include <linux/kmsg_dump.h>
#include <linux/kallsyms.h>
#include <linux/notifier.h>
#include <linux/vt_kern.h>
#include <linux/module.h>
#include <linux/random.h>
#include <linux/ftrace.h>
#include <linux/reboot.h>
#include <linux/delay.h>
#include <linux/kexec.h>
#include <linux/panic_notifier.h>
#include <linux/sched.h>
#include <linux/string_helpers.h>
#include <linux/sysrq.h>
#include <linux/init.h>
#include <linux/nmi.h>
#include <linux/console.h>
#include <linux/bug.h>
#include <linux/ratelimit.h>
#include <linux/debugfs.h>
#include <linux/sysfs.h>
#include <linux/context_tracking.h>
#include <trace/events/error_report.h>
#include <asm/sections.h>

/*
 * Called by code built with -fstack-protector when the canary was overwritten.
 * No header declares it: this is 6.1's definition line, attributes included,
 * and genksyms counts them.
 */
__visible noinstr void __stack_chk_fail(void);
EXPORT_SYMBOL(__stack_chk_fail);

EXPORT_SYMBOL(panic);
EXPORT_SYMBOL(__warn_printk);
EXPORT_SYMBOL(add_taint);

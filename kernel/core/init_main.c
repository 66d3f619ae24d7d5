// SPDX-License-Identifier: GPL-2.0-only
/*
 * init/main.c (6.1), the part built-in code and modules look at: the
 * system state. It is SYSTEM_BOOTING while the initcalls run and
 * SYSTEM_RUNNING from the last of them on (kernel_init() sets it once
 * the initcalls are done; here the last initcall level does).
 *
 *  Copyright (C) 1991, 1992  Linus Torvalds
 */
#include "kmodlab.h"
/* init/main.c (6.1): the includes its export's type needs (genksyms CRCs) */
#include <linux/types.h>
#include <linux/export.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/jump_label.h>

enum system_states system_state __read_mostly;
EXPORT_SYMBOL(system_state);

/* jump_label_init() sets it (kernel/core/jump_label.c, the first initcall) */
bool static_key_initialized __read_mostly;
EXPORT_SYMBOL_GPL(static_key_initialized);

static int __init kmodlab_system_running(void)
{
	system_state = SYSTEM_RUNNING;
	return 0;
}
late_initcall_sync(kmodlab_system_running);

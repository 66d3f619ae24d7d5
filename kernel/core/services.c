// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of the TypeScript services (services.S). The prototypes come from
 * the headers modules include, so genksyms computes the same CRCs the real
 * kernel's exports would have.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/module.h>
#include "kmodlab.h"
#include <linux/export.h>

/* kernel/panic.c: called by code built with -fstack-protector */
void __stack_chk_fail(void);

#define SERVICE(name, export)	export(name);
#include "services.h"

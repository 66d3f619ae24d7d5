// SPDX-License-Identifier: GPL-2.0
/*
 * Exports of the TypeScript services (services-stubs.S). The prototypes come from
 * the headers modules include, so genksyms computes the same CRCs the real
 * kernel's exports would have. The SERVICE_IN() ones are exported by the file
 * named after their Linux original (services.h).
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/bug.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/module.h>
#include <linux/export.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/dynamic_debug.h>
#include <linux/percpu.h>

#define SERVICE(name, export)			export(name);
#define SERVICE_IN(file, name, export)
#include "services.h"

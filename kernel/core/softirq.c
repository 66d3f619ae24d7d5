// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/softirq.c (6.1): the out-of-line end of a bottom-half-disabled
 * section that Debian's modules call after the inline local_bh_disable()
 * (preempt_count += SOFTIRQ_DISABLE_OFFSET). The machine has no softirqs,
 * so there is never one pending to run here.
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/export.h>
#include <linux/preempt.h>

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt);

void __local_bh_enable_ip(unsigned long ip, unsigned int cnt)
{
	/*
	 * Keep preemption disabled until we are done with
	 * softirq processing:
	 */
	preempt_count_sub(cnt - 1);
	preempt_count_dec();
	preempt_check_resched();
}
EXPORT_SYMBOL(__local_bh_enable_ip);

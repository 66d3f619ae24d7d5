/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __ASM_THREAD_INFO_H
#define __ASM_THREAD_INFO_H

#include <linux/compiler.h>

#ifndef __ASSEMBLY__

#include <linux/types.h>
#include <asm/current.h>

/*
 * low level task data that entry.S needs immediate access to.
 * (arm64 6.1 without CONFIG_ARM64_SW_TTBR0_PAN and CONFIG_SHADOW_CALL_STACK)
 *
 * preempt_count is one u64: the low word is the count proper, the high word
 * is need_resched *inverted* (1 = no reschedule needed), so that a single
 * 64-bit compare with 0 tells "preemptible and a reschedule is pending".
 */
struct thread_info {
	unsigned long		flags;		/* low level flags */
	union {
		u64		preempt_count;	/* 0 => preemptible, <0 => bug */
		struct {
			u32	count;
			u32	need_resched;
		} preempt;
	};
	u32			cpu;
};

#define TI_FLAGS		0x00
#define TI_PREEMPT		0x08
#define TI_CPU			0x10

_Static_assert(__builtin_offsetof(struct thread_info, preempt_count) == TI_PREEMPT, "TI_PREEMPT");
_Static_assert(__builtin_offsetof(struct thread_info, cpu) == TI_CPU, "TI_CPU");

/* CONFIG_THREAD_INFO_IN_TASK: thread_info is the first member of task_struct */
#define current_thread_info() ((struct thread_info *)current)

#endif

#define TIF_SIGPENDING		0	/* signal pending */
#define TIF_NEED_RESCHED	1	/* rescheduling necessary */
#define TIF_NOTIFY_RESUME	2	/* callback before returning to user */

#define _TIF_SIGPENDING		(1 << TIF_SIGPENDING)
#define _TIF_NEED_RESCHED	(1 << TIF_NEED_RESCHED)
#define _TIF_NOTIFY_RESUME	(1 << TIF_NOTIFY_RESUME)

#endif /* __ASM_THREAD_INFO_H */

/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_SCHED_H
#define _LINUX_SCHED_H

/*
 * Define 'struct task_struct' and provide the main scheduler
 * APIs (schedule(), wakeup variants, etc.)
 *
 * kmodlab: tasks are created and scheduled by the TypeScript kernel. A task
 * is a struct task_struct in kernel memory; SP_EL0 of the core running it
 * points to it (`current`). The stack protector reads the canary at
 * SP_EL0 + TSK_STACK_CANARY (-mstack-protector-guard-offset, one number in
 * modules/scripts/flags.mk).
 */

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/cache.h>
#include <linux/preempt.h>
#include <linux/smp.h>
#include <linux/thread_info.h>
#include <asm/current.h>

#ifndef KMODLAB_TSK_STACK_CANARY
#error "KMODLAB_TSK_STACK_CANARY is not defined: build with modules/scripts/flags.mk"
#endif

/* offsetof(struct task_struct, stack_canary) */
#define TSK_STACK_CANARY	KMODLAB_TSK_STACK_CANARY

/* Used in tsk->__state: */
#define TASK_RUNNING			0x00000000
#define TASK_INTERRUPTIBLE		0x00000001
#define TASK_UNINTERRUPTIBLE		0x00000002
#define __TASK_STOPPED			0x00000004
#define __TASK_TRACED			0x00000008
/* Used in tsk->exit_state: */
#define EXIT_DEAD			0x00000010
#define EXIT_ZOMBIE			0x00000020
#define EXIT_TRACE			(EXIT_ZOMBIE | EXIT_DEAD)
/* Used in tsk->__state again: */
#define TASK_PARKED			0x00000040
#define TASK_DEAD			0x00000080
#define TASK_WAKEKILL			0x00000100
#define TASK_WAKING			0x00000200
#define TASK_NOLOAD			0x00000400
#define TASK_NEW			0x00000800

/* Convenience macros for the sake of set_current_state: */
#define TASK_KILLABLE			(TASK_WAKEKILL | TASK_UNINTERRUPTIBLE)
#define TASK_IDLE			(TASK_UNINTERRUPTIBLE | TASK_NOLOAD)
#define TASK_NORMAL			(TASK_INTERRUPTIBLE | TASK_UNINTERRUPTIBLE)

/* Task command name length: */
#define TASK_COMM_LEN			16

/* Per task flags (tsk->flags) */
#define PF_IDLE			0x00000002	/* I am an IDLE thread */
#define PF_EXITING		0x00000004	/* Getting shut down */
#define PF_KTHREAD		0x00200000	/* I am a kernel thread */

#define MAX_SCHEDULE_TIMEOUT		LONG_MAX

struct task_struct {
	/*
	 * For reasons of header soup (see current_thread_info()), this
	 * must be the first element of task_struct.
	 */
	struct thread_info		thread_info;	/* 0x000 */

	unsigned int			__state;	/* 0x018 */
	/* kmodlab: id of the CPU the task runs on, or last ran on */
	unsigned int			on_cpu;		/* 0x01c */
	void				*stack;		/* 0x020 */
	atomic_t			usage;		/* 0x028 */
	/* Per task flags (PF_*), defined further below: */
	unsigned int			flags;		/* 0x02c */
	int				prio;		/* 0x030 */
	pid_t				pid;		/* 0x034 */
	pid_t				tgid;		/* 0x038 */
	unsigned int			__kmodlab_pad0;	/* 0x03c */

	/*
	 * executable name, excluding path.
	 *
	 * - normally initialized setup_new_exec()
	 * - access it with [gs]et_task_comm()
	 * - lock it with task_lock()
	 */
	char				comm[TASK_COMM_LEN];	/* 0x040 */

	/* kmodlab: free for the TypeScript scheduler (opaque to C) */
	unsigned long			kmodlab_sched[8];	/* 0x050 */

	unsigned char			__kmodlab_pad1[TSK_STACK_CANARY - 0x90];

	/* Canary value for the -fstack-protector GCC feature: */
	unsigned long			stack_canary;	/* TSK_STACK_CANARY */
} ____cacheline_aligned;

_Static_assert(__builtin_offsetof(struct task_struct, thread_info) == 0, "thread_info first");
_Static_assert(__builtin_offsetof(struct task_struct, comm) == 0x40, "task_struct.comm");
_Static_assert(__builtin_offsetof(struct task_struct, stack_canary) == TSK_STACK_CANARY,
	       "task_struct.stack_canary must sit at -mstack-protector-guard-offset");

static inline unsigned int task_cpu(const struct task_struct *p)
{
	return READ_ONCE(task_thread_info(p)->cpu);
}

static inline pid_t task_pid_nr(struct task_struct *tsk)
{
	return tsk->pid;
}

static inline pid_t task_tgid_nr(struct task_struct *tsk)
{
	return tsk->tgid;
}

static inline char *get_task_comm_ptr(struct task_struct *tsk)
{
	return tsk->comm;
}

#define __set_current_state(state_value)				\
	do {								\
		WRITE_ONCE(current->__state, (state_value));		\
	} while (0)

#define set_current_state(state_value)					\
	do {								\
		smp_store_mb(current->__state, (state_value));		\
	} while (0)

#define get_current_state()	READ_ONCE(current->__state)

/* Kernel services (the scheduler is written in TypeScript). */
asmlinkage void schedule(void);
extern long schedule_timeout(long timeout);
extern int __cond_resched(void);

#define cond_resched() ({			\
	__cond_resched();			\
})

/* TIF_SIGPENDING in the task's thread_info flags (set by the TypeScript kernel) */
static inline int signal_pending(struct task_struct *p)
{
	return unlikely(READ_ONCE(task_thread_info(p)->flags) & _TIF_SIGPENDING);
}

static inline int fatal_signal_pending(struct task_struct *p)
{
	return signal_pending(p);
}

static inline int need_resched(void)
{
	return test_preempt_need_resched();
}

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Constants of the kernel core's binary layout, for the TypeScript kernel
 * (read from the image by symbol) and for modules.
 */
#include "kmodlab.h"
#include <linux/sched.h>
#include <linux/module.h>
#include <linux/export.h>
#include <linux/stddef.h>
#include <generated/utsrelease.h>
#define INCLUDE_VERMAGIC
#include <linux/vermagic.h>

/* -mstack-protector-guard-offset: where code built with the per-task stack
 * protector reads the canary, relative to SP_EL0 (current) */
const unsigned long task_stack_canary_offset = offsetof(struct task_struct, stack_canary);
EXPORT_SYMBOL(task_stack_canary_offset);

const unsigned long kmodlab_task_struct_size = sizeof(struct task_struct);
const unsigned long kmodlab_task_comm_offset = offsetof(struct task_struct, comm);
const unsigned long kmodlab_task_pid_offset = offsetof(struct task_struct, pid);
const unsigned long kmodlab_task_nsproxy_offset = offsetof(struct task_struct, nsproxy);
const unsigned long kmodlab_thread_info_preempt_count_offset =
	offsetof(struct thread_info, preempt_count);
const unsigned long kmodlab_thread_info_cpu_offset = offsetof(struct thread_info, cpu);
const unsigned long kmodlab_module_size = sizeof(struct module);
/* what sleeping, waking and the lifetime of a task need (kernel/sched.ts, kernel/kthread.ts) */
const unsigned long kmodlab_task_state_offset = offsetof(struct task_struct, __state);
const unsigned long kmodlab_task_usage_offset = offsetof(struct task_struct, usage);
const unsigned long kmodlab_task_worker_private_offset = offsetof(struct task_struct, worker_private);
const unsigned long kmodlab_task_flags_offset = offsetof(struct task_struct, flags);
/* every task runs with init_cred (kernel/core/cred.c) */
const unsigned long kmodlab_task_cred_offset = offsetof(struct task_struct, cred);
const unsigned long kmodlab_task_real_cred_offset = offsetof(struct task_struct, real_cred);

/* kernel/module/main.c: what modules' .modinfo vermagic must say */
const char vermagic[] = VERMAGIC_STRING;

/* init/version.c */
const char linux_banner[] =
	"Linux version " UTS_RELEASE " (kmodlab) (aarch64-linux-gnu-gcc " __VERSION__ ")\n";

/* what the TypeScript namespace fills (kernel/fs/namei.ts) */
#include <linux/fs.h>
const unsigned long kmodlab_inode_count_offset = offsetof(struct inode, i_count);
const unsigned long kmodlab_inode_mode_offset = offsetof(struct inode, i_mode);

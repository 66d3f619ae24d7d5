/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_THREAD_INFO_H
#define _LINUX_THREAD_INFO_H

#include <linux/types.h>
#include <linux/bug.h>
#include <asm/current.h>
#include <asm/thread_info.h>

/* CONFIG_THREAD_INFO_IN_TASK */
#define task_thread_info(task)	((struct thread_info *)(task))

#endif /* _LINUX_THREAD_INFO_H */

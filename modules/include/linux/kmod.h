/* SPDX-License-Identifier: GPL-2.0-or-later */
/* include/linux/kmod.h (6.1): asking user space (modprobe) to load a module. */
#ifndef __LINUX_KMOD_H__
#define __LINUX_KMOD_H__

#include <linux/types.h>
#include <linux/compiler.h>
#include <linux/errno.h>

#define KMOD_PATH_LEN 256

extern char modprobe_path[]; /* for sysctl */
/* modprobe exit status on success, -ve on error.  Return value
 * usually useless though. */
extern __printf(2, 3)
int __request_module(bool wait, const char *name, ...);
#define request_module(mod...) __request_module(true, mod)
#define request_module_nowait(mod...) __request_module(false, mod)
#define try_then_request_module(x, mod...) \
	((x) ?: (__request_module(true, mod), (x)))

/*
 * kmodlab: call_usermodehelper() with UMH_WAIT_PROC for one of the machine's
 * tool command lines ("rmmod worker", "modprobe hello"): the caller sleeps
 * until the program exits and gets its exit status (-ENOENT without a helper).
 */
long call_usermodehelper_wait(const char *cmdline);

#endif /* __LINUX_KMOD_H__ */

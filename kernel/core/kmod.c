// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/module/kmod.c (6.1): __request_module(). As in Linux, modprobe_path
 * runs as a user-mode helper ("modprobe -q -- NAME") and the caller waits for
 * it: the __kmodlab_modprobe service (kernel/kmod.ts) hands the argv to
 * call_usermodehelper (kernel/umh.ts), which runs the machine's modprobe from
 * the tools' table of programs. The calling thread sleeps meanwhile, as it
 * would in call_usermodehelper_exec(), and gets modprobe's wait status: 0 when
 * the module is (now) loaded, 256 (exit status 1) when modprobe failed.
 */
#include "kmodlab.h"
#include <linux/kmod.h>
#include <linux/kernel.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/module.h>
#include <linux/atomic.h>
#include <linux/errno.h>

/* The default is 50 concurrent requests (max_modprobes in Linux). */
#define MAX_KMOD_CONCURRENT 50
static atomic_t kmod_concurrent_max = ATOMIC_INIT(MAX_KMOD_CONCURRENT);

/*
 * modprobe_path is set via /proc/sys; here it is set when the machine's tools
 * installed a user-mode helper, and empty otherwise (CONFIG_MODPROBE_PATH=""),
 * in which case requests fail with -ENOENT.
 */
char modprobe_path[KMOD_PATH_LEN];

static int call_modprobe(const char *module_name, int wait)
{
	long ret;

	/* First call queues the request and sleeps; later calls poll it. */
	while ((ret = __kmodlab_modprobe(module_name, wait)) == -EINPROGRESS)
		;
	return ret;
}

/**
 * __request_module - try to load a kernel module
 * @wait: wait (or not) for the operation to complete
 * @fmt: printf style format string for the name of the module
 * @...: arguments as specified in the format string
 *
 * Load a module using the user mode module loader. The function returns
 * zero on success or a negative errno code or positive exit code from
 * "modprobe" on failure. Note that a successful module load does not mean
 * the module did not then unload and exit on an error of its own. Callers
 * must check that the service they requested is now available not blindly
 * invoke it.
 */
int __request_module(bool wait, const char *fmt, ...)
{
	va_list args;
	char module_name[MODULE_NAME_LEN];
	int ret;

	if (!modprobe_path[0])
		return -ENOENT;

	va_start(args, fmt);
	ret = vsnprintf(module_name, MODULE_NAME_LEN, fmt, args);
	va_end(args);
	if (ret >= MODULE_NAME_LEN)
		return -ENAMETOOLONG;

	if (atomic_dec_if_positive(&kmod_concurrent_max) < 0)
		return -ENOMEM;

	ret = call_modprobe(module_name, wait);

	atomic_inc(&kmod_concurrent_max);
	return ret;
}
EXPORT_SYMBOL(__request_module);

/**
 * call_usermodehelper_wait - run one of the machine's tool command lines
 * @cmdline: e.g. "rmmod worker" (words split at blanks, "..." kept whole)
 *
 * What call_usermodehelper(argv[0], argv, envp, UMH_WAIT_PROC) does in Linux:
 * the caller sleeps while the program runs beside it and gets its exit status.
 * The programs are the tools layer's (kernel/umh.ts); -ENOENT when there are
 * none. Not exported: scenarios spawn it as a thread.
 */
long call_usermodehelper_wait(const char *cmdline)
{
	long ret;

	while ((ret = __kmodlab_usermodehelper(cmdline)) == -EINPROGRESS)
		;
	return ret;
}

/*
 * The kernel services written in TypeScript, one SERVICE(name, export) line
 * each. services-stubs.S turns every line into an exported function whose body is
 * `svc #0; ret` in .text.services; the TypeScript svc hook recognises the
 * service by the address of its stub (its symbol in System.map), reads the
 * arguments from x0-x7 (and the stack, for varargs and va_list) and returns
 * in x0. services.c exports them with the C prototypes of the headers, so
 * they get genksyms CRCs like any other export.
 *
 * SERVICE_IN(file, name, export): a service whose export is in kernel/core/<file>.c
 * instead, the file named after the Linux original that defines it: genksyms
 * expands only the types its translation unit defines, so an export gets
 * Linux's CRC only among its original's includes.
 *
 * This file is included by both C and assembler: SERVICE and SERVICE_IN lines only.
 */

/* printk and the sprintf family (kernel/printk/printk.c, lib/vsprintf.c) */
SERVICE(_printk,			EXPORT_SYMBOL)
SERVICE(vprintk,			EXPORT_SYMBOL)
SERVICE(sprintf,			EXPORT_SYMBOL)
SERVICE(vsprintf,			EXPORT_SYMBOL)
SERVICE(snprintf,			EXPORT_SYMBOL)
SERVICE(vsnprintf,			EXPORT_SYMBOL)
SERVICE(scnprintf,			EXPORT_SYMBOL)
SERVICE(vscnprintf,			EXPORT_SYMBOL)

/* the allocators (mm/slub.c, mm/vmalloc.c) */
SERVICE(__kmalloc,			EXPORT_SYMBOL)
SERVICE(kfree,				EXPORT_SYMBOL)
SERVICE(krealloc,			EXPORT_SYMBOL)
SERVICE(ksize,				EXPORT_SYMBOL)
SERVICE(vmalloc,			EXPORT_SYMBOL)
SERVICE(vzalloc,			EXPORT_SYMBOL)
/* the machine's vmalloc memory is always zeroed, and it has one NUMA node */
SERVICE(__vmalloc,			EXPORT_SYMBOL)
SERVICE(vmalloc_node,			EXPORT_SYMBOL)
SERVICE(vfree,				EXPORT_SYMBOL)

/* failures (kernel/panic.c, lib/dump_stack.c) */
SERVICE_IN(panic, __stack_chk_fail, EXPORT_SYMBOL)
SERVICE_IN(panic, panic, EXPORT_SYMBOL)
SERVICE(dump_stack,			EXPORT_SYMBOL)
SERVICE_IN(panic, __warn_printk, EXPORT_SYMBOL)
SERVICE_IN(panic, add_taint, EXPORT_SYMBOL)

/* the scheduler (kernel/sched/core.c, kernel/time/timer.c) */
SERVICE(schedule,			EXPORT_SYMBOL)
SERVICE(msleep,				EXPORT_SYMBOL)

/* grace periods (seed 003's synchronize_kernel; 6.1 calls it synchronize_rcu) */
SERVICE(synchronize_kernel,		EXPORT_SYMBOL)
SERVICE(synchronize_rcu,		EXPORT_SYMBOL_GPL)
/* an expedited grace period is a grace period: the machine forces none sooner */
SERVICE(synchronize_rcu_expedited,	EXPORT_SYMBOL_GPL)

/* call_usermodehelper_wait (kernel/core/kmod.c): runs a tool command line (kernel/umh.ts) */
SERVICE(__kmodlab_usermodehelper,	EXPORT_SYMBOL_GPL)

/* the loader's tables, for kernel/core/module.c */
SERVICE(__kmodlab_find_symbol,		EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_module_address,	EXPORT_SYMBOL_GPL)

/* what real modules import that needs the TypeScript kernel (kernel/real-services.ts):
 * the user-mode helper behind __request_module (kernel/core/kmod.c), dynamic debug,
 * the per-CPU allocator (mm/percpu.c), the page allocator's by-address calls */
SERVICE(__kmodlab_modprobe,		EXPORT_SYMBOL_GPL)
SERVICE(__dynamic_pr_debug,		EXPORT_SYMBOL)
SERVICE(__alloc_percpu,			EXPORT_SYMBOL_GPL)
SERVICE(free_percpu,			EXPORT_SYMBOL_GPL)
/* mm/page_alloc.c: whole pages by address (2^order of them, naturally aligned) */
SERVICE(__get_free_pages,		EXPORT_SYMBOL)
SERVICE(free_pages,			EXPORT_SYMBOL)

/* user memory (arch/arm64/lib/copy_{from,to}_user.S, clear_user.S; lib/strn*_user.c):
 * bytes of a user range that is not mapped are not copied, as a fault there would stop */
SERVICE_IN(uaccess, __arch_copy_from_user, EXPORT_SYMBOL)
SERVICE_IN(uaccess, __arch_copy_to_user, EXPORT_SYMBOL)
SERVICE_IN(uaccess, __arch_clear_user, EXPORT_SYMBOL)
SERVICE_IN(uaccess, strnlen_user, EXPORT_SYMBOL)
SERVICE_IN(uaccess, strncpy_from_user, EXPORT_SYMBOL)

/* the VFS's namespace and user processes (kernel/fs/namei.ts, process.ts; fs_internal.h):
 * the core's own, not exported */
SERVICE_IN(none, __kmodlab_lookup, none)
SERVICE_IN(none, __kmodlab_d_add, none)
SERVICE_IN(none, __kmodlab_d_remove, none)
SERVICE_IN(none, __kmodlab_synth_open, none)
SERVICE_IN(none, __kmodlab_synth_write, none)
SERVICE_IN(none, __kmodlab_user_next, none)
/* user mappings (kernel/mm/mmap.ts; mmap.c, mm_memory.c, vmalloc.c): page table entries at user
 * addresses, and the vmalloc areas that may be mapped */
SERVICE_IN(none, __kmodlab_set_user_ptes, none)
SERVICE_IN(none, __kmodlab_zap_user, none)
SERVICE_IN(none, __kmodlab_vm_area_usermap, none)
SERVICE_IN(vmalloc, vmalloc_user, EXPORT_SYMBOL)
SERVICE_IN(vmalloc, vmalloc_32_user, EXPORT_SYMBOL)
SERVICE_IN(vmalloc, vmalloc_to_pfn, EXPORT_SYMBOL)

/* sleeping and waking by task state, new kernel threads (kernel/sched.ts; kernel/core/sched.c, kthread.c) */
SERVICE(__kmodlab_wake_task,		EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_kthread_create,	EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_kthread_bind,		EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_schedule_hrtimeout,	EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_task_daemon,		EXPORT_SYMBOL_GPL)

/* interrupts: the GIC's distributor, the tick, preemption at an interrupt's exit, idle (kernel/irq.ts) */
SERVICE_IN(none, __kmodlab_gic_enable, none)
SERVICE_IN(none, __kmodlab_gic_raise, none)
SERVICE_IN(none, __kmodlab_tick, none)
SERVICE_IN(none, __kmodlab_preempt_irq, none)
SERVICE_IN(none, __kmodlab_preempt_schedule, none)
SERVICE_IN(none, __kmodlab_idle_wait, none)
SERVICE_IN(none, __kmodlab_die, none)

/* the per-CPU softirq threads that run timers and tasklets (kernel/softirq.ts; softirq.c, timer.c) */
SERVICE(__kmodlab_softirq_wait,		EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_softirq_raise,	EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_timer_program,	EXPORT_SYMBOL_GPL)

/* the machine clock and delay loops (kernel/timekeeping.ts; timekeeping.c, delay.c) */
SERVICE_IN(timekeeping, ktime_get, EXPORT_SYMBOL_GPL)
SERVICE(__kmodlab_delay,		EXPORT_SYMBOL_GPL)

/* the seeded random stream (kernel/random-driver.ts; random.c) */
SERVICE_IN(random, get_random_bytes, EXPORT_SYMBOL)

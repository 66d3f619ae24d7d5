/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel core has that Linux 6.1's headers do not: the services of the
 * TypeScript kernel it calls (each an exported `svc #0; ret` stub in
 * .text.services, services-stubs.S), kmodlab's preemption, and the loader's
 * refcount schemes. Core-private: modules never see it. Include it FIRST in
 * every core file: the inline lock functions of the <linux/...> headers
 * included after it then count preemption too.
 *
 * It includes only headers every kernel file gets anyway: genksyms expands a
 * struct in an export's CRC only if the translation unit defines it, so a
 * header pulled in here (<linux/module.h>, say) would change the CRCs of
 * files whose Linux original does not include it. What needs struct module
 * (the per-CPU counters' pointer) is in module.c.
 */
#ifndef _KMODLAB_CORE_H
#define _KMODLAB_CORE_H

#include <linux/types.h>
#include <linux/preempt.h>

/*
 * Debian's 6.1 config is PREEMPT_VOLUNTARY without PREEMPT_COUNT: its
 * preempt_disable() is a compiler barrier and preemptible() is 0. kmodlab's
 * machine can preempt a task anywhere (boot preempt=full), so the core's own
 * critical sections count in thread_info.preempt_count as a CONFIG_PREEMPT
 * kernel's do (arm64's asm/preempt.h: the low word the count, the high word
 * "need resched" inverted). Modules built for Debian's config don't count, as
 * on Debian.
 */
asmlinkage void preempt_schedule(void);
asmlinkage void preempt_schedule_notrace(void);
#undef preempt_disable
#undef preempt_enable
#undef preempt_enable_no_resched
#undef preempt_disable_notrace
#undef preempt_enable_notrace
#undef preemptible
#define preempt_disable() \
do { \
	__preempt_count_add(1); \
	barrier(); \
} while (0)
#define preempt_enable_no_resched() \
do { \
	barrier(); \
	__preempt_count_sub(1); \
} while (0)
#define preempt_enable() \
do { \
	barrier(); \
	if (unlikely(__preempt_count_dec_and_test())) \
		preempt_schedule(); \
} while (0)
#define preempt_disable_notrace()	preempt_disable()
#define preempt_enable_notrace() \
do { \
	barrier(); \
	if (unlikely(__preempt_count_dec_and_test())) \
		preempt_schedule_notrace(); \
} while (0)
#define preemptible()	(preempt_count() == 0 && !irqs_disabled())

#include <linux/irqflags.h>
#include <linux/cache.h>

/*
 * The loader's reference-count schemes (boot refcount=), written once by the
 * TypeScript kernel at boot (kernel/module/refcount.ts).
 */
enum module_refcount_scheme {
	MODULE_REFCOUNT_ATOMIC = 0,	/* 3.19+: atomic_t refcnt with MODULE_REF_BASE */
	MODULE_REFCOUNT_PERCPU = 1,	/* 2.5: struct module_ref[NR_CPUS] */
	MODULE_REFCOUNT_NONE = 2,	/* 2003 proposal: no counts, modules never freed */
};
extern int module_refcount_scheme;

/* kernel/module/main.c: the count a live module holds for itself */
#define MODULE_REF_BASE	1

/* the CPUs the loader allocates counters for (emu/address-map.ts NR_CPUS) */
#define MODULE_REF_CPUS	64

/* 2.5's per-CPU counter, one cache line each so that no two CPUs share one */
struct module_ref {
	long count;
} ____cacheline_aligned;

/*
 * kmodlab's vmalloc area (docs/ARCHITECTURE.md). Linux's VMALLOC_START/END
 * span everything above the kernel image, kmodlab's linear map included.
 */
#define KMODLAB_VMALLOC_START	0xffff800010000000UL
#define KMODLAB_VMALLOC_END	(KMODLAB_VMALLOC_START + (3UL << 29))

/* 2.5's synchronize_kernel(): the wait synchronize_rcu() is in 6.1 (seed 003) */
void synchronize_kernel(void);

struct module;

/*
 * Look @name up in the kernel's and the loaded modules' symbol tables the
 * way the loader's find_symbol() does (GPL-only symbols included). Returns
 * the symbol's address, or 0 if there is none; *@owner is set to the module
 * that exports it, or NULL for the kernel.
 */
unsigned long __kmodlab_find_symbol(const char *name, struct module **owner);

/* The module whose core or init memory contains @addr, or NULL. */
struct module *__kmodlab_module_address(unsigned long addr);

/*
 * modprobe for __request_module (kernel/core/kmod.c): the first call queues
 * the request and sleeps, returning -EINPROGRESS; the next returns the wait
 * status (0 loaded, 256 modprobe failed).
 */
long __kmodlab_modprobe(const char *name, int wait);

/*
 * The user-mode helper behind call_usermodehelper_wait (kernel/core/kmod.c,
 * kernel/umh.ts): the first call queues CMDLINE and sleeps, returning
 * -EINPROGRESS; the next returns the program's exit status.
 */
long __kmodlab_usermodehelper(const char *cmdline);

struct task_struct;

/*
 * Sleeping and waking (kernel/sched.ts). schedule() sleeps while current's
 * __state is not TASK_RUNNING; __kmodlab_wake_task() gives a task asleep in
 * schedule() its core back once its state is TASK_RUNNING again (1 if it
 * slept). New kernel threads start asleep in TASK_UNINTERRUPTIBLE; cpu < 0
 * lets the machine place them; bind moves one that has not run yet.
 */
int __kmodlab_wake_task(struct task_struct *p);
struct task_struct *__kmodlab_kthread_create(int (*fn)(void *), void *arg,
					     const char *name, int cpu);
int __kmodlab_kthread_bind(struct task_struct *p, int cpu);
/* current is a service thread: asleep with nothing to do is its idle state */
void __kmodlab_task_daemon(void);
/* schedule() with a high-resolution timeout: asleep (state set) for at most @ns; 0 if it expired */
int __kmodlab_schedule_hrtimeout(u64 ns);

/*
 * The per-CPU softirq thread (kernel/softirq.ts, softirq.c): it waits for a
 * raise or for the jiffy @next_jiffy (-1: none); a timer armed on another
 * CPU's base reprograms that CPU's wake-up.
 */
void __kmodlab_softirq_wait(unsigned long next_jiffy);
struct pt_regs;
/* interrupts (kernel/irq.ts): the GIC's distributor, the tick, preemption at an interrupt's exit, idle */
void __kmodlab_gic_enable(unsigned int intid, int on, int cpu);
void __kmodlab_gic_raise(unsigned int intid, unsigned int cpu);
void __kmodlab_tick(void);
void __kmodlab_preempt_schedule(void);
void __kmodlab_preempt_irq(struct pt_regs *regs);
void __kmodlab_idle_wait(void);
/* die() and make_task_dead() for a fault taken through the vectors (kernel/arch/arm64/fault.ts) */
void __kmodlab_die(struct pt_regs *regs, unsigned long esr, unsigned long far);
/* entry-common.c, irq-gic-v3.c, arm_arch_timer.c, irq.c */
void gic_handle_irq(struct pt_regs *regs);
void gic_cpu_init(void);
void arch_timer_handler(void);
void arch_timer_starting_cpu(void);
void kmodlab_handle_irq(unsigned int irq);
void kmodlab_handle_ipi(unsigned int ipi);
void __kmodlab_softirq_raise(unsigned int cpu);
void __kmodlab_timer_program(unsigned int cpu, unsigned long expires);

/* Busy for up to one slice of @cycles of the machine clock; returns how many. */
unsigned long __kmodlab_delay(unsigned long cycles);

#endif /* _KMODLAB_CORE_H */

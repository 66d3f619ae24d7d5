// SPDX-License-Identifier: GPL-2.0
/*
 * Exception handling from EL1 (arch/arm64/kernel/entry-common.c) and the idle
 * loop (kernel/sched/idle.c), shrunk to this machine.
 *
 * An IRQ runs gic_handle_irq() with a hardirq count in preempt_count, on the
 * stack of whatever task the CPU was running: a handler is in interrupt
 * context, interrupts masked. On the way out, with preempt=full, a task
 * interrupted with preempt_count 0 and a reschedule pending is preempted
 * right there (el1_interrupt()'s arm64_preempt_schedule_irq()), and resumes
 * later from that point, returning from the interrupt.
 *
 * Copyright (C) 2018 ARM Ltd.
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <linux/hardirq.h>
#include <linux/preempt.h>
#include <linux/irqflags.h>
#include <linux/printk.h>
#include <linux/sched.h>
#include <asm/ptrace.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

/* CONFIG_PREEMPT: set at boot from preempt= (kernel/irq.ts) */
int kmodlab_preempt_full;

asmlinkage void el1h_64_irq_handler(struct pt_regs *regs)
{
	__preempt_count_add(HARDIRQ_OFFSET);
	gic_handle_irq(regs);
	__preempt_count_sub(HARDIRQ_OFFSET);
	if (kmodlab_preempt_full && should_resched(0))
		__kmodlab_preempt_irq(regs);
}

static const char *const handler[] = {
	"Synchronous Abort", "IRQ", "FIQ", "Error"
};

/* arch/arm64/kernel/traps.c: bad_mode() */
asmlinkage void kmodlab_bad_mode(struct pt_regs *regs, int vector)
{
	panic("Bad mode in %s handler detected on CPU%d, code 0x%08x -- %s\n",
	      handler[vector & 3], smp_processor_id(), (u32)read_sysreg(esr_el1),
	      vector < 4 ? "EL1t" : vector < 8 ? "EL1h" : vector < 12 ? "EL0 64-bit" : "EL0 32-bit");
}

/*
 * The idle task of a CPU ("swapper/N", pid 0): sets the CPU's interrupt
 * controller interface and timer up as secondary_start_kernel() does, then
 * waits for interrupts with them unmasked. The machine runs it only when the
 * CPU has nothing else to do and an interrupt is pending.
 */
void kmodlab_cpu_idle(unsigned int cpu)
{
	gic_cpu_init();
	arch_timer_starting_cpu();
	for (;;) {
		local_irq_enable();
		__kmodlab_idle_wait();
	}
}

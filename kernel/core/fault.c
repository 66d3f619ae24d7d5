// SPDX-License-Identifier: GPL-2.0-only
/*
 * Synchronous exceptions from EL1 (arch/arm64/mm/fault.c's do_mem_abort()
 * and arch/arm64/kernel/traps.c's undefined-instruction path, shrunk): the
 * machine enters the vector table for a data or instruction abort and an
 * undefined instruction as the hardware does, with ESR_EL1 and FAR_EL1 set
 * (emu/machine.ts takeFault). An exception-table fixup was looked for before
 * (kernel/extable.ts), so what reaches here is a kernel fault: die() reports
 * it from the saved pt_regs (kernel/arch/arm64/fault.ts prints Linux's oops
 * text) and the task ends (make_task_dead()).
 *
 * Copyright (C) 1995  Linus Torvalds
 * Copyright (C) 1995-2004 Russell King
 * Copyright (C) 2012 ARM Ltd.
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <linux/printk.h>
#include <asm/ptrace.h>
#include <asm/esr.h>
#include <asm/sysreg.h>

static void __noreturn die(struct pt_regs *regs, unsigned long esr, unsigned long far)
{
	__kmodlab_die(regs, esr, far);
	/* the machine ends the task in __kmodlab_die(); it never comes back */
	for (;;)
		;
}

/* do_mem_abort(): a data or instruction abort the kernel cannot fix up */
static void do_mem_abort(unsigned long far, unsigned long esr, struct pt_regs *regs)
{
	die(regs, esr, far);
}

asmlinkage void el1h_64_sync_handler(struct pt_regs *regs)
{
	unsigned long esr = read_sysreg(esr_el1);

	switch (ESR_ELx_EC(esr)) {
	case ESR_ELx_EC_DABT_CUR:
	case ESR_ELx_EC_IABT_CUR:
		do_mem_abort(read_sysreg(far_el1), esr, regs);
		break;
	case ESR_ELx_EC_UNKNOWN:
		/* do_el1_undef(): no undef hook claims it */
		die(regs, esr, 0);
		break;
	default:
		panic("Unhandled synchronous exception: ESR 0x%016lx (EC 0x%02lx) at %pS\n",
		      esr, ESR_ELx_EC(esr), (void *)regs->pc);
	}
}

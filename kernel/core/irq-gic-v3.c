// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interrupt controller's driver (drivers/irqchip/irq-gic-v3.c, shrunk):
 * the CPU interface through GICv3's system registers, as Linux uses it --
 * acknowledge with ICC_IAR1_EL1, end with ICC_EOIR1_EL1, IPIs with
 * ICC_SGI1R_EL1 -- and the distributor (enable, route, a device asserting a
 * line) through the machine's services (emu/gic.ts).
 *
 * INTIDs: SGIs 0-15 are IPIs, PPI 27 the virtual timer, SPIs from 32 the
 * interrupt lines of irq.c (line N is INTID 32 + N).
 *
 * Copyright (C) 2013-2017 ARM Limited, All Rights Reserved.
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/smp.h>
#include <linux/printk.h>
#include <asm/sysreg.h>
#include <asm/barrier.h>
#include "irq_lines.h"

#define GIC_SPI_FIRST		32
#define GIC_PPI_VTIMER		27
#define ICC_IAR1_SPURIOUS	1023

/* gic_cpu_init(): the CPU takes group 1 interrupts of every priority */
void gic_cpu_init(void)
{
	write_sysreg_s(0xf0, SYS_ICC_PMR_EL1);
	write_sysreg_s(1, SYS_ICC_IGRPEN1_EL1);
	isb();
	__kmodlab_gic_enable(GIC_PPI_VTIMER, 1, smp_processor_id());
	/* the IPIs */
	__kmodlab_gic_enable(0, 1, smp_processor_id());
	__kmodlab_gic_enable(1, 1, smp_processor_id());
}

/* gic_dist_init(): every line of irq.c enabled; a line's device asserts it */
static int __init gic_dist_init(void)
{
	unsigned int i;

	for (i = 0; i < KMODLAB_NR_IRQS; i++)
		__kmodlab_gic_enable(GIC_SPI_FIRST + i, 1, -1);
	return 0;
}
core_initcall(gic_dist_init);

void gic_handle_irq(struct pt_regs *regs)
{
	u32 irqnr = read_sysreg_s(SYS_ICC_IAR1_EL1);

	if (irqnr == ICC_IAR1_SPURIOUS)
		return;
	if (irqnr < 16)
		kmodlab_handle_ipi(irqnr);
	else if (irqnr == GIC_PPI_VTIMER)
		arch_timer_handler();
	else if (irqnr >= GIC_SPI_FIRST && irqnr < GIC_SPI_FIRST + KMODLAB_NR_IRQS)
		kmodlab_handle_irq(irqnr - GIC_SPI_FIRST);
	else
		pr_warn_ratelimited("Unexpected interrupt %u on CPU%d\n", irqnr, smp_processor_id());
	write_sysreg_s(irqnr, SYS_ICC_EOIR1_EL1);
}

/* gic_ipi_send_mask() for one CPU: ICC_SGI1R_EL1 with its Aff1 and its bit in the target list */
void kmodlab_gic_send_sgi(unsigned int sgi, unsigned int cpu)
{
	u64 val = ((u64)(cpu / 16) << 16) | (1UL << (cpu % 16)) | ((u64)sgi << 24);

	dsb(ishst);
	write_sysreg_s(val, SYS_ICC_SGI1R_EL1);
	isb();
}

/* the machine's devices assert their lines here (irq.c) */
void kmodlab_irq_assert(unsigned int irq)
{
	__kmodlab_gic_raise(GIC_SPI_FIRST + irq, smp_processor_id());
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The exception vectors (arch/arm64/kernel/entry.S, shrunk): VBAR_EL1 points
 * at `vectors` on every CPU. The machine enters them as the hardware does
 * (emu/machine.ts takeException: SPSR_EL1, ELR_EL1, DAIF masked), and the
 * kernel runs EL1h only, so two entries are live: synchronous exceptions and
 * IRQs taken from EL1 with SP_EL1. kernel_entry saves struct pt_regs on the
 * interrupted stack with a frame record (the unwinder walks through it),
 * kernel_exit restores it and returns with ERET.
 *
 * Copyright (C) 2012 ARM Ltd.
 */
#include <linux/linkage.h>
#include <asm/asm-offsets.h>

	.macro	kernel_entry
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x21, sp, #PT_REGS_SIZE
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	lr, x21, [sp, #S_LR]
	stp	x22, x23, [sp, #S_PC]
	/* a frame record naming the interrupted PC: backtraces go on past the exception */
	stp	x29, x22, [sp, #S_STACKFRAME]
	add	x29, sp, #S_STACKFRAME
	.endm

	.macro	kernel_exit
	ldp	x21, x22, [sp, #S_PC]
	msr	elr_el1, x21
	msr	spsr_el1, x22
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	lr, [sp, #S_LR]
	add	sp, sp, #PT_REGS_SIZE
	eret
	.endm

	.macro	kernel_ventry, label
	.balign	128
	b	\label
	.endm

	.macro	entry_handler, label, handler
SYM_CODE_START_LOCAL(\label)
	kernel_entry
	mov	x0, sp
	bl	\handler
	kernel_exit
SYM_CODE_END(\label)
	.endm

	.macro	invalid_entry, label, vector
SYM_CODE_START_LOCAL(\label)
	kernel_entry
	mov	x0, sp
	mov	x1, #\vector
	bl	kmodlab_bad_mode
	b	.
SYM_CODE_END(\label)
	.endm

	.text
	.balign	2048
SYM_CODE_START(vectors)
	kernel_ventry	el1t_64_sync_invalid
	kernel_ventry	el1t_64_irq_invalid
	kernel_ventry	el1t_64_fiq_invalid
	kernel_ventry	el1t_64_error_invalid
	kernel_ventry	el1h_64_sync
	kernel_ventry	el1h_64_irq
	kernel_ventry	el1h_64_fiq_invalid
	kernel_ventry	el1h_64_error_invalid
	kernel_ventry	el0t_64_sync_invalid
	kernel_ventry	el0t_64_irq_invalid
	kernel_ventry	el0t_64_fiq_invalid
	kernel_ventry	el0t_64_error_invalid
	kernel_ventry	el0t_32_sync_invalid
	kernel_ventry	el0t_32_irq_invalid
	kernel_ventry	el0t_32_fiq_invalid
	kernel_ventry	el0t_32_error_invalid
SYM_CODE_END(vectors)

	entry_handler	el1h_64_sync, el1h_64_sync_handler
	entry_handler	el1h_64_irq, el1h_64_irq_handler
	invalid_entry	el1t_64_sync_invalid, 0
	invalid_entry	el1t_64_irq_invalid, 1
	invalid_entry	el1t_64_fiq_invalid, 2
	invalid_entry	el1t_64_error_invalid, 3
	invalid_entry	el1h_64_fiq_invalid, 6
	invalid_entry	el1h_64_error_invalid, 7
	invalid_entry	el0t_64_sync_invalid, 8
	invalid_entry	el0t_64_irq_invalid, 9
	invalid_entry	el0t_64_fiq_invalid, 10
	invalid_entry	el0t_64_error_invalid, 11
	invalid_entry	el0t_32_sync_invalid, 12
	invalid_entry	el0t_32_irq_invalid, 13
	invalid_entry	el0t_32_fiq_invalid, 14
	invalid_entry	el0t_32_error_invalid, 15

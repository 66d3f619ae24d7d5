/* SPDX-License-Identifier: GPL-2.0 */
/*
 * relocs_abs.S: absolute symbols (SHN_ABS) for the relocations of relocs_asm.S
 * that need a value smaller than an address: ABS16, ABS32, MOVW_UABS_G0..G2 and
 * MOVW_SABS_G0/G1. They are defined in their own object so that the assembler
 * of relocs_asm.S cannot fold them in: every use stays a relocation in the .ko
 * and the loader has to apply it.
 */
	.globl	RELOCS_K16
	.set	RELOCS_K16, 0xbeef
	.globl	RELOCS_K32
	.set	RELOCS_K32, 0x89abcdef
	.globl	RELOCS_K48
	.set	RELOCS_K48, 0x123456789abc
	.globl	RELOCS_NEG16
	.set	RELOCS_NEG16, -0x1234
	.globl	RELOCS_POS16
	.set	RELOCS_POS16, 0x4321
	.globl	RELOCS_NEG32
	.set	RELOCS_NEG32, -0x12345678

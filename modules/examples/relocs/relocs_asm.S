/* SPDX-License-Identifier: GPL-2.0 */
/*
 * relocs_asm.S: every arm64 RELA relocation type that Linux 6.1's
 * apply_relocate_add() handles, each one exercised by a function that
 * computes, loads or branches through the relocated reference and returns a
 * value that is right only if the loader got the relocation right.
 *
 * References go to other sections (.rodata, .data, .text.relocs_far), to
 * kernel exports (strlen, memcpy) or to absolute symbols of relocs_abs.S, so
 * that the assembler cannot resolve any of them itself. The targets:
 *
 *   relocs_target_rodata  a string in .rodata
 *   relocs_target_data    16 bytes in .data
 *   relocs_d8 .. d128     constants in .data at page offsets that are not 0
 *   relocs_lit64          a literal in .rodata
 *   far_*                 branch targets in .text.relocs_far
 *
 * Functions take their argument in x0 and return in x0 (AAPCS64).
 */
#include <linux/linkage.h>

#define LIT64		0x5eed0019c0de0019
#define D8		0xa8
#define D16		0xb16b
#define D32		0xc32c32c3
#define D64		0xd64d64d64d64d64d
#define D128_LO		0x0123456789abcdef
#define D128_HI		0xfedcba9876543210
#define NONE_WORD	0x4e4f4e45

/* ------------------------------------------------------------------------ */
	.section .rodata, "a"
	.balign	16
	.skip	0x48
	.globl	relocs_target_rodata
	.type	relocs_target_rodata, %object
relocs_target_rodata:
	.asciz	"relocs: a string in .rodata"
	.size	relocs_target_rodata, . - relocs_target_rodata
	.balign	8
relocs_lit64:
	.quad	LIT64

/* ------------------------------------------------------------------------ */
	.data
	.balign	16
	.skip	0x230
	.globl	relocs_target_data
	.type	relocs_target_data, %object
relocs_target_data:
	.quad	0x7a7a7a7a7a7a7a7a, 0
	.size	relocs_target_data, . - relocs_target_data

	.balign	16
relocs_d128:
	.quad	D128_LO, D128_HI
relocs_d64:
	.quad	D64
relocs_d32:
	.word	D32
relocs_d16:
	.hword	D16
relocs_d8:
	.byte	D8

	/* Data relocations, read back by the functions below. */
	.balign	8
relocs_abs64_slot:
	.quad	relocs_target_data + 8		/* R_AARCH64_ABS64 (own symbol) */
relocs_abs64_kernel_slot:
	.quad	strlen				/* R_AARCH64_ABS64 (kernel export) */
relocs_prel64_slot:
	.quad	strlen - .			/* R_AARCH64_PREL64 */
relocs_abs32_slot:
	.word	RELOCS_K32 + 0x10		/* R_AARCH64_ABS32 */
relocs_prel32_slot:
	.word	memcpy - .			/* R_AARCH64_PREL32 */
relocs_abs16_slot:
	.hword	RELOCS_K16 + 1			/* R_AARCH64_ABS16 */
relocs_prel16_slot:
	.hword	relocs_target_rodata - .	/* R_AARCH64_PREL16 (backwards: .rodata is before .data) */
relocs_none_slot:
	.reloc	., R_AARCH64_NONE, relocs_target_data	/* R_AARCH64_NONE: must leave the word alone */
	.word	NONE_WORD

/* ------------------------------------------------------------------------ */
/* Branch targets in a text section of their own. */
	.section .text.relocs_far, "ax", %progbits
	.balign	4
far_tbz:
	mov	x0, #0x1401
	ret
far_tbnz:
	mov	x0, #0x1402
	ret
far_beq:
	mov	x0, #0x1901
	ret
far_cbz:
	mov	x0, #0x1902
	ret
far_cbnz:
	mov	x0, #0x1903
	ret
far_jump:					/* x0 + 0x26 */
	add	x0, x0, #0x26
	ret
far_triple:					/* 3 * x0 + 1 */
	add	x0, x0, x0, lsl #1
	add	x0, x0, #1
	ret

/* ------------------------------------------------------------------------ */
	.text

/* Data relocations */

SYM_FUNC_START(relocs_none)			/* NONE_WORD */
	adrp	x0, relocs_none_slot
	ldr	w0, [x0, :lo12:relocs_none_slot]
	ret
SYM_FUNC_END(relocs_none)

SYM_FUNC_START(relocs_abs64)			/* &relocs_target_data + 8 */
	adrp	x0, relocs_abs64_slot
	ldr	x0, [x0, :lo12:relocs_abs64_slot]
	ret
SYM_FUNC_END(relocs_abs64)

SYM_FUNC_START(relocs_abs64_kernel)		/* &strlen */
	adrp	x0, relocs_abs64_kernel_slot
	ldr	x0, [x0, :lo12:relocs_abs64_kernel_slot]
	ret
SYM_FUNC_END(relocs_abs64_kernel)

SYM_FUNC_START(relocs_abs32)			/* RELOCS_K32 + 0x10 */
	adrp	x0, relocs_abs32_slot
	ldr	w0, [x0, :lo12:relocs_abs32_slot]
	ret
SYM_FUNC_END(relocs_abs32)

SYM_FUNC_START(relocs_abs16)			/* RELOCS_K16 + 1 */
	adrp	x0, relocs_abs16_slot
	ldrh	w0, [x0, :lo12:relocs_abs16_slot]
	ret
SYM_FUNC_END(relocs_abs16)

SYM_FUNC_START(relocs_prel64)			/* &strlen */
	adrp	x1, relocs_prel64_slot
	add	x1, x1, :lo12:relocs_prel64_slot
	ldr	x0, [x1]
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_prel64)

SYM_FUNC_START(relocs_prel32)			/* &memcpy */
	adrp	x1, relocs_prel32_slot
	add	x1, x1, :lo12:relocs_prel32_slot
	ldrsw	x0, [x1]
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_prel32)

SYM_FUNC_START(relocs_prel16)			/* &relocs_target_rodata */
	adrp	x1, relocs_prel16_slot
	add	x1, x1, :lo12:relocs_prel16_slot
	ldrsh	x0, [x1]
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_prel16)

/* MOVW relocations: unsigned absolute */

SYM_FUNC_START(relocs_movw_uabs_g0)		/* RELOCS_K16 */
	movz	x0, #:abs_g0:RELOCS_K16
	ret
SYM_FUNC_END(relocs_movw_uabs_g0)

SYM_FUNC_START(relocs_movw_uabs_g1)		/* RELOCS_K32 */
	movz	x0, #:abs_g1:RELOCS_K32
	movk	x0, #:abs_g0_nc:RELOCS_K32
	ret
SYM_FUNC_END(relocs_movw_uabs_g1)

SYM_FUNC_START(relocs_movw_uabs_g2)		/* RELOCS_K48 */
	movz	x0, #:abs_g2:RELOCS_K48
	movk	x0, #:abs_g1_nc:RELOCS_K48
	movk	x0, #:abs_g0_nc:RELOCS_K48
	ret
SYM_FUNC_END(relocs_movw_uabs_g2)

SYM_FUNC_START(relocs_movw_uabs_g3)		/* &relocs_target_data, 16 bits at a time */
	movz	x0, #:abs_g3:relocs_target_data
	movk	x0, #:abs_g2_nc:relocs_target_data
	movk	x0, #:abs_g1_nc:relocs_target_data
	movk	x0, #:abs_g0_nc:relocs_target_data
	ret
SYM_FUNC_END(relocs_movw_uabs_g3)

/* MOVW relocations: signed absolute (the loader picks MOVZ or MOVN by sign) */

SYM_FUNC_START(relocs_movw_sabs_g0)		/* RELOCS_NEG16: MOVZ in the source, MOVN once relocated */
	movz	x0, #:abs_g0_s:RELOCS_NEG16
	ret
SYM_FUNC_END(relocs_movw_sabs_g0)

SYM_FUNC_START(relocs_movw_sabs_g0_pos)	/* RELOCS_POS16: MOVN in the source, MOVZ once relocated */
	movn	x0, #:abs_g0_s:RELOCS_POS16
	ret
SYM_FUNC_END(relocs_movw_sabs_g0_pos)

SYM_FUNC_START(relocs_movw_sabs_g1)		/* RELOCS_NEG32 */
	movz	x0, #:abs_g1_s:RELOCS_NEG32
	movk	x0, #:abs_g0_nc:RELOCS_NEG32
	ret
SYM_FUNC_END(relocs_movw_sabs_g1)

/*
 * &relocs_target_rodata: a kernel address is a negative s64 whose bits 63..47
 * are all ones, so SABS_G2 fits and becomes MOVN #0x7fff, LSL #32.
 */
SYM_FUNC_START(relocs_movw_sabs_g2)
	movz	x0, #:abs_g2_s:relocs_target_rodata
	movk	x0, #:abs_g1_nc:relocs_target_rodata
	movk	x0, #:abs_g0_nc:relocs_target_rodata
	ret
SYM_FUNC_END(relocs_movw_sabs_g2)

/*
 * MOVW relocations: PC-relative. Each instruction of a chain has its own P,
 * so the addend grows by 4 per instruction: every group then comes from the
 * same S - P0, and adding P0 (adr of the first instruction) gives S.
 */

SYM_FUNC_START(relocs_movw_prel_g0)		/* &relocs_target_rodata (forwards: MOVZ) */
0:	movz	x0, #:prel_g0:relocs_target_rodata
	adr	x1, 0b
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_movw_prel_g0)

SYM_FUNC_START(relocs_movw_prel_g0_neg)	/* &relocs_target_rodata, via S - 0xc000 - P < 0: MOVN */
0:	movz	x0, #:prel_g0:relocs_target_rodata - 0xc000
	adr	x1, 0b
	add	x0, x0, x1
	add	x0, x0, #0xc, lsl #12
	ret
SYM_FUNC_END(relocs_movw_prel_g0_neg)

SYM_FUNC_START(relocs_movw_prel_g1)		/* &strlen (kernel): PREL_G1 + PREL_G0_NC */
0:	movz	x0, #:prel_g1:strlen
	movk	x0, #:prel_g0_nc:strlen + 4
	adr	x1, 0b
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_movw_prel_g1)

SYM_FUNC_START(relocs_movw_prel_g2)		/* &relocs_target_data: PREL_G2 + G1_NC + G0_NC */
0:	movz	x0, #:prel_g2:relocs_target_data
	movk	x0, #:prel_g1_nc:relocs_target_data + 4
	movk	x0, #:prel_g0_nc:relocs_target_data + 8
	adr	x1, 0b
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_movw_prel_g2)

SYM_FUNC_START(relocs_movw_prel_g3)		/* &memcpy (kernel): PREL_G3 + G2_NC + G1_NC + G0_NC */
0:	movz	x0, #:prel_g3:memcpy
	movk	x0, #:prel_g2_nc:memcpy + 4
	movk	x0, #:prel_g1_nc:memcpy + 8
	movk	x0, #:prel_g0_nc:memcpy + 12
	adr	x1, 0b
	add	x0, x0, x1
	ret
SYM_FUNC_END(relocs_movw_prel_g3)

/* Immediate relocations: literal loads, ADR, ADRP, LO12 */

SYM_FUNC_START(relocs_ld_prel_lo19)		/* LIT64 */
	ldr	x0, relocs_lit64
	ret
SYM_FUNC_END(relocs_ld_prel_lo19)

SYM_FUNC_START(relocs_adr_prel_lo21)		/* &relocs_target_rodata */
	adr	x0, relocs_target_rodata
	ret
SYM_FUNC_END(relocs_adr_prel_lo21)

SYM_FUNC_START(relocs_adr_prel_pg_hi21)	/* &relocs_target_data */
	adrp	x0, relocs_target_data
	add	x0, x0, :lo12:relocs_target_data
	ret
SYM_FUNC_END(relocs_adr_prel_pg_hi21)

SYM_FUNC_START(relocs_adr_prel_pg_hi21_nc)	/* &strlen (kernel) */
	adrp	x0, :pg_hi21_nc:strlen
	add	x0, x0, :lo12:strlen
	ret
SYM_FUNC_END(relocs_adr_prel_pg_hi21_nc)

SYM_FUNC_START(relocs_add_abs_lo12_nc)		/* &relocs_target_rodata + 5 */
	adrp	x0, relocs_target_rodata + 5
	add	x0, x0, :lo12:relocs_target_rodata + 5
	ret
SYM_FUNC_END(relocs_add_abs_lo12_nc)

SYM_FUNC_START(relocs_ldst8)			/* D8 */
	adrp	x1, relocs_d8
	ldrb	w0, [x1, :lo12:relocs_d8]
	ret
SYM_FUNC_END(relocs_ldst8)

SYM_FUNC_START(relocs_ldst16)			/* D16 */
	adrp	x1, relocs_d16
	ldrh	w0, [x1, :lo12:relocs_d16]
	ret
SYM_FUNC_END(relocs_ldst16)

SYM_FUNC_START(relocs_ldst32)			/* D32 */
	adrp	x1, relocs_d32
	ldr	w0, [x1, :lo12:relocs_d32]
	ret
SYM_FUNC_END(relocs_ldst32)

SYM_FUNC_START(relocs_ldst64)			/* D64 */
	adrp	x1, relocs_d64
	ldr	x0, [x1, :lo12:relocs_d64]
	ret
SYM_FUNC_END(relocs_ldst64)

SYM_FUNC_START(relocs_ldst128)			/* x0 == 0: D128_LO, else D128_HI */
	adrp	x1, relocs_d128
	ldr	q0, [x1, :lo12:relocs_d128]
	cbnz	x0, 1f
	fmov	x0, d0
	ret
1:	mov	x0, v0.d[1]
	ret
SYM_FUNC_END(relocs_ldst128)

/* Branch relocations */

SYM_FUNC_START(relocs_tstbr14)			/* bit 3 clear: 0x1401; else bit 62 set: 0x1402; else 0x1400 */
	tbz	x0, #3, far_tbz
	tbnz	x0, #62, far_tbnz
	mov	x0, #0x1400
	ret
SYM_FUNC_END(relocs_tstbr14)

SYM_FUNC_START(relocs_condbr19)		/* 42: 0x1901; 0: 0x1902; bit 0 set: 0x1903; else 0x1900 */
	cmp	x0, #42
	b.eq	far_beq
	cbz	x0, far_cbz
	and	x1, x0, #1
	cbnz	x1, far_cbnz
	mov	x0, #0x1900
	ret
SYM_FUNC_END(relocs_condbr19)

SYM_FUNC_START(relocs_jump26)			/* strlen(x0), a tail call into the kernel */
	b	strlen
SYM_FUNC_END(relocs_jump26)

SYM_FUNC_START(relocs_jump26_local)		/* x0 + 0x26, a tail call into .text.relocs_far */
	b	far_jump
SYM_FUNC_END(relocs_jump26_local)

SYM_FUNC_START(relocs_call26)			/* strlen(x0) + 0x260, a call into the kernel */
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	bl	strlen
	add	x0, x0, #0x260
	ldp	x29, x30, [sp], #16
	ret
SYM_FUNC_END(relocs_call26)

SYM_FUNC_START(relocs_call26_local)		/* 3 * x0 + 1, computed in .text.relocs_far */
	stp	x29, x30, [sp, #-16]!
	mov	x29, sp
	bl	far_triple
	ldp	x29, x30, [sp], #16
	ret
SYM_FUNC_END(relocs_call26_local)

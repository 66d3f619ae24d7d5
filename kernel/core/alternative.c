// SPDX-License-Identifier: GPL-2.0-only
/*
 * The alternatives of modules: the parts of Linux 6.1's
 * arch/arm64/kernel/alternative.c that real modules reach. Which
 * capabilities the machine has is cpufeature.c's.
 *
 * Copyright (C) 2014 ARM Ltd.
 */
#include "kmodlab.h"
/* arch/arm64/kernel/alternative.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/init.h>
#include <linux/cpu.h>
#include <linux/elf.h>
#include <asm/cacheflush.h>
#include <asm/alternative.h>
#include <asm/cpufeature.h>
#include <asm/insn.h>
#include <asm/module.h>
#include <asm/sections.h>
#include <asm/vdso.h>
#include <linux/stop_machine.h>

#define AARCH64_INSN_NOP	0xd503201fU

#define __ALT_PTR(a, f)		((void *)&(a)->f + (a)->f)
#define ALT_ORIG_PTR(a)		__ALT_PTR(a, orig_offset)
#define ALT_REPL_PTR(a)		__ALT_PTR(a, alt_offset)
#define ALT_CAP(a)		((a)->cpufeature & ~ARM64_CB_BIT)
#define ALT_HAS_CB(a)		((a)->cpufeature & ARM64_CB_BIT)

/* arch/arm64/lib/insn.c: the immediate branches and ADRP */
static bool insn_is_b_bl(u32 insn)	{ return (insn & 0x7c000000) == 0x14000000; }
static bool insn_is_bcond(u32 insn)	{ return (insn & 0xff000010) == 0x54000000; }
static bool insn_is_cbz(u32 insn)	{ return (insn & 0x7e000000) == 0x34000000; }
static bool insn_is_tbz(u32 insn)	{ return (insn & 0x7e000000) == 0x36000000; }
static bool insn_is_adrp(u32 insn)	{ return (insn & 0x9f000000) == 0x90000000; }
/* LDR (literal), LDRSW (literal), PRFM (literal) */
static bool insn_uses_literal(u32 insn)	{ return (insn & 0x3b000000) == 0x18000000; }

static s32 sext(u32 v, int bits)
{
	return (s32)(v << (32 - bits)) >> (32 - bits);
}

static s32 branch_offset(u32 insn)
{
	if (insn_is_b_bl(insn))
		return sext(insn & 0x3ffffff, 26) * 4;
	if (insn_is_bcond(insn) || insn_is_cbz(insn))
		return sext((insn >> 5) & 0x7ffff, 19) * 4;
	return sext((insn >> 5) & 0x3fff, 14) * 4;	/* tbz/tbnz */
}

static u32 set_branch_offset(u32 insn, s32 offset)
{
	if (insn_is_b_bl(insn))
		return (insn & ~0x3ffffffU) | ((offset >> 2) & 0x3ffffff);
	if (insn_is_bcond(insn) || insn_is_cbz(insn))
		return (insn & ~(0x7ffffU << 5)) | (((offset >> 2) & 0x7ffff) << 5);
	return (insn & ~(0x3fffU << 5)) | (((offset >> 2) & 0x3fff) << 5);
}

static s32 adrp_offset(u32 insn)
{
	u32 imm = ((insn >> 29) & 3) | (((insn >> 5) & 0x7ffff) << 2);

	return sext(imm, 21) * 4096;
}

static u32 adrp_set_offset(u32 insn, s32 offset)
{
	u32 imm = (u32)(offset >> 12) & 0x1fffff;

	return (insn & ~((3U << 29) | (0x7ffffU << 5))) | ((imm & 3) << 29) | ((imm >> 2) << 5);
}

/* Check if the target PC is within an alternative block. */
static bool branch_insn_requires_update(struct alt_instr *alt, unsigned long pc)
{
	unsigned long replptr = (unsigned long)ALT_REPL_PTR(alt);

	return !(pc >= replptr && pc <= (replptr + alt->alt_len));
}

#define align_down(x, a)	((unsigned long)(x) & ~((unsigned long)(a) - 1))

static u32 get_alt_insn(struct alt_instr *alt, __le32 *insnptr, __le32 *altinsnptr)
{
	u32 insn = *altinsnptr;

	if (insn_is_b_bl(insn) || insn_is_bcond(insn) || insn_is_cbz(insn) || insn_is_tbz(insn)) {
		s32 offset = branch_offset(insn);
		unsigned long target = (unsigned long)altinsnptr + offset;

		/*
		 * If we're branching inside the alternate sequence,
		 * do not rewrite the instruction, as it is already
		 * correct. Otherwise, generate the new instruction.
		 */
		if (branch_insn_requires_update(alt, target)) {
			offset = target - (unsigned long)insnptr;
			insn = set_branch_offset(insn, offset);
		}
	} else if (insn_is_adrp(insn)) {
		s32 orig_offset, new_offset;
		unsigned long target;

		/*
		 * If we're replacing an adrp instruction, which uses PC-relative
		 * immediate addressing, adjust the offset to reflect the new
		 * PC. adrp operates on 4K aligned addresses.
		 */
		orig_offset = adrp_offset(insn);
		target = align_down(altinsnptr, 4096) + orig_offset;
		new_offset = target - align_down(insnptr, 4096);
		insn = adrp_set_offset(insn, new_offset);
	} else if (insn_uses_literal(insn)) {
		/*
		 * Disallow patching unhandled instructions using PC relative
		 * literal addresses
		 */
		BUG();
	}

	return insn;
}

static void patch_alternative(struct alt_instr *alt,
			      __le32 *origptr, __le32 *updptr, int nr_inst)
{
	__le32 *replptr = ALT_REPL_PTR(alt);
	int i;

	for (i = 0; i < nr_inst; i++)
		updptr[i] = get_alt_insn(alt, origptr + i, replptr + i);
}

/*
 * Callback for ALTERNATIVE_CB sequences that are NOPs when the capability holds.
 * noinstr as in 6.1: genksyms counts the attributes of this, its first declaration.
 */
noinstr void alt_cb_patch_nops(struct alt_instr *alt, __le32 *origptr,
		       __le32 *updptr, int nr_inst)
{
	int i;

	for (i = 0; i < nr_inst; i++)
		updptr[i] = AARCH64_INSN_NOP;
}
EXPORT_SYMBOL(alt_cb_patch_nops);

/*
 * __apply_alternatives() for a module: every entry whose capability the
 * machine has is patched in place (modules are patched before their text is
 * made read-only; the loader drops the translated code afterwards, which is
 * this machine's caches_clean_inval_pou()).
 */
void apply_alternatives_module(void *start, size_t length)
{
	struct alt_instr *alt;

	for (alt = start; (void *)(alt + 1) <= start + length; alt++) {
		__le32 *origptr;
		alternative_cb_t alt_cb;
		int nr_inst;
		int cap = ALT_CAP(alt);

		if (!cpus_have_cap(cap))
			continue;

		if (ALT_HAS_CB(alt))
			BUG_ON(alt->alt_len != 0);
		else
			BUG_ON(alt->alt_len != alt->orig_len);

		origptr = ALT_ORIG_PTR(alt);
		nr_inst = alt->orig_len / 4;

		if (ALT_HAS_CB(alt))
			alt_cb = ALT_REPL_PTR(alt);
		else
			alt_cb = patch_alternative;

		alt_cb(alt, origptr, origptr, nr_inst);
	}
}

/*
 * apply_alternatives_all() for the kernel image, under `boot atomics=lse`:
 * every entry of __alt_instructions whose capability the machine has, as
 * arm64 Linux patches itself at boot -- LSE atomics in place of the LL/SC
 * sequences the image was compiled with. The boot makes the image's text
 * writable around this call and drops the cores' translated code after it.
 * Without it, the image keeps its LL/SC code (kernel/core/README.md).
 */
void kmodlab_apply_boot_alternatives(void)
{
	apply_alternatives_module(__alt_instructions,
				  (void *)__alt_instructions_end - (void *)__alt_instructions);
}

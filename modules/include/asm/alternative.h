/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch/arm64/include/asm/alternative-macros.h, alternative.h (6.1): the
 * .altinstructions entries of modules, applied at load by module_finalize().
 */
#ifndef __ASM_ALTERNATIVE_H
#define __ASM_ALTERNATIVE_H

#include <linux/types.h>

#define ARM64_CB_BIT	15

struct alt_instr {
	s32 orig_offset;	/* offset to original instruction */
	s32 alt_offset;		/* offset to replacement instruction */
	u16 cpufeature;		/* cpufeature bit set for replacement */
	u8  orig_len;		/* size of original instruction(s) */
	u8  alt_len;		/* size of new instruction(s), <= orig_len */
};

_Static_assert(sizeof(struct alt_instr) == 12, "sizeof(struct alt_instr)");

#define ALT_ORIG_PTR(a)		((void *)&(a)->orig_offset + (a)->orig_offset)
#define ALT_REPL_PTR(a)		((void *)&(a)->alt_offset + (a)->alt_offset)
#define ALT_CAP(a)		((a)->cpufeature & ~(1U << ARM64_CB_BIT))
#define ALT_HAS_CB(a)		((a)->cpufeature & (1U << ARM64_CB_BIT))

typedef void (*alternative_cb_t)(struct alt_instr *alt,
				 __le32 *origptr, __le32 *updptr, int nr_inst);

void alt_cb_patch_nops(struct alt_instr *alt, __le32 *origptr,
		       __le32 *updptr, int nr_inst);

/* kernel/core/cpufeature.c: what module_finalize() runs for a module */
void apply_alternatives_module(void *start, size_t length);

#endif /* __ASM_ALTERNATIVE_H */

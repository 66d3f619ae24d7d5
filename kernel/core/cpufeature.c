// SPDX-License-Identifier: GPL-2.0-only
/*
 * The CPU capabilities of the machine: the parts of Linux 6.1's
 * arch/arm64/kernel/cpufeature.c that real modules reach (their alternatives
 * are alternative.c's).
 *
 * The machine is Unicorn's MAX CPU model. Of the capabilities that Debian's
 * modules test in their .altinstructions (LSE atomics, pseudo-NMI priority
 * masking, VHE, the device-load-acquire and TSB-flush errata, KPTI, no-FPSIMD)
 * it has LSE atomics; the errata do not apply and the kernel runs at EL1
 * without VHE, pseudo-NMI or KPTI. ALWAYS_BOOT/ALWAYS_SYSTEM are always set
 * (system_capabilities_finalized() is true once modules can load).
 *
 * Copyright (C) 2014 ARM Ltd.
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/export.h>
#include <linux/bug.h>
#include <linux/jump_label.h>
#include <asm/alternative.h>
#include <asm/cpufeature.h>

#define CAP(n)	(1UL << ((n) % 64))

unsigned long cpu_hwcaps[(ARM64_NCAPS + 63) / 64] = {
	[0] = CAP(ARM64_ALWAYS_BOOT) | CAP(ARM64_ALWAYS_SYSTEM) |
	      CAP(ARM64_HAS_CRC32) | CAP(ARM64_HAS_LSE_ATOMICS),
};
EXPORT_SYMBOL(cpu_hwcaps);

/* AT_HWCAP: what the cores execute (FP/SIMD, AES, PMULL, SHA1/2, CRC32, LSE) */
unsigned long elf_hwcap = (1UL << KERNEL_HWCAP_FP) | (1UL << KERNEL_HWCAP_ASIMD) |
	(1UL << KERNEL_HWCAP_AES) | (1UL << KERNEL_HWCAP_PMULL) |
	(1UL << KERNEL_HWCAP_SHA1) | (1UL << KERNEL_HWCAP_SHA2) |
	(1UL << KERNEL_HWCAP_CRC32) | (1UL << KERNEL_HWCAP_ATOMICS);

/*
 * arch/arm64/kernel/cpufeature.c: the GIC's priorities are not the
 * non-secure view (no pseudo-NMI); inline irqflags code tests this key.
 */
DEFINE_STATIC_KEY_FALSE(gic_nonsecure_priorities);
EXPORT_SYMBOL(gic_nonsecure_priorities);

/* No KPTI: kernel mappings are global. */
bool arm64_use_ng_mappings = false;
EXPORT_SYMBOL(arm64_use_ng_mappings);

bool cpu_have_feature(unsigned int num)
{
	return num < 64 && ((elf_hwcap >> num) & 1);
}
EXPORT_SYMBOL_GPL(cpu_have_feature);

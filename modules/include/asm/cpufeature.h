/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch/arm64/include/asm/cpufeature.h, cpucaps.h and hwcap.h (6.1), with the
 * capability numbers of Debian's 6.1 arm64 build (arch/arm64/tools/cpucaps):
 * real modules carry these numbers in their .altinstructions.
 */
#ifndef __ASM_CPUFEATURE_H
#define __ASM_CPUFEATURE_H

#include <linux/types.h>

#define ARM64_ALWAYS_BOOT		0
#define ARM64_ALWAYS_SYSTEM		1
#define ARM64_BTI			2
#define ARM64_HAS_ADDRESS_AUTH		5
#define ARM64_HAS_CRC32			14
#define ARM64_HAS_IRQ_PRIO_MASKING	24
#define ARM64_HAS_LSE_ATOMICS		26
#define ARM64_HAS_NO_FPSIMD		27
#define ARM64_HAS_PAN			29
#define ARM64_HAS_VIRT_HOST_EXTN	37
#define ARM64_UNMAP_KERNEL_AT_EL0	52
#define ARM64_WORKAROUND_DEVICE_LOAD_ACQUIRE 77
#define ARM64_NCAPS			85

/* ELF hwcaps (arch/arm64/include/uapi/asm/hwcap.h): cpu_have_feature() numbers */
#define KERNEL_HWCAP_FP			0
#define KERNEL_HWCAP_ASIMD		1
#define KERNEL_HWCAP_EVTSTRM		2
#define KERNEL_HWCAP_AES		3
#define KERNEL_HWCAP_PMULL		4
#define KERNEL_HWCAP_SHA1		5
#define KERNEL_HWCAP_SHA2		6
#define KERNEL_HWCAP_CRC32		7
#define KERNEL_HWCAP_ATOMICS		8

extern unsigned long cpu_hwcaps[(ARM64_NCAPS + 63) / 64];
extern unsigned long elf_hwcap;
extern bool arm64_use_ng_mappings;

static inline bool cpus_have_cap(unsigned int num)
{
	if (num >= ARM64_NCAPS)
		return false;
	return (cpu_hwcaps[num / 64] >> (num % 64)) & 1;
}

bool cpu_have_feature(unsigned int num);

#endif /* __ASM_CPUFEATURE_H */

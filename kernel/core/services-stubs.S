/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel services implemented by the TypeScript kernel: `svc #0; ret`
 * stubs, 8 bytes each, in .text.services (page aligned by vmlinux.lds,
 * between __services_start and __services_end). The list is services.h.
 */
#include <linux/linkage.h>

	.section .text.services, "ax", %progbits

#define SERVICE(name, export)			\
	.globl	name;				\
	.type	name, %function;		\
	.balign	8;				\
name:						\
	svc	#0;				\
	ret;					\
	.size	name, . - name;
#define SERVICE_IN(file, name, export)	SERVICE(name, export)

#include "services.h"

/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef __ASM_MODULE_H
#define __ASM_MODULE_H


struct plt_entry;

struct mod_plt_sec {
	int			plt_shndx;
	int			plt_num_entries;
	int			plt_max_entries;
};

struct mod_arch_specific {
	/* CONFIG_ARM64_MODULE_PLTS */
	struct mod_plt_sec	core;
	struct mod_plt_sec	init;

	/* for CONFIG_DYNAMIC_FTRACE */
	struct plt_entry	*ftrace_trampolines;
};

#endif /* __ASM_MODULE_H */

# Compiler, linker and tool settings shared by the kernel image (kernel/core/Makefile)
# and by external modules (modules/Makefile). Like Linux's top-level Makefile and
# arch/arm64/Makefile, everything that must agree between the kernel and its modules
# lives here, once.

KMODLAB_SRCTREE := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
KMODLAB_INCLUDE := $(KMODLAB_SRCTREE)/modules/include
KMODLAB_SCRIPTS := $(KMODLAB_SRCTREE)/modules/scripts

# The kernel release; must agree with UTS_RELEASE in include/generated/utsrelease.h.
KERNELRELEASE := 6.1.0-kmodlab
KERNELVERSION := 6.1.0

# offsetof(struct task_struct, stack_canary) — the one number that ties the kernel's
# task_struct to code built with the per-task stack protector (arm64's
# CONFIG_STACKPROTECTOR_PER_TASK: the canary is read from SP_EL0 + this offset).
# include/linux/sched.h lays task_struct out from it and checks it at compile time.
# 1360 (0x550) is where Debian's 6.1 arm64 kernels keep it: their modules read the canary
# with `mrs xN, sp_el0; ldr xM, [xN, #1360]` (see docs/REAL-MODULES.md), so the same
# task_struct serves our modules and theirs.
TSK_STACK_CANARY := 1360

CROSS_COMPILE ?= aarch64-linux-gnu-
CC       := $(CROSS_COMPILE)gcc
CPP      := $(CC) -E
LD       := $(CROSS_COMPILE)ld
NM       := $(CROSS_COMPILE)nm
OBJCOPY  := $(CROSS_COMPILE)objcopy
OBJDUMP  := $(CROSS_COMPILE)objdump
READELF  := $(CROSS_COMPILE)readelf
GENKSYMS ?= /usr/lib/linux-kbuild-6.1/scripts/genksyms/genksyms
TSX      := $(KMODLAB_SRCTREE)/node_modules/.bin/tsx
MODPOST  := $(TSX) $(KMODLAB_SCRIPTS)/modpost.ts

NOSTDINC_FLAGS := -nostdinc -isystem $(shell $(CC) -print-file-name=include)
LINUXINCLUDE   := -I$(KMODLAB_INCLUDE) -include $(KMODLAB_INCLUDE)/linux/kconfig.h

KBUILD_CPPFLAGS := -D__KERNEL__ -DKMODLAB_TSK_STACK_CANARY=$(TSK_STACK_CANARY)

KBUILD_CFLAGS := -std=gnu11 -O2 -Wall -Wundef \
	-Werror=implicit-function-declaration -Werror=implicit-int -Werror=return-type \
	-Werror=strict-prototypes -Werror=date-time -Werror=incompatible-pointer-types \
	-Werror=designated-init -Wno-format-security -Wno-trigraphs -Wno-pointer-sign \
	-Wno-frame-address -Wno-format-truncation -Wno-format-overflow \
	-Wno-address-of-packed-member -Wno-unused-but-set-variable -Wno-unused-const-variable \
	-Wno-dangling-pointer -Wno-stringop-truncation -Wno-stringop-overflow -Wno-restrict \
	-Wno-array-bounds -Wno-maybe-uninitialized -Wno-packed-not-aligned -Wvla \
	-fshort-wchar -fno-stack-check -fconserve-stack \
	-fno-strict-aliasing -fno-common -fno-PIE -fno-pic \
	-fno-delete-null-pointer-checks -fno-strict-overflow -fno-allow-store-data-races \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -ffreestanding \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-mgeneral-regs-only -mabi=lp64 -march=armv8.1-a -mlittle-endian \
	-mno-outline-atomics -mbranch-protection=pac-ret+bti \
	-fstack-protector-strong -mstack-protector-guard=sysreg \
	-mstack-protector-guard-reg=sp_el0 \
	-mstack-protector-guard-offset=$(TSK_STACK_CANARY)

KBUILD_AFLAGS := -D__ASSEMBLY__ -mabi=lp64 -march=armv8.1-a -mlittle-endian \
	-mbranch-protection=pac-ret+bti

KBUILD_LDFLAGS := -EL -maarch64elf -z noexecstack --no-warn-rwx-segments

# Modules (Linux: KBUILD_CFLAGS_MODULE / KBUILD_LDFLAGS_MODULE).
KBUILD_CFLAGS_MODULE  := -DMODULE
KBUILD_LDFLAGS_MODULE := --build-id=sha1

# Kernel image.
KIMAGE_VADDR := 0xffff800008000000
LDFLAGS_vmlinux := --build-id=sha1 -z max-page-size=4096 --no-dynamic-linker -static -nostdlib

# Print kbuild-style progress lines ("  CC [M]  path"), full commands with V=1,
# nothing with make -s.
ifeq ($(V),1)
  Q :=
  quiet_echo = @:
else ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
  Q := @
  quiet_echo = @:
else
  Q := @
  quiet_echo = @printf '  %-7s %s\n'
endif

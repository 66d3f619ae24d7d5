# What the kernel image (kernel/core/Makefile) and external modules (modules/Makefile)
# share: the kernel release and the kbuild tree they are built with -- Debian's
# linux-headers-6.1.0-N-cloud-arm64 made usable on this host by tools/kernel-headers.sh
# (`make headers`) -- and the binutils the image's link uses. Compiler flags are not
# here: they are Linux's own, from that tree's Makefiles and .config.

KMODLAB_SRCTREE := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
KMODLAB_INCLUDE := $(KMODLAB_SRCTREE)/modules/include
KMODLAB_SCRIPTS := $(KMODLAB_SRCTREE)/modules/scripts

# The release the Debian packages in build/real-modules are for (tools/real-modules.sh).
KMODLAB_ABI := $(shell sed -n 's/^abi=//p' $(KMODLAB_SRCTREE)/build/real-modules/.stamp 2>/dev/null)
KDIR ?= $(KMODLAB_SRCTREE)/build/$(KMODLAB_ABI)/build
ifeq ($(wildcard $(KDIR)/Makefile),)
$(error no kernel headers at $(KDIR): run 'make headers' in $(KMODLAB_SRCTREE) first)
endif
override KDIR := $(abspath $(KDIR))
KERNELRELEASE := $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h)

CROSS_COMPILE ?= aarch64-linux-gnu-
export CROSS_COMPILE
LD       := $(CROSS_COMPILE)ld
NM       := $(CROSS_COMPILE)nm
OBJCOPY  := $(CROSS_COMPILE)objcopy
TSX      := $(KMODLAB_SRCTREE)/node_modules/.bin/tsx
# Linux 6.1's modpost (Debian's linux-kbuild-6.1), also for the image
MODPOST  := $(KDIR)/scripts/mod/modpost

KBUILD_LDFLAGS := -EL -maarch64elf -z noexecstack --no-warn-rwx-segments

# Kernel image.
KIMAGE_VADDR := 0xffff800008000000
LDFLAGS_vmlinux := --build-id=sha1 -z max-page-size=4096 --no-dynamic-linker -static -nostdlib

# kbuild-style progress lines ("  LD      vmlinux"), full commands with V=1, nothing with make -s.
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

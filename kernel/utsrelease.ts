// include/generated/utsrelease.h: the kernel release, also in every module's vermagic.
// Must agree with KERNELRELEASE in modules/scripts/flags.mk.
export const UTS_RELEASE = '6.1.0-kmodlab';

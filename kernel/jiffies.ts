// The kernel's tick in machine time (kernel/time/jiffies.c): CONFIG_HZ of Debian's arm64
// kernels, and where each jiffy begins on the machine clock. jiffies starts at
// INITIAL_JIFFIES so that it wraps five minutes after boot, as in Linux.
import type { Kernel } from './kernel.ts';

/** CONFIG_HZ of Debian's arm64 kernels. */
export const HZ = 250;

/** (unsigned long)(unsigned int)(-300 * HZ) */
export const INITIAL_JIFFIES = BigInt((-300 * HZ) >>> 0);

/** jiffies at the machine time of the running core. */
export function jiffiesNow(k: Kernel): bigint {
  return INITIAL_JIFFIES + (k.sched.clock * BigInt(HZ)) / BigInt(k.cost.cpuHz);
}

/** The first cycle of machine time at which jiffies reads j (or later). */
export function jiffyStart(k: Kernel, j: bigint): bigint {
  const n = BigInt.asUintN(64, j - INITIAL_JIFFIES);
  const hz = BigInt(HZ), cpuHz = BigInt(k.cost.cpuHz);
  return (n * cpuHz + hz - 1n) / hz;
}

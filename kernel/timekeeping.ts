// Clocks and busy-waiting in machine time (kernel/time/timekeeping.c, arch/arm64/lib/delay.c):
// CLOCK_MONOTONIC is the machine clock in ns since boot; CLOCK_REALTIME adds a fixed boot
// epoch (kernel/core/timekeeping.c), so the same run reads the same wall clock. A delay loop
// (udelay, mdelay) keeps its thread on the core for the cycles asked, in chunks of at most one
// slice, so the other cores and the softirq threads run meanwhile: the thread is busy, not asleep.
import type { ServiceCall, Service } from './service-args.ts';
import { arg } from './service-args.ts';

export const TIMEKEEPING_SERVICES: Record<string, Service> = {
  // ktime_t ktime_get(void)
  ktime_get: (c: ServiceCall) => c.k.now(),
  // unsigned long __kmodlab_delay(unsigned long cycles): busy for up to a slice of them; how many
  __kmodlab_delay: (c: ServiceCall) => {
    const want = arg(c, 0);
    if (want === 0n) return 0n;
    const chunk = want < BigInt(c.k.sched.slice) ? want : BigInt(c.k.sched.slice);
    c.k.sched.charge(c.cpu, Number(chunk));
    c.core.setX(0, chunk);
    // The slice ends here: the cycles are spent; the thread stays runnable.
    return { action: 'stop' };
  },
};

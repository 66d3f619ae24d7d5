// The seeds' claim, checked on the coherence model: a per-CPU get/put never moves a cache line
// between CPUs; a single atomic counter moves one on nearly every operation once CPUs share it,
// and as the line serves one transfer at a time, its cost grows with the CPUs contending.
import { describe, it, expect } from 'vitest';
import { measureRefcount } from '../tools/bench-refcount.ts';

describe('refcount cache-line traffic', () => {
  it('percpu: no line transfers whatever the number of CPUs', () => {
    for (const cpus of [1, 4]) expect(measureRefcount('percpu', cpus, 200).transfersPerPair).toBe(0);
  });
  it('atomic: no transfers alone, line transfers on every pair when 4 CPUs share the counter', () => {
    expect(measureRefcount('atomic', 1, 200).transfersPerPair).toBe(0);
    const shared = measureRefcount('atomic', 4, 200);
    expect(shared.transfersPerPair).toBeGreaterThanOrEqual(2);
    expect(shared.cyclesPerPair).toBeGreaterThan(measureRefcount('percpu', 4, 200).cyclesPerPair * 3);
  });
  it('contention: the atomic counter costs more per pair with every doubling of CPUs, percpu stays flat', () => {
    const cpus = [2, 4, 8];
    const atomic = cpus.map((c) => measureRefcount('atomic', c, 100).cyclesPerPair);
    const percpu = cpus.map((c) => measureRefcount('percpu', c, 100).cyclesPerPair);
    // the line serves one core at a time: each doubling of the cores hammering it more than doubles the wait
    for (let i = 1; i < cpus.length; i++) expect(atomic[i]).toBeGreaterThan(atomic[i - 1] * 2);
    for (const p of percpu) expect(p).toBe(percpu[0]);
  });
  it('LSE vs LL/SC: boot atomics=lse patches the image\'s try_module_get to LSE, fewer instructions alone and fewer retries when shared', () => {
    const llsc1 = measureRefcount('atomic', 1, 100), lse1 = measureRefcount('atomic', 1, 100, 'lse');
    // cas and stadd in place of the ldxr/stxr loops
    expect(lse1.instructionsPerPair).toBeLessThan(llsc1.instructionsPerPair);
    const llsc4 = measureRefcount('atomic', 4, 100), lse4 = measureRefcount('atomic', 4, 100, 'lse');
    // the LL/SC cmpxchg loop is longer, so more of its reads go stale before the store: more retries
    expect(lse4.transfersPerPair).toBeLessThan(llsc4.transfersPerPair);
    expect(lse4.cyclesPerPair).toBeLessThan(llsc4.cyclesPerPair);
    // atomics=llsc leaves the image as compiled: the same code as the default
    expect(measureRefcount('atomic', 4, 100, 'llsc').cyclesPerPair).toBe(llsc4.cyclesPerPair);
  });
  it('none: nothing to count, nothing moves', () => {
    expect(measureRefcount('none', 4, 200).transfersPerPair).toBe(0);
  });
});

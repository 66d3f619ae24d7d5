// Behaviours of the kernel shim the lifecycle scenarios rely on: time-limited runs stop at
// their limit even when every thread sleeps.
import { describe, it, expect } from 'vitest';
import { scenario } from './helpers.ts';

describe('run CYCLES on a machine where every thread sleeps', () => {
  // An idle machine jumps to its next timer, but never past the end of a `run`.
  it('lets 10k cycles pass, not 5 ms: a thread in msleep(5) is still asleep', () => {
    const r = scenario(`
boot cpus=2
spawn s cpu=1 msleep 5
run 10k
ps
`);
    expect(r.out[1]).toMatch(/^\s+\d+\s+1 blocked\s+s\s/);
  });
});

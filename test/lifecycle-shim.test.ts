// Behaviours of the kernel shim that the lifecycle scenarios had to step around, kept as
// tests that document them. `it.fails` passes while the behaviour is as described here;
// when the shim is fixed it starts failing and should become a plain `it`.
import { describe, it, expect } from 'vitest';
import { scenario } from './helpers.ts';

describe('run CYCLES on a machine where every thread sleeps', () => {
  // Scheduler.runUntil() calls events.idle() -- Timers.idle() -- which jumps the clock to the
  // next timer and wakes its sleeper even when that timer lies beyond the run's limit: `run
  // 10k` with a thread in msleep(5) ends 5 ms later with the sleeper woken. Scenarios that
  // need "let the machine run a little" while a thread sleeps use a blocking command
  // (join, rmmod -w, call msleep N, kmodlab_after) instead.
  it.fails('lets 10k cycles pass, not 5 ms: a thread in msleep(5) is still asleep', () => {
    const r = scenario(`
boot cpus=2
spawn s cpu=1 msleep 5
run 10k
ps
`);
    expect(r.out[1]).toMatch(/^\s+\d+\s+1 blocked\s+s\s/);
  });
});

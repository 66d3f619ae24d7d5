// The /proc/modules lock (seed 002 item 3) with the tools running concurrently: a kernel thread
// runs rmmod/modprobe through call_usermodehelper_wait (kernel/umh.ts, tools/umh.ts)
// while the console's modprobe holds the lock shared. modules/examples/modules-lock.kml.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, scenario } from './helpers.ts';
import { runKml, at } from './lifecycle-scenarios.ts';

describe('modules/examples/modules-lock.kml', () => {
  const t = runKml('modules-lock');

  it('states the seed it makes concrete and runs to the end', () => {
    expect(readFileSync(join(EXAMPLES, 'modules-lock.kml'), 'utf8')).toMatch(
      /^# Seed 002 item 3: "To prevent rmmod's during modprobe, have rmmod do flock\(\/proc\/modules,\n# LOCK_EX\) and modprobe do flock\(\/proc\/modules, LOCK_SH\)…"/);
    expect(t.status).toBe(0);
    expect(t.err).toEqual([]);
  });

  it("shares the lock with a second modprobe, queues the rmmod, and a later modprobe behind it", () => {
    expect(t.of('modprobe slowinit')).toEqual([
      '[umh] modprobe hello: exit status 0',
      '[umh] rmmod slowinit: waiting for /proc/modules (LOCK_EX; held by modprobe)',
      '[umh] modprobe mathlib: waiting for /proc/modules (LOCK_SH; held by modprobe; behind umh rmmod)',
      '[umh] rmmod slowinit: exit status 0',
      '[umh] modprobe mathlib: exit status 0',
    ]);
    expect(t.of('join h')).toEqual(['h => 0x0']);
    expect(t.of('join r')).toEqual(['r => 0x0']);
    expect(t.of('join m')).toEqual(['m => 0x0']);
    expect(t.of('lsmod')).toEqual([
      'Module                  Size  Used by',
      expect.stringMatching(/^mathlib\s+\d+\s+0$/),
      expect.stringMatching(/^hello\s+\d+\s+0$/),
    ]);
  });

  it("removes slowinit only after its init returned, though the rmmod asked during the init's sleep", () => {
    expect(t.dmesg).toEqual([
      'slowinit: init: sleeping 20 ms',
      'Hello, world',
      'hello: 0 number(s), sum 0',
      'slowinit: init: done',
      'slowinit: exit',
      'mathlib: loaded',
    ]);
    const log = t.of('dmesg');
    const time = (re: RegExp) => Number(/^\[\s*(\d+\.\d+)\]/.exec(log[at(log, re)])![1]);
    // the sharing modprobe ran during the init's 20 ms sleep, within a few ms of its start
    expect(time(/Hello, world/)).toBeLessThan(0.005);
    expect(time(/Hello, world/)).toBeLessThan(time(/slowinit: init: done/));
    expect(time(/slowinit: exit/)).toBeGreaterThanOrEqual(time(/slowinit: init: done/));
    expect(time(/slowinit: exit/)).toBeGreaterThanOrEqual(0.020);
  });

  it('without the lock (insmod takes none) the same rmmod runs at once and meets slowinit initialising', () => {
    const u = runKml('modules-lock', [[/^modprobe slowinit$/m, 'insmod slowinit/slowinit.ko']]);
    const out = u.of('insmod slowinit/slowinit.ko');
    expect(out).not.toContainEqual(expect.stringMatching(/waiting for \/proc\/modules/));
    expect(out).toContain('[umh rmmod] rmmod: ERROR: Module slowinit is in use');
    expect(out).toContain('[umh] rmmod slowinit: exit status 1');
    expect(u.of('join r')).toEqual(['r => 0x1']);
    expect(u.of('lsmod')).toContainEqual(expect.stringMatching(/^slowinit\s/));
    expect(u.dmesg).not.toContain('slowinit: exit');
  });
});

describe('call_usermodehelper_wait', () => {
  it('runs at once when the lock is free and returns the exit status', () => {
    const r = scenario(`
modprobe worker
call call_usermodehelper_wait "rmmod worker"
call call_usermodehelper_wait "rmmod worker"
call call_usermodehelper_wait "frobnicate now"
`);
    expect(r.out).toEqual([
      '[umh] rmmod worker: exit status 0',
      '=> 0x0',
      '[umh rmmod] rmmod: ERROR: Module worker is not currently loaded',
      '[umh] rmmod worker: exit status 1',
      '=> 0x1',
      '[umh] frobnicate now: not found',
      '=> 0x7f',
    ]);
  });
});

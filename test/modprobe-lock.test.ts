// The /proc/modules lock of seed 002 item 3 (kernel/modules_lock.ts): modprobe holds it shared,
// rmmod exclusive, so an rmmod waits for a modprobe in progress instead of making it fail.
// Commands of the console run one at a time, so the waiting is shown on the lock itself.
import { describe, expect, it } from 'vitest';
import { FileLock, LOCK_SH, LOCK_EX, LOCK_NB, LOCK_UN } from '../kernel/modules_lock.ts';
import { EWOULDBLOCK } from '../kernel/errno.ts';

describe('flock on /proc/modules', () => {
  it("lets modprobes share it and makes rmmod's exclusive lock wait", () => {
    const l = new FileLock('/proc/modules');
    const events: string[] = [];
    expect(l.flock('modprobe-a', LOCK_SH)).toBe(0);
    expect(l.flock('modprobe-b', LOCK_SH)).toBe(0);
    // rmmod -w (blocking): queued until both modprobes are done
    expect(l.flock('rmmod', LOCK_EX, () => events.push('rmmod runs'))).toBe('waiting');
    // a non-blocking attempt fails at once with EWOULDBLOCK
    expect(l.flock('rmmod-nb', LOCK_EX | LOCK_NB)).toBe(-EWOULDBLOCK);
    // a modprobe that comes after the waiting rmmod waits behind it
    expect(l.flock('modprobe-c', LOCK_SH, () => events.push('modprobe-c runs'))).toBe('waiting');
    expect(l.state()).toEqual({
      exclusive: null, shared: ['modprobe-a', 'modprobe-b'],
      waiting: [{ owner: 'rmmod', mode: 'LOCK_EX' }, { owner: 'modprobe-c', mode: 'LOCK_SH' }],
    });
    l.flock('modprobe-a', LOCK_UN);
    expect(events).toEqual([]);
    l.flock('modprobe-b', LOCK_UN);
    expect(events).toEqual(['rmmod runs']);
    expect(l.state().exclusive).toBe('rmmod');
    l.flock('rmmod', LOCK_UN);
    expect(events).toEqual(['rmmod runs', 'modprobe-c runs']);
    expect(l.state()).toEqual({ exclusive: null, shared: ['modprobe-c'], waiting: [] });
  });

  it('converts a held lock, and an exclusive holder keeps everyone else out', () => {
    const l = new FileLock('/proc/modules');
    expect(l.flock('rmmod', LOCK_EX)).toBe(0);
    expect(l.flock('modprobe', LOCK_SH | LOCK_NB)).toBe(-EWOULDBLOCK);
    expect(l.flock('rmmod', LOCK_SH)).toBe(0); // downgrade
    expect(l.flock('modprobe', LOCK_SH | LOCK_NB)).toBe(0);
    expect(l.flock('rmmod', LOCK_EX | LOCK_NB)).toBe(-EWOULDBLOCK); // upgrade while shared with another
    l.flock('modprobe', LOCK_UN);
    expect(l.flock('rmmod', LOCK_EX | LOCK_NB)).toBe(0);
    expect(l.state()).toEqual({ exclusive: 'rmmod', shared: [], waiting: [] });
  });
});

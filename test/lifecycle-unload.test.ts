// The seeds' unload scenarios (modules/examples/unload-*.kml) under each reference-counting
// scheme: a caller without a reference is caught and named, a reference makes rmmod fail
// "in use" or wait (and ^C re-animates), refcount=none forgets and keeps the memory until
// reap, and a task preempted inside the module defeats the classic synchronize_kernel.
import { describe, it, expect } from 'vitest';
import { runKml, grep, at } from './lifecycle-scenarios.ts';

describe('unloading under a caller without a reference', () => {
  for (const scheme of ['percpu', 'atomic']) {
    it(`frees worker under user_call_noref and catches its next call (refcount=${scheme})`, () => {
      const t = runKml('unload-noref', [['refcount=percpu', `refcount=${scheme}`]]);
      expect(t.status).toBe(0);
      expect(t.of('cat /sys/module/worker/refcnt')).toEqual(['0']);
      expect(t.of('rmmod worker')).toEqual([]);
      expect(t.of('join t')[0]).toMatch(/^t => oops: call into unloaded module worker at worker_spin\+0x[0-9a-f]+\/0x6c \[worker\] from cpu1$/);
      const d = t.dmesg;
      expect(at(d, /^worker: exit after \d+ call\(s\)$/)).toBeLessThan(at(d, /call into unloaded module worker/));
      expect(grep(d, /^pc : worker_spin\+0x[0-9a-f]+\/0x6c \[worker\] \(unloaded\)$/)).toHaveLength(1);
      expect(grep(d, /^ user_call_noref\+0x[0-9a-f]+\/0x[0-9a-f]+ \[user\]$/)).toHaveLength(1);
    });
  }
});

describe('unloading under a caller holding a reference', () => {
  for (const scheme of ['percpu', 'atomic']) {
    it(`says "in use", waits with -w, re-animates on ^C (refcount=${scheme})`, () => {
      const t = runKml('unload-ref', [['refcount=percpu', `refcount=${scheme}`]]);
      expect(t.of('cat /sys/module/worker/refcnt')).toEqual(['1']);
      expect(t.of('rmmod worker')).toEqual(['rmmod: ERROR: Module worker is in use']);
      expect(t.of('rmmod -w worker', 0)).toEqual(['^C', 'rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove \'worker\': Interrupted system call', 'rmmod: ERROR: could not remove module worker: Interrupted system call']);
      expect(t.of('cat /sys/module/worker/initstate')).toEqual(['live']);
      expect(t.of('rmmod -w worker', 1)).toEqual([]);
      expect(t.of('join t')).toEqual(['t => 0x61a80']);
      expect(t.of('lsmod')).toEqual(['Module                  Size  Used by', expect.stringMatching(/^user\s+\d+  0$/)]);
      expect(t.dmesg).toEqual(['worker: ready', 'worker: exit after 200 call(s)']);
    });
  }
});

describe('refcount=none: forgotten, never freed, reaped', () => {
  it('lets the caller finish in the kept memory, reports it, and reap frees it and taints', () => {
    const t = runKml('unload-none');
    expect(t.of('rmmod worker')).toEqual([]);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by', expect.stringMatching(/^user\s+\d+  0$/)]);
    expect(t.of('join t')).toEqual(['t => 0x1e8480']);
    const kept = grep(t.dmesg, /^worker: forgotten, \d+ bytes of module memory kept \(refcount=none never frees\)$/);
    expect(kept).toHaveLength(1);
    const bytes = /(\d+) bytes/.exec(kept[0])![1];
    expect(t.of('reap')).toEqual([`reaped 1 module(s), ${bytes} bytes`]);
    expect(t.dmesg).toContain(`reaped 1 forgotten module(s): ${bytes} bytes freed, kernel tainted`);
    expect(Number(t.of('cat /proc/sys/kernel/tainted')[0]) & 8).toBe(8);
    expect(t.of('join stale')).toEqual(['stale => oops: call into unloaded module worker at worker_spin+0x0/0x6c [worker] from cpu0']);
  });
});

describe('synchronize_kernel and a task preempted inside the module', () => {
  it('classic: frees worker under the preempted task, which is caught when it resumes', () => {
    const t = runKml('unload-preempted');
    expect(t.of('ps')[1]).toMatch(/^\s+\d+\s+1 preempted t\s+worker_spin\+0x[0-9a-f]+\/0x6c \[worker\]$/);
    expect(t.of('rmmod worker')).toEqual([]);
    expect(t.of('join t')[0]).toMatch(/^t => oops: call into unloaded module worker at worker_spin\+0x[0-9a-f]+\/0x6c \[worker\] from cpu1$/);
    expect(t.of('join busy')).toEqual(['busy => 0xf4240']);
  });

  it('tasks: waits for the preempted task, which finishes; worker goes afterwards', () => {
    const t = runKml('unload-preempted-tasks');
    expect(t.of('ps')[1]).toMatch(/preempted t\s+worker_spin\+0x[0-9a-f]+\/0x6c \[worker\]$/);
    expect(t.of('rmmod worker')).toEqual([]);
    expect(t.of('join t')).toEqual(['t => 0x1e8480']);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by']);
    expect(grep(t.dmesg, /Unable to handle|Internal error/)).toEqual([]);
  });
});

describe('the unload scenarios are deterministic', () => {
  for (const name of ['unload-noref', 'unload-ref', 'unload-none', 'unload-preempted']) {
    it(`${name}: same seed, same transcript`, () => {
      expect(runKml(name).text).toBe(runKml(name).text);
    });
  }
});

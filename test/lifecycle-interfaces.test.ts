// Seed 004's module-safe interfaces in the kernel core, each played by its scenario in
// modules/examples/ and judged by what a user sees: command output, errno messages, dmesg
// lines, oops verdicts naming the module.
import { describe, it, expect } from 'vitest';
import { runKml, grep, at } from './lifecycle-scenarios.ts';

const ENODEV = '0xffffffffffffffed';
const ENXIO = '0xfffffffffffffffa';

describe('Rule #1: a filesystem with an owner, the reference batched at mount/unmount', () => {
  it('refuses rmmod while mounted, needs no reference for statfs, lets rmmod go after umount', () => {
    const t = runKml('rule1-filesystem');
    expect(t.status).toBe(0);
    expect(t.of('call kmodlab_mount')).toEqual(['=> 0x0']);
    expect(t.of('cat /sys/module/demofs/refcnt', 0)).toEqual(['1']);
    expect(t.of('rmmod demofs', 0)).toEqual(['rmmod: ERROR: Module demofs is in use']);
    expect(t.of('call kmodlab_statfs', 0)).toEqual(['=> 0x1']);
    expect(t.of('call kmodlab_statfs', 1)).toEqual(['=> 0x2']);
    // statfs took no reference of its own: still just the mount's
    expect(t.of('cat /sys/module/demofs/refcnt', 1)).toEqual(['1']);
    expect(t.of('call kmodlab_umount')).toEqual(['=> 0x0']);
    expect(t.of('cat /sys/module/demofs/refcnt', 2)).toEqual(['0']);
    expect(t.of('rmmod demofs', 1)).toEqual([]);
    // gone: "unknown filesystem type"
    expect(t.of('call kmodlab_mount', 1)).toEqual([`=> ${ENODEV}`]);
    expect(t.dmesg).toContain('kmodlab_mount: demofs on /mnt: -ENODEV');
  });

  it('makes get_fs_type() fail while rmmod -w holds the module GOING, as if unregistered', () => {
    const t = runKml('rule1-filesystem');
    expect(t.of('rmmod -w demofs')).toEqual([]);
    expect(t.of('join late')).toEqual([`late => ${ENODEV}`]);
    expect(t.of('join umount')).toEqual(['umount => 0x0']);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by']);
    const failed = at(t.dmesg, /^kmodlab_mount: demofs on \/mnt2: -ENODEV$/);
    const unmounted = t.dmesg.lastIndexOf('demofs: unmounted');
    expect(failed).toBeGreaterThan(0);
    expect(unmounted).toBeGreaterThan(failed);
    expect(t.dmesg[unmounted + 1]).toBe('demofs: unregistered after 0 statfs call(s)');
  });
});

describe('Exception #1: interrupt handlers need only synchronize_kernel', () => {
  it('removes irqdemo while its hard handler runs, preempt=full and sync=classic: safe', () => {
    const t = runKml('exception1-irq');
    expect(t.of('ps')[1]).toMatch(/^\s+\d+\s+1 runnable\s+storm\s+irqdemo_work\S* \[irqdemo\]$/);
    expect(t.of('rmmod irqdemo')).toEqual([]);
    expect(t.of('join storm')[0]).toMatch(/^storm => 0x[0-9a-f]+$/);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by']);
    expect(grep(t.dmesg, /^irqdemo: freed irq 9 after \d+ interrupt\(s\), 0 threaded run\(s\)$/)).toHaveLength(1);
    expect(grep(t.dmesg, /Unable to handle|Internal error/)).toEqual([]);
  });

  it('catches a threaded handler preempted in the module under the classic synchronize_kernel', () => {
    const t = runKml('exception1-threaded');
    expect(t.of('ps')[1]).toMatch(/^\s+\d+\s+1 preempted storm\s+irqdemo_work\S* \[irqdemo\]$/);
    expect(t.of('rmmod irqdemo')).toEqual([]);
    expect(t.of('join storm')[0]).toMatch(/^storm => oops: call into unloaded module irqdemo at irqdemo_work\S*\+0x[0-9a-f]+\/0x[0-9a-f]+ \[irqdemo\] from cpu1$/);
    expect(grep(t.dmesg, /^pc : irqdemo_work\S* \[irqdemo\] \(unloaded\)$/)).toHaveLength(1);
    expect(grep(t.dmesg, /^ irqdemo_thread_fn\+0x[0-9a-f]+\/0x[0-9a-f]+ \[irqdemo\]$/)).toHaveLength(1);
    expect(at(t.dmesg, /^irqdemo: freed irq 9/)).toBeLessThan(at(t.dmesg, /call into unloaded module irqdemo/));
  });

  it('lets the same threaded handler finish first with sync=tasks', () => {
    const t = runKml('exception1-threaded-tasks');
    expect(t.of('ps')[1]).toMatch(/preempted storm\s+irqdemo_work\S* \[irqdemo\]$/);
    expect(t.of('join storm')[0]).toMatch(/^storm => 0x[0-9a-f]+$/);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by']);
    expect(grep(t.dmesg, /Unable to handle|Internal error/)).toEqual([]);
  });

  it('catches a handler that sleeps in the module even with sync=tasks', () => {
    const t = runKml('exception1-sleeping');
    expect(t.of('rmmod irqdemo')).toEqual([]);
    expect(t.of('join storm')[0]).toMatch(/^storm => oops: call into unloaded module irqdemo at irqdemo_thread_fn\+0x[0-9a-f]+\/0x[0-9a-f]+ \[irqdemo\] from cpu1$/);
  });
});

describe('Rule #2: modules using an unsafe interface', () => {
  it('are [permanent]: rmmod is EBUSY, rmmod -f taints R and a later read is caught', () => {
    const t = runKml('rule2-unsafe');
    expect(t.of('call kmodlab_proc_read', 0)).toEqual(['=> 0x8']);
    expect(t.of('cat /proc/modules')[0]).toMatch(/^proclast \d+ 0 \[permanent\], Live 0x[0-9a-f]{16} \(OE\)$/);
    expect(t.of('rmmod proclast')).toEqual(['rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove \'proclast\': Device or resource busy', 'rmmod: ERROR: could not remove module proclast: Device or resource busy']);
    expect(t.of('rmmod -f proclast')).toEqual([]);
    expect(Number(t.of('cat /proc/sys/kernel/tainted')[0]) & 8).toBe(8);
    expect(t.of('call kmodlab_proc_read', 2)).toEqual(['=> oops: call into unloaded module proclast at proclast_read+0x0/0x8c [proclast] from cpu0']);
    expect(t.dmesg.slice(0, 2)).toEqual(['/proc/proclast: reads 1', '/proc/proclast: reads 2']);
  });

  it('must not fail init after using one: procfirst is caught under a reader, proclast (registering last) is not', () => {
    const t = runKml('rule2-init');
    expect(t.of('insmod procfirst/procfirst.ko')).toEqual(['insmod: ERROR: could not insert module procfirst/procfirst.ko: No such device']);
    expect(t.of('join cat')[0]).toMatch(/^cat => oops: call into unloaded module procfirst at procfirst_read\+0x[0-9a-f]+\/0x[0-9a-f]+ \[procfirst\] from cpu1$/);
    expect(t.of('insmod proclast/proclast.ko', 0)).toEqual(['insmod: ERROR: could not insert module proclast/proclast.ko: No such device']);
    expect(t.of('join cat2')).toEqual(['cat2 => 0x0']);
    expect(t.of('insmod proclast/proclast.ko', 1)).toEqual([]);
    expect(t.of('join cat3')[0]).toMatch(/^cat3 => 0x[1-9a-f][0-9a-f]*$/);
    expect(t.dmesg).toContain('procfirst: no device found');
    expect(t.dmesg).toContain('kmodlab_proc_reader: /proc/proclast found 0 of 30 time(s)');
    expect(grep(t.dmesg, /^kmodlab_proc_reader: \/proc\/proclast found [1-9]\d* of 30 time\(s\)$/)).toHaveLength(1);
  });
});

describe('reserve/activate: two unsafe registrations, and init may still fail', () => {
  it('gives back reservations nobody saw, then activates both at the end of init', () => {
    const t = runKml('reserve-activate');
    expect(t.of('insmod procpair/procpair.ko', 0)).toEqual(['insmod: ERROR: could not insert module procpair/procpair.ko: File exists']);
    expect(t.of('join cat')).toEqual(['cat => 0x0']);
    expect(t.of('insmod procpair/procpair.ko', 1)).toEqual(['insmod: ERROR: could not insert module procpair/procpair.ko: No such device']);
    expect(t.of('join cat2')).toEqual(['cat2 => 0x0']);
    expect(t.of('insmod procpair/procpair.ko', 2)).toEqual([]);
    expect(t.of('call kmodlab_proc_read', 0)).toEqual(['=> 0xf']);
    expect(t.of('call kmodlab_proc_read', 1)).toEqual(['=> 0xf']);
    expect(t.of('cat /proc/modules')[0]).toMatch(/^procpair \d+ 0 \[permanent\], Live /);
    expect(t.dmesg).toContain('procpair: cannot reserve /proc/proclast: -EEXIST');
    expect(t.dmesg).toContain('procpair: probe failed after reserving /proc/pair_a and /proc/pair_b');
    expect(grep(t.dmesg, /^kmodlab_proc_reader: \/proc\/pair_a found 0 of 10 time\(s\)$/)).toHaveLength(2);
    expect(t.dmesg.slice(-3)).toEqual(['procpair: /proc/pair_a and /proc/pair_b active', '/proc/pair_a: this is pair_a', '/proc/pair_b: this is pair_b']);
  });
});

describe('two-stage delete: objects with function pointers into a module hold the module', () => {
  it('refuses rmmod while a closed socket still lives, and catches the proto that forgot its owner', () => {
    const t = runKml('two-stage-delete');
    expect(t.of('call kmodlab_socket', 0)).toEqual(['=> 0x3']);
    expect(t.of('join close')).toEqual(['close => 0x0']);
    expect(t.of('cat /sys/module/sockdemo/refcnt', 0)).toEqual(['1']);
    expect(t.of('rmmod sockdemo', 0)).toEqual(['rmmod: ERROR: Module sockdemo is in use']);
    expect(t.of('join rx')).toEqual(['rx => 0x0']);
    expect(t.of('cat /sys/module/sockdemo/refcnt', 1)).toEqual(['0']);
    expect(t.of('rmmod sockdemo', 1)).toEqual([]);
    // owner=0
    expect(t.of('join close2')).toEqual(['close2 => 0x0']);
    expect(t.of('cat /sys/module/sockdemo/refcnt', 2)).toEqual(['0']);
    expect(t.of('rmmod sockdemo', 2)).toEqual([]);
    expect(t.of('join rx2')).toEqual(['rx2 => oops: call into unloaded module sockdemo at sockdemo_destruct+0x0/0x34 [sockdemo] from cpu1']);
    expect(t.dmesg.slice(0, 4)).toEqual([
      'NET: Registered PF_NETBEUI protocol family',
      'sockdemo: socket 1 created',
      'sockdemo: socket 1 destroyed',
      'NET: Unregistered PF_NETBEUI protocol family',
    ]);
  });
});

describe('the live flag: try_module_get during init and while GOING', () => {
  it('reads the partition table through the driver while its init runs, and refuses opens while GOING', () => {
    const t = runKml('live-during-init');
    expect(t.of('insmod ramdisk/ramdisk.ko')).toEqual([]);
    expect(t.dmesg.slice(0, 3)).toEqual([
      'ramdisk: sector 0 read while the module is still in its init (COMING)',
      ' rd0: p1 p2',
      'ramdisk: rd0: 2 partition(s) found during init',
    ]);
    expect(t.of('call kmodlab_blkdev_open')).toEqual(['=> 0x2']);
    expect(t.of('cat /sys/module/ramdisk/refcnt')).toEqual(['1']);
    expect(t.of('rmmod -w ramdisk')).toEqual([]);
    expect(t.of('join late')).toEqual([`late => ${ENXIO}`]);
    expect(t.of('join close')).toEqual(['close => 0x0']);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by']);
    expect(t.dmesg.slice(3)).toEqual(['kmodlab_blkdev_open: rd0: -ENXIO', 'ramdisk: rd0 removed after 2 open(s)']);
  });
});

describe('init failure after exporting an interface', () => {
  it('catches a mount made during init when init then fails; registering last is safe', () => {
    const t = runKml('init-failure');
    expect(t.of('insmod demofs/demofs.ko', 0)).toEqual(['insmod: ERROR: could not insert module demofs/demofs.ko: No such device']);
    expect(t.of('join mounter')[0]).toMatch(/^mounter => oops: call into unloaded module demofs at demofs_statfs\+0x[0-9a-f]+\/0x[0-9a-f]+ \[demofs\] from cpu1$/);
    expect(t.of('insmod demofs/demofs.ko', 1)).toEqual(['insmod: ERROR: could not insert module demofs/demofs.ko: No such device']);
    expect(t.of('join mounter2')).toEqual([`mounter2 => ${ENODEV}`]);
    expect(t.of('insmod demofs/demofs.ko', 2)).toEqual([]);
    expect(t.of('join mounter3')).toEqual(['mounter3 => 0x1']);
    const d = t.dmesg;
    expect(d[at(d, /^demofs: mounted/)]).toBe('demofs: mounted (module still initialising)');
    expect(at(d, /^demofs: no device found$/)).toBeLessThan(at(d, /call into unloaded module demofs/));
    expect(grep(d, /^pc : demofs_statfs\+0x[0-9a-f]+\/0x[0-9a-f]+ \[demofs\] \(unloaded\)$/)).toHaveLength(1);
    expect(d).toContain('kmodlab_mount_hold: demofs on /mnt2: -ENODEV after 20 attempt(s)');
    expect(d).toContain('demofs: mounted (module live)');
  });
});

describe('spurious failure: a notifier skips a module that is initialising or in a failed removal', () => {
  for (const scheme of ['percpu', 'atomic']) {
    it(`skips events during init and during an interrupted rmmod -w (refcount=${scheme})`, () => {
      const t = runKml('spurious-failure', [['refcount=percpu', `refcount=${scheme}`]]);
      expect(t.of('rmmod -w notifydemo')).toEqual(['^C', 'rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove \'notifydemo\': Interrupted system call', 'rmmod: ERROR: could not remove module notifydemo: Interrupted system call']);
      expect(t.of('cat /sys/module/notifydemo/initstate')).toEqual(['live']);
      expect(t.of('join events')).toEqual(['events => 0x6']);
      expect(t.of('rmmod notifydemo')).toEqual([]);
      const events = grep(t.dmesg, /^(kmodlab_notifier: event|notifydemo: (event|init done|\d+ event))/);
      expect(events).toEqual([
        'kmodlab_notifier: event 1: notifydemo is still initialising, callback skipped',
        'kmodlab_notifier: event 2: notifydemo is still initialising, callback skipped',
        'kmodlab_notifier: event 3: notifydemo is still initialising, callback skipped',
        'notifydemo: init done',
        'notifydemo: event 4',
        'notifydemo: event 5',
        'kmodlab_notifier: event 6: notifydemo is going, callback skipped',
        'kmodlab_notifier: event 7: notifydemo is going, callback skipped',
        'kmodlab_notifier: event 8: notifydemo is going, callback skipped',
        'notifydemo: event 9',
        'notifydemo: event 10',
        'notifydemo: event 11',
        'notifydemo: event 12',
        'notifydemo: 6 event(s) received',
      ]);
    });
  }
});

describe('optional init and exit', () => {
  it('loads modules without init, without both; only init-without-exit is [permanent]', () => {
    const t = runKml('optional-init-exit');
    const mods = t.of('cat /proc/modules');
    expect(mods[0]).toMatch(/^noexit \d+ 0 \[permanent\], Live /);
    expect(mods[1]).toMatch(/^bare \d+ 0 - Live /);
    expect(mods[2]).toMatch(/^noinit \d+ 0 - Live /);
    expect(t.of('call noinit_answer')).toEqual(['=> 0x2a']);
    expect(t.of('call bare_double')).toEqual(['=> 0x2a']);
    expect(t.of('rmmod noinit')).toEqual([]);
    expect(t.of('rmmod bare')).toEqual([]);
    expect(t.of('rmmod noexit')).toEqual(['rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove \'noexit\': Device or resource busy', 'rmmod: ERROR: could not remove module noexit: Device or resource busy']);
    expect(t.of('rmmod -f noexit')).toEqual([]);
    expect(t.of('lsmod')).toEqual(['Module                  Size  Used by']);
    expect(Number(t.of('cat /proc/sys/kernel/tainted')[0]) & 8).toBe(8);
    expect(t.dmesg).toContain('noinit: exit without an init');
  });
});

describe('the interface scenarios are deterministic', () => {
  for (const name of ['rule1-filesystem', 'exception1-threaded', 'rule2-init', 'two-stage-delete', 'init-failure', 'spurious-failure']) {
    it(`${name}: same seed, same transcript`, () => {
      expect(runKml(name).text).toBe(runKml(name).text);
    });
  }
});

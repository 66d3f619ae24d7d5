// sysfs, the device model's attributes and debugfs as a user process sees them: directories
// made by kobjects, show()/store() through cat and echo, the errors bash and coreutils print,
// the directory gone after rmmod, memory back to baseline, and removal waiting for the methods
// in flight -- a reader caught inside a sleeping show() when rmmod runs never runs freed code.
import { describe, it, expect } from 'vitest';
import { Console } from '../tools/console.ts';
import { scenario, messages, EXAMPLES, memoryAccounting } from './helpers.ts';

function session(lines: string[]) {
  const out: string[] = [];
  const c = new Console({ baseDir: EXAMPLES, echo: true, write: (l) => out.push(l) });
  for (const l of lines) c.exec(l);
  return { out, k: c.kernel!, of: (cmd: string, nth = 0) => after(out, cmd, nth) };
}

/** The lines the nth run of a command printed (up to the next "$ "). */
function after(out: string[], cmd: string, nth = 0): string[] {
  let i = -1;
  for (let n = 0; n <= nth; n++) {
    i = out.indexOf(`$ ${cmd}`, i + 1);
    if (i < 0) throw new Error(`no command '${cmd}' (#${nth}) in transcript`);
  }
  const r: string[] = [];
  for (let j = i + 1; j < out.length && !out[j].startsWith('$ '); j++) r.push(out[j]);
  return r;
}

const accounting = memoryAccounting;
const oopses = (lines: string[]) => messages(lines).filter((l) => /Unable to handle|Internal error|Oops|unloaded module|poisoned/.test(l));

const V = '/sys/kernel/mymodule/myvariable';

describe('a kobject in /sys/kernel (hello_sysfs)', () => {
  it('lists, shows and stores its attributes; refuses what Linux refuses', () => {
    const s = session([
      'insmod hello_sysfs/hello_sysfs.ko', 'ls /sys/kernel', 'ls /sys/kernel/mymodule', `cat ${V}`,
      `echo 5 > ${V}`, `cat ${V}`, 'cat /sys/kernel/mymodule/writes', 'echo 1 > /sys/kernel/mymodule/writes',
      `echo abc > ${V}`, 'cat /sys/kernel/mymodule', 'rmmod hello_sysfs', 'ls /sys/kernel', `cat ${V}`,
    ]);
    expect(s.of('ls /sys/kernel')).toEqual(['debug', 'mymodule']);
    expect(s.of('ls /sys/kernel/mymodule')).toEqual(['myvariable', 'writes']);
    expect(s.of(`cat ${V}`)).toEqual(['0']);
    expect(s.of(`echo 5 > ${V}`)).toEqual([]);
    expect(s.of(`cat ${V}`, 1)).toEqual(['5']);
    expect(s.of('cat /sys/kernel/mymodule/writes')).toEqual(['1']);
    expect(s.of('echo 1 > /sys/kernel/mymodule/writes')).toEqual(['sh: /sys/kernel/mymodule/writes: Permission denied']);
    expect(s.of(`echo abc > ${V}`)).toEqual(['echo: write error: Invalid argument']);
    expect(s.of('cat /sys/kernel/mymodule')).toEqual(['cat: /sys/kernel/mymodule: Is a directory']);
    expect(s.of('rmmod hello_sysfs')).toEqual([]);
    expect(s.of('ls /sys/kernel', 1)).toEqual(['debug']);
    expect(s.of(`cat ${V}`, 2)).toEqual([`cat: ${V}: No such file or directory`]);
    s.k.close();
  });

  it('an open attribute outlives its directory: reads after rmmod get ENODEV, not the module', () => {
    const s = session(['insmod hello_sysfs/hello_sysfs.ko', `open f ${V}`, 'read f 1', 'lsmod', 'rmmod hello_sysfs', 'read f', 'close f', 'dmesg']);
    expect(s.of('read f 1')).toEqual(['0']);
    // sysfs files hold no module reference: kernfs's active references protect them instead
    expect(s.of('lsmod')[1]).toMatch(/^hello_sysfs\s+\d+\s+0$/);
    expect(s.of('rmmod hello_sysfs')).toEqual([]);
    expect(s.of('read f')).toEqual(['read: No such device']);
    expect(oopses(s.of('dmesg'))).toEqual([]);
    s.k.close();
  });

  it('a second kobject of the same name is refused with Linux\'s messages', () => {
    const s = session(['call kobject_create_and_add "kernel" 0', 'dmesg']);
    expect(s.of('call kobject_create_and_add "kernel" 0')).toEqual(['=> 0x0']);
    const m = messages(s.of('dmesg'));
    expect(m).toContain("sysfs: cannot create duplicate filename '//kernel'");
    expect(m).toContain("kobject_add_internal failed for kernel with -EEXIST, don't try to register things with the same name in the same directory.");
    expect(m).toContain('kobject_create_and_add: kobject_add error: -17');
    s.k.close();
  });

  it('gives back every byte: load, use and unload leave memory as before', () => {
    const c = new Console({ baseDir: EXAMPLES, write: () => {} });
    c.exec('insmod hello_sysfs/hello_sysfs.ko');
    c.exec(`cat ${V}`);
    c.exec('rmmod hello_sysfs');
    const k = c.kernel!;
    const base = accounting(k);
    c.exec('insmod hello_sysfs/hello_sysfs.ko');
    for (let i = 0; i < 10; i++) { c.exec(`echo ${i} > ${V}`); c.exec(`cat ${V}`); }
    c.exec(`open f ${V}`);
    c.exec('rmmod hello_sysfs');
    c.exec('read f');
    c.exec('close f');
    expect(accounting(k)).toEqual(base);
    k.close();
  });

  it('rmmod waits for a show() in flight; the reader never runs in freed module code', () => {
    // show() sleeps 20 ms; rmmod comes 30 ms in, while the second cat is inside it
    const r = scenario([
      'boot cpus=2', 'insmod hello_sysfs/hello_sysfs.ko show_delay_ms=20',
      `spawn r cpu=1 repeat=4 cat ${V}`, 'run 30M', 'rmmod hello_sysfs', 'join r', 'lsmod', 'dmesg', '',
    ].join('\n'));
    const join = r.out.slice(0, r.out.indexOf('r exited 1') + 1);
    expect(join.slice(0, 2)).toEqual(['0', '0']);
    // the cat caught in show() got its text; its next read, and later opens, find the file gone
    expect(join).toContain(`cat: ${V}: No such device`);
    expect(join).toContain(`cat: ${V}: No such file or directory`);
    const m = messages(r.out);
    expect(oopses(r.out)).toEqual([]);
    const t = (re: RegExp) => Number(/^\[\s*([\d.]+)\]/.exec(r.out.find((l) => re.test(l))!)![1]);
    // exit's kobject_put() returned only after the show() that began at 20 ms ended at 40 ms
    expect(t(/mymodule removed/)).toBeGreaterThanOrEqual(0.040);
    expect(m.some((l) => /mymodule removed/.test(l))).toBe(true);
  });
});

describe('device attributes (devattr, chardev, misc)', () => {
  it('a class directory, the device with dev, uevent and its own attributes', () => {
    const D = '/sys/class/devattr/led0';
    const s = session([
      'insmod devattr/devattr.ko', 'ls /sys/class', `ls ${D}`, `cat ${D}/dev`, `cat ${D}/uevent`, `cat ${D}/brightness`,
      `echo 128 > ${D}/brightness`, `cat ${D}/brightness`, `echo 300 > ${D}/brightness`, `echo 1 > ${D}/max_brightness`,
      `cat ${D}/max_brightness`, 'rmmod devattr', 'ls /sys/class', 'dmesg',
    ]);
    expect(s.of('ls /sys/class')).toEqual(['devattr', 'misc']);
    expect(s.of(`ls ${D}`)).toEqual(['brightness', 'dev', 'max_brightness', 'uevent']);
    expect(s.of(`cat ${D}/dev`)).toEqual([expect.stringMatching(/^\d+:0$/)]);
    const major = s.of(`cat ${D}/dev`)[0].split(':')[0];
    expect(s.of(`cat ${D}/uevent`)).toEqual([`MAJOR=${major}`, 'MINOR=0', 'DEVNAME=led0']);
    expect(s.of(`cat ${D}/brightness`)).toEqual(['0']);
    expect(s.of(`cat ${D}/brightness`, 1)).toEqual(['128']);
    expect(s.of(`echo 300 > ${D}/brightness`)).toEqual(['echo: write error: Invalid argument']);
    expect(s.of(`echo 1 > ${D}/max_brightness`)).toEqual([`sh: ${D}/max_brightness: Permission denied`]);
    expect(s.of(`cat ${D}/max_brightness`)).toEqual(['255']);
    expect(s.of('ls /sys/class', 1)).toEqual(['misc']);
    expect(messages(s.of('dmesg'))).toContain('devattr led0: brightness 128');
    s.k.close();
  });

  it('misc devices appear in /sys/class/misc with their mode in uevent', () => {
    const s = session(['insmod membuf/membuf.ko', 'ls /sys/class/misc', 'cat /sys/class/misc/membuf/uevent', 'rmmod membuf', 'ls /sys/class/misc']);
    expect(s.of('ls /sys/class/misc')).toEqual(['membuf']);
    expect(s.of('cat /sys/class/misc/membuf/uevent')).toEqual(['MAJOR=10', 'MINOR=127', 'DEVNAME=membuf', 'DEVMODE=0666']);
    expect(s.of('ls /sys/class/misc', 1)).toEqual([]);
    s.k.close();
  });
});

describe('debugfs (debugfs_demo)', () => {
  const D = '/sys/kernel/debug/debugfs_demo';

  it('u32, bool, read-only u64 and a custom file, as cat and echo see them', () => {
    const s = session([
      'insmod debugfs_demo/debugfs_demo.ko', 'ls /sys/kernel/debug', `ls ${D}`, `cat ${D}/counter`, `echo 7 > ${D}/counter`,
      `cat ${D}/counter`, `cat ${D}/enabled`, `echo n > ${D}/enabled`, `cat ${D}/enabled`, `echo x > ${D}/counter`,
      `echo 1 > ${D}/hits`, `cat ${D}/message`, `echo hi there > ${D}/message`, `cat ${D}/message`, `cat ${D}/hits`,
      'rmmod debugfs_demo', 'ls /sys/kernel/debug',
    ]);
    expect(s.of('ls /sys/kernel/debug')).toEqual(['debugfs_demo']);
    expect(s.of(`ls ${D}`)).toEqual(['counter', 'enabled', 'hits', 'message']);
    expect(s.of(`cat ${D}/counter`)).toEqual(['42']);
    expect(s.of(`cat ${D}/counter`, 1)).toEqual(['7']);
    expect(s.of(`cat ${D}/enabled`)).toEqual(['Y']);
    expect(s.of(`cat ${D}/enabled`, 1)).toEqual(['N']);
    expect(s.of(`echo x > ${D}/counter`)).toEqual(['echo: write error: Invalid argument']);
    // simple_attr_write() without a set(): EACCES at write, not at open (root may open it)
    expect(s.of(`echo 1 > ${D}/hits`)).toEqual(['echo: write error: Permission denied']);
    expect(s.of(`cat ${D}/message`)).toEqual(['hello debugfs', '(read 1 times)']);
    expect(s.of(`cat ${D}/message`, 1)).toEqual(['hi there', '(read 2 times)']);
    expect(s.of(`cat ${D}/hits`)).toEqual(['2']);
    expect(s.of('ls /sys/kernel/debug', 1)).toEqual([]);
    s.k.close();
  });

  it('an open file of its own fops holds the module; a helper\'s file gets EIO once removed', () => {
    const s = session([
      'insmod debugfs_demo/debugfs_demo.ko', `open f ${D}/message`, `open g ${D}/counter`, 'lsmod', 'rmmod debugfs_demo',
      'close f', 'rmmod debugfs_demo', 'read g', 'close g', 'dmesg',
    ]);
    expect(s.of('lsmod')[1]).toMatch(/^debugfs_demo\s+\d+\s+1$/);
    expect(s.of('rmmod debugfs_demo')).toEqual(['rmmod: ERROR: Module debugfs_demo is in use']);
    expect(s.of('rmmod debugfs_demo', 1)).toEqual([]);
    expect(s.of('read g')).toEqual(['read: Input/output error']);
    expect(oopses(s.of('dmesg'))).toEqual([]);
    s.k.close();
  });

  it('gives back every byte', () => {
    const c = new Console({ baseDir: EXAMPLES, write: () => {} });
    c.exec('insmod debugfs_demo/debugfs_demo.ko');
    c.exec(`cat ${D}/message`);
    c.exec('rmmod debugfs_demo');
    const k = c.kernel!;
    const base = accounting(k);
    c.exec('insmod debugfs_demo/debugfs_demo.ko');
    for (let i = 0; i < 5; i++) { c.exec(`echo ${i} > ${D}/counter`); c.exec(`cat ${D}/counter`); c.exec(`cat ${D}/message`); }
    c.exec(`open g ${D}/counter`);
    c.exec('rmmod debugfs_demo');
    c.exec('read g');
    c.exec('close g');
    expect(accounting(k)).toEqual(base);
    k.close();
  });
});

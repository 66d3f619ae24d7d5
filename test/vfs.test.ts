// The VFS as a user process reaches it: character and misc devices opened, read, written,
// ioctl'd and closed by tasks whose system calls run on the cores; the reference an open file
// holds on its module; errno texts as coreutils and bash print them; memory back to baseline.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { Console } from '../tools/console.ts';
import { scenario, messages, EXAMPLES, outputOf, memoryAccounting, consoleSession } from './helpers.ts';

const session = (lines: string[]) => consoleSession(lines);

const accounting = memoryAccounting;

describe('character devices', () => {
  it('a /dev node per device_create(); an open file holds the module until its last close', () => {
    const s = session([
      'insmod chardev/chardev.ko', 'ls /dev', 'cat /dev/chardev', 'cat /dev/chardev',
      'open f /dev/chardev', 'lsmod', 'rmmod chardev', 'cat /dev/chardev', 'read f 10', 'read f', 'read f',
      'close f', 'rmmod chardev', 'ls /dev', 'cat /dev/chardev', 'dmesg',
    ]);
    expect(s.of('ls /dev')).toEqual(['chardev']);
    expect(s.of('cat /dev/chardev')).toEqual(['I already told you 0 times Hello world!']);
    expect(s.out[s.out.indexOf('$ cat /dev/chardev', s.out.indexOf('$ cat /dev/chardev') + 1) + 1]).toBe('I already told you 1 times Hello world!');
    // chrdev_open takes two references: the cdev's owner (cdev_get) and the fops' (fops_get)
    expect(s.of('lsmod')).toEqual(['Module                  Size  Used by', expect.stringMatching(/^chardev\s+\d+\s+2$/)]);
    expect(s.of('rmmod chardev')[0]).toBe('rmmod: ERROR: Module chardev is in use');
    expect(s.out).toContain('cat: /dev/chardev: Device or resource busy');
    expect(s.of('read f 10')).toEqual(['I already ']);
    expect(s.out.slice(s.out.indexOf('$ read f 10'))).toContain('told you 2 times Hello world!');
    expect(s.out).toContain('(end of file)');
    expect(s.out.filter((l) => l === '$ rmmod chardev')).toHaveLength(2);
    const second = s.out.lastIndexOf('$ rmmod chardev');
    expect(s.out[second + 1]).toBe('$ ls /dev');
    expect(s.out[s.out.lastIndexOf('$ cat /dev/chardev') + 1]).toBe('cat: /dev/chardev: No such file or directory');
    expect(messages(s.of('dmesg'))).toContain('chardev: Device created on /dev/chardev');
    s.k.close();
  });

  it('gives back every byte: 20 open/read/close rounds and an unload leave memory as before', () => {
    const c = new Console({ baseDir: EXAMPLES, write: () => {} });
    c.exec('insmod chardev/chardev.ko');
    c.exec('cat /dev/chardev');
    c.exec('rmmod chardev');
    const k = c.kernel!;
    const base = accounting(k);
    c.exec('insmod chardev/chardev.ko');
    for (let i = 0; i < 20; i++) c.exec('cat /dev/chardev');
    c.exec('open f /dev/chardev');
    c.exec('read f');
    c.exec('close f');
    c.exec('rmmod chardev');
    expect(accounting(k)).toEqual(base);
    k.close();
  });

  it('a write the driver refuses, and one it has no method for, as bash prints them', () => {
    const r = scenario('insmod chardev/chardev.ko\necho hi > /dev/chardev\ndmesg\n');
    expect(r.out[0]).toBe('echo: write error: Invalid argument');
    expect(messages(r.out)).toContain('chardev: Sorry, this operation is not supported.');
  });
});

describe('a misc device (membuf)', () => {
  it('reads and writes at the file position, seeks over its size, answers its ioctls', () => {
    const s = session([
      'insmod membuf/membuf.ko size=64', 'ls /dev', 'echo hello > /dev/membuf', 'cat /dev/membuf',
      'open m /dev/membuf rw', 'ioctl m 0x80046d01 @4', 'ioctl m 0x40086d03 @hex:0a0000004103',
      'lseek m 3 set', 'read m 20', 'lseek m 0 end', 'lseek m -1 set', 'write m "xyz"', 'close m', 'rmmod membuf',
    ]);
    expect(s.of('ls /dev')).toEqual(['membuf']);
    expect(s.of('cat /dev/membuf')).toEqual(['hello']);
    expect(s.of('ioctl m 0x80046d01 @4')).toEqual(['ioctl => 0', '@ hex:40000000']); // put_user(64)
    expect(s.of('ioctl m 0x40086d03 @hex:0a0000004103')).toEqual(['ioctl => 3', '@ hex:0a0000004103']);
    expect(s.of('lseek m 3 set')).toEqual(['3']);
    expect(s.of('read m 20')).toEqual(['hex:6c6f0a00000000414141']); // "lo\n", zeros, 3 x 'A' at 10
    expect(s.of('lseek m 0 end')).toEqual(['64']);
    expect(s.of('lseek m -1 set')).toEqual(['lseek: Invalid argument']);
    expect(s.of('write m "xyz"')).toEqual(['write: No space left on device']);
    expect(s.of('rmmod membuf')).toEqual([]);
    s.k.close();
  });

  it('turns bad user pointers into EFAULT and unknown ioctls into ENOTTY, never an oops', () => {
    const s = session([
      'insmod membuf/membuf.ko size=64', 'open m /dev/membuf rw', 'write m "abc"', 'lseek m 0 set',
      'ioctl m 0x80046d01 0x10', 'ioctl m 0x40086d03 0x10', 'ioctl m 0x6d09',
      'read m 8 buf=0x10', 'write m "xyz" buf=0x20', 'write m "xyz" buf=0xffff800000000000',
      'close m', 'rmmod membuf', 'dmesg',
    ]);
    expect(s.of('ioctl m 0x80046d01 0x10')).toEqual(['ioctl: Bad address']); // put_user: __ex_table fixup
    expect(s.of('ioctl m 0x40086d03 0x10')).toEqual(['ioctl: Bad address']); // copy_from_user
    expect(s.of('ioctl m 0x6d09')).toEqual(['ioctl: Inappropriate ioctl for device']);
    expect(s.of('read m 8 buf=0x10')).toEqual(['read: Bad address']);
    expect(s.of('write m "xyz" buf=0x20')).toEqual(['write: Bad address']);
    expect(s.of('write m "xyz" buf=0xffff800000000000')).toEqual(['write: Bad address']); // access_ok
    expect(s.of('rmmod membuf')).toEqual([]);
    expect(messages(s.of('dmesg')).filter((l) => /Unable to handle|Internal error|Oops/.test(l))).toEqual([]);
    s.k.close();
  });
});

describe("the kernel's own files through the VFS", () => {
  it('cat, echo > and ls give coreutils\' and bash\'s errors', () => {
    const s = session([
      'insmod hello/hello.ko', 'cat /proc/nonexistent', 'cat /proc', 'cat /sys/module/hello/refcnt',
      'echo 1 > /proc/modules', 'echo 1 > /sys/module/hello/refcnt', 'echo 1 > /proc/newfile',
      'echo 1 > /nodir/newfile', 'cat /sys/module/hello/parameters/howmany',
      'echo 7 > /sys/module/hello/parameters/howmany', 'cat /sys/module/hello/parameters/howmany',
      'echo x > /sys/module/hello/parameters/howmany', 'echo 1 > /sys/module/hello/parameters/numbers',
      'ls /proc/modules', 'ls /nowhere', 'close 9',
    ]);
    expect(s.of('cat /proc/nonexistent')).toEqual(['cat: /proc/nonexistent: No such file or directory']);
    expect(s.of('cat /proc')).toEqual(['cat: /proc: Is a directory']);
    expect(s.of('cat /sys/module/hello/refcnt')).toEqual(['0']);
    expect(s.of('echo 1 > /proc/modules')).toEqual(['echo: write error: Input/output error']);
    expect(s.of('echo 1 > /sys/module/hello/refcnt')).toEqual(['sh: /sys/module/hello/refcnt: Permission denied']);
    expect(s.of('echo 1 > /proc/newfile')).toEqual(['sh: /proc/newfile: Permission denied']);
    expect(s.of('echo 1 > /nodir/newfile')).toEqual(['sh: /nodir/newfile: No such file or directory']);
    expect(s.of('cat /sys/module/hello/parameters/howmany')).toEqual(['1']);
    expect(s.out[s.out.lastIndexOf('$ cat /sys/module/hello/parameters/howmany') + 1]).toBe('7');
    expect(s.of('echo x > /sys/module/hello/parameters/howmany')).toEqual(['echo: write error: Invalid argument']);
    expect(s.of('echo 1 > /sys/module/hello/parameters/numbers')).toEqual(['sh: /sys/module/hello/parameters/numbers: Permission denied']);
    expect(s.of('ls /proc/modules')).toEqual(['/proc/modules']);
    expect(s.of('ls /nowhere')).toEqual(["ls: cannot access '/nowhere': No such file or directory"]);
    expect(s.of('close 9')).toEqual(['close: Bad file descriptor']);
    s.k.close();
  });

  it('spawned readers run beside later commands and report at join', () => {
    const r = scenario('boot cpus=2\ninsmod chardev/chardev.ko\nspawn r cpu=1 repeat=3 cat /dev/chardev\njoin r\n');
    expect(r.out).toEqual([
      'I already told you 0 times Hello world!', 'I already told you 1 times Hello world!',
      'I already told you 2 times Hello world!', 'r exited 0',
    ]);
  });
});

describe('blocking I/O and poll() (pipebuf)', () => {
  it('a poller and a blocked reader or writer sleep until another CPU makes the device ready', () => {
    const s = session([
      'boot cpus=2', 'insmod pipebuf/pipebuf.ko size=8', 'open r /dev/pipebuf r', 'open w /dev/pipebuf w',
      'poll w out timeout=0', 'poll r in timeout=0', 'poll r in timeout=20',
      'spawn waiter cpu=1 poll r in', 'run 200k', 'ps', 'write w hello', 'join waiter', 'read r',
      'spawn reader cpu=1 read r', 'run 200k', 'write w "again"', 'join reader',
      'write w 0123456789', 'poll w in,out timeout=0', 'spawn writer cpu=1 write w more', 'run 200k', 'read r', 'join writer', 'read r',
      'lsmod', 'open n /dev/pipebuf r nonblock', 'read n', 'close n', 'close r', 'close w', 'rmmod pipebuf',
    ]);
    expect(s.of('read n')).toEqual(['read: Resource temporarily unavailable']);
    expect(s.of('poll w out timeout=0')).toEqual(['poll => 1: POLLOUT']);
    expect(s.of('poll r in timeout=0')).toEqual(['poll => 0 (timed out)']);
    expect(s.of('poll r in timeout=20')).toEqual(['poll => 0 (timed out)']);
    expect(s.of('ps').find((l) => l.includes('waiter'))).toMatch(/\bblocked\b/);
    expect(s.of('join waiter')).toEqual(['poll => 1: POLLIN', 'waiter exited 0']);
    expect(s.of('read r')).toEqual(['hello']);
    expect(s.of('join reader')).toEqual(['again', 'reader exited 0']);
    expect(s.of('write w 0123456789')).toEqual(['write: wrote 8 of 10 bytes']);
    expect(s.of('poll w in,out timeout=0')).toEqual(['poll => 1: POLLIN']);
    expect(s.out[s.out.indexOf('$ spawn writer cpu=1 write w more') + 3]).toBe('01234567');
    expect(s.of('join writer')).toEqual(['writer exited 0']);
    expect(s.out[s.out.lastIndexOf('$ read r') + 1]).toBe('more');
    expect(s.of('lsmod')).toEqual(['Module                  Size  Used by', expect.stringMatching(/^pipebuf\s+\d+\s+2$/)]);
    expect(s.of('rmmod pipebuf')).toEqual([]);
    s.k.close();
  });

  it('answers poll() on files without a ->poll, on closed descriptors, and gives memory back', () => {
    const s: string[] = [];
    const c = new Console({ baseDir: EXAMPLES, echo: true, write: (l) => s.push(l) });
    c.exec('insmod pipebuf/pipebuf.ko');
    c.exec('poll 0 in timeout=0'); // the shell's descriptor table is made at its first command
    c.exec('rmmod pipebuf');
    const k = c.kernel!;
    const base = accounting(k);
    for (const l of ['insmod pipebuf/pipebuf.ko', 'open p /dev/pipebuf rw', 'spawn w cpu=0 poll p in', 'run 100k', 'write p x',
      'join w', 'open v /proc/version', 'poll v in,out timeout=0', 'poll 9 in timeout=0', 'close v', 'close p', 'rmmod pipebuf']) c.exec(l);
    expect(s.slice(s.indexOf('$ join w') + 1, s.indexOf('$ join w') + 3)).toEqual(['poll => 1: POLLIN', 'w exited 0']);
    expect(s[s.indexOf('$ poll v in,out timeout=0') + 1]).toBe('poll => 1: POLLIN|POLLOUT'); // DEFAULT_POLLMASK
    expect(s[s.indexOf('$ poll 9 in timeout=0') + 1]).toBe('poll => 1: POLLNVAL');
    expect(accounting(k)).toEqual(base);
    k.close();
  });
});

describe('the examples', () => {
  it('build with the real kbuild', () => {
    for (const m of ['chardev', 'membuf', 'pipebuf']) expect(join(EXAMPLES, m, `${m}.ko`)).toBeTruthy();
  });
});

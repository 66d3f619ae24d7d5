// procfs as 6.1 has it, read and written by user processes: proc_ops, single_open and seq_file
// entries in a directory; /proc/devices and /proc/misc; and a reader racing rmmod -- safe under
// 6.1's rundown, caught in freed code with a 2.5-style entry.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Console } from '../tools/console.ts';
import { scenario, messages, EXAMPLES, memoryAccounting, consoleSession } from './helpers.ts';

function session(lines: string[]) {
  const out: string[] = [];
  const c = new Console({ baseDir: EXAMPLES, echo: true, write: (l) => out.push(l) });
  for (const l of lines) c.exec(l);
  const of = (cmd: string) => {
    const i = out.indexOf(`$ ${cmd}`);
    if (i < 0) throw new Error(`no '${cmd}' in transcript`);
    const r: string[] = [];
    for (let j = i + 1; j < out.length && !out[j].startsWith('$ '); j++) r.push(out[j]);
    return r;
  };
  return { out, k: c.kernel!, of, c };
}
const accounting = memoryAccounting;

describe('procfs entries of a module', () => {
  it('a directory with a proc_ops file, a single_open file and a seq_file', () => {
    const s = session([
      'insmod procfs/procfs.ko items=5', 'ls /proc/kmodlab', 'echo hello > /proc/kmodlab/buffer',
      'cat /proc/kmodlab/buffer', 'cat /proc/kmodlab/stats', 'cat /proc/kmodlab/squares',
      'echo x > /proc/kmodlab/stats', 'open b /proc/kmodlab/buffer', 'lseek b 2 set', 'read b', 'close b',
      'rmmod procfs', 'ls /proc/kmodlab', 'dmesg',
    ]);
    expect(s.of('ls /proc/kmodlab')).toEqual(['buffer', 'squares', 'stats']);
    expect(s.of('cat /proc/kmodlab/buffer')).toEqual(['hello']);
    expect(s.of('cat /proc/kmodlab/stats')).toEqual(['reads 1', 'writes 1', 'bytes 6']);
    expect(s.of('cat /proc/kmodlab/squares')).toEqual(['0 squared is 0', '1 squared is 1', '2 squared is 4', '3 squared is 9', '4 squared is 16']);
    // no ->proc_write: proc_reg_write says -EIO
    expect(s.of('echo x > /proc/kmodlab/stats')).toEqual(['echo: write error: Input/output error']);
    expect(s.of('read b')).toEqual(['llo']);
    expect(s.out[s.out.lastIndexOf('$ ls /proc/kmodlab') + 1]).toBe("ls: cannot access '/proc/kmodlab': No such file or directory");
    expect(messages(s.of('dmesg'))).toEqual(expect.arrayContaining(['procfs: /proc/kmodlab created', 'procfs: buffer: 6 bytes written', 'procfs: /proc/kmodlab removed']));
    s.k.close();
  });

  it('gives back every byte after reads, writes and rmmod', () => {
    const c = new Console({ baseDir: EXAMPLES, write: () => {} });
    c.exec('insmod procfs/procfs.ko');
    c.exec('cat /proc/kmodlab/squares');
    c.exec('rmmod procfs');
    const k = c.kernel!;
    const base = accounting(k);
    c.exec('insmod procfs/procfs.ko items=50');
    for (let i = 0; i < 5; i++) {
      c.exec('echo abc > /proc/kmodlab/buffer');
      c.exec('cat /proc/kmodlab/buffer /proc/kmodlab/stats /proc/kmodlab/squares');
    }
    c.exec('rmmod procfs');
    expect(accounting(k)).toEqual(base);
    k.close();
  });

  it('/proc/devices and /proc/misc list what drivers registered', () => {
    const s = session(['insmod chardev/chardev.ko', 'insmod membuf/membuf.ko', 'cat /proc/devices', 'cat /proc/misc']);
    expect(s.of('cat /proc/devices')).toEqual(['Character devices:', ' 10 misc', '254 chardev', '', 'Block devices:']);
    expect(s.of('cat /proc/misc')).toEqual(['127 membuf']);
    s.k.close();
  });
});

describe('a /proc reader racing rmmod', () => {
  it("6.1: remove_proc_entry waits for the reader inside the module (proc-race.kml)", () => {
    const r = scenario(readFileSync(join(EXAMPLES, 'proc-race.kml'), 'utf8'), { echo: true });
    const at = (cmd: string) => r.out.indexOf(`$ ${cmd}`);
    expect(r.out.slice(at('join reader') + 1, at('join reader') + 4)).toEqual([
      'read 1 done after 10 ms', 'cat: /proc/procslow: Input/output error', 'reader exited 1']);
    const log = messages(r.out.slice(at('dmesg')));
    expect(log).toContain('procslow: exit: 1 read(s) served');
    expect(log.filter((l) => /Unable to handle|Oops/.test(l))).toEqual([]);
    // rmmod came back only after the 10 ms read: the exit message is at 10 ms, not at once
    const exitAt = r.out.find((l) => l.includes('procslow: exit'))!;
    expect(Number(/^\[\s*(\d+\.\d+)\]/.exec(exitAt)![1])).toBeGreaterThanOrEqual(0.010);
  });

  it('2.5: the reader wakes up in the freed module and is caught (proc-race-25.kml)', () => {
    const r = scenario(readFileSync(join(EXAMPLES, 'proc-race-25.kml'), 'utf8'), { echo: true });
    expect(r.out).toContain('cat: killed: oops in unloaded module oldslow at oldslow_read+0x34/0xa4 [oldslow] on cpu1');
    expect(messages(r.out)).toContain('pc : oldslow_read+0x34/0xa4 [oldslow] (unloaded)');
  });
});

describe('exit code that leaves things behind (sloppy)', () => {
  it('gets Linux\'s warnings: a non-empty /proc directory removed, a device without release()', () => {
    const s = consoleSession(['insmod sloppy/sloppy.ko', 'cat /proc/sloppy/state', 'rmmod sloppy', 'ls /proc/sloppy', 'dmesg']);
    expect(s.of('cat /proc/sloppy/state')).toEqual(['sloppy']);
    expect(s.of('rmmod sloppy')).toEqual([]);
    // the directory is gone from /proc; the file in it is leaked, unreachable
    expect(s.of('ls /proc/sloppy')).toEqual(["ls: cannot access '/proc/sloppy': No such file or directory"]);
    const log = messages(s.of('dmesg'));
    expect(log).toContain("Device 'sloppy' does not have a release() function, it is broken and must be fixed. See Documentation/core-api/kobject.rst.");
    expect(log).toContain("remove_proc_entry: removing non-empty directory '/proc/sloppy', leaking at least 'state'");
    // each a WARN with its backtrace from the module's exit
    expect(log.filter((l) => /^WARNING: CPU: 0 PID: \d+ at .*(core|proc_generic)\.c:\d+ (device_release|remove_proc_entry)\+/.test(l))).toHaveLength(2);
    expect(log.filter((l) => /^ sloppy_exit\+0x[0-9a-f]+\/0x[0-9a-f]+ \[sloppy\]$/.test(l))).toHaveLength(2);
    expect(s.k.taint & (1 << 9)).toBeTruthy(); // TAINT_WARN: 'W'
    s.k.close();
  });
});

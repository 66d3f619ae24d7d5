// Hostile modules never hurt the host: the fuzzer's smoke run (a few thousand structure-aware
// mutations of the example modules and Debian's, through the real insmod/rmmod, zero failures),
// and one regression test for each class of input it has found: a struct module with a bad
// alignment, export tables that point outside the module, a parameter whose ops lead nowhere
// (at insmod and at cat), names rmmod could not spell back, a setter's odd return value.
import { describe, it, expect, afterEach } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { Console } from '../tools/console.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { parseElf, SHT_RELA, SIZEOF_RELA, SIZEOF_SHDR } from '../kernel/elf.ts';
import { STRUCT_MODULE } from '../kernel/module/module.ts';
import { Rng } from '../kernel/random.ts';
import { mutate } from '../tools/fuzz/mutate.ts';
import { EXAMPLES, messages } from './helpers.ts';
import type { Kernel } from '../kernel/kernel.ts';

const dir = mkdtempSync(join(tmpdir(), 'kmodlab-fuzz-'));
const ko = (n: string) => new Uint8Array(readFileSync(join(EXAMPLES, n, `${n}.ko`)));

/** Section header i's field at off (width 4 or 8) set to v. */
function setShdr(b: Uint8Array, name: string, off: number, width: 4 | 8, v: bigint) {
  const e = parseElf(b);
  const i = e.sections.findIndex((s) => s.name === name);
  const dv = new DataView(b.buffer, b.byteOffset);
  const at = Number(e.header.shoff) + i * SIZEOF_SHDR + off;
  if (width === 4) dv.setUint32(at, Number(v), true); else dv.setBigUint64(at, v, true);
}

/** The addend of the nth relocation applied to section `target`. */
function setAddend(b: Uint8Array, target: string, nth: number, addend: bigint) {
  const e = parseElf(b);
  const t = e.sections.findIndex((s) => s.name === target);
  const rela = e.sections.find((s) => s.type === SHT_RELA && s.info === t)!;
  new DataView(b.buffer, b.byteOffset).setBigInt64(Number(rela.offset) + nth * SIZEOF_RELA + 16, addend, true);
}

/** struct module's name as the file has it. */
function setStructName(b: Uint8Array, name: string) {
  const e = parseElf(b);
  const s = e.sections.find((x) => x.name === '.gnu.linkonce.this_module')!;
  const at = Number(s.offset) + STRUCT_MODULE.name;
  b.fill(0, at, at + 56);
  b.set(Buffer.from(name, 'latin1').subarray(0, 56), at);
}

/** Writes the file beside the scenario; returns the name insmod is given. */
function file(name: string, b: Uint8Array): string {
  writeFileSync(join(dir, name), b);
  return name;
}

let c: Console | null = null;
let lines: string[] = [];
function machine(): Console {
  lines = [];
  c = new Console({ baseDir: dir, write: (l) => lines.push(l) });
  c.exec('boot cpus=2');
  return c;
}
function run(line: string): string[] {
  const from = lines.length;
  c!.exec(line);
  return lines.slice(from);
}
const accounting = (k: Kernel) => ({ slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages });
afterEach(() => { c?.kernel?.close(); c = null; });

describe('make fuzz', () => {
  it('a fixed-seed smoke of 2,000 inputs: every outcome a kernel may have, no failure', () => {
    const out = join(dir, 'fuzz');
    const r = spawnSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['fuzz', '--count', '2000', '--seed', '1', '--jobs', '2', '--json', '--out', out], { encoding: 'utf8', timeout: 600_000 });
    expect(r.stderr).toBe('');
    const s = JSON.parse(r.stdout);
    expect(s.failures).toEqual({ 'host-exception': 0, hang: 0, 'dead-machine': 0, unremovable: 0, leak: 0, 'no-message': 0 });
    expect(s.leakedBytes).toBe(0);
    expect(s.distinct).toEqual([]);
    expect(r.status).toBe(0);
    expect(s.inputs).toBe(2000);
    expect(s.skipped).toBe(0);
    // the mutations reach every stage: refused, loaded and removed, and module code that died
    expect(s.outcomes.rejected).toBeGreaterThan(500);
    expect(s.outcomes.accepted).toBeGreaterThan(100);
    expect(s.outcomes.oops).toBeGreaterThan(5);
  }, 600_000);

  it('makes input i from the seed and i alone', () => {
    const seed = ko('hello');
    const a = mutate(seed, new Rng(42n)), b = mutate(seed, new Rng(42n)), d = mutate(seed, new Rng(43n));
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.families).toEqual(b.families);
    expect(Buffer.from(a.bytes).equals(Buffer.from(d.bytes))).toBe(false);
  });

  it('says what is wrong with its arguments', () => {
    const r = spawnSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['fuzz', '--count', 'many'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^kmodlab fuzz: --count many: not a number\nusage: kmodlab fuzz/);
    const t = spawnSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['fuzz', '--target', 'nosuch'], { encoding: 'utf8' });
    expect(t.status).toBe(2);
    expect(t.stderr).toMatch(/no seeds for target 'nosuch' \(known: examples/);
  });
});

describe('hostile module files', () => {
  it('a struct module section with sh_addralign 0 or 121 loads on a whole cache line and unloads', () => {
    machine();
    for (const align of [0n, 121n]) {
      const b = ko('hello');
      setShdr(b, '.gnu.linkonce.this_module', 48, 8, align);
      expect(run(`insmod ${file('align.ko', b)}`)).toEqual([]);
      expect(c!.kernel!.modules.find((m) => m.name === 'hello')!.addr % 64n).toBe(0n);
      expect(run('rmmod hello')).toEqual([]);
    }
  });

  it('export tables that run short or point outside the module: Invalid module format, nothing kept', () => {
    const k = machine().kernel!;
    const base = accounting(k);
    const short = ko('mathlib');
    setShdr(short, '__kcrctab', 32, 8, 4n);
    expect(run(`insmod ${file('short.ko', short)}`)).toEqual(['insmod: ERROR: could not insert module short.ko: Invalid module format']);
    const wild = ko('mathlib');
    setAddend(wild, '__ksymtab', 1, 0x100000n);
    expect(run(`insmod ${file('wild.ko', wild)}`)).toEqual(['insmod: ERROR: could not insert module wild.ko: Invalid module format']);
    const log = messages(run('dmesg'));
    expect(log).toContain('mathlib: __kcrctab has 1 CRCs for 3 symbols in __ksymtab');
    expect(log).toContain('mathlib: __ksymtab entry 0 points outside the module');
    expect(k.modules).toEqual([]);
    expect(accounting(k)).toEqual(base);
  });

  it("a parameter whose ops lead nowhere: insmod's oops, the machine goes on, the name is free", () => {
    const k = machine().kernel!;
    const b = ko('hello');
    setAddend(b, '__param', 2, 0x10000000n); // numbers' kernel_param.ops
    expect(run(`insmod ${file('badops.ko', b)} numbers=1,2`)).toEqual(['Segmentation fault']);
    const log = messages(run('dmesg'));
    expect(log).toContainEqual(expect.stringMatching(/^Unable to handle kernel paging request at virtual address ffff8000[0-9a-f]{8}$/));
    // the first oops shows the taint it had; D comes after it
    expect(log).toContainEqual(expect.stringMatching(/^CPU: 0 PID: \d+ Comm: insmod Tainted: G {11}OE /));
    expect(run('cat /proc/sys/kernel/tainted')).toEqual([String((1 << 7) | (1 << 12) | (1 << 13))]);
    expect(log).toContain('pc : parse_one');
    expect(log.slice(log.indexOf('Call trace:') + 1, log.indexOf('Call trace:') + 4)).toEqual([' parse_one', ' parse_args', ' load_module']);
    expect(k.modules).toEqual([]);
    expect(run(`insmod ${join(EXAMPLES, 'hello', 'hello.ko')} whom=again`)).toEqual([]);
    expect(run('cat /sys/module/hello/parameters/whom')).toEqual(['again']);
  });

  it("a parameter whose ops lead nowhere, read through sysfs: the reader's oops, rmmod still works", () => {
    const k = machine().kernel!;
    const b = ko('hello');
    setAddend(b, '__param', 10, 0x10000000n); // howmany's kernel_param.ops
    expect(run(`insmod ${file('badshow.ko', b)}`)).toEqual([]);
    // sysfs's show runs on the core and takes the data abort at its load of ops->get, cat dies of it
    expect(run('cat /sys/module/hello/parameters/howmany')).toEqual([expect.stringMatching(/^cat: killed: Unable to handle kernel paging request at virtual address ffff8000[0-9a-f]{8} at kmodlab_param_attr_show\+0x[1-9a-f][0-9a-f]*\/0x[0-9a-f]+ on cpu0$/)]);
    expect(messages(run('dmesg'))).toContainEqual(expect.stringMatching(/^CPU: 0 PID: \d+ Comm: cat Tainted: G {11}OE /));
    expect(run('rmmod hello')).toEqual([]);
    expect(k.modules).toEqual([]);
  });

  it("a setter's return that is no errno: loaded, with 6.1's warning", () => {
    machine();
    const b = ko('hello');
    setAddend(b, '__param', 10, 8n); // howmany's ops 8 bytes on: ->set is param_ops_int's ->get
    expect(run(`insmod ${file('oddset.ko', b)} howmany=3`)).toEqual([]);
    expect(messages(run('dmesg'))).toContain("hello: parameters '(efault)' after `--' ignored");
    expect(run('lsmod')[1]).toMatch(/^hello\s+\d+\s+0$/);
  });

  it('names rmmod could not spell back are refused before anything is kept', () => {
    const k = machine().kernel!;
    const base = accounting(k);
    const cases: [string, string, string][] = [
      ['', 'Invalid parameters', 'hello: kobject: attempted to be registered with empty name!'],
      ['n'.repeat(56), 'Invalid module format', 'hello: module name is not terminated within 56 bytes'],
      ['a/b', 'Invalid module format', '"a/b": invalid module name: rmmod could not name it (kbuild names use letters, digits and \'_\')'],
      ['with-dash', 'Invalid module format', '"with-dash": invalid module name: rmmod could not name it (kbuild names use letters, digits and \'_\')'],
      ['..', 'Invalid module format', '"..": invalid module name: rmmod could not name it (kbuild names use letters, digits and \'_\')'],
    ];
    for (const [name, err, msg] of cases) {
      const b = ko('hello');
      setStructName(b, name);
      expect(run(`insmod ${file('named.ko', b)}`)).toEqual([`insmod: ERROR: could not insert module named.ko: ${err}`]);
      expect(messages(run('dmesg')).at(-1)).toBe(msg);
    }
    expect(k.modules).toEqual([]);
    expect(accounting(k)).toEqual(base);
  });

  it(".modinfo's name does not name the module: struct module's does, as on Linux", () => {
    machine();
    const b = ko('hello');
    const e = parseElf(b);
    const s = e.sections.find((x) => x.name === '.modinfo')!;
    const text = Buffer.from(b.subarray(Number(s.offset), Number(s.offset + s.size))).toString('latin1');
    const at = Number(s.offset) + text.indexOf('name=hello');
    b.set(Buffer.from('name=hi-yo', 'latin1'), at);
    expect(run(`insmod ${file('renamed.ko', b)}`)).toEqual([]);
    expect(run('lsmod')[1]).toMatch(/^hello\s/);
    expect(run('rmmod hello')).toEqual([]);
  });
});

describe('hostile module code (modules/examples/hostile)', () => {
  const hostile = (what: string) => {
    machine();
    const insmod = run(`insmod ${join(EXAMPLES, 'hostile', 'hostile.ko')} what=${what}`);
    const probe = run(`insmod ${join(EXAMPLES, 'bare', 'bare.ko')}`);
    return { insmod, probe, log: messages(run('dmesg')) };
  };

  it('badptr: snprintf into a pointer that leads nowhere is the oops of insmod in snprintf', () => {
    const r = hostile('badptr');
    expect(r.insmod).toEqual(['Segmentation fault']);
    expect(r.log).toContain('Unable to handle kernel paging request at virtual address ffff00000dead000');
    expect(r.log).toContain('Internal error: Oops: 0000000096000044 [#1] SMP');
    expect(r.log).toContainEqual(expect.stringMatching(/^pc : snprintf\+0x0\/0x[0-9a-f]+$/));
    expect(r.probe).toEqual([]);
  });

  it("huge: kmalloc(1 << 40) is NULL with page_alloc's warning, once, and init's ENOMEM", () => {
    const r = hostile('huge');
    expect(r.insmod).toEqual([expect.stringMatching(/could not insert module .*hostile\.ko: Cannot allocate memory$/)]);
    expect(r.log).toContainEqual(expect.stringMatching(/^WARNING: CPU: 0 PID: \d+ at mm\/page_alloc\.c:5634 __kmalloc\+0x[0-9a-f]+\/0x[0-9a-f]+$/));
    expect(r.log).toContain('hostile: kmalloc(1 << 40) = 0000000000000000');
    run(`insmod ${join(EXAMPLES, 'hostile', 'hostile.ko')} what=huge`);
    expect(messages(run('dmesg')).filter((l) => l.startsWith('WARNING:'))).toHaveLength(1);
    expect(c!.kernel!.modules.map((m) => m.name)).toEqual(['bare']);
  });

  it('recurse: the stack runs into its guard page: "Insufficient stack space", the panic line, the machine goes on', () => {
    const r = hostile('recurse');
    expect(r.insmod).toEqual(['Segmentation fault']);
    const at = r.log.indexOf('Insufficient stack space to handle exception!');
    expect(at).toBeGreaterThan(0);
    // a write translation fault at level 3: the guard page has its entry in the stack's last-level table
    expect(r.log[at + 1]).toMatch(/^ESR: 0x0000000096000047 -- DABT \(current EL\)$/);
    expect(r.log[at + 3]).toMatch(/^Task stack: {5}\[0x(ffff8000[0-9a-f]{8})\.\.0x[0-9a-f]{16}\]$/);
    const base = BigInt(/\[(0x[0-9a-f]+)\.\./.exec(r.log[at + 3])![1]);
    const far = BigInt(/^FAR: (0x[0-9a-f]+)$/.exec(r.log[at + 2])![1]);
    expect(far < base && far >= base - 4096n).toBe(true);
    expect(r.log).toContainEqual(expect.stringMatching(/^pc : recurse\+0x[0-9a-f]+\/0x[0-9a-f]+ \[hostile\]$/));
    expect(r.log).toContain('Kernel panic - not syncing: kernel stack overflow');
    expect(r.probe).toEqual([]);
  });

  it('nopreempt: spinning with preemption off is a soft lockup on insmod, the other CPU still works', () => {
    const r = hostile('nopreempt');
    expect(r.insmod).toEqual([expect.stringMatching(/^kmodlab: insmod \(pid \d+\) has not returned after \d+ cycles \(see dmesg\); it goes on running$/)]);
    expect(r.log).toContainEqual(expect.stringMatching(/^watchdog: BUG: soft lockup - CPU#0 stuck for \d+s! \[insmod:\d+\]$/));
    expect(r.probe).toEqual([]);
  });

  it('stuckset=spin: a parameter setter that never returns is a soft lockup on insmod, not a hang', () => {
    machine();
    const insmod = run(`insmod ${join(EXAMPLES, 'hostile', 'hostile.ko')} stuckset=spin`);
    expect(insmod).toEqual([expect.stringMatching(/^kmodlab: insmod \(pid \d+\) has not returned after \d+ cycles/)]);
    expect(run('ps')).toContainEqual(expect.stringMatching(/^\s+\d+\s+0 runnable\s+insmod\s/));
    const log = messages(run('dmesg'));
    expect(log).toContainEqual(expect.stringMatching(/^watchdog: BUG: soft lockup - CPU#0 stuck for \d+s! \[insmod:\d+\]$/));
    expect(log).toContainEqual(expect.stringMatching(/^lr : stuckset_set\+0x[0-9a-f]+\/0x[0-9a-f]+ \[hostile\]$/));
    expect(run(`insmod ${join(EXAMPLES, 'bare', 'bare.ko')}`)).toEqual([]);
  });

  it("state: GOING scribbled over its own struct module: try_module_get fails on it, LIVE after init, removable", () => {
    machine();
    expect(run(`insmod ${join(EXAMPLES, 'hostile', 'hostile.ko')} what=state`)).toEqual([]);
    expect(messages(run('dmesg'))).toContain('hostile: state scribbled: try_module_get(THIS_MODULE) = 0');
    expect(run('cat /sys/module/hostile/initstate')).toEqual(['live']);
    expect(run('rmmod hostile')).toEqual([]);
    expect(c!.kernel!.modules).toEqual([]);
  });

  it("ktext: writing over the kernel's code is an oops: text is read-only", () => {
    const r = hostile('ktext');
    expect(r.insmod).toEqual(['Segmentation fault']);
    expect(r.log).toContainEqual(expect.stringMatching(/^Unable to handle kernel write to read-only memory at virtual address ffff8000[0-9a-f]{8}$/));
    expect(r.probe).toEqual([]);
  });
});

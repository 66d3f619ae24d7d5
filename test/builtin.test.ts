// Built-in modules (seed 002 item 2) and non-removable loads (seed 002 item 5).
// The same example sources are linked into a kernel image (make -C kernel/core BUILTIN=...):
// their module_init()s run at boot as initcalls, in dependency order whatever order they were
// listed in; /sys/module shows their parameters; the tools say "builtin" as kmod does.
// A module loaded with modprobe --no-unload (or on a kernel booted with unload=0) leaves its
// .exit sections out, says how many bytes that saved, and can never be removed.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { depmodMain } from '../tools/kmod/depmod.ts';
import { scenario, messages, EXAMPLES } from './helpers.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const REAL = ['/sbin/depmod', '/usr/sbin/depmod'].find((p) => existsSync(p)) ?? null;
const V = UTS_RELEASE;
let dir = '';
let O = '';
let moddir = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmodlab-builtin-'));
  O = join(dir, 'kernel');
  // listed with calc before mathlib, which it uses
  execFileSync('make', ['-s', '-C', join(REPO_ROOT, 'kernel', 'core'), `O=${O}`,
    `BUILTIN=${['hello', 'calc', 'mathlib'].map((m) => join(EXAMPLES, m)).join(' ')}`], { stdio: ['ignore', 'ignore', 'inherit'] });
  // its /lib/modules: devtable as a loadable module, the image's modules.builtin*
  for (const root of ['ours', 'kmod']) {
    const d = join(dir, root, 'lib', 'modules', V);
    mkdirSync(join(d, 'extra'), { recursive: true });
    copyFileSync(join(EXAMPLES, 'devtable', 'devtable.ko'), join(d, 'extra', 'devtable.ko'));
    for (const f of ['modules.builtin', 'modules.builtin.modinfo']) copyFileSync(join(O, f), join(d, f));
  }
  moddir = join(dir, 'ours', 'lib', 'modules', V);
  expect(depmodMain(['-b', join(dir, 'ours'), V], { stdout: () => {}, stderr: () => {} })).toBe(0);
}, 900_000); // a kernel build with built-in modules: minutes on a busy 2-core machine
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('built-in modules', () => {
  it('are listed by the build in dependency order, with their .modinfo', () => {
    expect(readFileSync(join(O, 'modules.builtin'), 'latin1')).toBe('kernel/examples/hello.ko\nkernel/examples/mathlib.ko\nkernel/examples/calc.ko\n');
    const info = readFileSync(join(O, 'modules.builtin.modinfo'), 'latin1').split('\0');
    expect(info).toContain('hello.parmtype=whom:charp');
    expect(info).toContain('calc.file=examples/calc');
    expect(readFileSync(join(O, 'Module.symvers'), 'latin1')).toMatch(/\tmathlib_add\tvmlinux\tEXPORT_SYMBOL\t/);
  });

  it.runIf(!!REAL)("index as kmod's depmod indexes them", () => {
    expect(spawnSync(REAL!, ['-b', join(dir, 'kmod'), V]).status).toBe(0);
    for (const f of ['modules.builtin.bin', 'modules.builtin.alias.bin', 'modules.dep', 'modules.alias']) {
      expect(readFileSync(join(moddir, f)).equals(readFileSync(join(dir, 'kmod', 'lib', 'modules', V, f)))).toBe(true);
    }
  });

  it('initialise at boot in dependency order, and stay out of lsmod', () => {
    const r = scenario(`boot kernel=${join(O, 'vmlinux')} moddir=${moddir}\ndmesg\nlsmod\ncall calc_run 40 2\n`);
    expect(r.status).toBe(0);
    const log = messages(r.out);
    const at = (re: RegExp) => log.findIndex((l) => re.test(l));
    expect(at(/^Hello, world$/)).toBeGreaterThan(at(/^smp: Brought up/));
    expect(at(/^mathlib: loaded$/)).toBeGreaterThan(at(/^Hello, world$/));
    expect(at(/^calc: 2 \+ 3 = 5/)).toBeGreaterThan(at(/^mathlib: loaded$/));
    expect(r.out.slice(-2)).toEqual(['Module                  Size  Used by', '=> 0x2a']);
  });

  it('show their parameters in /sys/module, and initcall_debug shows each initcall', () => {
    const r = scenario(`boot kernel=${join(O, 'vmlinux')} moddir=${moddir} initcall_debug=1\nls /sys/module\nls /sys/module/hello\nls /sys/module/hello/parameters\ncat /sys/module/hello/parameters/whom\ncat /sys/module/hello/initstate\ndmesg\n`);
    // 'module' is the kernel's own: module.sig_enforce, as /sys/module/module on Linux
    expect(r.out.slice(0, 9)).toEqual(['hello', 'module', 'parameters', 'uevent', 'howmany', 'numbers', 'whom', 'world', 'cat: /sys/module/hello/initstate: No such file or directory']);
    // the core's own initcalls first, by level (char devices at core_initcall, ...), then the
    // built-in modules' (device_initcall) in link order
    const calls = messages(r.out).filter((l) => l.startsWith('calling'));
    const ours = calls.filter((l) => /^calling  (hello|mathlib|calc)_init\+/.test(l));
    expect(ours).toEqual([
      expect.stringMatching(/^calling  hello_init\+0x0\/0x[0-9a-f]+ @ 1$/), expect.stringMatching(/^calling  mathlib_init\+/), expect.stringMatching(/^calling  calc_init\+/)]);
    expect(calls.findIndex((l) => l.startsWith('calling  chrdev_init+'))).toBeGreaterThanOrEqual(0);
    expect(calls.findIndex((l) => l.startsWith('calling  chrdev_init+'))).toBeLessThan(calls.indexOf(ours[0]));
    expect(messages(r.out)).toContainEqual(expect.stringMatching(/^initcall calc_init\+0x0\/0x[0-9a-f]+ returned 0 after \d+ usecs$/));
  });

  it('are "builtin" to rmmod and modprobe, and modules still load against them', () => {
    const r = scenario(`boot kernel=${join(O, 'vmlinux')} moddir=${moddir}
rmmod hello
modprobe -r hello
modprobe hello
modprobe -D hello
modprobe -D devtable
modprobe devtable
lsmod
`, { echo: true });
    expect(r.out).toEqual([
      `$ boot kernel=${join(O, 'vmlinux')} moddir=${moddir}`,
      '$ rmmod hello', 'rmmod: ERROR: Module hello is builtin.',
      '$ modprobe -r hello', 'modprobe: FATAL: Module hello is builtin.',
      '$ modprobe hello',
      '$ modprobe -D hello', 'builtin hello',
      '$ modprobe -D devtable', `insmod /lib/modules/${V}/extra/devtable.ko `,
      '$ modprobe devtable',
      '$ lsmod', 'Module                  Size  Used by', expect.stringMatching(/^devtable\s+\d+\s+0$/),
    ]);
  });

  it('modinfo says "(builtin)" and shows their .modinfo, as kmod modinfo does', () => {
    const r = scenario(`boot kernel=${join(O, 'vmlinux')} moddir=${moddir}\nmodinfo hello\nmodinfo -F filename calc\nmodinfo devtable\n`, { echo: true });
    const of = (cmd: string) => {
      const i = r.out.indexOf(`$ ${cmd}`);
      const rest = r.out.slice(i + 1);
      const j = rest.findIndex((l) => l.startsWith('$ '));
      return j < 0 ? rest : rest.slice(0, j);
    };
    expect(of('modinfo hello').slice(0, 2)).toEqual(['name:           hello', 'filename:       (builtin)']);
    expect(of('modinfo -F filename calc')).toEqual(['(builtin)']);
    expect(of('modinfo devtable')[0]).toBe(`filename:       /lib/modules/${V}/extra/devtable.ko`);
    const MODINFO = ['/sbin/modinfo', '/usr/sbin/modinfo'].find((p) => existsSync(p));
    if (MODINFO) {
      const real = (args: string[]) => spawnSync(MODINFO, ['-b', join(dir, 'ours'), '-k', V, ...args], { encoding: 'latin1' }).stdout.split('\n').filter(Boolean);
      expect(of('modinfo hello')).toEqual(real(['hello']));
      expect(of('modinfo -F filename calc')).toEqual(real(['-F', 'filename', 'calc']));
      expect(of('modinfo devtable')).toEqual(real(['devtable']).map((l) => l.split(moddir).join(`/lib/modules/${V}`)));
    }
  });

  it('build from the same sources as the loadable modules', () => {
    const r = scenario('modprobe calc\nlsmod\n');
    expect(r.out.map((l) => l.split(/\s+/)[0])).toEqual(['Module', 'calc', 'mathlib']);
  });
});

describe('non-removable loads leave .exit out', () => {
  it('modprobe --no-unload: smaller, says what it saved, cannot be removed', () => {
    const r = scenario(`modprobe hello
cat /sys/module/hello/coresize
rmmod hello
modprobe --no-unload hello
cat /sys/module/hello/coresize
cat /proc/modules
modprobe -r hello
rmmod hello
dmesg
`);
    const [full, lean] = [Number(r.out[0]), Number(r.out[1])];
    expect(lean).toBeLessThan(full);
    expect(r.out[2]).toMatch(/^hello \d+ 0 \[permanent\], Live 0x[0-9a-f]{16} \(OE\)$/);
    expect(r.out[3]).toBe("modprobe: ERROR: could not remove 'hello': Device or resource busy");
    expect(r.out[4]).toBe("rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove 'hello': Device or resource busy");
    expect(r.out[5]).toBe('rmmod: ERROR: could not remove module hello: Device or resource busy');
    const said = messages(r.out).filter((l) => l.includes('.exit sections'));
    expect(said).toEqual([expect.stringMatching(/^hello: \.exit sections \(\d+ bytes\) left out$/)]);
    expect(Number(/\((\d+) bytes\)/.exec(said[0])![1])).toBeGreaterThan(0);
  });

  it('boot unload=0 (CONFIG_MODULE_UNLOAD=n) does the same for every module', () => {
    const r = scenario('boot unload=0\nmodprobe calc\ncat /proc/modules\nlsmod\nrmmod calc\nrmmod -f calc\ndmesg\n');
    // print_unload_info() without CONFIG_MODULE_UNLOAD; no refcnt file, so kmod's lsmod shows -ENOENT.
    expect(r.out.slice(0, 2)).toEqual([expect.stringMatching(/^calc \d+ - - Live/), expect.stringMatching(/^mathlib \d+ - - Live/)]);
    expect(r.out.slice(3, 5)).toEqual([expect.stringMatching(/^calc +\d+  -2$/), expect.stringMatching(/^mathlib +\d+  -2 calc$/)]);
    expect(r.out).toContain('rmmod: ERROR: Module unloading is not supported');
    expect(r.out).toContain('rmmod: ERROR: could not remove module calc: Function not implemented');
    expect(messages(r.out).filter((l) => l.includes('.exit sections')).map((l) => l.split(':')[0])).toEqual(['mathlib', 'calc']);
  });
});

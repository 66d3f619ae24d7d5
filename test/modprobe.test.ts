// modprobe on the machine (tools/kmod/modprobe.ts) over a module directory made with kmodlab's
// depmod from the example modules: what it loads, in which order, what it removes, and what it
// says -- checked against the host's kmod 30 modprobe where kmod can run without loading
// (-D, -n -v, -R and the lookup failures) on the same tree and the same modprobe.d.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../kernel/boot.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { readFile } from '../kernel/fs.ts';
import { depmodMain } from '../tools/kmod/depmod.ts';
import { modprobe, hotplug, type ToolCtx } from '../tools/kmod/modprobe.ts';
import { lsmod, rmmod } from '../tools/kmod/tools.ts';
import { scenario, messages, EXAMPLES } from './helpers.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const REAL = ['/sbin/modprobe', '/usr/sbin/modprobe'].find((p) => existsSync(p)) ?? null;
const V = UTS_RELEASE;
let root = '';
let moddir = '';
let conf = '';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kmodlab-modprobe-'));
  moddir = join(root, 'lib', 'modules', V);
  mkdirSync(join(moddir, 'extra'), { recursive: true });
  for (const d of readdirSync(EXAMPLES)) {
    const p = join(EXAMPLES, d);
    if (!statSync(p).isDirectory()) continue;
    for (const f of readdirSync(p)) if (f.endsWith('.ko')) copyFileSync(join(p, f), join(moddir, 'extra', f));
  }
  writeFileSync(join(moddir, 'modules.order'), '');
  expect(depmodMain(['-b', root, V], { stdout: () => {}, stderr: () => {} })).toBe(0);
  conf = join(root, 'modprobe.d');
  mkdirSync(conf);
});
afterAll(() => { if (root) rmSync(root, { recursive: true, force: true }); });

let kernels: Kernel[] = [];
afterEach(() => { for (const k of kernels) k.close(); kernels = []; });

/** A booted machine and a modprobe that prints into out. */
function machine(confDirs: string[] = []) {
  const k = boot({ cpus: 2 });
  kernels.push(k);
  const out: string[] = [];
  const t: ToolCtx = { k, files: { moddir, confDirs }, out: (l) => out.push(l), run: (line) => { out.push(`[run] ${line}`); return 0; } };
  const run = (...argv: string[]) => {
    out.length = 0;
    const status = modprobe(t, argv);
    return { status, out: [...out] };
  };
  return { k, t, out, run, loaded: () => lsmod(k).out.slice(1).map((l) => l.split(/\s+/)[0]) };
}

/** kmod's modprobe on the same tree: stdout and stderr lines, paths shown as on the machine. */
function kmod(args: string[], confDir?: string) {
  const r = spawnSync(REAL!, ['-d', root, '-S', V, ...(confDir ? ['-C', confDir] : ['-C', join(root, 'none')]), ...args], { encoding: 'latin1', argv0: 'modprobe' });
  const fix = (s: string) => s.split(root).join('').split('\n').filter((l) => l !== '');
  return { status: r.status, stdout: fix(r.stdout), stderr: fix(r.stderr) };
}

/** Our output split the way kmod splits it: messages on stderr, the rest on stdout. */
function streams(r: { status: number; out: string[] }) {
  return { status: r.status, stdout: r.out.filter((l) => !l.startsWith('modprobe: ')), stderr: r.out.filter((l) => l.startsWith('modprobe: ')) };
}

describe('modprobe on the machine', () => {
  it('loads a module after its dependencies and removes the unused ones after it', () => {
    const m = machine();
    expect(m.run('calc')).toEqual({ status: 0, out: [] });
    expect(m.loaded()).toEqual(['calc', 'mathlib']);
    const log = messages(m.k.log.dmesg().split('\n'));
    expect(log.findIndex((l) => l.startsWith('mathlib: loaded'))).toBeLessThan(log.findIndex((l) => l.startsWith('calc: ')));
    expect(m.run('-r', '-v', 'calc')).toEqual({ status: 0, out: ['rmmod calc', 'rmmod mathlib'] });
    expect(m.loaded()).toEqual([]);
  });

  it("says what kmod says, with kmod's exit statuses", () => {
    const m = machine();
    expect(m.run('nosuch')).toEqual({ status: 1, out: [`modprobe: FATAL: Module nosuch not found in directory /lib/modules/${V}`] });
    expect(m.run('-q', 'nosuch')).toEqual({ status: 1, out: [] });
    expect(m.run('-r', 'nosuch')).toEqual({ status: 1, out: ['modprobe: FATAL: Module nosuch not found.'] });
    expect(m.run('-r', 'hello')).toEqual({ status: 0, out: [] });
    expect(m.run('-r', '--first-time', 'hello')).toEqual({ status: 1, out: ['modprobe: FATAL: Module hello is not in kernel.'] });
    expect(m.run('badsym')).toEqual({ status: 1, out: ["modprobe: ERROR: could not insert 'badsym': Unknown symbol in module, or unknown parameter (see dmesg)"] });
    expect(m.run('hello', 'howmany=many')).toEqual({ status: 1, out: ["modprobe: ERROR: could not insert 'hello': Invalid argument"] });
    expect(m.run('failinit')).toEqual({ status: 1, out: ["modprobe: ERROR: could not insert 'failinit': No such device"] });
    expect(m.run('calc')).toEqual({ status: 0, out: [] });
    expect(m.run('calc')).toEqual({ status: 0, out: [] });
    expect(m.run('--first-time', 'calc')).toEqual({ status: 1, out: ["modprobe: ERROR: could not insert 'calc': Module already in kernel"] });
    expect(m.run('-r', 'mathlib')).toEqual({ status: 1, out: ['modprobe: FATAL: Module mathlib is in use.'] });
    expect(m.run('-a', '-n', 'nosuch', 'calc', 'nosuch2')).toEqual({ status: 1, out: [
      `modprobe: WARNING: Module nosuch not found in directory /lib/modules/${V}`,
      `modprobe: WARNING: Module nosuch2 not found in directory /lib/modules/${V}`] });
    // kmod 30's --remove-holders: the holder goes, then its unused dependency -- mathlib itself,
    // which kmod then tries to remove once more, and says so.
    expect(m.run('-r', '--remove-holders', '-v', 'mathlib')).toEqual({ status: 1, out: ['rmmod calc', 'rmmod mathlib', 'rmmod mathlib',
      "modprobe: ERROR: could not remove 'mathlib': No such file or directory"] });
    expect(m.loaded()).toEqual([]);
    expect(m.run('noexit')).toEqual({ status: 0, out: [] });
    expect(m.run('-r', 'noexit')).toEqual({ status: 1, out: ["modprobe: ERROR: could not remove 'noexit': Device or resource busy"] });
  });

  it('treats - and _ alike in names and aliases', () => {
    const m = machine();
    expect(m.run('-R', 'kmodlab-nic').out).toEqual(['devtable']);
    expect(m.run('-R', 'kmodlab_nic').out).toEqual(['devtable']);
    expect(m.run('kmodlab-nic').status).toBe(0);
    expect(m.loaded()).toEqual(['devtable', 'mathlib']);
    expect(m.run('-r', 'kmodlab_nic').status).toBe(0);
    expect(m.loaded()).toEqual([]);
  });

  it('passes parameters: modprobe.d options first, then the command line', () => {
    const dir = join(conf, 'opts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'hello.conf'), '# hello\noptions hello whom=config howmany=1\noptions hello numbers=1,2 \\\n  howmany=3\n');
    const m = machine([dir]);
    expect(m.run('hello', 'whom=cmdline and more')).toEqual({ status: 0, out: [] });
    expect(readFile(m.k, '/sys/module/hello/parameters/whom')).toBe('cmdline and more\n');
    expect(readFile(m.k, '/sys/module/hello/parameters/numbers')).toBe('1,2\n');
  });

  it('applies alias, blacklist, install, remove and softdep lines of modprobe.d', () => {
    const dir = join(conf, 'all');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.conf'), [
      'alias my-nic devtable',
      'blacklist devtable',
      'install hello echo installing hello with $CMDLINE_OPTS; /sbin/modprobe --ignore-install hello $CMDLINE_OPTS',
      'remove multi echo removing $MODPROBE_MODULE && /sbin/rmmod multi',
      'softdep calc pre: crctable post: multi',
      'bogus line',
    ].join('\n') + '\n');
    const m = machine([dir]);
    m.t.run = (line) => {
      if (!line.startsWith('echo ')) return runNested(m, line);
      m.out.push(line.slice(5));
      return 0;
    };
    // blacklist: applies to aliases (a hotplug event, a modprobe.d alias), not to the name
    expect(hotplug(m.t, 'pci:v00008086d00001234sv0sd0bc02sc80i00')).toBe(0);
    expect(m.run('my-nic')).toEqual({ status: 0, out: ["modprobe: ERROR: /etc/modprobe.d/a.conf line 6: ignoring bad line starting with 'bogus'"] });
    expect(m.loaded()).toEqual([]);
    expect(m.run('devtable').status).toBe(0);
    expect(m.loaded()).toEqual(['devtable', 'mathlib']);
    // install command, with the options substituted
    const r = m.run('hello', 'howmany=2');
    expect(r.out).toContain('installing hello with howmany=2');
    expect(m.loaded()).toContain('hello');
    expect(readFile(m.k, '/sys/module/hello/parameters/howmany')).toBe('2\n');
    // softdep: crctable before calc, multi after
    expect(m.run('-v', 'calc').out.filter((l) => l.startsWith('insmod'))).toEqual([
      `insmod /lib/modules/${V}/extra/crctable.ko `, `insmod /lib/modules/${V}/extra/calc.ko `, `insmod /lib/modules/${V}/extra/multi.ko `]);
    // remove command
    expect(m.run('-r', 'multi').out).toContain('removing multi');
    expect(m.loaded()).not.toContain('multi');
    expect(m.run('-c').out).toContain('softdep calc pre: crctable post: multi');
  });

  it('holds /proc/modules shared while it works', async () => {
    const { modulesLock, LOCK_EX, LOCK_NB } = await import('../kernel/modules_lock.ts');
    const dir = join(conf, 'lock');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'l.conf'), 'install hello checklock\n');
    const m = machine([dir]);
    const seen: unknown[] = [];
    m.t.run = () => {
      const lock = modulesLock(m.k);
      seen.push(lock.state().shared.length, lock.flock('rmmod', LOCK_EX | LOCK_NB));
      return 0;
    };
    expect(m.run('hello').status).toBe(0);
    expect(seen).toEqual([1, -11]);
    expect(modulesLock(m.k).state()).toEqual({ exclusive: null, shared: [], waiting: [] });
  });
});

/** Runs modprobe/rmmod lines of install/remove commands inside the same machine. */
function runNested(m: ReturnType<typeof machine>, line: string): number {
  const [cmd, ...args] = line.split(/\s+/).filter(Boolean);
  const base = cmd.slice(cmd.lastIndexOf('/') + 1);
  if (base === 'modprobe') return modprobe(m.t, args);
  if (base === 'rmmod') return rmmod(m.k, args).status;
  return 127;
}

describe.runIf(!!REAL)('modprobe dry runs, line for line with kmod 30', () => {
  it('prints the same for -D, -n -v, -R and failed lookups', () => {
    const dir = join(conf, 'dry');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'x.conf'), 'softdep calc pre: crctable post: multi\nalias my-nic devtable\noptions hello whom=x\ninstall noexit echo no\nblacklist devtable\n');
    const m = machine([dir]);
    for (const args of [['-D', 'calc'], ['-n', '-v', 'calc'], ['-D', 'hello', 'howmany=2'], ['-D', 'my-nic'], ['-R', 'my_nic'],
      ['-R', 'pci:v00008086d00001234sv0sd0bc02sc80i00'], ['-D', 'noexit'], ['-n', 'nosuch'], ['-R', 'nosuch'], ['-r', 'nosuch'],
      ['-n', '-v', '-a', 'mathlib', 'nosuch', 'hello'], ['-n', '-b', 'pci:v00008086d00001234sv0sd0bc02sc80i00'], ['-D', 'symbol:mathlib_add'],
      ['-q', 'nosuch'], ['-D', '--first-time', 'calc']]) {
      const ours = streams(m.run(...args));
      const theirs = kmod(args, dir);
      expect({ args, ...ours }).toEqual({ args, ...theirs });
    }
  });
});

describe('scenario commands', () => {
  it('modprobe, hotplug and depmod run in scenarios', () => {
    const r = scenario(`
modprobe calc
lsmod
modprobe -r calc
hotplug pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00
lsmod
depmod -n
`);
    expect(r.status).toBe(0);
    expect(r.out.slice(0, 4)).toEqual(['Module                  Size  Used by', expect.stringMatching(/^calc /), expect.stringMatching(/^mathlib .* 1 calc$/), 'Module                  Size  Used by']);
    expect(r.out.slice(4, 6).map((l) => l.split(/\s+/)[0])).toEqual(['devtable', 'mathlib']);
    expect(r.out).toContain('extra/calc.ko: extra/mathlib.ko');
  });

  it('boots with another module directory and modprobe.d', () => {
    const dir = join(conf, 'boot');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'b.conf'), 'alias net-pf-99 multi\n');
    const r = scenario(`boot moddir=${moddir} modprobe.d=${dir}\nmodprobe net-pf-99\nlsmod\n`);
    expect(r.out.map((l) => l.split(/\s+/)[0])).toEqual(['Module', 'multi']);
    expect(scenario('boot moddir=/nonexistent').err).toEqual([expect.stringMatching(/test\.kml:1: boot: moddir=\/nonexistent: no such directory/)]);
  });
});

// tools/kmod/depmod.ts against the host's depmod (Debian bookworm: kmod 30+20221128) on the same
// trees, byte for byte: every file it writes, what it prints and its exit status. Trees: the
// example modules (built by `make examples`), a generated tree of synthetic modules, Debian's
// own arm64 module tree when `make real-modules` fetched it, and trees with dependency cycles.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depmodMain } from '../tools/kmod/depmod.ts';
import { aliasNormalize } from '../tools/kmod/libkmod-util.ts';
import { IndexReader } from '../tools/kmod/libkmod-index.ts';
import { synthTree, writeSynthTree, synthModule } from '../tools/kmod/synth.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const REAL = ['/sbin/depmod', '/usr/sbin/depmod'].find((p) => existsSync(p)) ?? null;
const REAL_IS_KMOD30 = !!REAL && /^kmod version 30\b/.test(spawnSync(REAL, ['-V'], { encoding: 'utf8' }).stdout ?? '');
const REAL_MODPROBE = ['/sbin/modprobe', '/usr/sbin/modprobe'].find((p) => existsSync(p)) ?? null;
const V = UTS_RELEASE;
const EXAMPLES = join(REPO_ROOT, 'modules', 'examples');
const DEBIAN = join(REPO_ROOT, 'build', 'real-modules', 'modules');

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'kmodlab-depmod-')); });
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

interface Run { stdout: string; stderr: string; status: number }

function real(args: string[]): Run {
  const r = spawnSync(REAL!, args, { encoding: 'latin1', argv0: 'depmod' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

function ours(args: string[]): Run {
  let stdout = '', stderr = '';
  const status = depmodMain(args, { stdout: (s) => { stdout += s; }, stderr: (s) => { stderr += s; } }, { uname: V });
  return { stdout, stderr, status };
}

const OUTPUTS = ['modules.dep', 'modules.dep.bin', 'modules.alias', 'modules.alias.bin', 'modules.softdep', 'modules.symbols',
  'modules.symbols.bin', 'modules.builtin.bin', 'modules.builtin.alias.bin', 'modules.devname'];

/** Two copies of a tree (made by fill), depmod'ed by kmod and by us; returns both runs. */
function both(name: string, fill: (base: string) => void, args: string[] = [], version = V) {
  const roots = ['kmod', 'ours'].map((w) => join(dir, name, w));
  for (const r of roots) {
    mkdirSync(join(r, 'lib', 'modules', version), { recursive: true });
    fill(join(r, 'lib', 'modules', version));
  }
  // The two trees differ only in their root: name it ROOT in what the tools print.
  const norm = (r: Run, root: string) => ({ ...r, stdout: r.stdout.split(root).join('ROOT'), stderr: r.stderr.split(root).join('ROOT') });
  const k = norm(real(['-b', roots[0], ...args, version]), roots[0]);
  const o = norm(ours(['-b', roots[1], ...args, version]), roots[1]);
  return { k, o, dirs: roots.map((r) => join(r, 'lib', 'modules', version)) };
}

function expectSameFiles(dirs: string[]) {
  const names = (d: string) => readdirSync(d).filter((f) => f.startsWith('modules.')).sort();
  expect(names(dirs[1])).toEqual(names(dirs[0]));
  for (const f of names(dirs[0])) {
    const a = readFileSync(join(dirs[0], f)), b = readFileSync(join(dirs[1], f));
    expect({ f, same: a.equals(b) }).toEqual({ f, same: true });
  }
}

function exampleKos(): string[] {
  const out: string[] = [];
  for (const d of readdirSync(EXAMPLES).sort()) {
    const p = join(EXAMPLES, d);
    if (!statSync(p).isDirectory()) continue;
    for (const f of readdirSync(p)) if (f.endsWith('.ko')) out.push(join(p, f));
  }
  return out;
}

/** The example modules as an installed tree: extra/, a kernel/ subdirectory, a dash in a name. */
function fillExamples(base: string) {
  mkdirSync(join(base, 'extra'), { recursive: true });
  mkdirSync(join(base, 'kernel', 'drivers', 'misc'), { recursive: true });
  for (const ko of exampleKos()) copyFileSync(ko, join(base, 'extra', ko.slice(ko.lastIndexOf('/') + 1)));
  copyFileSync(join(EXAMPLES, 'hello', 'hello.ko'), join(base, 'kernel', 'drivers', 'misc', 'hello-world.ko'));
  writeFileSync(join(base, 'modules.order'), 'kernel/drivers/misc/hello-world.ko\nextra/mathlib.ko\nextra/no-such.ko\nextra/calc.ko\n');
}

describe.runIf(REAL_IS_KMOD30)('depmod, byte for byte with kmod 30', () => {
  it('writes the same files for the example modules, and says the same', () => {
    const { k, o, dirs } = both('examples', fillExamples);
    expect(o).toEqual(k);
    expect(k.status).toBe(0);
    expectSameFiles(dirs);
    // What a user reads: calc needs mathlib; the dashed file's module name has an underscore.
    const dep = readFileSync(join(dirs[1], 'modules.dep'), 'latin1');
    expect(dep).toContain('extra/calc.ko: extra/mathlib.ko\n');
    expect(dep.split('\n')[0]).toBe('kernel/drivers/misc/hello-world.ko:');
    expect(readFileSync(join(dirs[1], 'modules.symbols'), 'latin1')).toContain('alias symbol:mathlib_add mathlib\n');
  });

  it('prints the same with -n (nothing written), -e -F System.map and -E Module.symvers', () => {
    for (const args of [['-n'], ['-e', '-F', join(REPO_ROOT, 'build', 'kernel', 'System.map')],
      ['-e', '-E', join(REPO_ROOT, 'build', 'kernel', 'Module.symvers')], ['-a', '-w'], ['-v']]) {
      const tag = args.join('').replace(/[^a-z]/gi, '');
      const { k, o, dirs } = both(`opts-${tag}`, fillExamples, args);
      expect({ args, ...o }).toEqual({ args, ...k });
      if (args[0] !== '-n') expectSameFiles(dirs);
      else expect(readdirSync(dirs[1]).filter((f) => OUTPUTS.includes(f))).toEqual([]);
    }
    // -e against the image's symbols: badsym's missing function is named, nothing else
    const { o } = both('opts-warn', fillExamples, ['-e', '-F', join(REPO_ROOT, 'build', 'kernel', 'System.map')]);
    expect(o.stderr).toMatch(/badsym\.ko needs unknown symbol kmodlab_no_such_function\n/);
  });

  it('writes the same files for 300 generated modules, with and without modules.order', () => {
    const mods = synthTree(300, 11);
    const order = mods.filter((_, i) => i % 4).map((m) => m.relpath);
    for (const withOrder of [true, false]) {
      const { k, o, dirs } = both(`synth-${withOrder}`, (base) => writeSynthTree(join(base, '..', '..', '..'), V, mods, withOrder ? order : undefined));
      expect(o).toEqual(k);
      expectSameFiles(dirs);
    }
  });

  it.runIf(existsSync(DEBIAN))("writes the same files for Debian's arm64 module tree", () => {
    const src = realpathSync(DEBIAN);
    const version = src.slice(src.lastIndexOf('/') + 1);
    const { k, o, dirs } = both('debian', (base) => {
      symlinkSync(join(src, 'kernel'), join(base, 'kernel'));
      for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']) copyFileSync(join(src, f), join(base, f));
    }, ['-E', join(REPO_ROOT, 'build', 'real-modules', 'Module.symvers'), '-e'], version);
    expect(o).toEqual(k);
    expect(k.status).toBe(0);
    expectSameFiles(dirs);
    expect(readFileSync(join(dirs[1], 'modules.dep'), 'latin1').split('\n').length).toBeGreaterThan(900);
  });

  it('reports dependency cycles exactly as kmod, writes nothing and fails', () => {
    const mod = (name: string, exports: string[], imports: string[]) =>
      ({ relpath: `kernel/${name}.ko`, modinfo: [['license', 'GPL']] as [string, string][], exports: exports.map((e) => ({ name: e, crc: 1 })), imports: imports.map((i) => ({ name: i, crc: 1 })) });
    const trees = {
      two: [mod('a', ['a_f'], ['b_f']), mod('b', ['b_f'], ['a_f'])],
      three: [mod('x', ['x_f'], ['y_f']), mod('y', ['y_f'], ['z_f']), mod('z', ['z_f'], ['x_f']), mod('user', [], ['x_f']), mod('leaf', ['l_f'], [])],
      branch: [mod('p', ['p_f'], ['q_f', 'l_f']), mod('q', ['q_f'], ['p_f']), mod('l', ['l_f'], []), mod('r', ['r_f'], ['s_f']), mod('s', ['s_f'], ['r_f'])],
    };
    for (const [name, tree] of Object.entries(trees)) {
      const { k, o, dirs } = both(`cycle-${name}`, (base) => writeSynthTree(join(base, '..', '..', '..'), V, tree));
      expect(o).toEqual(k);
      expect(o.status).toBe(1);
      expect(o.stderr).toMatch(/^depmod: ERROR: Cycle detected: /m);
      expect(readdirSync(dirs[1]).filter((f) => OUTPUTS.includes(f))).toEqual([]);
    }
    const { k, o } = both('cycle-exact', (base) => writeSynthTree(join(base, '..', '..', '..'), V, trees.two, ['kernel/a.ko', 'kernel/b.ko']));
    expect(o).toEqual(k);
    expect(o.stderr).toBe('depmod: ERROR: Cycle detected: a -> b -> a\ndepmod: ERROR: Found 2 modules in dependency cycles!\n');
  });

  it('-A does nothing while modules.dep is newer than every module, like kmod', () => {
    const { dirs } = both('quick', fillExamples);
    const past = new Date(Date.now() - 3600_000);
    for (const d of dirs) {
      for (const f of readdirSync(join(d, 'extra'))) utimesSync(join(d, 'extra', f), past, past);
      writeFileSync(join(d, 'modules.alias'), 'stale\n');
    }
    const k = real(['-A', '-b', join(dirs[0], '..', '..', '..'), V]);
    const o = ours(['-A', '-b', join(dirs[1], '..', '..', '..'), V]);
    expect(o).toEqual(k);
    expect(readFileSync(join(dirs[1], 'modules.alias'), 'latin1')).toBe('stale\n');
    // A fresh tree has no modules.dep: kmod says so, then does the work.
    const fresh = both('quick-fresh', fillExamples, ['-A']);
    expect(fresh.o).toEqual(fresh.k);
    expect(fresh.o.stderr).toContain(`depmod: ERROR: could not fstatat(ROOT/lib/modules/${V}, modules.dep): No such file or directory\n`);
    expectSameFiles(fresh.dirs);
  });

  it('says the same for bad command lines', () => {
    for (const args of [['-Z'], ['--no-such'], ['-b'], ['notaversion'], ['-P', 'ab'], ['-V'], ['-b', '/nonexistent', V], ['-e', V, '-b', join(dir, 'none')],
      ['-b', join(dir, 'rel'), V, 'relative.ko'], ['-u', '-q', '-n', '-b', join(dir, 'none'), V]]) {
      expect({ args, ...ours(args) }).toEqual({ args, ...real(args) });
    }
  });
});

describe.runIf(REAL_IS_KMOD30 && !!REAL_MODPROBE)('the .bin indexes, read back', () => {
  it('resolves aliases the way kmod modprobe does on the same index', () => {
    const { dirs } = both('lookup', fillExamples);
    const alias = new IndexReader(new Uint8Array(readFileSync(join(dirs[1], 'modules.alias.bin'))));
    const deps = new IndexReader(new Uint8Array(readFileSync(join(dirs[1], 'modules.dep.bin'))));
    for (const name of ['pci:v00008086d00001234sv00001028sd00000001bc02sc80i00', 'pci:v00001AF4d00001000sv0sd0bc02sc00i00',
      'usb:v0525pA4A2d0150dc00dsc00dp00ic00isc00ip00in00', 'of:NnicTvirtualCkmodlab,virtual-nic-mgmt', 'kmodlab_nic', 'pci:v0000DEADd0sv0sd0bc01sc00i00']) {
      const r = spawnSync(REAL_MODPROBE!, ['-d', join(dirs[0], '..', '..', '..'), '-S', V, '-R', name], { encoding: 'latin1' });
      const theirs = r.status === 0 ? r.stdout.trim().split('\n') : [];
      expect({ name, found: alias.searchWild(aliasNormalize(name)!).map((v) => v.value) }).toEqual({ name, found: theirs });
    }
    expect(deps.search('calc')).toBe('extra/calc.ko: extra/mathlib.ko');
    expect(deps.search('hello_world')).toBe('kernel/drivers/misc/hello-world.ko:');
    expect(deps.search('nosuch')).toBeNull();
  });

  it('a single synthetic module is a valid module for kmod', () => {
    const p = join(dir, 'one.ko');
    writeFileSync(p, synthModule({ relpath: 'one.ko', modinfo: [['alias', 'foo-bar*'], ['license', 'GPL']], exports: [{ name: 'one_f', crc: 0x1234 }], imports: [] }));
    const r = spawnSync('modinfo', ['-F', 'alias', p], { encoding: 'latin1' });
    expect(r.stdout).toBe('foo-bar*\n');
  });
});

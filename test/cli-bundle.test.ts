// The command line bundled by make setup (build/cli/kmodlab.mjs) behaves as the sources run
// through tsx: the same transcripts, errors and exit statuses, the repository found from the
// bundle's folder; tools/kmodlab runs the bundle only while no .ts source is newer than it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, copyFileSync, symlinkSync, utimesSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';

const KMODLAB = join(REPO_ROOT, 'tools', 'kmodlab');
const BUNDLE = join(REPO_ROOT, 'build', 'cli', 'kmodlab.mjs');

interface Ran { status: number | null; out: string; err: string }
const ran = (r: ReturnType<typeof spawnSync>): Ran => ({ status: r.status, out: String(r.stdout), err: String(r.stderr) });
/** The bundle itself, whatever the sources' dates. */
const bundle = (args: string[], input?: string, cwd = REPO_ROOT) =>
  ran(spawnSync(process.execPath, ['--no-warnings', BUNDLE, ...args], { encoding: 'utf8', input, cwd }));
/** The sources through tsx, as tools/kmodlab runs them when the bundle is missing or out of date. */
const sources = (args: string[], input?: string, cwd = REPO_ROOT) =>
  ran(spawnSync(KMODLAB, args, { encoding: 'utf8', input, cwd, env: { ...process.env, KMODLAB_BUNDLE: '0' } }));

beforeAll(() => {
  spawnSync('make', ['-s', '-C', REPO_ROOT, 'build/cli/kmodlab.mjs'], { stdio: 'inherit' });
});

describe('the bundled command line', () => {
  it('make builds it from the sources, and again only when one changed', () => {
    expect(spawnSync('make', ['-q', '-C', REPO_ROOT, 'build/cli/kmodlab.mjs']).status).toBe(0);
    // -W: as if kernel/kernel.ts were new, without touching it
    const what = spawnSync('make', ['-n', '-C', REPO_ROOT, '-W', 'kernel/kernel.ts', 'build/cli/kmodlab.mjs'], { encoding: 'utf8' });
    expect(what.stdout).toMatch(/esbuild tools\/cli\.ts --bundle .*--format=esm/);
  });

  it.each([
    ['--help'],
    ['help', 'spawn'],
    ['examples'],
    ['--version'],
    ['modinfo', 'modules/examples/hello/hello.ko'],
    ['modinfo', 'nosuch'],
    ['run', 'modules/examples/unload-ref.kml'],
    ['run', '/nonexistent'],
    ['run'],
    ['frobnicate'],
  ])('kmodlab %s: the same output and exit status', (...args) => {
    const b = bundle(args);
    expect(b).toEqual(sources(args));
    expect(b.status).not.toBeNull();
  });

  it('runs a scenario from stdin and a shell started anywhere: the repository is found from the bundle', () => {
    const scenario = 'insmod modules/examples/mathlib/mathlib.ko\ninsmod modules/examples/calc/calc.ko\ncall cpu=1 calc_run 40 2\n';
    const b = bundle(['run', '--strict', '-'], scenario);
    expect(b).toEqual(sources(['run', '--strict', '-'], scenario));
    const shell = 'insmod mathlib/mathlib.ko\ninsmod calc/calc.ko\nlsmod\ncall cpu=1 calc_run 40 2\n';
    const s = bundle(['shell'], shell, '/');
    expect(s.status).toBe(0);
    expect(s.out).toContain('=> 0x2a\n');
    expect(s).toEqual(sources(['shell'], shell, '/'));
  });
});

describe('tools/kmodlab chooses between the bundle and the sources', () => {
  // A tree of its own: the real script, stand-ins for the sources and the bundle, dates set.
  let root = '';
  const run = (env: Record<string, string> = {}) =>
    ran(spawnSync(join(root, 'tools', 'kmodlab'), ['a', 'b c'], { encoding: 'utf8', env: { ...process.env, KMODLAB_BUNDLE: '', ...env } }));
  const date = (path: string, seconds: number) => utimesSync(join(root, path), seconds, seconds);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'kmodlab-bundle-'));
    for (const d of ['tools', 'emu', 'kernel/module', 'kernel/core', 'build/cli']) mkdirSync(join(root, d), { recursive: true });
    copyFileSync(KMODLAB, join(root, 'tools', 'kmodlab'));
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'));
    writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(root, 'tools', 'cli.ts'), "const args: string[] = process.argv.slice(2);\nconsole.log('sources', JSON.stringify(args));\n");
    writeFileSync(join(root, 'build', 'cli', 'kmodlab.mjs'), "console.log('bundle', JSON.stringify(process.argv.slice(2)));\n");
    for (const f of ['emu/machine.ts', 'kernel/module/main.ts', 'kernel/core/sched.c']) writeFileSync(join(root, f), '');
    for (const f of ['tools/cli.ts', 'emu/machine.ts', 'kernel/module/main.ts', 'kernel/core/sched.c']) date(f, 1_000_000_000);
    date('build/cli/kmodlab.mjs', 1_000_000_100);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('runs the bundle while it is newer than every source, with the arguments as given', () => {
    expect(run()).toEqual({ status: 0, out: 'bundle ["a","b c"]\n', err: '' });
    // what is not TypeScript does not date the bundle
    date('kernel/core/sched.c', 1_000_000_200);
    expect(run().out).toBe('bundle ["a","b c"]\n');
    expect(run({ KMODLAB_BUNDLE: '0' }).out).toBe('sources ["a","b c"]\n');
  });

  it('runs the sources through tsx when one is newer (in any folder), or without a bundle', () => {
    date('kernel/module/main.ts', 1_000_000_200);
    expect(run()).toEqual({ status: 0, out: 'sources ["a","b c"]\n', err: '' });
    date('kernel/module/main.ts', 1_000_000_000);
    date('emu/machine.ts', 1_000_000_200);
    expect(run().out).toBe('sources ["a","b c"]\n');
    date('build/cli/kmodlab.mjs', 1_000_000_300);
    expect(run().out).toBe('bundle ["a","b c"]\n');
    rmSync(join(root, 'build', 'cli', 'kmodlab.mjs'));
    expect(run().out).toBe('sources ["a","b c"]\n');
  });

  it('says to run make setup when the dependencies are missing', () => {
    rmSync(join(root, 'node_modules'));
    expect(run()).toEqual({ status: 1, out: '', err: `kmodlab: dependencies are missing: run 'make setup' in ${root}\n` });
  });
});

// The command line as a newcomer meets it: help that lists every scenario command and boot
// option the console accepts (made from the same registries), one command's help, the example
// scenarios, a scenario from stdin, --strict's exit status, and clear errors for bad input.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { REPO_ROOT } from '../emu/unicorn.ts';
import '../tools/commands/index.ts';
import { listCommands } from '../tools/commands/registry.ts';
import { listBootOptions } from '../tools/commands/boot-options.ts';
import { PROGRAMS } from '../tools/programs.ts';

const KMODLAB = join(REPO_ROOT, 'tools', 'kmodlab');
function kmodlab(args: string[], input?: string) {
  const r = spawnSync(KMODLAB, args, { encoding: 'utf8', input, cwd: REPO_ROOT });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('kmodlab help', () => {
  const help = kmodlab(['--help']);

  it('lists every scenario command, program and boot option the console runs', () => {
    expect(help.status).toBe(0);
    for (const [name, spec] of listCommands()) expect(help.out, name).toContain(`  ${spec.usage.split(' | ')[0]}\n`);
    for (const [name, p] of PROGRAMS) expect(help.out, name).toContain(`  ${p.usage}\n`);
    for (const [, o] of listBootOptions()) expect(help.out).toContain(`[${o.usage}]`);
    for (const o of ['refcount=percpu|atomic|none', 'preempt=none|full', 'sync=classic|tasks']) expect(help.out).toContain(`[${o}]`);
    expect(kmodlab(['help']).out).toBe(help.out);
  });

  it('help COMMAND prints its syntax and purpose; an unknown one is an error', () => {
    const h = kmodlab(['help', 'spawn']);
    expect(h.status).toBe(0);
    expect(h.out).toMatch(/^usage: spawn NAME \[cpu=N\] \[repeat=K\] SYMBOL \[ARG \.\.\.\]\nusage: spawn NAME .*cat\|echo/);
    expect(kmodlab(['help', 'insmod']).out).toMatch(/^usage: insmod \[-f\] PATH/);
    const bad = kmodlab(['help', 'frobnicate']);
    expect(bad.status).toBe(2);
    expect(bad.err).toBe("kmodlab: help: no command 'frobnicate' (kmodlab help lists them)\n");
  });

  it('kmodlab examples lists each example scenario with its purpose', () => {
    const r = kmodlab(['examples']);
    const kml = readdirSync(join(REPO_ROOT, 'modules', 'examples')).filter((f) => f.endsWith('.kml'));
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(kml.length);
    expect(lines.find((l) => l.startsWith('modules/examples/demo.kml '))).toMatch(/The kmodlab demo: a 4-core ARM64 machine/);
  });
});

describe('the README\'s first session', () => {
  it('works in a shell started anywhere: example paths resolve from the examples\' folder', () => {
    const r = spawnSync(KMODLAB, ['shell'], { encoding: 'utf8', cwd: '/', input: 'insmod calc/calc.ko\ninsmod mathlib/mathlib.ko\ninsmod calc/calc.ko\nlsmod\nrmmod mathlib\ncall cpu=1 calc_run 40 2\n' });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'insmod: ERROR: could not insert module calc/calc.ko: Unknown symbol in module',
      'Module                  Size  Used by',
      expect.stringMatching(/^calc +\d+  0$/),
      expect.stringMatching(/^mathlib +\d+  1 calc$/),
      'rmmod: ERROR: Module mathlib is in use by: calc',
      '=> 0x2a',
      '',
    ]);
  });
});

describe('kmodlab run', () => {
  it('reads the scenario from stdin with -, paths from the current directory', () => {
    const r = kmodlab(['run', '-'], 'insmod modules/examples/hello/hello.ko\nlsmod\n');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/\$ lsmod\nModule {18}Size  Used by\nhello +\d+  0\n/);
  });

  it('--strict exits 1 when a command failed, 0 when none did; a malformed line is still 2', () => {
    expect(kmodlab(['run', '--strict', '-'], 'insmod nosuch.ko\nlsmod\n').status).toBe(1);
    expect(kmodlab(['run', '-'], 'insmod nosuch.ko\nlsmod\n').status).toBe(0);
    expect(kmodlab(['run', '--strict', '-'], 'lsmod\n').status).toBe(0);
    expect(kmodlab(['run', '--strict', '-'], 'call no_such_symbol\n').status).toBe(1);
    expect(kmodlab(['run', '--strict', '-'], 'frobnicate\n').status).toBe(2);
  });

  it('says what is wrong with its arguments, without a stack trace', () => {
    const dir = kmodlab(['run', 'modules/examples']);
    expect(dir.status).toBe(2);
    expect(dir.err).toBe('kmodlab: run: modules/examples: Is a directory (kmodlab examples lists the scenarios)\n');
    const opt = kmodlab(['run', '--verbose']);
    expect(opt.status).toBe(2);
    expect(opt.err).toBe("kmodlab: run: unknown option '--verbose' (see kmodlab help)\n");
    const help = kmodlab(['run', '--help']);
    expect(help.status).toBe(0);
    expect(help.out).toMatch(/^usage: kmodlab run \[--strict\] FILE\|-\n/);
    expect(kmodlab(['run', 'nosuch.kml']).err).toBe('kmodlab: run: nosuch.kml: No such file or directory\n');
  });
});

describe('kmodlab modinfo and depmod on the host', () => {
  it("modinfo NAME looks in the machine's module directory, as kmod looks in /lib/modules/$(uname -r)", () => {
    const r = kmodlab(['modinfo', '-F', 'license', 'hello', 'mathlib']);
    expect(r).toEqual({ status: 0, out: 'GPL\nGPL\n', err: '' });
    expect(kmodlab(['modinfo', 'hello']).out).toMatch(/^filename: {7}\/lib\/modules\/6\.1\.0-\d+-cloud-arm64\/extra\/hello\.ko\n/);
    expect(kmodlab(['modinfo', 'nosuch'])).toEqual({ status: 1, out: '', err: 'modinfo: ERROR: Module nosuch not found.\n' });
  });

  it("depmod without -b indexes the machine's module directory, not the host's", () => {
    const r = kmodlab(['depmod', '-n']);
    expect(r.status).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/^extra\/hello\.ko:$/m);
  });
});

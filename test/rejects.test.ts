// Bad input gets a clear error and changes nothing: hostile ELF, modules for another machine or
// kernel, missing exports, licence rules, malformed scenario lines. The machine keeps working afterwards.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { EXAMPLES, scenario, messages } from './helpers.ts';
import { boot } from '../kernel/boot.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { load_module, delete_module, InitKilled } from '../kernel/module/main.ts';
import { KernelError, ENOEXEC, ENOENT } from '../kernel/errno.ts';
import { Rng } from '../kernel/random.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { parseElf, get_modinfo, SHN_UNDEF } from '../kernel/elf.ts';
import { VERMAGIC_STRING } from '../kernel/module/version.ts';

const ko = (name: string) => join(EXAMPLES, name, `${name}.ko`);
const image = (name: string) => new Uint8Array(readFileSync(ko(name)));
/** The module without its DWARF (kbuild builds with -g, as Debian's config says; Debian ships
 * its modules stripped): byte flips then land in what the loader reads, not in debug info. */
function stripped(name: string): Uint8Array {
  const out = join(mkdtempSync(join(tmpdir(), 'kmodlab-rejects-')), `${name}.ko`);
  execFileSync('aarch64-linux-gnu-objcopy', ['--strip-debug', ko(name), out]);
  return new Uint8Array(readFileSync(out));
}
const accounting = (k: Kernel) => ({ slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages, list: k.modules.length });

function errnoOf(f: () => unknown): number {
  try { f(); } catch (e) { if (e instanceof KernelError) return e.errno; throw e; }
  return 0;
}

describe('hostile modules', () => {
  it('refuses truncated and corrupted files with ENOEXEC and leaves nothing', () => {
    let k = boot();
    let base = accounting(k);
    const good = stripped('mathlib');
    expect(errnoOf(() => load_module(k, good.slice(0, 40), 'x.ko', ''))).toBe(ENOEXEC);
    expect(errnoOf(() => load_module(k, good.slice(0, good.length >> 1), 'x.ko', ''))).toBe(ENOEXEC);
    const magic = good.slice();
    magic[1] = 0x58;
    expect(errnoOf(() => load_module(k, magic, 'x.ko', ''))).toBe(ENOEXEC);
    expect(accounting(k)).toEqual(base);
    // Seeded byte flips: every outcome is a clean errno, a load that unloads again, or an
    // oops in init (the module then stays COMING, as on Linux) — never a host exception.
    const rng = new Rng(2026);
    const outcome = { refused: 0, loaded: 0, oops: 0 };
    for (let i = 0; i < 300; i++) {
      const bad = good.slice();
      for (let j = 0; j < 4; j++) bad[rng.below(bad.length)] ^= 1 << rng.below(8);
      try {
        const m = load_module(k, bad, 'fuzz.ko', '');
        outcome.loaded++;
        delete_module(k, m.name, { force: true });
      } catch (e) {
        if (e instanceof InitKilled) {
          outcome.oops++;
          k.close();
          k = boot();
          base = accounting(k);
          continue;
        }
        if (!(e instanceof KernelError)) throw e;
        outcome.refused++;
      }
      expect(accounting(k)).toEqual(base);
    }
    expect(outcome.refused).toBeGreaterThan(100);
    // The machine still loads and runs a good module.
    load_module(k, good, ko('mathlib'), '');
    expect(k.call(k.kallsyms.address('mathlib_add')!, [40n, 2n])).toEqual({ ok: true, ret: 42n });
    k.close();
  });

  it('hides GPL-only symbols from a module that is not GPL, and taints P', () => {
    const k = boot();
    load_module(k, image('mathlib'), ko('mathlib'), '');
    const base = accounting(k);
    const calc = Buffer.from(image('calc'));
    const at = calc.indexOf('license=GPL\0');
    expect(at).toBeGreaterThan(0);
    calc.write('license=MIT\0', at, 'latin1');
    expect(errnoOf(() => load_module(k, new Uint8Array(calc), 'calc.ko', ''))).toBe(ENOENT);
    const log = k.log.dmesg();
    expect(log).toContain("calc: module license 'MIT' taints kernel.");
    expect(log).toContain('calc: Unknown symbol mathlib_scale (err -2)');
    expect(log).not.toContain('calc: Unknown symbol mathlib_add');
    expect(accounting(k)).toEqual(base);
    k.close();
  });

  it('an init that never returns: a soft lockup on insmod\'s own task, which goes on running; the next command runs on a free CPU', () => {
    const r = scenario(readFileSync(join(EXAMPLES, 'init-lockup.kml'), 'utf8'), { echo: true });
    const of = (cmd: string) => r.out.slice(r.out.indexOf(`$ ${cmd}`) + 1, r.out.findIndex((l, i) => i > r.out.indexOf(`$ ${cmd}`) && l.startsWith('$ ')));
    expect(of('insmod spininit/spininit.ko spin=1')).toEqual([expect.stringMatching(/^kmodlab: insmod \(pid (\d+)\) has not returned after 200000000 cycles \(see dmesg\); it goes on running$/)]);
    const pid = /pid (\d+)/.exec(of('insmod spininit/spininit.ko spin=1')[0])![1];
    expect(of('ps')).toContainEqual(expect.stringMatching(new RegExp(`^\\s+${pid}\\s+0 runnable\\s+insmod\\s+spininit_init\\+0x[0-9a-f]+/0x[0-9a-f]+ \\[spininit\\]$`)));
    expect(of('cat /proc/modules')).toEqual([expect.stringMatching(/^spininit \d+ 1 - Loading 0x[0-9a-f]{16} \(OE\+\)$/)]);
    // O, E and L (TAINT_SOFTLOCKUP)
    expect(of('cat /proc/sys/kernel/tainted')).toEqual([String(4096 + 8192 + 16384)]);
    expect(of('insmod hello/hello.ko')).toEqual([]);
    const log = messages(r.out);
    expect(log).toContainEqual(`watchdog: BUG: soft lockup - CPU#0 stuck for 0s! [insmod:${pid}]`);
    expect(log).toContainEqual(expect.stringMatching(/^pc : spininit_init\+0x[0-9a-f]+\/0x[0-9a-f]+ \[spininit\]$/));
    expect(r.text).not.toContain('Segmentation fault');
  });
});

describe('modules built for another machine or kernel, or needing what is not there', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'kmodlab-rejects-'));
  const vermagicOf = (path: string) => get_modinfo(parseElf(new Uint8Array(readFileSync(path))), 'vermagic')!;
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('an x86-64 relocatable from the host compiler: Linux 6.1\'s architecture check', () => {
    writeFileSync(join(tmp, 'x86mod.c'), 'int init_module(void) { return 0; }\n');
    const cc = spawnSync('gcc', ['-c', join(tmp, 'x86mod.c'), '-o', join(tmp, 'x86mod.ko')], { encoding: 'utf8' });
    expect(cc.status, cc.stderr).toBe(0);
    const machine = Buffer.from(readFileSync(join(tmp, 'x86mod.ko'))).readUInt16LE(18);
    // The host's own architecture (x86-64 = 62 where this runs), anything but AArch64 (183).
    expect(machine).not.toBe(183);
    const r = scenario(`insmod ${join(tmp, 'x86mod.ko')}\nlsmod\ndmesg`);
    expect(r.out.slice(0, 2)).toEqual([`insmod: ERROR: could not insert module ${join(tmp, 'x86mod.ko')}: Invalid module format`, 'Module                  Size  Used by']);
    expect(messages(r.out).filter((l) => l.startsWith('Invalid'))).toEqual([`Invalid architecture in ELF header: ${machine}`]);
    expect(r.err).toEqual([]);
  });

  it('another release: the release is ignored under modversions, without them vermagic refuses it', () => {
    const theirs = vermagicOf(ko('hello')).replace(/^\d/, (d) => String((Number(d) + 9) % 10));
    const withVersions = Buffer.from(readFileSync(ko('hello')));
    withVersions.write(`vermagic=${theirs}`, withVersions.indexOf('vermagic='), 'latin1');
    writeFileSync(join(tmp, 'hello-versions.ko'), withVersions);
    // A kernel without CONFIG_MODVERSIONS builds no __versions.
    execFileSync('aarch64-linux-gnu-objcopy', ['--strip-debug', '--remove-section', '__versions', join(tmp, 'hello-versions.ko'), join(tmp, 'hello-other.ko')]);
    expect(vermagicOf(join(tmp, 'hello-other.ko'))).toBe(theirs);
    const r = scenario(`insmod ${join(tmp, 'hello-other.ko')}\nlsmod\ninsmod ${join(tmp, 'hello-versions.ko')}\nlsmod\ndmesg`);
    expect(r.out.slice(0, 2)).toEqual([`insmod: ERROR: could not insert module ${join(tmp, 'hello-other.ko')}: Invalid module format`, 'Module                  Size  Used by']);
    expect(r.out[3]).toMatch(/^hello\s+\d+\s+0$/);
    const m = messages(r.out);
    expect(m).toContain(`hello: version magic '${theirs}' should be '${VERMAGIC_STRING}'`);
    // CONFIG_MODULE_FORCE_LOAD (Debian's): no module_layout CRC to check taints F and goes on.
    expect(m.indexOf('hello: module_layout: kernel tainted.')).toBeLessThan(m.findIndex((l) => l.includes('version magic')));
    expect(m.filter((l) => l.includes('version magic'))).toHaveLength(1);
  });

  it('several missing exports: one Unknown symbol line for each, insmod says Unknown symbol in module', () => {
    // calc imports what mathlib exports; without mathlib each of those is missing.
    const calc = parseElf(new Uint8Array(readFileSync(ko('calc'))));
    const mathlibExports = new Set(parseElf(image('mathlib')).symbols().filter((s) => s.name.startsWith('__ksymtab_')).map((s) => s.name.slice('__ksymtab_'.length)));
    const missing = calc.symbols().filter((s) => s.shndx === SHN_UNDEF && mathlibExports.has(s.name)).map((s) => s.name);
    expect(missing.length).toBeGreaterThan(1);
    const r = scenario(`insmod ${ko('calc')}\ndmesg`);
    expect(r.out[0]).toBe(`insmod: ERROR: could not insert module ${ko('calc')}: Unknown symbol in module`);
    const unknown = messages(r.out).filter((l) => l.includes('Unknown symbol'));
    expect(unknown.sort()).toEqual(missing.map((s) => `calc: Unknown symbol ${s} (err -2)`).sort());
  });
});

describe('scenario errors', () => {
  it('stops at a malformed line with FILE:LINE: message and status 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kml-'));
    const f = join(dir, 'bad.kml');
    writeFileSync(f, 'echo one\nbogus command\necho never\n');
    const r = spawnSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['run', f], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('$ echo one\none\n$ bogus command\n');
    expect(r.stderr).toBe(`${f}:2: unknown command 'bogus'\n`);
    for (const [line, msg] of [
      ['boot cpus=99', 'boot: cpus=99: the machine has 1 to 64 cores'],
      ['boot mem=lots', 'boot: mem=lots: expected a size from 16M to 2G (e.g. 64M)'],
      ['call f @nobuf', "call: no buffer named 'nobuf' (create it with buf)"],
      ['echo "open', 'unterminated double quote'],
    ]) {
      expect(scenario(`${line}\necho after`).err).toEqual([`${join(EXAMPLES, 'test.kml')}:1: ${msg}`]);
    }
  });

  it('reports failing commands the way the tools do and goes on', () => {
    const r = scenario('insmod nothere.ko\nrmmod nothere\ncat /proc/nothere\ncall cpu=9 mathlib_add\ncall nosuchfn\necho done');
    expect(r.status).toBe(0);
    expect(r.out).toEqual([
      'insmod: ERROR: could not load module nothere.ko: No such file or directory',
      'rmmod: ERROR: Module nothere is not currently loaded',
      'cat: /proc/nothere: No such file or directory',
      'call: cpu9 does not exist (the machine has 4 CPUs)',
      'call: nosuchfn: no such symbol',
      'done',
    ]);
  });

  it('accepts the same commands interactively (kmodlab shell on a pipe)', () => {
    const out = execFileSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['shell'], {
      cwd: EXAMPLES, input: 'insmod mathlib/mathlib.ko\ncall mathlib_add 2 3\nlsmod\nbogus\n', encoding: 'utf8',
    });
    expect(out.split('\n')).toEqual([
      '=> 0x5', 'Module                  Size  Used by', expect.stringMatching(/^mathlib\s+\d+  0$/),
      "kmodlab: unknown command 'bogus'", '',
    ]);
  });
});

describe('determinism', () => {
  it('gives the same instruction and cycle counts on every run', () => {
    const run = () => {
      const k = boot({ cpus: 4, seed: 3 });
      load_module(k, image('mathlib'), ko('mathlib'), '');
      load_module(k, image('calc'), ko('calc'), '');
      load_module(k, image('hello'), ko('hello'), 'howmany=3 numbers=1,2');
      const r = k.call(k.kallsyms.address('calc_run')!, [7n, 8n], { cpu: 2 });
      const counts = k.machine.cores.map((c) => c.instructions);
      const out = { r, counts, clock: k.sched.clock, log: messages(k.log.dmesg().split('\n')) };
      k.close();
      return out;
    };
    const a = run();
    expect(run()).toEqual(a);
    expect(a.counts[0]).toBeGreaterThan(0n);
  });
});

describe('vmalloc without an engine limit', () => {
  it('maps as many stacks as RAM holds, then gives ENOMEM, never an emulator abort', () => {
    const k = boot({ cpus: 1, mem: 32 << 20 });
    const msleep = k.kallsyms.address('msleep')!;
    let created = 0;
    let errno = 0;
    for (let i = 0; i < 4000; i++) {
      try {
        k.spawn(`s${i}`, 0, msleep, [1000n]);
        created++;
      } catch (e) {
        if (!(e instanceof KernelError)) throw e;
        errno = e.errno;
        break;
      }
    }
    expect(errno).toBe(12);
    // Far past the ~1,021 memory regions an engine held when each mapping was one.
    expect(created).toBeGreaterThan(1100);
    // Everything still works once the sleepers are gone.
    k.sched.runUntil(() => false, 2_000_000_000n);
    load_module(k, image('mathlib'), ko('mathlib'), '');
    expect(k.call(k.kallsyms.address('mathlib_add')!, [1n, 2n])).toEqual({ ok: true, ret: 3n });
    k.close();
  });
});

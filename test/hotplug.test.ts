// Device tables and hotplug (seed 002 item 1): devtable.c has two PCI, two USB and two
// device-tree tables; every table's entries reach modules.alias (as kmod's depmod writes it),
// and a hotplug event for a device of the SECOND PCI table loads devtable after its dependency
// mathlib; modprobe -r removes them in the reverse order. modules/examples/hotplug.kml is the
// scenario a user runs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario } from '../tools/console.ts';
import { depmodMain } from '../tools/kmod/depmod.ts';
import { EXAMPLES, messages } from './helpers.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const REAL = ['/sbin/depmod', '/usr/sbin/depmod'].find((p) => existsSync(p)) ?? null;
const V = UTS_RELEASE;
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function runFile(file: string) {
  const out: string[] = [];
  const { status, console: c } = runScenario(readFileSync(file, 'utf8'), file, (l) => out.push(l));
  c.kernel?.close();
  return { status, out };
}

/** The transcript lines printed by one command of a scenario. */
function outputOf(out: string[], command: string): string[] {
  const i = out.indexOf(`$ ${command}`);
  expect(i).toBeGreaterThanOrEqual(0);
  const rest = out.slice(i + 1);
  const j = rest.findIndex((l) => l.startsWith('$ '));
  return j < 0 ? rest : rest.slice(0, j);
}

describe('several device tables of one type in one module', () => {
  it('all reach modules.alias, as kmod depmod writes it', () => {
    const roots = ['kmod', 'ours'].map(() => mkdtempSync(join(tmpdir(), 'kmodlab-hotplug-')));
    dirs.push(...roots);
    for (const r of roots) {
      mkdirSync(join(r, 'lib', 'modules', V, 'kernel'), { recursive: true });
      for (const m of ['devtable', 'mathlib']) copyFileSync(join(EXAMPLES, m, `${m}.ko`), join(r, 'lib', 'modules', V, 'kernel', `${m}.ko`));
    }
    expect(depmodMain(['-b', roots[1], V], { stdout: () => {}, stderr: () => {} })).toBe(0);
    const alias = readFileSync(join(roots[1], 'lib', 'modules', V, 'modules.alias'), 'latin1');
    // first and second PCI table, first and second USB table, both device-tree tables
    for (const a of ['pci:v00001AF4d00001000sv*sd*bc*sc*i*', 'pci:v00008086d00001234sv*sd*bc*sc*i*', 'pci:v00008086d00001235sv000017AAsd00000001bc*sc*i*',
      'usb:v0BDAp8153d*dc*dsc*dp*ic*isc*ip*in*', 'usb:v0BDAp8156d*dc*dsc*dp*ic*isc*ip*in*', 'of:N*T*Ckmodlab,virtual-nic', 'of:N*T*Ckmodlab,virtual-nic-mgmtC*',
      'acpi*:KMOD0001:*', 'platform:kmodlab-nic']) {
      expect(alias).toContain(`alias ${a} devtable\n`);
    }
    expect(readFileSync(join(roots[1], 'lib', 'modules', V, 'modules.dep'), 'latin1')).toContain('kernel/devtable.ko: kernel/mathlib.ko\n');
    if (REAL) {
      expect(spawnSync(REAL, ['-b', roots[0], V]).status).toBe(0);
      for (const f of ['modules.alias', 'modules.alias.bin', 'modules.dep', 'modules.dep.bin']) {
        expect(readFileSync(join(roots[1], 'lib', 'modules', V, f)).equals(readFileSync(join(roots[0], 'lib', 'modules', V, f)))).toBe(true);
      }
    }
  });
});

describe('modules/examples/hotplug.kml', () => {
  const { status, out } = runFile(join(EXAMPLES, 'hotplug.kml'));

  it('states the seed it makes concrete and runs to the end', () => {
    expect(readFileSync(join(EXAMPLES, 'hotplug.kml'), 'utf8')).toMatch(/^# Seed 002 item 1: "Allow multiple MODULE_DEVICE_TABLE's of the same type/);
    expect(status).toBe(0);
  });

  it('finds the module for a device of the second PCI table', () => {
    expect(outputOf(out, 'modprobe -R pci:v00008086d00001234sv00001028sd00000001bc02sc80i00')).toEqual(['devtable']);
    expect(outputOf(out, 'modprobe --show-depends pci:v00008086d00001234sv00001028sd00000001bc02sc80i00')).toEqual([
      `insmod /lib/modules/${V}/extra/mathlib.ko `, `insmod /lib/modules/${V}/extra/devtable.ko `]);
  });

  it('a device nobody drives loads nothing', () => {
    expect(outputOf(out, 'hotplug pci:v0000DEADd0000BEEFsv00000000sd00000000bc00sc00i00')).toEqual([]);
    const lsmods = out.map((l, i) => (l === '$ lsmod' ? i : -1)).filter((i) => i >= 0);
    expect(out[lsmods[0] + 1]).toBe('Module                  Size  Used by');
    expect(out[lsmods[0] + 2]).toBe('$ hotplug pci:v00008086d00001234sv00001028sd00000001bc02sc80i00');
  });

  it('loads mathlib, then devtable, for the hotplug event', () => {
    const lines = out.slice(out.indexOf('$ hotplug pci:v00008086d00001234sv00001028sd00000001bc02sc80i00'));
    const ls = outputOf(lines, 'lsmod');
    expect(ls.map((l) => l.split(/\s+/)[0])).toEqual(['Module', 'devtable', 'mathlib']);
    expect(ls[2]).toMatch(/^mathlib\s+\d+\s+1 devtable$/);
    const log = messages(outputOf(out, 'dmesg'));
    const a = log.findIndex((l) => l === 'mathlib: loaded');
    const b = log.findIndex((l) => l.startsWith('devtable: would drive 5 PCI, 4 USB, 3 device-tree and 1 ACPI devices'));
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).toBeGreaterThan(a);
  });

  it('unplugging removes devtable, then mathlib', () => {
    expect(outputOf(out, 'modprobe -r -v devtable')).toEqual(['rmmod devtable', 'rmmod mathlib']);
    expect(out.slice(-2)).toEqual(['$ lsmod', 'Module                  Size  Used by']);
  });
});

// The loader end to end: real cross-built modules on the real engine, observed the way a user
// observes them (transcripts, errno messages, dmesg, /proc and /sys, memory accounting).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, messages, EXAMPLES } from './helpers.ts';
import { boot } from '../kernel/boot.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { load_module, delete_module } from '../kernel/module/main.ts';
import { KernelError, ENOENT, EEXIST, EINVAL, ENODEV, ENOEXEC } from '../kernel/errno.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const ko = (name: string) => join(EXAMPLES, name, `${name}.ko`);
const image = (name: string) => new Uint8Array(readFileSync(ko(name)));

/** Everything an allocator hands out, to compare against a baseline. */
function accounting(k: Kernel) {
  return { slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages };
}

function errnoOf(f: () => unknown): number {
  try {
    f();
  } catch (e) {
    if (e instanceof KernelError) return e.errno;
    throw e;
  }
  return 0;
}

describe('loading and unloading', () => {
  it('loads a module with parameters, shows it, and unloads it', () => {
    const r = scenario(`
insmod hello/hello.ko howmany=3 whom=kernel numbers=1,2,3
lsmod
cat /sys/module/hello/parameters/howmany
cat /sys/module/hello/parameters/whom
cat /sys/module/hello/parameters/numbers
cat /sys/module/hello/refcnt
cat /sys/module/hello/initstate
rmmod hello
lsmod
dmesg
`);
    expect(r.status).toBe(0);
    expect(r.err).toEqual([]);
    expect(r.out[0]).toBe('Module                  Size  Used by');
    expect(r.out[1]).toMatch(/^hello\s+\d+  0$/);
    expect(r.out.slice(2, 7)).toEqual(['3', 'kernel', '1,2,3', '0', 'live']);
    expect(r.out[7]).toBe('Module                  Size  Used by');
    const msgs = messages(r.out);
    expect(msgs).toContain('hello: loading out-of-tree module taints kernel.');
    expect(msgs).toContain('hello: module verification failed: signature and/or required key missing - tainting kernel');
    expect(msgs.filter((m) => /kernel/.test(m) && /hello|Hello/i.test(m)).length).toBeGreaterThan(0);
  });

  it('refuses an invalid parameter value with Linux\'s message and leaves nothing behind', () => {
    const k = boot();
    const base = accounting(k);
    expect(errnoOf(() => load_module(k, image('hello'), ko('hello'), 'howmany=abc'))).toBe(EINVAL);
    expect(k.log.dmesg()).toContain("hello: `abc' invalid for parameter `howmany'");
    expect(k.modules).toEqual([]);
    expect(accounting(k)).toEqual(base);
    k.close();
  });

  it('warns about an unknown parameter and loads anyway', () => {
    const r = scenario('insmod hello/hello.ko bogus=1\nlsmod\ndmesg');
    expect(r.out[1]).toMatch(/^hello /);
    expect(messages(r.out)).toContain("hello: unknown parameter 'bogus' ignored");
  });

  it('resolves an importer against its exporter, records "used by", refuses to unload the exporter', () => {
    const r = scenario(`
insmod calc/calc.ko
insmod mathlib/mathlib.ko
insmod calc/calc.ko
lsmod
cat /proc/modules
rmmod mathlib
call calc_run 6 7
rmmod calc
rmmod mathlib
lsmod
insmod mathlib/mathlib.ko
insmod calc/calc.ko
lsmod
dmesg
`);
    expect(r.status).toBe(0);
    expect(r.out[0]).toBe('insmod: ERROR: could not insert module calc/calc.ko: Unknown symbol in module');
    expect(r.out[1]).toBe('Module                  Size  Used by');
    expect(r.out[2]).toMatch(/^calc\s+\d+  0$/);
    expect(r.out[3]).toMatch(/^mathlib\s+\d+  1 calc$/);
    expect(r.out[4]).toMatch(/^calc \d+ 0 - Live 0x[0-9a-f]{16} \(OE\)$/);
    expect(r.out[5]).toMatch(/^mathlib \d+ 1 calc, Live 0x[0-9a-f]{16} \(OE\)$/);
    expect(r.out[6]).toBe('rmmod: ERROR: Module mathlib is in use by: calc');
    expect(r.out[7]).toMatch(/^=> 0x[0-9a-f]+$/);
    expect(r.out[8]).toBe('Module                  Size  Used by');
    expect(r.out[9]).toBe('Module                  Size  Used by');
    expect(r.out[10]).toMatch(/^calc /);
    expect(r.out[11]).toMatch(/^mathlib .* calc$/);
    expect(messages(r.out)).toContain('calc: Unknown symbol mathlib_add (err -2)');
  });

  it('says "File exists" for a second load and keeps the first', () => {
    const r = scenario('insmod hello/hello.ko\ninsmod hello/hello.ko\nlsmod');
    expect(r.out[0]).toBe('insmod: ERROR: could not insert module hello/hello.ko: File exists');
    expect(r.out.filter((l) => l.startsWith('hello '))).toHaveLength(1);
  });

  it('gives back every byte when init fails', () => {
    const k = boot();
    const base = accounting(k);
    expect(errnoOf(() => load_module(k, image('failinit'), ko('failinit'), ''))).toBe(ENODEV);
    expect(k.modules).toEqual([]);
    expect(accounting(k)).toEqual(base);
    const r = scenario('insmod failinit/failinit.ko');
    expect(r.out).toEqual(['insmod: ERROR: could not insert module failinit/failinit.ko: No such device']);
    k.close();
  });

  it('gives back every byte when symbols are missing, and after load + unload cycles', () => {
    const k = boot();
    const base = accounting(k);
    expect(errnoOf(() => load_module(k, image('badsym'), ko('badsym'), ''))).toBe(ENOENT);
    expect(accounting(k)).toEqual(base);
    for (let i = 0; i < 3; i++) {
      load_module(k, image('hello'), ko('hello'), 'whom=again howmany=2');
      delete_module(k, 'hello');
    }
    expect(accounting(k)).toEqual(base);
    k.close();
  });

  it('shows a module with init and no exit as [permanent]; only -f removes it, and taints', () => {
    const r = scenario(`
insmod noexit/noexit.ko
cat /proc/modules
rmmod noexit
rmmod -f noexit
lsmod
cat /proc/sys/kernel/tainted
`);
    expect(r.out[0]).toMatch(/^noexit \d+ 0 \[permanent\], Live 0x[0-9a-f]{16} \(OE\)$/);
    // libkmod's own line first, as kmod 30 prints it, then rmmod's.
    expect(r.out[1]).toBe("rmmod: ERROR: ../libkmod/libkmod-module.c:856 kmod_module_remove_module() could not remove 'noexit': Device or resource busy");
    expect(r.out[2]).toBe('rmmod: ERROR: could not remove module noexit: Device or resource busy');
    expect(r.out[3]).toBe('Module                  Size  Used by');
    // O (4096) + E (8192) + R (8)
    expect(Number(r.out[4]) & 8).toBe(8);
  });

  it('refuses a module with a wrong CRC or vermagic the way Linux does', () => {
    const k = boot();
    const base = accounting(k);
    // Flip one byte of the module_layout CRC in __versions.
    const img = image('hello');
    const idx = Buffer.from(img).indexOf('module_layout');
    const bad = img.slice();
    bad[idx - 8] ^= 0xff;
    expect(errnoOf(() => load_module(k, bad, 'hello.ko', ''))).toBe(ENOEXEC);
    expect(k.log.dmesg()).toContain('hello: disagrees about version of symbol module_layout');
    // A vermagic from another configuration.
    const vm = Buffer.from(img);
    const at = vm.indexOf('SMP mod_unload');
    vm.write('XMP', at, 'latin1');
    expect(errnoOf(() => load_module(k, new Uint8Array(vm), 'hello.ko', ''))).toBe(ENOEXEC);
    expect(k.log.dmesg()).toMatch(new RegExp(`hello: version magic '${esc(UTS_RELEASE)} XMP mod_unload.*' should be '${esc(UTS_RELEASE)} SMP mod_unload modversions aarch64'`));
    expect(accounting(k)).toEqual(base);
    // insmod -f forces past both and taints F.
    const r = scenario('insmod -f hello/hello.ko\ncat /proc/modules');
    expect(r.out[0]).toMatch(/^hello .*\(OFE\)$|^hello .*\(FOE\)$/);
    k.close();
  });
});

describe('calls into unloaded modules', () => {
  for (const placement of ['kmalloc', 'vmalloc'] as const) {
    it(`are caught and named (${placement} placement)`, () => {
      const k = boot({ modulePlacement: placement });
      const m = load_module(k, image('mathlib'), ko('mathlib'), '');
      expect(m.core!.placement).toBe(placement);
      const add = k.kallsyms.address('mathlib_add')!;
      const ok = k.call(add, [2n, 3n], { cpu: 1 });
      expect(ok).toEqual({ ok: true, ret: 5n });
      delete_module(k, 'mathlib');
      const r = k.call(add, [2n, 3n], { cpu: 2 });
      expect(r.ok).toBe(false);
      if (r.ok || !('fault' in r)) throw new Error('expected a fault');
      expect(r.fault.cpu).toBe(2);
      expect(r.fault.pc).toBe(add);
      expect(r.oops[0]).toContain('call into unloaded module mathlib');
      expect(r.oops.join('\n')).toMatch(/pc : mathlib_add\+0x0\/0x[0-9a-f]+ \[mathlib\] \(unloaded\)/);
      // The machine keeps running: a fresh load works and answers.
      load_module(k, image('mathlib'), ko('mathlib'), '');
      expect(k.call(k.kallsyms.address('mathlib_add')!, [20n, 22n])).toEqual({ ok: true, ret: 42n });
      k.close();
    });
  }
});

describe('placement', () => {
  it('puts a module smaller than a page in kmalloc memory unless told otherwise', () => {
    const k = boot();
    const m = load_module(k, image('mathlib'), ko('mathlib'), '');
    expect(m.coreSize).toBeLessThan(4096);
    expect(m.core!.placement).toBe('kmalloc');
    expect(m.core!.base >= 0xffff800080000000n).toBe(true);
    k.close();
    const v = boot({ modulePlacement: 'vmalloc' });
    const m2 = load_module(v, image('mathlib'), ko('mathlib'), '');
    expect(m2.core!.placement).toBe('vmalloc');
    expect(m2.core!.base >= 0xffff800000000000n && m2.core!.base < 0xffff800008000000n).toBe(true);
    expect(m2.coreSize % 4096).toBe(0);
    v.close();
  });
});

describe('determinism', () => {
  it('gives the same transcript, timestamps and cycles on every run', () => {
    const text = `
boot cpus=4 seed=7
insmod mathlib/mathlib.ko
insmod calc/calc.ko
insmod hello/hello.ko howmany=2 whom=twice
call cpu=3 calc_run 40 2
buf b 16 "123456789"
call cpu=1 mathlib_checksum @b 9
rmmod hello
dmesg
`;
    const a = scenario(text, { echo: true });
    const b = scenario(text, { echo: true });
    expect(a.out).toEqual(b.out);
    expect(a.out.some((l) => /^\[\s*\d+\.\d{6}\] /.test(l) && !/\[\s*0\.000000\]/.test(l))).toBe(true);
  });
});

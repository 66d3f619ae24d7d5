// request_module on the example machine: __request_module (kernel/core/kmod.c) runs
// "/sbin/modprobe -q -- NAME" through the machine's user-mode helper (kernel/kmod.ts →
// kernel/umh.ts → tools/umh.ts → the program table's modprobe over the indexed module
// directory), quietly; a machine the tools did not boot has no modprobe.
import { describe, it, expect } from 'vitest';
import { scenario } from './helpers.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { boot } from '../kernel/boot.ts';
import { bootMachine } from '../tools/boot.ts';
import { findModule, find_symbol } from '../kernel/module/lookup.ts';

function requestModule(k: Kernel, name: string): bigint {
  const s = k.slab.kmalloc(64)!;
  k.machine.write(s, new Uint8Array(Buffer.from(name + '\0', 'latin1')));
  const r = k.call(find_symbol(k, '__request_module')!.addr, [1n, s]);
  if (!r.ok) throw new Error('__request_module did not return');
  return BigInt.asIntN(32, r.ret);
}

describe('request_module', () => {
  it('loads by name and by alias with dependencies, prints nothing, and gives modprobe\'s wait status', () => {
    const r = scenario(`
call __request_module 1 "hello"
call __request_module 1 "kmodlab-nic"
call __request_module 1 "nosuch"
lsmod
`);
    expect(r.out).toEqual([
      '=> 0x0',
      '=> 0x0',
      '=> 0x100',
      'Module                  Size  Used by',
      expect.stringMatching(/^devtable +\d+  0$/),
      expect.stringMatching(/^mathlib +\d+  1 devtable$/),
      expect.stringMatching(/^hello +\d+  0$/),
    ]);
  });

  it('is -ENOENT on a machine without a user-mode helper, and works once the tools boot it', () => {
    const bare = boot({ cpus: 1 });
    try {
      expect(requestModule(bare, 'hello')).toBe(-2n);
      expect(findModule(bare, 'hello')).toBeUndefined();
    } finally {
      bare.close();
    }
    const k = bootMachine({ cpus: 1 });
    try {
      expect(requestModule(k, 'hello')).toBe(0n);
      expect(findModule(k, 'hello')?.state).toBe('LIVE');
    } finally {
      k.close();
    }
  });
});

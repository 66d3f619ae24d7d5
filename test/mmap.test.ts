// mmap(2) of a module's memory, as a user process does it: the driver's ->mmap() puts page table
// entries at a user address (remap_pfn_range of __get_free_pages memory at virt_to_phys(), and
// remap_vmalloc_range of vmalloc_user memory), the process's own loads and stores go through the
// cores' MMU, a mapping holds the module like an open file, and bad requests get mmap(2)'s errno.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { outputOf, memoryAccounting, consoleSession } from './helpers.ts';

const session = consoleSession;

const accounting = memoryAccounting;
const userMappings = (k: Kernel) => k.machine.mappings().filter((m) => m.va < 1n << 48n && m.name === 'user mmap');

describe('mmap of a module buffer', () => {
  it('shares the driver\'s pages: what write() stored the mapping shows, and a store through it read() returns', () => {
    const s = session([
      'insmod mmapbuf/mmapbuf.ko pages=2', 'echo hello > /dev/mmapbuf', 'open f /dev/mmapbuf rw',
      'mmap m f 8192', 'peek m 0 6', 'poke m 0 HELLO', 'poke m 4096 second-page', 'cat /dev/mmapbuf',
      'mmap r f 8192 65536', 'peek r', 'peek m 4096',
    ]);
    // the first mapping, top down from arm64's mmap_base (TASK_SIZE - 128 MiB) without randomisation
    expect(s.of('mmap m f 8192')).toEqual(['mmap => 0xfffff7ffe000']);
    // the next one right below it, as vm_unmapped_area() finds the highest gap
    expect(s.of('mmap r f 8192 65536')).toEqual(['mmap => 0xfffff7ffc000']);
    expect(s.of('peek m 0 6')).toEqual(['hello']);
    expect(s.of('poke m 0 HELLO')).toEqual([]);
    expect(s.of('cat /dev/mmapbuf')).toEqual(['HELLO']);
    expect(s.of('peek m 4096')).toEqual(['second-page']);
    // the vmalloc_user ring: vmalloc_to_pfn() in the module names the page the user sees
    const ring = s.of('peek r');
    expect(ring).toHaveLength(1);
    const pfn = Number(/^ring: vmalloc_user memory at page (\d+)$/.exec(ring[0])![1]);
    const [first] = userMappings(s.k).filter((m) => m.va === 0xfffff7ffc000n);
    expect(first.pa / 4096).toBe(pfn);
    // every user page is a 4 KiB PTE in TTBR0's tables: the ring's two pages and the buffer's two
    expect(userMappings(s.k).reduce((n, m) => n + m.size / 4096, 0)).toBe(4);
    s.k.close();
  });

  it('holds the module until the last munmap, after close; memory goes back to what it was', () => {
    // a first round makes what stays: the shell's descriptor table, the slab caches' pages
    const s = session(['insmod mmapbuf/mmapbuf.ko', 'open f /dev/mmapbuf rw', 'mmap m f 4096', 'munmap m', 'close f', 'rmmod mmapbuf']);
    const base = accounting(s.k);
    s.out.length = 0;
    session([
      'insmod mmapbuf/mmapbuf.ko', 'open f /dev/mmapbuf rw', 'mmap m f 4096', 'mmap r f 4096 69632', 'lsmod',
      'close f', 'rmmod mmapbuf', 'munmap m', 'rmmod mmapbuf', 'peek m', 'munmap r', 'rmmod mmapbuf', 'dmesg',
    ], s.c, s.out);
    // the open file's reference (fops_get) and each vma's file reference hold it
    expect(s.of('lsmod')).toEqual(['Module                  Size  Used by', expect.stringMatching(/^mmapbuf\s+\d+\s+1$/)]);
    expect(s.of('rmmod mmapbuf', 0)).toEqual(['rmmod: ERROR: Module mmapbuf is in use']);
    expect(s.of('rmmod mmapbuf', 1)).toEqual(['rmmod: ERROR: Module mmapbuf is in use']);
    expect(s.of('rmmod mmapbuf', 2)).toEqual([]);
    // the munmap'ed range is gone from the page tables: a load through the old pointer faults
    expect(s.of('peek m')).toEqual(['peek: Segmentation fault (address 0xfffff7fff000)']);
    // the vma's ->close() ran at each munmap, in the order of the munmaps (after the first round's)
    const closes = s.of('dmesg').filter((l) => /unmapped/.test(l)).map((l) => l.replace(/^\[[^\]]*\] /, '')).slice(1);
    expect(closes).toEqual([
      'mmapbuf: unmapped 4096 bytes at offset 0x0 (1 mappings left)',
      'mmapbuf: unmapped 4096 bytes at offset 0x11000 (0 mappings left)',
    ]);
    expect(s.of('dmesg').filter((l) => /WARNING|Oops|BUG/.test(l))).toEqual([]);
    expect(userMappings(s.k)).toEqual([]);
    expect(accounting(s.k)).toEqual(base);
    s.k.close();
  });

  it('refuses bad requests with mmap(2)\'s errno, and a bad access is the process\'s SIGSEGV', () => {
    const s = session([
      'insmod mmapbuf/mmapbuf.ko ring_user=0', 'open f /dev/mmapbuf rw', 'open ro /dev/mmapbuf r', 'open p /proc/modules r',
      'mmap a p 4096 r', 'mmap a ro 4096', 'mmap a ro 4096 r', 'peek a 0 4', 'poke a 0 x', 'peek a 4090 10',
      'mmap b f 8192', 'mmap b f 4096 100', 'mmap b f 4096 65536', 'mmap b f 0', 'spawn s repeat=3 peek a 0 1', 'join s',
      'munmap a', 'close f', 'close ro', 'close p', 'rmmod mmapbuf',
    ]);
    expect(s.of('mmap a p 4096 r')).toEqual(['mmap: No such device']);
    // PROT_WRITE on a MAP_SHARED mapping of a file opened read-only
    expect(s.of('mmap a ro 4096')).toEqual(['mmap: Permission denied']);
    expect(s.of('mmap a ro 4096 r')).toEqual(['mmap => 0xfffff7fff000']);
    expect(s.of('peek a 0 4')).toEqual(['hex:00000000']);
    expect(s.of('poke a 0 x')).toEqual(['poke: Segmentation fault (address 0xfffff7fff000)']);
    expect(s.of('peek a 4090 10')).toEqual(['peek: Segmentation fault (address 0xfffff8000000)']);
    // the driver refuses more than its buffer; an offset must be a page multiple; a length must not be 0;
    // vzalloc memory is no VM_USERMAP area, which remap_vmalloc_range() refuses
    for (const l of ['mmap b f 8192', 'mmap b f 4096 100', 'mmap b f 4096 65536', 'mmap b f 0']) expect(s.of(l)).toEqual(['mmap: Invalid argument']);
    expect(s.of('join s')).toEqual(['hex:00', 'hex:00', 'hex:00', 's exited 0']);
    expect(s.of('rmmod mmapbuf')).toEqual([]);
    expect(userMappings(s.k)).toEqual([]);
    s.k.close();
  });

  it('keeps mapping names for the foreground: a spawned mmap or an unknown name is a usage error', () => {
    const s = session(['insmod mmapbuf/mmapbuf.ko', 'open f /dev/mmapbuf rw']);
    expect(() => s.c.exec('spawn s mmap c f 4096')).toThrow('spawn: mmap names a mapping: run it in the foreground');
    expect(() => s.c.exec('peek zz')).toThrow("peek: no mapping named 'zz' (map one with: mmap zz FD LENGTH)");
    expect(() => s.c.exec('mmap')).toThrow('usage: mmap MAP FD LENGTH [OFFSET] [r|w|rw] [cpu=N]');
    s.k.close();
  });

  it('the example scenario (modules/examples/mmap.kml) runs to its stated end through the command line', () => {
    const r = spawnSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['run', join(REPO_ROOT, 'modules', 'examples', 'mmap.kml')], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    const out = r.stdout.trimEnd().split('\n');
    expect(outputOf(out, 'peek ring')).toEqual([expect.stringMatching(/^ring: vmalloc_user memory at page \d+$/)]);
    expect(outputOf(out, 'peek buf 4096')).toEqual(['second page']);
    expect(outputOf(out, 'rmmod mmapbuf')).toEqual(['rmmod: ERROR: Module mmapbuf is in use']);
    expect(outputOf(out, 'rmmod mmapbuf', 1)).toEqual([]);
    expect(out.at(-1)).toBe('peek: Segmentation fault (address 0xfffff7ffe000)');
  });
});

// The MMU: cores translate through page tables in RAM (emu/mmu.ts, walked by the native fill
// hook), with permissions from the descriptors, exact fault addresses for every load/store
// class (encoded by the real assembler), TLB invalidation when a range is unmapped, and no
// limit on the number of mappings.
import { describe, it, expect, afterEach } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Machine, Reg, PROT } from '../emu/machine.ts';
import { PAGE_OFFSET, CALL_SENTINEL, VMALLOC_START } from '../emu/address-map.ts';
import { bootMachine } from '../tools/boot.ts';

const CODE = PAGE_OFFSET + 0x100000n;
const STACK = PAGE_OFFSET + 0x300000n;

let machines: Machine[] = [];
function machine(cpus = 1, tlb = false) {
  const m = new Machine({ cpus, memBytes: 64 << 20, tlb: tlb ? { l2HitCycles: 7, walkLevelCycles: 20 } : undefined });
  machines.push(m);
  return m;
}
afterEach(() => {
  for (const m of machines) m.close();
  machines = [];
});

function put(m: Machine, va: bigint, words: number[]) {
  m.write(va, new Uint8Array(new Uint32Array(words).buffer));
  m.invalidateCode(va, words.length * 4);
}

function callOn(m: Machine, pc: bigint, regs: Record<number, bigint> = {}) {
  const c = m.cores[0];
  for (const [i, v] of Object.entries(regs)) c.setX(Number(i), v);
  c.setReg(Reg.X[30], CALL_SENTINEL);
  c.sp = STACK;
  c.pc = pc;
  let r;
  do r = c.run(10_000); while (r.kind === 'budget');
  return r;
}

/** Each line assembled by GNU as into its 32-bit encoding. */
function assemble(lines: string[]): number[] {
  const dir = mkdtempSync(join(tmpdir(), 'kmodlab-mmu-'));
  writeFileSync(join(dir, 'a.S'), `.arch armv8.1-a\n.text\n${lines.join('\n')}\n`);
  execFileSync('aarch64-linux-gnu-as', ['-o', join(dir, 'a.o'), join(dir, 'a.S')]);
  execFileSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'a.o'), join(dir, 'a.bin')]);
  const b = readFileSync(join(dir, 'a.bin'));
  return Array.from({ length: b.length / 4 }, (_, i) => b.readUInt32LE(i * 4));
}

describe('MMU', () => {
  it('maps the linear map with 2 MiB blocks and vmalloc memory page by page; the tables and the host agree', () => {
    const k = bootMachine({ cpus: 2 });
    try {
      const m = k.machine;
      // A linear-map address sits in a level-2 block: one table walk serves 2 MiB.
      expect(m.pageTables.lookup(PAGE_OFFSET + 0x345678n)).toEqual({ pa: 0x345678, perms: PROT.RWX, span: 2 << 20 });
      const used = m.pageTables.used;
      const v = k.vmalloc.alloc(3 * 4096 + 1, 'test');
      expect(m.pageTables.lookup(v + 0x3000n)?.perms).toBe(PROT.RWX);
      expect(m.pageTables.lookup(v + 0x3000n)?.span).toBe(4096);
      expect(m.pageTables.lookup(v + 0x4000n)).toBeNull(); // the guard page
      for (const mp of m.mappings()) {
        for (let o = 0; o < mp.size; o += 4096 * 37) {
          expect(m.pageTables.lookup(mp.va + BigInt(o))?.pa).toBe(m.translate(mp.va + BigInt(o)));
        }
      }
      k.vmalloc.free(v);
      expect(m.pageTables.lookup(v)).toBeNull();
      expect(m.pageTables.used).toBeGreaterThanOrEqual(used);
    } finally {
      k.close();
    }
  });

  it('takes permissions from the descriptors: a store to a read-only page, a fetch from a data page', () => {
    const m = machine();
    const va = VMALLOC_START + 0x200000n;
    m.map(va, 0x800000, 8192, PROT.RW, 'data');
    m.protect(va + 0x1000n, 0x1000, PROT.R);
    put(m, CODE, [0xf9000001, 0xd65f03c0]); // str x1, [x0]; ret
    expect(callOn(m, CODE, { 0: va + 8n, 1: 7n }).kind).toBe('sentinel');
    expect(m.readU64(va + 8n)).toBe(7n);
    expect(callOn(m, CODE, { 0: va + 0x1010n, 1: 7n })).toMatchObject({ kind: 'fault', fault: { kind: 'write-prot', pc: CODE, address: va + 0x1010n } });
    m.write(va, new Uint8Array(new Uint32Array([0xd65f03c0]).buffer)); // ret, in a page without X
    expect(callOn(m, va)).toMatchObject({ kind: 'fault', fault: { kind: 'fetch-prot', pc: va, address: va } });
    m.protect(va, 0x1000, PROT.RX);
    m.invalidateCode(va, 4);
    expect(callOn(m, va).kind).toBe('sentinel');
  });

  it('names the faulting byte for every load/store class, as a data abort\'s FAR does', () => {
    const m = machine();
    const U = VMALLOC_START + 0x400000n; // unmapped
    m.map(U - 0x1000n, 0x900000, 0x1000, PROT.RW, 'the page before');
    const cases: [string, bigint, 'read' | 'write'][] = [
      ['ldr x0, [x1]', 0x100n, 'read'],
      ['ldr x0, [x1, #8]', 0x108n, 'read'],
      ['ldur x0, [x1, #-3]', 0xfdn, 'read'],
      ['ldr x0, [x1, #16]!', 0x110n, 'read'],
      ['ldr x0, [x1], #16', 0x100n, 'read'],
      ['ldr x0, [x1, x2]', 0x120n, 'read'],
      ['ldr x0, [x1, x2, lsl #3]', 0x200n, 'read'],
      ['ldr w0, [x1, w3, sxtw #2]', 0xf0n, 'read'],
      ['ldrb w0, [x1, #5]', 0x105n, 'read'],
      ['strh w0, [x1, #2]', 0x102n, 'write'],
      ['ldp x0, x4, [x1, #32]', 0x120n, 'read'],
      ['stp x0, x4, [x1, #-16]!', 0xf0n, 'write'],
      ['ldxr x0, [x1]', 0x100n, 'read'],
      ['stlr x0, [x1]', 0x100n, 'write'],
      ['ldr q0, [x1, #32]', 0x120n, 'read'],
      ['ld1 {v0.16b}, [x1]', 0x100n, 'read'],
      ['ldtr x0, [x1, #-8]', 0xf8n, 'read'],
    ];
    const words = assemble(cases.map(([a]) => a));
    cases.forEach(([text, off, access], i) => {
      put(m, CODE, [words[i], 0xd65f03c0]);
      const r = callOn(m, CODE, { 1: U + 0x100n, 2: 0x20n, 3: 0xfffffffcn });
      expect(r, text).toMatchObject({ kind: 'fault', fault: { kind: `${access}-unmapped`, pc: CODE, address: U + off } });
    });
    // An access that starts in the mapped page before faults at the first byte of the next.
    put(m, CODE, [assemble(['ldr x0, [x1]'])[0], 0xd65f03c0]);
    expect(callOn(m, CODE, { 1: U - 4n })).toMatchObject({ kind: 'fault', fault: { kind: 'read-unmapped', address: U } });
  });

  it('invalidates every core\'s TLB when a range is unmapped: a remapped range reads its new pages', () => {
    const m = machine(2);
    put(m, CODE, [0xf9400004, 0xd65f03c0]); // ldr x4, [x0]; ret
    const va = VMALLOC_START + 0x10000n;
    for (let round = 0; round < 3; round++) {
      const pa = 0x1000000 + round * 0x10000;
      for (let p = 0; p < 4; p++) m.ram.view.setBigUint64(pa + p * 4096 + 0xff0, BigInt(round * 16 + p), true);
      m.map(va, pa, 4 * 4096, PROT.RW, 'stack');
      for (let p = 0; p < 4; p++) {
        callOn(m, CODE, { 0: va + BigInt(p * 4096 + 0xff0) });
        expect(m.cores[0].x(4)).toBe(BigInt(round * 16 + p));
      }
      m.unmap(va);
      expect(callOn(m, CODE, { 0: va + 0xff0n })).toMatchObject({ kind: 'fault', fault: { kind: 'read-unmapped', address: va + 0xff0n } });
    }
  });

  it('has no limit on the number of mappings: 3,000 separate pages, each reachable', () => {
    const m = machine();
    put(m, CODE, [0xf9400004, 0xd65f03c0]);
    const base = VMALLOC_START + 0x1000000n;
    for (let i = 0; i < 3000; i++) {
      m.map(base + BigInt(i * 0x2000), 0x1000000 + i * 0x1000, 0x1000, PROT.RW, `page ${i}`);
      m.writeU64(base + BigInt(i * 0x2000), BigInt(i));
    }
    for (const i of [0, 1021, 2999]) {
      callOn(m, CODE, { 0: base + BigInt(i * 0x2000) });
      expect(m.cores[0].x(4)).toBe(BigInt(i));
    }
    expect(m.mappings().length).toBe(3000 + 2);
  });

  it('prices TLB misses: a module-area buffer striding past the data TLB walks, the linear map\'s blocks do not', () => {
    const m = machine(1, true);
    const loop = assemble([
      'outer: mov x3, x0', 'mov x4, x1',
      'inner: ldr x5, [x3]', 'add x3, x3, #4096', 'subs x4, x4, #1', 'b.ne inner',
      'subs x2, x2, #1', 'b.ne outer', 'ret',
    ]);
    put(m, CODE, loop);
    const buf = VMALLOC_START + 0x800000n;
    m.map(buf, 0x2000000, 64 * 4096, PROT.RW, 'buffer');
    const run = (base: bigint, pages: number) => {
      const before = m.tlbStats(0)!;
      const c0 = m.cycles(0);
      callOn(m, CODE, { 0: base, 1: BigInt(pages), 2: 50n });
      const after = m.tlbStats(0)!;
      return { l1d: after.l1dMisses - before.l1dMisses, walks: after.walks - before.walks, extra: m.cycles(0) - c0 - (after.cycles - before.cycles) };
    };
    // 16 pages fit the 32-entry L1 data TLB: only the first round misses.
    expect(run(buf, 16).l1d).toBe(16n);
    // 64 pages thrash it (LRU): every access of every round misses L1; L2 holds them after round one.
    const wide = run(buf + 16n * 4096n, 48);
    expect(wide.l1d).toBe(48n * 50n);
    // The same stride through the linear map stays inside one 2 MiB block: one entry, at most one miss.
    expect(run(PAGE_OFFSET + 0x2800000n, 48).l1d).toBeLessThanOrEqual(1n);
    expect(m.tlbStats(0)!.cycles).toBeGreaterThan(0n);
  });
});


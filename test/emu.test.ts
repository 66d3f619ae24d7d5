// The machine on the real Unicorn engine: exact instruction counts, faults, code invalidation,
// shared RAM between cores, LSE atomics on the MAX CPU model, deterministic scheduling.
import { describe, it, expect, afterEach } from 'vitest';
import { Machine, Reg } from '../emu/machine.ts';
import { Scheduler } from '../emu/scheduler.ts';
import { PAGE_OFFSET, CALL_SENTINEL } from '../emu/address-map.ts';

const CODE = PAGE_OFFSET + 0x100000n;
const DATA = PAGE_OFFSET + 0x200000n;
const STACK = PAGE_OFFSET + 0x300000n;

function put(m: Machine, va: bigint, words: number[]) {
  m.write(va, new Uint8Array(new Uint32Array(words).buffer));
  m.invalidateCode(va, words.length * 4);
}

// mov x0,#0; 1: add x0,x0,#1; cmp x0,x1; b.ne 1b; ret
const LOOP = [0xd2800000, 0x91000400, 0xeb01001f, 0x54ffffc1, 0xd65f03c0];

let machines: Machine[] = [];
function machine(cpus = 2) {
  const m = new Machine({ cpus, memBytes: 32 << 20 });
  machines.push(m);
  return m;
}
afterEach(() => {
  for (const m of machines) m.close();
  machines = [];
});

function callOn(m: Machine, cpu: number, pc: bigint, args: bigint[], budget = 1000) {
  const c = m.cores[cpu];
  args.forEach((a, i) => c.setX(i, a));
  c.setReg(Reg.X[30], CALL_SENTINEL);
  c.sp = STACK;
  c.pc = pc;
  let r;
  do r = c.run(budget); while (r.kind === 'budget');
  return r;
}

describe('machine', () => {
  it('counts every instruction exactly, whatever the slice', () => {
    for (const slice of [7, 100, 10_000]) {
      const m = machine(1);
      put(m, CODE, LOOP);
      const r = callOn(m, 0, CODE, [0n, 1000n], slice);
      expect(r.kind).toBe('sentinel');
      expect(m.cores[0].x(0)).toBe(1000n);
      // mov + 1000 × (add, cmp, b.ne) + ret
      expect(m.cores[0].instructions).toBe(3002n);
    }
  });

  it('runs freshly written code, not a stale translation', () => {
    const m = machine(1);
    put(m, CODE, [0xd2800540, 0xd65f03c0]); // mov x0,#42; ret
    callOn(m, 0, CODE, []);
    expect(m.cores[0].x(0)).toBe(42n);
    put(m, CODE, [0xd2800f60, 0xd65f03c0]); // mov x0,#123; ret
    callOn(m, 0, CODE, []);
    expect(m.cores[0].x(0)).toBe(123n);
  });

  it('reports an unmapped fetch with the exact PC and a store to read-only memory', () => {
    const m = machine(1);
    const r = callOn(m, 0, 0xffff800000123000n, []);
    expect(r).toMatchObject({ kind: 'fault', fault: { kind: 'fetch-unmapped', pc: 0xffff800000123000n } });
    // str x1, [x0]; ret — into the read-only call sentinel page
    put(m, CODE, [0xf9000001, 0xd65f03c0]);
    const w = callOn(m, 0, CODE, [CALL_SENTINEL + 64n, 5n]);
    expect(w).toMatchObject({ kind: 'fault', fault: { kind: 'write-prot', pc: CODE, address: CALL_SENTINEL + 64n } });
  });

  it('turns brk and undefined instructions into faults, svc into traps', () => {
    const m = machine(1);
    put(m, CODE, [0xd4210000]); // brk #0x800
    expect(callOn(m, 0, CODE, [])).toMatchObject({ kind: 'fault', fault: { kind: 'brk', imm: 0x800, pc: CODE } });
    put(m, CODE, [0x00000000]); // udf #0
    expect(callOn(m, 0, CODE, [])).toMatchObject({ kind: 'fault', fault: { kind: 'undefined-instruction', pc: CODE } });
    const seen: number[] = [];
    m.trapHandler = (core, t) => { seen.push(t.imm); core.setX(0, 77n); return { action: 'continue' }; };
    put(m, CODE, [0xd4000e61, 0xd65f03c0]); // svc #0x73; ret
    expect(callOn(m, 0, CODE, []).kind).toBe('sentinel');
    expect(seen).toEqual([0x73]);
    expect(m.cores[0].x(0)).toBe(77n);
  });

  it('shares RAM between cores and runs LSE atomics (ldaddal)', () => {
    const m = machine(2);
    // ldaddal x1, x2, [x0]; mov x0, x2; ret
    put(m, CODE, [0xf8e10002, 0xaa0203e0, 0xd65f03c0]);
    m.writeU64(DATA, 10n);
    callOn(m, 0, CODE, [DATA, 5n]);
    callOn(m, 1, CODE, [DATA, 7n]);
    expect(m.readU64(DATA)).toBe(22n);
    expect(m.cores[1].x(0)).toBe(15n);
  });

  it('schedules threads on cores deterministically', () => {
    const run = () => {
      const m = machine(2);
      put(m, CODE, LOOP);
      const s = new Scheduler(m, { slice: 500 });
      const a = s.spawn({ name: 'a', cpu: 0, entry: CODE, args: [0n, 3000n], stackTop: STACK });
      const b = s.spawn({ name: 'b', cpu: 1, entry: CODE, args: [0n, 1000n], stackTop: STACK - 0x1000n });
      const c = s.spawn({ name: 'c', cpu: 1, entry: CODE, args: [0n, 2000n], stackTop: STACK - 0x2000n });
      const order: string[] = [];
      s.events.exit = (t) => order.push(`${t.name}@${s.clock}`);
      expect(s.runUntil(() => a.done && b.done && c.done)).toBe('done');
      expect([a.ret, b.ret, c.ret]).toEqual([3000n, 1000n, 2000n]);
      return order.join(' ');
    };
    const first = run();
    expect(run()).toBe(first);
    // b and c share cpu1 in slices, so b (shorter) finishes first, then a, then c.
    expect(first.split(' ').map((x) => x.split('@')[0])).toEqual(['b', 'a', 'c']);
  });
});

// make bench's emulator throughput: one counting loop run by the machine (bootMachine: the
// native per-block counter and the deterministic slicer, one slice after another) and by a
// bare Unicorn engine (uc_emu_start once, no hook at all), in the same process. Host time:
// figures of this host, never fed to the emulation, stated as such.
import { performance } from 'node:perf_hooks';
import { bootMachine } from '../boot.ts';
import { TICKLESS } from '../../kernel/options.ts';
import { Engine, HostMemory, Reg, UC_PROT_ALL } from '../../emu/unicorn.ts';
import type { Table } from './table.ts';
import type { Plot } from './plot.ts';

// mov x0,#0; 1: add x0,x0,#1; cmp x0,x1; b.ne 1b; ret -- 2 + 3n instructions for n iterations.
export const LOOP = [0xd2800000, 0x91000400, 0xeb01001f, 0x54ffffc1, 0xd65f03c0];
const loopInstructions = (n: number) => 2 + 3 * n;

export interface ThroughputFigure { engine: string; slice: number | null; instructions: number; ms: number; mips: number }

export function slicedThroughput(slice: number, iterations: number): ThroughputFigure {
  // no timer interrupt: the machine runs the loop alone, every instruction counted is the loop's
  const k = bootMachine({ cpus: 1, slice, tick: TICKLESS });
  try {
    const code = k.slab.kmalloc(4096);
    k.machine.write(code, new Uint8Array(new Uint32Array(LOOP).buffer));
    k.machine.invalidateCode(code, 4096);
    const before = k.machine.instructions();
    const t0 = performance.now();
    const r = k.call(code, [0n, BigInt(iterations)]);
    const ms = performance.now() - t0;
    const n = Number(k.machine.instructions() - before);
    if (!r.ok || r.ret !== BigInt(iterations)) throw new Error('bench: the counting loop faulted on the machine');
    return { engine: 'machine (slicer)', slice, instructions: n, ms, mips: n / ms / 1000 };
  } finally {
    k.close();
  }
}

/** The same loop on one engine with nothing hooked: Unicorn's own speed on this host. */
export function rawThroughput(iterations: number): ThroughputFigure {
  const base = 0x10000n, size = 0x10000;
  const mem = new HostMemory(size);
  const e = new Engine();
  try {
    e.mapPtr(base, size, UC_PROT_ALL, mem, 0);
    mem.bytes.set(new Uint8Array(new Uint32Array(LOOP).buffer), 0);
    const ret = base + BigInt(LOOP.length * 4); // past the ret: where uc_emu_start stops
    e.setReg(Reg.X[1], BigInt(iterations));
    e.setReg(Reg.X[30], ret);
    e.setReg(Reg.SP, base + BigInt(size));
    const t0 = performance.now();
    const rc = e.start(base, ret);
    const ms = performance.now() - t0;
    if (rc !== 0 || e.reg(Reg.X[0]) !== BigInt(iterations)) throw new Error(`bench: the counting loop failed on a bare engine (uc_err ${rc})`);
    const n = loopInstructions(iterations);
    return { engine: 'bare Unicorn (no hook)', slice: null, instructions: n, ms, mips: n / ms / 1000 };
  } finally {
    e.close();
    mem.free();
  }
}

export function measureThroughput(slices: number[], iterations: number): ThroughputFigure[] {
  const out = slices.map((s) => slicedThroughput(s, iterations));
  out.push(rawThroughput(iterations));
  // The machine counts what it ran; the bare engine's count follows from the loop: they agree.
  for (const f of out) if (f.slice !== null && f.instructions !== loopInstructions(iterations)) {
    throw new Error(`bench: the machine counted ${f.instructions} instructions for ${loopInstructions(iterations)}`);
  }
  return out;
}

export function throughputTable(command: string, iterations: number, figs: ThroughputFigure[]): { table: Table; plot: Plot } {
  const label = (f: ThroughputFigure) => (f.slice === null ? f.engine : `${f.engine}, slice ${f.slice}`);
  const table: Table = {
    name: 'throughput',
    title: 'Emulator throughput (host time)',
    command,
    parameters: { loop: 'add/cmp/b.ne counting loop', iterations, cpus: 1, host: `${process.platform}/${process.arch} node ${process.versions.node}` },
    columns: [
      { key: 'engine', header: 'engine' },
      { key: 'slice', header: 'slice (instructions)' },
      { key: 'instructions', header: 'instructions', numeric: true },
      { key: 'host_ms', header: 'host ms', numeric: true, digits: 1 },
      { key: 'host_mips', header: 'M instructions/s (host time)', numeric: true, digits: 1 },
    ],
    rows: figs.map((f) => ({ engine: f.engine, slice: f.slice ?? '-', instructions: f.instructions, host_ms: f.ms, host_mips: f.mips, label: label(f) })),
    notes: ['Host time: wall-clock milliseconds of this host, which vary from run to run and machine to machine; everything else in build/bench is emulated and identical run to run.'],
  };
  const plot: Plot = {
    name: 'throughput', title: 'Emulator throughput, M instructions/s (host time)', madeBy: '', mark: 'bar',
    x: { field: 'label', title: 'engine', type: 'nominal' },
    y: { field: 'host_mips', title: 'M instructions per second of host time' },
    series: { field: 'label', title: 'engine' },
    data: table.rows.map((r) => ({ label: r.label, host_mips: Number(Number(r.host_mips).toFixed(1)) })),
  };
  return { table, plot };
}

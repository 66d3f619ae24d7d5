// Coherence costs of tracked cache lines (emu/native/hooks.c kml_mem_access): the part of
// the cost model that prices who writes which 64-byte line. Only lines someone registers are
// tracked (the kernel tracks module reference counts and state words), so the rest of memory
// runs at full speed.
import { HostMemory, type Engine, type SliceCounter } from './unicorn.ts';
import { SMP_CACHE_BYTES, hex } from './address-map.ts';

/** What coherence needs of a core: its engine (for memory hooks) and its instruction counter. */
export interface CoherentCore { readonly engine: Engine; readonly slice: SliceCounter }

const MAX_TRACKS = 2048;
const MAX_LINES_PER_TRACK = 64;
const LINE_STATE = 24; // struct kml_line
const TRACK = 24; // struct kml_track
const CORE_MEM = 48; // struct kml_core_mem

export interface Tracked { va: bigint; bytes: number; name: string }
/** A physically contiguous part of a tracked range: memory hooks see physical addresses. */
export interface PhysRun { pa: bigint; bytes: number }

export class Coherence {
  private readonly coh: HostMemory;
  private readonly lineStore: HostMemory;
  private readonly coreMem: HostMemory;
  /** Tracks in the order of the C table; slot = index into lineStore. */
  private tracks: { t: Tracked; slot: number; runs: PhysRun[]; hooks: number[] }[] = [];
  private readonly freeSlots: number[] = [];

  constructor(private readonly cores: readonly CoherentCore[], transferCycles: number) {
    this.coh = new HostMemory(16 + MAX_TRACKS * TRACK);
    this.coh.view.setBigUint64(0, BigInt(transferCycles), true);
    this.lineStore = new HostMemory(MAX_TRACKS * MAX_LINES_PER_TRACK * LINE_STATE);
    this.coreMem = new HostMemory(Math.max(4096, cores.length * CORE_MEM));
    for (let c = 0; c < cores.length; c++) {
      const o = c * CORE_MEM;
      this.coreMem.view.setBigUint64(o, this.coh.ptr, true);
      this.coreMem.view.setBigUint64(o + 8, cores[c].slice.ptr, true);
      this.coreMem.view.setBigUint64(o + 16, BigInt(c), true);
    }
    for (let i = MAX_TRACKS - 1; i >= 0; i--) this.freeSlots.push(i);
  }

  /**
   * The machine time core `cpu` starts its slice at, given its cycles so far: a transfer it asks
   * for waits until the line's previous transfer has ended (emu/native/hooks.c kml_transfer).
   */
  sliceAt(cpu: number, clock: bigint, cycles: bigint) {
    this.coreMem.view.setBigInt64(cpu * CORE_MEM + 40, clock - cycles, true);
  }

  /** Cycles core `cpu` has been charged for line transfers (waits for the line included). */
  penalty(cpu: number): bigint { return this.coreMem.view.getBigUint64(cpu * CORE_MEM + 24, true); }
  transfers(cpu: number): bigint { return this.coreMem.view.getBigUint64(cpu * CORE_MEM + 32, true); }

  /**
   * Tracks the cache lines of [va, va+bytes), which `runs` says where to find in physical
   * memory; va must be line aligned, at most 64 lines. Memory hooks apply only to code
   * translated after they were added: the caller drops translations.
   */
  track(va: bigint, bytes: number, name: string, runs: PhysRun[]) {
    if (va % BigInt(SMP_CACHE_BYTES)) throw new Error(`track ${name}: ${hex(va)} is not cache-line aligned`);
    const nlines = Math.ceil(bytes / SMP_CACHE_BYTES);
    if (nlines > MAX_LINES_PER_TRACK) throw new Error(`track ${name}: ${nlines} lines, at most ${MAX_LINES_PER_TRACK}`);
    const slot = this.freeSlots.pop();
    if (slot === undefined) throw new Error(`coherence: more than ${MAX_TRACKS} tracked ranges`);
    const lines = slot * MAX_LINES_PER_TRACK * LINE_STATE;
    for (let i = 0; i < nlines; i++) {
      this.lineStore.view.setInt32(lines + i * LINE_STATE, -1, true);
      this.lineStore.view.setBigUint64(lines + i * LINE_STATE + 8, 0n, true);
      this.lineStore.view.setBigUint64(lines + i * LINE_STATE + 16, 0n, true);
    }
    const t: Tracked = { va, bytes: nlines * SMP_CACHE_BYTES, name };
    if (this.tracks.reduce((a, x) => a + x.runs.length, 0) + runs.length > MAX_TRACKS) throw new Error(`coherence: more than ${MAX_TRACKS} tracked ranges`);
    const hooks = runs.flatMap((r) => this.cores.map((c, i) =>
      c.engine.trackMemory(this.coreMem.ptr + BigInt(i * CORE_MEM), r.pa, r.pa + BigInt(r.bytes) - 1n)));
    this.tracks.push({ t, slot, runs, hooks });
    this.writeTable();
  }

  untrack(va: bigint) {
    const i = this.tracks.findIndex((x) => x.t.va === va);
    if (i < 0) return;
    const x = this.tracks[i];
    x.hooks.forEach((h, j) => this.cores[j % this.cores.length].engine.deleteHook(h));
    this.tracks.splice(i, 1);
    this.freeSlots.push(x.slot);
    this.writeTable();
  }

  tracked(): Tracked[] { return this.tracks.map((x) => x.t); }

  /**
   * The MESI picture of a tracked range's lines: the core that owns each line (wrote it last,
   * -1 for none) and the cores sharing it. null if [va, ...) is not tracked.
   */
  lines(va: bigint): { owner: number; sharers: number[] }[] | null {
    const x = this.tracks.find((e) => e.t.va === va);
    if (!x) return null;
    const out: { owner: number; sharers: number[] }[] = [];
    const base = x.slot * MAX_LINES_PER_TRACK * LINE_STATE;
    for (let i = 0; i < x.t.bytes / SMP_CACHE_BYTES; i++) {
      const owner = this.lineStore.view.getInt32(base + i * LINE_STATE, true);
      const mask = this.lineStore.view.getBigUint64(base + i * LINE_STATE + 8, true);
      const sharers: number[] = [];
      for (let c = 0; c < this.cores.length; c++) if ((mask >> BigInt(c)) & 1n) sharers.push(c);
      out.push({ owner, sharers });
    }
    return out;
  }

  /** The C table: one entry per physical run, each pointing at its first line's state. */
  private writeTable() {
    const v = this.coh.view;
    let n = 0;
    for (const x of this.tracks) {
      let line = 0;
      for (const r of x.runs) {
        const o = 16 + n * TRACK;
        const lines = Math.ceil(r.bytes / SMP_CACHE_BYTES);
        v.setBigUint64(o, r.pa, true);
        v.setBigUint64(o + 8, BigInt(lines), true);
        v.setBigUint64(o + 16, this.lineStore.ptr + BigInt((x.slot * MAX_LINES_PER_TRACK + line) * LINE_STATE), true);
        line += lines;
        n++;
      }
    }
    v.setBigUint64(8, BigInt(n), true);
  }

  close() {
    this.coh.free();
    this.lineStore.free();
    this.coreMem.free();
  }
}

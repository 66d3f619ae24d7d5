// A checkpoint of a graph of host objects: everything reachable from some roots is recorded
// shallowly (each object's own fields, each array's elements, each Map's and Set's entries,
// each byte buffer's contents), and restore() puts every recorded object back as it was, in
// place, so references held anywhere stay valid. Objects made after the checkpoint simply
// become unreachable. This is how the machine goes back to a snapshot without rebooting: the
// kernel's TypeScript state is such a graph; guest RAM and the engines' registers are the
// machine's own part (Machine.checkpoint).
//
// Not seen, so never restored: variables captured by closures, and what WeakMaps hold. State
// that must survive a restore lives in fields (see kernel/attached.ts), not in either.

import { Engine } from './unicorn.ts';
import type { Machine } from './machine.ts';
import { PAGE_SIZE } from './address-map.ts';

/** Objects the walk does not enter: their state is not the machine's (or is restored otherwise). */
export interface CheckpointOptions {
  skip?: (o: object) => boolean;
}

type Rec =
  | { kind: 'obj'; o: Record<PropertyKey, unknown>; keys: PropertyKey[]; values: unknown[]; declared: boolean }
  | { kind: 'arr'; o: unknown[]; values: unknown[] }
  | { kind: 'map'; o: Map<unknown, unknown>; entries: [unknown, unknown][] }
  | { kind: 'set'; o: Set<unknown>; values: unknown[] }
  | { kind: 'buf'; o: Uint8Array; bytes: Uint8Array };

/** An own getter/setter: kept as it is, not read. */
class Accessor { constructor(readonly d: PropertyDescriptor) {} }

const OPAQUE = [WeakMap, WeakSet, WeakRef, Promise, RegExp, Date] as const;

export class GraphCheckpoint {
  private readonly recs: Rec[] = [];
  /** Objects recorded: how many the walk saw (a figure for benchmarks). */
  get size() { return this.recs.length; }

  constructor(roots: readonly object[], o: CheckpointOptions = {}) {
    const seen = new Set<unknown>();
    const stack: unknown[] = [...roots];
    const push = (v: unknown) => {
      if ((typeof v === 'object' && v !== null) && !seen.has(v)) stack.push(v);
    };
    while (stack.length) {
      const v = stack.pop() as object;
      if (seen.has(v)) continue;
      seen.add(v);
      if (o.skip?.(v)) continue;
      if (ArrayBuffer.isView(v)) {
        push(v.buffer);
        continue;
      }
      if (v instanceof ArrayBuffer || v instanceof SharedArrayBuffer) {
        const bytes = new Uint8Array(v);
        this.recs.push({ kind: 'buf', o: bytes, bytes: bytes.slice() });
        continue;
      }
      if (OPAQUE.some((c) => v instanceof c)) continue;
      if (Object.isFrozen(v) && !(v instanceof Map || v instanceof Set)) {
        // Its own fields cannot change; what they point to still can.
        for (const x of Object.values(v)) push(x);
        continue;
      }
      if (Array.isArray(v)) {
        const values = v.slice();
        this.recs.push({ kind: 'arr', o: v, values });
        values.forEach(push);
      } else if (v instanceof Map) {
        const entries = [...v.entries()];
        this.recs.push({ kind: 'map', o: v, entries });
        for (const [k, x] of entries) { push(k); push(x); }
      } else if (v instanceof Set) {
        const values = [...v.values()];
        this.recs.push({ kind: 'set', o: v, values });
        values.forEach(push);
      } else {
        const keys: PropertyKey[] = [], values: unknown[] = [];
        const descs = Object.getOwnPropertyDescriptors(v);
        for (const key of Reflect.ownKeys(descs)) {
          const d = descs[key as string];
          keys.push(key);
          if (!('value' in d)) {
            values.push(new Accessor(d));
            continue;
          }
          values.push(d.value);
          push(d.value);
        }
        // A class instance has every field it declares from its constructor on (ES2022 class
        // fields), and TypeScript lets nobody add others: only a delete changes its keys.
        const proto = Object.getPrototypeOf(v);
        const declared = proto !== Object.prototype && proto !== null && !Array.isArray(v) && keys.every((k) => typeof k === 'string');
        this.recs.push({ kind: 'obj', o: v as Record<PropertyKey, unknown>, keys, values, declared });
      }
    }
  }

  /** Every recorded object as it was when the checkpoint was taken. */
  restore() {
    for (const r of this.recs) {
      switch (r.kind) {
        case 'buf': {
          r.o.set(r.bytes);
          break;
        }
        case 'arr': {
          const a = r.o, v = r.values;
          if (a.length !== v.length) a.length = v.length;
          for (let i = 0; i < v.length; i++) if (a[i] !== v[i]) a[i] = v[i];
          break;
        }
        case 'map': {
          const m = r.o;
          if (!sameMap(m, r.entries)) {
            m.clear();
            for (const [k, x] of r.entries) m.set(k, x);
          }
          break;
        }
        case 'set': {
          const s = r.o;
          if (!sameSet(s, r.values)) {
            s.clear();
            for (const x of r.values) s.add(x);
          }
          break;
        }
        case 'obj': {
          const o = r.o, keys = r.keys, values = r.values;
          if (r.declared && sameFields(o, keys, values)) break;
          const now = Reflect.ownKeys(o);
          let same = now.length === keys.length;
          for (let i = 0; same && i < keys.length; i++) same = now[i] === keys[i];
          if (!same) {
            // Rebuilt in the recorded order: iteration order is behaviour too.
            for (const k of now) delete o[k];
            for (let i = 0; i < keys.length; i++) {
              const v = values[i];
              if (v instanceof Accessor) Object.defineProperty(o, keys[i], v.d);
              else o[keys[i]] = v;
            }
            break;
          }
          for (let i = 0; i < keys.length; i++) {
            const k = keys[i], v = values[i];
            if (o[k] !== v && !(v instanceof Accessor)) o[k] = v;
          }
          break;
        }
      }
    }
  }
}

/** Puts the recorded values back; false if a field was deleted (then the caller rebuilds). */
function sameFields(o: Record<PropertyKey, unknown>, keys: PropertyKey[], values: unknown[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i], v = values[i];
    const cur = o[k];
    if (cur === v || v instanceof Accessor) continue;
    if (cur === undefined && !Object.hasOwn(o, k)) return false;
    o[k] = v;
  }
  return true;
}

function sameMap(m: Map<unknown, unknown>, entries: [unknown, unknown][]): boolean {
  if (m.size !== entries.length) return false;
  let i = 0;
  for (const [k, x] of m) {
    const e = entries[i++];
    if (e[0] !== k || e[1] !== x) return false;
  }
  return true;
}

function sameSet(s: Set<unknown>, values: unknown[]): boolean {
  if (s.size !== values.length) return false;
  let i = 0;
  for (const x of s) if (values[i++] !== x) return false;
  return true;
}

/**
 * The machine's own part of a checkpoint: RAM (a copy, and from then on the pages written,
 * which restore() copies back), each core's registers, and the memory hooks Unicorn holds.
 * The cores' TypeScript side and the native state they share with Unicorn's hooks (slice
 * counters, MMU and TLB-model state, cache lines) are host objects: a GraphCheckpoint over the
 * machine covers them, with skip() leaving out what this class restores.
 *
 * Translated code is kept: a translation block's extent depends only on where it starts, so
 * warm code runs the same instructions in the same slices as freshly translated code. Only
 * the code of pages written back is dropped, as Unicorn cannot see the host write it.
 */
export class MachineCheckpoint {
  /** RAM as it was: the pages that were not all zero, and where each is in `pages` (-1: zero). */
  private readonly pages: Uint8Array;
  private readonly at: Int32Array;
  private readonly dirty: Uint8Array;
  private readonly cores: { ctx: unknown; hooks: ReturnType<Engine['saveHooks']> }[];
  private readonly live: Set<unknown>;
  private readonly pinned: unknown[];
  private disposed = false;

  constructor(private readonly m: Machine) {
    // Most of RAM was never touched (and reading it would make the host back it): keep the
    // pages the host has backed and that are not zero.
    const ram = m.ram.bytes, n = ram.length / PAGE_SIZE;
    const words = new BigUint64Array(ram.buffer, ram.byteOffset, ram.length / 8);
    const resident = m.ram.resident();
    this.at = new Int32Array(n).fill(-1);
    let kept = 0;
    for (let f = 0; f < n; f++) {
      if (!(resident[f] & 1)) continue;
      for (let w = f * 512, e = w + 512; w < e; w++) {
        if (words[w] !== 0n) { this.at[f] = kept++; break; }
      }
    }
    this.pages = new Uint8Array(kept * PAGE_SIZE);
    for (let f = 0; f < n; f++) {
      const i = this.at[f];
      if (i >= 0) this.pages.set(ram.subarray(f * PAGE_SIZE, (f + 1) * PAGE_SIZE), i * PAGE_SIZE);
    }
    this.dirty = m.trackWrites();
    const reg = m.contexts;
    this.live = new Set(reg.live);
    this.cores = m.cores.map((c) => {
      const ctx = c.engine.saveContext();
      reg.live.delete(ctx);
      return { ctx, hooks: c.engine.saveHooks() };
    });
    this.pinned = [...this.live, ...this.cores.map((c) => c.ctx)];
    for (const x of this.pinned) reg.pinned.add(x);
  }

  /** What a GraphCheckpoint over the machine must leave to this class. */
  skip = (o: object): boolean =>
    o instanceof Engine || o === this.m.contexts || o === this.m.ram.bytes.buffer || o === this.m.dirtyBuffer;

  /** Pages written back so far, all restores together (a figure for benchmarks). */
  pagesRestored = 0;

  restore() {
    if (this.disposed) throw new Error('restore of a disposed checkpoint');
    const m = this.m, d = this.dirty, ram = m.ram.bytes;
    const runs: [number, number][] = [];
    for (let f = d.indexOf(1); f >= 0;) {
      let e = f;
      while (e < d.length && d[e]) e++;
      for (let g = f; g < e; g++) {
        const i = this.at[g], a = g * PAGE_SIZE;
        if (i < 0) ram.fill(0, a, a + PAGE_SIZE);
        else ram.set(this.pages.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE), a);
      }
      runs.push([f * PAGE_SIZE, (e - f) * PAGE_SIZE]);
      this.pagesRestored += e - f;
      f = d.indexOf(1, e);
    }
    d.fill(0);
    const reg = m.contexts;
    for (const ctx of [...reg.live]) if (!this.live.has(ctx)) reg.release(ctx);
    for (const ctx of this.live) reg.live.add(ctx);
    m.cores.forEach((c, i) => {
      c.engine.restoreContext(this.cores[i].ctx);
      c.engine.restoreHooks(this.cores[i].hooks);
    });
    // With the tables back, every core forgets its translations (and so marks writes again),
    // then the code of every page written back is dropped.
    m.flushTlbs();
    for (const [pa, len] of runs) m.dropCode(pa, len);
  }

  /** Gives the saved contexts back (those no thread holds any more are freed). */
  dispose() {
    if (this.disposed) return;
    this.disposed = true;
    const reg = this.m.contexts;
    for (const x of this.pinned) {
      reg.pinned.delete(x);
      if (!reg.live.has(x)) reg.release(x);
    }
  }
}

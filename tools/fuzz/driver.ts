// The fuzz driver: loads each mutated module into a running machine through the project's own
// insmod, looks at it as a user would (lsmod, /proc/modules, its /sys/module files), removes it
// with rmmod, and checks what a kernel must guarantee: a result (accepted and removable, refused
// with an errno and a message, or an oops after which the machine still runs), never a host
// exception, and every allocator back to its baseline.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { createHash } from 'node:crypto';
import { Console, ScenarioError } from '../console.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { BootOptions } from '../../kernel/options.ts';
import { Rng } from '../../kernel/random.ts';
import { readdir } from '../../kernel/fs/namei.ts';
import { TAINT } from '../../kernel/taint.ts';
import { mutate, type Family } from './mutate.ts';

/** A set of seed modules and the machine they load on. */
export interface Target { name: string; seeds: string[]; boot: string; probe: string }

export type Outcome = 'accepted' | 'forced' | 'module-leak' | 'rejected' | 'oops' | 'lockup';

/**
 * Families that change what the module's own code does (its instructions, what its relocations
 * and symbols resolve to, where its sections or init/exit lie, its parameters): a module so
 * changed that ran and keeps what it allocated leaks as it would on Linux. The others change
 * only what the loader reads; after them every byte must come back.
 */
const CHANGES_CODE: ReadonlySet<Family> = new Set<Family>(['bytes', 'ehdr', 'shdr', 'symbol', 'rela', 'this_module', 'param']);
export type Failure = 'host-exception' | 'unremovable' | 'dead-machine' | 'leak' | 'no-message' | 'hang';
export const FAILURES: Failure[] = ['host-exception', 'hang', 'dead-machine', 'unremovable', 'leak', 'no-message'];

export interface Result { index: number; seed: string; families: Family[]; outcome?: Outcome; failure?: Failure; detail?: string; leaked?: number; bytes: Uint8Array }

/** Everything an allocator hands out. */
function accounting(k: Kernel) {
  const s = k.slab.stats();
  return { slabObjects: s.objects, slabBytes: s.bytesRequested, pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages };
}
type Accounting = ReturnType<typeof accounting>;
/** Bytes away from the baseline, either way (a module may free what it does not own). */
function leakedBytes(a: Accounting, b: Accounting): number {
  return Math.abs(b.slabBytes - a.slabBytes) + Math.abs(b.pages - a.pages + b.vmalloc - a.vmalloc + b.modules - a.modules) * 4096;
}
const same = (a: Accounting, b: Accounting) => JSON.stringify(a) === JSON.stringify(b);

/** The input for index i of a run: its own Rng, so any input can be made again alone (shards, reproducers). */
export function inputFor(seedBytes: Uint8Array[], runSeed: number, index: number, usable: (which: number) => boolean = () => true) {
  const rng = new Rng(BigInt(runSeed) * 0x1_0000_0000n + BigInt(index));
  let which = rng.below(seedBytes.length);
  // a seed this machine cannot use (it did not load and unload cleanly alone): the next one
  for (let n = 0; n < seedBytes.length && !usable(which); n++) which = (which + 1) % seedBytes.length;
  return { which, ...mutate(seedBytes[which], rng) };
}

export class Driver {
  private c!: Console;
  private k!: Kernel;
  private lines: string[] = [];
  private base!: Accounting;
  readonly seedBytes: Uint8Array[];
  boots = 0;
  private warmed = new Set<number>();
  private initRan = false;
  /** Seeds that do not load and unload cleanly on their own, and why: not used. */
  readonly unusable = new Map<string, string>();

  constructor(readonly target: Target, readonly workDir: string, readonly bootOpts: BootOptions = {}) {
    mkdirSync(workDir, { recursive: true });
    this.seedBytes = target.seeds.map((p) => new Uint8Array(readFileSync(p)));
    this.reboot();
  }

  private run(line: string): string[] {
    this.lines = [];
    const before = this.c.failures;
    this.c.exec(line);
    (this.lines as string[] & { failed?: boolean }).failed = this.c.failures > before;
    return this.lines;
  }
  private failed(out: string[]) { return !!(out as string[] & { failed?: boolean }).failed; }

  reboot() {
    this.k?.close();
    this.c = new Console({ baseDir: this.workDir, boot: { callLimit: 20_000_000, ...this.bootOpts }, write: (l) => this.lines.push(l) });
    this.run(this.target.boot);
    this.k = this.c.kernel!;
    this.boots++;
    this.warmed.clear();
    this.settle();
    this.base = accounting(this.k);
  }

  /**
   * The first load of a seed creates what stays for good (kworkers, softirq threads, a user
   * process's first files); the baseline is what the machine holds after the seed itself went
   * through the same steps as its mutants.
   */
  /** Tries every seed; those that do not load and unload cleanly alone are in unusable after. */
  sortSeeds(): string[] {
    this.target.seeds.forEach((_, i) => this.warm(i));
    return this.target.seeds.filter((p) => !this.unusable.has(p));
  }

  private warm(which: number): boolean {
    if (this.warmed.has(which)) return true;
    this.warmed.add(which);
    const file = this.target.seeds[which];
    // twice: the first creates what stays; the second must leave the machine as it found it
    let r = this.exercise(file, false);
    if (!r.failure && (r.outcome === 'accepted' || r.outcome === 'rejected')) {
      this.settle();
      this.base = accounting(this.k);
      r = this.exercise(file, true);
    }
    if (r.failure || (r.outcome !== 'accepted' && r.outcome !== 'rejected')) {
      this.unusable.set(file, `${r.outcome}${r.failure ? `, ${r.failure}` : ''}${r.detail ? `: ${r.detail.split('\n')[0]}` : ''}`);
      this.reboot();
      return false;
    }
    this.base = accounting(this.k);
    return true;
  }

  /** An oops (taint D) or a soft lockup (taint L) since boot. */
  private died() { return (this.k.taint & (1 << TAINT.DIE | 1 << TAINT.SOFTLOCKUP)) !== 0; }

  private settle() { this.k.sched.runUntil(() => false, 2_000_000n); }

  private newModule(before: Set<string>): string | null {
    const m = this.k.modules.find((x) => !before.has(x.name) && x.state !== 'UNFORMED');
    return m ? m.name : null;
  }

  close() { this.k?.close(); }

  /** Loads one input and checks it; never throws for the input's sake. */
  check(index: number, runSeed: number): Result | null {
    const inp = inputFor(this.seedBytes, runSeed, index, (w) => !this.unusable.has(this.target.seeds[w]) && this.warm(w));
    if (this.unusable.has(this.target.seeds[inp.which])) return null;
    const file = join(this.workDir, 'input.ko');
    writeFileSync(file, inp.bytes);
    const r = this.exercise(file, true);
    if (r.failure === 'leak' && (r.outcome === 'accepted' || this.initRan) && inp.families.some((f) => CHANGES_CODE.has(f))) {
      r.outcome = 'module-leak';
      r.failure = undefined;
    }
    // an oops leaves its module "Loading" as on Linux, a failure leaves what it left: a fresh machine
    if (r.failure || r.outcome === 'oops' || r.outcome === 'lockup' || r.outcome === 'forced' || r.outcome === 'module-leak') this.reboot();
    return { ...r, index, seed: basename(this.target.seeds[inp.which]), families: inp.families, bytes: inp.bytes };
  }

  private exercise(file: string, checkLeak: boolean): Omit<Result, 'index' | 'seed' | 'families' | 'bytes'> {
    const r: Omit<Result, 'index' | 'seed' | 'families' | 'bytes'> = {};
    const before = new Set(this.k.modules.map((m) => m.name));
    // whether the module's init ran (it reached COMING): a refused init has run module code
    this.initRan = false;
    this.k.events.modules = () => { if (this.k.modules.some((m) => !before.has(m.name) && m.state === 'COMING')) this.initRan = true; };
    try {
      const out = this.run(`insmod ${file}`);
      const name = this.newModule(before);
      const mod = name ? this.k.modules.find((m) => m.name === name) : undefined;
      const text = out.join('\n');
      if (/has not returned after/.test(text)) r.outcome = 'lockup';
      else if (out.includes('Segmentation fault') || (mod && mod.state !== 'LIVE') || this.died()) r.outcome = 'oops';
      else if (this.failed(out)) {
        r.outcome = 'rejected';
        if (!/^insmod: ERROR: could not insert module .+: \S/.test(out[0] ?? '')) { r.failure = 'no-message'; r.detail = out[0] ?? '(nothing)'; }
      } else r.outcome = 'accepted';

      if (r.outcome === 'accepted' && name) {
        // what a user looks at: lsmod, /proc/modules, the module's sysfs files
        this.run('lsmod');
        this.run('cat /proc/modules');
        for (const f of this.sysfsFiles(`/sys/module/${name}`, 2)) this.run(`cat ${f}`);
        // removable by the name lsmod shows, with rmmod -f as the last resort
        const rm = this.run(`rmmod ${name}`);
        // an exit that never returns is reported on rmmod's own task (soft lockup or hung task)
        if (rm.some((l) => /has not returned after/.test(l))) r.outcome = 'lockup';
        else if (this.k.modules.some((m) => m.name === name) && !this.died()) {
          // a module with an init and no exit is permanent; rmmod -f removes it (taint R) and
          // leaves behind whatever its init registered, as on Linux
          r.outcome = 'forced';
          this.run(`rmmod -f ${name}`);
        }
        this.settle();
        // an oops in the module's own code (a show method, its exit) leaves it as Linux leaves it
        if (this.died() && r.outcome !== 'lockup') r.outcome = 'oops';
        else if (r.outcome !== 'lockup' && this.k.modules.some((m) => m.name === name)) {
          r.failure = 'unremovable';
          r.detail = `${JSON.stringify(name)} stays after rmmod -f`;
          return r;
        }
      }
      if (r.outcome === 'oops' || r.outcome === 'lockup') {
        // the machine must go on: the probe loads, runs and unloads on the same machine
        const probe = this.target.probe;
        const p = this.run(`insmod ${probe}`);
        const pname = basename(probe, '.ko').replace(/-/g, '_');
        const ok = !this.failed(p) && this.k.modules.some((m) => m.name === pname && m.state === 'LIVE');
        if (ok) this.run(`rmmod ${pname}`);
        if (!ok) { r.failure = 'dead-machine'; r.detail = p.join(' | ') || 'probe did not load'; }
        return r;
      }
      this.settle();
      const now = accounting(this.k);
      if (checkLeak && r.outcome !== 'forced' && !same(now, this.base)) {
        r.failure = 'leak';
        r.leaked = leakedBytes(this.base, now);
        r.detail = `${JSON.stringify(this.base)} -> ${JSON.stringify(now)}`;
      }
    } catch (e) {
      if (e instanceof ScenarioError) throw e;
      r.failure = 'host-exception';
      const err = e instanceof Error ? e : new Error(String(e));
      r.detail = `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
    }
    return r;
  }

  private sysfsFiles(dir: string, depth: number): string[] {
    const names = readdir(this.k, dir);
    if (!names) return [dir];
    if (depth === 0) return [];
    const out: string[] = [];
    for (const n of names) {
      if (n === 'holders' || n === 'notes' || n === 'sections' || n === 'uevent') continue;
      out.push(...this.sysfsFiles(`${dir}/${n}`, depth - 1));
    }
    return out;
  }
}

/** A failure's class and where it comes from, so that one bug is one reproducer. */
export function failureKey(r: Result): string {
  if (r.failure === 'host-exception') {
    const lines = (r.detail ?? '').split('\n');
    const msg = lines[0].replace(/0x[0-9a-f]+/g, 'X').replace(/\d+/g, 'N');
    const frame = (lines[1] ?? '').replace(/:\d+:\d+\)?$/, '').trim();
    return `${r.failure}: ${msg} ${frame}`;
  }
  return `${r.failure}: ${r.families.join('+')}`;
}

/** Writes input.ko and a scenario that replays it; returns the folder. */
export function writeReproducer(dir: string, target: Target, r: Result): string {
  const seedPath = target.seeds.find((p) => basename(p) === r.seed) ?? target.seeds[0];
  const id = createHash('sha256').update(r.bytes).digest('hex').slice(0, 12);
  const d = join(dir, `${r.failure}-${id}`);
  if (existsSync(d)) return d;
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'input.ko'), r.bytes);
  const lines = [
    `# kmodlab fuzz: ${r.failure} (${r.families.join(', ')}) from ${r.seed}, input ${r.index}`,
    ...(r.detail ?? '').split('\n').map((l) => `# ${l}`),
    target.boot,
    // the fuzzer's machine had loaded and removed the seed before (what stays for good)
    `insmod ${seedPath}`,
    `rmmod ${basename(seedPath, '.ko').replace(/-/g, '_')}`,
    'insmod input.ko',
    'lsmod',
    'cat /proc/modules',
    'dmesg',
  ];
  writeFileSync(join(d, 'repro.kml'), lines.join('\n') + '\n');
  return d;
}

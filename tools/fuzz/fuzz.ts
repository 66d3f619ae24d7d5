// kmodlab fuzz: structure-aware mutations of real modules loaded through the project's own
// insmod/rmmod (tools/fuzz/driver.ts). Workers are child processes, so a host hang is caught and
// both host cores work; input i is made from (seed, i) alone, so any input is made again by itself.
import { cliCommand } from '../self.ts';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve, basename } from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { Driver, FAILURES, failureKey, writeReproducer, inputFor, type Target, type Result, type Failure } from './driver.ts';
import { FAMILIES } from './mutate.ts';

const EXAMPLES = join(REPO_ROOT, 'modules', 'examples');
const REAL = join(REPO_ROOT, 'build', 'real-modules');
/** Debian modules that load on kmodlab alone (no dependencies), with exports, parameters, signatures. */
const DEBIAN_SEEDS = ['lib/crc-itu-t.ko', 'fs/nls/nls_cp437.ko', 'net/netfilter/x_tables.ko', 'crypto/fcrypt.ko', 'crypto/blowfish_common.ko', 'net/sched/em_cmp.ko'];

const DEBIAN_PROBE = 'lib/crc7.ko';

/**
 * The seed sets. Each has a probe, a module no seed is (so an oopsed mutant that stays
 * "Loading" under a seed's name cannot stand in its way), loaded after an oops to show that
 * the machine still runs.
 */
export function targets(): Target[] {
  const out: Target[] = [];
  const names = existsSync(EXAMPLES) ? readdirSync(EXAMPLES).filter((n) => n !== 'bare' && existsSync(join(EXAMPLES, n, `${n}.ko`))) : [];
  if (names.length) {
    out.push({ name: 'examples', seeds: names.map((n) => join(EXAMPLES, n, `${n}.ko`)), boot: 'boot cpus=2', probe: join(EXAMPLES, 'bare', 'bare.ko') });
  }
  const deb = DEBIAN_SEEDS.map((p) => join(REAL, 'modules', 'kernel', p)).filter(existsSync);
  const probe = join(REAL, 'modules', 'kernel', DEBIAN_PROBE);
  if (deb.length && existsSync(probe) && existsSync(join(REAL, 'Module.symvers'))) {
    out.push({ name: 'debian', seeds: deb, boot: `boot cpus=2 symvers=${join(REAL, 'Module.symvers')}`, probe });
  }
  return out;
}

export interface FuzzOptions { count: number; seed: number; jobs: number; timeLimit?: number; targets: string[]; out: string; json: boolean; hangSeconds: number }

export interface Summary {
  inputs: number; seconds: number; outcomes: Record<string, number>; failures: Record<Failure, number>;
  leakedBytes: number;
  /** Kept by modules whose own code the mutation changed, after their exit ran (as on Linux). */
  moduleLeakedBytes: number; distinct: { key: string; count: number; reproducer: string }[]; boots: number;
  /** Inputs whose seed does not load and unload cleanly by itself on this machine. */
  skipped: number; unusableSeeds: Record<string, string>;
}

const USAGE = `usage: kmodlab fuzz [--count N] [--time-limit SECONDS] [--seed S] [--jobs J] [--target examples|debian] [--out DIR] [--json]

Mutates the example modules and Debian's (ELF header, section headers, symbols, relocations,
.modinfo, __versions, export tables, struct module, parameters, signatures, raw bytes), loads each
input with insmod, reads its lsmod line and /sys/module files, removes it with rmmod, and checks
the machine: a host exception, a hang, a dead machine, an unremovable module, memory not back to
its baseline or a refusal without a message is a failure, with a reproducer written under DIR.
Defaults: --count 1000, --seed 1, --jobs 2, both targets, --out build/fuzz.
Exit status: 0 no failure, 1 failures (reproducers written), 2 usage error.
`;

export function parseFuzzArgs(argv: string[]): FuzzOptions | string {
  const o: FuzzOptions = { count: 1000, seed: 1, jobs: 2, targets: [], out: resolve(REPO_ROOT, 'build', 'fuzz'), json: false, hangSeconds: 120 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const num = () => {
      const v = val();
      if (!/^\d+$/.test(v)) throw new Error(`${a} ${v}: not a number`);
      return Number(v);
    };
    try {
      switch (a) {
        case '--count': case '-n': o.count = num(); break;
        case '--seed': o.seed = num(); break;
        case '--jobs': case '-j': o.jobs = Math.max(1, num()); break;
        case '--time-limit': o.timeLimit = num(); break;
        case '--target': o.targets.push(val()); break;
        case '--out': o.out = resolve(val()); break;
        case '--json': o.json = true; break;
        case '--hang-seconds': o.hangSeconds = Math.max(1, num()); break;
        case '-h': case '--help': return USAGE;
        default: throw new Error(`unknown option '${a}'`);
      }
    } catch (e) {
      return `kmodlab fuzz: ${(e as Error).message}\n${USAGE}`;
    }
  }
  return o;
}

/** Runs the inputs i ≡ shard (mod shards) below count in this process; reports each. */
export function fuzzInProcess(t: Target, o: { count: number; seed: number; shard?: number; shards?: number; from?: number; out: string; deadline?: () => boolean },
  each: (r: Result | null) => void, starting?: (i: number) => void): { boots: number; unusable: Map<string, string> } {
  const shards = o.shards ?? 1, shard = o.shard ?? 0;
  const d = new Driver(t, join(o.out, 'work', `${t.name}-${shard}`));
  try {
    for (let i = o.from ?? shard; i < o.count; i += shards) {
      if (o.deadline?.()) break;
      starting?.(i);
      each(d.check(i, o.seed));
    }
    return { boots: d.boots, unusable: d.unusable };
  } finally {
    d.close();
  }
}

/** The worker: runs a shard of one target, one JSON line per input on stdout. */
async function worker(argv: string[]): Promise<number> {
  const [name, seed, count, shard, shards, from, out, seeds] = argv;
  const t = { ...targets().find((x) => x.name === name)!, seeds: JSON.parse(seeds) as string[] };
  const w = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
  const r = fuzzInProcess(t, { count: +count, seed: +seed, shard: +shard, shards: +shards, from: +from, out }, (res) => {
    if (!res) return w({ skipped: true });
    w({ i: res.index, seed: res.seed, families: res.families, outcome: res.outcome, failure: res.failure, detail: res.detail, leaked: res.leaked });
  }, (i) => w({ start: i }));
  w({ boots: r.boots, unusable: [...r.unusable] });
  return 0;
}

export async function fuzzMain(argv: string[], write: (s: string) => void, writeErr: (s: string) => void): Promise<number> {
  if (argv[0] === '--worker') return worker(argv.slice(1));
  const o = parseFuzzArgs(argv);
  if (typeof o === 'string') {
    (o.startsWith('usage') ? write : writeErr)(o);
    return o.startsWith('usage') ? 0 : 2;
  }
  const all = targets();
  const missing = o.targets.filter((n) => !all.some((t) => t.name === n));
  const chosen = o.targets.length ? all.filter((t) => o.targets.includes(t.name)) : all;
  if (missing.length) {
    writeErr(`kmodlab fuzz: no seeds for target '${missing[0]}' (known: ${all.map((t) => t.name).join(', ') || 'none'}; run 'make examples' and 'make real-modules')\n`);
    return 2;
  }
  if (!chosen.length) {
    writeErr("kmodlab fuzz: no seed modules: run 'make examples' (and 'make real-modules' for Debian's)\n");
    return 2;
  }
  mkdirSync(o.out, { recursive: true });
  const start = Date.now();
  const deadline = o.timeLimit !== undefined ? start + o.timeLimit * 1000 : Infinity;
  const s: Summary = { inputs: 0, seconds: 0, outcomes: {}, failures: Object.fromEntries(FAILURES.map((f) => [f, 0])) as Record<Failure, number>, leakedBytes: 0, moduleLeakedBytes: 0, distinct: [], boots: 0, skipped: 0, unusableSeeds: {} };
  const byKey = new Map<string, { key: string; count: number; reproducer: string }>();
  const tty = !o.json && process.stderr.isTTY;
  let lastProgress = Date.now();
  const progress = (force = false) => {
    const now = Date.now();
    // a terminal gets a line that updates every second; a log file a line every 30 s
    if (!force && now - lastProgress < (tty ? 1000 : 30_000)) return;
    lastProgress = now;
    const failed = FAILURES.reduce((n, f) => n + s.failures[f], 0);
    const line = `fuzz: ${s.inputs}/${o.count} inputs, ${(s.inputs / Math.max(0.001, (now - start) / 1000)).toFixed(1)}/s, ${failed} failures`;
    if (tty) writeErr(`\r${line}\x1b[K`);
    else if (!o.json && !force) writeErr(`${line}\n`);
  };
  const record = (t: Target, r: Result) => {
    s.inputs++;
    if (r.outcome) s.outcomes[r.outcome] = (s.outcomes[r.outcome] ?? 0) + 1;
    if (r.outcome === 'module-leak') s.moduleLeakedBytes += r.leaked ?? 0;
    if (r.failure) {
      s.failures[r.failure]++;
      if (r.leaked) s.leakedBytes += r.leaked;
      const key = `${t.name} ${failureKey(r)}`;
      let e = byKey.get(key);
      if (!e) {
        // the input is made again from (seed, index): the worker need not send its bytes
        const bytes = r.bytes.length || r.index < 0 ? r.bytes : inputFor(t.seeds.map((p) => new Uint8Array(readFileSync(p))), o.seed, r.index, (w) => basename(t.seeds[w]) === r.seed || !r.seed).bytes;
        e = { key, count: 0, reproducer: writeReproducer(join(o.out, 'failures'), t, { ...r, bytes }) };
        byKey.set(key, e);
      }
      e.count++;
    }
    progress();
  };

  for (const [ti, t0] of chosen.entries()) {
    // the seeds that load and unload cleanly alone; inputs are made from those only
    const d = new Driver(t0, join(o.out, 'work', `${t0.name}-seeds`));
    const t = { ...t0, seeds: d.sortSeeds() };
    for (const [f, why] of d.unusable) s.unusableSeeds[f] = why;
    s.boots += d.boots;
    d.close();
    // --count is the number of inputs in all, shared by the targets
    const count = Math.floor(o.count / chosen.length) + (ti < o.count % chosen.length ? 1 : 0);
    const jobs = Math.min(o.jobs, count);
    if (!t.seeds.length || !jobs) continue;
    await Promise.all(Array.from({ length: jobs }, (_, shard) => runShard(t, { ...o, count }, shard, jobs, deadline, record, (m) => {
      s.boots += m.boots;
      for (const [f, why] of m.unusable) s.unusableSeeds[f] = why;
    }, () => { s.skipped++; })));
  }
  progress(true);
  if (tty) writeErr('\n');
  s.seconds = (Date.now() - start) / 1000;
  s.distinct = [...byKey.values()];
  if (o.json) write(JSON.stringify(s, null, 2) + '\n');
  else write(report(s, o, chosen));
  return s.distinct.length ? 1 : 0;
}

/** node's arguments that run this CLI again the way this process runs: the bundle
 *  (build/cli/kmodlab.mjs, no loader) or tools/cli.ts under tsx's loader (in execArgv). */
/** One shard in a child process, restarted after the input that hung it. */
function runShard(t: Target, o: FuzzOptions, shard: number, shards: number, deadline: number, record: (t: Target, r: Result) => void,
  finished: (m: { boots: number; unusable: [string, string][] }) => void, skipped: () => void): Promise<void> {
  return new Promise((done) => {
    const launch = (from: number) => {
      if (from >= o.count || Date.now() >= deadline) return done();
      const child = spawn(process.execPath, [...cliCommand(), 'fuzz', '--worker', t.name, String(o.seed), String(o.count), String(shard), String(shards), String(from), o.out, JSON.stringify(t.seeds)],
        { stdio: ['ignore', 'pipe', 'pipe'] });
      let current = -1;
      let timer: NodeJS.Timeout | undefined;
      let stderr = '';
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          // a host hang: the input that started last is the culprit
          record(t, { index: current, seed: '', families: [], failure: 'hang', detail: `no result after ${o.hangSeconds} s`, bytes: new Uint8Array(0) });
          child.kill('SIGKILL');
        }, o.hangSeconds * 1000);
      };
      arm();
      child.stderr.on('data', (d) => { stderr = (stderr + d).slice(-4000); });
      createInterface({ input: child.stdout }).on('line', (line) => {
        const m = JSON.parse(line);
        if (m.start !== undefined) { current = m.start; arm(); if (Date.now() >= deadline) child.kill('SIGKILL'); return; }
        if (m.boots !== undefined) { finished(m); return; }
        if (m.skipped) { skipped(); return; }
        record(t, { index: m.i, seed: m.seed, families: m.families, outcome: m.outcome, failure: m.failure, detail: m.detail, leaked: m.leaked, bytes: new Uint8Array(0) });
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL' && current >= 0 && Date.now() < deadline) return launch(current + shards);
        if (code !== 0 && signal !== 'SIGKILL') {
          // the worker itself died: the input it was on is a host exception (one that died
          // before its first input cannot go on: the failure is reported once, the shard ends)
          record(t, { index: current, seed: '', families: [], failure: 'host-exception', detail: stderr.split('\n').filter(Boolean).slice(-6).join('\n'), bytes: new Uint8Array(0) });
          return current < 0 ? done() : launch(current + shards);
        }
        done();
      });
    };
    launch(shard);
  });
}

function report(s: Summary, o: FuzzOptions, ts: Target[]): string {
  const lines = [
    `kmodlab fuzz: ${s.inputs} inputs from ${ts.map((t) => `${t.seeds.length} ${t.name}`).join(' + ')} seed modules, seed ${o.seed}, ${o.jobs} job(s)`,
    `  ${s.seconds.toFixed(1)} s host time, ${(s.inputs / Math.max(0.001, s.seconds)).toFixed(1)} inputs/s, ${s.boots} machine boots`,
    ...Object.entries(s.unusableSeeds).map(([f, why]) => `  seed not used (does not load and unload cleanly alone): ${f.replace(REPO_ROOT + '/', '')}: ${why}`),
    ...(s.skipped ? [`  ${s.skipped} inputs skipped`] : []),
    '',
    '  outcome        inputs',
    ...['accepted', 'forced', 'module-leak', 'rejected', 'oops', 'lockup'].map((k) => `  ${k.padEnd(14)} ${String(s.outcomes[k] ?? 0).padStart(6)}`),
    '',
    '  failure        inputs',
    ...FAILURES.map((f) => `  ${f.padEnd(14)} ${String(s.failures[f]).padStart(6)}`),
    `  bytes leaked   ${String(s.leakedBytes).padStart(6)}`,
    '',
    '  accepted: loaded, read (lsmod, /proc/modules, /sys/module), removed by rmmod, memory back to baseline',
    '  forced: no exit function (permanent), removed by rmmod -f as Linux allows (taint R)',
    `  module-leak: removed, but a module whose code the mutation changed left memory off its baseline (${s.moduleLeakedBytes} bytes kept or freed)`,
    '  rejected: init_module refused it with an errno and insmod said why; memory back to baseline',
    '  oops, lockup: the module\'s code or a pointer it gave died or spun; the machine went on (a probe module loaded after)',
  ];
  if (s.distinct.length) {
    lines.push('', `  ${s.distinct.length} distinct failure(s), reproducers (kmodlab run DIR/repro.kml):`);
    for (const d of s.distinct) lines.push(`    ${d.count}× ${d.key.split('\n')[0]}`, `       ${d.reproducer}`);
  }
  lines.push(`  mutation families: ${FAMILIES.join(', ')}`);
  return lines.join('\n') + '\n';
}

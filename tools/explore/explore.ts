// kmodlab explore FILE: runs a scenario under many schedules (PCT, random, or bounded
// deviations from the machine's own order), reports what the detectors find with a replay
// token, and replays a token. Exit status: 0 nothing found, 1 a finding, 2 usage or scenario.
import { readFileSync, existsSync } from 'node:fs';
import { Rng } from '../../kernel/random.ts';
import { ScheduleRunner, runSchedule as runScheduleOnce, type ScheduleResult } from './schedule.ts';
import { ForcedPolicy, PctPolicy, RandomPolicy, type Policy, type Switch } from './policy.ts';
import type { Finding } from './detectors.ts';

export type Algo = 'pct' | 'bounded' | 'random';

export interface ExploreOptions {
  algo: Algo;
  schedules: number;
  seed: number;
  depth: number;
  preemptions: number;
  /** Host seconds: a stop criterion only (how many schedules run then depends on the host). */
  timeLimit?: number;
  shard: { index: number; count: number };
  keepGoing: boolean;
}

export interface Report {
  file: string;
  algo: Algo;
  seed: number;
  shard: string;
  schedules: number;
  /** Schedule indices this shard ran (their union over shards is the unsharded run). */
  indices: number[];
  findings: (Finding & { schedule: number; token: string })[];
  stoppedBy: 'done' | 'finding' | 'time-limit';
}

class UsageError extends Error {}

const USAGE = `usage: kmodlab explore FILE [--algo pct|bounded|random] [--schedules N] [--seed S]
         [--depth D] [--preemptions B] [--time-limit SECONDS] [--shard I/N|auto/N]
         [--keep-going] [--json]
       kmodlab explore FILE --replay TOKEN [--json]
       kmodlab explore merge FILE.json ...`;

// ---- replay tokens: k1-ALGO-SEED-INDEX-STEP.CHOICE_STEP.CHOICE... -------------------------

export function encodeToken(algo: Algo, seed: number, index: number, switches: readonly Switch[]): string {
  return `k1-${algo}-${seed}-${index}-${switches.map((s) => `${s.step}.${s.choice}`).join('_')}`;
}

export function decodeToken(token: string): { algo: Algo; seed: number; index: number; switches: Switch[] } {
  const m = /^k1-(pct|bounded|random)-(\d+)-(\d+)-((?:\d+\.\d+)(?:_\d+\.\d+)*)?$/.exec(token);
  if (!m) throw new UsageError(`--replay ${token}: not a replay token (k1-ALGO-SEED-INDEX-SWITCHES)`);
  const switches = (m[4] ? m[4].split('_') : []).map((x) => {
    const [step, choice] = x.split('.').map(Number);
    return { step, choice };
  });
  return { algo: m[1] as Algo, seed: Number(m[2]), index: Number(m[3]), switches };
}

/** The seed of schedule i: independent of the shard that runs it. */
function scheduleSeed(seed: number, i: number): bigint {
  return new Rng(BigInt(seed) * 0x1_0000_0001n + BigInt(i)).next64();
}

// ---- exploration ---------------------------------------------------------------------------

export function explore(
  file: string, text: string, o: ExploreOptions, progress?: (r: ScheduleResult, i: number) => void, done?: (runner: ScheduleRunner) => void,
): Report | { error: string } {
  const runner = new ScheduleRunner(text, file);
  try {
    const r = exploreOn(runner, file, o, progress);
    done?.(runner);
    return r;
  } finally {
    runner.close();
  }
}

function exploreOn(runner: ScheduleRunner, file: string, o: ExploreOptions, progress?: (r: ScheduleResult, i: number) => void): Report | { error: string } {
  const runSchedule = (p: Policy) => runner.run(p);
  const started = Date.now();
  const report: Report = {
    file, algo: o.algo, seed: o.seed, shard: `${o.shard.index}/${o.shard.count}`, schedules: 0, indices: [], findings: [], stoppedBy: 'done',
  };
  const seen = new Set<string>();
  const mine = (i: number) => i % o.shard.count === o.shard.index;
  const timeUp = () => o.timeLimit !== undefined && (Date.now() - started) / 1000 >= o.timeLimit;
  /** Runs schedule i; true when exploration should stop. */
  const record = (i: number, r: ScheduleResult): boolean => {
    report.schedules++;
    report.indices.push(i);
    progress?.(r, i);
    if (r.findings.length) {
      const token = encodeToken(o.algo, o.seed, i, r.switches);
      // The first finding of a schedule is its verdict; later ones are usually its echoes.
      const f = r.findings[0];
      const key = `${f.kind}|${f.symbol}`;
      if (!seen.has(key)) {
        seen.add(key);
        report.findings.push({ ...f, schedule: i, token });
      }
      if (!o.keepGoing) { report.stoppedBy = 'finding'; return true; }
    }
    if (timeUp()) { report.stoppedBy = 'time-limit'; return true; }
    return false;
  };
  // Schedule 0 is the machine's own order; every algorithm needs its length (k of PCT, the
  // branches of the bounded search), so every shard runs it, and shard 0 counts it.
  const first = runSchedule(new ForcedPolicy([]));
  if (first.status === 2) return { error: first.error ?? `${file}: scenario error` };
  if (mine(0) && record(0, first)) return report;

  if (o.algo === 'bounded') {
    // Deviation-bounded search: level b holds the schedules with b switches, made from each
    // level b-1 schedule by one more switch after its last one. A level-1 schedule and all
    // its descendants belong to shard (its level-1 index mod N).
    let parents: { sw: Switch[]; widths: number[]; owner: number }[] = [{ sw: [], widths: first.widths, owner: -1 }];
    let index = 1;
    let ran = mine(0) ? 1 : 0;
    let top = 0;
    for (let level = 1; level <= o.preemptions && parents.length; level++) {
      const next: typeof parents = [];
      for (const p of parents) {
        const from = p.sw.length ? p.sw[p.sw.length - 1].step + 1 : 0;
        for (let step = from; step < p.widths.length; step++) {
          for (let choice = 1; choice < p.widths[step]; choice++) {
            const owner = level === 1 ? top++ : p.owner;
            const i = index++;
            if (owner % o.shard.count !== o.shard.index) continue;
            if (ran >= o.schedules) return report;
            const sw = [...p.sw, { step, choice }];
            const r = runSchedule(new ForcedPolicy(sw));
            ran++;
            if (record(i, r)) return report;
            next.push({ sw, widths: r.widths, owner });
          }
        }
      }
      parents = next;
    }
    return report;
  }

  for (let i = 1; i < o.schedules; i++) {
    if (!mine(i)) continue;
    const seed = scheduleSeed(o.seed, i);
    const policy: Policy = o.algo === 'pct' ? new PctPolicy(seed, o.depth, first.steps) : new RandomPolicy(seed);
    if (record(i, runSchedule(policy))) return report;
  }
  return report;
}

// ---- command line --------------------------------------------------------------------------

function parseShard(v: string): { index: number; count: number } {
  const m = /^(auto|\d+)\/(\d+)$/.exec(v);
  if (!m || Number(m[2]) < 1) throw new UsageError(`--shard ${v}: expected I/N (0 <= I < N) or auto/N`);
  const count = Number(m[2]);
  let index: number;
  if (m[1] === 'auto') {
    const env = process.env.JOB_COMPLETION_INDEX ?? process.env.SLURM_ARRAY_TASK_ID;
    if (env === undefined || !/^\d+$/.test(env)) throw new UsageError(`--shard auto/${count}: neither JOB_COMPLETION_INDEX nor SLURM_ARRAY_TASK_ID is set`);
    index = Number(env);
  } else index = Number(m[1]);
  if (index >= count) throw new UsageError(`--shard ${v}: shard index ${index} is not below ${count}`);
  return { index, count };
}

function findingLines(file: string, f: Report['findings'][number]): string[] {
  return [`FINDING: ${f.text}`, `replay: kmodlab explore ${file} --replay ${f.token}`];
}

export function exploreMain(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  try {
    if (args[0] === 'merge') return merge(args.slice(1), out);
    return main(args, out, err);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`kmodlab explore: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

function main(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const o: ExploreOptions = { algo: 'pct', schedules: 200, seed: 1, depth: 2, preemptions: 2, shard: { index: 0, count: 1 }, keepGoing: false };
  let file: string | undefined;
  let json = false;
  let replay: string | undefined;
  const num = (flag: string, v: string | undefined, min = 0) => {
    if (v === undefined || !/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`${flag} ${v ?? ''}: expected an integer >= ${min}`);
    return Number(v);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    switch (a) {
      case '--algo': {
        const v = args[++i];
        if (v !== 'pct' && v !== 'bounded' && v !== 'random') throw new UsageError(`--algo ${v ?? ''}: expected pct, bounded or random`);
        o.algo = v;
        break;
      }
      case '--schedules': o.schedules = num(a, args[++i], 1); break;
      case '--seed': o.seed = num(a, args[++i]); break;
      case '--depth': o.depth = num(a, args[++i], 1); break;
      case '--preemptions': o.preemptions = num(a, args[++i]); break;
      case '--time-limit': {
        const v = args[++i];
        const m = v === undefined ? null : /^(\d+)(s|m)?$/.exec(v);
        if (!m) throw new UsageError(`--time-limit ${v ?? ''}: expected host seconds (30, 30s, 5m)`);
        o.timeLimit = Number(m[1]) * (m[2] === 'm' ? 60 : 1);
        break;
      }
      case '--shard': o.shard = parseShard(args[++i] ?? ''); break;
      case '--keep-going': o.keepGoing = true; break;
      case '--json': json = true; break;
      case '--replay': replay = args[++i]; if (!replay) throw new UsageError('--replay: missing TOKEN'); break;
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
        if (file) throw new UsageError(`one scenario FILE only ('${file}', '${a}')`);
        file = a;
    }
  }
  if (!file) throw new UsageError('missing scenario FILE');
  if (!existsSync(file)) { err(`kmodlab explore: ${file}: No such file or directory\n`); return 2; }
  const text = readFileSync(file, 'utf8');

  if (replay !== undefined) {
    const t = decodeToken(replay);
    const r = runScheduleOnce(text, file, new ForcedPolicy(t.switches));
    if (r.status === 2) { err(`${r.error}\n`); return 2; }
    const token = encodeToken(t.algo, t.seed, t.index, r.switches);
    if (json) {
      out(JSON.stringify({ file, token, findings: r.findings.slice(0, 1).map((f) => ({ ...f, schedule: t.index, token })), cycles: String(r.cycles) }, null, 2) + '\n');
    } else {
      for (const l of r.transcript) out(l + '\n');
      if (r.findings.length) for (const l of findingLines(file, { ...r.findings[0], schedule: t.index, token })) out(l + '\n');
      else out('no finding under this schedule\n');
    }
    return r.findings.length ? 1 : 0;
  }

  const rep = explore(file, text, o);
  if ('error' in rep) { err(`${rep.error}\n`); return 2; }
  if (json) out(JSON.stringify(rep, null, 2) + '\n');
  else {
    for (const f of rep.findings) for (const l of findingLines(file, f)) out(l + '\n');
    const how = o.algo === 'pct' ? `pct depth ${o.depth}` : o.algo === 'bounded' ? `bounded, at most ${o.preemptions} switches` : 'random';
    const end = rep.stoppedBy === 'time-limit' ? ' (host time limit reached)' : '';
    out(`explored ${rep.schedules} schedule(s) of ${file} (${how}, seed ${o.seed}, shard ${rep.shard}): ${rep.findings.length ? `${rep.findings.length} finding(s)` : 'no finding'}${end}\n`);
  }
  return rep.findings.length ? 1 : 0;
}

/** kmodlab explore merge A.json B.json ...: one report from the shards' reports. */
function merge(files: string[], out: (s: string) => void): number {
  if (!files.length) throw new UsageError('merge: no report files');
  const reps: Report[] = files.map((f) => {
    if (!existsSync(f)) throw new UsageError(`merge: ${f}: No such file or directory`);
    try {
      const r = JSON.parse(readFileSync(f, 'utf8')) as Report;
      if (!Array.isArray(r.indices) || !Array.isArray(r.findings)) throw new Error('not a report');
      return r;
    } catch {
      throw new UsageError(`merge: ${f}: not a kmodlab explore --json report`);
    }
  });
  const files0 = new Set(reps.map((r) => `${r.file}|${r.algo}|${r.seed}`));
  if (files0.size > 1) throw new UsageError('merge: the reports are of different scenarios, algorithms or seeds');
  const indices = [...new Set(reps.flatMap((r) => r.indices))].sort((a, b) => a - b);
  const findings: Report['findings'] = [];
  const seen = new Set<string>();
  for (const f of reps.flatMap((r) => r.findings).sort((a, b) => a.schedule - b.schedule)) {
    const key = `${f.kind}|${f.symbol}`;
    if (!seen.has(key)) { seen.add(key); findings.push(f); }
  }
  const merged: Report = {
    file: reps[0].file, algo: reps[0].algo, seed: reps[0].seed, shard: reps.map((r) => r.shard).join(','),
    schedules: indices.length, indices, findings,
    stoppedBy: reps.some((r) => r.stoppedBy === 'finding') ? 'finding' : reps.some((r) => r.stoppedBy === 'time-limit') ? 'time-limit' : 'done',
  };
  out(JSON.stringify(merged, null, 2) + '\n');
  return findings.length ? 1 : 0;
}

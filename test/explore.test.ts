// kmodlab explore on the seeded races: each unsafe scenario is found with a replay line that
// reproduces the same finding; each safe one is explored for a stated number of schedules with
// no finding; shards run as processes cover exactly the unsharded schedules.
import { describe, it, expect } from 'vitest';
import { spawnSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { scenario, EXAMPLES } from './helpers.ts';

const KMODLAB = join(REPO_ROOT, 'tools', 'kmodlab');
const ex = (name: string) => join(EXAMPLES, name);

function kmodlab(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(KMODLAB, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function findingAndReplay(out: string) {
  const finding = /^FINDING: .*$/m.exec(out)?.[0];
  const replay = /^replay: kmodlab explore (\S+) --replay (\S+)$/m.exec(out);
  return { finding, file: replay?.[1], token: replay?.[2] };
}

// Unsafe: found, and the replay line reproduces the same finding (same text, same token).
const UNSAFE: [string, RegExp][] = [
  ['race-reader.kml', /^FINDING: call into unloaded module worker at worker_spin\+0x[0-9a-f]+\/0x[0-9a-f]+ \[worker\] from cpu1 \(task reader:\d+\): resumed inside worker after it was unloaded/],
  ['rule2-init.kml', /^FINDING: entry into a COMING module without a reference \(use before live\) procfirst at procfirst_read\+0x0\/0x[0-9a-f]+ \[procfirst\] from cpu1/],
  ['init-failure.kml', /^FINDING: call into unloaded module demofs at demofs_statfs\+0x[0-9a-f]+\/0x[0-9a-f]+ \[demofs\] from cpu1 \(task mounter:\d+\)/],
  ['unload-noref.kml', /^FINDING: call into unloaded module worker at worker_spin\+0x0\/0x[0-9a-f]+ \[worker\] from cpu1/],
  ['exception1-threaded.kml', /^FINDING: call into unloaded module irqdemo at irqdemo_work/],
  // a reader task in a device's read() whose file_operations have no .owner, through the VFS
  ['spurious-failure.kml', /^FINDING: spurious failure: a notifier skipped the callback of notifydemo at notifier_call_chain\+0x[0-9a-f]+\/0x[0-9a-f]+ from cpu1 \(task events:\d+\): events 1, 2, 3 skipped while notifydemo was still initialising; its init then succeeded$/],
  // a 2.5-style /proc entry without an owner, read while its module unloads
  ['proc-race-25.kml', /^FINDING: call into unloaded module oldslow at oldslow_read\+0x[0-9a-f]+\/0x[0-9a-f]+ \[oldslow\] from cpu1 \(task reader:\d+\)/],
  // the reader either calls the freed noowner_read or, first, reads the freed noowner_fops
  ['noowner-race.kml', /^FINDING: (call into unloaded module noowner at noowner_read\+0x[0-9a-f]+\/0x[0-9a-f]+ \[noowner\]|read of unloaded module memory noowner at vfs_read\+0x[0-9a-f]+\/0x[0-9a-f]+) from cpu1 \(task reader:\d+\).*noowner/],
  // a job that gives up on a busy lock without module_put: the reference outlives the task
  ['refleak.kml', /^FINDING: task exited holding a reference to module leaky taken at leaky_job\+0x[0-9a-f]+\/0x[0-9a-f]+ \[leaky\] from cpu[01] \(task [ab]:\d+\): try_module_get\(leaky\) with no module_put before the task ended or since; leaky refcount 1 when the scenario ended$/],
  // a thread that returns with leaky_cfg_lock held (lockdep's "still has locks held!")
  ['lockleak.kml', /^FINDING: task exited holding mutex leaky_cfg_lock \[leaky\] taken at leaky_apply\+0x[0-9a-f]+\/0x[0-9a-f]+ \[leaky\] from cpu0 \(task apply:\d+\): mutex_lock\(leaky_cfg_lock\) with no mutex_unlock before the task ended; lockdep: "apply\/\d+ still has locks held!" #0: [0-9a-f]{16} \(leaky_cfg_lock\), at: leaky_apply\+0x[0-9a-f]+\/0x[0-9a-f]+ \[leaky\]$/],
];

// Safe: no finding in this many PCT schedules.
const SAFE: [string, number][] = [
  ['race-reader-tasks.kml', 100],
  ['unload-preempted-tasks.kml', 60],
  ['exception1-threaded-tasks.kml', 60],
  ['exception1-irq.kml', 60],
  // the same reader with .owner set (open pins the module), and 6.1's /proc rundown
  ['noowner-owned.kml', 40],
  ['proc-race.kml', 40],
  // refleak.kml and lockleak.kml fixed, and a reference one thread takes and another puts
  ['leaky-fixed.kml', 60],
];

describe('kmodlab explore: seeded races', () => {
  for (const [name, expected] of UNSAFE) {
    it(`finds ${name} and its replay line reproduces the finding`, () => {
      const r = kmodlab(['explore', ex(name), '--schedules', '200']);
      expect(r.status).toBe(1);
      const f = findingAndReplay(r.out);
      expect(f.finding).toMatch(expected);
      expect(f.file).toBe(ex(name));
      const again = kmodlab(['explore', f.file!, '--replay', f.token!]);
      expect(again.status).toBe(1);
      const g = findingAndReplay(again.out);
      expect(g.finding).toBe(f.finding);
      expect(g.token).toBe(f.token);
    }, 120_000);
  }

  for (const [name, n] of SAFE) {
    it(`explores ${name} for ${n} schedules with no finding`, () => {
      const r = kmodlab(['explore', ex(name), '--schedules', String(n)]);
      expect(r.out).toContain(`explored ${n} schedule(s) of ${ex(name)} (pct depth 2, seed 1, shard 0/1): no finding`);
      expect(r.status).toBe(0);
    }, 120_000);
  }

  it('boot seed= moves the random streams, never the schedule', () => {
    const run = (seed: number) => scenario(`boot cpus=2 seed=${seed}\n` + readFileSync(ex('race-reader.kml'), 'utf8').split('\n').filter((l) => !/^boot/.test(l)).join('\n') + '\ncall get_random_u32\n');
    const a = run(7), b = run(12345), c = run(7);
    const rnd = (r: { out: string[] }) => r.out.at(-1);
    expect(rnd(a)).toMatch(/^=> 0x[0-9a-f]+$/);
    expect(rnd(a)).not.toBe(rnd(b));
    expect(c.text).toBe(a.text);
    expect(a.out.slice(0, -1)).toEqual(b.out.slice(0, -1));
  });

  it('refleak and lockleak are silent in the machine\'s own order (kmodlab run)', () => {
    const ref = scenario(readFileSync(ex('refleak.kml'), 'utf8'));
    expect(ref.status).toBe(0);
    expect(ref.out).toContain('b => 0x0');
    expect(ref.text).not.toMatch(/in use/);
    const lock = scenario(readFileSync(ex('lockleak.kml'), 'utf8'));
    expect(lock.status).toBe(0);
    expect(lock.out).toContain('apply => 0x0');
  });

  it('a reference handed to another thread is given back; without the releaser it is found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kml-held-'));
    const base = readFileSync(ex('leaky-fixed.kml'), 'utf8').replace(/^insmod leaky\//m, `insmod ${EXAMPLES}/leaky/`);
    // the handed-over reference without its releaser: the holder's reference is left
    const held = join(dir, 'held.kml');
    writeFileSync(held, base.split('\n').filter((l) => !/releaser/.test(l)).join('\n'));
    const r = kmodlab(['explore', held, '--schedules', '5']);
    expect(r.status).toBe(1);
    expect(findingAndReplay(r.out).finding).toMatch(/^FINDING: task exited holding a reference to module leaky taken at leaky_hold\+0x[0-9a-f]+\/0x[0-9a-f]+ \[leaky\] from cpu0 \(task holder:\d+\): __module_get\(leaky\)/);
  }, 120_000);

  it('race-reader is silent in the machine\'s own order (kmodlab run)', () => {
    const r = scenario(readFileSync(ex('race-reader.kml'), 'utf8'));
    expect(r.status).toBe(0);
    expect(r.text).not.toMatch(/oops|unloaded module/);
  });

  it('the dashboard plays a replay token: same transcript, the same finding at its end', () => {
    const e = findingAndReplay(kmodlab(['explore', ex('noowner-race.kml')]).out);
    expect(e.token).toBeTruthy();
    const replay = kmodlab(['explore', ex('noowner-race.kml'), '--replay', e.token!]);
    const d = kmodlab(['dash', ex('noowner-race.kml'), '--replay', e.token!], { CI: 'true' });
    expect(d.status).toBe(1);
    const lines = d.out.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(e.finding);
    // the transcript the replay printed, up to its finding
    expect(lines.slice(0, -1)).toEqual(replay.out.split('\n').slice(0, lines.length - 1));
    const pic = kmodlab(['dash', ex('noowner-race.kml'), '--replay', e.token!, '--once', '--tail', '0', '--width', '300']);
    expect(pic.out).toContain(e.finding!);
    const bad = kmodlab(['dash', ex('noowner-race.kml'), '--replay', 'k9-x']);
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('not a replay token');
  }, 120_000);

  it('bounded and random find race-reader too', () => {
    for (const algo of ['bounded', 'random']) {
      const r = kmodlab(['explore', ex('race-reader.kml'), '--algo', algo, '--schedules', '300']);
      expect(r.status, algo).toBe(1);
      expect(findingAndReplay(r.out).finding).toMatch(/^FINDING: call into unloaded module worker at worker_spin\+0x[0-9a-f]+\/0x[0-9a-f]+ \[worker\] from cpu1 \(task reader:\d+\)/);
    }
  }, 120_000);
});

describe('kmodlab explore: errors', () => {
  it('a malformed scenario is exit 2 with FILE:LINE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kml-explore-'));
    const f = join(dir, 'bad.kml');
    writeFileSync(f, 'boot cpus=2\nfrobnicate\n');
    const r = kmodlab(['explore', f]);
    expect(r.status).toBe(2);
    expect(r.err).toBe(`${f}:2: unknown command 'frobnicate'\n`);
  });
  it('bad options and tokens are usage errors (exit 2), not stack traces', () => {
    for (const args of [['--algo', 'dfs'], ['--schedules', 'x'], ['--replay', 'nonsense'], ['--shard', '4/4'], ['--shard', 'auto/4']]) {
      const r = kmodlab(['explore', ex('race-reader.kml'), ...args], { JOB_COMPLETION_INDEX: '', SLURM_ARRAY_TASK_ID: '' });
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.err).toMatch(/^kmodlab explore: /);
      expect(r.err).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });
});

describe('kmodlab explore: shards', () => {
  it('4 shards run as processes cover exactly the unsharded schedules, and merge combines them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kml-shards-'));
    const args = ['explore', ex('race-reader-tasks.kml'), '--algo', 'random', '--schedules', '24', '--json'];
    const run = (extra: string[], env: Record<string, string>, out: string) => new Promise<number>((resolve) => {
      const p = spawn(KMODLAB, [...args, ...extra], { env: { ...process.env, ...env } });
      let text = '';
      p.stdout.on('data', (d) => { text += d; });
      p.on('close', (code) => { writeFileSync(out, text); resolve(code ?? -1); });
    });
    const codes = await Promise.all([0, 1, 2, 3].map((i) =>
      run(['--shard', 'auto/4'], { JOB_COMPLETION_INDEX: String(i) }, join(dir, `shard${i}.json`))));
    expect(codes).toEqual([0, 0, 0, 0]);
    const whole = JSON.parse(kmodlab(args).out);
    const parts = [0, 1, 2, 3].map((i) => JSON.parse(readFileSync(join(dir, `shard${i}.json`), 'utf8')));
    for (const p of parts) expect(p.indices.length).toBeGreaterThan(0);
    const union = parts.flatMap((p) => p.indices).sort((a: number, b: number) => a - b);
    expect(union).toEqual(whole.indices);
    expect(new Set(union).size).toBe(union.length);
    const merged = kmodlab(['explore', 'merge', ...[0, 1, 2, 3].map((i) => join(dir, `shard${i}.json`))]);
    expect(merged.status).toBe(0);
    expect(JSON.parse(merged.out).indices).toEqual(whole.indices);
  }, 180_000);
});

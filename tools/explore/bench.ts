// make bench's exploration figures: schedules per second on a 2-task scenario, and the time to
// the first finding of each seeded race (host wall-clock: figures only, never asserted).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { explore, type ExploreOptions } from './explore.ts';
import { runSchedule } from './schedule.ts';
import { ForcedPolicy } from './policy.ts';

const EXAMPLES = join(REPO_ROOT, 'modules', 'examples');

export function benchExplore(quick: boolean) {
  const base: ExploreOptions = { algo: 'pct', schedules: quick ? 100 : 1000, seed: 1, depth: 2, preemptions: 2, shard: { index: 0, count: 1 }, keepGoing: true };
  const file = join(EXAMPLES, 'race-reader-tasks.kml');
  const text = readFileSync(file, 'utf8');
  let restoredPages = 0, startLine = 0;
  let t0 = performance.now();
  const r = explore(file, text, base, undefined, (runner) => { restoredPages = runner.pagesRestored; startLine = runner.startLine; });
  const s = (performance.now() - t0) / 1000;
  if ('error' in r) { console.log(`\nexplore: ${r.error}`); return; }
  // The same scenario with a fresh boot per schedule, as exploration did before checkpoints
  // (measured after the exploration: the process is warm for both).
  const fresh = quick ? 3 : 10;
  t0 = performance.now();
  for (let i = 0; i < fresh; i++) runSchedule(text, file, new ForcedPolicy([]));
  const freshMs = (performance.now() - t0) / fresh;
  console.log(`\nSchedule exploration (one boot, then every schedule restores the checkpoint taken after it):`);
  console.log(`  race-reader-tasks.kml (2 tasks), PCT: ${r.schedules} schedules in ${s.toFixed(2)} s = ${(r.schedules / s).toFixed(1)} schedules/s (goal 1,000/s)`);
  console.log(`  a schedule on a freshly booted machine instead: ${freshMs.toFixed(1)} ms = ${(1000 / freshMs).toFixed(1)} schedules/s`);
  console.log(`  RAM pages written back per restore: ${(restoredPages / Math.max(1, r.schedules - 2)).toFixed(0)}; schedules start at line ${startLine + 1} (${JSON.stringify(text.split('\n')[startLine] ?? '')}): the lines before it run the same in every schedule`);
  console.log('  time to first finding     algo      schedules   host s');
  for (const name of ['race-reader.kml', 'rule2-init.kml', 'init-failure.kml', 'unload-noref.kml']) {
    for (const algo of ['pct', 'random', 'bounded'] as const) {
      const f = join(EXAMPLES, name);
      const t = performance.now();
      const x = explore(f, readFileSync(f, 'utf8'), { ...base, algo, keepGoing: false });
      const secs = (performance.now() - t) / 1000;
      const what = 'error' in x ? x.error : x.findings.length ? `${x.schedules}` : `none in ${x.schedules}`;
      console.log(`  ${name.padEnd(24)}  ${algo.padEnd(8)}  ${what.padStart(9)}   ${secs.toFixed(2).padStart(6)}`);
    }
  }
}

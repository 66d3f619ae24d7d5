// make bench: the command line's start-up, as a user meets it: tools/kmodlab as a whole process,
// through the bundle make setup builds (build/cli/kmodlab.mjs) and through tsx (KMODLAB_BUNDLE=0),
// and kmodlab's depmod beside kmod's on Debian's tree. Figures only: medians of wall time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { debianTree, HOST_DEPMOD } from './kmod/depmod-bench.ts';

const KMODLAB = join(REPO_ROOT, 'tools', 'kmodlab');
const BUNDLE = join(REPO_ROOT, 'build', 'cli', 'kmodlab.mjs');
const SOURCES = ['tools', 'emu', 'kernel'].map((d) => join(REPO_ROOT, d));

// A small scenario: boot, a module and the one that uses its exports, a call into it.
const SCENARIO = 'insmod modules/examples/mathlib/mathlib.ko\ninsmod modules/examples/calc/calc.ko\ncall cpu=1 calc_run 40 2\n';

/** tools/kmodlab's own test: the first .ts source newer than the bundle ('' when none). */
const newerSource = () => spawnSync('find', [...SOURCES, '-name', '*.ts', '-newer', BUNDLE, '-print', '-quit'], { encoding: 'utf8' }).stdout.trim();

type Opts = { env?: NodeJS.ProcessEnv; input?: string };

/** One run's wall time. */
function wall(cmd: string, args: string[], opts: Opts): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: REPO_ROOT, input: opts.input, env: opts.env ?? process.env, stdio: ['pipe', 'ignore', 'ignore'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: exit status ${r.status}`);
  return ms;
}

function middle(ms: number[]): number {
  ms.sort((a, b) => a - b);
  return ms.length % 2 ? ms[ms.length >> 1] : (ms[ms.length / 2 - 1] + ms[ms.length / 2]) / 2;
}

function median(cmd: string, args: string[], rounds: number, opts: Opts = {}): number {
  const ms: number[] = [];
  for (let i = 0; i < rounds; i++) ms.push(wall(cmd, args, opts));
  return middle(ms);
}

/** The medians of two commands run in turn, so that both meet the same load of the host. */
function medians(a: [string, string[]], b: [string, string[]], rounds: number): [number, number] {
  const x: number[] = [], y: number[] = [];
  for (let i = 0; i < rounds; i++) {
    x.push(wall(a[0], a[1], {}));
    y.push(wall(b[0], b[1], {}));
  }
  return [middle(x), middle(y)];
}

export function benchStartup(quick: boolean) {
  const bundled = existsSync(BUNDLE) && !newerSource();
  const tsx = { ...process.env, KMODLAB_BUNDLE: '0' };
  const rounds = quick ? 3 : 10;
  console.log(`\nStart-up: tools/kmodlab as a whole process, medians of ${rounds} runs (${quick ? 2 : 5} for run, ${quick ? 3 : 7} for depmod, ${quick ? 1 : 3} for its tsx; host ms, wall):`);
  if (!bundled) console.log(`  (no up-to-date ${BUNDLE.replace(REPO_ROOT + '/', '')}: run \`make setup\` for the bundle's figures)`);
  console.log('  command                                   bundle        tsx');
  const row = (name: string, args: string[], n: number, input?: string, extra = '') => {
    const b = bundled ? median(KMODLAB, args, n, { input }).toFixed(1) : '-';
    const t = median(KMODLAB, args, n, { env: tsx, input }).toFixed(1);
    console.log(`  ${name.padEnd(38)}  ${b.padStart(8)}   ${t.padStart(8)}${extra}`);
  };
  row('kmodlab --help', ['--help'], rounds);
  row('kmodlab run: boot, insmod x2, call', ['run', '-'], quick ? 2 : 5, SCENARIO);
  const tmp = mkdtempSync(join(tmpdir(), 'kmodlab-startup-bench-'));
  try {
    const t = debianTree(tmp);
    if (t) {
      const n = quick ? 3 : 7;
      const args = ['depmod', '-b', t.root, t.version];
      const name = `kmodlab depmod, Debian's ${t.version.replace(/-cloud-arm64$/, '')}`;
      if (bundled && HOST_DEPMOD) {
        // kmodlab's bundle and kmod in turn, for a ratio of the same moment
        const [ours, theirs] = medians([KMODLAB, args], [HOST_DEPMOD, ['-b', t.root, t.version]], n);
        const tsxMs = median(KMODLAB, args, quick ? 1 : 3, { env: tsx });
        console.log(`  ${name.padEnd(38)}  ${ours.toFixed(1).padStart(8)}   ${tsxMs.toFixed(1).padStart(8)}   kmod 30 (${HOST_DEPMOD}), run in turn with the bundle: ${theirs.toFixed(1)} (${(ours / theirs).toFixed(2)}x)`);
      } else {
        const kmod = HOST_DEPMOD ? `   kmod 30 (${HOST_DEPMOD}): ${median(HOST_DEPMOD, ['-b', t.root, t.version], n).toFixed(1)}` : '   (no kmod depmod)';
        row(name, args, n, undefined, kmod);
      }
    } else console.log('  (no Debian modules: `make real-modules` for depmod on their tree)');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) newerSource();
  console.log(`  tools/kmodlab's up-to-date test of the bundle (find over tools/ emu/ kernel/, a process): ${((performance.now() - t0) / rounds).toFixed(1)} ms`);
}

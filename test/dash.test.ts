// The dashboard on the real kernel: its model rendered for a played scenario, its options and
// plain modes, and the real program in a terminal (tmux). Rendering details on hand-made
// snapshots are in dash-render.test.ts.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { renderText } from '../tools/dash/render.ts';
import { parseArgs, frames, DEFAULT_SCENARIO } from '../tools/dash/dash.ts';
import { Player, CpuHistory, viewOf } from '../tools/dash/model.ts';

const KMODLAB = join(REPO_ROOT, 'tools', 'kmodlab');

// ---- options ---------------------------------------------------------------------------------

describe('dash options', () => {
  it('parses --delay, --once, --frames, --width, --tail, --paused and FILE', () => {
    expect(parseArgs([])).toMatchObject({ file: DEFAULT_SCENARIO, delay: 700, once: false, frames: 0, paused: false });
    expect(DEFAULT_SCENARIO).toBe(join(REPO_ROOT, 'modules', 'examples', 'demo.kml'));
    expect(parseArgs(['--delay', '50', '--frames=2', '--width', '90', '--tail', '0', '--paused', 'x.kml']))
      .toMatchObject({ file: 'x.kml', delay: 50, frames: 2, width: 90, tail: 0, paused: true });
    expect(parseArgs(['--once', 'y.kml'])).toMatchObject({ once: true, file: 'y.kml' });
    expect(parseArgs(['-h'])).toBe('help');
    expect(() => parseArgs(['--delay', 'soon'])).toThrow(/--delay: expected a number/);
    expect(() => parseArgs(['--frames', '0'])).toThrow(/at least 1/);
    expect(() => parseArgs(['--bogus'])).toThrow(/unknown option '--bogus'/);
    expect(() => parseArgs(['a.kml', 'b.kml'])).toThrow(/only one scenario/);
  });
});

// ---- a real scenario ---------------------------------------------------------------------------

let dir = '';
let moduleBuilt = false;

const SCENARIO = `# a small lesson
boot cpus=2
echo first step
echo second step
`;

const MODULES = 'boot cpus=2\ninsmod dashmod/dashmod.ko\nlsmod\nrmmod dashmod\ndmesg\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmodlab-dash-'));
  writeFileSync(join(dir, 'lesson.kml'), SCENARIO);
  writeFileSync(join(dir, 'many.kml'), 'boot cpus=64\necho sixty-four\n');
  writeFileSync(join(dir, 'broken.kml'), 'boot cpus=2\necho fine\nfrobnicate now\necho never\n');
  // Sixty lines and one long one, for scrolling and wrapping.
  writeFileSync(join(dir, 'long.kml'), ['boot cpus=2', ...Array.from({ length: 60 }, (_, i) => `echo line ${String(i + 1).padStart(2, '0')}`),
    `echo ${'x'.repeat(120)}WRAPPED-END`].join('\n') + '\n');
  // A command that would run for minutes of host time.
  writeFileSync(join(dir, 'endless.kml'), 'boot cpus=2\nspawn spin cpu=1 kmodlab_spin 4000000000\nrun 500000M\necho never\n');
  // Several modules for the table: selection, sort, detail.
  writeFileSync(join(dir, 'several.kml'), ['boot cpus=2', ...['hello', 'mathlib', 'calc', 'bulky'].map((m) => `insmod ${join(REPO_ROOT, 'modules', 'examples', m, `${m}.ko`)}`), 'echo loaded'].join('\n') + '\n');
  // A module of our own, when the external-module build exists.
  if (existsSync(join(REPO_ROOT, 'modules', 'Makefile'))) {
    const m = join(dir, 'dashmod');
    mkdirSync(m);
    writeFileSync(join(m, 'Kbuild'), 'obj-m := dashmod.o\n');
    writeFileSync(join(m, 'dashmod.c'), `#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>

static int __init dashmod_init(void)
{
\tpr_info("dashmod: hello from init\\n");
\treturn 0;
}

static void __exit dashmod_exit(void)
{
\tpr_info("dashmod: goodbye\\n");
}

module_init(dashmod_init);
module_exit(dashmod_exit);
MODULE_LICENSE("GPL");
`);
    const r = spawnSync('make', ['-s', '-C', join(REPO_ROOT, 'modules'), `M=${m}`], { encoding: 'utf8' });
    moduleBuilt = r.status === 0 && existsSync(join(m, 'dashmod.ko'));
    if (!moduleBuilt) console.warn(`dash test: could not build a test module (${r.stderr.trim().split('\n').slice(-3).join(' | ')}); module rows are checked with hand-made snapshots only`);
    writeFileSync(join(dir, 'modules.kml'), MODULES);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function kmodlab(args: string[], env: Record<string, string | undefined> = {}) {
  const e: Record<string, string | undefined> = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete e[k];
  return spawnSync(KMODLAB, args, { encoding: 'utf8', env: e as NodeJS.ProcessEnv, timeout: 120_000 });
}

describe('dashboard model on the real kernel', { timeout: 120_000 }, () => {
  it('--once renders the CPU panes, transcript and kernel log of a played scenario', async () => {
    const o = parseArgs(['--once', '--width', '100', join(dir, 'lesson.kml')]);
    if (o === 'help') throw new Error('unexpected');
    let out = '';
    let err = '';
    const status = frames(SCENARIO, o, (s) => { out += s; }, (s) => { err += s; });
    expect(status).toBe(0);
    expect(err).toBe('');
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^ kmodlab │ lesson\.kml │ t \d+\.\d{9} s │ [\d,]+ cycles │ .*cmd 3\/3 │ Done$/);
    expect(lines[1]).toMatch(/^┌─ cpu0 ─+ [\d,]+ instr ┐┌─ cpu1 ─+ [\d,]+ instr ┐$/);
    expect(lines[2]).toMatch(/^│ idle/);
    expect(out).toContain('Modules (0)');
    expect(out).toContain('(no modules loaded)');
    expect(out).toMatch(/│\$ boot cpus=2 +│\n│\$ echo first step +│\n│first step +│\n│\$ echo second step +│\n│second step +│/);
    expect(out).toMatch(/│\[ +\d+\.\d{6}\] smp: Brought up 1 node, 2 CPUs/);
    expect(out).not.toMatch(/\x1b/);
  });

  it('is deterministic: the same scenario gives the same picture', async () => {
    const o = parseArgs(['--frames', '1', join(dir, 'lesson.kml')]);
    if (o === 'help') throw new Error('unexpected');
    const run = () => {
      let out = '';
      frames(SCENARIO, o, (s) => { out += s; }, () => {});
      return out;
    };
    const a = run();
    expect(run()).toBe(a);
    // a picture after commands 1 and 2, and the final one
    expect(a.match(/^ kmodlab │/gm)).toHaveLength(3);
    expect(a).toMatch(/cmd 1\/3 │ Playing/);
    expect(a).toMatch(/cmd 2\/3 │ Playing/);
    expect(a).toMatch(/cmd 3\/3 │ Done/);
  });

  it('pictures the percpu lesson: per-CPU counters and their lines, the grace period, references put back, a FREED task, its oops', () => {
    const file = join(REPO_ROOT, 'modules', 'examples', 'percpu-lesson.kml');
    const p = new Player(readFileSync(file, 'utf8'), file);
    const hist = new CpuHistory();
    const pictures = new Map<string, string>();
    try {
      while (!p.finished) {
        for (const f of p.step()) {
          if (f.note && !pictures.has(f.note)) pictures.set(f.note, renderText(viewOf(p, f, hist.lines(f), 'Playing', 700), { width: 120, tail: 3 }));
        }
      }
      const notes = [...pictures.keys()];
      const at = (re: RegExp) => notes.findIndex((n) => re.test(n));
      const order = [/^worker: LIVE → GOING$/, /^grace period: rmmod worker: GOING seen by every CPU \(1\/4 CPUs passed\)$/,
        /^worker: GOING, 1 reference still held$/, /^worker: GOING, 0 references still held$/, /^worker: GOING → UNFORMED$/,
        /^grace period: free worker/, /^worker: gone$/, /^reader: \w+ fault at worker_spin\+0x[0-9a-f]+\/0x[0-9a-f]+ \[worker\] on cpu1$/];
      const idx = order.map(at);
      expect(idx.every((i) => i >= 0), notes.join('\n')).toBe(true);
      expect([...idx].sort((a, b) => a - b)).toEqual(idx);
      // while rmmod waits: one reference on cpu2 and one on cpu3, each line owned by its CPU
      const gp = pictures.get(notes[idx[1]])!;
      expect(gp).toContain('┌─ Detail: worker');
      expect(gp).toMatch(/│per-CPU refcount lines \(sum 2\):/);
      expect(gp).toMatch(/│ cpu2 +1 +line owned by cpu2/);
      expect(gp).toMatch(/│ cpu3 +1 +line owned by cpu3/);
      expect(gp).toMatch(/│ cpu0 ✓ cpu1 … cpu2 … cpu3 …/);
      expect(gp).toMatch(/│cpu1 reader:\d+ +preempted worker_spin\+0x[0-9a-f]+ \[worker\]/);
      // freed while reader is preempted inside it
      expect(pictures.get('worker: gone')).toMatch(/│cpu1 reader:\d+ +preempted FREED worker_spin\+0x[0-9a-f]+ \[worker\]/);
      expect(p.last.snap!.taint).toContain('D');
    } finally {
      p.close();
    }
  });

  it('shows a module COMING then LIVE, its row, and its messages', async (ctx) => {
    if (!moduleBuilt) ctx.skip();
    const file = join(dir, 'modules.kml');
    const p = new Player(MODULES, file);
    const hist = new CpuHistory();
    try {
      p.step(); // boot
      const fs = p.step(); // insmod
      const notes = fs.map((f) => f.note).filter(Boolean);
      expect(notes).toEqual(['dashmod: UNFORMED', 'dashmod: UNFORMED → COMING', 'dashmod: COMING → LIVE']);
      const coming = fs.find((f) => f.note === 'dashmod: UNFORMED → COMING')!;
      expect(coming.snap!.modules.find((m) => m.name === 'dashmod')!.state).toBe('COMING');
      const last = fs.at(-1)!;
      const text = renderText(viewOf(p, last, hist.lines(last), 'Playing', 700), { width: 100, tail: 0 });
      expect(text).toMatch(/│dashmod +\d+ +LIVE +0 +(vmalloc|kmalloc) +\S+/);
      expect(text).toMatch(/│\$ insmod dashmod\/dashmod\.ko +│/);
      expect(text).toMatch(/│\[ *\d+\.\d{6}\] dashmod: /);
      p.step(); // lsmod
      const gone = p.step(); // rmmod
      // free_module: UNFORMED again (as Linux's), then off the list; idle CPUs end the grace period at once
      expect(gone.map((f) => f.note).filter(Boolean)).toEqual(['dashmod: LIVE → GOING', 'dashmod: GOING → UNFORMED', 'dashmod: gone']);
      p.runAll(); // dmesg
      expect(p.status).toBe(0);
      expect(p.last.snap!.modules).toHaveLength(0);
      // the dmesg pane holds exactly what the kernel's own dmesg printed
      const printed = p.transcript.slice(p.transcript.findIndex((t) => t.text === '$ dmesg') + 1).map((t) => t.text);
      expect(printed.length).toBeGreaterThan(4);
      expect(p.dmesg.map((d) => d.text)).toEqual(printed);
    } finally {
      p.close();
    }
  });
});

describe('dash without a terminal', { timeout: 180_000 }, () => {
  it('prints the same transcript as kmodlab run when stdout is not a terminal', () => {
    const file = join(dir, 'lesson.kml');
    const run = kmodlab(['run', file]);
    const d = kmodlab(['dash', file], { CI: undefined });
    expect(run.status).toBe(0);
    expect(d.status).toBe(0);
    expect(d.stdout).toBe(run.stdout);
    expect(d.stdout).toContain('$ echo second step\nsecond step\n');
  });

  it('stops at a malformed line with FILE:LINE: message and status 2', () => {
    const file = join(dir, 'broken.kml');
    const d = kmodlab(['dash', file], { CI: 'true' });
    expect(d.status).toBe(2);
    expect(d.stderr).toBe(`${file}:3: unknown command 'frobnicate'\n`);
    expect(d.stdout).not.toContain('never');
    const once = kmodlab(['dash', '--once', file]);
    expect(once.status).toBe(2);
    expect(once.stderr).toBe(`${file}:3: unknown command 'frobnicate'\n`);
    expect(once.stdout).toMatch(/cmd 2\/4 │ Error/);
    expect(once.stdout).toContain(`│${file}:3: unknown command 'frobnicate'`);
  });

  it('complains about a missing scenario and a bad option', () => {
    const d = kmodlab(['dash', join(dir, 'nope.kml')]);
    expect(d.status).toBe(2);
    expect(d.stderr).toContain('nope.kml: No such file or directory');
    const b = kmodlab(['dash', '--frames', 'x']);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--frames: expected a number');
  });
});

// ---- the real program in a terminal ------------------------------------------------------------

const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;
if (!HAVE_TMUX) console.warn('dash terminal tests SKIPPED: tmux is not installed (apt-get install tmux)');

describe.skipIf(!HAVE_TMUX)(`dash in a terminal (tmux${HAVE_TMUX ? '' : ': SKIPPED, tmux is not installed'})`, { timeout: 180_000 }, () => {
  // Our own tmux server (its socket in the test's directory, no user configuration), killed
  // at the end.
  const socket = () => join(dir, 'tmux.sock');
  let serial = 0;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket(), '-f', '/dev/null', ...args], { encoding: 'utf8' });

  afterAll(() => {
    spawnSync('tmux', ['-S', socket(), 'kill-server']);
  });

  /** Starts `kmodlab dash ARGS` in a new session; the shell prints EXIT:<status> after it. */
  function start(args: string[], env: string[] = [], w = 120, h = 40): string {
    const name = `dash${process.pid}-${++serial}`;
    const cmd = `cd '${REPO_ROOT}' && env -u CI -u NO_COLOR LANG=C.UTF-8 ${env.join(' ')} '${KMODLAB}' dash ${args.map((a) => `'${a}'`).join(' ')}; echo EXIT:$?; sleep 600`;
    tmux('new-session', '-d', '-x', String(w), '-y', String(h), '-s', name, cmd);
    return name;
  }
  const capture = (s: string, escapes = false) => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', s);
  async function waitFor(s: string, what: string, ok: (screen: string) => boolean, timeoutMs = 60_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    let screen = '';
    while (Date.now() < until) {
      screen = capture(s);
      if (ok(screen)) return screen;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${screen}`);
  }
  const kill = (s: string) => spawnSync('tmux', ['-S', socket(), 'kill-session', '-t', s]);
  const COLOUR_SGR = /\x1b\[[0-9;]*\b(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38|48)[;m]/;

  it('plays the scenario to the end, shows header, CPU panes and transcript, quits on q', async () => {
    const s = start(['--delay', '50', join(dir, 'lesson.kml')]);
    try {
      const screen = await waitFor(s, 'the end of the scenario', (x) => /cmd 3\/3 │ Done/.test(x) && x.includes('second step'));
      const lines = screen.split('\n');
      expect(lines[0]).toMatch(/^ kmodlab │ lesson\.kml │ t \d+\.\d{9} s │ [\d,]+ cycles │/);
      expect(lines[1]).toMatch(/┌─ cpu0 ─+ [\d,]+ instr ┐┌─ cpu1 ─+ [\d,]+ instr ┐/);
      expect(screen).toContain('Modules (0)');
      expect(screen).toMatch(/│\$ echo first step +│/);
      expect(screen).toMatch(/│first step +│/);
      expect(screen).toMatch(/smp: Brought up 1 node, 2 CPUs/);
      expect(lines[39]).toMatch(/F1help +space ?pause +n ?step .*\+\/- ?speed +F10quit +50 ms\/command/);
      expect(capture(s, true)).toMatch(COLOUR_SGR);
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('pauses, steps with n, changes speed, shows help, and plays on with space', async () => {
    const s = start(['--paused', '--delay', '50', join(dir, 'lesson.kml')]);
    try {
      await waitFor(s, 'the paused screen', (x) => /cmd 0\/3 │ Paused/.test(x));
      tmux('send-keys', '-t', s, 'n');
      await waitFor(s, 'one step', (x) => /cmd 1\/3 │ Paused/.test(x) && x.includes('$ boot cpus=2'));
      tmux('send-keys', '-t', s, 'n');
      const two = await waitFor(s, 'a second step', (x) => /cmd 2\/3 │ Paused/.test(x) && /│first step/.test(x));
      expect(two).not.toContain('second step');
      tmux('send-keys', '-t', s, '-');
      await waitFor(s, 'a slower speed', (x) => x.includes('100 ms/command'));
      tmux('send-keys', '-t', s, '+', '+');
      await waitFor(s, 'a faster speed', (x) => /\b50 ms\/command/.test(x));
      tmux('send-keys', '-t', s, '?');
      await waitFor(s, 'the help overlay', (x) => x.includes('Keys') && x.includes('pause / resume'));
      tmux('send-keys', '-t', s, '?');
      await waitFor(s, 'the help to close', (x) => !x.includes('pause / resume'));
      tmux('send-keys', '-t', s, 'Space');
      await waitFor(s, 'the end', (x) => /cmd 3\/3 │ Done/.test(x) && x.includes('second step'));
      tmux('send-keys', '-t', s, 'C-c');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('shows a loaded module in the table, LIVE in green', async (ctx) => {
    if (!moduleBuilt) ctx.skip();
    writeFileSync(join(dir, 'live.kml'), 'boot cpus=2\ninsmod dashmod/dashmod.ko\necho loaded\n');
    const s = start(['--delay', '50', join(dir, 'live.kml')]);
    try {
      const screen = await waitFor(s, 'the end of the scenario', (x) => /cmd 3\/3 │ Done/.test(x) && x.includes('│loaded'));
      expect(screen).toMatch(/Modules \(1\)/);
      expect(screen).toMatch(/│dashmod +\d+ +LIVE +0 +(vmalloc|kmalloc) /);
      expect(capture(s, true)).toMatch(/\x1b\[32mLIVE/);
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('packs 64 CPUs into a grid', async () => {
    const s = start(['--delay', '50', join(dir, 'many.kml')]);
    try {
      const screen = await waitFor(s, 'the end of the scenario', (x) => /cmd 2\/2 │ Done/.test(x) && x.includes('│sixty-four'), 90_000);
      expect(screen).toMatch(/┌─ CPUs \(64, 0 running\) ─/);
      expect(screen).not.toContain('not shown');
      for (const id of [0, 31, 63]) expect(screen).toMatch(new RegExp(`[│ ](cpu)?${id} `));
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('uses no colour under NO_COLOR and redraws after a resize', async () => {
    const s = start(['--delay', '50', join(dir, 'lesson.kml')], ['NO_COLOR=1']);
    try {
      await waitFor(s, 'the end of the scenario', (x) => /cmd 3\/3 │ Done/.test(x));
      const esc = capture(s, true);
      expect(esc).not.toMatch(COLOUR_SGR);
      expect(esc).toMatch(/\x1b\[(?:[0-9;]*;)?7[;m]/); // inverse header and keys instead
      tmux('resize-window', '-t', s, '-x', '80', '-y', '24');
      const small = await waitFor(s, 'the redraw at 80x24', (x) => {
        const l = x.replace(/\n+$/, '').split('\n');
        return l.length === 24 && /Done/.test(l[0]) && /F1help.*F10quit/.test(l[23]) && l.every((y) => y.length <= 80);
      });
      const lines = small.split('\n');
      expect(lines[1]).toMatch(/^┌─ cpu0 ─+ .*┐┌─ cpu1 ─+ .*┐$/);
      expect(lines[1].length).toBe(80);
      expect(small).toMatch(/│second step +│/);
      expect(capture(s, true)).not.toMatch(COLOUR_SGR);
      tmux('resize-window', '-t', s, '-x', '150', '-y', '45');
      await waitFor(s, 'the redraw at 150x45', (x) => x.split('\n')[1]?.length === 150 && /F10quit/.test(x.split('\n')[44] ?? ''));
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  /** The inside of the pane whose title starts with `title`, its lines joined (wrapped lines become one). */
  function paneText(screen: string, title: string): string {
    const lines = screen.split('\n');
    const top = lines.findIndex((l) => l.includes(`┌─ ${title}`));
    if (top < 0) return '';
    const left = lines[top].indexOf(`┌─ ${title}`);
    const right = lines[top].indexOf('┐', left);
    let out = '';
    for (let i = top + 1; i < lines.length && lines[i][left] === '│'; i++) out += lines[i].slice(left + 1, right);
    return out;
  }

  /**
   * Presses `key` until the screen satisfies `ok`. After each press it waits for the screen to
   * change and then to settle (the same for 3 polls), so that a press never lands while the
   * previous one is still being played.
   */
  async function pressUntil(s: string, key: string, what: string, ok: (screen: string) => boolean, presses = 30): Promise<string> {
    let screen = capture(s);
    for (let i = 0; i < presses && !ok(screen); i++) {
      const before = screen;
      tmux('send-keys', '-t', s, key);
      let same = 0;
      let last = '';
      screen = await waitFor(s, `the screen to settle after '${key}'`, (x) => {
        if (ok(x)) return true;
        same = x === last ? same + 1 : 0;
        last = x;
        return (x !== before || /│ Done/.test(x)) && same >= 3;
      }, 60_000);
    }
    if (!ok(screen)) throw new Error(`no ${what} after ${presses} presses of '${key}'; the screen was:\n${screen}`);
    return screen;
  }

  it('teaches the preemption race: per-CPU refcount lines, the grace period, a task preempted in freed code, the moment it runs', async () => {
    const s = start(['--paused', '--delay', '50', join(REPO_ROOT, 'modules', 'examples', 'unload-preempted.kml')], [], 120, 40);
    try {
      await waitFor(s, 'the paused screen', (x) => /cmd 0\/10 │ Paused/.test(x));
      const live = await pressUntil(s, '.', 'worker LIVE', (x) => x.includes('worker: COMING → LIVE'));
      expect(live).toMatch(/Modules \(1\) — worker: COMING → LIVE/);
      // each CPU pane: a busy meter and a sparkline of load
      expect(live.split('\n')[4]).toMatch(/^│ \[[| ]*\d+%\] [ ▁▂▃▄▅▆▇█]+ *││ \[[| ]*\d+%\] [ ▁▂▃▄▅▆▇█]+ *│$/);
      expect(live).toMatch(/│worker +\d+ +LIVE /);
      expect(live).toMatch(/Detail: worker/);
      expect(live).toMatch(/timeline UNFORMED@[\d.k]+ → COMING@[\d.k]+ → LIVE@/);
      // init's reference is still held on the CPU that loaded it
      expect(live).toMatch(/per-CPU refcount lines \(sum 1\):/);
      expect(live).toMatch(/│ cpu0 +1 +line /);
      expect(live).toMatch(/│ cpu1 +0 +line /);
      // rmmod: GOING, then synchronize_kernel waits for cpu1, where t is preempted inside worker
      const gp = await pressUntil(s, '.', 'the grace period', (x) => x.includes('grace period: rmmod worker'));
      expect(gp).toContain('┌─ Grace period');
      expect(gp).toMatch(/cpu0 ✓ cpu1 …/);
      expect(gp).toMatch(/cpu1: no quiescent state yet/);
      expect(gp).toMatch(/cpu1 t:\d+ +preempted +worker_spin\+0x[0-9a-f]+ \[worker\]/);
      expect(gp).toMatch(/│worker +\d+ +GOING /);
      // freed: the preempted task is now inside an unloaded module
      const gone = await pressUntil(s, '.', 'worker gone', (x) => x.includes('worker: gone'));
      // (or back on its CPU, returning from the interrupt it was preempted in: not yet in worker's code)
      expect(gone).toMatch(/cpu1 t:\d+ +(preempted|running) +FREED worker_spin\+0x[0-9a-f]+ \[worker\]/);
      expect(paneText(gone, 'Detail')).toMatch(/worker: UNFORMED@[\d.k]+ → COMING@[\d.k]+ → LIVE@[\d.k]+ → GOING@[\d.k]+ → UNFORMED@[\d.k]+ → gone@[\d.k]+/);
      const runs = await pressUntil(s, '.', 'the freed code running', (x) => x.includes('t runs freed code'));
      expect(runs).toMatch(/t runs freed code: worker_spin\+0x[0-9a-f]+/);
      const oops = await pressUntil(s, '.', 'the oops', (x) => /t: \w+ fault at worker_spin/.test(x));
      expect(oops).toMatch(/Tainted: DOE/);
      tmux('send-keys', '-t', s, 'F10');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('at 80x24: scrolls the transcript with keys, shows where, follows again at End, wraps long lines', async () => {
    const s = start(['--delay', '0', join(dir, 'long.kml')], [], 80, 24);
    try {
      const end = await waitFor(s, 'the end', (x) => /Done/.test(x.split('\n')[0]) && x.includes('line 60'));
      expect(end.replace(/\n+$/, '').split('\n')).toHaveLength(24);
      const total = /Transcript \d+-(\d+)\/(\d+)/.exec(end)!;
      expect(total[1]).toBe(total[2]);
      const n = total[2];
      expect(end).not.toContain('line 01');
      // focus: Modules → Detail → Tasks → Transcript
      tmux('send-keys', '-t', s, 'Tab', 'Tab', 'Tab');
      await waitFor(s, 'the transcript focused', (x) => x.includes('▶ Transcript'));
      tmux('send-keys', '-t', s, 'Home');
      const top = await waitFor(s, 'the top of the transcript', (x) => new RegExp(`▶ Transcript 1-\\d+/${n}`).test(x));
      expect(top).toContain('$ boot cpus=2');
      tmux('send-keys', '-t', s, 'PageDown');
      const page = await waitFor(s, 'a page down', (x) => !/▶ Transcript 1-/.test(x) && new RegExp(`▶ Transcript \\d+-\\d+/${n}`).test(x));
      expect(page).not.toContain('$ boot cpus=2');
      tmux('send-keys', '-t', s, 'Down');
      await waitFor(s, 'a line down', (x) => x !== page);
      tmux('send-keys', '-t', s, 'End');
      await waitFor(s, 'the end again', (x) => x.includes(`-${n}/${n}`) && x.includes('▶ Transcript'));
      // the long line is cut with … until w wraps it
      expect(capture(s)).not.toContain('WRAPPED-END');
      tmux('send-keys', '-t', s, 'w');
      const wrapped = await waitFor(s, 'wrapped lines', (x) => x.includes('WRAPPED-END'));
      expect(wrapped.split('\n').every((l) => l.length <= 80)).toBe(true);
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('selects and sorts modules; the detail pane follows the selection', async () => {
    const s = start(['--delay', '0', join(dir, 'several.kml')], [], 120, 40);
    try {
      const end = await waitFor(s, 'the end', (x) => /cmd 6\/6 │ Done/.test(x) && x.includes('│loaded'));
      // newest first, as lsmod; the first row is selected
      expect(end).toMatch(/Modules \(4\)/);
      expect(end).toMatch(/Detail: bulky/);
      tmux('send-keys', '-t', s, 'Down');
      await waitFor(s, 'the second module selected', (x) => x.includes('Detail: calc'));
      tmux('send-keys', '-t', s, 's');
      const byName = await waitFor(s, 'sorted by name', (x) => x.includes('Modules (4) by name'));
      const rows = byName.split('\n').map((l) => /^│(bulky|calc|hello|mathlib) /.exec(l)?.[1]).filter(Boolean);
      expect(rows).toEqual(['bulky', 'calc', 'hello', 'mathlib']);
      expect(byName).toContain('Detail: calc');
      tmux('send-keys', '-t', s, 'End');
      await waitFor(s, 'the last row selected', (x) => x.includes('Detail: mathlib'));
      tmux('send-keys', '-t', s, 'Home');
      const first = await waitFor(s, 'the first row selected', (x) => x.includes('Detail: bulky'));
      expect(first).toMatch(/placement vmalloc at 0x[0-9a-f]+/);
      expect(first).toMatch(/sections \(\d+\):/);
      expect(first).toMatch(/│ \.text +0x[0-9a-f]+ [\d,]+/);
      tmux('send-keys', '-t', s, 'F1');
      await waitFor(s, 'the help', (x) => x.includes('run to the next module state change'));
      tmux('send-keys', '-t', s, 'Escape');
      await waitFor(s, 'the help to close', (x) => !x.includes('run to the next module state change'));
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
    } finally {
      kill(s);
    }
  });

  it('never blocks: a long command shows its progress and q ends it at once', async () => {
    const s = start(['--delay', '0', join(dir, 'endless.kml')], [], 100, 30);
    try {
      const a = await waitFor(s, 'the long command running', (x) => /cmd 2\/4 │ Playing/.test(x) && /spin +\+[\d.]+[kMG]/.test(x));
      const cycles = (x: string) => Number(/│ ([\d,]+) cycles │/.exec(x)?.[1].replace(/,/g, '') ?? 0);
      const b = await waitFor(s, 'the clock to move on', (x) => cycles(x) > cycles(a));
      expect(b).toMatch(/cmd 2\/4 │ Playing/);
      expect(b).toMatch(/pc kmodlab_spin\+0x[0-9a-f]+/);
      tmux('send-keys', '-t', s, 'q');
      await waitFor(s, 'the dashboard to exit', (x) => x.includes('EXIT:0'), 20_000);
      // the machine process went with it
      expect(spawnSync('pgrep', ['-f', `dash --serve ${join(dir, 'endless.kml')}`]).status).toBe(1);
    } finally {
      kill(s);
    }
  });
});

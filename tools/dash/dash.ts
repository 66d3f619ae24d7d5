// `kmodlab dash [FILE]`: the terminal dashboard. It plays a scenario command by command with a
// pause between commands (wall-clock time paces the display only; the machine never sees it).
// Without a terminal (or with CI=true) it prints the plain transcript like `kmodlab run`;
// --once / --frames N print plain-text pictures of the dashboard instead.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runScenario } from '../console.ts';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { Player, CpuHistory, viewOf, type Frame, type PlayState, type PlayerOptions } from './model.ts';
import { RemotePlayer, serve } from './remote.ts';
import { decodeToken } from '../explore/explore.ts';
import { install, drain, EXPLORE_QUARANTINE } from '../explore/schedule.ts';
import { ForcedPolicy } from '../explore/policy.ts';
import type { Detectors } from '../explore/detectors.ts';
import { renderText, initialUi, sortedModules, selectedModule, moduleWindow, PANES, SORTS, type PaneId } from './render.ts';
import type { DashKey } from './screen.ts';

export const DEFAULT_SCENARIO = join(REPO_ROOT, 'modules', 'examples', 'demo.kml');

/** Delays (ms between commands) that + and - step through. */
export const SPEEDS = [50, 100, 200, 350, 500, 700, 1000, 1500, 2500, 4000];
const DEFAULT_DELAY = 700;

const USAGE = `Usage: kmodlab dash [OPTIONS] [FILE]

Plays a scenario (default: modules/examples/demo.kml) on a terminal dashboard: a pane per
CPU, the module table, the transcript and the kernel log.

Options:
  --delay MS     pause between commands (default ${DEFAULT_DELAY})
  --paused       start paused (space plays, n steps)
  --once         no screen: run the scenario, print one text picture of the dashboard
  --frames N     no screen: print a text picture every N commands and at the end
  --width N      width of the text pictures (default 100)
  --tail N       transcript and dmesg lines in the text pictures (default 15, 0: all)
  --replay TOKEN play the schedule a 'kmodlab explore' finding names (its replay line),
                 with explore's detectors: the finding ends the transcript
  -h, --help     this text

Keys: F10 / q / Ctrl-C quit, space pause/resume, n step one command, . run to the next
change (module state, grace period, freed code), Tab / Shift-Tab pane, arrows, PgUp/PgDn,
Home/End and the mouse wheel scroll (in Modules: select), s sort, w wrap, + / - speed,
F1 / ? help. The machine runs in a process of its own, so keys act at once even while a
long command runs.
Without a terminal on stdout, or with CI=true, the plain transcript is printed as by
'kmodlab run'. NO_COLOR turns colours off.
`;

export interface DashOptions {
  file: string;
  delay: number;
  paused: boolean;
  once: boolean;
  frames: number;
  width: number;
  tail: number;
  /** kmodlab explore's replay token */
  replay: string | null;
  /** The interactive dashboard's machine process (tools/dash/remote.ts): frames on fd 3. */
  serve: boolean;
}

export class UsageError extends Error {}

export function parseArgs(args: string[]): DashOptions | 'help' {
  const o: DashOptions = { file: DEFAULT_SCENARIO, delay: DEFAULT_DELAY, paused: false, once: false, frames: 0, width: 100, tail: 15, replay: null, serve: false };
  let file: string | null = null;
  const num = (name: string, v: string | undefined, min: number): number => {
    if (v === undefined || !/^\d+$/.test(v)) throw new UsageError(`${name}: expected a number, got '${v ?? ''}'`);
    const n = Number(v);
    if (n < min) throw new UsageError(`${name}: must be at least ${min}`);
    return n;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const eq = a.indexOf('=');
    const [name, inline] = a.startsWith('--') && eq > 0 ? [a.slice(0, eq), a.slice(eq + 1)] : [a, undefined];
    const value = () => inline ?? args[++i];
    switch (name) {
      case '-h': case '--help': return 'help';
      case '--delay': o.delay = num('--delay', value(), 0); break;
      case '--paused': o.paused = true; break;
      case '--serve': o.serve = true; break;
      case '--once': o.once = true; break;
      case '--frames': o.frames = num('--frames', value(), 1); break;
      case '--width': o.width = num('--width', value(), 40); break;
      case '--tail': o.tail = num('--tail', value(), 0); break;
      case '--replay': {
        const t = value();
        if (!t) throw new UsageError('--replay: missing TOKEN');
        try {
          decodeToken(t);
        } catch (e) {
          throw new UsageError(e instanceof Error ? e.message : String(e));
        }
        o.replay = t;
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'`);
        if (file !== null) throw new UsageError(`only one scenario FILE, got '${file}' and '${a}'`);
        file = a;
    }
  }
  if (file !== null) o.file = file;
  return o;
}

/**
 * The player's options: with --replay, the machine runs under explore's forced schedule with its
 * detectors, exactly as 'kmodlab explore FILE --replay TOKEN' runs it.
 */
export function playerOptions(o: DashOptions): PlayerOptions {
  if (!o.replay) return {};
  const t = decodeToken(o.replay);
  let det: Detectors | null = null;
  return {
    boot: { quarantine: EXPLORE_QUARANTINE },
    onBoot: (k) => { det = install(k, new ForcedPolicy(t.switches)); },
    onEnd: (k) => {
      if (!det) return [];
      drain(k, det);
      const f = (det as Detectors).findings[0];
      return f ? [`FINDING: ${f.text}`] : ['no finding under this schedule'];
    },
  };
}

function ciEnv(): boolean {
  const v = process.env.CI;
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

function noColor(): boolean {
  const v = process.env.NO_COLOR;
  return v !== undefined && v !== '';
}

export async function dash(args: string[]): Promise<number> {
  let o: DashOptions;
  try {
    const r = parseArgs(args);
    if (r === 'help') {
      process.stdout.write(USAGE);
      return 0;
    }
    o = r;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`kmodlab: dash: ${e.message} (see kmodlab dash --help)\n`);
      return 2;
    }
    throw e;
  }
  if (!existsSync(o.file)) {
    process.stderr.write(`kmodlab: dash: ${o.file}: No such file or directory\n`);
    return 2;
  }
  const text = readFileSync(o.file, 'utf8');
  if (o.serve) return serve(text, o.file, playerOptions(o));
  if (o.once || o.frames) return frames(text, o, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
  if (o.replay && (!process.stdout.isTTY || ciEnv())) {
    const p = new Player(text, o.file, playerOptions(o));
    try {
      p.runAll();
      for (const l of p.transcript) (l.kind === 'error' && l.text === p.error ? process.stderr : process.stdout).write(l.text + '\n');
      return p.status || (p.transcript.some((l) => l.text.startsWith('FINDING: ')) ? 1 : 0);
    } finally {
      p.close();
    }
  }
  if (!process.stdout.isTTY || ciEnv()) {
    const { status, console: c } = runScenario(text, o.file, (l) => process.stdout.write(l + '\n'), {
      writeError: (l) => process.stderr.write(l + '\n'),
    });
    c.kernel?.close();
    return status;
  }
  return interactive(text, o);
}

/**
 * --once / --frames N: plays the scenario without a screen and writes text pictures of the
 * dashboard (every N commands, and always one at the end). Returns the exit status.
 */
export function frames(text: string, o: DashOptions, out: (s: string) => void, err: (s: string) => void): number {
  const p = new Player(text, o.file, playerOptions(o));
  const hist = new CpuHistory();
  const picture = (f: Frame, state: PlayState) => renderText(viewOf(p, f, hist.lines(f), state, o.delay), { width: o.width, tail: o.tail });
  let first = true;
  const emit = (s: string) => {
    out((first ? '' : '\n') + s);
    first = false;
  };
  try {
    while (!p.finished) {
      const fs = p.step();
      for (const f of fs.slice(0, -1)) hist.lines(f);
      const last = fs.at(-1);
      if (last && o.frames && last.command % o.frames === 0 && !p.finished) emit(picture(last, 'Playing'));
    }
    emit(picture(p.last, p.error ? 'Error' : 'Done'));
    if (p.error) err(p.error + '\n');
    return p.status;
  } finally {
    p.close();
  }
}

function interactive(text: string, o: DashOptions): Promise<number> {
  return new Promise<number>((resolveRun, reject) => {
    // screen.ts is loaded only here, so the other modes never touch blessed.
    import('./screen.ts').then(({ openScreen }) => {
      const hist = new CpuHistory();
      let paused = o.paused;
      let delay = o.delay;
      let help = false;
      const ui = initialUi();
      /** '.': keep playing until the next frame with a note (a state change, a grace period ...). */
      let toChange = false;
      /** '.' stopped at a frame: the rest of that command's frames wait for the next key. */
      let hold = false;
      let queue: Frame[] = [];
      let timer: NodeJS.Timeout | null = null;
      let closed = false;
      const p = new RemotePlayer(text, o.file, o.replay, {
        // A frame that only shows progress gives way to a newer one; noted frames all show.
        frame: (f) => {
          queue = queue.filter((q) => q.note);
          queue.push(f);
          if (!timer && !hold) schedule(queue.length > 1 ? subDelay() : 0);
        },
        stepped: () => {
          if (!timer && !queue.length && !hold) schedule(toChange ? 0 : delay);
        },
        failed: () => {
          if (!timer) schedule(0);
        },
      });
      let shown: Frame = p.last;
      let cpus = hist.lines(shown);

      const state = (): PlayState => {
        if (p.finished && !queue.length) return p.error ? 'Error' : 'Done';
        return paused ? 'Paused' : 'Playing';
      };
      const view = () => viewOf(p, shown, cpus, state(), delay);
      const redraw = () => scr.draw(view(), ui, help);
      const show = (f: Frame) => {
        shown = f;
        cpus = hist.lines(f);
      };
      const subDelay = () => Math.min(250, Math.max(40, Math.round(delay / 3)));
      const schedule = (ms: number) => {
        if (timer) clearTimeout(timer);
        timer = setTimeout(guarded(tick), ms);
      };
      const finish = (status: number) => {
        if (closed) return;
        closed = true;
        if (timer) clearTimeout(timer);
        p.close();
        scr.destroy();
        resolveRun(status);
      };
      const guarded = (f: () => void) => () => {
        try {
          f();
        } catch (e) {
          if (!closed) {
            closed = true;
            if (timer) clearTimeout(timer);
            try { scr.destroy(); } finally { p.close(); }
          }
          reject(e);
        }
      };

      function tick() {
        timer = null;
        if (hold) return redraw();
        if (queue.length) {
          const f = queue.shift()!;
          show(f);
          if (toChange && f.note && f.command > 0) {
            toChange = false;
            paused = true;
            hold = true;
            return redraw();
          }
          redraw();
          if (queue.length) schedule(toChange ? 0 : subDelay());
          else if (!p.busy && !p.finished && (!paused || toChange)) schedule(toChange ? 0 : delay);
          return;
        }
        // The command still runs in the machine process: its frames will call again.
        if (p.busy) return redraw();
        if ((paused && !toChange) || p.finished) {
          toChange = false;
          redraw();
          return;
        }
        p.step();
        redraw();
      }

      /** Moves a pane's view by `by` lines (or to an end), or the module selection. */
      const scroll = (id: PaneId, by: number | 'home' | 'end') => {
        if (id === 'modules') {
          const mods = sortedModules(view(), ui.sort);
          if (!mods.length) return;
          const cur = Math.max(0, mods.findIndex((m) => m.name === selectedModule(view(), ui)?.name));
          const next = by === 'home' ? 0 : by === 'end' ? mods.length - 1 : Math.max(0, Math.min(mods.length - 1, cur + by));
          ui.selected = mods[next].name;
          delete ui.top.detail;
          return;
        }
        const pos = scr.position(id);
        const max = Math.max(0, pos.total - pos.height);
        if (by === 'end') {
          delete ui.top[id];
          return;
        }
        const top = by === 'home' ? 0 : Math.max(0, Math.min(max, pos.start + by));
        // Back at the end, transcript and dmesg follow new lines again.
        if (top >= max && (id === 'transcript' || id === 'dmesg')) delete ui.top[id];
        else ui.top[id] = top;
      };
      const onMouse = (id: PaneId, what: 'wheel-up' | 'wheel-down' | 'click', row: number) => {
        if (what === 'click') {
          ui.focus = id;
          if (id === 'modules' && row >= 1) {
            const v = view();
            const start = moduleWindow(v, ui, Math.max(1, scr.position('modules').height - 1));
            const m = sortedModules(v, ui.sort)[start + row - 1];
            if (m) ui.selected = m.name;
          }
        } else {
          scroll(id, what === 'wheel-up' ? -3 : 3);
        }
        redraw();
      };

      const onKey = (k: DashKey) => {
        if (k === 'quit') return finish(p.status);
        if (help) {
          help = false;
          if (k === 'help' || k === 'other') return redraw();
        }
        switch (k) {
          case 'help':
            help = true;
            break;
          case 'pause':
            if (p.finished && !queue.length) break;
            paused = !paused;
            toChange = false;
            hold = false;
            if (!paused && !timer) schedule(0);
            break;
          case 'step':
            paused = true;
            hold = false;
            if (queue.length) {
              for (const f of queue) show(f);
              queue = [];
              if (timer) clearTimeout(timer);
              timer = null;
            } else {
              p.step();
            }
            break;
          case 'next-change':
            if (p.finished && !queue.length) break;
            toChange = true;
            hold = false;
            if (!timer) schedule(0);
            break;
          case 'focus-next':
          case 'focus-prev': {
            const order = PANES.filter((id) => id !== 'detail' || scr.position('detail').height > 0);
            const i = order.indexOf(ui.focus);
            ui.focus = order[(i + (k === 'focus-next' ? 1 : order.length - 1)) % order.length];
            break;
          }
          case 'up': scroll(ui.focus, -1); break;
          case 'down': scroll(ui.focus, 1); break;
          case 'page-up': scroll(ui.focus, -Math.max(1, scr.position(ui.focus).height - 1)); break;
          case 'page-down': scroll(ui.focus, Math.max(1, scr.position(ui.focus).height - 1)); break;
          case 'home': scroll(ui.focus, 'home'); break;
          case 'end': scroll(ui.focus, 'end'); break;
          case 'sort':
            ui.sort = SORTS[(SORTS.indexOf(ui.sort) + 1) % SORTS.length];
            break;
          case 'wrap':
            ui.wrap = !ui.wrap;
            delete ui.top.transcript;
            delete ui.top.dmesg;
            break;
          case 'faster':
            delay = [...SPEEDS].reverse().find((s) => s < delay) ?? SPEEDS[0];
            break;
          case 'slower':
            delay = SPEEDS.find((s) => s > delay) ?? SPEEDS[SPEEDS.length - 1];
            break;
          default:
            return;
        }
        redraw();
      };

      const scr = openScreen({
        colour: !noColor(),
        onKey: (k) => guarded(() => onKey(k))(),
        onMouse: (id, what, row) => guarded(() => onMouse(id, what, row))(),
        onResize: () => guarded(redraw)(),
      });
      guarded(redraw)();
      if (!paused) schedule(Math.min(delay, 300));
    }, reject);
  });
}

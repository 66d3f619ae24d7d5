// Rendering of the dashboard's view into styled lines: the layout of the screen, each pane's
// content fitted to its size, and the plain-text frame of --once/--frames. The terminal
// (tools/dash/screen.ts) and the text frames share every function here.
import type { DashView, CpuLine, TranscriptLine, DmesgLine, PlayState } from './model.ts';
import type { ModuleView, TaskView, GraceView } from '../../kernel/snapshot.ts';
import { span, fit, spread, plain, lineWidth, grouped, short, seconds, type Line, type Span, type Style } from './text.ts';

export interface Rect { top: number; left: number; width: number; height: number }

export type CpuGeometry =
  | { mode: 'none'; height: number }
  | { mode: 'panes'; perRow: number; paneWidth: number; rows: number; height: number }
  | { mode: 'cells'; perRow: number; cellWidth: number; rows: number; height: number; shown: number };

const PANE_MIN = 22;
const PANE_HEIGHT = 5;
const CELL_WIDTHS = [44, 30, 20, 14, 10];

/**
 * How the CPU area holds n CPUs in width × at most maxHeight lines: one bordered pane per CPU
 * while they fit, else a bordered grid of one-line cells, narrower as CPUs get more.
 */
export function cpuGeometry(n: number, width: number, maxHeight: number): CpuGeometry {
  if (n === 0) return { mode: 'none', height: 3 };
  const perRow = Math.max(1, Math.min(n, Math.floor(width / PANE_MIN)));
  const rows = Math.ceil(n / perRow);
  if (rows * PANE_HEIGHT <= maxHeight) {
    return { mode: 'panes', perRow, paneWidth: Math.floor(width / perRow), rows, height: rows * PANE_HEIGHT };
  }
  const inner = Math.max(1, width - 2);
  for (const cw of CELL_WIDTHS) {
    const per = Math.max(1, Math.floor(inner / cw));
    const r = Math.ceil(n / per);
    if (r + 2 <= maxHeight || cw === CELL_WIDTHS[CELL_WIDTHS.length - 1]) {
      const rowsShown = Math.max(1, Math.min(r, maxHeight - 2));
      return {
        mode: 'cells', perRow: per, cellWidth: Math.floor(inner / per), rows: rowsShown, height: rowsShown + 2,
        shown: Math.min(n, rowsShown * per),
      };
    }
  }
  throw new Error('unreachable');
}

export interface Layout {
  header: Rect; cpus: Rect; modules: Rect;
  /** The selected module's detail pane; width 0 when the terminal is too narrow for it. */
  detail: Rect;
  tasks: Rect;
  /** The grace-period view beside the tasks while synchronize_kernel waits; else width 0. */
  grace: Rect;
  transcript: Rect; dmesg: Rect; footer: Rect; cpu: CpuGeometry;
}

/** The screen's panes for a width × height terminal and n CPUs (with a grace-period view). */
export function layout(width: number, height: number, ncpus: number, withGrace = false): Layout {
  const w = Math.max(20, width);
  const h = Math.max(10, height);
  const body = h - 2;
  let cpu = cpuGeometry(ncpus, w, Math.max(3, Math.floor(body * 0.3)));
  // Many CPUs in one-line cells may take a little more of the screen rather than hide some.
  if (cpu.mode === 'cells' && cpu.shown < ncpus) cpu = cpuGeometry(ncpus, w, Math.max(3, Math.floor(body * 0.4)));
  const rest = body - cpu.height;
  const modH = Math.max(3, Math.round(rest * 0.34));
  const taskH = Math.max(3, Math.round(rest * 0.24));
  const bottom = Math.max(3, rest - modH - taskH);
  const top2 = 1 + cpu.height;
  const top3 = top2 + modH;
  const top4 = top3 + taskH;
  // The detail pane needs room for a timeline; below 70 columns the table keeps the width.
  const mw = w >= 70 ? Math.floor(w * 0.55) : w;
  const modules = { top: top2, left: 0, width: mw, height: modH };
  const detail = { top: top2, left: mw, width: w - mw, height: modH };
  const tw = withGrace ? Math.floor(w * 0.55) : w;
  const tasks = { top: top3, left: 0, width: tw, height: taskH };
  const grace = { top: top3, left: tw, width: w - tw, height: taskH };
  let transcript: Rect, dmesg: Rect;
  if (w >= 80) {
    // The kernel log's lines (timestamp first) are the longer ones.
    const tw2 = Math.floor(w * 0.45);
    transcript = { top: top4, left: 0, width: tw2, height: bottom };
    dmesg = { top: top4, left: tw2, width: w - tw2, height: bottom };
  } else {
    const th = Math.ceil(bottom / 2);
    transcript = { top: top4, left: 0, width: w, height: th };
    dmesg = { top: top4 + th, left: 0, width: w, height: bottom - th };
  }
  return {
    header: { top: 0, left: 0, width: w, height: 1 },
    cpus: { top: 1, left: 0, width: w, height: cpu.height },
    modules, detail, tasks, grace, transcript, dmesg,
    footer: { top: h - 1, left: 0, width: w, height: 1 },
    cpu,
  };
}

// ---- what the user chose: focus, selection, sort, scroll ------------------------------------

export type PaneId = 'modules' | 'detail' | 'tasks' | 'transcript' | 'dmesg';
export const PANES: PaneId[] = ['modules', 'detail', 'tasks', 'transcript', 'dmesg'];
export type SortKey = 'list' | 'name' | 'size' | 'state' | 'refs';
export const SORTS: SortKey[] = ['list', 'name', 'size', 'state', 'refs'];

export interface UiState {
  focus: PaneId;
  /** The selected module (by name); null: the first row. */
  selected: string | null;
  sort: SortKey;
  /** First line shown per pane; absent: the end for transcript/dmesg (follow), the start else. */
  top: Partial<Record<PaneId, number>>;
  /** Long transcript and dmesg lines wrap instead of being cut. */
  wrap: boolean;
}

export const initialUi = (): UiState => ({ focus: 'modules', selected: null, sort: 'list', top: {}, wrap: false });

/** Which `height` of `total` lines show when the pane's top is `top` (undefined: follow the end). */
export function windowOf(total: number, height: number, top: number | undefined, follow: boolean): [number, number] {
  const max = Math.max(0, total - height);
  const start = top === undefined ? (follow ? max : 0) : Math.max(0, Math.min(max, top));
  return [start, Math.min(total, start + height)];
}

// ---- header and footer ------------------------------------------------------------------------

const STATE_STYLE: Record<PlayState, Style> = { Playing: 'green', Paused: 'yellow', Done: 'cyan', Error: 'red' };

export function headerLine(v: DashView, width: number): Line {
  const sep = span(' │ ', 'dim');
  const segments: Line[] = [[span(v.scenario)]];
  if (v.snap) {
    const s = v.snap;
    const usedKiB = (s.memory.totalPages - s.memory.freePages) * 4;
    segments.push(
      [span(`t ${seconds(s.timeNs)}`)],
      [span(`${grouped(s.cycles)} cycles`)],
      [s.taint ? span(`Tainted: ${s.taint}`, 'red') : span('Not tainted')],
      [span(`mem ${grouped(usedKiB)}K/${grouped(s.memory.totalPages * 4)}K`)],
    );
  } else {
    segments.push([span('not booted', 'dim')]);
  }
  const right: Line = [span(`cmd ${v.done}/${v.total}`), sep, span(v.state, STATE_STYLE[v.state]), span(' ')];
  // Whole segments, in order, as many as fit before the right part.
  const room = width - lineWidth(right) - 1;
  const left: Line = [span(' kmodlab', 'bold')];
  for (const seg of segments) {
    if (lineWidth(left) + 3 + lineWidth(seg) > room) break;
    left.push(sep, ...seg);
  }
  return spread(left, right, width);
}

export const KEYS: [string, string][] = [
  ['F1', 'help'], ['space', 'pause'], ['n', 'step'], ['.', 'next change'], ['tab', 'pane'], ['s', 'sort'], ['+/-', 'speed'], ['F10', 'quit'],
];

export function footerLine(v: DashView, width: number): Line {
  const right: Line = [span(`${v.delayMs} ms/command `, 'dim')];
  // htop's bar: F1 first and F10 last always; the keys between go when the width runs out.
  const keys = KEYS.slice();
  const build = () => {
    const left: Line = [span(' ')];
    for (const [k, what] of keys) left.push(span(k, 'inverse'), span(`${what} `));
    return left;
  };
  let left = build();
  while (keys.length > 2 && lineWidth(left) + lineWidth(right) + 1 > width) {
    keys.splice(keys.length - 2, 1);
    left = build();
  }
  return lineWidth(left) + lineWidth(right) + 1 > width ? fit(left, width, true) : spread(left, right, width);
}

export const HELP_LINES: string[] = [
  'kmodlab dash: a scenario played command by command',
  '',
  '  F10, q, Ctrl-C   quit',
  '  space, p        pause / resume',
  '  n               run one command (pauses)',
  '  .               run to the next module state change',
  '  + / -           faster / slower',
  '  Tab, S-Tab      next / previous pane (its title is marked ▶)',
  '  ↑ ↓, j k        select a module, or scroll the pane',
  '  PgUp PgDn       scroll a page; Home / End: top / follow',
  '  mouse wheel     scroll the pane under the pointer; click: focus',
  '  s               sort modules: list, name, size, state, refs',
  '  w               wrap long transcript and dmesg lines',
  '  F1, ?           this help (any key closes it)',
  '',
  'CPUs: busy meter, sparkline of load, task, pc. Tasks: state',
  'per CPU; "FREED" marks a task in an unloaded module. Detail:',
  'state timeline in cycles, placement, sections, per-CPU',
  'refcount lines and their cache-line owners (refcount=percpu).',
  'Grace period: which CPUs have passed a quiescent state.',
];

// ---- CPUs ---------------------------------------------------------------------------------------

function taskLine(c: CpuLine): Line {
  if (c.task) return [span(c.task, 'green')];
  return c.lastTask ? [span('idle', 'dim'), span(` (last: ${c.lastTask})`, 'dim')] : [span('idle', 'dim')];
}

const SPARK = ' ▁▂▃▄▅▆▇█';

/** A sparkline of loads (0..1), the newest at the right, `width` characters. */
export function sparkline(loads: number[], width: number): string {
  const xs = loads.slice(-width);
  return ' '.repeat(Math.max(0, width - xs.length)) + xs.map((x) => SPARK[Math.min(8, Math.max(0, Math.round(x * 8)))]).join('');
}

/** htop's meter: [||||      43%] in `width` characters. */
export function meter(load: number, width: number): Line {
  const pct = `${Math.round(load * 100)}%`;
  const inner = Math.max(1, width - 2);
  const bars = Math.round(load * inner);
  const body = '|'.repeat(bars).padEnd(inner - pct.length).slice(0, Math.max(0, inner - pct.length)) + pct;
  const style: Style = load >= 0.9 ? 'red' : load >= 0.5 ? 'yellow' : 'green';
  return [span('['), span(body.slice(0, Math.min(bars, body.length)), style), span(body.slice(Math.min(bars, body.length))), span(']')];
}

function pane(c: CpuLine, w: number): Line[] {
  const inner = w - 2;
  const label = ` cpu${c.cpu} `;
  let count = ` ${grouped(c.instructions)} instr `;
  if (label.length + count.length + 3 > w) count = ` ${short(c.instructions)} `;
  const fill = Math.max(0, w - 2 - 1 - label.length - count.length);
  const top: Line = [span('┌─'), span(label, 'bold'), span('─'.repeat(fill)), span(count, 'dim'), span('┐')];
  const delta: Line = c.delta > 0n ? [span(`+${short(c.delta)}`, 'cyan')] : [];
  const l1 = spread([span(' '), ...taskLine(c)], [...delta, span(' ')], inner);
  const l2: Line = c.pc ? [span(' pc ', 'dim'), span(c.pc.replace(/\/0x[0-9a-f]+/, ''))] : [span(' pc -', 'dim')];
  const mw = Math.max(8, Math.min(16, Math.floor(inner * 0.45)));
  const l3: Line = [span(' '), ...meter(c.load, mw), span(' '), span(sparkline(c.history, Math.max(0, inner - mw - 3)), 'cyan')];
  return [
    fit(top, w),
    [span('│'), ...fit(l1, inner, true), span('│')],
    [span('│'), ...fit(l2, inner, true), span('│')],
    [span('│'), ...fit(l3, inner, true), span('│')],
    [span('└' + '─'.repeat(Math.max(0, w - 2)) + '┘')],
  ];
}

function cell(c: CpuLine, w: number, idW: number): Line {
  const id = (w >= 20 ? `cpu${c.cpu}` : String(c.cpu)).padEnd(idW);
  const left: Line = [span(id, 'bold'), span(' ')];
  if (c.task) left.push(span(c.task, 'green'));
  else left.push(span(w >= 20 ? 'idle' : '-', 'dim'));
  if (w >= 40 && c.pc) left.push(span(' ' + c.pc.replace(/\/0x[0-9a-f]+/, ''), 'dim'));
  const right: Line = [span(SPARK[Math.round(c.load * 8)], 'cyan'), span(' '), span(short(c.instructions), c.delta > 0n ? 'cyan' : undefined)];
  return fit(spread(left, right, w - 1), w - 1, true).concat(span(' '));
}

/** Border line with a title: ┌─ title ───┐ */
export function topBorder(title: string, width: number): Line {
  const t = title ? ` ${title} ` : '';
  const cut = t.length > width - 3 ? t.slice(0, Math.max(0, width - 3)) : t;
  return [span('┌─'), span(cut, 'bold'), span('─'.repeat(Math.max(0, width - 3 - cut.length)) + '┐')];
}
const bottomBorder = (width: number): Line => [span('└' + '─'.repeat(Math.max(0, width - 2)) + '┘')];
const sideLine = (l: Line, width: number): Line => [span('│'), ...fit(l, width - 2, true), span('│')];

/** The CPU area, borders included: exactly geometry.height lines of the given width. */
export function cpuArea(v: DashView, width: number, g: CpuGeometry): Line[] {
  const cpus = v.cpus;
  if (g.mode === 'none') {
    return [topBorder('CPUs', width), sideLine([span(' machine not booted yet', 'dim')], width), bottomBorder(width)];
  }
  const out: Line[] = [];
  if (g.mode === 'panes') {
    for (let r = 0; r < g.rows; r++) {
      const row = cpus.slice(r * g.perRow, (r + 1) * g.perRow).map((c) => pane(c, g.paneWidth));
      for (let i = 0; i < PANE_HEIGHT; i++) out.push(fit(row.flatMap((p) => p[i]), width));
    }
    return out;
  }
  const idW = Math.max(...cpus.map((c) => (g.cellWidth >= 20 ? `cpu${c.cpu}` : String(c.cpu)).length));
  const running = cpus.filter((c) => c.task).length;
  let title = `CPUs (${cpus.length}, ${running} running)`;
  if (g.shown < cpus.length) title += `, ${cpus.length - g.shown} not shown`;
  out.push(topBorder(title, width));
  for (let r = 0; r < g.rows; r++) {
    const row = cpus.slice(r * g.perRow, (r + 1) * g.perRow).flatMap((c) => cell(c, g.cellWidth, idW));
    out.push(sideLine(row, width));
  }
  out.push(bottomBorder(width));
  return out;
}

// ---- modules ----------------------------------------------------------------------------------

const MODULE_STATE_STYLE: Record<ModuleView['state'], Style> = { COMING: 'yellow', LIVE: 'green', GOING: 'red', UNFORMED: 'magenta' };
const STATE_ORDER: Record<ModuleView['state'], number> = { UNFORMED: 0, COMING: 1, GOING: 2, LIVE: 3 };

export function usedBy(m: ModuleView): string {
  let s = String(m.refcnt);
  if (m.usedBy.length) s += ` ${m.usedBy.join(',')}`;
  if (m.permanent) s += ' [permanent]';
  return s;
}

/** The modules in the table's order: the module list (newest first, as lsmod), or sorted. */
export function sortedModules(v: DashView, sort: SortKey): ModuleView[] {
  const mods = (v.snap?.modules ?? []).slice();
  const by: Record<SortKey, ((a: ModuleView, b: ModuleView) => number) | null> = {
    list: null,
    name: (a, b) => a.name.localeCompare(b.name),
    size: (a, b) => b.size - a.size,
    state: (a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state],
    refs: (a, b) => b.refcnt - a.refcnt,
  };
  const f = by[sort];
  return f ? mods.sort((a, b) => f(a, b) || a.name.localeCompare(b.name)) : mods;
}

/**
 * The module the detail pane is about: the selected one if loaded; until the user selects one,
 * the module whose state changed last (the one the lesson is about), else the first row.
 */
export function selectedModule(v: DashView, ui: UiState): ModuleView | null {
  const mods = sortedModules(v, ui.sort);
  const chosen = mods.find((m) => m.name === ui.selected);
  if (chosen) return chosen;
  let latest: ModuleView | null = null;
  let seq = -1;
  for (const m of mods) {
    const s = v.timeline.get(m.name)?.at(-1)?.seq ?? -1;
    if (s > seq) {
      seq = s;
      latest = m;
    }
  }
  return latest ?? mods[0] ?? null;
}

/** The first of `rows` table rows shown: the window that keeps the selected module mid-view. */
export function moduleWindow(v: DashView, ui: UiState, rows: number): number {
  const mods = sortedModules(v, ui.sort);
  const sel = selectedModule(v, ui);
  const at = sel ? mods.indexOf(sel) : 0;
  return Math.max(0, Math.min(at - Math.floor(rows / 2), mods.length - rows));
}

/**
 * The module table: a header line and one row per module; with `height`, the window of rows
 * that keeps the selected one in view (the selected row inverse when the table has focus).
 */
export function moduleLines(v: DashView, width: number, ui: UiState = initialUi(), height = Infinity): Line[] {
  const mods = sortedModules(v, ui.sort);
  const sel = selectedModule(v, ui);
  const nameW = Math.min(24, Math.max(6, ...mods.map((m) => m.name.length)));
  const fixed = nameW + 1 + 8 + 2 + 8 + 2 + 2 + 9 + 2 + 6;
  const usedW = Math.max(8, Math.min(30, width - fixed));
  const row = (name: string, size: string, state: Span, used: string, place: string, taints: string): Line => [
    span(name.padEnd(nameW) + ' ' + size.padStart(8) + '  '), state, span('  ' + used.padEnd(usedW) + '  ' + place.padEnd(9) + '  ' + taints),
  ];
  const out: Line[] = [row('Module', 'Size', span('State   '), 'Used by', 'Placement', 'Taints').map((s) => ({ ...s, style: 'bold' as const }))];
  if (!mods.length) out.push([span(v.snap ? '(no modules loaded)' : '(machine not booted yet)', 'dim')]);
  const rows = Number.isFinite(height) ? Math.max(1, height - 1) : mods.length;
  const start = moduleWindow(v, ui, rows);
  for (const m of mods.slice(start, start + rows)) {
    let r = row(m.name, String(m.size), span(m.state.padEnd(8), MODULE_STATE_STYLE[m.state]), usedBy(m), m.placement ?? '-', m.taints || '-');
    if (m === sel && ui.focus === 'modules' && Number.isFinite(height)) r = fit(r, width, true).map((x) => ({ text: x.text, style: 'inverse' as const }));
    out.push(r);
  }
  return out.map((l) => fit(l, width));
}

export function modulesTitle(v: DashView, ui: UiState = initialUi(), rows = Infinity): string {
  const n = v.snap?.modules.length ?? 0;
  let t = `Modules (${n})`;
  if (ui.sort !== 'list') t += ` by ${ui.sort}`;
  if (n > rows) {
    const mods = sortedModules(v, ui.sort);
    const sel = selectedModule(v, ui);
    t += ` ${sel ? mods.indexOf(sel) + 1 : 1}/${n}`;
  }
  return v.note ? `${t} — ${v.note}` : t;
}

/**
 * The detail pane, `width` wide: the selected module's per-CPU counters, its state timeline
 * (wrapped), placement, holders and sections; with no module, the timelines of those gone.
 */
export function detailLines(v: DashView, ui: UiState = initialUi(), width = Infinity): Line[] {
  const m = selectedModule(v, ui);
  const out: Line[] = [];
  const timeline = (name: string | null, stamps: { state: string; cycles: bigint }[]) => {
    for (const l of timelineLines(name, stamps)) out.push(...(Number.isFinite(width) ? wrapLine(l, width) : [l]));
  };
  if (!m) {
    out.push([span('(no module selected)', 'dim')]);
    // The modules that went away still have a timeline worth reading.
    for (const [name, stamps] of v.timeline) timeline(name, stamps);
    return out;
  }
  out.push([span(m.name, 'bold'), span('  '), span(m.state, MODULE_STATE_STYLE[m.state]), span(`  refcnt ${m.refcnt}`)]);
  if (m.refs) {
    const sum = m.refs.reduce((a, r) => a + r.count, 0);
    out.push([span(`per-CPU refcount lines (sum ${sum}):`, 'bold')]);
    for (const r of m.refs) {
      const owner = r.owner < 0 ? 'no owner' : r.owner === r.cpu ? `owned by cpu${r.owner}` : `owned by cpu${r.owner} (moved)`;
      out.push([span(` cpu${r.cpu} `), span(String(r.count).padStart(4), r.count ? 'cyan' : undefined), span(`  line ${owner}`, r.owner >= 0 && r.owner !== r.cpu ? 'yellow' : 'dim')]);
    }
  }
  timeline(null, v.timeline.get(m.name) ?? []);
  const where = m.address ? `0x${m.address.toString(16)}` : '-';
  out.push([span('placement ', 'dim'), span(`${m.placement ?? '-'} at ${where}`), span('  core ', 'dim'), span(grouped(m.coreSize)), span(' init ', 'dim'), span(grouped(m.initSize))]);
  out.push([span('holders ', 'dim'), span(m.usedBy.length ? m.usedBy.join(', ') : '(none)'), ...(m.permanent ? [span('  [permanent: no exit]', 'yellow')] : [])]);
  if (m.sections.length) {
    out.push([span(`sections (${m.sections.length}):`, 'bold')]);
    for (const s of m.sections) out.push([span(` ${s.name.padEnd(18)} `), span(`0x${s.addr.toString(16)}`, 'dim'), span(` ${grouped(s.size)}`)]);
  }
  return out;
}

function timelineLines(name: string | null, stamps: { state: string; cycles: bigint }[]): Line[] {
  if (!stamps.length) return [];
  const l: Line = [span(name ? `${name}: ` : 'timeline ', 'dim')];
  stamps.forEach((x, i) => {
    if (i) l.push(span(' → ', 'dim'));
    const st = x.state as ModuleView['state'];
    l.push(span(x.state, MODULE_STATE_STYLE[st] ?? 'dim'), span(`@${short(x.cycles)}`, 'dim'));
  });
  return [l];
}

// ---- tasks and grace periods ------------------------------------------------------------------

const TASK_STYLE: Record<TaskView['state'], Style> = { running: 'green', preempted: 'yellow', runnable: 'cyan', sleeping: 'dim', exited: 'dim', dead: 'red' };

/** Tasks worth a line: every task that is not an idle service thread; oops victims stay. */
export function visibleTasks(v: DashView): TaskView[] {
  const ts = (v.snap?.tasks ?? []).filter((t) =>
    t.state === 'dead' || (t.state !== 'exited' && (!t.daemon || t.state === 'running' || t.state === 'preempted' || t.freed)));
  const rank = { running: 0, preempted: 1, runnable: 2, sleeping: 3, dead: 4, exited: 5 };
  return ts.sort((a, b) => a.cpu - b.cpu || rank[a.state] - rank[b.state] || a.pid - b.pid);
}

/** The task list, per CPU: state and where each task runs or will resume. */
export function taskLines(v: DashView): Line[] {
  const ts = visibleTasks(v);
  if (!ts.length) return [[span(v.snap ? '(no tasks besides idle kernel threads)' : '(machine not booted yet)', 'dim')]];
  const nameW = Math.min(18, Math.max(4, ...ts.map((t) => `${t.comm}:${t.pid}`.length)));
  return ts.map((t) => {
    const l: Line = [span(`cpu${t.cpu} `, 'bold'), span(`${t.comm}:${t.pid}`.padEnd(nameW) + ' '), span(t.state.padEnd(9), TASK_STYLE[t.state])];
    l.push(t.freed ? span(' FREED ', 'inverse') : span(' '));
    if (t.pc) l.push(span(t.pc.replace(/\/0x[0-9a-f]+/, ''), t.freed ? 'red' : undefined));
    return l;
  });
}

/** The grace-period view: what synchronize_kernel waits for. */
export function graceLines(v: DashView): Line[] {
  const out: Line[] = [];
  const gs: GraceView[] = v.snap?.grace ?? [];
  for (const g of gs) {
    const waited = (v.snap?.cycles ?? 0n) - g.started;
    out.push([span(g.why, 'bold'), span(`  waiting ${grouped(waited)} cycles`, 'dim')]);
    const l: Line = [];
    g.cpus.forEach((passed, c) => {
      l.push(span(` cpu${c} `), passed ? span('✓', 'green') : span('…', 'yellow'));
    });
    out.push(l);
    for (let c = 0; c < g.cpus.length; c++) {
      if (g.cpus[c]) continue;
      const on = v.cpus[c]?.task;
      out.push([span(` cpu${c}: `, 'yellow'), span(`no quiescent state yet${on ? ` (${on} running)` : ''}`)]);
    }
    if (g.waitingFor.length) out.push([span(' waits for tasks: ', 'yellow'), span(g.waitingFor.map((t) => `${t.comm}:${t.pid}`).join(', '))]);
  }
  return out;
}

// ---- transcript and dmesg ---------------------------------------------------------------------

export function transcriptLine(t: TranscriptLine): Line {
  if (t.kind === 'cmd') return [span(t.text, 'bold')];
  if (t.kind === 'error') return [span(t.text, 'red')];
  return [span(t.text)];
}

export function dmesgLine(d: DmesgLine): Line {
  const style: Style | undefined = d.level <= 3 ? 'red' : d.level === 4 ? 'yellow' : d.level >= 7 ? 'dim' : undefined;
  return [span(d.text, style)];
}

/** A styled line cut into pieces of `width` characters (the wrap mode of the text panes). */
export function wrapLine(l: Line, width: number): Line[] {
  if (lineWidth(l) <= width || width <= 0) return [l];
  const out: Line[] = [];
  let cur: Line = [];
  let room = width;
  for (const s of l) {
    let text = s.text;
    while (text.length) {
      const piece = text.slice(0, room);
      cur.push(s.style ? { text: piece, style: s.style } : { text: piece });
      text = text.slice(piece.length);
      room -= piece.length;
      if (room === 0) {
        out.push(cur);
        cur = [];
        room = width;
      }
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** The last `height` lines (all when height is Infinity), each cut to width. */
export function tail<T>(items: T[], height: number, width: number, f: (x: T) => Line): Line[] {
  const from = Number.isFinite(height) ? Math.max(0, items.length - height) : 0;
  return items.slice(from).map((x) => fit(f(x), width));
}

/**
 * A scrolling pane's content: `lines` in a window of `height` starting at the pane's top
 * (following the end when `follow` and the user has not scrolled), cut or wrapped to width.
 * Returns the lines and the position for the title ("12-30/140").
 */
export function scrolled(lines: Line[], width: number, height: number, top: number | undefined, follow: boolean, wrap: boolean): { lines: Line[]; where: string; start: number; total: number } {
  const all = wrap ? lines.flatMap((l) => wrapLine(l, width)) : lines;
  const [a, b] = windowOf(all.length, height, top, follow);
  const where = all.length > height ? `${a + 1}-${b}/${all.length}` : '';
  return { lines: all.slice(a, b).map((l) => fit(l, width)), where, start: a, total: all.length };
}

// ---- plain-text frames ------------------------------------------------------------------------

export interface TextOptions {
  width?: number;
  /** Lines of transcript and dmesg to show (0: all). */
  tail?: number;
}

function boxed(title: string, lines: Line[], width: number): string[] {
  return [topBorder(title, width), ...lines.map((l) => sideLine(l, width)), bottomBorder(width)].map((l) => plain(l).trimEnd());
}

/**
 * The same view as the terminal shows, as plain text (no colours, no escapes): header, CPU
 * area, module table, the first module's detail, tasks, the grace period if one is in
 * progress, transcript and kernel log, stacked, `width` columns wide.
 */
export function renderText(v: DashView, o: TextOptions = {}): string {
  const width = Math.max(40, o.width ?? 100);
  const n = o.tail === undefined ? 15 : o.tail <= 0 ? Infinity : o.tail;
  const inner = width - 2;
  const out: string[] = [plain(headerLine(v, width)).trimEnd()];
  const g = cpuGeometry(v.cpus.length, width, 16);
  out.push(...cpuArea(v, width, g).map((l) => plain(l).trimEnd()));
  out.push(...boxed(modulesTitle(v), moduleLines(v, inner), width));
  const sel = selectedModule(v, initialUi());
  if (sel || v.timeline.size) out.push(...boxed(sel ? `Detail: ${sel.name}` : 'Detail', detailLines(v, initialUi(), inner).map((l) => fit(l, inner)), width));
  out.push(...boxed('Tasks', taskLines(v).map((l) => fit(l, inner)), width));
  if (v.snap?.grace.length) out.push(...boxed('Grace period', graceLines(v).map((l) => fit(l, inner)), width));
  const tt = v.transcript.length > n ? `Transcript (last ${n} of ${v.transcript.length} lines)` : 'Transcript';
  out.push(...boxed(tt, tail(v.transcript, n, inner, transcriptLine), width));
  const dt = v.dmesg.length > n ? `dmesg (last ${n} of ${v.dmesg.length} lines)` : 'dmesg';
  out.push(...boxed(dt, tail(v.dmesg, n, inner, dmesgLine), width));
  return out.join('\n') + '\n';
}

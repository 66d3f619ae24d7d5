// Rendering of the dashboard's view into styled lines: the layout of the screen, each pane's
// content fitted to its size, and the plain-text frame of --once/--frames. The terminal
// (tools/dash/screen.ts) and the text frames share every function here.
import type { DashView, CpuLine, TranscriptLine, DmesgLine, PlayState } from './model.ts';
import type { ModuleView } from '../../kernel/snapshot.ts';
import { span, fit, spread, plain, lineWidth, grouped, short, seconds, type Line, type Span, type Style } from './text.ts';

export interface Rect { top: number; left: number; width: number; height: number }

export type CpuGeometry =
  | { mode: 'none'; height: number }
  | { mode: 'panes'; perRow: number; paneWidth: number; rows: number; height: number }
  | { mode: 'cells'; perRow: number; cellWidth: number; rows: number; height: number; shown: number };

const PANE_MIN = 22;
const PANE_HEIGHT = 4;
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
  header: Rect; cpus: Rect; modules: Rect; transcript: Rect; dmesg: Rect; footer: Rect; cpu: CpuGeometry;
}

/** The screen's panes for a width × height terminal and n CPUs. */
export function layout(width: number, height: number, ncpus: number): Layout {
  const w = Math.max(20, width);
  const h = Math.max(10, height);
  const body = h - 2;
  let cpu = cpuGeometry(ncpus, w, Math.max(3, Math.floor(body * 0.35)));
  // Many CPUs in one-line cells may take a little more of the screen rather than hide some.
  if (cpu.mode === 'cells' && cpu.shown < ncpus) cpu = cpuGeometry(ncpus, w, Math.max(3, Math.floor(body * 0.45)));
  const rest = body - cpu.height;
  const modH = Math.max(5, Math.round(rest * 0.3));
  const bottom = Math.max(3, rest - modH);
  const top2 = 1 + cpu.height + modH;
  let transcript: Rect, dmesg: Rect;
  if (w >= 80) {
    // The kernel log's lines (timestamp first) are the longer ones.
    const tw = Math.floor(w * 0.45);
    transcript = { top: top2, left: 0, width: tw, height: bottom };
    dmesg = { top: top2, left: tw, width: w - tw, height: bottom };
  } else {
    const th = Math.ceil(bottom / 2);
    transcript = { top: top2, left: 0, width: w, height: th };
    dmesg = { top: top2 + th, left: 0, width: w, height: bottom - th };
  }
  return {
    header: { top: 0, left: 0, width: w, height: 1 },
    cpus: { top: 1, left: 0, width: w, height: cpu.height },
    modules: { top: 1 + cpu.height, left: 0, width: w, height: modH },
    transcript, dmesg,
    footer: { top: h - 1, left: 0, width: w, height: 1 },
    cpu,
  };
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
  ['q', 'quit'], ['space', 'pause/resume'], ['n', 'step'], ['+/-', 'speed'], ['?', 'help'],
];

export function footerLine(v: DashView, width: number): Line {
  const left: Line = [span(' ')];
  for (const [k, what] of KEYS) left.push(span(` ${k} `, 'inverse'), span(` ${what}  `));
  const right: Line = [span(`${v.delayMs} ms/command `, 'dim')];
  return spread(left, right, width);
}

export const HELP_LINES: string[] = [
  'kmodlab dash: a scenario played command by command',
  '',
  '  q, Ctrl-C   quit',
  '  space       pause / resume',
  '  n           run one command (while paused)',
  '  + / -       faster / slower',
  '  ?           this help (any key closes it)',
  '',
  'Panes: CPUs (task, pc, instructions), modules',
  '(COMING yellow, LIVE green, GOING red), the',
  'transcript of the scenario, and the kernel log.',
];

// ---- CPUs ---------------------------------------------------------------------------------------

function taskLine(c: CpuLine): Line {
  if (c.task) return [span(c.task, 'green')];
  return c.lastTask ? [span('idle', 'dim'), span(` (last: ${c.lastTask})`, 'dim')] : [span('idle', 'dim')];
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
  return [
    fit(top, w),
    [span('│'), ...fit(l1, inner, true), span('│')],
    [span('│'), ...fit(l2, inner, true), span('│')],
    [span('└' + '─'.repeat(Math.max(0, w - 2)) + '┘')],
  ];
}

function cell(c: CpuLine, w: number, idW: number): Line {
  const id = (w >= 20 ? `cpu${c.cpu}` : String(c.cpu)).padEnd(idW);
  const left: Line = [span(id, 'bold'), span(' ')];
  if (c.task) left.push(span(c.task, 'green'));
  else left.push(span(w >= 20 ? 'idle' : '-', 'dim'));
  if (w >= 40 && c.pc) left.push(span(' ' + c.pc.replace(/\/0x[0-9a-f]+/, ''), 'dim'));
  const right: Line = [span(short(c.instructions), c.delta > 0n ? 'cyan' : undefined)];
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

const MODULE_STATE_STYLE: Record<ModuleView['state'], Style> = { COMING: 'yellow', LIVE: 'green', GOING: 'red', UNFORMED: 'dim' };

export function usedBy(m: ModuleView): string {
  let s = String(m.refcnt);
  if (m.usedBy.length) s += ` ${m.usedBy.join(',')}`;
  if (m.permanent) s += ' [permanent]';
  return s;
}

/** The module table: a header line and one row per module (newest first, as lsmod). */
export function moduleLines(v: DashView, width: number): Line[] {
  const mods = v.snap?.modules ?? [];
  const nameW = Math.min(24, Math.max(6, ...mods.map((m) => m.name.length)));
  const fixed = nameW + 1 + 8 + 2 + 8 + 2 + 2 + 9 + 2 + 6;
  const usedW = Math.max(8, Math.min(30, width - fixed));
  const row = (name: string, size: string, state: Span, used: string, place: string, taints: string): Line => [
    span(name.padEnd(nameW) + ' ' + size.padStart(8) + '  '), state, span('  ' + used.padEnd(usedW) + '  ' + place.padEnd(9) + '  ' + taints),
  ];
  const out: Line[] = [row('Module', 'Size', span('State   '), 'Used by', 'Placement', 'Taints').map((s) => ({ ...s, style: 'bold' as const }))];
  if (!mods.length) out.push([span(v.snap ? '(no modules loaded)' : '(machine not booted yet)', 'dim')]);
  for (const m of mods) {
    out.push(row(m.name, String(m.size), span(m.state.padEnd(8), MODULE_STATE_STYLE[m.state]), usedBy(m), m.placement ?? '-', m.taints || '-'));
  }
  return out.map((l) => fit(l, width));
}

export function modulesTitle(v: DashView): string {
  const n = v.snap?.modules.length ?? 0;
  return v.note ? `Modules (${n}) — ${v.note}` : `Modules (${n})`;
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

/** The last `height` lines (all when height is Infinity), each cut to width. */
export function tail<T>(items: T[], height: number, width: number, f: (x: T) => Line): Line[] {
  const from = Number.isFinite(height) ? Math.max(0, items.length - height) : 0;
  return items.slice(from).map((x) => fit(f(x), width));
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
 * area, module table, transcript and kernel log, stacked, `width` columns wide.
 */
export function renderText(v: DashView, o: TextOptions = {}): string {
  const width = Math.max(40, o.width ?? 100);
  const n = o.tail === undefined ? 15 : o.tail <= 0 ? Infinity : o.tail;
  const inner = width - 2;
  const out: string[] = [plain(headerLine(v, width)).trimEnd()];
  const g = cpuGeometry(v.cpus.length, width, 16);
  out.push(...cpuArea(v, width, g).map((l) => plain(l).trimEnd()));
  out.push(...boxed(modulesTitle(v), moduleLines(v, inner), width));
  const tt = v.transcript.length > n ? `Transcript (last ${n} of ${v.transcript.length} lines)` : 'Transcript';
  out.push(...boxed(tt, tail(v.transcript, n, inner, transcriptLine), width));
  const dt = v.dmesg.length > n ? `dmesg (last ${n} of ${v.dmesg.length} lines)` : 'dmesg';
  out.push(...boxed(dt, tail(v.dmesg, n, inner, dmesgLine), width));
  return out.join('\n') + '\n';
}

// The only file that talks to the terminal (blessed). It places the panes that render.ts lays
// out and fills them with render.ts's lines; keys and mouse come back as DashKey values.
import blessed from 'blessed';
import type { DashView } from './model.ts';
import {
  layout, headerLine, footerLine, cpuArea, moduleLines, modulesTitle, transcriptLine, dmesgLine,
  detailLines, taskLines, graceLines, selectedModule, scrolled, HELP_LINES, type Rect, type UiState, type PaneId, type Layout,
} from './render.ts';
import { toTags, escapeTags, type Line } from './text.ts';

export type DashKey =
  | 'quit' | 'pause' | 'step' | 'next-change' | 'faster' | 'slower' | 'help'
  | 'focus-next' | 'focus-prev' | 'up' | 'down' | 'page-up' | 'page-down' | 'home' | 'end' | 'sort' | 'wrap'
  | 'other';

export interface ScreenOptions {
  /** false under NO_COLOR: no colour at all, only bold and inverse. */
  colour: boolean;
  onKey(key: DashKey): void;
  /** The mouse: a wheel turn (+1 down, -1 up) or a click over a pane. */
  onMouse(pane: PaneId, what: 'wheel-up' | 'wheel-down' | 'click', row: number): void;
  /** The terminal changed size (the view is redrawn by the caller). */
  onResize(): void;
}

export interface DashScreen {
  draw(v: DashView, ui: UiState, help: boolean): void;
  /** Where a scrolling pane was at the last draw: its first line shown, lines in all, lines shown. */
  position(p: PaneId): { start: number; total: number; height: number };
  destroy(): void;
}

function keyOf(ch: string | undefined, full: string | undefined): DashKey {
  switch (full) {
    case 'q': case 'C-c': case 'S-q': case 'f10': return 'quit';
    case 'space': case 'p': return 'pause';
    case 'n': case 'right': return 'step';
    case '?': case 'h': case 'f1': return 'help';
    case 'tab': return 'focus-next';
    case 'S-tab': return 'focus-prev';
    case 'up': case 'k': return 'up';
    case 'down': case 'j': return 'down';
    case 'pageup': return 'page-up';
    case 'pagedown': return 'page-down';
    case 'home': case 'g': return 'home';
    case 'end': case 'S-g': return 'end';
    case 's': return 'sort';
    case 'w': return 'wrap';
  }
  switch (ch) {
    case 'q': case 'Q': return 'quit';
    case ' ': return 'pause';
    case '.': case '>': return 'next-change';
    case '+': case '=': return 'faster';
    case '-': case '_': return 'slower';
    case '?': return 'help';
  }
  return 'other';
}

export function openScreen(o: ScreenOptions): DashScreen {
  const screen = blessed.screen({
    smartCSR: true,
    title: 'kmodlab dash',
    warnings: false,
    autoPadding: false,
    fullUnicode: false,
  });
  // In a UTF-8 locale, write box-drawing characters as UTF-8 (as ncurses does with
  // NCURSES_NO_UTF8_ACS=1) instead of switching to the DEC line-drawing set.
  const tput = screen.tput as unknown as { unicode: boolean; brokenACS: boolean };
  if (tput.unicode) tput.brokenACS = true;
  const c = o.colour;
  const gray = Number((screen.tput as unknown as { colors: number }).colors) >= 16;
  const mk = (opts: blessed.Widgets.BoxOptions) => blessed.box({ parent: screen, tags: true, wrap: false, ...opts });
  const header = mk({ style: c ? { fg: 'white', bg: 'blue' } : { inverse: true } });
  const cpus = mk({});
  const framed = (label: string) => mk({ border: { type: 'line' }, label: ` ${label} `, style: c && gray ? { border: { fg: 'gray' } } : {} });
  const panes: Record<PaneId, blessed.Widgets.BoxElement> = {
    modules: framed('Modules'),
    detail: framed('Detail'),
    tasks: framed('Tasks'),
    transcript: framed('Transcript'),
    dmesg: framed('dmesg'),
  };
  const grace = framed('Grace period');
  const footer = mk({});
  const help = blessed.box({
    parent: screen, tags: true, hidden: true, border: { type: 'line' }, label: ' Keys ',
    top: 'center', left: 'center', width: 66, height: HELP_LINES.length + 2, padding: { left: 1, right: 1 },
    content: HELP_LINES.map(escapeTags).join('\n'),
    style: c ? { border: { fg: 'cyan' } } : {},
  });
  let L: Layout | null = null;
  const positions = new Map<PaneId, { start: number; total: number; height: number }>();

  const place = (b: blessed.Widgets.BoxElement, r: Rect) => {
    const show = r.width > 0 && r.height > 0;
    if (!show) {
      b.hide();
      return;
    }
    b.show();
    b.top = r.top;
    b.left = r.left;
    b.width = r.width;
    b.height = r.height;
  };
  const set = (b: blessed.Widgets.BoxElement, lines: Line[]) => b.setContent(lines.map((l) => toTags(l, c, gray)).join('\n'));
  const inner = (r: Rect) => ({ w: Math.max(1, r.width - 2), h: Math.max(0, r.height - 2) });

  screen.on('keypress', (ch: string | undefined, key: { full?: string } | undefined) => o.onKey(keyOf(ch, key?.full)));
  screen.on('resize', () => o.onResize());
  // Mouse: wheel scrolls the pane under the pointer, a click focuses it (and selects a row).
  screen.enableMouse();
  for (const [id, b] of Object.entries(panes) as [PaneId, blessed.Widgets.BoxElement][]) {
    b.on('wheelup', () => o.onMouse(id, 'wheel-up', 0));
    b.on('wheeldown', () => o.onMouse(id, 'wheel-down', 0));
    b.on('click', (d: { y: number }) => o.onMouse(id, 'click', d.y - Number(b.atop) - 1));
  }
  screen.program.hideCursor();

  return {
    draw(v: DashView, ui: UiState, showHelp: boolean) {
      const withGrace = !!v.snap?.grace.length;
      L = layout(Number(screen.width), Number(screen.height), v.cpus.length, withGrace);
      place(header, L.header);
      place(cpus, L.cpus);
      for (const id of Object.keys(panes) as PaneId[]) place(panes[id], L[id]);
      place(grace, withGrace ? L.grace : { ...L.grace, width: 0 });
      place(footer, L.footer);
      set(header, [headerLine(v, L.header.width)]);
      set(cpus, cpuArea(v, L.cpus.width, L.cpu));
      // A label longer than its border would spill into the pane: cut it to the border.
      const label = (b: blessed.Widgets.BoxElement, r: Rect, text: string) => {
        const room = Math.max(1, r.width - 6);
        b.setLabel(` ${text.length > room ? text.slice(0, room - 1) + '…' : text} `);
      };
      const mark = (id: PaneId, title: string) => `${ui.focus === id ? '▶ ' : ''}${title}`;

      const m = inner(L.modules);
      label(panes.modules, L.modules, mark('modules', modulesTitle(v, ui, Math.max(1, m.h - 1))));
      set(panes.modules, moduleLines(v, m.w, ui, m.h));

      const text = (id: PaneId, title: string, lines: Line[], follow: boolean, wrap: boolean) => {
        const r = inner(L![id]);
        const s = scrolled(lines, r.w, r.h, ui.top[id], follow, wrap);
        positions.set(id, { start: s.start, total: s.total, height: r.h });
        label(panes[id], L![id], mark(id, s.where ? `${title} ${s.where}` : title));
        set(panes[id], s.lines);
      };
      const sel = selectedModule(v, ui);
      if (L.detail.width > 0) text('detail', sel ? `Detail: ${sel.name}` : 'Detail', detailLines(v, ui, inner(L.detail).w), false, false);
      text('tasks', 'Tasks', taskLines(v), false, false);
      if (withGrace) {
        const g = inner(L.grace);
        label(grace, L.grace, 'Grace period');
        set(grace, scrolled(graceLines(v), g.w, g.h, undefined, false, false).lines);
      }
      text('transcript', 'Transcript', v.transcript.map(transcriptLine), true, ui.wrap);
      text('dmesg', 'dmesg', v.dmesg.map(dmesgLine), true, ui.wrap);
      set(footer, [footerLine(v, L.footer.width)]);
      if (showHelp) {
        help.show();
        help.setFront();
      } else {
        help.hide();
      }
      screen.render();
    },
    position(p: PaneId) {
      return positions.get(p) ?? { start: 0, total: 0, height: L ? inner(L[p]).h : 10 };
    },
    destroy() {
      screen.destroy();
    },
  };
}

// The only file that talks to the terminal (blessed). It places the panes that render.ts lays
// out and fills them with render.ts's lines; keys come back as DashKey values.
import blessed from 'blessed';
import type { DashView } from './model.ts';
import {
  layout, headerLine, footerLine, cpuArea, moduleLines, modulesTitle, tail, transcriptLine, dmesgLine,
  HELP_LINES, type Rect,
} from './render.ts';
import { toTags, escapeTags, fit, span, type Line } from './text.ts';

export type DashKey = 'quit' | 'pause' | 'step' | 'faster' | 'slower' | 'help' | 'other';

export interface ScreenOptions {
  /** false under NO_COLOR: no colour at all, only bold and inverse. */
  colour: boolean;
  onKey(key: DashKey): void;
  /** The terminal changed size (the view is redrawn by the caller). */
  onResize(): void;
}

export interface DashScreen {
  draw(v: DashView, help: boolean): void;
  destroy(): void;
}

function keyOf(ch: string | undefined, full: string | undefined): DashKey {
  switch (full) {
    case 'q': case 'C-c': case 'S-q': return 'quit';
    case 'space': case 'p': return 'pause';
    case 'n': case 'right': return 'step';
    case '?': case 'h': case 'f1': return 'help';
  }
  switch (ch) {
    case 'q': case 'Q': return 'quit';
    case ' ': return 'pause';
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
  const modules = framed('Modules');
  const transcript = framed('Transcript');
  const dmesg = framed('dmesg');
  const footer = mk({});
  const help = blessed.box({
    parent: screen, tags: true, hidden: true, border: { type: 'line' }, label: ' Keys ',
    top: 'center', left: 'center', width: 56, height: HELP_LINES.length + 2, padding: { left: 1, right: 1 },
    content: HELP_LINES.map(escapeTags).join('\n'),
    style: c ? { border: { fg: 'cyan' } } : {},
  });

  const place = (b: blessed.Widgets.BoxElement, r: Rect) => {
    b.top = r.top;
    b.left = r.left;
    b.width = r.width;
    b.height = r.height;
  };
  const set = (b: blessed.Widgets.BoxElement, lines: Line[]) => b.setContent(lines.map((l) => toTags(l, c, gray)).join('\n'));

  screen.on('keypress', (ch: string | undefined, key: { full?: string } | undefined) => o.onKey(keyOf(ch, key?.full)));
  screen.on('resize', () => o.onResize());
  screen.program.hideCursor();

  return {
    draw(v: DashView, showHelp: boolean) {
      const L = layout(Number(screen.width), Number(screen.height), v.cpus.length);
      place(header, L.header);
      place(cpus, L.cpus);
      place(modules, L.modules);
      place(transcript, L.transcript);
      place(dmesg, L.dmesg);
      place(footer, L.footer);
      set(header, [headerLine(v, L.header.width)]);
      set(cpus, cpuArea(v, L.cpus.width, L.cpu));
      const inner = (r: Rect) => ({ w: Math.max(1, r.width - 2), h: Math.max(0, r.height - 2) });
      const m = inner(L.modules);
      let rows = moduleLines(v, m.w);
      if (rows.length > m.h && m.h > 1) {
        const more = rows.length - (m.h - 1);
        rows = [...rows.slice(0, m.h - 1), fit([span(`… ${more} more`, 'dim')], m.w)];
      }
      modules.setLabel(` ${modulesTitle(v)} `);
      set(modules, rows);
      const t = inner(L.transcript);
      set(transcript, tail(v.transcript, t.h, t.w, transcriptLine));
      const d = inner(L.dmesg);
      set(dmesg, tail(v.dmesg, d.h, d.w, dmesgLine));
      set(footer, [footerLine(v, L.footer.width)]);
      if (showHelp) {
        help.show();
        help.setFront();
      } else {
        help.hide();
      }
      screen.render();
    },
    destroy() {
      screen.destroy();
    },
  };
}

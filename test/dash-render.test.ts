// The dashboard's rendering of its model, on hand-made snapshots: no kernel, no terminal.
import { describe, it, expect } from 'vitest';
import type { Snapshot, ModuleView } from '../kernel/snapshot.ts';
import type { DashView, CpuLine } from '../tools/dash/model.ts';
import { renderText, layout, cpuGeometry, moduleLines, headerLine, footerLine, type Rect } from '../tools/dash/render.ts';
import { toTags, fit, plain, grouped, short, seconds, span } from '../tools/dash/text.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

// ---- hand-made views ----------------------------------------------------------------------------

function mod(name: string, state: ModuleView['state'], extra: Partial<ModuleView> = {}): ModuleView {
  return {
    name, state, refcnt: 0, size: 4096, placement: 'vmalloc', usedBy: [], taints: 'OE', permanent: false, address: 0n,
    coreSize: 4096, initSize: 0, refs: null, sections: [], ...extra,
  };
}

function view(ncpus: number, extra: Partial<DashView> = {}): DashView {
  const snap: Snapshot = {
    timeNs: 1_234_567n, cycles: 3_086_417n, taint: 'OE',
    memory: { totalPages: 65536, freePages: 60000, kmallocObjects: 10, kmallocBytes: 1000, vmallocPages: 4, modulePages: 6 },
    cpus: [], tasks: [], grace: [],
    modules: [
      mod('dep_user', 'COMING', { size: 1800, placement: 'kmalloc' }),
      mod('dep_lib', 'LIVE', { refcnt: 1, size: 16384, usedBy: ['dep_user'] }),
      mod('leaving', 'GOING', { size: 8192 }),
      mod('forever', 'LIVE', { permanent: true, taints: '' }),
    ],
  };
  const cpus: CpuLine[] = Array.from({ length: ncpus }, (_, i) => ({
    cpu: i,
    task: i === 1 ? 'insmod' : null,
    pc: i === 1 ? 'do_one_initcall+0x14/0x40' : null,
    instructions: BigInt(1000 + i * 123_457),
    delta: i === 1 ? 5000n : 0n,
    lastTask: i === 2 ? 'call' : null,
    load: i === 1 ? 0.5 : 0,
    history: i === 1 ? [0, 0.25, 0.5] : [],
  }));
  return {
    scenario: 'lesson.kml', state: 'Playing', delayMs: 700, done: 3, total: 7, snap, cpus,
    transcript: [
      { text: '$ insmod dep_lib.ko', kind: 'cmd' },
      { text: '$ call cpu=1 broken 0', kind: 'cmd' },
      { text: '=> oops: Unable to handle kernel paging request at broken+0x4/0x10 on cpu1', kind: 'error' },
    ],
    dmesg: [
      { text: `[    0.000000] Linux version ${UTS_RELEASE} (kmodlab) #1 SMP PREEMPT aarch64`, level: 5 },
      { text: '[    0.001000] dep_lib: loading out-of-tree module taints kernel.', level: 4 },
    ],
    note: 'dep_user: COMING',
    timeline: new Map(),
    ...extra,
  };
}

describe('dashboard rendering (hand-made snapshots)', () => {
  it('renders header, one pane per CPU, the module table, transcript and dmesg as text', () => {
    const text = renderText(view(4), { width: 120 });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^ kmodlab │ lesson\.kml │ t 0\.001234567 s │ 3,086,417 cycles │ Tainted: OE .* cmd 3\/7 │ Playing$/);
    // four CPU panes side by side, 30 columns each
    expect(lines[1]).toMatch(/^┌─ cpu0 ─+ 1,000 instr ┐┌─ cpu1 ─+ 124,457 instr ┐┌─ cpu2 .*┐┌─ cpu3 .*┐$/);
    expect(lines[2]).toMatch(/^│ idle +││ insmod +\+5000 ││ idle \(last: call\) +││ idle +│$/);
    expect(lines[3]).toContain('│ pc do_one_initcall+0x14 ');
    expect(lines[4]).toMatch(/^│ \[ +0%\] +││ \[\|+ +50%\] +▂▄ ││/);
    expect(lines[5]).toMatch(/^└─+┘└─+┘└─+┘└─+┘$/);
    expect(text).toContain('┌─ Modules (4) — dep_user: COMING ─');
    expect(text).toMatch(/│Module +Size +State +Used by +Placement +Taints/);
    expect(text).toMatch(/│dep_user +1800 +COMING +0 +kmalloc +OE/);
    expect(text).toMatch(/│dep_lib +16384 +LIVE +1 dep_user +vmalloc +OE/);
    expect(text).toMatch(/│leaving +8192 +GOING +0 +vmalloc +OE/);
    expect(text).toMatch(/│forever +4096 +LIVE +0 \[permanent\] +vmalloc +-/);
    expect(text).toContain('│$ insmod dep_lib.ko');
    expect(text).toContain('│=> oops: Unable to handle kernel paging request');
    expect(text).toContain('│[    0.001000] dep_lib: loading out-of-tree module taints kernel.');
    for (const l of lines.filter(Boolean)) expect(l.length).toBeLessThanOrEqual(120);
    expect(text).not.toMatch(/\x1b/);
  });

  it('before boot says so', () => {
    const text = renderText(view(0, { snap: null, transcript: [], dmesg: [], done: 0, note: null }), { width: 80 });
    expect(text.split('\n')[0]).toMatch(/kmodlab │ lesson\.kml │ not booted .*cmd 0\/7 │ Playing/);
    expect(text).toContain('machine not booted yet');
  });

  it('packs many CPUs into a grid of one-line cells', () => {
    const text = renderText(view(64), { width: 120 });
    expect(text).toContain('┌─ CPUs (64, 1 running) ─');
    for (const id of [0, 1, 31, 63]) expect(text).toMatch(new RegExp(`(^|[│ ])(cpu)?${id} `, 'm'));
    expect(text).not.toContain('not shown');
    expect(text).toMatch(/(cpu)?1 +insmod/);
    const g = cpuGeometry(64, 120, 13);
    expect(g.mode).toBe('cells');
    expect(g.height).toBeLessThanOrEqual(13);
    // panes while they fit
    expect(cpuGeometry(4, 120, 13)).toMatchObject({ mode: 'panes', perRow: 4, rows: 1, height: 5 });
    expect(cpuGeometry(8, 120, 13)).toMatchObject({ mode: 'panes', rows: 2, height: 10 });
  });

  it('tiles the terminal with the panes at any size and CPU count', () => {
    for (const [w, h] of [[120, 40], [80, 24], [200, 60], [60, 20], [20, 10]]) {
      for (const n of [1, 2, 4, 8, 16, 64]) {
        const g = (n % 2) === 0;
        const L = layout(w, h, n, g);
        const rects: Rect[] = [L.header, L.cpus, L.modules, L.detail, L.tasks, L.grace, L.transcript, L.dmesg, L.footer].filter((r) => r.width > 0);
        const grid = Array.from({ length: h }, () => new Array<number>(w).fill(0));
        for (const r of rects) {
          expect(r.width).toBeGreaterThan(0);
          expect(r.height).toBeGreaterThan(0);
          for (let y = r.top; y < r.top + r.height; y++) for (let x = r.left; x < r.left + r.width; x++) {
            if (y < h && x < w) grid[y][x]++;
          }
        }
        if (h >= 20) {
          // no overlaps and nothing left empty
          expect(grid.flat().every((c) => c === 1), `${w}x${h} with ${n} CPUs`).toBe(true);
        }
        expect(L.footer.top).toBe(h - 1);
      }
    }
  });

  it('colours module states, and drops every colour under NO_COLOR', () => {
    const rows = moduleLines(view(2), 100);
    const coloured = rows.map((l) => toTags(l, true)).join('\n');
    expect(coloured).toContain('{yellow-fg}COMING');
    expect(coloured).toContain('{green-fg}LIVE');
    expect(coloured).toContain('{red-fg}GOING');
    const mono = [...rows, headerLine(view(2), 100), footerLine(view(2), 100)].map((l) => toTags(l, false)).join('\n');
    expect(mono).not.toMatch(/-fg\}|-bg\}/);
    expect(mono).toContain('{bold}Module');
    expect(toTags([span('a {b}')], true)).toBe('a {open}b{close}');
  });

  it('footer lists the keys and the speed', () => {
    const f = plain(footerLine(view(2), 120));
    for (const k of ['F1help', 'spacepause', 'nstep', '.next change', 'tabpane', 'ssort', '+/-speed', 'F10quit', '700 ms/command']) expect(f).toContain(k);
  });

  it('formats numbers and time', () => {
    expect(grouped(1234567n)).toBe('1,234,567');
    expect(short(9999)).toBe('9999');
    expect(short(12345)).toBe('12.3k');
    expect(short(1_234_567n)).toBe('1.23M');
    expect(seconds(1_234_567n)).toBe('0.001234567 s');
    expect(seconds(12_000_000_001n)).toBe('12.000000001 s');
    expect(plain(fit([span('abcdef'), span('ghij')], 7))).toBe('abcdef…');
    expect(plain(fit([span('ab')], 5, true))).toBe('ab   ');
  });
});

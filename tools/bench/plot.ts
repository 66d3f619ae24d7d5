// make bench's plots: a Vega-Lite specification compiled by vega-lite and rendered headless by
// vega (View.toSVG, no browser, no canvas), then to PNG by resvg when its prebuilt binary loads.
// The only place the plotting packages are imported (test/import-graph.ts keeps them in
// tools/bench/). Each plot carries, under its title, the command and parameters that made it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Cell } from './table.ts';

export interface Axis {
  field: string;
  title: string;
  /** quantitative (default), or nominal/ordinal for categories. */
  type?: 'quantitative' | 'nominal' | 'ordinal';
  /** Log scale (base 2 for CPU counts reads best: pass 2). */
  log?: number;
  /** The ticks to label (default: the scale's own). */
  ticks?: number[];
}

export interface Plot {
  name: string;
  title: string;
  /** Stated under the title: the command and parameters (table.ts provenance()). */
  madeBy: string;
  mark: 'line' | 'bar';
  x: Axis;
  y: Axis;
  /** One line (or bar colour) per value of this field, named in the legend. */
  series?: { field: string; title: string };
  data: Record<string, Cell>[];
}

/** Splits the provenance into subtitle lines of at most `width` characters. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) { lines.push(line); line = word; }
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

const encodeAxis = (a: Axis) => ({
  field: a.field,
  type: a.type ?? 'quantitative',
  title: a.title,
  ...(a.log ? { scale: { type: 'log' as const, base: a.log } } : {}),
  ...(a.ticks ? { axis: { values: a.ticks } } : {}),
});

export function vegaLiteSpec(p: Plot): TopLevelSpec {
  const color = p.series ? { color: { field: p.series.field, type: 'nominal' as const, title: p.series.title } } : {};
  // Grouped bars: one bar per series value within each x category.
  const offset = p.mark === 'bar' && p.series && p.series.field !== p.x.field ? { xOffset: { field: p.series.field, type: 'nominal' as const } } : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: p.title, subtitle: wrap(`made by ${p.madeBy}`), anchor: 'start', subtitleFontSize: 10 },
    width: 520,
    height: 300,
    background: 'white',
    // Series and category names in full: the test and the reader look for them.
    config: { legend: { labelLimit: 0 }, axis: { labelLimit: 0 } },
    data: { values: p.data },
    mark: p.mark === 'line' ? { type: 'line', point: true } : { type: 'bar' },
    // Bars side by side, never stacked: a stacked bar starts at 0, which a log scale has not.
    encoding: { x: encodeAxis(p.x), y: { ...encodeAxis(p.y), ...(p.mark === 'bar' ? { stack: null } : {}) }, ...color, ...offset, tooltip: [{ field: p.y.field, type: 'quantitative' }] },
  } as TopLevelSpec;
}

export async function renderSvg(p: Plot): Promise<string> {
  const view = new vega.View(vega.parse(compile(vegaLiteSpec(p)).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PlotFiles { svg: string; png?: string; pngSkipped?: string }

/** Writes <dir>/<name>.svg and, when @resvg/resvg-js loads, <name>.png (twice the size). */
export async function writePlot(dir: string, p: Plot): Promise<PlotFiles> {
  mkdirSync(dir, { recursive: true });
  const svgText = await renderSvg(p);
  const svg = join(dir, `${p.name}.svg`);
  writeFileSync(svg, svgText);
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch (e) {
    return { svg, pngSkipped: `@resvg/resvg-js did not load (${(e as Error).message.split('\n')[0]})` };
  }
  const png = join(dir, `${p.name}.png`);
  writeFileSync(png, new Resvg(svgText, { fitTo: { mode: 'zoom', value: 2 }, background: 'white' }).render().asPng());
  return { svg, png };
}

// Styled text for the dashboard: a line is a list of spans, each with an optional style.
// The same lines become blessed tags on the terminal (with or without colour) or plain text
// for --once/--frames and for tests. No terminal library here.

export type Style = 'bold' | 'inverse' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan' | 'magenta';
export interface Span { text: string; style?: Style }
export type Line = Span[];

export const span = (text: string, style?: Style): Span => (style ? { text, style } : { text });

/** The characters of a line, without styles. */
export function plain(line: Line): string {
  return line.map((s) => s.text).join('');
}

export function lineWidth(line: Line): number {
  let n = 0;
  for (const s of line) n += s.text.length;
  return n;
}

/** Cuts a line to `width` characters ("…" marks a cut); with pad, fills it up with spaces. */
export function fit(line: Line, width: number, pad = false): Line {
  if (width <= 0) return [];
  const out: Line = [];
  let left = width;
  const total = lineWidth(line);
  const cut = total > width;
  for (const s of line) {
    if (left <= 0) break;
    let text = s.text;
    if (cut && text.length >= left) {
      text = left > 1 ? text.slice(0, left - 1) + '…' : '…';
    }
    out.push(s.style ? { text, style: s.style } : { text });
    left -= text.length;
  }
  if (pad && left > 0) out.push({ text: ' '.repeat(left) });
  return out;
}

/** Right-aligns `right` after `left` within width (right wins when they do not both fit). */
export function spread(left: Line, right: Line, width: number): Line {
  const rw = lineWidth(right);
  if (rw >= width) return fit(right, width);
  const l = fit(left, width - rw - 1);
  const gap = width - lineWidth(l) - rw;
  return [...l, { text: ' '.repeat(gap) }, ...right];
}

/** Escapes blessed's tag braces. */
export function escapeTags(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

const COLOUR: Partial<Record<Style, string>> = {
  red: 'red-fg', green: 'green-fg', yellow: 'yellow-fg', cyan: 'cyan-fg', magenta: 'magenta-fg', dim: 'gray-fg',
};

/**
 * blessed tag markup of a line. Without colour (NO_COLOR) only attributes that are not
 * colours survive (bold, inverse); colours vanish. Without gray (8-colour terminals, where
 * it would be black on black) dim text is plain.
 */
export function toTags(line: Line, colour: boolean, gray = true): string {
  let out = '';
  for (const s of line) {
    const text = escapeTags(s.text);
    let tag: string | undefined;
    if (s.style === 'bold' || s.style === 'inverse') tag = s.style;
    else if (s.style && colour && (gray || s.style !== 'dim')) tag = COLOUR[s.style];
    out += tag ? `{${tag}}${text}{/${tag}}` : text;
  }
  return out;
}

// ---- numbers and time ----------------------------------------------------------------------

/** 1234567 → "1,234,567" */
export function grouped(n: bigint | number): string {
  const s = BigInt(n).toString();
  const neg = s.startsWith('-');
  const d = neg ? s.slice(1) : s;
  return (neg ? '-' : '') + d.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1234 → "1234", 12345 → "12.3k", 1234567 → "1.23M", 4.5e9 → "4.50G" */
export function short(n: bigint | number): string {
  const v = Number(n);
  if (v < 10_000) return String(v);
  const units: [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [u, s] of units) {
    if (v >= u) {
      const x = v / u;
      return (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)) + s;
    }
  }
  return String(v);
}

/** Emulated time: 1234567 ns → "0.001234567 s" */
export function seconds(ns: bigint): string {
  const s = ns / 1_000_000_000n;
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${s}.${frac} s`;
}

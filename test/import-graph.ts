// The project's import graph and the layering rules it must obey (docs/ARCHITECTURE.md).
// TypeScript's own pre-processor reads the imports, so `import type`, re-exports and dynamic
// `import()` all count: a type-only edge is still an edge a hub could grow back through.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import ts from 'typescript';

/** file (repo-relative, '/'-separated) → what it imports: other files, or bare package names. */
export type ImportGraph = Map<string, string[]>;

const SOURCE_DIRS = ['emu', 'kernel', 'modules', 'tools', 'test'];

function walk(dir: string, out: string[]) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
}

const posix = (p: string) => p.split(sep).join('/');

/** Reads every TypeScript file under the source directories of `root`. */
export function readImportGraph(root: string): ImportGraph {
  const files: string[] = [];
  for (const d of SOURCE_DIRS) {
    try { walk(join(root, d), files); } catch { /* a directory may not exist */ }
  }
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const deps: string[] = [];
    for (const ref of info.importedFiles) {
      const spec = ref.fileName;
      if (spec.startsWith('.')) deps.push(posix(relative(root, resolve(dirname(file), spec))));
      else if (!spec.startsWith('node:')) deps.push(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
    graph.set(posix(relative(root, file)), deps);
  }
  return graph;
}

const layer = (f: string) => f.split('/')[0];
const isFile = (d: string) => /\.(ts|mts|js)$/.test(d);

/** Every import circle (as the files along it, first file repeated last), each found once. */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const index = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>();
  let next = 0;
  // Tarjan's strongly connected components; each component of more than one file (or a file
  // importing itself) is a circle, reported along one concrete path through it.
  const strong = (v: string) => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) { strong(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(pathThrough(graph, new Set(comp), v));
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v);
  return cycles;
}

/** A shortest circle from `start` back to itself inside one component (breadth first). */
function pathThrough(graph: ImportGraph, comp: Set<string>, start: string): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!comp.has(w)) continue;
      if (w === start) {
        const path = [start];
        for (let x = v; x !== start; x = prev.get(x)!) path.splice(1, 0, x);
        return [...path, start];
      }
      if (!prev.has(w)) { prev.set(w, v); queue.push(w); }
    }
  }
  return [start, start];
}

/** The plotting packages: make bench's (tools/bench/plot.ts), and the tests that read its plots. */
const PLOTTING = ['vega', 'vega-lite', '@resvg/resvg-js'];

/** Rules of the layering; each broken one is a line naming the file and the import. */
export function layeringViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  for (const [file, deps] of graph) {
    const from = layer(file);
    for (const d of deps) {
      if (isFile(d)) {
        const to = layer(d);
        if (from === 'emu' && (to === 'kernel' || to === 'tools' || to === 'modules')) out.push(`${file} imports ${d}: emu/ knows nothing of the kernel, modules or tools`);
        if (from === 'kernel' && to === 'tools') out.push(`${file} imports ${d}: the kernel does not depend on the tools`);
        if (from === 'modules' && (to === 'kernel' || to === 'tools' || to === 'emu')) out.push(`${file} imports ${d}: the module build stands alone`);
      } else if (d === 'koffi' && file !== 'emu/unicorn.ts') {
        out.push(`${file} imports koffi: only the Unicorn binding (emu/unicorn.ts) may`);
      } else if (d === 'blessed' && !file.startsWith('tools/dash/')) {
        out.push(`${file} imports blessed: only the dashboard (tools/dash/) may`);
      } else if (PLOTTING.includes(d) && !file.startsWith('tools/bench/') && !file.startsWith('test/')) {
        out.push(`${file} imports ${d}: only the bench's plots (tools/bench/) may`);
      }
    }
  }
  return out;
}

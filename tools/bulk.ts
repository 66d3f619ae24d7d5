// kmodlab bulk [DIR]: load every module of a module tree (default: Debian's, fetched by `make
// real-modules`) into one machine, dependencies first (.modinfo depends=), and say what became
// of each: initialised, unresolved (the kernel lacks services it imports: named), refused
// (kmod's words and the kernel's message), or failed in init. Then a summary and the time.
//
// kmodlab bulk --missing [DIR]: tools/exports-census.ts (the command line picks it).
//
// kmodlab modstat [DIR]: seed 002 item 6's table ("412 of 1129 modules on my system have
// .text + .data < 4096") recomputed on the tree with our loader's own layout.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Kernel } from '../kernel/kernel.ts';
import { bootMachine } from './boot.ts';
import { KernelError } from '../kernel/errno.ts';
import { load_module, InitKilled } from '../kernel/module/main.ts';
import { adoptSymvers } from '../kernel/module/symvers.ts';
import { parseElf, find_sec, SHF_ALLOC } from '../kernel/elf.ts';
import { modinfoEntries } from '../kernel/module/modinfo.ts';
import { layout_sections } from '../kernel/module/layout.ts';
import { module_frob_arch_sections } from '../kernel/module/module-plts.ts';
import { parseSignature } from '../kernel/module/signing.ts';
import { mod_strerror } from './kmod/tools.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { pathToModname, modnameNormalize } from './kmod/libkmod-util.ts';
import { findModule } from '../kernel/module/lookup.ts';
import { parsePlacementPolicy, type PlacementPolicy } from '../kernel/module/placement.ts';

export const REAL_DIR = join(REPO_ROOT, 'build', 'real-modules');

export interface ModuleFile { name: string; path: string; depends: string[] }

function walk(dir: string, out: string[]) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith('.ko')) out.push(p);
  }
}

/** Every .ko under dir with its name and depends=, in dependency order (then by name). */
export function moduleTree(dir: string): ModuleFile[] {
  const files: string[] = [];
  walk(dir, files);
  const mods = new Map<string, ModuleFile>();
  for (const path of files) {
    let info: [string, string][] = [];
    try { info = modinfoEntries(parseElf(new Uint8Array(readFileSync(path)))); } catch { /* refused at load */ }
    const name = info.find(([k]) => k === 'name')?.[1] ?? pathToModname(path);
    const depends = (info.find(([k]) => k === 'depends')?.[1] ?? '').split(',').filter(Boolean).map(modnameNormalize);
    if (!mods.has(name)) mods.set(name, { name, path, depends });
  }
  const order: ModuleFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (m: ModuleFile) => {
    if (state.get(m.name)) return;
    state.set(m.name, 'visiting');
    for (const d of m.depends) { const dm = mods.get(d); if (dm) visit(dm); }
    state.set(m.name, 'done');
    order.push(m);
  };
  for (const m of [...mods.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(m);
  return order;
}

export type Outcome =
  | { kind: 'initialised' }
  | { kind: 'unresolved'; symbols: string[] }
  | { kind: 'dependency'; missing: string[] }
  | { kind: 'refused'; reason: string }
  | { kind: 'init failed'; reason: string };

export interface BulkResult { module: ModuleFile; outcome: Outcome }

export interface BulkOptions {
  dir?: string; symvers?: string; cpus?: number; mem?: number; placement?: PlacementPolicy;
  /** Price TLB misses (boot tlb=1). */
  tlb?: boolean;
  /** At most this many modules of the tree (its first, in dependency order). */
  limit?: number;
  /** The booted machine, before the first module (a bench takes its figures here). */
  onBoot?: (k: Kernel) => void;
  onResult?: (r: BulkResult) => void;
}

/** Loads the whole tree into one machine. Returns per-module outcomes and the kernel. */
export function bulkLoad(o: BulkOptions = {}): { results: BulkResult[]; kernel: Kernel; ms: number } {
  const dir = o.dir ?? join(REAL_DIR, 'modules');
  const t0 = performance.now();
  // request_module's modprobe looks in the tree (tools/kmod/modprobe-dir.ts: depmod never ran there).
  // All of them live in one machine, placed as arm64 Linux places them (the module area, page by
  // page through the page tables) unless asked otherwise.
  // raid6_pq benchmarks its algorithms for 16 jiffies each at init (about 1.5 s of machine time):
  // an init may run 4e9 cycles here, 20 times the default call limit.
  const k = bootMachine({ cpus: o.cpus ?? 4, mem: o.mem ?? 1024 << 20, modulePlacement: o.placement ?? 'vmalloc', tlb: o.tlb, callLimit: 4_000_000_000 }, { moddir: dir });
  const symvers = o.symvers ?? join(REAL_DIR, 'Module.symvers');
  if (existsSync(symvers)) adoptSymvers(k, symvers);
  o.onBoot?.(k);
  const results: BulkResult[] = [];
  const ok = new Set<string>();
  for (const m of moduleTree(dir).slice(0, o.limit)) {
    let outcome: Outcome;
    const missing = m.depends.filter((d) => !ok.has(d));
    if (findModule(k, m.name)) {
      // Already loaded by a request_module() of an earlier module's init.
      outcome = { kind: 'initialised' };
    } else if (missing.length) {
      outcome = { kind: 'dependency', missing };
    } else {
      const seq = k.log.records().at(-1)?.seq ?? -1;
      try {
        load_module(k, new Uint8Array(readFileSync(m.path)), m.path, '', {}, 0);
        outcome = { kind: 'initialised' };
      } catch (e) {
        const msgs = k.log.records(seq + 1).map((r) => r.text);
        const unknown = msgs.map((t) => /: Unknown symbol (\S+) \(err -2\)$/.exec(t)?.[1]).filter((s): s is string => !!s);
        if (e instanceof InitKilled) outcome = { kind: 'init failed', reason: `oops in init: ${msgs.find((t) => t.startsWith('Unable') || t.startsWith('kernel BUG') || t.includes('panic')) ?? e.message}` };
        else if (!(e instanceof KernelError)) throw e;
        else if (unknown.length && unknown.length === msgs.filter((t) => t.includes('Unknown symbol')).length) outcome = { kind: 'unresolved', symbols: unknown };
        else if (msgs.some((t) => t.includes('Unknown symbol'))) outcome = { kind: 'refused', reason: `${mod_strerror(e.errno)}: ${msgs.filter((t) => t.includes('Unknown symbol') || t.includes('version')).join('; ')}` };
        else {
          const last = msgs.filter((t) => !t.includes('module verification failed') && !t.includes('taints kernel')).at(-1);
          const initErr = findModule(k, m.name) === undefined && !last;
          outcome = initErr
            ? { kind: 'init failed', reason: `init returned -${e.errno} (${mod_strerror(e.errno)})` }
            : { kind: 'refused', reason: `${mod_strerror(e.errno)}${last ? ` (${last})` : ''}` };
        }
      }
    }
    if (outcome.kind === 'initialised') ok.add(m.name);
    const r = { module: m, outcome };
    results.push(r);
    o.onResult?.(r);
  }
  return { results, kernel: k, ms: performance.now() - t0 };
}

function describe(o: Outcome): string {
  switch (o.kind) {
    case 'initialised': return 'initialised';
    case 'unresolved': return `needs kernel services we lack: ${o.symbols.join(' ')}`;
    case 'dependency': return `dependency not loaded: ${o.missing.join(' ')}`;
    case 'refused': return `refused: ${o.reason}`;
    case 'init failed': return `init failed: ${o.reason}`;
  }
}

export const BULK_HELP = `Usage: kmodlab bulk [DIR] [--symvers FILE] [--placement kmalloc|vmalloc|auto] [-q]
       kmodlab bulk --missing [DIR] [--top N] [--json] [--symvers FILE]

Loads every module of DIR (default: Debian's arm64 6.1 tree, from 'make real-modules') into
one machine, dependencies first, and says what became of each; -q prints the summary only.
Modules are placed as arm64 Linux places them, in the module area page by page (--placement,
default vmalloc); kmalloc puts every core in kmalloc memory, auto the small ones only.
With --missing nothing is loaded: the kernel symbols the tree imports are ranked by how many
modules need those kmodlab's kernel does not export (kmodlab bulk --missing --help).
`;

export function bulkMain(argv: string[], write: (s: string) => void): number {
  if (argv.includes('-h') || argv.includes('--help')) { write(BULK_HELP); return 0; }
  let dir: string | undefined, symvers: string | undefined, quiet = false, placement: PlacementPolicy = 'vmalloc';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--symvers') symvers = argv[++i];
    else if (a === '--placement') {
      const p = parsePlacementPolicy(argv[++i] ?? '');
      if (!p) { write(`bulk: --placement wants kmalloc, vmalloc or auto, not '${argv[i] ?? ''}'\n`); return 2; }
      placement = p;
    }
    else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a.startsWith('-')) { write(`bulk: unknown option '${a}'\n`); return 2; }
    else dir = a;
  }
  dir ??= join(REAL_DIR, 'modules');
  if (!existsSync(dir)) { write(`bulk: ${dir}: no such directory (run 'make real-modules')\n`); return 1; }
  const { results, kernel, ms } = bulkLoad({
    dir, symvers, placement,
    onResult: quiet ? undefined : (r) => write(`${relative(dir!, r.module.path)}: ${describe(r.outcome)}\n`),
  });
  const count = (k: Outcome['kind']) => results.filter((r) => r.outcome.kind === k).length;
  const missing = new Map<string, number>();
  for (const r of results) if (r.outcome.kind === 'unresolved') for (const s of r.outcome.symbols) missing.set(s, (missing.get(s) ?? 0) + 1);
  const top = [...missing].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 15);
  write(`\n${'outcome'.padEnd(44)} modules\n`);
  const rows: [string, number][] = [
    ['initialised', count('initialised')],
    ['needs kernel services we lack (unresolved)', count('unresolved')],
    ['dependency not loaded', count('dependency')],
    ['refused by the loader', count('refused')],
    ['init failed', count('init failed')],
    ['total', results.length],
  ];
  for (const [what, n] of rows) write(`${what.padEnd(44)} ${String(n).padStart(7)}\n`);
  write(`\nmost wanted kernel services: ${top.map(([s, n]) => `${s} (${n})`).join(', ')}\n`);
  write(`loaded ${results.length} modules in ${(ms / 1000).toFixed(1)} s (${(ms / results.length).toFixed(1)} ms per module); ${kernel.modules.length} modules live\n`);
  const pt = kernel.machine.pageTables;
  write(`placement ${placement}: ${kernel.modarea.pages} module-area pages, ${kernel.machine.mappings().length} mappings, ${pt.used} of ${pt.pages} page-table pages\n`);
  kernel.close();
  return 0;
}

// ---- modstat ------------------------------------------------------------------------------

export interface ModStat { name: string; text: number; data: number; core: number; pages: number }

/**
 * Per module: .text and .data as seed 002 counts them -- the executable, and the writable
 * SHF_ALLOC sections -- and the compact core our loader lays out (text, rodata,
 * ro_after_init, data, PLTs and the core symbol table; layout.ts without page alignment),
 * and the pages the same core takes page-aligned in the module area (STRICT_MODULE_RWX).
 */
export function modstat(path: string): ModStat | null {
  const image = new Uint8Array(readFileSync(path));
  let elf;
  try { elf = parseElf(image.slice(0, parseSignature(image)?.elfLen ?? image.length)); } catch { return null; }
  const name = modinfoEntries(elf).find(([k]) => k === 'name')?.[1] ?? path;
  let text = 0, data = 0;
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.name.startsWith('.init') || s.name.startsWith('.exit')) continue;
    if (s.flags & 0x4) text += Number(s.size);
    else if (s.flags & 0x1) data += Number(s.size);
  }
  for (const n of ['__versions', '.modinfo']) { const i = find_sec(elf, n); if (i) elf.sections[i].flags &= ~SHF_ALLOC; }
  const pcpu = find_sec(elf, '.data..percpu');
  const r = module_frob_arch_sections(elf, { name }, { pr_err: () => {}, moduleUnload: true });
  if (r < 0) return null;
  if (pcpu) elf.sections[pcpu].flags &= ~SHF_ALLOC;
  const saved = elf.sections.map((s) => s.flags);
  const compact = layout_sections(elf, { strict: false, unload: true, kallsyms: true, pcpuIndex: pcpu });
  elf.sections.forEach((s, i) => { s.flags = saved[i]; });
  const strict = layout_sections(elf, { strict: true, unload: true, kallsyms: true, pcpuIndex: pcpu });
  return { name, text, data, core: compact.coreSize, pages: Math.ceil(strict.coreSize / 4096) };
}

/** kmalloc's size classes on arm64 6.1 (minimum 128); above 8 KiB, whole pages. */
function kmallocBytes(n: number): number {
  for (const c of [128, 192, 256, 512, 1024, 2048, 4096, 8192]) if (n <= c) return c;
  return Math.ceil(n / 4096) * 4096;
}

export function modstatMain(argv: string[], write: (s: string) => void): number {
  const dir = argv.find((a) => !a.startsWith('-')) ?? join(REAL_DIR, 'modules');
  if (!existsSync(dir)) { write(`modstat: ${dir}: no such directory (run 'make real-modules')\n`); return 1; }
  const files: string[] = [];
  walk(dir, files);
  const stats = files.map(modstat).filter((s): s is ModStat => s !== null);
  const PAGE = 4096;
  const small = stats.filter((s) => s.core < PAGE);
  const seedSmall = stats.filter((s) => s.text + s.data < PAGE);
  const vmallocPages = stats.reduce((a, s) => a + s.pages, 0);
  // Policy auto: compact core < PAGE_SIZE goes to kmalloc, the rest stays page-aligned.
  const kmallocBytesSmall = small.reduce((a, s) => a + kmallocBytes(s.core), 0);
  const smallPagesVmalloc = small.reduce((a, s) => a + s.pages, 0);
  const mixedPages = vmallocPages - smallPagesVmalloc;
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  write(`modules                                      ${stats.length}\n`);
  write(`.text + .data < 4096 (seed 002's measure)     ${seedSmall.length} of ${stats.length}\n`);
  write(`compact core < 4096 (our layout, kmalloc'd)   ${small.length} of ${stats.length}\n`);
  write(`\n${'placement'.padEnd(34)}${'pages'.padStart(8)}${'memory'.padStart(12)}${'TLB entries'.padStart(13)}\n`);
  write(`${'all in the module area (vmalloc)'.padEnd(34)}${String(vmallocPages).padStart(8)}${kib(vmallocPages * PAGE).padStart(12)}${String(vmallocPages).padStart(13)}\n`);
  write(`${'small ones in kmalloc (auto)'.padEnd(34)}${String(mixedPages).padStart(8)}${kib(mixedPages * PAGE + kmallocBytesSmall).padStart(12)}${String(mixedPages).padStart(13)}\n`);
  write(`${'saved'.padEnd(34)}${String(vmallocPages - mixedPages).padStart(8)}${kib(smallPagesVmalloc * PAGE - kmallocBytesSmall).padStart(12)}${String(vmallocPages - mixedPages).padStart(13)}\n`);
  write(`\n(pages: 4 KiB module-area pages of the page-aligned cores; a kmalloc'd core lives in the\n linear map's existing mapping and needs no page or TLB entry of its own; its memory is\n its kmalloc size class)\n`);
  return 0;
}

// The installer scenario of seed 001: hardware detection by loading almost every module and
// unloading it again, round after round, on a small machine. With reference counts (percpu,
// atomic) every unload gives the memory back; with refcount=none ("modules are never actually
// removed") each round leaves its modules' memory behind until the machine runs out.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { bootMachine } from './boot.ts';
import { load_module, delete_module, InitKilled } from '../kernel/module/main.ts';
import { moduleTree } from './bulk.ts';
import { KernelError, ENOMEM } from '../kernel/errno.ts';
import { parseSize, PAGE_SIZE } from '../emu/address-map.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import type { RefcountScheme } from '../kernel/module/refcount.ts';
import { parsePlacementPolicy, type PlacementPolicy } from '../kernel/module/placement.ts';
import { mod_strerror } from './kmod/tools.ts';
import { findModule } from '../kernel/module/lookup.ts';

export interface InstallerOptions {
  mem: number;
  refcount: RefcountScheme;
  rounds: number;
  dir: string;
  /** Module placement (default kmalloc: seed 001's 2.5 kernel kept modules in kmalloc memory). */
  placement?: PlacementPolicy;
}

export interface RoundFigure { round: number; loaded: number; failed: number; freeKiB: number; keptKiB: number }
export interface InstallerResult {
  rounds: RoundFigure[]; outOfMemory: { round: number; module: string } | null; modules: number;
  /** Run in a process of its own that did not finish: how it ended (tools/bench/unload.ts). */
  died?: string;
}

interface Candidate { path: string; name: string; image: Uint8Array }

/** Every .ko under dir, in dependency order (kmodlab bulk's walk). */
export function moduleSet(dir: string): Candidate[] {
  return moduleTree(dir).map((m) => ({ path: m.path, name: m.name, image: new Uint8Array(readFileSync(m.path)) }));
}

export function runInstaller(o: InstallerOptions, log: (line: string, round?: RoundFigure) => void = () => {}): InstallerResult {
  const set = moduleSet(o.dir);
  const k = bootMachine({ cpus: 2, mem: o.mem, refcount: o.refcount, modulePlacement: o.placement ?? 'kmalloc' });
  const rounds: RoundFigure[] = [];
  let oom: InstallerResult['outOfMemory'] = null;
  try {
    for (let round = 1; round <= o.rounds && !oom; round++) {
      const loaded: string[] = [];
      let failed = 0;
      for (const m of set) {
        try {
          load_module(k, m.image, m.path, '');
          loaded.push(m.name);
        } catch (e) {
          if (e instanceof KernelError && e.errno === ENOMEM) {
            oom = { round, module: m.name };
            log(`round ${round}: insmod ${m.name}: ${mod_strerror(ENOMEM)}`);
            break;
          }
          if (!(e instanceof KernelError) && !(e instanceof InitKilled)) throw e;
          failed++;
        }
      }
      // Unload in reverse order: users before the modules they use.
      for (const name of loaded.reverse()) {
        const mod = findModule(k, name);
        if (!mod || mod.permanent) continue;
        try { delete_module(k, name); } catch (e) { if (!(e instanceof KernelError)) throw e; }
      }
      const kept = k.neverFreed.reduce((a, f) => a + f.bytes, 0);
      const fig = { round, loaded: loaded.length, failed, freeKiB: (k.pages.freePages * PAGE_SIZE) >> 10, keptKiB: kept >> 10 };
      rounds.push(fig);
      log(`round ${String(round).padStart(3)}: loaded ${fig.loaded}, refused ${fig.failed}, free ${fig.freeKiB} KiB, kept by rmmod ${fig.keptKiB} KiB`, fig);
    }
  } finally {
    k.close();
  }
  return { rounds, outOfMemory: oom, modules: set.length };
}

export function installerMain(args: string[]): number {
  const o: InstallerOptions = { mem: 64 << 20, refcount: 'none', rounds: 50, dir: join(REPO_ROOT, 'modules', 'examples') };
  let json = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') { json = true; continue; }
    const [key, v] = args[i].includes('=') ? args[i].split(/=(.*)/s) : [args[i], args[++i]];
    switch (key) {
      case '--mem': { const n = parseSize(v ?? ''); if (!n) return usage(`bad --mem '${v}'`); o.mem = n; break; }
      case '--refcount': if (v !== 'none' && v !== 'percpu' && v !== 'atomic') return usage(`bad --refcount '${v}'`); o.refcount = v; break;
      case '--rounds': if (!/^\d+$/.test(v ?? '')) return usage(`bad --rounds '${v}'`); o.rounds = Number(v); break;
      case '--dir': if (!v || !existsSync(v)) return usage(`no such directory '${v}'`); o.dir = v; break;
      case '--placement': { const p = parsePlacementPolicy(v ?? ''); if (!p) return usage(`bad --placement '${v}'`); o.placement = p; break; }
      default: return usage(`unknown option '${key}'`);
    }
  }
  if (json) {
    // The whole result as one line of JSON (make bench runs each installer in a process of its own).
    // Each round as it ends, then the result: a parent learns how far a run that dies got.
    console.log(JSON.stringify(runInstaller(o, (_line, round) => { if (round) console.log(JSON.stringify({ round })); })));
    return 0;
  }
  console.log(`installer: ${o.dir}, mem=${o.mem >> 20}M, refcount=${o.refcount}, placement=${o.placement ?? 'kmalloc'}, up to ${o.rounds} rounds`);
  const r = runInstaller(o, (l) => console.log(l));
  console.log(r.outOfMemory
    ? `out of memory in round ${r.outOfMemory.round} loading ${r.outOfMemory.module} (${r.modules} modules per round)`
    : `no shortage after ${r.rounds.length} rounds of ${r.modules} modules`);
  return 0;
}

function usage(msg: string): number {
  process.stderr.write(`kmodlab installer: ${msg}\nusage: kmodlab installer [--json] [--mem SIZE] [--refcount none|percpu|atomic] [--rounds N] [--dir DIR] [--placement kmalloc|auto|vmalloc]\n`);
  return 2;
}

// The console: one scenario command per line, the same for `kmodlab run`, `shell` and `dash`.
// It boots the kernel lazily (or as the `boot` line says) and prints a transcript.
import { dirname, resolve as resolvePath, isAbsolute } from 'node:path';
import { existsSync } from 'node:fs';
import { REPO_ROOT } from '../emu/unicorn.ts';
import type { Kernel, BootOptions } from '../kernel/kernel.ts';
import { bootMachine } from './boot.ts';
import { KernelError, strerror } from '../kernel/errno.ts';
import { readdir, exists } from '../kernel/fs/namei.ts';
import { parseSize, hex } from '../emu/address-map.ts';
import { parsePlacementPolicy } from '../kernel/module/placement.ts';
import { adoptSymvers } from '../kernel/module/symvers.ts';
import { lex, LexError, type Word } from './scenario/lex.ts';
import { findProgram, type ProgramContext } from './programs.ts';
import { findCommand } from './commands/registry.ts';
import { applyBootOption, bootOptionKeys } from './commands/boot-options.ts';
import './commands/index.ts';
import { interruptCheck } from './commands/signals.ts';
import { runCommandLine } from './commands/kmod.ts';

import { ScenarioError } from './commands/registry.ts';
export { ScenarioError };


export interface ConsoleOptions {
  /** Directory relative paths are resolved against (the scenario's). */
  baseDir: string;
  /** Print each command before its output, as "$ command". */
  echo?: boolean;
  /** Boot options applied unless the scenario's boot line overrides them. */
  boot?: BootOptions;
  write: (line: string) => void;
  /** Where FILE:LINE: errors go (default: write). */
  writeError?: (line: string) => void;
}

const BOOT_KEYS = ['cpus', 'mem', 'seed', 'symvers', 'placement', 'unload', 'kallsyms', 'tlb', 'sig', 'sig_enforce', 'trusted_keys', 'slice', 'tick', 'preempt', 'refcount', 'sync', 'quarantine', 'atomics', 'module_blacklist'];

const EXAMPLES_DIR = resolvePath(REPO_ROOT, 'modules', 'examples');

export class Console {
  kernel: Kernel | null = null;
  private ret = 0n;
  private commands = 0;
  /** Commands that failed so far (an error printed, an oops, a non-zero exit). */
  failures = 0;
  /** Boot listeners (the dashboard subscribes to the kernel's events). */
  onBoot: ((k: Kernel) => void) | null = null;

  constructor(readonly o: ConsoleOptions) {}

  private out(line: string) { this.o.write(line); }

  /** Executes one line. Throws ScenarioError for a malformed line. */
  exec(line: string): void {
    let words: Word[];
    try {
      words = lex(line);
    } catch (e) {
      if (e instanceof LexError) throw new ScenarioError(e.message);
      throw e;
    }
    if (!words.length) return;
    const [cmd, ...args] = words;
    if (this.o.echo) this.out(`$ ${line.trim()}`);
    this.commands++;
    if (cmd.text === 'boot') {
      if (this.kernel || this.commands > 1) throw new ScenarioError('boot must be the first command');
      this.boot(args.map((a) => a.text));
      return;
    }
    const k = this.kernel ?? this.boot([]);
    const texts = args.map((a) => a.text);
    switch (cmd.text) {
      case 'ls': return this.ls(k, texts);
      case 'dmesg': return this.dmesg(k, texts);
    }
    const self = this;
    const command = {
      kernel: k, args, texts, out: (l: string) => this.out(l), path: (p: string) => this.path(p),
      get ret() { return self.ret; }, set ret(v: bigint) { self.ret = v; },
      failed: () => { this.failures++; },
    };
    // The machine's programs (tools/programs.ts), then the scenario's own commands.
    const program = findProgram(cmd.text);
    if (program && cmd.text.indexOf('/') < 0) {
      const c: ProgramContext = {
        k, out: command.out, path: command.path,
        run: (line) => runCommandLine(command, c, line),
        interrupted: interruptCheck(k, () => this.out('^C')),
      };
      if (program.run(texts, c)) this.failures++;
      return;
    }
    const spec = findCommand(cmd.text);
    if (!spec) throw new ScenarioError(`unknown command '${cmd.text}'`);
    spec.run(command);
  }

  /**
   * A path argument: absolute as it is; relative from the scenario's folder, else from the
   * current directory, else from the example modules' folder (so the README's `insmod
   * calc/calc.ko` works in a shell started anywhere). Not found anywhere: the first.
   */
  path(p: string): string {
    if (isAbsolute(p)) return p;
    const first = resolvePath(this.o.baseDir, p);
    if (existsSync(first)) return first;
    for (const dir of [process.cwd(), EXAMPLES_DIR]) {
      const alt = resolvePath(dir, p);
      if (existsSync(alt)) return alt;
    }
    return first;
  }

  boot(args: string[]): Kernel {
    const opts: BootOptions = { ...this.o.boot };
    const after: ((k: Kernel) => void)[] = [];
    let symvers: string | undefined;
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq < 0) throw new ScenarioError(`boot: expected key=value, got '${a}'`);
      const key = a.slice(0, eq), v = a.slice(eq + 1);
      const int = () => {
        if (!/^\d+$/.test(v)) throw new ScenarioError(`boot: ${key}=${v}: not a number`);
        return Number(v);
      };
      const bool = () => {
        if (!/^(0|1|y|n|yes|no|on|off)$/.test(v)) throw new ScenarioError(`boot: ${key}=${v}: expected 0 or 1`);
        return /^(1|y|yes|on)$/.test(v);
      };
      switch (key) {
        case 'cpus': opts.cpus = int(); if (opts.cpus < 1 || opts.cpus > 64) throw new ScenarioError(`boot: cpus=${v}: the machine has 1 to 64 cores`); break;
        case 'mem': {
          const n = parseSize(v);
          if (n === null || n < 16 << 20 || n > 2048 * 1024 * 1024 || n % 4096) throw new ScenarioError(`boot: mem=${v}: expected a size from 16M to 2G (e.g. 64M)`);
          opts.mem = n;
          break;
        }
        case 'seed': opts.seed = int(); break;
        case 'slice': opts.slice = int(); if (!opts.slice) throw new ScenarioError('boot: slice must be > 0'); break;
        case 'placement': {
          const p = parsePlacementPolicy(v);
          if (!p) throw new ScenarioError(`boot: placement=${v}: expected auto, vmalloc or kmalloc`);
          opts.modulePlacement = p;
          break;
        }
        case 'unload': opts.moduleUnload = bool(); break;
        case 'kallsyms': opts.moduleKallsyms = bool(); break;
        case 'tlb': opts.tlb = bool(); break;
        case 'sig': opts.moduleSig = bool(); break;
        case 'sig_enforce': case 'module.sig_enforce': opts.moduleSigEnforce = bool(); break;
        case 'trusted_keys': opts.trustedKeys = this.path(v); if (!existsSync(opts.trustedKeys)) throw new ScenarioError(`boot: trusted_keys=${v}: no such file`); break;
        case 'module_blacklist': opts.blacklist = v.split(',').filter(Boolean); break;
        case 'preempt':
          if (v !== 'none' && v !== 'full') throw new ScenarioError(`boot: preempt=${v}: expected none or full`);
          opts.preempt = v;
          break;
        case 'refcount':
          if (v !== 'atomic' && v !== 'percpu' && v !== 'none') throw new ScenarioError(`boot: refcount=${v}: expected percpu, atomic or none`);
          opts.refcount = v;
          break;
        case 'sync':
          if (v !== 'classic' && v !== 'tasks') throw new ScenarioError(`boot: sync=${v}: expected classic or tasks`);
          opts.sync = v;
          break;
        case 'atomics':
          if (v !== 'mixed' && v !== 'lse' && v !== 'llsc') throw new ScenarioError(`boot: atomics=${v}: expected lse, llsc or mixed`);
          opts.atomics = v;
          break;
        case 'quarantine': {
          const n = parseSize(v);
          if (n === null) throw new ScenarioError(`boot: quarantine=${v}: expected a size (e.g. 1M, 0 for none)`);
          opts.quarantine = n;
          break;
        }
        case 'tick': opts.tick = int(); if (!opts.tick) throw new ScenarioError('boot: tick must be > 0'); break;
        case 'symvers': symvers = this.path(v); if (!existsSync(symvers)) throw new ScenarioError(`boot: symvers=${v}: no such file`); break;
        default:
          if (!applyBootOption(key, v, { opts, path: (p) => this.path(p), after: (fn) => after.push(fn) })) {
            throw new ScenarioError(`boot: unknown option '${key}' (known: ${[...BOOT_KEYS, ...bootOptionKeys()].join(', ')})`);
          }
      }
    }
    // call_usermodehelper_wait and request_module run programs beside the console's (tools/umh.ts).
    const k = bootMachine(opts, { after, out: (l) => this.out(l), path: (p) => this.path(p) });
    if (symvers) adoptSymvers(k, symvers);
    this.kernel = k;
    this.onBoot?.(k);
    return k;
  }

  private ls(k: Kernel, args: string[]) {
    let all = false, almost = false;
    const paths: string[] = [];
    for (const a of args) {
      if (/^-[aA1]+$/.test(a)) { all ||= a.includes('a'); almost ||= a.includes('A'); }
      else if (a.startsWith('-') && a !== '-') throw new ScenarioError(`ls: unknown option '${a}' (kmodlab's ls takes -a, -A and -1)`);
      else paths.push(a);
    }
    for (const p of paths.length ? paths : ['/sys/module']) {
      const d = readdir(k, p);
      // One name a line, as ls prints into a pipe or a file (a transcript is not a terminal);
      // names that start with a dot only with -a or -A, as ls does.
      const shown = d && (all ? ['.', '..', ...d] : almost ? d : d.filter((n) => !n.startsWith('.')));
      if (shown) { for (const n of shown) this.out(n); }
      else if (exists(k, p)) this.out(p);
      else this.out(`ls: cannot access '${p}': No such file or directory`);
    }
  }

  private dmesg(k: Kernel, args: string[]) {
    const clear = args.includes('-c') || args.includes('--read-clear');
    const onlyClear = args.includes('-C') || args.includes('--clear');
    for (const a of args) if (!['-c', '-C', '--read-clear', '--clear'].includes(a)) throw new ScenarioError(`dmesg: unknown option '${a}'`);
    if (!onlyClear) for (const l of k.log.dmesg().replace(/\n$/, '').split('\n')) if (l) this.out(l);
    if (clear || onlyClear) k.log.clear();
  }
}

/** Runs a whole scenario text; returns the exit status (0, or 2 for a malformed line). */
export function runScenario(text: string, file: string, write: (l: string) => void, opts: Partial<ConsoleOptions> = {}): { status: number; console: Console; failed: number } {
  const c = new Console({ baseDir: dirname(resolvePath(file)), echo: true, write, ...opts });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    try {
      c.exec(lines[i]);
    } catch (e) {
      if (e instanceof ScenarioError) {
        (c.o.writeError ?? write)(`${file}:${i + 1}: ${e.message}`);
        return { status: 2, console: c, failed: c.failures };
      }
      throw e;
    }
  }
  return { status: 0, console: c, failed: c.failures };
}

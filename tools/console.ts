// The console: one scenario command per line, the same for `kmodlab run`, `shell` and `dash`.
// It boots the kernel lazily (or as the `boot` line says) and prints a transcript.
import { dirname, resolve as resolvePath, isAbsolute } from 'node:path';
import { existsSync } from 'node:fs';
import { Kernel, type BootOptions } from '../kernel/kernel.ts';
import { KernelError, strerror } from '../kernel/errno.ts';
import { readFile, listDir } from '../kernel/fs.ts';
import { parseSize, hex } from '../emu/address-map.ts';
import { parsePlacementPolicy } from '../kernel/module/placement.ts';
import { adoptSymvers } from '../kernel/module/symvers.ts';
import { lex, LexError, type Word } from './scenario/lex.ts';
import { insmod, rmmod, lsmod } from './kmod/tools.ts';
import { findCommand } from './commands/registry.ts';
import './commands/index.ts';

import { ScenarioError } from './commands/registry.ts';
export { ScenarioError };

interface Buffer_ { addr: bigint; size: number }

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

const BOOT_KEYS = ['cpus', 'mem', 'seed', 'symvers', 'placement', 'unload', 'kallsyms', 'sig', 'slice', 'module_blacklist'];

export class Console {
  kernel: Kernel | null = null;
  private readonly buffers = new Map<string, Buffer_>();
  private ret = 0n;
  private commands = 0;
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
      case 'insmod': return this.print(insmod(k, texts, (p) => this.path(p)).out);
      case 'rmmod': return this.print(rmmod(k, texts).out);
      case 'lsmod': return this.print(lsmod(k).out);
      case 'cat': return this.cat(k, texts);
      case 'ls': return this.ls(k, texts);
      case 'dmesg': return this.dmesg(k, texts);
      case 'buf': return this.buf(k, args);
      case 'call': return this.call(k, args);
      case 'dump': return this.dump(k, texts);
      case 'addr': return this.addr(k, texts);
      case 'echo': return this.out(texts.join(' '));
    }
    const spec = findCommand(cmd.text);
    if (!spec) throw new ScenarioError(`unknown command '${cmd.text}'`);
    const self = this;
    spec.run({
      kernel: k, args, texts, out: (l) => this.out(l), path: (p) => this.path(p),
      get ret() { return self.ret; }, set ret(v: bigint) { self.ret = v; },
    });
  }

  private print(lines: string[]) { for (const l of lines) this.out(l); }

  path(p: string): string {
    return isAbsolute(p) ? p : resolvePath(this.o.baseDir, p);
  }

  boot(args: string[]): Kernel {
    const opts: BootOptions = { ...this.o.boot };
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
        case 'sig': opts.moduleSig = bool(); break;
        case 'module_blacklist': opts.blacklist = v.split(',').filter(Boolean); break;
        case 'symvers': symvers = this.path(v); if (!existsSync(symvers)) throw new ScenarioError(`boot: symvers=${v}: no such file`); break;
        default: throw new ScenarioError(`boot: unknown option '${key}' (known: ${BOOT_KEYS.join(', ')})`);
      }
    }
    const k = new Kernel(opts);
    if (symvers) adoptSymvers(k, symvers);
    this.kernel = k;
    this.onBoot?.(k);
    return k;
  }

  private cat(k: Kernel, paths: string[]) {
    if (!paths.length) throw new ScenarioError('cat: missing file operand');
    for (const p of paths) {
      try {
        const text = readFile(k, p);
        for (const l of text.replace(/\n$/, '').split('\n')) this.out(l);
      } catch (e) {
        if (e instanceof KernelError) this.out(`cat: ${p}: ${strerror(e.errno)}`);
        else throw e;
      }
    }
  }

  private ls(k: Kernel, paths: string[]) {
    for (const p of paths.length ? paths : ['/sys/module']) {
      const d = listDir(k, p);
      if (d) this.out(d.join('  '));
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

  /** buf NAME SIZE [hex:BYTES | "text"] */
  private buf(k: Kernel, args: Word[]) {
    if (args.length < 2 || args.length > 3) throw new ScenarioError('usage: buf NAME SIZE [hex:BYTES | "text"]');
    const name = args[0].text;
    const size = parseSize(args[1].text);
    if (size === null || size <= 0 || size > 4 << 20) throw new ScenarioError(`buf: ${args[1].text}: size must be 1 byte to 4M`);
    const init = args[2] ? this.bytesOf(args[2], 'buf') : new Uint8Array(0);
    if (init.length > size) throw new ScenarioError(`buf: ${init.length} bytes do not fit in ${size}`);
    const old = this.buffers.get(name);
    if (old) k.slab.kfree(old.addr);
    const addr = k.slab.kmalloc(size);
    if (!addr) {
      this.out(`buf: ${name}: ${strerror(12)}`);
      return;
    }
    k.machine.write(addr, init);
    this.buffers.set(name, { addr, size });
  }

  private bytesOf(w: Word, cmd: string): Uint8Array {
    if (w.quoted) return new Uint8Array(Buffer.from(w.text, 'latin1'));
    if (w.text.startsWith('hex:')) {
      const h = w.text.slice(4).replace(/[\s:]/g, '');
      if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw new ScenarioError(`${cmd}: bad hex bytes '${w.text}'`);
      return new Uint8Array(Buffer.from(h, 'hex'));
    }
    throw new ScenarioError(`${cmd}: expected hex:BYTES or "text", got '${w.text}'`);
  }

  /** call [cpu=N] SYMBOL [ARG ...] */
  private call(k: Kernel, args: Word[]) {
    let cpu = 0;
    let i = 0;
    if (args[0] && !args[0].quoted && /^cpu=/.test(args[0].text)) {
      const v = args[0].text.slice(4);
      if (!/^\d+$/.test(v)) throw new ScenarioError(`call: cpu=${v}: not a number`);
      cpu = Number(v);
      i = 1;
    }
    const sym = args[i];
    if (!sym) throw new ScenarioError('usage: call [cpu=N] SYMBOL [ARG ...]');
    if (args.length - i - 1 > 8) throw new ScenarioError('call: at most 8 arguments');
    if (cpu >= k.opts.cpus) {
      this.out(`call: cpu${cpu} does not exist (the machine has ${k.opts.cpus} CPUs)`);
      return;
    }
    const temps: bigint[] = [];
    const values: bigint[] = [];
    for (const a of args.slice(i + 1)) {
      if (a.quoted || a.text.startsWith('hex:')) {
        const bytes = this.bytesOf(a, 'call');
        const data = a.quoted ? Uint8Array.from([...bytes, 0]) : bytes;
        const p = k.slab.kmalloc(Math.max(1, data.length));
        k.machine.write(p, data);
        temps.push(p);
        values.push(p);
      } else if (a.text.startsWith('@')) {
        const b = this.buffers.get(a.text.slice(1));
        if (!b) throw new ScenarioError(`call: no buffer named '${a.text.slice(1)}' (create it with buf)`);
        values.push(b.addr);
      } else if (a.text === '$ret') {
        values.push(this.ret);
      } else if (/^-?(0x[0-9a-fA-F]+|\d+)$/.test(a.text)) {
        const neg = a.text.startsWith('-');
        const v = BigInt(neg ? a.text.slice(1) : a.text);
        values.push(BigInt.asUintN(64, neg ? -v : v));
      } else {
        throw new ScenarioError(`call: bad argument '${a.text}' (integer, @buffer, "text", hex:BYTES or $ret)`);
      }
    }
    // SYMBOL may also be an address (a stale function pointer, say) or $ret.
    const addr = sym.text === '$ret' ? this.ret : /^0x[0-9a-fA-F]+$/.test(sym.text) ? BigInt(sym.text) : k.kallsyms.address(sym.text);
    if (addr === null) {
      for (const t of temps) k.slab.kfree(t);
      this.out(`call: ${sym.text}: no such symbol`);
      return;
    }
    const r = k.call(addr, values, { cpu, comm: 'call' });
    for (const t of temps) k.slab.kfree(t);
    if (r.ok) {
      this.ret = r.ret;
      this.out(`=> ${hex(r.ret)}`);
    } else if ('fault' in r) {
      const s = k.kallsyms.lookup(r.fault.pc);
      if (s?.unloaded) this.out(`=> oops: call into unloaded module ${s.module} at ${k.kallsyms.format(r.fault.pc)} from cpu${r.fault.cpu}`);
      else this.out(`=> oops: ${r.oops[0] ?? 'fault'} at ${k.kallsyms.format(r.fault.pc)} on cpu${r.fault.cpu}`);
    } else {
      this.out(`=> stuck: ${sym.text} did not return within ${k.opts.callLimit} instructions`);
    }
  }

  /** addr SYMBOL: prints the address (like a function pointer a caller keeps) into $ret. */
  private addr(k: Kernel, args: string[]) {
    if (args.length !== 1) throw new ScenarioError('usage: addr SYMBOL');
    const a = k.kallsyms.address(args[0]);
    if (a === null) {
      this.out(`addr: ${args[0]}: no such symbol`);
      return;
    }
    this.ret = a;
    this.out(`=> ${hex(a)}`);
  }

  private dump(k: Kernel, args: string[]) {
    if (args.length < 1 || args.length > 2) throw new ScenarioError('usage: dump NAME [LEN]');
    const b = this.buffers.get(args[0]);
    if (!b) throw new ScenarioError(`dump: no buffer named '${args[0]}'`);
    let len = b.size;
    if (args[1] !== undefined) {
      const n = parseSize(args[1]);
      if (n === null) throw new ScenarioError(`dump: ${args[1]}: not a length`);
      len = Math.min(n, b.size);
    }
    this.out(Buffer.from(k.machine.read(b.addr, len)).toString('hex'));
  }
}

/** Runs a whole scenario text; returns the exit status (0, or 2 for a malformed line). */
export function runScenario(text: string, file: string, write: (l: string) => void, opts: Partial<ConsoleOptions> = {}): { status: number; console: Console } {
  const c = new Console({ baseDir: dirname(resolvePath(file)), echo: true, write, ...opts });
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    try {
      c.exec(lines[i]);
    } catch (e) {
      if (e instanceof ScenarioError) {
        (c.o.writeError ?? write)(`${file}:${i + 1}: ${e.message}`);
        return { status: 2, console: c };
      }
      throw e;
    }
  }
  return { status: 0, console: c };
}

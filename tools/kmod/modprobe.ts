// modprobe on the machine, as kmod 30 (tools/modprobe.c over libkmod's lookup, probe and
// remove logic) does it, against the machine's module directory /lib/modules/<release>:
//  - lookup order: modprobe.d aliases, modules.dep.bin (names), modules.symbols.bin
//    ("symbol:X"), install commands, modules.alias.bin (fnmatch patterns), modules.builtin.bin,
//    modules.builtin.alias.bin; names and aliases are normalised ('-' becomes '_');
//  - loading: the module's dependencies from its modules.dep line (loaded farthest first),
//    softdeps around each, modprobe.d options before the command line's, install commands
//    instead of a load; an already loaded module is skipped; blacklist applies to aliases;
//  - removal (-r): post-softdeps, holders (--remove-holders), the module unless in use, then
//    its dependencies that became unused, then pre-softdeps;
//  - kmod's messages and exit statuses (FATAL exits at once, -a turns them into WARNINGs,
//    -q silences them).
// install/remove commands are not given to a host shell: they run as scenario command lines
// (";", "&&" and "||" separate them; $CMDLINE_OPTS and $MODPROBE_MODULE are substituted;
// "/sbin/modprobe" and friends are found by their base name).
// kmodlab additions: --no-unload loads without the .exit sections (seed 002 item 5), the
// tool holds the /proc/modules lock shared (LOCK_SH) while it works (seed 002 item 3), and
// without modules.dep.bin it loads from the directory as it is (modprobe-dir.ts).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Kernel } from '../../kernel/kernel.ts';
import { MODDIR, hostPath, lockOwner, type ModuleFiles } from './machine.ts';
import { KernelError, strerror, ENOENT, EEXIST, EBUSY, EINVAL } from '../../kernel/errno.ts';
import { load_module, delete_module, InitKilled } from '../../kernel/module/main.ts';
import { modulesLock, LOCK_SH, LOCK_UN } from '../../kernel/modules_lock.ts';
import { LibKmod, type KMod } from './libkmod-module.ts';
import { KMOD_VERSION_TEXT } from './libkmod.ts';
import { getoptLong, type LongOpt } from './getopt.ts';
import { directoryModprobe } from './modprobe-dir.ts';

export interface ToolCtx {
  k: Kernel;
  files: ModuleFiles;
  /** Prints one line of the tool's output (stdout and stderr alike). */
  out(line: string): void;
  /** Runs a scenario command line for an install/remove command; returns its exit status. */
  run(line: string): number;
  cpu?: number;
  /** The caller already holds /proc/modules shared for this modprobe (the user-mode helper). */
  lockHeld?: boolean;
}

/** The insmod process was killed by an oops in a module's init (the shell says so). */
/** The process died in the kernel (an oops), or never came back from it (`stuck`). */
export class Killed extends Error {
  constructor(readonly report = 'Segmentation fault', readonly stuck = false) {
    super(report);
  }
}

// ---- modprobe ---------------------------------------------------------------------------

const SHORTOPTS = 'arw:RibfDcnC:d:S:sqvVh';
const LONGOPTS: LongOpt[] = [
  { name: 'all', arg: false, val: 'a' }, { name: 'remove', arg: false, val: 'r' },
  { name: 'remove-dependencies', arg: false, val: '5' }, { name: 'remove-holders', arg: false, val: '5' },
  { name: 'wait', arg: true, val: 'w' }, { name: 'resolve-alias', arg: false, val: 'R' },
  { name: 'first-time', arg: false, val: '3' }, { name: 'ignore-install', arg: false, val: 'i' },
  { name: 'ignore-remove', arg: false, val: 'i' }, { name: 'use-blacklist', arg: false, val: 'b' },
  { name: 'force', arg: false, val: 'f' }, { name: 'force-modversion', arg: false, val: '2' },
  { name: 'force-vermagic', arg: false, val: '1' }, { name: 'show-depends', arg: false, val: 'D' },
  { name: 'showconfig', arg: false, val: 'c' }, { name: 'show-config', arg: false, val: 'c' },
  { name: 'dry-run', arg: false, val: 'n' }, { name: 'show', arg: false, val: 'n' },
  { name: 'config', arg: true, val: 'C' }, { name: 'dirname', arg: true, val: 'd' },
  { name: 'set-version', arg: true, val: 'S' }, { name: 'syslog', arg: false, val: 's' },
  { name: 'quiet', arg: false, val: 'q' }, { name: 'verbose', arg: false, val: 'v' },
  { name: 'version', arg: false, val: 'V' }, { name: 'help', arg: false, val: 'h' },
  // kmodlab: load without .exit sections (the module can never be unloaded)
  { name: 'no-unload', arg: false, val: 'N' },
];

const LOG_CRIT = 2, LOG_ERR = 3, LOG_WARNING = 4;

class Exit extends Error {
  constructor(readonly status: number) { super(`exit ${status}`); }
}

class Modprobe {
  verbose = LOG_WARNING;
  logPriority = LOG_CRIT;
  doShow = false; dryRun = false; ignoreLoaded = false; lookupOnly = false; firstTime = false;
  ignoreCommands = false; useBlacklist = false; force = false; stripModversion = false;
  stripVermagic = false; removeHolders = false; noUnload = false; waitMsec = 0;
  lib!: LibKmod;
  constructor(readonly t: ToolCtx) {}

  /** tools/log.c log_printf: "modprobe: LEVEL: msg"; FATAL exits. */
  log(prio: number, msg: string) {
    if (prio > this.verbose) return;
    const name = ['EMERG', 'ALERT', 'FATAL', 'ERROR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'][prio];
    for (const l of msg.replace(/\n$/, '').split('\n')) this.t.out(`modprobe: ${name}: ${l}`);
    if (prio <= LOG_CRIT) throw new Exit(1);
  }
  LOG(msg: string) { this.log(this.logPriority, msg); }
  show(text: string) {
    if (!this.doShow && this.verbose <= LOG_WARNING) return;
    this.t.out(text.replace(/\n$/, ''));
  }

  // -- inserting

  private insertModule(m: KMod, options: string | null): number {
    const path = this.lib.getPath(m);
    if (!path) {
      this.log(LOG_ERR, `could not find module by name='${m.name}'\n`);
      return -ENOENT;
    }
    let image: Uint8Array;
    try {
      image = new Uint8Array(readFileSync(hostPath(this.t.files, path)));
    } catch {
      return -ENOENT;
    }
    try {
      load_module(this.t.k, image, path, options ?? '', {
        ignoreModversions: this.force || this.stripModversion,
        ignoreVermagic: this.force || this.stripVermagic,
        noUnload: this.noUnload,
      }, this.t.cpu ?? 0);
    } catch (e) {
      if (e instanceof InitKilled) throw new Killed(e.report(), e.stuck !== undefined);
      if (e instanceof KernelError) return -e.errno;
      throw e;
    }
    return 0;
  }

  private command(m: KMod, type: 'install' | 'remove', cmd: string): number {
    const status = runShellish(this.t, cmd.replace(/\$MODPROBE_MODULE/g, m.name));
    if (status !== 0) {
      this.log(LOG_ERR, `Error running ${type} command '${cmd}' for module ${m.name}: retcode ${status}\n`);
      return -EINVAL;
    }
    return 0;
  }

  private probeList(mod: KMod, ignorecmd: boolean): KMod[] {
    const list: KMod[] = [];
    const fillSoftdep = (m: KMod) => {
      const { pre, post } = this.lib.softdeps(m);
      for (const p of pre) getProbeList(p, false, false);
      list.push(m);
      m.ignorecmd = pre.length > 0 || post.length > 0;
      for (const p of post) getProbeList(p, false, false);
    };
    const getProbeList = (m: KMod, required: boolean, ignore: boolean) => {
      if (m.visited) return;
      m.visited = true;
      const deps = this.lib.dependencies(m);
      if (required) {
        m.required = true;
        for (const d of deps) d.required = true;
      }
      for (const d of deps) fillSoftdep(d);
      if (ignore) {
        list.push(m);
        m.ignorecmd = true;
      } else fillSoftdep(m);
    };
    this.lib.resetVisited();
    getProbeList(mod, true, ignorecmd);
    return list;
  }

  private inkernel(m: KMod): boolean {
    const s = this.lib.initstate(m);
    return s === 'live' || s === 'builtin';
  }

  /** kmod_module_probe_insert_module; > 0 is "blacklisted" (not an error). */
  private probeInsert(mod: KMod, extra: string | null, isAlias: boolean): number {
    if (!this.ignoreLoaded && this.inkernel(mod)) return this.firstTime ? -EEXIST : 0;
    if ((isAlias || this.useBlacklist) && this.lib.isBlacklisted(mod)) return 1;
    const list = this.probeList(mod, this.ignoreCommands);
    let err = 0;
    for (const m of list) {
      const cmd = this.lib.installCommand(m);
      if (!this.ignoreLoaded && this.inkernel(m)) {
        err = -EEXIST;
      } else {
        const moptions = this.lib.options(m);
        // libkmod hands out one object per module (its pool); here, the same name
        const x = m.name === mod.name ? extra : null;
        // module_options_concat: the modprobe.d options, a space, then the command line's.
        const options = moptions !== null || x !== null ? (moptions !== null ? `${moptions} ` : '') + (x ?? '') : null;
        if (cmd !== null && !m.ignorecmd) {
          if (this.doShow || this.verbose > LOG_WARNING) this.t.out(`install ${cmd} ${options ?? ''}`);
          if (!this.dryRun) err = this.command(m, 'install', cmd.replace(/\$CMDLINE_OPTS/g, options ?? ''));
        } else {
          if (this.doShow || this.verbose > LOG_WARNING) {
            const path = this.lib.getPath(m);
            if (path === null) {
              if (this.lib.initstate(m) === 'builtin') this.t.out(`builtin ${m.name}`);
            } else this.t.out(`insmod ${path} ${options ?? ''}`);
          }
          if (!this.dryRun) {
            err = this.lib.isBuiltin(m) && this.lib.getPath(m) === null ? 0 : this.insertModule(m, options);
          }
        }
      }
      if (err === -EEXIST && m === mod && this.firstTime) break;
      if (err === -EEXIST || !m.required) err = 0;
      else if (err < 0) break;
    }
    return err;
  }

  insmod(alias: string, extra: string | null): number {
    if (!this.lib.index('modules.dep') && !this.lookupOnly) {
      // kmodlab: a directory depmod never indexed (modprobe-dir.ts).
      const r = directoryModprobe(this.t.k, this.t.files.moddir, alias, this.t.cpu ?? 0, extra ?? '');
      if (r === -ENOENT) this.LOG(`Module ${alias} not found in directory ${MODDIR}\n`);
      return r > 0 ? -EINVAL : r;
    }
    const list = this.lib.lookup(alias);
    if (!list.length) {
      this.LOG(`Module ${alias} not found in directory ${MODDIR}\n`);
      return -ENOENT;
    }
    let err = 0;
    for (const m of list) {
      if (this.lookupOnly) {
        this.t.out(m.name);
        err = 0;
      } else err = this.probeInsert(m, extra, m.alias !== null);
      if (err >= 0) err = 0;
      else if (err === -EEXIST) this.log(LOG_ERR, `could not insert '${m.name}': Module already in kernel\n`);
      else if (err === -ENOENT) this.log(LOG_ERR, `could not insert '${m.name}': Unknown symbol in module, or unknown parameter (see dmesg)\n`);
      else this.log(LOG_ERR, `could not insert '${m.name}': ${strerror(-err)}\n`);
    }
    return err;
  }

  // -- removing

  private removeModule(m: KMod): number {
    this.show(`rmmod ${m.name}\n`);
    if (this.dryRun) return 0;
    try {
      delete_module(this.t.k, m.name, { force: this.force }, this.t.cpu ?? 0);
    } catch (e) {
      if (e instanceof InitKilled) throw new Killed(e.report(), e.stuck !== undefined);
      if (!(e instanceof KernelError)) throw e;
      const err = -e.errno;
      this.log(LOG_ERR, `could not remove '${m.name}': ${strerror(-err)}\n`);
      return err;
    }
    return 0;
  }

  private rmmodList(list: KMod[], stopOnErrors: boolean): number {
    for (const m of [...list].reverse()) {
      const r = this.rmmodModule(m, true);
      if (r < 0 && stopOnErrors) return r;
    }
    return 0;
  }

  private rmmodModule(mod: KMod, ignoreBuiltin: boolean, removeHolders = false): number {
    let pre: KMod[] = [], post: KMod[] = [];
    let cmd: string | null = null;
    if (!this.ignoreCommands) {
      ({ pre, post } = this.lib.softdeps(mod));
      cmd = this.lib.removeCommand(mod);
    }
    if (!cmd && !this.ignoreLoaded) {
      const state = this.lib.initstate(mod);
      if (typeof state === 'number') {
        if (this.firstTime) {
          this.LOG(`Module ${mod.name} is not in kernel.\n`);
          return -ENOENT;
        }
        return 0;
      }
      if (state === 'builtin') {
        if (ignoreBuiltin) return 0;
        this.LOG(`Module ${mod.name} is builtin.\n`);
        return -ENOENT;
      }
    }
    this.rmmodList(post, false);
    if (removeHolders) {
      const err = this.rmmodList(this.lib.holders(mod), true);
      if (err < 0) return err;
    }
    if (!cmd && !this.ignoreLoaded && !this.waitMsec) {
      if (this.lib.refcnt(mod) > 0) {
        this.LOG(`Module ${mod.name} is in use.\n`);
        return -EBUSY;
      }
    }
    const err = cmd ? this.removeCmd(mod, cmd) : this.removeModule(mod);
    if (err < 0) return err;
    if (!cmd) {
      for (const dep of this.lib.dependencies(mod)) {
        if (this.lib.refcnt(dep) === 0) this.removeModule(dep);
      }
    }
    this.rmmodList(pre, false);
    return 0;
  }

  private removeCmd(m: KMod, cmd: string): number {
    this.show(`remove ${cmd}\n`);
    if (this.dryRun) return 0;
    return this.command(m, 'remove', cmd.replace(/\$CMDLINE_OPTS/g, ''));
  }

  rmmod(alias: string): number {
    const list = this.lib.lookup(alias);
    if (!list.length) {
      this.LOG(`Module ${alias} not found.\n`);
      return -ENOENT;
    }
    let err = 0;
    for (const m of list) {
      err = this.rmmodModule(m, false, this.removeHolders);
      if (err < 0) break;
    }
    return err;
  }

  main(argv: string[]): number {
    let useAll = false, doRemove = false, showConfig = false;
    const { events, operands } = getoptLong('modprobe', argv, SHORTOPTS, LONGOPTS);
    for (const ev of events) {
      if ('error' in ev) {
        this.t.out(ev.error);
        return 1;
      }
      switch (ev.opt) {
        case 'a': this.logPriority = LOG_WARNING; useAll = true; break;
        case 'r': doRemove = true; break;
        case '5': this.removeHolders = true; break;
        case 'w': {
          if (!/^(0x[0-9a-f]+|\d+)$/i.test(ev.arg!)) { this.log(LOG_ERR, `unexpected wait value '${ev.arg}'.\n`); return 1; }
          this.waitMsec = Number(ev.arg);
          break;
        }
        case '3': this.firstTime = true; break;
        case 'i': this.ignoreCommands = true; break;
        case 'b': this.useBlacklist = true; break;
        case 'f': this.force = true; break;
        case '2': this.stripModversion = true; break;
        case '1': this.stripVermagic = true; break;
        case 'D': this.ignoreLoaded = true; this.dryRun = true; this.doShow = true; break;
        case 'R': this.lookupOnly = true; break;
        case 'c': showConfig = true; break;
        case 'n': this.dryRun = true; break;
        case 'q': this.verbose = 0; break;
        case 'v': this.verbose++; break;
        case 'N': this.noUnload = true; break;
        case 'C': case 'd': case 'S': case 's': break; // one machine, one directory
        case 'V': for (const l of KMOD_VERSION_TEXT.trimEnd().split('\n')) this.t.out(l); return 0;
        case 'h': this.t.out('Usage: modprobe [-r] [-n] [-a] [-q] [-f] [--show-depends|-D] [--first-time] [--remove-holders] [--no-unload] NAME [param=value ...]'); return 0;
      }
    }
    const args = operands;
    if (!showConfig && !args.length) {
      this.log(LOG_ERR, 'missing parameters. See -h.\n');
      return 1;
    }
    this.lib = new LibKmod(this.t.k, this.t.files, (p, m) => this.log(p, m));
    // kmodlab: modprobe holds /proc/modules shared while it works (seed 002 item 3).
    const lock = modulesLock(this.t.k);
    const owner = lockOwner(this.t.k, 'modprobe');
    if (!this.t.lockHeld) lock.flock(owner, LOCK_SH);
    try {
      let err: number;
      if (showConfig) err = this.showConfig();
      else if (doRemove) {
        err = 0;
        for (const a of args) { const r = this.rmmod(a); if (r < 0) err = r; }
      } else if (useAll) {
        err = 0;
        for (const a of args) { const r = this.insmod(a, null); if (r < 0) err = r; }
      } else {
        err = this.insmod(args[0], optionsFromArray(args.slice(1)));
      }
      return err >= 0 ? 0 : 1;
    } catch (e) {
      if (e instanceof Exit) return e.status;
      throw e;
    } finally {
      if (!this.t.lockHeld) lock.flock(owner, LOCK_UN);
    }
  }

  private showConfig(): number {
    const c = this.lib.cfg;
    for (const b of c.blacklists) this.t.out(`blacklist ${b}`);
    for (const i of c.install) this.t.out(`install ${i.modname} ${i.command}`);
    for (const r of c.remove) this.t.out(`remove ${r.modname} ${r.command}`);
    for (const a of c.aliases) this.t.out(`alias ${a.name} ${a.modname}`);
    for (const o of c.options) this.t.out(`options ${o.modname} ${o.options}`);
    for (const s of c.softdeps) this.t.out(`softdep ${s.name}${s.pre.length ? ` pre: ${s.pre.join(' ')}` : ''}${s.post.length ? ` post: ${s.post.join(' ')}` : ''}`);
    return 0;
  }
}

/** options_from_array: values with spaces are quoted. */
function optionsFromArray(args: string[]): string | null {
  if (!args.length) return null;
  return args.map((a) => {
    const eq = a.indexOf('=');
    if (eq < 0) return a;
    const v = a.slice(eq + 1);
    if (v[0] !== '"' && v[0] !== "'" && v.includes(' ')) return `${a.slice(0, eq + 1)}"${v}"`;
    return a;
  }).join(' ');
}

/** install/remove commands: scenario lines joined by ";", "&&" and "||" (no host shell). */
export function runShellish(t: ToolCtx, cmd: string): number {
  const parts = cmd.split(/(;|&&|\|\|)/).map((s) => s.trim());
  let status = 0;
  let op = ';';
  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i];
    const run = op === ';' || (op === '&&' && status === 0) || (op === '||' && status !== 0);
    if (run && line) {
      const words = line.split(/\s+/);
      words[0] = basename(words[0]);
      if (words[0] === 'true') status = 0;
      else if (words[0] === 'false') status = 1;
      else status = t.run(words.join(' '));
    }
    op = parts[i + 1] ?? ';';
  }
  return status;
}

/** modprobe ARGS on the machine: returns the exit status; output goes to t.out. */
export function modprobe(t: ToolCtx, argv: string[]): number {
  try {
    return new Modprobe(t).main(argv);
  } catch (e) {
    if (e instanceof Killed) {
      t.out(e.report);
      return e.stuck ? 1 : 139;
    }
    throw e;
  }
}

/**
 * What udev does with a uevent's MODALIAS (its kmod builtin "load"): look the alias up,
 * apply the blacklist, load the match and its dependencies. Quiet like udev unless asked.
 */
export function hotplug(t: ToolCtx, modalias: string): number {
  const lib = new LibKmod(t.k, t.files);
  if (!lib.lookup(modalias).length) return 0; // no driver for this device: udev says nothing
  return modprobe(t, ['-b', modalias]);
}


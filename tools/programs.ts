// The machine's programs: one table, name → implementation taking its arguments and a context.
// Whoever runs a program looks it up here: the console (scenario lines), modprobe.d's
// install/remove commands (tools/commands/kmod.ts), the user-mode helper (tools/umh.ts:
// call_usermodehelper_wait and request_module's "/sbin/modprobe -q -- NAME"), and the
// `kmodlab` command line for the programs that also work on the host (modinfo, depmod).
// A program is found by its base name ("/sbin/modprobe" is modprobe).
import { basename } from 'node:path';
import type { Kernel } from '../kernel/kernel.ts';
import { UTS_RELEASE, UTS_VERSION, UTS_MACHINE } from '../kernel/utsrelease.ts';
import { insmod, rmmod, lsmod, type ToolResult } from './kmod/tools.ts';
import { modprobe, type ToolCtx } from './kmod/modprobe.ts';
import { lookupModules, builtinModinfo } from './kmod/libkmod-module.ts';
import { runModinfo } from './kmod/modinfo.ts';
import { depmodMain } from './kmod/depmod.ts';
import { moduleFiles, hostPath, MODDIR } from './kmod/machine.ts';
import { depmodHost, modinfoHost, modinfoNames } from './kmod/host.ts';
import { userCommand, runCommand, takeCpu, UsageError } from './user/shell.ts';
import { defaultCpu } from '../kernel/sched.ts';
import { boot } from '../kernel/boot.ts';

export interface ProgramContext {
  /** The machine; absent when the command line runs a host program (`kmodlab modinfo`). */
  k?: Kernel;
  /** Prints one line of output (stdout and stderr alike) on the machine's console. */
  out(line: string): void;
  /** Raw output bytes where the caller has real streams (the command line); else lines go to out. */
  stdout?(b: Buffer): void;
  stderr?(b: Buffer): void;
  /** Resolves a path argument (relative ones against the scenario's directory). */
  path(p: string): string;
  /** Runs one command line of a modprobe.d install/remove command; its exit status. */
  run(line: string): number;
  /** The CPU the program's system calls run on (default 0). */
  cpu?: number;
  /** The caller holds /proc/modules for the program (the user-mode helper takes it first). */
  lockHeld?: boolean;
  /** The ^C a blocking wait (rmmod -w) polls. */
  interrupted?: () => boolean;
}

/** A program: its arguments (without argv[0]) and context in, its exit status out. */
export type Program = (args: string[], c: ProgramContext) => number;

export interface ProgramSpec {
  run: Program;
  /** The scenario's spelling, and one line of what it does (kmodlab help). */
  usage: string;
  help: string;
  /** Also runs without a machine, on the host's files (the command line's modinfo and depmod). */
  host?: boolean;
}

function machine(c: ProgramContext, prog: string): Kernel {
  if (!c.k) throw new Error(`${prog} needs a machine`);
  return c.k;
}

function printed(c: ProgramContext, r: ToolResult): number {
  for (const l of r.out) c.out(l);
  return r.status;
}

function printText(c: ProgramContext, s: string) {
  if (!s) return;
  for (const l of s.replace(/\n$/, '').split('\n')) c.out(l);
}

/** A path of the machine on the host. */
function machinePath(k: Kernel, c: ProgramContext, p: string): string {
  return hostPath(moduleFiles(k), c.path(p));
}

export function toolCtx(k: Kernel, c: ProgramContext): ToolCtx {
  return { k, files: moduleFiles(k), out: (l) => c.out(l), run: (line) => c.run(line), cpu: c.cpu ?? defaultCpu(k), lockHeld: c.lockHeld };
}

function modinfoProgram(args: string[], c: ProgramContext, hostStreams = false): number {
  if (!c.k) {
    // `kmodlab modinfo`: a NAME is looked up in the machine's module directory, on a machine
    // booted for the purpose (files alone: tools/kmod/host.ts)
    const streams = { stdout: (b: Buffer) => c.stdout?.(b), stderr: (b: Buffer) => c.stderr?.(b) };
    if (!modinfoNames(args).length) return modinfoHost(args, streams);
    const k = boot({ cpus: 1 });
    try {
      return modinfoProgram(args, { ...c, k }, true);
    } finally {
      k.close();
    }
  }
  const k = c.k;
  const t = toolCtx(k, c);
  const r = runModinfo(args, {
    lookup: (name) => lookupModules(k, t.files, name).filter((m) => m.builtin || m.path).map((m) => ({ name: m.name, path: m.builtin ? null : m.path })),
    builtinInfo: (name) => builtinModinfo(k, t.files, name),
    hostPath: (p) => machinePath(k, c, p),
    // libkmod's path_make_absolute(): the file as the scenario's command found it, from its folder.
    makeAbsolute: (p) => (p.startsWith('/') ? p : c.path(p)),
    perOperand: (out, err) => {
      if (hostStreams) {
        if (out.length) c.stdout?.(out);
        if (err.length) c.stderr?.(err);
        return;
      }
      printText(c, out.toString('latin1'));
      printText(c, err.toString('latin1'));
    },
  });
  return r.status;
}

function depmodProgram(args: string[], c: ProgramContext): number {
  if (!c.k) return depmodHost(args, { stdout: (b) => c.stdout?.(b), stderr: (b) => c.stderr?.(b) });
  const files = moduleFiles(c.k);
  const map = (p: string) => (p === MODDIR || p.startsWith(MODDIR + '/') ? hostPath(files, p) : c.path(p));
  let out = '';
  let err = '';
  const status = depmodMain(args, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } }, {
    uname: UTS_RELEASE, mapPath: map, configPaths: [], cwd: '/',
  });
  printText(c, out);
  printText(c, err);
  return status;
}

/** A program that runs as a task of the machine's shell process (tools/user/). */
function userProgram(name: string, argv: string[], c: ProgramContext): number {
  const k = machine(c, name);
  const args = [...argv];
  try {
    const cpu = takeCpu(args) ?? c.cpu ?? defaultCpu(k);
    if (cpu >= k.opts.cpus) {
      c.out(`${name}: cpu${cpu} does not exist (the machine has ${k.opts.cpus} CPUs)`);
      return 1;
    }
    return runCommand(k, userCommand(k, name, args), cpu, c.out);
  } catch (e) {
    if (e instanceof UsageError) {
      c.out(e.message);
      return 2;
    }
    throw e;
  }
}

/** echo without a redirection: its words on the console. */
function echoProgram(args: string[], c: ProgramContext): number {
  if (args[0] === '-n') args = args.slice(1);
  c.out(args.join(' '));
  return 0;
}

/** coreutils' uname: the machine's utsname (the kernel's release and version). */
function unameProgram(args: string[], c: ProgramContext): number {
  const fields = { s: 'Linux', n: 'kmodlab', r: UTS_RELEASE, v: UTS_VERSION, m: UTS_MACHINE, o: 'GNU/Linux' };
  const long: Record<string, string> = { '--kernel-name': 's', '--nodename': 'n', '--kernel-release': 'r', '--kernel-version': 'v', '--machine': 'm', '--operating-system': 'o', '--all': 'a' };
  const want = new Set<string>();
  for (const a of args) {
    if (a.startsWith('--')) {
      if (!long[a]) {
        c.out(`uname: unrecognized option '${a}'`);
        c.out("Try 'uname --help' for more information.");
        return 1;
      }
      want.add(long[a]);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const f of a.slice(1)) {
        if (!'snrvmoa'.includes(f)) {
          c.out(`uname: invalid option -- '${f}'`);
          c.out("Try 'uname --help' for more information.");
          return 1;
        }
        want.add(f);
      }
    } else {
      c.out(`uname: extra operand '${a}'`);
      c.out("Try 'uname --help' for more information.");
      return 1;
    }
  }
  if (want.has('a')) for (const f of 'snrvmo') want.add(f);
  if (want.size === 0) want.add('s');
  c.out([...'snrvmo'].filter((f) => want.has(f)).map((f) => fields[f as keyof typeof fields]).join(' '));
  return 0;
}

export const PROGRAMS: ReadonlyMap<string, ProgramSpec> = new Map<string, ProgramSpec>([
  ['insmod', { usage: 'insmod [-f] PATH [param=value ...]', help: 'init_module(): load a module (kmod 30\'s insmod); -f ignores vermagic and modversions (taints F)', run: (args, c) => { const k = machine(c, 'insmod'); return printed(c, insmod(k, args, (p) => machinePath(k, c, p), { cpu: c.cpu ?? defaultCpu(k) })); } }],
  ['rmmod', { usage: 'rmmod [-f] [-w] NAME ...', help: 'delete_module(): kmod\'s checks first; -f forces (taints R), -w waits until the module is unused', run: (args, c) => printed(c, rmmod(machine(c, 'rmmod'), args, { cpu: c.cpu ?? defaultCpu(machine(c, 'rmmod')), interrupted: c.interrupted, lockHeld: c.lockHeld })) }],
  ['lsmod', { usage: 'lsmod', help: 'the loaded modules, sizes, use counts and holders (kmod 30\'s table)', run: (_args, c) => printed(c, lsmod(machine(c, 'lsmod'))) }],
  ['modprobe', { usage: 'modprobe [-r] [-n] [-v] [-a] [-q] [--show-depends] [--first-time] NAME [param=value ...]', help: 'load (or -r remove) a module with its dependencies from the machine\'s module directory (boot moddir=)', run: (args, c) => modprobe(toolCtx(machine(c, 'modprobe'), c), args) }],
  ['modinfo', { usage: 'modinfo [-F field] [-0] NAME|FILE.ko', help: 'a module\'s .modinfo as kmod 30 prints it', run: modinfoProgram, host: true }],
  ['depmod', { usage: 'depmod [-aAenw] [-b BASEDIR] [-F System.map] [-E Module.symvers] [VERSION]', help: 'write modules.dep and the other indexes as kmod 30\'s depmod', run: depmodProgram, host: true }],
  ['cat', { usage: 'cat [cpu=N] PATH ...', help: 'a user task opens, reads to the end and closes each file through the VFS', run: (args, c) => userProgram('cat', args, c) }],
  ['echo', { usage: 'echo [-n] TEXT [> PATH | >> PATH]', help: 'prints TEXT, or a user task writes it to PATH (bash\'s errors)', run: (args, c) => (args.some((a) => a.startsWith('>')) ? userProgram('echo', args, c) : echoProgram(args, c)) }],
  ['uname', { usage: 'uname [-asnrvmo]', help: 'the machine\'s utsname', run: unameProgram }],
]);

/** The program argv0 names (by its base name: "/sbin/modprobe" is modprobe). */
export function findProgram(argv0: string): ProgramSpec | undefined {
  return PROGRAMS.get(basename(argv0));
}

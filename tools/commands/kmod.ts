// The module tools' scenario side: the boot options naming the machine's module files, the
// shell that runs modprobe.d's install/remove commands as scenario lines, and `hotplug` (what
// udev does with a uevent's MODALIAS). The programs themselves (insmod, rmmod, lsmod, modprobe,
// modinfo, depmod) are in tools/programs.ts.
//
// /lib/modules/<release> on the machine is a host directory chosen at boot:
//   boot moddir=PATH       (default: build/lib/modules/<release>, which `make examples`
//                          fills with every example module under extra/, the kernel's
//                          modules.builtin, and the indexes depmod writes)
//   boot modprobe.d=PATH   a directory of *.conf files (or one file) in modprobe.d syntax;
//                          may be given more than once; default: none
//   boot kernel=PATH       another kernel image (e.g. one with built-in modules)
//   boot initcall_debug=1  log each initcall of built-in code
import { existsSync, statSync } from 'node:fs';
import { defineCommand, findCommand, ScenarioError, type CommandContext } from './registry.ts';
import { defineBootOption } from './boot-options.ts';
import { lex } from '../scenario/lex.ts';
import { hotplug } from '../kmod/modprobe.ts';
import { moduleFiles } from '../kmod/machine.ts';
import { PROGRAMS, toolCtx, type ProgramContext } from '../programs.ts';

// ---- boot options ---------------------------------------------------------------------------

defineBootOption('moddir', {
  usage: 'moddir=PATH',
  parse(v, c) {
    const p = c.path(v);
    if (!existsSync(p) || !statSync(p).isDirectory()) throw new ScenarioError(`boot: moddir=${v}: no such directory`);
    c.after((k) => { moduleFiles(k).moddir = p; });
  },
});

defineBootOption('modprobe.d', {
  usage: 'modprobe.d=PATH',
  parse(v, c) {
    const p = c.path(v);
    if (!existsSync(p)) throw new ScenarioError(`boot: modprobe.d=${v}: no such file or directory`);
    c.after((k) => { moduleFiles(k).confDirs.push(p); });
  },
});

defineBootOption('kernel', {
  usage: 'kernel=PATH',
  parse(v, c) {
    const p = c.path(v);
    if (!existsSync(p) || !statSync(p).isFile()) throw new ScenarioError(`boot: kernel=${v}: no such file`);
    c.opts.image = p;
  },
});

defineBootOption('initcall_debug', {
  usage: 'initcall_debug=0|1',
  parse(v, c) {
    if (!/^[01]$/.test(v)) throw new ScenarioError(`boot: initcall_debug=${v}: expected 0 or 1`);
    c.opts.initcallDebug = v === '1';
  },
});

// ---- commands ---------------------------------------------------------------------------------

/**
 * One line of an install/remove command, run on the machine: a program of the table, else a
 * scenario command; its exit status. c is the context of the program that runs the line.
 */
export function runCommandLine(command: CommandContext, c: ProgramContext, line: string): number {
  const words = lex(line);
  if (!words.length) return 0;
  const [cmd, ...args] = words;
  const texts = args.map((w) => w.text);
  const program = PROGRAMS.get(cmd.text);
  if (program) {
    const inner: ProgramContext = { ...c, interrupted: undefined, run: (l) => runCommandLine(command, inner, l) };
    return program.run(texts, inner);
  }
  const spec = findCommand(cmd.text);
  if (!spec) {
    command.out(`sh: 1: ${cmd.text}: not found`);
    return 127;
  }
  spec.run({ ...command, args, texts });
  return 0;
}

defineCommand('hotplug', {
  usage: 'hotplug MODALIAS',
  help: "what udev does with a device's uevent: modprobe -b by its MODALIAS",
  run(c) {
    if (c.texts.length !== 1) throw new ScenarioError('usage: hotplug MODALIAS');
    const p: ProgramContext = { k: c.kernel, out: (l) => c.out(l), path: (q) => c.path(q), run: (line) => runCommandLine(c, p, line) };
    hotplug(toolCtx(c.kernel, p), c.texts[0]);
  },
});

// The module tools of the machine beyond insmod/rmmod/lsmod: depmod, modprobe and hotplug
// (what udev does with a uevent's MODALIAS), over the machine's module directory.
//
// /lib/modules/6.1.0-kmodlab on the machine is a host directory chosen at boot:
//   boot moddir=PATH       (default: build/lib/modules/6.1.0-kmodlab, which `make examples`
//                          fills with every example module under extra/, the kernel's
//                          modules.builtin, and the indexes depmod writes)
//   boot modprobe.d=PATH   a directory of *.conf files (or one file) in modprobe.d syntax;
//                          may be given more than once; default: none
//   boot kernel=PATH       another kernel image (e.g. one with built-in modules)
//   boot initcall_debug=1  log each initcall of built-in code
import { existsSync, statSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import type { Kernel } from '../../kernel/kernel.ts';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { UTS_RELEASE } from '../../kernel/utsrelease.ts';
import { defineCommand, findCommand, ScenarioError, type CommandContext } from './registry.ts';
import { defineBootOption } from './boot-options.ts';
import { lex } from '../scenario/lex.ts';
import { depmodMain } from '../kmod/depmod.ts';
import { modprobe, hotplug, hostPath, lookupModules, MODDIR, type ModuleFiles, type ToolCtx } from '../kmod/modprobe.ts';
import { runModinfo } from '../kmod/modinfo.ts';
import { insmod, rmmod, lsmod } from '../kmod/tools.ts';

export const DEFAULT_MODDIR = join(REPO_ROOT, 'build', 'lib', 'modules', UTS_RELEASE);

const machineFiles = new WeakMap<Kernel, ModuleFiles>();

/** The machine's module directory and modprobe.d. */
export function moduleFiles(k: Kernel): ModuleFiles {
  let f = machineFiles.get(k);
  if (!f) machineFiles.set(k, (f = { moddir: DEFAULT_MODDIR, confDirs: [] }));
  return f;
}

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

function toolCtx(c: CommandContext): ToolCtx {
  const files = moduleFiles(c.kernel);
  const t: ToolCtx = {
    k: c.kernel,
    files,
    out: (l) => c.out(l),
    run: (line) => runLine(c, t, line),
  };
  return t;
}

/** One line of an install/remove command, run on the machine; returns its exit status. */
function runLine(c: CommandContext, t: ToolCtx, line: string): number {
  const words = lex(line);
  if (!words.length) return 0;
  const [cmd, ...args] = words;
  const texts = args.map((w) => w.text);
  const resolve = (p: string) => hostPath(t.files, p.startsWith('/') ? p : c.path(p));
  const print = (r: { out: string[]; status: number }) => {
    for (const l of r.out) c.out(l);
    return r.status;
  };
  switch (cmd.text) {
    case 'modprobe': return modprobe(t, texts);
    case 'insmod': return print(insmod(c.kernel, texts, resolve));
    case 'rmmod': return print(rmmod(c.kernel, texts));
    case 'lsmod': return print(lsmod(c.kernel));
    case 'echo': c.out(texts.join(' ')); return 0;
  }
  const spec = findCommand(cmd.text);
  if (!spec) {
    c.out(`sh: 1: ${cmd.text}: not found`);
    return 127;
  }
  spec.run({ ...c, args, texts });
  return 0;
}

function printText(c: CommandContext, s: string) {
  if (!s) return;
  for (const l of s.replace(/\n$/, '').split('\n')) c.out(l);
}

defineCommand('depmod', {
  usage: 'depmod [-aAenvw] [-F System.map] [-E Module.symvers] [VERSION]',
  help: "writes modules.dep and the indexes of the machine's /lib/modules/<release>",
  run(c) {
    const files = moduleFiles(c.kernel);
    const map = (p: string) => (p === MODDIR || p.startsWith(MODDIR + '/') ? hostPath(files, p) : c.path(p));
    let out = '';
    let err = '';
    depmodMain(c.texts, { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } }, {
      uname: UTS_RELEASE, mapPath: map, configPaths: [], cwd: '/',
    });
    printText(c, out);
    printText(c, err);
  },
});

defineCommand('modprobe', {
  usage: 'modprobe [-r] [-n] [-a] [-q] [-f] [-v] [--show-depends|-D] [--first-time] [--remove-holders] [--no-unload] NAME [param=value ...]',
  help: "loads a module and its dependencies from the machine's /lib/modules, like kmod's modprobe",
  run(c) {
    modprobe(toolCtx(c), c.texts);
  },
});

defineCommand('hotplug', {
  usage: 'hotplug MODALIAS',
  help: "what udev does with a device's uevent: modprobe -b by its MODALIAS",
  run(c) {
    if (c.texts.length !== 1) throw new ScenarioError('usage: hotplug MODALIAS');
    hotplug(toolCtx(c), c.texts[0]);
  },
});

/** .modinfo of a built-in module: its "mod.key=value" entries in modules.builtin.modinfo. */
function builtinModinfo(k: Kernel, files: ModuleFiles, name: string): [string, string][] {
  let data = '';
  for (const f of [join(files.moddir, 'modules.builtin.modinfo'), join(dirname(k.opts.image), 'modules.builtin.modinfo')]) {
    try { data = readFileSync(f, 'latin1'); break; } catch { /* next */ }
  }
  const out: [string, string][] = [];
  for (const e of data.split('\0')) {
    if (!e.startsWith(`${name}.`)) continue;
    const kv = e.slice(name.length + 1);
    const eq = kv.indexOf('=');
    if (eq > 0) out.push([kv.slice(0, eq), kv.slice(eq + 1)]);
  }
  return out;
}

/** kmod's modinfo_do for a built-in module: name, filename (builtin), entries, merged parm lines. */
function printBuiltin(c: CommandContext, name: string, info: [string, string][], field: string | null) {
  if (field === 'filename') return c.out('(builtin)');
  if (field === 'name') return c.out(name);
  const params: { name: string; param: string | null; type: string | null }[] = [];
  if (field === null) {
    c.out(`${'name:'.padEnd(16)}${name}`);
    c.out(`${'filename:'.padEnd(16)}(builtin)`);
  }
  for (const [key, value] of info) {
    if (field !== null) {
      if (key === field) c.out(value);
      continue;
    }
    if (key === 'parm' || key === 'parmtype') {
      const colon = value.indexOf(':');
      if (colon < 0) continue;
      const pn = value.slice(0, colon);
      let it = params.find((p) => p.name === pn);
      if (!it) params.unshift((it = { name: pn, param: null, type: null }));
      if (key === 'parm') it.param = value.slice(colon + 1);
      else it.type = value.slice(colon + 1);
      continue;
    }
    c.out(`${key}:${' '.repeat(Math.abs(15 - key.length))}${value}`);
  }
  if (field !== null) return;
  for (const p of params) {
    if (p.param === null) c.out(`${'parm:'.padEnd(16)}${p.name}:${p.type}`);
    else if (p.type !== null) c.out(`${'parm:'.padEnd(16)}${p.name}:${p.param} (${p.type})`);
    else c.out(`${'parm:'.padEnd(16)}${p.name}:${p.param}`);
  }
}

defineCommand('modinfo', {
  usage: 'modinfo [-F field] NAME|FILE.ko',
  help: "a module's information as kmod's modinfo prints it; names are looked up in the machine's /lib/modules (built-in ones too)",
  run(c) {
    let field: string | null = null;
    const names: string[] = [];
    for (let i = 0; i < c.texts.length; i++) {
      const a = c.texts[i];
      if (a === '-F' || a === '--field') field = c.texts[++i] ?? null;
      else if (a.startsWith('-F')) field = a.slice(2);
      else if (a.startsWith('--field=')) field = a.slice(8);
      else names.push(a);
    }
    if (!names.length) throw new ScenarioError('usage: modinfo [-F field] NAME|FILE.ko');
    const t = toolCtx(c);
    for (const n of names) {
      const print = (path: string, shown: string) => {
        const r = runModinfo([...(field !== null ? ['-F', field] : []), path]);
        printText(c, r.stdout.toString('latin1').split(path).join(shown));
        printText(c, r.stderr.toString('latin1'));
      };
      if (/\.ko(\.(xz|zst))?$/.test(n)) { print(hostPath(t.files, n.startsWith('/') ? n : c.path(n)), n); continue; }
      const found = lookupModules(t, n);
      if (!found.length) { c.out(`modinfo: ERROR: Module ${n} not found.`); continue; }
      for (const m of found) {
        if (m.builtin) printBuiltin(c, m.name, builtinModinfo(c.kernel, t.files, m.name), field);
        else if (m.path) print(hostPath(t.files, m.path), m.path);
      }
    }
  },
});

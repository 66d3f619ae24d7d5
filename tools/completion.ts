// Tab completion for `kmodlab shell`: the first word from the command and program registries, then by
// command: `help` takes a command, `boot` its options, `rmmod` a loaded module, `modprobe` a
// module of the machine's module directory; a word starting with '/' is a path of the machine
// (/dev, /proc, /sys ...) once it has booted, any other word a host path (insmod's .ko files,
// scenario files) from the current directory.
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, basename, isAbsolute } from 'node:path';
import './commands/index.ts';
import { listCommands } from './commands/registry.ts';
import { PROGRAMS } from './programs.ts';
import { bootOptionKeys, builtinCommandNames } from './help.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { readdir as guestReaddir } from '../kernel/fs/namei.ts';
import { moduleFiles } from './kmod/machine.ts';

const SHELL_WORDS = ['help', 'exit', 'quit'];

export interface CompletionContext { kernel: Kernel | null; cwd: string }

/** readline's completer: [candidates, the word they complete]. */
export function complete(line: string, ctx: CompletionContext): [string[], string] {
  const words = line.split(/\s+/);
  const word = words[words.length - 1];
  const first = words.length === 1;
  const cmd = words[0];
  let all: string[];
  const commands = [...builtinCommandNames(), ...listCommands().map(([name]) => name), ...PROGRAMS.keys()];
  if (first) all = [...commands, ...SHELL_WORDS];
  else if (cmd === 'help') all = commands;
  else if (cmd === 'boot') all = bootOptionKeys();
  else if (cmd === 'rmmod') all = ctx.kernel ? ctx.kernel.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name) : [];
  else if (cmd === 'modprobe' && !word.includes('/')) all = moddirModules(ctx.kernel);
  else if (word.startsWith('/') && ctx.kernel) all = guestPaths(ctx.kernel, word);
  else all = hostPaths(ctx.cwd, word);
  const hits = [...new Set(all.filter((c) => c.startsWith(word)))].sort();
  return [hits, word];
}

function moddirModules(k: Kernel | null): string[] {
  if (!k) return [];
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    if (depth > 8) return;
    let names: string[];
    try { names = readdirSync(dir); } catch { return; }
    for (const n of names) {
      const p = join(dir, n);
      if (n.endsWith('.ko')) out.push(n.slice(0, -3));
      else if (!n.includes('.')) { try { if (statSync(p).isDirectory()) walk(p, depth + 1); } catch { /* gone */ } }
    }
  };
  walk(moduleFiles(k).moddir, 0);
  return out;
}

function guestPaths(k: Kernel, word: string): string[] {
  const dir = word.endsWith('/') ? word : dirname(word);
  const names = guestReaddir(k, dir) ?? [];
  const base = dir.endsWith('/') ? dir : dir + '/';
  return names.map((n) => {
    const p = base + n;
    return guestReaddir(k, p) !== null ? p + '/' : p;
  });
}

function hostPaths(cwd: string, word: string): string[] {
  const dirPart = word.endsWith('/') ? word : dirname(word) === '.' && !word.startsWith('./') ? '' : dirname(word) + '/';
  const dir = isAbsolute(dirPart) ? dirPart : join(cwd, dirPart);
  if (!existsSync(dir)) return [];
  let names: string[];
  try { names = readdirSync(dir); } catch { return []; }
  const prefix = basename(word);
  return names.filter((n) => !n.startsWith('.') || prefix.startsWith('.')).map((n) => {
    let isDir = false;
    try { isDir = statSync(join(dir, n)).isDirectory(); } catch { /* dangling */ }
    return dirPart + n + (isDir ? '/' : '');
  });
}

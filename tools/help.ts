// Help for the scenario language, made from the registries the console dispatches through --
// the machine's programs (tools/programs.ts), the scenario commands (tools/commands/) and the
// boot options -- so that what `kmodlab help` and the shell's `help` list is what runs.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import './commands/index.ts';
import { listCommands } from './commands/registry.ts';
import { listBootOptions } from './commands/boot-options.ts';
import { PROGRAMS } from './programs.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';

/** `boot`'s own options (tools/console.ts), then those other files register. */
const BOOT_OPTIONS = [
  'cpus=N', 'mem=SIZE', 'seed=N', 'symvers=PATH', 'placement=auto|vmalloc|kmalloc', 'unload=0|1', 'kallsyms=0|1', 'tlb=0|1',
  'sig=0|1', 'sig_enforce=0|1 (or module.sig_enforce=)', 'trusted_keys=PATH', 'refcount=percpu|atomic|none', 'preempt=none|full',
  'sync=classic|tasks', 'quarantine=SIZE', 'atomics=lse|llsc|mixed', 'slice=N', 'tick=N', 'module_blacklist=a,b',
];

/** Commands the console itself handles (tools/console.ts). */
const BUILTIN: [string, string, string][] = [
  ['boot', '', 'the machine to boot; the first line (a scenario without one boots the defaults: 4 CPUs, 256 MiB)'],
  ['ls', 'ls DIR', '/dev, /proc, /sys (module, class, kernel, kernel/debug) and the module directories'],
  ['dmesg', 'dmesg [-c|-C]', 'the kernel log; -c prints and clears, -C clears'],
];

/** What `boot` takes, as `key=` (for the shell's completion). */
export function bootOptionKeys(): string[] {
  return [...BOOT_OPTIONS.map((o) => o.slice(0, o.indexOf('=') + 1)), ...listBootOptions().map(([name]) => `${name}=`)];
}

/** The console's own commands (boot, ls, dmesg). */
export function builtinCommandNames(): string[] {
  return BUILTIN.map(([name]) => name);
}

function bootUsage(width = 100): string[] {
  const opts = [...BOOT_OPTIONS, ...listBootOptions().map(([, s]) => s.usage)].map((o) => `[${o}]`);
  const lines: string[] = [];
  let line = 'boot';
  for (const o of opts) {
    if (line.length + 1 + o.length > width) {
      lines.push(line);
      line = '    ';
    }
    line += ` ${o}`;
  }
  lines.push(line);
  return lines;
}

interface Entry { name: string; usage: string[]; help: string }

function entries(): Entry[] {
  const all: Entry[] = [];
  for (const [name, usage, help] of BUILTIN) all.push({ name, usage: name === 'boot' ? bootUsage(96) : [usage], help });
  for (const [name, p] of PROGRAMS) all.push({ name, usage: [p.usage], help: p.help });
  for (const [name, c] of listCommands()) all.push({ name, usage: c.usage.split(' | '), help: c.help });
  return all.sort((a, b) => (a.name === 'boot' ? -1 : b.name === 'boot' ? 1 : a.name < b.name ? -1 : 1));
}

/** The scenario language: every command, its syntax and what it does. */
export function scenarioHelp(): string {
  let s = 'Scenario commands (one per line, # comments, shell quoting; kmodlab help COMMAND for one):\n';
  for (const e of entries()) {
    for (const u of e.usage) s += `  ${u}\n`;
    s += `      ${e.help}\n`;
  }
  return s;
}

/** One command's help, or null if there is no such command. */
export function commandHelp(name: string): string | null {
  const e = entries().find((x) => x.name === name);
  if (!e) return null;
  return `${e.usage.map((u) => `usage: ${u}`).join('\n')}\n${e.help}\n`;
}

/** Names help knows, for "did you mean". */
export function commandNames(): string[] {
  return entries().map((e) => e.name);
}

/** The example scenarios with the first sentence of their opening comment. */
export function exampleScenarios(): { file: string; purpose: string }[] {
  const dir = join(REPO_ROOT, 'modules', 'examples');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.kml')).sort().map((f) => {
    const comment: string[] = [];
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!l.startsWith('#')) break;
      comment.push(l.replace(/^#\s?/, ''));
    }
    const text = comment.join(' ').replace(/\s+/g, ' ').trim();
    let purpose = /^(.*?\.)(\s|$)/.exec(text)?.[1] ?? text;
    if (purpose.length > 110) purpose = purpose.slice(0, purpose.lastIndexOf(' ', 108)) + ' …';
    return { file: join('modules', 'examples', f), purpose: purpose || '(no description)' };
  });
}

// modprobe.d as libkmod reads it (libkmod-config.c): alias, blacklist, options, install,
// remove and softdep lines of every *.conf, sorted by file name, the first file of a name
// winning; bad lines reported the way kmod does.
import { readFileSync, statSync, readdirSync } from 'node:fs';
import { join, basename } from 'node:path';
import { aliasNormalize } from './libkmod-util.ts';
import type { ModuleFiles } from './machine.ts';

export interface Config {
  aliases: { name: string; modname: string }[];
  blacklists: string[];
  options: { modname: string; options: string }[];
  install: { modname: string; command: string }[];
  remove: { modname: string; command: string }[];
  softdeps: { name: string; pre: string[]; post: string[] }[];
}

/** underscores(): '-' to '_' outside brackets; null on unmatched brackets. */
function underscores(s: string | undefined): string | null {
  if (s === undefined) return null;
  return aliasNormalize(s);
}

export function loadConfig(files: ModuleFiles, log: (prio: number, msg: string) => void): Config {
  const cfg: Config = { aliases: [], blacklists: [], options: [], install: [], remove: [], softdeps: [] };
  // conf_files_list: *.conf of every directory, sorted by name, the first of a name wins.
  const byName = new Map<string, string>();
  for (const d of files.confDirs) {
    let st;
    try { st = statSync(d); } catch { continue; }
    if (st.isDirectory()) {
      for (const f of readdirSync(d)) {
        if (f.startsWith('.') || !f.endsWith('.conf')) continue;
        if (!byName.has(f)) byName.set(f, join(d, f));
      }
    } else if (!byName.has(basename(d))) byName.set(basename(d), d);
  }
  for (const name of [...byName.keys()].sort()) {
    const file = byName.get(name)!;
    let text: string;
    try { text = readFileSync(file, 'latin1'); } catch { continue; }
    const shown = `/etc/modprobe.d/${name}`;
    // freadline_wrapped: a trailing backslash joins the next line.
    const raw = text.split('\n');
    let linenum = 0;
    for (let i = 0; i < raw.length; i++) {
      let line = raw[i];
      linenum++;
      while (line.endsWith('\\') && i + 1 < raw.length) { line = line.slice(0, -1) + raw[++i]; linenum++; }
      if (!line || line[0] === '#') continue;
      const m = /^[\t ]*(\S+)[\t ]*(.*)$/.exec(line);
      if (!m) continue;
      const cmd = m[1];
      const restWords = m[2].split(/[\t ]+/).filter(Boolean);
      const first = restWords[0];
      const afterFirst = m[2].replace(/^\S+[\t ]?/, '');
      const bad = () => log(3, `${shown} line ${linenum}: ignoring bad line starting with '${cmd}'\n`);
      switch (cmd) {
        case 'alias': {
          const a = underscores(first), mn = underscores(restWords[1]);
          if (a === null || mn === null) { bad(); break; }
          cfg.aliases.push({ name: a, modname: mn });
          break;
        }
        case 'blacklist': {
          const mn = underscores(first);
          if (mn === null) { bad(); break; }
          cfg.blacklists.push(mn);
          break;
        }
        case 'options': case 'install': case 'remove': case 'softdep': {
          const mn = underscores(first);
          if (mn === null || !afterFirst) { bad(); break; }
          if (cmd === 'options') cfg.options.push({ modname: mn, options: afterFirst });
          else if (cmd === 'install') cfg.install.push({ modname: mn, command: afterFirst });
          else if (cmd === 'remove') cfg.remove.push({ modname: mn, command: afterFirst });
          else {
            const sd = { name: mn, pre: [] as string[], post: [] as string[] };
            let mode: 'pre' | 'post' | null = null;
            for (const w of afterFirst.split(/[\t ]+/).filter(Boolean)) {
              if (w === 'pre:') mode = 'pre';
              else if (w === 'post:') mode = 'post';
              else if (mode) sd[mode].push(w);
            }
            cfg.softdeps.push(sd);
          }
          break;
        }
        case 'include': case 'config':
          log(3, `${shown}: command ${cmd} is deprecated and not parsed anymore\n`);
          break;
        default:
          bad();
      }
    }
  }
  return cfg;
}

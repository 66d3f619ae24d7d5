// Module names as libkmod makes them (libkmod-util.c): the one rule for
// turning a path or a name into a module name, alias normalisation, and what counts as a
// module file name.

/** The file name endings of modules (kmod 30 with xz and zstd). */
export const KMOD_EXTS = ['.ko', '.ko.xz', '.ko.zst'];

/** modname_normalize: a module name up to its first '.', '-' becomes '_'. */
export function modnameNormalize(name: string): string {
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  if (!head.includes('\0')) return head.replaceAll('-', '_');
  let s = '';
  for (const c of name) {
    if (c === '.' || c === '\0') break;
    s += c === '-' ? '_' : c;
  }
  return s;
}

/**
 * path_to_modname: modname_normalize of the basename (so .ko, .ko.xz, .ko.zst and .ko.gz go).
 * What insmod, rmmod, modprobe, modinfo and depmod call the module in a file.
 */
export function pathToModname(path: string): string {
  return modnameNormalize(path.slice(path.lastIndexOf('/') + 1));
}

/** path_ends_with_kmod_ext */
export function pathEndsWithKmodExt(name: string): boolean {
  return KMOD_EXTS.some((e) => name.length > e.length && name.endsWith(e));
}

const ALIAS_SPECIAL = /[-[\]\0]/;

/** alias_normalize: '-' becomes '_' outside brackets; unmatched brackets are an error (null). */
export function aliasNormalize(alias: string): string | null {
  if (!ALIAS_SPECIAL.test(alias)) return alias; // most aliases: nothing to change
  let out = '';
  for (let i = 0; i < alias.length; i++) {
    const c = alias[i];
    if (c === '\0') break;
    if (c === ']') return null;
    if (c === '[') {
      const e = alias.indexOf(']', i);
      if (e < 0) return null;
      out += alias.slice(i, e + 1);
      i = e;
      continue;
    }
    out += c === '-' ? '_' : c;
  }
  return out;
}

// modinfo as kmod 30 prints it (Debian bookworm's kmod 30+20221128: tools/modinfo.c over libkmod's
// kmod_module_get_info, libkmod-elf.c, libkmod-file.c and libkmod-signature.c built with libcrypto).
//
// Everything is handled as bytes (a "binary" string holds one byte per char) so that values, padding
// (printf's "%-16s" and "%s:%-*s" with a width of 15 - strlen(key), negative for long keys) and the
// signature's hex come out exactly as kmod writes them. What kmod does, step by step:
//  - options: GNU getopt_long ("adlpn0mF:k:b:Vh" and the long names), arguments permuted after options;
//  - an argument that is a regular file ending in .ko, .ko.xz or .ko.zst is a module file, anything else
//    a name or alias looked up in /lib/modules/<version>: kmodlab has no such directory yet, so it is
//    "not found" as kmod says it (invalid alias patterns get "Module alias X not found.");
//  - "filename:" is the path made absolute the way libkmod does (cwd from $PWD when it names the current
//    directory, then "/" and the argument, unnormalised);
//  - the file is opened like kmod_file_open (fewer than 6 bytes: EINVAL; xz / zstd magic: decompressed,
//    through the xz and zstd programs here), read with libkmod's permissive ELF reader (32/64-bit, either
//    byte order, any machine, its EINVAL/ENOEXEC/ENOENT cases and, where libkmod asserts, the assertion
//    message and an abort: status 134, stdout cut to what a pipe would have received);
//  - .modinfo strings, then the signature fields from the appended trailer (PKCS#7 decoded with a small
//    BER reader following OpenSSL's d2i_PKCS7 closely enough for signatures Linux's sign-file makes and
//    for the malformed ones we tried), then the merged parm/parmtype lines, last first seen first.
//    Why not pkijs/asn1js from npm: they read all of Debian's signatures right, but on 300 seeded
//    corruptions of crc7.ko's PKCS#7 blob they disagreed with kmod 30's modinfo (signer shown or
//    not, and its value) in 23 cases; this reader agrees in all of them (test/modinfo.test.ts).
import { statSync } from 'node:fs';
import { strerror as kstrerror, ENOENT, EINVAL } from '../../kernel/errno.ts';
import { pathToModname, pathEndsWithKmodExt, aliasNormalize } from './libkmod-util.ts';
import { KMOD_VERSION_TEXT } from './libkmod.ts';
import { kmodFileRead, KmodElf, ElfAssertion } from './libkmod-elf.ts';
import { signatureInfo } from './libkmod-signature.ts';
import { getoptLong, type LongOpt } from './getopt.ts';

const PROG = 'modinfo';

export interface ModinfoResult {
  /** Bytes kmod's modinfo writes to stdout (as a pipe receives them). */
  stdout: Buffer;
  /** Bytes written to stderr. */
  stderr: Buffer;
  /** Exit status (134 where kmod aborts on a failed assertion). */
  status: number;
}

/** `kmodlab modinfo ...`: prints like kmod 30's modinfo and returns the exit status. */
export function modinfoMain(args: string[], out: (s: string) => void, err: (s: string) => void): number {
  const r = runModinfo(args, { stderr: (b) => err(b.toString('utf8')) });
  if (r.stdout.length) out(r.stdout.toString('utf8'));
  return r.status;
}

export interface ModinfoOptions {
  /** Receives stderr as it is written (it is unbuffered in kmod too); also collected in the result. */
  stderr?: (b: Buffer) => void;
  /**
   * The module directory for names and aliases (kmod_module_new_from_lookup): the modules a
   * name stands for, path null for a built-in one. Without it there is no /lib/modules.
   */
  lookup?: (name: string) => { name: string; path: string | null }[];
  /** A built-in module's .modinfo (its entries in modules.builtin.modinfo). */
  builtinInfo?: (name: string) => [string, string][];
  /** Where a path (as given or found) is on the host; default: the path itself. */
  hostPath?: (p: string) => string;
  /** The "filename:" of a FILE argument; default: made absolute the way libkmod does. */
  makeAbsolute?: (p: string) => string;
  /** Takes the output of each operand once it is done (stdout, stderr), instead of collecting it. */
  perOperand?: (stdout: Buffer, stderr: Buffer) => void;
}

/** Runs modinfo with `args` (without the program name) and returns its output bytes and status. */
export function runModinfo(args: string[], opts: ModinfoOptions = {}): ModinfoResult {
  const io = new Io(opts.stderr);
  let status: number;
  try {
    status = doModinfo(args.map((a) => Buffer.from(a, 'utf8').toString('latin1')), io, opts);
  } catch (e) {
    // libkmod asserts (assert() is compiled in Debian's kmod): the process aborts.
    if (!(e instanceof ElfAssertion)) throw e;
    io.err(`${PROG}: ../libkmod/libkmod-elf.c:${e.line}: ${e.func}: Assertion \`${e.expr}' failed.\n`);
    io.abort();
    status = 134;
  }
  return { stdout: io.stdoutBytes(), stderr: Buffer.concat(io.errChunks), status };
}

// --- output -------------------------------------------------------------------------------------------------

/** glibc's full buffering of a pipe: what an abort() leaves of stdout. */
const PIPE_BUF_SIZE = 4096;

class Io {
  private outChunks: Buffer[] = [];
  private outLen = 0;
  private cut = -1;
  readonly errChunks: Buffer[] = [];
  constructor(private readonly onErr?: (b: Buffer) => void) {}
  out(s: string): void {
    const b = Buffer.from(s, 'latin1');
    this.outChunks.push(b);
    this.outLen += b.length;
  }
  err(s: string): void {
    const b = Buffer.from(s, 'latin1');
    this.errChunks.push(b);
    this.onErr?.(b);
  }
  /** abort(): the buffer is not flushed; only whole blocks written out earlier reached the pipe. */
  /** What was written since the last take (stdout, stderr). */
  take(): [Buffer, Buffer] {
    const r: [Buffer, Buffer] = [Buffer.concat(this.outChunks), Buffer.concat(this.errChunks)];
    this.outChunks = [];
    this.outLen = 0;
    this.errChunks.length = 0;
    return r;
  }
  abort(): void {
    this.cut = this.outLen > 0 ? Math.floor((this.outLen - 1) / PIPE_BUF_SIZE) * PIPE_BUF_SIZE : 0;
  }
  stdoutBytes(): Buffer {
    const all = Buffer.concat(this.outChunks);
    return this.cut >= 0 ? all.subarray(0, this.cut) : all;
  }
}

const ERR = (io: Io, msg: string) => io.err(`${PROG}: ERROR: ${msg}`);

function strerror(errno: number): string {
  return kstrerror(errno);
}

// --- options (GNU getopt_long, getopt.ts) ---------------------------------------------------------------------

const SHORTOPTS = 'adlpn0mF:k:b:Vh';
const LONGOPTS: LongOpt[] = [
  { name: 'author', arg: false, val: 'a' },
  { name: 'description', arg: false, val: 'd' },
  { name: 'license', arg: false, val: 'l' },
  { name: 'parameters', arg: false, val: 'p' },
  { name: 'filename', arg: false, val: 'n' },
  { name: 'null', arg: false, val: '0' },
  { name: 'modname', arg: false, val: 'm' },
  { name: 'field', arg: true, val: 'F' },
  { name: 'set-version', arg: true, val: 'k' },
  { name: 'basedir', arg: true, val: 'b' },
  { name: 'version', arg: false, val: 'V' },
  { name: 'help', arg: false, val: 'h' },
];

const HELP =
  'Usage:\n' +
  `\t${PROG} [options] <modulename|filename> [args]\n` +
  'Options:\n' +
  "\t-a, --author                Print only 'author'\n" +
  "\t-d, --description           Print only 'description'\n" +
  "\t-l, --license               Print only 'license'\n" +
  "\t-p, --parameters            Print only 'parm'\n" +
  "\t-n, --filename              Print only 'filename'\n" +
  '\t-0, --null                  Use \\0 instead of \\n\n' +
  '\t-m, --modname               Handle argument as module name instead of alias or filename\n' +
  '\t-F, --field=FIELD           Print only provided FIELD\n' +
  '\t-k, --set-version=VERSION   Use VERSION instead of `uname -r`\n' +
  '\t-b, --basedir=DIR           Use DIR as filesystem root for /lib/modules\n' +
  '\t-V, --version               Show version\n' +
  '\t-h, --help                  Show this help\n';

interface Ctx {
  io: Io;
  env: ModinfoOptions;
  field: string | null;
  sep: string;
}

function doModinfo(argv: string[], io: Io, env: ModinfoOptions): number {
  const ctx: Ctx = { io, env, field: null, sep: '\n' };
  let argIsModname = false;
  const { events, operands } = getoptLong(PROG, argv, SHORTOPTS, LONGOPTS);
  for (const ev of events) {
    if ('error' in ev) {
      io.err(`${ev.error}\n`);
      return 1;
    }
    switch (ev.opt) {
      case 'a': ctx.field = 'author'; break;
      case 'd': ctx.field = 'description'; break;
      case 'l': ctx.field = 'license'; break;
      case 'p': ctx.field = 'parm'; break;
      case 'n': ctx.field = 'filename'; break;
      case '0': ctx.sep = '\0'; break;
      case 'm': argIsModname = true; break;
      case 'F': ctx.field = ev.arg!; break;
      case 'k': case 'b': break; // they only choose /lib/modules/<version> for names: see below
      case 'h': io.out(HELP); return 0;
      case 'V': io.out(KMOD_VERSION_TEXT); return 0;
      default: return 1;
    }
  }
  if (operands.length === 0) {
    ERR(io, 'missing module or filename.\n');
    return 1;
  }
  let err = 0;
  for (const name of operands) {
    let r: number;
    if (argIsModname) {
      // kmod_module_new_from_name_lookup: there is no modules directory (modules.dep, modules.builtin).
      ERR(io, `Module name ${name} not found.\n`);
      r = -ENOENT;
    } else if (isModuleFilename(ctx, name)) r = modinfoPathDo(ctx, name);
    else r = modinfoAliasDo(ctx, name);
    if (r < 0) err = r;
    if (env.perOperand) env.perOperand(...io.take());
  }
  return err >= 0 ? 0 : 1;
}

// --- names and paths -----------------------------------------------------------------------------------------

/** The host path of a path of bytes. */
function fsPath(ctx: Ctx, p: string): string {
  const path = Buffer.from(p, 'latin1').toString('utf8');
  return ctx.env.hostPath ? ctx.env.hostPath(path) : path;
}

function isModuleFilename(ctx: Ctx, name: string): boolean {
  try {
    if (!statSync(fsPath(ctx, name)).isFile()) return false;
  } catch {
    return false;
  }
  return pathEndsWithKmodExt(name);
}

function modinfoAliasDo(ctx: Ctx, alias: string): number {
  // kmod_module_new_from_lookup: without env.lookup there are no configuration aliases and no
  // modules.dep / modules.alias / modules.symbols / modules.builtin (no modules directory).
  if (aliasNormalize(alias) === null) {
    ERR(ctx.io, `Module alias ${alias} not found.\n`);
    return -EINVAL;
  }
  const bytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
  const list = ctx.env.lookup?.(Buffer.from(alias, 'latin1').toString('utf8')) ?? [];
  if (!list.length) {
    ERR(ctx.io, `Module ${alias} not found.\n`);
    return -ENOENT;
  }
  let err = 0;
  for (const m of list) {
    const r = modinfoDo(ctx, { name: bytes(m.name), path: m.path === null ? null : bytes(m.path) });
    if (r < 0) err = r;
  }
  return err;
}

/** glibc get_current_dir_name(): $PWD if it is the current directory, else getcwd(). */
function currentDirName(): string {
  const pwd = process.env.PWD;
  if (pwd !== undefined) {
    try {
      const dot = statSync('.', { bigint: true });
      const p = statSync(pwd, { bigint: true });
      if (p.dev === dot.dev && p.ino === dot.ino) return Buffer.from(pwd, 'utf8').toString('latin1');
    } catch {
      /* fall through */
    }
  }
  return Buffer.from(process.cwd(), 'utf8').toString('latin1');
}

/** path_make_absolute_cwd(). */
function makeAbsolute(p: string): string {
  return p.startsWith('/') ? p : `${currentDirName()}/${p}`;
}

interface Module {
  name: string;
  /** null: a built-in module */
  path: string | null;
}

function modinfoPathDo(ctx: Ctx, path: string): number {
  // kmod_module_new_from_path
  const abspath = ctx.env.makeAbsolute ? ctx.env.makeAbsolute(path) : makeAbsolute(path);
  try {
    statSync(fsPath(ctx, abspath));
  } catch {
    ERR(ctx.io, `Module file ${path} not found.\n`);
    return -ENOENT;
  }
  return modinfoDo(ctx, { name: pathToModname(path), path: abspath });
}

// --- modinfo_do ---------------------------------------------------------------------------------------------

interface Param {
  name: string;
  param: string | null;
  type: string | null;
}

/** process_parm(): params is kept newest-first, as kmod's list is (new names are pushed at the head). */
function processParm(io: Io, key: string, value: string, params: Param[]): void {
  const colon = value.indexOf(':');
  if (colon < 0) {
    ERR(io, `Found invalid "${key}=${value}": missing ':'\n`);
    return;
  }
  const name = value.slice(0, colon);
  let it = params.find((p) => p.name === name);
  if (!it) {
    it = { name, param: null, type: null };
    params.unshift(it);
  }
  if (key === 'parm') it.param = value.slice(colon + 1);
  else it.type = value.slice(colon + 1);
}

function modinfoDo(ctx: Ctx, mod: Module): number {
  const { io, field, sep } = ctx;
  if (mod.path === null) {
    if (field === null) io.out(`${'name:'.padEnd(16)}${mod.name}${sep}`);
    else if (field === 'name') io.out(`${mod.name}${sep}`);
  }
  const filename = mod.path ?? '(builtin)';
  if (field === 'filename') {
    io.out(`${filename}${sep}`);
    return 0;
  } else if (field === null) {
    io.out(`${'filename:'.padEnd(16)}${filename}${sep}`);
  }

  const info = getInfo(ctx, mod);
  if (typeof info === 'number') {
    ERR(io, `could not get modinfo from '${mod.name}': ${strerror(-info)}\n`);
    return info;
  }

  const params: Param[] = [];
  if (field === 'parm') {
    for (const [key, value] of info) if (key === 'parm' || key === 'parmtype') processParm(io, key, value, params);
    for (const p of params) {
      if (p.param === null) io.out(`${p.name}: (${p.type})${sep}`);
      else if (p.type !== null) io.out(`${p.name}:${p.param} (${p.type})${sep}`);
      else io.out(`${p.name}:${p.param}${sep}`);
    }
    return 0;
  }

  for (const [key, value] of info) {
    if (field !== null) {
      if (field !== key) continue;
      io.out(`${value}${sep}`);
      continue;
    }
    if (key === 'parm' || key === 'parmtype') {
      processParm(io, key, value, params);
      continue;
    }
    if (sep === '\0') {
      io.out(`${key}=${value}${sep}`);
      continue;
    }
    // printf("%s:%-*s%s%c", key, 15 - keylen, "", ...): a negative width is a '-' flag and its absolute value.
    io.out(`${key}:${' '.repeat(Math.abs(15 - key.length))}${value}${sep}`);
  }
  if (field !== null) return 0;

  for (const p of params) {
    if (p.param === null) io.out(`${'parm:'.padEnd(16)}${p.name}:${p.type}${sep}`);
    else if (p.type !== null) io.out(`${'parm:'.padEnd(16)}${p.name}:${p.param} (${p.type})${sep}`);
    else io.out(`${'parm:'.padEnd(16)}${p.name}:${p.param}${sep}`);
  }
  return 0;
}

/** kmod_module_get_info(): [key, value] pairs, or a negative errno. */
function getInfo(ctx: Ctx, mod: Module): [string, string][] | number {
  if (mod.path === null) return ctx.env.builtinInfo?.(mod.name) ?? [];
  const file = kmodFileRead(fsPath(ctx, mod.path));
  if (typeof file === 'number') return file;
  const elf = KmodElf.open(file);
  if (typeof elf === 'number') return elf;
  const list = elf.modinfo();
  if (typeof list === 'number') return list;
  const sig = signatureInfo(file);
  if (sig) {
    list.push(['sig_id', sig.idType]);
    list.push(['signer', cstr(sig.signer)]);
    list.push(['sig_key', hexToStr(sig.keyId)]);
    list.push(['sig_hashalgo', sig.hashAlgo]);
    list.push(['signature', hexToStr(sig.sig)]);
  }
  return list;
}

/** A C string read with %s: up to the first NUL. */
function cstr(s: string): string {
  const z = s.indexOf('\0');
  return z < 0 ? s : s.slice(0, z);
}

/** kmod_module_hex_to_str(): "XX:XX:...", a line break and two tabs after every 20 bytes. */
function hexToStr(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) {
    s += b[i].toString(16).toUpperCase().padStart(2, '0');
    if (i < b.length - 1) {
      s += ':';
      if ((i + 1) % 20 === 0) s += '\n\t\t';
    }
  }
  return s;
}

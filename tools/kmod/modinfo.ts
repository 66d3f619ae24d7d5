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
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { strerror as kstrerror, ENOENT, ENOEXEC, EINVAL } from '../../kernel/errno.ts';

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
}

/** Runs modinfo with `args` (without the program name) and returns its output bytes and status. */
export function runModinfo(args: string[], opts: ModinfoOptions = {}): ModinfoResult {
  const io = new Io(opts.stderr);
  let status: number;
  try {
    status = doModinfo(args.map((a) => Buffer.from(a, 'utf8').toString('latin1')), io);
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
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
  abort(): void {
    this.cut = this.outLen > 0 ? Math.floor((this.outLen - 1) / PIPE_BUF_SIZE) * PIPE_BUF_SIZE : 0;
  }
  stdoutBytes(): Buffer {
    const all = Buffer.concat(this.outChunks);
    return this.cut >= 0 ? all.subarray(0, this.cut) : all;
  }
}

/** libkmod asserts (assert() is compiled in Debian's kmod): the process aborts. */
class Abort extends Error {
  constructor(readonly line: number, readonly func: string, readonly expr: string) {
    super(`assertion ${expr}`);
  }
}

const ERR = (io: Io, msg: string) => io.err(`${PROG}: ERROR: ${msg}`);

function strerror(errno: number): string {
  return kstrerror(errno);
}

// --- options (GNU getopt_long) -------------------------------------------------------------------------------

const SHORTOPTS = 'adlpn0mF:k:b:Vh';
const LONGOPTS: { name: string; arg: boolean; val: string }[] = [
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

type OptEvent = { c: string; arg?: string } | { c: '?' };

/**
 * getopt_long over argv (no program name): yields options in order ('?' after printing glibc's message);
 * the operands, in order, are left in `operands` once iteration ends.
 */
function* getoptLong(argv: string[], io: Io, operands: string[]): Generator<OptEvent> {
  const posix = process.env.POSIXLY_CORRECT !== undefined;
  let i = 0;
  while (i < argv.length) {
    const a = argv[i];
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      return;
    }
    if (a.length < 2 || a[0] !== '-') {
      if (posix) {
        operands.push(...argv.slice(i));
        return;
      }
      operands.push(a);
      i++;
      continue;
    }
    i++;
    if (a.startsWith('--')) {
      const body = a.slice(2);
      const eq = body.indexOf('=');
      const name = eq >= 0 ? body.slice(0, eq) : body;
      let found = LONGOPTS.find((o) => o.name === name);
      if (!found) {
        const matches = LONGOPTS.filter((o) => o.name.startsWith(name));
        if (matches.length > 1) {
          io.err(`${PROG}: option '--${body}' is ambiguous; possibilities:${matches.map((o) => ` '--${o.name}'`).join('')}\n`);
          yield { c: '?' };
          return;
        }
        found = matches[0];
      }
      if (!found) {
        io.err(`${PROG}: unrecognized option '--${body}'\n`);
        yield { c: '?' };
        return;
      }
      if (eq >= 0) {
        if (!found.arg) {
          io.err(`${PROG}: option '--${found.name}' doesn't allow an argument\n`);
          yield { c: '?' };
          return;
        }
        yield { c: found.val, arg: body.slice(eq + 1) };
      } else if (found.arg) {
        if (i >= argv.length) {
          io.err(`${PROG}: option '--${found.name}' requires an argument\n`);
          yield { c: '?' };
          return;
        }
        yield { c: found.val, arg: argv[i++] };
      } else yield { c: found.val };
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      const k = SHORTOPTS.indexOf(c);
      if (k < 0 || c === ':' || c === ';') {
        io.err(`${PROG}: invalid option -- '${c}'\n`);
        yield { c: '?' };
        return;
      }
      if (SHORTOPTS[k + 1] === ':') {
        if (j + 1 < a.length) yield { c, arg: a.slice(j + 1) };
        else if (i < argv.length) yield { c, arg: argv[i++] };
        else {
          io.err(`${PROG}: option requires an argument -- '${c}'\n`);
          yield { c: '?' };
          return;
        }
        break;
      }
      yield { c };
    }
  }
}

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

const VERSION_TEXT = 'kmod version 30\n+ZSTD +XZ -ZLIB +LIBCRYPTO -EXPERIMENTAL\n';

interface Ctx {
  io: Io;
  field: string | null;
  sep: string;
}

function doModinfo(argv: string[], io: Io): number {
  const ctx: Ctx = { io, field: null, sep: '\n' };
  let argIsModname = false;
  const operands: string[] = [];
  for (const ev of getoptLong(argv, io, operands)) {
    switch (ev.c) {
      case 'a': ctx.field = 'author'; break;
      case 'd': ctx.field = 'description'; break;
      case 'l': ctx.field = 'license'; break;
      case 'p': ctx.field = 'parm'; break;
      case 'n': ctx.field = 'filename'; break;
      case '0': ctx.sep = '\0'; break;
      case 'm': argIsModname = true; break;
      case 'F': ctx.field = (ev as { arg: string }).arg; break;
      case 'k': case 'b': break; // they only choose /lib/modules/<version> for names: see below
      case 'h': io.out(HELP); return 0;
      case 'V': io.out(VERSION_TEXT); return 0;
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
    } else if (isModuleFilename(name)) r = modinfoPathDo(ctx, name);
    else r = modinfoAliasDo(ctx, name);
    if (r < 0) err = r;
  }
  return err >= 0 ? 0 : 1;
}

// --- names and paths -----------------------------------------------------------------------------------------

const KMOD_EXTS = ['.ko', '.ko.zst', '.ko.xz'];

function fsPath(p: string): string {
  return Buffer.from(p, 'latin1').toString('utf8');
}

function isModuleFilename(name: string): boolean {
  try {
    if (!statSync(fsPath(name)).isFile()) return false;
  } catch {
    return false;
  }
  return KMOD_EXTS.some((e) => name.length > e.length && name.endsWith(e));
}

/** alias_normalize(): '-' becomes '_', brackets must pair up (what is inside is kept). */
function aliasNormalizeOk(alias: string): boolean {
  for (let i = 0; i < alias.length; i++) {
    const c = alias[i];
    if (c === '\0') break;
    if (c === ']') return false;
    if (c === '[') {
      while (i < alias.length && alias[i] !== ']') i++;
      if (i >= alias.length) return false;
    }
  }
  return true;
}

function modinfoAliasDo(ctx: Ctx, alias: string): number {
  // kmod_module_new_from_lookup: no configuration aliases, no modules.dep / modules.alias /
  // modules.symbols / modules.builtin in a modules directory that does not exist.
  if (!aliasNormalizeOk(alias)) {
    ERR(ctx.io, `Module alias ${alias} not found.\n`);
    return -EINVAL;
  }
  ERR(ctx.io, `Module ${alias} not found.\n`);
  return -ENOENT;
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

/** path_to_modname(): basename up to the first '.', '-' turned into '_'. */
function pathToModname(p: string): string {
  const base = p.slice(p.lastIndexOf('/') + 1);
  let s = '';
  for (const c of base) {
    if (c === '.' || c === '\0') break;
    s += c === '-' ? '_' : c;
  }
  return s;
}

interface Module {
  name: string;
  path: string;
}

function modinfoPathDo(ctx: Ctx, path: string): number {
  // kmod_module_new_from_path
  const abspath = makeAbsolute(path);
  try {
    statSync(fsPath(abspath));
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
  if (field === 'filename') {
    io.out(`${mod.path}${sep}`);
    return 0;
  } else if (field === null) {
    io.out(`${'filename:'.padEnd(16)}${mod.path}${sep}`);
  }

  const info = getInfo(mod);
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
function getInfo(mod: Module): [string, string][] | number {
  const file = kmodFileOpen(mod.path);
  if (typeof file === 'number') return file;
  const elf = kmodElfNew(file);
  if (typeof elf === 'number') return elf;
  const strings = elfGetStrings(elf, '.modinfo');
  if (typeof strings === 'number') return strings;
  const list: [string, string][] = [];
  for (const s of strings) {
    const eq = s.indexOf('=');
    if (eq < 0) list.push([s, '']);
    else list.push([s.slice(0, eq), s.slice(eq + 1)]);
  }
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

// --- kmod_file_open ------------------------------------------------------------------------------------------

const MAGIC_ZSTD = [0x28, 0xb5, 0x2f, 0xfd];
const MAGIC_XZ = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const MAGIC_SIZE_MAX = 6;

function errnoOf(e: unknown): number {
  const code = (e as { code?: string }).code;
  const n = code ? (osConstants.errno as Record<string, number>)[code] : undefined;
  return n ?? EINVAL;
}

function kmodFileOpen(path: string): Uint8Array | number {
  let data: Uint8Array;
  try {
    data = new Uint8Array(readFileSync(fsPath(path)));
  } catch (e) {
    return -errnoOf(e);
  }
  if (data.length < MAGIC_SIZE_MAX) return -EINVAL;
  const is = (m: number[]) => m.every((v, i) => data[i] === v);
  if (is(MAGIC_ZSTD)) return decompress('zstd', data);
  if (is(MAGIC_XZ)) return decompress('xz', data);
  return data;
}

/** load_zstd / load_xz: any decoding failure is EINVAL. */
function decompress(tool: 'xz' | 'zstd', data: Uint8Array): Uint8Array | number {
  const r = spawnSync(tool, ['-d', '-c', '-q'], { input: data, maxBuffer: 1 << 30 });
  if (r.error || r.status !== 0) return -EINVAL;
  return new Uint8Array(r.stdout);
}

// --- libkmod-elf.c -------------------------------------------------------------------------------------------

interface KElf {
  mem: Uint8Array;
  size: bigint;
  x32: boolean;
  msb: boolean;
  shoff: bigint;
  shnum: number;
  shentsize: number;
  strings: { offset: bigint; size: bigint };
}

const U64_MAX = (1n << 64n) - 1n;
const SHDR_SIZE = (e: KElf) => (e.x32 ? 40 : 64);

function getUint(e: KElf, off: bigint, size: number): bigint {
  // Callers stay inside the header or the section header table, both checked against the file size.
  if (off + BigInt(size) > e.size) throw new Error('modinfo: ELF read out of bounds');
  const o = Number(off);
  let v = 0n;
  for (let i = 0; i < size; i++) {
    const b = BigInt(e.mem[e.msb ? o + i : o + size - 1 - i]);
    v = (v << 8n) | b;
  }
  return v;
}

function getMem(e: KElf, off: bigint): number {
  if (off >= e.size) throw new Abort(202, 'elf_get_mem', 'offset < elf->size');
  return Number(off);
}

function sectionHeader(e: KElf, idx: number): bigint {
  if (idx === 0) throw new Abort(213, 'elf_get_section_header', 'idx != SHN_UNDEF');
  if (idx >= e.shnum) throw new Abort(214, 'elf_get_section_header', 'idx < elf->header.section.count');
  return BigInt(getMem(e, e.shoff + BigInt(idx * e.shentsize)));
}

/** elf_get_section_info(): null when the section does not fit in the file. */
function sectionInfo(e: KElf, idx: number): { offset: bigint; size: bigint; nameoff: number } | null {
  const p = sectionHeader(e, idx);
  let size: bigint, offset: bigint, nameoff: number;
  if (e.x32) {
    size = getUint(e, p + 20n, 4);
    offset = getUint(e, p + 16n, 4);
    nameoff = Number(getUint(e, p, 4));
  } else {
    size = getUint(e, p + 32n, 8);
    offset = getUint(e, p + 24n, 8);
    nameoff = Number(getUint(e, p, 4));
  }
  const end = offset + size;
  if (end > U64_MAX || end > e.size) return null;
  return { offset, size, nameoff };
}

/** kmod_elf_new(): the ELF view, or -ENOEXEC / -EINVAL. */
function kmodElfNew(mem: Uint8Array): KElf | number {
  const size = mem.length;
  if (size <= 16 || mem[0] !== 0x7f || mem[1] !== 0x45 || mem[2] !== 0x4c || mem[3] !== 0x46) return -ENOEXEC;
  let x32: boolean;
  if (mem[4] === 1) {
    if (size <= 52) return -EINVAL;
    x32 = true;
  } else if (mem[4] === 2) {
    if (size <= 64) return -EINVAL;
    x32 = false;
  } else return -EINVAL;
  let msb: boolean;
  if (mem[5] === 1) msb = false;
  else if (mem[5] === 2) msb = true;
  else return -EINVAL;
  const e: KElf = { mem, size: BigInt(size), x32, msb, shoff: 0n, shnum: 0, shentsize: 0, strings: { offset: 0n, size: 0n } };
  let shstrndx: number;
  if (x32) {
    e.shoff = getUint(e, 32n, 4);
    e.shentsize = Number(getUint(e, 46n, 2));
    e.shnum = Number(getUint(e, 48n, 2));
    shstrndx = Number(getUint(e, 50n, 2));
  } else {
    e.shoff = getUint(e, 40n, 8);
    e.shentsize = Number(getUint(e, 58n, 2));
    e.shnum = Number(getUint(e, 60n, 2));
    shstrndx = Number(getUint(e, 62n, 2));
  }
  if (e.shentsize !== SHDR_SIZE(e)) return -EINVAL;
  const shdrsEnd = BigInt(SHDR_SIZE(e) * e.shnum) + e.shoff;
  if (shdrsEnd > U64_MAX || shdrsEnd > e.size) return -EINVAL;
  const s = sectionInfo(e, shstrndx);
  if (!s) return -EINVAL;
  e.strings = { offset: s.offset, size: s.size };
  const at = getMem(e, s.offset);
  if (s.size === 0n || mem[at + Number(s.size) - 1] !== 0) return -EINVAL;
  return e;
}

/** kmod_elf_get_section(): the section's bytes, or -ENOENT. */
function elfGetSection(e: KElf, name: string): Uint8Array | number {
  const names = getMem(e, e.strings.offset);
  const nameslen = e.strings.size;
  for (let i = 1; i < e.shnum; i++) {
    const s = sectionInfo(e, i);
    if (!s) continue;
    if (BigInt(s.nameoff) >= nameslen) continue;
    const start = names + s.nameoff;
    const end = e.mem.indexOf(0, start);
    if (Buffer.from(e.mem.subarray(start, end)).toString('latin1') !== name) continue;
    const at = getMem(e, s.offset);
    return e.mem.subarray(at, at + Number(s.size));
  }
  return -ENOENT;
}

/** kmod_elf_get_strings(): the NUL-separated strings, empty ones dropped, a leading lone byte ignored. */
function elfGetStrings(e: KElf, section: string): string[] | number {
  const buf = elfGetSection(e, section);
  if (typeof buf === 'number') return buf;
  let p = 0;
  let size = buf.length;
  if (size === 0) return [];
  while (buf[p] === 0 && size > 1) {
    p++;
    size--;
  }
  if (size <= 1) return [];
  return Buffer.from(buf.subarray(p, p + size))
    .toString('latin1')
    .split('\0')
    .filter((s) => s.length > 0);
}

// --- libkmod-signature.c -------------------------------------------------------------------------------------

const SIG_MAGIC = '~Module signature appended~\n';
const PKEY_HASH_ALGO = ['md4', 'md5', 'sha1', 'rmd160', 'sha256', 'sha384', 'sha512', 'sha224', 'sm3'];
const PKEY_ID_TYPE = ['PGP', 'X509', 'PKCS#7'];
const PKEY_ALGO_LAST = 2;
const PKEY_ID_PKCS7 = 2;

interface SigInfo {
  idType: string;
  signer: string;
  keyId: Uint8Array;
  hashAlgo: string;
  sig: Uint8Array;
}

/** kmod_module_signature_info(). */
function signatureInfo(mem: Uint8Array): SigInfo | null {
  let size = mem.length;
  if (size < SIG_MAGIC.length) return null;
  size -= SIG_MAGIC.length;
  if (Buffer.from(mem.subarray(size, size + SIG_MAGIC.length)).toString('latin1') !== SIG_MAGIC) return null;
  if (size < 12) return null;
  size -= 12;
  const [algo, hash, idType, signerLen, keyIdLen] = mem.subarray(size, size + 5);
  if (algo >= PKEY_ALGO_LAST || hash >= PKEY_HASH_ALGO.length || idType >= PKEY_ID_TYPE.length) return null;
  const sigLen = new DataView(mem.buffer, mem.byteOffset + size + 8, 4).getUint32(0, false);
  if (sigLen === 0 || size < signerLen + keyIdLen + sigLen) return null;
  if (idType === PKEY_ID_PKCS7) return fillPkcs7(mem.subarray(size - sigLen, size));
  // fill_default: [signer][key id][signature] before the struct.
  const sigAt = size - sigLen;
  const keyAt = sigAt - keyIdLen;
  const signerAt = keyAt - signerLen;
  return {
    idType: PKEY_ID_TYPE[idType],
    signer: Buffer.from(mem.subarray(signerAt, keyAt)).toString('latin1'),
    keyId: mem.subarray(keyAt, sigAt),
    hashAlgo: PKEY_HASH_ALGO[hash],
    sig: mem.subarray(sigAt, size),
  };
}

// Digest OIDs libkmod names (obj_to_hash_algo); others leave the module without signature fields.
const DIGEST_OIDS: Record<string, string> = {
  '1.2.840.113549.2.4': 'md4',
  '1.2.840.113549.2.5': 'md5',
  '1.3.14.3.2.26': 'sha1',
  '1.3.36.3.2.1': 'rmd160',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '2.16.840.1.101.3.4.2.4': 'sha224',
  '1.2.156.10197.1.401': 'sm3',
};
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_SIGNED_AND_ENVELOPED = '1.2.840.113549.1.7.4';
const OID_DATA = '1.2.840.113549.1.7.1';
const OID_COMMON_NAME = '2.5.4.3';

/** fill_pkcs7(): d2i_PKCS7, first SignerInfo: issuer CN, serial, digest algorithm, encrypted digest. */
function fillPkcs7(raw: Uint8Array): SigInfo | null {
  let p7: Pkcs7Signer | null;
  try {
    p7 = parsePkcs7(raw);
  } catch (e) {
    if (e instanceof BerError) return null;
    throw e;
  }
  if (!p7) return null;
  const hashAlgo = DIGEST_OIDS[p7.digestOid];
  if (!hashAlgo) return null;
  return { idType: 'PKCS#7', signer: p7.signer ?? '', keyId: p7.serial, hashAlgo, sig: p7.encDigest };
}

// --- a BER reader, as strict as OpenSSL's ASN.1 decoder where it matters here ----------------------------------

class BerError extends Error {}

interface Tlv {
  cls: number; // 0 universal, 1 application, 2 context, 3 private
  cons: boolean;
  tag: number;
  /** Content bytes (for an indefinite-length value, without the end-of-contents octets). */
  content: Uint8Array;
  /** The values inside an indefinite-length value (found walking to its end, as asn1_find_end does). */
  indefinite: Tlv[] | null;
  /** The whole encoding, header included. */
  raw: Uint8Array;
  end: number;
}

const isEoc = (t: Tlv) => t.cls === 0 && t.tag === 0 && !t.cons && t.indefinite === null && t.content.length === 0;

/** Indefinite lengths nested deeper than this are refused (OpenSSL walks them; nothing real nests so). */
const MAX_INDEFINITE_NEST = 1000;

/** One TLV at `pos` (ASN1_get_object); definite-length contents are not looked into. */
function readTlv(buf: Uint8Array, pos: number, limit: number, nest = 0): Tlv {
  if (pos >= limit) throw new BerError('truncated');
  if (nest > MAX_INDEFINITE_NEST) throw new BerError('indefinite lengths nested too deep');
  const at = pos;
  const b0 = buf[pos++];
  const cls = b0 >> 6;
  const cons = (b0 & 0x20) !== 0;
  let tag = b0 & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (;;) {
      if (pos >= limit) throw new BerError('truncated tag');
      const b = buf[pos++];
      tag = tag * 128 + (b & 0x7f);
      if (tag > 0x7fffffff) throw new BerError('tag too big');
      if (!(b & 0x80)) break;
    }
  }
  if (pos >= limit) throw new BerError('truncated length');
  const l0 = buf[pos++];
  if (l0 === 0x80) {
    if (!cons) throw new BerError('indefinite primitive');
    const inner: Tlv[] = [];
    const start = pos;
    for (;;) {
      const c = readTlv(buf, pos, limit, nest + 1);
      if (isEoc(c)) {
        return { cls, cons, tag, content: buf.subarray(start, pos), indefinite: inner, raw: buf.subarray(at, c.end), end: c.end };
      }
      inner.push(c);
      pos = c.end;
    }
  }
  let len: number;
  if (l0 & 0x80) {
    const n = l0 & 0x7f;
    len = 0;
    for (let i = 0; i < n; i++) {
      if (pos >= limit) throw new BerError('truncated length');
      len = len * 256 + buf[pos++];
      if (len > 0x7fffffff) throw new BerError('length too big');
    }
  } else len = l0;
  if (pos + len > limit) throw new BerError('too long');
  return { cls, cons, tag, content: buf.subarray(pos, pos + len), indefinite: null, raw: buf.subarray(at, pos + len), end: pos + len };
}

function expect(t: Tlv | undefined, cls: number, tag: number, cons: boolean | null, what: string): Tlv {
  if (!t || t.cls !== cls || t.tag !== tag || (cons !== null && t.cons !== cons)) throw new BerError(`expected ${what}`);
  return t;
}

/**
 * The values inside `t`: a SEQUENCE's fields or a SET OF / SEQUENCE OF's elements (OpenSSL reads the
 * latter whether or not the constructed bit is set). An end-of-contents inside a definite length is an error.
 */
function elementsOf(t: Tlv): Tlv[] {
  if (t.indefinite) return t.indefinite;
  const out: Tlv[] = [];
  const c = t.content;
  const buf = new Uint8Array(c.buffer, c.byteOffset, c.length);
  for (let q = 0; q < buf.length; ) {
    const e = readTlv(buf, q, buf.length);
    if (isEoc(e)) throw new BerError('unexpected EOC');
    out.push(e);
    q = e.end;
  }
  return out;
}
/** A SEQUENCE type (must be constructed): its fields. */
const SEQ = (t: Tlv | undefined, what = 'SEQUENCE') => elementsOf(expect(t, 0, 16, true, what));
/** SET OF / SEQUENCE OF (universal, or IMPLICIT [n] when cls is 2): the elements. */
const SET_OF = (t: Tlv | undefined, what: string, tag = 17, cls = 0) => elementsOf(expect(t, cls, tag, null, what));
const isCtx = (t: Tlv | undefined, n: number) => !!t && t.cls === 2 && t.tag === n;

function oid(t: Tlv | undefined): string {
  const c = expect(t, 0, 6, false, 'OBJECT IDENTIFIER').content;
  if (c.length === 0 || c[c.length - 1] & 0x80) throw new BerError('bad OID');
  const arcs: bigint[] = [];
  let v = 0n;
  for (let i = 0; i < c.length; i++) {
    if (c[i] === 0x80 && (i === 0 || !(c[i - 1] & 0x80))) throw new BerError('non-minimal OID');
    v = (v << 7n) | BigInt(c[i] & 0x7f);
    if (!(c[i] & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs[0];
  const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
  return [...head, ...arcs.slice(1)].join('.');
}

/** c2i_ASN1_INTEGER: the magnitude, big-endian, without leading zeros (what BN_bn2bin gives). */
function integerMagnitude(t: Tlv | undefined): Uint8Array {
  const c = expect(t, 0, 2, false, 'INTEGER').content;
  if (c.length === 0) throw new BerError('empty INTEGER');
  const neg = (c[0] & 0x80) !== 0;
  if (c.length > 1) {
    let pad = false;
    if (c[0] === 0) pad = true;
    else if (c[0] === 0xff) pad = c.subarray(1).some((b) => b !== 0);
    if (pad && neg === ((c[1] & 0x80) !== 0)) throw new BerError('INTEGER padding');
  }
  let v = 0n;
  for (const b of c) v = (v << 8n) | BigInt(b);
  if (neg) v = (1n << BigInt(8 * c.length)) - v;
  const out: number[] = [];
  while (v > 0n) {
    out.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  return Uint8Array.from(out);
}

/** asn1_collect(): a constructed string is the concatenation of its primitive parts, whatever their tags. */
function collect(t: Tlv, depth = 0): Uint8Array {
  if (!t.cons) return t.content;
  if (depth >= 5) throw new BerError('string nested too deep');
  return Buffer.concat(elementsOf(t).map((c) => collect(c, depth + 1)));
}

/** c2i_ASN1_BIT_STRING: the bits without the unused-bits octet, unused bits cleared. */
function bitString(data: Uint8Array): Uint8Array {
  if (data.length < 1 || data[0] > 7) throw new BerError('bad BIT STRING');
  const bits = data.slice(1);
  if (bits.length) bits[bits.length - 1] &= 0xff << data[0];
  return bits;
}

/** An ASN1_ANY value: decoded by its tag, with the checks asn1_ex_c2i makes. */
function anyValue(t: Tlv): void {
  if (t.cls !== 0) return; // V_ASN1_OTHER: kept as it is
  switch (t.tag) {
    case 16: case 17:
      if (!t.cons) throw new BerError('not constructed');
      return;
    case 1: case 2: case 5: case 6: case 10:
      if (t.cons) throw new BerError('not primitive');
      if (t.tag === 1 && t.content.length !== 1) throw new BerError('BOOLEAN length');
      if (t.tag === 5 && t.content.length !== 0) throw new BerError('NULL length');
      if (t.tag === 6) oid(t);
      if (t.tag === 2 || t.tag === 10) integerMagnitude({ ...t, tag: 2 });
      return;
    case 3:
      bitString(collect(t));
      return;
    default: {
      const d = collect(t);
      if (t.tag === 30 && d.length % 2) throw new BerError('BMPString length');
      if (t.tag === 28 && d.length % 4) throw new BerError('UniversalString length');
    }
  }
}

function octetString(t: Tlv | undefined): Uint8Array {
  return collect(expect(t, 0, 4, null, 'OCTET STRING'));
}

/** AlgorithmIdentifier: the algorithm's OID. */
function algorithm(t: Tlv | undefined): string {
  const s = SEQ(t, 'AlgorithmIdentifier');
  if (s.length < 1 || s.length > 2) throw new BerError('AlgorithmIdentifier');
  if (s[1]) anyValue(s[1]);
  return oid(s[0]);
}

function validUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

const isSurrogate = (v: number) => v >= 0xd800 && v <= 0xdfff;

/** Universal tags ASN1_PRINTABLE (an MSTRING) accepts: tag2bit() & B_ASN1_PRINTABLE, B_ASN1_UNKNOWN included. */
const PRINTABLE_TAGS = new Set([3, 7, 8, 9, 11, 12, 13, 14, 15, 16, 18, 19, 20, 22, 28, 29, 30]);

/**
 * An X509_NAME_ENTRY value: the ASN1_STRING's data as ASN1_STRING_get0_data() gives it, after the checks
 * d2i and X509_NAME's canonical encoding (ASN1_STRING_to_UTF8 on UTF8/BMP/Universal strings) make.
 */
function nameValue(t: Tlv): string {
  if (t.cls !== 0 || !PRINTABLE_TAGS.has(t.tag)) throw new BerError('name value type');
  let data: Uint8Array;
  if (t.tag === 16) {
    if (!t.cons) throw new BerError('SEQUENCE not constructed');
    data = t.raw;
  } else data = collect(t);
  switch (t.tag) {
    case 3:
      data = bitString(data);
      break;
    case 12:
      if (!validUtf8(data)) throw new BerError('bad UTF8String');
      break;
    case 30:
      if (data.length % 2) throw new BerError('bad BMPString');
      for (let i = 0; i < data.length; i += 2) if (isSurrogate((data[i] << 8) | data[i + 1])) throw new BerError('bad BMPString');
      break;
    case 28:
      if (data.length % 4) throw new BerError('bad UniversalString');
      for (let i = 0; i < data.length; i += 4) {
        const v = ((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]) >>> 0;
        if (v > 0x10ffff || isSurrogate(v)) throw new BerError('bad UniversalString');
      }
      break;
  }
  return Buffer.from(data).toString('latin1');
}

/** x509_name_to_str(): the first commonName; without one the last entry (libkmod's loop leaves it there). */
function issuerName(t: Tlv | undefined): string | null {
  const entries: { oid: string; value: string }[] = [];
  for (const rdn of SET_OF(t, 'Name', 16)) {
    for (const ava of SET_OF(rdn, 'RDN')) {
      const s = SEQ(ava, 'AttributeTypeAndValue');
      if (s.length !== 2) throw new BerError('AttributeTypeAndValue');
      entries.push({ oid: oid(s[0]), value: nameValue(s[1]) });
    }
  }
  if (entries.length === 0) return null;
  const cn = entries.find((e) => e.oid === OID_COMMON_NAME) ?? entries[entries.length - 1];
  return cn.value;
}

interface Pkcs7Signer {
  signer: string | null;
  serial: Uint8Array;
  digestOid: string;
  encDigest: Uint8Array;
}

/** X509_ATTRIBUTEs in an IMPLICIT [n] SET / SEQUENCE OF: SEQUENCE { type, SET OF ANY }. */
function attributes(t: Tlv, n: number): void {
  for (const a of SET_OF(t, 'attributes', n, 2)) {
    const f = SEQ(a, 'Attribute');
    if (f.length !== 2) throw new BerError('Attribute');
    oid(f[0]);
    for (const v of SET_OF(f[1], 'attribute values')) anyValue(v);
  }
}

function signerInfo(t: Tlv): Pkcs7Signer {
  const c = SEQ(t, 'SignerInfo');
  let i = 0;
  integerMagnitude(c[i++]);
  const ias = SEQ(c[i++], 'IssuerAndSerialNumber');
  if (ias.length !== 2) throw new BerError('IssuerAndSerialNumber');
  const signer = issuerName(ias[0]);
  const serial = integerMagnitude(ias[1]);
  const digestOid = algorithm(c[i++]);
  if (isCtx(c[i], 0)) attributes(c[i++], 0);
  algorithm(c[i++]);
  const encDigest = octetString(c[i++]);
  if (isCtx(c[i], 1)) attributes(c[i++], 1);
  if (i !== c.length) throw new BerError('SignerInfo length');
  return { signer, serial, digestOid, encDigest };
}

/** A ContentInfo; for signed data, the first signer (null when there is none). */
function contentInfo(t: Tlv | undefined, depth: number): Pkcs7Signer | null | undefined {
  if (depth > 4) throw new BerError('nested ContentInfo');
  const c = SEQ(t, 'ContentInfo');
  if (c.length < 1 || c.length > 2) throw new BerError('ContentInfo');
  const type = oid(c[0]);
  const wrapped = c[1];
  // [0] EXPLICIT: constructed, exactly one value inside.
  const inner = wrapped && isCtx(wrapped, 0) && wrapped.cons ? elementsOf(wrapped) : [];
  if (wrapped && inner.length !== 1) throw new BerError('[0] content');
  const content = inner[0];
  if (type === OID_DATA) {
    if (content) octetString(content);
    return undefined;
  }
  if (type !== OID_SIGNED_DATA && type !== OID_SIGNED_AND_ENVELOPED) {
    if (content) anyValue(content);
    return undefined;
  }
  if (!content) return null;
  const s = SEQ(content, 'SignedData');
  let i = 0;
  integerMagnitude(s[i++]);
  if (type === OID_SIGNED_AND_ENVELOPED) SET_OF(s[i++], 'RecipientInfos');
  for (const a of SET_OF(s[i++], 'DigestAlgorithms')) algorithm(a);
  if (type === OID_SIGNED_DATA) contentInfo(s[i++], depth + 1);
  else SEQ(s[i++], 'EncryptedContentInfo');
  // certificates [0] and crls [1] (IMPLICIT SEQUENCE / SET OF): not decoded further here.
  for (const n of [0, 1]) if (isCtx(s[i], n)) SET_OF(s[i++], 'certificates', n, 2);
  const signers = SET_OF(s[i++], 'SignerInfos').map(signerInfo);
  if (i !== s.length) throw new BerError('SignedData length');
  return signers[0] ?? null;
}

/** d2i_PKCS7_bio + PKCS7_get_signer_info + sk_value(0): null when OpenSSL would give no signer. */
function parsePkcs7(raw: Uint8Array): Pkcs7Signer | null {
  const top = readTlv(raw, 0, raw.length);
  return contentInfo(top, 0) ?? null;
}

// The oracle's fixture, shared by the QEMU recorder (tools/oracle/record.ts) and the comparison
// test (test/oracle.test.ts): the same file tree is given to Linux (as the initramfs) and to
// kmodlab (as the scenario's directory and moddir), and the same scenario text is run on both.
//
//   ROOT/lib/modules/<release>/kernel/...   Debian's modules the scenarios use (same relative
//                                           paths), modules.builtin*, modules.order; depmod runs
//                                           on each side before the scenario
//   ROOT/root/ko/*.ko                       copies for insmod, and variants made from them
//   ROOT/etc/modprobe.d/oracle.conf         alias, options, softdep, blacklist
//
// Scenarios run with /root as their directory, so `insmod ko/crc7.ko` names the same file on
// both sides.
import { readFileSync, writeFileSync, mkdirSync, copyFileSync, readlinkSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname, basename } from 'node:path';
import { parseSignature } from '../../kernel/module/signing.ts';

/** Debian modules installed into the fixture's module tree (paths under kernel/). */
export const TREE_MODULES = [
  'lib/crc7.ko',
  'lib/crc-itu-t.ko',
  'fs/nls/nls_cp437.ko',
  'fs/nls/nls_iso8859-1.ko',
  'net/netfilter/x_tables.ko',
  'net/netfilter/xt_comment.ko',
  'net/netfilter/xt_mark.ko',
  'net/ipv4/tcp_vegas.ko',
];

/** The module without its signature trailer (module_signature + PKCS#7 + magic), as `strip` would leave it. */
export function stripSignature(img: Buffer): Buffer {
  const parsed = parseSignature(new Uint8Array(img));
  if (!parsed) throw new Error('module has no signature trailer');
  return Buffer.from(img.subarray(0, parsed.elfLen));
}

/** A copy with one bit flipped at `off` (covered by the signature). */
export function flipBit(img: Buffer, off = 0x100): Buffer {
  const b = Buffer.from(img);
  b[off] ^= 1;
  return b;
}

/** A copy whose vermagic says `mod_unlo4d` instead of `mod_unload` (same length). */
export function breakVermagic(img: Buffer): Buffer {
  const b = Buffer.from(img);
  const at = b.indexOf('vermagic=');
  const u = b.indexOf('mod_unload', at);
  if (at < 0 || u < 0) throw new Error('no vermagic');
  b[u + 8] = '4'.charCodeAt(0);
  return b;
}

// ---- broken ELF files: one field changed each, on an unsigned copy (a changed signed file is
// refused by module_sig_check before elf_validity_check looks at it) -------------------------------

const SHDR = 64;

/** Section header fields of an ELF64 little-endian file. */
function sections(b: Buffer): { off: number; name: string }[] {
  const shoff = Number(b.readBigUInt64LE(40));
  const shnum = b.readUInt16LE(60);
  const strOff = Number(b.readBigUInt64LE(shoff + b.readUInt16LE(62) * SHDR + 24));
  const out: { off: number; name: string }[] = [];
  for (let i = 0; i < shnum; i++) {
    const off = shoff + i * SHDR;
    const n = strOff + b.readUInt32LE(off);
    out.push({ off, name: b.toString('latin1', n, b.indexOf(0, n)) });
  }
  return out;
}

function section(b: Buffer, name: string): number {
  const s = sections(b).find((x) => x.name === name);
  if (!s) throw new Error(`no section ${name}`);
  return s.off;
}

/** Variants of an unsigned module for elf_validity_check and the checks after it. */
export function brokenElves(unsigned: Buffer): Record<string, Buffer> {
  const edit = (fn: (b: Buffer) => void) => {
    const b = Buffer.from(unsigned);
    fn(b);
    return b;
  };
  return {
    exec: edit((b) => b.writeUInt16LE(2, 16)), // e_type ET_EXEC
    x86: edit((b) => b.writeUInt16LE(62, 18)), // e_machine EM_X86_64
    shentsize: edit((b) => b.writeUInt16LE(40, 58)),
    shoff: edit((b) => b.writeBigUInt64LE(BigInt(b.length), 40)),
    shstrndx: edit((b) => b.writeUInt16LE(b.readUInt16LE(60), 62)),
    secoff: edit((b) => b.writeBigUInt64LE(BigInt(b.length), section(b, '.text') + 24)),
    stripped: edit((b) => b.writeUInt32LE(1, section(b, '.symtab') + 4)), // SHT_PROGBITS
    nothis: edit((b) => {
      const shoff = Number(b.readBigUInt64LE(40));
      const strOff = Number(b.readBigUInt64LE(shoff + b.readUInt16LE(62) * SHDR + 24));
      b[strOff + b.readUInt32LE(section(b, '.gnu.linkonce.this_module'))] = '_'.charCodeAt(0);
    }),
    thissize: edit((b) => {
      const at = section(b, '.gnu.linkonce.this_module') + 32;
      b.writeBigUInt64LE(b.readBigUInt64LE(at) - 64n, at);
    }),
  };
}

/** An unsigned copy whose .modinfo names another licence of the same length. */
export function relicense(unsigned: Buffer, from: string, to: string): Buffer {
  const b = Buffer.from(unsigned);
  const at = b.indexOf(`license=${from}\0`);
  if (at < 0 || from.length !== to.length) throw new Error(`no license=${from}`);
  b.write(to, at + 8, 'latin1');
  return b;
}

/** An unsigned copy whose __versions entry for SYMBOL has another CRC. */
export function badCrc(unsigned: Buffer, symbol: string): Buffer {
  const b = Buffer.from(unsigned);
  const v = section(b, '__versions');
  const off = Number(b.readBigUInt64LE(v + 24)), size = Number(b.readBigUInt64LE(v + 32));
  for (let e = off; e < off + size; e += 64) {
    if (b.toString('latin1', e + 8, b.indexOf(0, e + 8)) === symbol) {
      b[e] ^= 1;
      return b;
    }
  }
  throw new Error(`no __versions entry for ${symbol}`);
}

/** The kernel release of Debian's module tree (build/real-modules/modules → lib/modules/<release>). */
export function debianRelease(real: string): string {
  return basename(readlinkSync(join(real, 'modules')));
}

/**
 * Fills ROOT with the fixture tree from Debian's modules in REAL (build/real-modules).
 * Returns the release.
 */
export function buildTree(root: string, real: string): string {
  const release = debianRelease(real);
  const src = join(real, 'modules');
  const moddir = join(root, 'lib', 'modules', release);
  for (const m of TREE_MODULES) {
    const to = join(moddir, 'kernel', m);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(src, 'kernel', m), to);
  }
  for (const f of ['modules.builtin', 'modules.builtin.modinfo', 'modules.order']) {
    if (existsSync(join(src, f))) copyFileSync(join(src, f), join(moddir, f));
  }
  const ko = join(root, 'root', 'ko');
  mkdirSync(ko, { recursive: true });
  const crc7 = readFileSync(join(src, 'kernel', 'lib', 'crc7.ko'));
  for (const m of ['lib/crc7.ko', 'lib/crc-itu-t.ko', 'fs/nls/nls_cp437.ko', 'net/netfilter/x_tables.ko', 'net/netfilter/xt_comment.ko', 'net/ipv4/tcp_vegas.ko']) {
    copyFileSync(join(src, 'kernel', m), join(ko, basename(m)));
  }
  writeFileSync(join(ko, 'crc7-flipped.ko'), flipBit(crc7));
  writeFileSync(join(ko, 'crc7-unsigned.ko'), stripSignature(crc7));
  writeFileSync(join(ko, 'crc7-vermagic.ko'), stripSignature(breakVermagic(crc7)));
  writeFileSync(join(ko, 'crc7-vermagic-signed.ko'), breakVermagic(crc7));
  writeFileSync(join(ko, 'truncated.ko'), crc7.subarray(0, 1000));
  writeFileSync(join(ko, 'notelf.ko'), 'this is not an ELF file\n');
  writeFileSync(join(ko, 'empty.ko'), '');
  const unsigned = stripSignature(crc7);
  for (const [n, b] of Object.entries(brokenElves(unsigned))) writeFileSync(join(ko, `crc7-${n}.ko`), b);
  writeFileSync(join(ko, 'crc7-bsd.ko'), relicense(unsigned, 'GPL', 'BSD'));
  const xtComment = readFileSync(join(src, 'kernel', 'net/netfilter/xt_comment.ko'));
  writeFileSync(join(ko, 'xt_comment-badcrc.ko'), badCrc(stripSignature(xtComment), 'xt_register_match'));
  mkdirSync(join(root, 'etc', 'modprobe.d'), { recursive: true });
  writeFileSync(join(root, 'etc', 'modprobe.d', 'oracle.conf'), MODPROBE_CONF);
  return release;
}

/** The fixture's /etc/modprobe.d/oracle.conf. */
export const MODPROBE_CONF = `# kmodlab oracle
alias crcalias crc7
options crc_itu_t bogus=2
softdep xt_mark pre: crc7
blacklist nls_iso8859_1
`;

// ---- scenarios --------------------------------------------------------------------------------

export const SCENARIO_DIR = 'test/oracle/scenarios';
export const RECORDED_DIR = 'test/oracle/recorded';

export function scenarioNames(repo: string): string[] {
  return readdirSync(join(repo, SCENARIO_DIR)).filter((f) => f.endsWith('.kml')).map((f) => f.replace(/\.kml$/, '')).sort();
}

/**
 * Words a scenario adds to the kernel's command line: a `#! cmdline: …` line (Linux's own
 * spelling, which kmodlab's `boot` takes too).
 */
export function scenarioCmdline(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('#! cmdline:')).flatMap((l) => l.slice('#! cmdline:'.length).trim().split(/\s+/)).filter(Boolean);
}

/** A scenario's command lines (comments and blank lines dropped). */
export function scenarioCommands(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}

const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The guest shell for one scenario command (the command names and options both sides share). */
export function toShell(cmd: string): string {
  const w = cmd.split(/\s+/);
  switch (w[0]) {
    // busybox sh runs its own applets first: kmod's tools by their path (kmod names itself by basename)
    case 'insmod': case 'rmmod': case 'lsmod': case 'modprobe': case 'modinfo': case 'depmod':
      return `/sbin/${cmd} 2>&1`;
    case 'cat':
      return `${cmd} 2>&1`;
    case 'echo':
      // the shell's own error (a failed write) goes to stderr, not into the file
      return `(${cmd}) 2>&1`;
    case 'ls':
      return `${cmd} 2>&1 | cat`;
    case 'dmesg':
      if (w[1] === '-C') return 'dmesg -c >/dev/null 2>&1';
      return `${cmd} 2>&1`;
    default:
      throw new Error(`oracle: command not shared by both sides: ${cmd}`);
  }
}

export const MARK = '@@kml@@';
export const END = '@@kml-end@@';
export const INFO = '@@kml-info@@';

/** The guest's /init: mounts, depmod, then each command after its marker; powers off. */
export function initScript(commands: string[]): string {
  const lines = [
    '#!/bin/sh',
    'export PATH=/sbin:/bin:/usr/sbin:/usr/bin',
    'mount -t proc proc /proc',
    'mount -t sysfs sysfs /sys',
    'mount -t devtmpfs devtmpfs /dev 2>/dev/null',
    'dmesg -n 1',
    '/sbin/depmod',
    `echo "${INFO} kernel: $(uname -s) $(uname -r) $(uname -v) $(uname -m)"`,
    `echo "${INFO} kmod: $(kmod --version | tr '\\n' ' ')"`,
    `echo "${INFO} busybox: $(busybox 2>&1 | head -1)"`,
    `echo "${INFO} boot tainted: $(cat /proc/sys/kernel/tainted)"`,
    'cd /root',
  ];
  for (const c of commands) {
    lines.push(`echo ${shq(`${MARK} $ ${c}`)}`);
    lines.push(toShell(c));
  }
  lines.push(`echo ${END}`, 'poweroff -f', '');
  return lines.join('\n');
}

export interface Block { cmd: string; lines: string[] }

/** Blocks of a transcript: `$ command` lines and the output after each. */
export function parseTranscript(lines: string[]): Block[] {
  const out: Block[] = [];
  for (const l of lines) {
    if (l.startsWith('$ ')) out.push({ cmd: l.slice(2), lines: [] });
    else if (out.length) out[out.length - 1].lines.push(l);
  }
  return out;
}

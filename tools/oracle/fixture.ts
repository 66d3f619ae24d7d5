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

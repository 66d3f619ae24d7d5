// make oracle: records what Linux really prints for the shared scenarios (test/oracle/scenarios).
// Debian's own 6.1 arm64 kernel (build/real-modules/root/boot/vmlinuz-*) boots under
// qemu-system-aarch64 with an initramfs holding busybox-static, kmod 30 and its libraries (arm64
// packages from Debian's archive, `apt-get download` + `dpkg-deb -x`, cached in build/oracle/),
// the fixture tree (tools/oracle/fixture.ts) and an /init that runs one scenario and powers off.
// One boot per scenario, so taint and loaded modules never leak from one to the next.
//
//   tools/oracle/record.ts [NAME ...]     (default: every scenario)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync, rmSync, lstatSync, readlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { buildTree, scenarioNames, scenarioCommands, scenarioCmdline, initScript, SCENARIO_DIR, RECORDED_DIR, MARK, END, INFO } from './fixture.ts';
import { cpioNewc, type CpioEntry } from './cpio.ts';
import { compareAll, summary } from './compare.ts';

const OUT = join(REPO_ROOT, 'build', 'oracle');
const REAL = join(REPO_ROOT, 'build', 'real-modules');
const DEBS = ['busybox-static:arm64', 'kmod:arm64', 'libkmod2:arm64', 'libc6:arm64', 'liblzma5:arm64', 'libzstd1:arm64', 'libssl3:arm64'];
const BUSYBOX_APPLETS = ['sh', 'mount', 'cat', 'echo', 'ls', 'dmesg', 'poweroff', 'uname', 'tr', 'head', 'mkdir', 'sleep'];
const QEMU = 'qemu-system-aarch64';
const TIMEOUT_MS = 180_000;

const log = (s: string) => process.stderr.write(`oracle: ${s}\n`);
const sh = (cmd: string, args: string[], cwd?: string) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function haveCommand(c: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${c}`]).status === 0;
}

function ensureQemu() {
  if (haveCommand(QEMU)) return;
  log('installing qemu-system-arm (apt-get)');
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'qemu-system-arm'], {
    stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** arm64 packages from Debian's archive, extracted into build/oracle/sysroot (cached). */
function ensureSysroot(): { sysroot: string; versions: string[] } {
  const debs = join(OUT, 'debs');
  const sysroot = join(OUT, 'sysroot');
  mkdirSync(debs, { recursive: true });
  const have = () => readdirSync(debs).filter((f) => f.endsWith('.deb'));
  const missing = DEBS.filter((p) => !have().some((f) => f.startsWith(p.replace(/:arm64$/, '') + '_')));
  if (missing.length) {
    if (!sh('dpkg', ['--print-foreign-architectures']).split('\n').includes('arm64')) {
      execFileSync('dpkg', ['--add-architecture', 'arm64']);
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    }
    log(`apt-get download ${missing.join(' ')}`);
    execFileSync('apt-get', ['download', '-q', ...missing], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const stamp = join(sysroot, '.stamp');
  const list = have().sort();
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== list.join('\n')) {
    rmSync(sysroot, { recursive: true, force: true });
    mkdirSync(sysroot, { recursive: true });
    for (const f of list) sh('dpkg-deb', ['-x', join(debs, f), sysroot]);
    writeFileSync(stamp, list.join('\n'));
  }
  const versions = list.map((f) => sh('dpkg-deb', ['-f', join(debs, f), 'Package', 'Version']).trim().replace(/\n/g, ' ').replace(/Package: |Version: /g, ''));
  return { sysroot, versions };
}

/** Every file, directory and symlink under DIR, as cpio entries at PREFIX. */
function walk(dir: string, prefix: string, skip: (rel: string) => boolean, out: CpioEntry[]) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const rel = relative(dir, p);
    const to = `${prefix}/${rel}`.replace(/^\/+/, '');
    if (skip(to)) continue;
    const st = lstatSync(p);
    if (st.isSymbolicLink()) out.push({ name: to, mode: 0o120777, data: Buffer.from(readlinkSync(p)) });
    else if (st.isDirectory()) {
      out.push({ name: to, mode: 0o40755 });
      walk(p, to, skip, out);
    } else if (st.isFile()) out.push({ name: to, mode: 0o100000 | (st.mode & 0o777), data: readFileSync(p) });
  }
}

function initramfs(sysroot: string, fixture: string, init: string): Buffer {
  const e: CpioEntry[] = [];
  const skip = (p: string) => /^(usr\/share|usr\/lib\/aarch64-linux-gnu\/(engines|ossl-modules|gconv|audit))(\/|$)/.test(p) || p === '.stamp';
  walk(sysroot, '', skip, e);
  const names = new Set(e.map((x) => x.name));
  walk(fixture, '', () => false, e);
  for (const d of ['proc', 'sys', 'dev', 'tmp', 'sbin', 'bin', 'root']) if (!names.has(d)) e.push({ name: d, mode: 0o40755 });
  e.push({ name: 'dev/console', mode: 0o20600, rdev: [5, 1] });
  for (const a of BUSYBOX_APPLETS) if (!names.has(`bin/${a}`)) e.push({ name: `bin/${a}`, mode: 0o120777, data: Buffer.from('busybox') });
  e.push({ name: 'init', mode: 0o100755, data: Buffer.from(init) });
  // Directories before their contents; later duplicates (fixture over sysroot) win by coming last.
  const seen = new Map<string, CpioEntry>();
  for (const x of e) seen.set(x.name, x);
  return cpioNewc([...seen.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
}

function qemuVersion(): string {
  return sh(QEMU, ['--version']).split('\n')[0].trim();
}

function record(name: string, sysroot: string, fixture: string, kernel: string, header: string[]): { commands: number; seconds: number } {
  const text = readFileSync(join(REPO_ROOT, SCENARIO_DIR, `${name}.kml`), 'utf8');
  const commands = scenarioCommands(text);
  const cmdline = scenarioCmdline(text);
  const img = join(OUT, `${name}.cpio`);
  writeFileSync(img, initramfs(sysroot, fixture, initScript(commands)));
  const t0 = Date.now();
  const r = spawnSync(QEMU, [
    '-M', 'virt', '-cpu', 'cortex-a57', '-smp', '1', '-m', '512M', '-nographic', '-no-reboot', '-nic', 'none',
    '-kernel', kernel, '-initrd', img, '-append', ['console=ttyAMA0 quiet panic=-1', ...cmdline].join(' '),
  ], { encoding: 'utf8', timeout: TIMEOUT_MS, maxBuffer: 64 << 20 });
  const seconds = (Date.now() - t0) / 1000;
  const console = (r.stdout ?? '').replace(/\r/g, '').split('\n');
  writeFileSync(join(OUT, `${name}.console`), console.join('\n'));
  if (!console.includes(END)) {
    throw new Error(`${name}: the guest did not finish (status ${r.status}, ${r.error ?? ''}); console in build/oracle/${name}.console`);
  }
  const info = console.filter((l) => l.startsWith(INFO + ' ')).map((l) => l.slice(INFO.length + 1));
  const body: string[] = [];
  let on = false;
  for (const l of console) {
    if (l === END) break;
    if (l.startsWith(MARK + ' ')) { on = true; body.push(l.slice(MARK.length + 1)); continue; }
    if (on) body.push(l);
  }
  const out = [
    `# Recorded by make oracle (tools/oracle/record.ts) from ${SCENARIO_DIR}/${name}.kml`,
    ...header,
    ...info.map((l) => `# ${l}`),
    ...body,
    '',
  ];
  writeFileSync(join(REPO_ROOT, RECORDED_DIR, `${name}.txt`), out.join('\n'));
  return { commands: commands.length, seconds };
}

function main() {
  const t0 = Date.now();
  const boot = join(REAL, 'root', 'boot');
  if (!existsSync(boot)) throw new Error('build/real-modules is missing: run make real-modules');
  const kernel = join(boot, readdirSync(boot).find((f) => f.startsWith('vmlinuz-'))!);
  ensureQemu();
  const { sysroot, versions } = ensureSysroot();
  const fixture = join(OUT, 'fixture');
  rmSync(fixture, { recursive: true, force: true });
  buildTree(fixture, REAL);
  mkdirSync(join(REPO_ROOT, RECORDED_DIR), { recursive: true });
  const header = [
    `# qemu: ${qemuVersion()} -M virt -cpu cortex-a57 -smp 1 -m 512M, kernel ${relative(REPO_ROOT, kernel).replace(/^build\/real-modules\//, '')}`,
    `# packages: ${versions.join(', ')}`,
  ];
  const names = process.argv.slice(2).length ? process.argv.slice(2) : scenarioNames(REPO_ROOT);
  let commands = 0;
  for (const n of names) {
    const r = record(n, sysroot, fixture, kernel, header);
    commands += r.commands;
    log(`${n}: ${r.commands} commands, boot and run ${r.seconds.toFixed(1)} s`);
  }
  log(`recorded ${names.length} scenarios, ${commands} commands in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // kmodlab on the same scenarios (tools/oracle/compare.ts prints each difference)
  log(summary(compareAll(names)).replace(/^oracle: /, 'kmodlab against these recordings: '));
}

main();

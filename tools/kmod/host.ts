// The kmod programs the command line runs on the host's files (`kmodlab depmod`, `kmodlab modinfo
// FILE.ko`), apart from tools/programs.ts: that table imports the whole machine, which these do
// not need, and loading it was a third of `kmodlab depmod`'s time.
import { existsSync } from 'node:fs';
import { UTS_RELEASE } from '../../kernel/utsrelease.ts';
import { depmodMain } from './depmod.ts';
import { runModinfo } from './modinfo.ts';
import { MODDIR, DEFAULT_MODDIR } from './machine.ts';

export interface HostStreams {
  stdout(b: Buffer): void;
  stderr(b: Buffer): void;
}

/** `kmodlab depmod`: without -b, /lib/modules/<release> is the machine's (make examples fills
 *  it), not the host's, and there is no /etc/depmod.d; with -b, the tree given. */
export function depmodHost(args: string[], s: HostStreams): number {
  const based = args.some((a) => a === '-b' || /^-[^-]*b/.test(a) || a.startsWith('--basedir'));
  const mine = (p: string) => (p === MODDIR || p.startsWith(MODDIR + '/') ? DEFAULT_MODDIR + p.slice(MODDIR.length) : p);
  return depmodMain(args, {
    stdout: (t) => s.stdout(Buffer.from(t, 'latin1')),
    stderr: (t) => s.stderr(Buffer.from(t, 'latin1')),
  }, based ? { uname: UTS_RELEASE } : { uname: UTS_RELEASE, mapPath: mine, configPaths: [] });
}

/** The NAMEs among modinfo's operands: looked up in the machine's module directory, on a
 *  machine booted for the purpose (tools/programs.ts), as kmod looks in /lib/modules/$(uname -r). */
export function modinfoNames(args: string[]): string[] {
  return args.filter((a, i) => !a.startsWith('-') && !/^-[^-]*[Fkb]$/.test(args[i - 1] ?? '') && !existsSync(a));
}

/** `kmodlab modinfo FILE.ko ...`: files as they are (.modinfo values need not be UTF-8). */
export function modinfoHost(args: string[], s: HostStreams): number {
  const r = runModinfo(args, { stderr: (b) => s.stderr(b) });
  if (r.stdout.length) s.stdout(r.stdout);
  return r.status;
}

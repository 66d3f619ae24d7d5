// What the kmod tools see of the machine they run on, one record per machine (per Kernel):
// /lib/modules/<release> and /etc/modprobe.d as host paths (`boot moddir=`, `boot modprobe.d=`),
// and the owner names the tools take the /proc/modules lock with (numbered per machine, so a
// second machine in the same process names them the same way).
import { join } from 'node:path';
import type { Kernel } from '../../kernel/kernel.ts';
import { REPO_ROOT } from '../../emu/repo-root.ts';
import { UTS_RELEASE } from '../../kernel/utsrelease.ts';
import { PerKernel } from '../../kernel/attached.ts';

/** The machine's module directory. */
export const MODDIR = `/lib/modules/${UTS_RELEASE}`;

/** The host directory shown as MODDIR unless `boot moddir=` says otherwise (`make examples` fills it). */
export const DEFAULT_MODDIR = join(REPO_ROOT, 'build', 'lib', 'modules', UTS_RELEASE);

/** The machine's module files: /lib/modules/<release> and modprobe.d, on the host. */
export interface ModuleFiles {
  /** Host directory shown to the machine as /lib/modules/<release>. */
  moddir: string;
  /** Host directories (or files) read as the machine's modprobe.d, in order. */
  confDirs: string[];
}

interface MachineTools { files: ModuleFiles; owners: Map<string, number> }
const machines = new PerKernel<MachineTools>();

function of(k: Kernel): MachineTools {
  let m = machines.get(k);
  if (!m) machines.set(k, (m = { files: { moddir: DEFAULT_MODDIR, confDirs: [] }, owners: new Map() }));
  return m;
}

/** The machine's module directory and modprobe.d. */
export function moduleFiles(k: Kernel): ModuleFiles {
  return of(k).files;
}

/** A new owner name for the /proc/modules lock: "modprobe[1]", "modprobe[2]", ... per machine. */
export function lockOwner(k: Kernel, prog: string): string {
  const owners = of(k).owners;
  const n = (owners.get(prog) ?? 0) + 1;
  owners.set(prog, n);
  return `${prog}[${n}]`;
}

/** Maps a path of the machine (/lib/modules/<release>/...) to the host. */
export function hostPath(files: ModuleFiles, p: string): string {
  if (p === MODDIR) return files.moddir;
  if (p.startsWith(MODDIR + '/')) return join(files.moddir, p.slice(MODDIR.length + 1));
  return p;
}

// How the tools boot a machine: the kernel (kernel/boot.ts), then what the tools give every
// machine they boot -- its module directory and its user-mode helper (tools/umh.ts), so that
// call_usermodehelper_wait and request_module have programs to run. Every tool that boots a
// machine (the console, bulk, installer, bench) does it here.
import type { Kernel, BootOptions } from '../kernel/kernel.ts';
import { boot } from '../kernel/boot.ts';
import { installUsermodeHelper, type HelperOptions } from './umh.ts';
import { moduleFiles } from './kmod/machine.ts';

export interface MachineOptions extends HelperOptions {
  /** Host directory shown as /lib/modules/<release> (default: build/lib/modules/<release>). */
  moddir?: string;
  /** Run on the new kernel before the helper is installed (boot options' after-boot steps). */
  after?: ((k: Kernel) => void)[];
}

export function bootMachine(opts: BootOptions = {}, o: MachineOptions = {}): Kernel {
  const k = boot(opts);
  if (o.moddir) moduleFiles(k).moddir = o.moddir;
  for (const fn of o.after ?? []) fn(k);
  installUsermodeHelper(k, o);
  return k;
}

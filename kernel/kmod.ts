// request_module(): what Linux does by running modprobe_path ("/sbin/modprobe -q -- NAME") as a
// user-mode helper and waiting for it. The C kernel core's __request_module (kernel/core/kmod.c)
// calls the __kmodlab_modprobe service; the calling thread sleeps (call_usermodehelper_exec with
// UMH_WAIT_PROC) while call_usermodehelper (kernel/umh.ts) runs modprobe, then wakes
// up with modprobe's wait status: 0 if the module is (now) loaded, exit status << 8 if not.
//
// Which programs exist is the tools layer's business: it gives each machine it boots a helper
// (setUsermodehelper), which also sets modprobe_path. A machine without one has no modprobe
// (modprobe_path is empty) and request_module returns -ENOENT, as Linux does with
// CONFIG_MODPROBE_PATH="".
import type { Kernel } from './kernel.ts';
import type { TrapAction } from '../emu/machine.ts';
import { runBesideSleepingThread, call_usermodehelper, type UsermodeHelper } from './umh.ts';
import type { ServiceCall } from './service-args.ts';

const MODPROBE_PATH = '/sbin/modprobe';

function writeModprobePath(k: Kernel) {
  const path = k.usermodehelper ? MODPROBE_PATH : '';
  k.machine.write(k.symbol('modprobe_path'), new Uint8Array(Buffer.from(path + '\0', 'latin1')));
}

/** Boot: a machine that has a helper already gets modprobe_path. */
export function initKmod(k: Kernel) {
  if (k.usermodehelper) writeModprobePath(k);
}

/** Gives machine k its user-mode helper (the tools do, when they boot it), and so its modprobe. */
export function setUsermodehelper(k: Kernel, helper: UsermodeHelper | undefined) {
  k.usermodehelper = helper;
  writeModprobePath(k);
}

/** The wait status of a program that exited with `status` (139: killed by SIGSEGV). */
function waitStatus(status: number): number {
  return status === 139 ? 11 : (status & 0xff) << 8;
}

/**
 * request_module from TypeScript: runs "/sbin/modprobe -q -- NAME" with the machine's helper;
 * its wait status (256 when the machine has none), or 'waiting' when done() will get it.
 */
export function request_module(k: Kernel, name: string, cpu = 0, done: (status: number) => void = () => {}): 'waiting' | number {
  const r = call_usermodehelper(k, [MODPROBE_PATH, '-q', '--', name], (s) => done(waitStatus(s)), { cpu, quiet: true });
  if (r === null) return 256;
  return r === 'waiting' ? r : waitStatus(r);
}

/**
 * long __kmodlab_modprobe(const char *name, int wait): the first call queues the request and
 * puts the thread to sleep (returning -EINPROGRESS when it wakes); the call after that
 * returns the wait status. The request runs from the scheduler's round hook, between slices,
 * as a user-mode helper would run beside the sleeping caller.
 */
export function modprobeService(c: ServiceCall): bigint | TrapAction {
  const k = c.k;
  const t = k.sched.current(c.cpu);
  const name = k.machine.readString(c.core.x(0), 64);
  if (!t) {
    // Not from a thread: nobody to put to sleep, so only a modprobe that finishes at once counts.
    const r = request_module(k, name, c.cpu);
    return BigInt(r === 'waiting' ? 256 : r);
  }
  return runBesideSleepingThread(c, t, (done) => request_module(k, name, c.cpu, done));
}

// ^C for blocking commands: `interrupt CYCLES` arms one that arrives CYCLES cycles into the
// next blocking wait (deterministic, for scenarios); the shell sends one on a real ^C.
import { readSync } from 'node:fs';
import type { Kernel } from '../../kernel/kernel.ts';
import { defineCommand, ScenarioError } from './registry.ts';
import { parseCycles } from './tasks.ts';
import { PerKernel } from '../../kernel/attached.ts';

const armed = new PerKernel<{ after: bigint; at: bigint | null; raised: boolean }>();

/** Arms a ^C `after` cycles into the next wait. */
export function armInterrupt(k: Kernel, after: bigint) {
  armed.set(k, { after, at: null, raised: false });
}

/** A real ^C (the shell's SIGINT): the current or next wait ends at once. */
export function raiseInterrupt(k: Kernel) {
  armed.set(k, { after: 0n, at: null, raised: true });
}

/**
 * A terminal in raw mode (the shell's readline, the dashboard) delivers ^C as a 0x03 byte, and
 * the emulation runs synchronously: so a blocking wait reads the terminal itself, now and then
 * (every 64th poll of the machine's waits). The terminal is the process's, so whether it is
 * polled is too; the count of polls is the machine's.
 */
let ttyPolling = false;
export function pollTerminalForInterrupt(on: boolean) {
  ttyPolling = on;
}
const polls = new PerKernel<number>();
function ttyInterrupted(k: Kernel): boolean {
  if (!ttyPolling) return false;
  const n = (polls.get(k) ?? 0) + 1;
  polls.set(k, n);
  if (n % 64) return false;
  const b = Buffer.alloc(64);
  try {
    const got = readSync(0, b, 0, b.length, null);
    return b.subarray(0, got).includes(3);
  } catch {
    return false; // EAGAIN: nothing typed
  }
}

/** The predicate a blocking wait polls; consumes the interrupt when it fires. */
export function interruptCheck(k: Kernel, onFire: () => void): () => boolean {
  return () => {
    if (ttyInterrupted(k)) {
      armed.delete(k);
      onFire();
      return true;
    }
    const a = armed.get(k);
    if (!a) return false;
    if (a.at === null) a.at = k.sched.clock + a.after;
    if (a.raised || k.sched.clock >= a.at) {
      armed.delete(k);
      onFire();
      return true;
    }
    return false;
  };
}

defineCommand('interrupt', {
  usage: 'interrupt CYCLES',
  help: 'a ^C arrives CYCLES cycles into the next blocking command (rmmod -w)',
  run(c) {
    const n = c.texts.length === 1 ? parseCycles(c.texts[0]) : null;
    if (n === null) throw new ScenarioError(`usage: ${this.usage}`);
    armInterrupt(c.kernel, n);
  },
});

// One schedule: the scenario run from boot with a policy choosing at every scheduling point and
// the detectors watching. The machine is booted afresh for each schedule (no snapshot yet).
import { dirname, resolve as resolvePath } from 'node:path';
import { Reg } from '../../emu/machine.ts';
import type { GuestThread } from '../../emu/scheduler.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { Console, ScenarioError } from '../console.ts';
import { Detectors, type Finding } from './detectors.ts';
import type { Policy, Switch } from './policy.ts';

/**
 * Freed module memory kept poisoned before kmalloc may reuse it: with KASAN's quarantine a
 * stale access lands on poison, not on the next owner's object (kernel/mm/slab.ts).
 */
export const EXPLORE_QUARANTINE = 4 << 20;

export interface ScheduleResult {
  status: 0 | 2;
  /** FILE:LINE: message of a malformed scenario. */
  error?: string;
  findings: Finding[];
  steps: number;
  switches: Switch[];
  widths: number[];
  transcript: string[];
  /** Machine time at the end, in cycles. */
  cycles: bigint;
}

export function runSchedule(text: string, file: string, policy: Policy): ScheduleResult {
  const transcript: string[] = [];
  let error: string | undefined;
  let det: Detectors | null = null;
  let kernel: Kernel | null = null;
  const c = new Console({
    baseDir: dirname(resolvePath(file)), echo: true, boot: { quarantine: EXPLORE_QUARANTINE },
    write: (l) => transcript.push(l), writeError: (l) => { error = l; },
  });
  c.onBoot = (k) => {
    kernel = k;
    det = install(k, policy);
  };
  const lines = text.split('\n');
  let status: 0 | 2 = 0;
  for (let i = 0; i < lines.length; i++) {
    try {
      c.exec(lines[i]);
    } catch (e) {
      if (e instanceof ScenarioError) {
        error = `${file}:${i + 1}: ${e.message}`;
        status = 2;
        break;
      }
      throw e;
    }
  }
  const k = kernel as Kernel | null;
  let cycles = 0n;
  if (k && det && status === 0) {
    drain(k, det);
    cycles = k.sched.clock;
  }
  k?.close();
  return { status, error, findings: det ? (det as Detectors).findings : [], steps: policy.steps, switches: policy.switches, widths: policy.widths, transcript, cycles };
}

/**
 * After the scenario's last line: its threads may not be over. Let them finish (a preempted
 * reader resumes in freed memory here), then see who can never finish.
 */
export function drain(k: Kernel, det: Detectors): void {
  const all = () => k.sched.threads().every((t) => t.done || t.daemon);
  const r = k.sched.runUntil(all, BigInt(k.opts.callLimit));
  const stuck: GuestThread[] = r === 'idle' ? k.sched.threads().filter((t) => !t.done && !t.daemon && t.state === 'blocked') : [];
  det.finish(stuck);
}

/** Makes the kernel's scheduler ask the policy at every point and wires the detectors in. */
export function install(k: Kernel, policy: Policy): Detectors {
  const d = new Detectors(k);
  k.machine.setPoints(true);
  k.sched.policy = {
    choose: (o, cont) => policy.choose(o, cont),
    point: (core, t, r) => d.point(core, t, r),
    switchOut: (core, t) => d.switchOut(core, t),
    resume: (core, t) => d.resume(core, t),
  };
  k.sched.mayPreempt = (core, t) => {
    if (k.opts.preempt !== 'full') return false;
    const task = k.taskOf(t);
    if (!task) return false;
    const count = k.machine.readU32(task.struct + k.task.preemptCount);
    return count === 0 && (core.reg(Reg.PSTATE) & 0x80n) === 0n;
  };
  const ev = k.sched.events;
  const { fault, exit } = ev;
  ev.fault = (t, f) => { fault?.(t, f); d.fault(t, f); };
  // Before the kernel gives the task_struct back.
  ev.exit = (t) => { d.exit(t); exit?.(t); };
  ev.block = (t) => d.block(t);
  const modules = k.events.modules;
  k.events.modules = () => { modules?.(); d.syncRanges(); d.stateChanged(); };
  d.syncRanges();
  return d;
}

// One schedule: the scenario run from its boot with a policy choosing at every scheduling point
// and the detectors watching. The machine boots once; each schedule starts from a checkpoint
// taken after the boot.
import { dirname, resolve as resolvePath } from 'node:path';
import { Reg } from '../../emu/machine.ts';
import type { GuestThread } from '../../emu/scheduler.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { Console, ScenarioError } from '../console.ts';
import { Detectors, type Finding } from './detectors.ts';
import { KernelCheckpoint } from '../../kernel/checkpoint.ts';
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

/**
 * The schedules of one scenario, run one after the other on one machine: it boots once (the
 * scenario's boot line, or a default boot), a checkpoint is taken, and every schedule starts
 * from it (kernel/checkpoint.ts) -- the same state a fresh boot would give, without the boot.
 */
export class ScheduleRunner {
  private readonly lines: string[];
  private readonly console: Console;
  private readonly sink = { transcript: [] as string[], error: undefined as string | undefined };
  private kernel: Kernel | null = null;
  private checkpoint: KernelCheckpoint | null = null;
  /** Where the scenario goes on after its boot, and what it printed until then. */
  private next = 0;
  private prefix: string[] = [];
  private bootError: string | null = null;
  /** Schedules run so far, and RAM pages written back between them (figures). */
  runs = 0;

  /** reuse: false for a single schedule (a replay), which needs no checkpoint. */
  constructor(text: string, private readonly file: string, private readonly reuse = true) {
    this.lines = text.split('\n');
    const sink = this.sink;
    // The console keeps these closures across restores: they write wherever the sink points.
    this.console = new Console({
      baseDir: dirname(resolvePath(file)), echo: true, boot: { quarantine: EXPLORE_QUARANTINE },
      write: (l) => sink.transcript.push(l), writeError: (l) => { sink.error = l; },
    });
  }

  private boot(): Kernel | null {
    if (this.kernel || this.bootError) return this.kernel;
    const c = this.console;
    // Blank and comment lines, then the boot line if there is one.
    let i = 0;
    for (; i < this.lines.length; i++) {
      const l = this.lines[i].trim();
      if (l && !l.startsWith('#')) break;
    }
    try {
      if (i < this.lines.length && /^boot(\s|$)/.test(this.lines[i].trim())) c.exec(this.lines[i++]);
      else c.boot([]);
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      this.bootError = `${this.file}:${i + 1}: ${e.message}`;
      return null;
    }
    this.next = i;
    this.prefix = [...this.sink.transcript];
    this.kernel = c.kernel!;
    if (this.reuse) this.checkpoint = new KernelCheckpoint(this.kernel, [c]);
    return this.kernel;
  }

  run(policy: Policy): ScheduleResult {
    const k = this.boot();
    const transcript = [...this.prefix];
    if (!k) return { status: 2, error: this.bootError!, findings: [], steps: 0, switches: [], widths: [], transcript, cycles: 0n };
    if (this.runs++) {
      if (!this.checkpoint) throw new Error('ScheduleRunner: a second schedule on a runner made for one');
      this.checkpoint.restore();
    }
    this.sink.transcript = transcript;
    this.sink.error = undefined;
    const det = install(k, policy);
    let status: 0 | 2 = 0;
    let error: string | undefined;
    for (let i = this.next; i < this.lines.length; i++) {
      try {
        this.console.exec(this.lines[i]);
      } catch (e) {
        if (e instanceof ScenarioError) {
          error = `${this.file}:${i + 1}: ${e.message}`;
          status = 2;
          break;
        }
        throw e;
      }
    }
    let cycles = 0n;
    if (status === 0) {
      drain(k, det);
      cycles = k.sched.clock;
    }
    return { status, error, findings: det.findings, steps: policy.steps, switches: policy.switches, widths: policy.widths, transcript, cycles };
  }

  /** Host objects a restore puts back, and RAM pages written back so far. */
  get objects() { return this.checkpoint?.objects ?? 0; }
  get pagesRestored() { return this.checkpoint?.pagesRestored ?? 0; }

  close() {
    this.checkpoint?.dispose();
    this.kernel?.close();
    this.checkpoint = null;
    this.kernel = null;
  }
}

/** One schedule on a machine of its own (a replay). */
export function runSchedule(text: string, file: string, policy: Policy): ScheduleResult {
  const r = new ScheduleRunner(text, file, false);
  try {
    return r.run(policy);
  } finally {
    r.close();
  }
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

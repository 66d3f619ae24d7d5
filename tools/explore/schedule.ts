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
import { Policy, ForcedPolicy, type Switch } from './policy.ts';

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
 * The schedules of one scenario, run one after the other on one machine. It boots once (the
 * scenario's boot line, or a default boot) with the detectors installed, and a checkpoint is
 * taken (kernel/checkpoint.ts); every schedule starts from it -- the state a fresh boot gives,
 * without the boot. Once the first schedule has shown how many lines run before the first
 * choice point (insmod, say), the checkpoint moves past them: no policy can change those.
 */
export class ScheduleRunner {
  private readonly lines: string[];
  private readonly console: Console;
  private readonly sink = { transcript: [] as string[], error: undefined as string | undefined };
  /** The policy of the schedule running: the scheduler's hooks call through this. */
  private readonly slot: { current: Policy } = { current: new ForcedPolicy([]) };
  private kernel: Kernel | null = null;
  private detectors: Detectors | null = null;
  private checkpoint: KernelCheckpoint | null = null;
  /** Where the checkpointed state goes on in the scenario, and what it printed until then. */
  private next = 0;
  private prefix: string[] = [];
  /** The line schedules can start at: no choice point before it (learnt from the first schedule). */
  private common = -1;
  private bootError: string | null = null;
  /** Schedules run so far. */
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
    this.detectors = install(this.kernel, this.slot);
    if (this.reuse) this.checkpoint = new KernelCheckpoint(this.kernel, [c, this.detectors]);
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
    this.slot.current = policy;
    this.sink.transcript = transcript;
    this.sink.error = undefined;
    const det = this.detectors!;
    let status: 0 | 2 = 0;
    let error: string | undefined;
    for (let i = this.next; i < this.lines.length; i++) {
      this.lineBoundary(k, i, policy);
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
    if (status === 0) this.lineBoundary(k, this.lines.length, policy);
    let cycles = 0n;
    if (status === 0) {
      drain(k, det);
      cycles = k.sched.clock;
    }
    return { status, error: error ?? this.sink.error, findings: [...det.findings], steps: policy.steps, switches: policy.switches, widths: policy.widths, transcript, cycles };
  }

  /**
   * Before line i. The first schedule notes the last line boundary reached before any choice
   * point with nothing but the kernel's own threads alive (a user task's program is a host
   * generator, which no checkpoint can rewind); the second moves the checkpoint there.
   */
  private lineBoundary(k: Kernel, i: number, policy: Policy) {
    if (this.runs === 1 && policy.steps === 0 && k.sched.threads().every((t) => t.done || t.daemon)) this.common = i;
    if (this.runs === 2 && i === this.common && i > this.next) this.moveCheckpoint(k, i, policy);
  }

  private moveCheckpoint(k: Kernel, line: number, policy: Policy) {
    if (!this.reuse || policy.steps !== 0) return;
    this.checkpoint!.dispose();
    this.checkpoint = new KernelCheckpoint(k, [this.console, this.detectors!]);
    this.prefix = [...this.sink.transcript];
    this.next = line;
  }

  /** Host objects a restore puts back, RAM pages written back so far, the line schedules start at. */
  get objects() { return this.checkpoint?.objects ?? 0; }
  get pagesRestored() { return this.checkpoint?.pagesRestored ?? 0; }
  get startLine() { return this.next; }

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
export function install(k: Kernel, policy: Policy | { current: Policy }): Detectors {
  const slot = policy instanceof Policy ? { current: policy } : policy;
  const d = new Detectors(k);
  k.machine.setPoints(true);
  k.sched.policy = {
    choose: (o, cont) => slot.current.choose(o, cont),
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

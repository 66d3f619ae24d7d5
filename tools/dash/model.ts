// The dashboard's model: a scenario played one command at a time through the console, and
// what an observer may see of the machine after each command and at each module state change
// inside a command (plain snapshots, kernel log records). No terminal here.
import { basename, dirname, resolve } from 'node:path';
import { Console, ScenarioError } from '../console.ts';
import { lex } from '../scenario/lex.ts';
import { snapshot, type Snapshot } from '../../kernel/snapshot.ts';
import { recordPrintText, type LogRecord } from '../../kernel/printk.ts';
import type { Kernel, BootOptions } from '../../kernel/kernel.ts';
import { gracePeriods } from '../../kernel/synchronize.ts';
import { module_refcount } from '../../kernel/module/main.ts';

/** A module's state change with the machine clock it happened at ("gone" when unloaded). */
export interface StateStamp { state: string; cycles: bigint; seq: number }

/** Adds a module's stamp to a timeline (the Player's, or the terminal's copy of it). */
export function addStamp(timeline: Map<string, StateStamp[]>, name: string, s: StateStamp) {
  let t = timeline.get(name);
  if (!t) timeline.set(name, (t = []));
  t.push({ state: s.state, cycles: s.cycles, seq: s.seq });
}

export interface TranscriptLine { text: string; kind: 'cmd' | 'out' | 'error' }
export interface DmesgLine { text: string; level: number }

/**
 * One picture of the machine: the snapshot, and how much of the transcript and of the kernel
 * log existed when it was taken. Frames taken inside a command (a module changed state) let
 * the dashboard show COMING before LIVE although the command ran in one go.
 */
export interface Frame {
  snap: Snapshot | null;
  transcript: number;
  dmesg: number;
  /** What changed, e.g. "hello: COMING → LIVE" (frames taken inside a command). */
  note: string | null;
  /** Commands completed when the frame was taken. */
  done: number;
  /** The command (1-based) the frame belongs to; 0 before the first. */
  command: number;
  /** Frames taken before this one, in the whole play (orders it against timeline stamps). */
  seq: number;
}

/** Whether a scenario line holds a command (not blank, not only a comment). */
export function isCommand(line: string): boolean {
  try {
    return lex(line).length > 0;
  } catch {
    return true; // malformed: exec reports it
  }
}

export interface PlayerOptions {
  /** Directory relative paths resolve against (default: the scenario's). */
  baseDir?: string;
  boot?: BootOptions;
  /** Called when the scenario boots its machine, before the player observes it. */
  onBoot?: (k: Kernel) => void;
  /** Called once the last command has run: lines to add to the transcript (a verdict). */
  onEnd?: (k: Kernel) => string[];
  /** Called for every frame as it is taken (the dashboard's machine process streams them). */
  onFrame?: (f: Frame) => void;
  /**
   * Also take a frame between slices whenever this many host milliseconds have passed, so that
   * a long command is seen progressing. Display only: the machine never sees host time.
   */
  liveMs?: number;
}

export class Player {
  readonly lines: string[];
  /** Number of command lines in the scenario. */
  readonly total: number;
  /** Commands run so far. */
  done = 0;
  /** Index of the next line to run. */
  private pos = 0;
  readonly transcript: TranscriptLine[] = [];
  readonly dmesg: DmesgLine[] = [];
  /** "FILE:LINE: message" of a malformed line, or an internal failure; the play stops. */
  error: string | null = null;
  /** 2 for a malformed line, 1 for another failure, else 0. */
  status = 0;
  finished = false;
  readonly name: string;
  private readonly console: Console;
  private frames: Frame[] = [];
  private states = new Map<string, string>();
  /** Every module's state changes, stamped with the machine clock (the detail pane's timeline). */
  readonly timeline = new Map<string, StateStamp[]>();
  /** The same stamps in the order taken, with the module's name. */
  readonly stampLog: (StateStamp & { name: string })[] = [];
  private readonly onFrame?: (f: Frame) => void;
  private readonly liveMs?: number;
  private lastLive = 0;
  /** What the last grace-period picture saw, and the threads already seen running freed code. */
  private gpSig = '';
  private readonly inFreed = new Set<number>();
  private seq = 0;
  private anyGone = false;
  private unsubscribe: (() => void) | null = null;
  private echoPending: string | null = null;
  private command = 0;
  private readonly onEnd?: (k: Kernel) => string[];
  /** The last frame taken. */
  last: Frame;

  constructor(text: string, readonly file: string, opts: PlayerOptions = {}) {
    this.lines = text.split('\n');
    if (this.lines.length && this.lines[this.lines.length - 1] === '') this.lines.pop();
    this.total = this.lines.filter(isCommand).length;
    this.name = basename(file);
    this.console = new Console({
      baseDir: opts.baseDir ?? dirname(resolve(file)),
      echo: true,
      ...(opts.boot ? { boot: opts.boot } : {}),
      write: (l) => this.write(l),
    });
    this.console.onBoot = (k) => {
      opts.onBoot?.(k);
      this.attach(k);
    };
    this.onEnd = opts.onEnd;
    this.onFrame = opts.onFrame;
    this.liveMs = opts.liveMs;
    this.last = { snap: null, transcript: 0, dmesg: 0, note: null, done: 0, command: 0, seq: 0 };
  }

  get kernel(): Kernel | null {
    return this.console.kernel;
  }

  private write(line: string) {
    if (this.echoPending !== null && line === this.echoPending) {
      this.transcript.push({ text: line, kind: 'cmd' });
    } else {
      this.transcript.push({ text: line, kind: /^=> (oops|stuck)/.test(line) ? 'error' : 'out' });
    }
    this.echoPending = null;
  }

  private attach(k: Kernel) {
    for (const r of k.log.records()) this.logRecord(r);
    this.unsubscribe = k.log.subscribe((r) => this.logRecord(r));
    const prev = k.events.modules;
    k.events.modules = () => {
      prev?.();
      this.modulesChanged(k);
    };
    const round = k.sched.events.round;
    k.sched.events.round = () => {
      round?.();
      this.round(k);
    };
    const fault = k.sched.events.fault;
    k.sched.events.fault = (t, f) => {
      fault?.(t, f);
      const task = k.tasks.get(t);
      this.capture(k, `${task?.comm ?? t.name}: ${f.kind} fault at ${k.kallsyms.format(f.pc)} on cpu${t.cpu}`);
    };
    this.capture(k, `booted: ${k.opts.cpus} CPU${k.opts.cpus > 1 ? 's' : ''}`);
    this.states = new Map((this.frames.at(-1)?.snap?.modules ?? []).map((m) => [m.name, m.state]));
    for (const [name, state] of this.states) this.stamp(name, state, k.sched.clock);
  }

  private stamp(name: string, state: string, cycles: bigint) {
    addStamp(this.timeline, name, { state, cycles, seq: this.seq });
    this.stampLog.push({ name, state, cycles, seq: this.seq });
  }

  /**
   * Between slices: a frame whenever a grace period starts, a CPU passes a quiescent state, it
   * ends, or a thread runs code of a module that was unloaded, so that what rmmod waits for
   * and the moment freed code runs are pictures of their own, not lost inside one command.
   */
  private round(k: Kernel) {
    if (this.liveMs !== undefined) {
      const now = Date.now();
      if (now - this.lastLive >= this.liveMs) {
        this.lastLive = now;
        this.capture(k, null);
      }
    }
    this.goingRefs(k);
    if (k.gracePeriods || this.gpSig) {
      // What each grace period has seen so far; a change of it is a picture.
      let gp = '';
      let note = 'grace period over';
      for (const g of gracePeriods(k)) {
        gp += `${g.why}:${g.cpus.map(Number).join('')}:${g.holdouts.length};`;
        note = `grace period: ${g.why} (${g.cpus.filter(Boolean).length}/${g.cpus.length} CPUs passed${g.holdouts.length ? `, ${g.holdouts.length} task(s) awaited` : ''})`;
      }
      if (gp !== this.gpSig) {
        this.gpSig = gp;
        this.capture(k, note);
      }
    }
    if (!this.anyGone) return;
    for (const c of k.machine.cores) {
      const t = k.sched.current(c.id);
      if (!t || t.done || this.inFreed.has(t.id) || !k.kallsyms.lookup(c.pc)?.unloaded) continue;
      this.inFreed.add(t.id);
      this.capture(k, `${k.tasks.get(t)?.comm ?? t.name} runs freed code: ${k.kallsyms.format(c.pc)} (unloaded) on cpu${c.id}`);
    }
  }

  /** References still held on GOING modules: rmmod -w waits for these to be put back. */
  private readonly refsWhileGoing = new Map<string, number>();
  private goingRefs(k: Kernel) {
    if (!this.states.size) return;
    for (const m of k.modules) {
      if (m.state !== 'GOING' || !m.addr) {
        this.refsWhileGoing.delete(m.name);
        continue;
      }
      const n = module_refcount(k, m);
      const was = this.refsWhileGoing.get(m.name);
      this.refsWhileGoing.set(m.name, n);
      if (was !== undefined && was !== n && n >= 0) this.capture(k, `${m.name}: GOING, ${n} reference${n === 1 ? '' : 's'} still held`);
    }
  }

  private logRecord(r: LogRecord) {
    const text = recordPrintText(r).replace(/\n$/, '');
    for (const l of text.split('\n')) this.dmesg.push({ text: l, level: r.level });
  }

  private modulesChanged(k: Kernel) {
    let snap: Snapshot;
    try {
      snap = snapshot(k);
    } catch {
      return; // a module half-way through a change: the next frame shows it
    }
    const now = new Map(snap.modules.map((m) => [m.name, m.state]));
    const changes: string[] = [];
    for (const [name, state] of now) {
      const was = this.states.get(name);
      if (was !== state) {
        changes.push(was ? `${name}: ${was} → ${state}` : `${name}: ${state}`);
        this.stamp(name, state, snap.cycles);
      }
    }
    for (const [name] of this.states) {
      if (now.has(name)) continue;
      changes.push(`${name}: gone`);
      this.stamp(name, 'gone', snap.cycles);
      this.anyGone = true;
    }
    this.states = now;
    // A grace period that ended inside the command that freed the module needs no note of its own.
    if (!k.gracePeriods) this.gpSig = '';
    if (changes.length) this.push(snap, changes.join(', '));
  }

  private capture(k: Kernel | null, note: string | null) {
    let snap: Snapshot | null = null;
    if (k) {
      try {
        snap = snapshot(k);
      } catch {
        snap = this.last.snap;
      }
    }
    this.push(snap, note);
  }

  private push(snap: Snapshot | null, note: string | null) {
    const f: Frame = { snap, transcript: this.transcript.length, dmesg: this.dmesg.length, note, done: this.done, command: this.command, seq: ++this.seq };
    this.frames.push(f);
    this.last = f;
    if (this.liveMs !== undefined) this.lastLive = Date.now();
    this.onFrame?.(f);
  }

  /**
   * Runs the next command (blank and comment lines on the way are skipped) and returns the
   * frames taken: one per visible module change inside it, then the state after it.
   * Returns [] when the scenario is over.
   */
  step(): Frame[] {
    if (this.finished) return [];
    while (this.pos < this.lines.length && !isCommand(this.lines[this.pos])) this.pos++;
    if (this.pos >= this.lines.length) {
      this.finished = true;
      return [];
    }
    const i = this.pos++;
    const line = this.lines[i];
    this.frames = [];
    this.command++;
    this.echoPending = `$ ${line.trim()}`;
    try {
      this.console.exec(line);
      this.done++;
    } catch (e) {
      this.finished = true;
      if (e instanceof ScenarioError) {
        this.error = `${this.file}:${i + 1}: ${e.message}`;
        this.status = 2;
      } else {
        this.error = `kmodlab: ${e instanceof Error ? e.message : String(e)}`;
        this.status = 1;
      }
      this.transcript.push({ text: this.error, kind: 'error' });
    }
    this.echoPending = null;
    if (!this.finished && !this.lines.slice(this.pos).some(isCommand)) {
      this.finished = true;
      if (this.kernel && this.onEnd) for (const l of this.onEnd(this.kernel)) this.transcript.push({ text: l, kind: 'error' });
    }
    this.capture(this.kernel, null);
    return this.frames;
  }

  /** Runs everything that is left. */
  runAll(): void {
    while (!this.finished) this.step();
  }

  close() {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.console.kernel?.close();
  }
}

// ---- what the screen shows -----------------------------------------------------------------

export type PlayState = 'Playing' | 'Paused' | 'Done' | 'Error';

export interface CpuLine {
  cpu: number;
  task: string | null;
  pc: string | null;
  instructions: bigint;
  /** Instructions run during the frame's command. */
  delta: bigint;
  /** The last task seen on this CPU. */
  lastTask: string | null;
  /** Busy share of machine time since the previous picture, 0..1 (the meter). */
  load: number;
  /** The last loads, oldest first (the sparkline). */
  history: number[];
}

export interface DashView {
  scenario: string;
  state: PlayState;
  delayMs: number;
  done: number;
  total: number;
  snap: Snapshot | null;
  cpus: CpuLine[];
  transcript: TranscriptLine[];
  dmesg: DmesgLine[];
  note: string | null;
  /** Module state changes up to this picture, per module. */
  timeline: Map<string, StateStamp[]>;
}

const HISTORY = 48;
/** Machine cycles a load figure spans at least: pictures inside one slice would say 0% or 100%. */
const WINDOW = 20_000n;

/**
 * Remembers, per CPU, the last task seen, the instruction count at the end of the previous
 * command, and the busy share of machine time over the last WINDOW cycles or more, so that a
 * CPU that ran and went idle still says what ran there and how busy it was.
 */
export class CpuHistory {
  private lastTask: (string | null)[] = [];
  private base: bigint[] = [];
  private cur: bigint[] = [];
  private command = -1;
  /** (clock, busy per CPU) at the pictures seen, the oldest dropped once a newer one is a window old. */
  private samples: { clock: bigint; busy: bigint[] }[] = [];
  private loads: number[][] = [];
  private lastPush = -1n;
  private lastFrame: Frame | null = null;
  private lastLines: CpuLine[] = [];

  lines(frame: Frame): CpuLine[] {
    if (frame === this.lastFrame) return this.lastLines;
    this.lastFrame = frame;
    const cpus = frame.snap?.cpus ?? [];
    if (frame.command !== this.command) {
      this.base = this.cur.slice();
      this.command = frame.command;
    }
    const clock = frame.snap?.cycles ?? 0n;
    const busy = cpus.map((c) => c.busy);
    if (!this.samples.length || clock > this.samples.at(-1)!.clock) this.samples.push({ clock, busy });
    while (this.samples.length > 2 && clock - this.samples[1].clock >= WINDOW) this.samples.shift();
    const from = this.samples[0];
    const span = clock - from.clock;
    const push = span > 0n && (this.lastPush < 0n || clock - this.lastPush >= WINDOW);
    if (push) this.lastPush = clock;
    this.lastLines = cpus.map((c) => {
      if (c.task) this.lastTask[c.cpu] = c.task;
      this.cur[c.cpu] = c.instructions;
      const base = this.base[c.cpu] ?? 0n;
      const h = (this.loads[c.cpu] ??= []);
      const load = span > 0n ? Math.max(0, Math.min(1, Number(c.busy - (from.busy[c.cpu] ?? 0n)) / Number(span))) : (h.at(-1) ?? 0);
      if (push) {
        h.push(load);
        if (h.length > HISTORY) h.shift();
      }
      return {
        cpu: c.cpu, task: c.task, pc: c.pc, instructions: c.instructions,
        delta: c.instructions - base, lastTask: this.lastTask[c.cpu] ?? null,
        load, history: h.slice(),
      };
    });
    return this.lastLines;
  }
}

/** What a view needs of the play: a Player, or the terminal's copy of one in a child process. */
export type PlaySource = Pick<Player, 'name' | 'total' | 'transcript' | 'dmesg' | 'timeline'>;

export function viewOf(p: PlaySource, frame: Frame, cpus: CpuLine[], state: PlayState, delayMs: number): DashView {
  const timeline = new Map<string, StateStamp[]>();
  for (const [name, stamps] of p.timeline) {
    const upTo = stamps.filter((x) => x.seq < frame.seq);
    if (upTo.length) timeline.set(name, upTo);
  }
  return {
    scenario: p.name,
    state,
    delayMs,
    done: frame.done,
    total: p.total,
    snap: frame.snap,
    cpus,
    transcript: p.transcript.slice(0, frame.transcript),
    dmesg: p.dmesg.slice(0, frame.dmesg),
    note: frame.note,
    timeline,
  };
}

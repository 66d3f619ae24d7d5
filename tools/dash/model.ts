// The dashboard's model: a scenario played one command at a time through the console, and
// what an observer may see of the machine after each command and at each module state change
// inside a command (plain snapshots, kernel log records). No terminal here.
import { basename, dirname, resolve } from 'node:path';
import { Console, ScenarioError } from '../console.ts';
import { lex } from '../scenario/lex.ts';
import { snapshot, type Snapshot } from '../../kernel/snapshot.ts';
import { recordPrintText, type LogRecord } from '../../kernel/printk.ts';
import type { Kernel, BootOptions } from '../../kernel/kernel.ts';

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
    this.last = { snap: null, transcript: 0, dmesg: 0, note: null, done: 0, command: 0 };
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
    this.capture(k, `booted: ${k.opts.cpus} CPU${k.opts.cpus > 1 ? 's' : ''}`);
    this.states = new Map((this.frames.at(-1)?.snap?.modules ?? []).map((m) => [m.name, m.state]));
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
      if (was !== state) changes.push(was ? `${name}: ${was} → ${state}` : `${name}: ${state}`);
    }
    for (const [name] of this.states) if (!now.has(name)) changes.push(`${name}: gone`);
    this.states = now;
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
    const f: Frame = { snap, transcript: this.transcript.length, dmesg: this.dmesg.length, note, done: this.done, command: this.command };
    this.frames.push(f);
    this.last = f;
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
}

/**
 * Remembers, per CPU, the last task seen and the instruction count at the end of the
 * previous command, so that a CPU that ran and went idle still says what ran there.
 */
export class CpuHistory {
  private lastTask: (string | null)[] = [];
  private base: bigint[] = [];
  private cur: bigint[] = [];
  private command = -1;

  lines(frame: Frame): CpuLine[] {
    const cpus = frame.snap?.cpus ?? [];
    if (frame.command !== this.command) {
      this.base = this.cur.slice();
      this.command = frame.command;
    }
    return cpus.map((c) => {
      if (c.task) this.lastTask[c.cpu] = c.task;
      this.cur[c.cpu] = c.instructions;
      const base = this.base[c.cpu] ?? 0n;
      return {
        cpu: c.cpu, task: c.task, pc: c.pc, instructions: c.instructions,
        delta: c.instructions - base, lastTask: this.lastTask[c.cpu] ?? null,
      };
    });
  }
}

export function viewOf(p: Player, frame: Frame, cpus: CpuLine[], state: PlayState, delayMs: number): DashView {
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
  };
}

// The dashboard's machine in a process of its own. The emulation runs synchronously, a long
// command for seconds; in the terminal's process it would freeze the screen and the keys. So
// the interactive dashboard plays the scenario in a child (`kmodlab dash --serve FILE`), which
// streams its frames as JSON lines on fd 3 (module changes, grace periods, and a live frame
// every LIVE_MS of host time during a long command), while the screen stays responsive and q
// kills the child at once. The frames are the same the in-process Player takes.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeSync } from 'node:fs';
import { basename } from 'node:path';
import { cliCommand } from '../self.ts';
import { Player, isCommand, addStamp, type Frame, type PlayerOptions, type StateStamp, type TranscriptLine, type DmesgLine } from './model.ts';

/** Host milliseconds between live frames of a long command. */
export const LIVE_MS = 100;

type Stamp = StateStamp & { name: string };
type Message =
  | { t: 'frame'; f: Frame; tr: TranscriptLine[]; dm: DmesgLine[]; st: Stamp[] }
  | { t: 'stepped'; finished: boolean; status: number; error: string | null }
  | { t: 'fatal'; message: string };

const encode = (m: Message) => JSON.stringify(m, (_k, v) => (typeof v === 'bigint' ? { $b: v.toString() } : v)) + '\n';
const decode = (line: string): Message => JSON.parse(line, (_k, v) => (v && typeof v === 'object' && typeof v.$b === 'string' && Object.keys(v).length === 1 ? BigInt(v.$b) : v));

/** The child's side: plays `text`, one command per "step" line on stdin, frames out on fd 3. */
export function serve(text: string, file: string, opts: PlayerOptions): Promise<number> {
  const out = (m: Message) => writeSync(3, encode(m));
  let sentT = 0, sentD = 0, sentS = 0;
  const p: Player = new Player(text, file, {
    ...opts,
    liveMs: LIVE_MS,
    onFrame: (f) => {
      out({ t: 'frame', f, tr: p.transcript.slice(sentT, f.transcript), dm: p.dmesg.slice(sentD, f.dmesg), st: p.stampLog.slice(sentS) });
      sentT = f.transcript;
      sentD = f.dmesg;
      sentS = p.stampLog.length;
    },
  });
  return new Promise((resolve) => {
    let buf = '';
    const end = (status: number) => {
      p.close();
      resolve(status);
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const cmd = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (cmd !== 'step') continue;
        try {
          p.step();
          out({ t: 'stepped', finished: p.finished, status: p.status, error: p.error });
        } catch (e) {
          // A message for the user, never a stack.
          out({ t: 'fatal', message: e instanceof Error ? e.message : String(e) });
          return end(1);
        }
      }
    });
    process.stdin.on('end', () => end(0));
  });
}

export interface RemoteEvents {
  frame(f: Frame): void;
  stepped(): void;
  /** The machine process failed: a message for the user. */
  failed(message: string): void;
}

/** The terminal's side: the same fields the view reads from a Player, filled from the child. */
export class RemotePlayer {
  readonly name: string;
  readonly total: number;
  readonly transcript: TranscriptLine[] = [];
  readonly dmesg: DmesgLine[] = [];
  readonly timeline = new Map<string, StateStamp[]>();
  finished = false;
  status = 0;
  error: string | null = null;
  /** A command is running in the child. */
  busy = false;
  last: Frame = { snap: null, transcript: 0, dmesg: 0, note: null, done: 0, command: 0, seq: 0 };
  private readonly child: ChildProcess;
  private closed = false;

  constructor(text: string, readonly file: string, replay: string | null, ev: RemoteEvents) {
    this.name = basename(file);
    this.total = text.split('\n').filter(isCommand).length;
    this.child = spawn(process.execPath, [...cliCommand(), 'dash', '--serve', ...(replay ? ['--replay', replay] : []), file], {
      stdio: ['pipe', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: '' },
    });
    let stderr = '';
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (d: string) => { stderr = (stderr + d).slice(-4000); });
    let buf = '';
    const fd3 = this.child.stdio[3] as NodeJS.ReadableStream;
    fd3.setEncoding('utf8');
    fd3.on('data', (d: string) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const m = decode(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (m.t === 'frame') {
          this.transcript.push(...m.tr);
          this.dmesg.push(...m.dm);
          for (const s of m.st) addStamp(this.timeline, s.name, s);
          this.last = m.f;
          ev.frame(m.f);
        } else if (m.t === 'stepped') {
          this.busy = false;
          this.finished = m.finished;
          this.status = m.status;
          this.error = m.error;
          ev.stepped();
        } else {
          this.fail(`kmodlab: dash: the machine failed: ${m.message}`, ev);
        }
      }
    });
    this.child.on('exit', (code, signal) => {
      if (this.closed) return;
      this.fail(`kmodlab: dash: the machine process ended (${signal ?? `status ${code}`})${stderr ? `: ${stderr.trim()}` : ''}`, ev);
    });
  }

  private fail(message: string, ev: RemoteEvents) {
    if (this.closed) return;
    this.busy = false;
    this.finished = true;
    this.status = 1;
    this.error = message;
    this.transcript.push({ text: message, kind: 'error' });
    this.last = { ...this.last, transcript: this.transcript.length, note: 'the machine process failed' };
    ev.frame(this.last);
    ev.failed(message);
  }

  /** Runs the next command in the child; its frames and then stepped() follow. */
  step() {
    if (this.busy || this.finished || this.closed) return;
    this.busy = true;
    this.child.stdin!.write('step\n');
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.child.kill('SIGKILL');
  }
}

// Kernel threads in scenarios: spawn starts one and returns at once, run lets the machine run,
// join waits for one and prints its result (or the oops that killed it).
import type { Kernel, Task } from '../../kernel/kernel.ts';
import { defineCommand, ScenarioError, type CommandContext } from './registry.ts';
import type { Word } from '../scenario/lex.ts';
import { parseInvocation, outcomeText } from './memory.ts';
import { USER_COMMANDS, NAMING_COMMANDS, userCommand, startCommand, finish, UsageError, type UserCommand } from '../user/shell.ts';
import { repeat } from '../user/programs.ts';
import type { UserTask } from '../../kernel/fs/process.ts';
import { PerKernel } from '../../kernel/attached.ts';
import type { GuestThread } from '../../emu/scheduler.ts';
import { Reg } from '../../emu/machine.ts';
import { interruptedAt } from '../../kernel/irq.ts';

/** Spawned user commands, by their task: what join prints and does after. */
const userTasks = new PerKernel<Map<Task, { uc: UserCommand; ut: UserTask }>>();
const userTasksOf = (k: Kernel) => userTasks.of(k, () => new Map());

/** Where a task off its CPU is: a task preempted at an interrupt's exit, where it was interrupted. */
function offCpu(k: Kernel, t: GuestThread): string {
  if (!t.preempted || !t.ctx) return 'off-cpu';
  const pc = k.machine.cores[t.cpu].engine.contextReg(t.ctx, Reg.PC);
  const at = interruptedAt(k, t, pc);
  return at === pc ? 'off-cpu' : k.kallsyms.format(at);
}

const named = new PerKernel<Map<string, Task>>();
const threadsOf = (k: Kernel) => named.of(k, () => new Map());

/** Cycles: 100000, 100k, 2M (decimal multipliers, as a count, not bytes). */
export function parseCycles(text: string): bigint | null {
  const m = /^(\d+)([kKmMgG]?)$/.exec(text);
  if (!m) return null;
  const mult = { '': 1n, k: 1000n, m: 1_000_000n, g: 1_000_000_000n }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g'];
  return BigInt(m[1]) * mult;
}

defineCommand('spawn', {
  usage: 'spawn NAME [cpu=N] [repeat=K] SYMBOL [ARG ...] | spawn NAME [cpu=N] [repeat=K] cat|echo|read|write|ioctl|lseek|poll ...',
  help: 'starts a kernel thread running SYMBOL(ARGs), or a user task running a command K times, and returns at once',
  run(c) {
    const k = c.kernel;
    const [nameWord, ...rest] = c.args;
    if (!nameWord || !rest.length) throw new ScenarioError(`usage: ${this.usage}`);
    const name = nameWord.text;
    if (!/^[A-Za-z_][\w.-]{0,14}$/.test(name)) throw new ScenarioError(`spawn: bad thread name '${name}' (1-15 characters: letters, digits, _ . -)`);
    const threads = threadsOf(k);
    const old = threads.get(name);
    if (old && !old.thread?.done) throw new ScenarioError(`spawn: a thread named '${name}' is still running`);
    const user = spawnUser(c, name, rest);
    if (user !== undefined) {
      if (user) threads.set(name, user);
      return;
    }
    const inv = parseInvocation(c, 'spawn', rest, this.usage);
    if (inv.cpu >= k.opts.cpus) {
      c.out(`spawn: cpu${inv.cpu} does not exist (the machine has ${k.opts.cpus} CPUs)`);
      return;
    }
    if (inv.addr === null) {
      c.out(`spawn: ${inv.name}: no such symbol`);
      return;
    }
    // "text" arguments stay allocated for the thread's life (it may read them at any time).
    threads.set(name, k.spawn(name, inv.cpu, inv.addr, inv.args));
  },
});

defineCommand('run', {
  usage: 'run CYCLES',
  help: 'lets the machine run for CYCLES cycles of machine time (100000, 50k, 2M)',
  run(c) {
    const n = c.texts.length === 1 ? parseCycles(c.texts[0]) : null;
    if (n === null) throw new ScenarioError(`usage: ${this.usage}`);
    const k = c.kernel;
    const end = k.sched.clock + n;
    // Under schedule exploration the console is one of the parties: the explorer may end the
    // period early and run the next command (an rmmod, say) at any scheduling point.
    const r = k.sched.runUntil(() => false, n, { yieldable: true });
    // Nothing left to run: the machine idles until the end of the period.
    if (r !== 'yielded' && k.sched.clock < end) k.sched.clock = end;
  },
});

defineCommand('join', {
  usage: 'join NAME',
  help: 'runs the machine until thread NAME ends; prints NAME => 0x<ret> or how it died',
  run(c) {
    if (c.texts.length !== 1) throw new ScenarioError(`usage: ${this.usage}`);
    const k = c.kernel;
    const name = c.texts[0];
    const task = threadsOf(k).get(name);
    if (!task) throw new ScenarioError(`join: no thread named '${name}' (start it with spawn)`);
    const r = k.wait(task);
    const u = userTasksOf(k).get(task);
    if (u) {
      for (const l of u.uc.output.lines()) c.out(l);
      const status = finish(k, u.uc, u.ut, r, c.out);
      if (r.ok) c.out(`${name} exited ${status}`);
      if (status) c.failed();
      c.ret = BigInt(status);
      return;
    }
    if (r.ok) c.ret = r.ret;
    else c.failed();
    c.out(`${name} ${outcomeText(k, r, `still running after ${k.opts.callLimit} cycles`)}`);
  },
});

defineCommand('ps', {
  usage: 'ps',
  help: 'the kernel threads: pid, cpu, state, where',
  run(c) {
    const k = c.kernel;
    c.out('  PID CPU STATE     COMM            WCHAN');
    for (const [name, task] of threadsOf(k)) {
      const t = task.thread!;
      const state = t.done ? (t.state === 'faulted' ? 'dead' : 'exited') : t.preempted ? 'preempted' : t.state;
      const where = t.done ? '-' : k.sched.current(t.cpu) === t ? k.kallsyms.format(k.machine.cores[t.cpu].pc) : offCpu(k, t);
      c.out(`${String(task.pid).padStart(5)} ${String(t.cpu).padStart(3)} ${state.padEnd(9)} ${name.padEnd(15)} ${where}`);
    }
    // Calls that never returned (an init that spins) go on running under their own name.
    for (const task of k.runaway) {
      const t = task.thread;
      if (!t || t.done) continue;
      const state = t.preempted ? 'preempted' : t.state;
      const where = k.sched.current(t.cpu) === t ? k.kallsyms.format(k.machine.cores[t.cpu].pc) : offCpu(k, t);
      c.out(`${String(task.pid).padStart(5)} ${String(t.cpu).padStart(3)} ${state.padEnd(9)} ${task.comm.padEnd(15)} ${where}`);
    }
  },
});


/**
 * spawn NAME [cpu=N] [repeat=K] COMMAND ...: a user task of the shell running COMMAND K times.
 * undefined if the words are not a user command; null if it could not start (said why).
 */
function spawnUser(c: CommandContext, name: string, words: Word[]): Task | null | undefined {
  let cpu = 0, times = 1, i = 0;
  for (; i < words.length && !words[i].quoted; i++) {
    const m = /^(cpu|repeat)=(.*)$/.exec(words[i].text);
    if (!m) break;
    if (!/^\d+$/.test(m[2])) throw new ScenarioError(`spawn: ${m[1]}=${m[2]}: not a number`);
    if (m[1] === 'cpu') cpu = Number(m[2]); else times = Number(m[2]);
  }
  const cmd = words[i];
  if (!cmd || cmd.quoted || !(USER_COMMANDS as readonly string[]).includes(cmd.text)) {
    if (times !== 1) throw new ScenarioError('spawn: repeat= is for user commands (cat, echo, read, write, ioctl, lseek, poll, peek, poke)');
    return undefined;
  }
  if (NAMING_COMMANDS.includes(cmd.text)) {
    throw new ScenarioError(`spawn: ${cmd.text} names a ${/map/.test(cmd.text) ? 'mapping' : 'descriptor'}: run it in the foreground`);
  }
  if (times < 1) throw new ScenarioError('spawn: repeat= must be at least 1');
  const k = c.kernel;
  if (cpu >= k.opts.cpus) {
    c.out(`spawn: cpu${cpu} does not exist (the machine has ${k.opts.cpus} CPUs)`);
    return null;
  }
  const args = words.slice(i + 1);
  let uc: UserCommand;
  try {
    uc = userCommand(k, cmd.text, args.map((w) => w.text), (j) => args[j]?.quoted ?? false);
  } catch (e) {
    if (e instanceof UsageError) throw new ScenarioError(e.message);
    throw e;
  }
  if (times > 1) uc = { ...uc, program: repeat(uc.program, times) };
  const ut = startCommand(k, uc, cpu, name);
  userTasksOf(k).set(ut.task, { uc, ut });
  return ut.task;
}

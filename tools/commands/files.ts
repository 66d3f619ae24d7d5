// A file held open across scenario lines: open, read, write, ioctl, lseek, poll, close, and its
// mappings (mmap, munmap, peek, poke), each one system call -- or, for peek and poke, the
// process's own loads and stores -- of a task of the machine's shell (tools/user/shell.ts) on
// cpu=N (default 0).
import { defineCommand, ScenarioError, type CommandContext } from './registry.ts';
import { userCommand, runCommand, takeCpu, UsageError } from '../user/shell.ts';
import { defaultCpu } from '../../kernel/sched.ts';

function runUser(c: CommandContext, cmd: string) {
  const k = c.kernel;
  const words = [...c.args];
  const texts = words.map((w) => w.text);
  let cpu: number;
  try {
    cpu = takeCpu(texts) ?? defaultCpu(k);
  } catch (e) {
    if (e instanceof UsageError) throw new ScenarioError(`${cmd}: ${e.message}`);
    throw e;
  }
  const kept = words.filter((w) => !/^cpu=/.test(w.text) || w.quoted);
  if (cpu >= k.opts.cpus) {
    c.out(`${cmd}: cpu${cpu} does not exist (the machine has ${k.opts.cpus} CPUs)`);
    return;
  }
  let uc;
  try {
    uc = userCommand(k, cmd, texts, (i) => kept[i]?.quoted ?? false);
  } catch (e) {
    if (e instanceof UsageError) throw new ScenarioError(e.message);
    throw e;
  }
  if (runCommand(k, uc, cpu, c.out)) c.failed();
}

const HELP: Record<string, [string, string]> = {
  open: ['open FD PATH [r|w|rw] [nonblock] [cpu=N]', 'opens PATH and keeps it open as descriptor FD (a name) across later lines; nonblock: O_NONBLOCK'],
  read: ['read FD [COUNT] [buf=0xADDR] [cpu=N]', 'one read() of COUNT bytes (4096); prints them, or the error'],
  write: ['write FD TEXT|hex:BYTES [buf=0xADDR] [cpu=N]', 'one write() of the bytes'],
  ioctl: ['ioctl FD CMD [ARG|@SIZE|@hex:BYTES] [cpu=N]', 'one ioctl(); @ passes a user buffer and prints it after'],
  lseek: ['lseek FD OFFSET [set|cur|end] [cpu=N]', 'one lseek(); prints the new offset'],
  poll: ['poll FD [in|out|pri|...[,...]] [timeout=MS] [cpu=N]', 'one poll() for the events (in); prints the events that came (POLLIN|POLLRDNORM) or that it timed out; no timeout waits for ever'],
  close: ['close FD [cpu=N]', 'closes FD (the last close releases the file)'],
  mmap: ['mmap MAP FD LENGTH [OFFSET] [r|w|rw] [cpu=N]', 'one shared mmap() of FD (rw: PROT_READ|PROT_WRITE) kept as mapping MAP (a name); prints its address. The mapping holds the file, and so its module, until munmap'],
  munmap: ['munmap MAP [cpu=N]', 'one munmap() of the whole mapping (the vma\'s ->close(), then the file\'s reference goes)'],
  peek: ['peek MAP [OFFSET] [COUNT] [cpu=N]', 'the process loads COUNT bytes at OFFSET (0) of the mapping and prints them (no COUNT: the string there, up to its NUL); a fault is its SIGSEGV'],
  poke: ['poke MAP OFFSET TEXT|hex:BYTES [cpu=N]', 'the process stores the bytes at OFFSET of the mapping; a fault (read-only, unmapped) is its SIGSEGV'],
};

for (const [name, [usage, help]] of Object.entries(HELP)) {
  defineCommand(name, { usage, help, run: (c) => runUser(c, name) });
}

// The scenario's user space: one shell process per machine (its descriptor table), the
// commands that run as its tasks -- cat, echo > PATH, open/read/write/ioctl/lseek/poll/close -- in
// the foreground (the console waits) or spawned beside later commands (tools/commands/tasks.ts).
import type { Kernel, CallOutcome } from '../../kernel/kernel.ts';
import { allocFiles, startUserTask, SYS, O_LARGEFILE, O_NONBLOCK, PROT_READ, PROT_WRITE, MAP_SHARED, USER_MEM_SIZE, type UserProgram, type UserTask } from '../../kernel/fs/process.ts';
import { strerror } from '../../kernel/errno.ts';
import { hex } from '../../emu/address-map.ts';
import { cat, echoTo, single, OPEN_FLAGS, type Output, type OpenMode } from './programs.ts';
import { PerKernel } from '../../kernel/attached.ts';

export class UsageError extends Error {}

interface Shell {
  files: bigint;
  /** the scenario's names for descriptors (open FD ...) */
  fds: Map<string, number>;
  /** the scenario's names for mappings (mmap MAP ...); after munmap a name is a dangling pointer */
  maps: Map<string, { addr: bigint; length: bigint; unmapped?: boolean }>;
}
const shells = new PerKernel<Shell>();
export function shellOf(k: Kernel): Shell {
  let s = shells.get(k);
  if (!s) shells.set(k, (s = { files: allocFiles(k), fds: new Map(), maps: new Map() }));
  return s;
}

/** Collects a task's output: standard output as bytes, errors as lines, in order. */
export class Collected implements Output {
  private parts: ({ out: Uint8Array } | { err: string })[] = [];
  stdout(b: Uint8Array) { this.parts.push({ out: Uint8Array.from(b) }); }
  stderr(line: string) { this.parts.push({ err: line }); }
  /** The transcript lines: output split at newlines (a last line without one still printed). */
  lines(): string[] {
    const out: string[] = [];
    let pending = '';
    const flush = () => {
      if (!pending) return;
      out.push(...pending.replace(/\n$/, '').split('\n'));
      pending = '';
    };
    for (const p of this.parts) {
      if ('out' in p) pending += Buffer.from(p.out).toString('latin1');
      else { flush(); out.push(p.err); }
    }
    flush();
    return out;
  }
}

/** A command made ready to run: its program, and what to do once it has run. */
export interface UserCommand {
  comm: string;
  program: UserProgram;
  output: Collected;
  /** after the task ends (the shell's bookkeeping: open's descriptor name, close's) */
  after?: (t: UserTask) => void;
}

function printable(b: Uint8Array): boolean {
  return b.every((x) => x === 9 || x === 10 || (x >= 32 && x < 127));
}

/** The bytes of a read, as the transcript shows them: text, or hex: when not printable. */
export function showBytes(b: Uint8Array): string[] {
  if (!b.length) return [];
  if (printable(b)) return Buffer.from(b).toString('latin1').replace(/\n$/, '').split('\n');
  return [`hex:${Buffer.from(b).toString('hex')}`];
}

function parseNum(text: string, what: string): bigint {
  if (!/^-?(0x[0-9a-fA-F]+|\d+)$/.test(text)) throw new UsageError(`${what}: '${text}' is not a number`);
  return text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text);
}

function fdOf(sh: Shell, name: string, cmd: string): number {
  const fd = sh.fds.get(name);
  if (fd !== undefined) return fd;
  if (/^\d+$/.test(name)) return Number(name);
  throw new UsageError(`${cmd}: no descriptor named '${name}' (open one with: open ${name} PATH)`);
}

/** A write's data: hex:BYTES, or the text itself. */
function bytesOfWord(text: string, quoted: boolean): Uint8Array {
  if (!quoted && text.startsWith('hex:')) {
    const h = text.slice(4).replace(/[\s:]/g, '');
    if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw new UsageError(`bad hex bytes '${text}'`);
    return new Uint8Array(Buffer.from(h, 'hex'));
  }
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** cpu=N among a command's words: taken out; the CPU, or null. */
export function takeCpu(args: string[]): number | null {
  const i = args.findIndex((a) => /^cpu=/.test(a));
  if (i < 0) return null;
  const v = args.splice(i, 1)[0].slice(4);
  if (!/^\d+$/.test(v)) throw new UsageError(`cpu=${v}: not a number`);
  return Number(v);
}

/** buf=0xADDR: the address a read or write passes instead of its own buffer (bad pointers). */
function takeBuf(args: string[]): bigint | null {
  const i = args.findIndex((a) => /^buf=/.test(a));
  if (i < 0) return null;
  const v = args.splice(i, 1)[0].slice(4);
  return parseNum(v, 'buf=');
}

export const USER_COMMANDS = ['cat', 'echo', 'open', 'read', 'write', 'ioctl', 'lseek', 'poll', 'close', 'mmap', 'munmap', 'peek', 'poke'] as const;
/** Commands that name a descriptor or mapping for later lines: foreground only. */
export const NAMING_COMMANDS = ['open', 'close', 'mmap', 'munmap'];

function mapOf(sh: Shell, name: string, cmd: string): { addr: bigint; length: bigint; unmapped?: boolean } {
  const m = sh.maps.get(name);
  if (m) return m;
  throw new UsageError(`${cmd}: no mapping named '${name}' (map one with: mmap ${name} FD LENGTH)`);
}

/** The most a peek or poke moves at once: it goes through the task's own user memory. */
const UCOPY_MAX = USER_MEM_SIZE / 2;

/** poll(2)'s event bits (uapi asm-generic/poll.h), in the order a transcript names them. */
export const POLL_BITS: [string, number][] = [
  ['POLLIN', 0x1], ['POLLPRI', 0x2], ['POLLOUT', 0x4], ['POLLERR', 0x8], ['POLLHUP', 0x10], ['POLLNVAL', 0x20],
  ['POLLRDNORM', 0x40], ['POLLRDBAND', 0x80], ['POLLWRNORM', 0x100], ['POLLWRBAND', 0x200], ['POLLMSG', 0x400], ['POLLRDHUP', 0x2000],
];

/** 'in,out' or 'POLLIN|POLLOUT' -> the events mask. */
function pollEvents(text: string): number {
  let mask = 0;
  for (const w of text.split(/[,|]/)) {
    const name = w.toUpperCase().replace(/^(POLL)?/, 'POLL');
    const bit = POLL_BITS.find(([n]) => n === name);
    if (!bit) throw new UsageError(`poll: unknown event '${w}' (in, pri, out, rdnorm, rdband, wrnorm, wrband, msg, rdhup)`);
    mask |= bit[1];
  }
  return mask;
}

export function pollNames(mask: number): string {
  const names = POLL_BITS.filter(([, b]) => mask & b).map(([n]) => n);
  return names.length ? names.join('|') : '0';
}

/**
 * Builds a user command from its words (cpu= already taken out). `bytesOf` turns a write's
 * TEXT|hex:BYTES word into bytes (the console knows which words were quoted).
 */
export function userCommand(k: Kernel, cmd: string, args: string[], quoted: (i: number) => boolean = () => false): UserCommand {
  const sh = shellOf(k);
  const output = new Collected();
  const err = (l: string) => output.stderr(l);
  switch (cmd) {
    case 'cat':
      if (!args.length) throw new UsageError('cat: missing file operand');
      return { comm: 'cat', program: cat(args, output), output };
    case 'echo': {
      let newline = true;
      let words = args;
      if (words[0] === '-n') { newline = false; words = words.slice(1); }
      const r = words.findIndex((w) => w.startsWith('>'));
      if (r < 0) throw new UsageError('echo: only echo [-n] TEXT > PATH runs as a task');
      const append = words[r].startsWith('>>');
      const target = words[r].replace(/^>>?/, '') || words[r + 1];
      if (!target) throw new UsageError('echo: syntax error near unexpected token `newline\'');
      const text = words.slice(0, r).join(' ');
      return { comm: 'echo', program: echoTo(text, target, newline, output, append), output };
    }
    case 'open': {
      const a = [...args];
      const nb = a.indexOf('nonblock');
      if (nb >= 2) a.splice(nb, 1);
      const [name, path, mode = 'r'] = a;
      if (!name || !path || a.length > 3) throw new UsageError('usage: open FD PATH [r|w|rw] [nonblock] [cpu=N]');
      if (!(mode in OPEN_FLAGS)) throw new UsageError(`open: mode '${mode}': expected r, w or rw`);
      const flags = OPEN_FLAGS[mode as OpenMode] | O_LARGEFILE | (nb >= 2 ? O_NONBLOCK : 0);
      let fd = -1;
      return {
        comm: 'open', output,
        program: single((mem) => ({ nr: SYS.openat, args: [mem.string(path), BigInt(flags)] }), (ret) => {
          if (ret < 0n) { err(`open: ${path}: ${strerror(Number(-ret))}`); return 1; }
          fd = Number(ret);
          return 0;
        }),
        after: () => { if (fd >= 0) sh.fds.set(name, fd); },
      };
    }
    case 'read': {
      const a = [...args];
      const bad = takeBuf(a);
      const [name, count = '4096'] = a;
      if (!name || a.length > 2) throw new UsageError('usage: read FD [COUNT] [buf=0xADDR] [cpu=N]');
      const fd = fdOf(sh, name, 'read');
      const n = Number(parseNum(count, 'read'));
      let buf = 0n;
      return {
        comm: 'read', output,
        program: single((mem) => {
          buf = bad ?? mem.alloc(Math.max(n, 1));
          return { nr: SYS.read, args: [BigInt(fd), buf, BigInt(n)] };
        }, (ret, mem) => {
          if (ret < 0n) { err(`read: ${strerror(Number(-ret))}`); return 1; }
          if (ret === 0n) { output.stdout(Buffer.from('(end of file)\n')); return 0; }
          for (const l of showBytes(mem.read(buf, Number(ret)))) output.stdout(Buffer.from(l + '\n', 'latin1'));
          return 0;
        }),
      };
    }
    case 'write': {
      const a = [...args];
      const bad = takeBuf(a);
      const [name] = a;
      if (!name || a.length !== 2) throw new UsageError('usage: write FD TEXT|hex:BYTES [buf=0xADDR] [cpu=N]');
      const fd = fdOf(sh, name, 'write');
      const data = bytesOfWord(a[1], quoted(args.indexOf(a[1])));
      return {
        comm: 'write', output,
        program: single((mem) => ({ nr: SYS.write, args: [BigInt(fd), bad ?? mem.bytes(data), BigInt(data.length)] }), (ret) => {
          if (ret < 0n) { err(`write: ${strerror(Number(-ret))}`); return 1; }
          if (Number(ret) !== data.length) err(`write: wrote ${ret} of ${data.length} bytes`);
          return 0;
        }),
      };
    }
    case 'ioctl': {
      const [name, cmdText, argText] = args;
      if (!name || !cmdText || args.length > 3) throw new UsageError('usage: ioctl FD CMD [ARG|@SIZE|@hex:BYTES] [cpu=N]');
      const fd = fdOf(sh, name, 'ioctl');
      const nr = parseNum(cmdText, 'ioctl');
      let user: Uint8Array | null = null;
      let argv = 0n;
      if (argText?.startsWith('@')) {
        const spec = argText.slice(1);
        user = spec.startsWith('hex:') ? bytesOfWord(spec, false) : new Uint8Array(Number(parseNum(spec, 'ioctl')));
      } else if (argText !== undefined) argv = parseNum(argText, 'ioctl');
      let at = 0n;
      return {
        comm: 'ioctl', output,
        program: single((mem) => {
          if (user) at = mem.bytes(user);
          return { nr: SYS.ioctl, args: [BigInt(fd), BigInt.asUintN(32, nr), user ? at : argv] };
        }, (ret, mem) => {
          if (ret < 0n) { err(`ioctl: ${strerror(Number(-ret))}`); return 1; }
          output.stdout(Buffer.from(`ioctl => ${ret}\n`));
          if (user) output.stdout(Buffer.from(`@ hex:${Buffer.from(mem.read(at, user.length)).toString('hex')}\n`));
          return 0;
        }),
      };
    }
    case 'lseek': {
      const [name, offText, whence = 'set'] = args;
      const w = { set: 0, cur: 1, end: 2 }[whence];
      if (!name || !offText || w === undefined || args.length > 3) throw new UsageError('usage: lseek FD OFFSET [set|cur|end] [cpu=N]');
      const fd = fdOf(sh, name, 'lseek');
      const off = parseNum(offText, 'lseek');
      return {
        comm: 'lseek', output,
        program: single(() => ({ nr: SYS.lseek, args: [BigInt(fd), BigInt.asUintN(64, off), BigInt(w)] }), (ret) => {
          if (ret < 0n) { err(`lseek: ${strerror(Number(-ret))}`); return 1; }
          output.stdout(Buffer.from(`${ret}\n`));
          return 0;
        }),
      };
    }
    case 'poll': {
      const a = [...args];
      const t = a.findIndex((w) => /^timeout=/.test(w));
      const timeout = t < 0 ? -1n : parseNum(a.splice(t, 1)[0].slice(8), 'poll timeout=');
      const [name, evText = 'in'] = a;
      if (!name || a.length > 2) throw new UsageError('usage: poll FD [in|out|pri|...[,...]] [timeout=MS] [cpu=N]');
      const fd = fdOf(sh, name, 'poll');
      const events = pollEvents(evText);
      let at = 0n;
      return {
        comm: 'poll', output,
        program: single((mem) => {
          // struct pollfd { int fd; short events; short revents; }
          const pfd = Buffer.alloc(8);
          pfd.writeInt32LE(fd, 0);
          pfd.writeInt16LE(events, 4);
          at = mem.bytes(new Uint8Array(pfd));
          return { nr: SYS.poll, args: [at, 1n, BigInt.asUintN(64, timeout)] };
        }, (ret, mem) => {
          if (ret < 0n) { err(`poll: ${strerror(Number(-ret))}`); return 1; }
          if (ret === 0n) { output.stdout(Buffer.from('poll => 0 (timed out)\n')); return 0; }
          const revents = Buffer.from(mem.read(at + 6n, 2)).readUInt16LE(0);
          output.stdout(Buffer.from(`poll => ${ret}: ${pollNames(revents)}\n`));
          return 0;
        }),
      };
    }
    case 'close': {
      const [name] = args;
      if (!name || args.length !== 1) throw new UsageError('usage: close FD [cpu=N]');
      const fd = fdOf(sh, name, 'close');
      return {
        comm: 'close', output,
        program: single(() => ({ nr: SYS.close, args: [BigInt(fd)] }), (ret) => {
          if (ret < 0n) { err(`close: ${strerror(Number(-ret))}`); return 1; }
          return 0;
        }),
        after: () => { sh.fds.delete(name); },
      };
    }
    case 'mmap': {
      const [name, fdName, lenText, ...rest] = args;
      const usage = 'usage: mmap MAP FD LENGTH [OFFSET] [r|w|rw] [cpu=N]';
      if (!name || !fdName || !lenText || rest.length > 2) throw new UsageError(usage);
      const modeAt = rest.findIndex((w) => /^(r|w|rw)$/.test(w));
      const mode = modeAt < 0 ? 'rw' : rest.splice(modeAt, 1)[0];
      if (rest.length > 1) throw new UsageError(usage);
      const fd = fdOf(sh, fdName, 'mmap');
      const length = parseNum(lenText, 'mmap');
      const offset = rest.length ? parseNum(rest[0], 'mmap') : 0n;
      if (length < 0n || offset < 0n) throw new UsageError('mmap: LENGTH and OFFSET cannot be negative');
      if (sh.maps.has(name) && !sh.maps.get(name)!.unmapped) throw new UsageError(`mmap: '${name}' names a mapping already (munmap ${name} first)`);
      const prot = (mode.includes('r') ? PROT_READ : 0) | (mode.includes('w') ? PROT_WRITE : 0);
      let addr = -1n;
      return {
        comm: 'mmap', output,
        program: single(() => ({ nr: SYS.mmap, args: [length, BigInt(prot), BigInt(MAP_SHARED), BigInt(fd), offset] }), (ret) => {
          if (ret < 0n && ret > -4096n) { err(`mmap: ${strerror(Number(-ret))}`); return 1; }
          addr = BigInt.asUintN(64, ret);
          output.stdout(Buffer.from(`mmap => ${hex(addr)}\n`));
          return 0;
        }),
        after: () => { if (addr >= 0n) sh.maps.set(name, { addr, length }); },
      };
    }
    case 'munmap': {
      const [name] = args;
      if (!name || args.length !== 1) throw new UsageError('usage: munmap MAP [cpu=N]');
      const m = mapOf(sh, name, 'munmap');
      let ok = false;
      return {
        comm: 'munmap', output,
        program: single(() => ({ nr: SYS.munmap, args: [m.addr, m.length] }), (ret) => {
          if (ret < 0n) { err(`munmap: ${strerror(Number(-ret))}`); return 1; }
          ok = true;
          return 0;
        }),
        after: () => { if (ok) m.unmapped = true; },
      };
    }
    case 'peek':
    case 'poke': {
      const [name, offText, data] = args;
      const usage = cmd === 'peek' ? 'usage: peek MAP [OFFSET] [COUNT] [cpu=N]' : 'usage: poke MAP OFFSET TEXT|hex:BYTES [cpu=N]';
      if (!name || args.length > 3 || (cmd === 'poke' && args.length !== 3)) throw new UsageError(usage);
      const m = mapOf(sh, name, cmd);
      const off = offText === undefined ? 0n : parseNum(offText, cmd);
      if (off < 0n) throw new UsageError(`${cmd}: OFFSET cannot be negative`);
      const bytes = cmd === 'poke' ? bytesOfWord(data, quoted(2)) : null;
      // peek without COUNT: the string there, as far as its NUL (at most a page)
      const asString = !bytes && data === undefined;
      const count = bytes ? bytes.length : !asString ? Number(parseNum(data, cmd)) : Math.max(0, Math.min(Number(m.length - off), 4096));
      if (count < 0 || count > UCOPY_MAX) throw new UsageError(`${cmd}: COUNT must be 0..${UCOPY_MAX}`);
      const at = m.addr + off;
      let buf = 0n;
      return {
        comm: cmd, output,
        program: single((mem) => {
          buf = bytes ? mem.bytes(bytes) : mem.alloc(Math.max(count, 1));
          return { nr: SYS.ucopy, args: bytes ? [at, buf, BigInt(count)] : [buf, at, BigInt(count)] };
        }, (ret, mem) => {
          // a load or store of the process's that faulted: the kernel sends it SIGSEGV
          if (Number(ret) < count) { err(`${cmd}: Segmentation fault (address ${hex(at + ret)})`); return 139; }
          let got = bytes ? null : mem.read(buf, count);
          if (got && asString && got.indexOf(0) >= 0) got = got.subarray(0, got.indexOf(0));
          if (got) for (const l of showBytes(got)) output.stdout(Buffer.from(l + '\n', 'latin1'));
          return 0;
        }),
      };
    }
  }
  throw new UsageError(`${cmd}: not a user command`);
}

/** Starts a command as a task of the shell on cpu. */
export function startCommand(k: Kernel, uc: UserCommand, cpu: number, comm = uc.comm): UserTask {
  return startUserTask(k, comm, cpu, shellOf(k).files, uc.program);
}

/** Runs a command in the foreground: starts it, waits, prints what it printed; its exit status. */
export function runCommand(k: Kernel, uc: UserCommand, cpu: number, out: (l: string) => void): number {
  const t = startCommand(k, uc, cpu);
  const r = k.wait(t.task);
  for (const l of uc.output.lines()) out(l);
  return finish(k, uc, t, r, out);
}

/** After a user task ended: the shell's bookkeeping and, if it died, how. Its exit status. */
export function finish(k: Kernel, uc: UserCommand, t: UserTask, r: CallOutcome, out: (l: string) => void): number {
  if (t.status !== undefined) uc.after?.(t);
  if (r.ok) return t.status ?? 0;
  if ('fault' in r) {
    const s = k.kallsyms.lookup(r.fault.pc);
    const where = k.kallsyms.format(r.fault.pc);
    out(s?.unloaded ? `${uc.comm}: killed: oops in unloaded module ${s.module} at ${where} on cpu${r.fault.cpu}`
      : `${uc.comm}: killed: ${r.oops[0] ?? 'oops'} at ${where} on cpu${r.fault.cpu}`);
    return 139;
  }
  if ('stuck' in r) out(`${uc.comm}: still running (task ${t.task.pid}, at ${hex(k.machine.cores[t.task.cpu].pc)})`);
  return 1;
}

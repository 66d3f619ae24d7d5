// User programs: what a shell's commands do, as system calls (kernel/fs/process.ts runs them on
// a core). Each is a generator: it yields a call, gets its result, and returns an exit status;
// what it prints goes to `out`. The errors are coreutils' and bash's texts.
import { SYS, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_LARGEFILE, type UserProgram, type Syscall, type UserMemory } from '../../kernel/fs/process.ts';
import { strerror } from '../../kernel/errno.ts';

export interface Output {
  /** bytes the program writes to its standard output */
  stdout(b: Uint8Array): void;
  /** a line of its standard error */
  stderr(line: string): void;
}

const call = (nr: number, ...args: bigint[]): Syscall => ({ nr, args });
const errno = (r: bigint) => (r < 0n ? Number(-r) : 0);
const BUF = 4096;

/** cat FILE...: each file opened, read to its end, closed. */
export function cat(paths: string[], o: Output): UserProgram {
  return function* (mem: UserMemory) {
    let status = 0;
    for (const p of paths) {
      mem.reset();
      const path = mem.string(p);
      const buf = mem.alloc(BUF);
      const fd = yield call(SYS.openat, path, BigInt(O_RDONLY | O_LARGEFILE));
      if (fd < 0n) {
        o.stderr(`cat: ${p}: ${strerror(errno(fd))}`);
        status = 1;
        continue;
      }
      for (;;) {
        const n = yield call(SYS.read, fd, buf, BigInt(BUF));
        if (n < 0n) {
          o.stderr(`cat: ${p}: ${strerror(errno(n))}`);
          status = 1;
          break;
        }
        if (n === 0n) break;
        o.stdout(mem.read(buf, Number(n)));
      }
      yield call(SYS.close, fd);
    }
    return status;
  };
}

/** bash's `echo [-n] TEXT > PATH`: the redirection opens (O_WRONLY|O_CREAT|O_TRUNC), echo writes once. */
export function echoTo(text: string, path: string, newline: boolean, o: Output, append = false): UserProgram {
  return function* (mem: UserMemory) {
    const p = mem.string(path);
    const data = Buffer.from(text + (newline ? '\n' : ''), 'latin1');
    const buf = mem.bytes(new Uint8Array(data));
    const flags = O_WRONLY | O_CREAT | (append ? 0o2000 : O_TRUNC) | O_LARGEFILE;
    const fd = yield call(SYS.openat, p, BigInt(flags));
    if (fd < 0n) {
      o.stderr(`sh: ${path}: ${strerror(errno(fd))}`);
      return 1;
    }
    let status = 0;
    const n = yield call(SYS.write, fd, buf, BigInt(data.length));
    if (n < 0n) {
      o.stderr(`echo: write error: ${strerror(errno(n))}`);
      status = 1;
    }
    const c = yield call(SYS.close, fd);
    if (c < 0n && !status) {
      o.stderr(`echo: write error: ${strerror(errno(c))}`);
      status = 1;
    }
    return status;
  };
}

export type OpenMode = 'r' | 'w' | 'rw';
export const OPEN_FLAGS: Record<OpenMode, number> = { r: O_RDONLY, w: O_WRONLY, rw: O_RDWR };

/** One system call, its result to `done`: the scenario's open/read/write/ioctl/lseek/close. */
export function single(build: (mem: UserMemory) => Syscall, done: (ret: bigint, mem: UserMemory) => number): UserProgram {
  return function* (mem: UserMemory) {
    const ret = yield build(mem);
    return done(ret, mem);
  };
}

/** A program run `times` times over, one after the other (spawn repeat=K). */
export function repeat(p: UserProgram, times: number): UserProgram {
  return function* (mem: UserMemory) {
    let status = 0;
    for (let i = 0; i < times; i++) {
      mem.reset();
      status = yield* p(mem);
    }
    return status;
  };
}

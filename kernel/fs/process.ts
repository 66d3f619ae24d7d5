// User processes: tasks whose system calls enter the VFS on their core. A user task runs the
// core's kmodlab_user_main() (kernel/core/syscall.c), which asks this file for the next call of
// the task's program -- a generator the tools write (tools/user/) -- makes the call in C, and
// hands the result back. Each task has user memory of its own, mapped at a user address
// (below TASK_SIZE, so access_ok() passes), where its program puts paths and buffers; the
// tasks of a process share its descriptor table.
import { PROT } from '../../emu/machine.ts';
import { PAGE_SIZE, hex } from '../../emu/address-map.ts';
import type { Kernel, Task } from '../kernel.ts';
import type { ServiceCall } from '../service-args.ts';
import { arg } from '../service-args.ts';
import { KernelError, ENOMEM } from '../errno.ts';
import { PerKernel } from '../attached.ts';

/** System call numbers of kmodlab_user_main() (kernel/core/syscall.c). */
export const SYS = { exit: 0, openat: 1, close: 2, read: 3, write: 4, lseek: 5, ioctl: 6, poll: 7, mmap: 8, munmap: 9, ucopy: 10 } as const;
export interface Syscall { nr: number; args: bigint[] }

/** mmap(2)'s PROT_ and MAP_ bits (uapi asm-generic/mman-common.h). */
export const PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1;
/** open(2) flags (asm-generic/fcntl.h; arm64's O_LARGEFILE is 0400000). */
export const O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_CREAT = 0o100, O_TRUNC = 0o1000, O_NONBLOCK = 0o4000, O_LARGEFILE = 0o400000;

/** Where user memory starts, and each task's window (one per running user task). */
export const USER_BASE = 0x10000000n;
const USER_WINDOW = 0x100000n;
export const USER_MEM_SIZE = 64 * 1024;

/** A user task's memory: a bump allocator over its mapping. */
export class UserMemory {
  private next = 0;
  constructor(private readonly k: Kernel, readonly base: bigint, readonly size: number) {}
  alloc(n: number): bigint {
    const at = (this.next + 15) & ~15;
    if (at + n > this.size) throw new KernelError(ENOMEM, `user memory: ${n} bytes do not fit`);
    this.next = at + n;
    return this.base + BigInt(at);
  }
  /** A NUL-terminated copy of s. */
  string(s: string | Uint8Array): bigint {
    const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : Buffer.from(s);
    const at = this.alloc(b.length + 1);
    this.k.machine.write(at, new Uint8Array(Buffer.concat([b, Buffer.alloc(1)])));
    return at;
  }
  bytes(b: Uint8Array): bigint {
    const at = this.alloc(Math.max(b.length, 1));
    if (b.length) this.k.machine.write(at, b);
    return at;
  }
  read(va: bigint, n: number): Uint8Array { return this.k.machine.read(va, n); }
  /** Frees everything allocated (a program reuses its memory between calls). */
  reset() { this.next = 0; }
}

/** A program: yields system calls, receives each one's result, returns its exit status. */
export type UserProgram = (mem: UserMemory) => Generator<Syscall, number, bigint>;

export interface UserTask {
  task: Task;
  /** The exit status, once the program has returned. */
  status?: number;
}

interface Running { program: Generator<Syscall, number, bigint>; started: boolean; ut: UserTask }

interface ProcState {
  running: Map<bigint, Running>;
  windows: (bigint | null)[];
}
const procOf = new PerKernel<ProcState>();
function state(k: Kernel): ProcState {
  let s = procOf.get(k);
  if (!s) procOf.set(k, (s = { running: new Map(), windows: [] }));
  return s;
}

function sym(k: Kernel, name: string): bigint { return k.symbol(name); }

/** A new descriptor table (struct kmodlab_files, zeroed: its lock unlocked, no files). */
export function allocFiles(k: Kernel): bigint {
  const size = Number(k.machine.readU64(sym(k, 'kmodlab_files_size')));
  const f = k.slab.kmalloc(size);
  if (!f) throw new KernelError(ENOMEM, 'out of memory for a descriptor table');
  k.machine.fill(f, size, 0);
  return f;
}

/** The file at descriptor fd of a table, or 0n. */
export function fileAt(k: Kernel, files: bigint, fd: number): bigint {
  const off = k.machine.readU64(sym(k, 'kmodlab_files_fd_offset'));
  return k.machine.readU64(files + off + BigInt(fd * 8));
}

/**
 * Starts a user task of the process whose descriptor table is `files`, running `program` on
 * cpu. It runs when the machine runs; its memory goes back when it ends, however it ends.
 */
export function startUserTask(k: Kernel, comm: string, cpu: number, files: bigint, program: UserProgram): UserTask {
  const s = state(k);
  let slot = s.windows.indexOf(null);
  if (slot < 0) slot = s.windows.length;
  const pages = USER_MEM_SIZE / PAGE_SIZE;
  let pa: number;
  try {
    pa = k.pages.allocContig(pages);
  } catch {
    throw new KernelError(ENOMEM, 'out of memory for a user task');
  }
  const va = USER_BASE + BigInt(slot) * USER_WINDOW;
  k.machine.map(va, pa, USER_MEM_SIZE, PROT.RW, `user:${comm}`);
  k.machine.fill(va, USER_MEM_SIZE, 0);
  s.windows[slot] = va;
  const uproc = k.slab.kmalloc(56);
  if (!uproc) {
    k.machine.unmap(va);
    k.pages.free(pa, pages);
    s.windows[slot] = null;
    throw new KernelError(ENOMEM, 'out of memory for a user task');
  }
  k.machine.writeU64(uproc, files);
  const mem = new UserMemory(k, va, USER_MEM_SIZE);
  const task = k.spawn(comm, cpu, sym(k, 'kmodlab_user_main'), [uproc]);
  const ut: UserTask = { task };
  s.running.set(uproc, { program: program(mem), started: false, ut });
  task.onExit = () => {
    s.running.delete(uproc);
    k.slab.kfree(uproc);
    k.machine.unmap(va);
    k.pages.free(pa, pages);
    s.windows[slot] = null;
  };
  return ut;
}

/** long __kmodlab_user_next(struct kmodlab_uproc *p, long ret) */
function userNext(c: ServiceCall): bigint {
  const p = arg(c, 0);
  const r = state(c.k).running.get(p);
  if (!r) throw new Error(`__kmodlab_user_next: no user task at ${hex(p)}`);
  const step = r.started ? r.program.next(BigInt.asIntN(64, arg(c, 1))) : r.program.next(0n);
  r.started = true;
  if (step.done) {
    r.ut.status = step.value;
    return BigInt(SYS.exit);
  }
  step.value.args.forEach((a, i) => c.k.machine.writeU64(p + 8n + BigInt(8 * i), a));
  return BigInt(step.value.nr);
}

export const PROCESS_SERVICES: Record<string, (c: ServiceCall) => bigint> = {
  __kmodlab_user_next: userNext,
};

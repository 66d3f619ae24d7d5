// Module parameters (kernel/params.c): parse_args over "name=value ..." with next_arg's
// quoting rules; each value is handed to the parameter's own ops->set, run as machine code
// on a core (param_set_int and friends live in kernel/core/params.c), so custom
// module_param_cb ops work the same way. /sys/module/M/parameters/P calls ops->get.
import { find_sec, type ElfFile } from '../elf.ts';
import type { Kernel, CallOutcome } from '../kernel.ts';
import { KernelError, ENOENT, ENOSPC, EINVAL, ENOMEM } from '../errno.ts';
import type { Module, ModuleParam } from './module.ts';
import { GuestAccessError } from '../../emu/machine.ts';
import { hostOops } from '../oops.ts';

const KERNEL_PARAM_SIZE = 40;
const KERNEL_PARAM_OPS_FL_NOARG = 1;

export function readParams(k: Kernel, elf: ElfFile, mod: Module): ModuleParam[] {
  const i = find_sec(elf, '__param');
  if (!i) return [];
  const s = elf.sections[i];
  const out: ModuleParam[] = [];
  const types = new Map(mod.modinfo.filter(([key]) => key === 'parmtype').map(([, v]) => [v.split(':')[0], v.split(':')[1]]));
  const descs = new Map(mod.modinfo.filter(([key]) => key === 'parm').map(([, v]) => [v.split(':')[0], v.slice(v.indexOf(':') + 1)]));
  for (let o = 0; o + KERNEL_PARAM_SIZE <= Number(s.size); o += KERNEL_PARAM_SIZE) {
    const kp = s.addr + BigInt(o);
    const name = k.machine.readString(k.machine.readU64(kp), 256);
    out.push({
      name, kp, ops: k.machine.readU64(kp + 16n), perm: k.machine.readU16(kp + 24n),
      type: types.get(name), desc: descs.get(name),
    });
  }
  return out;
}

/** parameq(): dashes and underscores are the same. */
function parameq(a: string, b: string): boolean {
  return a.replace(/-/g, '_') === b.replace(/-/g, '_');
}

const isspace = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);

interface Arg { param: number; val: number | null }

/** next_arg() over a NUL-terminated byte buffer; writes NULs like Linux. Returns the new position. */
function next_arg(b: Uint8Array, pos: number, out: Arg): number {
  let i: number, equals = 0, inQuote = false, quoted = false;
  let args = pos;
  if (b[args] === 0x22) { args++; inQuote = true; quoted = true; }
  for (i = 0; b[args + i]; i++) {
    if (isspace(b[args + i]) && !inQuote) break;
    if (equals === 0 && b[args + i] === 0x3d) equals = i;
    if (b[args + i] === 0x22) inQuote = !inQuote;
  }
  out.param = args;
  if (!equals) out.val = null;
  else {
    b[args + equals] = 0;
    out.val = args + equals + 1;
    if (b[out.val] === 0x22) {
      out.val++;
      if (b[args + i - 1] === 0x22) b[args + i - 1] = 0;
    }
  }
  if (quoted && i > 0 && b[args + i - 1] === 0x22) b[args + i - 1] = 0;
  if (b[args + i]) { b[args + i] = 0; args += i + 1; } else args += i;
  while (b[args] && isspace(b[args])) args++;
  return args;
}

function cstr(b: Uint8Array, at: number): string {
  let e = at;
  while (b[e]) e++;
  return Buffer.from(b.subarray(at, e)).toString('latin1');
}

/**
 * Copies the arguments into kernel memory (mod->args) and applies them. Returns the kmalloc'd
 * copy (freed with the module). Throws KernelError with the first error, after trying all.
 */
export function parse_args(k: Kernel, mod: Module, uargs: string, cpu: number): bigint {
  const bytes = new Uint8Array(Buffer.from(uargs + '\0', 'latin1'));
  const argsAddr = k.slab.kmalloc(bytes.length);
  if (!argsAddr) throw new KernelError(ENOMEM);
  mod.args = uargs;
  let pos = 0;
  while (bytes[pos] && isspace(bytes[pos])) pos++;
  let err = 0;
  const doing = mod.name;
  while (bytes[pos]) {
    const a: Arg = { param: 0, val: null };
    pos = next_arg(bytes, pos, a);
    // Values are read by ops->set from the kernel copy, so copy what next_arg rewrote.
    k.machine.write(argsAddr, bytes);
    const param = cstr(bytes, a.param);
    const val = a.val === null ? null : cstr(bytes, a.val);
    if (val === null && param === '--') {
      if (bytes[pos]) k.printk(`<4>${mod.name}: parameters '${cstr(bytes, pos)}' after \`--' ignored\n`);
      break;
    }
    const ret = parse_one(k, mod, param, a.val === null ? 0n : argsAddr + BigInt(a.val), val, cpu);
    if (ret === 0) continue;
    if (ret === -ENOENT) k.printk(`<3>${doing}: Unknown parameter \`${param}'\n`);
    else if (ret === -ENOSPC) k.printk(`<3>${doing}: \`${val ?? ''}' too large for parameter \`${param}'\n`);
    else k.printk(`<3>${doing}: \`${val ?? ''}' invalid for parameter \`${param}'\n`);
    err = ret;
  }
  if (err < 0 && err >= -4095) {
    k.slab.kfree(argsAddr);
    throw new KernelError(-err);
  }
  // ERR_PTR(ret) of a setter's return that is no errno is not IS_ERR: load_module takes it for
  // after_dashes, a pointer, and %s prints what vsprintf prints for a bad one
  if (err) k.printk(`<4>${mod.name}: parameters '(efault)' after \`--' ignored\n`);
  return argsAddr;
}

/** ops->set oopsed (insmod is killed) or never returned (insmod with it). */
export class SetterDied extends Error {
  constructor(readonly outcome: Exclude<CallOutcome, { ok: true } | { errno: number }>) {
    super('parameter setter died');
  }
}

function parse_one(k: Kernel, mod: Module, param: string, valAddr: bigint, val: string | null, cpu: number): number {
  const p = mod.params.find((x) => parameq(param, x.name));
  if (!p) {
    // unknown_module_param_cb
    if (param !== 'async_probe' && param !== 'dyndbg') k.printk(`<4>${mod.name}: unknown parameter '${param}' ignored\n`);
    return 0;
  }
  const opsFlags = k.machine.readU32(p.ops);
  if (val === null && !(opsFlags & KERNEL_PARAM_OPS_FL_NOARG)) return -EINVAL;
  const set = k.machine.readU64(p.ops + 8n);
  const r = k.call(set, [valAddr, p.kp], { cpu, comm: 'insmod' });
  if (!r.ok && !('errno' in r)) throw new SetterDied(r);
  if (!r.ok) return -r.errno;
  return Number(BigInt.asIntN(32, r.ret));
}

/** destroy_params(): ops->free for parameters that own memory (charp). */
export function destroy_params(k: Kernel, mod: Module) {
  for (const p of mod.params) {
    // pointers that lead nowhere were already an oops at load; freeing skips them
    if (!k.machine.isMapped(p.ops + 24n) || !k.machine.isMapped(p.kp + 32n)) continue;
    const free = k.machine.readU64(p.ops + 24n);
    if (free) k.call(free, [k.machine.readU64(p.kp + 32n)], { comm: 'rmmod' });
  }
}

/** Reads /sys/module/M/parameters/P through ops->get. */
export function param_attr_show(k: Kernel, p: ModuleParam): string {
  let get: bigint;
  try {
    get = k.machine.readU64(p.ops + 16n);
  } catch (e) {
    // a kernel_param whose ops lead nowhere: the reader's oops, and the read fails
    if (!(e instanceof GuestAccessError)) throw e;
    hostOops(k, 0, 'cat', e);
    throw new KernelError(14 /* EFAULT */);
  }
  if (!get) throw new KernelError(1 /* EPERM */);
  const buf = k.slab.kmalloc(4096);
  if (!buf) throw new KernelError(ENOMEM);
  try {
    const r = k.call(get, [buf, p.kp], { comm: 'cat' });
    if (!r.ok) throw new KernelError(14 /* EFAULT */);
    const n = Number(BigInt.asIntN(32, r.ret));
    if (n < 0) throw new KernelError(-n);
    return Buffer.from(k.machine.read(buf, Math.min(n, 4096))).toString('latin1');
  } finally {
    k.slab.kfree(buf);
  }
}

// Oopses (arch/arm64/kernel/traps.c die(), arch/arm64/mm/fault.c's messages): what a fault
// on a core, or a bad pointer met by kernel code kmodlab runs on the host, prints; the
// stack-overflow report (panic_bad_stack); the ESR each fault would have had.
import { Reg, type GuestAccessError } from '../emu/machine.ts';
import { describeFault, faultEsr, type Fault } from '../emu/faults.ts';
import { TAINT, taintedLine, taintLetters } from './taint.ts';
import { CUT_HERE } from './bug.ts';
import { backtrace } from './stacktrace.ts';
import { UTS_RELEASE, THREAD_SIZE, type Kernel, type Task } from './kernel.ts';

/** Prints an oops for a fault and returns its lines. The machine keeps running. */
export function oops(k: Kernel, f: Fault, task?: Pick<Task, 'pid' | 'comm'> & Partial<Task>, hostTrace?: string[]): string[] {
  const core = k.machine.cores[f.cpu];
  const at = k.kallsyms.lookup(f.pc);
  const fmt = (a: bigint) => k.kallsyms.format(a);
  const lines: string[] = [];
  // A PC inside the old range of an unloaded module is a call into it, whatever the memory
  // holds now (unmapped pages, the brk fill, or an object that reused the freed memory).
  const unloaded = at?.unloaded ? ` (call into unloaded module ${at.module})` : '';
  const va = (a: bigint) => a.toString(16).padStart(16, '0');
  if (task?.stack && isStackOverflow(f, task.stack, core.sp)) return stackOverflow(k, f, task as Task);
  if (f.kind === 'fetch-unmapped' || f.kind === 'fetch-prot') {
    const addr = f.address ?? f.pc;
    lines.push(`Unable to handle kernel ${addr < 4096n ? 'NULL pointer dereference' : 'paging request'} at virtual address ${va(addr)}${unloaded}`);
  } else if (unloaded) {
    lines.push(`Unable to handle kernel execution of freed memory at virtual address ${va(f.pc)}${unloaded}`);
  } else if (f.kind.endsWith('-poisoned')) {
    // Still mapped, but freed: the memory of an unloaded module that nothing reused yet.
    const data = f.address !== undefined ? k.kallsyms.lookup(f.address) : null;
    const freed = data?.unloaded ? ` (freed memory of unloaded module ${data.module}: ${k.kallsyms.format(f.address!)})` : '';
    lines.push(`Unable to handle kernel ${f.kind === 'write-poisoned' ? 'write to' : 'read of'} freed memory at virtual address ${va(f.address ?? 0n)}${freed}`);
  } else if (f.kind.endsWith('-unmapped') || f.kind.endsWith('-prot')) {
    const data = f.address !== undefined ? k.kallsyms.lookup(f.address) : null;
    const freed = data?.unloaded ? ` (freed memory of unloaded module ${data.module}: ${k.kallsyms.format(f.address!)})` : '';
    const what = f.kind === 'write-prot' ? 'write to read-only memory'
      : (f.address ?? 0n) < 4096n ? 'NULL pointer dereference' : 'paging request';
    lines.push(`Unable to handle kernel ${what} at virtual address ${va(f.address ?? 0n)}${freed}`);
  } else if (f.kind === 'brk' && f.imm === 0x800) {
    lines.push(CUT_HERE);
    lines.push(f.message ?? `kernel BUG at ${fmt(f.pc)}!`);
  } else if (f.kind === 'service') {
    lines.push(f.message ?? 'kernel service failure');
  } else {
    lines.push(describeFault(f));
  }
  k.oopsCount++;
  lines.push(`Internal error: ${oopsReason(f)} [#${k.oopsCount}] SMP`);
  const mods = k.modules.filter((m) => m.state !== 'UNFORMED').map((m) => m.name + (m.taints ? `(${taintLetters(m.taints)})` : ''));
  lines.push(`Modules linked in: ${mods.join(' ')}`);
  lines.push(`CPU: ${f.cpu} PID: ${task?.pid ?? 0} Comm: ${task?.comm ?? 'swapper'} ${taintedLine(k.taint)} ${UTS_RELEASE} #1`);
  lines.push('Hardware name: kmodlab virtual machine (DT)');
  if (hostTrace) {
    // a kernel function kmodlab runs on the host (the loader's parse_args, sysfs's show): its
    // names, innermost first, without offsets, since it has no code in the guest
    lines.push(`pc : ${hostTrace[0]}`, `lr : ${hostTrace[1] ?? hostTrace[0]}`, 'Call trace:', ...hostTrace.map((n) => ` ${n}`));
  } else {
    lines.push(`pc : ${fmt(f.pc)}${at?.unloaded ? ' (unloaded)' : ''}`);
    let lr = 0n;
    try { lr = core.reg(Reg.X[30]); } catch { /* ignore */ }
    lines.push(`lr : ${fmt(lr)}`);
    lines.push(`sp : ${core.sp.toString(16).padStart(16, '0')}`);
    lines.push('Call trace:');
    for (const a of backtrace(k, f.cpu, f.pc)) lines.push(` ${fmt(a)}`);
  }
  for (const l of lines) k.printk(`<1>${l}\n`, f.cpu);
  // die(): TAINT_DIE after __die()'s report (so the first oops shows the taint it had), then
  // oops_exit()'s end marker.
  k.addTaint(TAINT.DIE, true);
  lines.push('---[ end trace 0000000000000000 ]---');
  k.printk(`<4>${lines[lines.length - 1]}\n`, f.cpu);
  // die() in softirq context (a timer callback, a tasklet): Linux panics; the machine goes on,
  // but what the dead softirq held (a timer base's lock) stays held.
  if (task?.thread?.urgent) {
    lines.push('Kernel panic - not syncing: Fatal exception in interrupt');
    k.printk(`<0>${lines[lines.length - 1]}\n`, f.cpu);
  }
  return lines;
}

/**
 * A bad guest pointer dereferenced by kernel code kmodlab runs on the host, in the context of
 * the task that asked (insmod's parse_args, cat's param_attr_show): an oops of that task, as
 * the C function's data abort would be, with the host functions (named as Linux names them)
 * as its call trace. Returns the lines; the caller ends the task's system call.
 */
export function hostOops(k: Kernel, cpu: number, comm: string, e: GuestAccessError): string[] {
  const trace = (e.stack ?? '').split('\n')
    .map((l) => /at (?:[\w$]+\.)?([\w$]+) \((?:file:\/\/)?([^)]*)\)/.exec(l))
    .filter((m): m is RegExpExecArray => !!m && m[2].includes('/kernel/'))
    .map((m) => m[1]).slice(0, 8);
  return oops(k, { kind: e.write ? 'write-unmapped' : 'read-unmapped', cpu, pc: 0n, address: e.address }, { pid: k.nextPid++, comm }, trace.length ? trace : ['(kernel)']);
}

/** A data abort at the stack's guard page below it, or a frame that pt_regs no longer fit above it. */
function isStackOverflow(f: Fault, stack: bigint, sp: bigint): boolean {
  if (!f.kind.startsWith('read') && !f.kind.startsWith('write')) return false;
  const PT_REGS_SIZE = 336n;
  const inGuard = f.address !== undefined && f.address < stack && f.address >= stack - 4096n;
  return inGuard || (sp >= stack - 4096n && sp - PT_REGS_SIZE < stack);
}

/**
 * panic_bad_stack() (arch/arm64/kernel/traps.c): kernel_ventry finds no room for pt_regs and
 * reports on the overflow stack, then panics; kmodlab's machine goes on without that task.
 * (No IRQ or overflow stack lines: the machine has neither.)
 */
function stackOverflow(k: Kernel, f: Fault, task: Task): string[] {
  const core = k.machine.cores[f.cpu];
  const hex16 = (a: bigint) => `0x${a.toString(16).padStart(16, '0')}`;
  const esr = BigInt('0x' + oopsReason(f).replace(/^Oops: /, ''));
  const lines = [
    'Insufficient stack space to handle exception!',
    `ESR: ${hex16(esr)} -- DABT (current EL)`,
    `FAR: ${hex16(f.address ?? 0n)}`,
    `Task stack:     [${hex16(task.stack)}..${hex16(task.stack + BigInt(THREAD_SIZE))}]`,
    `CPU: ${f.cpu} PID: ${task.pid} Comm: ${task.comm} ${taintedLine(k.taint)} ${UTS_RELEASE} #1`,
    'Hardware name: kmodlab virtual machine (DT)',
    `pc : ${k.kallsyms.format(f.pc)}`,
    `lr : ${k.kallsyms.format(core.reg(Reg.X[30]))}`,
    `sp : ${core.sp.toString(16).padStart(16, '0')}`,
    'Kernel panic - not syncing: kernel stack overflow',
  ];
  for (const l of lines) k.printk(`<0>${l}\n`, f.cpu);
  k.oopsCount++;
  k.addTaint(TAINT.DIE, true);
  return lines;
}

/** The "Oops: ESR" part arm64 prints: the exception syndrome the fault would have had. */
export function oopsReason(f: Fault): string {
  const esr = (v: number | bigint) => v.toString(16).padStart(16, '0');
  const syndrome = faultEsr(f);
  if (syndrome !== null) return f.kind === 'undefined-instruction' ? `Oops - Undefined instruction: ${esr(syndrome)}` : `Oops: ${esr(syndrome)}`;
  switch (f.kind) {
    // a poisoned range is mapped memory the kernel must not touch: reported as the abort it stands for
    case 'read-poisoned': return `Oops: ${esr(0x96000004)}`;
    case 'write-poisoned': return `Oops: ${esr(0x96000044)}`;
    case 'brk': return f.imm === 0x800 ? `Oops - BUG: ${esr(0xf2000800)}` : `Oops - BRK: ${esr(0xf2000000 + (f.imm ?? 0))}`;
    default: return `Oops: ${esr(0)}`;
  }
}

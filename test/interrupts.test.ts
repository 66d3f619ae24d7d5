// Exceptions as the hardware delivers them: the GIC (emu/gic.ts) and the exception entry through
// VBAR_EL1 on the real engine; on the booted kernel, the generic timer's tick, a device's line
// taken in the interrupted task's context (Exception #1 of seed 004), IPIs between cores, and a
// data abort reaching the kernel's fault path with ESR and FAR.
import { describe, it, expect, afterEach } from 'vitest';
import { Machine, Reg } from '../emu/machine.ts';
import { GIC_PPI_VTIMER, GIC_SPURIOUS } from '../emu/gic.ts';
import { PAGE_OFFSET, CALL_SENTINEL } from '../emu/address-map.ts';
import { Console } from '../tools/console.ts';
import { EXAMPLES, outputOf } from './helpers.ts';

const CODE = PAGE_OFFSET + 0x100000n;
const VBAR = CODE + 0x800n;
const STACK = PAGE_OFFSET + 0x300000n;

// main: mov x0,#0; msr daifclr,#2 (or nop); 1: add x0,x0,#1; cmp x0,#1000; b.ne 1b; ret
const main = (unmask: boolean) => [0xd2800000, unmask ? 0xd50342ff : 0xd503201f, 0x91000400, 0xf10fa01f, 0x54ffffc1, 0xd65f03c0];
// VBAR+0x280 (IRQ, EL1h): add x1,x1,#1; mrs x2,icc_iar1_el1; mrs x3,spsr_el1; msr icc_eoir1_el1,x2; eret
const IRQ_VECTOR = [0x91000421, 0xd538cc02, 0xd5384003, 0xd518cc22, 0xd69f03e0];

let machines: Machine[] = [];
afterEach(() => {
  for (const m of machines) m.close();
  machines = [];
});

function put(m: Machine, va: bigint, words: number[]) {
  m.write(va, new Uint8Array(new Uint32Array(words).buffer));
  m.invalidateCode(va, words.length * 4);
}

function bare(unmask: boolean) {
  const m = new Machine({ cpus: 1, memBytes: 32 << 20 });
  machines.push(m);
  put(m, CODE, main(unmask));
  put(m, VBAR + 0x280n, IRQ_VECTOR);
  const c = m.cores[0];
  c.setReg(Reg.VBAR_EL1, VBAR);
  c.setReg(Reg.PSTATE, 0x3c5n);
  c.setReg(Reg.X[30], CALL_SENTINEL);
  c.sp = STACK;
  c.pc = CODE;
  m.gic.setPriorityMask(0, 0xf0);
  m.gic.setGroupEnabled(0, true);
  m.gic.enable(40, true);
  m.gic.route(40, 0);
  return { m, c };
}

function finish(c: Machine['cores'][number]) {
  let r;
  do r = c.run(10_000); while (r.kind === 'budget');
  return r;
}

describe('exception entry through VBAR_EL1 (real Unicorn engine)', () => {
  it('takes a pending SPI at the IRQ vector, acknowledges and ends it, and ERET resumes the loop', () => {
    const { m, c } = bare(true);
    expect(c.run(40).kind).toBe('budget');
    const at = c.pc;
    m.gic.raise(40);
    expect(m.gic.highestPending(0)).toBe(40);
    expect(c.deliverInterrupt()).toBe(true);
    expect(c.pc).toBe(VBAR + 0x280n);
    expect(c.reg(Reg.ELR_EL1)).toBe(at);
    expect(finish(c).kind).toBe('sentinel');
    expect(c.x(1)).toBe(1n); // the handler ran once
    expect(c.x(2)).toBe(40n); // ICC_IAR1_EL1 gave the INTID
    expect(c.x(3) & 0x3cfn).toBe(0x345n); // SPSR_EL1: EL1h, IRQs unmasked, the loop's flags
    expect(c.x(0)).toBe(1000n); // the interrupted loop went on to its end
    expect(m.gic.highestPending(0)).toBeNull(); // acknowledged, then ended: nothing active or pending
    expect(m.gic.counts.get(40)).toEqual([1]);
  });

  it('does not take it while PSTATE.I masks IRQs; acknowledging with nothing pending is spurious', () => {
    const { m, c } = bare(false);
    c.run(40);
    m.gic.raise(40);
    expect(c.deliverInterrupt()).toBe(false);
    expect(finish(c).kind).toBe('sentinel');
    expect(c.x(1)).toBe(0n);
    expect(m.gic.isPending(40)).toBe(true);
    expect(m.gic.acknowledge(0)).toBe(40);
    expect(m.gic.acknowledge(0)).toBe(GIC_SPURIOUS); // one active at a time, equal priorities
  });
});

function session(lines: string[]) {
  const out: string[] = [];
  const c = new Console({ baseDir: EXAMPLES, echo: true, write: (l) => out.push(l) });
  for (const l of lines) c.exec(l);
  return { out, k: c.kernel! };
}

describe('interrupts on the booted kernel', () => {
  it('the tick is each busy core\'s generic-timer interrupt, and preempts at the interrupt\'s exit', () => {
    const spinners = (preempt: string) => session([
      `boot cpus=2 preempt=${preempt}`,
      'spawn a cpu=1 kmodlab_spin 200000',
      'spawn b cpu=1 kmodlab_spin 200000',
      'run 100k',
      'ps',
    ]);
    const full = spinners('full');
    expect(full.k.machine.gic.counts.get(GIC_PPI_VTIMER)![1]).toBeGreaterThan(2);
    // b was preempted at a tick's exit, inside the loop it was interrupted in; a has its CPU again
    expect(outputOf(full.out, 'ps').slice(1).map((l) => l.replace(/^\s+\d+/, ''))).toEqual([
      '   1 runnable  a               kmodlab_spin+0x18/0x34',
      '   1 preempted b               kmodlab_spin+0x18/0x34',
    ]);
    // preempt=none: the ticks only ask for a reschedule, and b has not run yet
    const none = spinners('none');
    expect(none.k.machine.gic.counts.get(GIC_PPI_VTIMER)![1]).toBeGreaterThan(2);
    expect(outputOf(none.out, 'ps')[2]).toMatch(/ 1 runnable  b +off-cpu$/);
  });

  it('a device\'s line interrupts the task running on its CPU (Exception #1 in interrupt context)', () => {
    const { out, k } = session([
      'boot cpus=2 preempt=full sync=classic',
      'insmod irqdemo/irqdemo.ko work=100000',
      'spawn storm cpu=1 kmodlab_irq_storm 9 3 1',
      'join storm',
      'rmmod irqdemo',
    ]);
    expect(outputOf(out, 'join storm')).toEqual(['storm => 0x3']);
    // line 9 is INTID 41, taken three times on CPU 1 and never on CPU 0
    expect(k.machine.gic.counts.get(41)).toEqual([0, 3]);
  });

  it('IPIs: a function call runs on the target CPU in hard interrupt context, idle or busy', () => {
    const { out } = session([
      'boot cpus=4',
      'call kmodlab_ipi_ping 2',
      'spawn busy cpu=3 kmodlab_spin 300000',
      'call kmodlab_ipi_ping 3',
      'call kmodlab_ipi_ping 9',
      'join busy',
    ]);
    expect(outputOf(out, 'call kmodlab_ipi_ping 2')).toEqual(['=> 0x2']);
    expect(outputOf(out, 'call kmodlab_ipi_ping 3')).toEqual(['=> 0x3']);
    expect(outputOf(out, 'call kmodlab_ipi_ping 9')).toEqual([`=> 0x${(2n ** 64n - 6n).toString(16)}`]); // -ENXIO
  });

  it('a kernel data abort is taken through the vector table: ESR and FAR as the hardware sets them, Linux\'s oops', () => {
    const { out, k } = session(['boot cpus=2', 'call strlen 0xffff00000dead000', 'call strlen 0x10', 'dmesg']);
    expect(outputOf(out, 'call strlen 0xffff00000dead000')).toEqual([
      '=> oops: Unable to handle kernel paging request at virtual address ffff00000dead000 at strlen+0x8/0x38 on cpu0']);
    const core = k.machine.cores[0];
    expect(core.faultsTaken).toBe(2);
    // the second one's syndrome: a data abort from EL1 (EC 0x25), IL, read, translation fault level 0
    expect(core.reg(Reg.ESR_EL1)).toBe(0x96000004n);
    expect(core.reg(Reg.FAR_EL1)).toBe(0x10n);
    const dmesg = outputOf(out, 'dmesg').map((l) => l.replace(/^\[[ \d.]+\] /, ''));
    const i = dmesg.indexOf('Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010');
    expect(dmesg.slice(i, i + 2)).toEqual([
      'Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010',
      'Internal error: Oops: 0000000096000004 [#2] SMP',
    ]);
    expect(dmesg).toContain('pc : strlen+0x8/0x38');
  });

  it('the counter a guest reads (CNTVCT_EL0) is the machine clock: the same on every run', () => {
    const cval = () => {
      const { k } = session(['boot cpus=2', 'spawn a cpu=1 kmodlab_spin 50000', 'join a']);
      return k.machine.cores.map((c) => c.slice.timerCval);
    };
    const first = cval();
    expect(first[1]).toBeGreaterThan(0n);
    expect(cval()).toEqual(first);
  });
});

// The generic timer (ARM ARM D11): each core's virtual timer compares the system counter with
// CNTV_CVAL_EL0 and, while CNTV_CTL_EL0 has ENABLE set and IMASK clear, asserts its PPI at the
// GIC. The guest programs the timer with its own MSR instructions and reads the system counter,
// the machine clock in cycles, through CNTVCT_EL0: Unicorn runs no timer, so the native MRS/MSR
// hooks keep these registers per core (kml_sysreg_read/write, emu/native/hooks.c). The comparison is made when a
// core starts a run, so an interrupt is taken at a run's first instruction: at most a slice late.
import type { SliceCounter } from './unicorn.ts';
import { GIC_PPI_VTIMER, type Gic } from './gic.ts';

const CTL_ENABLE = 1n, CTL_IMASK = 2n;

export class GenericTimer {
  constructor(private readonly gic: Gic) {}

  /** At a run start on `core` at machine time `now`: the counter from now on, and the PPI's level. */
  sync(core: { readonly id: number; readonly slice: SliceCounter }, now: bigint) {
    core.slice.setCounter(now);
    const ctl = core.slice.timerCtl;
    const fire = (ctl & CTL_ENABLE) !== 0n && (ctl & CTL_IMASK) === 0n && now >= core.slice.timerCval;
    if (fire) this.gic.raise(GIC_PPI_VTIMER, core.id);
    else this.gic.lower(GIC_PPI_VTIMER, core.id);
  }
}

// The interrupt controller: a GICv3 reduced to what the machine's kernel uses. Interrupt
// ids (INTIDs) as GICv3 numbers them: SGIs 0-15 (IPIs, one per core each), PPIs 16-31 (one
// per core each: the generic timer's virtual timer is 27), SPIs from 32 (devices, routed to
// one core each). Every interrupt has one priority, so a core takes no interrupt while it has
// one active (acknowledged, not yet ended): the same rule a GIC applies with equal priorities.
//
// The CPU interface is GICv3's system registers (ICC_IAR1_EL1, ICC_EOIR1_EL1, ICC_SGI1R_EL1,
// ICC_PMR_EL1, ICC_IGRPEN1_EL1, ICC_CTLR_EL1), emulated by the machine when the core traps on
// them (emu/machine.ts); the distributor's state (enable, route, pending) is set by the kernel
// through its services, the machine's stand-in for GICD's MMIO registers.
export const GIC_SGI_COUNT = 16;
export const GIC_PPI_FIRST = 16;
export const GIC_SPI_FIRST = 32;
/** The virtual timer's PPI (arm64 DT's "interrupts" for the timer: PPI 11 = INTID 27). */
export const GIC_PPI_VTIMER = 27;
/** ICC_IAR1_EL1 when nothing is pending. */
export const GIC_SPURIOUS = 1023;

export class Gic {
  /** Per core: pending and enabled bits of its SGIs and PPIs (INTIDs 0..31). */
  private readonly privPending: number[];
  private readonly privEnabled: number[];
  /** SPIs: pending, enabled, the core each is routed to. */
  private readonly spiPending: Uint8Array;
  private readonly spiEnabled: Uint8Array;
  private readonly spiRoute: Uint8Array;
  /** Per core: the INTID acknowledged and not yet ended, or -1. */
  private readonly active: number[];
  /** Per core: ICC_PMR_EL1 (interrupts of priority >= it are masked; all of ours are 0xa0). */
  private readonly pmr: number[];
  private readonly groupEnabled: boolean[];
  /** Interrupts taken, per INTID per core (/proc/interrupts). */
  readonly counts: Map<number, number[]> = new Map();

  constructor(readonly cpus: number, readonly spis: number) {
    this.privPending = new Array(cpus).fill(0);
    this.privEnabled = new Array(cpus).fill(0);
    this.spiPending = new Uint8Array(spis);
    this.spiEnabled = new Uint8Array(spis);
    this.spiRoute = new Uint8Array(spis);
    this.active = new Array(cpus).fill(-1);
    this.pmr = new Array(cpus).fill(0);
    this.groupEnabled = new Array(cpus).fill(false);
  }

  static readonly PRIORITY = 0xa0;

  private spi(intid: number): number {
    const i = intid - GIC_SPI_FIRST;
    if (!Number.isInteger(i) || i < 0 || i >= this.spis) throw new RangeError(`INTID ${intid} is not an SPI of this GIC`);
    return i;
  }
  private checkCpu(cpu: number) {
    if (!Number.isInteger(cpu) || cpu < 0 || cpu >= this.cpus) throw new RangeError(`cpu${cpu} does not exist`);
  }

  /** Makes an interrupt pending: an SPI on the core it is routed to, an SGI/PPI on `cpu`. */
  raise(intid: number, cpu?: number) {
    if (intid < GIC_SPI_FIRST) {
      this.checkCpu(cpu ?? -1);
      this.privPending[cpu!] |= 1 << intid;
    } else this.spiPending[this.spi(intid)] = 1;
  }
  /** A level-triggered line went low before it was taken (the timer reprogrammed). */
  lower(intid: number, cpu?: number) {
    if (intid < GIC_SPI_FIRST) this.privPending[cpu!] &= ~(1 << intid);
    else this.spiPending[this.spi(intid)] = 0;
  }
  /** GICD_ISENABLER / GICR_ISENABLER0 (an SGI or PPI: on `cpu`; undefined: on every core). */
  enable(intid: number, on: boolean, cpu?: number) {
    if (intid < GIC_SPI_FIRST) {
      for (let c = 0; c < this.cpus; c++) {
        if (cpu !== undefined && c !== cpu) continue;
        if (on) this.privEnabled[c] |= 1 << intid;
        else this.privEnabled[c] &= ~(1 << intid);
      }
    } else this.spiEnabled[this.spi(intid)] = on ? 1 : 0;
  }
  /** GICD_IROUTER: the core an SPI is delivered to. */
  route(intid: number, cpu: number) {
    this.checkCpu(cpu);
    this.spiRoute[this.spi(intid)] = cpu;
  }
  routeOf(intid: number): number { return this.spiRoute[this.spi(intid)]; }

  /** The INTID `cpu` would take now (the lowest pending and enabled; `ignoring` one), or null. */
  highestPending(cpu: number, ignoring = -1): number | null {
    if (!this.groupEnabled[cpu] || this.active[cpu] >= 0 || this.pmr[cpu] <= Gic.PRIORITY) return null;
    const priv = this.privPending[cpu] & this.privEnabled[cpu] & ~(ignoring >= 0 && ignoring < 32 ? 1 << ignoring : 0);
    if (priv) return 31 - Math.clz32(priv & -priv);
    for (let i = 0; i < this.spis; i++) {
      if (this.spiPending[i] && this.spiEnabled[i] && this.spiRoute[i] === cpu) return GIC_SPI_FIRST + i;
    }
    return null;
  }

  /** ICC_IAR1_EL1: acknowledges the interrupt `cpu` takes (it becomes active, no longer pending). */
  acknowledge(cpu: number): number {
    const intid = this.highestPending(cpu);
    if (intid === null) return GIC_SPURIOUS;
    if (intid < GIC_SPI_FIRST) this.privPending[cpu] &= ~(1 << intid);
    else this.spiPending[intid - GIC_SPI_FIRST] = 0;
    this.active[cpu] = intid;
    let c = this.counts.get(intid);
    if (!c) this.counts.set(intid, (c = new Array(this.cpus).fill(0)));
    c[cpu]++;
    return intid;
  }
  /** ICC_EOIR1_EL1: the handler of `intid` on `cpu` is done. */
  endOfInterrupt(cpu: number, intid: number) {
    if (this.active[cpu] === intid) this.active[cpu] = -1;
  }
  /** ICC_SGI1R_EL1: an SGI to the cores of `targets` (bit n = cpu n). */
  sendSgi(intid: number, targets: bigint) {
    for (let c = 0; c < this.cpus; c++) if ((targets >> BigInt(c)) & 1n) this.privPending[c] |= 1 << (intid & 15);
  }
  setPriorityMask(cpu: number, v: number) { this.pmr[cpu] = v & 0xff; }
  priorityMask(cpu: number): number { return this.pmr[cpu]; }
  setGroupEnabled(cpu: number, on: boolean) { this.groupEnabled[cpu] = on; }
  groupIsEnabled(cpu: number): boolean { return this.groupEnabled[cpu]; }
  /** Whether `intid` is pending (for `cpu` when private). */
  isPending(intid: number, cpu = 0): boolean {
    return intid < GIC_SPI_FIRST ? ((this.privPending[cpu] >> intid) & 1) === 1 : this.spiPending[this.spi(intid)] === 1;
  }
}

// The cost model. Every constant is a named parameter so results can be recomputed for
// another machine; docs/ARCHITECTURE.md lists them with their sources.
export interface CostModel {
  /** Core clock, used to turn cycles into the emulated time printk timestamps show. */
  cpuHz: number;
  /** Cycles per emulated instruction (the in-order baseline). */
  cyclesPerInstruction: number;
  /** Cycles charged for a call into a kernel service written in TypeScript. */
  serviceCallCycles: number;
  /**
   * Cycles to move a tracked cache line from the core that owns it (cross-core transfer,
   * ~47 ns on Neoverse N1 at 2.5 GHz ≈ 118 cycles).
   */
  lineTransferCycles: number;
}

export const DEFAULT_COST: CostModel = {
  cpuHz: 1_000_000_000,
  cyclesPerInstruction: 1,
  serviceCallCycles: 50,
  lineTransferCycles: 118,
};

export function cyclesToNs(cycles: bigint, cost: CostModel): bigint {
  return (cycles * 1_000_000_000n) / BigInt(cost.cpuHz);
}

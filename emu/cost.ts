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
  /**
   * The TLB model (boot tlb=1; emu/native/hooks.c kml_tlb_*): Cortex-A72's TLB shapes (TRM:
   * 48-entry L1 instruction TLB, 32-entry L1 data TLB, 1024-entry 4-way L2 TLB). An L1 miss
   * served by the L2 TLB costs tlbL2HitCycles; an L2 miss also walks the tables at
   * tlbWalkLevelCycles per descriptor read (4 for a page, 3 for a 2 MiB block). Arm publishes
   * no latencies for these: 7 cycles is a typical second-level TLB hit, 20 an L2 cache hit
   * (Cortex-A72's L2 load-to-use latency is about 20 cycles), where walk descriptors live.
   */
  tlbL2HitCycles: number;
  tlbWalkLevelCycles: number;
  /**
   * The loader's own work, charged to the loading core (kernel/module/main.ts loader_cycles).
   * Copies (kernel_read_file, move_module, .bss zeroing) at loaderCopyBytesPerCycle: one 16-byte
   * load and store per cycle. A symbol lookup is a binary search of the exported symbols at
   * loaderCompareCycles per strcmp (a dozen characters). A relocation is apply_relocate_add's
   * loop body for one RELA entry, about loaderRelocationCycles instructions. Signature checks
   * hash the module with SHA-512 at loaderHashCyclesPerByte (no SHA-512 instructions assumed).
   */
  loaderCopyBytesPerCycle: number;
  loaderCompareCycles: number;
  loaderRelocationCycles: number;
  loaderHashCyclesPerByte: number;
}

export const DEFAULT_COST: CostModel = {
  cpuHz: 1_000_000_000,
  cyclesPerInstruction: 1,
  serviceCallCycles: 50,
  lineTransferCycles: 118,
  tlbL2HitCycles: 7,
  tlbWalkLevelCycles: 20,
  loaderCopyBytesPerCycle: 16,
  loaderCompareCycles: 12,
  loaderRelocationCycles: 25,
  loaderHashCyclesPerByte: 12,
};

export function cyclesToNs(cycles: bigint, cost: CostModel): bigint {
  return (cycles * 1_000_000_000n) / BigInt(cost.cpuHz);
}

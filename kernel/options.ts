// The options a machine boots with (scenario `boot`, `kmodlab` flags): what `boot()` takes and,
// with every default filled in, what the kernel record keeps (k.opts).
import type { CostModel } from '../emu/cost.ts';
import type { PlacementPolicy } from './module/placement.ts';
import type { RefcountScheme } from './module/module.ts';

/** A tick period no run reaches: CPUs without a timer interrupt, as nohz_full isolates a benchmark's. */
export const TICKLESS = 2 ** 50;

export interface BootOptions {
  cpus?: number;
  mem?: number;
  seed?: number;
  /** Path of the kernel image (default build/kernel/vmlinux). */
  image?: string;
  modulePlacement?: PlacementPolicy;
  /** CONFIG_MODULE_UNLOAD (default true). */
  moduleUnload?: boolean;
  /** Keep module symbols in memory (kallsyms for modules). */
  moduleKallsyms?: boolean;
  /** Price TLB misses in cycles (the cost model's TLBs, emu/cost.ts; default off: slower). */
  tlb?: boolean;
  /** CONFIG_MODULE_SIG: unsigned modules taint E (default true, like Debian). */
  moduleSig?: boolean;
  /** module.sig_enforce: refuse modules without a valid signature (default false, like Debian). */
  moduleSigEnforce?: boolean;
  /**
   * The compiled-in trusted keys: certificates from a PEM/DER file or a kernel image (default:
   * those of Debian's kernel of the same release, when `make real-modules` fetched it).
   */
  trustedKeys?: string;
  /** module_blacklist= */
  blacklist?: string[];
  /** Instructions a core runs before the next core gets its turn (the interleaving grain). */
  slice?: number;
  /** Cycles between timer ticks, the period of each core's timer interrupt (default: one slice). */
  tick?: number;
  cost?: Partial<CostModel>;
  /** Cycles one host-started call may take before it is reported as stuck. */
  callLimit?: number;
  /** initcall_debug: log each initcall of built-in code. */
  initcallDebug?: boolean;
  /** CONFIG_PREEMPT: 'full' lets the tick preempt a thread whose preempt_count is 0. */
  preempt?: 'none' | 'full';
  /** Module reference counts: 2.5's per-CPU counters, 3.19+'s atomic_t, or none (never free). */
  refcount?: RefcountScheme;
  /** synchronize_kernel: 'classic' schedules on every CPU; 'tasks' also waits for preempted tasks. */
  sync?: 'classic' | 'tasks';
  /** Bytes of freed module memory kept poisoned before kmalloc may reuse it (KASAN's quarantine; 0 = none). */
  quarantine?: number;
  /**
   * Atomics: 'lse' patches the kernel image's alternatives at boot as arm64 Linux does (LSE
   * atomics everywhere); 'llsc' takes the LSE capability away (modules keep LL/SC too);
   * 'mixed' (default) leaves the image as compiled, LL/SC, and patches modules for LSE.
   */
  atomics?: 'mixed' | 'lse' | 'llsc';
}

export type KernelOptions = Required<Omit<BootOptions, 'cost' | 'image'>> & { image: string };

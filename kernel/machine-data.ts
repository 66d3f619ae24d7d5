// Data of the kernel image that describes the machine and that real modules read directly:
// nr_cpu_ids, the CPU masks and the online count (kernel/core/lib.c), the page allocator's
// RAM pages (_totalram_pages, kernel/core/page_alloc.c), and jiffies, which follows the machine
// clock at HZ=250 (Debian's) from INITIAL_JIFFIES, so that it wraps five minutes after
// boot as in Linux; and modprobe_path when the kernel has a modprobe (kernel/kmod.ts).
// Called once from the Kernel constructor.
import type { Kernel } from './kernel.ts';
import { HZ, INITIAL_JIFFIES, jiffiesNow } from './jiffies.ts';
import { initKmod } from './kmod.ts';
import { PAGE_OFFSET } from '../emu/address-map.ts';

export { INITIAL_JIFFIES, jiffiesNow };

export function initMachineData(k: Kernel) {
  const m = k.machine;
  const n = k.opts.cpus;
  m.writeU32(k.symbol('nr_cpu_ids'), n);
  m.writeU32(k.symbol('__num_online_cpus'), n);
  m.writeU64(k.symbol('_totalram_pages'), BigInt(k.pages.totalPages));
  for (const mask of ['__cpu_possible_mask', '__cpu_online_mask', '__cpu_present_mask', '__cpu_active_mask']) {
    const a = k.symbol(mask);
    for (let w = 0; w * 64 < n; w++) {
      const bits = Math.min(64, n - w * 64);
      m.writeU64(a + BigInt(8 * w), bits === 64 ? (1n << 64n) - 1n : (1n << BigInt(bits)) - 1n);
    }
  }
  // The inline virt_to_phys(), phys_to_virt() and virt_to_page() of arm64's headers assume the
  // linear map at arm64's PAGE_OFFSET (0xffff000000000000); kmodlab's sits at PAGE_OFFSET below,
  // in reach of the kernel image. These values make them translate kmodlab's linear map
  // (kernel/core/arm64_init.c, arm64_mmu.c): __lm_to_phys(x) = (x & ~0xffff000000000000) +
  // memstart_addr, and an address above arm64's linear range is x - kimage_voffset.
  m.writeU64(k.symbol('memstart_addr'), BigInt.asUintN(64, -(PAGE_OFFSET & 0xffffffffffffn)));
  m.writeU64(k.symbol('kimage_voffset'), PAGE_OFFSET);
  initKmod(k);
  // arm64 calibrates the delay loop against its timer: here, cycles of the machine clock.
  m.writeU64(k.symbol('loops_per_jiffy'), BigInt(k.cost.cpuHz / HZ));
  const jiffies = k.symbol('jiffies_64');
  m.writeU64(jiffies, INITIAL_JIFFIES);
  const round = k.sched.events.round;
  k.sched.events.round = () => {
    round?.();
    m.writeU64(jiffies, jiffiesNow(k));
  };
}

// User mappings of files (kernel/core/mmap.c, mm_memory.c, vmalloc.c): the page table entries a
// driver's ->mmap() asks for, at user addresses in the machine's TTBR0 tables, and the vmalloc
// areas that may be mapped (vmalloc_user's VM_USERMAP). The vma bookkeeping is the C core's;
// this file writes and clears descriptors, which every core then walks.
import { PROT, MachineError, Reg } from '../../emu/machine.ts';
import { PAGE_SIZE, PAGE_SHIFT, MODULES_VADDR, VMALLOC_END } from '../../emu/address-map.ts';
import type { ServiceCall } from '../service-args.ts';
import { arg } from '../service-args.ts';
import { EINVAL, EBUSY, ENOMEM } from '../errno.ts';

/** The name of the machine's mappings made for user mmaps. */
export const USER_MMAP = 'user mmap';
/** The top of user addresses (arm64's TASK_SIZE with 48-bit virtual addresses). */
const TASK_SIZE = 1n << 48n;
// arm64 PTE bits (asm/pgtable-hwdef.h, pgtable-prot.h): valid, AP[2] read-only, and PTE_WRITE
// (DBM): arm64 maps a writable page read-only until its first write makes it dirty.
const PTE_VALID = 1n, PTE_RDONLY = 1n << 7n, PTE_WRITE = 1n << 51n;

/** long __kmodlab_set_user_ptes(unsigned long addr, unsigned long pfn, unsigned long size, u64 prot) */
function setUserPtes(c: ServiceCall): bigint {
  const m = c.k.machine;
  const addr = arg(c, 0), pfn = arg(c, 1), size = arg(c, 2), prot = arg(c, 3);
  if (addr % BigInt(PAGE_SIZE) || size === 0n || size % BigInt(PAGE_SIZE) || addr + size > TASK_SIZE) return BigInt(-EINVAL);
  // Only the kernel's RAM is behind a pfn here: the machine has no device memory, and the page
  // tables' own pool above it is no driver's to hand out.
  const pa = pfn << BigInt(PAGE_SHIFT);
  if (pa + size > BigInt(m.usableRam)) return BigInt(-EINVAL);
  // PAGE_NONE: the range is reserved and nothing is accessible
  if (!(prot & PTE_VALID)) return 0n;
  // Writable as after that first write (hardware DBM): user tasks take no page faults.
  const perms = prot & PTE_WRITE || !(prot & PTE_RDONLY) ? PROT.RW : PROT.R;
  try {
    m.map(addr, Number(pa), Number(size), perms, USER_MMAP);
  } catch (e) {
    if (!(e instanceof MachineError)) throw e;
    return BigInt(/overlaps/.test(e.message) ? -EBUSY : -ENOMEM);
  }
  return 0n;
}

/** void __kmodlab_zap_user(unsigned long addr, unsigned long size): zap_page_range() */
function zapUser(c: ServiceCall): bigint {
  const m = c.k.machine;
  const start = arg(c, 0), end = start + arg(c, 1);
  const gone = m.mappings().filter((x) => x.name === USER_MMAP && x.va >= start && x.va < end).map((x) => x.va);
  for (const va of gone) m.unmap(va);
  return 0n;
}

function vmallocUser(c: ServiceCall): bigint {
  const a = c.k.vmalloc.alloc(Number(arg(c, 0)), c.k.kallsyms.format(c.core.reg(Reg.X[30])), PROT.RW);
  if (a) c.k.vmalloc.find(a)!.usermap = true;
  return a;
}

export const MMAP_SERVICES: Record<string, (c: ServiceCall) => bigint> = {
  __kmodlab_set_user_ptes: setUserPtes,
  __kmodlab_zap_user: zapUser,
  // unsigned long __kmodlab_vm_area_usermap(const void *addr): the VM_USERMAP area's size, or 0
  __kmodlab_vm_area_usermap: (c) => {
    const a = c.k.vmalloc.find(arg(c, 0));
    return a?.usermap ? BigInt(a.size) : 0n;
  },
  // void *vmalloc_user(unsigned long size): zeroed, and marked for remap_vmalloc_range()
  vmalloc_user: vmallocUser,
  vmalloc_32_user: vmallocUser,
  // unsigned long vmalloc_to_pfn(const void *addr): any vmalloc or module address
  vmalloc_to_pfn: (c) => {
    const va = arg(c, 0);
    if (va < MODULES_VADDR || va >= VMALLOC_END) return 0n;
    const pa = c.k.machine.translate(va);
    return pa < 0 ? 0n : BigInt(pa) >> BigInt(PAGE_SHIFT);
  },
};

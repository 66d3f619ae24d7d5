// Where module memory comes from (seed 002 item 6: "kmalloc'ing small modules for less
// memory consumption and perhaps so that they can avoid using TLB entries"). arm64 Linux
// always uses module_alloc (vmalloc-style pages in the module area, STRICT_MODULE_RWX); the
// seed's proposal puts a region smaller than a page in kmalloc memory instead: no page of its
// own, no TLB entry of its own (the linear map uses block mappings), but no RWX protection.
import { PAGE_SIZE } from '../../emu/address-map.ts';

export type Placement = 'kmalloc' | 'vmalloc';
/** Boot option module_placement=: auto (the seed's policy), vmalloc (arm64 Linux), kmalloc. */
export type PlacementPolicy = 'auto' | 'vmalloc' | 'kmalloc';

export function parsePlacementPolicy(v: string): PlacementPolicy | null {
  return v === 'auto' || v === 'vmalloc' || v === 'kmalloc' ? v : null;
}

/**
 * compactSize: the region laid out without page alignment. `kmalloc` forces kmalloc for any
 * size the slab can hold (up to 4 MiB); `auto` only below PAGE_SIZE.
 */
export function choosePlacement(policy: PlacementPolicy, compactSize: number): Placement {
  if (compactSize === 0) return 'vmalloc';
  if (policy === 'vmalloc') return 'vmalloc';
  if (policy === 'kmalloc') return compactSize <= (4 << 20) ? 'kmalloc' : 'vmalloc';
  return compactSize < PAGE_SIZE ? 'kmalloc' : 'vmalloc';
}

/** Pages and TLB entries a region costs under each placement (for the dashboard and modstat). */
export function placementCost(placement: Placement, size: number): { pages: number; tlbEntries: number } {
  if (placement === 'kmalloc') return { pages: 0, tlbEntries: 0 };
  const pages = Math.ceil(size / PAGE_SIZE);
  return { pages, tlbEntries: pages };
}

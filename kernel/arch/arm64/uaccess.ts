// User memory as the kernel touches it (arch/arm64/lib/copy_{from,to}_user.S, clear_user.S,
// lib/strnlen_user.c, lib/strncpy_from_user.c). A fault on an unmapped user page stops a copy
// there: the routines return the bytes they could not copy, which copy_from_user() turns into
// -EFAULT -- never an oops.
import type { Machine } from '../../../emu/machine.ts';
import { PAGE_SIZE } from '../../../emu/address-map.ts';
import type { ServiceCall } from '../../service-args.ts';
import { arg } from '../../service-args.ts';
import { EFAULT } from '../../errno.ts';

/** How many bytes from va on are mapped, up to n. */
export function mappedPrefix(m: Machine, va: bigint, n: number): number {
  let done = 0;
  while (done < n) {
    const a = va + BigInt(done);
    if (a > 0xffffffffffffffffn || !m.isMapped(a)) break;
    const inPage = PAGE_SIZE - Number(a % BigInt(PAGE_SIZE));
    done += Math.min(inPage, n - done);
  }
  return Math.min(done, n);
}

function copy(c: ServiceCall, to: bigint, from: bigint, n: number): bigint {
  const m = c.k.machine;
  const len = Math.min(mappedPrefix(m, from, n), mappedPrefix(m, to, n));
  if (len) m.write(to, m.read(from, len));
  return BigInt(n - len);
}

export const UACCESS_SERVICES: Record<string, (c: ServiceCall) => bigint> = {
  __arch_copy_from_user: (c) => copy(c, arg(c, 0), arg(c, 1), Number(arg(c, 2))),
  __arch_copy_to_user: (c) => copy(c, arg(c, 0), arg(c, 1), Number(arg(c, 2))),
  __arch_clear_user: (c) => {
    const n = Number(arg(c, 1));
    const len = mappedPrefix(c.k.machine, arg(c, 0), n);
    if (len) c.k.machine.fill(arg(c, 0), len, 0);
    return BigInt(n - len);
  },
  // long strnlen_user(const char __user *s, long n): length with the NUL, > n if none, 0 on a fault
  strnlen_user: (c) => {
    const m = c.k.machine, s = arg(c, 0);
    const n = Number(BigInt.asIntN(64, arg(c, 1)));
    if (n <= 0) return 0n;
    const ok = mappedPrefix(m, s, n);
    const bytes = ok ? m.read(s, ok) : new Uint8Array(0);
    const z = bytes.indexOf(0);
    if (z >= 0) return BigInt(z + 1);
    return ok < n ? 0n : BigInt(n + 1);
  },
  // long strncpy_from_user(char *dst, const char __user *src, long count)
  strncpy_from_user: (c) => {
    const m = c.k.machine, dst = arg(c, 0), src = arg(c, 1);
    const n = Number(BigInt.asIntN(64, arg(c, 2)));
    if (n <= 0) return 0n;
    const ok = mappedPrefix(m, src, n);
    const bytes = ok ? m.read(src, ok) : new Uint8Array(0);
    const z = bytes.indexOf(0);
    if (z >= 0) {
      m.write(dst, bytes.subarray(0, z + 1));
      return BigInt(z);
    }
    if (ok < n) return BigInt(-EFAULT);
    m.write(dst, bytes);
    return BigInt(n);
  },
};

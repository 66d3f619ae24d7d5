// Linux-specific vsnprintf behaviour: the expectations of Linux 6.1 lib/test_printf.c (run
// the way its __test() does: a large buffer, a short one and size 0) and kmodlab's %p
// choices, symbol printing, argument sources and return values.
import { describe, it, expect } from 'vitest';
import {
  vsnprintf, vscnprintf, vsprintf, kformat, formatHost, fromValues, fromRegistersAndStack, fromVaList, errname,
  INT_MAX, type FormatEnv, type SymbolInfo, type HostArg,
} from '../kernel/vsprintf.ts';

// ---------------------------------------------------------------------------------------
// A sparse little-endian guest memory

class Mem {
  private regions: { base: bigint; bytes: Uint8Array }[] = [];
  private next = 0xffff800080200000n;
  put(bytes: Uint8Array | number[] | string, at?: bigint): bigint {
    const b = typeof bytes === 'string' ? Buffer.from(bytes + '\0', 'latin1') : Uint8Array.from(bytes);
    const base = at ?? this.next;
    if (at === undefined) this.next += BigInt((b.length + 0xfff) & ~0xfff) + 0x1000n;
    this.regions.push({ base, bytes: b });
    return base;
  }
  u64s(values: bigint[], at?: bigint): bigint {
    const b = new Uint8Array(values.length * 8);
    const dv = new DataView(b.buffer);
    values.forEach((v, i) => dv.setBigUint64(i * 8, BigInt.asUintN(64, v), true));
    return this.put(b, at);
  }
  read(addr: bigint, len: number): Uint8Array | null {
    for (const r of this.regions) {
      if (addr >= r.base && addr + BigInt(len) <= r.base + BigInt(r.bytes.length)) {
        const o = Number(addr - r.base);
        return r.bytes.subarray(o, o + len);
      }
    }
    return null;
  }
  readU64 = (addr: bigint): bigint => {
    const b = this.read(addr, 8);
    if (!b) throw new Error(`fault at 0x${addr.toString(16)}`);
    return new DataView(b.buffer, b.byteOffset, 8).getBigUint64(0, true);
  };
  readU32 = (addr: bigint): number => {
    const b = this.read(addr, 4);
    if (!b) throw new Error(`fault at 0x${addr.toString(16)}`);
    return new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true);
  };
  env(extra: Partial<FormatEnv> = {}): FormatEnv {
    return {
      readCString: (addr, max) => {
        for (const r of this.regions) {
          if (addr >= r.base && addr < r.base + BigInt(r.bytes.length)) {
            const o = Number(addr - r.base);
            let e = r.bytes.indexOf(0, o);
            if (e < 0) e = r.bytes.length;
            return r.bytes.subarray(o, Math.min(e, o + max));
          }
        }
        return null;
      },
      readBytes: (addr, len) => this.read(addr, len),
      ...extra,
    };
  }
}

const enc = (s: string) => Buffer.from(s, 'latin1');
const dec = (b: Uint8Array) => Buffer.from(b).toString('latin1');

/** lib/test_printf.c __test(): every size gives the right return, NUL and prefix. */
function check(expect_: string, fmt: string, args: (bigint | number)[], env?: FormatEnv): void {
  const elen = expect_.length;
  for (const size of [256, 1 + (elen >> 1), 1, 0]) {
    const r = vsnprintf(size, enc(fmt), fromValues(args), env);
    expect(r.length, `vsnprintf(buf, ${size}, ${JSON.stringify(fmt)}) return`).toBe(elen);
    if (size === 0) {
      expect(r.out.length).toBe(0);
      continue;
    }
    const written = Math.min(size - 1, elen);
    expect(r.written).toBe(written);
    expect(r.out.length).toBe(written + 1);
    expect(r.out[written]).toBe(0);
    expect(dec(r.out.subarray(0, written))).toBe(expect_.slice(0, written));
  }
}

/** Like check() with strings and buffers placed in guest memory. */
function host(expect_: string, fmt: string, ...args: HostArg[]): void {
  expect(formatHost(fmt, args)).toBe(expect_);
}

describe('lib/test_printf.c expectations', () => {
  it('test_basic', () => {
    check('', '', []);
    check('100%', '100%%', []);
    check('xxx%yyy', 'xxx%cyyy', [0x25]);
    check('xxx\0yyy', 'xxx%cyyy', [0]);
  });

  it('test_number', () => {
    check('0x1234abcd  ', '%#-12x', [0x1234abcd]);
    check('  0x1234abcd', '%#12x', [0x1234abcd]);
    check('0|001| 12|+123| 1234|-123|-1234', '%d|%03d|%3d|%+d|% d|%+d|% d', [0, 1, 12, 123, 1234, -123, -1234]);
    check('0|1|1|128|255', '%hhu|%hhu|%hhu|%hhu|%hhu', [0, 1, 257, 128, -1]);
    check('0|1|1|-128|-1', '%hhd|%hhd|%hhd|%hhd|%hhd', [0, 1, 257, 128, -1]);
    check('2015122420151225', '%ho%ho%#ho', [1037, 5282, -11627]);
    // Kernel behaviour, not C99: zero with precision 0 still prints "0".
    check('00|0|0|0|0', '%.2d|%.1d|%.0d|%.*d|%1.0d', [0, 0, 0, 0, 0, 0]);
    // A negative char passed to %02x is sign-extended to int.
    check('0xfffffff0|0xf0|0xf0', '%#02x|%#02x|%#02x', [-16, 0xf0, 0xf0]);
  });

  it('test_string', () => {
    host('', '%s%.0s', '', '123');
    host('ABCD|abc|123', '%s|%.3s|%.*s', 'ABCD', 'abcdef', 3, '123456');
    host('1  |  2|3  |  4|5  ', '%-3s|%3s|%-*s|%*s|%*s', '1', '2', 3, '3', 3, '4', -3, '5');
    host('1234      ', '%-10.4s', '123456');
    host('      1234', '%10.4s', '123456');
    // Negative '*' precision is 0; an omitted precision ("%.s") is no precision.
    host('    ', '%4.*s', -5, '123456');
    host('123456', '%.s', '123456');
    host('a||', '%.s|%.0s|%.*s', 'a', 'b', 0, 'c');
    host('a  |   |   ', '%-3.s|%-3.0s|%-3.*s', 'a', 'b', 0, 'c');
  });

  it('null_pointer, error_pointer, invalid_pointer (no_hash_pointers: %p prints the address)', () => {
    const ERR_PTR = (e: number) => BigInt.asUintN(64, BigInt(e));
    check('0000000000000000', '%p', [0]);
    check('0000000000000000', '%px', [0]);
    check('(null)', '%pE', [0]);
    check('fffffffffffffff5', '%p', [ERR_PTR(-11)]);
    check('fffffffffffffff5', '%px', [ERR_PTR(-11)]);
    check('(efault)', '%pE', [ERR_PTR(-11)]);
    check('00000000000000ab', '%p', [0xab]);
    check('00000000000000ab', '%px', [0xab]);
    check('(efault)', '%pE', [0xab]);
  });

  it('hex_string', () => {
    const m = new Mem();
    const buf = m.put([0xc0, 0xff, 0xee]);
    check('c0 ff ee|c0:ff:ee|c0-ff-ee|c0ffee', '%3ph|%3phC|%3phD|%3phN', [buf, buf, buf, buf], m.env());
    check('c0 ff ee|c0:ff:ee|c0-ff-ee|c0ffee', '%*ph|%*phC|%*phD|%*phN', [3, buf, 3, buf, 3, buf, 3, buf], m.env());
  });

  it('mac', () => {
    const m = new Mem();
    const a = m.put([0x2d, 0x48, 0xd6, 0xfc, 0x7a, 0x05]);
    check('2d:48:d6:fc:7a:05', '%pM', [a], m.env());
    check('05:7a:fc:d6:48:2d', '%pMR', [a], m.env());
    check('2d-48-d6-fc-7a-05', '%pMF', [a], m.env());
    check('2d48d6fc7a05', '%pm', [a], m.env());
    check('057afcd6482d', '%pmR', [a], m.env());
  });

  it('ip4', () => {
    const m = new Mem();
    // struct sockaddr_in { u16 family = AF_INET; __be16 port = 12345; __be32 addr; }
    const sa = m.put([2, 0, 0x30, 0x39, 127, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const sinAddr = sa + 4n;
    check('127.000.000.001|127.0.0.1', '%pi4|%pI4', [sinAddr, sinAddr], m.env());
    check('127.000.000.001|127.0.0.1', '%piS|%pIS', [sa, sa], m.env());
    const sa2 = m.put([2, 0, 0x30, 0x39, 1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0]);
    check('001.002.003.004:12345|1.2.3.4:12345', '%piSp|%pISp', [sa2, sa2], m.env());
  });

  it('ip6 (RFC 5952 compression for %pI6c)', () => {
    const m = new Mem();
    const a = m.put([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    check('2001:0db8:0000:0000:0000:0000:0000:0001', '%pI6', [a], m.env());
    check('20010db8000000000000000000000001', '%pi6', [a], m.env());
    check('2001:db8::1', '%pI6c', [a], m.env());
    const mapped = m.put([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 168, 0, 1]);
    check('::ffff:192.168.0.1', '%pI6c', [mapped], m.env());
  });

  it('uuid', () => {
    const m = new Mem();
    const u = m.put([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    check('00010203-0405-0607-0809-0a0b0c0d0e0f', '%pUb', [u], m.env());
    check('00010203-0405-0607-0809-0A0B0C0D0E0F', '%pUB', [u], m.env());
    check('03020100-0504-0706-0809-0a0b0c0d0e0f', '%pUl', [u], m.env());
    check('03020100-0504-0706-0809-0A0B0C0D0E0F', '%pUL', [u], m.env());
  });

  it('bitmap', () => {
    const m = new Mem();
    const zero = m.u64s([0n]);
    check('00000|00000', '%20pb|%*pb', [zero, 20, zero], m.env());
    check('|', '%20pbl|%*pbl', [zero, 20, zero], m.env());
    let primes = 0n;
    for (const p of [2, 3, 5, 7, 11, 13, 17, 19]) primes |= 1n << BigInt(p);
    const pb = m.u64s([primes]);
    check('a28ac|a28ac', '%20pb|%*pb', [pb, 20, pb], m.env());
    check('2-3,5,7,11,13,17,19|2-3,5,7,11,13,17,19', '%20pbl|%*pbl', [pb, 20, pb], m.env());
    const full = m.u64s([(1n << 20n) - 1n]);
    check('fffff|fffff', '%20pb|%*pb', [full, 20, full], m.env());
    check('0-19|0-19', '%20pbl|%*pbl', [full, 20, full], m.env());
  });

  it('errptr (CONFIG_SYMBOLIC_ERRNAME)', () => {
    const E = (e: number) => BigInt.asUintN(64, BigInt(e));
    check('-1234', '%pe', [E(-1234)]);
    check('(-ENOTSOCK)', '(%pe)', [E(-88)]);
    check('(-EAGAIN)', '(%pe)', [E(-11)]);
    check('[-EIO    ]', '[%-8pe]', [E(-5)]);
    check('[    -EIO]', '[%8pe]', [E(-5)]);
    check('-EPROBE_DEFER', '%pe', [E(-517)]);
    // A non-ERR_PTR is an ordinary %p.
    check('ffff0123456789ab', '%pe', [0xffff0123456789abn]);
    expect(errname(-22)).toBe('-EINVAL');
    expect(errname(22)).toBe('EINVAL');
    expect(errname(41)).toBeNull();
  });

  it('fourcc_pointer', () => {
    const m = new Mem();
    const code = (v: number) => m.put([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
    check('NV12 little-endian (0x3231564e)', '%p4cc', [code(0x3231564e)], m.env());
    check('NV12 big-endian (0xb231564e)', '%p4cc', [code(0xb231564e)], m.env());
    check('.... little-endian (0x10111213)', '%p4cc', [code(0x10111213)], m.env());
    check('Y10  little-endian (0x20303159)', '%p4cc', [code(0x20303159)], m.env());
  });
});

describe('strings: (null) and (efault)', () => {
  it('prints (null) for NULL and (efault) for low, ERR_PTR and unreadable pointers', () => {
    const m = new Mem();
    const env = m.env();
    check('(null)', '%s', [0], env);
    check('    (null)|(nu', '%10s|%.3s', [0, 0], env);
    check('(efault)', '%s', [0xfff], env);
    check('(efault)', '%s', [BigInt.asUintN(64, -22n)], env);
    check('(efault)', '%s', [0xffff800012345000n], env); // readCString returns null: unmapped
    const s = m.put('ok');
    check('[  ok]', '[%4s]', [s], env);
  });

  it('does not touch memory for a %.0s', () => {
    let reads = 0;
    const env: FormatEnv = { readCString: () => { reads++; return null; } };
    check('[]', '[%.0s]', [0xffff800012345000n], env);
    expect(reads).toBe(0);
  });
});

describe('%p family (kmodlab prints addresses: no_hash_pointers)', () => {
  const P = 0xffff800008123450n;
  it('plain %p is the address as 16 lowercase hex digits, like %px', () => {
    check('ffff800008123450', '%p', [P]);
    check('ffff800008123450', '%px', [P]);
    check('at ffff800008123450.', 'at %pK.', [P]);
  });

  it('field widths on %p: an explicit width replaces the zero-padded 16', () => {
    check('    ffff800008123450', '%20p', [P]);
    check('ffff800008123450    |', '%-20p|', [P]);
    check('ffff800008123450', '%8px', [P]);
    check('    ab|ab    |0000ab', '%6px|%-6px|%06px', [0xab, 0xab, 0xab]);
    check('0xffff800008123450', '%#px', [P]);
    check('    ffff800008123450', '%*p', [20, P]);
  });

  it('hashes like Linux when asked to, never NULL or ERR_PTR', () => {
    const env: FormatEnv = { hashPointer: (a) => a * 0x9e3779b97f4a7c15n };
    const h = BigInt.asUintN(64, P * 0x9e3779b97f4a7c15n) & 0xffffffffn;
    check(h.toString(16).padStart(16, '0'), '%p', [P], env);
    check('0000000000000000', '%p', [0], env);
    check('fffffffffffffff2', '%p', [BigInt.asUintN(64, -14n)], env);
    check('ffff800008123450', '%px', [P], env);
  });

  it('%pK follows kptr_restrict', () => {
    check('ffff800008123450', '%pK', [P], { kptrRestrict: 1, hashPointer: () => 1n });
    check('0000000000000000', '%pK', [P], { kptrRestrict: 2 });
    check('0000000000000001', '%pK', [P], { kptrRestrict: 0, hashPointer: () => 1n });
  });

  it('consumes every alphanumeric character after %p', () => {
    check('ffff800008123450-', '%pxyz123-', [P]);
  });

  it('reports kernel objects kmodlab does not model', () => {
    check('(null)|(%pd?)|(%pf?)|(%pO?)|(%pt?)|(einval)', '%pd|%pd|%pf|%pO|%pt|%pux', [0, P, P, P, P, 0]);
  });
});

describe('%pS %ps %pB: kallsyms through symbolize()', () => {
  const syms: { start: bigint; size: bigint; name: string; module?: string }[] = [
    { start: 0xffff800000001000n, size: 0x40n, name: 'foo_read', module: 'foo' },
    { start: 0xffff800000001040n, size: 0x20n, name: 'foo_exit', module: 'foo' },
    { start: 0xffff800008010000n, size: 0x100n, name: 'printk' },
  ];
  const env: FormatEnv = {
    symbolize(addr): SymbolInfo | null {
      for (const s of syms) {
        if (addr >= s.start && addr < s.start + s.size) return { name: s.name, offset: addr - s.start, size: s.size, ...(s.module ? { module: s.module } : {}) };
      }
      return null;
    },
  };

  it('prints name+offset/size [module]', () => {
    check('foo_read+0x1c/0x40 [foo]', '%pS', [0xffff80000000101cn], env);
    check('foo_read [foo]', '%ps', [0xffff80000000101cn], env);
    check('printk+0x0/0x100', '%pS', [0xffff800008010000n], env);
    check('printk', '%ps', [0xffff800008010000n], env);
    check('foo_read+0x1c/0x40 [foo]', '%pSR', [0xffff80000000101cn], env);
    check('0xffff800008fff000', '%pS', [0xffff800008fff000n], env);
    check('0x0', '%pS', [0], env);
  });

  it('%pB looks up address-1: a return address just past a function names that function', () => {
    check('foo_read+0x40/0x40 [foo]', '%pB', [0xffff800000001040n], env);
    check('0xffff800000000000', '%pB', [0xffff800000000000n], env);
  });

  it('honours width and precision like a string', () => {
    check('[    printk+0x4/0x100]', '[%20pS]', [0xffff800008010004n], env);
    check('[printk+0x4/0x100    ]', '[%-20pS]', [0xffff800008010004n], env);
    check('[prin]', '[%.4pS]', [0xffff800008010004n], env);
  });

  it('without kallsyms prints the address as 0x + 16 digits', () => {
    check('0xffff800008010004', '%pS', [0xffff800008010004n]);
    check('0x0000000000001000', '%ps', [0x1000]);
  });
});

describe('more %p extensions', () => {
  it('%pa prints phys_addr_t / dma_addr_t by reference', () => {
    const m = new Mem();
    const pa = m.u64s([0x40001000n]);
    check('0x0000000040001000|0x0000000040001000', '%pa|%pad', [pa, pa], m.env());
  });

  it('%pE escapes (default: any non-printable, like ESCAPE_ANY_NP)', () => {
    const m = new Mem();
    const s = m.put([0x61, 0x0a, 0x5c, 0x00, 0x7f, 0x1b, 0x22]);
    check('a\\n\\\\0\\177\\e"', '%*pE', [7, s], m.env());
    // Only ESCAPE_OCTAL / ESCAPE_HEX: every byte is escaped.
    check('\\141\\012\\134\\000\\177\\033\\042', '%*pEo', [7, s], m.env());
    check('\\x61\\x0a\\x5c\\x00\\x7f\\x1b\\x22', '%*pEh', [7, s], m.env());
    check('', '%*pE', [0, s], m.env());
  });

  it('%pV formats a struct va_format recursively', () => {
    const m = new Mem();
    const fmt = m.put('%s=%d');
    const name = m.put('answer');
    // va_list: __stack, __gr_top, __vr_top, __gr_offs, __vr_offs; two GP registers saved.
    const grSave = m.u64s([name, 42n]);
    const stack = m.u64s([7n]);
    const va = m.put(vaList(stack, grSave + 16n, 0n, -16, 0));
    const vf = m.u64s([fmt, va]);
    check('<answer=42>', '<%pV>', [vf], m.env());
  });

  it('%ph caps at 64 bytes, prints one byte without a width', () => {
    const m = new Mem();
    const b = m.put(Array.from({ length: 80 }, (_, i) => i));
    expect(formatHost('%*phN', [80, b], m.env())).toBe(Array.from({ length: 64 }, (_, i) => i.toString(16).padStart(2, '0')).join(''));
    check('00', '%ph', [b], m.env());
  });
});

describe('conversions Linux does not have', () => {
  it('stops at %n, %j, %LL, %hhh, floats and unknown conversions, with a warning', () => {
    for (const [fmt, out] of [
      ['a%nb', 'a'], ['x%jdy', 'x'], ['1%LLd2', '1'], ['%hhhd', ''], ['f=%f', 'f='], ['%y tail', ''], ['end%', 'end'], ['%-', ''],
    ] as const) {
      const warnings: string[] = [];
      const r = vsnprintf(64, enc(fmt), fromValues([1, 2, 3]), { onWarning: (w) => warnings.push(w) });
      expect(dec(r.out.subarray(0, r.written)), fmt).toBe(out);
      expect(warnings.length, fmt).toBe(1);
      expect(warnings[0]).toMatch(/^Please remove unsupported %/);
    }
  });

  it('%% ignores flags and width; %Ld is long long; %zd and %td are 64-bit', () => {
    check('%|-5|-9223372036854775808|-1|18446744073709551615', '%5%|%Ld|%lld|%zd|%tu', [-5, -(1n << 63n), -1, -1]);
  });

  it('clamps a huge * width with a warning and keeps the 24-bit field semantics of digits', () => {
    const warnings: string[] = [];
    const r = vsnprintf(16, enc('%*d'), fromValues([1 << 24, 7]), { onWarning: (w) => warnings.push(w) });
    expect(r.length).toBe((1 << 23) - 1);
    expect(warnings).toEqual([`field width ${1 << 24} too large`]);
    // "%16777217d": 16777217 does not fit the signed 24-bit field_width and wraps to 1.
    check('5', '%16777217d', [5]);
  });
});

describe('return values and buffer sizes', () => {
  it('snprintf returns the full length, scnprintf what was written, size 0 writes nothing', () => {
    const r = vsnprintf(4, enc('hello'), fromValues([]));
    expect([r.length, r.written, dec(r.out)]).toEqual([5, 3, 'hel\0']);
    const c = vscnprintf(4, enc('hello'), fromValues([]));
    expect(c.written).toBe(3);
    const z = vsnprintf(0, enc('hello'), fromValues([]));
    expect([z.length, z.written, z.out.length]).toEqual([5, 0, 0]);
    const one = vsnprintf(1, enc('hello'), fromValues([]));
    expect([one.length, one.written, dec(one.out)]).toEqual([5, 0, '\0']);
  });

  it('refuses sizes above INT_MAX like the kernel (WARN, return 0, write nothing)', () => {
    const warnings: string[] = [];
    const r = vsnprintf(0xffffffffffffffffn, enc('hello'), fromValues([]), { onWarning: (w) => warnings.push(w) });
    expect([r.length, r.out.length, warnings.length]).toEqual([0, 0, 1]);
    expect(vsnprintf(BigInt(INT_MAX), enc('hi'), fromValues([])).length).toBe(2);
    expect(vsprintf(enc('%d'), fromValues([-3])).written).toBe(2);
  });

  it('keeps only the bytes that fit even for huge widths', () => {
    const r = vsnprintf(8, enc('%1000000d'), fromValues([1]));
    expect(r.length).toBe(1000000);
    expect(dec(r.out)).toBe('       \0');
    expect(dec(kformat(enc('%5d|'), fromValues([42])))).toBe('   42|');
  });
});

/** struct va_list bytes (AAPCS64). */
function vaList(stack: bigint, grTop: bigint, vrTop: bigint, grOffs: number, vrOffs: number): Uint8Array {
  const b = new Uint8Array(32);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, stack, true);
  dv.setBigUint64(8, grTop, true);
  dv.setBigUint64(16, vrTop, true);
  dv.setInt32(24, grOffs, true);
  dv.setInt32(28, vrOffs, true);
  return b;
}

describe('AAPCS64 argument sources', () => {
  it('fromRegistersAndStack: remaining x-registers first, then 8-byte stack slots', () => {
    const m = new Mem();
    const sp = m.u64s([0x1111n, 0xffffffff00000005n, 0x3333n]);
    const src = fromRegistersAndStack([1n, 2n, 3n, 4n, 5n, 6n, 7n], m.readU64, sp);
    const r = vsnprintf(256, enc('%d %d %d %d %d %d %d %lx %d %lx'), src);
    // The int slot on the stack carries garbage in its upper half: only the low 32 bits count.
    expect(dec(r.out.subarray(0, r.written))).toBe('1 2 3 4 5 6 7 1111 5 3333');
  });

  it('printk-style call: x1..x7 then the stack, strings through memory', () => {
    const m = new Mem();
    const name = m.put('foo');
    const sp = m.u64s([8n, 9n]);
    const src = fromRegistersAndStack([name, 2n, 3n, 4n, 5n, 6n, 7n], m.readU64, sp);
    expect(dec(kformat(enc('%s %d %d %d %d %d %d %d %d'), src, m.env()))).toBe('foo 2 3 4 5 6 7 8 9');
  });

  it('fromVaList: general registers from __gr_top+__gr_offs, then __stack', () => {
    const m = new Mem();
    // Three of the eight GP save slots still unread (x5..x7), as after va_start in a
    // function with five named arguments.
    const save = m.u64s([0n, 0n, 0n, 0n, 0n, 0x55n, 0x66n, 0x77n]);
    const grTop = save + 64n;
    const stack = m.u64s([0x88n, 0x99n]);
    const va = m.put(vaList(stack, grTop, 0n, -24, -128));
    const r = kformat(enc('%x %x %x %x %x'), fromVaList(va, m.readU64, m.readU32));
    expect(dec(r)).toBe('55 66 77 88 99');
    // va_list with registers exhausted (__gr_offs == 0) reads the stack only.
    const va2 = m.put(vaList(stack, grTop, 0n, 0, 0));
    expect(dec(kformat(enc('%x %x'), fromVaList(va2, m.readU64, m.readU32)))).toBe('88 99');
  });

  it('fromValues and formatHost for TypeScript callers', () => {
    expect(formatHost('%s: module license \'%s\' taints kernel.', ['foo', 'Proprietary'])).toBe("foo: module license 'Proprietary' taints kernel.");
    expect(formatHost('%s|%5.2s|%d', [null, 'abc', -1])).toBe('(null)|   ab|-1');
    expect(dec(kformat(enc('%d %d'), fromValues([1])))).toBe('1 0');
  });
});

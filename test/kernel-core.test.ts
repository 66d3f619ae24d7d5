// The C kernel core running on the emulated cores: number parsing, strings, locks and
// symbol_get/symbol_put, called by name from scenarios the way a user would call them.
import { describe, it, expect } from 'vitest';
import { scenario } from './helpers.ts';

/** The `=> 0x...` results of a transcript, as numbers of `bits` bits (two's complement). */
function results(out: string[], bits = 32): number[] {
  return out.filter((l) => l.startsWith('=> 0x')).map((l) => {
    const v = BigInt(l.slice(3)) & ((1n << BigInt(bits)) - 1n);
    return Number(BigInt.asIntN(bits, v));
  });
}

const EINVAL = -22, ERANGE = -34, E2BIG = -7;

describe('kernel core on the machine', () => {
  it('parses integers like lib/kstrtox.c', () => {
    const r = scenario(`
buf r 8
call kstrtoint "42" 10 @r
dump r 4
call kstrtoint "0x1f\\n" 0 @r
dump r 4
call kstrtoint "-12" 0 @r
dump r 4
call kstrtoint "010" 0 @r
dump r 4
call kstrtoint "+7" 10 @r
dump r 4
call kstrtoint "2147483648" 10 @r
call kstrtoint "12a" 10 @r
call kstrtoint "" 10 @r
call kstrtoint "1\\n\\n" 10 @r
call kstrtouint "-1" 10 @r
call kstrtou8 "255" 10 @r
dump r 1
call kstrtou8 "256" 10 @r
call kstrtos8 "-128" 10 @r
dump r 1
call kstrtoull "18446744073709551615" 10 @r
dump r 8
call kstrtoull "18446744073709551616" 10 @r
call kstrtoll "-9223372036854775808" 10 @r
dump r 8
call kstrtobool "on" @r
dump r 1
call kstrtobool "N" @r
dump r 1
call kstrtobool "x" @r
call simple_strtoul "0x10zz" 0 0 0
call simple_strtol "-077" 0 0 0
`);
    expect(r.err).toEqual([]);
    expect(results(r.out)).toEqual([0, 0, 0, 0, 0, ERANGE, EINVAL, EINVAL, EINVAL, EINVAL, 0, ERANGE, 0, 0, ERANGE, 0, 0, 0, EINVAL, 16, -63]);
    expect(r.out.filter((l) => !l.startsWith('=>'))).toEqual([
      '2a000000', '1f000000', 'f4ffffff', '08000000', '07000000', 'ff', '80', 'ffffffffffffffff', '0000000000000080', '01', '00',
    ]);
  });

  it('has lib/string.c semantics', () => {
    const r = scenario(`
buf d 8 "xxxxxxx"
call strscpy @d "hello" 4
dump d 8
call strscpy @d "abc" 8
dump d 4
call strlen "kmodlab"
call strnlen "kmodlab" 3
call strcmp "abc" "abd"
call strcmp "b" "a"
call strncmp "abcx" "abcy" 3
call strcasecmp "HeLLo" "hello"
buf m 8 "abcdefg"
call memmove @m+0 @m 4
buf o 16 "0123456789"
call memcmp "abc" "abd" 3
`.replace('@m+0', '@m'));
    expect(r.err).toEqual([]);
    expect(results(r.out).slice(0, 8)).toEqual([E2BIG, 3, 7, 3, -1, 1, 0, 0]);
    expect(r.out).toContain('68656c0078787800');
    expect(r.out).toContain('61626300');
  });

  it('takes and releases spinlocks and mutexes with LSE atomics', () => {
    const r = scenario(`
buf l 4
call _raw_spin_trylock @l
dump l
call _raw_spin_trylock @l
call _raw_spin_unlock @l
dump l
call _raw_spin_lock @l
call _raw_spin_unlock @l
dump l
buf m 32
call __mutex_init @m "m" 0
call mutex_trylock @m
call mutex_is_locked @m
call mutex_trylock @m
call mutex_unlock @m
call mutex_is_locked @m
dump m 8
`);
    expect(r.err).toEqual([]);
    const lines = r.out;
    expect(results(lines).filter((_, i) => [0, 1, 6, 7, 8, 10].includes(i))).toEqual([1, 0, 1, 1, 0, 0]);
    expect(lines.filter((l) => /^[0-9a-f]+$/.test(l))).toEqual(['01000000', '00000000', '00000000', '0000000000000000']);
  });

  it('gets and puts a module through symbol_get, counting the reference', () => {
    const r = scenario(`
insmod mathlib/mathlib.ko
call try_module_get 0
call __symbol_get "mathlib_add"
cat /sys/module/mathlib/refcnt
call $ret 2 40
call __symbol_get "no_such_symbol"
call __symbol_put "mathlib_add"
cat /sys/module/mathlib/refcnt
rmmod mathlib
`);
    expect(r.err).toEqual([]);
    const res = r.out.filter((l) => l.startsWith('=>'));
    expect(res[0]).toBe('=> 0x1');
    expect(BigInt(res[1].slice(3))).toBeGreaterThan(0xffff800000000000n);
    expect(r.out.filter((l) => /^\d+$/.test(l))).toEqual(['1', '0']);
    expect(results(res)[2]).toBe(42);
    expect(res[3]).toBe('=> 0x0');
    expect(r.out.join('\n')).not.toMatch(/ERROR|Oops/);
  });
});

// Debian's signed, modversioned arm64 6.1 modules (make real-modules) loaded unmodified:
// computing modules against standard check values, the interfaces they register into with
// the owner's reference taken on lookup, Linux's version checks, bulk load and modstat.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { scenario, messages } from './helpers.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { boot as bootKernel } from '../kernel/boot.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { adoptSymvers } from '../kernel/module/symvers.ts';
import { parseSignature } from '../kernel/module/signing.ts';
import { load_module, module_refcount } from '../kernel/module/main.ts';
import { moduleFiles } from '../tools/kmod/machine.ts';
import { installUsermodeHelper } from '../tools/umh.ts';
import { bulkLoad, modstat, moduleTree } from '../tools/bulk.ts';
import { findModule, find_symbol } from '../kernel/module/lookup.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const REAL = join(REPO_ROOT, 'build', 'real-modules');
const MODDIR = join(REAL, 'modules');
const SYMVERS = join(REAL, 'Module.symvers');
const have = existsSync(join(REAL, '.stamp')) && existsSync(SYMVERS);
if (!have) console.warn(`real-modules tests skipped: ${REAL} was not fetched (run 'make real-modules': needs apt and Debian's archive)`);

const ko = (rel: string) => join(MODDIR, 'kernel', rel);
const BOOT = `boot symvers=${SYMVERS} moddir=${MODDIR}`;
const rets = (out: string[]) => out.filter((l) => l.startsWith('=> ')).map((l) => l.slice(3));

/** A kernel with Debian's CRCs and the real module tree as modprobe's directory. */
function boot(): Kernel {
  const k = bootKernel({ cpus: 2 });
  moduleFiles(k).moddir = MODDIR;
  installUsermodeHelper(k);
  adoptSymvers(k, SYMVERS);
  return k;
}
function insmod(k: Kernel, rel: string) {
  return load_module(k, new Uint8Array(readFileSync(ko(rel))), ko(rel), '');
}
function cstr(k: Kernel, s: string | Uint8Array): bigint {
  const b = typeof s === 'string' ? new Uint8Array(Buffer.from(s + '\0', 'latin1')) : s;
  const a = k.slab.kmalloc(Math.max(b.length, 16))!;
  k.machine.write(a, b);
  return a;
}
function call(k: Kernel, sym: string | bigint, args: bigint[]): bigint {
  const fn = typeof sym === 'bigint' ? sym : find_symbol(k, sym)!.addr;
  const r = k.call(fn, args);
  if (!r.ok) throw new Error(`${String(sym)} did not return: ${JSON.stringify('oops' in r ? r.oops : r)}`);
  return r.ret;
}
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** A changed module no longer matches its signature: drop it, as whoever changed it would. */
const unsigned = (b: Buffer) => b.subarray(0, parseSignature(new Uint8Array(b))?.elfLen ?? b.length);

describe.skipIf(!have)('Debian arm64 6.1 modules, unmodified', () => {
  it('crc7 and crc-itu-t return the standard check values for "123456789"', () => {
    const r = scenario(`${BOOT}
insmod ${ko('lib/crc7.ko')}
insmod ${ko('lib/crc-itu-t.ko')}
buf s 16 "123456789"
call crc7_be 0 @s 9
call crc_itu_t 0 @s 9
cat /proc/modules
`);
    // crc7_be keeps CRC-7/MMC (check 0x75) in the top 7 bits: 0x75 << 1.
    // crc_itu_t(0, ...) is CRC-16/XMODEM (poly 0x1021, init 0, no reflection): check 0x31c3.
    expect(rets(r.out)).toEqual(['0xea', '0x31c3']);
    // Signed by the key Debian's kernel carries: no taint.
    expect(r.text).toMatch(/^crc_itu_t \d+ 0 - Live 0x[0-9a-f]+$/m);
    expect(r.text).toMatch(/^crc7 \d+ 0 - Live 0x[0-9a-f]+$/m);
  });

  it('blowfish_generic and fcrypt encrypt the standard test vectors through their registered algorithms', () => {
    const k = boot();
    try {
      insmod(k, 'crypto/blowfish_common.ko');
      insmod(k, 'crypto/blowfish_generic.ko');
      const cipher = (name: string, key: string, pt: string) => {
        const alg = call(k, 'crypto_alg_mod_lookup', [cstr(k, name), 0n, 0n]);
        expect(alg >> 63n).toBe(1n); // a kernel pointer, not an ERR_PTR
        const owner = k.modules.find((m) => m.addr === k.machine.readU64(alg + 376n))!;
        expect(module_refcount(k, owner)).toBe(1); // crypto_mod_get: try_module_get(cra_module)
        // the context starts at +128 and is the cipher's cra_ctxsize (blowfish: 4168 bytes)
        const tfm = k.slab.kmalloc(128 + k.machine.readU32(alg + 40n))!;
        k.machine.writeU64(tfm + 24n, alg); // __crt_alg
        const setkey = k.machine.readU64(alg + 328n), encrypt = k.machine.readU64(alg + 336n);
        const kb = Buffer.from(key, 'hex');
        expect(call(k, setkey, [tfm, cstr(k, new Uint8Array(kb)), BigInt(kb.length)])).toBe(0n);
        const src = cstr(k, new Uint8Array(Buffer.from(pt, 'hex'))), dst = k.slab.kmalloc(16)!;
        call(k, encrypt, [tfm, dst, src]);
        call(k, 'crypto_mod_put', [alg]);
        expect(module_refcount(k, owner)).toBe(0);
        return hex(k.machine.read(dst, 8));
      };
      // Eric Young's Blowfish vectors (the kernel's testmgr.h bf_enc_tv_template)
      expect(cipher('blowfish', '0000000000000000', '0000000000000000')).toBe('4ef997456198dd78');
      expect(cipher('blowfish', 'ffffffffffffffff', 'ffffffffffffffff')).toBe('51866fd5b85ecb8a');
      // fcrypt is not loaded: the lookup requests "crypto-fcrypt", which is fcrypt.ko's alias.
      expect(findModule(k, 'fcrypt')).toBeUndefined();
      expect(cipher('fcrypt', '0000000000000000', '0000000000000000')).toBe('0e0900c73ef7ed41');
      expect(findModule(k, 'fcrypt')?.state).toBe('LIVE');
    } finally {
      k.close();
    }
  });

  it('crypto_register_alg is GPL-only: a non-GPL copy of fcrypt cannot resolve it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmodlab-real-'));
    const img = readFileSync(ko('crypto/fcrypt.ko'));
    const i = img.indexOf('license=Dual BSD/GPL\0');
    expect(i).toBeGreaterThan(0);
    img.write('license=Proprietary\0\0', i, 'latin1');
    writeFileSync(join(dir, 'fcrypt.ko'), unsigned(img));
    const r = scenario(`${BOOT}
insmod ${join(dir, 'fcrypt.ko')}
dmesg
`);
    expect(r.out).toContain(`insmod: ERROR: could not insert module ${join(dir, 'fcrypt.ko')}: Unknown symbol in module`);
    const m = messages(r.out);
    expect(m).toContain("fcrypt: module license 'Proprietary' taints kernel.");
    expect(m).toContain('fcrypt: Unknown symbol crypto_register_alg (err -2)');
  });

  it('nls_cp437: load_nls takes a reference that /proc/modules shows, rmmod refuses until unload_nls', () => {
    const r = scenario(`${BOOT}
insmod ${ko('fs/nls/nls_cp437.ko')}
call load_nls "cp437"
cat /proc/modules
rmmod nls_cp437
call unload_nls $ret
cat /proc/modules
rmmod nls_cp437
lsmod
`);
    expect(r.out[0]).toMatch(/^=> 0xffff8000[0-9a-f]+$/);
    expect(r.out[1]).toMatch(/^nls_cp437 \d+ 1 - Live 0x[0-9a-f]+$/);
    expect(r.out[2]).toBe('rmmod: ERROR: Module nls_cp437 is in use');
    expect(r.out[4]).toMatch(/^nls_cp437 \d+ 0 - Live /);
    expect(r.out.slice(5)).toEqual(['Module                  Size  Used by']);
  });

  it('load_nls of a charset nobody registered requests nls_<charset> from the module directory', () => {
    const k = boot();
    try {
      expect(findModule(k, 'nls_utf8')).toBeUndefined();
      const t = call(k, 'load_nls', [cstr(k, 'utf8')]);
      const mod = findModule(k, 'nls_utf8')!;
      expect(mod.state).toBe('LIVE');
      expect(k.machine.readU64(t + 0x30n)).toBe(mod.addr); // nls->owner
      expect(module_refcount(k, mod)).toBe(1);
      // char2uni("é" in UTF-8) through the table, a function with a stack canary at SP_EL0+1360
      const out = k.slab.kmalloc(16)!;
      expect(call(k, k.machine.readU64(t + 0x18n), [cstr(k, new Uint8Array([0xc3, 0xa9, 0])), 2n, out])).toBe(2n);
      expect(k.machine.readU16(out)).toBe(0xe9);
      call(k, 'unload_nls', [t]);
      expect(module_refcount(k, mod)).toBe(0);
      // no such module: NULL, and modprobe's failure is not an error of the kernel
      expect(call(k, 'load_nls', [cstr(k, 'klingon')])).toBe(0n);
    } finally {
      k.close();
    }
  });

  it('the real x_tables.ko provides xt_register_match; xt_comment is found by name with a reference', () => {
    const r = scenario(`${BOOT}
insmod ${ko('net/netfilter/xt_comment.ko')}
insmod ${ko('net/netfilter/x_tables.ko')}
insmod ${ko('net/netfilter/xt_comment.ko')}
call xt_find_match 0 "comment" 0
cat /proc/modules
rmmod xt_comment
call xt_request_find_match 2 "mac" 0
lsmod
`);
    expect(r.out[0]).toMatch(/xt_comment.ko: Unknown symbol in module$/);
    expect(r.out[1]).toMatch(/^=> 0xffff8000[0-9a-f]+$/);
    expect(r.out[2]).toMatch(/^xt_comment \d+ 1 - Live /);
    expect(r.out[3]).toMatch(/^x_tables \d+ 1 xt_comment, Live /);
    expect(r.out[4]).toBe('rmmod: ERROR: Module xt_comment is in use');
    // NFPROTO_IPV4: request_module("ipt_mac") finds xt_mac.ko by its alias
    expect(r.out[5]).toMatch(/^=> 0xffff8000[0-9a-f]+$/);
    expect(r.out.slice(6)).toEqual([
      'Module                  Size  Used by',
      expect.stringMatching(/^xt_mac +\d+  1$/),
      expect.stringMatching(/^xt_comment +\d+  1$/),
      // holders as readdir() of /sys/module/x_tables/holders lists them (kernfs hash order), as kmod's lsmod prints
      expect.stringMatching(/^x_tables +\d+  2 xt_comment,xt_mac$/),
    ]);
  });

  it('ematches: em_cmp registers kind 1, a duplicate kind is -EEXIST, a lookup requests ematch-kind-N', () => {
    const k = boot();
    try {
      insmod(k, 'net/sched/em_cmp.ko');
      const cmp = findModule(k, 'em_cmp')!;
      const ops = call(k, 'kmodlab_tcf_em_get', [1n]);
      expect(k.machine.readU64(ops + 0x28n)).toBe(cmp.addr);
      expect(module_refcount(k, cmp)).toBe(1);
      // a second ops of kind 1 (match set) is refused
      const dup = k.slab.kmalloc(64)!;
      k.machine.writeU32(dup, 1);
      k.machine.writeU64(dup + 0x10n, k.machine.readU64(ops + 0x10n));
      expect(BigInt.asIntN(32, call(k, 'tcf_em_register', [dup]))).toBe(-17n);
      call(k, 'kmodlab_tcf_em_put', [ops]);
      expect(module_refcount(k, cmp)).toBe(0);
      // kind 3 (u32) is not loaded: "ematch-kind-3" is em_u32.ko's alias
      const u32 = call(k, 'kmodlab_tcf_em_get', [3n]);
      expect(u32).not.toBe(0n);
      expect(module_refcount(k, findModule(k, 'em_u32')!)).toBe(1);
    } finally {
      k.close();
    }
  });

  it('refuses a wrong vermagic and a wrong CRC with Linux 6.1\'s messages; insmod -f taints F', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmodlab-real-'));
    const img = readFileSync(ko('fs/nls/nls_cp437.ko'));
    const magic = img.indexOf('vermagic=6.1.0-');
    const magicText = img.toString('latin1', magic + 9, img.indexOf(0, magic));
    // vermagic: the release may differ (modversions), the rest may not
    const badMagic = Buffer.from(img);
    badMagic.write('SMP mod_unlo4d', magic + 9 + magicText.indexOf('SMP'), 'latin1');
    writeFileSync(join(dir, 'nls_magic.ko'), unsigned(badMagic));
    const otherRelease = Buffer.from(img);
    otherRelease.write('6.1.0-99', magic + 9, 'latin1');
    writeFileSync(join(dir, 'nls_release.ko'), unsigned(otherRelease));
    // CRC of __register_nls in __versions: one bit off
    const badCrc = Buffer.from(img);
    const v = badCrc.indexOf('__register_nls\0') - 8;
    badCrc[v] ^= 1;
    writeFileSync(join(dir, 'nls_crc.ko'), unsigned(badCrc));
    const r = scenario(`${BOOT}
insmod ${join(dir, 'nls_magic.ko')}
insmod ${join(dir, 'nls_crc.ko')}
insmod ${join(dir, 'nls_release.ko')}
rmmod nls_cp437
insmod -f ${join(dir, 'nls_crc.ko')}
cat /proc/modules
dmesg
`);
    expect(r.out[0]).toBe(`insmod: ERROR: could not insert module ${join(dir, 'nls_magic.ko')}: Invalid module format`);
    expect(r.out[1]).toBe(`insmod: ERROR: could not insert module ${join(dir, 'nls_crc.ko')}: Invalid parameters`);
    expect(r.out[2]).toMatch(/^nls_cp437 \d+ 0 - Live 0x[0-9a-f]+ \(FE\)$/);
    const m = messages(r.out);
    expect(m).toContain(`nls_cp437: version magic '${magicText.replace('SMP mod_unload', 'SMP mod_unlo4d')}' should be '${UTS_RELEASE} SMP mod_unload modversions aarch64'`);
    expect(m).toContain('nls_cp437: disagrees about version of symbol __register_nls');
    expect(m).toContain('nls_cp437: Unknown symbol __register_nls (err -22)');
    expect(m).toContain('nls_cp437: module_layout: kernel tainted.');
  });

  it("without symvers= the image's own CRCs are Debian's: module_layout and crc7's imports pass", () => {
    const r = scenario(`insmod ${ko('lib/crc7.ko')}
buf s 16 "123456789"
call crc7_be 0 @s 9
cat /proc/modules
dmesg
`);
    expect(rets(r.out)).toEqual(['0xea']);
    expect(r.text).toMatch(/^crc7 \d+ 0 - Live 0x[0-9a-f]+$/m);
    expect(messages(r.out).filter((l) => /disagrees about version|CRCs adopted|Unknown symbol|tainting/.test(l))).toEqual([]);
  });

  it('bulk: every module of the package in dependency order into one machine, vmalloc-placed; the figures', () => {
    const tree = moduleTree(MODDIR);
    const pos = new Map(tree.map((m, i) => [m.name, i]));
    for (const m of tree) for (const d of m.depends) if (pos.has(d)) expect(pos.get(d)!).toBeLessThan(pos.get(m.name)!);
    const { results, kernel, ms } = bulkLoad({ dir: MODDIR, symvers: SYMVERS, placement: 'vmalloc' });
    const n = (kind: string) => results.filter((r) => r.outcome.kind === kind).length;
    console.log(`bulk: ${results.length} modules in ${(ms / 1000).toFixed(1)} s: ${n('initialised')} initialised, ${n('unresolved')} need kernel services, ${n('dependency')} wait for a dependency, ${n('refused')} refused, ${n('init failed')} init failed; ${kernel.modarea.pages} module-area pages, ${kernel.machine.mappings().length} mappings`);
    expect(results.length).toBe(tree.length);
    expect(n('initialised')).toBeGreaterThanOrEqual(300);
    // Every live module in the module area, page by page, and no load refused for want of memory
    // or mappings (when each mapping was an engine memory region, ~250 such modules were the most).
    const live = kernel.modules.filter((m) => m.state === 'LIVE');
    expect(live.length).toBeGreaterThanOrEqual(300);
    expect(live.every((m) => m.core?.placement === 'vmalloc')).toBe(true);
    expect(results.filter((r) => 'reason' in r.outcome && /Cannot allocate memory|ENOMEM/.test(r.outcome.reason))).toEqual([]);
    for (const name of ['crc7', 'nls_cp437', 'x_tables', 'xt_comment', 'blowfish_generic', 'fcrypt', 'em_cmp', 'nls_utf8']) {
      expect(results.find((r) => r.module.name === name)?.outcome.kind, name).toBe('initialised');
    }
    const unresolved = results.find((r) => r.outcome.kind === 'unresolved');
    expect(unresolved && unresolved.outcome.kind === 'unresolved' && unresolved.outcome.symbols.length).toBeGreaterThan(0);
    expect(kernel.modules.filter((m) => m.state === 'LIVE').length).toBe(n('initialised'));
    kernel.close();
  });

  it('modstat: the seed\'s small-module table on the package', () => {
    const s = modstat(ko('lib/crc7.ko'))!;
    expect(s.name).toBe('crc7');
    expect(s.text).toBe(0x34 + 2); // .text, and the 1-byte .plt and .text.ftrace_trampoline placeholders
    expect(s.core).toBeLessThan(4096);
    expect(s.pages).toBeGreaterThanOrEqual(2);
  });
});

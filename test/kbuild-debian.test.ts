// A module built the way a Debian 6.1 arm64 user builds it: Linux's own kbuild over Debian's
// linux-headers-6.1.0-N-cloud-arm64 (build/<release>/build, tools/kernel-headers.sh), and the
// same through kmodlab's entry (make -C modules M=), then loaded on the machine as it is. Its
// vermagic and __versions are checked against Debian's own modules and Module.symvers: the same
// .ko would load on Debian's kernel, and loads on kmodlab's, whose release and CRCs are Debian's.
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync, spawnSync } from 'node:child_process';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { parseElf } from '../kernel/elf.ts';
import { parseSymvers } from '../kernel/module/symvers.ts';
import { modinfoEntries } from '../kernel/module/modinfo.ts';
import { modversions } from '../kernel/module/version.ts';
import { scenario, messages } from './helpers.ts';

const REAL = join(REPO_ROOT, 'build', 'real-modules');
const abi = readFileSync(join(REAL, '.stamp'), 'utf8').match(/^abi=(.*)$/m)![1];
const KDIR = join(REPO_ROOT, 'build', abi, 'build');
const SYMVERS = join(REAL, 'Module.symvers');
const KMODLAB_MODULES = join(REPO_ROOT, 'modules');

const elfOf = (ko: string) => parseElf(new Uint8Array(readFileSync(ko)));

/** A module's .modinfo as key → values. */
function modinfo(ko: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of modinfoEntries(elfOf(ko))) out.set(key, [...(out.get(key) ?? []), value]);
  return out;
}

/** __versions: symbol → CRC. */
function versions(ko: string): Map<string, number> {
  const elf = elfOf(ko);
  return new Map(modversions(elf, elf.findSection('__versions')!.index).map(([crc, name]) => [name, crc]));
}

const HELLO = `#include <linux/module.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/utsname.h>

static int count = 3;
module_param(count, int, 0644);
MODULE_PARM_DESC(count, "how many greetings");

int hello_add(int a, int b) { return a + b; }
EXPORT_SYMBOL(hello_add);

static int __init hello_init(void)
{
	char *buf = kmalloc(64, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	snprintf(buf, 64, "count=%d", count);
	pr_info("hello: %s on %s\\n", buf, utsname()->release);
	kfree(buf);
	return 0;
}
static void __exit hello_exit(void) { pr_info("hello: bye\\n"); }
module_init(hello_init);
module_exit(hello_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("a module written for Debian 6.1 arm64");
`;

describe("Linux's kbuild over Debian's headers", () => {
  let dir = '';
  let dir2 = '';
  let build = { status: 0 as number | null, out: '' };
  let build2 = { status: 0 as number | null, out: '' };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kmodlab-kbuild-'));
    dir2 = mkdtempSync(join(tmpdir(), 'kmodlab-kbuild-'));
    for (const d of [dir, dir2]) {
      writeFileSync(join(d, 'hello.c'), HELLO);
      writeFileSync(join(d, 'Makefile'), 'obj-m := hello.o\n');
    }
    // The command a module author types: no ARCH=, no CROSS_COMPILE=.
    let r = spawnSync('make', ['-C', KDIR, `M=${dir}`], { encoding: 'utf8' });
    build = { status: r.status, out: r.stdout + r.stderr };
    r = spawnSync('make', ['-C', KMODLAB_MODULES, `M=${dir2}`], { encoding: 'utf8' });
    build2 = { status: r.status, out: r.stdout + r.stderr };
  });

  it('builds with make -C build/<release>/build M=DIR', () => {
    expect(build.out).toContain(`CC [M]  ${dir}/hello.o`);
    expect(build.out).toContain(`LD [M]  ${dir}/hello.ko`);
    expect(build.status).toBe(0);
    expect(existsSync(join(dir, 'hello.ko'))).toBe(true);
    // kbuild's own Module.symvers for the module's export
    expect(readFileSync(join(dir, 'Module.symvers'), 'utf8')).toMatch(/^0x[0-9a-f]{8}\thello_add\t.*\tEXPORT_SYMBOL\t$/m);
  });

  it("has the vermagic of Debian's own modules and Debian's CRC for every import", () => {
    const info = modinfo(join(dir, 'hello.ko'));
    const debianKo = execFileSync('find', [join(REAL, 'modules', 'kernel', 'fs', 'nls'), '-name', 'nls_cp437.ko'], { encoding: 'utf8' }).trim();
    expect(info.get('vermagic')).toEqual([`${abi} SMP mod_unload modversions aarch64`]);
    expect(info.get('vermagic')).toEqual(modinfo(debianKo).get('vermagic'));
    const debian = new Map(parseSymvers(readFileSync(SYMVERS, 'utf8')).map((e) => [e.symbol, e.crc]));
    const v = versions(join(dir, 'hello.ko'));
    expect([...v.keys()]).toEqual(expect.arrayContaining(['module_layout', '_printk', 'kfree', 'param_ops_int']));
    for (const [sym, crc] of v) expect({ sym, crc }).toEqual({ sym, crc: debian.get(sym) });
  });

  it('builds the same module with make -C <kmodlab>/modules M=DIR', () => {
    expect(build2.out).toContain(`LD [M]  ${dir2}/hello.ko`);
    expect(build2.status).toBe(0);
    const a = modinfo(join(dir, 'hello.ko'));
    const b = modinfo(join(dir2, 'hello.ko'));
    expect(b.get('vermagic')).toEqual([`${abi} SMP mod_unload modversions aarch64`]);
    expect(b).toEqual(a);
    expect([...versions(join(dir2, 'hello.ko'))]).toEqual([...versions(join(dir, 'hello.ko'))]);
  });

  it('installs with modules_install INSTALL_MOD_PATH=, as kbuild does', () => {
    const root = mkdtempSync(join(tmpdir(), 'kmodlab-install-'));
    const r = spawnSync('make', ['-C', KMODLAB_MODULES, `M=${dir2}`, 'modules_install', `INSTALL_MOD_PATH=${root}`], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(existsSync(join(root, 'lib', 'modules', abi, 'extra', 'hello.ko'))).toBe(true);
  });

  it('loads, runs and unloads on the machine unmodified, with nothing adopted at boot', () => {
    const r = scenario(`boot
uname -r
cat /proc/version
insmod ${dir}/hello.ko count=5
call hello_add 40 2
rmmod hello
dmesg
`);
    expect(r.out[0]).toBe(abi);
    expect(r.out[1]).toMatch(new RegExp(`^Linux version ${abi.replace(/\./g, '\\.')} `));
    expect(r.out).toContain('=> 0x2a');
    const m = messages(r.out);
    expect(m).toContain(`hello: count=5 on ${abi}`);
    expect(m).toContain('hello: bye');
    expect(m.filter((l) => /Unknown symbol|disagrees|version magic/.test(l))).toEqual([]);
  });

  it('cleans as kbuild does', () => {
    execFileSync('make', ['-C', KDIR, `M=${dir}`, 'clean'], { stdio: 'ignore' });
    expect(readdirSync(dir).sort()).toEqual(['Makefile', 'hello.c']);
    execFileSync('make', ['-C', KMODLAB_MODULES, `M=${dir2}`, 'clean'], { stdio: 'ignore' });
    expect(readdirSync(dir2).sort()).toEqual(['Makefile', 'hello.c']);
  });
});

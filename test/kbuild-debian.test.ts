// A module built the way a Debian 6.1 arm64 user builds it: Linux's own kbuild over Debian's
// linux-headers-6.1.0-N-cloud-arm64 (build/<release>/build, tools/kernel-headers.sh), then
// loaded on the machine with Debian's CRCs. Its vermagic and __versions are checked against
// Debian's own modules and Module.symvers: the same .ko would load on Debian's kernel.
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
	pr_info("hello: %s\\n", buf);
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
  let build = { status: 0 as number | null, out: '' };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kmodlab-kbuild-'));
    writeFileSync(join(dir, 'hello.c'), HELLO);
    writeFileSync(join(dir, 'Makefile'), 'obj-m := hello.o\n');
    // The command a module author types: no ARCH=, no CROSS_COMPILE=.
    const r = spawnSync('make', ['-C', KDIR, `M=${dir}`], { encoding: 'utf8' });
    build = { status: r.status, out: r.stdout + r.stderr };
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

  it('loads, runs and unloads on the machine unmodified', () => {
    const r = scenario(`boot symvers=${SYMVERS}
insmod ${dir}/hello.ko count=5
call hello_add 40 2
rmmod hello
dmesg
`);
    expect(r.out).toContain('=> 0x2a');
    const m = messages(r.out);
    expect(m).toContain('hello: count=5');
    expect(m).toContain('hello: bye');
    expect(m.filter((l) => /Unknown symbol|disagrees|version magic/.test(l))).toEqual([]);
  });

  it('cleans as kbuild does', () => {
    execFileSync('make', ['-C', KDIR, `M=${dir}`, 'clean'], { stdio: 'ignore' });
    expect(readdirSync(dir).sort()).toEqual(['Makefile', 'hello.c']);
  });
});

// The kbuild side: the kernel image's export tables, the example modules as a Linux 6.1
// arm64 .ko looks under readelf, and the external-module build (make -C modules M=dir: Linux's
// kbuild over Debian's headers) with modpost's checks.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { UTS_RELEASE } from '../kernel/utsrelease.ts';

const KERNEL = join(REPO_ROOT, 'build', 'kernel');
const EXAMPLES = join(REPO_ROOT, 'modules', 'examples');
const READELF = 'aarch64-linux-gnu-readelf';

function readelf(...args: string[]): string {
  return execFileSync(READELF, ['-W', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

function sectionBytes(file: string, name: string): Buffer {
  const bytes: number[] = [];
  for (const line of readelf('-x', name, file).split('\n')) {
    const m = line.match(/^\s+0x[0-9a-f]+ ((?:[0-9a-f]{2,8} ){1,4})/);
    if (!m) continue;
    for (const w of m[1].trim().split(/\s+/)) for (let i = 0; i < w.length; i += 2) bytes.push(parseInt(w.slice(i, i + 2), 16));
  }
  return Buffer.from(bytes);
}

function sections(file: string): Map<string, { type: string; size: number; flags: string }> {
  const out = new Map<string, { type: string; size: number; flags: string }>();
  for (const line of readelf('-S', file).split('\n')) {
    const m = line.match(/^\s*\[\s*\d+\]\s+(\S+)\s+(\S+)\s+[0-9a-f]+\s+[0-9a-f]+\s+([0-9a-f]+)\s+[0-9a-f]+\s+(\S*)/);
    if (m) out.set(m[1], { type: m[2], size: parseInt(m[3], 16), flags: m[4] });
  }
  return out;
}

function modinfo(file: string): string[] {
  return sectionBytes(file, '.modinfo').toString('latin1').split('\0').filter(Boolean);
}

/** __versions: struct modversion_info { unsigned long crc; char name[56]; } */
function versions(file: string): [string, number][] {
  const b = sectionBytes(file, '__versions');
  const out: [string, number][] = [];
  for (let i = 0; i + 64 <= b.length; i += 64) {
    const name = b.subarray(i + 8, i + 64).toString('latin1').replace(/\0.*$/s, '');
    out.push([name, b.readUInt32LE(i)]);
  }
  return out;
}

interface Relocation { offset: number; type: string; symbol: string; addend: number }
function relocations(file: string, section: string): Relocation[] {
  const out: Relocation[] = [];
  let inSection = false;
  for (const line of readelf('-r', file).split('\n')) {
    if (line.startsWith('Relocation section')) inSection = line.includes(`'.rela${section}'`);
    const m = line.match(/^([0-9a-f]{16})\s+[0-9a-f]+\s+(R_AARCH64_\w+)\s+[0-9a-f]+\s+(\S+) \+ ([0-9a-f]+)/);
    if (inSection && m) out.push({ offset: parseInt(m[1], 16), type: m[2], symbol: m[3], addend: parseInt(m[4], 16) });
  }
  // readelf 2.40 lists some entries of a linked .ko twice
  return out.filter((r, i) => !out.slice(0, i).some((o) => o.offset === r.offset && o.symbol === r.symbol));
}

function symvers(file: string): Map<string, { crc: number; module: string; export: string; ns: string }> {
  const out = new Map<string, { crc: number; module: string; export: string; ns: string }>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    expect(f).toHaveLength(5);
    expect(f[0]).toMatch(/^0x[0-9a-f]{8}$/);
    out.set(f[1], { crc: parseInt(f[0], 16), module: f[2], export: f[3], ns: f[4] });
  }
  return out;
}

const ko = (name: string) => join(EXAMPLES, name, `${name}.ko`);

const ALLHDR_C = `#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/stat.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/delay.h>
#include <linux/version.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <linux/printk.h>
#include <linux/limits.h>
#include <linux/kstrtox.h>
#include <linux/gfp.h>
#include <linux/vmalloc.h>
#include <linux/bug.h>
#include <linux/smp.h>
#include <linux/preempt.h>
#include <linux/export.h>
#include <linux/stddef.h>
#include <linux/compiler.h>
#include <linux/err.h>
#include <linux/ctype.h>
#include <linux/cache.h>
#include <linux/irqflags.h>
#include <linux/bottom_half.h>
#include <linux/mod_devicetable.h>
#include <linux/uaccess.h>
#include <linux/fs.h>
#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/seq_file.h>
#include <linux/proc_fs.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/timer.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <kmodlab/proc_read.h>
#include <kmodlab/notifier.h>
#include <kmodlab/blkdev.h>

static DEFINE_PER_CPU(unsigned long, hits);
static DEFINE_SPINLOCK(lock);
static DEFINE_MUTEX(mtx);
static LIST_HEAD(items);
static atomic_t a = ATOMIC_INIT(0);
static atomic64_t a64 = ATOMIC64_INIT(0);
static char buf[16] = "x";
module_param_string(buf, buf, sizeof(buf), 0644);
static bool flag;
module_param(flag, bool, 0444);
static ulong big;
module_param_named(big_one, big, ulong, 0600);
static unsigned short us; module_param(us, ushort, 0); static short ss; module_param(ss, short, 0);
static unsigned char bt; module_param(bt, byte, 0); static long lg; module_param(lg, long, 0);
static unsigned long long ull; module_param(ull, ullong, 0); static bool inv; module_param(inv, invbool, 0);
static unsigned int hx; module_param(hx, hexint, 0);

struct item { struct list_head node; int v; };
int allhdr_add(int a, int b);

int allhdr_work(int x)
{
	unsigned long flags;
	struct item *it;
	int cpu, sum = 0;
	int (*fn)(int, int);

	this_cpu_inc(hits);
	__this_cpu_add(hits, 2);
	cpu = get_cpu();
	sum += per_cpu(hits, cpu) + *per_cpu_ptr(&hits, cpu) + this_cpu_read(hits);
	put_cpu();
	spin_lock_irqsave(&lock, flags);
	sum += atomic_inc_return(&a) + atomic_cmpxchg(&a, 1, 2) + atomic_xchg(&a, 3);
	spin_unlock_irqrestore(&lock, flags);
	spin_lock_bh(&lock); spin_unlock_bh(&lock);
	if (mutex_lock_interruptible(&mtx)) return -EINTR;
	it = kzalloc(sizeof(*it), GFP_KERNEL);
	if (!it) { mutex_unlock(&mtx); return -ENOMEM; }
	it->v = x; list_add_tail(&it->node, &items);
	mutex_unlock(&mtx);
	atomic64_add(5, &a64);
	sum += atomic64_dec_if_positive(&a64) + atomic_dec_and_test(&a) + atomic_inc_not_zero(&a);
	WARN_ON(x < 0);
	WARN_ONCE(x == 7, "seven %d\\n", x);
	BUG_ON(x == 1000);
	fn = symbol_get(allhdr_add);
	if (fn) { sum += fn(1, 2); symbol_put(allhdr_add); }
	if (!try_module_get(THIS_MODULE)) return -ENODEV;
	module_put(THIS_MODULE);
	sum += smp_processor_id() + current->pid + preempt_count() + in_interrupt() + isdigit(x) + min(x, 3) + max_t(int, x, 9);
	msleep(1);
	cond_resched();
	return sum + LINUX_VERSION_CODE;
}
EXPORT_SYMBOL_GPL(allhdr_work);

int allhdr_add(int a, int b) { return a + b; }
EXPORT_SYMBOL(allhdr_add);

static int __init allhdr_init(void) { pr_info("%d\\n", allhdr_work(1)); return 0; }
static void __exit allhdr_exit(void)
{
	struct item *it, *n;
	list_for_each_entry_safe(it, n, &items, node) { list_del(&it->node); kfree(it); }
}
module_init(allhdr_init);
module_exit(allhdr_exit);
MODULE_LICENSE("GPL");
`;

describe('kernel image (make -C kernel/core)', () => {
  const vmlinux = join(KERNEL, 'vmlinux');

  it('is an arm64 executable linked at KIMAGE_VADDR and loaded at physical 0', () => {
    const hdr = readelf('-h', '-l', vmlinux);
    expect(hdr).toMatch(/Type:\s+EXEC/);
    expect(hdr).toMatch(/Machine:\s+AArch64/);
    expect(hdr).toMatch(/LOAD\s+0x[0-9a-f]+ 0xffff800008000000 0x0000000000000000 /);
    const map = readFileSync(join(KERNEL, 'System.map'), 'utf8');
    for (const s of ['_text', '_stext', '_etext', '_end', '__services_start', '__services_end', '__per_cpu_start',
      '__per_cpu_end', '__start___ksymtab', '__stop___ksymtab', '__start___kcrctab', '__start___param']) {
      expect(map).toMatch(new RegExp(`^ffff8000[0-9a-f]{8} [A-Za-z] ${s}$`, 'm'));
    }
  });

  it('exports with genksyms CRCs in Module.symvers, the kernel services among them', () => {
    const sv = symvers(join(KERNEL, 'Module.symvers'));
    for (const s of ['module_layout', 'try_module_get', 'module_put', '__module_get', 'module_refcount', '_printk',
      '__kmalloc', 'kfree', 'vmalloc', 'param_ops_int', 'param_array_ops', 'kstrtoint', 'strscpy', '_raw_spin_lock',
      'mutex_lock', '__per_cpu_offset', 'cpu_number', '__stack_chk_fail', 'task_stack_canary_offset']) {
      expect(sv.get(s), s).toMatchObject({ module: 'vmlinux', export: 'EXPORT_SYMBOL', ns: '' });
    }
    expect(sv.get('__symbol_get')).toMatchObject({ export: 'EXPORT_SYMBOL_GPL' });
    expect(sv.get('__kmodlab_find_symbol')).toMatchObject({ export: 'EXPORT_SYMBOL_GPL' });
    expect(new Set([...sv.values()].map((e) => e.crc)).size).toBeGreaterThan(sv.size - 3);
  });

  it('has __ksymtab sorted by name, lined up with __kcrctab and Module.symvers', () => {
    const r = spawnSync(join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
      [join(REPO_ROOT, 'modules', 'scripts', 'ksymtab-check.ts'), vmlinux, join(KERNEL, 'Module.symvers')], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('puts every TypeScript service stub (svc #0; ret) between __services_start and __services_end', () => {
    const dis = execFileSync('aarch64-linux-gnu-objdump', ['-d', '--no-show-raw-insn', '-j', '.text', vmlinux], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const map = readFileSync(join(KERNEL, 'System.map'), 'utf8');
    const addr = (s: string) => BigInt('0x' + map.match(new RegExp(`^([0-9a-f]+) . ${s}$`, 'm'))![1]);
    const [start, end] = [addr('__services_start'), addr('__services_end')];
    expect(start % 4096n).toBe(0n);
    const stubs = [...dis.matchAll(/^([0-9a-f]+) <(\w+)>:\n\s*[0-9a-f]+:\s+svc\s+#0x0\n\s*[0-9a-f]+:\s+ret\n/gm)];
    expect(stubs.map((m) => m[2])).toContain('_printk');
    expect(stubs.length).toBe(Number(end - start) / 8);
    for (const m of stubs) expect(BigInt('0x' + m[1]) >= start && BigInt('0x' + m[1]) < end).toBe(true);
  });
});

describe('example modules (make -C modules M=dir)', () => {
  const kernelCrc = (name: string) => symvers(join(KERNEL, 'Module.symvers')).get(name)!.crc;

  it('hello.ko looks like a Linux 6.1 arm64 module', () => {
    const s = sections(ko('hello'));
    expect(s.get('.gnu.linkonce.this_module')).toMatchObject({ size: 0x380 });
    expect(s.get('__param')).toMatchObject({ size: 3 * 40 });
    expect(s.get('__versions')!.size % 64).toBe(0);
    for (const n of ['.plt', '.init.plt', '.text.ftrace_trampoline']) expect(s.get(n)).toMatchObject({ size: 1 });
    expect(s.has('.note.Linux')).toBe(true);
    expect(s.has('.note.gnu.build-id')).toBe(true);

    const info = modinfo(ko('hello'));
    expect(info).toContain(`vermagic=${UTS_RELEASE} SMP mod_unload modversions aarch64`);
    expect(info).toContain('name=hello');
    expect(info).toContain('license=GPL');
    expect(info).toContain('depends=');
    expect(info).toContain('parmtype=howmany:int');
    expect(info).toContain('parmtype=whom:charp');
    expect(info).toContain('parmtype=numbers:array of int');
    expect(info).toContain('parm=howmany:How many times to say hello (default 1)');
    expect(info.some((l) => l.startsWith('intree='))).toBe(false);

    // init and exit through relocations of __this_module, at the 6.1 offsets
    const r = relocations(ko('hello'), '.gnu.linkonce.this_module');
    expect(r).toContainEqual({ offset: 0x138, type: 'R_AARCH64_ABS64', symbol: 'init_module', addend: 0 });
    expect(r).toContainEqual({ offset: 0x340, type: 'R_AARCH64_ABS64', symbol: 'cleanup_module', addend: 0 });
    expect(sectionBytes(ko('hello'), '.gnu.linkonce.this_module').subarray(0x18, 0x1e).toString('latin1')).toBe('hello\0');

    // struct kernel_param: name, mod, ops, perm/level/flags, arg
    const p = relocations(ko('hello'), '__param');
    expect(p.filter((x) => x.offset === 0x08).map((x) => x.symbol)).toEqual(['__this_module']);
    expect(p.map((x) => x.symbol)).toEqual(expect.arrayContaining(['param_array_ops', 'param_ops_charp', 'param_ops_int']));
    const param = sectionBytes(ko('hello'), '__param');
    expect(param.readUInt16LE(0x18)).toBe(0o444);
    expect(param.readInt8(0x1a)).toBe(-1);

    // __versions: what it uses, then module_layout, with the kernel's CRCs
    const v = versions(ko('hello'));
    expect(v[v.length - 1]).toEqual(['module_layout', kernelCrc('module_layout')]);
    expect(v).toContainEqual(['_printk', kernelCrc('_printk')]);
    expect(v).toContainEqual(['param_ops_charp', kernelCrc('param_ops_charp')]);
  });

  it('mathlib.ko exports sorted PREL32 kernel_symbols with CRCs in the same order', () => {
    const s = sections(ko('mathlib'));
    expect(s.get('__ksymtab')).toMatchObject({ size: 3 * 12 });
    expect(s.get('__ksymtab_gpl')).toMatchObject({ size: 12 });
    expect(s.get('__kcrctab')).toMatchObject({ size: 3 * 4 });
    expect(s.get('__kcrctab_gpl')).toMatchObject({ size: 4 });
    const rel = relocations(ko('mathlib'), '__ksymtab');
    expect(rel.every((r) => r.type === 'R_AARCH64_PREL32')).toBe(true);
    const names = rel.filter((r) => r.offset % 12 === 0).map((r) => r.symbol);
    expect(names).toEqual(['mathlib_add', 'mathlib_call_count', 'mathlib_checksum']);
    const sv = symvers(join(EXAMPLES, 'mathlib', 'Module.symvers'));
    const crcs = sectionBytes(ko('mathlib'), '__kcrctab');
    names.forEach((n, i) => expect(crcs.readUInt32LE(4 * i)).toBe(sv.get(n)!.crc));
    expect(sectionBytes(ko('mathlib'), '__kcrctab_gpl').readUInt32LE(0)).toBe(sv.get('mathlib_scale')!.crc);
    expect(sv.get('mathlib_scale')).toMatchObject({ export: 'EXPORT_SYMBOL_GPL', module: join(EXAMPLES, 'mathlib', 'mathlib') });
  });

  it('calc.ko depends on mathlib and records the CRCs of its symbols', () => {
    const info = modinfo(ko('calc'));
    expect(info).toContain('depends=mathlib');
    const sv = symvers(join(EXAMPLES, 'mathlib', 'Module.symvers'));
    const v = new Map(versions(ko('calc')));
    for (const n of ['mathlib_add', 'mathlib_scale', 'mathlib_checksum']) expect(v.get(n)).toBe(sv.get(n)!.crc);
  });

  it('multi.ko is linked from two objects, both compiled as KBUILD_MODNAME "multi"', () => {
    expect(modinfo(ko('multi'))).toContain('name=multi');
    const syms = readelf('-s', ko('multi'));
    expect(syms).toMatch(/ multi_fib$/m);
    expect(syms).toMatch(/ init_module$/m);
    expect(readFileSync(join(EXAMPLES, 'multi', 'multi.mod'), 'utf8').trim().split('\n'))
      .toEqual([join(EXAMPLES, 'multi', 'multi_main.o'), join(EXAMPLES, 'multi', 'multi_util.o')]);
  });

  it('noexit.ko has an init and no exit; badsym.ko was built with its undefined symbol', () => {
    const r = relocations(ko('noexit'), '.gnu.linkonce.this_module').map((x) => x.offset);
    expect(r).toEqual([0x138]);
    expect(readelf('-s', ko('badsym'))).toMatch(/UND kmodlab_no_such_function$/m);
    expect(versions(ko('badsym')).map(([n]) => n)).not.toContain('kmodlab_no_such_function');
    expect(modinfo(ko('gplonly'))).toContain('license=Proprietary');
  });
});

describe('external module builds and modpost', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kmodlab-kbuild-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** kbuild's stderr without the note every module gets: no vmlinux with BTF beside Debian's headers */
  function kbuildNoise(stderr: string): string {
    return stderr.split('\n').filter((l) => !/^Skipping BTF generation for .* due to unavailability of vmlinux$/.test(l)).join('\n');
  }
  function make(m: string, ...args: string[]) {
    return spawnSync('make', ['--no-print-directory', '-C', join(REPO_ROOT, 'modules'), `M=${m}`, ...args], { encoding: 'utf8' });
  }
  function moduleDir(name: string, files: Record<string, string>): string {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
    return d;
  }
  const mathlibSymvers = join(EXAMPLES, 'mathlib', 'Module.symvers');

  it('builds a classic Makefile module (no Kbuild) with kbuild progress lines, and cleans it', () => {
    const d = moduleDir('classic', {
      'Makefile': 'ifneq ($(KERNELRELEASE),)\nobj-m := classic.o\nelse\nall:\n\t$(MAKE) -C /elsewhere M=$(PWD)\nendif\n',
      'classic.c': '#include <linux/module.h>\n#include <linux/init.h>\nstatic int __init c_init(void) { printk(KERN_INFO "hi\\n"); return 0; }\nmodule_init(c_init);\nMODULE_LICENSE("Dual BSD/GPL");\n',
    });
    const r = make(d);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')).toEqual(expect.arrayContaining([
      `  CC [M]  ${d}/classic.o`, `  MODPOST ${d}/Module.symvers`, `  CC [M]  ${d}/classic.mod.o`, `  LD [M]  ${d}/classic.ko`,
    ]));
    expect(readFileSync(join(d, 'modules.order'), 'utf8')).toBe(`${d}/classic.ko\n`);
    expect(make(d).stdout).toBe('');
    expect(make(d, 'clean').status).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['Makefile', 'classic.c']);
  });

  it('builds composite modules (foo-y), resolves symbols between modules of one directory, and exports with namespaces', () => {
    const d = moduleDir('pair', {
      'Kbuild': 'obj-m := prov.o user.o\nprov-y := prov_a.o prov_b.o\n',
      'prov_a.c': '#include <linux/module.h>\nint prov_get(void) { return 7; }\nEXPORT_SYMBOL_NS_GPL(prov_get, KMODLAB_TEST);\nMODULE_LICENSE("GPL");\n',
      'prov_b.c': '#include <linux/module.h>\nint prov_twice(int x) { return 2 * x; }\nEXPORT_SYMBOL(prov_twice);\n',
      'user.c': '#include <linux/module.h>\nint prov_get(void); int prov_twice(int);\nMODULE_IMPORT_NS(KMODLAB_TEST);\nint user_run(void) { return prov_twice(prov_get()); }\nMODULE_LICENSE("GPL");\n',
    });
    const r = make(d);
    expect(kbuildNoise(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    const sv = symvers(join(d, 'Module.symvers'));
    expect(sv.get('prov_get')).toMatchObject({ module: join(d, 'prov'), export: 'EXPORT_SYMBOL_GPL', ns: 'KMODLAB_TEST' });
    expect(sv.get('prov_twice')).toMatchObject({ module: join(d, 'prov'), export: 'EXPORT_SYMBOL', ns: '' });
    expect(modinfo(join(d, 'user.ko'))).toEqual(expect.arrayContaining(['depends=prov', 'import_ns=KMODLAB_TEST']));
    expect(new Map(versions(join(d, 'user.ko'))).get('prov_get')).toBe(sv.get('prov_get')!.crc);
  });

  it("compiles a module that includes Linux's headers and kmodlab's, genksyms accepts it, and the kernel has what it needs", () => {
    const d = moduleDir('allhdr', { 'Kbuild': 'obj-m := allhdr.o\n', 'allhdr.c': ALLHDR_C });
    const r = make(d);
    expect(kbuildNoise(r.stderr)).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(d, '.allhdr.o.cmd'), 'utf8')).toMatch(/^#SYMVER allhdr_work 0x[0-9a-f]{8}$/m);
    const undefs = execFileSync('aarch64-linux-gnu-nm', ['-u', join(d, 'allhdr.ko')], { encoding: 'utf8' });
    // Debian's config inlines spin locks (only the slow path is a call) and has no preemption count.
    for (const s of ['cpu_number', '__per_cpu_offset', 'queued_spin_lock_slowpath', 'mutex_lock_interruptible', '__symbol_get',
      'param_ops_string', 'param_ops_hexint', '__warn_printk']) expect(undefs).toContain(` U ${s}\n`);
    for (const s of ['_raw_spin_lock_irqsave', 'preempt_schedule_notrace']) expect(undefs).not.toContain(` U ${s}\n`);
    // Everything it imports, the machine's kernel exports.
    const exported = symvers(join(KERNEL, 'Module.symvers'));
    const missing = [...undefs.matchAll(/ U (\S+)/g)].map((m) => m[1]).filter((s) => !exported.has(s));
    expect(missing).toEqual([]);
  });

  it('reports what Linux 6.1 modpost reports: GPL-only use, undefined symbols, missing license and namespace import', () => {
    const gpl = moduleDir('gplviol', {
      'Kbuild': `obj-m := gplviol.o\nKBUILD_EXTRA_SYMBOLS := ${mathlibSymvers}\n`,
      'gplviol.c': '#include <linux/module.h>\nlong mathlib_scale(long, long, long);\nlong g(void) { return mathlib_scale(1, 2, 3); }\nMODULE_LICENSE("Proprietary");\n',
    });
    let r = make(gpl);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("ERROR: modpost: GPL-incompatible module gplviol.ko uses GPL-only symbol 'mathlib_scale'");
    expect(existsSync(join(gpl, 'gplviol.ko'))).toBe(false);

    const undef = moduleDir('undef', {
      'Kbuild': 'obj-m := undef.o\n',
      'undef.c': '#include <linux/module.h>\nint nowhere(void);\nint u(void) { return nowhere(); }\nMODULE_LICENSE("GPL");\n',
    });
    r = make(undef);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`ERROR: modpost: "nowhere" [${undef}/undef.ko] undefined!`);
    r = make(undef, 'KBUILD_MODPOST_WARN=1');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`WARNING: modpost: "nowhere" [${undef}/undef.ko] undefined!`);
    expect(existsSync(join(undef, 'undef.ko'))).toBe(true);

    const nolic = moduleDir('nolic', { 'Kbuild': 'obj-m := nolic.o\n', 'nolic.c': '#include <linux/module.h>\nint x;\n' });
    r = make(nolic);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`ERROR: modpost: missing MODULE_LICENSE() in ${nolic}/nolic.o`);

    const prov = join(dir, 'pair', 'Module.symvers');
    const nons = moduleDir('nons', {
      'Kbuild': `obj-m := nons.o\nKBUILD_EXTRA_SYMBOLS := ${prov}\n`,
      'nons.c': '#include <linux/module.h>\nint prov_get(void);\nint n(void) { return prov_get(); }\nMODULE_LICENSE("GPL");\n',
    });
    r = make(nons);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERROR: modpost: module nons uses symbol prov_get from namespace KMODLAB_TEST, but does not import it.');
  });

  it("uses another directory's exports through its Module.symvers, once that directory is built", () => {
    const lib = join(dir, 'lib2');
    cpSync(join(EXAMPLES, 'mathlib'), lib, { recursive: true, filter: (s) => !/\.(o|ko|mod|mod\.c|cmd|d)$|Module\.symvers|modules\.order/.test(s) });
    const app = moduleDir('app2', {
      'Kbuild': 'obj-m := app2.o\nccflags-y := -I$(src)/../lib2\nKBUILD_EXTRA_SYMBOLS := $(src)/../lib2/Module.symvers\n',
      'app2.c': '#include <linux/module.h>\n#include "mathlib.h"\nint a(void) { return mathlib_add(1, 2); }\nMODULE_LICENSE("GPL");\n',
    });
    // As in Linux, kbuild does not build the other directory: modpost cannot read its exports.
    let r = make(app);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${app}/../lib2/Module.symvers: No such file or directory`);
    expect(make(lib).status).toBe(0);
    r = make(app);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`  LD [M]  ${app}/app2.ko`);
    expect(modinfo(join(app, 'app2.ko'))).toContain('depends=mathlib');
    expect(new Map(versions(join(app, 'app2.ko'))).get('mathlib_add')).toBe(symvers(join(lib, 'Module.symvers')).get('mathlib_add')!.crc);
  });
});

// WARN and BUG from a module: the brk's __bug_table entry decides, as lib/bug.c does.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { scenario, messages } from './helpers.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';

const SRC = `#include <linux/module.h>
#include <linux/bug.h>
noinline int warnbug_warn(int x) { WARN_ON(x > 1); WARN_ONCE(x > 2, "x is %d\\n", x); return x + 1; }
noinline int warnbug_bug(int x) { BUG_ON(x == 7); return x; }
static int __init warnbug_init(void) { return 0; }
static void __exit warnbug_exit(void) { }
module_init(warnbug_init);
module_exit(warnbug_exit);
MODULE_LICENSE("GPL");
`;

describe('WARN and BUG', () => {
  it('warns and goes on (once for WARN_ONCE), oopses on BUG, and keeps the machine running', () => {
    const dir = mkdtempSync(join(tmpdir(), 'warnbug-'));
    writeFileSync(join(dir, 'warnbug.c'), SRC);
    writeFileSync(join(dir, 'Kbuild'), 'obj-m := warnbug.o\n');
    execFileSync('make', ['-s', '-C', join(REPO_ROOT, 'modules'), `M=${dir}`], { stdio: 'ignore' });
    const r = scenario(`insmod ${dir}/warnbug.ko\ncall warnbug_warn 3\ncall warnbug_warn 3\ncall warnbug_bug 7\ncall warnbug_warn 0\ncat /proc/sys/kernel/tainted\ndmesg`);
    expect(r.out.slice(0, 4)).toEqual(['=> 0x4', '=> 0x4', expect.stringMatching(/^=> oops: .*kernel BUG at .*warnbug\.c:4!|^=> oops: -+\[ cut here \]/), '=> 0x1']);
    const msgs = messages(r.out);
    const warnings = msgs.filter((m) => m.startsWith('WARNING: CPU: 0 PID: '));
    // Two WARN_ONs and one WARN_ONCE.
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/at .*warnbug\.c:3 warnbug_warn\+0x[0-9a-f]+\/0x[0-9a-f]+ \[warnbug\]$/);
    expect(msgs.filter((m) => m === 'x is 3')).toHaveLength(1);
    expect(msgs).toContain('Internal error: Oops - BUG: 00000000f2000800 [#1] SMP');
    expect(msgs.some((m) => /^kernel BUG at .*warnbug\.c:4!$/.test(m))).toBe(true);
    // W (512) and D (128) taints.
    const tainted = Number(r.out[4]);
    expect(tainted & 512).toBe(512);
    expect(tainted & 128).toBe(128);
  });
});

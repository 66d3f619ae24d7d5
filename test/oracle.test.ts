// kmodlab against Linux: the shared scenarios of test/oracle/scenarios, recorded on Debian's real
// 6.1 kernel with kmod 30 under QEMU (make oracle, test/oracle/recorded), run again on kmodlab
// over the same files and compared command by command. Every remaining difference is listed in
// test/oracle/differences.txt with its reason (known ones are fidelity work to do).
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { compareAll, describe as describeMismatch, summary } from '../tools/oracle/compare.ts';
import { scenarioNames, toShell, scenarioCommands, parseTranscript, debianRelease } from '../tools/oracle/fixture.ts';
import { recorded } from '../tools/oracle/compare.ts';
import { readFileSync } from 'node:fs';

const REAL = join(REPO_ROOT, 'build', 'real-modules');

describe.skipIf(!existsSync(join(REAL, 'Module.symvers')))('kmodlab against the Linux oracle', () => {
  it('has a recording, with its versions, for every scenario, and the same commands', () => {
    for (const n of scenarioNames(REPO_ROOT)) {
      const r = recorded(n);
      expect(r.header.join('\n'), `${n}: recorded on another kernel than build/real-modules: re-record with make oracle`)
        .toContain(`# kernel: Linux ${debianRelease(REAL)} `);
      expect(r.header.join('\n')).toMatch(/# kmod: kmod version 30 /);
      expect(r.header.join('\n')).toMatch(/# qemu: QEMU emulator version /);
      const cmds = scenarioCommands(readFileSync(join(REPO_ROOT, 'test/oracle/scenarios', `${n}.kml`), 'utf8'));
      expect(r.blocks.map((b) => b.cmd), `${n}: re-record with make oracle`).toEqual(cmds);
      for (const c of cmds) expect(() => toShell(c)).not.toThrow();
    }
  });

  it('prints what Linux prints, but for the differences listed in test/oracle/differences.txt', () => {
    const r = compareAll();
    for (const m of r.mismatches) console.log(describeMismatch(m) + '\n');
    console.log(summary(r));
    expect(r.mismatches.filter((m) => !m.entry).map(describeMismatch)).toEqual([]);
    expect(r.unused.map((e) => `stale entry, no longer differs: ${e.scenario} $ ${e.cmd}`)).toEqual([]);
    // More than 200 commands, at least 95% of them printing what Linux prints.
    expect(r.counts.commands).toBeGreaterThan(200);
    expect(r.counts.commandsEqual / r.counts.commands).toBeGreaterThanOrEqual(0.95);
  });

  it('parses transcripts into commands and their output', () => {
    expect(parseTranscript(['x', '$ lsmod', 'Module  Size  Used by', '$ dmesg'])).toEqual([
      { cmd: 'lsmod', lines: ['Module  Size  Used by'] },
      { cmd: 'dmesg', lines: [] },
    ]);
  });
});

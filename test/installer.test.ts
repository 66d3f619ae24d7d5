// Seed 001's installer: loading and unloading almost every module, again and again, on a small
// machine. Never freeing modules (refcount=none) runs it out of memory; refcounts do not.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, readdirSync, mkdirSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { runInstaller } from '../tools/installer.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { EXAMPLES } from './helpers.ts';

/** The examples' modules without those whose exit leaks on purpose (sloppy): a copy in a temp dir. */
function examplesWithout(leaky: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'kmodlab-installer-'));
  for (const d of readdirSync(EXAMPLES)) {
    if (leaky.includes(d)) continue;
    const ko = join(EXAMPLES, d, `${d}.ko`);
    if (!existsSync(ko)) continue;
    mkdirSync(join(dir, d));
    copyFileSync(ko, join(dir, d, `${d}.ko`));
  }
  return dir;
}

const MEM = 16 << 20;
const ROUNDS = 70;

describe('the installer scenario', () => {
  it('runs out of memory with refcount=none, every round keeping what it unloaded', () => {
    const r = runInstaller({ mem: MEM, refcount: 'none', rounds: ROUNDS, dir: EXAMPLES });
    expect(r.outOfMemory).not.toBeNull();
    expect(r.outOfMemory!.round).toBeLessThan(ROUNDS);
    // Every complete round keeps more (the round that ran out loads nothing new).
    const kept = r.rounds.filter((x) => x.round < r.outOfMemory!.round).map((x) => x.keptKiB);
    for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]);
    // It runs out when the largest example (bulky) no longer fits: what is left is a small part
    // of what the first round had, and most of the rest is kept by the modules it forgot (the
    // others' devices, threads and files take the remainder).
    const free = r.rounds.map((x) => x.freeKiB);
    expect(free[free.length - 1]).toBeLessThan(free[0] / 5);
    expect(r.rounds[r.rounds.length - 1].keptKiB).toBeGreaterThan(free[0] / 2);
  });

  const wellBehaved = examplesWithout(['sloppy']);
  for (const refcount of ['percpu', 'atomic'] as const) {
    it(`gives every byte back with refcount=${refcount}`, () => {
      const r = runInstaller({ mem: MEM, refcount, rounds: ROUNDS, dir: wellBehaved });
      expect(r.outOfMemory).toBeNull();
      expect(r.rounds).toHaveLength(ROUNDS);
      expect(new Set(r.rounds.map((x) => x.freeKiB)).size).toBe(1);
      expect(r.rounds.every((x) => x.keptKiB === 0 && x.loaded > 5)).toBe(true);
    });
  }

  it('sees a module whose exit leaks: with sloppy in the set, free memory falls round after round', () => {
    const r = runInstaller({ mem: MEM, refcount: 'atomic', rounds: 5, dir: EXAMPLES });
    const free = r.rounds.map((x) => x.freeKiB);
    expect(free[free.length - 1]).toBeLessThan(free[0]);
    expect(r.rounds.every((x) => x.keptKiB === 0)).toBe(true);
  });

  // Unicorn's translation buffer used to fill with dropped code until the flush it does in the
  // middle of a run crashed the host process, in round 125 to 145 of this (emu/unicorn.ts).
  it('runs 150 rounds of all the examples with refcount=atomic on 64 MiB in a process of its own, which lives', () => {
    const r = spawnSync(join(REPO_ROOT, 'tools', 'kmodlab'), ['installer', '--json', '--mem', '64M', '--refcount', 'atomic', '--rounds', '150', '--dir', EXAMPLES],
      { encoding: 'utf8', maxBuffer: 64 << 20 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    const rounds = r.stdout.split('\n').filter((l) => l.startsWith('{"round":')).map((l) => JSON.parse(l).round);
    expect(rounds).toHaveLength(150);
    expect(rounds.every((x: { keptKiB: number }) => x.keptKiB === 0)).toBe(true);
  }, 600_000);
});

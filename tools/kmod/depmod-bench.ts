// make bench: depmod over about a thousand modules, kmodlab's (in this process) and kmod's
// (/sbin/depmod, a process of its own), on the same tree. Figures only.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REPO_ROOT } from '../../emu/unicorn.ts';
import { depmodMain } from './depmod.ts';
import { synthTree, writeSynthTree } from './synth.ts';
import { UTS_RELEASE } from '../../kernel/utsrelease.ts';

function time(fn: () => void, rounds: number): number {
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return (performance.now() - t0) / rounds;
}

/** kmod's depmod, if the host has it. */
export const HOST_DEPMOD = ['/sbin/depmod', '/usr/sbin/depmod'].find((p) => existsSync(p));

/** Debian's modules (make real-modules) laid out as DIR/lib/modules/VERSION, the modules
 *  themselves linked, the lists copied: `depmod -b DIR VERSION` writes its indexes there. */
export function debianTree(dir: string): { root: string; version: string } | undefined {
  const debian = join(REPO_ROOT, 'build', 'real-modules', 'modules');
  if (!existsSync(debian)) return undefined;
  const src = realpathSync(debian);
  const version = src.slice(src.lastIndexOf('/') + 1);
  const base = join(dir, 'lib', 'modules', version);
  mkdirSync(base, { recursive: true });
  symlinkSync(join(src, 'kernel'), join(base, 'kernel'));
  for (const f of ['modules.order', 'modules.builtin', 'modules.builtin.modinfo']) copyFileSync(join(src, f), join(base, f));
  return { root: dir, version };
}

export async function benchDepmod(quick: boolean) {
  const real = HOST_DEPMOD;
  const rounds = quick ? 2 : 5;
  const root = mkdtempSync(join(tmpdir(), 'kmodlab-depmod-bench-'));
  try {
    const trees: { name: string; root: string; version: string }[] = [];
    const synth = join(root, 'synth');
    writeSynthTree(synth, UTS_RELEASE, synthTree(1000, 3));
    trees.push({ name: '1000 generated modules', root: synth, version: UTS_RELEASE });
    const debian = debianTree(join(root, 'debian'));
    if (debian) trees.push({ name: "Debian's arm64 cloud modules", ...debian });
    console.log(`\ndepmod -a, mean of ${rounds} runs (host ms):`);
    console.log('  tree                            kmodlab     kmod 30');
    for (const t of trees) {
      const ours = time(() => depmodMain(['-b', t.root, t.version], { stdout: () => {}, stderr: () => {} }), rounds);
      const theirs = real ? time(() => spawnSync(real, ['-b', t.root, t.version], { stdio: 'ignore' }), rounds) : NaN;
      console.log(`  ${t.name.padEnd(30)}  ${ours.toFixed(1).padStart(7)}  ${real ? theirs.toFixed(1).padStart(10) : '  (no kmod)'}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

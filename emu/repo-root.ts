// The repository's folder, apart from unicorn.ts: what needs only the path (the release, the
// module directory: kernel/utsrelease.ts, tools/kmod/machine.ts) does not load koffi with it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository: the nearest folder above this file holding package.json. Not a fixed '..':
 *  bundled into build/cli/kmodlab.mjs (make setup), import.meta.url is the bundle's. */
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`kmodlab: no package.json in ${from} or above it`);
  }
}
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

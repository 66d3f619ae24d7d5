// Builds the kernel image and the example modules before any test (make is idempotent), so
// `npx vitest` on its own tests what the sources say, never stale objects.
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../emu/unicorn.ts';

export default function setup() {
  execFileSync('make', ['-s', '-C', REPO_ROOT, 'examples'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

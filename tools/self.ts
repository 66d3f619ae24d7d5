// How to start this CLI again as a child process (fuzz workers, the dashboard's machine): the
// same node options and entry, the bundle or tools/cli.ts under tsx.
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/repo-root.ts';

export function cliCommand(): string[] {
  const entry = process.argv[1] ?? '';
  return [...process.execArgv, /(^|\/)(cli\.ts|kmodlab\.mjs)$/.test(entry) ? entry : join(REPO_ROOT, 'tools', 'cli.ts')];
}

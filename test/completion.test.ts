// Tab completion in `kmodlab shell` (tools/completion.ts): what a user gets for a partial word.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { Console } from '../tools/console.ts';
import { complete } from '../tools/completion.ts';

const cwd = REPO_ROOT;

describe('shell tab completion', () => {
  it('completes commands, help topics and boot options before any boot', () => {
    expect(complete('insm', { kernel: null, cwd })).toEqual([['insmod'], 'insm']);
    expect(complete('help spa', { kernel: null, cwd })).toEqual([['spawn'], 'spa']);
    expect(complete('boot cp', { kernel: null, cwd })[0]).toEqual(['cpus=']);
    expect(complete('ex', { kernel: null, cwd })[0]).toEqual(['exit']);
    expect(complete('rmmod ', { kernel: null, cwd })[0]).toEqual([]);
  });

  it('completes host paths from the current directory', () => {
    expect(complete('insmod modules/examples/hell', { kernel: null, cwd })).toEqual([['modules/examples/hello/', 'modules/examples/hello_sysfs/'], 'modules/examples/hell']);
    expect(complete('insmod modules/examples/hello/hello.k', { kernel: null, cwd })[0]).toEqual(['modules/examples/hello/hello.ko']);
    expect(complete(`run ${join(REPO_ROOT, 'modules', 'examples', 'netbits.k')}`, { kernel: null, cwd })[0]).toEqual([join(REPO_ROOT, 'modules', 'examples', 'netbits.kml')]);
  });

  it('completes loaded modules for rmmod and the machine\'s paths once booted', () => {
    const c = new Console({ baseDir: REPO_ROOT, write: () => {} });
    c.exec('boot cpus=2');
    c.exec(`insmod ${join(REPO_ROOT, 'modules', 'examples', 'hello', 'hello.ko')}`);
    const ctx = { kernel: c.kernel, cwd };
    expect(complete('rmmod hel', ctx)[0]).toEqual(['hello']);
    expect(complete('cat /proc/mod', ctx)[0]).toEqual(['/proc/modules']);
    expect(complete('ls /sys/module/hel', ctx)[0]).toEqual(['/sys/module/hello/']);
    expect(complete('cat /sys/module/hello/refc', ctx)[0]).toEqual(['/sys/module/hello/refcnt']);
    c.kernel?.close();
  });
});

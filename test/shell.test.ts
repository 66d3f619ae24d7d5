// kmodlab shell in a real terminal (tmux): a ^C interrupts a blocking rmmod -w, which re-animates
// the module; a ^C at the prompt only drops the line; Tab completes.
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { EXAMPLES } from './helpers.ts';

const HAVE_TMUX = spawnSync('tmux', ['-V']).status === 0;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

describe.skipIf(!HAVE_TMUX)('kmodlab shell in a terminal', () => {
  it('^C interrupts rmmod -w and the module stays live', () => {
    const sock = join(mkdtempSync(join(tmpdir(), 'kml-sh-')), 'tmux.sock');
    const tmux = (...a: string[]) => execFileSync('tmux', ['-S', sock, ...a], { encoding: 'utf8' });
    const screen = () => tmux('capture-pane', '-p', '-t', 'sh');
    const waitFor = (re: RegExp, ms = 60_000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) { if (re.test(screen())) return; sleep(200); }
      throw new Error(`timed out waiting for ${re}:\n${screen()}`);
    };
    tmux('new-session', '-d', '-x', '120', '-y', '40', '-s', 'sh', '-c', EXAMPLES, `${join(REPO_ROOT, 'tools', 'kmodlab')} shell; sleep 60`);
    try {
      waitFor(/kmodlab#\s*$/m);
      const lines = ['boot cpus=2', 'insmod worker/worker.ko', 'insmod user/user.ko',
        'spawn t cpu=1 user_call_ref 100000000 2000', 'run 20k'];
      for (const l of lines) { tmux('send-keys', '-t', 'sh', l, 'Enter'); sleep(300); }
      waitFor(/kmodlab# run 20k\nkmodlab#\s*$/m);
      tmux('send-keys', '-t', 'sh', 'rmmod -w worker', 'Enter');
      sleep(1500);
      tmux('send-keys', '-t', 'sh', 'C-c');
      waitFor(/could not remove module worker: Interrupted system call/);
      tmux('send-keys', '-t', 'sh', 'lsmod', 'Enter');
      waitFor(/^worker\s+\d+\s+1$/m);
      tmux('send-keys', '-t', 'sh', 'half a line', 'C-c');
      waitFor(/half a line\^C\nkmodlab#\s*$/m);
      // Tab completes a command, a loaded module and a path of the machine
      tmux('send-keys', '-t', 'sh', 'lsm', 'Tab');
      waitFor(/kmodlab# lsmod\s*$/m);
      tmux('send-keys', '-t', 'sh', 'C-u', 'cat /proc/modu', 'Tab');
      waitFor(/kmodlab# cat \/proc\/modules\s*$/m);
      tmux('send-keys', '-t', 'sh', 'C-u', 'rmmod wor', 'Tab');
      waitFor(/kmodlab# rmmod worker\s*$/m);
    } finally {
      spawnSync('tmux', ['-S', sock, 'kill-server']);
    }
  });
});

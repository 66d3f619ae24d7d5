// Machine checkpoints: kmodlab explore boots once and starts every schedule from a checkpoint
// taken after the boot. A restored machine must be the machine the boot left: RAM byte for
// byte, the kernel's memory accounting, and -- what users see -- the same transcript, cycles
// and findings as a schedule run on a freshly booted machine.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Console } from '../tools/console.ts';
import { KernelCheckpoint } from '../kernel/checkpoint.ts';
import { ScheduleRunner, runSchedule, type ScheduleResult } from '../tools/explore/schedule.ts';
import { ForcedPolicy, PctPolicy } from '../tools/explore/policy.ts';
import { EXAMPLES, memoryAccounting } from './helpers.ts';

const ex = (name: string) => join(EXAMPLES, name);
const seen = (r: ScheduleResult) => ({
  status: r.status, transcript: r.transcript, cycles: r.cycles, steps: r.steps, widths: r.widths,
  findings: r.findings.map((f) => f.text),
});

describe('machine checkpoints', () => {
  it('a restore gives back RAM byte for byte and the memory accounting, after modules ran on both cores', () => {
    const out: string[] = [];
    const c = new Console({ baseDir: EXAMPLES, echo: true, write: (l) => out.push(l) });
    c.exec('boot cpus=2 mem=64M preempt=full');
    const k = c.kernel!;
    const cp = new KernelCheckpoint(k, [c]);
    const ram = k.machine.ram.bytes.slice();
    const before = memoryAccounting(k);
    const lines = ['insmod worker/worker.ko', 'insmod mmapbuf/mmapbuf.ko', 'spawn reader cpu=1 worker_spin 20000',
      'open m /dev/mmapbuf rw', 'mmap p m 4096 0 rw', 'poke p 0 hello', 'run 300k', 'munmap p', 'close m', 'rmmod worker', 'rmmod mmapbuf'];
    const once = () => {
      out.length = 0;
      for (const l of lines) c.exec(l);
      return [...out];
    };
    const first = once();
    expect(first.join('\n')).not.toMatch(/rror|Oops|BUG/);
    expect(Buffer.compare(k.machine.ram.bytes, ram)).not.toBe(0);
    cp.restore();
    expect(Buffer.compare(k.machine.ram.bytes, ram)).toBe(0);
    expect(memoryAccounting(k)).toEqual(before);
    expect(k.modules.length).toBe(0);
    // The machine runs on from there exactly as it did the first time.
    expect(once()).toEqual(first);
    cp.restore();
    expect(Buffer.compare(k.machine.ram.bytes, ram)).toBe(0);
    cp.dispose();
    expect(() => cp.restore()).toThrow(/disposed/);
    k.close();
  });

  const SCENARIOS = ['race-reader.kml', 'race-reader-tasks.kml', 'pipe-poll.kml', 'mmap.kml', 'init-failure.kml', 'spurious-failure.kml', 'proc-race-25.kml'];
  for (const name of SCENARIOS) {
    it(`${name}: schedules from the checkpoint are those of a fresh boot`, () => {
      const file = ex(name);
      const text = readFileSync(file, 'utf8');
      const runner = new ScheduleRunner(text, file);
      try {
        const first = runner.run(new ForcedPolicy([]));
        expect(first.status).toBe(0);
        const policies = [1n, 2n, 3n].map((s) => () => new PctPolicy(s * 0x9e3779b9n, 2, first.steps));
        const restored = policies.map((p) => seen(runner.run(p())));
        // Again, after other schedules changed the machine (and its translated code) in between.
        const again = seen(runner.run(new ForcedPolicy([])));
        expect(again).toEqual(seen(first));
        policies.forEach((p, i) => expect(restored[i]).toEqual(seen(runSchedule(text, file, p()))));
      } finally {
        runner.close();
      }
    });
  }
});

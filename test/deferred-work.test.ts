// Time and deferred work as a module author sees them: timers, work items, tasklets, kernel
// threads, wait queues and completions run at the machine time they should (HZ=250, emulated
// cycles, never the host's clock), in a deterministic order, and leave nothing behind when the
// module goes -- or, when the module forgets to cancel its timer, the timer firing into freed
// memory is caught and named.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, messages, EXAMPLES } from './helpers.ts';
import { boot } from '../kernel/boot.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { load_module, delete_module } from '../kernel/module/main.ts';

const kml = (name: string) => readFileSync(join(EXAMPLES, name), 'utf8');
const ko = (name: string) => join(EXAMPLES, name, `${name}.ko`);
const image = (name: string) => new Uint8Array(readFileSync(ko(name)));
/** The lines of one module, timestamps kept. */
const of = (out: string[], mod: string) => out.filter((l) => l.includes(`] ${mod}: `) && !/taint/.test(l)).map((l) => l.replace(/^\[\s*/, '['));

describe('deferred work (modules/examples/deferred-work.kml)', () => {
  const run = scenario(kml('deferred-work.kml'));

  it('runs the scenario without errors', () => {
    expect(run.status).toBe(0);
    expect(run.text).not.toMatch(/Oops|BUG|WARNING|still running|Unknown symbol/);
  });

  it('fires a re-armed timer every 5 jiffies in softirq context on the CPU that armed it', () => {
    expect(of(run.out, 'ticktock')).toEqual([
      // armed and removed a few microseconds after boot and after the 70 ms run (what boot and
      // insmod cost); the ticks land on jiffy boundaries
      expect.stringMatching(/^\[0\.0000\d\d\] ticktock: armed: 3 ticks every 20 ms \(5 jiffies, HZ=250\)$/),
      '[0.020000] ticktock: tick 1 on cpu0: 5 jiffies after arming (in_softirq 1)',
      '[0.040000] ticktock: tick 2 on cpu0: 5 jiffies after arming (in_softirq 1)',
      '[0.060000] ticktock: tick 3 on cpu0: 5 jiffies after arming (in_softirq 1)',
      expect.stringMatching(/^\[0\.0700\d\d\] ticktock: exit: del_timer_sync says 0 after 3 ticks$/),
    ]);
  });

  it('runs work items in a kworker, the delayed one every 3 jiffies, and cancels it at exit', () => {
    const lines = of(run.out, 'deferwork').map((l) => l.replace(/^\[[\d.]+\] /, ''));
    expect(lines).toEqual([
      'deferwork: queued: work on system_wq, delayed work every 12 ms on deferwork',
      'deferwork: work: on cpu0 in kworker/0:0 at +0 jiffies',
      'deferwork: delayed work 1: on cpu0 in kworker/0:0 at +3 jiffies',
      'deferwork: delayed work 2: on cpu0 in kworker/0:0 at +6 jiffies',
      'deferwork: delayed work 3: on cpu0 in kworker/0:0 at +9 jiffies',
      'deferwork: exit: delayed work idle after 3 runs',
    ]);
  });

  it('runs a tasklet in softirq context, from process and from timer context', () => {
    const lines = of(run.out, 'tasklet').map((l) => l.replace(/^\[[\d.]+\] /, ''));
    expect(lines).toEqual([
      'tasklet: scheduled',
      'tasklet: tasklet run 1 on cpu0 (in_softirq 1, in_task 0)',
      'tasklet: tasklet run 2 on cpu0 (in_softirq 1, in_task 0)',
      'tasklet: exit after 2 runs',
    ]);
  });

  it('busy-waits udelay() in machine time and stops a sleeping kthread at once', () => {
    const lines = of(run.out, 'kthreadloop');
    const busy = lines.filter((l) => /round \d+: busy/.test(l));
    expect(busy.length).toBeGreaterThanOrEqual(2);
    // udelay(500) keeps the thread busy 500 us of emulated time (plus the loop, the printk and
    // the tick's interrupts taken meanwhile)
    for (const l of busy) expect(Number(/busy (\d+) us/.exec(l)![1])).toBeGreaterThanOrEqual(500);
    for (const l of busy) expect(Number(/busy (\d+) us/.exec(l)![1])).toBeLessThan(520);
    // msleep_interruptible(10): msecs_to_jiffies(10) + 1 = 4 jiffies = 16 ms between rounds
    const at = busy.map((l) => Number(/^\[([\d.]+)\]/.exec(l)![1]));
    expect(Math.round((at[1] - at[0]) * 1000)).toBe(16);
    // kthread_stop() ends the interruptible sleep: the stop comes right after rmmod, not 16 ms later
    const stop = lines.find((l) => l.includes('stopping after'))!;
    const exit = lines.find((l) => l.includes('kthread_stop returned'))!;
    expect(exit).toMatch(new RegExp(`kthread_stop returned ${busy.length}$`));
    expect(stop).toMatch(new RegExp(`stopping after ${busy.length} rounds`));
    expect(Number(/^\[([\d.]+)\]/.exec(stop)![1])).toBeLessThan(at[at.length - 1] + 0.016);
  });

  it('hands items through a wait queue and completes a completion before the timeout', () => {
    const lines = of(run.out, 'rendezvous').map((l) => l.replace(/^\[[\d.]+\] /, ''));
    expect(lines).toEqual([
      'rendezvous: produced 1', 'rendezvous: consumed up to 1',
      'rendezvous: produced 2', 'rendezvous: consumed up to 2',
      'rendezvous: produced 3', 'rendezvous: consumed up to 3',
      'rendezvous: all 3 items consumed, 988 ms to spare',
      'rendezvous: exit',
    ]);
  });

  it('gives the same transcript, timestamps included, every run', () => {
    expect(scenario(kml('deferred-work.kml')).text).toBe(run.text);
  });
});

describe('a timer left armed at unload (modules/examples/timer-unload.kml)', () => {
  it('is caught in the softirq as a read of the unloaded module\'s freed memory', () => {
    const r = scenario(kml('timer-unload.kml'));
    const m = messages(r.out);
    expect(m).toContain('ticktock: exit: timer pending, not cancelled');
    expect(m.some((l) => /Unable to handle kernel .* \(freed memory of unloaded module ticktock: tick\+0x/.test(l))).toBe(true);
    expect(m.some((l) => /Comm: ksoftirqd\/0/.test(l))).toBe(true);
    expect(m).toContain('Kernel panic - not syncing: Fatal exception in interrupt');
  });
});

describe('hrtimers in low-resolution mode (modules/examples/hrtimer-unload.kml)', () => {
  const r = scenario(kml('hrtimer-unload.kml'));
  const ticks = of(r.out, 'hrtick');

  it('expire at the first tick after their expiry: hard ones in hard interrupt context, soft ones in the softirq', () => {
    const at = (l: string) => Math.round(Number(/^\[(\d+\.\d+)\]/.exec(l)![1]) * 1e6);
    const tick = (l: string) => /tick (\d+) on cpu0: (\d+) us late \(in_softirq (\d)\)$/.exec(l);
    expect(ticks[0]).toMatch(/^\[0\.0000\d\d\] hrtick: armed: 4 ticks every 1500 us \(hard\), resolution 4000000 ns$/);
    expect(ticks[5]).toMatch(/hrtick: exit: hrtimer_cancel says 0 after 4 ticks$/);
    expect(ticks[6]).toMatch(/hrtick: armed: 3 ticks every 10000 us \(soft\), resolution 4000000 ns$/);
    expect(ticks[10]).toMatch(/hrtick: exit: hrtimer_cancel says 0 after 3 ticks$/);
    // The hard timer, armed at A for A+1500 us, runs at the 4 ms tick; hrtimer_forward() clamps
    // the period to the resolution, so it then runs every tick, as late each time.
    const hard = ticks.slice(1, 5);
    expect(hard.map(at)).toEqual([4000, 8000, 12000, 16000]);
    for (const l of hard) {
      const m = tick(l)!;
      expect(Number(m[3])).toBe(0);
      expect(Math.abs(Number(m[2]) - (4000 - (at(ticks[0]) + 1500)))).toBeLessThanOrEqual(1);
    }
    // The soft one (10 ms from B) runs at the first tick at or after B+10 ms, B+20 ms, B+30 ms.
    const soft = ticks.slice(7, 10);
    const b = at(ticks[6]);
    soft.forEach((l, i) => {
      const due = b + 10000 * (i + 1);
      expect(at(l)).toBe(Math.ceil(due / 4000) * 4000);
      expect(Number(tick(l)![3])).toBe(1);
      expect(Math.abs(Number(tick(l)![2]) - (at(l) - due))).toBeLessThanOrEqual(1);
    });
  });

  it('one left queued at unload fires into the freed module and is caught', () => {
    const m = messages(r.out);
    expect(m).toContain('hrtick: exit: timer active, not cancelled');
    expect(m.some((l) => /Unable to handle kernel .* \(freed memory of unloaded module hrtick: tick\+0x/.test(l))).toBe(true);
    expect(m.some((l) => /Comm: ksoftirqd\/0/.test(l))).toBe(true);
    expect(m).toContain('Kernel panic - not syncing: Fatal exception in interrupt');
  });
});

describe('memory', () => {
  /** Everything an allocator hands out, to compare against a baseline. */
  const accounting = (k: Kernel) => ({ slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages });
  const cycle = (k: Kernel) => {
    for (const [name, args] of [['ticktock', 'times=2 period_ms=8'], ['deferwork', 'rounds=2 delay_ms=8'], ['kthreadloop', 'period_ms=4 busy_us=50'], ['tasklet', ''], ['hrtick', 'times=3 period_us=2000'], ['hrtick', 'soft=1 times=2 period_us=900']]) {
      load_module(k, image(name), ko(name), args);
      k.sched.runUntil(() => false, 20_000_000n);
      delete_module(k, name);
    }
    k.sched.runUntil(() => false, 10_000_000n);
  };

  it('is back to what it was after rmmod, once the softirq threads and kworkers exist', () => {
    const k = boot();
    try {
      // The first use creates ksoftirqd/N and kworker/N:0, which stay, as they do on Linux.
      cycle(k);
      const base = accounting(k);
      cycle(k);
      expect(accounting(k)).toEqual(base);
      expect(k.modules).toEqual([]);
    } finally {
      k.close();
    }
  });
});

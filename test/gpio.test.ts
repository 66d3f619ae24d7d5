// The machine's GPIO controller (kmodlab-gpio, 32 lines at base 480) and its interrupts as a module
// meets them: gpiobutton's rising-edge handler in hard interrupt context or its irq thread, the
// LED it drives read back with `gpio get`, edges the trigger does not want, free_irq() at rmmod
// ending deliveries, a taken line refused with EBUSY, bad scenario input, memory back to baseline.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Console } from '../tools/console.ts';
import { scenario, messages, EXAMPLES, memoryAccounting } from './helpers.ts';

const accounting = memoryAccounting;

function session(lines: string[]) {
  const out: string[] = [];
  const c = new Console({ baseDir: EXAMPLES, echo: true, write: (l) => out.push(l) });
  for (const l of lines) c.exec(l);
  return { out, k: c.kernel!, c };
}

/** What each occurrence of a command printed, in order. */
function outputs(out: string[], cmd: string): string[][] {
  const r: string[][] = [];
  out.forEach((l, i) => {
    if (l !== `$ ${cmd}`) return;
    const o: string[] = [];
    for (let j = i + 1; j < out.length && !out[j].startsWith('$ '); j++) o.push(out[j]);
    r.push(o);
  });
  return r;
}

const buttonMessages = (out: string[]) => messages(out).filter((l) => l.startsWith('gpiobutton: ') && !/taint/.test(l));

describe('gpio-button.kml', () => {
  it('a press interrupts, the handler toggles the LED; after rmmod a press is harmless', () => {
    const text = readFileSync(join(EXAMPLES, 'gpio-button.kml'), 'utf8');
    const r = scenario(text, { echo: true });
    expect(r.status).toBe(0);
    expect(outputs(r.out, 'gpio get 6')).toEqual([['0'], ['1'], ['1'], ['0'], ['1']]);
    expect(outputs(r.out, 'gpio set 5 1').every((o) => o.length === 0)).toBe(true);
    expect(outputs(r.out, 'cat /proc/gpiobutton')).toEqual([['presses: 2', 'led: 0']]);
    expect(outputs(r.out, 'gpio info')).toEqual([[
      'gpiochip0: GPIOs 480-511, parent: platform/kmodlab-gpio, kmodlab-gpio:',
      ' gpio-485 (                    |button              ) in  lo IRQ ',
      ' gpio-486 (                    |led                 ) out lo ',
    ]]);
    expect(outputs(r.out, 'gpio set 6 1')).toEqual([['gpio set: line 6 is an output: the kernel drives it']]);
    expect(outputs(r.out, 'insmod gpiobutton/gpiobutton.ko led=485'))
      .toEqual([['insmod: ERROR: could not insert module gpiobutton/gpiobutton.ko: Device or resource busy']]);
    expect(buttonMessages(r.out)).toEqual([
      'gpiobutton: button on GPIO 485 (IRQ 37, rising edge), LED on GPIO 486',
      'gpiobutton: press 1: LED on (hardirq)',
      'gpiobutton: press 2: LED off (hardirq)',
      'gpiobutton: 2 presses',
      // the presses after rmmod reached no handler: nothing between these two lines
      'gpiobutton: button on GPIO 485 (IRQ 37, rising edge), LED on GPIO 486, threaded',
      'gpiobutton: press 1: LED on (irq/37-gpiobutt)',
      'gpiobutton: 1 presses',
      'gpiobutton: cannot request GPIO 485 for the LED: -16',
    ]);
    expect(messages(r.out).filter((l) => /Oops|Unable to handle|WARNING|BUG/.test(l))).toEqual([]);
  });
});

describe('GPIO interrupts', () => {
  it('fires on the edges the trigger asks for', () => {
    const presses = (edge: string) => {
      const r = scenario(`insmod gpiobutton/gpiobutton.ko edge=${edge}\ngpio set 5 1\ngpio set 5 0\ngpio set 5 0\ngpio set 5 1\ngpio set 5 0\ncat /proc/gpiobutton\n`);
      expect(r.status).toBe(0);
      return r.out;
    };
    expect(presses('rising')).toEqual(['presses: 2', 'led: 0']);
    expect(presses('falling')).toEqual(['presses: 2', 'led: 0']);
    expect(presses('both')).toEqual(['presses: 4', 'led: 0']);
  });

  it('numbers: the chip at base 480, line N is GPIO 480+N with IRQ 32+N; the LED line reads back as driven', () => {
    const s = session(['call kmodlab_gpio_base', 'insmod gpiobutton/gpiobutton.ko button=490 led=491', 'gpio set 10 1', 'gpio get 11', 'gpio get 10', 'rmmod gpiobutton', 'gpio get 11', 'dmesg']);
    expect(outputs(s.out, 'call kmodlab_gpio_base')).toEqual([['=> 0x1e0']]);
    expect(outputs(s.out, 'gpio get 11')).toEqual([['1'], ['0']]); // exit drives it low
    expect(outputs(s.out, 'gpio get 10')).toEqual([['1']]);
    expect(buttonMessages(s.out)[0]).toBe('gpiobutton: button on GPIO 490 (IRQ 42, rising edge), LED on GPIO 491');
    s.k.close();
  });

  it('rejects bad lines and values as scenario errors', () => {
    for (const [line, msg] of [
      ['gpio set 99 1', 'gpio set: line 99 does not exist (kmodlab-gpio has lines 0..31)'],
      ['gpio set 5 2', 'gpio set: 2: the value is 0 or 1'],
      ['gpio get x', 'gpio get: x: not a line number (0..31)'],
      ['gpio set 5', 'usage: gpio set LINE 0|1 | gpio get LINE | gpio info'],
      ['gpio toggle 5', 'usage: gpio set LINE 0|1 | gpio get LINE | gpio info'],
    ]) {
      const r = scenario(`${line}\n`);
      expect(r.status, line).toBe(2);
      expect(r.err.join('\n'), line).toContain(msg);
      expect(r.err.join('\n'), line).not.toMatch(/\bat .*\.ts:\d+/); // no stack trace
    }
  });

  it('gives back every byte: presses, the irq thread and unloads leave memory as before', () => {
    const c = new Console({ baseDir: EXAMPLES, write: () => {} });
    c.exec('insmod gpiobutton/gpiobutton.ko threaded=1');
    c.exec('gpio set 5 1');
    c.exec('gpio set 5 0');
    c.exec('rmmod gpiobutton');
    const k = c.kernel!;
    const base = accounting(k);
    for (let i = 0; i < 4; i++) {
      c.exec(`insmod gpiobutton/gpiobutton.ko threaded=${i % 2}`);
      for (let j = 0; j < 3; j++) { c.exec('gpio set 5 1'); c.exec('gpio set 5 0'); }
      c.exec('rmmod gpiobutton');
    }
    c.exec('gpio set 5 1');
    c.exec('gpio set 5 0');
    c.exec('gpio info');
    expect(accounting(k)).toEqual(base);
    k.close();
  });
});

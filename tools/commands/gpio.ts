// gpio: the world outside the machine's GPIO controller (kernel/core/gpio_kmodlab.c, "kmodlab-gpio",
// 32 lines). LINE is the chip's own number 0..31; the kernel's global GPIO number is the chip's base
// (480, 6.1's dynamic base for a 32-line chip) plus LINE, and its interrupt is IRQ 32 + LINE.
// `gpio set` drives an input line; an edge the line's handlers asked for raises the interrupt, and
// the command returns once its hard and threaded handlers have run. `gpio get` prints the level: an
// input's (as last set), an output's (as the kernel drove it). `gpio info` prints what 6.1's
// /sys/kernel/debug/gpio would.
import type { Kernel } from '../../kernel/kernel.ts';
import { defineCommand, ScenarioError, type CommandContext } from './registry.ts';
import { outcomeText } from './memory.ts';

const LINES = 32;
const USAGE = 'gpio set LINE 0|1 | gpio get LINE | gpio info';

function lineOf(c: CommandContext, sub: string, text: string | undefined): number {
  if (text === undefined) throw new ScenarioError(`usage: ${USAGE}`);
  if (!/^\d+$/.test(text)) throw new ScenarioError(`gpio ${sub}: ${text}: not a line number (0..${LINES - 1})`);
  const n = Number(text);
  if (n >= LINES) throw new ScenarioError(`gpio ${sub}: line ${n} does not exist (kmodlab-gpio has lines 0..${LINES - 1})`);
  return n;
}

/** Runs a controller entry point on cpu0 as a thread named gpio; its result, or null after printing why not. */
function callChip(c: CommandContext, fn: string, args: bigint[]): bigint | null {
  const k: Kernel = c.kernel;
  const addr = k.kallsyms.address(fn);
  if (addr === null) {
    c.out('gpio: this kernel has no GPIO controller');
    return null;
  }
  const r = k.call(addr, args, { cpu: 0, comm: 'gpio' });
  if (!r.ok) {
    c.out(outcomeText(k, r, `${fn} did not return within ${k.opts.callLimit} cycles`));
    c.failed();
    return null;
  }
  return BigInt.asIntN(64, r.ret);
}

const ENODEV = 19n, EPERM = 1n;

defineCommand('gpio', {
  usage: USAGE,
  help: 'drives an input line of the GPIO controller from outside (an edge raises its interrupt), prints a line\'s level, or lists the requested lines',
  run(c) {
    const [sub, ...rest] = c.texts;
    if (sub === 'set') {
      if (rest.length !== 2) throw new ScenarioError(`usage: ${USAGE}`);
      const line = lineOf(c, sub, rest[0]);
      if (rest[1] !== '0' && rest[1] !== '1') throw new ScenarioError(`gpio set: ${rest[1]}: the value is 0 or 1`);
      const r = callChip(c, 'kmodlab_gpio_drive', [BigInt(line), BigInt(rest[1])]);
      if (r === -EPERM) c.out(`gpio set: line ${line} is an output: the kernel drives it`);
      else if (r === -ENODEV) c.out('gpio: the GPIO controller is not bound');
      return;
    }
    if (sub === 'get') {
      if (rest.length !== 1) throw new ScenarioError(`usage: ${USAGE}`);
      const line = lineOf(c, sub, rest[0]);
      const r = callChip(c, 'kmodlab_gpio_level', [BigInt(line)]);
      if (r === null) return;
      if (r === -ENODEV) c.out('gpio: the GPIO controller is not bound');
      else c.out(String(r));
      return;
    }
    if (sub === 'info') {
      if (rest.length) throw new ScenarioError(`usage: ${USAGE}`);
      const k = c.kernel;
      const size = 16384;
      const buf = k.slab.kmalloc(size);
      const n = callChip(c, 'kmodlab_gpio_debug_show', [buf, BigInt(size)]);
      if (n !== null && n > 0n) {
        const text = Buffer.from(k.machine.read(buf, Number(n))).toString('latin1');
        for (const l of text.replace(/\n$/, '').split('\n')) c.out(l);
      }
      k.slab.kfree(buf);
      return;
    }
    throw new ScenarioError(`usage: ${USAGE}`);
  },
});

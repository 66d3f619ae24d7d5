// Scenario commands that touch kernel memory and run code: buf, dump, call, addr.
import type { Kernel, CallOutcome } from '../../kernel/kernel.ts';
import { strerror } from '../../kernel/errno.ts';
import { parseSize, hex } from '../../emu/address-map.ts';
import type { Word } from '../scenario/lex.ts';
import { defineCommand, ScenarioError, type CommandContext } from './registry.ts';
import { PerKernel } from '../../kernel/attached.ts';

interface Buffer_ { addr: bigint; size: number }
/** Named buffers live as long as the machine. */
const buffers = new PerKernel<Map<string, Buffer_>>();
function buffersOf(k: Kernel) {
  let m = buffers.get(k);
  if (!m) buffers.set(k, (m = new Map()));
  return m;
}

export function bytesOf(w: Word, cmd: string): Uint8Array {
  if (w.quoted) return new Uint8Array(Buffer.from(w.text, 'latin1'));
  if (w.text.startsWith('hex:')) {
    const h = w.text.slice(4).replace(/[\s:]/g, '');
    if (h.length % 2 || /[^0-9a-fA-F]/.test(h)) throw new ScenarioError(`${cmd}: bad hex bytes '${w.text}'`);
    return new Uint8Array(Buffer.from(h, 'hex'));
  }
  throw new ScenarioError(`${cmd}: expected hex:BYTES or "text", got '${w.text}'`);
}

export interface Invocation {
  cpu: number;
  /** The function's address, or null (and `name`) when no symbol has that name. */
  addr: bigint | null;
  name: string;
  args: bigint[];
  /** kmalloc'd copies of "text"/hex: arguments, to free after the call. */
  temps: bigint[];
}

/** Parses `[cpu=N] SYMBOL|0xADDR|$ret [ARG ...]` (call and spawn share it). */
export function parseInvocation(c: CommandContext, cmd: string, words: Word[], usage: string): Invocation {
  const k = c.kernel;
  let cpu = 0;
  let i = 0;
  if (words[0] && !words[0].quoted && /^cpu=/.test(words[0].text)) {
    const v = words[0].text.slice(4);
    if (!/^\d+$/.test(v)) throw new ScenarioError(`${cmd}: cpu=${v}: not a number`);
    cpu = Number(v);
    i = 1;
  }
  const sym = words[i];
  if (!sym) throw new ScenarioError(`usage: ${usage}`);
  if (words.length - i - 1 > 8) throw new ScenarioError(`${cmd}: at most 8 arguments`);
  const temps: bigint[] = [];
  const args: bigint[] = [];
  for (const a of words.slice(i + 1)) {
    if (a.quoted || a.text.startsWith('hex:')) {
      const bytes = bytesOf(a, cmd);
      const data = a.quoted ? Uint8Array.from([...bytes, 0]) : bytes;
      const p = k.slab.kmalloc(Math.max(1, data.length));
      k.machine.write(p, data);
      temps.push(p);
      args.push(p);
    } else if (a.text.startsWith('@')) {
      const b = buffersOf(k).get(a.text.slice(1));
      if (!b) throw new ScenarioError(`${cmd}: no buffer named '${a.text.slice(1)}' (create it with buf)`);
      args.push(b.addr);
    } else if (a.text === '$ret') {
      args.push(c.ret);
    } else if (/^-?(0x[0-9a-fA-F]+|\d+)$/.test(a.text)) {
      const neg = a.text.startsWith('-');
      const v = BigInt(neg ? a.text.slice(1) : a.text);
      args.push(BigInt.asUintN(64, neg ? -v : v));
    } else {
      throw new ScenarioError(`${cmd}: bad argument '${a.text}' (integer, @buffer, "text", hex:BYTES or $ret)`);
    }
  }
  // SYMBOL may also be an address (a stale function pointer, say) or $ret.
  const addr = sym.text === '$ret' ? c.ret : /^0x[0-9a-fA-F]+$/.test(sym.text) ? BigInt(sym.text) : k.kallsyms.address(sym.text);
  return { cpu, addr, name: sym.text, args, temps };
}

/** The verdict line of a call or a joined thread. */
export function outcomeText(k: Kernel, r: CallOutcome, limitText: string): string {
  if (r.ok) return `=> ${hex(r.ret)}`;
  if ('errno' in r) return `=> error: ${strerror(r.errno)}`;
  if ('fault' in r) {
    const s = k.kallsyms.lookup(r.fault.pc);
    if (s?.unloaded) return `=> oops: call into unloaded module ${s.module} at ${k.kallsyms.format(r.fault.pc)} from cpu${r.fault.cpu}`;
    const d = r.fault.address !== undefined && r.fault.kind !== 'fetch-unmapped' ? k.kallsyms.lookup(r.fault.address) : null;
    if (d?.unloaded) return `=> oops: access to freed memory of unloaded module ${d.module} (${k.kallsyms.format(r.fault.address!)}) at ${k.kallsyms.format(r.fault.pc)} on cpu${r.fault.cpu}`;
    return `=> oops: ${r.oops[0] ?? 'fault'} at ${k.kallsyms.format(r.fault.pc)} on cpu${r.fault.cpu}`;
  }
  return `=> stuck: ${limitText}`;
}

defineCommand('buf', {
  usage: 'buf NAME SIZE [hex:BYTES | "text"]',
  help: 'kernel memory named NAME, zeroed then filled',
  run(c) {
    const k = c.kernel;
    const args = c.args;
    if (args.length < 2 || args.length > 3) throw new ScenarioError('usage: buf NAME SIZE [hex:BYTES | "text"]');
    const name = args[0].text;
    const size = parseSize(args[1].text);
    if (size === null || size <= 0 || size > 4 << 20) throw new ScenarioError(`buf: ${args[1].text}: size must be 1 byte to 4M`);
    const init = args[2] ? bytesOf(args[2], 'buf') : new Uint8Array(0);
    if (init.length > size) throw new ScenarioError(`buf: ${init.length} bytes do not fit in ${size}`);
    const bufs = buffersOf(k);
    const old = bufs.get(name);
    if (old) k.slab.kfree(old.addr);
    const addr = k.slab.kmalloc(size);
    if (!addr) {
      c.out(`buf: ${name}: ${strerror(12)}`);
      return;
    }
    k.machine.write(addr, init);
    bufs.set(name, { addr, size });
  },
});

defineCommand('dump', {
  usage: 'dump NAME [LEN]',
  help: 'the buffer as one line of lowercase hex',
  run(c) {
    const args = c.texts;
    if (args.length < 1 || args.length > 2) throw new ScenarioError('usage: dump NAME [LEN]');
    const b = buffersOf(c.kernel).get(args[0]);
    if (!b) throw new ScenarioError(`dump: no buffer named '${args[0]}'`);
    let len = b.size;
    if (args[1] !== undefined) {
      const n = parseSize(args[1]);
      if (n === null) throw new ScenarioError(`dump: ${args[1]}: not a length`);
      len = Math.min(n, b.size);
    }
    c.out(Buffer.from(c.kernel.machine.read(b.addr, len)).toString('hex'));
  },
});

defineCommand('call', {
  usage: 'call [cpu=N] SYMBOL|0xADDR|$ret [ARG ...]',
  help: 'runs a function on a core until it returns; prints => 0x<x0>',
  run(c) {
    const k = c.kernel;
    const inv = parseInvocation(c, 'call', c.args, this.usage);
    const free = () => { for (const t of inv.temps) k.slab.kfree(t); };
    if (inv.cpu >= k.opts.cpus) {
      free();
      c.out(`call: cpu${inv.cpu} does not exist (the machine has ${k.opts.cpus} CPUs)`);
      return;
    }
    if (inv.addr === null) {
      free();
      c.out(`call: ${inv.name}: no such symbol`);
      c.failed();
      return;
    }
    const r = k.call(inv.addr, inv.args, { cpu: inv.cpu, comm: 'call' });
    free();
    if (r.ok) c.ret = r.ret;
    else c.failed();
    c.out(outcomeText(k, r, `${inv.name} did not return within ${k.opts.callLimit} cycles`));
  },
});

defineCommand('addr', {
  usage: 'addr SYMBOL',
  help: "prints a symbol's address and keeps it in $ret (a function pointer to call later)",
  run(c) {
    if (c.texts.length !== 1) throw new ScenarioError('usage: addr SYMBOL');
    const a = c.kernel.kallsyms.address(c.texts[0]);
    if (a === null) {
      c.out(`addr: ${c.texts[0]}: no such symbol`);
      return;
    }
    c.ret = a;
    c.out(`=> ${hex(a)}`);
  },
});

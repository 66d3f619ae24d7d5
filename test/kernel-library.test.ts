// The kernel library ported from Linux 6.1 into the kernel core (sk_buffs, netlink's kernel
// side and netlink attributes, crypto transforms, IDR, rhashtable, CPU hotplug states), used by
// a module the way network and crypto modules use it (modules/examples/netbits): each result
// is what Linux computes, and loading and unloading leaves the allocators as they were.
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { messages, outputOf } from './helpers.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { Console } from '../tools/console.ts';
import type { Kernel } from '../kernel/kernel.ts';

const NETBITS = join(REPO_ROOT, 'modules', 'examples', 'netbits', 'netbits.ko');

describe('the kernel library at work (netbits)', () => {
  it('prints what Linux computes, and memory comes back', () => {
    const out: string[] = [];
    const c = new Console({ baseDir: REPO_ROOT, write: (s) => out.push(s) });
    c.exec('boot cpus=2');
    const k = c.kernel as Kernel;
    const acct = () => ({ slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages });
    const round = () => { c.exec(`insmod ${NETBITS}`); c.exec('rmmod netbits'); };
    round();
    const base = acct();
    c.exec('dmesg -C');
    out.length = 0;
    round();
    expect(acct()).toEqual(base);
    c.exec('dmesg');
    const m = messages(out.join('\n').split('\n')).filter((l) => l.startsWith('netbits: ') && !/taints|verification/.test(l));
    expect(m).toEqual([
      "netbits: skb len 27 headroom 28 data 'HDR:kmodlab netbits payload'",
      'netbits: skb checksum a13f',
      'netbits: clone shares data 1, cloned 1',
      "netbits: clone after pull+expand: len 23 headroom 96 own data 1, original 'HDR:'",
      'netbits: queue length 2',
      "netbits: dequeued len 27 'HDR:kmodlab netbits payload'",
      "netbits: dequeued len 7 'kmodlab'",
      'netbits: netlink message 1: answer=42',
      'netbits: netlink_unicast to the kernel socket: 36',
      'netbits: netlink_unicast to port 4242: -111',
      'netbits: netlink_broadcast to group 1: -3, listeners 0',
      'netbits: crc32c (crc32c-generic) digest of "123456789": 0, crc 0xe3069283',
      'netbits: idr ids 100 101 102, freed 101, next 101, find(102) is objs[2]: 1',
      'netbits: rhashtable inserted 64: 0, found 64, 1723 is objs[42]',
      'netbits: hotplug state set up, startup ran for 2 CPUs',
      'netbits: hotplug state removed, 0 CPUs left',
    ]);
    expect(messages(out.join('\n').split('\n')).filter((l) => /Oops|BUG|WARNING/.test(l))).toEqual([]);
    k.close();
  });
});

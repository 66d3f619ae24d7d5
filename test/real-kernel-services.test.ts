// Kernel services Debian's modules wait for, ported from Linux 6.1 into the kernel core:
// TCP congestion control, netfilter's hooks, loggers and matches, the textsearch and XOR
// libraries, notifier chains, kernel-mode NEON. Each family is checked the way a user sees it:
// Debian's own .ko files load with modprobe, show in lsmod and their /proc, /sys and debugfs
// files, take their parameters, unload, and leave memory as it was.
import { describe, it, expect } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { scenario, messages, outputOf } from './helpers.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { Console } from '../tools/console.ts';
import type { Kernel } from '../kernel/kernel.ts';

const REAL = join(REPO_ROOT, 'build', 'real-modules');
const have = existsSync(join(REAL, '.stamp'));
const BOOT = `boot cpus=2 symvers=${join(REAL, 'Module.symvers')} moddir=${join(REAL, 'modules')}`;

const of = outputOf;

const run = (lines: string[]) => scenario([BOOT, ...lines].join('\n') + '\n', { echo: true });

describe.skipIf(!have)('Debian modules on ported kernel services', () => {
  it('TCP congestion control modules register, take parameters and unregister', () => {
    const r = run([
      'modprobe tcp_vegas alpha=3 beta=5', 'modprobe tcp_westwood', 'modprobe tcp_bic',
      'cat /sys/module/tcp_vegas/parameters/alpha', 'cat /sys/module/tcp_vegas/parameters/beta',
      'cat /sys/module/tcp_vegas/parameters/gamma', 'lsmod', 'rmmod tcp_vegas tcp_westwood tcp_bic', 'lsmod', 'dmesg',
    ]);
    expect(r.status).toBe(0);
    expect(of(r.out, 'cat /sys/module/tcp_vegas/parameters/alpha')).toEqual(['3']);
    expect(of(r.out, 'cat /sys/module/tcp_vegas/parameters/beta')).toEqual(['5']);
    expect(of(r.out, 'cat /sys/module/tcp_vegas/parameters/gamma')).toEqual(['1']);
    expect(of(r.out, 'lsmod').map((l) => l.split(/\s+/)[0])).toEqual(['Module', 'tcp_bic', 'tcp_westwood', 'tcp_vegas']);
    expect(of(r.out, 'rmmod tcp_vegas tcp_westwood tcp_bic')).toEqual([]);
    expect(of(r.out, 'lsmod', 1)).toEqual(['Module                  Size  Used by']);
    expect(messages(of(r.out, 'dmesg')).filter((l) => /Oops|BUG|WARNING|Unknown symbol/.test(l))).toEqual([]);
  });

  it('netfilter matches and targets register on x_tables; loggers appear in /proc/net/netfilter/nf_log', () => {
    const r = run([
      'cat /proc/net/netfilter/nf_log', 'modprobe xt_tcpudp', 'modprobe xt_multiport', 'modprobe ebt_ip',
      'modprobe nf_log_syslog', 'modprobe xt_LOG', 'cat /proc/net/netfilter/nf_log', 'lsmod',
      'rmmod xt_LOG nf_log_syslog xt_tcpudp xt_multiport ebt_ip x_tables', 'cat /proc/net/netfilter/nf_log', 'lsmod', 'dmesg',
    ]);
    const nflog = of(r.out, 'cat /proc/net/netfilter/nf_log');
    expect(nflog).toHaveLength(11); // NFPROTO_NUMPROTO in the kernel (DECnet's 12 is gone)
    expect(nflog.every((l) => / NONE \(\)$/.test(l))).toBe(true);
    const loaded = of(r.out, 'cat /proc/net/netfilter/nf_log', 1);
    expect(loaded[2]).toBe(' 2 nf_log_ipv4 (nf_log_ipv4)');
    expect(loaded[3]).toBe(' 3 nf_log_arp (nf_log_arp)');
    expect(of(r.out, 'lsmod').find((l) => l.startsWith('x_tables'))).toMatch(/^x_tables +\d+  4 /);
    expect(of(r.out, 'rmmod xt_LOG nf_log_syslog xt_tcpudp xt_multiport ebt_ip x_tables')).toEqual([]);
    expect(of(r.out, 'cat /proc/net/netfilter/nf_log', 2)).toEqual(nflog);
    expect(of(r.out, 'lsmod', 1)).toEqual(['Module                  Size  Used by']);
    expect(messages(of(r.out, 'dmesg')).filter((l) => /Oops|BUG|WARNING/.test(l))).toEqual([]);
  });

  it('iptables and ebtables tables register: socket options, tables in vmalloc memory, and capable() for root', () => {
    const r = run(['modprobe iptable_filter', 'modprobe iptable_raw', 'modprobe ip6table_filter', 'modprobe ebtable_filter', 'lsmod',
      'rmmod ebtable_filter ebtables', 'rmmod iptable_filter iptable_raw ip6table_filter ip6_tables ip_tables x_tables', 'lsmod', 'dmesg']);
    const lsmod = of(r.out, 'lsmod');
    expect(lsmod.find((l) => l.startsWith('ebtables '))).toMatch(/^ebtables +\d+  1 ebtable_filter$/);
    expect(of(r.out, 'rmmod ebtable_filter ebtables')).toEqual([]);
    expect(lsmod.find((l) => l.startsWith('ip_tables '))).toMatch(/^ip_tables +\d+  2 iptable_\w+,iptable_\w+$/);
    expect(lsmod.find((l) => l.startsWith('ip6_tables '))).toMatch(/^ip6_tables +\d+  1 ip6table_filter$/);
    expect(of(r.out, 'rmmod iptable_filter iptable_raw ip6table_filter ip6_tables ip_tables x_tables')).toEqual([]);
    expect(of(r.out, 'lsmod', 1)).toEqual(['Module                  Size  Used by']);
    expect(messages(of(r.out, 'dmesg')).filter((l) => /Oops|BUG|WARNING|Unknown symbol/.test(l))).toEqual([]);
  });

  it('the XOR library calibrates with kernel-mode NEON; textsearch algorithms and notifier chains register', () => {
    const r = run([
      'modprobe xor', 'modprobe ts_kmp', 'modprobe ts_bm', 'modprobe pm-notifier-error-inject',
      'ls /sys/kernel/debug/notifier-error-inject/pm/actions', 'ls /sys/firmware', 'lsmod',
      'rmmod xor xor_neon ts_kmp ts_bm pm_notifier_error_inject notifier_error_inject', 'lsmod', 'dmesg',
    ]);
    expect(of(r.out, 'ls /sys/kernel/debug/notifier-error-inject/pm/actions')).toEqual(['PM_HIBERNATION_PREPARE', 'PM_RESTORE_PREPARE', 'PM_SUSPEND_PREPARE']);
    expect(of(r.out, 'ls /sys/firmware')).toEqual([]);
    const m = messages(of(r.out, 'dmesg'));
    expect(m).toContain('xor: measuring software checksum speed');
    expect(m.some((l) => /^xor: using function: \S+ \(\d+ MB\/sec\)$/.test(l))).toBe(true);
    expect(m.filter((l) => /Oops|BUG|WARNING/.test(l))).toEqual([]);
    expect(of(r.out, 'lsmod', 1)).toEqual(['Module                  Size  Used by']);
  });

  it('netlink users, ip_set with its types, and crypto users (libcrc32c, lz4) load and unload', () => {
    const r = run([
      'modprobe ip_set_hash_ip', 'modprobe ip_set_bitmap_port', 'modprobe xt_set', 'modprobe nfnetlink_acct',
      'modprobe libcrc32c', 'modprobe lz4', 'lsmod',
      'rmmod xt_set ip_set_hash_ip ip_set_bitmap_port ip_set nfnetlink_acct nfnetlink libcrc32c lz4 x_tables', 'lsmod', 'dmesg',
    ]);
    const lsmod = of(r.out, 'lsmod');
    expect(lsmod.find((l) => l.startsWith('nfnetlink '))).toMatch(/^nfnetlink +\d+  2 (ip_set,nfnetlink_acct|nfnetlink_acct,ip_set)$/);
    expect(lsmod.find((l) => l.startsWith('ip_set '))).toMatch(/^ip_set +\d+  3 /);
    expect(lsmod.map((l) => l.split(/\s+/)[0]).sort()).toEqual(['Module', 'ip_set', 'ip_set_bitmap_port', 'ip_set_hash_ip',
      'libcrc32c', 'lz4', 'lz4_compress', 'nfnetlink', 'nfnetlink_acct', 'x_tables', 'xt_set']);
    expect(of(r.out, 'rmmod xt_set ip_set_hash_ip ip_set_bitmap_port ip_set nfnetlink_acct nfnetlink libcrc32c lz4 x_tables')).toEqual([]);
    expect(of(r.out, 'lsmod', 1).slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['lz4_compress']);
    const m = messages(of(r.out, 'dmesg'));
    expect(m.filter((l) => /Oops|BUG|WARNING|Unknown symbol/.test(l))).toEqual([]);
  });

  it('traffic control: qdiscs, actions and ematches register with the packet scheduler and unregister', () => {
    const r = run([
      'cat /proc/net/psched', 'modprobe sch_prio', 'modprobe sch_hfsc', 'modprobe sch_codel', 'modprobe act_gact', 'modprobe act_simple',
      'modprobe em_u32', 'modprobe act_vlan', 'modprobe act_mpls', 'lsmod',
      'rmmod sch_prio sch_hfsc sch_codel act_gact act_simple em_u32 act_vlan act_mpls', 'lsmod', 'dmesg',
    ]);
    // NSEC_PER_USEC, PSCHED_TICKS2NS(1), 1000000, and NSEC_PER_SEC / hrtimer_resolution (a jiffy at HZ=250 here)
    expect(of(r.out, 'cat /proc/net/psched')).toEqual(['000003e8 00000040 000f4240 000000fa']);
    expect(of(r.out, 'lsmod').map((l) => l.split(/\s+/)[0]).sort()).toEqual(['Module', 'act_gact', 'act_mpls', 'act_simple', 'act_vlan', 'em_u32', 'sch_codel', 'sch_hfsc', 'sch_prio']);
    expect(of(r.out, 'rmmod sch_prio sch_hfsc sch_codel act_gact act_simple em_u32 act_vlan act_mpls')).toEqual([]);
    expect(of(r.out, 'lsmod', 1)).toEqual(['Module                  Size  Used by']);
    const m = messages(of(r.out, 'dmesg'));
    expect(m).toContain('GACT probability on');
    expect(m).toContain('Simple TC action Loaded');
    expect(m.filter((l) => /Oops|BUG|WARNING|Unknown symbol/.test(l))).toEqual([]);
  });

  it('gives memory back: loading and unloading the families twice leaves the allocators as they were', () => {
    const c = new Console({ baseDir: REPO_ROOT, write: () => {} });
    const round = () => {
      for (const l of ['modprobe tcp_vegas alpha=4', 'modprobe xt_tcpudp', 'modprobe nf_log_syslog', 'modprobe ts_kmp', 'modprobe pm-notifier-error-inject',
        'rmmod tcp_vegas xt_tcpudp nf_log_syslog ts_kmp pm_notifier_error_inject notifier_error_inject x_tables',
        'modprobe ip_set_hash_ip', 'modprobe libcrc32c', 'modprobe lz4', 'modprobe arpt_mangle',
        'rmmod ip_set_hash_ip ip_set nfnetlink libcrc32c lz4 lz4_compress arpt_mangle arp_tables x_tables',
        'modprobe sch_hfsc', 'modprobe act_gact', 'rmmod sch_hfsc act_gact']) c.exec(l);
    };
    c.exec(BOOT);
    round();
    const k = c.kernel as Kernel;
    const acct = () => ({ slab: k.slab.stats(), pages: k.pages.allocated, vmalloc: k.vmalloc.pages, modules: k.modarea.pages });
    const base = acct();
    round();
    expect(acct()).toEqual(base);
    k.close();
  });
});

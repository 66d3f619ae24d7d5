// Booting (init/main.c start_kernel, in the order this machine needs): the kernel image
// built from kernel/core is copied into RAM and mapped, its symbols, exports and service stubs
// are read, memory allocators and per-CPU areas set up, the kernel record built, and the
// built-in modules' initcalls run.
import { readFileSync, existsSync, readdirSync, statSync, openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import { Machine, PROT } from '../emu/machine.ts';
import { Scheduler } from '../emu/scheduler.ts';
import { DEFAULT_COST } from '../emu/cost.ts';
import {
  KIMAGE_VADDR, MODULES_VADDR, MODULES_END, VMALLOC_START, VMALLOC_END, PAGE_SIZE,
  pageAlignUp, CALL_SENTINEL,
} from '../emu/address-map.ts';
import { REPO_ROOT } from '../emu/unicorn.ts';
import { parseKernelImage, type ElfFile, SHF_ALLOC, SHT_NOBITS, STT_FUNC, STT_OBJECT, STT_NOTYPE, STB_LOCAL, STT_SECTION, STT_FILE } from './elf.ts';
import { PageAllocator } from './mm/page_alloc.ts';
import { Slab } from './mm/slab.ts';
import { VmallocSpace } from './mm/vmalloc.ts';
import { PerCpu } from './mm/percpu.ts';
import type { KSym } from './kallsyms.ts';
import type { KernelSymbolExport } from './module/module.ts';
import { Rng } from './random.ts';
import { Timers } from './timers.ts';
import { interruptible } from './softirq.ts';
import { SCHEME_ID } from './module/refcount.ts';
import { SERVICES } from './services.ts';
import { LINUX_BANNER } from './utsrelease.ts';
import { Kernel, UTS_RELEASE, type BootOptions, type KernelOptions, type TaskLayout } from './kernel.ts';
import { fixup_exception } from './extable.ts';
import { KTHREADS, threadExit, threadFault, wakeWaiters } from './kthread.ts';
import { initInterrupts, startIdleTasks } from './irq.ts';
import { trap } from './traps.ts';
import { do_initcalls } from './initcalls.ts';
import { initMachineData } from './machine-data.ts';
import { loadSystemCertificates, certificatesIn } from './crypto/system_keyring.ts';
import { read_ksymtab, SIZEOF_KERNEL_SYMBOL } from './module/lookup.ts';

/** Boots a machine with the kernel image: the running kernel. */
export function boot(options: BootOptions = {}): Kernel {
  const opts: KernelOptions = {
    cpus: options.cpus ?? 4,
    mem: options.mem ?? 256 << 20,
    seed: options.seed ?? 1,
    image: options.image ?? join(REPO_ROOT, 'build', 'kernel', 'vmlinux'),
    modulePlacement: options.modulePlacement ?? 'auto',
    moduleUnload: options.moduleUnload ?? true,
    moduleKallsyms: options.moduleKallsyms ?? true,
    tlb: options.tlb ?? false,
    moduleSig: options.moduleSig ?? true,
    moduleSigEnforce: options.moduleSigEnforce ?? false,
    trustedKeys: options.trustedKeys ?? debianKernelImage() ?? '',
    blacklist: options.blacklist ?? [],
    slice: options.slice ?? 10_000,
    tick: options.tick ?? options.slice ?? 10_000,
    callLimit: options.callLimit ?? 200_000_000,
    initcallDebug: options.initcallDebug ?? false,
    preempt: options.preempt ?? 'none',
    refcount: options.refcount ?? 'atomic',
    sync: options.sync ?? 'classic',
    quarantine: options.quarantine ?? 0,
    atomics: options.atomics ?? 'mixed',
  };
  const cost = { ...DEFAULT_COST, ...options.cost };
  const rng = new Rng(opts.seed);
  if (!existsSync(opts.image)) {
    throw new Error(`kernel image ${opts.image} not found: run 'make kernel'`);
  }
  const parsed = kernelImage(opts.image);
  const image = parsed.elf;
  const machine = new Machine({
    cpus: opts.cpus, memBytes: opts.mem, transferCycles: cost.lineTransferCycles,
    tlb: opts.tlb ? { l2HitCycles: cost.tlbL2HitCycles, walkLevelCycles: cost.tlbWalkLevelCycles } : undefined,
  });
  const sched = new Scheduler(machine, { slice: opts.slice, tick: opts.tick });
  const timers = new Timers(sched);

  const img = loadImage(machine, parsed);
  const sym = (name: string) => {
    const v = img.syms.get(name);
    if (v === undefined) throw new Error(`kernel image has no symbol ${name}`);
    return v;
  };
  const services = findServices(img.syms, img.funcs);
  const pages = new PageAllocator(img.imageBytes / PAGE_SIZE, machine.usableRam / PAGE_SIZE);
  const slab = new Slab(machine, pages);
  slab.quarantineLimit = opts.quarantine;
  const vmalloc = new VmallocSpace(machine, pages, VMALLOC_START, VMALLOC_END, 'vmalloc');
  const modarea = new VmallocSpace(machine, pages, MODULES_VADDR, MODULES_END, 'module');
  // setup_per_cpu_areas
  const percpu = new PerCpu(machine, pages, opts.cpus, sym('__per_cpu_start'), sym('__per_cpu_end'), sym('__per_cpu_offset'), img.syms.get('cpu_number'));
  const word = (name: string) => machine.readU64(sym(name));
  const task: TaskLayout = {
    size: Number(word('kmodlab_task_struct_size')),
    pid: word('kmodlab_task_pid_offset'),
    comm: word('kmodlab_task_comm_offset'),
    nsproxy: word('kmodlab_task_nsproxy_offset'),
    initNsproxy: sym('init_nsproxy'),
    stackCanary: word('task_stack_canary_offset'),
    preemptCount: word('kmodlab_thread_info_preempt_count_offset'),
    cpu: word('kmodlab_thread_info_cpu_offset'),
    state: word('kmodlab_task_state_offset'),
    usage: word('kmodlab_task_usage_offset'),
    workerPrivate: word('kmodlab_task_worker_private_offset'),
    flags: word('kmodlab_task_flags_offset'),
    cred: word('kmodlab_task_cred_offset'),
    realCred: word('kmodlab_task_real_cred_offset'),
    initCred: sym('init_cred'),
  };

  const k = new Kernel({
    opts, cost, rng, image, machine, sched, timers, pages, slab, vmalloc, modarea, percpu,
    syms: img.syms, services, task, kthreads: KTHREADS,
  });
  sched.events = {
    exit: (t) => threadExit(k, t),
    fault: (t, f) => threadFault(k, t, f),
    fixup: (core, _t, f) => fixup_exception(k, core, f),
    round: () => {
      timers.expire(sched.clock);
      wakeWaiters(k);
    },
    idle: (end) => wakeWaiters(k) || timers.idle(end),
    interruptible: (core, t) => interruptible(k, core, t),
  };
  machine.trapHandler = (core, t) => trap(k, core, t);
  k.kallsyms.add(null, img.ksyms, [[KIMAGE_VADDR, KIMAGE_VADDR + BigInt(img.imageBytes)]]);
  // Host-started calls return here; name it like the kthread exit path it stands for.
  k.kallsyms.add(null, [{ addr: CALL_SENTINEL, size: PAGE_SIZE, name: 'ret_to_host', type: 'T' }], [[CALL_SENTINEL, CALL_SENTINEL + BigInt(PAGE_SIZE)]]);
  readExports(k, img);

  machine.writeU32(k.symbol('module_refcount_scheme'), SCHEME_ID[opts.refcount]);
  // module.sig_enforce= on the command line sets the parameter (kernel/core/signing.c).
  if (opts.moduleSigEnforce) machine.write(k.symbol('sig_enforce'), new Uint8Array([1]));
  initMachineData(k);
  initInterrupts(k);
  applyAtomics(k);
  bootMessages(k);
  if (opts.trustedKeys) k.trustedKeys = loadSystemCertificates(certificatesIn(opts.trustedKeys), k);
  do_initcalls(k, { initcallDebug: opts.initcallDebug });
  startIdleTasks(k);
  return k;
}

/** ARM64_HAS_LSE_ATOMICS in Debian 6.1's generated cpucaps.h. */
const ARM64_HAS_LSE_ATOMICS = 26;

/**
 * boot atomics=: 'llsc' clears the LSE capability, so no module is patched for it; 'lse' runs the
 * core's kmodlab_apply_boot_alternatives() over the image with its text writable for the call
 * (arm64 Linux patches through a writable alias), and every core drops its translated code.
 */
function applyAtomics(k: Kernel) {
  const m = k.machine;
  if (k.opts.atomics === 'llsc') {
    const caps = k.symbol('cpu_hwcaps');
    m.writeU64(caps, m.readU64(caps) & ~(1n << BigInt(ARM64_HAS_LSE_ATOMICS)));
  } else if (k.opts.atomics === 'lse') {
    const text = m.mappings().find((x) => x.name === 'kernel text')!;
    m.protect(text.va, text.size, PROT.RWX);
    const r = k.call(k.symbol('kmodlab_apply_boot_alternatives'), [], { cpu: 0, comm: 'swapper/0' });
    m.protect(text.va, text.size, PROT.RX);
    if (!r.ok) throw new Error('boot atomics=lse: patching the image\'s alternatives failed');
  }
}

/** Debian's kernel image of the release its modules were fetched for (make real-modules). */
function debianKernelImage(): string | undefined {
  const dir = join(REPO_ROOT, 'build', 'real-modules', 'root', 'boot');
  if (!existsSync(dir)) return undefined;
  const image = readdirSync(dir).find((f) => f.startsWith('vmlinuz-'));
  return image ? join(dir, image) : undefined;
}

interface LoadedImage {
  elf: ElfFile;
  syms: Map<string, bigint>;
  funcs: Set<string>;
  /** The image's symbols as kallsyms lists them. */
  ksyms: KSym[];
  /** Bytes of RAM the image occupies from physical 0 (page aligned). */
  imageBytes: number;
  textBytes: number;
  /** What goes into RAM: each allocated section's bytes (null: zeroes) at its physical address. */
  chunks: { pa: number; size: number; data: Uint8Array | null }[];
}

// A process boots many machines from one image (tests, explore, bulk): the image is read and its
// symbol tables built once per file version. Nothing here is changed by a running kernel.
const images = new Map<string, { stamp: string; image: LoadedImage }>();

function kernelImage(path: string): LoadedImage {
  const st = statSync(path);
  const stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  const hit = images.get(path);
  if (hit?.stamp === stamp) return hit.image;
  const image = readImage(parseKernelImage(readLoadable(path)));
  images.set(path, { stamp, image });
  return image;
}

/**
 * The image file with only what boot reads filled in: the ELF and section headers, allocated
 * sections, symbol and string tables. Debug information (most of the file under -g) stays
 * zero pages of a buffer never touched. Anything malformed reads the whole file, for the
 * parser's own messages.
 */
function readLoadable(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(size);
    const fill = (off: number, len: number) => {
      if (off < 0 || len < 0 || off + len > size) throw new RangeError('outside the file');
      for (let done = 0; done < len;) {
        const n = readSync(fd, buf, off + done, len - done, off + done);
        if (n <= 0) throw new RangeError('short read');
        done += n;
      }
    };
    try {
      fill(0, Math.min(64, size));
      if (size < 64 || buf.readUInt32BE(0) !== 0x7f454c46 || buf[4] !== 2) return readFileSync(path);
      const shoff = Number(buf.readBigUInt64LE(0x28)), shentsize = buf.readUInt16LE(0x3a), shnum = buf.readUInt16LE(0x3c);
      fill(shoff, shentsize * shnum);
      for (let i = 0; i < shnum; i++) {
        const h = shoff + i * shentsize;
        const type = buf.readUInt32LE(h + 4), flags = buf.readBigUInt64LE(h + 8);
        const off = Number(buf.readBigUInt64LE(h + 0x18)), sz = Number(buf.readBigUInt64LE(h + 0x20));
        // SHT_SYMTAB 2, SHT_STRTAB 3, SHT_NOBITS 8
        if (type === SHT_NOBITS || !(type === 2 || type === 3 || flags & BigInt(SHF_ALLOC))) continue;
        fill(off, sz);
      }
      return buf;
    } catch (e) {
      if (e instanceof RangeError) return readFileSync(path);
      throw e;
    }
  } finally {
    closeSync(fd);
  }
}

function readImage(elf: ElfFile): LoadedImage {
  const syms = new Map<string, bigint>();
  const funcs = new Set<string>();
  let end = 0n;
  const ksyms: KSym[] = [];
  for (const s of elf.symbols()) {
    if (!s.name || s.type === STT_SECTION || s.type === STT_FILE) continue;
    if (s.value < KIMAGE_VADDR) continue;
    syms.set(s.name, s.value);
    if (s.type === STT_FUNC) funcs.add(s.name);
    if (s.name.startsWith('$')) continue;
    const sec = elf.sections[s.shndx];
    let type = 'D';
    if (sec && sec.flags & 0x4) type = 'T';
    else if (sec && sec.type === SHT_NOBITS) type = 'B';
    else if (sec && !(sec.flags & 0x1)) type = 'R';
    if (s.bind === STB_LOCAL) type = type.toLowerCase();
    if (s.type === STT_FUNC || s.type === STT_OBJECT || s.type === STT_NOTYPE) {
      ksyms.push({ addr: s.value, size: Number(s.size), name: s.name, type });
    }
  }
  const chunks: LoadedImage['chunks'] = [];
  for (const sec of elf.sections) {
    if (!(sec.flags & SHF_ALLOC) || sec.addr < KIMAGE_VADDR) continue;
    const e = sec.addr + sec.size;
    if (e > end) end = e;
    const pa = Number(sec.addr - KIMAGE_VADDR);
    chunks.push({ pa, size: Number(sec.size), data: sec.type === SHT_NOBITS ? null : elf.sectionData(sec.index) });
  }
  const imageBytes = pageAlignUp(Number(end - KIMAGE_VADDR));
  const etext = syms.get('_etext');
  if (etext === undefined) throw new Error('kernel image has no _etext symbol');
  const textBytes = pageAlignUp(Number(etext - KIMAGE_VADDR));
  // in kallsyms' order, so that each boot's sort of its copy is a linear pass
  ksyms.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : a.name < b.name ? -1 : 1));
  return { elf, syms, funcs, ksyms, imageBytes, textBytes, chunks };
}

/** Copies the image's allocated sections into RAM and maps text RX, rodata R, the rest RW. */
function loadImage(machine: Machine, img: LoadedImage): LoadedImage {
  // Copy before mapping so every core sees the final bytes when it first translates.
  for (const c of img.chunks) {
    if (c.data) machine.ram.bytes.set(c.data, c.pa);
    else machine.ram.bytes.fill(0, c.pa, c.pa + c.size);
  }
  const { textBytes, imageBytes } = img;
  machine.map(KIMAGE_VADDR, 0, textBytes, PROT.RX, 'kernel text');
  // [__start_rodata, __end_rodata): page aligned by the linker script, read-only as arm64 maps it
  // (.data..ro_after_init sits in .data here, writable).
  const ro0 = img.syms.get('__start_rodata'), ro1 = img.syms.get('__end_rodata');
  let at = textBytes;
  if (ro0 !== undefined && ro1 !== undefined && Number(ro0 - KIMAGE_VADDR) === textBytes && ro1 > ro0) {
    const roBytes = Number(ro1 - ro0);
    machine.map(ro0, textBytes, roBytes, PROT.R, 'kernel rodata');
    at += roBytes;
  }
  if (imageBytes > at) machine.map(KIMAGE_VADDR + BigInt(at), at, imageBytes - at, PROT.RW, 'kernel data');
  return img;
}

/** The kernel image's exports (__ksymtab, __ksymtab_gpl and their CRCs), read once per image. */
const exportsOf = new WeakMap<LoadedImage, KernelSymbolExport[]>();

function readExports(k: Kernel, img: LoadedImage) {
  let all = exportsOf.get(img);
  if (!all) {
    all = [];
    const table = (start: string, stop: string, crcStart: string, gpl: boolean) => {
      if (!k.hasSymbol(start) || !k.hasSymbol(stop)) return;
      const s = k.symbol(start), n = Number(k.symbol(stop) - s) / SIZEOF_KERNEL_SYMBOL;
      const crcs = k.hasSymbol(crcStart) ? k.symbol(crcStart) : undefined;
      all!.push(...read_ksymtab(k, s, n, crcs, gpl, null));
    };
    table('__start___ksymtab', '__stop___ksymtab', '__start___kcrctab', false);
    table('__start___ksymtab_gpl', '__stop___ksymtab_gpl', '__start___kcrctab_gpl', true);
    exportsOf.set(img, all);
  }
  // each kernel its own entries: boot symvers= rewrites their CRCs
  // Never changed, only replaced: a machine checkpoint need not record them.
  for (const e of all) k.kernelExports.set(e.name, Object.freeze({ ...e }));
}

/** The service stubs (functions in .text.services) and their TypeScript implementations. */
function findServices(syms: Map<string, bigint>, funcs: Set<string>): Map<bigint, string> {
  const services = new Map<bigint, string>();
  const start = syms.get('__services_start'), end = syms.get('__services_end');
  if (start === undefined || end === undefined) throw new Error('kernel image has no __services_start/__services_end');
  for (const [name, addr] of syms) {
    if (addr >= start && addr < end && funcs.has(name)) services.set(addr, name);
  }
  for (const name of services.values()) {
    if (!SERVICES[name]) throw new Error(`kernel service ${name} has a stub in the image but no TypeScript implementation`);
  }
  return services;
}

function bootMessages(k: Kernel) {
  const mib = (n: number) => Math.floor(n / 1024);
  k.printk(`<5>${LINUX_BANNER}`);
  k.printk(`<6>Machine model: kmodlab virtual ARMv8.1 (${k.opts.cpus} cores, Unicorn MAX CPU)\n`);
  k.printk(`<6>Memory: ${mib(k.pages.freePages * PAGE_SIZE)}K/${mib(k.opts.mem)}K available (${mib(k.pages.firstPfn * PAGE_SIZE)}K kernel image)\n`);
  k.printk(`<6>smp: Brought up 1 node, ${k.opts.cpus} CPU${k.opts.cpus > 1 ? 's' : ''}\n`);
}

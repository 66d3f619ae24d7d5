// load_module() and delete_module(), after Linux 6.1 kernel/module/main.c: the same steps in
// the same order, the same messages and errno values. Each step that Linux keeps in its own
// file has its own file here (version.ts, params.ts, sysfs via procfs.ts, kallsyms).
import {
  parseElf, ElfError, type ElfFile, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS, SHT_RELA, SHT_NOTE, SHN_UNDEF, SHN_ABS,
  SHN_COMMON, SHF_RO_AFTER_INIT, STB_WEAK, STB_LOCAL, STT_SECTION, STT_FILE, STT_FUNC, STT_OBJECT, STT_NOTYPE, SHN_LIVEPATCH, find_sec,
  get_modinfo,
} from '../elf.ts';
import { PROT, GuestAccessError } from '../../emu/machine.ts';
import { hostOops } from '../oops.ts';
import type { Kernel, CallOutcome } from '../kernel.ts';
import { find_symbol, findModule, read_ksymtab, SIZEOF_KERNEL_SYMBOL } from './lookup.ts';
import { KernelError, ENOEXEC, EPERM, EEXIST, EBUSY, ENOENT, ENOMEM, EWOULDBLOCK, EINVAL, EINTR, ENOSYS } from '../errno.ts';
import { try_module_get, module_put, module_refcount, module_unload_init, module_unload_free, try_release_module_ref, restore_module_ref } from './refcount.ts';
import { synchronize_kernel } from '../synchronize.ts';
import { TAINT } from '../taint.ts';
import type { KSym } from '../kallsyms.ts';
import { Module, MODULE_STATE, STRUCT_MODULE, MODULE_NAME_LEN, type ModuleRegion, type ModuleState, type KernelSymbolExport } from './module.ts';
import { layout_sections, is_core_symbol, INIT_OFFSET_MASK, type Layout, type LayoutOptions } from './layout.ts';
import { choosePlacement } from './placement.ts';
import { module_frob_arch_sections } from './module-plts.ts';
import { type ModArchSpecific } from '../arch/arm64/module.ts';
import { apply_relocations } from './relocate-arm64.ts';
import { type RelocMemory } from '../arch/arm64/module.ts';
import { check_version, check_modstruct_version, same_magic, try_to_force_load, VERMAGIC_STRING } from './version.ts';
import { parse_args, destroy_params, readParams, SetterDied } from './params.ts';
import { modinfoEntries } from './modinfo.ts';
import { module_sig_check } from './signing.ts';
import { module_finalize } from './arch.ts';
import { LoadInfo, type LoadFlags } from './load_info.ts';
import type { VersionCtx } from './version.ts';

export { find_symbol };

/** brk immediate filling freed module memory that stays mapped (kmalloc placement). */
export const BRK_FREED_MODULE = 0xdead;
export const BRK_FREED_MODULE_INSN = 0xd4200000 | (BRK_FREED_MODULE << 5);

export type { LoadFlags } from './load_info.ts';

/**
 * Thrown when the module's init (or exit) oopsed: the insmod process is killed, the module stays
 * COMING. Or when it never returned: `stuck` names the task that goes on running.
 */
export class InitKilled extends Error {
  constructor(message: string, readonly stuck?: { comm: string; pid: number; cycles: number }) {
    super(message);
  }

  /** What the shell prints for the tool: a killed process, or one that has not returned. */
  report(): string {
    if (!this.stuck) return 'Segmentation fault';
    const s = this.stuck;
    return `kmodlab: ${s.comm} (pid ${s.pid}) has not returned after ${s.cycles} cycles (see dmesg); it goes on running`;
  }
}

function stuckFor(k: Kernel, e: InitKilled): InitKilled {
  if (e.stuck) e.stuck.cycles = k.opts.callLimit;
  return e;
}

function killed(r: CallOutcome): InitKilled {
  if ('stuck' in r) return new InitKilled('stuck', { comm: r.comm, pid: r.pid, cycles: 0 });
  return new InitKilled('fault' in r ? r.oops[0] ?? 'oops' : 'killed');
}


function setState(k: Kernel, mod: Module, state: ModuleState) {
  mod.state = state;
  if (mod.addr) k.machine.writeU32(mod.addr + BigInt(STRUCT_MODULE.state), MODULE_STATE[state]);
  k.events.modules?.();
}

function pr(k: Kernel, level: number, text: string) {
  k.printk(`<${level}>${text}\n`);
}


/** init_module(2) / finit_module(2): returns the module, or throws KernelError(errno). */
export function load_module(k: Kernel, image: Uint8Array, path: string, uargs: string, flags: LoadFlags = {}, cpu = 0): Module {
  // finit_module (what kmod uses): kernel_read_file refuses an empty file before any check.
  if (image.length === 0) throw new KernelError(EINVAL);
  const info = new LoadInfo(path, flags);
  module_sig_check_info(k, info, image);
  elf_validity_check(k, info);
  setup_load_info(k, info);
  early_mod_check(k, info);
  const mod = info.mod;
  try {
    layout_and_allocate(k, info);
    percpu_modalloc(k, info);
    add_unformed_module(k, info);
    // module_unload_init: the counters, with one reference held for init.
    if (module_unload_init(k, mod, cpu) === 0n) throw new KernelError(ENOMEM);
    simplify_symbols(k, info);
    apply_module_relocations(k, info);
    post_relocation(k, info);
    // module_finalize (arm64): alternatives; what every other special section gets is in arch.ts.
    module_finalize(k, info.elf, mod, cpu);
    flush_module_icache(k, mod);
    complete_formation(k, info);
    // parse_args: copied into kernel memory (mod->args), parsed in place.
    mod.params = readParams(k, info.elf, mod);
    mod.argsBuf = parse_args(k, mod, uargs, cpu);
  } catch (e) {
    charge_loader(k, info, cpu);
    // a pointer in the module's own tables that leads nowhere: insmod's oops, as the C loader's
    // data abort would be (6.1 leaves the module half-formed; kmodlab unwinds it, so its name
    // and memory are free again)
    const lines = e instanceof GuestAccessError ? hostOops(k, cpu, 'insmod', e) : null;
    // a setter that never returns still runs in the module's memory: it stays, as on Linux
    if (e instanceof SetterDied && 'stuck' in e.outcome) throw stuckFor(k, killed(e.outcome));
    unwindFailedLoad(k, mod);
    if (lines) throw new InitKilled(lines[0]);
    if (e instanceof SetterDied) throw killed(e.outcome);
    throw e;
  }
  charge_loader(k, info, cpu);
  do_init_module(k, mod, cpu);
  return mod;
}

/** The cycles of the loader's own work (emu/cost.ts: loaderCopyBytesPerCycle ...). */
export function loader_cycles(k: Kernel, w: LoadInfo['work']): number {
  const c = k.cost;
  const compares = Math.ceil(Math.log2(k.kernelExports.size + 1));
  return Math.ceil(w.copied / c.loaderCopyBytesPerCycle) + w.hashed * c.loaderHashCyclesPerByte
    + w.lookups * compares * c.loaderCompareCycles + w.relocations * c.loaderRelocationCycles;
}

function charge_loader(k: Kernel, info: LoadInfo, cpu: number) {
  const cycles = loader_cycles(k, info.work);
  if (info.mod) info.mod.loaderCycles = cycles;
  k.sched.charge(cpu, cycles);
}

/** What the version checks (version.ts) read of the load. */
function versionCtx(k: Kernel, info: LoadInfo): VersionCtx & { flags: LoadFlags } {
  return { k, elf: info.elf, mod: info.mod, versIdx: info.index.vers, flags: info.flags };
}

/** module_sig_check: strips the appended signature; forced loads count as "mangled". */
function module_sig_check_info(k: Kernel, info: LoadInfo, image: Uint8Array) {
  const flags = info.flags;
  const sig = module_sig_check(k, image, !!(flags.ignoreModversions || flags.ignoreVermagic));
  info.work.copied += image.length; // kernel_read_file
  if (sig.len < image.length) info.work.hashed += sig.len;
  info.sig_ok = sig.ok;
  info.len = sig.len;
  info.hdr = image.slice(0, sig.len); // our own copy: frob sorts RELA entries in place
}

/** elf_validity_check: the ELF reader's checks, Linux's message and errno. */
function elf_validity_check(k: Kernel, info: LoadInfo) {
  try {
    info.elf = parseElf(info.hdr);
  } catch (e) {
    if (e instanceof ElfError) {
      // 6.1 logs elf_validity_check's own reason (pr_err), not a summary line.
      pr(k, 3, e.message);
      throw new KernelError(e.errno, e.message);
    }
    throw e;
  }
  info.index.sym = info.elf.symtabIndex;
  info.index.str = info.elf.strtabIndex;
}

/**
 * kmodlab: a name that kmod's rmmod cannot spell back would make a module nothing can remove
 * (6.1 takes any name: one with '/' gets a sysfs directory with '!', one that fills name[]
 * runs into the next field, one with '-' is never what rmmod asks for). Refused before
 * anything is allocated: an empty name as kobject_add refuses it, the others as malformed.
 */
function checkModuleName(k: Kernel, name: string, unterminated: boolean, shown: string) {
  if (unterminated) {
    pr(k, 3, `${shown}: module name is not terminated within ${MODULE_NAME_LEN} bytes`);
    throw new KernelError(ENOEXEC);
  }
  if (!name) {
    pr(k, 3, `${shown || '(no name)'}: kobject: attempted to be registered with empty name!`);
    throw new KernelError(EINVAL);
  }
  if (!/^[\x21-\x7e]+$/.test(name) || /[\/\-]/.test(name) || name === '.' || name === '..') {
    pr(k, 3, `${JSON.stringify(name)}: invalid module name: rmmod could not name it (kbuild names use letters, digits and '_')`);
    throw new KernelError(ENOEXEC);
  }
}

/** setup_load_info: .gnu.linkonce.this_module, the name, the struct module being formed. */
function setup_load_info(k: Kernel, info: LoadInfo) {
  const elf = info.elf;
  const thisIdx = find_sec(elf, '.gnu.linkonce.this_module');
  const infoName = get_modinfo(elf, 'name');
  if (!thisIdx) {
    pr(k, 4, `${infoName ?? '(missing .modinfo name field)'}: No module found in object`);
    throw new KernelError(ENOEXEC);
  }
  // 6.1 does not check the section's size against struct module (6.4 does) and loads a short
  // one, its struct module running into what follows; kmodlab lays out a whole struct module
  // for it, so that no field lies outside the module's memory.
  const thisSec = elf.sections[thisIdx];
  if (thisSec.size < BigInt(STRUCT_MODULE.size)) thisSec.size = BigInt(STRUCT_MODULE.size);
  // struct module is ____cacheline_aligned; a section that says otherwise (sh_addralign 0 or 8)
  // or one that is no power of two still gets a whole line, as the refcount's line accounting needs.
  if (thisSec.addralign < 64n || (thisSec.addralign & (thisSec.addralign - 1n)) !== 0n) thisSec.addralign = 64n;
  info.index.mod = thisIdx;
  // The module is struct module's name; .modinfo's only names it in messages until then.
  const d = elf.sectionData(thisIdx).subarray(STRUCT_MODULE.name, STRUCT_MODULE.name + MODULE_NAME_LEN);
  const z = d.indexOf(0);
  const modName = Buffer.from(d.subarray(0, z < 0 ? d.length : z)).toString('latin1');
  info.name = infoName ?? modName;
  checkModuleName(k, modName, z < 0, info.name);
  const mod = new Module(modName, info.path);
  mod.sigOk = info.sig_ok;
  mod.modinfo = modinfoEntries(elf);
  info.mod = mod;
  info.index.vers = find_sec(elf, '__versions');
  info.index.info = find_sec(elf, '.modinfo');
  info.index.pcpu = find_sec(elf, '.data..percpu');
}

/** early_mod_check: blacklist, rewrite_section_headers, check_modstruct_version, check_modinfo. */
function early_mod_check(k: Kernel, info: LoadInfo) {
  const { elf, name } = info;
  // module_blacklist=
  if (k.opts.blacklist.includes(name)) {
    pr(k, 3, `Module ${name} is blacklisted`);
    throw new KernelError(EPERM);
  }
  // rewrite_section_headers: __versions and .modinfo are never copied.
  if (info.index.vers) elf.sections[info.index.vers].flags &= ~SHF_ALLOC;
  if (info.index.info) elf.sections[info.index.info].flags &= ~SHF_ALLOC;
  // MODULE_INIT_IGNORE_MODVERSIONS: pretend there is no __versions section.
  if (info.flags.ignoreModversions) info.index.vers = 0;
  const ctx = versionCtx(k, info);
  if (!check_modstruct_version(ctx)) throw new KernelError(ENOEXEC);
  check_modinfo(ctx);
}

/** layout_and_allocate: PLT sizing, the layout, the placement, move_module. */
function layout_and_allocate(k: Kernel, info: LoadInfo) {
  const { elf, mod, name, flags } = info;
  const pcpuIdx = info.index.pcpu;
  info.arch = { name };
  const frob = module_frob_arch_sections(elf, info.arch, {
    pr_err: (m) => pr(k, 3, m), moduleUnload: k.opts.moduleUnload && !flags.noUnload,
  });
  if (frob < 0) throw new KernelError(-frob);
  if (pcpuIdx) elf.sections[pcpuIdx].flags &= ~SHF_ALLOC;
  // ro_after_init data (and __jump_table) is laid out apart and made read-only after init.
  for (const name of ['.data..ro_after_init', '__jump_table']) {
    const i = find_sec(elf, name);
    if (i) elf.sections[i].flags |= SHF_RO_AFTER_INIT;
  }

  const lopts: LayoutOptions = {
    strict: true, unload: k.opts.moduleUnload && !flags.noUnload, kallsyms: k.opts.moduleKallsyms, pcpuIndex: pcpuIdx,
  };
  // The seed's placement: lay out without page alignment first; small enough → kmalloc.
  const savedFlags = elf.sections.map((s) => s.flags);
  const compact = layout_sections(elf, { ...lopts, strict: false });
  const corePlacement = choosePlacement(k.opts.modulePlacement, compact.coreSize);
  let layout: Layout = compact;
  if (corePlacement === 'vmalloc') {
    elf.sections.forEach((s, i) => { s.flags = savedFlags[i]; });
    layout = layout_sections(elf, lopts);
  }
  if (!lopts.unload) {
    for (const s of elf.sections) if (s.name.startsWith('.exit') && s.flags & SHF_ALLOC) mod.exitDiscarded += Number(s.size);
    if (mod.exitDiscarded) pr(k, 6, `${name}: .exit sections (${mod.exitDiscarded} bytes) left out`);
  }
  info.lopts = lopts;
  info.layout = layout;
  info.placement = corePlacement;

  move_module(k, info, mod, layout, corePlacement);
  info.arch.init_layout = mod.init ? { base: mod.init.base, size: BigInt(mod.init.size) } : undefined;
  mod.addr = elf.sections[info.index.mod].addr;
}

/** percpu_modalloc: the module's DEFINE_PER_CPU data in every CPU's module reserve. */
function percpu_modalloc(k: Kernel, info: LoadInfo) {
  const pcpuIdx = info.index.pcpu;
  if (!pcpuIdx) return;
  const { elf, mod } = info;
  const s = elf.sections[pcpuIdx];
  const p = k.percpu.alloc(Number(s.size), Number(s.addralign) || 8);
  if (p === null) {
    pr(k, 4, `${info.name}: Could not allocate ${s.size} bytes percpu data`);
    throw new KernelError(ENOMEM);
  }
  mod.percpu = p;
  mod.percpuSize = Number(s.size);
  s.addr = p;
}

/** add_unformed_module (EEXIST/EBUSY on a duplicate), then the unsigned-module taint. */
function add_unformed_module(k: Kernel, info: LoadInfo) {
  const { mod, name } = info;
  const old = findModule(k, name);
  if (old) {
    throw new KernelError(old.state === 'LIVE' ? EEXIST : EBUSY);
  }
  setState(k, mod, 'UNFORMED');
  k.modules.unshift(mod);
  mod.listed = true;
  k.events.modules?.();

  if (!mod.sigOk && k.opts.moduleSig) {
    if (k.once('sig')) pr(k, 5, `${name}: module verification failed: signature and/or required key missing - tainting kernel`);
    add_taint_module(k, mod, TAINT.UNSIGNED_MODULE);
  }
}

/** apply_relocations: every RELA section, then init and exit as the relocations set them. */
function apply_module_relocations(k: Kernel, info: LoadInfo) {
  const { mod } = info;
  const mem: RelocMemory = {
    read32: (a) => k.machine.readU32(a),
    write16: (a, v) => k.machine.writeU16(a, v & 0xffff),
    write32: (a, v) => k.machine.writeU32(a, v),
    write64: (a, v) => k.machine.writeU64(a, v),
  };
  const values = info.symvals;
  for (const s of info.elf.sections) {
    if (s.type === SHT_RELA && (info.elf.sections[s.info]?.flags ?? 0) & SHF_ALLOC) info.work.relocations += Number(s.size / 24n);
  }
  const err = apply_relocations(info.elf, info.arch, { mem, symbolValue: (i) => values[i], pr_err: (m) => pr(k, 3, m) });
  if (err < 0) throw new KernelError(-err);
  // init and exit are set by relocations of .gnu.linkonce.this_module.
  mod.initFn = k.machine.readU64(mod.addr + BigInt(STRUCT_MODULE.init));
  mod.exitFn = info.lopts.unload ? k.machine.readU64(mod.addr + BigInt(STRUCT_MODULE.exit)) : 0n;
  if (!info.lopts.unload) k.machine.writeU64(mod.addr + BigInt(STRUCT_MODULE.exit), 0n);
}

/** post_relocation: per-CPU copies, kallsyms, exports, the bug table (module_bug_finalize). */
function post_relocation(k: Kernel, info: LoadInfo) {
  const { elf, mod } = info;
  const pcpuIdx = info.index.pcpu;
  if (pcpuIdx) {
    const s = elf.sections[pcpuIdx];
    const data = s.type === SHT_NOBITS ? new Uint8Array(Number(s.size)) : elf.sectionData(pcpuIdx);
    for (let c = 0; c < k.opts.cpus; c++) k.machine.write(k.percpu.ptr(mod.percpu, c), data);
  }
  add_kallsyms(k, elf, mod, info.symvals, info.lopts);
  mod.kallsymsAdded = true;
  // add_sect_attrs/add_notes_attrs: what stayed SHF_ALLOC (symtab and strtab included) and is not empty.
  mod.sections = elf.sections.filter((s) => s.index > 0 && (s.flags & SHF_ALLOC) && s.size > 0n)
    .map((s) => ({ name: s.name, addr: s.addr, size: Number(s.size), note: s.type === SHT_NOTE }));
  mod.exports = readModuleExports(k, elf, mod);
  // module_bug_finalize
  const bugIdx = find_sec(elf, '__bug_table');
  if (bugIdx) mod.bugTable = { addr: elf.sections[bugIdx].addr, size: Number(elf.sections[bugIdx].size) };
  const exIdx = find_sec(elf, '__ex_table');
  if (exIdx) mod.extable = { addr: elf.sections[exIdx].addr, size: Number(elf.sections[exIdx].size) };
}

/** flush_module_icache: every core drops its translations of the new code. */
function flush_module_icache(k: Kernel, mod: Module) {
  for (const r of [mod.core, mod.init]) if (r) k.machine.invalidateCode(r.base, r.size);
}

/** complete_formation: duplicate exports, page protections, state COMING. */
function complete_formation(k: Kernel, info: LoadInfo) {
  const { mod } = info;
  verify_exported_symbols(k, mod);
  module_enable_ro(k, mod, info.layout);
  mod.layout = info.layout;
  setState(k, mod, 'COMING');
}

function add_taint_module(k: Kernel, mod: Module, flag: number, lockdepNowUnreliable = false) {
  k.addTaint(flag, lockdepNowUnreliable);
  mod.taints |= 1 << flag;
}

function license_is_gpl_compatible(license: string): boolean {
  return ['GPL', 'GPL v2', 'GPL and additional rights', 'Dual BSD/GPL', 'Dual MIT/GPL', 'Dual MPL/GPL'].includes(license);
}

// .modinfo is read from the entries taken before it lost SHF_ALLOC (Linux keeps its index).
function check_modinfo(ctx: VersionCtx & { flags: LoadFlags }) {
  const { k, mod, flags } = ctx;
  const modmagic = mod.info('vermagic');
  // MODULE_INIT_IGNORE_VERMAGIC drops the magic: modprobe --force may load anything.
  if (flags.ignoreVermagic || !modmagic) {
    try_to_force_load(ctx, 'bad vermagic');
  } else if (!same_magic(modmagic, VERMAGIC_STRING, ctx.versIdx !== 0)) {
    pr(k, 3, `${mod.name}: version magic '${modmagic}' should be '${VERMAGIC_STRING}'`);
    throw new KernelError(ENOEXEC);
  }
  if (!mod.info('intree')) {
    if (!(k.taint & (1 << TAINT.OOT_MODULE))) pr(k, 4, `${mod.name}: loading out-of-tree module taints kernel.`);
    add_taint_module(k, mod, TAINT.OOT_MODULE);
  }
  if (mod.info('staging')) {
    add_taint_module(k, mod, TAINT.CRAP);
    pr(k, 4, `${mod.name}: module is from the staging directory, the quality is unknown, you have been warned.`);
  }
  if (mod.info('test')) {
    if (!(k.taint & (1 << TAINT.TEST))) pr(k, 4, `${mod.name}: loading test module taints kernel.`);
    add_taint_module(k, mod, TAINT.TEST);
  }
  // set_license
  const license = mod.info('license') ?? 'unspecified';
  if (!license_is_gpl_compatible(license)) {
    if (!(k.taint & (1 << TAINT.PROPRIETARY_MODULE))) pr(k, 4, `${mod.name}: module license '${license}' taints kernel.`);
    add_taint_module(k, mod, TAINT.PROPRIETARY_MODULE, true);
  }
}

function move_module(k: Kernel, info: LoadInfo, mod: Module, L: Layout, placement: 'kmalloc' | 'vmalloc') {
  const elf = info.elf;
  const alloc = (size: number, what: string): ModuleRegion => {
    if (placement === 'kmalloc') {
      const a = k.slab.kmalloc(size);
      if (!a) throw new KernelError(ENOMEM);
      return { base: a, size, placement };
    }
    const a = k.modarea.alloc(size, `${mod.name}${what}`, PROT.RWX);
    if (!a) throw new KernelError(ENOMEM);
    return { base: a, size, placement };
  };
  const core = alloc(L.coreSize, '');
  mod.core = core;
  const init = L.initSize ? alloc(L.initSize, '.init') : null;
  mod.init = init;
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC)) continue;
    info.work.copied += Number(s.size); // memcpy, or the zeroing of .bss
    const isInit = (s.entsize & INIT_OFFSET_MASK) !== 0n;
    const base = isInit ? init!.base : core.base;
    const dest = base + (s.entsize & ~INIT_OFFSET_MASK);
    if (s.type !== SHT_NOBITS && Number(s.size) > 0) k.machine.write(dest, elf.sectionData(s.index));
    s.addr = dest;
  }
}

/** simplify_symbols: each symbol's final value (info.symvals); undefined ones resolved. */
function simplify_symbols(k: Kernel, info: LoadInfo) {
  const { elf, mod } = info;
  const pcpuIdx = info.index.pcpu;
  const ctx = versionCtx(k, info);
  const values: bigint[] = new Array(elf.symbolCount).fill(0n);
  let ret = 0;
  for (let i = 1; i < elf.symbolCount; i++) {
    const sym = elf.symbol(i);
    const shndx = elf.symbolShndx(i);
    switch (shndx) {
      case SHN_COMMON:
        if (sym.name.startsWith('__gnu_lto')) break;
        pr(k, 3, `${mod.name}: please compile with -fno-common`);
        ret = -ENOEXEC;
        break;
      case SHN_ABS:
        values[i] = sym.value;
        break;
      case SHN_LIVEPATCH:
        break;
      case SHN_UNDEF: {
        info.work.lookups++;
        const r = resolve_symbol(ctx, sym.name);
        if (r.ok) {
          values[i] = r.addr;
          break;
        }
        if (r.err === 0 && sym.bind === STB_WEAK) break;
        const err = r.err || -ENOENT;
        if (sym.bind === STB_WEAK && err === -ENOENT) break;
        ret = err;
        pr(k, 4, `${mod.name}: Unknown symbol ${sym.name} (err ${err})`);
        break;
      }
      default: {
        const base = shndx === pcpuIdx && pcpuIdx ? mod.percpu : elf.sections[shndx]?.addr ?? 0n;
        values[i] = base + sym.value;
      }
    }
  }
  if (ret < 0) throw new KernelError(-ret);
  info.symvals = values;
}

type Resolved = { ok: true; addr: bigint } | { ok: false; err: number };

function resolve_symbol(ctx: VersionCtx & { flags: LoadFlags }, name: string): Resolved {
  const { k, mod } = ctx;
  const fsa = find_symbol(k, name);
  if (!fsa) return { ok: false, err: 0 };
  // A proprietary module cannot see GPL-only symbols.
  if (fsa.gpl && mod.taints & (1 << TAINT.PROPRIETARY_MODULE)) return { ok: false, err: 0 };
  if (fsa.owner && fsa.owner.taints & (1 << TAINT.PROPRIETARY_MODULE)) {
    // inherit_taint
    if (!(mod.taints & (1 << TAINT.PROPRIETARY_MODULE))) {
      pr(k, 4, `${mod.name}: module uses symbols from proprietary module ${fsa.owner.name}, inheriting taint.`);
      add_taint_module(k, mod, TAINT.PROPRIETARY_MODULE, true);
    }
  }
  if (!check_version(ctx, name, fsa.crc)) return { ok: false, err: -EINVAL };
  const err = ref_module(k, mod, fsa.owner);
  if (err) return { ok: false, err };
  return { ok: true, addr: fsa.addr };
}

/** ref_module: mod uses b; takes a reference on b the first time. */
function ref_module(k: Kernel, a: Module, b: Module | null): number {
  if (!b || a.uses.has(b)) return 0;
  // strong_try_module_get
  if (b.state === 'COMING') return -EBUSY;
  if (!try_module_get(k, b)) return -ENOENT;
  a.uses.add(b);
  b.holders.add(a);
  return 0;
}

export { try_module_get, module_put, module_refcount };

function add_kallsyms(k: Kernel, elf: ElfFile, mod: Module, values: bigint[], o: LayoutOptions) {
  const syms: KSym[] = [];
  if (o.kallsyms) {
    for (let i = 1; i < elf.symbolCount; i++) {
      const s = elf.symbol(i);
      const shndx = elf.symbolShndx(i);
      if (!s.name || s.type === STT_SECTION || s.type === STT_FILE || shndx === SHN_UNDEF || shndx === SHN_ABS) continue;
      if (s.name.startsWith('$') || s.name.startsWith('.L')) continue;
      if (!(s.type === STT_FUNC || s.type === STT_OBJECT || s.type === STT_NOTYPE)) continue;
      const sec = elf.sections[shndx];
      // .modinfo and __versions lost SHF_ALLOC: their symbols are not in memory (is_core_symbol).
      if (!sec || !(sec.flags & SHF_ALLOC)) continue;
      let t = sec.flags & SHF_EXECINSTR ? 't' : sec.type === SHT_NOBITS ? 'b' : sec.flags & SHF_WRITE ? 'd' : 'r';
      if (s.bind !== STB_LOCAL) t = t.toUpperCase();
      syms.push({ addr: values[i], size: Number(s.size), name: s.name, type: t, initOnly: !is_core_symbol(elf, i, o) });
    }
  }
  const ranges: [bigint, bigint][] = [];
  if (mod.core) ranges.push([mod.core.base, mod.core.base + BigInt(mod.core.size)]);
  if (mod.init) ranges.push([mod.init.base, mod.init.base + BigInt(mod.init.size)]);
  k.kallsyms.add(mod.name, syms, ranges);
}

/** Whether address a lies in the module's own core, init or per-CPU memory (an exported DEFINE_PER_CPU). */
function inModule(mod: Module, a: bigint): boolean {
  if (mod.percpu && a >= mod.percpu && a < mod.percpu + BigInt(mod.percpuSize)) return true;
  return [mod.core, mod.init].some((r) => !!r && a >= r.base && a < r.base + BigInt(r.size));
}

function readModuleExports(k: Kernel, elf: ElfFile, mod: Module): KernelSymbolExport[] {
  const out: KernelSymbolExport[] = [];
  const tables: [string, string, boolean][] = [['__ksymtab', '__kcrctab', false], ['__ksymtab_gpl', '__kcrctab_gpl', true]];
  for (const [tab, crcTab, gpl] of tables) {
    const i = find_sec(elf, tab);
    if (!i) continue;
    const ci = find_sec(elf, crcTab);
    const n = Math.floor(Number(elf.sections[i].size) / SIZEOF_KERNEL_SYMBOL);
    // kmodlab: 6.1 trusts these tables and reads past a short one when another module looks a
    // symbol up; they are checked against the module's own memory here, before anyone does
    if (ci && elf.sections[ci].size < BigInt(4 * n)) {
      pr(k, 3, `${mod.name}: ${crcTab} has ${elf.sections[ci].size / 4n} CRCs for ${n} symbols in ${tab}`);
      throw new KernelError(ENOEXEC);
    }
    const syms = read_ksymtab(k, elf.sections[i].addr, n, ci ? elf.sections[ci].addr : undefined, gpl, mod, (a) => inModule(mod, a));
    if (typeof syms === 'number') {
      pr(k, 3, `${mod.name}: ${tab} entry ${syms} points outside the module`);
      throw new KernelError(ENOEXEC);
    }
    out.push(...syms);
  }
  return out;
}

function verify_exported_symbols(k: Kernel, mod: Module) {
  for (const s of mod.exports) {
    const other = find_symbol(k, s.name);
    if (other && other.owner !== mod) {
      pr(k, 3, `${mod.name}: exports duplicate symbol ${s.name} (owned by ${other.owner?.name ?? 'kernel'})`);
      throw new KernelError(ENOEXEC);
    }
  }
}

/** STRICT_MODULE_RWX for page-placed modules: text RX, rodata R, data RW. */
function module_enable_ro(k: Kernel, mod: Module, L: Layout) {
  const r = mod.core;
  if (!r || r.placement !== 'vmalloc' || !L.strict) return;
  const set = (from: number, to: number, perms: number) => {
    if (to > from) k.machine.protect(r.base + BigInt(from), to - from, perms);
  };
  set(0, L.textSize, PROT.RX);
  set(L.textSize, L.roSize, PROT.R);
  set(L.roSize, L.coreSize, PROT.RW);
  if (mod.init && mod.init.placement === 'vmalloc') {
    k.machine.protect(mod.init.base, L.initTextSize, PROT.RX);
  }
}

function do_init_module(k: Kernel, mod: Module, cpu: number) {
  let ret = 0;
  if (mod.initFn) {
    const r = k.call(mod.initFn, [], { cpu, comm: 'insmod' });
    if (!r.ok && 'errno' in r) {
      // init never ran: unwind as if it had failed with the error.
      setState(k, mod, 'GOING');
      module_put(k, mod, cpu);
      free_module(k, mod);
      throw new KernelError(r.errno);
    }
    if (!r.ok) {
      // The oops killed insmod; the module stays half-loaded, as on Linux.
      throw stuckFor(k, killed(r));
    }
    ret = Number(BigInt.asIntN(32, r.ret));
  }
  if (ret < 0) {
    setState(k, mod, 'GOING');
    module_put(k, mod, cpu);
    free_module(k, mod);
    throw new KernelError(-ret);
  }
  if (ret > 0) {
    pr(k, 4, `do_init_module: '${mod.name}'->init suspiciously returned ${ret}, it should follow 0/-E convention`);
    pr(k, 4, `do_init_module: loading module anyway...`);
  }
  setState(k, mod, 'LIVE');
  module_put(k, mod, cpu);
  // module_enable_ro(mod, true): ro_after_init becomes read-only now that init is done.
  const L = mod.layout;
  if (L && mod.core?.placement === 'vmalloc' && L.strict && L.roAfterInitSize > L.roSize) {
    k.machine.protect(mod.core.base + BigInt(L.roSize), L.roAfterInitSize - L.roSize, PROT.R);
  }
  // Free .init (and its symbols) now that init is done.
  if (mod.init) {
    k.kallsyms.dropRange(mod.name, mod.init.base, mod.init.base + BigInt(mod.init.size));
    freeRegion(k, mod.init);
    mod.init = null;
  }
}

function freeRegion(k: Kernel, r: ModuleRegion) {
  if (r.placement === 'kmalloc') {
    // The slab keeps the memory mapped: fill it with a brk so a stale call is caught exactly,
    // and poison it so a stale read or write is too, until kmalloc hands it out again.
    k.slab.kfree(r.base, BRK_FREED_MODULE_INSN, true);
    k.machine.invalidateCode(r.base, r.size);
    k.machine.poison(r.base, r.size);
  } else {
    k.modarea.free(r.base);
  }
}

/** A load that failed before do_init_module gives back what it took. */
function unwindFailedLoad(k: Kernel, mod: Module) {
  if (mod.listed) {
    free_module(k, mod);
    return;
  }
  if (mod.percpu) k.percpu.free(mod.percpu);
  if (mod.init) freeRegion(k, mod.init);
  if (mod.core) freeRegion(k, mod.core);
}

export type { NeverFreed } from './module.ts';

function free_module(k: Kernel, mod: Module, keepMemory = false) {
  setState(k, mod, 'UNFORMED');
  // module_unload_free: drop the references taken on the modules we used.
  for (const t of mod.uses) {
    t.holders.delete(mod);
    module_put(k, t);
  }
  mod.uses.clear();
  destroy_params(k, mod);
  const i = k.modules.indexOf(mod);
  if (i >= 0) k.modules.splice(i, 1);
  if (mod.kallsymsAdded) k.kallsyms.markUnloaded(mod.name);
  if (mod.argsBuf) k.slab.kfree(mod.argsBuf);
  module_unload_free(k, mod);
  if (keepMemory) {
    // The 2003 proposal: the module is forgotten, its memory is never given back.
    const regions = [mod.init, mod.core].filter((r): r is ModuleRegion => !!r);
    const bytes = regions.reduce((a, r) => a + r.size, 0);
    k.neverFreed.push({ name: mod.name, regions, bytes, percpu: mod.percpu || undefined });
    pr(k, 6, `${mod.name}: forgotten, ${bytes} bytes of module memory kept (refcount=none never frees)`);
  } else {
    // 6.1 frees after synchronize_rcu(): nobody may still be running in the module.
    if (mod.core) synchronize_kernel(k, undefined, `free ${mod.name}: nobody may still run in it`);
    if (mod.init) freeRegion(k, mod.init);
    if (mod.percpu) k.percpu.free(mod.percpu);
    if (mod.core) freeRegion(k, mod.core);
  }
  mod.init = null;
  k.events.modules?.();
}

/** Frees what refcount=none kept: every forgotten module's memory. Taints R. */
export function reap_modules(k: Kernel): { modules: number; bytes: number } {
  let bytes = 0;
  const n = k.neverFreed.length;
  if (!n) return { modules: 0, bytes: 0 };
  synchronize_kernel(k, undefined, 'reap: forgotten modules');
  for (const f of k.neverFreed) {
    for (const r of f.regions) freeRegion(k, r);
    if (f.percpu) k.percpu.free(f.percpu);
    bytes += f.bytes;
  }
  k.neverFreed.length = 0;
  k.addTaint(TAINT.FORCED_RMMOD, true);
  pr(k, 4, `reaped ${n} forgotten module(s): ${bytes} bytes freed, kernel tainted`);
  return { modules: n, bytes };
}

export interface DeleteFlags {
  /** O_TRUNC: remove even if in use (taints R). */
  force?: boolean;
  /** Not O_NONBLOCK: wait for the count to drop instead of failing (rmmod -w). */
  wait?: boolean;
  /** Polled while waiting: a ^C. The module is re-animated and EINTR returned. */
  interrupted?: () => boolean;
}

/**
 * delete_module(2). The unload of seed 003: "rmmod itself checks, then the kernel sets the
 * module to can't-increment, then checks again. If the non-blocking flag is set, it then
 * re-animates the module and fails, otherwise it waits."
 */
export function delete_module(k: Kernel, name: string, flags: DeleteFlags = {}, cpu = 0): void {
  // Without CONFIG_MODULE_UNLOAD the system call is sys_ni_syscall.
  if (!k.opts.moduleUnload) throw new KernelError(ENOSYS);
  if (name.length === 0 || name.length >= MODULE_NAME_LEN) throw new KernelError(ENOENT);
  const mod = findModule(k, name);
  if (!mod || mod.state === 'UNFORMED') throw new KernelError(ENOENT);
  if (mod.holders.size) throw new KernelError(EWOULDBLOCK);
  if (mod.state !== 'LIVE') throw new KernelError(EBUSY);
  let forced = false;
  if (mod.initFn && !mod.exitFn) {
    forced = try_force_unload(k, flags);
    if (!forced) throw new KernelError(EBUSY);
  }
  try_stop_module(k, mod, flags);
  if (mod.exitFn) {
    const r = k.call(mod.exitFn, [], { cpu, comm: 'rmmod' });
    if (!r.ok && 'errno' in r) {
      setState(k, mod, 'LIVE');
      if (k.opts.refcount === 'atomic') restore_module_ref(k, mod);
      throw new KernelError(r.errno);
    }
    if (!r.ok) throw stuckFor(k, killed(r));
  }
  free_module(k, mod, k.opts.refcount === 'none');
}

/** Sets GOING if nobody holds the module (or waits, or forces); throws otherwise. */
function try_stop_module(k: Kernel, mod: Module, flags: DeleteFlags) {
  const interrupted = flags.interrupted ?? (() => false);
  const reanimate = (errno: number): never => {
    setState(k, mod, 'LIVE');
    throw new KernelError(errno);
  };
  const waitForZero = () => {
    let stop = false;
    const limit = BigInt(k.opts.callLimit) * 50n;
    k.sched.runUntil(() => module_refcount(k, mod) === 0 || (stop = interrupted()), limit);
    if (stop) reanimate(EINTR);
    if (module_refcount(k, mod) !== 0) {
      // Linux would wait for ever; the machine gives up after a long while, like a ^C.
      pr(k, 4, `${mod.name}: rmmod gave up waiting after ${limit} cycles (refcount ${module_refcount(k, mod)})`);
      reanimate(EINTR);
    }
  };
  switch (k.opts.refcount) {
    case 'atomic':
      if (!flags.wait || flags.force) {
        // 6.1: drop the base reference unless someone holds one; then GOING.
        if (try_release_module_ref(k, mod) !== 0 && !try_force_unload(k, flags)) throw new KernelError(EWOULDBLOCK);
        setState(k, mod, 'GOING');
        return;
      }
      setState(k, mod, 'GOING');
      waitForZero();
      try_release_module_ref(k, mod);
      return;
    case 'percpu': {
      // Can't-increment first, make it visible on every CPU, then count.
      setState(k, mod, 'GOING');
      if (synchronize_kernel(k, interrupted, `rmmod ${mod.name}: GOING seen by every CPU`) === 'interrupted') reanimate(EINTR);
      if (module_refcount(k, mod) === 0 || try_force_unload(k, flags)) return;
      if (!flags.wait) reanimate(EWOULDBLOCK);
      waitForZero();
      return;
    }
    case 'none':
      setState(k, mod, 'GOING');
      return;
  }
}

function try_force_unload(k: Kernel, flags: DeleteFlags): boolean {
  if (flags.force) k.addTaint(TAINT.FORCED_RMMOD, true);
  return !!flags.force;
}

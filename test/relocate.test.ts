// arm64 RELA relocations against the real linker, Linux's overflow rules and messages, and PLT veneers.
// The fixtures are assembled at test time (aarch64-linux-gnu-as) into a temporary directory.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElf, SHT_NOBITS, SHF_ALLOC, SHF_EXECINSTR, SHT_REL, SIZEOF_SHDR } from '../kernel/elf.ts';
import { apply_relocate_add, apply_relocations, ENOEXEC } from '../kernel/module/relocate-arm64.ts';
import { ArrayRelocMemory } from '../kernel/arch/arm64/module.ts';
import { U64, aarch64_insn_encode_immediate } from '../kernel/arch/arm64/insn.ts';
import { R_AARCH64_ABS64, R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_NONE, R_ARM_NONE } from '../kernel/arch/arm64/elf.ts';
import { module_frob_arch_sections, SIZEOF_PLT_ENTRY, L1_CACHE_BYTES } from '../kernel/module/module-plts.ts';
import type { RelocModule } from '../kernel/arch/arm64/module.ts';
import {
  adrpTarget,
  adrTarget,
  assemble,
  branchTarget,
  haveCrossTools,
  linkText,
  relocateText,
  symbolValueOf,
  veneerTarget,
  Workdir,
} from './fixtures/relocs/toolchain.ts';

const MODULES_VADDR = 0xffff800000000000n;
const KIMAGE_VADDR = 0xffff800008000000n;
const PAGE_OFFSET = 0xffff800080000000n;
const MiB = 1n << 20n;

const tools = haveCrossTools();
let wd: Workdir;
const obj: Record<string, Uint8Array> = {};
const objPath: Record<string, string> = {};

beforeAll(() => {
  if (!tools) return;
  wd = new Workdir();
  for (const f of ['data', 'movw', 'insn', 'overflow', 'plt', 'erratum843419']) {
    objPath[f] = assemble(wd, f);
    obj[f] = new Uint8Array(readFileSync(objPath[f]));
  }
});
afterAll(() => wd?.cleanup());

// Symbol values for each fixture, for .text placed at T (all in range for T in the module area or the linear map).
function defsymsFor(fixture: string, T: bigint): Record<string, bigint> {
  switch (fixture) {
    case 'data':
      return {
        abs64_sym: KIMAGE_VADDR + 0x123456n,
        abs32_sym: 0x89abcdefn,
        abs16_sym: 0xfedcn,
        prel_sym: KIMAGE_VADDR + 0x1234n,
        near_sym: T + 0x7000n,
      };
    case 'movw':
      return {
        uabs16: 0xbeefn,
        uabs32: 0xdeadbeefn,
        uabs48: 0x123456789abcn,
        abs64_sym: KIMAGE_VADDR + 0x123456n,
        sabs_pos16: 0x1234n,
        sabs_neg16: U64(-0x1234n),
        sabs_neg32: U64(-0x12345678n),
        sabs_pos48: 0x23456789abcn,
        prel_near: T + 0x40n,
        prel_far: KIMAGE_VADDR + 0x123456n,
        prel_back: T - 0x100n,
        prel_back_far: T - 0x123456n,
      };
    case 'insn':
      return {
        lit_sym: T + 0x1000n,
        lit_back: T - 0x2000n,
        adr_sym: T + 0xfff01n,
        adr_back: T - 0xffff0n,
        page_sym: KIMAGE_VADDR + 0x123456n,
        page_sym16: KIMAGE_VADDR + 0x123458n,
        page_sym32: KIMAGE_VADDR + 0x12345cn,
        page_sym64: KIMAGE_VADDR + 0x123468n,
        page_sym128: KIMAGE_VADDR + 0x123470n,
        page_back: T - 80n * MiB,
        tb_sym: T + 0x4000n,
        tb_back: T - 0x4000n,
        cond_sym: T + 0xf0000n,
        cond_back: T - 0xf0000n,
        // JUMP26/CALL26 stay in ±128 MiB so that ld does not insert its own stubs.
        far_fn: T < KIMAGE_VADDR ? KIMAGE_VADDR + 0x1000n : T + 0x7000000n,
        back_fn: T - 0x10000n,
      };
  }
  throw new Error(fixture);
}

const placements: [string, bigint][] = [
  ['module area (vmalloc)', MODULES_VADDR + 0x10000n],
  ['top of the module area', MODULES_VADDR + 0x7ff0000n],
  ['linear map (kmalloc placement)', PAGE_OFFSET + 0x100000n],
];

describe.skipIf(!tools)('relocations match the real linker (aarch64-linux-gnu-ld)', () => {
  for (const fixture of ['data', 'movw', 'insn']) {
    for (const [where, T] of placements) {
      it(`${fixture}.S with .text in the ${where}`, () => {
        const defsyms = defsymsFor(fixture, T);
        const oracle = linkText(wd, objPath[fixture], T, defsyms);
        const r = relocateText(obj[fixture], T, defsyms);
        expect(r.log).toEqual([]);
        expect(r.ret).toBe(0);
        expect(Buffer.from(r.mem.bytes).toString('hex')).toBe(Buffer.from(oracle).toString('hex'));
      });
    }
  }

  it('the fixtures exercise every relocation type Linux 6.1 handles', () => {
    const seen = new Set<number>();
    for (const f of ['data', 'movw', 'insn', 'overflow']) {
      const elf = parseElf(obj[f].slice());
      for (const s of elf.sections) {
        if (s.type === 4) for (const r of elf.relocations(s.index)) seen.add(r.type);
      }
    }
    seen.add(R_AARCH64_NONE); // the test below patches R_ARM_NONE into Linux's R_AARCH64_NONE (256)
    const handled = [R_ARM_NONE, R_AARCH64_NONE];
    for (let t = R_AARCH64_ABS64; t <= 293; t++) if (t !== 281) handled.push(t);
    handled.push(R_AARCH64_LDST128_ABS_LO12_NC);
    for (const t of handled) expect(seen.has(t), `type ${t}`).toBe(true);
  });
});

// --- overflow -------------------------------------------------------------------------------------------------

const T0 = MODULES_VADDR + 0x10000n;

function one(section: string, target: bigint, me: RelocModule = { name: 'test' }) {
  return relocateText(obj.overflow, T0, { target }, { textName: section, me });
}
const word = (m: ArrayRelocMemory) => m.read32(m.base) >>> 0;

describe.skipIf(!tools)('overflow: Linux message, -ENOEXEC, value already written', () => {
  it('ADR_PREL_LO21 beyond ±1 MiB', () => {
    const target = T0 + MiB;
    const r = one('.text.adr', target);
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log).toEqual([`module test: overflow in relocation type 274 val ${target.toString(16)}`]);
    // the low 21 bits were written anyway: they wrap to -1 MiB
    expect(adrTarget(word(r.mem), T0)).toBe(T0 - MiB);
    expect(one('.text.adr', T0 + MiB - 1n).ret).toBe(0);
    expect(one('.text.adr', T0 - MiB).ret).toBe(0);
    expect(one('.text.adr', T0 - MiB - 1n).ret).toBe(-ENOEXEC);
  });

  it('PREL32 beyond ±2 GiB (signed, as Linux interprets it)', () => {
    const G2 = 1n << 31n;
    expect(one('.text.prel32', T0 + G2 - 1n).ret).toBe(0);
    expect(one('.text.prel32', T0 - G2).ret).toBe(0);
    const target = T0 + G2;
    const r = one('.text.prel32', target);
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log).toEqual([`module test: overflow in relocation type 261 val ${target.toString(16)}`]);
    expect(word(r.mem)).toBe(0x80000000);
    // a kernel symbol seen from the linear map (this machine's kmalloc placement) is within range
    expect(relocateText(obj.overflow, PAGE_OFFSET, { target: KIMAGE_VADDR }, { textName: '.text.prel32' }).ret).toBe(0);
  });

  it('PREL16 beyond [-32768, 32767]', () => {
    expect(one('.text.prel16', T0 + 0x7fffn).ret).toBe(0);
    expect(one('.text.prel16', T0 - 0x8000n).ret).toBe(0);
    const r = one('.text.prel16', T0 + 0x8000n);
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log[0]).toBe(`module test: overflow in relocation type 262 val ${(T0 + 0x8000n).toString(16)}`);
  });

  it('ABS16 and ABS32 too big (unsigned ranges)', () => {
    expect(one('.text.abs16', 0xffffn).ret).toBe(0);
    const r = one('.text.abs16', 0x12345n);
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log).toEqual(['module test: overflow in relocation type 259 val 12345']);
    expect(r.mem.bytes[0] | (r.mem.bytes[1] << 8)).toBe(0x2345);
    // negative values are an overflow for ABS (unsigned), though the psABI allows [-2^15, 2^16)
    expect(one('.text.abs16', U64(-1n)).log).toEqual(['module test: overflow in relocation type 259 val ffffffffffffffff']);
    expect(one('.text.abs32', 0xffffffffn).ret).toBe(0);
    expect(one('.text.abs32', KIMAGE_VADDR).log).toEqual([
      `module test: overflow in relocation type 258 val ${KIMAGE_VADDR.toString(16)}`,
    ]);
  });

  it('ABS64 and PREL64 never overflow', () => {
    expect(one('.text.abs64', U64(-1n)).ret).toBe(0);
    expect(one('.text.prel64', 0n).ret).toBe(0);
  });

  it('CALL26 and JUMP26 beyond ±128 MiB without PLT support', () => {
    const target = T0 + 200n * MiB;
    for (const [sec, type] of [['.text.call26', 283], ['.text.jump26', 282]] as const) {
      const r = one(sec, target);
      expect(r.ret).toBe(-ENOEXEC);
      expect(r.log).toEqual([`module test: overflow in relocation type ${type} val ${target.toString(16)}`]);
      expect(branchTarget(word(r.mem), T0)).toBe(U64(T0 + 200n * MiB - 256n * MiB)); // wrapped, but written
    }
    expect(one('.text.call26', T0 + 128n * MiB - 4n).ret).toBe(0);
    expect(one('.text.call26', T0 - 128n * MiB).ret).toBe(0);
    expect(one('.text.call26', T0 + 128n * MiB).ret).toBe(-ENOEXEC);
  });

  it('LD_PREL_LO19, CONDBR19 (±1 MiB) and TSTBR14 (±32 KiB)', () => {
    expect(one('.text.ldlo19', T0 + MiB - 4n).ret).toBe(0);
    expect(one('.text.ldlo19', T0 + MiB).log).toEqual([`module test: overflow in relocation type 273 val ${(T0 + MiB).toString(16)}`]);
    expect(one('.text.condbr19', T0 - MiB).ret).toBe(0);
    expect(one('.text.condbr19', T0 - MiB - 4n).ret).toBe(-ENOEXEC);
    expect(one('.text.tstbr14', T0 + 0x7ffcn).ret).toBe(0);
    expect(one('.text.tstbr14', T0 + 0x8000n).log).toEqual([`module test: overflow in relocation type 279 val ${(T0 + 0x8000n).toString(16)}`]);
  });

  it('ADR_PREL_PG_HI21 beyond ±4 GiB; the _NC variant is not checked', () => {
    const G4 = 1n << 32n;
    expect(one('.text.adrp', (T0 & ~0xfffn) + G4 - 0x1000n).ret).toBe(0);
    const r = one('.text.adrp', T0 + G4);
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log).toEqual([`module test: overflow in relocation type 275 val ${(T0 + G4).toString(16)}`]);
    const nc = one('.text.adrpnc', T0 + G4);
    expect(nc.ret).toBe(0);
    expect(adrpTarget(word(nc.mem), T0)).toBe((T0 & ~0xfffn) - G4); // 2^20 pages in a signed 21-bit field: -4 GiB
  });

  it('MOVW: UABS_G0 checked, UABS_G0_NC not; SABS_G1 and PREL_G0 signed', () => {
    expect(one('.text.uabsg0', 0xffffn).ret).toBe(0);
    expect(one('.text.uabsg0', 0x10000n).log).toEqual(['module test: overflow in relocation type 263 val 10000']);
    expect(one('.text.uabsg0nc', KIMAGE_VADDR + 0xbeefn).ret).toBe(0);
    expect(one('.text.sabsg1', U64(-(1n << 32n))).ret).toBe(0);
    expect(one('.text.sabsg1', 1n << 32n).ret).toBe(-ENOEXEC);
    expect(one('.text.sabsg1', U64(-(1n << 32n) - 1n)).ret).toBe(-ENOEXEC);
    expect(one('.text.prelg0', T0 + 0xffffn).ret).toBe(0);
    expect(one('.text.prelg0', T0 - 0x10000n).ret).toBe(0);
    expect(one('.text.prelg0', T0 + 0x10000n).log).toEqual([
      `module test: overflow in relocation type 287 val ${(T0 + 0x10000n).toString(16)}`,
    ]);
  });
});

describe.skipIf(!tools)('other RELA outcomes', () => {
  it('R_ARM_NONE (0) and R_AARCH64_NONE (256) change nothing', () => {
    const r = one('.text.none', 0x1234n);
    expect(r.ret).toBe(0);
    expect(word(r.mem)).toBe(0xd503201f); // nop
    const patched = obj.overflow.slice();
    const elf = parseElf(patched);
    const rela = elf.findSection('.rela.text.none')!;
    const off = Number(rela.offset) + 8; // r_info low word = type
    new DataView(patched.buffer).setUint32(off, R_AARCH64_NONE, true);
    const r2 = relocateText(patched, T0, { target: 0x1234n }, { textName: '.text.none' });
    expect(r2.ret).toBe(0);
    expect(word(r2.mem)).toBe(0xd503201f);
  });

  it('unsupported types: Linux message and -ENOEXEC', () => {
    const r = one('.text.unsupported', 0n);
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log).toEqual(['module test: unsupported RELA relocation: 309']);
  });

  it('SHT_REL sections are refused with Linux message', () => {
    const patched = obj.overflow.slice();
    const pre = parseElf(patched.slice());
    const rela = pre.findSection('.rela.text.adr')!; // the first relocation section
    const dv = new DataView(patched.buffer);
    dv.setUint32(Number(pre.header.shoff) + rela.index * SIZEOF_SHDR + 4, SHT_REL, true);
    const elf = parseElf(patched);
    for (const s of elf.sections) if (s.flags & SHF_ALLOC) s.addr = T0;
    const log: string[] = [];
    const ret = apply_relocations(elf, { name: 'test' }, {
      mem: new ArrayRelocMemory(T0, new Uint8Array(64)),
      symbolValue: () => 0n,
      pr_err: (m) => log.push(m),
    });
    expect(ret).toBe(-ENOEXEC);
    expect(log).toEqual(['module test: REL relocation unsupported']);
    // the REL entries are still readable (16 bytes each, addend 0)
    expect(elf.relocations(rela.index)).toEqual([{ offset: 0n, sym: expect.any(Number), type: 274, addend: 0n }]);
  });

  it('a relocation outside its target section is refused before writing', () => {
    const patched = obj.overflow.slice();
    const pre = parseElf(patched.slice());
    const rela = pre.findSection('.rela.text.abs64')!;
    new DataView(patched.buffer).setBigUint64(Number(rela.offset), 4n, true); // r_offset 4 in an 8-byte section
    const r = relocateText(patched, T0, { target: U64(-1n) }, { textName: '.text.abs64' });
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log).toEqual(['module test: relocation type 257 at offset 0x4 outside section ' + pre.findSection('.text.abs64')!.index + ' (size 0x8)']);
    expect([...r.mem.bytes]).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('a relocation naming a symbol past the symbol table is refused', () => {
    const patched = obj.overflow.slice();
    const pre = parseElf(patched.slice());
    const rela = pre.findSection('.rela.text.abs64')!;
    new DataView(patched.buffer).setUint32(Number(rela.offset) + 12, 999, true);
    const r = relocateText(patched, T0, { target: 0n }, { textName: '.text.abs64' });
    expect(r.ret).toBe(-ENOEXEC);
    expect(r.log[0]).toMatch(/^module test: Invalid ELF relocation in module \(section \d+ entry 0 symbol 999 >= \d+\)$/);
  });

  it('aarch64_insn_encode_immediate leaves AARCH64_BREAK_FAULT alone, like Linux', () => {
    expect(aarch64_insn_encode_immediate(26, 0xd4202000, 5n)).toBe(0xd4202000);
  });
});

// --- PLTs -----------------------------------------------------------------------------------------------------

describe.skipIf(!tools)('PLT veneers (module_frob_arch_sections, module_emit_plt_entry)', () => {
  const T = MODULES_VADDR + 0x10000n;
  const I = T + 0x100000n;
  const defsyms = {
    far_fn: T + 200n * MiB,
    other_far: PAGE_OFFSET + 0x200000n,
    near_fn: T + 0x100n,
  };

  function load(workaround843419 = false) {
    const elf = parseElf(obj.plt.slice());
    const me: RelocModule = { name: 'plt', init_layout: { base: I, size: 0x2000n } };
    const log: string[] = [];
    const ret = module_frob_arch_sections(elf, me, { pr_err: (m) => log.push(m), workaround843419 });
    return { elf, me, log, ret };
  }

  it('sizes .plt and .init.plt the Linux way', () => {
    const { elf, me, log, ret } = load();
    expect(ret).toBe(0);
    expect(log).toEqual([]);
    const plt = elf.findSection('.plt')!;
    const iplt = elf.findSection('.init.plt')!;
    // core: JUMP26 far_fn, CALL26 far_fn (twice: counted once), far_fn+8, other_far, near_fn; not local_fn
    expect(me.arch!.core).toEqual({ plt_shndx: plt.index, plt_num_entries: 0, plt_max_entries: 5 });
    // init: far_fn and _start (defined, but in .text)
    expect(me.arch!.init).toEqual({ plt_shndx: iplt.index, plt_num_entries: 0, plt_max_entries: 2 });
    for (const [s, n] of [[plt, 5], [iplt, 2]] as const) {
      expect(s.type).toBe(SHT_NOBITS);
      expect(s.flags).toBe(SHF_ALLOC | SHF_EXECINSTR);
      expect(s.addralign).toBe(BigInt(L1_CACHE_BYTES));
      expect(s.size).toBe(BigInt((n + 1) * SIZEOF_PLT_ENTRY));
    }
    // the branch relocations were sorted in place: type, then symbol, then addend
    const rela = elf.relocations(elf.findSection('.rela.text')!.index);
    expect(rela.map((r) => `${r.type}:${elf.symbol(r.sym).name}+${r.addend}`)).toEqual([
      '282:far_fn+0', '283:far_fn+0', '283:far_fn+0', '283:far_fn+8', '283:other_far+0', '283:near_fn+0',
      '283:local_fn+0',
    ]);
  });

  it('a CALL26 200 MiB away goes through a veneer that reaches the symbol', () => {
    const { elf, me } = load();
    const text = elf.findSection('.text')!, plt = elf.findSection('.plt')!;
    const itext = elf.findSection('.init.text')!, iplt = elf.findSection('.init.plt')!;
    text.addr = T;
    plt.addr = T + 0x1000n;
    itext.addr = I;
    iplt.addr = I + 0x1000n;
    const mem = new ArrayRelocMemory(T, new Uint8Array(Number(I - T) + 0x2000));
    mem.bytes.set(elf.sectionData(text.index), 0);
    mem.bytes.set(elf.sectionData(itext.index), Number(I - T));
    const log: string[] = [];
    const env = { mem, symbolValue: symbolValueOf(elf, defsyms), pr_err: (m: string) => log.push(m) };
    expect(apply_relocate_add(elf, elf.findSection('.rela.text')!.index, me, env)).toBe(0);
    expect(apply_relocate_add(elf, elf.findSection('.rela.init.text')!.index, me, env)).toBe(0);
    expect(log).toEqual([]);

    const at = (off: bigint) => mem.read32(off) >>> 0;
    const follow = (pc: bigint) => {
      const t = branchTarget(at(pc), pc);
      return t >= plt.addr && t < plt.addr + plt.size ? { via: 'plt', slot: t, to: veneerTarget(mem, t) }
        : t >= iplt.addr && t < iplt.addr + iplt.size ? { via: 'init.plt', slot: t, to: veneerTarget(mem, t) }
          : { via: 'direct', slot: 0n, to: t };
    };
    const calls = [0n, 4n, 8n, 12n, 16n, 20n, 24n].map((o) => follow(T + o));
    expect(calls.map((c) => [c.via, c.to])).toEqual([
      ['plt', defsyms.far_fn],
      ['plt', defsyms.far_fn],
      ['plt', defsyms.far_fn],
      ['plt', defsyms.other_far],
      ['direct', defsyms.near_fn],
      ['direct', T + 28n],
      ['plt', defsyms.far_fn + 8n],
    ]);
    // the three branches to far_fn share one veneer (sorted relocations, previous entry reused)
    expect(new Set(calls.slice(0, 3).map((c) => c.slot)).size).toBe(1);
    expect(me.arch!.core.plt_num_entries).toBe(3);
    // from init text: .init.plt; _start is in range
    const initCalls = [0n, 4n].map((o) => follow(I + o));
    expect(initCalls.map((c) => [c.via, c.to])).toEqual([['init.plt', defsyms.far_fn], ['direct', T]]);
    expect(me.arch!.init.plt_num_entries).toBe(1);
  });

  it('a full PLT fails the load with -ENOEXEC', () => {
    const { elf, me } = load();
    const text = elf.findSection('.text')!, plt = elf.findSection('.plt')!;
    text.addr = T;
    plt.addr = T + 0x1000n;
    me.arch!.core.plt_max_entries = 1; // pretend count_plts found one
    const mem = new ArrayRelocMemory(T, new Uint8Array(0x2000));
    mem.bytes.set(elf.sectionData(text.index), 0);
    const log: string[] = [];
    const ret = apply_relocate_add(elf, elf.findSection('.rela.text')!.index, me, {
      mem, symbolValue: symbolValueOf(elf, defsyms), pr_err: (m) => log.push(m),
    });
    expect(ret).toBe(-ENOEXEC);
    expect(log).toEqual(['WARNING: module_emit_plt_entry: plt: plt_num_entries 2 > plt_max_entries 1']);
  });

  it('a module without .plt/.init.plt is refused', () => {
    const elf = parseElf(obj.insn.slice());
    const log: string[] = [];
    expect(module_frob_arch_sections(elf, { name: 'noplt' }, { pr_err: (m) => log.push(m) })).toBe(-ENOEXEC);
    expect(log).toEqual(['noplt: module PLT section(s) missing']);
  });

  it('erratum 843419 sizing: a risky ADRP reserves a veneer slot, a safe one raises the section alignment', () => {
    for (const workaround843419 of [false, true]) {
      const elf = parseElf(obj.erratum843419.slice());
      const me: RelocModule = { name: 'e' };
      expect(module_frob_arch_sections(elf, me, { pr_err: () => {}, workaround843419 })).toBe(0);
      // ADRP at 0xff8: ffz(0xfff) = 12, min_align 8 KiB > 4 KiB: one veneer slot, plus DIV_ROUND_UP(1, 341) slack.
      expect(me.arch!.core.plt_max_entries).toBe(workaround843419 ? 2 : 0);
      // ADRP at 0: ffz(0x7) = 3, min_align 16 raises .text's alignment.
      expect(elf.findSection('.text')!.addralign).toBe(workaround843419 ? 16n : 4n);
    }
    // branch slack: 5 branch PLTs + DIV_ROUND_UP(5, 4096 / 12)
    const me: RelocModule = { name: 'plt' };
    expect(module_frob_arch_sections(parseElf(obj.plt.slice()), me, { pr_err: () => {}, workaround843419: true })).toBe(0);
    expect(me.arch!.core.plt_max_entries).toBe(6);
  });

  it('erratum 843419 (off by default): a risky ADRP becomes an ADR, or a branch to a veneer', () => {
    const T2 = MODULES_VADDR + 0x40000n;
    for (const [page_sym, near] of [[T2 + 0x80123n, true], [KIMAGE_VADDR + 0x123456n, false]] as const) {
      for (const workaround843419 of [false, true]) {
        const elf = parseElf(obj.erratum843419.slice());
        const me: RelocModule = { name: 'e' };
        expect(module_frob_arch_sections(elf, me, { pr_err: () => {}, workaround843419 })).toBe(0);
        const text = elf.findSection('.text')!;
        const plt = elf.findSection('.plt')!;
        text.addr = T2;
        plt.addr = T2 + 0x2000n;
        const mem = new ArrayRelocMemory(T2, new Uint8Array(0x3000));
        mem.bytes.set(elf.sectionData(text.index), 0);
        const log: string[] = [];
        const ret = apply_relocate_add(elf, elf.findSection('.rela.text')!.index, me, {
          mem, symbolValue: symbolValueOf(elf, { page_sym }), pr_err: (m) => log.push(m),
        });
        expect(log).toEqual([]);
        expect(ret).toBe(0);
        const page = page_sym & ~0xfffn;
        expect(adrpTarget(mem.read32(T2) >>> 0, T2)).toBe(page); // offset 0 is never touched
        const P = T2 + 0xff8n;
        const risky = mem.read32(P) >>> 0;
        if (!workaround843419) {
          expect(adrpTarget(risky, P)).toBe(page);
        } else if (near) {
          expect(adrTarget(risky, P)).toBe(page);
        } else {
          const veneer = branchTarget(risky, P);
          expect(veneer).toBe(plt.addr);
          const v0 = mem.read32(veneer) >>> 0;
          expect(v0 & 31).toBe(2); // adrp x2, the ADRP's own register
          expect(adrpTarget(v0, veneer)).toBe(page);
          expect(branchTarget(mem.read32(veneer + 8n) >>> 0, veneer + 8n)).toBe(P + 4n); // back after the ADRP
          expect(me.arch!.core.plt_num_entries).toBe(1);
        }
      }
    }
  });
});

// Relocations proved by execution: relocs.ko makes the loader apply every arm64 RELA type Linux 6.1 handles, and
// each of its relocs_* functions returns a value that is right only if the relocations it goes through were applied
// right, wherever the module was placed (module area, kmalloc memory >128 MiB from the kernel, or the `auto` policy).
// crctable.ko is a module bigger than a page (slice-by-8 CRC-32 tables) checked against zlib.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { scenario, messages, EXAMPLES } from './helpers.ts';
import { boot } from '../kernel/boot.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { load_module } from '../kernel/module/main.ts';
import type { Module } from '../kernel/module/module.ts';
import { parseElf, SHT_RELA, STB_GLOBAL, STT_FUNC, type ElfFile } from '../kernel/elf.ts';
import type { PlacementPolicy } from '../kernel/module/placement.ts';
import { PAGE_SIZE } from '../emu/address-map.ts';
import { R_ARM_NONE, R_AARCH64_ABS64, R_AARCH64_ABS32, R_AARCH64_ABS16, R_AARCH64_PREL64, R_AARCH64_PREL32, R_AARCH64_PREL16, R_AARCH64_MOVW_UABS_G0, R_AARCH64_MOVW_UABS_G0_NC, R_AARCH64_MOVW_UABS_G1, R_AARCH64_MOVW_UABS_G1_NC, R_AARCH64_MOVW_UABS_G2, R_AARCH64_MOVW_UABS_G2_NC, R_AARCH64_MOVW_UABS_G3, R_AARCH64_MOVW_SABS_G0, R_AARCH64_MOVW_SABS_G1, R_AARCH64_MOVW_SABS_G2, R_AARCH64_MOVW_PREL_G0, R_AARCH64_MOVW_PREL_G0_NC, R_AARCH64_MOVW_PREL_G1, R_AARCH64_MOVW_PREL_G1_NC, R_AARCH64_MOVW_PREL_G2, R_AARCH64_MOVW_PREL_G2_NC, R_AARCH64_MOVW_PREL_G3, R_AARCH64_LD_PREL_LO19, R_AARCH64_ADR_PREL_LO21, R_AARCH64_ADR_PREL_PG_HI21, R_AARCH64_ADR_PREL_PG_HI21_NC, R_AARCH64_ADD_ABS_LO12_NC, R_AARCH64_LDST8_ABS_LO12_NC, R_AARCH64_LDST16_ABS_LO12_NC, R_AARCH64_LDST32_ABS_LO12_NC, R_AARCH64_LDST64_ABS_LO12_NC, R_AARCH64_LDST128_ABS_LO12_NC, R_AARCH64_TSTBR14, R_AARCH64_CONDBR19, R_AARCH64_JUMP26, R_AARCH64_CALL26 } from '../kernel/arch/arm64/elf.ts';

const ko = (name: string) => join(EXAMPLES, name, `${name}.ko`);
const image = (name: string) => new Uint8Array(readFileSync(ko(name)));
const hex = (v: bigint) => `0x${v.toString(16)}`;
const u64 = (v: bigint) => BigInt.asUintN(64, v);

/**
 * Every type apply_relocate_add() of Linux 6.1 arm64 accepts. The null relocation is the psABI's value 0 (R_ARM_NONE
 * in Linux's switch); Linux also accepts 256 (its header's R_AARCH64_NONE), which binutils never emits.
 */
const ALL_TYPES: Record<string, number> = {
  NONE: R_ARM_NONE,
  ABS64: R_AARCH64_ABS64, ABS32: R_AARCH64_ABS32, ABS16: R_AARCH64_ABS16,
  PREL64: R_AARCH64_PREL64, PREL32: R_AARCH64_PREL32, PREL16: R_AARCH64_PREL16,
  MOVW_UABS_G0: R_AARCH64_MOVW_UABS_G0, MOVW_UABS_G0_NC: R_AARCH64_MOVW_UABS_G0_NC,
  MOVW_UABS_G1: R_AARCH64_MOVW_UABS_G1, MOVW_UABS_G1_NC: R_AARCH64_MOVW_UABS_G1_NC,
  MOVW_UABS_G2: R_AARCH64_MOVW_UABS_G2, MOVW_UABS_G2_NC: R_AARCH64_MOVW_UABS_G2_NC,
  MOVW_UABS_G3: R_AARCH64_MOVW_UABS_G3,
  MOVW_SABS_G0: R_AARCH64_MOVW_SABS_G0, MOVW_SABS_G1: R_AARCH64_MOVW_SABS_G1, MOVW_SABS_G2: R_AARCH64_MOVW_SABS_G2,
  MOVW_PREL_G0: R_AARCH64_MOVW_PREL_G0, MOVW_PREL_G0_NC: R_AARCH64_MOVW_PREL_G0_NC,
  MOVW_PREL_G1: R_AARCH64_MOVW_PREL_G1, MOVW_PREL_G1_NC: R_AARCH64_MOVW_PREL_G1_NC,
  MOVW_PREL_G2: R_AARCH64_MOVW_PREL_G2, MOVW_PREL_G2_NC: R_AARCH64_MOVW_PREL_G2_NC,
  MOVW_PREL_G3: R_AARCH64_MOVW_PREL_G3,
  LD_PREL_LO19: R_AARCH64_LD_PREL_LO19, ADR_PREL_LO21: R_AARCH64_ADR_PREL_LO21,
  ADR_PREL_PG_HI21: R_AARCH64_ADR_PREL_PG_HI21, ADR_PREL_PG_HI21_NC: R_AARCH64_ADR_PREL_PG_HI21_NC,
  ADD_ABS_LO12_NC: R_AARCH64_ADD_ABS_LO12_NC,
  LDST8_ABS_LO12_NC: R_AARCH64_LDST8_ABS_LO12_NC, LDST16_ABS_LO12_NC: R_AARCH64_LDST16_ABS_LO12_NC,
  LDST32_ABS_LO12_NC: R_AARCH64_LDST32_ABS_LO12_NC, LDST64_ABS_LO12_NC: R_AARCH64_LDST64_ABS_LO12_NC,
  LDST128_ABS_LO12_NC: R_AARCH64_LDST128_ABS_LO12_NC,
  TSTBR14: R_AARCH64_TSTBR14, CONDBR19: R_AARCH64_CONDBR19, JUMP26: R_AARCH64_JUMP26, CALL26: R_AARCH64_CALL26,
};
const T = ALL_TYPES;
const typeName = (t: number) => Object.keys(ALL_TYPES).find((k) => ALL_TYPES[k] === t) ?? `type ${t}`;

// The constants of relocs_abs.S and relocs_asm.S.
const K16 = 0xbeefn, K32 = 0x89abcdefn, K48 = 0x123456789abcn;
const NEG16 = -0x1234n, POS16 = 0x4321n, NEG32 = -0x12345678n;
const LIT64 = 0x5eed0019c0de0019n, NONE_WORD = 0x4e4f4e45n;
const D8 = 0xa8n, D16 = 0xb16bn, D32 = 0xc32c32c3n, D64 = 0xd64d64d64d64d64dn;
const D128_LO = 0x0123456789abcdefn, D128_HI = 0xfedcba9876543210n;
/** The string the pointer-taking functions get (strlen 19). */
const TEXT = 'kmodlab relocations';

interface Ctx { a(name: string): bigint; str: bigint }
interface Case {
  fn: string;
  args?: (c: Ctx) => bigint[];
  want: (c: Ctx) => bigint;
  /** The relocation types this call goes through (found in the function's code, or at `slot` in .data). */
  types: number[];
  slot?: string;
}

const CASES: Case[] = [
  // Data relocations: the function reads the relocated slot.
  { fn: 'relocs_none', want: () => NONE_WORD, types: [T.NONE], slot: 'relocs_none_slot' },
  { fn: 'relocs_abs64', want: (c) => c.a('relocs_target_data') + 8n, types: [T.ABS64], slot: 'relocs_abs64_slot' },
  { fn: 'relocs_abs64_kernel', want: (c) => c.a('strlen'), types: [T.ABS64], slot: 'relocs_abs64_kernel_slot' },
  { fn: 'relocs_abs32', want: () => K32 + 0x10n, types: [T.ABS32], slot: 'relocs_abs32_slot' },
  { fn: 'relocs_abs16', want: () => K16 + 1n, types: [T.ABS16], slot: 'relocs_abs16_slot' },
  { fn: 'relocs_prel64', want: (c) => c.a('strlen'), types: [T.PREL64], slot: 'relocs_prel64_slot' },
  { fn: 'relocs_prel32', want: (c) => c.a('memcpy'), types: [T.PREL32], slot: 'relocs_prel32_slot' },
  { fn: 'relocs_prel16', want: (c) => c.a('relocs_target_rodata'), types: [T.PREL16], slot: 'relocs_prel16_slot' },
  // MOVW: unsigned absolute
  { fn: 'relocs_movw_uabs_g0', want: () => K16, types: [T.MOVW_UABS_G0] },
  { fn: 'relocs_movw_uabs_g1', want: () => K32, types: [T.MOVW_UABS_G1, T.MOVW_UABS_G0_NC] },
  { fn: 'relocs_movw_uabs_g2', want: () => K48, types: [T.MOVW_UABS_G2, T.MOVW_UABS_G1_NC, T.MOVW_UABS_G0_NC] },
  {
    fn: 'relocs_movw_uabs_g3', want: (c) => c.a('relocs_target_data'),
    types: [T.MOVW_UABS_G3, T.MOVW_UABS_G2_NC, T.MOVW_UABS_G1_NC, T.MOVW_UABS_G0_NC],
  },
  // MOVW: signed absolute
  { fn: 'relocs_movw_sabs_g0', want: () => u64(NEG16), types: [T.MOVW_SABS_G0] },
  { fn: 'relocs_movw_sabs_g0_pos', want: () => POS16, types: [T.MOVW_SABS_G0] },
  { fn: 'relocs_movw_sabs_g1', want: () => u64(NEG32), types: [T.MOVW_SABS_G1, T.MOVW_UABS_G0_NC] },
  {
    fn: 'relocs_movw_sabs_g2', want: (c) => c.a('relocs_target_rodata'),
    types: [T.MOVW_SABS_G2, T.MOVW_UABS_G1_NC, T.MOVW_UABS_G0_NC],
  },
  // MOVW: PC-relative
  { fn: 'relocs_movw_prel_g0', want: (c) => c.a('relocs_target_rodata'), types: [T.MOVW_PREL_G0] },
  { fn: 'relocs_movw_prel_g0_neg', want: (c) => c.a('relocs_target_rodata'), types: [T.MOVW_PREL_G0] },
  { fn: 'relocs_movw_prel_g1', want: (c) => c.a('strlen'), types: [T.MOVW_PREL_G1, T.MOVW_PREL_G0_NC] },
  {
    fn: 'relocs_movw_prel_g2', want: (c) => c.a('relocs_target_data'),
    types: [T.MOVW_PREL_G2, T.MOVW_PREL_G1_NC, T.MOVW_PREL_G0_NC],
  },
  {
    fn: 'relocs_movw_prel_g3', want: (c) => c.a('memcpy'),
    types: [T.MOVW_PREL_G3, T.MOVW_PREL_G2_NC, T.MOVW_PREL_G1_NC, T.MOVW_PREL_G0_NC],
  },
  // Literal loads, ADR, ADRP and the LO12 forms
  { fn: 'relocs_ld_prel_lo19', want: () => LIT64, types: [T.LD_PREL_LO19] },
  { fn: 'relocs_adr_prel_lo21', want: (c) => c.a('relocs_target_rodata'), types: [T.ADR_PREL_LO21] },
  {
    fn: 'relocs_adr_prel_pg_hi21', want: (c) => c.a('relocs_target_data'),
    types: [T.ADR_PREL_PG_HI21, T.ADD_ABS_LO12_NC],
  },
  { fn: 'relocs_adr_prel_pg_hi21_nc', want: (c) => c.a('strlen'), types: [T.ADR_PREL_PG_HI21_NC, T.ADD_ABS_LO12_NC] },
  {
    fn: 'relocs_add_abs_lo12_nc', want: (c) => c.a('relocs_target_rodata') + 5n,
    types: [T.ADR_PREL_PG_HI21, T.ADD_ABS_LO12_NC],
  },
  { fn: 'relocs_ldst8', want: () => D8, types: [T.ADR_PREL_PG_HI21, T.LDST8_ABS_LO12_NC] },
  { fn: 'relocs_ldst16', want: () => D16, types: [T.ADR_PREL_PG_HI21, T.LDST16_ABS_LO12_NC] },
  { fn: 'relocs_ldst32', want: () => D32, types: [T.ADR_PREL_PG_HI21, T.LDST32_ABS_LO12_NC] },
  { fn: 'relocs_ldst64', want: () => D64, types: [T.ADR_PREL_PG_HI21, T.LDST64_ABS_LO12_NC] },
  { fn: 'relocs_ldst128', args: () => [0n], want: () => D128_LO, types: [T.ADR_PREL_PG_HI21, T.LDST128_ABS_LO12_NC] },
  { fn: 'relocs_ldst128', args: () => [1n], want: () => D128_HI, types: [T.LDST128_ABS_LO12_NC] },
  // Branches: every path through each relocated branch
  { fn: 'relocs_tstbr14', args: () => [0n], want: () => 0x1401n, types: [T.TSTBR14] },
  { fn: 'relocs_tstbr14', args: () => [8n | (1n << 62n)], want: () => 0x1402n, types: [T.TSTBR14] },
  { fn: 'relocs_tstbr14', args: () => [8n], want: () => 0x1400n, types: [T.TSTBR14] },
  { fn: 'relocs_condbr19', args: () => [42n], want: () => 0x1901n, types: [T.CONDBR19] },
  { fn: 'relocs_condbr19', args: () => [0n], want: () => 0x1902n, types: [T.CONDBR19] },
  { fn: 'relocs_condbr19', args: () => [7n], want: () => 0x1903n, types: [T.CONDBR19] },
  { fn: 'relocs_condbr19', args: () => [8n], want: () => 0x1900n, types: [T.CONDBR19] },
  { fn: 'relocs_jump26', args: (c) => [c.str], want: () => BigInt(TEXT.length), types: [T.JUMP26] },
  { fn: 'relocs_jump26_local', args: () => [0x1000n], want: () => 0x1026n, types: [T.JUMP26] },
  { fn: 'relocs_call26', args: (c) => [c.str], want: () => BigInt(TEXT.length) + 0x260n, types: [T.CALL26] },
  { fn: 'relocs_call26_local', args: () => [14n], want: () => 43n, types: [T.CALL26] },
];

/** Relocation types by place: "section index:offset" → types. */
function relocationsByPlace(elf: ElfFile): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const s of elf.sections) {
    if (s.type !== SHT_RELA) continue;
    for (const r of elf.relocations(s.index)) {
      const key = `${s.info}:${r.offset}`;
      m.set(key, [...(m.get(key) ?? []), r.type]);
    }
  }
  return m;
}

function symbolNamed(elf: ElfFile, name: string) {
  const s = elf.symbols().find((x) => x.name === name);
  if (!s) throw new Error(`${name}: not in the .ko's symbol table`);
  return s;
}

/** The relocation types applied inside function `fn` (its [st_value, st_value + st_size)) or at symbol `slot`. */
function typesUsedBy(elf: ElfFile, byPlace: Map<string, number[]>, c: Case): Set<number> {
  const out = new Set<number>();
  const f = symbolNamed(elf, c.fn);
  for (let off = f.value; off < f.value + f.size; off += 4n) for (const t of byPlace.get(`${f.shndx}:${off}`) ?? []) out.add(t);
  if (c.slot) {
    const s = symbolNamed(elf, c.slot);
    for (const t of byPlace.get(`${s.shndx}:${s.value}`) ?? []) out.add(t);
  }
  return out;
}

/** Target of the B/BL at `pc`. */
function branchTarget(insn: number, pc: bigint): bigint {
  return pc + (BigInt.asIntN(26, BigInt(insn & 0x3ffffff)) << 2n);
}

/** The address a PLT veneer (adrp x16, #page; add x16, x16, #lo12; br x16) at `at` jumps to. */
function veneerTarget(k: Kernel, at: bigint): bigint {
  const adrp = k.machine.readU32(at), add = k.machine.readU32(at + 4n), br = k.machine.readU32(at + 8n);
  expect(((adrp & 0x9f00001f) >>> 0).toString(16)).toBe('90000010'); // adrp x16
  expect(((add & 0xffc003ff) >>> 0).toString(16)).toBe('91000210'); // add x16, x16, #imm
  expect((br >>> 0).toString(16)).toBe('d61f0200'); // br x16
  const imm = BigInt.asIntN(21, BigInt((((adrp >>> 5) & 0x7ffff) << 2) | ((adrp >>> 29) & 3)));
  return (at & ~0xfffn) + (imm << 12n) + BigInt((add >>> 10) & 0xfff);
}

const MOVZ = 2, MOVN = 0;
/** The opc of a function's MOVW, past the `bti c` landing pad SYM_FUNC_START puts first
 * (CONFIG_ARM64_BTI_KERNEL) -- any HINT-space instruction. */
const movOpc = (k: Kernel, at: bigint) => {
  while (((k.machine.readU32(at) & 0xfffff01f) >>> 0) === 0xd503201f) at += 4n;
  return (k.machine.readU32(at) >>> 29) & 3;
};
const B_RANGE = 128n << 20n;

describe('relocs.ko: every arm64 relocation type, applied and executed', () => {
  const elf = parseElf(image('relocs'));
  const byPlace = relocationsByPlace(elf);

  it('carries every relocation type Linux 6.1 arm64 applies, and nothing else', () => {
    const present = new Set<number>();
    for (const types of byPlace.values()) for (const t of types) present.add(t);
    const missing = Object.keys(ALL_TYPES).filter((n) => !present.has(ALL_TYPES[n]));
    expect(missing).toEqual([]);
    const unknown = [...present].filter((t) => !Object.values(ALL_TYPES).includes(t));
    expect(unknown).toEqual([]);
  });

  it('has a checked relocs_* function for every type, each going through the types it claims', () => {
    const funcs = elf.symbols()
      .filter((s) => s.name.startsWith('relocs_') && s.bind === STB_GLOBAL && s.type === STT_FUNC)
      .map((s) => s.name).sort();
    expect(funcs).toEqual([...new Set(CASES.map((c) => c.fn))].sort());
    const claimed = new Set<number>();
    for (const c of CASES) {
      const used = typesUsedBy(elf, byPlace, c);
      for (const t of c.types) {
        expect(used.has(t), `${c.fn} goes through ${typeName(t)}`).toBe(true);
        claimed.add(t);
      }
    }
    expect(Object.keys(ALL_TYPES).filter((n) => !claimed.has(ALL_TYPES[n]))).toEqual([]);
  });

  let kmallocCoreSize = 0;
  for (const policy of ['vmalloc', 'kmalloc', 'auto'] as PlacementPolicy[]) {
    it(`modulePlacement=${policy}: every relocs_* function returns the value its relocations imply`, () => {
      const k = boot({ modulePlacement: policy });
      try {
        const mod: Module = load_module(k, image('relocs'), ko('relocs'), '');
        expect(mod.state).toBe('LIVE');
        const core = mod.core!;
        if (policy === 'vmalloc') expect(core.placement).toBe('vmalloc');
        if (policy === 'kmalloc') {
          expect(core.placement).toBe('kmalloc');
          kmallocCoreSize = core.size;
        }
        // auto: kmalloc only for a compact layout below a page (the kmalloc run measured it).
        if (policy === 'auto' && kmallocCoreSize) {
          expect(core.placement).toBe(kmallocCoreSize < PAGE_SIZE ? 'kmalloc' : 'vmalloc');
        }
        expect(k.log.dmesg()).toContain(`relocs: relocated, ldst64 reads ${hex(D64)}`);

        const a = (name: string): bigint => {
          const v = k.kallsyms.address(name);
          if (v === null) throw new Error(`${name}: not in kallsyms`);
          return v;
        };
        const str = k.slab.kmalloc(64);
        k.machine.write(str, new Uint8Array(Buffer.from(`${TEXT}\0`, 'latin1')));
        const ctx: Ctx = { a, str };
        const inCore = (x: bigint) => x >= core.base && x < core.base + BigInt(core.size);
        for (const f of ['relocs_target_data', 'relocs_target_rodata', 'relocs_abs64']) expect(inCore(a(f)), f).toBe(true);

        const got: string[] = [];
        const want: string[] = [];
        for (const c of CASES) {
          const args = c.args?.(ctx) ?? [];
          const label = `${c.fn}(${args.map(hex).join(', ')})`;
          const r = k.call(a(c.fn), args);
          got.push(`${label} = ${r.ok ? hex(r.ret) : `fault: ${JSON.stringify(r)}`}`);
          want.push(`${label} = ${hex(c.want(ctx))}`);
        }
        expect(got).toEqual(want);

        // The signed MOVW relocations chose MOVZ or MOVN by the sign of the value.
        expect(movOpc(k, a('relocs_movw_sabs_g0'))).toBe(MOVN);
        expect(movOpc(k, a('relocs_movw_sabs_g0_pos'))).toBe(MOVZ);
        expect(movOpc(k, a('relocs_movw_sabs_g1'))).toBe(MOVN);
        expect(movOpc(k, a('relocs_movw_sabs_g2'))).toBe(MOVN);
        expect(movOpc(k, a('relocs_movw_prel_g0'))).toBe(a('relocs_target_rodata') >= a('relocs_movw_prel_g0') ? MOVZ : MOVN);
        expect(movOpc(k, a('relocs_movw_prel_g0_neg'))).toBe(MOVN);
        expect(movOpc(k, a('relocs_movw_prel_g1'))).toBe(a('strlen') >= a('relocs_movw_prel_g1') ? MOVZ : MOVN);
        expect(movOpc(k, a('relocs_movw_prel_g3'))).toBe(a('memcpy') >= a('relocs_movw_prel_g3') ? MOVZ : MOVN);

        // Branches into the kernel: direct within ±128 MiB, else through a PLT veneer in the module's core.
        const bl = (fn: string) => {
          for (let pc = a(fn); pc < a(fn) + 32n; pc += 4n) {
            const insn = k.machine.readU32(pc);
            if ((insn & 0x7c000000) === 0x14000000) return { pc, insn };
          }
          throw new Error(`${fn}: no B/BL`);
        };
        for (const fn of ['relocs_jump26', 'relocs_call26']) {
          const { pc, insn } = bl(fn);
          const to = branchTarget(insn, pc);
          const dist = a('strlen') - pc;
          if (dist >= -B_RANGE && dist < B_RANGE) {
            expect(hex(to), `${fn} branches straight to strlen`).toBe(hex(a('strlen')));
          } else {
            expect(inCore(to), `${fn} branches to a veneer in the core`).toBe(true);
            expect(hex(veneerTarget(k, to))).toBe(hex(a('strlen')));
          }
        }
        // kmalloc memory is ~2 GiB from the kernel: the veneer path is taken there for sure.
        if (core.placement === 'kmalloc') {
          const { pc, insn } = bl('relocs_call26');
          expect(inCore(branchTarget(insn, pc))).toBe(true);
        }
      } finally {
        k.close();
      }
    });
  }
});

/** CRC-32 (IEEE, reflected), bit by bit: the reference when zlib.crc32 (Node 20.15+) is missing. */
function crc32Ref(data: Uint8Array, crc = 0): number {
  crc = ~crc >>> 0;
  for (const b of data) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ~crc >>> 0;
}
const zcrc = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
const crc32 = (data: Uint8Array, crc = 0): number => (typeof zcrc === 'function' ? zcrc(data, crc) : crc32Ref(data, crc)) >>> 0;

/** 4096 bytes of a deterministic pattern (a 32-bit LCG's top bytes). */
function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = 0x12345678;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('crctable.ko: slice-by-8 CRC-32 in a module bigger than a page', () => {
  it('the reference CRC-32 agrees with the check value', () => {
    expect(crc32(new Uint8Array(Buffer.from('123456789')))).toBe(0xcbf43926);
    expect(crc32Ref(new Uint8Array(Buffer.from('123456789')))).toBe(0xcbf43926);
  });

  it('loads into the module area under the default placement and prints the check value', () => {
    const r = scenario(`
insmod crctable/crctable.ko
lsmod
call crctable_crc32 0 "123456789" 9
call crctable_crc32 0 "" 0
dmesg
`);
    expect(r.err).toEqual([]);
    expect(r.out[1]).toMatch(/^crctable\s+\d+  0$/);
    expect(r.out[2]).toBe('=> 0xcbf43926');
    expect(r.out[3]).toBe('=> 0x0');
    expect(messages(r.out)).toContain('crctable: crc32("123456789") = 0xcbf43926');
  });

  for (const policy of ['auto', 'kmalloc'] as PlacementPolicy[]) {
    it(`modulePlacement=${policy}: crctable_crc32 matches zlib on 4096 bytes, misaligned and chained`, () => {
      const k = policy === 'auto' ? boot() : boot({ modulePlacement: policy });
      try {
        const mod = load_module(k, image('crctable'), ko('crctable'), '');
        expect(mod.state).toBe('LIVE');
        if (policy === 'auto') {
          expect(mod.core!.placement).toBe('vmalloc');
          expect(mod.coreSize).toBeGreaterThanOrEqual(8192);
        } else {
          expect(mod.core!.placement).toBe('kmalloc');
        }
        expect(mod.exports.map((e) => e.name)).toContain('crctable_crc32');
        const fn = k.kallsyms.address('crctable_crc32')!;
        const data = pattern(4096);
        const buf = k.slab.kmalloc(4096 + 16);
        k.machine.write(buf, data);
        const call = (crc: number, off: number, len: number): number => {
          const r = k.call(fn, [BigInt(crc), buf + BigInt(off), BigInt(len)]);
          if (!r.ok) throw new Error(`crctable_crc32 faulted: ${JSON.stringify(r)}`);
          return Number(r.ret & 0xffffffffn);
        };
        expect(call(0, 0, 4096).toString(16)).toBe(crc32(data).toString(16));
        // head and tail loops: odd start, odd length
        expect(call(0, 3, 4000).toString(16)).toBe(crc32(data.subarray(3, 4003)).toString(16));
        for (const len of [1, 7, 8, 9, 15, 16, 17]) {
          expect(call(0, 5, len).toString(16), `len ${len}`).toBe(crc32(data.subarray(5, 5 + len)).toString(16));
        }
        // chaining: crc(a ++ b) = crc(b, seed crc(a))
        const first = call(0, 0, 1234);
        expect(call(first, 1234, 4096 - 1234).toString(16)).toBe(crc32(data).toString(16));
        expect(crc32(data.subarray(1234), crc32(data.subarray(0, 1234)))).toBe(crc32(data));
      } finally {
        k.close();
      }
    });
  }
});

describe('STRICT_MODULE_RWX for module-area modules', () => {
  /** memcpy(dst, src, n) run by the guest: a real store, subject to the page protections. */
  function guestCopy(k: Kernel, dst: bigint, src: bigint, n: bigint) {
    return k.call(k.kallsyms.address('memcpy')!, [dst, src, n]);
  }

  it('.rodata is read-only once the module is formed (a guest store faults)', () => {
    const k = boot({ modulePlacement: 'vmalloc' });
    try {
      load_module(k, image('relocs'), ko('relocs'), '');
      const ro = k.kallsyms.address('relocs_target_rodata')!;
      const r = guestCopy(k, ro, ro, 4n); // rewrites the same bytes
      expect(r.ok).toBe(false);
      // .data stays writable
      const rw = k.kallsyms.address('relocs_target_data')!;
      expect(guestCopy(k, rw, rw, 4n).ok).toBe(true);
    } finally {
      k.close();
    }
  });

  // Linux 6.1: layout_and_allocate() marks .data..ro_after_init SHF_RO_AFTER_INIT, layout_sections() puts it
  // between rodata and data, module_enable_ro(mod, false) leaves it writable for init, and do_init_module() calls
  // module_enable_ro(mod, true) once init has returned. crctable's tables are __ro_after_init.
  it('__ro_after_init data is writable during init and read-only once init has returned', () => {
    const k = boot();
    try {
      const mod = load_module(k, image('crctable'), ko('crctable'), '');
      expect(mod.state).toBe('LIVE'); // init wrote the tables
      const tab = k.kallsyms.address('crctable_tab')!;
      expect(tab).not.toBeNull();
      const r = guestCopy(k, tab, tab, 4n); // rewrites the same bytes
      expect(r.ok, 'a store into crctable_tab after init must fault').toBe(false);
    } finally {
      k.close();
    }
  });
});

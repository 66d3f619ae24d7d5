// module_finalize() for arm64 (arch/arm64/kernel/module.c) and the answer, in one place, to
// "what does the loader do with this section of a real module?". Linux 6.1 runs it from
// post_relocation(), after relocations and before the module's text is made read-only and
// the instruction cache is cleaned; load_module() calls it at the same point.
//
// Every section that Debian's 6.1 arm64 modules carry (992 modules of linux-image-*-cloud-arm64,
// see docs/REAL-MODULES.md) is either applied, laid out as ordinary data, or ignored for the
// reason written in SECTIONS below.
import { find_sec, type ElfFile } from '../elf.ts';
import { KernelError, ENOEXEC } from '../errno.ts';
import type { Kernel } from '../kernel.ts';
import type { Module } from './module.ts';

export type SectionFate = 'applied' | 'loaded' | 'not loaded' | 'ignored';

/** What happens to each special section of a module, and why. Ordinary text, data, rodata, bss, init and exit sections are laid out by layout.ts. */
export const SECTIONS: Record<string, { fate: SectionFate; why: string }> = {
  '.altinstructions': {
    fate: 'applied',
    why: 'apply_alternatives_module() (kernel/core/alternative.c) patches each entry whose capability the machine has: LSE atomics and ALWAYS_SYSTEM (callbacks alt_cb_patch_nops); entries for VHE, pseudo-NMI, KPTI and errata keep their original instructions',
  },
  '__bug_table': { fate: 'applied', why: 'WARN/BUG sites: the brk #0x800 handler finds the entry (module_bug_finalize)' },
  '.plt': { fate: 'applied', why: 'PLT veneers for CALL26/JUMP26 out of range (module-plts.ts)' },
  '.init.plt': { fate: 'applied', why: 'PLT veneers for init text (module-plts.ts)' },
  '.text.ftrace_trampoline': { fate: 'applied', why: 'sized like Linux (module-plts.ts); no ftrace, so never branched to' },
  '.data..ro_after_init': { fate: 'applied', why: 'laid out apart and made read-only once init returns' },
  '__jump_table': {
    fate: 'applied',
    why: 'laid out as ro_after_init. jump_label_add_module() patches an entry only when its key\'s state differs from the key\'s declared default; no static key of this kernel is ever enabled and a module\'s own keys start at their default, so every site already holds the right instruction',
  },
  '__ksymtab': { fate: 'applied', why: 'exports (PREL32 kernel_symbol)' },
  '__ksymtab_gpl': { fate: 'applied', why: 'GPL-only exports' },
  '__kcrctab': { fate: 'applied', why: 'CRCs of the exports (modversions)' },
  '__kcrctab_gpl': { fate: 'applied', why: 'CRCs of the GPL-only exports' },
  '__param': { fate: 'applied', why: 'module parameters (params.ts)' },
  '.data..percpu': { fate: 'applied', why: 'copied to every CPU\'s per-CPU area' },
  '.gnu.linkonce.this_module': { fate: 'applied', why: 'struct module' },
  '__versions': { fate: 'not loaded', why: 'read by check_version(), SHF_ALLOC cleared as in Linux' },
  '.modinfo': { fate: 'not loaded', why: 'read by check_modinfo(), SHF_ALLOC cleared as in Linux' },
  '__patchable_function_entries': {
    fate: 'ignored',
    why: 'ftrace\'s list of the two NOPs at each function entry (-fpatchable-function-entry); loaded as data, and the NOPs stay NOPs because the machine has no ftrace',
  },
  '__ex_table': {
    fate: 'applied',
    why: 'uaccess fixups (get_user, put_user): a fault at a listed instruction resumes at its fixup with -EFAULT, as fixup_exception() does (kernel/extable.ts)',
  },
  '__dyndbg': { fate: 'ignored', why: 'dynamic debug descriptors; loaded as data. pr_debug sites stay behind their static keys, which are off by default as in Linux without dyndbg= parameters' },
  '__tracepoints': { fate: 'ignored', why: 'tracepoints; loaded as data, their static keys stay off: there is no tracer' },
  '__tracepoints_ptrs': { fate: 'ignored', why: 'tracepoint list for the tracepoint module notifier; no tracer' },
  '__tracepoints_strings': { fate: 'ignored', why: 'tracepoint names; no tracer' },
  '_ftrace_events': { fate: 'ignored', why: 'trace event classes; no tracer' },
  '_ftrace_eval_map': { fate: 'ignored', why: 'trace event enum maps; no tracer' },
  '__bpf_raw_tp_map': { fate: 'ignored', why: 'BPF raw tracepoints; no BPF' },
  '.BTF': { fate: 'not loaded', why: 'not SHF_ALLOC; Linux keeps it for BPF type information (CONFIG_DEBUG_INFO_BTF_MODULES); no BPF here' },
  '.BTF_ids': { fate: 'ignored', why: 'BTF id sets for BPF; loaded as rodata' },
  '.note.gnu.build-id': { fate: 'loaded', why: 'loaded as rodata like every SHF_ALLOC note (Linux shows them in /sys/module/M/notes)' },
  '.note.gnu.property': { fate: 'loaded', why: 'BTI/PAC property note; loaded as rodata. BTI landing pads and PAC hints execute as NOPs on the MAX CPU with both disabled in SCTLR_EL1' },
  '.note.Linux': { fate: 'loaded', why: 'the Linux note; loaded as rodata' },
  '___srcu_struct_ptrs': { fate: 'ignored', why: 'SRCU structures to initialise at load; loaded as data, no module here uses SRCU before init' },
};

/**
 * module_finalize(): arm64's post-relocation step. Applies .altinstructions on a core (the C
 * kernel core's apply_alternatives_module, so a callback such as alt_cb_patch_nops runs as
 * the machine code it is). Throws KernelError(ENOEXEC) if patching faulted.
 */
export function module_finalize(k: Kernel, elf: ElfFile, mod: Module, cpu = 0): void {
  const i = find_sec(elf, '.altinstructions');
  if (!i) return;
  const s = elf.sections[i];
  if (s.size === 0n) return;
  const r = k.call(k.symbol('apply_alternatives_module'), [s.addr, s.size], { cpu, comm: 'insmod' });
  if (!r.ok) {
    k.printk(`<3>${mod.name}: applying alternatives failed\n`);
    throw new KernelError(ENOEXEC);
  }
}

/*
 * Hooks that run on every translated block. They live in C because a call into
 * JavaScript costs ~0.2 us, which would dominate the cost of emulating a block.
 *
 * kml_block_count: instruction accounting and slicing. Each core owns a
 * struct kml_slice; the block hook adds the block's instruction count (AArch64
 * instructions are 4 bytes) and stops the engine once the slice budget is spent.
 * Slices therefore end on block boundaries, which are a pure function of the
 * code, so the interleaving of cores is deterministic.
 *
 * A stop requested from a block hook takes effect before the block's first
 * instruction (measured on 2.0.1: the block runs again when emulation resumes),
 * so the block that triggers the stop is not counted.
 */
#include <stdint.h>
#include <unicorn/unicorn.h>

/*
 * Scheduling points (schedule exploration): the engine also stops when a block enters or
 * leaves one of the watched code ranges (module text: the kernel says which), when a tracked
 * line is accessed (kml_mem_access) and when a poisoned range is accessed (kml_poison_access).
 * Such a stop sets `point`; like the budget stop it takes effect before the block runs, and
 * the block runs (and is counted) when emulation resumes, by which time `in_range` agrees.
 */
#define KML_MAX_RANGES 240

enum { KML_POINT_NONE, KML_POINT_RANGE, KML_POINT_LINE, KML_POINT_POISON };

struct kml_tlb;
void kml_tlb_fetch(struct kml_tlb *t, uint64_t va);

struct kml_slice {
	uint64_t executed;	/* instructions executed since the counter was reset */
	uint64_t budget;	/* stop once executed >= budget */
	uint64_t blocks;	/* blocks entered */
	uint64_t stopped;	/* 1 when this hook asked the engine to stop */
	uint64_t points;	/* 1: stop at range transitions and tracked-line accesses */
	uint64_t point;		/* why the last run stopped at a point (KML_POINT_*) */
	uint64_t in_range;	/* 1 + index of the range holding the last block, 0 none */
	uint64_t nranges;
	uint64_t fresh;		/* 1: the next block sets in_range without stopping (a switch) */
	uint64_t point_addr;	/* the block (range) or data address (line, poison) */
	uint64_t point_type;	/* poison: UC_MEM_READ or UC_MEM_WRITE */
	uint64_t point_pc;	/* poison: the accessing instruction */
	uint64_t from_range;	/* range: in_range before the transition */
	uint64_t line_pending;	/* a tracked line was accessed: stop before the next block */
	struct kml_tlb *tlb;	/* the cost model's TLBs, when priced (kml_tlb_fetch) */
	uint64_t pad[1];
	struct { uint64_t begin, end; } ranges[KML_MAX_RANGES];
	uint64_t cnt_base;	/* the generic timer's count when executed was cnt_exec */
	uint64_t cnt_exec;
	uint64_t cntv_ctl;	/* the virtual timer: CNTV_CTL_EL0 (ENABLE, IMASK) */
	uint64_t cntv_cval;	/* CNTV_CVAL_EL0 */
};

static uint64_t kml_range_of(const struct kml_slice *s, uint64_t address)
{
	uint64_t i;

	for (i = 0; i < s->nranges; i++)
		if (address >= s->ranges[i].begin && address < s->ranges[i].end)
			return i + 1;
	return 0;
}

void kml_block_count(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
	struct kml_slice *s = user_data;

	if (s->executed >= s->budget) {
		if (!s->stopped) {
			s->stopped = 1;
			uc_emu_stop(uc);
		}
		return;
	}
	if (s->line_pending) {
		s->line_pending = 0;
		if (s->points && !s->point) {
			s->point = KML_POINT_LINE;
			uc_emu_stop(uc);
			return;
		}
	}
	if (s->nranges) {
		uint64_t r = kml_range_of(s, address);

		if (s->fresh) {
			s->fresh = 0;
			s->in_range = r;
		} else if (r != s->in_range) {
			s->from_range = s->in_range;
			s->in_range = r;
			if (s->points && !s->point) {
				s->point = KML_POINT_RANGE;
				s->point_addr = address;
				uc_emu_stop(uc);
				return;
			}
		}
	}
	if (s->tlb)
		kml_tlb_fetch(s->tlb, address);
	s->executed += size >> 2;
	s->blocks++;
}

/*
 * kml_mem_access: the coherence cost of tracked cache lines (64 bytes). Each
 * line remembers an owner core (the last writer, -1 when shared or cold) and a
 * bitmask of cores holding a copy. A write by a core that is not the only
 * holder, or a read of a line another core owns, moves the line: the accessing
 * core is charged transfer_cycles. Reads of shared lines and accesses to lines
 * the core holds are hits (free): a MESI model reduced to what the seeds argue
 * about -- does this operation write a line another CPU writes?
 */
#define KML_MAX_TRACKS 2048

struct kml_line {
	int32_t owner;
	uint32_t pad;
	uint64_t sharers;
	uint64_t free_at;	/* machine time the line's last transfer ends */
};

struct kml_track {
	uint64_t base;
	uint64_t nlines;
	struct kml_line *lines;
};

struct kml_coherence {
	uint64_t transfer_cycles;
	uint64_t ntracks;
	struct kml_track tracks[KML_MAX_TRACKS];
};

struct kml_core_mem {
	struct kml_coherence *coh;
	struct kml_slice *slice;
	uint64_t core;
	uint64_t penalty;	/* cycles charged so far */
	uint64_t transfers;	/* line transfers so far */
	int64_t base;		/* machine time = base + executed + penalty (set at each slice) */
};

/*
 * A line moves one transfer at a time: a core that wants it while it is still on its way to
 * another waits until that transfer ends, then pays its own. N cores hammering one line thus
 * wait for one another, and the cost of an access grows with N -- serialisation of the line,
 * which is the whole argument for per-CPU counters. Requests are served in the order the
 * cores run within a round (an approximation of arrival order that keeps runs deterministic).
 */
static void kml_transfer(struct kml_core_mem *m, struct kml_coherence *coh, struct kml_line *l)
{
	uint64_t now = (uint64_t)(m->base + (int64_t)(m->slice->executed + m->penalty));
	uint64_t start = now > l->free_at ? now : l->free_at;

	m->penalty += start - now + coh->transfer_cycles;
	m->transfers++;
	l->free_at = start + coh->transfer_cycles;
}

/*
 * A tracked line is a communication point: when exploring, stop once the block holding the
 * access is done (a stop from inside a memory hook makes 2.0.1 run the block again, measured).
 */
static void kml_line_point(uc_engine *uc, struct kml_slice *s, uint64_t address)
{
	(void)uc;
	if (s->points) {
		s->line_pending = 1;
		s->point_addr = address;
	}
}

void kml_mem_access(uc_engine *uc, uc_mem_type type, uint64_t address, int size,
		    int64_t value, void *user_data)
{
	struct kml_core_mem *m = user_data;
	struct kml_coherence *coh = m->coh;
	uint64_t me = 1ull << m->core;
	uint64_t i;

	(void)uc; (void)size; (void)value;
	for (i = 0; i < coh->ntracks; i++) {
		struct kml_track *t = &coh->tracks[i];
		struct kml_line *l;

		if (address < t->base || address >= t->base + t->nlines * 64)
			continue;
		l = &t->lines[(address - t->base) >> 6];
		if (type == UC_MEM_WRITE) {
			if ((l->sharers & ~me) || (l->owner >= 0 && (uint64_t)l->owner != m->core))
				kml_transfer(m, coh, l);
			l->owner = (int32_t)m->core;
			l->sharers = me;
		} else {
			if (l->owner >= 0 && (uint64_t)l->owner != m->core) {
				kml_transfer(m, coh, l);
				l->owner = -1;
			}
			l->sharers |= me;
		}
		kml_line_point(uc, m->slice, address);
		return;
	}
}

/*
 * kml_poison_access: a read or write of a poisoned range (memory of an unloaded module that
 * stays mapped) is recorded with the accessing instruction and stops the engine; the machine
 * turns it into a fault. Hooks are added per range, so only those accesses reach this.
 */
void kml_poison_access(uc_engine *uc, uc_mem_type type, uint64_t address, int size,
		       int64_t value, void *user_data)
{
	struct kml_slice *s = user_data;
	uint64_t pc = 0;

	(void)size; (void)value;
	if (s->point == KML_POINT_POISON)
		return;
	uc_reg_read(uc, UC_ARM64_REG_PC, &pc);
	s->point = KML_POINT_POISON;
	s->point_addr = address;
	s->point_type = (uint64_t)type;
	s->point_pc = pc;
	uc_emu_stop(uc);
}

/*
 * kml_tlb_fill: the MMU. Each core runs in Unicorn's virtual-TLB mode with one RAM region at
 * physical 0; on a TLB miss Unicorn asks this hook for the page's translation, and it walks
 * the stage-1 tables the kernel built in RAM (emu/mmu.ts: 4 KiB granule, 48-bit virtual
 * addresses, TTBR1 for the top half, TTBR0 for the bottom one) as the hardware walker does.
 * Permissions come from the leaf descriptor: AP[2] read-only, PXN never-execute.
 *
 * Unicorn raises the fault itself -- when the hook finds no translation, or when the access
 * needs a permission the entry lacks -- and ends the run with UC_ERR_EXCEPTION without telling
 * what faulted; the hook records it (FAR, access type, translation or permission fault, the
 * level the walk stopped at), as ESR and FAR would, for the machine to report.
 */
enum { KML_FAULT_NONE, KML_FAULT_TRANSLATION, KML_FAULT_PERMISSION };

struct kml_mmu {
	uint8_t *ram;
	uint64_t ram_size;
	uint64_t ttbr0;		/* physical address of the level-0 table for 0x0000... */
	uint64_t ttbr1;		/* ... and for 0xffff... */
	uint64_t fills;		/* misses of Unicorn's own TLB: QEMU sizes it by host time, never a figure */
	uint64_t walk_reads;	/* descriptors read by the walks */
	uint64_t fault_va;
	uint64_t fault_type;	/* UC_MEM_READ, UC_MEM_WRITE or UC_MEM_FETCH */
	uint64_t fault_kind;	/* KML_FAULT_* */
	uint64_t fault_level;
	/*
	 * Pages written since a machine checkpoint, one byte per 4 KiB physical page, or NULL.
	 * A clean page is handed to Unicorn's TLB without write permission, so the first store
	 * comes back here as a write fill and marks it (QEMU's own dirty tracking works so).
	 */
	uint8_t *dirty;
};

#define KML_OA_MASK 0x0000fffffffff000ull

/*
 * The hardware walk of va: 1 with the leaf descriptor and its level (3 a page, 2 or 1 a
 * block), 0 with the level the walk stopped at. reads, when given, counts descriptors read.
 */
static int kml_walk(const struct kml_mmu *m, uint64_t va, uint64_t *leaf, int *at_level, uint64_t *reads)
{
	uint64_t table, top = va >> 48;
	int level;

	*at_level = 0;
	if (top == 0xffff)
		table = m->ttbr1;
	else if (top == 0)
		table = m->ttbr0;
	else
		return 0;
	for (level = 0; level < 4; level++) {
		uint64_t at = table + ((va >> (39 - 9 * level)) & 511) * 8, desc;

		*at_level = level;
		if (at + 8 > m->ram_size)
			return 0;
		desc = *(const uint64_t *)(m->ram + at);
		if (reads)
			(*reads)++;
		if (!(desc & 1))
			return 0;
		/* a page at level 3; a block (1 GiB at level 1, 2 MiB at level 2) */
		if (level == 3 ? (desc & 3) == 3 : (desc & 3) == 1 && level > 0) {
			*leaf = desc;
			return 1;
		}
		if ((desc & 3) != 3 || level == 3)
			return 0;
		table = desc & KML_OA_MASK;
	}
	return 0;
}

bool kml_tlb_fill(uc_engine *uc, uint64_t va, uc_mem_type type, uc_tlb_entry *result, void *user_data)
{
	struct kml_mmu *m = user_data;
	uint64_t desc = 0, need;
	uint32_t perms;
	int level;

	(void)uc;
	if (!kml_walk(m, va, &desc, &level, &m->walk_reads))
		goto translation;
	{
		uint64_t span = 1ull << (12 + 9 * (3 - level));

		result->paddr = ((desc & KML_OA_MASK) & ~(span - 1)) | (va & (span - 1));
	}
	perms = UC_PROT_READ;
	if (!(desc & (1ull << 7)))
		perms |= UC_PROT_WRITE;
	if (!(desc & (1ull << 53)))
		perms |= UC_PROT_EXEC;
	need = type == UC_MEM_WRITE ? UC_PROT_WRITE : type == UC_MEM_FETCH ? UC_PROT_EXEC : UC_PROT_READ;
	if (m->dirty && (perms & UC_PROT_WRITE) && result->paddr < m->ram_size) {
		uint64_t pfn = result->paddr >> 12;

		if (type == UC_MEM_WRITE)
			m->dirty[pfn] = 1;
		else if (!m->dirty[pfn])
			perms &= ~UC_PROT_WRITE;
	}
	result->perms = perms;
	m->fills++;
	if (!(perms & need)) {
		m->fault_va = va;
		m->fault_type = (uint64_t)type;
		m->fault_kind = KML_FAULT_PERMISSION;
		m->fault_level = (uint64_t)level;
	}
	return true;

translation:
	m->fault_va = va;
	m->fault_type = (uint64_t)type;
	m->fault_kind = KML_FAULT_TRANSLATION;
	m->fault_level = (uint64_t)level;
	return false;
}

/*
 * kml_tlb_*: the cost model's TLBs (Unicorn's own TLB is a software cache whose size QEMU
 * changes with host time, so it cannot be priced). Per core, shaped as Cortex-A72's (TRM:
 * 48-entry fully associative L1 instruction TLB, 32-entry fully associative L1 data TLB,
 * 1024-entry 4-way L2 TLB), LRU. An entry covers what the leaf descriptor maps: a 4 KiB page
 * or a 2 MiB block, so the linear map's blocks serve 512 times the addresses of a module-area
 * page. An L1 miss that hits L2 costs l2_hit_cycles; an L2 miss walks the tables and costs
 * walk_level_cycles per descriptor read (four for a page, three for a block). Instruction
 * fetches are looked up once per translated block (kml_block_count); data accesses through a
 * memory hook that sees physical addresses, turned back into the virtual address through
 * pfn_va (the page's one mapping outside the linear map, else its linear-map address).
 */
#define KML_L1I 48
#define KML_L1D 32
#define KML_L2_SETS 256
#define KML_L2_WAYS 4

struct kml_tlb_entry {
	uint64_t tag;		/* va >> shift */
	uint64_t lru;		/* 0: invalid */
	uint64_t shift;		/* 12 (page) or 21/30 (block) */
};

struct kml_tlb {
	struct kml_mmu *mmu;
	uint64_t l2_hit_cycles;
	uint64_t walk_level_cycles;
	uint64_t penalty;	/* cycles charged */
	uint64_t l1i_misses, l1d_misses, l2_misses, walks;
	uint64_t stamp;
	uint64_t *pfn_va;	/* per physical page: its non-linear virtual page, 0 if none */
	uint64_t npfn;
	uint64_t linear_base;	/* PAGE_OFFSET */
	uint64_t pad[4];
	struct kml_tlb_entry l1i[KML_L1I];
	struct kml_tlb_entry l1d[KML_L1D];
	struct kml_tlb_entry l2[KML_L2_SETS][KML_L2_WAYS];
};

/* The level a walk of va ends at (the leaf), or -1 when va is not mapped. */
static int kml_walk_level(const struct kml_mmu *m, uint64_t va)
{
	uint64_t desc;
	int level;

	return kml_walk(m, va, &desc, &level, 0) ? level : -1;
}

static struct kml_tlb_entry *kml_tlb_find(struct kml_tlb_entry *e, int n, uint64_t va)
{
	int i;

	for (i = 0; i < n; i++)
		if (e[i].lru && (va >> e[i].shift) == e[i].tag)
			return &e[i];
	return 0;
}

static void kml_tlb_fill_into(struct kml_tlb_entry *e, int n, uint64_t va, uint64_t shift, uint64_t stamp)
{
	struct kml_tlb_entry *victim = &e[0];
	int i;

	for (i = 0; i < n; i++) {
		if (!e[i].lru) {
			victim = &e[i];
			break;
		}
		if (e[i].lru < victim->lru)
			victim = &e[i];
	}
	victim->tag = va >> shift;
	victim->shift = shift;
	victim->lru = stamp;
}

static void kml_tlb_access(struct kml_tlb *t, uint64_t va, int fetch)
{
	struct kml_tlb_entry *l1 = fetch ? t->l1i : t->l1d, *e;
	int n = fetch ? KML_L1I : KML_L1D, level;
	uint64_t stamp = ++t->stamp, shift;

	e = kml_tlb_find(l1, n, va);
	if (e) {
		e->lru = stamp;
		return;
	}
	if (fetch)
		t->l1i_misses++;
	else
		t->l1d_misses++;
	/* L2: a page entry sits in the set of va >> 12, a block entry in that of va >> 21 */
	e = kml_tlb_find(t->l2[(va >> 12) % KML_L2_SETS], KML_L2_WAYS, va);
	if (!e)
		e = kml_tlb_find(t->l2[(va >> 21) % KML_L2_SETS], KML_L2_WAYS, va);
	if (e) {
		e->lru = stamp;
		t->penalty += t->l2_hit_cycles;
		kml_tlb_fill_into(l1, n, va, e->shift, stamp);
		return;
	}
	level = kml_walk_level(t->mmu, va);
	if (level < 0)
		return;		/* a fault: the abort is what it costs */
	t->l2_misses++;
	t->walks++;
	t->penalty += t->l2_hit_cycles + (uint64_t)(level + 1) * t->walk_level_cycles;
	shift = 12 + 9 * (3 - level);
	kml_tlb_fill_into(t->l2[(va >> shift) % KML_L2_SETS], KML_L2_WAYS, va, shift, stamp);
	kml_tlb_fill_into(l1, n, va, shift, stamp);
}

void kml_tlb_fetch(struct kml_tlb *t, uint64_t va)
{
	kml_tlb_access(t, va, 1);
}

void kml_tlb_data(uc_engine *uc, uc_mem_type type, uint64_t pa, int size, int64_t value, void *user_data)
{
	struct kml_tlb *t = user_data;
	uint64_t pfn = pa >> 12, va;

	(void)uc; (void)type; (void)size; (void)value;
	if (pfn < t->npfn && t->pfn_va[pfn])
		va = t->pfn_va[pfn] | (pa & 0xfff);
	else
		va = t->linear_base + pa;
	kml_tlb_access(t, va, 0);
}

/*
 * kml_sysreg_read/kml_sysreg_write: the generic timer, which Unicorn does not run (its
 * CNTV_* registers read as zero and ignore writes, and its counter would be host time). The
 * counter CNTVCT_EL0 (and CNTPCT_EL0) is the machine clock: the scheduler sets its value at
 * each run start, and within a run it advances one per instruction. The virtual timer's
 * CNTV_CTL_EL0, CNTV_CVAL_EL0 and CNTV_TVAL_EL0 live here, per core; the machine compares them
 * with the clock (emu/generic-timer.ts). Every other MRS/MSR goes on as usual (return 0); the
 * GIC's CPU interface (ICC_*), which Unicorn lacks, traps as an undefined instruction that the
 * machine emulates (emu/machine.ts). Native: every MRS and MSR comes here, including each read
 * of `current` (SP_EL0).
 */
#define KML_TIMER_REG(cp) ((cp)->op0 == 3 && (cp)->op1 == 3 && (cp)->crn == 14)

static uint64_t kml_count(const struct kml_slice *s)
{
	return s->cnt_base + (s->executed - s->cnt_exec);
}

uint32_t kml_sysreg_read(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user_data)
{
	struct kml_slice *s = user_data;
	uint64_t v, now;

	if (!KML_TIMER_REG(cp))
		return 0;
	now = kml_count(s);
	if (cp->crm == 0 && (cp->op2 == 1 || cp->op2 == 2))
		v = now;
	else if (cp->crm == 3 && cp->op2 == 1)	/* ISTATUS (bit 2): the condition is met */
		v = (s->cntv_ctl & 3) | (now >= s->cntv_cval ? 4 : 0);
	else if (cp->crm == 3 && cp->op2 == 2)
		v = s->cntv_cval;
	else if (cp->crm == 3 && cp->op2 == 0)
		v = (uint32_t)(s->cntv_cval - now);
	else
		return 0;
	uc_reg_write(uc, reg, &v);
	return 1;
}

uint32_t kml_sysreg_write(uc_engine *uc, uc_arm64_reg reg, const uc_arm64_cp_reg *cp, void *user_data)
{
	struct kml_slice *s = user_data;
	uint64_t v = 0;

	if (!KML_TIMER_REG(cp) || cp->crm != 3 || cp->op2 > 2)
		return 0;
	uc_reg_read(uc, reg, &v);
	if (cp->op2 == 1)
		s->cntv_ctl = v & 3;
	else if (cp->op2 == 2)
		s->cntv_cval = v;
	else
		s->cntv_cval = kml_count(s) + (uint64_t)(int64_t)(int32_t)v;
	return 1;
}

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

struct kml_slice {
	uint64_t executed;	/* instructions executed since the counter was reset */
	uint64_t budget;	/* stop once executed >= budget */
	uint64_t blocks;	/* blocks entered */
	uint64_t stopped;	/* 1 when this hook asked the engine to stop */
};

void kml_block_count(uc_engine *uc, uint64_t address, uint32_t size, void *user_data)
{
	struct kml_slice *s = user_data;

	(void)address;
	if (s->executed >= s->budget) {
		if (!s->stopped) {
			s->stopped = 1;
			uc_emu_stop(uc);
		}
		return;
	}
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
};

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
			if ((l->sharers & ~me) || (l->owner >= 0 && (uint64_t)l->owner != m->core)) {
				m->penalty += coh->transfer_cycles;
				m->transfers++;
			}
			l->owner = (int32_t)m->core;
			l->sharers = me;
		} else {
			if (l->owner >= 0 && (uint64_t)l->owner != m->core) {
				m->penalty += coh->transfer_cycles;
				m->transfers++;
				l->owner = -1;
			}
			l->sharers |= me;
		}
		return;
	}
}

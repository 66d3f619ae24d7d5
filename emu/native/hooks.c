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

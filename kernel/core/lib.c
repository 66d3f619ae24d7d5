// SPDX-License-Identifier: GPL-2.0
/*
 * Small library functions and data that Debian's modules import from
 * vmlinux, as Linux 6.1 writes them: lib/list_debug.c, lib/hweight.c,
 * lib/find_bit.c, lib/ratelimit.c, lib/refcount.c, lib/string_helpers.c
 * (fortify_panic), kernel/cpu.c (the CPU masks) and crypto/fips.c (fips_enabled).
 *
 * The TypeScript kernel fills nr_cpu_ids and the CPU masks at boot
 * (kernel/machine-data.ts).
 */
#include "kmodlab.h"
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/export.h>
#include <linux/bug.h>
#include <linux/list.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/percpu.h>
#include <linux/errno.h>
#include <linux/cpumask.h>
#include <linux/uidgid.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>
#include <linux/refcount.h>
#include <linux/ratelimit.h>

/* ---- lib/list_debug.c (CONFIG_DEBUG_LIST=y in Debian) ---------------------- */

bool __list_add_valid(struct list_head *new, struct list_head *prev,
		      struct list_head *next)
{
	if (WARN(next->prev != prev,
		 "list_add corruption. next->prev should be prev (%px), but was %px. (next=%px).\n",
		 prev, next->prev, next) ||
	    WARN(prev->next != next,
		 "list_add corruption. prev->next should be next (%px), but was %px. (prev=%px).\n",
		 next, prev->next, prev) ||
	    WARN(new == prev || new == next,
		 "list_add double add: new=%px, prev=%px, next=%px.\n",
		 new, prev, next))
		return false;

	return true;
}
EXPORT_SYMBOL(__list_add_valid);

bool __list_del_entry_valid(struct list_head *entry)
{
	struct list_head *prev, *next;

	prev = entry->prev;
	next = entry->next;

	if (WARN(next == LIST_POISON1,
		 "list_del corruption, %px->next is LIST_POISON1 (%px)\n",
		 entry, LIST_POISON1) ||
	    WARN(prev == LIST_POISON2,
		 "list_del corruption, %px->prev is LIST_POISON2 (%px)\n",
		 entry, LIST_POISON2) ||
	    WARN(prev->next != entry,
		 "list_del corruption. prev->next should be %px, but was %px. (prev=%px)\n",
		 entry, prev->next, prev) ||
	    WARN(next->prev != entry,
		 "list_del corruption. next->prev should be %px, but was %px. (next=%px)\n",
		 entry, next->prev, next))
		return false;

	return true;
}
EXPORT_SYMBOL(__list_del_entry_valid);

/* ---- lib/hweight.c --------------------------------------------------------- */

unsigned int __sw_hweight32(unsigned int w)
{
	w -= (w >> 1) & 0x55555555;
	w =  (w & 0x33333333) + ((w >> 2) & 0x33333333);
	w =  (w + (w >> 4)) & 0x0f0f0f0f;
	return (w * 0x01010101) >> 24;
}
EXPORT_SYMBOL(__sw_hweight32);

unsigned int __sw_hweight16(unsigned int w)
{
	unsigned int res = w - ((w >> 1) & 0x5555);
	res = (res & 0x3333) + ((res >> 2) & 0x3333);
	res = (res + (res >> 4)) & 0x0F0F;
	return (res + (res >> 8)) & 0x00FF;
}
EXPORT_SYMBOL(__sw_hweight16);

unsigned int __sw_hweight8(unsigned int w)
{
	unsigned int res = w - ((w >> 1) & 0x55);
	res = (res & 0x33) + ((res >> 2) & 0x33);
	return (res + (res >> 4)) & 0x0F;
}
EXPORT_SYMBOL(__sw_hweight8);

unsigned long __sw_hweight64(__u64 w)
{
	w -= (w >> 1) & 0x5555555555555555ul;
	w =  (w & 0x3333333333333333ul) + ((w >> 2) & 0x3333333333333333ul);
	w =  (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0ful;
	return (w * 0x0101010101010101ul) >> 56;
}
EXPORT_SYMBOL(__sw_hweight64);

/* ---- lib/find_bit.c -------------------------------------------------------- */

#define BITS_PER_LONG 64
#define BITMAP_FIRST_WORD_MASK(start) (~0UL << ((start) & (BITS_PER_LONG - 1)))

static unsigned long find_next(const unsigned long *addr, unsigned long nbits,
			       unsigned long start, unsigned long invert)
{
	unsigned long tmp, idx;

	if (start >= nbits)
		return nbits;
	idx = start / BITS_PER_LONG;
	tmp = (addr[idx] ^ invert) & BITMAP_FIRST_WORD_MASK(start);
	while (!tmp) {
		idx++;
		if (idx * BITS_PER_LONG >= nbits)
			return nbits;
		tmp = addr[idx] ^ invert;
	}
	idx = idx * BITS_PER_LONG + __builtin_ctzl(tmp);
	return idx < nbits ? idx : nbits;
}

unsigned long _find_next_bit(const unsigned long *addr, unsigned long nbits, unsigned long start)
{
	return find_next(addr, nbits, start, 0);
}
EXPORT_SYMBOL(_find_next_bit);

unsigned long _find_next_zero_bit(const unsigned long *addr, unsigned long nbits, unsigned long start)
{
	return find_next(addr, nbits, start, ~0UL);
}
EXPORT_SYMBOL(_find_next_zero_bit);

unsigned long _find_first_bit(const unsigned long *addr, unsigned long size)
{
	return find_next(addr, size, 0, 0);
}
EXPORT_SYMBOL(_find_first_bit);

unsigned long _find_first_zero_bit(const unsigned long *addr, unsigned long size)
{
	return find_next(addr, size, 0, ~0UL);
}
EXPORT_SYMBOL(_find_first_zero_bit);

unsigned long _find_last_bit(const unsigned long *addr, unsigned long size)
{
	while (size) {
		unsigned long idx = (size - 1) / BITS_PER_LONG;
		unsigned long mask = ~0UL >> (-size & (BITS_PER_LONG - 1));
		unsigned long val = addr[idx] & mask;

		if (val)
			return idx * BITS_PER_LONG + 63 - __builtin_clzl(val);
		size = idx * BITS_PER_LONG;
	}
	return size;
}
EXPORT_SYMBOL(_find_last_bit);

#define FIND_NTH_BIT(FETCH, size, num)						\
({										\
	unsigned long sz = (size), nr = (num), idx, w, tmp;			\
										\
	for (idx = 0; (idx + 1) * BITS_PER_LONG <= sz; idx++) {			\
		if (idx * BITS_PER_LONG + nr >= sz)				\
			goto out;						\
										\
		tmp = (FETCH);							\
		w = hweight_long(tmp);						\
		if (w > nr)							\
			goto found;						\
										\
		nr -= w;							\
	}									\
										\
	if (sz % BITS_PER_LONG)							\
		tmp = (FETCH) & BITMAP_LAST_WORD_MASK(sz);			\
found:										\
	sz = min(idx * BITS_PER_LONG + fns(tmp, nr), sz);			\
out:										\
	sz;									\
})

unsigned long __find_nth_bit(const unsigned long *addr, unsigned long size, unsigned long n)
{
	return FIND_NTH_BIT(addr[idx], size, n);
}
EXPORT_SYMBOL(__find_nth_bit);

unsigned long __find_nth_and_bit(const unsigned long *addr1, const unsigned long *addr2,
				 unsigned long size, unsigned long n)
{
	return FIND_NTH_BIT(addr1[idx] & addr2[idx], size, n);
}
EXPORT_SYMBOL(__find_nth_and_bit);


/* ---- lib/ratelimit.c ------------------------------------------------------- */

/*
 * __ratelimit - rate limiting
 * @rs: ratelimit_state data
 * @func: name of calling function
 *
 * This enforces a rate limit: not more than @rs->burst callbacks
 * in every @rs->interval
 *
 * RETURNS:
 * 0 means callbacks will be suppressed.
 * 1 means go ahead and do it.
 */
int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	/* Paired with WRITE_ONCE() in .proc_handler().
	 * Changing two values seperately could be inconsistent
	 * and some message could be lost.  (See: net_ratelimit_state).
	 */
	int interval = READ_ONCE(rs->interval);
	int burst = READ_ONCE(rs->burst);
	unsigned long flags;
	int ret;

	if (!interval)
		return 1;

	/*
	 * If we contend on this state's lock then almost
	 * by definition we are too busy to print a message,
	 * in addition to the one that will be printed by
	 * the entity that is holding the lock already:
	 */
	if (!raw_spin_trylock_irqsave(&rs->lock, flags))
		return 0;

	if (!rs->begin)
		rs->begin = jiffies;

	if ((long)(rs->begin + interval - jiffies) < 0) {
		if (rs->missed) {
			if (!(rs->flags & RATELIMIT_MSG_ON_RELEASE)) {
				printk(KERN_WARNING
				       "%s: %d callbacks suppressed\n", func, rs->missed);
				rs->missed = 0;
			}
		}
		rs->begin   = jiffies;
		rs->printed = 0;
	}
	if (burst && burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	raw_spin_unlock_irqrestore(&rs->lock, flags);

	return ret;
}
EXPORT_SYMBOL(___ratelimit);

/* ---- lib/refcount.c, lib/string_helpers.c ---------------------------------- */

void refcount_warn_saturate(refcount_t *r, enum refcount_saturation_type t)
{
	atomic_set(&r->refs, REFCOUNT_SATURATED);

	switch (t) {
	case REFCOUNT_ADD_NOT_ZERO_OVF:
		WARN_ONCE(1, "refcount_t: saturated; leaking memory.\n");
		break;
	case REFCOUNT_ADD_OVF:
		WARN_ONCE(1, "refcount_t: saturated; leaking memory.\n");
		break;
	case REFCOUNT_ADD_UAF:
		WARN_ONCE(1, "refcount_t: addition on 0; use-after-free.\n");
		break;
	case REFCOUNT_SUB_UAF:
		WARN_ONCE(1, "refcount_t: underflow; use-after-free.\n");
		break;
	case REFCOUNT_DEC_LEAK:
		WARN_ONCE(1, "refcount_t: decrement hit 0; leaking memory.\n");
		break;
	default:
		WARN_ONCE(1, "refcount_t: unknown saturation event!?\n");
	}
}
EXPORT_SYMBOL(refcount_warn_saturate);
/**
 * refcount_dec_if_one - decrement a refcount if it is 1
 * @r: the refcount
 *
 * No atomic_t counterpart, it attempts a 1 -> 0 transition and returns the
 * success thereof.
 *
 * Like all decrement operations, it provides release memory order and provides
 * a control dependency.
 *
 * It can be used like a try-delete operator; this explicit case is provided
 * and not cmpxchg in generic, because that would allow implementing unsafe
 * operations.
 *
 * Return: true if the resulting refcount is 0, false otherwise
 */
bool refcount_dec_if_one(refcount_t *r)
{
	int val = 1;

	return atomic_try_cmpxchg_release(&r->refs, &val, 0);
}
EXPORT_SYMBOL(refcount_dec_if_one);

/**
 * refcount_dec_not_one - decrement a refcount if it is not 1
 * @r: the refcount
 *
 * No atomic_t counterpart, it decrements unless the value is 1, in which case
 * it will return false.
 *
 * Was often done like: atomic_add_unless(&var, -1, 1)
 *
 * Return: true if the decrement operation was successful, false otherwise
 */
bool refcount_dec_not_one(refcount_t *r)
{
	unsigned int new, val = atomic_read(&r->refs);

	do {
		if (unlikely(val == REFCOUNT_SATURATED))
			return true;

		if (val == 1)
			return false;

		new = val - 1;
		if (new > val) {
			WARN_ONCE(new > val, "refcount_t: underflow; use-after-free.\n");
			return true;
		}

	} while (!atomic_try_cmpxchg_release(&r->refs, &val, new));

	return true;
}
EXPORT_SYMBOL(refcount_dec_not_one);

/**
 * refcount_dec_and_mutex_lock - return holding mutex if able to decrement
 *                               refcount to 0
 * @r: the refcount
 * @lock: the mutex to be locked
 *
 * Similar to atomic_dec_and_mutex_lock(), it will WARN on underflow and fail
 * to decrement when saturated at REFCOUNT_SATURATED.
 *
 * Provides release memory ordering, such that prior loads and stores are done
 * before, and provides a control dependency such that free() must come after.
 * See the comment on top.
 *
 * Return: true and hold mutex if able to decrement refcount to 0, false
 *         otherwise
 */
bool refcount_dec_and_mutex_lock(refcount_t *r, struct mutex *lock)
{
	if (refcount_dec_not_one(r))
		return false;

	mutex_lock(lock);
	if (!refcount_dec_and_test(r)) {
		mutex_unlock(lock);
		return false;
	}

	return true;
}
EXPORT_SYMBOL(refcount_dec_and_mutex_lock);

/**
 * refcount_dec_and_lock - return holding spinlock if able to decrement
 *                         refcount to 0
 * @r: the refcount
 * @lock: the spinlock to be locked
 *
 * Similar to atomic_dec_and_lock(), it will WARN on underflow and fail to
 * decrement when saturated at REFCOUNT_SATURATED.
 *
 * Provides release memory ordering, such that prior loads and stores are done
 * before, and provides a control dependency such that free() must come after.
 * See the comment on top.
 *
 * Return: true and hold spinlock if able to decrement refcount to 0, false
 *         otherwise
 */
bool refcount_dec_and_lock(refcount_t *r, spinlock_t *lock)
{
	if (refcount_dec_not_one(r))
		return false;

	spin_lock(lock);
	if (!refcount_dec_and_test(r)) {
		spin_unlock(lock);
		return false;
	}

	return true;
}
EXPORT_SYMBOL(refcount_dec_and_lock);

/**
 * refcount_dec_and_lock_irqsave - return holding spinlock with disabled
 *                                 interrupts if able to decrement refcount to 0
 * @r: the refcount
 * @lock: the spinlock to be locked
 * @flags: saved IRQ-flags if the is acquired
 *
 * Same as refcount_dec_and_lock() above except that the spinlock is acquired
 * with disabled interrupts.
 *
 * Return: true and hold spinlock if able to decrement refcount to 0, false
 *         otherwise
 */
bool refcount_dec_and_lock_irqsave(refcount_t *r, spinlock_t *lock,
				   unsigned long *flags)
{
	if (refcount_dec_not_one(r))
		return false;

	spin_lock_irqsave(lock, *flags);
	if (!refcount_dec_and_test(r)) {
		spin_unlock_irqrestore(lock, *flags);
		return false;
	}

	return true;
}
EXPORT_SYMBOL(refcount_dec_and_lock_irqsave);


void fortify_panic(const char *name)
{
	pr_emerg("detected buffer overflow in %s\n", name);
	BUG();
}
EXPORT_SYMBOL(fortify_panic);

/* ---- kernel/cpu.c, mm/percpu: masks and NUMA node (filled at boot) --------- */

struct cpumask __cpu_possible_mask;
EXPORT_SYMBOL(__cpu_possible_mask);
struct cpumask __cpu_online_mask;
EXPORT_SYMBOL(__cpu_online_mask);
struct cpumask __cpu_present_mask;
EXPORT_SYMBOL(__cpu_present_mask);
struct cpumask __cpu_active_mask;
EXPORT_SYMBOL(__cpu_active_mask);
atomic_t __num_online_cpus __read_mostly;
EXPORT_SYMBOL(__num_online_cpus);
unsigned int nr_cpu_ids = 1;
EXPORT_SYMBOL(nr_cpu_ids);

/* One node: every CPU's numa_node is 0. */
DEFINE_PER_CPU(int, numa_node);
EXPORT_PER_CPU_SYMBOL(numa_node);

/* mm/usercopy.c (CONFIG_HARDENED_USERCOPY): nothing to check without user memory. */
void __check_object_size(const void *ptr, unsigned long n, bool to_user)
{
	WARN_ON_ONCE(n && !ptr);
}
EXPORT_SYMBOL(__check_object_size);

/* ---- crypto/fips.c --------------------------------------------------------- */

/* Debian builds CONFIG_CRYPTO_FIPS=y; fips=1 is not on the command line. */
int fips_enabled;
EXPORT_SYMBOL_GPL(fips_enabled);

/* ---- lib/vsprintf.c: num_to_str (seq_put_decimal_*) ----------------------- */

int num_to_str(char *buf, int size, unsigned long long num, unsigned int width)
{
	char tmp[sizeof(num) * 3];
	int idx, len = 0;

	do {
		tmp[len++] = '0' + num % 10;
		num /= 10;
	} while (num);

	if (len > size || width > size)
		return 0;

	if (width > len) {
		width = width - len;
		for (idx = 0; idx < width; idx++)
			buf[idx] = ' ';
	} else {
		width = 0;
	}

	for (idx = 0; idx < len; ++idx)
		buf[idx + width] = tmp[len - idx - 1];

	return len + width;
}

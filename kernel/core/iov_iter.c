// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib/iov_iter.c (6.1), the iterators kmodlab's VFS makes: user iovecs and
 * user buffers (ITER_IOVEC, ITER_UBUF, what read()/write() pass to
 * ->read_iter/->write_iter) and kernel kvecs (ITER_KVEC). Copies to and from
 * user segments go through copy_to_user()/copy_from_user(), so a bad user
 * pointer ends the copy short, as Linux's does.
 */
#include "kmodlab.h"
/* lib/iov_iter.c (6.1): its includes, in its order (genksyms CRCs) */
#include <crypto/hash.h>
#include <linux/export.h>
#include <linux/bvec.h>
#include <linux/fault-inject-usercopy.h>
#include <linux/uio.h>
#include <linux/pagemap.h>
#include <linux/highmem.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/splice.h>
#include <linux/compat.h>
#include <net/checksum.h>
#include <linux/scatterlist.h>
#include <linux/instrumented.h>

void iov_iter_init(struct iov_iter *i, unsigned int direction,
			const struct iovec *iov, unsigned long nr_segs,
			size_t count)
{
	WARN_ON(direction & ~(READ | WRITE));
	*i = (struct iov_iter) {
		.iter_type = ITER_IOVEC,
		.nofault = false,
		.user_backed = true,
		.data_source = direction,
		.iov = iov,
		.nr_segs = nr_segs,
		.iov_offset = 0,
		.count = count
	};
}
EXPORT_SYMBOL(iov_iter_init);

void iov_iter_kvec(struct iov_iter *i, unsigned int direction,
			const struct kvec *kvec, unsigned long nr_segs,
			size_t count)
{
	WARN_ON(direction & ~(READ | WRITE));
	*i = (struct iov_iter){
		.iter_type = ITER_KVEC,
		.data_source = direction,
		.kvec = kvec,
		.nr_segs = nr_segs,
		.iov_offset = 0,
		.count = count
	};
}
EXPORT_SYMBOL(iov_iter_kvec);

/*
 * Moves up to @bytes between @buf and the iterator's segments, @to_iter
 * giving the direction; returns how many moved and advances the iterator.
 */
static size_t iterate(struct iov_iter *i, void *buf, size_t bytes, bool to_iter)
{
	size_t done = 0;

	if (bytes > i->count)
		bytes = i->count;
	while (done < bytes) {
		size_t seg_len, n, left = 0;
		char *base;

		if (i->iter_type == ITER_UBUF) {
			base = i->ubuf;
			seg_len = i->count + i->iov_offset;
		} else if (i->iter_type == ITER_IOVEC) {
			if (!i->nr_segs)
				break;
			base = i->iov->iov_base;
			seg_len = i->iov->iov_len;
		} else if (i->iter_type == ITER_KVEC) {
			if (!i->nr_segs)
				break;
			base = i->kvec->iov_base;
			seg_len = i->kvec->iov_len;
		} else {
			WARN_ONCE(1, "iov_iter type %d is not supported\n", i->iter_type);
			break;
		}
		n = min(bytes - done, seg_len - i->iov_offset);
		if (i->iter_type == ITER_KVEC) {
			if (to_iter)
				memcpy(base + i->iov_offset, buf + done, n);
			else
				memcpy(buf + done, base + i->iov_offset, n);
		} else if (to_iter) {
			left = copy_to_user((void __user *)base + i->iov_offset, buf + done, n);
		} else {
			left = copy_from_user(buf + done, (const void __user *)base + i->iov_offset, n);
		}
		n -= left;
		done += n;
		i->count -= n;
		i->iov_offset += n;
		if (left)
			break;
		if (i->iter_type != ITER_UBUF && i->iov_offset == seg_len) {
			i->iov_offset = 0;
			i->nr_segs--;
			if (i->iter_type == ITER_IOVEC)
				i->iov++;
			else
				i->kvec++;
		}
	}
	return done;
}

size_t _copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	if (WARN_ON_ONCE(i->data_source))
		return 0;
	return iterate(i, (void *)addr, bytes, true);
}
EXPORT_SYMBOL(_copy_to_iter);

size_t _copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	if (WARN_ON_ONCE(!i->data_source))
		return 0;
	return iterate(i, addr, bytes, false);
}
EXPORT_SYMBOL(_copy_from_iter);

void iov_iter_advance(struct iov_iter *i, size_t size)
{
	if (size > i->count)
		size = i->count;
	if (i->iter_type == ITER_UBUF) {
		i->iov_offset += size;
		i->count -= size;
		return;
	}
	while (size && i->nr_segs && (i->iter_type == ITER_IOVEC || i->iter_type == ITER_KVEC)) {
		bool iov = i->iter_type == ITER_IOVEC;
		size_t seg = iov ? i->iov->iov_len : i->kvec->iov_len;
		size_t n = min(size, seg - i->iov_offset);

		i->iov_offset += n;
		i->count -= n;
		size -= n;
		if (i->iov_offset == seg) {
			i->iov_offset = 0;
			i->nr_segs--;
			if (iov)
				i->iov++;
			else
				i->kvec++;
		}
	}
}
EXPORT_SYMBOL(iov_iter_advance);

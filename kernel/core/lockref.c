// SPDX-License-Identifier: GPL-2.0
/*
 * lib/lockref.c (6.1): the count beside a spinlock that dget() takes. Linux
 * updates the pair with one cmpxchg while the lock is free; taking the lock
 * is the fallback it uses otherwise, and is enough here.
 */
#include "kmodlab.h"
/* lib/lockref.c (6.1): its includes, in its order (genksyms CRCs) */
#include <linux/export.h>
#include <linux/lockref.h>

void lockref_get(struct lockref *lockref)
{
	spin_lock(&lockref->lock);
	lockref->count++;
	spin_unlock(&lockref->lock);
}
EXPORT_SYMBOL(lockref_get);

int lockref_get_not_zero(struct lockref *lockref)
{
	int retval = 0;

	spin_lock(&lockref->lock);
	if (lockref->count > 0) {
		lockref->count++;
		retval = 1;
	}
	spin_unlock(&lockref->lock);
	return retval;
}
EXPORT_SYMBOL(lockref_get_not_zero);

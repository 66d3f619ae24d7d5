/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmodlab's, not Linux 6.1's: /proc read entries as 2.5 had them
 * (create_proc_read_entry() and read_proc_t, gone since 3.10), implemented by
 * kernel/core/proc.c. 6.1's own procfs (proc_create*(), remove_proc_entry())
 * is a separate set of entries; 2.5 removed these with remove_proc_entry(),
 * here it is remove_proc_read_entry(). An entry is a struct kmodlab_proc_entry
 * (2.5's was a struct proc_dir_entry, whose 6.1 layout is private to fs/proc).
 *
 * This is seed 004's *unsafe* interface: no owner, no reference, and
 * remove_proc_read_entry() does not wait for a reader already inside
 * read_proc. A module using it follows Rule #2: no module_exit (it cannot be
 * unloaded except by force), and its init must not fail once an entry is
 * created. (6.1's procfs is safe: remove_proc_entry() drains the readers of
 * proc_create() entries before it returns.)
 *
 * The "reserve"/"activate" split is Rusty's fallback for interfaces that
 * cannot be made safe: reserving (which may fail) shows nothing to the rest
 * of the kernel and may be undone; activating cannot fail.
 */
#ifndef _KMODLAB_PROC_READ_H
#define _KMODLAB_PROC_READ_H

#include <linux/types.h>

struct kmodlab_proc_entry;

/*
 * 2.5's read_proc_t: fill @page (at most @count bytes) starting at offset
 * @off, set *@eof when done; return the number of bytes written.
 */
typedef int (read_proc_t)(char *page, char **start, off_t off,
			  int count, int *eof, void *data);

/* @base must be NULL (entries live in /proc itself); NULL on failure. */
struct kmodlab_proc_entry *create_proc_read_entry(const char *name, umode_t mode,
		struct kmodlab_proc_entry *base, read_proc_t *read_proc, void *data);
void remove_proc_read_entry(const char *name, struct kmodlab_proc_entry *parent);

/* Two-stage registration: the entry or an ERR_PTR (-EEXIST, -ENOMEM, -EINVAL). */
struct kmodlab_proc_entry *proc_reserve_entry(const char *name,
					      struct kmodlab_proc_entry *parent);
/* Makes a reserved entry visible. Cannot fail. */
void proc_activate_entry(struct kmodlab_proc_entry *de, read_proc_t *read_proc,
			 void *data);
/* Gives back a reserved entry that was never activated: nobody can be inside it. */
void proc_unreserve_entry(struct kmodlab_proc_entry *de);

#endif /* _KMODLAB_PROC_READ_H */

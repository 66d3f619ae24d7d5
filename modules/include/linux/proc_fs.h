/* SPDX-License-Identifier: GPL-2.0 */
/*
 * /proc read entries as 2.5 had them: create_proc_read_entry(), implemented
 * by kernel/core/proc.c. 2.5 removed them with remove_proc_entry(); in
 * kmodlab that name is 6.1's (the procfs that real modules' proc_create_*()
 * entries live in), so these are removed with remove_proc_read_entry().
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
#ifndef _LINUX_PROC_FS_H
#define _LINUX_PROC_FS_H

#include <linux/types.h>

struct proc_dir_entry;

/*
 * 2.5's read_proc_t: fill @page (at most @count bytes) starting at offset
 * @off, set *@eof when done; return the number of bytes written.
 */
typedef int (read_proc_t)(char *page, char **start, off_t off,
			  int count, int *eof, void *data);

extern struct proc_dir_entry *create_proc_read_entry(const char *name,
	umode_t mode, struct proc_dir_entry *base,
	read_proc_t *read_proc, void *data);
extern void remove_proc_read_entry(const char *name, struct proc_dir_entry *parent);

/* Two-stage registration: returns the entry or an ERR_PTR (-EEXIST, -ENOMEM, -EINVAL). */
extern struct proc_dir_entry *proc_reserve_entry(const char *name,
						 struct proc_dir_entry *parent);
/* Makes a reserved entry visible. Cannot fail. */
extern void proc_activate_entry(struct proc_dir_entry *de,
				read_proc_t *read_proc, void *data);
/* Gives back a reserved entry that was never activated: nobody can be inside it. */
extern void proc_unreserve_entry(struct proc_dir_entry *de);

/*
 * Test entry points of kmodlab's kernel core: `cat /proc/NAME` (the text goes
 * to the kernel log; returns its length or -errno), and a process that reads
 * /proc/NAME TIMES times, PERIOD_MS apart (returns how many reads found it).
 */
long kmodlab_proc_read(const char *name);
unsigned long kmodlab_proc_reader(const char *name, unsigned long times,
				  unsigned int period_ms);

#endif /* _LINUX_PROC_FS_H */

// SPDX-License-Identifier: GPL-2.0
/*
 * /proc read entries, the 2.5 way (fs/proc/generic.c of 2002): seed 004's
 * example of an interface that does not obey Rule #1.
 *
 * An entry is kernel memory holding a function pointer into the module that
 * created it. A reader finds the entry under the lock, copies the pointer and
 * calls it with no reference on the module and no record of being inside.
 * So remove_proc_read_entry() cannot wait for readers, a module using entries
 * cannot know when its code is no longer running (Rule #2: no module_exit;
 * only rmmod -f removes it), and a module whose init fails after creating an
 * entry frees code a reader may be running -- "your init_module() function
 * *must* succeed if it has successfully used any unsafe interfaces".
 *
 * proc_reserve_entry()/proc_activate_entry()/proc_unreserve_entry() are
 * Rusty's "reserve" and "activate" stages: a reserved entry holds its name
 * (the step that can fail) but no reader can see it, so undoing it is safe;
 * activation cannot fail, so it can come last in init.
 *
 * Copyright (C) 1991, 1992 Linus Torvalds (fs/proc/generic.c)
 */
#include "kmodlab.h"
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/spinlock.h>
#include <linux/err.h>
#include <linux/delay.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <asm/page.h>
#include <kmodlab/proc_read.h>
#include "testing.h"

enum { PDE_RESERVED, PDE_ACTIVE };

struct kmodlab_proc_entry {
	char name[32];
	int state;
	read_proc_t *read_proc;
	void *data;
	struct kmodlab_proc_entry *next;
};

static struct kmodlab_proc_entry *proc_root;
static DEFINE_SPINLOCK(proc_lock);

static struct kmodlab_proc_entry **find_entry(const char *name)
{
	struct kmodlab_proc_entry **p;

	for (p = &proc_root; *p; p = &(*p)->next)
		if (!strcmp((*p)->name, name))
			break;
	return p;
}

struct kmodlab_proc_entry *proc_reserve_entry(const char *name,
					  struct kmodlab_proc_entry *parent)
{
	struct kmodlab_proc_entry *de, **p;

	if (parent || !*name || strchr(name, '/') ||
	    strlen(name) >= sizeof(de->name))
		return ERR_PTR(-EINVAL);
	de = kzalloc(sizeof(*de), GFP_KERNEL);
	if (!de)
		return ERR_PTR(-ENOMEM);
	strscpy(de->name, name, sizeof(de->name));
	de->state = PDE_RESERVED;

	spin_lock(&proc_lock);
	p = find_entry(name);
	if (*p) {
		spin_unlock(&proc_lock);
		kfree(de);
		return ERR_PTR(-EEXIST);
	}
	*p = de;
	spin_unlock(&proc_lock);
	return de;
}
EXPORT_SYMBOL(proc_reserve_entry);

void proc_activate_entry(struct kmodlab_proc_entry *de, read_proc_t *read_proc,
			 void *data)
{
	spin_lock(&proc_lock);
	de->read_proc = read_proc;
	de->data = data;
	/* From here on a reader may call read_proc. */
	smp_store_release(&de->state, PDE_ACTIVE);
	spin_unlock(&proc_lock);
}
EXPORT_SYMBOL(proc_activate_entry);

void proc_unreserve_entry(struct kmodlab_proc_entry *de)
{
	struct kmodlab_proc_entry **p;

	spin_lock(&proc_lock);
	WARN_ON(de->state != PDE_RESERVED);
	for (p = &proc_root; *p; p = &(*p)->next) {
		if (*p == de) {
			*p = de->next;
			break;
		}
	}
	spin_unlock(&proc_lock);
	kfree(de);
}
EXPORT_SYMBOL(proc_unreserve_entry);

struct kmodlab_proc_entry *create_proc_read_entry(const char *name, umode_t mode,
	struct kmodlab_proc_entry *base, read_proc_t *read_proc, void *data)
{
	struct kmodlab_proc_entry *de = proc_reserve_entry(name, base);

	if (IS_ERR(de))
		return NULL;
	proc_activate_entry(de, read_proc, data);
	return de;
}
EXPORT_SYMBOL(create_proc_read_entry);

/*
 * Unlinks and frees the entry. It does not -- cannot -- wait for a reader
 * that is already running the entry's read_proc.
 */
void remove_proc_read_entry(const char *name, struct kmodlab_proc_entry *parent)
{
	struct kmodlab_proc_entry *de, **p;

	spin_lock(&proc_lock);
	p = find_entry(name);
	de = *p;
	if (de)
		*p = de->next;
	spin_unlock(&proc_lock);
	if (!de) {
		WARN(1, "name '%s'\n", name);
		return;
	}
	kfree(de);
}
EXPORT_SYMBOL(remove_proc_read_entry);

/* proc_file_read(): one read of the whole entry into a page */
static long proc_read_entry(const char *name, bool print)
{
	struct kmodlab_proc_entry *de;
	read_proc_t *read_proc = NULL;
	void *data = NULL;
	char *page, *start = NULL;
	int eof = 0;
	long n;

	spin_lock(&proc_lock);
	de = *find_entry(name);
	if (de && smp_load_acquire(&de->state) == PDE_ACTIVE) {
		read_proc = de->read_proc;
		data = de->data;
	}
	spin_unlock(&proc_lock);
	if (!read_proc)
		return -ENOENT;

	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	/* No try_module_get(): nothing says whose code this is. */
	n = read_proc(page, &start, 0, PAGE_SIZE - 1, &eof, data);
	if (n >= 0) {
		page[n] = '\0';
		if (print)
			pr_info("/proc/%s: %s%s", name, page,
				n && page[n - 1] == '\n' ? "" : "\n");
	}
	kfree(page);
	return n;
}

long kmodlab_proc_read(const char *name)
{
	long n = proc_read_entry(name, true);

	if (n < 0)
		pr_info("kmodlab_proc_read: /proc/%s: %pe\n", name, ERR_PTR(n));
	return n;
}

unsigned long kmodlab_proc_reader(const char *name, unsigned long times,
				  unsigned int period_ms)
{
	unsigned long i, found = 0;

	for (i = 0; i < times; i++) {
		if (proc_read_entry(name, false) >= 0)
			found++;
		if (period_ms && i + 1 < times)
			msleep(period_ms);
	}
	pr_info("kmodlab_proc_reader: /proc/%s found %lu of %lu time(s)\n",
		name, found, times);
	return found;
}

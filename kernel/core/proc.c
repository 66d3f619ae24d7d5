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
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <kmodlab/proc_read.h>
#include "testing.h"
#include "fs_internal.h"

enum { PDE_RESERVED, PDE_ACTIVE };

struct kmodlab_proc_entry {
	char name[32];
	int state;
	read_proc_t *read_proc;
	void *data;
	struct kmodlab_proc_entry *next;
};

static struct kmodlab_proc_entry *proc_root;

static void oldproc_d_add(const char *name);
static void oldproc_d_remove(const char *name);
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
	oldproc_d_add(de->name);
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
 * The entry as a file: /proc/NAME in the namespace. Opening holds nothing;
 * each read finds the entry by name under the lock and calls its read_proc
 * with no reference on the module -- 2002's proc_file_read().
 */
struct oldproc_node {
	char name[32];
};

static long proc_read_entry(const char *name, bool print, char *out, size_t max);

static ssize_t oldproc_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	struct oldproc_node *node = file_inode(file)->i_private;
	char *page;
	long n;

	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	n = proc_read_entry(node->name, false, page, PAGE_SIZE);
	if (n >= 0)
		n = simple_read_from_buffer(buf, count, ppos, page, n);
	kfree(page);
	return n;
}

static const struct file_operations oldproc_fops = {
	.read	= oldproc_read,
	.llseek	= default_llseek,
};

static void oldproc_evict(struct inode *inode)
{
	kfree(inode->i_private);
}

static const struct super_operations oldproc_sops = {
	.evict_inode = oldproc_evict,
};

static struct super_block oldproc_sb = {
	.s_maxbytes = MAX_LFS_FILESIZE,
	.s_op = &oldproc_sops,
};

static void oldproc_d_add(const char *name)
{
	struct oldproc_node *node = kzalloc(sizeof(*node), GFP_KERNEL);
	struct inode *inode = kmodlab_new_inode(S_IFREG | 0444);
	char path[40];

	if (!node || !inode) {
		kfree(node);
		kfree(inode);
		return;
	}
	strscpy(node->name, name, sizeof(node->name));
	inode->i_sb = &oldproc_sb;
	inode->i_private = node;
	inode->i_fop = &oldproc_fops;
	snprintf(path, sizeof(path), "/proc/%s", name);
	if (__kmodlab_d_add(path, inode))
		iput(inode);
}

static void oldproc_d_remove(const char *name)
{
	struct kmodlab_nameidata nd;
	char path[40];

	snprintf(path, sizeof(path), "/proc/%s", name);
	if (!__kmodlab_lookup(path, &nd, 0) && nd.inode) {
		if (nd.inode->i_fop == &oldproc_fops && !__kmodlab_d_remove(path, nd.inode))
			iput(nd.inode);
		iput(nd.inode);
	}
}

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
	oldproc_d_remove(name);
	kfree(de);
}
EXPORT_SYMBOL(remove_proc_read_entry);

/* proc_file_read(): one read of the whole entry into a page (copied to @out if given) */
static long proc_read_entry(const char *name, bool print, char *out, size_t max)
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
		if (out)
			memcpy(out, page, min_t(size_t, n, max));
		if (print)
			pr_info("/proc/%s: %s%s", name, page,
				n && page[n - 1] == '\n' ? "" : "\n");
	}
	kfree(page);
	return n;
}

long kmodlab_proc_read(const char *name)
{
	long n = proc_read_entry(name, true, NULL, 0);

	if (n < 0)
		pr_info("kmodlab_proc_read: /proc/%s: %pe\n", name, ERR_PTR(n));
	return n;
}

unsigned long kmodlab_proc_reader(const char *name, unsigned long times,
				  unsigned int period_ms)
{
	unsigned long i, found = 0;

	for (i = 0; i < times; i++) {
		if (proc_read_entry(name, false, NULL, 0) >= 0)
			found++;
		if (period_ms && i + 1 < times)
			msleep(period_ms);
	}
	pr_info("kmodlab_proc_reader: /proc/%s found %lu of %lu time(s)\n",
		name, found, times);
	return found;
}

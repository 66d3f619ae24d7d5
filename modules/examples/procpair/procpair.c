// SPDX-License-Identifier: GPL-2.0
/*
 * procpair.c: two /proc entries through the reserve/activate split of
 * seed 004 -- "you can at least split registration into a 'reserve' stage
 * and an 'activate' stage, so that modules can use the interface, even if
 * they cannot (easily) unload."
 *
 * It answers the question of seed 000 ("how does one register two /proc
 * files? If the registration of the second file fails, there is no way to
 * safely unregister the first one and fail the module load"): reserve both
 * names (either may fail, and undoing a reservation is safe because no reader
 * can see it), do whatever else may fail, then activate both (cannot fail).
 *
 *   first=NAME second=NAME  the entries (default pair_a, pair_b)
 *   probe_ms=N              init probes N ms after reserving
 *   fail=1                  ... and the probe fails (-ENODEV)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/err.h>
#include <linux/delay.h>
#include <kmodlab/proc_read.h>

static char *first = "pair_a";
module_param(first, charp, 0444);
MODULE_PARM_DESC(first, "Name of the first /proc entry");

static char *second = "pair_b";
module_param(second, charp, 0444);
MODULE_PARM_DESC(second, "Name of the second /proc entry");

static unsigned int probe_ms;
module_param(probe_ms, uint, 0444);
MODULE_PARM_DESC(probe_ms, "Milliseconds init probes after reserving");

static bool fail;
module_param(fail, bool, 0444);
MODULE_PARM_DESC(fail, "The probe after the reservations fails");

static int procpair_read(char *page, char **start, off_t off, int count,
			 int *eof, void *data)
{
	*eof = 1;
	return scnprintf(page, count, "this is %s\n", (const char *)data);
}

static int __init procpair_init(void)
{
	struct kmodlab_proc_entry *a, *b;

	a = proc_reserve_entry(first, NULL);
	if (IS_ERR(a))
		return PTR_ERR(a);
	b = proc_reserve_entry(second, NULL);
	if (IS_ERR(b)) {
		pr_err("cannot reserve /proc/%s: %pe\n", second, b);
		proc_unreserve_entry(a);	/* never visible: safe */
		return PTR_ERR(b);
	}
	if (probe_ms)
		msleep(probe_ms);	/* reserved, not visible: readers find nothing */
	if (fail) {
		pr_err("probe failed after reserving /proc/%s and /proc/%s\n", first, second);
		proc_unreserve_entry(b);
		proc_unreserve_entry(a);
		return -ENODEV;
	}
	/* Nothing can fail from here on. */
	proc_activate_entry(a, procpair_read, first);
	proc_activate_entry(b, procpair_read, second);
	pr_info("/proc/%s and /proc/%s active\n", first, second);
	return 0;
}

/* No module_exit: the entries are still an unsafe interface (Rule #2). */
module_init(procpair_init);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Two /proc entries, reserved then activated: init can fail safely");

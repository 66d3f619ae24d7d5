// SPDX-License-Identifier: GPL-2.0
/*
 * leaky.c: thread bodies that keep something they must give back before they
 * return -- a reference on their module, a mutex -- on a path only some
 * interleavings take, and their fixed twins. For `kmodlab explore`, whose exit
 * checks name what a task still held when it ended and where it took it.
 *
 *   leaky_job(id)         try_module_get() on itself, then mutex_trylock(&leaky_lock);
 *                         when another job holds the lock it gives up with -EBUSY --
 *                         and forgets module_put(): the reference outlives the task
 *   leaky_job_fixed(id)   the same, with module_put() on every path
 *   leaky_apply(v)        takes leaky_cfg_lock, applies v unless a leaky_poke() came in
 *                         since it looked; then it returns -EAGAIN with the lock held
 *   leaky_apply_fixed(v)  the same, unlocking on every path
 *   leaky_poke()          a new request, lock-free (what leaky_apply rechecks)
 *   leaky_hold()          __module_get() on itself for a later leaky_release() -- in
 *   leaky_release()       another thread: a reference handed over, not leaked
 *
 * In the machine's own order each job is over before the next one starts; only a
 * schedule that lets the other thread in at the wrong moment takes the bad path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/atomic.h>
#include <linux/errno.h>

static DEFINE_MUTEX(leaky_lock);	/* one job at a time */
static DEFINE_MUTEX(leaky_cfg_lock);	/* guards leaky_cfg */
static atomic_t requests = ATOMIC_INIT(0);
static unsigned long leaky_cfg;
static unsigned long jobs_done;

/* the work a job does under leaky_lock */
static noinline void leaky_work(unsigned long id)
{
	jobs_done += id;
}

noinline long leaky_job(unsigned long id)
{
	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	if (!mutex_trylock(&leaky_lock))
		return -EBUSY;		/* BUG: the reference is never put */
	leaky_work(id);
	mutex_unlock(&leaky_lock);
	module_put(THIS_MODULE);
	return 0;
}
EXPORT_SYMBOL(leaky_job);

noinline long leaky_job_fixed(unsigned long id)
{
	long ret = 0;

	if (!try_module_get(THIS_MODULE))
		return -ENODEV;
	if (mutex_trylock(&leaky_lock)) {
		leaky_work(id);
		mutex_unlock(&leaky_lock);
	} else {
		ret = -EBUSY;
	}
	module_put(THIS_MODULE);
	return ret;
}
EXPORT_SYMBOL(leaky_job_fixed);

noinline long leaky_apply(unsigned long v)
{
	int seen = atomic_read(&requests);

	mutex_lock(&leaky_cfg_lock);
	if (atomic_read(&requests) != seen)
		return -EAGAIN;		/* BUG: leaky_cfg_lock is still held */
	leaky_cfg = v;
	mutex_unlock(&leaky_cfg_lock);
	return 0;
}
EXPORT_SYMBOL(leaky_apply);

noinline long leaky_apply_fixed(unsigned long v)
{
	int seen = atomic_read(&requests);
	long ret = 0;

	mutex_lock(&leaky_cfg_lock);
	if (atomic_read(&requests) != seen)
		ret = -EAGAIN;
	else
		leaky_cfg = v;
	mutex_unlock(&leaky_cfg_lock);
	return ret;
}
EXPORT_SYMBOL(leaky_apply_fixed);

noinline long leaky_poke(void)
{
	return atomic_inc_return(&requests);
}
EXPORT_SYMBOL(leaky_poke);

noinline long leaky_hold(void)
{
	__module_get(THIS_MODULE);
	return 0;
}
EXPORT_SYMBOL(leaky_hold);

noinline long leaky_release(void)
{
	module_put(THIS_MODULE);
	return 0;
}
EXPORT_SYMBOL(leaky_release);

static int __init leaky_init(void)
{
	pr_info("ready\n");
	return 0;
}

static void __exit leaky_exit(void)
{
	pr_info("exit: cfg %lu, jobs %lu, %d request(s)\n", leaky_cfg, jobs_done, atomic_read(&requests));
}

module_init(leaky_init);
module_exit(leaky_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Threads that return holding a module reference or a mutex, and their fixes");

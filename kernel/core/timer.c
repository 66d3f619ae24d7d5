// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel internal timers (kernel/time/timer.c): jiffies, timer_list, the
 * timeouts built on it (schedule_timeout, msleep_interruptible,
 * usleep_range_state) and round_jiffies.
 *
 * Each CPU has a timer base. A timer is armed on the base of the CPU that
 * arms it (add_timer_on: the one it names) and kept in expiry order, first
 * armed first among equals, instead of Linux's wheel: no granularity, no
 * slack, and the order in which callbacks run is the order of their expiry
 * times. When a base's first timer changes, the CPU's softirq thread is
 * reprogrammed for its jiffy (kernel/softirq.ts); at that jiffy the thread
 * runs the expired callbacks one by one in softirq context (softirq.c),
 * interrupting whatever the CPU was doing. base->running_timer is what
 * timer_delete_sync() waits on, as in Linux.
 *
 * Copyright (C) 1991, 1992  Linus Torvalds
 * 2000-10-05  Implemented scalable SMP per-CPU timer handling.
 *             Copyright (C) 2000, 2001, 2002  Ingo Molnar
 *             Designed by David S. Miller, Alexey Kuznetsov and Ingo Molnar
 */
#include "kmodlab.h"
#include <linux/kernel_stat.h>
#include <linux/export.h>
#include <linux/interrupt.h>
#include <linux/percpu.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/swap.h>
#include <linux/pid_namespace.h>
#include <linux/notifier.h>
#include <linux/thread_info.h>
#include <linux/time.h>
#include <linux/jiffies.h>
#include <linux/posix-timers.h>
#include <linux/cpu.h>
#include <linux/syscalls.h>
#include <linux/delay.h>
#include <linux/tick.h>
#include <linux/kallsyms.h>
#include <linux/irq_work.h>
#include <linux/sched/signal.h>
#include <linux/sched/sysctl.h>
#include <linux/sched/nohz.h>
#include <linux/sched/debug.h>
#include <linux/slab.h>
#include <linux/compat.h>
#include <linux/random.h>
#include <linux/sysctl.h>

#include <linux/uaccess.h>
#include <asm/unistd.h>
#include <asm/div64.h>
#include <asm/timex.h>
#include <asm/io.h>
#include "timer.h"

/* Advanced by the TypeScript kernel from the machine clock (kernel/machine-data.ts). */
__visible u64 jiffies_64 __cacheline_aligned_in_smp = INITIAL_JIFFIES;
EXPORT_SYMBOL(jiffies_64);
/* arm64 vmlinux.lds: jiffies = jiffies_64 */
__asm__(".globl jiffies\n\t.type jiffies, %object\n\t.set jiffies, jiffies_64\n\t.size jiffies, 8");
EXPORT_SYMBOL(jiffies);

#define TIMER_NONE	(~0UL)

struct timer_base {
	raw_spinlock_t		lock;
	struct timer_list	*running_timer;
	unsigned long		next_expiry;	/* of the first timer, TIMER_NONE if none */
	unsigned int		cpu;
	bool			ready;
	struct hlist_head	timers;		/* armed timers, in expiry order */
} ____cacheline_aligned;

static DEFINE_PER_CPU(struct timer_base, timer_bases);
static DEFINE_RAW_SPINLOCK(timer_bases_init_lock);

/* Per-CPU data cannot be initialised statically with self-pointers: first use does it. */
static struct timer_base *get_timer_base(unsigned int cpu)
{
	struct timer_base *base = per_cpu_ptr(&timer_bases, cpu);
	unsigned long flags;

	if (likely(smp_load_acquire(&base->ready)))
		return base;
	raw_spin_lock_irqsave(&timer_bases_init_lock, flags);
	if (!base->ready) {
		raw_spin_lock_init(&base->lock);
		base->cpu = cpu;
		base->next_expiry = TIMER_NONE;
		INIT_HLIST_HEAD(&base->timers);
		smp_store_release(&base->ready, true);
	}
	raw_spin_unlock_irqrestore(&timer_bases_init_lock, flags);
	return base;
}

static unsigned long round_jiffies_common(unsigned long j, int cpu,
		bool force_up)
{
	int rem;
	unsigned long original = j;

	/*
	 * We don't want all cpus firing their timers at once hitting the
	 * same lock or cachelines, so we skew each extra cpu with an extra
	 * 3 jiffies. This 3 jiffies came originally from the mm/ code which
	 * already did this.
	 * The skew is done by adding 3*cpunr, then round, then subtract this
	 * extra offset again.
	 */
	j += cpu * 3;

	rem = j % HZ;

	/*
	 * If the target jiffie is just after a whole second (which can happen
	 * due to delays of the timer irq, long irq off times etc etc) then
	 * we should round down to the whole second, not up. Use 1/4th second
	 * as cutoff for this rounding as an extreme upper bound for this.
	 * But never round down if @force_up is set.
	 */
	if (rem < HZ/4 && !force_up) /* round down */
		j = j - rem;
	else /* round up */
		j = j - rem + HZ;

	/* now that we have rounded, subtract the extra skew again */
	j -= cpu * 3;

	/*
	 * Make sure j is still in the future. Otherwise return the
	 * unmodified value.
	 */
	return time_is_after_jiffies(j) ? j : original;
}

unsigned long __round_jiffies(unsigned long j, int cpu)
{
	return round_jiffies_common(j, cpu, false);
}
EXPORT_SYMBOL_GPL(__round_jiffies);

unsigned long __round_jiffies_relative(unsigned long j, int cpu)
{
	unsigned long j0 = jiffies;

	/* Use j0 because jiffies might change while we run */
	return round_jiffies_common(j + j0, cpu, false) - j0;
}
EXPORT_SYMBOL_GPL(__round_jiffies_relative);

unsigned long round_jiffies(unsigned long j)
{
	return round_jiffies_common(j, raw_smp_processor_id(), false);
}
EXPORT_SYMBOL_GPL(round_jiffies);

unsigned long round_jiffies_relative(unsigned long j)
{
	return __round_jiffies_relative(j, raw_smp_processor_id());
}
EXPORT_SYMBOL_GPL(round_jiffies_relative);

unsigned long __round_jiffies_up(unsigned long j, int cpu)
{
	return round_jiffies_common(j, cpu, true);
}
EXPORT_SYMBOL_GPL(__round_jiffies_up);

unsigned long __round_jiffies_up_relative(unsigned long j, int cpu)
{
	unsigned long j0 = jiffies;

	/* Use j0 because jiffies might change while we run */
	return round_jiffies_common(j + j0, cpu, true) - j0;
}
EXPORT_SYMBOL_GPL(__round_jiffies_up_relative);

unsigned long round_jiffies_up(unsigned long j)
{
	return round_jiffies_common(j, raw_smp_processor_id(), true);
}
EXPORT_SYMBOL_GPL(round_jiffies_up);

unsigned long round_jiffies_up_relative(unsigned long j)
{
	return __round_jiffies_up_relative(j, raw_smp_processor_id());
}
EXPORT_SYMBOL_GPL(round_jiffies_up_relative);

/* After the first timer of @base changed: its CPU's softirq thread wakes for it. */
static void base_reprogram(struct timer_base *base)
{
	struct hlist_node *first = base->timers.first;
	unsigned long next = first ? hlist_entry(first, struct timer_list, entry)->expires : TIMER_NONE;

	if (next == base->next_expiry)
		return;
	base->next_expiry = next;
	if (next != TIMER_NONE)
		__kmodlab_timer_program(base->cpu, next);
}

/* Sorted insert: after every timer that expires at or before this one. */
static void enqueue_timer(struct timer_base *base, struct timer_list *timer)
{
	struct hlist_node *prev = NULL, *pos;

	hlist_for_each(pos, &base->timers) {
		if (time_after(hlist_entry(pos, struct timer_list, entry)->expires, timer->expires))
			break;
		prev = pos;
	}
	if (prev)
		hlist_add_behind(&timer->entry, prev);
	else
		hlist_add_head(&timer->entry, &base->timers);
	base_reprogram(base);
}

static inline void detach_timer(struct timer_list *timer, bool clear_pending)
{
	struct hlist_node *entry = &timer->entry;

	__hlist_del(entry);
	if (clear_pending)
		entry->pprev = NULL;
	entry->next = LIST_POISON2;
}

static int detach_if_pending(struct timer_list *timer, struct timer_base *base,
			     bool clear_pending)
{
	if (!timer_pending(timer))
		return 0;
	detach_timer(timer, clear_pending);
	base_reprogram(base);
	return 1;
}

/*
 * We are using hashed locking: Holding per_cpu(timer_bases[x]).lock means
 * that all timers which are tied to this base are locked, and the base itself
 * is locked too.
 *
 * When a timer is migrating then the TIMER_MIGRATING flag is set and we need
 * to wait until the migration is done.
 */
static struct timer_base *lock_timer_base(struct timer_list *timer,
					  unsigned long *flags)
	__acquires(timer->base->lock)
{
	for (;;) {
		struct timer_base *base;
		u32 tf;

		tf = READ_ONCE(timer->flags);

		if (!(tf & TIMER_MIGRATING)) {
			base = get_timer_base(tf & TIMER_CPUMASK);
			raw_spin_lock_irqsave(&base->lock, *flags);
			if (timer->flags == tf)
				return base;
			raw_spin_unlock_irqrestore(&base->lock, *flags);
		}
		cpu_relax();
	}
}

#define MOD_TIMER_PENDING_ONLY		0x01
#define MOD_TIMER_REDUCE		0x02
#define MOD_TIMER_NOTPENDING		0x04

static inline int
__mod_timer(struct timer_list *timer, unsigned long expires, unsigned int options)
{
	struct timer_base *base, *new_base;
	unsigned long flags;
	int ret = 0;

	/* timer_shutdown(): the function is gone, nothing may arm it again */
	if (!timer->function)
		return 0;

	base = lock_timer_base(timer, &flags);

	if (timer_pending(timer)) {
		if ((options & MOD_TIMER_REDUCE) && !time_before(expires, timer->expires)) {
			ret = 1;
			goto out_unlock;
		}
		if (timer->expires == expires && !(options & MOD_TIMER_REDUCE) &&
		    base->cpu == smp_processor_id()) {
			ret = 1;
			goto out_unlock;
		}
	}

	ret = detach_if_pending(timer, base, false);
	if (!ret && (options & MOD_TIMER_PENDING_ONLY))
		goto out_unlock;

	new_base = get_timer_base(timer->flags & TIMER_PINNED ?
				  timer->flags & TIMER_CPUMASK : smp_processor_id());

	if (base != new_base) {
		/*
		 * We are trying to schedule the timer on the new base.
		 * However we can't change timer's base while it is running,
		 * otherwise timer_delete_sync() can't detect that the timer's
		 * handler yet has not finished. This also guarantees that the
		 * timer is serialized wrt itself.
		 */
		if (likely(base->running_timer != timer)) {
			/* See the comment in lock_timer_base() */
			timer->flags |= TIMER_MIGRATING;

			raw_spin_unlock(&base->lock);
			base = new_base;
			raw_spin_lock(&base->lock);
			WRITE_ONCE(timer->flags,
				   (timer->flags & ~TIMER_BASEMASK) | base->cpu);
		}
	}

	timer->expires = expires;
	enqueue_timer(base, timer);

out_unlock:
	raw_spin_unlock_irqrestore(&base->lock, flags);

	return ret;
}

/**
 * mod_timer_pending - Modify a pending timer's timeout
 * @timer:	The pending timer to be modified
 * @expires:	New absolute timeout in jiffies
 *
 * Return: 0 if the timer was inactive (nothing done), 1 if it was pending.
 */
int mod_timer_pending(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, MOD_TIMER_PENDING_ONLY);
}
EXPORT_SYMBOL(mod_timer_pending);

/**
 * mod_timer - Modify a timer's timeout
 * @timer:	The timer to be modified
 * @expires:	New absolute timeout in jiffies
 *
 * Return: 0 if the timer was inactive, 1 if it was pending (and is modified).
 */
int mod_timer(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, 0);
}
EXPORT_SYMBOL(mod_timer);

/**
 * timer_reduce - Modify a timer's timeout if it would reduce the timeout
 * @timer:	The timer to be modified
 * @expires:	New absolute timeout in jiffies
 */
int timer_reduce(struct timer_list *timer, unsigned long expires)
{
	return __mod_timer(timer, expires, MOD_TIMER_REDUCE);
}
EXPORT_SYMBOL(timer_reduce);

/**
 * add_timer - Start a timer
 * @timer:	The timer to be started
 *
 * Start @timer to expire at @timer->expires in the future.
 */
void add_timer(struct timer_list *timer)
{
	if (WARN_ON_ONCE(timer_pending(timer)))
		return;
	__mod_timer(timer, timer->expires, MOD_TIMER_NOTPENDING);
}
EXPORT_SYMBOL(add_timer);

/**
 * add_timer_on - Start a timer on a particular CPU
 * @timer:	The timer to be started
 * @cpu:	The CPU to start it on
 */
void add_timer_on(struct timer_list *timer, int cpu)
{
	struct timer_base *new_base, *base;
	unsigned long flags;

	if (WARN_ON_ONCE(timer_pending(timer)))
		return;
	if (!timer->function)
		return;

	new_base = get_timer_base(cpu);

	/*
	 * If @timer was on a different CPU, it should be migrated with the
	 * old base locked to prevent other operations proceeding with the
	 * wrong base locked.  See lock_timer_base().
	 */
	base = lock_timer_base(timer, &flags);
	if (base != new_base) {
		timer->flags |= TIMER_MIGRATING;

		raw_spin_unlock(&base->lock);
		base = new_base;
		raw_spin_lock(&base->lock);
		WRITE_ONCE(timer->flags,
			   (timer->flags & ~TIMER_BASEMASK) | cpu);
	}

	enqueue_timer(base, timer);
	raw_spin_unlock_irqrestore(&base->lock, flags);
}
EXPORT_SYMBOL_GPL(add_timer_on);

static int __timer_delete(struct timer_list *timer, bool shutdown)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = 0;

	if (timer_pending(timer) || shutdown) {
		base = lock_timer_base(timer, &flags);
		ret = detach_if_pending(timer, base, true);
		if (shutdown)
			timer->function = NULL;
		raw_spin_unlock_irqrestore(&base->lock, flags);
	}

	return ret;
}

/**
 * timer_delete - Deactivate a timer
 * @timer:	The timer to be deactivated
 *
 * Return: 0 if the timer was not pending, 1 if it was.
 */
int timer_delete(struct timer_list *timer)
{
	return __timer_delete(timer, false);
}
EXPORT_SYMBOL(timer_delete);

int timer_shutdown(struct timer_list *timer)
{
	return __timer_delete(timer, true);
}
EXPORT_SYMBOL_GPL(timer_shutdown);

static int __try_to_del_timer_sync(struct timer_list *timer, bool shutdown)
{
	struct timer_base *base;
	unsigned long flags;
	int ret = -1;

	base = lock_timer_base(timer, &flags);

	if (base->running_timer != timer)
		ret = detach_if_pending(timer, base, true);
	if (shutdown)
		timer->function = NULL;

	raw_spin_unlock_irqrestore(&base->lock, flags);

	return ret;
}

/**
 * try_to_del_timer_sync - Try to deactivate a timer
 * @timer:	Timer to deactivate
 *
 * Return: 0 not pending, 1 was pending and is deactivated, -1 its callback runs.
 */
int try_to_del_timer_sync(struct timer_list *timer)
{
	return __try_to_del_timer_sync(timer, false);
}
EXPORT_SYMBOL(try_to_del_timer_sync);

static int __timer_delete_sync(struct timer_list *timer, bool shutdown)
{
	int ret;

	/* the callback runs in softirq context: waiting for it there never ends */
	WARN_ON(in_hardirq() && !(timer->flags & TIMER_IRQSAFE));

	do {
		ret = __try_to_del_timer_sync(timer, shutdown);
		if (unlikely(ret < 0))
			cpu_relax();
	} while (ret < 0);

	return ret;
}

/**
 * timer_delete_sync - Deactivate a timer and wait for the handler to finish.
 * @timer:	The timer to be deactivated
 *
 * Return: 0 if the timer was not pending, 1 if it was.
 */
int timer_delete_sync(struct timer_list *timer)
{
	return __timer_delete_sync(timer, false);
}
EXPORT_SYMBOL(timer_delete_sync);

int timer_shutdown_sync(struct timer_list *timer)
{
	return __timer_delete_sync(timer, true);
}
EXPORT_SYMBOL_GPL(timer_shutdown_sync);

/**
 * init_timer_key - initialize a timer
 * @timer: the timer to be initialized
 * @func: timer callback function
 * @flags: timer flags
 * @name: name of the timer
 * @key: lockdep class key of the fake lock used for tracking timer
 *       sync lock dependencies
 */
void init_timer_key(struct timer_list *timer,
		    void (*func)(struct timer_list *), unsigned int flags,
		    const char *name, struct lock_class_key *key)
{
	timer->entry.pprev = NULL;
	timer->function = func;
	if (WARN_ON_ONCE(flags & ~TIMER_INIT_FLAGS))
		flags &= TIMER_INIT_FLAGS;
	timer->flags = flags | raw_smp_processor_id();
}
EXPORT_SYMBOL(init_timer_key);

/*
 * The expired timers of this CPU's base, in expiry order: called by the
 * softirq thread (softirq.c) with the softirq count raised. Returns the next
 * expiry, TIMER_NONE if no timer is left.
 */
unsigned long run_timers(void)
{
	struct timer_base *base = get_timer_base(smp_processor_id());
	unsigned long next;

	raw_spin_lock_irq(&base->lock);
	while (base->timers.first) {
		struct timer_list *timer = hlist_entry(base->timers.first, struct timer_list, entry);
		void (*fn)(struct timer_list *);

		if (time_before(jiffies, timer->expires))
			break;
		fn = timer->function;
		detach_timer(timer, true);
		base->running_timer = timer;
		if (timer->flags & TIMER_IRQSAFE) {
			raw_spin_unlock(&base->lock);
			fn(timer);
			raw_spin_lock(&base->lock);
		} else {
			raw_spin_unlock_irq(&base->lock);
			fn(timer);
			raw_spin_lock_irq(&base->lock);
		}
		base->running_timer = NULL;
	}
	next = base->timers.first ?
		hlist_entry(base->timers.first, struct timer_list, entry)->expires : TIMER_NONE;
	base->next_expiry = next;
	raw_spin_unlock_irq(&base->lock);
	return next;
}

struct process_timer {
	struct timer_list timer;
	struct task_struct *task;
};

static void process_timeout(struct timer_list *t)
{
	struct process_timer *timeout = from_timer(timeout, t, timer);

	wake_up_process(timeout->task);
}

/**
 * schedule_timeout - sleep until timeout
 * @timeout: timeout value in jiffies
 *
 * Make the current task sleep until @timeout jiffies have elapsed. The
 * function behavior depends on the current task state: %TASK_RUNNING
 * returns at once; otherwise the task sleeps until the timeout or a
 * wake-up (wake_up_process()) and is %TASK_RUNNING again.
 *
 * Returns 0 when the timer has expired otherwise the remaining time in
 * jiffies will be returned. In all cases the return value is guaranteed
 * to be non-negative.
 */
signed long __sched schedule_timeout(signed long timeout)
{
	struct process_timer timer;
	unsigned long expire;

	switch (timeout)
	{
	case MAX_SCHEDULE_TIMEOUT:
		/*
		 * These two special cases are useful to be comfortable
		 * in the caller. Nothing more. We could take
		 * MAX_SCHEDULE_TIMEOUT from one of the negative value
		 * but I' d like to return a valid offset (>=0) to allow
		 * the caller to do everything it want with the retval.
		 */
		schedule();
		goto out;
	default:
		/*
		 * Another bit of PARANOID. Note that the retval will be
		 * 0 since no piece of kernel is supposed to do a check
		 * for a negative retval of schedule_timeout() (since it
		 * should never happens anyway). You just have the printk()
		 * that will tell you if something is gone wrong and where.
		 */
		if (timeout < 0) {
			printk(KERN_ERR "schedule_timeout: wrong timeout "
				"value %lx\n", timeout);
			dump_stack();
			__set_current_state(TASK_RUNNING);
			goto out;
		}
	}

	expire = timeout + jiffies;

	timer.task = current;
	timer_setup_on_stack(&timer.timer, process_timeout, 0);
	__mod_timer(&timer.timer, expire, MOD_TIMER_NOTPENDING);
	schedule();
	timer_delete_sync(&timer.timer);

	/* Remove the timer from the object tracker */
	destroy_timer_on_stack(&timer.timer);

	timeout = expire - jiffies;

 out:
	return timeout < 0 ? 0 : timeout;
}
EXPORT_SYMBOL(schedule_timeout);

/*
 * We can use __set_current_state() here because schedule_timeout() calls
 * schedule() unconditionally.
 */
signed long __sched schedule_timeout_interruptible(signed long timeout)
{
	__set_current_state(TASK_INTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_interruptible);

signed long __sched schedule_timeout_killable(signed long timeout)
{
	__set_current_state(TASK_KILLABLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_killable);

signed long __sched schedule_timeout_uninterruptible(signed long timeout)
{
	__set_current_state(TASK_UNINTERRUPTIBLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_uninterruptible);

/*
 * Like schedule_timeout_uninterruptible(), except this task will not contribute
 * to load average.
 */
signed long __sched schedule_timeout_idle(signed long timeout)
{
	__set_current_state(TASK_IDLE);
	return schedule_timeout(timeout);
}
EXPORT_SYMBOL(schedule_timeout_idle);

/**
 * msleep_interruptible - sleep waiting for signals
 * @msecs: Time in milliseconds to sleep for
 */
unsigned long msleep_interruptible(unsigned int msecs)
{
	unsigned long timeout = msecs_to_jiffies(msecs) + 1;

	while (timeout && !signal_pending(current))
		timeout = schedule_timeout_interruptible(timeout);
	return jiffies_to_msecs(timeout);
}
EXPORT_SYMBOL(msleep_interruptible);

/**
 * usleep_range_state - Sleep for an approximate time in a given state
 * @min:	Minimum time in usecs to sleep
 * @max:	Maximum time in usecs to sleep
 * @state:	State of the current task that will be while sleeping
 *
 * Linux sleeps on an hrtimer with up to @max - @min of slack; the machine's
 * high-resolution sleep (kernel/sched.ts) ends exactly @min microseconds on,
 * or earlier for a wake-up in an interruptible state.
 */
void __sched usleep_range_state(unsigned long min, unsigned long max,
				unsigned int state)
{
	u64 ns = (u64)min * NSEC_PER_USEC;

	__set_current_state(state);
	__kmodlab_schedule_hrtimeout(ns);
}
EXPORT_SYMBOL(usleep_range_state);

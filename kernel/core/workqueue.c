// SPDX-License-Identifier: GPL-2.0-only
/*
 * kernel/workqueue.c - generic async execution with shared worker pool
 *
 * Copyright (C) 2002		Ingo Molnar
 *
 *   Derived from the taskqueue/keventd code by:
 *     David Woodhouse <dwmw2@infradead.org>
 *     Andrew Morton
 *     Kai Petzke <wpp@marie.physik.tu-berlin.de>
 *     Theodore Ts'o <tytso@mit.edu>
 *
 * Made to use alloc_percpu by Christoph Lameter.
 *
 * Copyright (C) 2010		SUSE Linux Products GmbH
 * Copyright (C) 2010		Tejun Heo <tj@kernel.org>
 *
 * kmodlab's pools are 6.1's, simplified: every CPU has a normal and a
 * high-priority pool, and there is one unbound pool, which also serves
 * ordered workqueues (one worker, first queued first run, so their order
 * holds). Each pool has one worker, "kworker/N:0" ("kworker/N:0H",
 * "kworker/uM:0"), a kernel thread created the first time the pool gets work
 * (so a machine that never queues work has none); it runs the pool's
 * worklist in order and sleeps when it is empty. There is no concurrency
 * management: a work item that sleeps holds its pool's later items back
 * (Linux would start another worker). work->data is Linux's: PENDING, then
 * the pwq while queued, the pool id once off the queue. Flushing a
 * workqueue queues a barrier behind the last work of each of its pwqs; a
 * work is flushed by a barrier right behind it, or at the head of the
 * worklist while it runs.
 */
#include "kmodlab.h"
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/init.h>
#include <linux/signal.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/slab.h>
#include <linux/cpu.h>
#include <linux/notifier.h>
#include <linux/kthread.h>
#include <linux/hardirq.h>
#include <linux/mempolicy.h>
#include <linux/freezer.h>
#include <linux/debug_locks.h>
#include <linux/lockdep.h>
#include <linux/idr.h>
#include <linux/jhash.h>
#include <linux/hashtable.h>
#include <linux/rculist.h>
#include <linux/nodemask.h>
#include <linux/moduleparam.h>
#include <linux/uaccess.h>
#include <linux/sched/isolation.h>
#include <linux/nmi.h>
#include <linux/kvm_para.h>
#include "workqueue_internal.h"
#include <trace/events/workqueue.h>

#include "workqueue_internal.h"

/* the pools: [cpu][0] normal, [cpu][1] WQ_HIGHPRI; ids cpu * 2 + i */
static DEFINE_PER_CPU_SHARED_ALIGNED(struct worker_pool [NR_STD_WORKER_POOLS], cpu_worker_pools);
/* WQ_UNBOUND and ordered workqueues */
static struct worker_pool unbound_pool;
#define UNBOUND_POOL_ID		(NR_CPUS * NR_STD_WORKER_POOLS)

/* pool and pwq setup, and every wq's pwqs list */
static DEFINE_RAW_SPINLOCK(wq_setup_lock);

#define DEFINE_SYSTEM_WQ(var, wqname, wqflags)				\
static struct workqueue_struct var##_struct = {				\
	.pwqs	= LIST_HEAD_INIT(var##_struct.pwqs),			\
	.list	= LIST_HEAD_INIT(var##_struct.list),			\
	.name	= wqname,						\
	.flags	= wqflags,						\
};									\
struct workqueue_struct *var __read_mostly = &var##_struct

DEFINE_SYSTEM_WQ(system_wq, "events", 0);
EXPORT_SYMBOL(system_wq);
DEFINE_SYSTEM_WQ(system_highpri_wq, "events_highpri", WQ_HIGHPRI);
EXPORT_SYMBOL_GPL(system_highpri_wq);
DEFINE_SYSTEM_WQ(system_long_wq, "events_long", 0);
EXPORT_SYMBOL_GPL(system_long_wq);
DEFINE_SYSTEM_WQ(system_unbound_wq, "events_unbound", WQ_UNBOUND);
EXPORT_SYMBOL_GPL(system_unbound_wq);
DEFINE_SYSTEM_WQ(system_freezable_wq, "events_freezable", WQ_FREEZABLE);
EXPORT_SYMBOL_GPL(system_freezable_wq);
DEFINE_SYSTEM_WQ(system_power_efficient_wq, "events_power_efficient", WQ_POWER_EFFICIENT);
EXPORT_SYMBOL_GPL(system_power_efficient_wq);
/* "events_freezable_power_efficient" as WQ_NAME_LEN keeps it */
DEFINE_SYSTEM_WQ(system_freezable_power_efficient_wq, "events_freezable_power_",
		 WQ_FREEZABLE | WQ_POWER_EFFICIENT);
EXPORT_SYMBOL_GPL(system_freezable_power_efficient_wq);

static int worker_thread(void *__worker);

/* A worker that sleeps with nothing to do is idle, not hung (kernel/sched.ts). */
static void set_pf_worker(bool val)
{
	if (val) {
		current->flags |= PF_WQ_WORKER;
		__kmodlab_task_daemon();
	} else {
		current->flags &= ~PF_WQ_WORKER;
	}
}

static struct worker_pool *pool_by_id(unsigned long id)
{
	if (id == UNBOUND_POOL_ID)
		return &unbound_pool;
	if (id < nr_cpu_ids * NR_STD_WORKER_POOLS)
		return &per_cpu(cpu_worker_pools, id / NR_STD_WORKER_POOLS)[id % NR_STD_WORKER_POOLS];
	return NULL;
}

/* Per-CPU pools cannot be initialised statically (their lists point into themselves). */
static struct worker_pool *pool_ready(struct worker_pool *pool, int cpu, int id)
{
	unsigned long flags;

	if (likely(smp_load_acquire(&pool->attrs)))
		return pool;
	raw_spin_lock_irqsave(&wq_setup_lock, flags);
	if (!pool->attrs) {
		raw_spin_lock_init(&pool->lock);
		pool->cpu = cpu;
		pool->node = NUMA_NO_NODE;
		pool->id = id;
		pool->flags = cpu < 0 ? POOL_DISASSOCIATED : 0;
		INIT_LIST_HEAD(&pool->worklist);
		INIT_LIST_HEAD(&pool->idle_list);
		INIT_LIST_HEAD(&pool->workers);
		/* the pool's attributes are its identity here: non-NULL = set up */
		smp_store_release(&pool->attrs, (struct workqueue_attrs *)pool);
	}
	raw_spin_unlock_irqrestore(&wq_setup_lock, flags);
	return pool;
}

static struct worker_pool *select_pool(struct workqueue_struct *wq, int cpu)
{
	int highpri = !!(wq->flags & WQ_HIGHPRI);

	if (wq->flags & (WQ_UNBOUND | __WQ_ORDERED))
		return pool_ready(&unbound_pool, -1, UNBOUND_POOL_ID);
	if (cpu == WORK_CPU_UNBOUND || cpu >= nr_cpu_ids)
		cpu = raw_smp_processor_id();
	return pool_ready(&per_cpu(cpu_worker_pools, cpu)[highpri], cpu,
			  cpu * NR_STD_WORKER_POOLS + highpri);
}

/*
 * While queued, %WORK_STRUCT_PWQ is set and non flag bits of a work's data
 * contain the pointer to the queued pwq.  Once execution starts, the flag
 * is cleared and the high bits contain OFFQ flags and pool ID.
 */
static inline void set_work_data(struct work_struct *work, unsigned long data,
				 unsigned long flags)
{
	WARN_ON_ONCE(!work_pending(work));
	atomic_long_set(&work->data, data | flags | work_static(work));
}

static void set_work_pwq(struct work_struct *work, struct pool_workqueue *pwq,
			 unsigned long extra_flags)
{
	set_work_data(work, (unsigned long)pwq,
		      WORK_STRUCT_PENDING | WORK_STRUCT_PWQ | extra_flags);
}

static void set_work_pool_and_keep_pending(struct work_struct *work,
					   int pool_id)
{
	set_work_data(work, (unsigned long)pool_id << WORK_OFFQ_POOL_SHIFT,
		      WORK_STRUCT_PENDING);
}

static void set_work_pool_and_clear_pending(struct work_struct *work,
					    int pool_id)
{
	/*
	 * The following wmb is paired with the implied mb in
	 * test_and_set_bit(PENDING) and ensures all updates to @work made
	 * here are visible to and precede any updates by the next PENDING
	 * owner.
	 */
	smp_wmb();
	set_work_data(work, (unsigned long)pool_id << WORK_OFFQ_POOL_SHIFT, 0);
	smp_mb();
}

static struct pool_workqueue *get_work_pwq(struct work_struct *work)
{
	unsigned long data = atomic_long_read(&work->data);

	if (data & WORK_STRUCT_PWQ)
		return (void *)(data & WORK_STRUCT_WQ_DATA_MASK);
	else
		return NULL;
}

static struct worker_pool *get_work_pool(struct work_struct *work)
{
	unsigned long data = atomic_long_read(&work->data);
	unsigned long pool_id;

	if (data & WORK_STRUCT_PWQ)
		return ((struct pool_workqueue *)
			(data & WORK_STRUCT_WQ_DATA_MASK))->pool;

	pool_id = data >> WORK_OFFQ_POOL_SHIFT;
	if (pool_id == WORK_OFFQ_POOL_NONE)
		return NULL;

	return pool_by_id(pool_id);
}

static int get_work_pool_id(struct work_struct *work)
{
	unsigned long data = atomic_long_read(&work->data);

	if (data & WORK_STRUCT_PWQ)
		return ((struct pool_workqueue *)
			(data & WORK_STRUCT_WQ_DATA_MASK))->pool->id;

	return data >> WORK_OFFQ_POOL_SHIFT;
}

static void mark_work_canceling(struct work_struct *work)
{
	unsigned long pool_id = get_work_pool_id(work);

	pool_id <<= WORK_OFFQ_POOL_SHIFT;
	set_work_data(work, pool_id | WORK_OFFQ_CANCELING, WORK_STRUCT_PENDING);
}

static bool work_is_canceling(struct work_struct *work)
{
	unsigned long data = atomic_long_read(&work->data);

	return !(data & WORK_STRUCT_PWQ) && (data & WORK_OFFQ_CANCELING);
}

static struct worker *find_worker_executing_work(struct worker_pool *pool,
						 struct work_struct *work)
{
	struct worker *worker;

	list_for_each_entry(worker, &pool->workers, node)
		if (worker->current_work == work &&
		    worker->current_func == work->func)
			return worker;

	return NULL;
}

/* The pwq of @wq on @pool, made on first use; NULL without memory. */
static struct pool_workqueue *get_pwq(struct workqueue_struct *wq, struct worker_pool *pool)
{
	struct pool_workqueue *pwq;
	unsigned long flags;

	raw_spin_lock_irqsave(&wq_setup_lock, flags);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
		if (pwq->pool == pool)
			goto out;
	/* kmalloc's power-of-two caches align it as __aligned(256) asks */
	pwq = kzalloc(roundup_pow_of_two(sizeof(*pwq)), GFP_ATOMIC);
	if (pwq) {
		pwq->pool = pool;
		pwq->wq = wq;
		pwq->refcnt = 1;
		pwq->max_active = wq->saved_max_active;
		INIT_LIST_HEAD(&pwq->inactive_works);
		INIT_LIST_HEAD(&pwq->mayday_node);
		list_add_tail(&pwq->pwqs_node, &wq->pwqs);
	}
out:
	raw_spin_unlock_irqrestore(&wq_setup_lock, flags);
	return pwq;
}

/* The pool's worker, created on its first work (pool->lock held, irqs off). */
static struct worker *pool_worker(struct worker_pool *pool)
{
	struct worker *worker;
	struct task_struct *task;

	if (!list_empty(&pool->workers))
		return list_first_entry(&pool->workers, struct worker, node);

	worker = kzalloc(sizeof(*worker), GFP_ATOMIC);
	if (!worker)
		return NULL;
	INIT_LIST_HEAD(&worker->entry);
	INIT_LIST_HEAD(&worker->scheduled);
	INIT_LIST_HEAD(&worker->node);
	worker->pool = pool;
	worker->id = pool->nr_workers;
	if (pool->cpu >= 0)
		task = kthread_create_on_node(worker_thread, worker, NUMA_NO_NODE,
					      "kworker/%d:%d%s", pool->cpu, worker->id,
					      pool->id % NR_STD_WORKER_POOLS ? "H" : "");
	else
		task = kthread_create_on_node(worker_thread, worker, NUMA_NO_NODE,
					      "kworker/u%d:%d", pool->id, worker->id);
	if (IS_ERR(task)) {
		kfree(worker);
		return NULL;
	}
	if (pool->cpu >= 0)
		kthread_bind(task, pool->cpu);
	worker->task = task;
	list_add_tail(&worker->node, &pool->workers);
	pool->nr_workers++;
	wake_up_process(task);
	return worker;
}

/* Queue @work on @pwq's pool at @head, and wake the pool's worker. */
static void insert_work(struct pool_workqueue *pwq, struct work_struct *work,
			struct list_head *head, unsigned int extra_flags)
{
	struct worker_pool *pool = pwq->pool;
	struct worker *worker;

	set_work_pwq(work, pwq, extra_flags);
	list_add_tail(&work->entry, head);
	worker = pool_worker(pool);
	if (worker && (worker->flags & WORKER_IDLE))
		wake_up_process(worker->task);
}

static void __queue_work(int cpu, struct workqueue_struct *wq,
			 struct work_struct *work)
{
	struct pool_workqueue *pwq;
	struct worker_pool *last_pool, *pool;

	lockdep_assert_irqs_disabled();

	pool = select_pool(wq, cpu);
	/*
	 * If @work was previously on a different pool, it might still be
	 * running there, in which case the work needs to be queued on that
	 * pool to guarantee non-reentrancy.
	 */
	last_pool = get_work_pool(work);
	if (last_pool && last_pool != pool) {
		struct worker *worker;

		raw_spin_lock(&last_pool->lock);
		worker = find_worker_executing_work(last_pool, work);
		if (worker && worker->current_pwq->wq == wq)
			pool = last_pool;
		raw_spin_unlock(&last_pool->lock);
	}

	pwq = get_pwq(wq, pool);
	if (WARN_ONCE(!pwq, "workqueue: no memory to queue %ps on %s\n", work->func, wq->name))
		return;

	raw_spin_lock(&pool->lock);
	if (WARN_ON(!list_empty(&work->entry))) {
		raw_spin_unlock(&pool->lock);
		return;
	}
	pwq->nr_in_flight[0]++;
	pwq->nr_active++;
	insert_work(pwq, work, &pool->worklist, 0);
	raw_spin_unlock(&pool->lock);
}

/**
 * queue_work_on - queue work on specific cpu
 * @cpu: CPU number to execute work on
 * @wq: workqueue to use
 * @work: work to queue
 *
 * We queue the work to a specific CPU, the caller must ensure it
 * can't go away.
 *
 * Return: %false if @work was already on a queue, %true otherwise.
 */
bool queue_work_on(int cpu, struct workqueue_struct *wq,
		   struct work_struct *work)
{
	bool ret = false;
	unsigned long flags;

	local_irq_save(flags);

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		__queue_work(cpu, wq, work);
		ret = true;
	}

	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL(queue_work_on);

static void rcu_work_rcufn(struct rcu_head *rcu)
{
	struct rcu_work *rwork = container_of(rcu, struct rcu_work, rcu);

	/* read the comment in __queue_work() */
	local_irq_disable();
	__queue_work(WORK_CPU_UNBOUND, rwork->wq, &rwork->work);
	local_irq_enable();
}

/**
 * queue_rcu_work - queue work after a RCU grace period
 * @wq: workqueue to use
 * @rwork: work to queue
 *
 * Return: %false if @rwork was already pending, %true otherwise.  Note
 * that a full RCU grace period is guaranteed only after a %true return.
 * While @rwork is guaranteed to be executed after a %false return, the
 * execution may happen before a full RCU grace period has passed.
 */
bool queue_rcu_work(struct workqueue_struct *wq, struct rcu_work *rwork)
{
	struct work_struct *work = &rwork->work;

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		rwork->wq = wq;
		call_rcu(&rwork->rcu, rcu_work_rcufn);
		return true;
	}

	return false;
}
EXPORT_SYMBOL(queue_rcu_work);

/**
 * queue_work_node - queue work on a "random" cpu for a given NUMA node
 * @node: NUMA node that we are targeting the work for
 * @wq: workqueue to use
 * @work: work to queue
 */
bool queue_work_node(int node, struct workqueue_struct *wq,
		     struct work_struct *work)
{
	return queue_work_on(WORK_CPU_UNBOUND, wq, work);
}
EXPORT_SYMBOL_GPL(queue_work_node);

void delayed_work_timer_fn(struct timer_list *t)
{
	struct delayed_work *dwork = from_timer(dwork, t, timer);

	/* should have been called from irqsafe timer with irq already off */
	__queue_work(dwork->cpu, dwork->wq, &dwork->work);
}
EXPORT_SYMBOL(delayed_work_timer_fn);

static void __queue_delayed_work(int cpu, struct workqueue_struct *wq,
				struct delayed_work *dwork, unsigned long delay)
{
	struct timer_list *timer = &dwork->timer;
	struct work_struct *work = &dwork->work;

	WARN_ON_ONCE(!wq);
	WARN_ON_ONCE(timer->function != delayed_work_timer_fn);
	WARN_ON_ONCE(timer_pending(timer));
	WARN_ON_ONCE(!list_empty(&work->entry));

	/*
	 * If @delay is 0, queue @dwork->work immediately.  This is for
	 * both optimization and correctness.  The earliest @timer can
	 * expire is on the closest next tick and delayed_work users depend
	 * on that there's no such delay when @delay is 0.
	 */
	if (!delay) {
		__queue_work(cpu, wq, &dwork->work);
		return;
	}

	dwork->wq = wq;
	dwork->cpu = cpu;
	timer->expires = jiffies + delay;

	if (unlikely(cpu != WORK_CPU_UNBOUND))
		add_timer_on(timer, cpu);
	else
		add_timer(timer);
}

/**
 * queue_delayed_work_on - queue work on specific CPU after delay
 * @cpu: CPU number to execute work on
 * @wq: workqueue to use
 * @dwork: work to queue
 * @delay: number of jiffies to wait before queueing
 *
 * Return: %false if @work was already on a queue, %true otherwise.  If
 * @delay is zero and @dwork is idle, it will be scheduled for immediate
 * execution.
 */
bool queue_delayed_work_on(int cpu, struct workqueue_struct *wq,
			   struct delayed_work *dwork, unsigned long delay)
{
	struct work_struct *work = &dwork->work;
	bool ret = false;
	unsigned long flags;

	/* read the comment in __queue_work() */
	local_irq_save(flags);

	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work))) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		ret = true;
	}

	local_irq_restore(flags);
	return ret;
}
EXPORT_SYMBOL(queue_delayed_work_on);

/**
 * try_to_grab_pending - steal work item from worklist and disable irq
 * @work: work item to steal
 * @is_dwork: @work is a delayed_work
 * @flags: place to store irq state
 *
 * Try to grab PENDING bit of @work.  This function can handle @work in any
 * stable state - idle, on timer or on worklist.
 *
 * Return:
 *  1		if @work was pending and we successfully stole PENDING
 *  0		if @work was idle and we claimed PENDING
 *  -EAGAIN	if PENDING couldn't be grabbed at the moment, safe to busy-retry
 *  -ENOENT	if someone else is canceling @work, this state may persist
 *		for arbitrarily long
 */
static int try_to_grab_pending(struct work_struct *work, bool is_dwork,
			       unsigned long *flags)
{
	struct worker_pool *pool;
	struct pool_workqueue *pwq;

	local_irq_save(*flags);

	/* try to steal the timer if it exists */
	if (is_dwork) {
		struct delayed_work *dwork = to_delayed_work(work);

		/*
		 * dwork->timer is irqsafe.  If del_timer() fails, it's
		 * guaranteed that the timer is not queued anywhere and not
		 * running on the local CPU.
		 */
		if (likely(del_timer(&dwork->timer)))
			return 1;
	}

	/* try to claim PENDING the normal way */
	if (!test_and_set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(work)))
		return 0;

	/*
	 * The queueing is in progress, or it is already queued. Try to
	 * steal it from ->worklist without clearing WORK_STRUCT_PENDING.
	 */
	pool = get_work_pool(work);
	if (!pool)
		goto fail;

	raw_spin_lock(&pool->lock);
	pwq = get_work_pwq(work);
	if (pwq && pwq->pool == pool) {
		list_del_init(&work->entry);
		pwq->nr_in_flight[0]--;
		pwq->nr_active--;
		/* work->data points to pwq iff queued, point to pool */
		set_work_pool_and_keep_pending(work, pool->id);

		raw_spin_unlock(&pool->lock);
		return 1;
	}
	raw_spin_unlock(&pool->lock);
fail:
	local_irq_restore(*flags);
	if (work_is_canceling(work))
		return -ENOENT;
	cpu_relax();
	return -EAGAIN;
}

/**
 * mod_delayed_work_on - modify delay of or queue a delayed work on specific CPU
 * @cpu: CPU number to execute work on
 * @wq: workqueue to use
 * @dwork: work to queue
 * @delay: number of jiffies to wait before queueing
 *
 * If @dwork is idle, equivalent to queue_delayed_work_on(); otherwise,
 * modify @dwork's timer so that it expires after @delay.
 *
 * Return: %false if @dwork was idle and queued, %true if @dwork was
 * pending and its timer was modified.
 */
bool mod_delayed_work_on(int cpu, struct workqueue_struct *wq,
			 struct delayed_work *dwork, unsigned long delay)
{
	unsigned long flags;
	int ret;

	do {
		ret = try_to_grab_pending(&dwork->work, true, &flags);
	} while (unlikely(ret == -EAGAIN));

	if (likely(ret >= 0)) {
		__queue_delayed_work(cpu, wq, dwork, delay);
		local_irq_restore(flags);
	}

	/* -ENOENT from try_to_grab_pending() becomes %true */
	return ret;
}
EXPORT_SYMBOL_GPL(mod_delayed_work_on);

/* A worker runs one work item: pool->lock held on entry and exit. */
static void process_one_work(struct worker *worker, struct work_struct *work)
{
	struct pool_workqueue *pwq = get_work_pwq(work);
	struct worker_pool *pool = worker->pool;

	list_del_init(&work->entry);
	worker->current_work = work;
	worker->current_func = work->func;
	worker->current_pwq = pwq;

	/*
	 * Record the last pool and clear PENDING which should be the last
	 * update to @work.  Also, do this inside @pool->lock so that
	 * PENDING and queued state changes happen together while IRQ is
	 * disabled.
	 */
	set_work_pool_and_clear_pending(work, pool->id);

	raw_spin_unlock_irq(&pool->lock);

	worker->current_func(work);

	if (unlikely(preempt_count() || irqs_disabled())) {
		pr_err("BUG: workqueue leaked lock or atomic: %s/0x%08x/%d\n"
		       "     last function: %ps\n",
		       current->comm, preempt_count(), task_pid_nr(current),
		       worker->current_func);
		dump_stack();
	}

	cond_resched();

	raw_spin_lock_irq(&pool->lock);

	worker->last_func = worker->current_func;
	worker->current_work = NULL;
	worker->current_func = NULL;
	worker->current_pwq = NULL;
	if (pwq) {
		pwq->nr_in_flight[0]--;
		pwq->nr_active--;
	}
}

/*
 * The worker thread: the pool's worklist in order, then sleep (idle) until
 * insert_work() wakes it.
 */
static int worker_thread(void *__worker)
{
	struct worker *worker = __worker;
	struct worker_pool *pool = worker->pool;

	/* tell the scheduler that this is a workqueue worker */
	set_pf_worker(true);

	raw_spin_lock_irq(&pool->lock);
	for (;;) {
		while (!list_empty(&pool->worklist)) {
			struct work_struct *work =
				list_first_entry(&pool->worklist,
						 struct work_struct, entry);

			process_one_work(worker, work);
		}

		worker->flags |= WORKER_IDLE;
		pool->nr_idle++;
		set_current_state(TASK_IDLE);
		raw_spin_unlock_irq(&pool->lock);
		schedule();
		raw_spin_lock_irq(&pool->lock);
		worker->flags &= ~WORKER_IDLE;
		pool->nr_idle--;
	}
	return 0;
}

struct wq_barrier {
	struct work_struct	work;
	struct completion	done;
	struct task_struct	*task;	/* purely informational */
};

static void wq_barrier_func(struct work_struct *work)
{
	struct wq_barrier *barr = container_of(work, struct wq_barrier, work);
	complete(&barr->done);
}

/*
 * Queue @barr on @pwq's pool at @head: after the work it follows (or first,
 * while that work runs). Its pwq is @pwq but it is not counted in flight.
 * pool->lock held.
 */
static void insert_wq_barrier(struct pool_workqueue *pwq, struct wq_barrier *barr,
			      struct list_head *head)
{
	INIT_WORK_ONSTACK(&barr->work, wq_barrier_func);
	__set_bit(WORK_STRUCT_PENDING_BIT, work_data_bits(&barr->work));
	init_completion_map(&barr->done, NULL);
	barr->task = current;
	insert_work(pwq, &barr->work, head, WORK_STRUCT_INACTIVE);
}

static bool start_flush_work(struct work_struct *work, struct wq_barrier *barr)
{
	struct worker *worker = NULL;
	struct worker_pool *pool;
	struct pool_workqueue *pwq;

	might_sleep();

	pool = get_work_pool(work);
	if (!pool)
		return false;

	raw_spin_lock_irq(&pool->lock);
	/* see the comment in try_to_grab_pending() with the same code */
	pwq = get_work_pwq(work);
	if (pwq) {
		if (unlikely(pwq->pool != pool))
			goto already_gone;
		/* right behind the work */
		insert_wq_barrier(pwq, barr, work->entry.next);
	} else {
		worker = find_worker_executing_work(pool, work);
		if (!worker)
			goto already_gone;
		pwq = worker->current_pwq;
		/* next, while the work runs */
		insert_wq_barrier(pwq, barr, pool->worklist.next);
	}
	raw_spin_unlock_irq(&pool->lock);
	return true;
already_gone:
	raw_spin_unlock_irq(&pool->lock);
	return false;
}

static bool __flush_work(struct work_struct *work, bool from_cancel)
{
	struct wq_barrier barr;

	if (WARN_ON(!work->func))
		return false;

	if (start_flush_work(work, &barr)) {
		wait_for_completion(&barr.done);
		destroy_work_on_stack(&barr.work);
		return true;
	} else {
		return false;
	}
}

/**
 * flush_work - wait for a work to finish executing the last queueing instance
 * @work: the work to flush
 *
 * Wait until @work has finished execution.  @work is guaranteed to be idle
 * on return if it hasn't been requeued since flush started.
 *
 * Return:
 * %true if flush_work() waited for the work to finish execution,
 * %false if it was already idle.
 */
bool flush_work(struct work_struct *work)
{
	return __flush_work(work, false);
}
EXPORT_SYMBOL_GPL(flush_work);

/**
 * __flush_workqueue - ensure that any scheduled work has run to completion.
 * @wq: workqueue to flush
 *
 * This function sleeps until all work items which were queued on entry
 * have finished execution, but it is not livelocked by new incoming ones.
 */
void __flush_workqueue(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	struct wq_barrier *barrs;
	unsigned long flags;
	int n = 0, i;

	might_sleep();

	raw_spin_lock_irqsave(&wq_setup_lock, flags);
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node)
		n++;
	raw_spin_unlock_irqrestore(&wq_setup_lock, flags);
	if (!n)
		return;
	barrs = kcalloc(n, sizeof(*barrs), GFP_KERNEL);
	if (WARN_ON(!barrs))
		return;

	/* pwqs are only added, at the tail, until destroy_workqueue() */
	i = 0;
	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		struct worker_pool *pool = pwq->pool;

		if (i == n)
			break;
		raw_spin_lock_irq(&pool->lock);
		if (pwq->nr_in_flight[0]) {
			insert_wq_barrier(pwq, &barrs[i], &pool->worklist);
			barrs[i].task = current;
		} else {
			barrs[i].task = NULL;
		}
		raw_spin_unlock_irq(&pool->lock);
		i++;
	}
	for (i = 0; i < n; i++)
		if (barrs[i].task)
			wait_for_completion(&barrs[i].done);
	kfree(barrs);
}
EXPORT_SYMBOL(__flush_workqueue);

static bool wq_busy(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq;
	bool busy = false;

	list_for_each_entry(pwq, &wq->pwqs, pwqs_node) {
		raw_spin_lock_irq(&pwq->pool->lock);
		busy |= pwq->nr_in_flight[0] != 0;
		raw_spin_unlock_irq(&pwq->pool->lock);
	}
	return busy;
}

/**
 * drain_workqueue - drain a workqueue
 * @wq: workqueue to drain
 *
 * Wait until the workqueue becomes empty, work items queued by its own
 * work items included.
 */
void drain_workqueue(struct workqueue_struct *wq)
{
	unsigned int flush_cnt = 0;

	for (;;) {
		__flush_workqueue(wq);
		if (!wq_busy(wq))
			break;
		if (++flush_cnt == 10 ||
		    (flush_cnt % 100 == 0 && flush_cnt <= 1000))
			pr_warn("workqueue %s: %s() isn't complete after %u tries\n",
				wq->name, __func__, flush_cnt);
	}
}
EXPORT_SYMBOL_GPL(drain_workqueue);

static int __cancel_work_timer(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	do {
		ret = try_to_grab_pending(work, is_dwork, &flags);
		/*
		 * Someone else is canceling @work: wait for it to finish
		 * (Linux sleeps on a wait queue; here, let others run).
		 */
		if (unlikely(ret == -ENOENT))
			schedule();
	} while (unlikely(ret < 0));

	/* tell other tasks trying to grab @work to back off */
	mark_work_canceling(work);
	local_irq_restore(flags);

	__flush_work(work, true);

	/*
	 * Clear the PENDING and CANCELING bits: @work is idle and may be
	 * queued again.
	 */
	set_work_pool_and_clear_pending(work, get_work_pool_id(work));
	return ret;
}

/**
 * cancel_work_sync - cancel a work and wait for it to finish
 * @work: the work to cancel
 *
 * Cancel @work and wait for its execution to finish.  This function
 * can be used even if the work re-queues itself or migrates to
 * another workqueue.  On return from this function, @work is
 * guaranteed to be not pending or executing on any CPU.
 *
 * Return:
 * %true if @work was pending, %false otherwise.
 */
bool cancel_work_sync(struct work_struct *work)
{
	return __cancel_work_timer(work, false);
}
EXPORT_SYMBOL_GPL(cancel_work_sync);

/**
 * flush_delayed_work - wait for a dwork to finish executing the last queueing
 * @dwork: the delayed work to flush
 *
 * Delayed timer is cancelled and the pending work is queued for
 * immediate execution.  Like flush_work(), this function only
 * considers the last queueing instance of @dwork.
 */
bool flush_delayed_work(struct delayed_work *dwork)
{
	local_irq_disable();
	if (del_timer_sync(&dwork->timer))
		__queue_work(dwork->cpu, dwork->wq, &dwork->work);
	local_irq_enable();
	return flush_work(&dwork->work);
}
EXPORT_SYMBOL(flush_delayed_work);

static bool __cancel_work(struct work_struct *work, bool is_dwork)
{
	unsigned long flags;
	int ret;

	do {
		ret = try_to_grab_pending(work, is_dwork, &flags);
	} while (unlikely(ret == -EAGAIN));

	if (unlikely(ret < 0))
		return false;

	set_work_pool_and_clear_pending(work, get_work_pool_id(work));
	local_irq_restore(flags);
	return ret;
}

/*
 * See cancel_delayed_work()
 */
bool cancel_work(struct work_struct *work)
{
	return __cancel_work(work, false);
}
EXPORT_SYMBOL(cancel_work);

/**
 * cancel_delayed_work - cancel a delayed work
 * @dwork: delayed_work to cancel
 *
 * Kill off a pending delayed_work.
 *
 * Return: %true if @dwork was pending and canceled; %false if it wasn't
 * pending.
 *
 * Note:
 * The work callback function may still be running on return, unless
 * it returns %true and the work doesn't re-arm itself.  Explicitly flush or
 * use cancel_delayed_work_sync() to wait on it.
 */
bool cancel_delayed_work(struct delayed_work *dwork)
{
	return __cancel_work(&dwork->work, true);
}
EXPORT_SYMBOL(cancel_delayed_work);

/**
 * cancel_delayed_work_sync - cancel a delayed work and wait for it to finish
 * @dwork: the delayed work cancel
 *
 * This is cancel_work_sync() for delayed works.
 *
 * Return:
 * %true if @dwork was pending, %false otherwise.
 */
bool cancel_delayed_work_sync(struct delayed_work *dwork)
{
	return __cancel_work_timer(&dwork->work, true);
}
EXPORT_SYMBOL(cancel_delayed_work_sync);

__printf(1, 4)
struct workqueue_struct *alloc_workqueue(const char *fmt,
					 unsigned int flags,
					 int max_active, ...)
{
	struct workqueue_struct *wq;
	va_list args;

	/* see the comment above the definition of WQ_POWER_EFFICIENT */
	if ((flags & WQ_POWER_EFFICIENT) && IS_ENABLED(CONFIG_WQ_POWER_EFFICIENT_DEFAULT))
		flags |= WQ_UNBOUND;

	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return NULL;

	va_start(args, max_active);
	vsnprintf(wq->name, sizeof(wq->name), fmt, args);
	va_end(args);

	max_active = max_active ?: WQ_DFL_ACTIVE;
	max_active = clamp_val(max_active, 1, WQ_MAX_ACTIVE);

	wq->flags = flags;
	wq->saved_max_active = max_active;
	mutex_init(&wq->mutex);
	INIT_LIST_HEAD(&wq->pwqs);
	INIT_LIST_HEAD(&wq->flusher_queue);
	INIT_LIST_HEAD(&wq->flusher_overflow);
	INIT_LIST_HEAD(&wq->maydays);
	INIT_LIST_HEAD(&wq->list);
	return wq;
}
EXPORT_SYMBOL_GPL(alloc_workqueue);

/**
 * destroy_workqueue - safely terminate a workqueue
 * @wq: target workqueue
 *
 * Safely destroy a workqueue. All work currently pending will be done first.
 */
void destroy_workqueue(struct workqueue_struct *wq)
{
	struct pool_workqueue *pwq, *next;

	/* drain it before proceeding with destruction */
	drain_workqueue(wq);

	list_for_each_entry_safe(pwq, next, &wq->pwqs, pwqs_node) {
		list_del(&pwq->pwqs_node);
		kfree(pwq);
	}
	kfree(wq);
}
EXPORT_SYMBOL_GPL(destroy_workqueue);

/**
 * workqueue_set_max_active - adjust max_active of a workqueue
 * @wq: target workqueue
 * @max_active: new max_active value.
 *
 * One worker per pool runs at most one item at a time anyway: recorded only.
 */
void workqueue_set_max_active(struct workqueue_struct *wq, int max_active)
{
	wq->saved_max_active = clamp_val(max_active, 1, WQ_MAX_ACTIVE);
}
EXPORT_SYMBOL_GPL(workqueue_set_max_active);

/**
 * current_work - retrieve %current task's work struct
 *
 * Determine if %current task is a workqueue worker and what it's working on.
 * Useful to find out the context that the %current task is running in.
 *
 * Return: work struct if %current task is a workqueue worker, %NULL otherwise.
 */
struct work_struct *current_work(void)
{
	struct worker *worker = current_wq_worker();

	return worker ? worker->current_work : NULL;
}
EXPORT_SYMBOL(current_work);

/**
 * workqueue_congested - test whether a workqueue is congested
 * @cpu: CPU in question
 * @wq: target workqueue
 */
bool workqueue_congested(int cpu, struct workqueue_struct *wq)
{
	struct worker_pool *pool = select_pool(wq, cpu);
	bool ret;

	raw_spin_lock_irq(&pool->lock);
	ret = !list_empty(&pool->worklist);
	raw_spin_unlock_irq(&pool->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(workqueue_congested);

/**
 * work_busy - test whether a work is currently pending or running
 * @work: the work to be tested
 *
 * Return: OR'd bitmask of WORK_BUSY_* bits.
 */
unsigned int work_busy(struct work_struct *work)
{
	struct worker_pool *pool;
	unsigned long flags;
	unsigned int ret = 0;

	if (work_pending(work))
		ret |= WORK_BUSY_PENDING;

	pool = get_work_pool(work);
	if (pool) {
		raw_spin_lock_irqsave(&pool->lock, flags);
		if (find_worker_executing_work(pool, work))
			ret |= WORK_BUSY_RUNNING;
		raw_spin_unlock_irqrestore(&pool->lock, flags);
	}

	return ret;
}
EXPORT_SYMBOL_GPL(work_busy);

/**
 * set_worker_desc - set description for the current work item
 * @fmt: printf-style format string
 * @...: arguments for the format string
 */
void set_worker_desc(const char *fmt, ...)
{
	struct worker *worker = current_wq_worker();
	va_list args;

	if (worker) {
		va_start(args, fmt);
		vsnprintf(worker->desc, sizeof(worker->desc), fmt, args);
		va_end(args);
	}
}
EXPORT_SYMBOL_GPL(set_worker_desc);

void __warn_flushing_systemwide_wq(void) { }
EXPORT_SYMBOL(__warn_flushing_systemwide_wq);

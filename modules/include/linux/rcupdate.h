/* SPDX-License-Identifier: GPL-2.0+ */
/*
 * Grace periods. 2.5's synchronize_kernel() ("schedule on every CPU", seed 003)
 * is the same wait as 6.1's synchronize_rcu(); kmodlab provides both names. With
 * boot sync=tasks it also waits for every task preempted while running (the
 * RCU-tasks idea), which is what protects preemptible callers.
 */
#ifndef _LINUX_RCUPDATE_H
#define _LINUX_RCUPDATE_H

void synchronize_kernel(void);
void synchronize_rcu(void);

#define rcu_read_lock()		preempt_disable()
#define rcu_read_unlock()	preempt_enable()

#endif /* _LINUX_RCUPDATE_H */

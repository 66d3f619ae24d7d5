/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmodlab's, not Linux 6.1's: 2.5's synchronize_kernel() (seed 003), "schedule
 * on every CPU", a service of the TypeScript kernel (kernel/synchronize.ts).
 * 6.1 calls this wait synchronize_rcu(). With boot sync=tasks it also waits
 * for every task preempted while running (the RCU-tasks idea), which is what
 * protects preemptible callers.
 */
#ifndef _KMODLAB_SYNCHRONIZE_H
#define _KMODLAB_SYNCHRONIZE_H

void synchronize_kernel(void);

#endif /* _KMODLAB_SYNCHRONIZE_H */

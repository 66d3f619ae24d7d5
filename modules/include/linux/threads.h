/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_THREADS_H
#define _LINUX_THREADS_H

/* The maximum number of CPUs (kmodlab: 64, the most cores the machine has) */
#define NR_CPUS		CONFIG_NR_CPUS

#define MIN_THREADS_LEFT_FOR_ROOT 4

#define PID_MAX_DEFAULT 0x8000

#endif

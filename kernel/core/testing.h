/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel core's test entry points: what the lifecycle scenarios (the
 * .kml files of modules/examples) `call` or `spawn` to play a user -- mount(8),
 * cat /proc/NAME, socket(2), open("/dev/NAME"), a device raising an
 * interrupt. kmodlab's, not Linux's; not exported, not for modules.
 * Each returns 0 (or what it says) or a -errno.
 */
#ifndef _KMODLAB_CORE_TESTING_H
#define _KMODLAB_CORE_TESTING_H

#include <linux/types.h>

/* testing.c: busy work for a second task on a CPU; FN(a0..a5) after MS ms */
unsigned long kmodlab_spin(unsigned long n);
long kmodlab_after(unsigned int ms, long (*fn)(long, long, long, long, long, long),
		   long a0, long a1, long a2, long a3, long a4, long a5);

/*
 * filesystems.c: a mount table keyed by mount point. kmodlab_statfs() returns
 * the filesystem's f_files; kmodlab_mount_hold() is a process that mounts
 * (retrying every ms while the type is unknown, TRIES attempts), runs statfs,
 * keeps the mount HOLD_MS ms and unmounts.
 */
long kmodlab_mount(const char *fstype, const char *dir);
long kmodlab_umount(const char *dir);
long kmodlab_statfs(const char *dir);
long kmodlab_mount_hold(const char *fstype, const char *dir,
			unsigned long tries, unsigned int hold_ms);

/*
 * proc.c: `cat /proc/NAME` (the text goes to the kernel log; returns its
 * length), and a process reading /proc/NAME TIMES times, PERIOD_MS apart
 * (returns how many reads found it).
 */
long kmodlab_proc_read(const char *name);
unsigned long kmodlab_proc_reader(const char *name, unsigned long times,
				  unsigned int period_ms);

/*
 * socket.c: socket(FAMILY, ..., PROTOCOL) returns a file descriptor whose
 * table entry holds the sock's first reference; close(FD) takes it off the
 * table and drops that reference (stage one of the delete); a packet in
 * flight holds another reference for HOLD_MS ms.
 */
long kmodlab_socket(int family, int protocol);
long kmodlab_sock_close(int fd);
long kmodlab_sock_busy(int fd, unsigned int hold_ms);

/*
 * genhd.c: open the disk NAME and keep it open (a reference on its driver;
 * returns its number of partitions or -ENXIO), and close it again.
 */
long kmodlab_blkdev_open(const char *name);
long kmodlab_blkdev_close(const char *name);

/*
 * irq.c: a device raising interrupt IRQ COUNT times, PERIOD_MS apart (0: it
 * yields the CPU in between). Returns how many were handled.
 */
unsigned long kmodlab_irq_storm(unsigned int irq, unsigned long count,
				unsigned int period_ms);

/*
 * notifier.c: a process sending events 1..COUNT down kmodlab's notifier
 * chain, PERIOD_MS apart. Returns how many callbacks ran.
 */
unsigned long kmodlab_notify_thread(unsigned long count, unsigned int period_ms);

#endif /* _KMODLAB_CORE_TESTING_H */

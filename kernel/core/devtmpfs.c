// SPDX-License-Identifier: GPL-2.0
/*
 * drivers/base/devtmpfs.c (6.1)'s effect: a device with a dev_t gets a node
 * in /dev, named as device_get_devnode() says (the class's devnode() may
 * rename it and set its mode), and loses it when it is deleted. The nodes
 * are character-device inodes of the namespace (kernel/fs/namei.ts); an
 * open file keeps its inode after the node is gone.
 *
 * Copyright (C) 2009, Kay Sievers <kay.sievers@vrfy.org>
 */
#include "kmodlab.h"
#include <linux/kernel.h>
#include <linux/syscalls.h>
#include <linux/mount.h>
#include <linux/device.h>
#include <linux/namei.h>
#include <linux/fs.h>
#include <linux/shmem_fs.h>
#include <linux/ramfs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/kthread.h>
#include <linux/init_syscalls.h>
#include <uapi/linux/mount.h>
#include "fs_internal.h"

struct devtmpfs_node {
	struct list_head list;
	struct device *dev;
	struct inode *inode;
	char path[];
};

static LIST_HEAD(nodes);
static DEFINE_MUTEX(nodes_lock);

int devtmpfs_create_node(struct device *dev)
{
	const char *tmp = NULL, *name;
	umode_t mode = 0;
	kuid_t uid = GLOBAL_ROOT_UID;
	kgid_t gid = GLOBAL_ROOT_GID;
	struct devtmpfs_node *n;
	struct inode *inode;
	long err;

	name = device_get_devnode(dev, &mode, &uid, &gid, &tmp);
	if (!name)
		return -ENOMEM;
	if (mode == 0)
		mode = 0600;
	n = kzalloc(sizeof(*n) + strlen("/dev/") + strlen(name) + 1, GFP_KERNEL);
	inode = kmodlab_new_inode(0);
	if (!n || !inode) {
		kfree(n);
		kfree(inode);
		kfree(tmp);
		return -ENOMEM;
	}
	strcpy(n->path, "/dev/");
	strcat(n->path, name);
	kfree(tmp);
	/* devtmpfs has only char and block nodes; block devices have no /dev node yet */
	init_special_inode(inode, S_IFCHR | mode, dev->devt);
	err = __kmodlab_d_add(n->path, inode);
	if (err) {
		iput(inode);
		kfree(n);
		return err;
	}
	n->dev = dev;
	n->inode = inode;
	mutex_lock(&nodes_lock);
	list_add_tail(&n->list, &nodes);
	mutex_unlock(&nodes_lock);
	return 0;
}

int devtmpfs_delete_node(struct device *dev)
{
	struct devtmpfs_node *n, *found = NULL;

	mutex_lock(&nodes_lock);
	list_for_each_entry(n, &nodes, list) {
		if (n->dev == dev) {
			list_del(&n->list);
			found = n;
			break;
		}
	}
	mutex_unlock(&nodes_lock);
	if (!found)
		return -ENOENT;
	__kmodlab_d_remove(found->path, found->inode);
	iput(found->inode);
	kfree(found);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * hello.c: the classic first module (LDD3 chapter 2, LKMPG "Hello World"),
 * with the three kinds of parameters a beginner meets: an int, a string
 * (charp) and an array with a count.
 *
 *   insmod hello.ko howmany=3 whom=kmodlab numbers=1,2,3
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/slab.h>

static int howmany = 1;
module_param(howmany, int, 0644);
MODULE_PARM_DESC(howmany, "How many times to say hello (default 1)");

static char *whom = "world";
module_param(whom, charp, 0644);
MODULE_PARM_DESC(whom, "Whom to greet (default \"world\")");

static int numbers[8];
static int count;
module_param_array(numbers, int, &count, 0444);
MODULE_PARM_DESC(numbers, "Up to 8 comma-separated numbers to add up");

static int __init hello_init(void)
{
	int *copy;
	int i, sum = 0;

	for (i = 0; i < howmany; i++)
		printk(KERN_INFO "Hello, %s\n", whom);

	/* work on a copy, the way a driver would with data it was handed */
	copy = kmalloc_array(count ? count : 1, sizeof(*copy), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	for (i = 0; i < count; i++) {
		copy[i] = numbers[i];
		sum += copy[i];
	}
	kfree(copy);

	pr_info("%d number(s), sum %d\n", count, sum);
	return 0;
}

static void __exit hello_exit(void)
{
	printk(KERN_INFO "Goodbye, %s\n", whom);
}

module_init(hello_init);
module_exit(hello_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("The kmodlab authors");
MODULE_DESCRIPTION("Hello, world, with an int, a string and an array parameter");
MODULE_VERSION("1.0");

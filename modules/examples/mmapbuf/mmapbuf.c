// SPDX-License-Identifier: GPL-2.0
/*
 * mmapbuf.c: a misc device whose memory user space maps, the two ways
 * LDD3's chapter 15 teaches on a 6.x kernel:
 *
 *   offset 0      the "page" buffer, physically contiguous pages from
 *                 __get_free_pages(), mapped with remap_pfn_range() at
 *                 virt_to_phys() >> PAGE_SHIFT; read() and write() reach
 *                 the same bytes;
 *   offset 64 KiB the "ring", vmalloc_user() memory (page by page, not
 *                 contiguous), mapped with remap_vmalloc_range().
 *
 * A mapping holds the device file, so the module stays in use until the
 * last munmap(), even after close(). vm_operations' open/close count the
 * mappings.
 *
 *   insmod mmapbuf.ko pages=2
 *   echo hello > /dev/mmapbuf
 *   (user space) p = mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0);
 *
 * ring_user=0 allocates the ring with vzalloc() instead, which
 * remap_vmalloc_range() refuses (-EINVAL): only VM_USERMAP areas may be
 * mapped, so that user space never sees stale kernel data.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/vmalloc.h>

#define RING_PGOFF	16		/* the ring's offset in the device: 64 KiB */
#define RING_SIZE	(2 * PAGE_SIZE)

static int pages = 1;
module_param(pages, int, 0444);
MODULE_PARM_DESC(pages, "Pages in the page buffer (1..16, default 1)");
static bool ring_user = true;
module_param(ring_user, bool, 0444);
MODULE_PARM_DESC(ring_user, "Allocate the ring with vmalloc_user (default) or vzalloc (not mappable)");

static unsigned long page_buf;	/* __get_free_pages(): a linear-map address */
static unsigned int order;
static char *ring;
static atomic_t mappings = ATOMIC_INIT(0);
static DEFINE_MUTEX(lock);

static ssize_t mmapbuf_read(struct file *file, char __user *buf, size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&lock);
	ret = simple_read_from_buffer(buf, count, ppos, (void *)page_buf,
				      strnlen((char *)page_buf, pages * PAGE_SIZE));
	mutex_unlock(&lock);
	return ret;
}

static ssize_t mmapbuf_write(struct file *file, const char __user *buf, size_t count, loff_t *ppos)
{
	ssize_t ret;

	mutex_lock(&lock);
	ret = simple_write_to_buffer((void *)page_buf, pages * PAGE_SIZE, ppos, buf, count);
	mutex_unlock(&lock);
	return ret;
}

static void mmapbuf_vma_open(struct vm_area_struct *vma)
{
	atomic_inc(&mappings);
}

static void mmapbuf_vma_close(struct vm_area_struct *vma)
{
	pr_info("unmapped %lu bytes at offset %#lx (%d mappings left)\n",
		vma->vm_end - vma->vm_start, vma->vm_pgoff << PAGE_SHIFT,
		atomic_dec_return(&mappings));
}

static const struct vm_operations_struct mmapbuf_vm_ops = {
	.open = mmapbuf_vma_open,
	.close = mmapbuf_vma_close,
};

static int mmapbuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	unsigned long size = vma->vm_end - vma->vm_start;
	int err;

	if (vma->vm_pgoff >= RING_PGOFF) {
		/* the ring: remap_vmalloc_range() checks the size against the area */
		err = remap_vmalloc_range(vma, ring, vma->vm_pgoff - RING_PGOFF);
	} else {
		unsigned long pfn = (virt_to_phys((void *)page_buf) >> PAGE_SHIFT) + vma->vm_pgoff;

		if (vma->vm_pgoff + (size >> PAGE_SHIFT) > pages)
			return -EINVAL;
		err = remap_pfn_range(vma, vma->vm_start, pfn, size, vma->vm_page_prot);
	}
	if (err)
		return err;
	vma->vm_ops = &mmapbuf_vm_ops;
	mmapbuf_vma_open(vma);
	return 0;
}

static const struct file_operations mmapbuf_fops = {
	.owner = THIS_MODULE,
	.read = mmapbuf_read,
	.write = mmapbuf_write,
	.llseek = default_llseek,
	.mmap = mmapbuf_mmap,
};

static struct miscdevice mmapbuf_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "mmapbuf",
	.fops = &mmapbuf_fops,
	.mode = 0666,
};

static int __init mmapbuf_init(void)
{
	int err = -ENOMEM;

	if (pages < 1 || pages > 16)
		return -EINVAL;
	order = get_order(pages * PAGE_SIZE);
	page_buf = __get_free_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!page_buf)
		return -ENOMEM;
	/* the arm64 headers' inline translations agree: address -> page -> address, -> phys -> address */
	if (WARN_ON(page_address(virt_to_page(page_buf)) != (void *)page_buf ||
		    phys_to_virt(virt_to_phys((void *)page_buf)) != (void *)page_buf)) {
		free_pages(page_buf, order);
		return -EFAULT;
	}
	ring = ring_user ? vmalloc_user(RING_SIZE) : vzalloc(RING_SIZE);
	if (!ring)
		goto out_pages;
	snprintf(ring, RING_SIZE, "ring: %s memory at page %lu\n",
		 ring_user ? "vmalloc_user" : "vzalloc", vmalloc_to_pfn(ring));
	err = misc_register(&mmapbuf_dev);
	if (err)
		goto out_ring;
	pr_info("/dev/%s: %d page(s) at pfn %lu, ring at offset %#lx\n", mmapbuf_dev.name,
		pages, (unsigned long)(virt_to_phys((void *)page_buf) >> PAGE_SHIFT), (unsigned long)RING_PGOFF << PAGE_SHIFT);
	return 0;

out_ring:
	vfree(ring);
out_pages:
	free_pages(page_buf, order);
	return err;
}

static void __exit mmapbuf_exit(void)
{
	misc_deregister(&mmapbuf_dev);
	vfree(ring);
	free_pages(page_buf, order);
}

module_init(mmapbuf_init);
module_exit(mmapbuf_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("A misc device whose pages user space maps (remap_pfn_range, remap_vmalloc_range)");

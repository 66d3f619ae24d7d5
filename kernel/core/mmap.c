// SPDX-License-Identifier: GPL-2.0-only
/*
 * mm/mmap.c's do_mmap()/mmap_region() and __do_munmap() for files, as
 * kmodlab's user processes call them (syscall.c): a mapping is a
 * vm_area_struct the driver's ->mmap() fills with page table entries,
 * through remap_pfn_range(), vm_insert_page() or remap_vmalloc_range()
 * (mm_memory.c, vmalloc.c). The vma holds a reference to its file, so a
 * mapping keeps the file's module in use, as an open descriptor does, until
 * munmap() or the process's exit.
 *
 * Not here: private (copy-on-write) mappings, splitting a mapping by a
 * partial munmap(), and ->fault(): user tasks take no page faults, so a
 * mapping's pages are the ones ->mmap() put in place.
 */
#include "kmodlab.h"
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/err.h>
#include "fs_internal.h"
#include "mm_internal.h"

/* arm64's mmap_base() without randomisation: TASK_SIZE less the smallest stack gap */
#define KMODLAB_MMAP_BASE	(DEFAULT_MAP_WINDOW_64 - SZ_128M)
/* a slot being filled by a ->mmap() in progress */
#define VMA_PENDING		((struct vm_area_struct *)1)

/* whether slot @i -- a mapping, or one being made -- overlaps [start, end) */
static bool slot_overlaps(struct kmodlab_files *files, int i, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = files->vma[i];

	if (!vma)
		return false;
	if (vma == VMA_PENDING)
		return files->pending[i] < end && start < files->pending[i] + files->pending_len[i];
	return vma->vm_start < end && start < vma->vm_end;
}

/*
 * vm_unmapped_area() top down: the highest gap of @len below mmap_base that
 * no mapping covers (0 if none above the first GiB, where the tasks' own
 * user memory is). Called with the lock held.
 */
static unsigned long unmapped_area_topdown(struct kmodlab_files *files, unsigned long len)
{
	unsigned long below = KMODLAB_MMAP_BASE, addr;
	bool moved;
	int i;

	do {
		if (below < len + SZ_1G)
			return 0;
		addr = below - len;
		moved = false;
		for (i = 0; i < KMODLAB_NR_MMAP && !moved; i++) {
			if (!slot_overlaps(files, i, addr, addr + len))
				continue;
			below = files->vma[i] == VMA_PENDING ? files->pending[i] : files->vma[i]->vm_start;
			moved = true;
		}
	} while (moved);
	return addr;
}

static void remove_vma(struct vm_area_struct *vma)
{
	__kmodlab_zap_user(vma->vm_start, vma->vm_end - vma->vm_start);
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	fput(vma->vm_file);
	kfree(vma);
}

long kmodlab_sys_mmap(struct kmodlab_files *files, unsigned long len, unsigned long prot,
		      unsigned long flags, unsigned int fd, unsigned long pgoff)
{
	struct vm_area_struct *vma;
	struct file *file;
	unsigned long addr, vm_flags;
	long err;
	int slot;

	if (!len)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len || len > KMODLAB_MMAP_BASE)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	/* copy-on-write needs page faults, which kmodlab's user tasks do not take */
	if ((flags & MAP_TYPE) != MAP_SHARED && (flags & MAP_TYPE) != MAP_SHARED_VALIDATE)
		return -EINVAL;
	file = kmodlab_fget(files, fd);
	if (!file)
		return -EBADF;

	/* do_mmap()'s checks for a shared file mapping, in its order */
	vm_flags = calc_vm_prot_bits(prot, 0) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	err = -EACCES;
	if ((prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
		goto out_fput;
	vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (!(file->f_mode & FMODE_WRITE))
		vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
	if (!(file->f_mode & FMODE_READ))
		goto out_fput;
	err = -ENODEV;
	if (!file->f_op->mmap)
		goto out_fput;

	/* a slot for the vma, and its place: get_unmapped_area(), top down */
	err = -ENOMEM;
	spin_lock(&files->lock);
	for (slot = 0; slot < KMODLAB_NR_MMAP && files->vma[slot]; slot++)
		;
	addr = slot < KMODLAB_NR_MMAP ? unmapped_area_topdown(files, len) : 0;
	if (!addr) {
		spin_unlock(&files->lock);
		goto out_fput;
	}
	files->vma[slot] = VMA_PENDING;
	files->pending[slot] = addr;
	files->pending_len[slot] = len;
	spin_unlock(&files->lock);

	vma = kzalloc(sizeof(*vma), GFP_KERNEL);
	if (!vma)
		goto out_slot;
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = vm_get_page_prot(vm_flags);
	vma->vm_pgoff = pgoff;
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	/* the vma takes over the reference fget() took */
	vma->vm_file = file;
	err = call_mmap(file, vma);
	if (err) {
		/* unmap_region(): whatever the driver mapped before it failed */
		__kmodlab_zap_user(addr, len);
		kfree(vma);
		goto out_slot;
	}
	spin_lock(&files->lock);
	files->vma[slot] = vma;
	spin_unlock(&files->lock);
	return addr;

out_slot:
	spin_lock(&files->lock);
	files->vma[slot] = NULL;
	spin_unlock(&files->lock);
out_fput:
	fput(file);
	return err;
}

long kmodlab_sys_munmap(struct kmodlab_files *files, unsigned long start, unsigned long len)
{
	struct vm_area_struct *gone[KMODLAB_NR_MMAP];
	unsigned long end;
	int i, n = 0;

	if (offset_in_page(start) || start >= DEFAULT_MAP_WINDOW_64)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (!len || end > DEFAULT_MAP_WINDOW_64)
		return -EINVAL;
	spin_lock(&files->lock);
	for (i = 0; i < KMODLAB_NR_MMAP; i++) {
		struct vm_area_struct *vma = files->vma[i];

		if (!vma || vma == VMA_PENDING || vma->vm_end <= start || end <= vma->vm_start)
			continue;
		/* splitting a vma is not supported: the range must cover whole mappings */
		if (vma->vm_start < start || end < vma->vm_end) {
			spin_unlock(&files->lock);
			return -EINVAL;
		}
	}
	for (i = 0; i < KMODLAB_NR_MMAP; i++) {
		struct vm_area_struct *vma = files->vma[i];

		if (!vma || vma == VMA_PENDING || vma->vm_end <= start || end <= vma->vm_start)
			continue;
		files->vma[i] = NULL;
		gone[n++] = vma;
	}
	spin_unlock(&files->lock);
	/* unmap_region() then remove_vma(): ->close() and the file's reference */
	for (i = 0; i < n; i++)
		remove_vma(gone[i]);
	return 0;
}

/* exit_mmap(): the process's mappings go before its descriptors (exit_mm() before exit_files()) */
void kmodlab_exit_mmap(struct kmodlab_files *files)
{
	int i;

	for (i = 0; i < KMODLAB_NR_MMAP; i++) {
		struct vm_area_struct *vma = files->vma[i];

		if (vma && vma != VMA_PENDING) {
			files->vma[i] = NULL;
			remove_vma(vma);
		}
	}
}

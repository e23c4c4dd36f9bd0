// SPDX-License-Identifier: GPL-2.0
/*
 * User mappings of page-backed objects (pages, vmalloc, DMA coherent).
 *
 * The mmap offset names the object: id << MEMLAB_MMAP_SHIFT, plus a page
 * offset into it. Each VMA holds a reference on its object (vm_ops
 * open/close), so FREE or close while mapped only drops the id: the memory
 * goes back to its allocator after the last unmap.
 *
 * Pages and vmalloc memory are inserted on fault as special PTEs
 * (VM_MIXEDMAP): no page refcounts or rmap, and a VMA grown by mremap()
 * behaves like a file mapping past EOF: SIGBUS beyond the object.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pfn_t.h>

#include "compat.h"
#include "memlab_core.h"

static unsigned long memlab_obj_pages(struct memlab_obj *obj)
{
	return PAGE_ALIGN(obj->size) >> PAGE_SHIFT;
}

static void memlab_vm_open(struct vm_area_struct *vma)
{
	struct memlab_obj *obj = vma->vm_private_data;

	kref_get(&obj->ref);
	atomic_inc(&obj->mapcount);
}

static void memlab_vm_close(struct vm_area_struct *vma)
{
	struct memlab_obj *obj = vma->vm_private_data;

	atomic_dec(&obj->mapcount);
	memlab_put(obj);
}

static vm_fault_t memlab_vm_fault(struct vm_fault *vmf)
{
	struct memlab_obj *obj = vmf->vma->vm_private_data;
	unsigned long pfn;

	/* vm_pgoff was made object-relative at mmap time */
	if (!obj->ops->pfn || vmf->pgoff >= memlab_obj_pages(obj))
		return VM_FAULT_SIGBUS;
	pfn = obj->ops->pfn(obj, vmf->pgoff);
	return vmf_insert_mixed(vmf->vma, vmf->address,
				pfn_to_pfn_t(pfn));
}

static const struct vm_operations_struct memlab_vm_ops = {
	.open = memlab_vm_open,
	.close = memlab_vm_close,
	.fault = memlab_vm_fault,
};

int memlab_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	unsigned long pgoff, npages = vma_pages(vma);
	struct memlab_obj *obj;
	u64 id = off >> MEMLAB_MMAP_SHIFT;
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;
	if (!id || id > U32_MAX)
		return -EINVAL;
	obj = memlab_get(file->private_data, id, MEMLAB_MODIFY);
	if (IS_ERR(obj))
		return PTR_ERR(obj) == -ENOENT ? -EINVAL : PTR_ERR(obj);
	if (!obj->ops->pfn && !obj->ops->mmap) {
		ret = -ENODEV;
		goto err_put;
	}
	pgoff = (off & (BIT_ULL(MEMLAB_MMAP_SHIFT) - 1)) >> PAGE_SHIFT;
	if (pgoff >= memlab_obj_pages(obj) ||
	    npages > memlab_obj_pages(obj) - pgoff) {
		ret = -EINVAL;
		goto err_put;
	}

	vma->vm_pgoff = pgoff;
	memlab_vm_flags_set(vma, VM_DONTDUMP, VM_MAYEXEC);
	if (obj->ops->mmap) {
		ret = obj->ops->mmap(obj, vma);
		if (ret)
			goto err_put;
	} else {
		memlab_vm_flags_set(vma, VM_MIXEDMAP, 0);
	}
	vma->vm_private_data = obj;
	vma->vm_ops = &memlab_vm_ops;
	/* the reference from memlab_get() now belongs to the VMA */
	atomic_inc(&obj->mapcount);
	return 0;

err_put:
	memlab_put(obj);
	return ret;
}

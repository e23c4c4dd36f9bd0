// SPDX-License-Identifier: GPL-2.0
/*
 * User mappings of page-backed objects (pages, vmalloc, DMA coherent).
 *
 * Each mappable object owns a range of mmap page offsets as long as itself
 * (MEMLAB_IOC_MMAP_OFFSET reports its start), looked up in a maple tree.
 * Each VMA holds a reference on its object (vm_ops open/close), so FREE or
 * close while mapped only drops the id and the offsets: the memory goes
 * back to its allocator after the last unmap.
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
	return PAGE_ALIGN(memlab_obj_size(obj)) >> PAGE_SHIFT;
}

bool memlab_mappable(struct memlab_obj *obj)
{
	return memlab_ops(obj)->pfn || memlab_ops(obj)->mmap;
}

/* Give a new mappable object its offsets; memlab.lock held. */
int memlab_mmap_publish(struct memlab_obj *obj)
{
	unsigned long first = memlab.next_pgoff;
	unsigned long pages = memlab_obj_pages(obj);
	int ret;

	lockdep_assert_held(&memlab.lock);
	if (!memlab_mappable(obj))
		return 0;
	if ((u64)pages > MEMLAB_MMAP_PGOFF_END - first)
		return -ENOSPC;	/* 2^32 pages mapped since load */
	ret = mtree_insert_range(&memlab.mmap_offsets, first,
				 first + pages - 1, obj, GFP_KERNEL);
	if (ret)
		return ret;
	obj->ext->mmap_pgoff = first;
	memlab.next_pgoff = first + pages;
	return 0;
}

/* The object's id is going away: so do its offsets. memlab.lock held. */
void memlab_mmap_unpublish(struct memlab_obj *obj)
{
	lockdep_assert_held(&memlab.lock);
	if (memlab_mappable(obj) && obj->ext->mmap_pgoff)
		mtree_erase(&memlab.mmap_offsets, obj->ext->mmap_pgoff);
}

/* The object whose offsets hold @pgoff, with a reference. */
static struct memlab_obj *memlab_mmap_lookup(unsigned long pgoff)
{
	struct memlab_obj *obj;

	mtree_lock(&memlab.mmap_offsets);
	obj = mtree_load(&memlab.mmap_offsets, pgoff);
	if (obj)
		kref_get(&obj->ref);	/* the table's reference is still held */
	mtree_unlock(&memlab.mmap_offsets);
	return obj;
}

/* Count mappings, and mapped objects for the statistics. */
static void memlab_map_get(struct memlab_obj *obj)
{
	if (atomic_inc_return(&obj->ext->mapcount) == 1)
		atomic_long_inc(&memlab.nr_mapped);
}

static void memlab_map_put(struct memlab_obj *obj)
{
	if (atomic_dec_and_test(&obj->ext->mapcount))
		atomic_long_dec(&memlab.nr_mapped);
}

static void memlab_vm_open(struct vm_area_struct *vma)
{
	struct memlab_obj *obj = vma->vm_private_data;

	kref_get(&obj->ref);
	memlab_map_get(obj);
}

static void memlab_vm_close(struct vm_area_struct *vma)
{
	struct memlab_obj *obj = vma->vm_private_data;

	memlab_map_put(obj);
	memlab_put(obj);
}

static vm_fault_t memlab_vm_fault(struct vm_fault *vmf)
{
	struct memlab_obj *obj = vmf->vma->vm_private_data;
	unsigned long pfn;

	/* vm_pgoff was made object-relative at mmap time */
	if (!memlab_ops(obj)->pfn || vmf->pgoff >= memlab_obj_pages(obj))
		return VM_FAULT_SIGBUS;
	pfn = memlab_ops(obj)->pfn(obj, vmf->pgoff);
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
	unsigned long pgoff, npages = vma_pages(vma);
	struct memlab_obj *obj;
	int ret;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;
	obj = memlab_mmap_lookup(vma->vm_pgoff);
	if (!obj)
		return -EINVAL;
	if (!memlab_may_see(file->private_data, obj)) {
		ret = -EINVAL;
		goto err_put;
	}
	if (!memlab_may_modify(obj)) {
		ret = -EPERM;
		goto err_put;
	}
	pgoff = vma->vm_pgoff - obj->ext->mmap_pgoff;
	if (npages > memlab_obj_pages(obj) - pgoff) {
		ret = -EINVAL;
		goto err_put;
	}

	vma->vm_pgoff = pgoff;	/* object-relative from now on */
	memlab_vm_flags_set(vma, VM_DONTDUMP, VM_MAYEXEC);
	if (memlab_ops(obj)->mmap) {
		ret = memlab_ops(obj)->mmap(obj, vma);
		if (ret)
			goto err_put;
	} else {
		memlab_vm_flags_set(vma, VM_MIXEDMAP, 0);
	}
	vma->vm_private_data = obj;
	vma->vm_ops = &memlab_vm_ops;
	/* the reference from the lookup now belongs to the VMA */
	memlab_map_get(obj);
	return 0;

err_put:
	memlab_put(obj);
	return ret;
}

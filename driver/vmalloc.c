// SPDX-License-Identifier: GPL-2.0
/*
 * vmalloc areas. __vmalloc() with __GFP_ZERO rather than vmalloc_user():
 * memlab maps the pages itself on fault, so VM_USERMAP is not needed, and
 * __vmalloc() takes the caller's GFP bits (and __GFP_ACCOUNT).
 * /proc/vmallocinfo names memlab_vmalloc_alloc as the caller.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "memlab_core.h"

static int memlab_vmalloc_alloc(struct memlab_obj *obj, gfp_t gfp)
{
	obj->kaddr = __vmalloc(obj->ext->size, gfp | __GFP_ZERO);
	return obj->kaddr ? 0 : -ENOMEM;
}

static void memlab_vmalloc_free(struct memlab_obj *obj)
{
	vfree(obj->kaddr);
}

static unsigned long memlab_vmalloc_pfn(struct memlab_obj *obj,
					unsigned long pgoff)
{
	return vmalloc_to_pfn(obj->kaddr + (pgoff << PAGE_SHIFT));
}

static phys_addr_t memlab_vmalloc_phys(struct memlab_obj *obj)
{
	return PFN_PHYS(vmalloc_to_pfn(obj->kaddr));
}

const struct memlab_kind_ops memlab_vmalloc_ops = {
	.gfp_ok = MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO | MEMLAB_GFP_NOWARN |
		  MEMLAB_GFP_NORETRY | MEMLAB_GFP_RETRY_MAYFAIL |
		  MEMLAB_GFP_ACCOUNT,
	.alloc = memlab_vmalloc_alloc,
	.free = memlab_vmalloc_free,
	.pfn = memlab_vmalloc_pfn,
	.phys = memlab_vmalloc_phys,
};

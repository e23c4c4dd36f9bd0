// SPDX-License-Identifier: GPL-2.0
/*
 * Buddy allocator blocks by order. alloc_pages() without __GFP_COMP gives
 * __get_free_pages() semantics: one head page, freed with the same order.
 * User mappings insert the frames as special PTEs, so no page refcount or
 * rmap is involved and the block is freed exactly as allocated.
 */
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>

#include "memlab_core.h"

static int memlab_pages_alloc(struct memlab_obj *obj, gfp_t gfp)
{
	obj->page = alloc_pages(gfp, obj->order);
	return obj->page ? 0 : -ENOMEM;
}

static void memlab_pages_free(struct memlab_obj *obj)
{
	__free_pages(obj->page, obj->order);
}

static unsigned long memlab_pages_pfn(struct memlab_obj *obj,
				      unsigned long pgoff)
{
	return page_to_pfn(obj->page) + pgoff;
}

static phys_addr_t memlab_pages_phys(struct memlab_obj *obj)
{
	return page_to_phys(obj->page);
}

const struct memlab_kind_ops memlab_pages_ops = {
	.gfp_ok = MEMLAB_GFP_ALL,
	.alloc = memlab_pages_alloc,
	.free = memlab_pages_free,
	.pfn = memlab_pages_pfn,
	.phys = memlab_pages_phys,
};

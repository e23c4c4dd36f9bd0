// SPDX-License-Identifier: GPL-2.0
/* kmalloc() objects. */
#include <linux/slab.h>

#include "memlab_core.h"

static int memlab_kmalloc_alloc(struct memlab_obj *obj, gfp_t gfp)
{
	obj->kaddr = kmalloc(obj->size, gfp);
	return obj->kaddr ? 0 : -ENOMEM;
}

static void memlab_kmalloc_free(struct memlab_obj *obj)
{
	kfree(obj->kaddr);
}

const struct memlab_kind_ops memlab_kmalloc_ops = {
	.gfp_ok = MEMLAB_GFP_SLAB | MEMLAB_GFP_DMA,
	.alloc = memlab_kmalloc_alloc,
	.free = memlab_kmalloc_free,
	.phys = memlab_linear_phys,
};

// SPDX-License-Identifier: GPL-2.0
/*
 * DMA buffers on the memlab platform device: coherent ones from
 * dma_alloc_coherent(), mapped to users with dma_mmap_coherent(), and
 * streaming ones, kmalloc() memory mapped with dma_map_single() whose
 * ownership moves between CPU and device with explicit syncs (the modern
 * form of dma_cache_sync()).
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"
#include "memlab_core.h"

#define MEMLAB_GFP_DMA_OK	(MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC | \
				 MEMLAB_GFP_NOWAIT | MEMLAB_GFP_ZERO | \
				 MEMLAB_GFP_NOWARN | MEMLAB_GFP_NORETRY | \
				 MEMLAB_GFP_RETRY_MAYFAIL)

static int memlab_coherent_alloc(struct memlab_obj *obj, gfp_t gfp)
{
	struct memlab_obj_ext *ext = obj->ext;

	obj->kaddr = dma_alloc_coherent(memlab.dev, ext->size, &ext->dma, gfp);
	return obj->kaddr ? 0 : -ENOMEM;
}

static void memlab_coherent_free(struct memlab_obj *obj)
{
	dma_free_coherent(memlab.dev, obj->ext->size, obj->kaddr, obj->ext->dma);
}

/*
 * The DMA API knows how its buffer may be mapped (it may be remapped or
 * uncached), so the whole range is mapped now and cannot grow.
 */
static int memlab_coherent_mmap(struct memlab_obj *obj,
				struct vm_area_struct *vma)
{
	memlab_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP, 0);
	return dma_mmap_coherent(memlab.dev, vma, obj->kaddr, obj->ext->dma,
				 obj->ext->size);
}

const struct memlab_kind_ops memlab_dma_coherent_ops = {
	.gfp_ok = MEMLAB_GFP_DMA_OK,
	.dma = true,
	.alloc = memlab_coherent_alloc,
	.free = memlab_coherent_free,
	.mmap = memlab_coherent_mmap,
	.phys = memlab_linear_phys,
};

static int memlab_streaming_alloc(struct memlab_obj *obj, gfp_t gfp)
{
	struct memlab_obj_ext *ext = obj->ext;
	void *buf;

	buf = kmalloc(ext->size, gfp);
	if (!buf)
		return -ENOMEM;
	ext->dma = dma_map_single(memlab.dev, buf, ext->size, obj->dir);
	if (dma_mapping_error(memlab.dev, ext->dma)) {
		kfree(buf);
		return -ENOMEM;
	}
	obj->kaddr = buf;
	return 0;
}

static void memlab_streaming_free(struct memlab_obj *obj)
{
	dma_unmap_single(memlab.dev, obj->ext->dma, obj->ext->size, obj->dir);
	kfree(obj->kaddr);
}

const struct memlab_kind_ops memlab_dma_streaming_ops = {
	.gfp_ok = MEMLAB_GFP_DMA_OK,
	.dma = true,
	.alloc = memlab_streaming_alloc,
	.free = memlab_streaming_free,
	.phys = memlab_linear_phys,
};

/**
 * memlab_dma_sync - hand part of a streaming buffer to the CPU or device
 * @obj: a MEMLAB_KIND_DMA_STREAMING object
 * @op: MEMLAB_SYNC_FOR_CPU or MEMLAB_SYNC_FOR_DEVICE
 * @off: byte offset
 * @len: bytes
 *
 * Return: 0 or -EINVAL.
 */
int memlab_dma_sync(struct memlab_obj *obj, u32 op, u64 off, u64 len)
{
	u64 end;

	if (obj->kind != MEMLAB_KIND_DMA_STREAMING || !len ||
	    check_add_overflow(off, len, &end) || end > obj->ext->size)
		return -EINVAL;
	if (op == MEMLAB_SYNC_FOR_CPU)
		dma_sync_single_range_for_cpu(memlab.dev, obj->ext->dma, off,
					      len, obj->dir);
	else if (op == MEMLAB_SYNC_FOR_DEVICE)
		dma_sync_single_range_for_device(memlab.dev, obj->ext->dma,
						 off, len, obj->dir);
	else
		return -EINVAL;
	return 0;
}

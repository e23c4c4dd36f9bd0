// SPDX-License-Identifier: GPL-2.0
/*
 * memlab's GFP and slab bits, translated by table: raw gfp_t and
 * slab_flags_t never cross the user ABI.
 */
#include <linux/bitops.h>
#include <linux/gfp.h>
#include <linux/slab.h>

#include "memlab_core.h"

static const struct {
	u32 bit;
	gfp_t gfp;
} memlab_gfp_map[] = {
	{ MEMLAB_GFP_KERNEL, GFP_KERNEL },
	{ MEMLAB_GFP_ATOMIC, GFP_ATOMIC },
	{ MEMLAB_GFP_NOWAIT, GFP_NOWAIT },
	{ MEMLAB_GFP_DMA, __GFP_DMA },
	{ MEMLAB_GFP_DMA32, __GFP_DMA32 },
	{ MEMLAB_GFP_ZERO, __GFP_ZERO },
	{ MEMLAB_GFP_NOWARN, __GFP_NOWARN },
	{ MEMLAB_GFP_NORETRY, __GFP_NORETRY },
	{ MEMLAB_GFP_RETRY_MAYFAIL, __GFP_RETRY_MAYFAIL },
	{ MEMLAB_GFP_HIGHMEM, __GFP_HIGHMEM },
	{ MEMLAB_GFP_ACCOUNT, __GFP_ACCOUNT },
};

#define MEMLAB_GFP_BASE	(MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC | \
			 MEMLAB_GFP_NOWAIT)

/**
 * memlab_gfp - check memlab GFP bits for an allocator and translate them
 * @bits: MEMLAB_GFP_* from the user
 * @ops: the allocator
 * @gfp: result
 *
 * Return: 0, or -EINVAL for a bit the allocator does not take or a
 * contradictory combination.
 */
int memlab_gfp(u32 bits, const struct memlab_kind_ops *ops, gfp_t *gfp)
{
	gfp_t res = 0;
	int i;

	if (bits & ~ops->gfp_ok)
		return -EINVAL;
	if (hweight32(bits & MEMLAB_GFP_BASE) > 1)
		return -EINVAL;
	if ((bits & MEMLAB_GFP_DMA) && (bits & MEMLAB_GFP_DMA32))
		return -EINVAL;
	/* two zones at once: gfp_zone() VM_BUG_ONs on these (DEBUG_VM) */
	if ((bits & MEMLAB_GFP_HIGHMEM) &&
	    (bits & (MEMLAB_GFP_DMA | MEMLAB_GFP_DMA32)))
		return -EINVAL;
	if ((bits & MEMLAB_GFP_NORETRY) && (bits & MEMLAB_GFP_RETRY_MAYFAIL))
		return -EINVAL;
	if (!(bits & MEMLAB_GFP_BASE))
		bits |= MEMLAB_GFP_KERNEL;
	for (i = 0; i < ARRAY_SIZE(memlab_gfp_map); i++)
		if (bits & memlab_gfp_map[i].bit)
			res |= memlab_gfp_map[i].gfp;
	if (READ_ONCE(memlab_charge_memcg) && !ops->dma)
		res |= __GFP_ACCOUNT;
	*gfp = res;
	return 0;
}

static const struct {
	u32 bit;
	slab_flags_t flag;
} memlab_slab_map[] = {
	{ MEMLAB_SLAB_HWCACHE_ALIGN, SLAB_HWCACHE_ALIGN },
	{ MEMLAB_SLAB_POISON, SLAB_POISON },
	{ MEMLAB_SLAB_RED_ZONE, SLAB_RED_ZONE },
	{ MEMLAB_SLAB_STORE_USER, SLAB_STORE_USER },
	{ MEMLAB_SLAB_ACCOUNT, SLAB_ACCOUNT },
	{ MEMLAB_SLAB_RECLAIM_ACCOUNT, SLAB_RECLAIM_ACCOUNT },
	{ MEMLAB_SLAB_TYPESAFE_BY_RCU, SLAB_TYPESAFE_BY_RCU },
};

/* NO_MERGE and CTOR are not flags to SLUB; cache.c handles them. */
slab_flags_t memlab_slab_flags(u32 bits)
{
	slab_flags_t res = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(memlab_slab_map); i++)
		if (bits & memlab_slab_map[i].bit)
			res |= memlab_slab_map[i].flag;
	return res;
}

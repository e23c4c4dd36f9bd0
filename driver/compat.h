/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the LTS kernels memlab supports, in one
 * place so that no version check is scattered through the driver.
 */
#ifndef MEMLAB_COMPAT_H
#define MEMLAB_COMPAT_H

#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/slab.h>

/*
 * SLUB returns an existing cache when it merges, and only struct
 * kmem_cache knows its name. Up to 6.7 include/linux/slub_def.h has the
 * layout; its inline helpers also need mm/slab.h's struct slab, which an
 * out-of-tree module cannot include. They are never called here, so a
 * stand-in lets the header compile; only the struct layout is used.
 */
#if defined(MEMLAB_HAVE_SLUB_DEF) && defined(CONFIG_SLUB)
struct slab {
	unsigned int objects;
};

static inline void *slab_address(const struct slab *slab)
{
	return NULL;
}

#include <linux/slub_def.h>
#else
#error "memlab needs struct kmem_cache from <linux/slub_def.h> (SLUB, < 6.8)"
#endif

/*
 * Highest order the buddy allocator hands out (inclusive): MAX_PAGE_ORDER
 * from 6.8, before that MAX_ORDER - 1 (6.4-6.7 allow one order more).
 */
#ifdef MAX_PAGE_ORDER
#define MEMLAB_KMAX_ORDER	MAX_PAGE_ORDER
#else
#define MEMLAB_KMAX_ORDER	(MAX_ORDER - 1)
#endif

static inline void memlab_vm_flags_set(struct vm_area_struct *vma,
				       unsigned long set, unsigned long clear)
{
#ifdef MEMLAB_HAVE_VM_FLAGS_MOD
	vm_flags_mod(vma, set, clear);
#else
	vma->vm_flags = (vma->vm_flags | set) & ~clear;
#endif
}

/*
 * SLAB_NO_MERGE exists from 6.5 on. Before, SLUB never merges a cache that
 * declares a usercopy region, which has no other effect here because
 * memlab copies through a bounce page.
 */
#ifdef SLAB_NO_MERGE
#define MEMLAB_HAVE_NO_MERGE	1
#else
#define MEMLAB_HAVE_NO_MERGE	0
#define SLAB_NO_MERGE		0
#endif

static inline struct kmem_cache *
memlab_kmem_cache_create(const char *name, unsigned int size,
			 unsigned int align, slab_flags_t flags, bool no_merge,
			 void (*ctor)(void *))
{
	if (no_merge && !MEMLAB_HAVE_NO_MERGE)
		return kmem_cache_create_usercopy(name, size, align, flags, 0,
						  size, ctor);
	if (no_merge)
		flags |= SLAB_NO_MERGE;
	return kmem_cache_create(name, size, align, flags, ctor);
}

/* Bytes per object in the slab, metadata included. */
static inline unsigned int memlab_kmem_cache_slab_size(struct kmem_cache *s)
{
	return s->size;
}

/* Name of the cache SLUB actually used (the existing one when merged). */
static inline const char *memlab_kmem_cache_name(struct kmem_cache *s)
{
	return s->name;
}

#endif /* MEMLAB_COMPAT_H */

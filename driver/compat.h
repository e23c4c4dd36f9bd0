/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the LTS kernels memlab supports, in one
 * place so that no version check is scattered through the driver.
 */
#ifndef MEMLAB_COMPAT_H
#define MEMLAB_COMPAT_H

#include <linux/kernfs.h>
#include <linux/kobject.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/platform_device.h>
#include <linux/reciprocal_div.h>
#include <linux/slab.h>
#include <linux/version.h>
#include <net/genetlink.h>

/*
 * The one version test every check below goes through: the running
 * kernel is X.Y or newer (LINUX_VERSION_CODE of the headers built against).
 */
#define MEMLAB_KERNEL_AT_LEAST(x, y) \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(x, y, 0))

/*
 * SLUB returns an existing cache when it merges, and only struct
 * kmem_cache knows its name (and its sysfs kobject). Up to 6.7
 * include/linux/slub_def.h has the layout; its inline helpers also need
 * mm/slab.h's struct slab, which an out-of-tree module cannot include.
 * They are never called here, so a stand-in lets the header compile; only
 * the struct layout is used.
 *
 * From 6.8 on (SLAB removed) the struct moved into mm/slab.h, which no
 * headers package ships: struct memlab_kmem_cache_head repeats its first
 * fields, up to the kobject, as in 6.8 to 6.12 (checked against Debian's
 * linux-source-6.12; 6.1's slub_def.h has the same). memlab_kc() gives
 * either view of a cache. memlab_kmem_cache_layout_ok() verifies it on
 * the running kernel at module load, so a kernel with another layout makes
 * the load fail cleanly instead of reading the wrong field.
 */
#if !MEMLAB_KERNEL_AT_LEAST(6, 8)
#ifndef CONFIG_SLUB
#error "memlab needs SLUB"
#endif
struct slab {
	unsigned int objects;
};

static inline void *slab_address(const struct slab *slab)
{
	return NULL;
}

#include <linux/slub_def.h>

static inline struct kmem_cache *memlab_kc(struct kmem_cache *s)
{
	return s;
}
#else
struct memlab_kmem_cache_order_objects {
	unsigned int x;
};

struct memlab_kmem_cache_head {
#ifndef CONFIG_SLUB_TINY
	void __percpu *cpu_slab;
#endif
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;
	unsigned int object_size;
	struct reciprocal_value reciprocal_size;
	unsigned int offset;
#ifdef CONFIG_SLUB_CPU_PARTIAL
	unsigned int cpu_partial;
	unsigned int cpu_partial_slabs;
#endif
	struct memlab_kmem_cache_order_objects oo;
	struct memlab_kmem_cache_order_objects min;
	gfp_t allocflags;
	int refcount;
	void (*ctor)(void *object);
	unsigned int inuse;
	unsigned int align;
	unsigned int red_left_pad;
	const char *name;
	struct list_head list;
#ifdef CONFIG_SYSFS
	struct kobject kobj;
#endif
};

static inline struct memlab_kmem_cache_head *memlab_kc(struct kmem_cache *s)
{
	return (struct memlab_kmem_cache_head *)s;
}
#endif

#if !defined(CONFIG_SYSFS) || IS_ENABLED(CONFIG_SLUB_TINY)
#error "memlab needs SLUB's /sys/kernel/slab (CONFIG_SYSFS, no CONFIG_SLUB_TINY)"
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

/* vma->vm_flags is read-only from 6.3 on: vm_flags_mod() changes it. */
static inline void memlab_vm_flags_set(struct vm_area_struct *vma,
				       unsigned long set, unsigned long clear)
{
#if MEMLAB_KERNEL_AT_LEAST(6, 3)
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
	return memlab_kc(s)->size;
}

/* Name of the cache SLUB actually used (the existing one when merged). */
static inline const char *memlab_kmem_cache_name(struct kmem_cache *s)
{
	return memlab_kc(s)->name;
}

/* The cache's directory in /sys/kernel/slab (SLUB's sysfs kobject). */
static inline struct kobject *memlab_kmem_cache_kobj(struct kmem_cache *s)
{
	return &memlab_kc(s)->kobj;
}

/**
 * memlab_kmem_cache_layout_ok - does the running kernel match the layout?
 * @s: a cache memlab just created, named @name, that was not merged
 * @name: its name
 * @sysfs_dir: the kernfs node of /sys/kernel/slab/@name (not dereferenced)
 *
 * Compares pointers and sizes the kernel exposes otherwise with what the
 * layout says, before any string is read through it.
 *
 * Return: true if name, sizes and kobject are where the layout puts them.
 */
static inline bool memlab_kmem_cache_layout_ok(struct kmem_cache *s,
					       const char *name,
					       const struct kernfs_node *sysfs_dir)
{
	return sysfs_dir && memlab_kc(s)->kobj.sd == sysfs_dir &&
	       memlab_kc(s)->object_size == kmem_cache_size(s) &&
	       memlab_kc(s)->size >= memlab_kc(s)->object_size &&
	       memlab_kc(s)->name && !strcmp(memlab_kc(s)->name, name);
}

/*
 * The parsed attributes of a dump request: genl_dumpit_info carries a
 * whole genl_info from 6.2 on (split ops), only the attributes before.
 */
static inline struct nlattr **
memlab_genl_dump_attrs(struct netlink_callback *cb)
{
#if MEMLAB_KERNEL_AT_LEAST(6, 2)
	return genl_dumpit_info(cb)->info.attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * A platform driver's remove callback returning void is .remove from 6.11
 * on; before, it is .remove_new (from 6.3, and in 6.1.y stable: Debian's
 * 6.1 has it), next to the int-returning .remove.
 */
#if MEMLAB_KERNEL_AT_LEAST(6, 11)
#define MEMLAB_PLATFORM_REMOVE	remove
#else
#define MEMLAB_PLATFORM_REMOVE	remove_new
#endif

#endif /* MEMLAB_COMPAT_H */

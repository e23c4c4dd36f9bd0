// SPDX-License-Identifier: GPL-2.0
/*
 * kmem_cache objects and the objects allocated from them.
 *
 * Merging is the lesson here: SLUB may hand back an existing cache of the
 * same geometry (on Debian's 6.1, the :0001024 cache that biovec-64 owns
 * for a 1024-byte cache) and only add a sysfs alias; memlab reports which
 * cache it really got. Every name is checked
 * before kmem_cache_create() sees it, because the kernel answers bad or
 * duplicate names with warnings and stack dumps, not errors.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/kernfs.h>
#include <linux/kobject.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "compat.h"
#include "memlab_core.h"

static struct kernfs_node *memlab_slab_sysfs_get(const char *name)
{
	struct kernfs_node *slab, *kn;

	slab = kernfs_find_and_get(kernel_kobj->sd, "slab");
	if (!slab)
		return NULL;
	kn = kernfs_find_and_get(slab, name);
	kernfs_put(slab);
	return kn;
}

/* Is @name a cache or an alias in /sys/kernel/slab? */
static bool memlab_kernel_cache_exists(const char *name)
{
	struct kernfs_node *kn = memlab_slab_sysfs_get(name);

	kernfs_put(kn);
	return kn;
}

/* Is @name in /sys/kernel/slab a link to @s, i.e. SLUB's alias for it? */
static bool memlab_is_alias_of(const char *name, struct kmem_cache *s)
{
	struct kernfs_node *kn = memlab_slab_sysfs_get(name);
	bool alias;

	alias = kn && kernfs_type(kn) == KERNFS_LINK &&
		kn->symlink.target_kn == memlab_kmem_cache_kobj(s)->sd;
	kernfs_put(kn);
	return alias;
}

/**
 * memlab_cache_layout_check - can memlab read this kernel's kmem_cache?
 *
 * compat.h describes struct kmem_cache (name, sizes, sysfs kobject). A
 * cache of memlab's own that cannot be merged, made and destroyed at module
 * load, shows whether the running kernel agrees.
 *
 * Return: 0, -ENODEV if it does not, -ENOMEM.
 */
int memlab_cache_layout_check(void)
{
	static const char name[] = "memlab-layout-check";
	struct kernfs_node *kn;
	struct kmem_cache *s;
	bool ok;

	s = memlab_kmem_cache_create(name, 136, 0, 0, true, NULL);
	if (!s)
		return -ENOMEM;
	kn = memlab_slab_sysfs_get(name);
	ok = memlab_kmem_cache_layout_ok(s, name, kn);
	kernfs_put(kn);
	kmem_cache_destroy(s);
	if (!ok) {
		pr_err("struct kmem_cache of this kernel differs from driver/compat.h\n");
		return -ENODEV;
	}
	return 0;
}

static bool memlab_memlab_cache_exists(const char *name)
{
	struct memlab_cache *cs;

	list_for_each_entry(cs, &memlab.caches, link)
		if (!strcmp(cs->name, name))
			return true;
	return false;
}

/* 1..31 printable characters without space or '/' (sysfs, parsers). */
static int memlab_check_name(const char *name)
{
	size_t len = strnlen(name, MEMLAB_NAME_LEN);
	size_t i;

	if (!len || len == MEMLAB_NAME_LEN)
		return -EINVAL;
	for (i = 0; i < len; i++)
		if (!isgraph(name[i]) || name[i] == '/' || !isascii(name[i]))
			return -EINVAL;
	return 0;
}

/* Fills every new slab object; see MEMLAB_CTOR_BYTE in the uapi. */
static void memlab_ctor(void *p)
{
	memset(p, MEMLAB_CTOR_BYTE, ksize(p));
}

/**
 * memlab_cache_create - MEMLAB_IOC_CACHE_CREATE
 * @mf: the caller's file
 * @req: the request; its output fields are filled on success
 *
 * Return: 0 or -errno.
 */
int memlab_cache_create(struct memlab_file *mf,
			struct memlab_cache_create *req)
{
	bool no_merge = req->slab_flags & MEMLAB_SLAB_NO_MERGE;
	bool ctor = req->slab_flags & MEMLAB_SLAB_CTOR;
	struct memlab_cache *cs;
	struct memlab_obj *obj;
	struct kmem_cache *s;
	int ret;

	if (req->slab_flags & ~MEMLAB_SLAB_ALL ||
	    req->flags & ~MEMLAB_F_PERSISTENT ||
	    req->id || req->merged || req->slab_size || req->pad ||
	    memchr_inv(req->merged_into, 0, sizeof(req->merged_into)))
		return -EINVAL;
	ret = memlab_check_name(req->name);
	if (ret)
		return ret;
	/*
	 * Half the largest kmalloc: SLUB's debug metadata (red zones, owner
	 * tracking) and KASAN's redzone must still fit its largest slab, or
	 * kmem_cache_create() fails with a stack dump in the kernel log.
	 */
	if (!req->object_size || req->object_size > MEMLAB_CACHE_MAX_SIZE)
		return -EINVAL;
	if (req->align && (!is_power_of_2(req->align) ||
			   req->align > PAGE_SIZE))
		return -EINVAL;

	cs = kzalloc(sizeof(*cs), GFP_KERNEL_ACCOUNT);
	if (!cs)
		return -ENOMEM;
	INIT_LIST_HEAD(&cs->link);
	atomic_set(&cs->nr_objects, 0);
	cs->align = req->align;
	strscpy(cs->name, req->name, sizeof(cs->name));

	obj = memlab_obj_new(MEMLAB_KIND_CACHE, req->object_size, 0, 0);
	if (!obj) {
		kfree(cs);
		return -ENOMEM;
	}
	/* from here on the object owns @cs (events name the cache) */
	obj->cs = cs;
	obj->gfp = req->slab_flags;
	ret = memlab_charge(obj);
	if (ret)
		goto err_discard;

	mutex_lock(&memlab.lock);
	if (memlab_memlab_cache_exists(cs->name) ||
	    memlab_kernel_cache_exists(cs->name)) {
		ret = -EEXIST;
		goto err_unlock;
	}
	s = memlab_kmem_cache_create(cs->name, req->object_size, req->align,
				     memlab_slab_flags(req->slab_flags),
				     no_merge, ctor ? memlab_ctor : NULL);
	if (!s) {
		memlab_count_failure(obj, -ENOMEM);
		ret = -ENOMEM;
		goto err_unlock;
	}
	cs->s = s;
	strscpy(cs->merged_into, memlab_kmem_cache_name(s),
		sizeof(cs->merged_into));
	cs->merged = strcmp(cs->merged_into, cs->name) != 0;
	obj->cache = obj;
	ret = __memlab_publish(mf, obj, req->flags & MEMLAB_F_PERSISTENT);
	if (ret) {
		mutex_unlock(&memlab.lock);
		memlab_obj_discard(obj);	/* destroys the cache */
		return ret;
	}
	list_add_tail(&cs->link, &memlab.caches);
	mutex_unlock(&memlab.lock);

	req->id = obj->id;
	req->merged = cs->merged;
	req->slab_size = memlab_kmem_cache_slab_size(s);
	strscpy(req->merged_into, cs->merged_into, sizeof(req->merged_into));
	return 0;

err_unlock:
	mutex_unlock(&memlab.lock);
err_discard:
	memlab_obj_discard(obj);
	return ret;
}

/*
 * SLUB keeps the sysfs alias of a destroyed cache that was merged (or
 * could have been: it then got a unique-id directory and an alias), and
 * only replaces it when the name comes back. memlab removes it so that the
 * name is free again and /sys/kernel/slab shows what exists. memlab.lock
 * keeps a new cache of the same name from slipping in between.
 */
static void memlab_cache_destroy(struct memlab_obj *obj)
{
	struct memlab_cache *cs = obj->cs;
	struct kobject *slab_kobj = NULL;

	if (!cs->s)
		goto out;	/* kmem_cache_create() was refused or failed */
	mutex_lock(&memlab.lock);
	if (memlab_kmem_cache_kobj(cs->s)->kset &&
	    memlab_is_alias_of(cs->name, cs->s))
		slab_kobj = &memlab_kmem_cache_kobj(cs->s)->kset->kobj;
	kmem_cache_destroy(cs->s);
	if (slab_kobj)
		sysfs_remove_link(slab_kobj, cs->name);
	mutex_unlock(&memlab.lock);
out:
	kfree(cs);
}

const struct memlab_kind_ops memlab_cache_ops = {
	.free = memlab_cache_destroy,
};

/**
 * memlab_cache_refuses_gfp - MEMLAB_GFP_* bits this cache cannot serve
 * @cache: a MEMLAB_KIND_CACHE object
 * @bits: the request's MEMLAB_GFP_* bits
 *
 * ZERO from a cache with a constructor: zeroing would undo the constructor,
 * and SLUB WARNs on it when it populates a slab (new_slab()).
 */
bool memlab_cache_refuses_gfp(const struct memlab_obj *cache, u32 bits)
{
	return (cache->gfp & MEMLAB_SLAB_CTOR) && (bits & MEMLAB_GFP_ZERO);
}

/**
 * memlab_cache_obj_attach - tie new objects to their cache
 * @mf: the caller's file
 * @objs: new MEMLAB_KIND_CACHE_OBJ objects of one request
 * @n: how many
 * @cache_id: id of the cache
 * @persistent: the objects will be persistent
 *
 * On success each object holds a reference on the cache and counts in it,
 * so the cache cannot be destroyed under them.
 */
int memlab_cache_obj_attach(struct memlab_file *mf, struct memlab_obj **objs,
			    unsigned int n, u32 cache_id, bool persistent)
{
	struct memlab_obj *cache;
	unsigned int i;
	int ret = 0;

	cache = memlab_get(mf, cache_id, MEMLAB_MODIFY);
	if (IS_ERR(cache))
		return PTR_ERR(cache);
	mutex_lock(&memlab.lock);
	if (cache->kind != MEMLAB_KIND_CACHE)
		ret = -EINVAL;
	else if (cache->cs->dead)
		ret = -ENOENT;
	else if (persistent && cache->owner)
		ret = -EINVAL;	/* it would outlive its cache */
	else if (memlab_cache_refuses_gfp(cache, objs[0]->gfp))
		ret = -EINVAL;
	else
		atomic_add(n, &cache->cs->nr_objects);
	mutex_unlock(&memlab.lock);
	if (ret) {
		memlab_put(cache);
		return ret;
	}
	/* memlab_get()'s reference is the first object's */
	if (n > 1)
		refcount_add(n - 1, &cache->ref.refcount);
	/* the size of a cache object: no &struct memlab_obj_ext, see there */
	for (i = 0; i < n; i++) {
		objs[i]->cache = cache;
		objs[i]->size = cache->size;
	}
	return 0;
}

/**
 * memlab_cache_obj_alloc_bulk - payloads of @n objects of one cache at once
 * @objs: the objects, attached to their cache
 * @n: how many
 * @gfp: the request's flags
 * @p: room for @n pointers
 *
 * Return: true if all @n got their memory from one kmem_cache_alloc_bulk(),
 * false if none did (the caller then tries one by one).
 */
bool memlab_cache_obj_alloc_bulk(struct memlab_obj **objs, unsigned int n,
				 gfp_t gfp, void **p)
{
	unsigned int i;

	if (!kmem_cache_alloc_bulk(memlab_obj_cache(objs[0])->cs->s, gfp, n, p))
		return false;
	for (i = 0; i < n; i++)
		objs[i]->kaddr = p[i];
	return true;
}

static int memlab_cache_obj_alloc(struct memlab_obj *obj, gfp_t gfp)
{
	obj->kaddr = kmem_cache_alloc(memlab_obj_cache(obj)->cs->s, gfp);
	return obj->kaddr ? 0 : -ENOMEM;
}

static void memlab_cache_obj_free(struct memlab_obj *obj)
{
	kmem_cache_free(memlab_obj_cache(obj)->cs->s, obj->kaddr);
}

const struct memlab_kind_ops memlab_cache_obj_ops = {
	.gfp_ok = MEMLAB_GFP_SLAB,
	.alloc = memlab_cache_obj_alloc,
	.free = memlab_cache_obj_free,
	.phys = memlab_linear_phys,
};

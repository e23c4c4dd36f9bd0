// SPDX-License-Identifier: GPL-2.0
/*
 * The object table: ids, references, scope (file or device) and the
 * accounting that enforces memlab's limits.
 *
 * Locking: memlab.objs' own lock covers lookups (a reference is taken
 * under it, so the table reference cannot vanish meanwhile); memlab.lock
 * covers owner lists and removal from the table; memlab.acct_lock covers
 * the counters. The final put may run in munmap (mmap_lock held), so it
 * takes neither memlab.lock nor anything that faults: user copies are never
 * made under memlab.lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "memlab_core.h"

/**
 * struct memlab_uid - bytes charged to one creator uid
 * @node: entry in memlab.uids
 * @uid: the uid
 * @bytes: bytes charged
 */
struct memlab_uid {
	struct hlist_node node;
	kuid_t uid;
	u64 bytes;
};

static const struct memlab_kind_ops *const memlab_kinds[MEMLAB_KIND_NR] = {
	[MEMLAB_KIND_KMALLOC] = &memlab_kmalloc_ops,
	[MEMLAB_KIND_CACHE] = &memlab_cache_ops,
	[MEMLAB_KIND_CACHE_OBJ] = &memlab_cache_obj_ops,
	[MEMLAB_KIND_PAGES] = &memlab_pages_ops,
	[MEMLAB_KIND_VMALLOC] = &memlab_vmalloc_ops,
	[MEMLAB_KIND_DMA_COHERENT] = &memlab_dma_coherent_ops,
	[MEMLAB_KIND_DMA_STREAMING] = &memlab_dma_streaming_ops,
};

static struct kmem_cache *memlab_obj_cache;

int memlab_obj_cache_init(void)
{
	memlab_obj_cache = KMEM_CACHE(memlab_obj, 0);
	return memlab_obj_cache ? 0 : -ENOMEM;
}

void memlab_obj_cache_exit(void)
{
	kmem_cache_destroy(memlab_obj_cache);
}

const struct memlab_kind_ops *memlab_kind_ops(u32 kind)
{
	if (kind >= MEMLAB_KIND_NR)
		return NULL;
	return memlab_kinds[kind];
}

/**
 * memlab_obj_new - the tracking structure of a new object
 * @kind: &enum memlab_kind
 * @size: bytes usable by the user
 * @charge: bytes counted against memlab's limits
 * @bits: MEMLAB_GFP_* bits of the request: its retry policy applies to the
 *        metadata too, so that a request that asked not to OOM-kill in a
 *        full memory cgroup gets -ENOMEM for the metadata as well
 */
struct memlab_obj *memlab_obj_new(u32 kind, u64 size, u64 charge, u32 bits)
{
	gfp_t gfp = GFP_KERNEL_ACCOUNT;
	struct memlab_obj *obj;

	if (bits & MEMLAB_GFP_NORETRY)
		gfp |= __GFP_NORETRY;
	if (bits & MEMLAB_GFP_RETRY_MAYFAIL)
		gfp |= __GFP_RETRY_MAYFAIL;
	if (bits & MEMLAB_GFP_NOWARN)
		gfp |= __GFP_NOWARN;
	obj = kmem_cache_zalloc(memlab_obj_cache, gfp);
	if (!obj)
		return NULL;
	kref_init(&obj->ref);
	INIT_LIST_HEAD(&obj->link);
	obj->kind = kind;
	obj->ops = memlab_kinds[kind];
	obj->size = size;
	obj->charge = charge;
	obj->uid = current_uid();
	/* a tick's resolution: no clock hardware read per object */
	obj->ctime_ns = ktime_get_coarse_real_ns();
	atomic_set(&obj->mapcount, 0);
	return obj;
}

static struct memlab_uid *memlab_uid_find(kuid_t uid)
{
	struct memlab_uid *u;

	hash_for_each_possible(memlab.uids, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/*
 * Reserve the object's place under every limit before the allocator runs,
 * so concurrent requests cannot overshoot together.
 */
int memlab_charge(struct memlab_obj *obj)
{
	struct memlab_uid *u, *spare = NULL;
	bool cache = obj->kind == MEMLAB_KIND_CACHE;
	u64 uid_limit = READ_ONCE(memlab_uid_max_bytes);
	u64 max_bytes = READ_ONCE(memlab_max_bytes);
	u32 limit = 0;
	int ret = 0;

retry:
	spin_lock(&memlab.acct_lock);
	u = memlab_uid_find(obj->uid);
	if (!u) {
		if (!spare) {
			spin_unlock(&memlab.acct_lock);
			spare = kzalloc(sizeof(*spare), GFP_KERNEL);
			if (!spare)
				return -ENOMEM;
			goto retry;
		}
		u = spare;
		spare = NULL;
		u->uid = obj->uid;
		hash_add(memlab.uids, &u->node, __kuid_val(u->uid));
	}

	if (memlab.nr_objects + 1 > READ_ONCE(memlab_max_objects))
		limit = MEMLAB_LIMIT_OBJECTS;
	else if (obj->charge > max_bytes ||
		 memlab.nr_bytes > max_bytes - obj->charge)
		limit = MEMLAB_LIMIT_BYTES;
	else if (cache && memlab.nr_caches + 1 > READ_ONCE(memlab_max_caches))
		limit = MEMLAB_LIMIT_CACHES;
	else if (uid_limit && (obj->charge > uid_limit ||
			       u->bytes > uid_limit - obj->charge))
		limit = MEMLAB_LIMIT_UID_BYTES;

	if (limit) {
		ret = limit == MEMLAB_LIMIT_UID_BYTES ? -EDQUOT : -ENOSPC;
		memlab.kinds[obj->kind].limit_hits++;
	} else {
		memlab.nr_objects++;
		memlab.nr_bytes += obj->charge;
		memlab.nr_caches += cache;
		memlab.kinds[obj->kind].objects++;
		memlab.kinds[obj->kind].bytes += obj->charge;
		u->bytes += obj->charge;
		obj->charged = true;
	}
	if (ret && !u->bytes) {
		hash_del(&u->node);
		spare = u;
	}
	spin_unlock(&memlab.acct_lock);
	kfree(spare);
	if (limit)
		memlab_nl_refused_event(obj, limit, ret);
	return ret;
}

/**
 * memlab_refuse - count and announce a request a limit refused
 * @obj: what was asked for (kind, size, order, uid; not charged)
 * @limit: &enum memlab_limit
 * @err: the errno the caller gets
 *
 * For limits checked before memlab_charge(); returns @err.
 */
int memlab_refuse(struct memlab_obj *obj, u32 limit, int err)
{
	spin_lock(&memlab.acct_lock);
	memlab.kinds[obj->kind].limit_hits++;
	spin_unlock(&memlab.acct_lock);
	memlab_nl_refused_event(obj, limit, err);
	return err;
}

static void memlab_uncharge(struct memlab_obj *obj)
{
	struct memlab_uid *u, *gone = NULL;

	spin_lock(&memlab.acct_lock);
	memlab.nr_objects--;
	memlab.nr_bytes -= obj->charge;
	memlab.nr_caches -= obj->kind == MEMLAB_KIND_CACHE;
	memlab.kinds[obj->kind].objects--;
	memlab.kinds[obj->kind].bytes -= obj->charge;
	memlab.kinds[obj->kind].frees += obj->published;
	u = memlab_uid_find(obj->uid);
	if (u) {
		u->bytes -= obj->charge;
		if (!u->bytes) {
			hash_del(&u->node);
			gone = u;
		}
	}
	spin_unlock(&memlab.acct_lock);
	kfree(gone);
}

/* The kernel allocator failed @obj's allocation with @err. */
void memlab_count_failure(struct memlab_obj *obj, int err)
{
	spin_lock(&memlab.acct_lock);
	memlab.kinds[obj->kind].failures++;
	spin_unlock(&memlab.acct_lock);
	memlab_nl_refused_event(obj, 0, err);
}

/* A consistent copy of the counters; @uid_bytes: the caller's uid's. */
void memlab_get_stats(struct memlab_kind_stats *kinds, u64 *nr_objects,
		      u64 *nr_bytes, u64 *nr_caches, u64 *uid_bytes)
{
	struct memlab_uid *u;

	spin_lock(&memlab.acct_lock);
	memcpy(kinds, memlab.kinds, sizeof(memlab.kinds));
	*nr_objects = memlab.nr_objects;
	*nr_bytes = memlab.nr_bytes;
	*nr_caches = memlab.nr_caches;
	u = memlab_uid_find(current_uid());
	*uid_bytes = u ? u->bytes : 0;
	spin_unlock(&memlab.acct_lock);
}

void memlab_get_counters(struct memlab_info *info)
{
	struct memlab_kind_stats kinds[MEMLAB_KIND_NR];
	u64 nr_caches;
	int i;

	memlab_get_stats(kinds, &info->nr_objects, &info->nr_bytes,
			 &nr_caches, &info->uid_bytes);
	for (i = 0; i < MEMLAB_KIND_NR; i++) {
		info->kind_objects[i] = kinds[i].objects;
		info->kind_bytes[i] = kinds[i].bytes;
		info->limit_hits += kinds[i].limit_hits;
		info->alloc_failures += kinds[i].failures;
	}
}

/* Undo an object that never reached the table, whatever it got so far. */
void memlab_obj_discard(struct memlab_obj *obj)
{
	memlab_put(obj);
}

static void memlab_obj_release(struct kref *ref)
{
	struct memlab_obj *obj = container_of(ref, struct memlab_obj, ref);

	/* announced while the object (a cache's name) is still whole */
	if (obj->published)
		memlab_nl_obj_event(obj, false);
	if (obj->kaddr || obj->page || obj->cs)
		obj->ops->free(obj);
	if (obj->charged)
		memlab_uncharge(obj);
	if (obj->kind == MEMLAB_KIND_CACHE_OBJ && obj->cache) {
		atomic_dec(&obj->cache->cs->nr_objects);
		memlab_put(obj->cache);
	}
	kmem_cache_free(memlab_obj_cache, obj);
}

void memlab_put(struct memlab_obj *obj)
{
	kref_put(&obj->ref, memlab_obj_release);
}

/* Physical address of a linear-map buffer (slab, DMA on x86). */
phys_addr_t memlab_linear_phys(struct memlab_obj *obj)
{
	return virt_addr_valid(obj->kaddr) ? virt_to_phys(obj->kaddr) : 0;
}

bool memlab_may_see(struct memlab_file *mf, struct memlab_obj *obj)
{
	struct memlab_file *owner = READ_ONCE(obj->owner);

	return !owner || owner == mf;
}

bool memlab_may_modify(struct memlab_obj *obj)
{
	return READ_ONCE(obj->owner) || uid_eq(obj->uid, current_uid()) ||
	       capable(CAP_SYS_ADMIN);
}

/* Insert into the table and the owner's list; memlab.lock held. */
int __memlab_publish(struct memlab_file *mf, struct memlab_obj *obj,
		     bool persistent)
{
	int ret;

	lockdep_assert_held(&memlab.lock);
	/* the owner first: lookups may find the object from here on */
	WRITE_ONCE(obj->owner, persistent ? NULL : mf);
	ret = memlab_mmap_publish(obj);
	if (ret)
		return ret;
	ret = xa_alloc_cyclic(&memlab.objs, &obj->id, obj, xa_limit_32b,
			      &memlab.next_id, GFP_KERNEL);
	if (ret < 0) {
		memlab_mmap_unpublish(obj);
		return ret;
	}
	list_add_tail(&obj->link, persistent ? &memlab.persistent : &mf->objs);
	obj->published = true;
	spin_lock(&memlab.acct_lock);
	memlab.kinds[obj->kind].allocs++;
	spin_unlock(&memlab.acct_lock);
	/* under memlab.lock: the event precedes any free of the new id */
	memlab_nl_obj_event(obj, true);
	return 0;
}

/*
 * Take the object out of the table, its owner's list and the mmap offsets
 * (a cache also out of the name list); memlab.lock held. The caller then
 * drops the table's reference.
 */
static void __memlab_unpublish(struct memlab_obj *obj)
{
	lockdep_assert_held(&memlab.lock);
	xa_erase(&memlab.objs, obj->id);
	memlab_mmap_unpublish(obj);
	list_del_init(&obj->link);
	if (obj->kind == MEMLAB_KIND_CACHE) {
		obj->cs->dead = true;
		list_del_init(&obj->cs->link);
	}
}

int memlab_publish(struct memlab_file *mf, struct memlab_obj *obj,
		   bool persistent)
{
	int ret;

	mutex_lock(&memlab.lock);
	ret = __memlab_publish(mf, obj, persistent);
	mutex_unlock(&memlab.lock);
	return ret;
}

/**
 * memlab_get - look up an id the caller may use, with a reference
 * @mf: the caller's file
 * @id: the id
 * @mode: MEMLAB_MODIFY if the caller changes the object
 *
 * Return: the object, ERR_PTR(-ENOENT) if unknown or owned by another
 * file, ERR_PTR(-EPERM) for another uid's persistent object.
 */
struct memlab_obj *memlab_get(struct memlab_file *mf, u32 id, int mode)
{
	struct memlab_obj *obj;

	xa_lock(&memlab.objs);
	obj = xa_load(&memlab.objs, id);
	if (obj && memlab_may_see(mf, obj))
		kref_get(&obj->ref);
	else
		obj = NULL;
	xa_unlock(&memlab.objs);
	if (!obj)
		return ERR_PTR(-ENOENT);
	if ((mode & MEMLAB_MODIFY) && !memlab_may_modify(obj)) {
		memlab_put(obj);
		return ERR_PTR(-EPERM);
	}
	return obj;
}

/**
 * memlab_remove - free an object or destroy a cache by id
 * @mf: the caller's file
 * @id: the id
 * @cache: true for CACHE_DESTROY, false for FREE
 *
 * The id goes away now; the memory when the last reference (a mapping)
 * does.
 */
int memlab_remove(struct memlab_file *mf, u32 id, bool cache)
{
	struct memlab_obj *obj;
	int ret = 0;

	mutex_lock(&memlab.lock);
	obj = xa_load(&memlab.objs, id);
	if (!obj || !memlab_may_see(mf, obj))
		ret = -ENOENT;
	else if ((obj->kind == MEMLAB_KIND_CACHE) != cache)
		ret = -EINVAL;
	else if (!memlab_may_modify(obj))
		ret = -EPERM;
	else if (cache && atomic_read(&obj->cs->nr_objects))
		ret = -EBUSY;
	if (ret) {
		mutex_unlock(&memlab.lock);
		return ret;
	}
	__memlab_unpublish(obj);
	mutex_unlock(&memlab.lock);
	memlab_put(obj);
	return 0;
}

int memlab_persist(struct memlab_file *mf, u32 id)
{
	struct memlab_obj *obj;
	int ret = 0;

	mutex_lock(&memlab.lock);
	obj = xa_load(&memlab.objs, id);
	if (!obj || !memlab_may_see(mf, obj))
		ret = -ENOENT;
	else if (!memlab_may_modify(obj))
		ret = -EPERM;
	else if (!obj->owner)
		ret = 0;	/* already persistent */
	else if (obj->kind == MEMLAB_KIND_CACHE_OBJ && obj->cache->owner)
		ret = -EINVAL;	/* its cache would die with the file */
	else
		list_move_tail(&obj->link, &memlab.persistent);
	if (!ret && obj->owner)
		WRITE_ONCE(obj->owner, NULL);
	mutex_unlock(&memlab.lock);
	return ret;
}

/*
 * Drop the table reference of every object on @objs (spliced off an owner
 * list): objects first, caches after, so that each cache is empty when it
 * is destroyed.
 */
void memlab_release_list(struct list_head *objs)
{
	struct memlab_obj *obj, *tmp;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		list_for_each_entry_safe(obj, tmp, objs, link) {
			if (obj->kind == MEMLAB_KIND_CACHE ? !pass : pass)
				continue;
			mutex_lock(&memlab.lock);
			__memlab_unpublish(obj);
			mutex_unlock(&memlab.lock);
			memlab_put(obj);
			cond_resched();
		}
	}
}

/*
 * @admin: the caller may see addresses (capable(CAP_SYS_ADMIN) for ioctls,
 * netlink_capable() for netlink requests)
 */
void memlab_fill_info(struct memlab_obj *obj, struct memlab_obj_info *info,
		      bool admin)
{
	struct memlab_cache *cs = obj->cs;

	memset(info, 0, sizeof(*info));
	info->id = obj->id;
	info->kind = obj->kind;
	info->uid = from_kuid_munged(current_user_ns(), obj->uid);
	info->size = obj->size;
	info->order = obj->order;
	info->gfp = obj->gfp;
	info->mapcount = atomic_read(&obj->mapcount);
	info->ctime_ns = obj->ctime_ns;
	info->dma_dir = obj->kind == MEMLAB_KIND_DMA_STREAMING ? obj->dir : 0;
	if (!READ_ONCE(obj->owner))
		info->flags |= MEMLAB_OBJ_PERSISTENT;
	if (memlab_mappable(obj)) {
		info->flags |= MEMLAB_OBJ_MAPPABLE;
		info->mmap_offset = (u64)obj->mmap_pgoff << PAGE_SHIFT;
	}
	if (obj->kind == MEMLAB_KIND_CACHE_OBJ) {
		info->cache_id = obj->cache->id;
		cs = obj->cache->cs;
	}
	if (cs) {
		if (cs->merged)
			info->flags |= MEMLAB_OBJ_MERGED;
		info->nr_objects = atomic_read(&cs->nr_objects);
		info->slab_size = memlab_kmem_cache_slab_size(cs->s);
		info->align = cs->align;
		strscpy(info->name, cs->name, sizeof(info->name));
		strscpy(info->merged_into, cs->merged_into,
			sizeof(info->merged_into));
	}
	if (!admin)
		return;
	if (obj->kind == MEMLAB_KIND_PAGES)
		info->kaddr = (unsigned long)page_address(obj->page);
	else if (obj->kind != MEMLAB_KIND_CACHE)
		info->kaddr = (unsigned long)obj->kaddr;
	if (obj->ops->phys)
		info->phys = obj->ops->phys(obj);
	if (obj->ops->dma)
		info->dma_addr = obj->dma;
}

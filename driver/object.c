// SPDX-License-Identifier: GPL-2.0
/*
 * The object records and the object table: ids, references, scope (file
 * or device), creation and release, one object or a chunk at a time.
 *
 * Locking: memlab.objs' own lock covers lookups (a reference is taken
 * under it, so the table reference cannot vanish meanwhile); memlab.lock
 * covers insertion into and removal from the table, owners and the files'
 * object counts, so that under it the table only changes by the holder's
 * hand; memlab.acct_lock covers the counters. The final put may run in
 * munmap (mmap_lock held), so it takes neither memlab.lock nor anything
 * that faults: user copies are never made under memlab.lock.
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

const struct memlab_kind_ops *const memlab_kinds[MEMLAB_KIND_NR] = {
	[MEMLAB_KIND_KMALLOC] = &memlab_kmalloc_ops,
	[MEMLAB_KIND_CACHE] = &memlab_cache_ops,
	[MEMLAB_KIND_CACHE_OBJ] = &memlab_cache_obj_ops,
	[MEMLAB_KIND_PAGES] = &memlab_pages_ops,
	[MEMLAB_KIND_VMALLOC] = &memlab_vmalloc_ops,
	[MEMLAB_KIND_DMA_COHERENT] = &memlab_dma_coherent_ops,
	[MEMLAB_KIND_DMA_STREAMING] = &memlab_dma_streaming_ops,
};

/* struct memlab_obj's 5-bit order holds every order a request may ask */
static_assert(MEMLAB_KMAX_ORDER < 32);

static struct kmem_cache *memlab_obj_slab;
static struct kmem_cache *memlab_ext_slab;
/* CLOCK_REALTIME when the module was loaded: creation times count from it */
static u64 memlab_epoch_ns;

int memlab_obj_cache_init(void)
{
	memlab_epoch_ns = ktime_get_coarse_real_ns();
	memlab_obj_slab = KMEM_CACHE(memlab_obj, 0);
	if (!memlab_obj_slab)
		return -ENOMEM;
	memlab_ext_slab = KMEM_CACHE(memlab_obj_ext, 0);
	if (!memlab_ext_slab) {
		kmem_cache_destroy(memlab_obj_slab);
		return -ENOMEM;
	}
	return 0;
}

void memlab_obj_cache_exit(void)
{
	kmem_cache_destroy(memlab_ext_slab);
	kmem_cache_destroy(memlab_obj_slab);
}

const struct memlab_kind_ops *memlab_kind_ops(u32 kind)
{
	if (kind >= MEMLAB_KIND_NR)
		return NULL;
	return memlab_kinds[kind];
}

/* The metadata's allocation follows the request's retry policy (@bits). */
static gfp_t memlab_obj_gfp(u32 bits)
{
	gfp_t gfp = GFP_KERNEL_ACCOUNT;

	if (bits & MEMLAB_GFP_NORETRY)
		gfp |= __GFP_NORETRY;
	if (bits & MEMLAB_GFP_RETRY_MAYFAIL)
		gfp |= __GFP_RETRY_MAYFAIL;
	if (bits & MEMLAB_GFP_NOWARN)
		gfp |= __GFP_NOWARN;
	return gfp;
}

/* Whether an object needs a &struct memlab_obj_ext. */
static bool memlab_needs_ext(u32 kind, u64 size, u64 charge)
{
	switch (kind) {
	case MEMLAB_KIND_PAGES:
	case MEMLAB_KIND_VMALLOC:
	case MEMLAB_KIND_DMA_COHERENT:
	case MEMLAB_KIND_DMA_STREAMING:
		return true;
	case MEMLAB_KIND_CACHE:
		return size > U32_MAX || charge;
	default:
		return size > U32_MAX || charge != size;
	}
}

/*
 * Now, for a new object: a tick's resolution (no clock hardware read per
 * object) in units of 2^MEMLAB_CTIME_SHIFT ns (8.4 ms) since the module was
 * loaded; this runs out after 2^55 ns (417 days) and then stays there.
 */
static u32 memlab_ctime_now(void)
{
	u64 now = ktime_get_coarse_real_ns();

	if (now < memlab_epoch_ns)
		return 0;	/* the clock was set back since */
	return min_t(u64, (now - memlab_epoch_ns) >> MEMLAB_CTIME_SHIFT,
		     U32_MAX);
}

u64 memlab_obj_ctime_ns(const struct memlab_obj *obj)
{
	return memlab_epoch_ns + ((u64)obj->ctime << MEMLAB_CTIME_SHIFT);
}

/**
 * memlab_obj_new_bulk - the tracking structures of @n new objects
 * @kind: &enum memlab_kind
 * @size: bytes usable by the user
 * @charge: bytes counted against memlab's limits
 * @bits: MEMLAB_GFP_* bits of the request: its retry policy applies to the
 *        metadata too, so that a request that asked not to OOM-kill in a
 *        full memory cgroup gets -ENOMEM for the metadata as well
 * @objs: filled with @n new objects
 * @n: how many
 *
 * One kmem_cache_alloc_bulk() (one memcg charge) for all of them.
 * Return: 0 or -ENOMEM (then there is none).
 */
int memlab_obj_new_bulk(u32 kind, u64 size, u64 charge, u32 bits,
			struct memlab_obj **objs, unsigned int n)
{
	bool ext = memlab_needs_ext(kind, size, charge);
	gfp_t gfp = memlab_obj_gfp(bits) | __GFP_ZERO;
	u32 ctime = memlab_ctime_now();
	kuid_t uid = current_uid();
	struct memlab_obj *obj;
	unsigned int i;

	if (!kmem_cache_alloc_bulk(memlab_obj_slab, gfp, n, (void **)objs))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		obj = objs[i];
		kref_init(&obj->ref);
		obj->uid = uid;
		obj->kind = kind;
		obj->ctime = ctime;
		if (!ext) {
			obj->size = size;
			continue;
		}
		obj->ext = kmem_cache_alloc(memlab_ext_slab, gfp);
		if (!obj->ext)
			goto err_free;
		obj->has_ext = true;
		obj->ext->size = size;
		obj->ext->charge = charge;
	}
	return 0;

err_free:
	while (i--)
		kmem_cache_free(memlab_ext_slab, objs[i]->ext);
	kmem_cache_free_bulk(memlab_obj_slab, n, (void **)objs);
	return -ENOMEM;
}

struct memlab_obj *memlab_obj_new(u32 kind, u64 size, u64 charge, u32 bits)
{
	struct memlab_obj *obj;

	if (memlab_obj_new_bulk(kind, size, charge, bits, &obj, 1))
		return NULL;
	return obj;
}

/* Undo an object that never reached the table, whatever it got so far. */
void memlab_obj_discard(struct memlab_obj *obj)
{
	memlab_put(obj);
}

/*
 * Slab payloads that can go back in one kmem_cache_free_bulk(): cache
 * objects of one cache, or kmalloc objects (a NULL cache: kfree_bulk()).
 */
struct memlab_slab_batch {
	struct kmem_cache *s;
	unsigned int n;
	void *p[16];
};

static void memlab_slab_batch_flush(struct memlab_slab_batch *b)
{
	if (b->n)
		kmem_cache_free_bulk(b->s, b->n, b->p);
	b->n = 0;
}

static bool memlab_slab_batch_add(struct memlab_slab_batch *b,
				  struct memlab_obj *obj)
{
	struct kmem_cache *s;

	if (obj->kind == MEMLAB_KIND_KMALLOC)
		s = NULL;
	else if (obj->kind == MEMLAB_KIND_CACHE_OBJ)
		s = memlab_obj_cache(obj)->cs->s;
	else
		return false;
	if (b->n && (b->s != s || b->n == ARRAY_SIZE(b->p)))
		memlab_slab_batch_flush(b);
	b->s = s;
	b->p[b->n++] = obj->kaddr;
	return true;
}

/* Free objects whose last reference is gone, @n at once. */
static void memlab_release_objs(struct memlab_obj **objs, unsigned int n)
{
	struct memlab_slab_batch b = { .n = 0 };
	struct memlab_obj *obj, *cache;
	unsigned int i;

	/* announced while the object (a cache's name) is still whole */
	if (memlab_nl_listened()) {
		for (i = 0; i < n; i++)
			if (objs[i]->published)
				memlab_nl_obj_event(objs[i], false);
	}
	for (i = 0; i < n; i++) {
		obj = objs[i];
		/* kaddr, page or cs: whatever the allocator gave */
		if (obj->kaddr && !memlab_slab_batch_add(&b, obj))
			memlab_ops(obj)->free(obj);
	}
	memlab_slab_batch_flush(&b);
	memlab_uncharge_objs(objs, n);
	for (i = 0; i < n; i++) {
		obj = objs[i];
		cache = memlab_obj_cache(obj);
		if (cache) {
			atomic_dec(&cache->cs->nr_objects);
			memlab_put(cache);
		}
		if (obj->has_ext)
			kmem_cache_free(memlab_ext_slab, obj->ext);
	}
	kmem_cache_free_bulk(memlab_obj_slab, n, (void **)objs);
}

static void memlab_obj_release(struct kref *ref)
{
	struct memlab_obj *obj = container_of(ref, struct memlab_obj, ref);

	memlab_release_objs(&obj, 1);
}

void memlab_put(struct memlab_obj *obj)
{
	kref_put(&obj->ref, memlab_obj_release);
}

/**
 * memlab_put_objs - memlab_put() of @n objects
 * @objs: the objects; reordered (those released first)
 * @n: how many
 *
 * Those whose last reference this was are freed together.
 */
void memlab_put_objs(struct memlab_obj **objs, unsigned int n)
{
	unsigned int i, dead = 0;

	for (i = 0; i < n; i++) {
		if (refcount_dec_and_test(&objs[i]->ref.refcount)) {
			swap(objs[dead], objs[i]);
			dead++;
		}
	}
	if (dead)
		memlab_release_objs(objs, dead);
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

/* Another uid's persistent object: only CAP_SYS_ADMIN may change it. */
static bool memlab_needs_admin(struct memlab_obj *obj)
{
	return !READ_ONCE(obj->owner) && !uid_eq(obj->uid, current_uid());
}

bool memlab_may_modify(struct memlab_obj *obj)
{
	return !memlab_needs_admin(obj) || capable(CAP_SYS_ADMIN);
}

/*
 * Give @obj an id with the table's lock held (it may be dropped to
 * allocate), as xa_alloc_cyclic() would, and store it. The cyclic
 * allocator's next id is nearly always free, and then it is taken without
 * a search; memlab.lock keeps it free meanwhile.
 */
static int memlab_id_alloc(struct xa_state *xas, struct memlab_obj *obj)
{
	u32 id = memlab.next_id;
	bool retry;
	int ret;

	lockdep_assert_held(&memlab.lock);
	if (!id)	/* wrapped: 0 is never an id (XA_FLAGS_ALLOC1) */
		goto search;
	xas_set(xas, id);
	do {
		if (xas_load(xas))
			goto search;
		xas_store(xas, obj);
		xas_clear_mark(xas, XA_FREE_MARK);
		retry = xas_error(xas) == -ENOMEM;
		if (retry) {
			xas_unlock(xas);
			retry = xas_nomem(xas, GFP_KERNEL);
			xas_lock(xas);
		}
	} while (retry);
	ret = xas_error(xas);
	if (ret != -ENOMEM)
		xas_nomem(xas, GFP_KERNEL);	/* frees a node left unused */
	if (ret)
		return ret;
	obj->id = id;
	memlab.next_id = id + 1;
	return 0;

search:
	xas_nomem(xas, GFP_KERNEL);
	ret = __xa_alloc_cyclic(&memlab.objs, &obj->id, obj, xa_limit_32b,
				&memlab.next_id, GFP_KERNEL);
	return ret < 0 ? ret : 0;
}

/*
 * memlab_publish_objs() with memlab.lock held: insert objects of one kind
 * into the table (and their mmap offsets), count and announce them.
 */
static unsigned int __memlab_publish_objs(struct memlab_file *mf,
					  struct memlab_obj **objs,
					  unsigned int n, u32 *ids,
					  bool persistent, int *err)
{
	bool mappable = memlab_mappable(objs[0]);
	XA_STATE(xas, &memlab.objs, 0);
	unsigned int i, made;
	struct memlab_obj *obj;
	bool announce;
	int ret = 0;

	lockdep_assert_held(&memlab.lock);
	/* mmap offsets first: the maple tree allocates, under its own lock */
	for (i = 0; mappable && i < n; i++) {
		ret = memlab_mmap_publish(objs[i]);
		if (ret) {
			*err = ret;
			n = i;
			break;
		}
	}
	/* owner and flags first: lookups may find an object from its id on */
	xas_lock(&xas);
	for (made = 0; made < n; made++) {
		obj = objs[made];
		WRITE_ONCE(obj->owner, persistent ? NULL : mf);
		obj->published = true;
		ret = memlab_id_alloc(&xas, obj);
		if (ret) {
			obj->published = false;
			*err = ret;
			break;
		}
		ids[made] = obj->id;
	}
	xas_unlock(&xas);
	for (i = made; mappable && i < n; i++)
		memlab_mmap_unpublish(objs[i]);
	if (!persistent)
		mf->nr_objs += made;
	if (made)
		memlab_count_allocs(objs[0]->kind, made);
	/* under memlab.lock: the events precede any free of the new ids */
	announce = memlab_nl_listened();
	for (i = 0; announce && i < made; i++)
		memlab_nl_obj_event(objs[i], true);
	return made;
}

/**
 * memlab_publish_objs - insert new objects of one kind into the table
 * @mf: the caller's file
 * @objs: the objects, published in order up to the first that cannot be
 * @n: how many
 * @ids: set to the new ids
 * @persistent: owned by the device instead of @mf
 * @err: set to the errno of the first object that cannot be published
 *
 * Return: objects published, @objs[0..return).
 */
unsigned int memlab_publish_objs(struct memlab_file *mf,
				 struct memlab_obj **objs, unsigned int n,
				 u32 *ids, bool persistent, int *err)
{
	unsigned int made;

	mutex_lock(&memlab.lock);
	made = __memlab_publish_objs(mf, objs, n, ids, persistent, err);
	mutex_unlock(&memlab.lock);
	return made;
}

/* Insert a cache into the table; memlab.lock held. */
int __memlab_publish(struct memlab_file *mf, struct memlab_obj *obj,
		     bool persistent)
{
	int err = 0;
	u32 id;

	__memlab_publish_objs(mf, &obj, 1, &id, persistent, &err);
	return err;
}

/*
 * What goes with an object's id besides its table slot: its mmap offsets,
 * its place in its owner's count and, for a cache, in the name list;
 * memlab.lock held.
 */
static void __memlab_detach(struct memlab_obj *obj)
{
	lockdep_assert_held(&memlab.lock);
	memlab_mmap_unpublish(obj);
	if (obj->owner)
		obj->owner->nr_objs--;
	if (obj->kind == MEMLAB_KIND_CACHE) {
		obj->cs->dead = true;
		list_del_init(&obj->cs->link);
	}
}

/*
 * Take the object out of the table and everything that goes with its id;
 * memlab.lock held. The caller then drops the table's reference.
 */
static void __memlab_unpublish(struct memlab_obj *obj)
{
	xa_erase(&memlab.objs, obj->id);
	__memlab_detach(obj);
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

static bool memlab_is_cache(const struct memlab_obj *obj)
{
	return obj->kind == MEMLAB_KIND_CACHE;
}

/*
 * Why @obj (looked up by id) may not be removed now: -errno, 0 if it may,
 * 1 if only CAP_SYS_ADMIN allows it (another uid's persistent object: the
 * caller asks capable(), which must not run under a spinlock). A cache
 * must also be empty.
 */
static int memlab_check_remove(struct memlab_file *mf, struct memlab_obj *obj,
			       bool cache)
{
	lockdep_assert_held(&memlab.lock);
	if (!obj || !memlab_may_see(mf, obj))
		return -ENOENT;
	if (cache != memlab_is_cache(obj))
		return -EINVAL;
	return memlab_needs_admin(obj) ? 1 : 0;
}

static int memlab_may_remove(struct memlab_file *mf, struct memlab_obj *obj,
			     bool cache)
{
	int ret = memlab_check_remove(mf, obj, cache);

	if (ret == 1)
		ret = capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
	if (!ret && cache && atomic_read(&obj->cs->nr_objects))
		ret = -EBUSY;
	return ret;
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
	int ret;

	mutex_lock(&memlab.lock);
	obj = xa_load(&memlab.objs, id);
	ret = memlab_may_remove(mf, obj, cache);
	if (ret) {
		mutex_unlock(&memlab.lock);
		return ret;
	}
	__memlab_unpublish(obj);
	mutex_unlock(&memlab.lock);
	memlab_put(obj);
	return 0;
}

/**
 * memlab_remove_objs - memlab_remove() of objects (no caches) by id
 * @mf: the caller's file
 * @ids: the ids, removed in order up to the first that cannot be
 * @n: how many
 * @objs: room for @n objects
 * @err: set to the errno of the first id that cannot be removed
 *
 * One memlab.lock round trip, and the objects are freed together.
 * Return: ids removed, @ids[0..return).
 */
unsigned int memlab_remove_objs(struct memlab_file *mf, const u32 *ids,
				unsigned int n, struct memlab_obj **objs,
				int *err)
{
	XA_STATE(xas, &memlab.objs, 0);
	struct memlab_obj *obj;
	unsigned int i, done;
	int ret;

	mutex_lock(&memlab.lock);
	/* one walk of the table per id: look up, check, erase */
	xas_lock(&xas);
	for (done = 0; done < n; done++) {
		xas_set(&xas, ids[done]);
		obj = xas_load(&xas);
		if (xa_is_zero(obj))	/* id 0, reserved by XA_FLAGS_ALLOC1 */
			obj = NULL;
		ret = memlab_check_remove(mf, obj, false);
		if (ret == 1) {
			/* memlab.lock keeps @obj where it is meanwhile */
			xas_unlock(&xas);
			ret = capable(CAP_SYS_ADMIN) ? 0 : -EPERM;
			xas_lock(&xas);
			xas_reset(&xas);
			xas_load(&xas);
		}
		if (ret) {
			*err = ret;
			break;
		}
		xas_store(&xas, NULL);
		objs[done] = obj;
	}
	xas_unlock(&xas);
	for (i = 0; i < done; i++)
		__memlab_detach(objs[i]);
	mutex_unlock(&memlab.lock);
	memlab_put_objs(objs, done);
	return done;
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
	else if (memlab_obj_cache(obj) && memlab_obj_cache(obj)->owner)
		ret = -EINVAL;	/* its cache would die with the file */
	if (!ret && obj->owner) {
		WRITE_ONCE(obj->owner, NULL);
		mf->nr_objs--;
	}
	mutex_unlock(&memlab.lock);
	return ret;
}

/**
 * memlab_release_owned - drop the table reference of what a file owns
 * @mf: the file, at its close; NULL at unload: the persistent objects
 *
 * Objects first, caches after, so that each cache is empty when it is
 * destroyed. Objects keep no list per owner (that would cost 16 bytes
 * each): the table is searched, and a close stops searching as soon as
 * its last object is found, so a file that owns nothing costs nothing.
 */
void memlab_release_owned(struct memlab_file *mf)
{
	struct memlab_obj *objs[32], *obj;
	unsigned long id;
	unsigned int n;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		id = 0;
		do {
			n = 0;
			mutex_lock(&memlab.lock);
			xa_for_each_start(&memlab.objs, id, obj, id) {
				if (mf && !mf->nr_objs)
					break;
				if (obj->owner != mf ||
				    pass != memlab_is_cache(obj))
					continue;
				__memlab_unpublish(obj);
				objs[n++] = obj;
				if (n == ARRAY_SIZE(objs))
					break;
			}
			mutex_unlock(&memlab.lock);
			memlab_put_objs(objs, n);
			cond_resched();
		} while (n == ARRAY_SIZE(objs));
	}
}

/*
 * @admin: the caller may see addresses (capable(CAP_SYS_ADMIN) for ioctls,
 * netlink_capable() for netlink requests)
 */
void memlab_fill_info(struct memlab_obj *obj, struct memlab_obj_info *info,
		      bool admin)
{
	struct memlab_obj *cache = memlab_obj_cache(obj);
	struct memlab_cache *cs = NULL;

	memset(info, 0, sizeof(*info));
	info->id = obj->id;
	info->kind = obj->kind;
	info->uid = from_kuid_munged(current_user_ns(), obj->uid);
	info->size = memlab_obj_size(obj);
	info->order = obj->order;
	info->gfp = obj->gfp;
	if (obj->has_ext)
		info->mapcount = atomic_read(&obj->ext->mapcount);
	info->ctime_ns = memlab_obj_ctime_ns(obj);
	info->dma_dir = obj->kind == MEMLAB_KIND_DMA_STREAMING ? obj->dir : 0;
	if (!READ_ONCE(obj->owner))
		info->flags |= MEMLAB_OBJ_PERSISTENT;
	if (memlab_mappable(obj)) {
		info->flags |= MEMLAB_OBJ_MAPPABLE;
		info->mmap_offset = (u64)obj->ext->mmap_pgoff << PAGE_SHIFT;
	}
	if (obj->kind == MEMLAB_KIND_CACHE)
		cs = obj->cs;
	if (cache) {
		info->cache_id = cache->id;
		cs = cache->cs;
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
	if (memlab_ops(obj)->phys)
		info->phys = memlab_ops(obj)->phys(obj);
	if (memlab_ops(obj)->dma)
		info->dma_addr = obj->ext->dma;
}

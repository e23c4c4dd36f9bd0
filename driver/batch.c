// SPDX-License-Identifier: GPL-2.0
/*
 * Making and freeing objects a chunk at a time: MEMLAB_IOC_ALLOC (a chunk
 * of one), MEMLAB_IOC_ALLOC_BATCH and MEMLAB_IOC_FREE_BATCH. Each object
 * is its own object with its own id, checked, limited, counted and
 * announced as MEMLAB_IOC_ALLOC and MEMLAB_IOC_FREE do it; what a chunk
 * shares is the request's checks, one kmem_cache_alloc_bulk() for the
 * metadata (and for cache objects' payloads), one round trip of each lock
 * and bulk frees. Ids move through a kernel buffer a chunk at a time, and
 * a chunk whose ids cannot be written out is freed again, so no object is
 * left that its creator was not told about.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "memlab_core.h"

#define MEMLAB_BATCH_CHUNK	256

/**
 * struct memlab_chunk - scratch space of one batch ioctl
 * @objs: the chunk's objects
 * @p: the chunk's payloads (kmem_cache_alloc_bulk())
 * @ids: the chunk's ids, on their way to or from the caller
 */
struct memlab_chunk {
	struct memlab_obj *objs[MEMLAB_BATCH_CHUNK];
	void *p[MEMLAB_BATCH_CHUNK];
	u32 ids[MEMLAB_BATCH_CHUNK];
};

/* Free the @n objects of a chunk whose ids did not reach the caller. */
static void memlab_batch_undo(struct memlab_file *mf, struct memlab_chunk *c,
			      unsigned int n)
{
	unsigned int i = 0;
	int err;

	/* an id another thread of the caller freed already is skipped */
	while (i < n)
		i += memlab_remove_objs(mf, c->ids + i, n - i, c->objs, &err) + 1;
}

/* The allocator's memory for @objs, in order up to the first failure. */
static unsigned int memlab_alloc_payloads(struct memlab_obj **objs,
					  unsigned int n,
					  const struct memlab_alloc_plan *plan,
					  void **p, int *err)
{
	unsigned int i;
	int ret;

	if (p && n > 1 && objs[0]->kind == MEMLAB_KIND_CACHE_OBJ &&
	    memlab_cache_obj_alloc_bulk(objs, n, plan->gfp, p))
		return n;
	for (i = 0; i < n; i++) {
		ret = plan->ops->alloc(objs[i], plan->gfp);
		if (ret) {
			memlab_count_failure(objs[i], ret);
			*err = ret;
			break;
		}
	}
	return i;
}

/**
 * memlab_alloc_objs - make a chunk of objects of one checked request
 * @mf: the caller's file
 * @req: the request, checked by memlab_alloc_check()
 * @plan: what the checks found
 * @objs: room for @n objects
 * @p: room for @n pointers, or NULL (no bulk allocation of payloads)
 * @ids: set to the new ids
 * @n: objects wanted
 * @err: set to the errno of the first object that could not be made
 *
 * Objects are made in order: metadata, cache, limits, payload, table.
 * Those a step cannot take are freed, and the steps after it go on with
 * the ones before.
 * Return: objects made, their ids in @ids[0..return).
 */
unsigned int memlab_alloc_objs(struct memlab_file *mf,
			       const struct memlab_alloc *req,
			       const struct memlab_alloc_plan *plan,
			       struct memlab_obj **objs, void **p, u32 *ids,
			       unsigned int n, int *err)
{
	bool persistent = req->flags & MEMLAB_F_PERSISTENT;
	struct memlab_obj *obj;
	unsigned int i, made;
	u64 size = req->size;
	int ret;

	if (req->kind == MEMLAB_KIND_PAGES)
		size = PAGE_SIZE << req->order;
	ret = memlab_obj_new_bulk(req->kind, size, plan->charge, req->gfp,
				  objs, n);
	if (ret) {
		*err = ret;
		return 0;
	}
	for (i = 0; i < n; i++) {
		obj = objs[i];
		obj->gfp = req->gfp;
		obj->order = req->order;
		obj->dir = req->dma_dir;
	}
	made = n;
	if (req->kind == MEMLAB_KIND_CACHE_OBJ) {
		ret = memlab_cache_obj_attach(mf, objs, n, req->cache_id,
					      persistent);
		if (ret) {
			*err = ret;
			made = 0;
		}
	}
	if (made)
		made = memlab_charge_objs(objs, made, err);
	if (made)
		made = memlab_alloc_payloads(objs, made, plan, p, err);
	if (made)
		made = memlab_publish_objs(mf, objs, made, ids, persistent,
					   err);
	memlab_put_objs(objs + made, n - made);
	return made;
}

/**
 * memlab_alloc_batch - MEMLAB_IOC_ALLOC_BATCH
 * @mf: the caller's file
 * @req: the request
 *
 * Return: objects allocated (their ids written to @req->ids), or -errno
 * when there is none.
 */
long memlab_alloc_batch(struct memlab_file *mf, struct memlab_batch *req)
{
	u32 __user *uids = u64_to_user_ptr(req->ids);
	struct memlab_alloc one = {
		.kind = req->kind,
		.flags = req->flags,
		.gfp = req->gfp,
		.order = req->order,
		.size = req->size,
		.cache_id = req->cache_id,
		.dma_dir = req->dma_dir,
	};
	struct memlab_alloc_plan plan;
	struct memlab_chunk *c;
	unsigned int n, made;
	u32 done = 0;
	int err = 0;

	if (req->pad || !req->count)
		return -EINVAL;
	if (req->count > MEMLAB_BATCH_MAX)
		return -E2BIG;
	if (!access_ok(uids, (size_t)req->count * sizeof(*uids)))
		return -EFAULT;
	err = memlab_alloc_check(&one, &plan);
	if (err)
		return err;
	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;

	while (done < req->count && !err) {
		n = min_t(u32, MEMLAB_BATCH_CHUNK, req->count - done);
		made = memlab_alloc_objs(mf, &one, &plan, c->objs, c->p,
					 c->ids, n, &err);
		if (made && copy_to_user(uids + done, c->ids,
					 made * sizeof(*c->ids))) {
			memlab_batch_undo(mf, c, made);
			err = -EFAULT;
			break;
		}
		done += made;
		if (!err && done < req->count && fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
	}
	kfree(c);
	return done ? done : err;
}

/**
 * memlab_free_batch - MEMLAB_IOC_FREE_BATCH
 * @mf: the caller's file
 * @req: the request
 *
 * Return: ids freed, from the first on, or -errno when the first fails.
 */
long memlab_free_batch(struct memlab_file *mf, struct memlab_ids *req)
{
	const u32 __user *uids = u64_to_user_ptr(req->ids);
	struct memlab_chunk *c;
	unsigned int n;
	u32 done = 0;
	int err = 0;

	if (req->flags || !req->count)
		return -EINVAL;
	if (req->count > MEMLAB_BATCH_MAX)
		return -E2BIG;
	c = kmalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return -ENOMEM;

	while (done < req->count && !err) {
		n = min_t(u32, MEMLAB_BATCH_CHUNK, req->count - done);
		if (copy_from_user(c->ids, uids + done, n * sizeof(*c->ids))) {
			err = -EFAULT;
			break;
		}
		done += memlab_remove_objs(mf, c->ids, n, c->objs, &err);
		if (!err && done < req->count && fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
	}
	kfree(c);
	return done ? done : err;
}

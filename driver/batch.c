// SPDX-License-Identifier: GPL-2.0
/*
 * MEMLAB_IOC_ALLOC_BATCH and MEMLAB_IOC_FREE_BATCH: many objects of one
 * kind in one system call. Each object is made and freed exactly as by
 * MEMLAB_IOC_ALLOC and MEMLAB_IOC_FREE (same checks, limits, accounting
 * and events); only the system call and the copies are shared. Ids move
 * through a kernel buffer a chunk at a time, and a chunk whose ids cannot
 * be written out is freed again, so no object is left that its creator
 * was not told about.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "memlab_core.h"

#define MEMLAB_BATCH_CHUNK	256

/* Free the @n objects of a chunk whose ids did not reach the caller. */
static void memlab_batch_undo(struct memlab_file *mf, const u32 *ids,
			      unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		memlab_remove(mf, ids[i], false);
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
	struct memlab_alloc one;
	unsigned int i, n;
	u32 done = 0;
	long err = 0;
	u32 *ids;

	if (req->pad || !req->count)
		return -EINVAL;
	if (req->count > MEMLAB_BATCH_MAX)
		return -E2BIG;
	if (!access_ok(uids, (size_t)req->count * sizeof(*uids)))
		return -EFAULT;
	ids = kmalloc_array(MEMLAB_BATCH_CHUNK, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;

	while (done < req->count && !err) {
		n = min_t(u32, MEMLAB_BATCH_CHUNK, req->count - done);
		for (i = 0; i < n; i++) {
			one = (struct memlab_alloc) {
				.kind = req->kind,
				.flags = req->flags,
				.gfp = req->gfp,
				.order = req->order,
				.size = req->size,
				.cache_id = req->cache_id,
				.dma_dir = req->dma_dir,
			};
			err = memlab_alloc_one(mf, &one);
			if (err)
				break;
			ids[i] = one.id;
		}
		if (i && copy_to_user(uids + done, ids, i * sizeof(*ids))) {
			memlab_batch_undo(mf, ids, i);
			err = -EFAULT;
			break;
		}
		done += i;
		if (!err && done < req->count && fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
	}
	kfree(ids);
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
	unsigned int i, n;
	u32 done = 0;
	long err = 0;
	u32 *ids;

	if (req->flags || !req->count)
		return -EINVAL;
	if (req->count > MEMLAB_BATCH_MAX)
		return -E2BIG;
	ids = kmalloc_array(MEMLAB_BATCH_CHUNK, sizeof(*ids), GFP_KERNEL);
	if (!ids)
		return -ENOMEM;

	while (done < req->count && !err) {
		n = min_t(u32, MEMLAB_BATCH_CHUNK, req->count - done);
		if (copy_from_user(ids, uids + done, n * sizeof(*ids))) {
			err = -EFAULT;
			break;
		}
		for (i = 0; i < n && !err; i++) {
			err = memlab_remove(mf, ids[i], false);
			if (!err)
				done++;
		}
		if (!err && done < req->count && fatal_signal_pending(current))
			err = -EINTR;
		cond_resched();
	}
	kfree(ids);
	return done ? done : err;
}

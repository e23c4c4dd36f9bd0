// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl dispatch. Commands are matched on type, number and direction; the
 * size in the command number may be that of any version of the struct
 * from the first on (copy_struct_from_user(): older is refused, newer must
 * have a zero tail), so the ABI can grow without new command numbers.
 */
#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "memlab_core.h"

union memlab_ioc_arg {
	struct memlab_info info;
	struct memlab_alloc alloc;
	struct memlab_cache_create cache;
	struct memlab_id id;
	struct memlab_rw rw;
	struct memlab_fill fill;
	struct memlab_sync sync;
	struct memlab_mmap_offset mmap;
	struct memlab_obj_info obj;
	struct memlab_list list;
	struct memlab_bench bench;
	struct memlab_batch batch;
	struct memlab_ids ids;
};

/**
 * struct memlab_ioc - one command
 * @cmd: the command as the uapi header defines it
 * @handler: runs on a kernel copy of the argument
 * @new_id: offset of an output id: if copying the result out fails, the
 *          new object is freed so that nothing is left without a handle
 */
struct memlab_ioc {
	unsigned int cmd;
	long (*handler)(struct memlab_file *mf, union memlab_ioc_arg *arg);
	int new_id;
};

static long memlab_ioc_info(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	struct memlab_info *info = &a->info;

	info->version = MEMLAB_VERSION;
	info->features = MEMLAB_FEAT_KMALLOC | MEMLAB_FEAT_CACHE |
			 MEMLAB_FEAT_PAGES | MEMLAB_FEAT_VMALLOC |
			 MEMLAB_FEAT_DMA_COHERENT | MEMLAB_FEAT_DMA_STREAMING |
			 MEMLAB_FEAT_MMAP;
	if (MEMLAB_HAVE_NO_MERGE)
		info->features |= MEMLAB_FEAT_NATIVE_NO_MERGE;
	info->page_size = PAGE_SIZE;
	info->max_order = min_t(u32, READ_ONCE(memlab_max_order),
				MEMLAB_KMAX_ORDER);
	info->max_bytes = READ_ONCE(memlab_max_bytes);
	info->max_objects = READ_ONCE(memlab_max_objects);
	info->uid_max_bytes = READ_ONCE(memlab_uid_max_bytes);
	info->max_caches = READ_ONCE(memlab_max_caches);
	info->dma_mask_bits = memlab_dma_mask_bits;
	info->kmalloc_max = KMALLOC_MAX_SIZE;
	info->dma_max = PAGE_SIZE << MEMLAB_KMAX_ORDER;
	memlab_get_counters(info);
	return 0;
}

/* Size and charge of a new object, or -errno for a request out of range. */
int memlab_alloc_geometry(struct memlab_alloc *req, u64 *charge)
{
	u64 max;

	switch (req->kind) {
	case MEMLAB_KIND_PAGES:
		if (req->size)
			return -EINVAL;
		if (req->order > MEMLAB_KMAX_ORDER)
			return -EINVAL;
		if (req->order > READ_ONCE(memlab_max_order))
			return -E2BIG;
		*charge = PAGE_SIZE << req->order;
		return 0;
	case MEMLAB_KIND_CACHE_OBJ:
		/* size and order follow from the cache; charge set on attach */
		return req->size || req->order ? -EINVAL : 0;
	case MEMLAB_KIND_KMALLOC:
	case MEMLAB_KIND_DMA_STREAMING:
		max = KMALLOC_MAX_SIZE;
		break;
	case MEMLAB_KIND_DMA_COHERENT:
		max = PAGE_SIZE << MEMLAB_KMAX_ORDER;
		break;
	case MEMLAB_KIND_VMALLOC:
		max = U64_MAX - PAGE_SIZE;	/* max_bytes bounds it */
		break;
	default:
		return -EINVAL;
	}
	if (req->order || !req->size || req->size > max)
		return -EINVAL;
	*charge = req->size;
	if (req->kind == MEMLAB_KIND_VMALLOC ||
	    req->kind == MEMLAB_KIND_DMA_COHERENT)
		*charge = PAGE_ALIGN(req->size);
	return 0;
}

/* A pages request above max_order, counted and announced as a limit hit. */
static int memlab_refuse_order(u32 order)
{
	struct memlab_obj *obj;
	int ret;

	obj = memlab_obj_new(MEMLAB_KIND_PAGES, PAGE_SIZE << order, 0, 0);
	if (!obj)
		return -E2BIG;
	obj->order = order;
	ret = memlab_refuse(obj, MEMLAB_LIMIT_ORDER, -E2BIG);
	memlab_obj_discard(obj);
	return ret;
}

/**
 * memlab_alloc_check - the checks of a MEMLAB_IOC_ALLOC request
 * @req: the request (ALLOC_BATCH's fields in &struct memlab_alloc)
 * @plan: filled with what the checks found
 *
 * Done once for all the objects of a request.
 */
int memlab_alloc_check(struct memlab_alloc *req, struct memlab_alloc_plan *plan)
{
	int ret;

	if (req->flags & ~MEMLAB_F_PERSISTENT || req->id || req->pad)
		return -EINVAL;
	if (req->kind == MEMLAB_KIND_CACHE)
		return -EINVAL;
	plan->ops = memlab_kind_ops(req->kind);
	if (!plan->ops)
		return -EINVAL;
	if ((req->kind != MEMLAB_KIND_CACHE_OBJ && req->cache_id) ||
	    (req->kind != MEMLAB_KIND_DMA_STREAMING && req->dma_dir) ||
	    req->dma_dir > DMA_FROM_DEVICE)
		return -EINVAL;
	plan->charge = 0;
	ret = memlab_alloc_geometry(req, &plan->charge);
	if (ret == -E2BIG)
		return memlab_refuse_order(req->order);
	if (ret)
		return ret;
	return memlab_gfp(req->gfp, plan->ops, &plan->gfp);
}

/* One object as MEMLAB_IOC_ALLOC asks for it; req->id is set on success. */
int memlab_alloc_one(struct memlab_file *mf, struct memlab_alloc *req)
{
	struct memlab_alloc_plan plan;
	struct memlab_obj *obj;
	int ret;

	ret = memlab_alloc_check(req, &plan);
	if (ret)
		return ret;
	if (!memlab_alloc_objs(mf, req, &plan, &obj, NULL, &req->id, 1, &ret))
		return ret;
	return 0;
}

static long memlab_ioc_alloc(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	return memlab_alloc_one(mf, &a->alloc);
}

static long memlab_ioc_free(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	if (a->id.flags)
		return -EINVAL;
	return memlab_remove(mf, a->id.id, false);
}

static long memlab_ioc_cache_create(struct memlab_file *mf,
				    union memlab_ioc_arg *a)
{
	return memlab_cache_create(mf, &a->cache);
}

static long memlab_ioc_cache_destroy(struct memlab_file *mf,
				     union memlab_ioc_arg *a)
{
	if (a->id.flags)
		return -EINVAL;
	return memlab_remove(mf, a->id.id, true);
}

static long memlab_ioc_persist(struct memlab_file *mf,
			       union memlab_ioc_arg *a)
{
	if (a->id.flags)
		return -EINVAL;
	return memlab_persist(mf, a->id.id);
}

static long memlab_ioc_rw(struct memlab_file *mf, struct memlab_rw *rw,
			  bool write)
{
	struct memlab_obj *obj;
	long ret;

	if (rw->flags)
		return -EINVAL;
	obj = memlab_get(mf, rw->id, MEMLAB_MODIFY);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (write)
		ret = memlab_write(obj, rw->offset, rw->length,
				   u64_to_user_ptr(rw->buf));
	else
		ret = memlab_read(obj, rw->offset, rw->length,
				  u64_to_user_ptr(rw->buf));
	memlab_put(obj);
	return ret;
}

static long memlab_ioc_read(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	return memlab_ioc_rw(mf, &a->rw, false);
}

static long memlab_ioc_write(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	return memlab_ioc_rw(mf, &a->rw, true);
}

static long memlab_ioc_fill_common(struct memlab_file *mf,
				   struct memlab_fill *f, bool verify)
{
	struct memlab_obj *obj;
	long ret;

	if (f->nr_bad || f->first_bad)
		return -EINVAL;
	obj = memlab_get(mf, f->id, MEMLAB_MODIFY);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = memlab_fill(obj, f->offset, f->length, f->pattern, verify,
			  &f->nr_bad, &f->first_bad);
	memlab_put(obj);
	return ret;
}

static long memlab_ioc_fill(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	return memlab_ioc_fill_common(mf, &a->fill, false);
}

static long memlab_ioc_verify(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	return memlab_ioc_fill_common(mf, &a->fill, true);
}

static long memlab_ioc_sync(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	struct memlab_obj *obj;
	long ret;

	obj = memlab_get(mf, a->sync.id, MEMLAB_MODIFY);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ret = memlab_dma_sync(obj, a->sync.op, a->sync.offset,
			      a->sync.length);
	memlab_put(obj);
	return ret;
}

static long memlab_ioc_mmap_offset(struct memlab_file *mf,
				   union memlab_ioc_arg *a)
{
	struct memlab_obj *obj;
	long ret = 0;

	if (a->mmap.pad || a->mmap.offset)
		return -EINVAL;
	obj = memlab_get(mf, a->mmap.id, MEMLAB_MODIFY);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	if (memlab_mappable(obj))
		a->mmap.offset = (u64)obj->ext->mmap_pgoff << PAGE_SHIFT;
	else
		ret = -ENODEV;
	memlab_put(obj);
	return ret;
}

static long memlab_ioc_obj_info(struct memlab_file *mf,
				union memlab_ioc_arg *a)
{
	struct memlab_obj_info *info = &a->obj;
	struct memlab_obj *obj;

	if (memchr_inv((u8 *)info + sizeof(info->id), 0,
		       sizeof(*info) - sizeof(info->id)))
		return -EINVAL;
	obj = memlab_get(mf, info->id, 0);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	memlab_fill_info(obj, info, capable(CAP_SYS_ADMIN));
	memlab_put(obj);
	return 0;
}

/* Up to this many entries per call are gathered under memlab.objs' lock. */
#define MEMLAB_LIST_BATCH	64

static long memlab_ioc_list(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	struct memlab_list *l = &a->list;
	struct memlab_obj *batch[MEMLAB_LIST_BATCH];
	void __user *uentry = u64_to_user_ptr(l->entries);
	unsigned long index = l->start_id;
	struct memlab_obj_info info;
	size_t esize = min_t(size_t, l->entry_size, sizeof(info));
	unsigned int n, i;
	struct memlab_obj *obj;
	bool admin = capable(CAP_SYS_ADMIN);
	u32 last_id = 0;
	long ret = 0;

	if (l->flags || l->count || l->next_id)
		return -EINVAL;
	if (l->entry_size < sizeof(info) || l->entry_size > PAGE_SIZE)
		return -EINVAL;

	while (l->count < l->capacity) {
		n = 0;
		xa_lock(&memlab.objs);
		xa_for_each_start(&memlab.objs, index, obj, index) {
			if (!memlab_may_see(mf, obj))
				continue;
			if (n == MEMLAB_LIST_BATCH ||
			    l->count + n == l->capacity)
				break;
			kref_get(&obj->ref);
			batch[n++] = obj;
		}
		xa_unlock(&memlab.objs);
		if (!n) {
			index = 0;
			break;
		}
		for (i = 0; i < n; i++) {
			memlab_fill_info(batch[i], &info, admin);
			if (!ret && (copy_to_user(uentry, &info, esize) ||
				     clear_user(uentry + esize,
						l->entry_size - esize)))
				ret = -EFAULT;
			uentry += l->entry_size;
			/* the put may free it: an object freed meanwhile */
			last_id = batch[i]->id;
			memlab_put(batch[i]);
		}
		if (ret)
			return ret;
		l->count += n;
		index = last_id + 1ULL;
		if (!index || index > U32_MAX) {
			index = 0;
			break;
		}
	}
	l->next_id = index;
	return 0;
}

static long memlab_ioc_bench(struct memlab_file *mf, union memlab_ioc_arg *a)
{
	return memlab_bench(mf, &a->bench);
}

static long memlab_ioc_alloc_batch(struct memlab_file *mf,
				   union memlab_ioc_arg *a)
{
	return memlab_alloc_batch(mf, &a->batch);
}

static long memlab_ioc_free_batch(struct memlab_file *mf,
				  union memlab_ioc_arg *a)
{
	return memlab_free_batch(mf, &a->ids);
}

static const struct memlab_ioc memlab_iocs[] = {
	{ MEMLAB_IOC_INFO, memlab_ioc_info, -1 },
	{ MEMLAB_IOC_ALLOC, memlab_ioc_alloc,
	  offsetof(struct memlab_alloc, id) },
	{ MEMLAB_IOC_FREE, memlab_ioc_free, -1 },
	{ MEMLAB_IOC_CACHE_CREATE, memlab_ioc_cache_create,
	  offsetof(struct memlab_cache_create, id) },
	{ MEMLAB_IOC_CACHE_DESTROY, memlab_ioc_cache_destroy, -1 },
	{ MEMLAB_IOC_READ, memlab_ioc_read, -1 },
	{ MEMLAB_IOC_WRITE, memlab_ioc_write, -1 },
	{ MEMLAB_IOC_FILL, memlab_ioc_fill, -1 },
	{ MEMLAB_IOC_VERIFY, memlab_ioc_verify, -1 },
	{ MEMLAB_IOC_SYNC, memlab_ioc_sync, -1 },
	{ MEMLAB_IOC_MMAP_OFFSET, memlab_ioc_mmap_offset, -1 },
	{ MEMLAB_IOC_OBJ_INFO, memlab_ioc_obj_info, -1 },
	{ MEMLAB_IOC_LIST, memlab_ioc_list, -1 },
	{ MEMLAB_IOC_PERSIST, memlab_ioc_persist, -1 },
	{ MEMLAB_IOC_BENCH, memlab_ioc_bench, -1 },
	{ MEMLAB_IOC_ALLOC_BATCH, memlab_ioc_alloc_batch, -1 },
	{ MEMLAB_IOC_FREE_BATCH, memlab_ioc_free_batch, -1 },
};

/* A new object whose id could not reach the caller is freed again. */
static void memlab_undo_new(struct memlab_file *mf,
			    const struct memlab_ioc *ioc,
			    union memlab_ioc_arg *arg)
{
	u32 id;

	memcpy(&id, (u8 *)arg + ioc->new_id, sizeof(id));
	memlab_remove(mf, id, ioc->cmd == MEMLAB_IOC_CACHE_CREATE);
}

long memlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct memlab_file *mf = file->private_data;
	void __user *uarg = (void __user *)arg;
	const struct memlab_ioc *ioc;
	union memlab_ioc_arg karg;
	unsigned int nr = _IOC_NR(cmd);
	size_t usize = _IOC_SIZE(cmd), ksize;
	long ret;

	if (_IOC_TYPE(cmd) != MEMLAB_IOC_MAGIC || nr >= ARRAY_SIZE(memlab_iocs))
		return -ENOTTY;
	ioc = &memlab_iocs[nr];
	if (_IOC_DIR(cmd) != _IOC_DIR(ioc->cmd))
		return -ENOTTY;
	ksize = _IOC_SIZE(ioc->cmd);
	if (usize < ksize)
		return -EINVAL;

	memset(&karg, 0, sizeof(karg));
	if (_IOC_DIR(cmd) & _IOC_WRITE) {
		ret = copy_struct_from_user(&karg, ksize, uarg, usize);
		if (ret)
			return ret;
	}
	ret = ioc->handler(mf, &karg);
	if (ret < 0 || !(_IOC_DIR(cmd) & _IOC_READ))
		return ret;
	if (copy_to_user(uarg, &karg, ksize) ||
	    clear_user(uarg + ksize, usize - ksize)) {
		if (ioc->new_id >= 0)
			memlab_undo_new(mf, ioc, &karg);
		return -EFAULT;
	}
	return ret;
}

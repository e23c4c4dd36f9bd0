// SPDX-License-Identifier: GPL-2.0
/*
 * The batch ioctls and the in-kernel benchmark: MEMLAB_IOC_ALLOC_BATCH
 * (requests drawn as for ALLOC, @count objects; the ids go to the pools
 * like ALLOC's), MEMLAB_IOC_FREE_BATCH (pooled, freed, duplicate and made
 * up ids in one array) and MEMLAB_IOC_BENCH (small runs only: one or two
 * threads, a few iterations, and requests the uapi refuses). The return
 * value of a batch is checked against what the pools tell: how many ids
 * must, may and cannot succeed, and that no object exists whose id was
 * not reported.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine.h"

#define FZ_COMMON	FZ_B(ENOMEM)
#define FZ_BATCH_IDS	64		/* ids a valid batch has at most */
#define FZ_SENTINEL	0xfeedf00dU	/* ids array before the call */

#define ULL(x)		((unsigned long long)(x))

/* Where the ids array of a batch goes. */
enum fz_idsmode {
	FZ_IDS_OK,
	FZ_IDS_NULL,
	FZ_IDS_STRADDLE,	/* runs into the guard page after t->data */
	FZ_IDS_RO,		/* the read-only page */
	FZ_IDS_KERNEL,
};

static const char *const fz_idsname[] = {
	[FZ_IDS_OK] = "", [FZ_IDS_NULL] = " [ids NULL]",
	[FZ_IDS_STRADDLE] = " [ids straddling an unmapped page]",
	[FZ_IDS_RO] = " [ids read-only]", [FZ_IDS_KERNEL] = " [ids kernel]",
};

/*
 * An ids array for @count ids holding @init (NULL: the sentinel); @out:
 * the kernel writes it. Returns the user address; *@mode says which.
 */
static __u32 *fz_ids_place(struct fz_thread *t, unsigned int count,
			   const __u32 *init, bool out, enum fz_idsmode *mode)
{
	size_t len, i, room;
	unsigned int r = fz_below(t, 100);
	__u32 *p = (__u32 *)t->data;

	/* a refused count: the array is not looked at, fill a few */
	len = (size_t)(count < FZ_BATCH_IDS ? count : FZ_BATCH_IDS) *
	      sizeof(__u32);
	*mode = FZ_IDS_OK;
	if (r >= 92 && count && count <= FZ_BATCH_IDS)
		*mode = FZ_IDS_NULL + fz_below(t, 4);
	/* read-only makes no fault where nothing is written */
	if (*mode == FZ_IDS_RO && !out)
		*mode = FZ_IDS_OK;
	switch (*mode) {
	case FZ_IDS_NULL:
		return NULL;
	case FZ_IDS_KERNEL:
		return (__u32 *)(uintptr_t)0xffff888000000000ULL;
	case FZ_IDS_STRADDLE:
		/* 0..count-1 whole ids fit before the guard page */
		room = fz_below(t, count) * sizeof(__u32);
		p = (__u32 *)(t->data_end - room);
		break;
	case FZ_IDS_RO:
		p = (__u32 *)t->ro;
		break;
	default:
		break;
	}
	if (*mode == FZ_IDS_STRADDLE) {
		len = t->data_end - (unsigned char *)p;
	} else if (*mode == FZ_IDS_RO) {
		for (i = 0; i < len / sizeof(__u32); i++)
			((__u32 *)t->ro_rw)[i] = FZ_SENTINEL;
		return p;
	}
	for (i = 0; i < len / sizeof(__u32); i++)
		p[i] = init ? init[i] : FZ_SENTINEL;
	return p;
}

/* The count of a batch: mostly 1..8, some larger, some refused. */
static __u32 fz_batch_count(struct fz_thread *t, struct fz_exp *e)
{
	unsigned int r = fz_below(t, 100);

	if (r < 84)
		return 1 + fz_below(t, 8);
	if (r < 93)
		return 9 + fz_below(t, FZ_BATCH_IDS - 8);
	if (r < 96) {
		fz_violate(e, FZ_B(EINVAL));
		return 0;
	}
	fz_violate(e, FZ_B(E2BIG));
	return fz_chance(t, 50) ? MEMLAB_BATCH_MAX + 1 + fz_below(t, 4) :
	       UINT32_MAX - fz_below(t, 4);
}

/*
 * Objects made by a batch must be visible through @fd as what was asked;
 * @id (not reported) must not be one of this file's objects. Only for
 * the own file: its file-scoped objects are this thread's alone.
 */
static void fz_batch_sample(struct fz_thread *t, const struct fz_agen *g,
			    const __u32 *ids, unsigned int n, __u32 id)
{
	const struct memlab_alloc *a = &g->a;
	struct memlab_obj_info oi;
	unsigned int i;

	if (g->fd != t->fd || a->flags & MEMLAB_F_PERSISTENT)
		return;
	for (i = 0; i < n && i < 2; i++) {
		__u32 k = ids[fz_below(t, n)];

		if (!fz_obj_info(g->fd, k, &oi))
			fz_finding(t, "ALLOC_BATCH: reported id %u not found", k);
		else if (oi.kind != a->kind ||
			 (a->kind == MEMLAB_KIND_PAGES && oi.order != a->order) ||
			 (a->kind == MEMLAB_KIND_CACHE_OBJ &&
			  oi.cache_id != a->cache_id))
			fz_finding(t, "ALLOC_BATCH: id %u is kind %u order %u cache %u, asked kind %u order %u cache %u",
				   k, oi.kind, oi.order, oi.cache_id, a->kind,
				   a->order, a->cache_id);
	}
	if (id && !fz_own_find(t, id) && fz_obj_info(g->fd, id, &oi) &&
	    !(oi.flags & MEMLAB_OBJ_PERSISTENT))
		fz_finding(t, "ALLOC_BATCH: id %u (kind %u size %llu) exists in the own file, never reported",
			   id, oi.kind, ULL(oi.size));
}

/* ------------------------------------------------------------------ */
/* ALLOC_BATCH                                                         */

void fz_op_alloc_batch(struct fz_thread *t)
{
	__u32 ids[FZ_BATCH_IDS], *uids, last = 0, wrote;
	struct memlab_batch b;
	const struct memlab_alloc *a;
	enum fz_idsmode mode;
	struct fz_agen g;
	unsigned int i, j, n, count;
	long rc;

	fz_gen_alloc(t, &g, 8);
	a = &g.a;
	memset(&b, 0, sizeof(b));
	b.kind = a->kind;
	b.flags = a->flags;
	b.gfp = a->gfp;
	b.order = a->order;
	b.size = a->size;
	b.cache_id = a->cache_id;
	b.dma_dir = a->dma_dir;
	count = b.count = fz_batch_count(t, &g.e);
	if (fz_chance(t, 2)) {
		b.pad = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&g.e, FZ_B(EINVAL));
	}
	uids = fz_ids_place(t, count, NULL, true, &mode);
	if (mode != FZ_IDS_OK)
		fz_violate(&g.e, FZ_B(EFAULT));
	b.ids = FZ_PTR(uids);

	rc = fz_ioctl(t, g.fd, MEMLAB_IOC_ALLOC_BATCH, &b, sizeof(b), &g.e);
	fz_check(t, FZ_OP_ALLOC_BATCH, rc, &g.e,
		 "%s fd, kind %u flags %#x gfp %#x order %u size %llu cache_id %u%s%s"
		 " dma_dir %u count %u pad %u%s",
		 g.fd == t->fd ? "own" : "shared", b.kind, b.flags, b.gfp,
		 b.order, ULL(b.size), b.cache_id, g.td[0] ? " = " : "",
		 g.td, b.dma_dir, count, b.pad, fz_idsname[mode]);

	if (rc <= 0) {
		/* ids written before a fault belong to objects freed again */
		if (mode != FZ_IDS_STRADDLE)
			return;
		wrote = (__u32)((t->data_end - (unsigned char *)uids) /
				sizeof(__u32));
		for (i = 0; i < wrote; i++) {
			struct memlab_obj_info oi;

			if (uids[i] == FZ_SENTINEL)
				continue;
			if (rc == -EFAULT && g.fd == t->fd &&
			    !(b.flags & MEMLAB_F_PERSISTENT) &&
			    fz_obj_info(g.fd, uids[i], &oi))
				fz_finding(t, "ALLOC_BATCH = EFAULT: id %u written to the array still exists",
					   uids[i]);
		}
		return;
	}
	/* a success: all of the ids were readable */
	if (mode != FZ_IDS_OK || count > FZ_BATCH_IDS) {
		fz_finding(t, "ALLOC_BATCH count %u%s returned %ld", count,
			   fz_idsname[mode], rc);
		return;
	}
	n = (unsigned int)rc;
	if (n > count) {
		fz_finding(t, "ALLOC_BATCH count %u returned %u", count, n);
		n = count;
	}
	memcpy(ids, uids, count * sizeof(__u32));
	for (i = n; i < count; i++)
		if (ids[i] != FZ_SENTINEL) {
			fz_finding(t, "ALLOC_BATCH returned %u of %u but wrote ids[%u] = %u",
				   n, count, i, ids[i]);
			break;
		}
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (ids[j] == ids[i])
				fz_finding(t, "ALLOC_BATCH: id %u reported twice (ids[%u], ids[%u])",
					   ids[i], j, i);
		if (ids[i] > last && ids[i] != FZ_SENTINEL)
			last = ids[i];
	}
	fz_batch_sample(t, &g, ids, n, last ? last + 1 : 0);
	for (i = 0; i < n; i++)
		fz_keep_new(t, &g, ids[i], "ALLOC_BATCH");
}

/* ------------------------------------------------------------------ */
/* FREE_BATCH                                                          */

/* What freeing one id of the array does, as far as the pools know. */
enum fz_fb {
	FZ_FB_OK,		/* must be freed */
	FZ_FB_MAYBE,		/* may be freed, or fail with @bits */
	FZ_FB_FAIL,		/* must fail with @bits */
};

struct fz_fbent {
	enum fz_fb cls;
	uint32_t bits;
	const char *what;
};

static void fz_fb_set(struct fz_fbent *x, enum fz_fb cls, uint32_t bits,
		      const char *what)
{
	x->cls = cls;
	x->bits = bits;
	x->what = what;
}

static bool fz_in_ids(const __u32 *ids, unsigned int n, __u32 id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* An id for position @i of @ids, freed through @fd, and what it does. */
static void fz_fb_gen(struct fz_thread *t, __u32 *ids, unsigned int i, int fd,
		      struct fz_fbent *x)
{
	const uint32_t lookup = FZ_B(ENOENT) | FZ_B(EPERM);
	bool own = fd == t->fd;
	unsigned int r = fz_below(t, 100), k;
	const struct fz_obj *o = NULL;
	struct fz_obj so;
	__u32 id;

	if (r < 58 && t->nr_objs) {
		k = fz_below(t, t->nr_objs);
		for (; !o && k < 2U * t->nr_objs; k++)
			if (!fz_in_ids(ids, i, t->objs[k % t->nr_objs].id))
				o = &t->objs[k % t->nr_objs];
		if (o) {
			ids[i] = o->id;
			if (o->persistent)
				fz_fb_set(x, FZ_FB_MAYBE, lookup, "own persistent");
			else if (own)
				fz_fb_set(x, FZ_FB_OK, 0, "own");
			else
				fz_fb_set(x, FZ_FB_FAIL, FZ_B(ENOENT), "own, other file");
			return;
		}
	}
	if (r < 68 && !t->child) {
		struct fz_run *run = t->run;
		bool got = false;

		pthread_mutex_lock(&run->lock);
		if (run->nr_shared) {
			so = run->shared[fz_below(t, run->nr_shared)];
			got = !fz_in_ids(ids, i, so.id);
		}
		pthread_mutex_unlock(&run->lock);
		if (got) {
			ids[i] = so.id;
			fz_fb_set(x, FZ_FB_MAYBE, lookup, "shared");
			if (so.kind == MEMLAB_KIND_CACHE)
				fz_fb_set(x, FZ_FB_FAIL, FZ_B(EINVAL) | FZ_B(ENOENT),
					  "shared cache");
			return;
		}
	}
	if (r < 74 && t->nr_caches) {
		o = &t->caches[fz_below(t, t->nr_caches)];
		if (!fz_in_ids(ids, i, o->id)) {
			ids[i] = o->id;
			fz_fb_set(x, FZ_FB_FAIL, FZ_B(EINVAL) |
				  (own && !o->persistent ? 0 : FZ_B(ENOENT)),
				  "own cache");
			return;
		}
	}
	if (r < 84 && t->nr_dead) {
		o = &t->dead[fz_below(t, t->nr_dead)];
		ids[i] = o->id;
		fz_count(t, FZ_CHK_DEAD);
		fz_fb_set(x, FZ_FB_FAIL, FZ_B(ENOENT) | (o->kind ? 0 : FZ_B(EINVAL)), "dead");
		return;
	}
	if (r < 92 && i) {
		ids[i] = ids[fz_below(t, i)];
		fz_fb_set(x, FZ_FB_FAIL, FZ_B(ENOENT), "duplicate");
		return;
	}
	switch (fz_below(t, 4)) {
	case 0:
		id = 0;
		break;
	case 1:
		id = UINT32_MAX - fz_below(t, 2);
		break;
	case 2:
		id = (__u32)fz_rnd(t);
		break;
	default:
		id = 1 + fz_below(t, (t->nr_objs ? t->objs[0].id : 1) + 64);
		break;
	}
	ids[i] = id;
	if (fz_in_ids(ids, i, id))
		fz_fb_set(x, FZ_FB_FAIL, FZ_B(ENOENT), "duplicate");
	else if (!id)
		fz_fb_set(x, FZ_FB_FAIL, FZ_B(ENOENT) | FZ_B(EINVAL), "garbage");
	else
		fz_fb_set(x, FZ_FB_MAYBE, lookup | FZ_B(EINVAL), "garbage");
}

void fz_op_free_batch(struct fz_thread *t)
{
	struct fz_fbent x[FZ_BATCH_IDS];
	__u32 ids[FZ_BATCH_IDS] = { 0 }, *uids;
	unsigned int count, i, min_n, max_n, n;
	struct memlab_obj_info oi;
	struct memlab_ids b;
	enum fz_idsmode mode;
	char desc[200];
	size_t len = 0;
	struct fz_exp e;
	int fd;
	long rc;

	fd = !t->child && fz_chance(t, 15) ? t->run->shared_fd : t->fd;
	memset(&b, 0, sizeof(b));
	fz_exp_init(&e, FZ_COMMON);
	count = b.count = fz_batch_count(t, &e);
	if (fz_chance(t, 3)) {
		b.flags = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&e, FZ_B(EINVAL));
	}
	n = count <= FZ_BATCH_IDS ? count : 0;
	desc[0] = '\0';
	for (i = 0; i < n; i++) {
		fz_fb_gen(t, ids, i, fd, &x[i]);
		if (i < 8 && len < sizeof(desc))
			len += snprintf(desc + len, sizeof(desc) - len, " %u(%s)",
					ids[i], x[i].what);
	}
	for (min_n = 0; min_n < n && x[min_n].cls == FZ_FB_OK; min_n++)
		;
	for (max_n = 0; max_n < n && x[max_n].cls != FZ_FB_FAIL; max_n++)
		;
	if (n && x[0].cls == FZ_FB_MAYBE)
		fz_allow(&e, x[0].bits);
	else if (n && x[0].cls == FZ_FB_FAIL)
		fz_violate(&e, x[0].bits);
	uids = fz_ids_place(t, n, ids, false, &mode);
	if (mode != FZ_IDS_OK && n)
		fz_violate(&e, FZ_B(EFAULT));
	b.ids = FZ_PTR(uids);

	rc = fz_ioctl(t, fd, MEMLAB_IOC_FREE_BATCH, &b, sizeof(b), &e);
	fz_check(t, FZ_OP_FREE_BATCH, rc, &e,
		 "%s fd, count %u flags %#x, ids%s%s; must free %u, may %u",
		 fd == t->fd ? "own" : "shared", count, b.flags, desc,
		 fz_idsname[mode], min_n, max_n);
	if (rc <= 0)
		return;
	if (!n || mode != FZ_IDS_OK || rc > n) {
		fz_finding(t, "FREE_BATCH count %u%s returned %ld", count,
			   fz_idsname[mode], rc);
		return;
	}
	if ((unsigned long)rc < min_n || (unsigned long)rc > max_n ||
	    ((unsigned long)rc < n && x[rc].cls == FZ_FB_OK))
		fz_finding(t, "FREE_BATCH(%s fd, count %u, ids%s) freed %ld: must free %u, may %u",
			   fd == t->fd ? "own" : "shared", count, desc, rc,
			   min_n, max_n);
	for (i = 0; i < (unsigned int)rc; i++)
		fz_forget(t, ids[i], false);
	/* freed ones are gone; what followed the stop is untouched */
	if (fz_chance(t, 50)) {
		i = fz_below(t, rc);
		if (x[i].cls == FZ_FB_OK && fz_obj_info(fd, ids[i], &oi))
			fz_finding(t, "FREE_BATCH freed %ld, but ids[%u] = %u still exists",
				   rc, i, ids[i]);
	}
	for (i = rc + 1; i < n; i++)
		if (x[i].cls == FZ_FB_OK && !fz_in_ids(ids, rc, ids[i]) &&
		    !fz_obj_info(fd, ids[i], &oi)) {
			fz_finding(t, "FREE_BATCH stopped after %ld at ids[%ld] = %u, but ids[%u] = %u is gone too",
				   rc, rc, ids[rc], i, ids[i]);
			break;
		}
}

/* ------------------------------------------------------------------ */
/* BENCH                                                               */

static bool fz_lat_ok(const struct memlab_bench_lat *l)
{
	return l->min_ns <= l->p50_ns && l->p50_ns <= l->p99_ns &&
	       l->p99_ns <= l->max_ns && l->min_ns <= l->mean_ns &&
	       l->mean_ns <= l->max_ns;
}

/* A run's outputs must add up (only its own requests: nothing stops them). */
static void fz_bench_judge(struct fz_thread *t, const struct memlab_bench *b)
{
	__u64 want = (__u64)b->threads * b->iterations;
	const char *bad = NULL;

	if (b->done + b->failures != want)
		bad = "done + failures is not threads * iterations";
	else if (!b->nr_cpus || b->nr_cpus > b->threads)
		bad = "nr_cpus";
	else if (b->pad2)
		bad = "pad2 not 0";
	else if (b->done && (!fz_lat_ok(&b->alloc) || !fz_lat_ok(&b->free)))
		bad = "latencies out of order";
	else if (b->done && !b->elapsed_ns)
		bad = "elapsed_ns 0";
	if (bad)
		fz_finding(t, "BENCH kind %u pattern %u threads %u iterations %u: done %llu failures %llu nr_cpus %u elapsed %llu alloc %llu/%llu/%llu/%llu mean %llu: %s",
			   b->kind, b->pattern, b->threads, b->iterations,
			   ULL(b->done), ULL(b->failures), b->nr_cpus,
			   ULL(b->elapsed_ns), ULL(b->alloc.min_ns),
			   ULL(b->alloc.p50_ns), ULL(b->alloc.p99_ns),
			   ULL(b->alloc.max_ns), ULL(b->alloc.mean_ns), bad);
}

/*
 * One small run (1-2 threads, up to 64 allocations of at most 64 KiB
 * each), or a request the uapi refuses with one field out of bounds (the
 * rest small, so that a wrong success stays cheap).
 */
void fz_op_bench(struct fz_thread *t)
{
	static const __u32 kinds[] = {
		MEMLAB_KIND_KMALLOC, MEMLAB_KIND_CACHE_OBJ, MEMLAB_KIND_PAGES,
		MEMLAB_KIND_VMALLOC, MEMLAB_KIND_DMA_COHERENT,
	};
	const struct memlab_info *in = &t->run->info;
	struct fz_target ct;
	struct memlab_bench b;
	char td[128] = "";
	struct fz_exp e;
	int fd = t->fd;
	long rc;

	memset(&b, 0, sizeof(b));
	memset(&ct, 0, sizeof(ct));
	fz_exp_init(&e, FZ_COMMON | FZ_B(ENOSPC) | FZ_B(EDQUOT));
	b.kind = kinds[fz_below(t, FZ_ARRAY_SIZE(kinds))];
	b.pattern = fz_chance(t, 50) ? MEMLAB_BENCH_PAIRS : MEMLAB_BENCH_BULK;
	b.gfp = fz_gen_gfp(t, b.kind, &e);
	b.threads = fz_chance(t, 85) ? 1 : 2;
	b.iterations = 1 + fz_below(t, fz_chance(t, 70) ? 16 : 64);
	switch (b.kind) {
	case MEMLAB_KIND_PAGES:
		b.order = fz_below(t, 3);
		if (b.order > in->max_order)
			b.order = 0;
		break;
	case MEMLAB_KIND_CACHE_OBJ:
		fz_pick(t, &ct, FZ_WANT_CACHE, 0);
		b.cache_id = ct.id;
		fd = ct.fd;
		fz_exp_target(&e, &ct, true);
		if (ct.known && ct.obj.kind != MEMLAB_KIND_CACHE)
			fz_violate(&e, FZ_B(EINVAL));
		fz_tdesc(&ct, td, sizeof(td));
		/*
		 * ZERO on a CTOR cache: refused like ALLOC's (finding 5 in
		 * docs/fuzzing.md, fixed); --avoid ctor-zero leaves it out.
		 */
		if (!(b.gfp & MEMLAB_GFP_ZERO))
			break;
		if (t->run->opts.avoid & FZ_AVOID_CTOR_ZERO)
			b.gfp &= ~MEMLAB_GFP_ZERO;
		else if (!ct.known || ct.obj.kind != MEMLAB_KIND_CACHE)
			fz_allow(&e, FZ_B(EINVAL));
		else if (ct.obj.gfp & MEMLAB_SLAB_CTOR)
			fz_violate(&e, FZ_B(EINVAL));
		break;
	default:
		b.size = 1 + fz_small(t, 64 << 10);
		break;
	}
	switch (fz_chance(t, 30) ? fz_below(t, 12) : 12) {
	case 12:
		break;		/* a valid request */
	case 0:
		b.flags = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&e, FZ_B(EINVAL));
		break;
	case 1:
		b.kind = fz_chance(t, 50) ? MEMLAB_KIND_DMA_STREAMING :
			 fz_chance(t, 50) ? MEMLAB_KIND_CACHE :
			 MEMLAB_KIND_NR + fz_below(t, UINT32_MAX - MEMLAB_KIND_NR);
		fz_violate(&e, FZ_B(EINVAL));
		break;
	case 2:
		b.pattern = fz_chance(t, 50) ? 0 : 3 + fz_below(t, UINT32_MAX - 3);
		fz_violate(&e, FZ_B(EINVAL));
		break;
	case 3:
		if (fz_chance(t, 50))
			b.threads = 0;
		else
			b.iterations = 0;
		fz_violate(&e, FZ_B(EINVAL));
		break;
	case 4:
		b.threads = MEMLAB_BENCH_MAX_THREADS + 1 +
			    fz_below(t, fz_chance(t, 50) ? 4 : UINT32_MAX - 64);
		b.iterations = 1;
		fz_violate(&e, FZ_B(E2BIG));
		break;
	case 5:
		b.threads = 1;
		b.iterations = MEMLAB_BENCH_MAX_ITERATIONS + 1 +
			       fz_below(t, 1U << 20);
		fz_violate(&e, FZ_B(E2BIG));
		break;
	case 6:
		/* each bound kept, the product past MAX_SAMPLES */
		b.threads = 2 + fz_below(t, MEMLAB_BENCH_MAX_THREADS - 1);
		b.iterations = MEMLAB_BENCH_MAX_SAMPLES / b.threads + 1 +
			       fz_below(t, 64);
		fz_violate(&e, FZ_B(E2BIG));
		break;
	case 7:
		if (b.kind == MEMLAB_KIND_PAGES) {
			b.order = in->max_order + 1 + fz_below(t, 4);
			fz_violate(&e, FZ_B(E2BIG) | FZ_B(EINVAL));
		} else if (b.kind != MEMLAB_KIND_CACHE_OBJ) {
			b.size = fz_chance(t, 50) ? 0 : UINT64_MAX - fz_below(t, 8);
			fz_violate(&e, FZ_B(EINVAL) |
				   (b.kind == MEMLAB_KIND_VMALLOC ? FZ_B(ENOSPC) : 0));
		}
		break;
	case 8:
		if (b.kind != MEMLAB_KIND_CACHE_OBJ) {
			b.cache_id = 1 + fz_below(t, UINT32_MAX);
			fz_violate(&e, FZ_B(EINVAL));
		}
		break;
	case 9:
		/* an output field set on input */
		((__u64 *)&b.alloc)[fz_below(t, 10)] = 1 + fz_below(t, 1000);
		fz_violate(&e, FZ_B(EINVAL));
		break;
	case 10:
		b.nr_cpus = 1;
		fz_violate(&e, FZ_B(EINVAL));
		break;
	default:
		if (b.kind == MEMLAB_KIND_PAGES) {
			b.size = 1 + fz_below(t, 4096);
			fz_violate(&e, FZ_B(EINVAL));
		} else if (b.kind != MEMLAB_KIND_CACHE_OBJ) {
			b.order = 1 + fz_below(t, 3);
			fz_violate(&e, FZ_B(EINVAL));
		}
		break;
	}

	rc = fz_ioctl(t, fd, MEMLAB_IOC_BENCH, &b, sizeof(b), &e);
	fz_check(t, FZ_OP_BENCH, rc, &e,
		 "%s fd, kind %u pattern %u gfp %#x order %u size %llu cache_id %u%s%s threads %u iterations %u flags %#x",
		 fd == t->fd ? "own" : "shared", b.kind, b.pattern, b.gfp,
		 b.order, ULL(b.size), b.cache_id, td[0] ? " = " : "", td,
		 b.threads, b.iterations, b.flags);
	if (!rc && t->arg_back && e.ok)
		fz_bench_judge(t, &b);
}

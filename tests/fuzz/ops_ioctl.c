// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/memlab: every MEMLAB_IOC_* with valid and invalid
 * arguments (the rules are the uapi header's and docs/driver.md's), unknown
 * command numbers, and an audit of what LIST shows against what this
 * thread knows it owns. fz_ioctl() adds the size-encoding and bad-pointer
 * variants to all of them.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"

/* Errnos any memlab ioctl may meet (the uapi's "common to every ioctl"). */
#define FZ_COMMON	FZ_B(ENOMEM)
#define FZ_GFP_BASE	(MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC | \
			 MEMLAB_GFP_NOWAIT)

#define ULL(x)		((unsigned long long)(x))

static bool fz_kind_ok(__u32 kind)
{
	return kind && kind < MEMLAB_KIND_NR && kind != MEMLAB_KIND_CACHE;
}

bool fz_obj_info(int fd, __u32 id, struct memlab_obj_info *oi)
{
	memset(oi, 0, sizeof(*oi));
	oi->id = id;
	return !fz_ioctl_plain(fd, MEMLAB_IOC_OBJ_INFO, oi);
}

/*
 * FREE (or CACHE_DESTROY) an object the pools do not keep (a full pool,
 * the final cleanup); @must: nobody else can have freed it.
 */
void fz_free_now(struct fz_thread *t, int fd, const struct fz_obj *o,
		 bool must)
{
	bool cache = o->kind == MEMLAB_KIND_CACHE;
	struct memlab_id arg = { .id = o->id };
	struct fz_exp e;
	enum fz_op op;
	long rc;

	fz_exp_init(&e, FZ_COMMON);
	if (!must)
		fz_allow(&e, FZ_B(ENOENT) | FZ_B(EPERM) |
			 (cache ? FZ_B(EBUSY) : 0));
	rc = fz_ioctl_plain(fd, cache ? MEMLAB_IOC_CACHE_DESTROY :
			    MEMLAB_IOC_FREE, &arg);
	op = t->cleanup ? FZ_OP_CLEANUP :
	     cache ? FZ_OP_CACHE_DESTROY : FZ_OP_FREE;
	fz_check(t, op, rc, &e, "%s of %s id %u%s", cache ? "CACHE_DESTROY" :
		 "FREE", fz_kindname(o->kind), o->id,
		 o->persistent ? " (persistent)" : "");
	if (!rc && !t->cleanup)
		fz_forget(t, o->id, false);
}

/* ------------------------------------------------------------------ */
/* ALLOC                                                               */

static __u32 fz_gen_kind(struct fz_thread *t)
{
	static const __u32 kinds[] = {
		MEMLAB_KIND_KMALLOC, MEMLAB_KIND_KMALLOC,
		MEMLAB_KIND_CACHE_OBJ, MEMLAB_KIND_CACHE_OBJ,
		MEMLAB_KIND_PAGES, MEMLAB_KIND_PAGES, MEMLAB_KIND_VMALLOC,
		MEMLAB_KIND_DMA_COHERENT, MEMLAB_KIND_DMA_STREAMING,
	};

	if (fz_chance(t, 94))
		return kinds[fz_below(t, FZ_ARRAY_SIZE(kinds))];
	switch (fz_below(t, 4)) {
	case 0:
		return 0;
	case 1:
		return MEMLAB_KIND_CACHE;
	case 2:
		return MEMLAB_KIND_NR + fz_below(t, 8);
	default:
		return (__u32)fz_rnd(t);
	}
}

/* MEMLAB_F_*: mostly none, sometimes PERSISTENT, rarely unknown bits. */
static __u32 fz_gen_flags(struct fz_thread *t, struct fz_exp *e)
{
	unsigned int r = fz_below(t, 100);

	if (r < 86)
		return 0;
	if (r < 97)
		return t->child ? 0 : MEMLAB_F_PERSISTENT;
	fz_violate(e, FZ_B(EINVAL));
	return (__u32)fz_rnd(t) | 1U << (1 + fz_below(t, 31));
}

/* The uapi's GFP rules for @kind. */
static void fz_judge_gfp(__u32 kind, __u32 g, struct fz_exp *e)
{
	if (!fz_kind_ok(kind))
		return;
	if ((g & ~fz_gfp_ok(kind)) ||
	    __builtin_popcount(g & FZ_GFP_BASE) > 1 ||
	    ((g & MEMLAB_GFP_DMA) && (g & MEMLAB_GFP_DMA32)) ||
	    ((g & MEMLAB_GFP_HIGHMEM) &&
	     (g & (MEMLAB_GFP_DMA | MEMLAB_GFP_DMA32))))
		fz_violate(e, FZ_B(EINVAL));
	else if ((g & MEMLAB_GFP_NORETRY) && (g & MEMLAB_GFP_RETRY_MAYFAIL))
		fz_allow(e, FZ_B(EINVAL));	/* contradictory: uapi silent */
}

__u32 fz_gen_gfp(struct fz_thread *t, __u32 kind, struct fz_exp *e)
{
	static const __u32 base[] = {
		0, MEMLAB_GFP_KERNEL, MEMLAB_GFP_ATOMIC, MEMLAB_GFP_NOWAIT,
	};
	__u32 ok = fz_gfp_ok(kind), g;

	if (fz_chance(t, 94)) {
		g = (__u32)(fz_rnd(t) & fz_rnd(t)) & ok & ~FZ_GFP_BASE;
		g |= base[fz_below(t, 4)] & ok;
		if ((g & MEMLAB_GFP_DMA) && (g & MEMLAB_GFP_DMA32))
			g &= ~(fz_chance(t, 50) ? MEMLAB_GFP_DMA :
			       MEMLAB_GFP_DMA32);
		if ((g & MEMLAB_GFP_NORETRY) &&
		    (g & MEMLAB_GFP_RETRY_MAYFAIL) && fz_chance(t, 80))
			g &= ~MEMLAB_GFP_RETRY_MAYFAIL;
	} else {
		switch (fz_below(t, 4)) {
		case 0:
			g = (__u32)fz_rnd(t);
			break;
		case 1:
			g = MEMLAB_GFP_ALL;
			break;
		case 2:
			g = 1U << fz_below(t, 32);
			break;
		default:
			g = MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC |
			    ((__u32)fz_rnd(t) & ok);
			break;
		}
	}
	if ((t->run->opts.avoid & FZ_AVOID_HIGHMEM_DMA) &&
	    (g & MEMLAB_GFP_HIGHMEM))
		g &= ~(MEMLAB_GFP_DMA | MEMLAB_GFP_DMA32);
	/* a failed allocation must not put "page allocation failure" in the log */
	if (ok & MEMLAB_GFP_NOWARN)
		g |= MEMLAB_GFP_NOWARN;
	fz_judge_gfp(kind, g, e);
	return g;
}

/* order and size for @a->kind; @room: bytes the pool may still take. */
static void fz_gen_geometry(struct fz_thread *t, struct memlab_alloc *a,
			    __u64 room, struct fz_exp *e)
{
	const struct memlab_info *in = &t->run->info;
	__u64 page = t->run->page, max, cap;
	unsigned int r = fz_below(t, 100), o;

	cap = room < FZ_BIG ? room : FZ_BIG;
	if (cap < 4096)
		cap = 4096;
	switch (a->kind) {
	case MEMLAB_KIND_PAGES:
		if (r < 92) {
			o = fz_below(t, 4);
			if (o > in->max_order)
				o = in->max_order;
			if ((page << o) > room)
				o = 0;
			a->order = o;
		} else if (r < 95 && (page << in->max_order) <= room) {
			a->order = in->max_order;
		} else {
			a->order = in->max_order + 1 +
				   fz_below(t, fz_chance(t, 50) ? 4 : 1U << 30);
			fz_violate(e, FZ_B(E2BIG) | FZ_B(EINVAL));
		}
		if (fz_chance(t, 2)) {
			a->size = 1 + fz_small(t, FZ_BIG);
			fz_violate(e, FZ_B(EINVAL));
		}
		return;
	case MEMLAB_KIND_CACHE_OBJ:
		if (fz_chance(t, 2)) {
			a->size = 1 + fz_small(t, FZ_BIG);
			fz_violate(e, FZ_B(EINVAL));
		}
		if (fz_chance(t, 2) &&
		    !(t->run->opts.avoid & FZ_AVOID_CACHEOBJ_ORDER)) {
			a->order = 1 + fz_below(t, 11);
			fz_violate(e, FZ_B(EINVAL));
		}
		return;
	case MEMLAB_KIND_KMALLOC:
	case MEMLAB_KIND_DMA_STREAMING:
		max = in->kmalloc_max;
		break;
	case MEMLAB_KIND_DMA_COHERENT:
		max = in->dma_max;
		break;
	case MEMLAB_KIND_VMALLOC:
		max = in->max_bytes;
		break;
	default:
		a->size = fz_rnd(t) >> fz_below(t, 64);
		a->order = fz_chance(t, 80) ? 0 : fz_below(t, 16);
		return;
	}
	if (r < 93) {
		a->size = 1 + fz_small(t, cap - 1);
	} else if (r < 94 && max <= room) {
		a->size = max;
	} else if (r < 96) {
		a->size = 0;
		fz_violate(e, FZ_B(EINVAL));
	} else {
		a->size = fz_chance(t, 70) ? max + 1 + fz_small(t, 1ULL << 40) :
			  UINT64_MAX - fz_below(t, 8192);
		/* vmalloc is bounded by max_bytes, a limit: ENOSPC */
		fz_violate(e, FZ_B(EINVAL) | (a->kind == MEMLAB_KIND_VMALLOC ?
					      FZ_B(ENOSPC) : 0));
	}
	if (fz_chance(t, 2)) {
		a->order = 1 + fz_below(t, 11);
		fz_violate(e, FZ_B(EINVAL));
	}
}

/* A fresh object with GFP_ZERO (or vmalloc, always zeroed) reads zeros. */
static void fz_zero_check(struct fz_thread *t, int fd, const struct fz_obj *o)
{
	__u64 len = o->size < 512 ? o->size : 512, i;
	struct memlab_rw rw = { .id = o->id };
	long rc;

	if (!(o->gfp & MEMLAB_GFP_ZERO) && o->kind != MEMLAB_KIND_VMALLOC)
		return;
	if (!len || !fz_chance(t, 30))
		return;
	rw.length = len;
	rw.buf = FZ_PTR(t->data);
	memset(t->data, 0xa5, len);
	fz_count(t, FZ_CHK_ZERO);
	rc = fz_ioctl_plain(fd, MEMLAB_IOC_READ, &rw);
	if (rc) {
		fz_finding(t, "READ of new %s id %u: %s", fz_kindname(o->kind),
			   o->id, fz_errname(-rc));
		return;
	}
	for (i = 0; i < len; i++)
		if (t->data[i]) {
			fz_finding(t, "new %s id %u gfp %#x: byte %llu is %#x, not zero",
				   fz_kindname(o->kind), o->id, o->gfp, ULL(i),
				   t->data[i]);
			return;
		}
}

/*
 * Everything of an ALLOC request but @id and @pad (also ALLOC_BATCH's
 * fields); @count objects share the pool's room.
 */
void fz_gen_alloc(struct fz_thread *t, struct fz_agen *g, unsigned int count)
{
	struct fz_run *run = t->run;
	struct memlab_alloc *a = &g->a;
	struct fz_target *ct = &g->ct;
	struct fz_exp *e = &g->e;
	__u64 held, room;

	memset(g, 0, sizeof(*g));
	g->shared = !t->child && fz_chance(t, 20);
	fz_exp_init(e, FZ_COMMON | FZ_B(ENOSPC) | FZ_B(EDQUOT));
	a->kind = fz_gen_kind(t);
	if (!fz_kind_ok(a->kind))
		fz_violate(e, FZ_B(EINVAL));
	if (a->kind == MEMLAB_KIND_CACHE_OBJ) {
		/* the cache decides the file: its own */
		fz_pick(t, ct, FZ_WANT_CACHE, 0);
		a->cache_id = ct->id;
		g->fd = ct->fd;
		g->shared = g->fd == run->shared_fd;
		fz_exp_target(e, ct, true);
		if (ct->known && ct->obj.kind != MEMLAB_KIND_CACHE)
			fz_violate(e, FZ_B(EINVAL));
		else if (ct->known)
			g->cache = &ct->obj;
		fz_tdesc(ct, g->td, sizeof(g->td));
	} else {
		g->fd = g->shared ? run->shared_fd : t->fd;
		if (fz_chance(t, 2)) {
			a->cache_id = 1 + fz_below(t, UINT32_MAX);
			fz_violate(e, FZ_B(EINVAL));
		}
	}
	held = g->shared ? run->shared_held : t->held;
	room = held < FZ_BUDGET ? FZ_BUDGET - held : 0;
	a->flags = fz_gen_flags(t, e);
	a->gfp = fz_gen_gfp(t, a->kind, e);
	/* zeroing would undo a constructor: refused */
	if (a->kind == MEMLAB_KIND_CACHE_OBJ && (a->gfp & MEMLAB_GFP_ZERO)) {
		if (run->opts.avoid & FZ_AVOID_CTOR_ZERO)
			a->gfp &= ~MEMLAB_GFP_ZERO;
		else if (g->cache && (g->cache->gfp & MEMLAB_SLAB_CTOR))
			fz_violate(e, FZ_B(EINVAL));
		else if (!g->cache)
			fz_allow(e, FZ_B(EINVAL));
	}
	fz_gen_geometry(t, a, room / (count ? count : 1), e);
	if (a->kind == MEMLAB_KIND_DMA_STREAMING) {
		a->dma_dir = fz_chance(t, 94) ? fz_below(t, 3) :
			     3 + fz_below(t, UINT32_MAX - 3);
		if (a->dma_dir > 2)
			fz_violate(e, FZ_B(EINVAL));
	} else if (fz_chance(t, 2)) {
		a->dma_dir = 1 + fz_below(t, 3);
		fz_violate(e, FZ_B(EINVAL));
	}
	/* a persistent cache object needs a persistent cache */
	if (a->flags == MEMLAB_F_PERSISTENT &&
	    a->kind == MEMLAB_KIND_CACHE_OBJ) {
		if (ct->vis == FZ_SURE && !ct->obj.persistent)
			fz_violate(e, FZ_B(EINVAL));
		else
			fz_allow(e, FZ_B(EINVAL));
	}
}

/*
 * Keep the new object @id that @g made (ALLOC, ALLOC_BATCH) in its pool,
 * or free it again when the pool is full.
 */
void fz_keep_new(struct fz_thread *t, const struct fz_agen *g, __u32 id,
		 const char *op)
{
	const struct memlab_alloc *a = &g->a;
	struct fz_obj o;

	memset(&o, 0, sizeof(o));
	o.id = id;
	o.kind = a->kind;
	o.gfp = a->gfp;
	o.order = a->order;
	o.cache_id = a->cache_id;
	o.persistent = a->flags & MEMLAB_F_PERSISTENT;
	if (a->kind == MEMLAB_KIND_PAGES)
		o.size = (__u64)t->run->page << a->order;
	else if (a->kind == MEMLAB_KIND_CACHE_OBJ)
		o.size = g->cache ? g->cache->size : 0;
	else
		o.size = a->size;
	if (!o.id || fz_known_id(t, o.id))
		fz_finding(t, "%s returned id %u, %s", op, o.id,
			   o.id ? "an id already in use or freed" : "not an id");
	if (!o.size) {
		struct memlab_obj_info oi;

		if (fz_obj_info(g->fd, o.id, &oi))
			o.size = oi.size;
	}
	if (!g->shared && !o.persistent)
		fz_zero_check(t, g->fd, &o);
	if (fz_add_obj(t, &o, g->shared))
		fz_free_now(t, g->fd, &o, !g->shared && !o.persistent);
}

void fz_op_alloc(struct fz_thread *t)
{
	struct fz_agen g;
	struct memlab_alloc *a = &g.a;
	long rc;

	fz_gen_alloc(t, &g, 1);
	if (fz_chance(t, 1)) {
		a->id = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&g.e, FZ_B(EINVAL));
	}
	if (fz_chance(t, 1)) {
		a->pad = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&g.e, FZ_B(EINVAL));
	}

	rc = fz_ioctl(t, g.fd, MEMLAB_IOC_ALLOC, a, sizeof(*a), &g.e);
	fz_check(t, FZ_OP_ALLOC, rc, &g.e,
		 "%s fd, kind %u flags %#x gfp %#x order %u size %llu cache_id %u%s%s"
		 " dma_dir %u id %u pad %u",
		 g.fd == t->fd ? "own" : "shared", a->kind, a->flags, a->gfp,
		 a->order, ULL(a->size), a->cache_id, g.td[0] ? " = " : "",
		 g.td, a->dma_dir, a->id, a->pad);
	/* a wrong success is reported; its object is kept all the same */
	if (rc || !t->arg_back)
		return;
	fz_keep_new(t, &g, a->id, "ALLOC");
}

/* ------------------------------------------------------------------ */
/* FREE, CACHE_DESTROY, PERSIST                                        */

static void fz_id_op(struct fz_thread *t, enum fz_op op, unsigned int cmd,
		     unsigned int what)
{
	struct memlab_id arg = { 0 };
	struct fz_target tg;
	struct fz_exp e;
	char td[128];
	long rc;

	fz_pick(t, &tg, what, 0);
	fz_exp_init(&e, FZ_COMMON);
	fz_exp_target(&e, &tg, true);
	arg.id = tg.id;
	if (fz_chance(t, 4)) {
		arg.flags = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&e, FZ_B(EINVAL));
	}
	if (op == FZ_OP_FREE && tg.known && tg.obj.kind == MEMLAB_KIND_CACHE)
		fz_violate(&e, FZ_B(EINVAL));	/* caches: CACHE_DESTROY */
	if (op == FZ_OP_CACHE_DESTROY) {
		if (tg.known && tg.obj.kind != MEMLAB_KIND_CACHE)
			fz_violate(&e, FZ_B(EINVAL));
		else if (tg.vis == FZ_SURE && fz_cache_users(t, tg.id))
			fz_violate(&e, FZ_B(EBUSY));
		else if (tg.vis != FZ_SURE)
			fz_allow(&e, FZ_B(EBUSY));
	}
	if (op == FZ_OP_PERSIST && tg.known &&
	    tg.obj.kind == MEMLAB_KIND_CACHE_OBJ) {
		/* only when its cache is persistent too */
		struct fz_obj *c = fz_own_find(t, tg.obj.cache_id);

		if (c && !c->persistent && tg.vis == FZ_SURE && !tg.obj.persistent)
			fz_violate(&e, FZ_B(EINVAL));
		else if (!c || !c->persistent)
			fz_allow(&e, FZ_B(EINVAL));
	}
	rc = fz_ioctl(t, tg.fd, cmd, &arg, sizeof(arg), &e);
	fz_check(t, op, rc, &e, "%s, flags %#x",
		 fz_tdesc(&tg, td, sizeof(td)), arg.flags);
	/* even a wrong success did it: keep the pools true */
	if (rc)
		return;
	if (op == FZ_OP_PERSIST)
		fz_set_persistent(t, tg.id);
	else
		fz_forget(t, tg.id, false);
}

void fz_op_free(struct fz_thread *t)
{
	fz_id_op(t, FZ_OP_FREE, MEMLAB_IOC_FREE,
		 fz_chance(t, 6) ? FZ_WANT_CACHE : FZ_WANT_OBJ);
}

void fz_op_cache_destroy(struct fz_thread *t)
{
	fz_id_op(t, FZ_OP_CACHE_DESTROY, MEMLAB_IOC_CACHE_DESTROY,
		 fz_chance(t, 8) ? FZ_WANT_OBJ : FZ_WANT_CACHE);
}

void fz_op_persist(struct fz_thread *t)
{
	fz_id_op(t, FZ_OP_PERSIST, MEMLAB_IOC_PERSIST,
		 fz_chance(t, 15) ? FZ_WANT_CACHE : FZ_WANT_OBJ);
}

/* ------------------------------------------------------------------ */
/* CACHE_CREATE                                                        */

/* Names /sys/kernel/slab has on every kernel memlab runs on. */
static const char *const fz_kernel_caches[] = {
	"dentry", "filp", "kmalloc-64",
};

static void fz_gen_name(struct fz_thread *t, char *name, struct fz_exp *e)
{
	static const char bad[] = { ' ', '/', '\t', '\n', 0x7f, 0x01, '\xe9' };
	unsigned int r = fz_below(t, 100);
	const struct fz_obj *d;
	int i;

	if (r >= 76 && r < 83 && t->nr_names) {
		d = &t->names[fz_below(t, t->nr_names)];
		if (d->name[0]) {
			/*
			 * Destroyed: the name is free again, but not at once
			 * for an RCU cache, nor while a fork child of another
			 * thread keeps a closed file open.
			 */
			memcpy(name, d->name, MEMLAB_NAME_LEN);
			if (d->closed ||
			    (d->gfp & MEMLAB_SLAB_TYPESAFE_BY_RCU))
				fz_allow(e, FZ_B(EEXIST));
			return;
		}
	}
	if (r >= 83 && r < 87) {
		for (i = 0; i < t->nr_caches; i++)
			if (fz_own_exclusive(&t->caches[i])) {
				memcpy(name, t->caches[i].name,
				       MEMLAB_NAME_LEN);
				fz_violate(e, FZ_B(EEXIST));
				return;
			}
	}
	if (r >= 83 && r < 90) {
		snprintf(name, MEMLAB_NAME_LEN, "%s",
			 fz_kernel_caches[fz_below(t, FZ_ARRAY_SIZE(fz_kernel_caches))]);
		fz_violate(e, FZ_B(EEXIST));
		return;
	}
	if (r < 90) {
		snprintf(name, MEMLAB_NAME_LEN, "fz%06x_%c%u_%lu",
			 (unsigned int)(t->run->opts.seed & 0xffffff),
			 t->child ? 'c' : 't',
			 t->child ? (unsigned int)getpid() : t->idx,
			 t->name_seq++);
		return;
	}
	fz_violate(e, FZ_B(EINVAL));
	switch (fz_below(t, 3)) {
	case 0:		/* empty */
		break;
	case 1:		/* no NUL in the field */
		memset(name, 'a' + fz_below(t, 26), MEMLAB_NAME_LEN);
		break;
	default:	/* a character the uapi refuses */
		snprintf(name, MEMLAB_NAME_LEN, "fzbad%lu", t->name_seq++);
		name[fz_below(t, strlen(name) + 1)] =
			bad[fz_below(t, sizeof(bad))];
		break;
	}
}

void fz_op_cache_create(struct fz_thread *t)
{
	struct fz_run *run = t->run;
	bool shared = !t->child && fz_chance(t, 25);
	int fd = shared ? run->shared_fd : t->fd;
	struct memlab_cache_create c;
	unsigned int r, i;
	struct fz_exp e;
	struct fz_obj o;
	char name[MEMLAB_NAME_LEN + 1];
	long rc;

	memset(&c, 0, sizeof(c));
	fz_exp_init(&e, FZ_COMMON | FZ_B(ENOSPC) | FZ_B(EDQUOT));
	fz_gen_name(t, c.name, &e);
	r = fz_below(t, 100);
	if (r < 80) {
		c.object_size = 1 + fz_small(t, 4095);
	} else if (r < 91) {
		c.object_size = 4097 + fz_below(t, 60000);
	} else if (r < 92) {
		/* the largest a cache may have, and one past it */
		c.object_size = run->info.kmalloc_max / 2;
		if (fz_chance(t, 50)) {
			c.object_size = run->info.kmalloc_max / 2 + 1 +
					fz_small(t, run->info.kmalloc_max / 2 - 1);
			fz_violate(&e, FZ_B(EINVAL));
		}
	} else if (r < 96) {
		fz_violate(&e, FZ_B(EINVAL));
	} else {
		c.object_size = fz_chance(t, 50) ? UINT32_MAX :
				run->info.kmalloc_max + 1 + fz_small(t, 1 << 20);
		fz_violate(&e, FZ_B(EINVAL));
	}
	r = fz_below(t, 100);
	if (r < 50) {
		c.align = 0;
	} else if (r < 88) {
		c.align = 1U << fz_below(t, __builtin_ctzl(run->page) + 1);
	} else if (r < 94) {
		c.align = 3 + 2 * fz_below(t, 1000);
		fz_violate(&e, FZ_B(EINVAL));
	} else {
		c.align = run->page << (1 + fz_below(t, 8));
		fz_violate(&e, FZ_B(EINVAL));
	}
	if (fz_chance(t, 92)) {
		c.slab_flags = (__u32)(fz_rnd(t) & fz_rnd(t)) & MEMLAB_SLAB_ALL;
	} else {
		c.slab_flags = (__u32)fz_rnd(t) | (MEMLAB_SLAB_ALL + 1) <<
			       fz_below(t, 23);
		fz_violate(&e, FZ_B(EINVAL));
	}
	c.flags = fz_gen_flags(t, &e);
	if (fz_chance(t, 5)) {
		/* an output field set on input */
		switch (fz_below(t, 5)) {
		case 0:
			c.id = 1 + fz_below(t, 1000);
			break;
		case 1:
			c.merged = 1;
			break;
		case 2:
			c.slab_size = 1 + fz_below(t, 4096);
			break;
		case 3:
			c.pad = 1;
			break;
		default:
			c.merged_into[fz_below(t, MEMLAB_NAME_LEN)] = 'x';
			break;
		}
		fz_violate(&e, FZ_B(EINVAL));
	}
	memcpy(name, c.name, MEMLAB_NAME_LEN);
	name[MEMLAB_NAME_LEN] = '\0';

	rc = fz_ioctl(t, fd, MEMLAB_IOC_CACHE_CREATE, &c, sizeof(c), &e);
	fz_check(t, FZ_OP_CACHE_CREATE, rc, &e,
		 "%s fd, name \"%s\" object_size %u align %u slab_flags %#x flags %#x"
		 " id %u merged %u slab_size %u pad %u",
		 shared ? "shared" : "own", name, c.object_size, c.align,
		 c.slab_flags, c.flags, c.id, c.merged, c.slab_size, c.pad);
	if (rc || !t->arg_back)
		return;

	if (!c.id || fz_known_id(t, c.id))
		fz_finding(t, "CACHE_CREATE \"%s\" returned id %u, %s", name,
			   c.id, c.id ? "an id already in use or freed" :
			   "not an id");
	if (c.merged > 1 || !memchr(c.merged_into, 0, MEMLAB_NAME_LEN) ||
	    !c.merged_into[0] ||
	    (!c.merged && strcmp(c.merged_into, name)) ||
	    c.slab_size < c.object_size)
		fz_finding(t,
			   "CACHE_CREATE \"%s\" size %u: merged %u into \"%.32s\" slab_size %u",
			   name, c.object_size, c.merged, c.merged_into,
			   c.slab_size);
	/* the name is taken again */
	for (i = 0; i < (unsigned int)t->nr_names; i++)
		if (!strcmp(t->names[i].name, name))
			t->names[i].name[0] = '\0';
	memset(&o, 0, sizeof(o));
	o.id = c.id;
	o.kind = MEMLAB_KIND_CACHE;
	o.size = c.object_size;
	o.gfp = c.slab_flags;
	o.align = c.align;
	o.persistent = c.flags & MEMLAB_F_PERSISTENT;
	memcpy(o.name, name, MEMLAB_NAME_LEN);
	if (fz_add_obj(t, &o, shared))
		fz_free_now(t, fd, &o, !shared && !o.persistent);
}

/* ------------------------------------------------------------------ */
/* READ, WRITE, FILL, VERIFY, SYNC                                     */

/* Offset and length of an access to @tg; @cap bounds a valid length. */
static void fz_gen_range(struct fz_thread *t, const struct fz_target *tg,
			 __u64 cap, __u64 *off, __u64 *len, struct fz_exp *e)
{
	__u64 size = tg->known ? tg->obj.size : 0;
	unsigned int r = fz_below(t, 100);

	if (!size) {
		/* size unknown: short lengths, safe for our buffer */
		*off = fz_small(t, 8192);
		*len = fz_small(t, cap);
		fz_allow(e, FZ_B(EINVAL));
		return;
	}
	if (r < 72) {
		*off = fz_chance(t, 50) ? 0 : fz_below(t, size);
		*len = fz_small(t, size - *off < cap ? size - *off : cap);
	} else if (r < 78) {
		*off = fz_below(t, size + 1);
		*len = 0;
	} else if (r < 88) {
		*off = fz_below(t, size + 1);
		*len = size - *off + 1 + fz_small(t, 4096);
		fz_violate(e, FZ_B(EINVAL));
	} else if (r < 94) {
		*off = size + 1 + fz_small(t, 1 << 20);
		*len = fz_small(t, 16);
		fz_violate(e, FZ_B(EINVAL));
	} else {
		/* offset + length overflows */
		*off = UINT64_MAX - fz_below(t, 4096);
		*len = 4097 + fz_small(t, 1 << 16);
		fz_violate(e, FZ_B(EINVAL));
	}
}

/* The user buffer of READ/WRITE: mostly good, sometimes not. */
static __u64 fz_gen_buf(struct fz_thread *t, __u64 len, bool kernel_writes,
			struct fz_exp *e, const char **what)
{
	__u64 page = t->run->page, k;
	unsigned int r = fz_below(t, 100);

	*what = "";
	if (r < 90 || !len)
		return FZ_PTR(t->data);
	if (r < 93) {
		*what = ", buf NULL";
		fz_violate(e, FZ_B(EFAULT));
		return 0;
	}
	if (r < 95) {
		*what = ", buf unmapped";
		fz_violate(e, FZ_B(EFAULT));
		return FZ_PTR(t->data_end);
	}
	if (r < 97) {
		k = 1 + fz_below(t, len < page ? len : page);
		*what = ", buf straddling an unmapped page";
		if (len > k)
			fz_violate(e, FZ_B(EFAULT));
		return FZ_PTR(t->data_end - k);
	}
	*what = ", buf read-only";
	if (kernel_writes || len > page)
		fz_violate(e, FZ_B(EFAULT));
	return FZ_PTR(t->ro);
}

static void fz_rw(struct fz_thread *t, bool write)
{
	__u64 cap = FZ_DATA_PAGES * t->run->page, n;
	struct memlab_rw rw = { 0 }, rb;
	enum fz_op op = write ? FZ_OP_WRITE : FZ_OP_READ;
	struct fz_target tg;
	const char *bw;
	struct fz_exp e;
	char td[128];
	long rc;

	fz_pick(t, &tg, FZ_WANT_OBJ | (write ? 0 : FZ_PICK_RO), 0);
	fz_exp_init(&e, FZ_COMMON);
	fz_exp_target(&e, &tg, true);
	if (tg.known && tg.obj.kind == MEMLAB_KIND_CACHE)
		fz_violate(&e, FZ_B(EINVAL));
	rw.id = tg.id;
	if (fz_chance(t, 3)) {
		rw.flags = 1 + fz_below(t, UINT32_MAX);
		fz_violate(&e, FZ_B(EINVAL));
	}
	fz_gen_range(t, &tg, cap, &rw.offset, &rw.length, &e);
	rw.buf = fz_gen_buf(t, rw.length, !write, &e, &bw);
	if (write)
		fz_fill_rnd(t, t->data, rw.length < cap ? rw.length : cap);
	rc = fz_ioctl(t, tg.fd, write ? MEMLAB_IOC_WRITE : MEMLAB_IOC_READ, &rw,
		      sizeof(rw), &e);
	fz_check(t, op, rc, &e, "%s, flags %#x offset %llu length %llu%s",
		 fz_tdesc(&tg, td, sizeof(td)), rw.flags, ULL(rw.offset),
		 ULL(rw.length), bw);
	if (!write || rc || !e.ok || tg.vis != FZ_SURE || !rw.length ||
	    rw.buf != FZ_PTR(t->data) || !fz_chance(t, 40))
		return;
	/* what was written reads back */
	fz_count(t, FZ_CHK_READBACK);
	n = rw.length < 4096 ? rw.length : 4096;
	rb = rw;
	rb.length = n;
	rb.buf = FZ_PTR(t->arg);
	rc = fz_ioctl_plain(tg.fd, MEMLAB_IOC_READ, &rb);
	if (rc || memcmp(t->arg, t->data, n))
		fz_finding(t, "WRITE of %llu bytes at %llu to %s, READ back: %s",
			   ULL(n), ULL(rw.offset), td,
			   rc ? fz_errname(-rc) : "different bytes");
}

void fz_op_read(struct fz_thread *t)
{
	fz_rw(t, false);
}

void fz_op_write(struct fz_thread *t)
{
	fz_rw(t, true);
}

/* VERIFY's outputs agree with each other and the range. */
static void fz_verify_sane(struct fz_thread *t, const struct memlab_fill *f)
{
	if (f->nr_bad > f->length ||
	    (f->nr_bad == 0) != (f->first_bad == UINT64_MAX) ||
	    (f->nr_bad && (f->first_bad < f->offset ||
			   f->first_bad - f->offset >= f->length)))
		fz_finding(t, "VERIFY id %u offset %llu length %llu: nr_bad %llu first_bad %llu",
			   f->id, ULL(f->offset), ULL(f->length),
			   ULL(f->nr_bad), ULL(f->first_bad));
}

/* After a FILL: the same pattern verifies, its complement fails everywhere. */
static void fz_refill_check(struct fz_thread *t, int fd,
			    const struct memlab_fill *f)
{
	struct memlab_fill v = *f;
	bool inv = fz_chance(t, 40);
	long rc;

	fz_count(t, FZ_CHK_REFILL);
	v.nr_bad = 0;
	v.first_bad = 0;
	if (inv)
		v.pattern = ~f->pattern;
	rc = fz_ioctl_plain(fd, MEMLAB_IOC_VERIFY, &v);
	if (rc || (!inv && v.nr_bad) ||
	    (inv && (v.nr_bad != f->length || v.first_bad != f->offset)))
		fz_finding(t,
			   "FILL id %u %#x at %llu len %llu, VERIFY %#x: %s bad %llu first %llu",
			   f->id, f->pattern, ULL(f->offset), ULL(f->length),
			   v.pattern, fz_errname(-rc), ULL(v.nr_bad),
			   ULL(v.first_bad));
}

static void fz_fill_op(struct fz_thread *t, bool verify)
{
	enum fz_op op = verify ? FZ_OP_VERIFY : FZ_OP_FILL;
	struct memlab_fill f = { 0 };
	struct fz_target tg;
	struct fz_exp e;
	char td[128];
	long rc;

	fz_pick(t, &tg, FZ_WANT_OBJ | (verify ? FZ_PICK_RO : 0), 0);
	fz_exp_init(&e, FZ_COMMON);
	fz_exp_target(&e, &tg, true);
	if (tg.known && tg.obj.kind == MEMLAB_KIND_CACHE)
		fz_violate(&e, FZ_B(EINVAL));
	f.id = tg.id;
	f.pattern = (__u32)fz_rnd(t);
	fz_gen_range(t, &tg, FZ_BIG, &f.offset, &f.length, &e);
	if (fz_chance(t, 3)) {
		/* outputs must be 0 on input */
		if (fz_chance(t, 50))
			f.nr_bad = 1 + fz_below(t, 100);
		else
			f.first_bad = UINT64_MAX - fz_below(t, 2);
		fz_violate(&e, FZ_B(EINVAL));
	}
	rc = fz_ioctl(t, tg.fd, verify ? MEMLAB_IOC_VERIFY : MEMLAB_IOC_FILL,
		      &f, sizeof(f), &e);
	fz_check(t, op, rc, &e, "%s, pattern %#x offset %llu length %llu",
		 fz_tdesc(&tg, td, sizeof(td)), f.pattern, ULL(f.offset),
		 ULL(f.length));
	if (rc || !e.ok)
		return;
	if (verify)
		fz_verify_sane(t, &f);
	else if (tg.vis == FZ_SURE && f.length && fz_chance(t, 40))
		fz_refill_check(t, tg.fd, &f);
}

void fz_op_fill(struct fz_thread *t)
{
	fz_fill_op(t, false);
}

void fz_op_verify(struct fz_thread *t)
{
	fz_fill_op(t, true);
}

void fz_op_sync(struct fz_thread *t)
{
	struct memlab_sync s = { 0 };
	struct fz_target tg;
	struct fz_exp e;
	char td[128];
	long rc;

	fz_pick(t, &tg, FZ_WANT_OBJ, 1U << MEMLAB_KIND_DMA_STREAMING);
	fz_exp_init(&e, FZ_COMMON);
	fz_exp_target(&e, &tg, true);
	if (tg.known && tg.obj.kind != MEMLAB_KIND_DMA_STREAMING)
		fz_violate(&e, FZ_B(EINVAL));
	s.id = tg.id;
	if (fz_chance(t, 92)) {
		s.op = fz_chance(t, 50) ? MEMLAB_SYNC_FOR_CPU :
		       MEMLAB_SYNC_FOR_DEVICE;
	} else {
		s.op = fz_chance(t, 30) ? 0 : 3 + fz_below(t, UINT32_MAX - 3);
		fz_violate(&e, FZ_B(EINVAL));
	}
	fz_gen_range(t, &tg, UINT64_MAX, &s.offset, &s.length, &e);
	if (!s.length)
		fz_violate(&e, FZ_B(EINVAL));
	rc = fz_ioctl(t, tg.fd, MEMLAB_IOC_SYNC, &s, sizeof(s), &e);
	fz_check(t, FZ_OP_SYNC, rc, &e, "%s, op %u offset %llu length %llu",
		 fz_tdesc(&tg, td, sizeof(td)), s.op, ULL(s.offset),
		 ULL(s.length));
}

/* ------------------------------------------------------------------ */
/* MMAP_OFFSET, OBJ_INFO                                               */

/* MMAP_OFFSET of @tg (checked); the offset, or 0. */
__u64 fz_get_token(struct fz_thread *t, const struct fz_target *tg)
{
	struct memlab_mmap_offset m = { .id = tg->id };
	struct fz_exp e;
	char td[128];
	long rc;

	fz_exp_init(&e, FZ_COMMON);
	fz_exp_target(&e, tg, true);
	if (tg->known && !fz_mappable(tg->obj.kind))
		fz_violate(&e, FZ_B(ENODEV));
	if (fz_chance(t, 3)) {
		if (fz_chance(t, 50))
			m.pad = 1 + fz_below(t, UINT32_MAX);
		else
			m.offset = t->run->page * (1 + fz_below(t, 1000));
		fz_violate(&e, FZ_B(EINVAL));
	}
	rc = fz_ioctl(t, tg->fd, MEMLAB_IOC_MMAP_OFFSET, &m, sizeof(m), &e);
	fz_check(t, FZ_OP_MMAP_OFFSET, rc, &e, "%s, pad %u offset %#llx",
		 fz_tdesc(tg, td, sizeof(td)), m.pad, ULL(m.offset));
	if (rc || !e.ok)
		return 0;
	if (!m.offset || m.offset % t->run->page || m.offset >= 1ULL << 44 ||
	    (tg->known && tg->obj.token && tg->obj.token != m.offset))
		fz_finding(t, "MMAP_OFFSET of %s: %#llx (known %#llx)", td,
			   ULL(m.offset), ULL(tg->obj.token));
	fz_set_token(t, tg->id, m.offset);
	return m.offset;
}

void fz_op_mmap_offset(struct fz_thread *t)
{
	struct fz_target tg;

	fz_pick(t, &tg, FZ_WANT_OBJ | FZ_PICK_RO,
		1U << MEMLAB_KIND_PAGES | 1U << MEMLAB_KIND_VMALLOC |
		1U << MEMLAB_KIND_DMA_COHERENT);
	fz_get_token(t, &tg);
}

/* OBJ_INFO's (or LIST's) view of a target agrees with what we know. */
static void fz_check_info(struct fz_thread *t, const struct fz_target *tg,
			  const struct memlab_obj_info *oi)
{
	const struct fz_obj *o = &tg->obj;
	char td[128];
	const char *bad = NULL;

	if (oi->id != tg->id)
		bad = "id";
	else if (!oi->kind || oi->kind >= MEMLAB_KIND_NR)
		bad = "kind";
	else if (oi->flags & ~(MEMLAB_OBJ_PERSISTENT | MEMLAB_OBJ_MERGED |
			       MEMLAB_OBJ_MAPPABLE))
		bad = "flags";
	else if (!(oi->flags & MEMLAB_OBJ_MAPPABLE) != !fz_mappable(oi->kind))
		bad = "MAPPABLE flag";
	else if (!tg->known || tg->src == FZ_SRC_DEAD)
		return;
	else if (oi->kind != o->kind)
		bad = "kind";
	else if (o->size && oi->size != o->size)
		bad = "size";
	else if (o->kind == MEMLAB_KIND_PAGES && oi->order != o->order)
		bad = "order";
	else if (o->kind == MEMLAB_KIND_CACHE_OBJ &&
		 oi->cache_id != o->cache_id)
		bad = "cache_id";
	else if (o->token && oi->mmap_offset != o->token)
		bad = "mmap_offset";
	else if (oi->gfp != o->gfp)
		bad = "gfp";
	else if (oi->uid != t->run->uid)
		bad = "uid";
	else if (tg->vis == FZ_SURE && (oi->flags & MEMLAB_OBJ_PERSISTENT))
		bad = "PERSISTENT flag (never persisted)";
	else if (o->persistent && !(oi->flags & MEMLAB_OBJ_PERSISTENT))
		bad = "PERSISTENT flag (persisted)";
	else if (o->kind == MEMLAB_KIND_CACHE &&
		 (strncmp(oi->name, o->name, MEMLAB_NAME_LEN) ||
		  oi->align != o->align))
		bad = "name or align";
	if (bad)
		fz_finding(t,
			   "OBJ_INFO of %s: wrong %s (kind %u flags %#x size %llu order %u"
			   " gfp %#x cache_id %u mmap_offset %#llx uid %u name \"%.32s\")",
			   fz_tdesc(tg, td, sizeof(td)), bad, oi->kind,
			   oi->flags, ULL(oi->size), oi->order, oi->gfp,
			   oi->cache_id, ULL(oi->mmap_offset), oi->uid,
			   oi->name);
}

void fz_op_obj_info(struct fz_thread *t)
{
	struct memlab_obj_info oi;
	const char *junk = "";
	struct fz_target tg;
	struct fz_exp e;
	char td[128];
	long rc;

	fz_pick(t, &tg, FZ_WANT_OBJ | FZ_WANT_CACHE | FZ_PICK_RO, 0);
	fz_exp_init(&e, FZ_COMMON);
	fz_exp_target(&e, &tg, false);
	memset(&oi, 0, sizeof(oi));
	oi.id = tg.id;
	if (fz_chance(t, 4)) {
		/* everything but the id is output: must be 0 */
		switch (fz_below(t, 4)) {
		case 0:
			oi.kind = 1 + fz_below(t, 9);
			break;
		case 1:
			oi.size = 1 + fz_below(t, 1 << 20);
			break;
		case 2:
			oi.mmap_offset = t->run->page;
			break;
		default:
			oi.merged_into[fz_below(t, MEMLAB_NAME_LEN)] = 'q';
			break;
		}
		junk = ", an output field set";
		fz_violate(&e, FZ_B(EINVAL));
	}
	rc = fz_ioctl(t, tg.fd, MEMLAB_IOC_OBJ_INFO, &oi, sizeof(oi), &e);
	fz_check(t, FZ_OP_OBJ_INFO, rc, &e, "%s%s",
		 fz_tdesc(&tg, td, sizeof(td)), junk);
	if (!rc && e.ok)
		fz_check_info(t, &tg, &oi);
}

/* ------------------------------------------------------------------ */
/* LIST and the audit                                                  */

/* The entries LIST wrote at @base: in id order, sane, tails cleared. */
static void fz_check_entries(struct fz_thread *t, const struct memlab_list *l,
			     const unsigned char *base)
{
	const size_t isz = sizeof(struct memlab_obj_info);
	struct memlab_obj_info oi;
	const char *bad = NULL;
	__u32 prev = 0, i;
	size_t k;

	if (l->count > l->capacity)
		bad = "count above capacity";
	else if (l->count < l->capacity && l->next_id)
		bad = "next_id set though the list ended";
	for (i = 0; i < l->count && !bad; i++) {
		memcpy(&oi, base + (size_t)i * l->entry_size, isz);
		if (oi.id < l->start_id || (i && oi.id <= prev))
			bad = "ids not increasing from start_id";
		else if (!oi.kind || oi.kind >= MEMLAB_KIND_NR)
			bad = "kind";
		for (k = isz; k < l->entry_size && !bad; k++)
			if (base[(size_t)i * l->entry_size + k])
				bad = "entry tail not cleared";
		prev = oi.id;
	}
	if (!bad && l->count && l->next_id && l->next_id <= prev)
		bad = "next_id not past the last entry";
	if (bad)
		fz_finding(t, "LIST start_id %u capacity %u entry_size %u: count %u next_id %u: %s",
			   l->start_id, l->capacity, l->entry_size, l->count,
			   l->next_id, bad);
}

void fz_op_list(struct fz_thread *t)
{
	__u64 area = FZ_DATA_PAGES * t->run->page;
	unsigned int r = fz_below(t, 100), m;
	struct memlab_list l = { 0 };
	const char *where = "data";
	unsigned char *base;
	struct fz_exp e;
	int fd = t->fd;
	long rc;

	if (fz_chance(t, 25))
		fd = t->child ? t->parent_fd : t->run->shared_fd;
	fz_exp_init(&e, FZ_COMMON);
	if (r < 70) {
		l.entry_size = sizeof(struct memlab_obj_info);
	} else if (r < 85) {
		l.entry_size = sizeof(struct memlab_obj_info) + 1 +
			       fz_below(t, 1024 - sizeof(struct memlab_obj_info));
	} else if (r < 90) {
		l.entry_size = fz_below(t, sizeof(struct memlab_obj_info));
		fz_violate(&e, FZ_B(EINVAL));
	} else if (r < 95) {
		l.entry_size = t->run->page + 1 + fz_below(t, 1 << 20);
		fz_violate(&e, FZ_B(EINVAL));
	} else {
		l.entry_size = t->run->page;
	}
	base = t->data;
	r = fz_below(t, 100);
	if (r < 68 && l.entry_size) {
		l.capacity = 1 + fz_below(t, area / l.entry_size < 64 ?
					  area / l.entry_size : 64);
	} else if (r < 82 && l.entry_size) {
		/* a huge count: the guard page stops the writes */
		m = fz_below(t, 4);
		l.capacity = fz_chance(t, 50) ? UINT32_MAX :
			     (1U << 20) + (__u32)fz_below(t, 1U << 30);
		base = t->data_end - (size_t)m * l.entry_size;
		where = "before an unmapped page";
		fz_allow(&e, FZ_B(EFAULT));
	} else if (r < 87) {
		l.capacity = 0;
	} else {
		l.capacity = 1 + fz_below(t, 8);
		switch (fz_below(t, 3)) {
		case 0:
			base = NULL;
			where = "NULL";
			break;
		case 1:
			base = (unsigned char *)t->ro;
			where = "read-only";
			break;
		default:
			base = t->data_end;
			where = "unmapped";
			break;
		}
		fz_allow(&e, FZ_B(EFAULT));
	}
	l.entries = FZ_PTR(base);
	if (fz_chance(t, 30))
		l.start_id = fz_chance(t, 50) && t->nr_objs ?
			     t->objs[fz_below(t, t->nr_objs)].id :
			     (__u32)fz_rnd(t) >> fz_below(t, 32);
	if (fz_chance(t, 4)) {
		switch (fz_below(t, 3)) {
		case 0:
			l.count = 1 + fz_below(t, 10);
			break;
		case 1:
			l.next_id = 1 + fz_below(t, 10);
			break;
		default:
			l.flags = 1U << fz_below(t, 32);
			break;
		}
		fz_violate(&e, FZ_B(EINVAL));
	}
	rc = fz_ioctl(t, fd, MEMLAB_IOC_LIST, &l, sizeof(l), &e);
	fz_check(t, FZ_OP_LIST, rc, &e,
		 "fd %d, entries %s capacity %u entry_size %u start_id %u count %u"
		 " next_id %u flags %#x",
		 fd, where, l.capacity, l.entry_size, l.start_id, l.count,
		 l.next_id, l.flags);
	if (!rc && e.ok && (base == t->data || l.capacity > 1U << 19))
		fz_check_entries(t, &l, base);
}

/*
 * LIST everything on the own file and hold it against the pools: every
 * object this thread alone owns is there, as it knows it; every
 * file-scoped object on the file is one it made; no freed id is listed.
 */
void fz_op_audit(struct fz_thread *t)
{
	const unsigned int cap = 64;
	struct memlab_obj_info *oi = (struct memlab_obj_info *)t->data;
	bool seen[FZ_MAX_OBJS + FZ_MAX_CACHES] = { false };
	struct memlab_list l;
	unsigned int n = 0, i, rounds = 0;
	struct fz_target tg;
	struct fz_obj *o;
	struct fz_exp e;
	__u32 start = 0, prev = 0;
	long rc = 0;
	int j;

	fz_exp_init(&e, FZ_COMMON);
	do {
		memset(&l, 0, sizeof(l));
		l.entries = FZ_PTR(oi);
		l.capacity = cap;
		l.entry_size = sizeof(*oi);
		l.start_id = start;
		rc = fz_ioctl_plain(t->fd, MEMLAB_IOC_LIST, &l);
		if (rc)
			break;
		for (i = 0; i < l.count; i++, n++) {
			if (n && oi[i].id <= prev)
				fz_finding(t, "audit: LIST gave id %u after %u",
					   oi[i].id, prev);
			prev = oi[i].id;
			for (j = 0; j < t->nr_dead; j++)
				if (t->dead[j].id == oi[i].id)
					fz_finding(t, "audit: id %u (%s) was freed but is listed",
						   oi[i].id,
						   fz_kindname(t->dead[j].kind));
			o = fz_own_find(t, oi[i].id);
			if (!o) {
				if (!(oi[i].flags & MEMLAB_OBJ_PERSISTENT))
					fz_finding(t,
						   "audit: file-scoped %s id %u (%llu B): not ours",
						   fz_kindname(oi[i].kind),
						   oi[i].id, ULL(oi[i].size));
				continue;
			}
			j = o >= t->objs && o < t->objs + FZ_MAX_OBJS ?
			    o - t->objs : FZ_MAX_OBJS + (o - t->caches);
			seen[j] = true;
			memset(&tg, 0, sizeof(tg));
			tg.id = o->id;
			tg.known = true;
			tg.obj = *o;
			tg.fdname = "own";
			tg.vis = fz_own_exclusive(o) ? FZ_SURE : FZ_MAYBE;
			fz_check_info(t, &tg, &oi[i]);
		}
		start = l.next_id;
	} while (start && ++rounds < 1000);
	fz_check(t, FZ_OP_AUDIT, rc, &e, "own fd, %u objects listed", n);
	if (rc)
		return;
	for (j = 0; j < t->nr_objs; j++)
		if (!seen[j] && fz_own_exclusive(&t->objs[j]))
			fz_finding(t, "audit: own %s id %u is not listed",
				   fz_kindname(t->objs[j].kind), t->objs[j].id);
	for (j = 0; j < t->nr_caches; j++)
		if (!seen[FZ_MAX_OBJS + j] && fz_own_exclusive(&t->caches[j]))
			fz_finding(t, "audit: own cache id %u \"%s\" is not listed",
				   t->caches[j].id, t->caches[j].name);
}

/* ------------------------------------------------------------------ */
/* INFO, unknown commands                                              */

void fz_op_info(struct fz_thread *t)
{
	const struct memlab_info *a = &t->run->info;
	struct memlab_info in;
	__u64 objects = 0, bytes = 0;
	struct fz_exp e;
	int fd = t->fd, k;
	long rc;

	if (fz_chance(t, 30))
		fd = t->child ? t->parent_fd : t->run->shared_fd;
	memset(&in, 0, sizeof(in));
	fz_exp_init(&e, FZ_COMMON);
	rc = fz_ioctl(t, fd, MEMLAB_IOC_INFO, &in, sizeof(in), &e);
	fz_check(t, FZ_OP_INFO, rc, &e, "fd %d", fd);
	if (rc || !e.ok)
		return;
	/* one consistent snapshot: the per-kind counters add up */
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		objects += in.kind_objects[k];
		bytes += in.kind_bytes[k];
	}
	if (in.version != MEMLAB_VERSION || in.page_size != t->run->page ||
	    in.max_order != a->max_order || in.kmalloc_max != a->kmalloc_max ||
	    in.kind_objects[0] || in.kind_bytes[0] ||
	    objects != in.nr_objects || bytes != in.nr_bytes ||
	    (in.features & 0x7f) != 0x7f)
		fz_finding(t,
			   "INFO: version %u page %u max_order %u features %#x, %llu objects"
			   " (kinds: %llu), %llu bytes (kinds: %llu)",
			   in.version, in.page_size, in.max_order, in.features,
			   ULL(in.nr_objects), ULL(objects), ULL(in.nr_bytes),
			   ULL(bytes));
}

/* Types whose commands the VFS handles before a driver sees them. */
static bool fz_vfs_type(unsigned int type)
{
	return type == 0 || type == 'T' || type == 'X' || type == 'f' ||
	       type == 0x94 || type == MEMLAB_IOC_MAGIC;
}

void fz_op_bad_ioctl(struct fz_thread *t)
{
	static const unsigned int cmds[] = {
		MEMLAB_IOC_INFO, MEMLAB_IOC_ALLOC, MEMLAB_IOC_FREE,
		MEMLAB_IOC_CACHE_CREATE, MEMLAB_IOC_CACHE_DESTROY,
		MEMLAB_IOC_READ, MEMLAB_IOC_WRITE, MEMLAB_IOC_FILL,
		MEMLAB_IOC_VERIFY, MEMLAB_IOC_SYNC, MEMLAB_IOC_MMAP_OFFSET,
		MEMLAB_IOC_OBJ_INFO, MEMLAB_IOC_LIST, MEMLAB_IOC_PERSIST,
		MEMLAB_IOC_BENCH, MEMLAB_IOC_ALLOC_BATCH, MEMLAB_IOC_FREE_BATCH,
	};
	unsigned int dir, type = MEMLAB_IOC_MAGIC, nr, size, cmd;
	const char *what;
	struct fz_exp e;
	long rc;

	memset(t->arg, 0, 512);
	switch (fz_below(t, 3)) {
	case 0:
		what = "number past the last command";
		nr = FZ_ARRAY_SIZE(cmds) + fz_below(t, 256 -
						    FZ_ARRAY_SIZE(cmds));
		dir = fz_below(t, 4);
		size = fz_below(t, 513);
		break;
	case 1:
		what = "wrong direction";
		cmd = cmds[fz_below(t, FZ_ARRAY_SIZE(cmds))];
		nr = _IOC_NR(cmd);
		dir = (_IOC_DIR(cmd) + 1 + fz_below(t, 3)) % 4;
		size = _IOC_SIZE(cmd);
		break;
	default:
		what = "another type";
		type = fz_below(t, 256);
		if (fz_vfs_type(type))
			type = MEMLAB_IOC_MAGIC + 1;
		nr = fz_below(t, 256);
		dir = fz_below(t, 4);
		size = fz_below(t, 513);
		break;
	}
	cmd = _IOC(dir, type, nr, size);
	fz_exp_init(&e, 0);
	fz_violate(&e, FZ_B(ENOTTY));
	rc = fz_ioctl_plain(fz_chance(t, 80) ? t->fd : t->child ?
			    t->parent_fd : t->run->shared_fd, cmd, t->arg);
	fz_check(t, FZ_OP_BAD_IOCTL, rc, &e, "cmd %#x (%s)", cmd, what);
}

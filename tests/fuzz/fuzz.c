// SPDX-License-Identifier: GPL-2.0
/*
 * memlab-fuzz engine: randomness, expectations and reports, the resource
 * pools, the argument placement of ioctls, the worker threads, and the
 * final cleanup with its leak check.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine.h"

/* ------------------------------------------------------------------ */
/* Randomness: splitmix64, one state per thread                        */

static uint64_t fz_splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The seed of thread @idx: a function of the run's seed and @idx only. */
static uint64_t fz_thread_seed(uint64_t seed, unsigned int idx)
{
	uint64_t s = seed ^ ((idx + 1ULL) * 0xd1b54a32d192ed03ULL);

	return fz_splitmix(&s);
}

uint64_t fz_rnd(struct fz_thread *t)
{
	return fz_splitmix(&t->rng);
}

uint64_t fz_below(struct fz_thread *t, uint64_t n)
{
	return n ? fz_rnd(t) % n : 0;
}

bool fz_chance(struct fz_thread *t, unsigned int percent)
{
	return fz_below(t, 100) < percent;
}

/* A value in [0, @max], mostly small: sizes and lengths. */
uint64_t fz_small(struct fz_thread *t, uint64_t max)
{
	uint64_t lim;

	switch (fz_below(t, 8)) {
	case 0: case 1: case 2: case 3:
		lim = 64;
		break;
	case 4: case 5: case 6:
		lim = 4096;
		break;
	default:
		lim = max;
		break;
	}
	if (lim > max)
		lim = max;
	return fz_below(t, lim + 1);
}

void fz_fill_rnd(struct fz_thread *t, void *buf, size_t len)
{
	unsigned char *p = buf;
	uint64_t v;
	size_t n;

	while (len) {
		v = fz_rnd(t);
		n = len < sizeof(v) ? len : sizeof(v);
		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

static const int fz_ebit_errno[FZ_EB_NR] = {
	[FZ_EB_EPERM] = EPERM,
	[FZ_EB_ENOENT] = ENOENT,
	[FZ_EB_E2BIG] = E2BIG,
	[FZ_EB_EAGAIN] = EAGAIN,
	[FZ_EB_ENOMEM] = ENOMEM,
	[FZ_EB_EACCES] = EACCES,
	[FZ_EB_EFAULT] = EFAULT,
	[FZ_EB_EBUSY] = EBUSY,
	[FZ_EB_EEXIST] = EEXIST,
	[FZ_EB_ENODEV] = ENODEV,
	[FZ_EB_EINVAL] = EINVAL,
	[FZ_EB_ENOTTY] = ENOTTY,
	[FZ_EB_ENOSPC] = ENOSPC,
	[FZ_EB_ERANGE] = ERANGE,
	[FZ_EB_EOPNOTSUPP] = EOPNOTSUPP,
	[FZ_EB_ENOBUFS] = ENOBUFS,
	[FZ_EB_EDQUOT] = EDQUOT,
};

const char *fz_errname(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EINTR, "EINTR" },
		{ EIO, "EIO" }, { ENXIO, "ENXIO" }, { E2BIG, "E2BIG" },
		{ EBADF, "EBADF" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { ENODEV, "ENODEV" }, { EINVAL, "EINVAL" },
		{ ENFILE, "ENFILE" }, { EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" },
		{ ENOSPC, "ENOSPC" }, { ERANGE, "ERANGE" },
		{ EOVERFLOW, "EOVERFLOW" }, { EMSGSIZE, "EMSGSIZE" },
		{ EOPNOTSUPP, "EOPNOTSUPP" }, { ENOBUFS, "ENOBUFS" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EDQUOT, "EDQUOT" },
		{ ECHILD, "ECHILD" }, { ESRCH, "ESRCH" },
	};
	static __thread char buf[24];
	size_t i;

	if (!err)
		return "0";
	for (i = 0; i < FZ_ARRAY_SIZE(names); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(buf, sizeof(buf), "errno %d", err);
	return buf;
}

const char *fz_kindname(__u32 kind)
{
	static const char *const names[MEMLAB_KIND_NR] = {
		[MEMLAB_KIND_KMALLOC] = "kmalloc",
		[MEMLAB_KIND_CACHE] = "cache",
		[MEMLAB_KIND_CACHE_OBJ] = "cache-obj",
		[MEMLAB_KIND_PAGES] = "pages",
		[MEMLAB_KIND_VMALLOC] = "vmalloc",
		[MEMLAB_KIND_DMA_COHERENT] = "dma-coherent",
		[MEMLAB_KIND_DMA_STREAMING] = "dma-streaming",
	};

	return kind && kind < MEMLAB_KIND_NR ? names[kind] : "?";
}

static const char *const fz_opname[FZ_OP_NR] = {
	[FZ_OP_INFO] = "INFO",
	[FZ_OP_ALLOC] = "ALLOC",
	[FZ_OP_FREE] = "FREE",
	[FZ_OP_CACHE_CREATE] = "CACHE_CREATE",
	[FZ_OP_CACHE_DESTROY] = "CACHE_DESTROY",
	[FZ_OP_READ] = "READ",
	[FZ_OP_WRITE] = "WRITE",
	[FZ_OP_FILL] = "FILL",
	[FZ_OP_VERIFY] = "VERIFY",
	[FZ_OP_SYNC] = "SYNC",
	[FZ_OP_MMAP_OFFSET] = "MMAP_OFFSET",
	[FZ_OP_OBJ_INFO] = "OBJ_INFO",
	[FZ_OP_LIST] = "LIST",
	[FZ_OP_PERSIST] = "PERSIST",
	[FZ_OP_ALLOC_BATCH] = "ALLOC_BATCH",
	[FZ_OP_FREE_BATCH] = "FREE_BATCH",
	[FZ_OP_BENCH] = "BENCH",
	[FZ_OP_BAD_IOCTL] = "bad ioctl",
	[FZ_OP_AUDIT] = "audit (LIST all)",
	[FZ_OP_MMAP] = "mmap",
	[FZ_OP_TOUCH] = "touch mapping",
	[FZ_OP_MUNMAP] = "munmap",
	[FZ_OP_MREMAP] = "mremap",
	[FZ_OP_MPROTECT] = "mprotect",
	[FZ_OP_REOPEN] = "close+reopen",
	[FZ_OP_FORK] = "fork",
	[FZ_OP_NL_STATS] = "genl GET_STATS",
	[FZ_OP_NL_OBJECT] = "genl GET_OBJECT",
	[FZ_OP_NL_CACHE] = "genl GET_CACHE",
	[FZ_OP_NL_DUMP] = "genl dump",
	[FZ_OP_NL_BAD] = "genl malformed",
	[FZ_OP_CLEANUP] = "cleanup",
};

/* ------------------------------------------------------------------ */
/* Output: one write(2) per line, safe in threads and fork children    */

void fz_say(int fd, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(fd, buf, n) < 0)
		return;
}

/* "t2 op 1234" or "t2 op 1234 child op 3" */
static void fz_where(struct fz_thread *t, char *buf, size_t len)
{
	if (t->cleanup)
		snprintf(buf, len, "t%u cleanup", t->idx);
	else if (t->child)
		snprintf(buf, len, "t%u op %lu (fork child %d op %u)", t->idx,
			 t->op_idx, (int)getpid(), t->child_op);
	else
		snprintf(buf, len, "t%u op %lu", t->idx, t->op_idx);
}

static void fz_mask_names(uint32_t mask, char *buf, size_t len)
{
	size_t n = 0;
	int b;

	buf[0] = '\0';
	for (b = 0; b < FZ_EB_NR && n < len; b++)
		if (mask & (1U << b))
			n += snprintf(buf + n, len - n, " %s",
				      fz_errname(fz_ebit_errno[b]));
}

static void fz_vfinding(struct fz_thread *t, const char *fmt, va_list ap)
{
	struct fz_run *run = t->run;
	unsigned long n = atomic_fetch_add(&run->st->findings, 1) + 1;
	char where[96], what[640];

	atomic_fetch_add(&run->st->found[t->op], 1);
	if (n > FZ_MAX_PRINTED) {
		if (n == FZ_MAX_PRINTED + 1)
			fz_say(2, "memlab-fuzz: more findings, not printed");
		return;
	}
	vsnprintf(what, sizeof(what), fmt, ap);
	fz_where(t, where, sizeof(where));
	fz_say(2, "memlab-fuzz: FINDING %lu: %s (seed %#" PRIx64
	       ", thread seed %#" PRIx64 "): %s", n, where, run->opts.seed,
	       t->seed, what);
}

void fz_count(struct fz_thread *t, enum fz_chk chk)
{
	atomic_fetch_add(&t->run->st->checks[chk], 1);
}

void fz_finding(struct fz_thread *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fz_vfinding(t, fmt, ap);
	va_end(ap);
}

static bool fz_allowed(uint32_t mask, int err)
{
	int b;

	for (b = 0; b < FZ_EB_NR; b++)
		if ((mask & (1U << b)) && fz_ebit_errno[b] == err)
			return true;
	return false;
}

/*
 * Count the result of one call and judge it against @e; @fmt describes the
 * arguments (formatted only for a finding or --verbose). True on a finding.
 */
bool fz_check(struct fz_thread *t, enum fz_op op, long rc,
	      const struct fz_exp *e, const char *fmt, ...)
{
	struct fz_stats *st = t->run->st;
	int err = rc < 0 ? (int)-rc : 0;
	char args[512], names[160], where[96];
	va_list ap;
	bool bad;

	t->op = op;
	atomic_fetch_add(&st->ops[op], 1);
	if (t->cleanup)
		atomic_fetch_add(&st->cleanup_ops, 1);
	if (!err)
		atomic_fetch_add(&st->ok[op], 1);
	else
		atomic_fetch_add(&st->err[op][err < FZ_ERRNO_MAX ?
					       err : FZ_ERRNO_MAX - 1], 1);
	bad = err ? !fz_allowed(e->allowed, err) : !e->ok;
	if (!bad && !t->run->opts.verbose) {
		t->note[0] = '\0';
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(args, sizeof(args), fmt, ap);
	va_end(ap);
	fz_mask_names(e->allowed, names, sizeof(names));
	if (bad && err)
		fz_finding(t, "%s(%s%s) = %s; allowed:%s%s", fz_opname[op],
			   args, t->note, fz_errname(err),
			   e->ok ? " success" : "", names);
	else if (bad)
		fz_finding(t, "%s(%s%s) succeeded; invalid, expected to fail with%s",
			   fz_opname[op], args, t->note, names);
	if (t->run->opts.verbose) {
		fz_where(t, where, sizeof(where));
		fz_say(1, "%s: %s(%s%s) = %s%s", where, fz_opname[op], args,
		       t->note, fz_errname(err), bad ? "  <-- FINDING" : "");
	}
	t->note[0] = '\0';
	return bad;
}

/* The lookup of @tg's id by an ioctl: see &enum fz_vis. */
void fz_exp_target(struct fz_exp *e, const struct fz_target *tg, bool modify)
{
	switch (tg->vis) {
	case FZ_SURE:
		break;
	case FZ_MAYBE:
		fz_allow(e, FZ_B(ENOENT));
		if (modify)
			fz_allow(e, FZ_B(EPERM));
		if (!tg->known)
			fz_allow(e, FZ_B(EINVAL) | FZ_B(ENODEV) | FZ_B(EBUSY));
		break;
	case FZ_GONE:
		fz_violate(e, FZ_B(ENOENT));
		if (!tg->known)
			fz_allow(e, FZ_B(EINVAL));
		break;
	}
}

/* ------------------------------------------------------------------ */
/* ioctl arguments: placement and size encoding                        */

enum fz_argmode {
	FZ_ARG_OK,
	FZ_ARG_BIGGER,		/* newer struct, zero tail */
	FZ_ARG_DIRTY,		/* newer struct, nonzero tail */
	FZ_ARG_SMALLER,		/* older than the first version */
	FZ_ARG_NULL,
	FZ_ARG_GUARD,		/* an unmapped page */
	FZ_ARG_STRADDLE,	/* runs into an unmapped page */
	FZ_ARG_RO,		/* a read-only page */
	FZ_ARG_KERNEL,		/* a kernel address */
};

/* The ioctl's return value (a count for the batch ioctls), or -errno. */
long fz_ioctl_plain(int fd, unsigned long cmd, void *arg)
{
	int ret = ioctl(fd, cmd, arg);

	return ret < 0 ? -errno : ret;
}

/*
 * ioctl @cmd on a copy of @arg (the @size bytes of its uapi struct): the
 * copy goes where a random variant says and the command encodes the size
 * the variant chose; @e learns what that implies. Afterwards @arg holds
 * what the kernel wrote back, when it could.
 */
long fz_ioctl(struct fz_thread *t, int fd, unsigned int cmd, void *arg,
	      size_t size, struct fz_exp *e)
{
	static const char *const what[] = {
		[FZ_ARG_NULL] = "NULL", [FZ_ARG_GUARD] = "unmapped",
		[FZ_ARG_STRADDLE] = "straddling an unmapped page",
		[FZ_ARG_RO] = "read-only", [FZ_ARG_KERNEL] = "kernel address",
	};
	unsigned int dir = _IOC_DIR(cmd), r = fz_below(t, 1000);
	size_t usize = size, extra, i;
	enum fz_argmode mode;
	char *p = t->arg;
	long rc;

	if (r < 880)
		mode = FZ_ARG_OK;
	else if (r < 910)
		mode = FZ_ARG_BIGGER;
	else if (r < 930)
		mode = FZ_ARG_DIRTY;
	else if (r < 950)
		mode = FZ_ARG_SMALLER;
	else if (r < 958)
		mode = FZ_ARG_NULL;
	else if (r < 966)
		mode = FZ_ARG_GUARD;
	else if (r < 976)
		mode = FZ_ARG_STRADDLE;
	else if (r < 992)
		mode = FZ_ARG_RO;
	else
		mode = FZ_ARG_KERNEL;

	switch (mode) {
	case FZ_ARG_OK:
		memcpy(p, arg, size);
		break;
	case FZ_ARG_BIGGER:
	case FZ_ARG_DIRTY:
		extra = 1 + fz_below(t, fz_chance(t, 80) ? 64 :
				     FZ_IOC_SIZE_MAX - size);
		usize = size + extra;
		memcpy(p, arg, size);
		memset(p + size, 0, extra);
		if (mode == FZ_ARG_DIRTY) {
			p[size + fz_below(t, extra)] = 1 + fz_below(t, 255);
			if (dir & _IOC_WRITE)
				fz_violate(e, FZ_B(E2BIG));
		}
		snprintf(t->note, sizeof(t->note), " [arg size %zu%s]", usize,
			 mode == FZ_ARG_DIRTY ? ", nonzero tail" : "");
		break;
	case FZ_ARG_SMALLER:
		usize = fz_below(t, size);
		memcpy(p, arg, size);
		fz_violate(e, FZ_B(EINVAL));
		snprintf(t->note, sizeof(t->note), " [arg size %zu]", usize);
		break;
	case FZ_ARG_NULL:
		p = NULL;
		break;
	case FZ_ARG_GUARD:
		p = t->arg_end;
		break;
	case FZ_ARG_STRADDLE:
		p = t->arg_end - (1 + fz_below(t, size - 1));
		memcpy(p, arg, t->arg_end - p);
		break;
	case FZ_ARG_RO:
		memcpy(t->ro_rw, arg, size);
		p = t->ro;
		if (dir & _IOC_READ)
			fz_violate(e, FZ_B(EFAULT));
		break;
	case FZ_ARG_KERNEL:
		p = (char *)(uintptr_t)0xffff888000000000ULL;
		break;
	}
	if (mode >= FZ_ARG_NULL) {
		if (mode != FZ_ARG_RO)
			fz_violate(e, FZ_B(EFAULT));
		snprintf(t->note, sizeof(t->note), " [arg %s]", what[mode]);
	}

	rc = fz_ioctl_plain(fd, _IOC(dir, _IOC_TYPE(cmd), _IOC_NR(cmd), usize),
			    p);

	t->arg_back = mode <= FZ_ARG_SMALLER;
	if (t->arg_back)
		memcpy(arg, p, size);
	if (!rc && (dir & _IOC_READ) && usize > size)
		for (i = size; i < usize; i++)
			if (p[i]) {
				fz_finding(t,
					   "ioctl %#x, size %zu: tail byte %zu not cleared",
					   cmd, usize, i);
				break;
			}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Kinds                                                               */

bool fz_mappable(__u32 kind)
{
	return kind == MEMLAB_KIND_PAGES || kind == MEMLAB_KIND_VMALLOC ||
	       kind == MEMLAB_KIND_DMA_COHERENT;
}

/* The GFP bits the uapi lets a kind have (docs/driver.md's table). */
__u32 fz_gfp_ok(__u32 kind)
{
	const __u32 dma = MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC |
			  MEMLAB_GFP_NOWAIT | MEMLAB_GFP_ZERO |
			  MEMLAB_GFP_NOWARN | MEMLAB_GFP_NORETRY |
			  MEMLAB_GFP_RETRY_MAYFAIL;

	switch (kind) {
	case MEMLAB_KIND_KMALLOC:
		return MEMLAB_GFP_ALL & ~(MEMLAB_GFP_DMA32 | MEMLAB_GFP_HIGHMEM);
	case MEMLAB_KIND_CACHE_OBJ:
		return dma | MEMLAB_GFP_ACCOUNT;
	case MEMLAB_KIND_PAGES:
		return MEMLAB_GFP_ALL;
	case MEMLAB_KIND_VMALLOC:
		return MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO | MEMLAB_GFP_NOWARN |
		       MEMLAB_GFP_NORETRY | MEMLAB_GFP_RETRY_MAYFAIL |
		       MEMLAB_GFP_ACCOUNT;
	case MEMLAB_KIND_DMA_COHERENT:
	case MEMLAB_KIND_DMA_STREAMING:
		return dma;
	}
	return 0;
}

/* Bytes an object counts against memlab's limits. */
__u64 fz_charge(const struct fz_obj *o, long page)
{
	switch (o->kind) {
	case MEMLAB_KIND_PAGES:
		return (__u64)page << o->order;
	case MEMLAB_KIND_VMALLOC:
	case MEMLAB_KIND_DMA_COHERENT:
		return (o->size + page - 1) / page * page;
	case MEMLAB_KIND_CACHE:
		return 0;
	}
	return o->size;
}

unsigned long fz_obj_pages(const struct fz_obj *o, long page)
{
	return (o->size + page - 1) / page;
}

/* ------------------------------------------------------------------ */
/* Pools                                                               */

struct fz_obj *fz_own_find(struct fz_thread *t, __u32 id)
{
	int i;

	for (i = 0; i < t->nr_objs; i++)
		if (t->objs[i].id == id)
			return &t->objs[i];
	for (i = 0; i < t->nr_caches; i++)
		if (t->caches[i].id == id)
			return &t->caches[i];
	return NULL;
}

/* An own record nobody else can reach: not persistent. */
bool fz_own_exclusive(const struct fz_obj *o)
{
	return !o->persistent;
}

/* Keep a new object; -ENOSPC when its pool is full. */
int fz_add_obj(struct fz_thread *t, const struct fz_obj *o, bool shared)
{
	struct fz_run *run = t->run;
	int ret = -ENOSPC;

	if (shared) {
		pthread_mutex_lock(&run->lock);
		if (run->nr_shared < FZ_MAX_SHARED) {
			run->shared[run->nr_shared++] = *o;
			run->shared_held += fz_charge(o, run->page);
			ret = 0;
		}
		pthread_mutex_unlock(&run->lock);
		return ret;
	}
	if (o->kind == MEMLAB_KIND_CACHE) {
		if (t->nr_caches == FZ_MAX_CACHES)
			return ret;
		t->caches[t->nr_caches++] = *o;
		return 0;
	}
	if (t->nr_objs == FZ_MAX_OBJS)
		return ret;
	t->objs[t->nr_objs++] = *o;
	t->held += fz_charge(o, run->page);
	return 0;
}

static void fz_dead_add(struct fz_thread *t, const struct fz_obj *o,
			bool closed)
{
	struct fz_obj *d = &t->dead[t->dead_pos];

	*d = *o;
	d->closed = closed;
	t->dead_pos = (t->dead_pos + 1) % FZ_MAX_DEAD;
	if (t->nr_dead < FZ_MAX_DEAD)
		t->nr_dead++;
	if (o->kind != MEMLAB_KIND_CACHE)
		return;
	t->names[t->names_pos] = *d;
	t->names_pos = (t->names_pos + 1) % FZ_MAX_NAMES;
	if (t->nr_names < FZ_MAX_NAMES)
		t->nr_names++;
}

/*
 * @id is gone: freed or destroyed by id, or (@closed) with its file. Its
 * record leaves whichever pool holds it and joins the dead ones.
 */
void fz_forget(struct fz_thread *t, __u32 id, bool closed)
{
	struct fz_run *run = t->run;
	struct fz_obj o = { .id = id };
	bool found = false;
	int i;

	for (i = 0; i < t->nr_objs && !found; i++)
		if (t->objs[i].id == id) {
			o = t->objs[i];
			t->held -= fz_charge(&o, run->page);
			t->objs[i] = t->objs[--t->nr_objs];
			found = true;
		}
	for (i = 0; i < t->nr_caches && !found; i++)
		if (t->caches[i].id == id) {
			o = t->caches[i];
			t->caches[i] = t->caches[--t->nr_caches];
			found = true;
		}
	if (!found && !t->child) {
		pthread_mutex_lock(&run->lock);
		for (i = 0; i < run->nr_shared; i++)
			if (run->shared[i].id == id) {
				o = run->shared[i];
				run->shared_held -= fz_charge(&o, run->page);
				run->shared[i] = run->shared[--run->nr_shared];
				break;
			}
		pthread_mutex_unlock(&run->lock);
	}
	fz_dead_add(t, &o, closed);
}

/* Is @id one this thread knows, alive or dead (a new id must not be)? */
bool fz_known_id(struct fz_thread *t, __u32 id)
{
	struct fz_run *run = t->run;
	bool known = fz_own_find(t, id);
	int i;

	for (i = 0; i < t->nr_dead && !known; i++)
		known = t->dead[i].id == id;
	for (i = 0; i < t->nr_inh && !known; i++)
		known = t->inh[i].id == id;
	if (!known && !t->child) {
		pthread_mutex_lock(&run->lock);
		for (i = 0; i < run->nr_shared && !known; i++)
			known = run->shared[i].id == id;
		pthread_mutex_unlock(&run->lock);
	}
	return known;
}

static void fz_update(struct fz_thread *t, __u32 id, __u64 token,
		      bool persistent)
{
	struct fz_run *run = t->run;
	struct fz_obj *o = fz_own_find(t, id);
	int i;

	if (!o && !t->child) {
		pthread_mutex_lock(&run->lock);
		for (i = 0; i < run->nr_shared; i++)
			if (run->shared[i].id == id) {
				if (token)
					run->shared[i].token = token;
				if (persistent)
					run->shared[i].persistent = true;
			}
		pthread_mutex_unlock(&run->lock);
		return;
	}
	if (!o)
		return;
	if (token)
		o->token = token;
	if (persistent)
		o->persistent = true;
}

void fz_set_token(struct fz_thread *t, __u32 id, __u64 token)
{
	fz_update(t, id, token, false);
}

void fz_set_persistent(struct fz_thread *t, __u32 id)
{
	fz_update(t, id, 0, true);
}

/* Own objects allocated from the own cache @cache_id. */
int fz_cache_users(struct fz_thread *t, __u32 cache_id)
{
	int i, n = 0;

	for (i = 0; i < t->nr_objs; i++)
		n += t->objs[i].kind == MEMLAB_KIND_CACHE_OBJ &&
		     t->objs[i].cache_id == cache_id;
	return n;
}

/* ------------------------------------------------------------------ */
/* Targets                                                             */

static bool fz_wants(const struct fz_obj *o, unsigned int what)
{
	if (o->kind == MEMLAB_KIND_CACHE)
		return what & FZ_WANT_CACHE;
	return what & FZ_WANT_OBJ;
}

/* Index into @objs[@nr] of a wanted record, preferring @prefer kinds. */
static int fz_choose(struct fz_thread *t, const struct fz_obj *objs, int nr,
		     unsigned int what, __u32 prefer)
{
	int idx[FZ_MAX_SHARED + FZ_MAX_OBJS], n = 0, np = 0, i;

	for (i = 0; i < nr; i++)
		if (fz_wants(&objs[i], what) &&
		    (prefer & (1U << objs[i].kind)))
			idx[np++] = i;
	if (np && fz_chance(t, 75))
		return idx[fz_below(t, np)];
	for (i = 0; i < nr; i++)
		if (fz_wants(&objs[i], what))
			idx[n++] = i;
	return n ? idx[fz_below(t, n)] : -1;
}

/* The other file than @fd: ioctls through it do not see @fd's objects. */
static void fz_other_fd(struct fz_thread *t, struct fz_target *tg)
{
	/* a fork child changes nothing through its parent's file */
	if (t->child && !t->pick_ro)
		return;
	if (t->child) {
		tg->fd = tg->fd == t->fd ? t->parent_fd : t->fd;
		tg->fdname = tg->fd == t->fd ? "own" : "parent";
	} else {
		tg->fd = tg->fd == t->fd ? t->run->shared_fd : t->fd;
		tg->fdname = tg->fd == t->fd ? "own" : "shared";
	}
}

static bool fz_pick_own(struct fz_thread *t, struct fz_target *tg,
			unsigned int what, __u32 prefer)
{
	const struct fz_obj *o = NULL;
	int i;

	/* caches 30% of the time when both are wanted */
	i = fz_choose(t, t->caches, t->nr_caches, what & FZ_WANT_CACHE, 0);
	if (i >= 0 && (!(what & FZ_WANT_OBJ) || fz_chance(t, 30)))
		o = &t->caches[i];
	if (!o) {
		i = fz_choose(t, t->objs, t->nr_objs, what, prefer);
		if (i >= 0)
			o = &t->objs[i];
	}
	if (!o) {
		i = fz_choose(t, t->caches, t->nr_caches, what, 0);
		if (i < 0)
			return false;
		o = &t->caches[i];
	}
	tg->src = FZ_SRC_OWN;
	tg->known = true;
	tg->obj = *o;
	tg->id = o->id;
	tg->vis = o->persistent ? FZ_MAYBE : FZ_SURE;
	tg->nl_vis = tg->vis;
	if (fz_chance(t, 8)) {
		fz_other_fd(t, tg);
		if (tg->fd != t->fd)
			tg->vis = o->persistent ? FZ_MAYBE : FZ_GONE;
	}
	return true;
}

static bool fz_pick_shared(struct fz_thread *t, struct fz_target *tg,
			   unsigned int what, __u32 prefer)
{
	struct fz_run *run = t->run;
	int i;

	if (t->child)
		return false;
	pthread_mutex_lock(&run->lock);
	i = fz_choose(t, run->shared, run->nr_shared, what, prefer);
	if (i >= 0)
		tg->obj = run->shared[i];
	pthread_mutex_unlock(&run->lock);
	if (i < 0)
		return false;
	tg->src = FZ_SRC_SHARED;
	tg->known = true;
	tg->id = tg->obj.id;
	tg->fd = run->shared_fd;
	tg->fdname = "shared";
	if (fz_chance(t, 8))
		fz_other_fd(t, tg);
	return true;
}

static bool fz_pick_inherited(struct fz_thread *t, struct fz_target *tg,
			      unsigned int what, __u32 prefer)
{
	int i = fz_choose(t, t->inh, t->nr_inh, what, prefer);

	if (i < 0)
		return false;
	tg->src = FZ_SRC_INHERITED;
	tg->known = true;
	tg->obj = t->inh[i];
	tg->id = tg->obj.id;
	tg->fd = t->parent_fd;
	tg->fdname = "parent";
	tg->vis = tg->obj.persistent ? FZ_MAYBE : FZ_SURE;
	return true;
}

static bool fz_pick_dead(struct fz_thread *t, struct fz_target *tg,
			 unsigned int what)
{
	int i = fz_choose(t, t->dead, t->nr_dead, what, 0);

	if (i < 0 && t->nr_dead)
		i = fz_below(t, t->nr_dead);
	if (i < 0)
		return false;
	fz_count(t, FZ_CHK_DEAD);
	tg->src = FZ_SRC_DEAD;
	tg->obj = t->dead[i];
	tg->known = tg->obj.kind != 0;
	tg->id = tg->obj.id;
	tg->vis = FZ_GONE;
	/* a closed file may live on in a fork child of another thread */
	tg->nl_vis = tg->obj.closed ? FZ_MAYBE : FZ_GONE;
	if (fz_chance(t, 50))
		fz_other_fd(t, tg);
	return true;
}

static void fz_pick_garbage(struct fz_thread *t, struct fz_target *tg)
{
	__u32 last = t->nr_objs ? t->objs[t->nr_objs - 1].id : 1;

	tg->src = FZ_SRC_GARBAGE;
	switch (fz_below(t, 6)) {
	case 0:
		tg->id = 0;
		break;
	case 1:
		tg->id = UINT32_MAX - fz_below(t, 2);
		break;
	case 2:
		tg->id = (__u32)fz_rnd(t);
		break;
	case 3:
		tg->id = last + 1 + fz_below(t, 8);
		break;
	default:
		tg->id = 1 + fz_below(t, last + 16);
		break;
	}
	/* ids start at 1 */
	tg->vis = tg->id ? FZ_MAYBE : FZ_GONE;
	tg->nl_vis = tg->vis;
	if (fz_chance(t, 30))
		fz_other_fd(t, tg);
}

/*
 * A target id for an operation on objects (@what FZ_WANT_OBJ), caches
 * (FZ_WANT_CACHE) or both: mostly from the pools, sometimes a dead or a
 * made-up one; @prefer (1 << kind bits) biases the choice of kinds.
 */
void fz_pick(struct fz_thread *t, struct fz_target *tg, unsigned int what,
	     __u32 prefer)
{
	unsigned int r = fz_below(t, 100);

	memset(tg, 0, sizeof(*tg));
	tg->fd = t->fd;
	tg->fdname = "own";
	tg->vis = FZ_MAYBE;
	tg->nl_vis = FZ_MAYBE;
	t->pick_ro = what & FZ_PICK_RO;
	if (t->child && (what & FZ_PICK_RO) && r >= 60 && r < 80 &&
	    fz_pick_inherited(t, tg, what, prefer))
		return;
	if (r < 62 && fz_pick_own(t, tg, what, prefer))
		return;
	if (r >= 62 && r < 82 && fz_pick_shared(t, tg, what, prefer))
		return;
	if (r >= 82 && r < 90 && fz_pick_dead(t, tg, what))
		return;
	if (r < 90 && (fz_pick_own(t, tg, what, prefer) ||
		       fz_pick_shared(t, tg, what, prefer)))
		return;
	fz_pick_garbage(t, tg);
}

const char *fz_tdesc(const struct fz_target *tg, char *buf, size_t len)
{
	static const char *const src[] = {
		[FZ_SRC_OWN] = "own", [FZ_SRC_SHARED] = "shared",
		[FZ_SRC_INHERITED] = "inherited", [FZ_SRC_DEAD] = "dead",
		[FZ_SRC_GARBAGE] = "garbage",
	};

	if (tg->known)
		snprintf(buf, len, "%s id %u (%s%s size %llu) via %s fd",
			 src[tg->src], tg->id, tg->obj.persistent ?
			 "persistent " : "", fz_kindname(tg->obj.kind),
			 (unsigned long long)tg->obj.size, tg->fdname);
	else
		snprintf(buf, len, "%s id %u via %s fd", src[tg->src], tg->id,
			 tg->fdname);
	return buf;
}

/* ------------------------------------------------------------------ */
/* Operations and threads                                              */

struct fz_optab {
	void (*fn)(struct fz_thread *t);
	unsigned short weight;		/* per mille, roughly, in a thread */
	unsigned short child_weight;	/* in a fork child */
	bool netlink;
};

static const struct fz_optab fz_optab[FZ_OP_NR] = {
	[FZ_OP_INFO] = { fz_op_info, 15, 10 },
	[FZ_OP_ALLOC] = { fz_op_alloc, 150, 150 },
	[FZ_OP_FREE] = { fz_op_free, 80, 80 },
	[FZ_OP_CACHE_CREATE] = { fz_op_cache_create, 20, 15 },
	[FZ_OP_CACHE_DESTROY] = { fz_op_cache_destroy, 15, 10 },
	[FZ_OP_READ] = { fz_op_read, 50, 50 },
	[FZ_OP_WRITE] = { fz_op_write, 50, 40 },
	[FZ_OP_FILL] = { fz_op_fill, 40, 30 },
	[FZ_OP_VERIFY] = { fz_op_verify, 40, 40 },
	[FZ_OP_SYNC] = { fz_op_sync, 25, 20 },
	[FZ_OP_MMAP_OFFSET] = { fz_op_mmap_offset, 35, 30 },
	[FZ_OP_OBJ_INFO] = { fz_op_obj_info, 40, 40 },
	[FZ_OP_LIST] = { fz_op_list, 20, 15 },
	[FZ_OP_PERSIST] = { fz_op_persist, 15, 0 },
	[FZ_OP_ALLOC_BATCH] = { fz_op_alloc_batch, 25, 20 },
	[FZ_OP_FREE_BATCH] = { fz_op_free_batch, 15, 15 },
	[FZ_OP_BENCH] = { fz_op_bench, 3, 0 },
	[FZ_OP_BAD_IOCTL] = { fz_op_bad_ioctl, 25, 20 },
	[FZ_OP_AUDIT] = { fz_op_audit, 10, 10 },
	[FZ_OP_MMAP] = { fz_op_mmap, 60, 60 },
	[FZ_OP_TOUCH] = { fz_op_touch, 50, 80 },
	[FZ_OP_MUNMAP] = { fz_op_munmap, 35, 40 },
	[FZ_OP_MREMAP] = { fz_op_mremap, 12, 15 },
	[FZ_OP_MPROTECT] = { fz_op_mprotect, 12, 12 },
	[FZ_OP_REOPEN] = { fz_op_reopen, 4, 0 },
	[FZ_OP_FORK] = { fz_op_fork, 2, 0 },
	[FZ_OP_NL_STATS] = { fz_op_nl_stats, 20, 0, true },
	[FZ_OP_NL_OBJECT] = { fz_op_nl_object, 25, 0, true },
	[FZ_OP_NL_CACHE] = { fz_op_nl_cache, 15, 0, true },
	[FZ_OP_NL_DUMP] = { fz_op_nl_dump, 12, 0, true },
	[FZ_OP_NL_BAD] = { fz_op_nl_bad, 25, 0, true },
};

static unsigned int fz_weight(struct fz_thread *t, unsigned int op,
			      bool child)
{
	const struct fz_optab *o = &fz_optab[op];

	if (!o->fn || (o->netlink && t->run->family < 0))
		return 0;
	if (op == FZ_OP_FORK && t->run->opts.no_fork)
		return 0;
	return child ? o->child_weight : o->weight;
}

/* Draw one operation (from a fork child's set if @child) and run it. */
void fz_run_op(struct fz_thread *t, bool child)
{
	unsigned int total = 0, op, r, w;
	struct timespec t0, t1;

	for (op = 0; op < FZ_OP_NR; op++)
		total += fz_weight(t, op, child);
	r = fz_below(t, total);
	for (op = 0; op < FZ_OP_NR; op++) {
		w = fz_weight(t, op, child);
		if (r < w)
			break;
		r -= w;
	}
	t->op = op;
	t->note[0] = '\0';
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fz_optab[op].fn(t);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	atomic_fetch_add(&t->run->st->drawn[op], 1);
	atomic_fetch_add(&t->run->st->ns[op], (t1.tv_sec - t0.tv_sec) *
			 1000000000UL + t1.tv_nsec - t0.tv_nsec);
}

static double fz_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *fz_worker(void *arg)
{
	struct fz_thread *t = arg;
	struct fz_run *run = t->run;

	for (t->op_idx = 0; t->op_idx < t->nops; t->op_idx++) {
		if (atomic_load(&run->stop))
			break;
		if (run->deadline && fz_now() > run->deadline) {
			atomic_store(&run->stop, true);
			break;
		}
		fz_run_op(t, false);
		atomic_fetch_add(&run->st->thread_ops, 1);
	}
	return NULL;
}

/* Argument, read-only and data pages, each followed by a guard page. */
static int fz_area_setup(struct fz_thread *t, long page)
{
	size_t len = (FZ_ARG_PAGES + 3 + FZ_DATA_PAGES + 1) * page;
	char *a;
	int mfd;

	a = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED)
		return -errno;
	t->area = a;
	t->area_len = len;
	t->arg = a;
	t->arg_end = a + FZ_ARG_PAGES * page;
	t->ro = t->arg_end + page;
	t->data = (unsigned char *)t->ro + 2 * page;
	t->data_end = t->data + FZ_DATA_PAGES * page;
	if (mprotect(t->arg, FZ_ARG_PAGES * page, PROT_READ | PROT_WRITE) ||
	    mprotect(t->data, FZ_DATA_PAGES * page, PROT_READ | PROT_WRITE))
		return -errno;
	mfd = memfd_create("memlab-fuzz", MFD_CLOEXEC);
	if (mfd < 0)
		return -errno;
	if (ftruncate(mfd, page) ||
	    mmap(t->ro, page, PROT_READ, MAP_SHARED | MAP_FIXED, mfd, 0) ==
	    MAP_FAILED) {
		close(mfd);
		return -errno;
	}
	t->ro_rw = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, mfd, 0);
	close(mfd);
	return t->ro_rw == MAP_FAILED ? -errno : 0;
}

static int fz_thread_setup(struct fz_run *run, struct fz_thread *t,
			   unsigned int idx)
{
	unsigned int n = run->opts.threads;
	int ret;

	t->run = run;
	t->idx = idx;
	t->seed = fz_thread_seed(run->opts.seed, idx);
	t->rng = t->seed;
	t->nops = run->opts.ops / n + (idx < run->opts.ops % n);
	t->parent_fd = -1;
	t->nl.sk = NULL;
	t->fd = open(FZ_DEV, O_RDWR | O_CLOEXEC);
	if (t->fd < 0)
		return -errno;
	ret = fz_area_setup(t, run->page);
	if (ret)
		return ret;
	if (run->family >= 0)
		return fz_nl_open(&t->nl, run->family);
	return 0;
}

static void fz_thread_free(struct fz_thread *t)
{
	if (t->fd >= 0)
		close(t->fd);
	t->fd = -1;
	fz_nl_close(&t->nl);
	if (t->area)
		munmap(t->area, t->area_len);
	if (t->ro_rw && t->ro_rw != MAP_FAILED)
		munmap(t->ro_rw, t->run->page);
	t->area = NULL;
}

/* ------------------------------------------------------------------ */
/* The end: cleanup, leftovers, counters                               */

/* Every object visible through @fd, in id order (malloc'd into @out). */
static int fz_list_all(int fd, struct memlab_obj_info **out, unsigned int *nr)
{
	struct memlab_obj_info *all = NULL, *tmp;
	struct memlab_list l;
	unsigned int n = 0, cap = 0;
	__u32 start = 0;
	long rc;

	do {
		if (cap - n < 64) {
			cap += 256;
			tmp = realloc(all, cap * sizeof(*all));
			if (!tmp) {
				free(all);
				return -ENOMEM;
			}
			all = tmp;
		}
		memset(&l, 0, sizeof(l));
		l.entries = FZ_PTR(all + n);
		l.capacity = 64;
		l.entry_size = sizeof(*all);
		l.start_id = start;
		rc = fz_ioctl_plain(fd, MEMLAB_IOC_LIST, &l);
		if (rc) {
			free(all);
			return rc;
		}
		n += l.count;
		start = l.next_id;
	} while (start);
	*out = all;
	*nr = n;
	return 0;
}

static bool fz_in(const __u32 *ids, unsigned int n, __u32 id)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* Free what the pools still hold: objects before caches. */
static void fz_cleanup(struct fz_run *run)
{
	struct fz_thread *t0 = &run->threads[0], *t;
	unsigned int i, n = run->opts.threads;
	int j, pass;

	for (i = 0; i < n; i++) {
		run->threads[i].cleanup = true;
		fz_unmap_all(&run->threads[i]);
	}
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++) {
			t = &run->threads[i];
			if (!pass)
				for (j = t->nr_objs - 1; j >= 0; j--)
					fz_free_now(t, t->fd, &t->objs[j],
						    fz_own_exclusive(&t->objs[j]));
			else
				for (j = t->nr_caches - 1; j >= 0; j--)
					fz_free_now(t, t->fd, &t->caches[j],
						    fz_own_exclusive(&t->caches[j]));
		}
		for (j = run->nr_shared - 1; j >= 0; j--)
			if ((run->shared[j].kind == MEMLAB_KIND_CACHE) == pass)
				fz_free_now(t0, run->shared_fd, &run->shared[j],
					    false);
	}
	for (i = 0; i < n; i++) {
		t = &run->threads[i];
		t->nr_objs = 0;
		t->nr_caches = 0;
		if (t->fd >= 0 && close(t->fd))
			fz_finding(t, "close: %s", fz_errname(errno));
		t->fd = -1;
	}
	run->nr_shared = 0;
	close(run->shared_fd);
	run->shared_fd = -1;
}

/*
 * Objects still visible that were not there at the start: every object
 * the run made should be gone. Each is a finding, and is freed.
 */
static void fz_sweep(struct fz_run *run, const __u32 *base, unsigned int nbase)
{
	struct fz_thread *t = &run->threads[0];
	struct memlab_obj_info *all;
	struct memlab_id id;
	unsigned int n, i;
	int fd, pass;

	fd = open(FZ_DEV, O_RDWR | O_CLOEXEC);
	if (fd < 0 || fz_list_all(fd, &all, &n)) {
		fz_finding(t, "cannot list the objects left");
		if (fd >= 0)
			close(fd);
		return;
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < n; i++) {
			if (fz_in(base, nbase, all[i].id) ||
			    (all[i].kind == MEMLAB_KIND_CACHE) != pass)
				continue;
			fz_finding(t, "object left behind: id %u kind %s size %llu flags %#x",
				   all[i].id, fz_kindname(all[i].kind),
				   (unsigned long long)all[i].size,
				   all[i].flags);
			memset(&id, 0, sizeof(id));
			id.id = all[i].id;
			fz_ioctl_plain(fd, pass ? MEMLAB_IOC_CACHE_DESTROY :
				       MEMLAB_IOC_FREE, &id);
		}
	free(all);
	close(fd);
}

/* Counters back at their starting values? Says what differs. */
static bool fz_baseline(struct fz_run *run, const struct fz_nl_stats *ns0,
			struct fz_nl *nl)
{
	struct fz_thread *t = &run->threads[0];
	const struct memlab_info *a = &run->info;
	struct fz_nl_stats ns1;
	struct memlab_info b;
	bool ok = true;
	int fd, k;

	fd = open(FZ_DEV, O_RDWR | O_CLOEXEC);
	memset(&b, 0, sizeof(b));
	if (fd < 0 || fz_ioctl_plain(fd, MEMLAB_IOC_INFO, &b)) {
		fz_finding(t, "INFO at the end failed");
		if (fd >= 0)
			close(fd);
		return false;
	}
	close(fd);
	if (b.nr_objects != a->nr_objects || b.nr_bytes != a->nr_bytes) {
		fz_finding(t, "leak: INFO objects %llu -> %llu, bytes %llu -> %llu",
			   (unsigned long long)a->nr_objects,
			   (unsigned long long)b.nr_objects,
			   (unsigned long long)a->nr_bytes,
			   (unsigned long long)b.nr_bytes);
		ok = false;
	}
	for (k = 1; k < MEMLAB_KIND_NR; k++)
		if (b.kind_objects[k] != a->kind_objects[k] ||
		    b.kind_bytes[k] != a->kind_bytes[k]) {
			fz_finding(t, "leak: %s objects %llu -> %llu, bytes %llu -> %llu",
				   fz_kindname(k),
				   (unsigned long long)a->kind_objects[k],
				   (unsigned long long)b.kind_objects[k],
				   (unsigned long long)a->kind_bytes[k],
				   (unsigned long long)b.kind_bytes[k]);
			ok = false;
		}
	fz_say(1, "memlab-fuzz: INFO: objects %llu -> %llu, bytes %llu -> %llu",
	       (unsigned long long)a->nr_objects,
	       (unsigned long long)b.nr_objects,
	       (unsigned long long)a->nr_bytes, (unsigned long long)b.nr_bytes);
	fz_say(1, "memlab-fuzz: INFO: limit hits %llu -> %llu, allocator failures %llu -> %llu",
	       (unsigned long long)a->limit_hits,
	       (unsigned long long)b.limit_hits,
	       (unsigned long long)a->alloc_failures,
	       (unsigned long long)b.alloc_failures);
	if (!nl->sk)
		return ok;
	if (fz_nl_get_stats(nl, &ns1)) {
		fz_finding(t, "genl GET_STATS at the end failed");
		return false;
	}
	if (ns1.objects != ns0->objects || ns1.bytes != ns0->bytes ||
	    ns1.caches != ns0->caches) {
		fz_finding(t,
			   "leak: genl objects %llu->%llu, bytes %llu->%llu, caches %llu->%llu",
			   (unsigned long long)ns0->objects,
			   (unsigned long long)ns1.objects,
			   (unsigned long long)ns0->bytes,
			   (unsigned long long)ns1.bytes,
			   (unsigned long long)ns0->caches,
			   (unsigned long long)ns1.caches);
		ok = false;
	}
	if (ns1.mapped != ns0->mapped ||
	    ns1.allocs - ns0->allocs != ns1.frees - ns0->frees) {
		fz_finding(t, "leak: genl mapped %llu -> %llu, %llu allocs, %llu frees",
			   (unsigned long long)ns0->mapped,
			   (unsigned long long)ns1.mapped,
			   (unsigned long long)(ns1.allocs - ns0->allocs),
			   (unsigned long long)(ns1.frees - ns0->frees));
		ok = false;
	}
	fz_say(1, "memlab-fuzz: genl: objects %llu -> %llu, caches %llu -> %llu, mapped %llu->%llu",
	       (unsigned long long)ns0->objects,
	       (unsigned long long)ns1.objects,
	       (unsigned long long)ns0->caches, (unsigned long long)ns1.caches,
	       (unsigned long long)ns0->mapped, (unsigned long long)ns1.mapped);
	fz_say(1, "memlab-fuzz: genl: %llu objects made and freed",
	       (unsigned long long)(ns1.allocs - ns0->allocs));
	return ok;
}

static void fz_summary(struct fz_run *run, double secs)
{
	struct fz_stats *st = run->st;
	unsigned long total[FZ_ERRNO_MAX] = { 0 }, ops, ok, v;
	char line[1024];
	size_t n;
	int op, e;

	fz_say(1, "memlab-fuzz: %lu ops (+%lu in %lu fork children, +%lu cleanup) in %.1f s%s",
	       atomic_load(&st->thread_ops), atomic_load(&st->child_ops),
	       atomic_load(&st->forks), atomic_load(&st->cleanup_ops), secs,
	       atomic_load(&run->stop) ? " (time limit)" : "");
	fz_say(1, "memlab-fuzz: %u threads, seed %#" PRIx64, run->opts.threads,
	       run->opts.seed);
	fz_say(1, "  %-18s %7s %7s %7s  %s", "operation", "drawn", "us/op",
	       "calls", "ok  errors");
	for (op = 0; op < FZ_OP_NR; op++) {
		ops = atomic_load(&st->ops[op]);
		ok = atomic_load(&st->ok[op]);
		v = atomic_load(&st->drawn[op]);
		if (!ops && !v)
			continue;
		n = snprintf(line, sizeof(line), "  %-18s %7lu %7lu %7lu %7lu ",
			     fz_opname[op], v,
			     v ? atomic_load(&st->ns[op]) / 1000 / v : 0,
			     ops, ok);
		for (e = 1; e < FZ_ERRNO_MAX; e++) {
			v = atomic_load(&st->err[op][e]);
			total[e] += v;
			if (v && n < sizeof(line))
				n += snprintf(line + n, sizeof(line) - n,
					      " %s %lu", fz_errname(e), v);
		}
		v = atomic_load(&st->found[op]);
		if (v && n < sizeof(line))
			snprintf(line + n, sizeof(line) - n, "  FINDINGS %lu",
				 v);
		fz_say(1, "%s", line);
	}
	fz_say(1, "memlab-fuzz: checks: %lu SIGBUS past an object's end, %lu mapping vs READ/WRITE",
	       atomic_load(&st->checks[FZ_CHK_SIGBUS]),
	       atomic_load(&st->checks[FZ_CHK_MAP_DATA]));
	fz_say(1, "memlab-fuzz: checks: %lu WRITE read back, %lu FILL verified, %lu zeroed objects",
	       atomic_load(&st->checks[FZ_CHK_READBACK]),
	       atomic_load(&st->checks[FZ_CHK_REFILL]),
	       atomic_load(&st->checks[FZ_CHK_ZERO]));
	fz_say(1, "memlab-fuzz: checks: %lu objects gone with their file, %lu freed ids used",
	       atomic_load(&st->checks[FZ_CHK_CLOSED]),
	       atomic_load(&st->checks[FZ_CHK_DEAD]));
	n = snprintf(line, sizeof(line), "memlab-fuzz: errors by errno:");
	for (e = 1; e < FZ_ERRNO_MAX; e++)
		if (total[e] && n < sizeof(line))
			n += snprintf(line + n, sizeof(line) - n, " %s %lu",
				      fz_errname(e), total[e]);
	fz_say(1, "%s", line);
}

void fz_opts_init(struct fz_opts *o)
{
	struct timespec ts;

	memset(o, 0, sizeof(*o));
	clock_gettime(CLOCK_REALTIME, &ts);
	o->seed = (uint64_t)ts.tv_sec * 1000000007ULL ^ ts.tv_nsec ^
		  ((uint64_t)getpid() << 32);
	o->ops = 10000;
	o->threads = 4;
}

int fz_parse_avoid(const char *list, unsigned int *avoid)
{
	static const struct {
		const char *name;
		unsigned int bit;
	} classes[] = {
		{ "ctor-zero", FZ_AVOID_CTOR_ZERO },
		{ "highmem-dma", FZ_AVOID_HIGHMEM_DMA },
		{ "cache-obj-order", FZ_AVOID_CACHEOBJ_ORDER },
	};
	const char *p = list;
	size_t len, i;

	while (*p) {
		len = strcspn(p, ",");
		for (i = 0; i < FZ_ARRAY_SIZE(classes); i++)
			if (strlen(classes[i].name) == len &&
			    !strncmp(p, classes[i].name, len))
				break;
		if (i == FZ_ARRAY_SIZE(classes))
			return -1;
		*avoid |= classes[i].bit;
		p += len;
		if (*p)
			p++;
	}
	return 0;
}

static int fz_start(struct fz_run *run, struct fz_nl *nl,
		    struct fz_nl_stats *ns0, __u32 **base, unsigned int *nbase)
{
	struct memlab_obj_info *all;
	unsigned int i, n;
	int ret;

	run->shared_fd = open(FZ_DEV, O_RDWR | O_CLOEXEC);
	if (run->shared_fd < 0) {
		ret = -errno;
		fz_say(2, "memlab-fuzz: cannot open " FZ_DEV ": %s (driver not loaded?)",
		       fz_errname(-ret));
		return ret;
	}
	ret = fz_ioctl_plain(run->shared_fd, MEMLAB_IOC_INFO, &run->info);
	if (ret) {
		fz_say(2, "memlab-fuzz: MEMLAB_IOC_INFO: %s", fz_errname(-ret));
		return ret;
	}
	if (!run->opts.no_netlink) {
		run->family = fz_nl_resolve();
		if (run->family < 0) {
			fz_say(2, "memlab-fuzz: no genl family \"memlab\" (--no-netlink: without)");
			return -ENOENT;
		}
		ret = fz_nl_open(nl, run->family);
		if (!ret)
			ret = fz_nl_get_stats(nl, ns0);
		if (ret) {
			fz_say(2, "memlab-fuzz: genl GET_STATS: %s",
			       fz_errname(-ret));
			return ret;
		}
	}
	ret = fz_list_all(run->shared_fd, &all, &n);
	if (ret) {
		fz_say(2, "memlab-fuzz: MEMLAB_IOC_LIST: %s", fz_errname(-ret));
		return ret;
	}
	*base = calloc(n + 1, sizeof(**base));
	if (!*base) {
		free(all);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		(*base)[i] = all[i].id;
	*nbase = n;
	free(all);
	return 0;
}

int fz_run(const struct fz_opts *o, struct fz_result *r)
{
	struct fz_nl nl = { .sk = NULL };
	struct fz_nl_stats ns0 = { 0 };
	unsigned int i, nbase = 0, started = 0;
	struct fz_run *run;
	__u32 *base = NULL;
	double t0, secs;
	int ret;

	memset(r, 0, sizeof(*r));
	run = calloc(1, sizeof(*run));
	if (!run)
		return -ENOMEM;
	run->opts = *o;
	if (!run->opts.threads)
		run->opts.threads = 1;
	if (run->opts.threads > FZ_MAX_THREADS)
		run->opts.threads = FZ_MAX_THREADS;
	run->page = sysconf(_SC_PAGESIZE);
	run->uid = getuid();
	run->family = -1;
	run->shared_fd = -1;
	pthread_mutex_init(&run->lock, NULL);
	run->st = mmap(NULL, sizeof(*run->st), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	run->threads = calloc(run->opts.threads, sizeof(*run->threads));
	if (run->st == MAP_FAILED || !run->threads) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < run->opts.threads; i++) {
		run->threads[i].run = run;
		run->threads[i].fd = -1;
	}
	ret = fz_start(run, &nl, &ns0, &base, &nbase);
	if (ret)
		goto out;

	fz_say(1, "memlab-fuzz: seed %#" PRIx64 ", %lu ops, %u threads%s%s",
	       run->opts.seed, run->opts.ops, run->opts.threads,
	       run->family < 0 ? ", no netlink" : "",
	       run->opts.no_fork ? ", no fork" : "");
	fz_say(1, "memlab-fuzz: replay: memlab-fuzz --seed %#" PRIx64 " --ops %lu --threads %u",
	       run->opts.seed, run->opts.ops, run->opts.threads);
	for (i = 0; i < run->opts.threads; i++) {
		ret = fz_thread_setup(run, &run->threads[i], i);
		if (ret) {
			fz_say(2, "memlab-fuzz: thread %u setup: %s", i,
			       fz_errname(-ret));
			goto out;
		}
		fz_say(1, "memlab-fuzz: thread %u: seed %#" PRIx64 ", %lu ops",
		       i, run->threads[i].seed, run->threads[i].nops);
	}
	ret = fz_signals_install();
	if (ret)
		goto out;

	t0 = fz_now();
	if (run->opts.time_limit)
		run->deadline = t0 + run->opts.time_limit;
	for (i = 0; i < run->opts.threads; i++) {
		ret = -pthread_create(&run->threads[i].th, NULL, fz_worker,
				      &run->threads[i]);
		if (ret) {
			atomic_store(&run->stop, true);
			break;
		}
		started++;
	}
	for (i = 0; i < started; i++)
		pthread_join(run->threads[i].th, NULL);
	if (ret) {
		fz_say(2, "memlab-fuzz: pthread_create: %s", fz_errname(-ret));
		fz_signals_restore();
		goto out;
	}
	fz_cleanup(run);
	fz_sweep(run, base, nbase);
	fz_signals_restore();
	secs = fz_now() - t0;
	r->baseline_ok = fz_baseline(run, &ns0, &nl);
	fz_summary(run, secs);

	r->ops = atomic_load(&run->st->thread_ops);
	r->child_ops = atomic_load(&run->st->child_ops);
	r->cleanup_ops = atomic_load(&run->st->cleanup_ops);
	for (i = 0; i < FZ_OP_NR; i++)
		r->errors += atomic_load(&run->st->ops[i]) -
			     atomic_load(&run->st->ok[i]);
	r->findings = atomic_load(&run->st->findings);
	r->timed_out = atomic_load(&run->stop);
	r->seconds = secs;
	fz_say(1, "memlab-fuzz: %lu finding%s%s (seed %#" PRIx64 ")",
	       r->findings, r->findings == 1 ? "" : "s",
	       r->baseline_ok ? ", counters back to baseline" :
	       ", counters NOT back to baseline", run->opts.seed);
out:
	for (i = 0; run->threads && i < run->opts.threads; i++)
		if (run->threads[i].run)
			fz_thread_free(&run->threads[i]);
	fz_nl_close(&nl);
	if (run->shared_fd >= 0)
		close(run->shared_fd);
	if (run->st != MAP_FAILED && run->st)
		munmap(run->st, sizeof(*run->st));
	pthread_mutex_destroy(&run->lock);
	free(run->threads);
	free(base);
	free(run);
	return ret;
}

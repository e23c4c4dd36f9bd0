/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memlab-fuzz internals: the typed resource pools a thread keeps, the
 * expectation each operation is checked against, and the operations (one
 * file per interface: ops_ioctl.c, ops_mmap.c, ops_proc.c, ops_netlink.c).
 *
 * Expectations. An operation starts as "may succeed, may fail with the
 * errnos any request of its kind may meet" (fz_exp_init). What the
 * generator knows for sure narrows it: an argument the uapi refuses is a
 * violation (fz_violate: success becomes a finding, the violated rule's
 * errno is allowed); a target object only this thread can reach and that
 * is alive (FZ_SURE) allows no lookup errno; a target known to be gone or
 * invisible (FZ_GONE) is a violation of its own (ENOENT); anything else
 * (FZ_MAYBE: shared ids other threads free, garbage ids) allows the lookup
 * errnos. An errno outside the allowed set, or success after a violation,
 * is a finding.
 */
#ifndef MEMLAB_FUZZ_ENGINE_H
#define MEMLAB_FUZZ_ENGINE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>
#include <linux/memlab.h>

#include "fuzz.h"

#define FZ_DEV			"/dev/memlab"
#define FZ_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define FZ_PTR(p)		((__u64)(uintptr_t)(p))

#define FZ_MAX_OBJS		24	/* objects a thread keeps */
#define FZ_MAX_CACHES		4	/* caches a thread keeps */
#define FZ_MAX_SHARED		48	/* objects and caches on the shared file */
#define FZ_MAX_DEAD		32	/* freed ids remembered */
#define FZ_MAX_NAMES		8	/* names of destroyed caches */
#define FZ_MAX_MAPS		12	/* live mappings a thread keeps */
#define FZ_BUDGET		(8ULL << 20)	/* bytes a pool holds at most */
#define FZ_BIG			(1ULL << 20)	/* largest usual object */
#define FZ_ERRNO_MAX		140
#define FZ_ARG_PAGES		5	/* ioctl argument area (sizes to 16 KiB) */
#define FZ_DATA_PAGES		16	/* READ/WRITE/LIST buffer */
#define FZ_TOUCH_PAGES		6	/* pages touched after an mmap */
#define FZ_MAX_PRINTED		40	/* findings printed in full */
#define FZ_NL_BUF		(64 * 1024)
#define FZ_IOC_SIZE_MAX		((1U << _IOC_SIZEBITS) - 1)

enum fz_op {
	FZ_OP_INFO,
	FZ_OP_ALLOC,
	FZ_OP_FREE,
	FZ_OP_CACHE_CREATE,
	FZ_OP_CACHE_DESTROY,
	FZ_OP_READ,
	FZ_OP_WRITE,
	FZ_OP_FILL,
	FZ_OP_VERIFY,
	FZ_OP_SYNC,
	FZ_OP_MMAP_OFFSET,
	FZ_OP_OBJ_INFO,
	FZ_OP_LIST,
	FZ_OP_PERSIST,
	FZ_OP_ALLOC_BATCH,
	FZ_OP_FREE_BATCH,
	FZ_OP_BENCH,
	FZ_OP_BAD_IOCTL,
	FZ_OP_AUDIT,
	FZ_OP_MMAP,
	FZ_OP_TOUCH,
	FZ_OP_MUNMAP,
	FZ_OP_MREMAP,
	FZ_OP_MPROTECT,
	FZ_OP_REOPEN,
	FZ_OP_FORK,
	FZ_OP_NL_STATS,
	FZ_OP_NL_OBJECT,
	FZ_OP_NL_CACHE,
	FZ_OP_NL_DUMP,
	FZ_OP_NL_BAD,
	FZ_OP_CLEANUP,
	FZ_OP_NR
};

/* Errnos an expectation can allow, one bit each. */
enum fz_ebit {
	FZ_EB_EPERM,
	FZ_EB_ENOENT,
	FZ_EB_E2BIG,
	FZ_EB_EAGAIN,
	FZ_EB_ENOMEM,
	FZ_EB_EACCES,
	FZ_EB_EFAULT,
	FZ_EB_EBUSY,
	FZ_EB_EEXIST,
	FZ_EB_ENODEV,
	FZ_EB_EINVAL,
	FZ_EB_ENOTTY,
	FZ_EB_ENOSPC,
	FZ_EB_ERANGE,
	FZ_EB_EOPNOTSUPP,
	FZ_EB_ENOBUFS,
	FZ_EB_EDQUOT,
	FZ_EB_NR
};

#define FZ_B(e)		(1U << FZ_EB_##e)

/**
 * struct fz_exp - what an operation may return
 * @allowed: FZ_B() bits of the errnos it may fail with
 * @ok: success is allowed (no violation)
 */
struct fz_exp {
	uint32_t allowed;
	bool ok;
};

/**
 * struct fz_obj - one object or cache as the fuzzer knows it
 * @id: its id
 * @kind: &enum memlab_kind (MEMLAB_KIND_CACHE for caches)
 * @size: bytes (caches: object size); 0 when unknown
 * @order: pages: the order
 * @cache_id: cache objects: the cache
 * @gfp: MEMLAB_GFP_* asked for (caches: MEMLAB_SLAB_*)
 * @align: caches: the alignment asked for
 * @token: mmap offset once MMAP_OFFSET told it, else 0
 * @persistent: made persistent (it outlives its file)
 * @closed: in the dead list because its file was closed (not freed by id)
 * @name: caches: the name
 */
struct fz_obj {
	__u32 id;
	__u32 kind;
	__u64 size;
	__u32 order;
	__u32 cache_id;
	__u32 gfp;
	__u32 align;
	__u64 token;
	bool persistent;
	bool closed;
	char name[MEMLAB_NAME_LEN];
};

/**
 * struct fz_map - one live mapping
 * @addr: start
 * @len: bytes mapped now
 * @id: the object, 0 when mapped through a garbage offset
 * @kind: its kind (0 if unknown)
 * @first: object page at @addr
 * @obj_pages: pages of the object (0 if unknown): touching a page at or
 *             past it (after mremap growth) must raise SIGBUS
 * @valid_end: object pages below this one are known to exist
 * @prot: current protection
 */
struct fz_map {
	char *addr;
	size_t len;
	__u32 id;
	__u32 kind;
	unsigned long first;
	unsigned long obj_pages;
	unsigned long valid_end;
	int prot;
};

/* Where a target id comes from. */
enum fz_src {
	FZ_SRC_OWN,		/* this thread's pool, its own file */
	FZ_SRC_SHARED,		/* the shared pool, the shared file */
	FZ_SRC_INHERITED,	/* fork child: the parent thread's pool */
	FZ_SRC_DEAD,		/* freed or closed */
	FZ_SRC_GARBAGE,		/* made up */
};

enum fz_vis {
	FZ_SURE,		/* alive, reachable only by this thread */
	FZ_MAYBE,		/* may be alive or not */
	FZ_GONE,		/* freed, or invisible through this file */
};

/* fz_pick() what */
#define FZ_WANT_OBJ		0x1U
#define FZ_WANT_CACHE		0x2U
#define FZ_PICK_RO		0x4U	/* a read-only use: inherited ids too */

/**
 * struct fz_target - an id for an operation, and what is known about it
 * @id: the id
 * @src: where it comes from
 * @known: @obj describes it
 * @obj: copy of the record
 * @fd: file to use
 * @fdname: "own", "shared" or "parent", for messages
 * @vis: see &enum fz_vis, for ioctls through @fd
 * @nl_vis: the same for netlink (root sees every object)
 */
struct fz_target {
	__u32 id;
	enum fz_src src;
	bool known;
	struct fz_obj obj;
	int fd;
	const char *fdname;
	enum fz_vis vis;
	enum fz_vis nl_vis;
};

/* Checks beyond the errno of a call, counted to show they run. */
enum fz_chk {
	FZ_CHK_SIGBUS,		/* SIGBUS past an object's end (mremap) */
	FZ_CHK_MAP_DATA,	/* mapping vs READ/WRITE */
	FZ_CHK_READBACK,	/* WRITE then READ */
	FZ_CHK_REFILL,		/* FILL then VERIFY (and its complement) */
	FZ_CHK_ZERO,		/* GFP_ZERO / vmalloc objects read zeros */
	FZ_CHK_CLOSED,		/* file-scoped objects gone with their file */
	FZ_CHK_DEAD,		/* calls on freed ids (must be ENOENT/EINVAL) */
	FZ_CHK_NR
};

struct fz_stats {
	atomic_ulong ops[FZ_OP_NR];
	atomic_ulong ok[FZ_OP_NR];
	atomic_ulong found[FZ_OP_NR];
	atomic_ulong drawn[FZ_OP_NR];	/* operations drawn, and their time */
	atomic_ulong ns[FZ_OP_NR];
	atomic_ulong err[FZ_OP_NR][FZ_ERRNO_MAX];
	atomic_ulong findings;
	atomic_ulong thread_ops;
	atomic_ulong child_ops;
	atomic_ulong cleanup_ops;
	atomic_ulong forks;
	atomic_ulong checks[FZ_CHK_NR];	/* deeper checks that ran */
};

struct fz_run;

/* A netlink socket and its receive buffer. */
struct fz_nl {
	struct nl_sock *sk;
	int family;
	char *buf;
	unsigned long stale;		/* replies to older requests skipped */
};

struct fz_thread {
	struct fz_run *run;
	unsigned int idx;
	uint64_t seed;
	uint64_t rng;
	unsigned long nops;		/* operations to run */
	unsigned long op_idx;		/* the current one */
	enum fz_op op;
	bool child;			/* in a fork child */
	bool pick_ro;			/* fz_pick() for a read-only use */
	unsigned int child_op;
	bool cleanup;
	int fd;				/* own /dev/memlab file */
	int parent_fd;			/* fork child: the parent's file */
	struct fz_nl nl;
	__u64 held;			/* bytes the own pool holds */
	unsigned long name_seq;

	struct fz_obj objs[FZ_MAX_OBJS];
	int nr_objs;
	struct fz_obj caches[FZ_MAX_CACHES];
	int nr_caches;
	struct fz_obj inh[FZ_MAX_OBJS];	/* fork child: parent's objects */
	int nr_inh;
	struct fz_obj dead[FZ_MAX_DEAD];
	int nr_dead;
	int dead_pos;
	struct fz_obj names[FZ_MAX_NAMES];	/* destroyed caches */
	int nr_names;
	int names_pos;
	struct fz_map maps[FZ_MAX_MAPS];
	int nr_maps;

	char note[64];			/* how fz_ioctl passed the argument */
	bool arg_back;			/* fz_ioctl read the struct back */
	char *area;			/* argument, data and guard pages */
	size_t area_len;
	char *arg;			/* FZ_ARG_PAGES read-write pages */
	char *arg_end;			/* guard page after them */
	char *ro;			/* a read-only page (guard after it) */
	char *ro_rw;			/* the same page, writable */
	unsigned char *data;		/* FZ_DATA_PAGES read-write pages */
	unsigned char *data_end;	/* guard page after them */
	pthread_t th;
};

struct fz_run {
	struct fz_opts opts;
	long page;
	uid_t uid;
	struct memlab_info info;	/* at the start */
	int shared_fd;
	pthread_mutex_t lock;		/* the shared pool */
	struct fz_obj shared[FZ_MAX_SHARED];
	int nr_shared;
	__u64 shared_held;
	int family;			/* genl family id, -1 without netlink */
	struct timespec start;
	double deadline;		/* CLOCK_MONOTONIC seconds, 0: none */
	atomic_bool stop;
	struct fz_stats *st;		/* MAP_SHARED: fork children count */
	struct fz_thread *threads;
};

/* fuzz.c: randomness */
uint64_t fz_rnd(struct fz_thread *t);
uint64_t fz_below(struct fz_thread *t, uint64_t n);
bool fz_chance(struct fz_thread *t, unsigned int percent);
uint64_t fz_small(struct fz_thread *t, uint64_t max);
void fz_fill_rnd(struct fz_thread *t, void *buf, size_t len);

/* fuzz.c: expectations, checks, reports */
static inline void fz_exp_init(struct fz_exp *e, uint32_t allowed)
{
	e->allowed = allowed;
	e->ok = true;
}

static inline void fz_violate(struct fz_exp *e, uint32_t bits)
{
	e->allowed |= bits;
	e->ok = false;
}

static inline void fz_allow(struct fz_exp *e, uint32_t bits)
{
	e->allowed |= bits;
}

void fz_exp_target(struct fz_exp *e, const struct fz_target *tg, bool modify);
bool fz_check(struct fz_thread *t, enum fz_op op, long rc,
	      const struct fz_exp *e, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void fz_finding(struct fz_thread *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void fz_count(struct fz_thread *t, enum fz_chk chk);
void fz_say(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *fz_errname(int err);
const char *fz_kindname(__u32 kind);
long fz_ioctl(struct fz_thread *t, int fd, unsigned int cmd, void *arg,
	      size_t size, struct fz_exp *e);
long fz_ioctl_plain(int fd, unsigned long cmd, void *arg);

/* fuzz.c: pools */
void fz_pick(struct fz_thread *t, struct fz_target *tg, unsigned int what,
	     __u32 prefer_kinds);
const char *fz_tdesc(const struct fz_target *tg, char *buf, size_t len);
struct fz_obj *fz_own_find(struct fz_thread *t, __u32 id);
bool fz_own_exclusive(const struct fz_obj *o);
int fz_add_obj(struct fz_thread *t, const struct fz_obj *o, bool shared);
void fz_forget(struct fz_thread *t, __u32 id, bool closed);
bool fz_known_id(struct fz_thread *t, __u32 id);
void fz_set_token(struct fz_thread *t, __u32 id, __u64 token);
void fz_set_persistent(struct fz_thread *t, __u32 id);
int fz_cache_users(struct fz_thread *t, __u32 cache_id);
bool fz_mappable(__u32 kind);
__u32 fz_gfp_ok(__u32 kind);
__u64 fz_charge(const struct fz_obj *o, long page);
unsigned long fz_obj_pages(const struct fz_obj *o, long page);
void fz_run_op(struct fz_thread *t, bool child);

/* ops_ioctl.c */
/**
 * struct fz_agen - an ALLOC request as generated, and what it implies
 * @a: the request
 * @ct: cache objects: the cache target
 * @cache: the cache's record when known (points into @ct)
 * @e: the expectation
 * @td: @ct described, for messages
 * @fd: file to use
 * @shared: @fd is the shared file
 */
struct fz_agen {
	struct memlab_alloc a;
	struct fz_target ct;
	const struct fz_obj *cache;
	struct fz_exp e;
	char td[128];
	int fd;
	bool shared;
};

void fz_op_info(struct fz_thread *t);
void fz_op_alloc(struct fz_thread *t);
void fz_op_free(struct fz_thread *t);
void fz_op_cache_create(struct fz_thread *t);
void fz_op_cache_destroy(struct fz_thread *t);
void fz_op_read(struct fz_thread *t);
void fz_op_write(struct fz_thread *t);
void fz_op_fill(struct fz_thread *t);
void fz_op_verify(struct fz_thread *t);
void fz_op_sync(struct fz_thread *t);
void fz_op_mmap_offset(struct fz_thread *t);
void fz_op_obj_info(struct fz_thread *t);
void fz_op_list(struct fz_thread *t);
void fz_op_persist(struct fz_thread *t);
void fz_op_bad_ioctl(struct fz_thread *t);
void fz_op_audit(struct fz_thread *t);
__u64 fz_get_token(struct fz_thread *t, const struct fz_target *tg);
void fz_free_now(struct fz_thread *t, int fd, const struct fz_obj *o,
		 bool must);
bool fz_obj_info(int fd, __u32 id, struct memlab_obj_info *oi);
__u32 fz_gen_gfp(struct fz_thread *t, __u32 kind, struct fz_exp *e);
void fz_gen_alloc(struct fz_thread *t, struct fz_agen *g, unsigned int count);
void fz_keep_new(struct fz_thread *t, const struct fz_agen *g, __u32 id,
		 const char *op);

/* ops_batch.c */
void fz_op_alloc_batch(struct fz_thread *t);
void fz_op_free_batch(struct fz_thread *t);
void fz_op_bench(struct fz_thread *t);

/* ops_mmap.c */
void fz_op_mmap(struct fz_thread *t);
void fz_op_touch(struct fz_thread *t);
void fz_op_munmap(struct fz_thread *t);
void fz_op_mremap(struct fz_thread *t);
void fz_op_mprotect(struct fz_thread *t);
int fz_signals_install(void);
void fz_signals_restore(void);
void fz_unmap_all(struct fz_thread *t);
void fz_touch_some(struct fz_thread *t, int nr);

/* ops_proc.c */
void fz_op_reopen(struct fz_thread *t);
void fz_op_fork(struct fz_thread *t);

/* ops_netlink.c */
struct fz_nl_stats {
	__u64 objects, bytes, caches, mapped, allocs, frees;
};

int fz_nl_resolve(void);
int fz_nl_open(struct fz_nl *nl, int family);
void fz_nl_close(struct fz_nl *nl);
int fz_nl_get_stats(struct fz_nl *nl, struct fz_nl_stats *s);
void fz_op_nl_stats(struct fz_thread *t);
void fz_op_nl_object(struct fz_thread *t);
void fz_op_nl_cache(struct fz_thread *t);
void fz_op_nl_dump(struct fz_thread *t);
void fz_op_nl_bad(struct fz_thread *t);

#endif /* MEMLAB_FUZZ_ENGINE_H */

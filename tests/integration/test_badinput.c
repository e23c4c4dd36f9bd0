// SPDX-License-Identifier: GPL-2.0
/*
 * Bad input: unknown commands, unknown flags, nonzero padding and output
 * fields, bad pointers, older and newer struct sizes, unknown ids and
 * operations on the wrong kind.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <termios.h>

#include "common.h"

#define IOC_MAX_SIZE	((1U << _IOC_SIZEBITS) - 1)

/* Every command with its first published struct size. */
static const struct {
	const char *name;
	unsigned long cmd;
	size_t size;
	bool input;		/* the driver reads the struct */
} cmds[] = {
	{ "INFO", MEMLAB_IOC_INFO, sizeof(struct memlab_info), false },
	{ "ALLOC", MEMLAB_IOC_ALLOC, sizeof(struct memlab_alloc), true },
	{ "FREE", MEMLAB_IOC_FREE, sizeof(struct memlab_id), true },
	{ "CACHE_CREATE", MEMLAB_IOC_CACHE_CREATE,
	  sizeof(struct memlab_cache_create), true },
	{ "CACHE_DESTROY", MEMLAB_IOC_CACHE_DESTROY, sizeof(struct memlab_id),
	  true },
	{ "READ", MEMLAB_IOC_READ, sizeof(struct memlab_rw), true },
	{ "WRITE", MEMLAB_IOC_WRITE, sizeof(struct memlab_rw), true },
	{ "FILL", MEMLAB_IOC_FILL, sizeof(struct memlab_fill), true },
	{ "VERIFY", MEMLAB_IOC_VERIFY, sizeof(struct memlab_fill), true },
	{ "SYNC", MEMLAB_IOC_SYNC, sizeof(struct memlab_sync), true },
	{ "MMAP_OFFSET", MEMLAB_IOC_MMAP_OFFSET,
	  sizeof(struct memlab_mmap_offset), true },
	{ "OBJ_INFO", MEMLAB_IOC_OBJ_INFO, sizeof(struct memlab_obj_info),
	  true },
	{ "LIST", MEMLAB_IOC_LIST, sizeof(struct memlab_list), true },
	{ "PERSIST", MEMLAB_IOC_PERSIST, sizeof(struct memlab_id), true },
};

/* The same command with another struct size. */
static unsigned long resize(unsigned long cmd, size_t size)
{
	return _IOC(_IOC_DIR(cmd), _IOC_TYPE(cmd), _IOC_NR(cmd), size);
}

static void expect_alloc(struct ml_fixture *fx, struct memlab_alloc a,
			 int expected, const char *what)
{
	int rc = ml_alloc_raw(fx->fd, &a);

	if (rc == 0)
		ml_free(fx->fd, a.id);
	if (rc != expected)
		fail_msg("%s: ALLOC returned %s, expected %s", what,
			 ml_errname(rc), ml_errname(expected));
}

static void test_unknown_ioctl(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char buf[512] = { 0 };
	const unsigned long bad[] = {
		_IO(MEMLAB_IOC_MAGIC, 0x11),
		_IOWR(MEMLAB_IOC_MAGIC, 0x11, struct memlab_alloc),
		_IOR(MEMLAB_IOC_MAGIC, 0x40, struct memlab_info),
		_IO(MEMLAB_IOC_MAGIC, 0xff),
		_IOR(MEMLAB_IOC_MAGIC + 1, 0x00, struct memlab_info),
		_IOWR('m', 0x01, struct memlab_alloc),
		_IO(0, 0),
		TCGETS,
		/* Known numbers with the wrong direction. */
		_IOW(MEMLAB_IOC_MAGIC, 0x00, struct memlab_info),
		_IOR(MEMLAB_IOC_MAGIC, 0x02, struct memlab_id),
		_IO(MEMLAB_IOC_MAGIC, 0x01),
	};
	unsigned int i;

	for (i = 0; i < ML_ARRAY_SIZE(bad); i++) {
		int rc = ml_ioctl(fx->fd, bad[i], buf);

		if (rc != -ENOTTY)
			fail_msg("ioctl %#lx returned %s, expected -ENOTTY",
				 bad[i], ml_errname(rc));
	}
	ml_assert_baseline(fx);
}

#define KM(...)	{ .kind = MEMLAB_KIND_KMALLOC, .size = 64, __VA_ARGS__ }
#define PG(...)	{ .kind = MEMLAB_KIND_PAGES, __VA_ARGS__ }
#define VM(...)	{ .kind = MEMLAB_KIND_VMALLOC, .size = 64, __VA_ARGS__ }
#define DS(...)	{ .kind = MEMLAB_KIND_DMA_STREAMING, .size = 64, __VA_ARGS__ }
#define DC(...)	{ .kind = MEMLAB_KIND_DMA_COHERENT, .size = 64, __VA_ARGS__ }

static const struct {
	struct memlab_alloc a;
	const char *what;
} bad_allocs[] = {
	{ KM(.flags = 1U << 1), "unknown flag bit 1" },
	{ KM(.flags = 1U << 31), "unknown flag bit 31" },
	{ KM(.gfp = 1U << 11), "unknown gfp bit 11" },
	{ KM(.gfp = 1U << 31), "unknown gfp bit 31" },
	{ KM(.pad = 1), "nonzero pad" },
	{ KM(.id = 5), "nonzero output id" },
	{ { .kind = 0, .size = 64 }, "kind 0" },
	{ { .kind = MEMLAB_KIND_CACHE, .size = 64 }, "kind CACHE" },
	{ { .kind = MEMLAB_KIND_NR, .size = 64 }, "kind NR" },
	{ { .kind = 0xffffffff, .size = 64 }, "kind ~0" },
	{ KM(.order = 1), "order for kmalloc" },
	{ KM(.cache_id = 1), "cache_id for kmalloc" },
	{ KM(.dma_dir = 1), "dma_dir for kmalloc" },
	{ PG(.size = 4096), "size for pages" },
	{ PG(.dma_dir = 2), "dma_dir for pages" },
	{ PG(.cache_id = 1), "cache_id for pages" },
	{ VM(.order = 2), "order for vmalloc" },
	{ VM(.cache_id = 3), "cache_id for vmalloc" },
	{ { .kind = MEMLAB_KIND_CACHE_OBJ, .size = 64 },
	  "size for cache object" },
	{ DS(.dma_dir = 3), "dma_dir 3" },
	{ DS(.dma_dir = 0xffffffff), "dma_dir ~0" },
	{ DS(.order = 1), "order for streaming" },
	{ DC(.dma_dir = 1), "dma_dir for coherent" },
	{ DC(.cache_id = 1), "cache_id for coherent" },
};

static __u32 kind_feature(__u32 kind)
{
	switch (kind) {
	case MEMLAB_KIND_DMA_COHERENT:
		return MEMLAB_FEAT_DMA_COHERENT;
	case MEMLAB_KIND_DMA_STREAMING:
		return MEMLAB_FEAT_DMA_STREAMING;
	default:
		return 0;
	}
}

static void test_alloc_bad_fields(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct memlab_alloc ok_km = KM(), ok_pg = PG();
	unsigned int i;

	/* The base cases are valid. */
	expect_alloc(fx, ok_km, 0, "kmalloc 64");
	expect_alloc(fx, ok_pg, 0, "pages order 0");
	for (i = 0; i < ML_ARRAY_SIZE(bad_allocs); i++) {
		if (!ml_has_feature(fx, kind_feature(bad_allocs[i].a.kind)))
			continue;
		expect_alloc(fx, bad_allocs[i].a, -EINVAL, bad_allocs[i].what);
	}
	ml_assert_baseline(fx);
}

static void test_alloc_gfp_rules(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct {
		const struct ml_kind *k;
		__u32 gfp;
		const char *what;
	} bad[] = {
		{ &ml_kind_kmalloc, MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC,
		  "KERNEL|ATOMIC" },
		{ &ml_kind_kmalloc, MEMLAB_GFP_ATOMIC | MEMLAB_GFP_NOWAIT,
		  "ATOMIC|NOWAIT" },
		{ &ml_kind_kmalloc, MEMLAB_GFP_KERNEL | MEMLAB_GFP_NOWAIT,
		  "KERNEL|NOWAIT" },
		{ &ml_kind_pages0, MEMLAB_GFP_DMA | MEMLAB_GFP_DMA32,
		  "DMA|DMA32" },
		/* two zones: gfp_zone() VM_BUG_ONs (found by the fuzzer) */
		{ &ml_kind_pages0, MEMLAB_GFP_HIGHMEM | MEMLAB_GFP_DMA,
		  "pages HIGHMEM|DMA" },
		{ &ml_kind_pages0, MEMLAB_GFP_HIGHMEM | MEMLAB_GFP_DMA32,
		  "pages HIGHMEM|DMA32" },
		{ &ml_kind_kmalloc, MEMLAB_GFP_HIGHMEM, "kmalloc HIGHMEM" },
		{ &ml_kind_vmalloc, MEMLAB_GFP_HIGHMEM, "vmalloc HIGHMEM" },
		{ &ml_kind_vmalloc, MEMLAB_GFP_ATOMIC, "vmalloc ATOMIC" },
		{ &ml_kind_vmalloc, MEMLAB_GFP_NOWAIT, "vmalloc NOWAIT" },
		{ &ml_kind_vmalloc, MEMLAB_GFP_DMA, "vmalloc DMA" },
		{ &ml_kind_vmalloc, MEMLAB_GFP_DMA32, "vmalloc DMA32" },
		{ &ml_kind_dma_coherent, MEMLAB_GFP_DMA, "coherent DMA" },
		{ &ml_kind_dma_coherent, MEMLAB_GFP_DMA32, "coherent DMA32" },
		{ &ml_kind_dma_coherent, MEMLAB_GFP_HIGHMEM,
		  "coherent HIGHMEM" },
		{ &ml_kind_dma_coherent, MEMLAB_GFP_ACCOUNT,
		  "coherent ACCOUNT" },
		{ &ml_kind_dma_streaming, MEMLAB_GFP_DMA, "streaming DMA" },
		{ &ml_kind_dma_streaming, MEMLAB_GFP_DMA32,
		  "streaming DMA32" },
		{ &ml_kind_dma_streaming, MEMLAB_GFP_HIGHMEM,
		  "streaming HIGHMEM" },
		{ &ml_kind_dma_streaming, MEMLAB_GFP_ACCOUNT,
		  "streaming ACCOUNT" },
	};
	unsigned int i;

	for (i = 0; i < ML_ARRAY_SIZE(bad); i++) {
		struct memlab_alloc a = {
			.kind = bad[i].k->kind, .size = bad[i].k->size,
			.order = bad[i].k->order, .gfp = bad[i].gfp,
		};

		if (!ml_has_feature(fx, bad[i].k->feature))
			continue;
		expect_alloc(fx, a, -EINVAL, bad[i].what);
	}
	ml_assert_baseline(fx);
}

static void test_cache_obj_gfp_rules(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u32 bad[] = {
		MEMLAB_GFP_DMA, MEMLAB_GFP_DMA32, MEMLAB_GFP_HIGHMEM,
		MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC,
	};
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	unsigned int i;

	ml_name(name, sizeof(name), "gfp");
	assert_errno(ml_cache_create(fx->fd, name, 96, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	ml_fx_track_id(fx, cc.id);
	for (i = 0; i < ML_ARRAY_SIZE(bad); i++) {
		struct memlab_alloc a = {
			.kind = MEMLAB_KIND_CACHE_OBJ, .cache_id = cc.id,
			.gfp = bad[i],
		};

		expect_alloc(fx, a, -EINVAL, "cache object gfp");
	}
	/* the order follows from the cache too (found by the fuzzer) */
	for (i = 1; i <= 10; i += 9) {
		struct memlab_alloc a = {
			.kind = MEMLAB_KIND_CACHE_OBJ, .cache_id = cc.id,
			.order = i,
		};

		expect_alloc(fx, a, -EINVAL, "cache object order");
	}
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	ml_fx_untrack_id(fx, cc.id);
}

/* Invalid variants of a valid CACHE_CREATE argument (name added later). */
#define CC(...) { .object_size = 64, .slab_flags = MEMLAB_SLAB_NO_MERGE, \
		  __VA_ARGS__ }

static const struct {
	struct memlab_cache_create c;
	const char *what;
} bad_caches[] = {
	{ { .object_size = 64, .slab_flags = MEMLAB_SLAB_NO_MERGE | 1U << 9 },
	  "slab flag bit 9" },
	{ { .object_size = 64, .slab_flags = MEMLAB_SLAB_NO_MERGE | 1U << 31 },
	  "slab flag bit 31" },
	{ CC(.flags = 1U << 1), "flag bit 1" },
	{ CC(.id = 1), "nonzero output id" },
	{ CC(.merged = 1), "nonzero output merged" },
	{ CC(.slab_size = 64), "nonzero output slab_size" },
	{ CC(.pad = 1), "nonzero pad" },
	{ CC(.merged_into = "x"), "nonzero output merged_into" },
	{ CC(.merged_into[31] = 1), "nonzero end of merged_into" },
	{ { .slab_flags = MEMLAB_SLAB_NO_MERGE }, "object_size 0" },
	{ CC(.align = 3), "align 3" },
	{ CC(.align = 24), "align 24" },
	{ CC(.align = 1U << 31), "align 2^31" },
};

static void expect_cache_einval(struct ml_fixture *fx,
				struct memlab_cache_create c, const char *what)
{
	int rc;

	ml_name(c.name, sizeof(c.name), "bad");
	rc = ml_ioctl(fx->fd, MEMLAB_IOC_CACHE_CREATE, &c);
	if (rc == 0)
		ml_cache_destroy(fx->fd, c.id);
	if (rc != -EINVAL)
		fail_msg("%s: CACHE_CREATE returned %s, expected -EINVAL", what,
			 ml_errname(rc));
}

static void test_cache_create_bad_fields(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create c = CC();
	unsigned int i;

	for (i = 0; i < ML_ARRAY_SIZE(bad_caches); i++)
		expect_cache_einval(fx, bad_caches[i].c, bad_caches[i].what);
	c.align = 2 * fx->page;
	expect_cache_einval(fx, c, "align 2 pages");
	/*
	 * Objects up to half of kmalloc_max: a kmalloc_max object with SLUB
	 * debug metadata does not fit a slab and kmem_cache_create() dumped
	 * a stack (found by the fuzzer).
	 */
	c.align = 0;
	c.object_size = fx->base.kmalloc_max;
	expect_cache_einval(fx, c, "object_size kmalloc_max");
	c.object_size = fx->base.kmalloc_max / 2 + 1;
	expect_cache_einval(fx, c, "object_size kmalloc_max / 2 + 1");
	c.object_size = fx->base.kmalloc_max / 2;
	ml_name(c.name, sizeof(c.name), "big");
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_CACHE_CREATE, &c), 0);
	assert_errno(ml_cache_destroy(fx->fd, c.id), 0);
	/* the output fields are set now: start again from the base case */
	memset(&c, 0, sizeof(c));
	c.object_size = 64;
	c.slab_flags = MEMLAB_SLAB_NO_MERGE;
	/* The base case is valid, also with the largest alignment. */
	c.align = fx->page;
	ml_name(c.name, sizeof(c.name), "bad");
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_CACHE_CREATE, &c), 0);
	assert_errno(ml_cache_destroy(fx->fd, c.id), 0);
	ml_assert_baseline(fx);
}

static void test_id_flags_nonzero(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	struct memlab_obj_info oi;
	char name[MEMLAB_NAME_LEN];
	struct memlab_id arg;
	__u32 id;

	assert_errno(ml_kmalloc(fx->fd, 64, &id), 0);
	ml_name(name, sizeof(name), "idflags");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);

	arg.id = id;
	arg.flags = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_FREE, &arg), -EINVAL);
	arg.flags = 1U << 31;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_PERSIST, &arg), -EINVAL);
	arg.id = cc.id;
	arg.flags = 2;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_CACHE_DESTROY, &arg),
		     -EINVAL);

	/* Nothing happened. */
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.flags & MEMLAB_OBJ_PERSISTENT, 0);
	assert_errno(ml_obj_info(fx->fd, cc.id, &oi), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
}

static void test_access_bad_fields(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char buf[64] = { 0 };
	struct memlab_rw rw = {
		.length = sizeof(buf), .buf = ML_PTR(buf),
	};
	struct memlab_fill f = { .length = 64 };
	struct memlab_mmap_offset mo = { 0 };
	struct memlab_obj_info ent[2];
	struct memlab_list l;
	__u32 id, pg;

	assert_errno(ml_kmalloc(fx->fd, 64, &id), 0);
	assert_errno(ml_pages(fx->fd, 0, &pg), 0);

	rw.id = id;
	rw.flags = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_READ, &rw), -EINVAL);
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_WRITE, &rw), -EINVAL);
	rw.flags = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_READ, &rw), 0);

	f.id = id;
	f.nr_bad = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_VERIFY, &f), -EINVAL);
	f.nr_bad = 0;
	f.first_bad = ~0ULL;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_VERIFY, &f), -EINVAL);
	f.first_bad = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_VERIFY, &f), 0);

	mo.id = pg;
	mo.pad = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_MMAP_OFFSET, &mo), -EINVAL);
	mo.pad = 0;
	mo.offset = 4096;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_MMAP_OFFSET, &mo), -EINVAL);
	mo.offset = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_MMAP_OFFSET, &mo), 0);

	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(ent);
	l.capacity = 2;
	l.entry_size = sizeof(ent[0]);
	l.flags = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EINVAL);
	l.flags = 0;
	l.count = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EINVAL);
	l.count = 0;
	l.next_id = 7;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EINVAL);
	l.next_id = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);

	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_free(fx->fd, pg), 0);
}

/* Valid argument for each command, built around live objects. */
struct valid_args {
	__u32 km, pg, cache;
	unsigned char data[64];
	struct memlab_obj_info ent[4];
};

static void make_valid(struct ml_fixture *fx, struct valid_args *v)
{
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];

	memset(v, 0, sizeof(*v));
	assert_errno(ml_kmalloc(fx->fd, 64, &v->km), 0);
	assert_errno(ml_pages(fx->fd, 0, &v->pg), 0);
	ml_name(name, sizeof(name), "valid");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	v->cache = cc.id;
}

/* Free what make_valid() made; the counters must be back at baseline. */
static void drop_valid(struct ml_fixture *fx, struct valid_args *v)
{
	assert_errno(ml_free(fx->fd, v->km), 0);
	assert_errno(ml_free(fx->fd, v->pg), 0);
	assert_errno(ml_cache_destroy(fx->fd, v->cache), 0);
	ml_assert_baseline(fx);
}

/*
 * Write a valid argument for cmds[i] into buf (zeroed by the caller).
 * Commands that destroy something get a throwaway object.
 */
static void fill_valid(struct ml_fixture *fx, struct valid_args *v,
		       unsigned int i, void *buf)
{
	unsigned long cmd = cmds[i].cmd;

	if (cmd == MEMLAB_IOC_ALLOC) {
		struct memlab_alloc *a = buf;

		a->kind = MEMLAB_KIND_KMALLOC;
		a->size = 32;
	} else if (cmd == MEMLAB_IOC_FREE || cmd == MEMLAB_IOC_PERSIST) {
		struct memlab_id *a = buf;

		assert_errno(ml_kmalloc(fx->fd, 16, &a->id), 0);
	} else if (cmd == MEMLAB_IOC_CACHE_CREATE) {
		struct memlab_cache_create *a = buf;
		static int seq;

		snprintf(a->name, sizeof(a->name), "mlt_sz%d_%d", seq++,
			 (int)getpid());
		a->object_size = 48;
		a->slab_flags = MEMLAB_SLAB_NO_MERGE;
	} else if (cmd == MEMLAB_IOC_CACHE_DESTROY) {
		struct memlab_cache_create cc;
		struct memlab_id *a = buf;
		char name[MEMLAB_NAME_LEN];
		static int seq;

		snprintf(name, sizeof(name), "mlt_cd%d_%d", seq++,
			 (int)getpid());
		assert_errno(ml_cache_create(fx->fd, name, 32, 0,
					     MEMLAB_SLAB_NO_MERGE, 0, &cc), 0);
		a->id = cc.id;
	} else if (cmd == MEMLAB_IOC_READ || cmd == MEMLAB_IOC_WRITE) {
		struct memlab_rw *a = buf;

		a->id = v->km;
		a->length = sizeof(v->data);
		a->buf = ML_PTR(v->data);
	} else if (cmd == MEMLAB_IOC_FILL || cmd == MEMLAB_IOC_VERIFY) {
		struct memlab_fill *a = buf;

		a->id = v->km;
		a->length = 64;
	} else if (cmd == MEMLAB_IOC_SYNC) {
		struct memlab_sync *a = buf;

		/* Valid only with a streaming object; else -EINVAL. */
		a->op = MEMLAB_SYNC_FOR_CPU;
		a->length = 1;
		a->id = v->km;
	} else if (cmd == MEMLAB_IOC_MMAP_OFFSET) {
		struct memlab_mmap_offset *a = buf;

		a->id = v->pg;
	} else if (cmd == MEMLAB_IOC_OBJ_INFO) {
		struct memlab_obj_info *a = buf;

		a->id = v->km;
	} else if (cmd == MEMLAB_IOC_LIST) {
		struct memlab_list *a = buf;

		a->entries = ML_PTR(v->ent);
		a->capacity = ML_ARRAY_SIZE(v->ent);
		a->entry_size = sizeof(v->ent[0]);
	}
}

/* Undo what a successful valid command created. */
static void undo_valid(struct ml_fixture *fx, unsigned int i, void *buf)
{
	unsigned long cmd = cmds[i].cmd;

	if (cmd == MEMLAB_IOC_ALLOC)
		ml_free(fx->fd, ((struct memlab_alloc *)buf)->id);
	else if (cmd == MEMLAB_IOC_CACHE_CREATE)
		ml_cache_destroy(fx->fd,
				 ((struct memlab_cache_create *)buf)->id);
	else if (cmd == MEMLAB_IOC_PERSIST || cmd == MEMLAB_IOC_FREE)
		ml_free(fx->fd, ((struct memlab_id *)buf)->id);
	else if (cmd == MEMLAB_IOC_CACHE_DESTROY)
		ml_cache_destroy(fx->fd, ((struct memlab_id *)buf)->id);
}

/* FREE, PERSIST and CACHE_DESTROY get a throwaway id to act on. */
static bool throwaway(unsigned int i)
{
	return cmds[i].cmd == MEMLAB_IOC_FREE ||
	       cmds[i].cmd == MEMLAB_IOC_PERSIST ||
	       cmds[i].cmd == MEMLAB_IOC_CACHE_DESTROY;
}

static int expected_valid(unsigned int i)
{
	/* SYNC on a kmalloc object: wrong kind, but past the size check. */
	return cmds[i].cmd == MEMLAB_IOC_SYNC ? -EINVAL : 0;
}

static void test_struct_size_older(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	static union {
		unsigned char b[IOC_MAX_SIZE + 1];
		__u64 align;
	} u;
	unsigned char *buf = u.b;
	struct valid_args v;
	unsigned int i, j;

	make_valid(fx, &v);
	for (i = 0; i < ML_ARRAY_SIZE(cmds); i++) {
		const size_t sizes[] = {
			0, 4, cmds[i].size / 2, cmds[i].size - 8,
			cmds[i].size - 1,
		};

		for (j = 0; j < ML_ARRAY_SIZE(sizes); j++) {
			int rc;

			memset(buf, 0, sizeof(u.b));
			fill_valid(fx, &v, i, buf);
			rc = ml_ioctl(fx->fd, resize(cmds[i].cmd, sizes[j]),
				      buf);
			if (rc == 0 || throwaway(i))
				undo_valid(fx, i, buf);
			if (rc != -EINVAL)
				fail_msg("%s with size %zu: %s, expected -EINVAL",
					 cmds[i].name, sizes[j],
					 ml_errname(rc));
		}
	}
	drop_valid(fx, &v);
}

static void test_struct_size_newer_zero_tail(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	static union {
		unsigned char b[IOC_MAX_SIZE + 1];
		__u64 align;
	} u;
	unsigned char *buf = u.b;
	struct valid_args v;
	unsigned int i, j;

	make_valid(fx, &v);
	for (i = 0; i < ML_ARRAY_SIZE(cmds); i++) {
		const size_t sizes[] = {
			cmds[i].size + 1, cmds[i].size + 8,
			cmds[i].size + 64, 4096, IOC_MAX_SIZE,
		};

		for (j = 0; j < ML_ARRAY_SIZE(sizes); j++) {
			int rc;

			memset(buf, 0, sizeof(u.b));
			fill_valid(fx, &v, i, buf);
			rc = ml_ioctl(fx->fd, resize(cmds[i].cmd, sizes[j]),
				      buf);
			if (rc == 0)
				undo_valid(fx, i, buf);
			if (rc != expected_valid(i))
				fail_msg("%s with size %zu, zero tail: %s, expected %s",
					 cmds[i].name, sizes[j],
					 ml_errname(rc),
					 ml_errname(expected_valid(i)));
			if (cmds[i].cmd == MEMLAB_IOC_INFO)
				assert_int_equal(((struct memlab_info *)buf)
						 ->version, MEMLAB_VERSION);
			if (cmds[i].cmd == MEMLAB_IOC_OBJ_INFO)
				assert_int_equal(((struct memlab_obj_info *)buf)
						 ->size, 64);
		}
	}
	drop_valid(fx, &v);
}

static void test_struct_size_newer_nonzero_tail(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	static union {
		unsigned char b[IOC_MAX_SIZE + 1];
		__u64 align;
	} u;
	unsigned char *buf = u.b;
	struct memlab_obj_info oi;
	struct valid_args v;
	unsigned int i, j;

	make_valid(fx, &v);
	for (i = 0; i < ML_ARRAY_SIZE(cmds); i++) {
		const size_t sizes[] = {
			cmds[i].size + 1, cmds[i].size + 8, IOC_MAX_SIZE,
		};

		if (!cmds[i].input)
			continue;
		for (j = 0; j < ML_ARRAY_SIZE(sizes); j++) {
			int rc;

			memset(buf, 0, sizeof(u.b));
			fill_valid(fx, &v, i, buf);
			buf[sizes[j] - 1] = 0x01;
			rc = ml_ioctl(fx->fd, resize(cmds[i].cmd, sizes[j]),
				      buf);
			if (rc == 0)
				undo_valid(fx, i, buf);
			/* FREE/PERSIST/DESTROY did nothing: the id lives. */
			if (throwaway(i)) {
				__u32 id = ((struct memlab_id *)buf)->id;

				assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
				assert_int_equal(oi.flags &
						 MEMLAB_OBJ_PERSISTENT, 0);
				undo_valid(fx, i, buf);
			}
			if (rc != -E2BIG)
				fail_msg("%s with size %zu, nonzero tail: %s, expected -E2BIG",
					 cmds[i].name, sizes[j],
					 ml_errname(rc));
		}
	}
	drop_valid(fx, &v);
}

/* Two pages: the first read-write, the second PROT_NONE. */
static unsigned char *guard_pages(struct ml_fixture *fx)
{
	unsigned char *p;

	p = ml_fx_mmap(fx, -1, 2 * fx->page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(mprotect(p + fx->page, fx->page, PROT_NONE), 0);
	return p;
}

static void *unmapped_address(struct ml_fixture *fx)
{
	void *p = mmap(NULL, fx->page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	assert_true(p != MAP_FAILED);
	assert_int_equal(munmap(p, fx->page), 0);
	return p;
}

static void test_efault_arg(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *g = guard_pages(fx);
	void *hole = unmapped_address(fx);
	__u64 arg[512 / 8];
	struct valid_args v;
	unsigned int i;

	make_valid(fx, &v);
	for (i = 0; i < ML_ARRAY_SIZE(cmds); i++) {
		void *const bad[] = {
			NULL, hole, g + fx->page, (void *)(uintptr_t)1,
			(void *)(uintptr_t)0xffff800000000000ULL,
		};
		unsigned int j;
		int rc;

		for (j = 0; j < ML_ARRAY_SIZE(bad); j++) {
			rc = ml_ioctl(fx->fd, cmds[i].cmd, bad[j]);
			if (rc != -EFAULT)
				fail_msg("%s with arg %p: %s, expected -EFAULT",
					 cmds[i].name, bad[j], ml_errname(rc));
		}

		/* Straddling: all but the last 4 bytes readable. */
		memset(arg, 0, sizeof(arg));
		fill_valid(fx, &v, i, arg);
		memset(g, 0, fx->page);
		memcpy(g + fx->page - cmds[i].size + 4, arg, cmds[i].size - 4);
		rc = ml_ioctl(fx->fd, cmds[i].cmd,
			      g + fx->page - cmds[i].size + 4);
		/* The id lies in the readable part: clean it up. */
		if (rc == 0 || throwaway(i))
			undo_valid(fx, i, arg);
		if (rc != -EFAULT)
			fail_msg("%s straddling a PROT_NONE page: %s, expected -EFAULT",
				 cmds[i].name, ml_errname(rc));
	}
	drop_valid(fx, &v);
}

/*
 * Output that cannot be written back: the driver must report -EFAULT and
 * undo what it did (no object, no cache, counters unchanged).
 */
static void test_efault_readonly_output(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 arg[512 / 8];
	struct valid_args v;
	unsigned char *p;
	unsigned int i;

	make_valid(fx, &v);
	p = ml_fx_mmap(fx, -1, fx->page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	assert_true(p != MAP_FAILED);
	for (i = 0; i < ML_ARRAY_SIZE(cmds); i++) {
		unsigned long cmd = cmds[i].cmd;
		int rc;

		if (_IOC_DIR(cmd) != (_IOC_READ | _IOC_WRITE) &&
		    cmd != MEMLAB_IOC_INFO)
			continue;
		memset(arg, 0, sizeof(arg));
		fill_valid(fx, &v, i, arg);
		assert_int_equal(mprotect(p, fx->page, PROT_READ | PROT_WRITE),
				 0);
		memcpy(p, arg, cmds[i].size);
		assert_int_equal(mprotect(p, fx->page, PROT_READ), 0);
		rc = ml_ioctl(fx->fd, cmd, p);
		if (rc != -EFAULT)
			fail_msg("%s with read-only arg: %s, expected -EFAULT",
				 cmds[i].name, ml_errname(rc));
		if (cmd == MEMLAB_IOC_CACHE_CREATE) {
			struct memlab_cache_create *cc = (void *)arg;

			/* The name was not kept by the failed call. */
			assert_errno(ml_ioctl(fx->fd, cmd, cc), 0);
			assert_errno(ml_cache_destroy(fx->fd, cc->id), 0);
		}
	}
	ml_free(fx->fd, v.km);
	ml_free(fx->fd, v.pg);
	ml_cache_destroy(fx->fd, v.cache);
	/* ALLOC and CACHE_CREATE left nothing behind. */
	ml_assert_baseline(fx);
}

static void test_efault_buffers(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *g = guard_pages(fx), *ro;
	void *hole = unmapped_address(fx);
	struct memlab_list l;
	unsigned char data[256];
	__u32 id, id2;

	assert_errno(ml_kmalloc(fx->fd, 256, &id), 0);
	assert_errno(ml_kmalloc(fx->fd, 16, &id2), 0);
	ml_fill_random(data, sizeof(data), 1);
	assert_errno(ml_write(fx->fd, id, 0, 256, data), 0);

	assert_errno(ml_read(fx->fd, id, 0, 256, NULL), -EFAULT);
	assert_errno(ml_read(fx->fd, id, 0, 256, hole), -EFAULT);
	assert_errno(ml_read(fx->fd, id, 0, 256, g + fx->page), -EFAULT);
	assert_errno(ml_read(fx->fd, id, 0, 256, g + fx->page - 100), -EFAULT);
	assert_errno(ml_write(fx->fd, id, 0, 256, NULL), -EFAULT);
	assert_errno(ml_write(fx->fd, id, 0, 256, hole), -EFAULT);
	assert_errno(ml_write(fx->fd, id, 0, 256, g + fx->page - 100),
		     -EFAULT);
	/* A kernel address is never a user buffer. */
	assert_errno(ml_read(fx->fd, id, 0, 16,
			     (void *)(uintptr_t)0xffffffff81000000ULL),
		     -EFAULT);
	assert_errno(ml_write(fx->fd, id, 0, 16,
			      (void *)(uintptr_t)0xffffffff81000000ULL),
		     -EFAULT);

	/* READ into read-only memory. */
	ro = ml_fx_mmap(fx, -1, fx->page, PROT_READ,
			MAP_PRIVATE | MAP_ANONYMOUS, 0);
	assert_true(ro != MAP_FAILED);
	assert_errno(ml_read(fx->fd, id, 0, 256, ro), -EFAULT);

	/* The object still holds the data. */
	memset(g, 0, 256);
	assert_errno(ml_read(fx->fd, id, 0, 256, g), 0);
	assert_memory_equal(g, data, 256);

	/* LIST entries that cannot be written. */
	memset(&l, 0, sizeof(l));
	l.capacity = 4;
	l.entry_size = sizeof(struct memlab_obj_info);
	l.entries = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EFAULT);
	l.entries = ML_PTR(hole);
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EFAULT);
	l.entries = ML_PTR(ro);
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EFAULT);
	/* First entry fits, the second falls into the PROT_NONE page. */
	l.entries = ML_PTR(g + fx->page - sizeof(struct memlab_obj_info));
	l.start_id = id;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EFAULT);

	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_free(fx->fd, id2), 0);
}

static void test_unknown_ids(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u32 ids[] = { 0, 0xffffffff, 0x7fffffff, 0 /* freed */ };
	unsigned char buf[64];
	struct memlab_obj_info oi;
	__u32 freed, k;
	unsigned int i;

	assert_errno(ml_kmalloc(fx->fd, 64, &freed), 0);
	assert_errno(ml_free(fx->fd, freed), 0);
	for (i = 0; i < ML_ARRAY_SIZE(ids); i++) {
		__u32 id = i == 3 ? freed : ids[i];

		assert_errno(ml_free(fx->fd, id), -ENOENT);
		assert_errno(ml_cache_destroy(fx->fd, id), -ENOENT);
		assert_errno(ml_persist(fx->fd, id), -ENOENT);
		assert_errno(ml_obj_info(fx->fd, id, &oi), -ENOENT);
		assert_errno(ml_read(fx->fd, id, 0, 8, buf), -ENOENT);
		assert_errno(ml_write(fx->fd, id, 0, 8, buf), -ENOENT);
		assert_errno(ml_fill(fx->fd, id, 1, 0, 8), -ENOENT);
		assert_errno(ml_verify(fx->fd, id, 1, 0, 8, NULL, NULL),
			     -ENOENT);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 0, 8),
			     -ENOENT);
		assert_errno(ml_mmap_offset(fx->fd, id, NULL), -ENOENT);
		assert_errno(ml_cache_obj(fx->fd, id, 0, &k), -ENOENT);
	}
	ml_assert_baseline(fx);
}

static void test_wrong_kind(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	unsigned char buf[64] = { 0 };
	__u32 km, obj, id;

	ml_name(name, sizeof(name), "kind");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	assert_errno(ml_cache_obj(fx->fd, cc.id, 0, &obj), 0);
	assert_errno(ml_kmalloc(fx->fd, 64, &km), 0);

	assert_errno(ml_free(fx->fd, cc.id), -EINVAL);
	assert_errno(ml_cache_destroy(fx->fd, km), -EINVAL);
	assert_errno(ml_cache_destroy(fx->fd, obj), -EINVAL);
	assert_errno(ml_read(fx->fd, cc.id, 0, 8, buf), -EINVAL);
	assert_errno(ml_write(fx->fd, cc.id, 0, 8, buf), -EINVAL);
	assert_errno(ml_fill(fx->fd, cc.id, 1, 0, 8), -EINVAL);
	assert_errno(ml_verify(fx->fd, cc.id, 1, 0, 8, NULL, NULL), -EINVAL);
	assert_errno(ml_sync(fx->fd, cc.id, MEMLAB_SYNC_FOR_CPU, 0, 8),
		     -EINVAL);
	assert_errno(ml_sync(fx->fd, km, MEMLAB_SYNC_FOR_CPU, 0, 8), -EINVAL);
	assert_errno(ml_mmap_offset(fx->fd, cc.id, NULL), -ENODEV);
	assert_errno(ml_mmap_offset(fx->fd, km, NULL), -ENODEV);
	assert_errno(ml_mmap_offset(fx->fd, obj, NULL), -ENODEV);
	/* cache_id naming something that is not a cache. */
	assert_errno(ml_cache_obj(fx->fd, km, 0, &id), -EINVAL);
	assert_errno(ml_cache_obj(fx->fd, obj, 0, &id), -EINVAL);

	assert_errno(ml_free(fx->fd, obj), 0);
	assert_errno(ml_free(fx->fd, km), 0);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_unknown_ioctl),
		T(test_alloc_bad_fields),
		T(test_alloc_gfp_rules),
		T(test_cache_obj_gfp_rules),
		T(test_cache_create_bad_fields),
		T(test_id_flags_nonzero),
		T(test_access_bad_fields),
		T(test_struct_size_older),
		T(test_struct_size_newer_zero_tail),
		T(test_struct_size_newer_nonzero_tail),
		T(test_efault_arg),
		T(test_efault_readonly_output),
		T(test_efault_buffers),
		T(test_unknown_ids),
		T(test_wrong_kind),
	};

	return cmocka_run_group_tests_name("memlab_badinput", tests, NULL,
					   NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Limits: allocator size and order bounds, every module-parameter limit
 * (set through /sys/module/memlab/parameters and restored in teardown) and
 * arithmetic that could wrap.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>

#include "common.h"

#define U64_MAX		(~0ULL)

static void set_param(struct ml_fixture *fx, const char *name, __u64 val)
{
	int rc = ml_fx_param_set_u64(fx, name, val);

	if (rc == -ENOENT || rc == -EACCES || rc == -EPERM)
		ml_skip("cannot write parameter %s: %s", name,
			ml_errname(rc));
	assert_errno(rc, 0);
}

static void snapshot(struct ml_fixture *fx, struct memlab_info *i)
{
	assert_errno(ml_info(fx->fd, i), 0);
}

/* A large allocation that the allocator may fail in a fragmented guest. */
static void alloc_or_skip(struct ml_fixture *fx, struct memlab_alloc *a,
			  const char *what)
{
	int rc = ml_alloc_raw(fx->fd, a);

	if (rc == -ENOMEM)
		ml_skip("%s: the kernel allocator failed (-ENOMEM)", what);
	if (rc)
		fail_msg("%s: %s", what, ml_errname(rc));
}

static void test_kmalloc_size_0(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 id;

	assert_errno(ml_kmalloc(fx->fd, 0, &id), -EINVAL);
	assert_errno(ml_vmalloc(fx->fd, 0, &id), -EINVAL);
	if (ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT))
		assert_errno(ml_dma_coherent(fx->fd, 0, &id), -EINVAL);
	if (ml_has_feature(fx, MEMLAB_FEAT_DMA_STREAMING))
		assert_errno(ml_dma_streaming(fx->fd, 0, 0, &id), -EINVAL);
	ml_assert_baseline(fx);
}

static void test_kmalloc_size_1(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info before, after;
	struct memlab_obj_info oi;
	unsigned char b[2] = { 0x5a, 0 };
	__u32 id;

	snapshot(fx, &before);
	assert_errno(ml_kmalloc(fx->fd, 1, &id), 0);
	snapshot(fx, &after);
	assert_int_equal(after.nr_bytes, before.nr_bytes + 1);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.size, 1);
	assert_errno(ml_write(fx->fd, id, 0, 1, b), 0);
	assert_errno(ml_read(fx->fd, id, 0, 1, b + 1), 0);
	assert_int_equal(b[1], 0x5a);
	assert_errno(ml_read(fx->fd, id, 0, 2, b), -EINVAL);
	assert_errno(ml_read(fx->fd, id, 1, 1, b), -EINVAL);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_kmalloc_size_max(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 max = fx->base.kmalloc_max;
	struct memlab_alloc a = { .kind = MEMLAB_KIND_KMALLOC, .size = max };
	struct memlab_info after;
	__u64 nr_bad, first_bad;
	unsigned char c = 0x77;

	if (fx->base.max_bytes - fx->base.nr_bytes < max)
		ml_skip("max_bytes leaves no room for %llu bytes",
			(unsigned long long)max);
	alloc_or_skip(fx, &a, "kmalloc(KMALLOC_MAX_SIZE)");
	snapshot(fx, &after);
	assert_int_equal(after.nr_bytes, fx->base.nr_bytes + max);
	assert_errno(ml_write(fx->fd, a.id, max - 1, 1, &c), 0);
	assert_errno(ml_write(fx->fd, a.id, max, 1, &c), -EINVAL);
	assert_errno(ml_fill(fx->fd, a.id, 0x01020304, 0, max), 0);
	assert_errno(ml_verify(fx->fd, a.id, 0x01020304, 0, max, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 0);
	assert_int_equal(first_bad, U64_MAX);
	assert_errno(ml_free(fx->fd, a.id), 0);
}

static void test_kmalloc_size_max_plus_1(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 max = fx->base.kmalloc_max;
	const __u64 sizes[] = {
		max + 1, 2 * max, max + fx->page, 1ULL << 31, 1ULL << 32,
		(1ULL << 32) + 1, 1ULL << 63,
	};
	unsigned int i;
	__u32 id;

	for (i = 0; i < ML_ARRAY_SIZE(sizes); i++) {
		int rc = ml_kmalloc(fx->fd, sizes[i], &id);

		if (rc == 0)
			ml_free(fx->fd, id);
		/* 2^31 may be below the limit on a huge-page kernel. */
		if (sizes[i] <= max)
			continue;
		if (rc != -EINVAL)
			fail_msg("kmalloc(%llu): %s, expected -EINVAL",
				 (unsigned long long)sizes[i], ml_errname(rc));
	}
	ml_assert_baseline(fx);
}

static void test_kmalloc_size_u64_max(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u64 sizes[] = { U64_MAX, U64_MAX - 1, U64_MAX - 4095 };
	unsigned int i;
	__u32 id;

	for (i = 0; i < ML_ARRAY_SIZE(sizes); i++) {
		assert_errno(ml_kmalloc(fx->fd, sizes[i], &id), -EINVAL);
		assert_errno(ml_vmalloc(fx->fd, sizes[i], &id), -EINVAL);
		if (ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT))
			assert_errno(ml_dma_coherent(fx->fd, sizes[i], &id),
				     -EINVAL);
		if (ml_has_feature(fx, MEMLAB_FEAT_DMA_STREAMING))
			assert_errno(ml_dma_streaming(fx->fd, sizes[i], 0, &id),
				     -EINVAL);
	}
	ml_assert_baseline(fx);
}

static void alloc_order(struct ml_fixture *fx, __u32 order)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_PAGES, .order = order,
		.gfp = MEMLAB_GFP_NOWARN,
	};
	struct memlab_obj_info oi;
	struct memlab_info after;
	__u64 bytes = (__u64)fx->page << order;
	char what[32];

	if (fx->base.max_bytes - fx->base.nr_bytes < bytes)
		ml_skip("max_bytes leaves no room for order %u", order);
	snprintf(what, sizeof(what), "order %u", order);
	alloc_or_skip(fx, &a, what);
	snapshot(fx, &after);
	assert_int_equal(after.nr_bytes, fx->base.nr_bytes + bytes);
	assert_errno(ml_obj_info(fx->fd, a.id, &oi), 0);
	assert_int_equal(oi.order, order);
	assert_int_equal(oi.size, bytes);
	assert_int_equal(oi.phys % bytes, 0);
	assert_errno(ml_fill(fx->fd, a.id, 0xa5a5a5a5, 0, bytes), 0);
	assert_errno(ml_free(fx->fd, a.id), 0);
}

static void test_order_max_minus_1(void **state)
{
	struct ml_fixture *fx = ml_fx(state);

	if (!fx->base.max_order)
		ml_skip("max_order is 0");
	alloc_order(fx, fx->base.max_order - 1);
}

static void test_order_max(void **state)
{
	struct ml_fixture *fx = ml_fx(state);

	alloc_order(fx, fx->base.max_order);
}

static void test_order_max_plus_1(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned int kmax = ml_kernel_max_order(&fx->base);
	__u32 id;

	/* Above the kernel's limit -EINVAL, above only the module's -E2BIG. */
	assert_errno(ml_pages(fx->fd, fx->base.max_order + 1, &id),
		     fx->base.max_order >= kmax ? -EINVAL : -E2BIG);
	assert_errno(ml_pages(fx->fd, kmax + 1, &id), -EINVAL);
	ml_assert_baseline(fx);
}

static void test_order_31(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 id;

	assert_errno(ml_pages(fx->fd, 31, &id), -EINVAL);
	ml_assert_baseline(fx);
}

static void test_order_uint_max(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 id;

	assert_errno(ml_pages(fx->fd, 0xffffffffU, &id), -EINVAL);
	assert_errno(ml_pages(fx->fd, 0x80000000U, &id), -EINVAL);
	ml_assert_baseline(fx);
}

static void test_order_shift_wrap(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	/* PAGE_SIZE << order is 0 or garbage for these. */
	const __u32 orders[] = { 32, 52, 63, 64, 65, 100 };
	unsigned int i;
	__u32 id;

	for (i = 0; i < ML_ARRAY_SIZE(orders); i++)
		assert_errno(ml_pages(fx->fd, orders[i], &id), -EINVAL);
	ml_assert_baseline(fx);
}

static void test_param_max_order(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned int kmax = ml_kernel_max_order(&fx->base);
	struct memlab_info i;
	__u32 id;

	if (kmax < 3)
		ml_skip("kernel max order %u too small", kmax);
	set_param(fx, "max_order", 2);
	snapshot(fx, &i);
	assert_int_equal(i.max_order, 2);
	assert_errno(ml_pages(fx->fd, 2, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_pages(fx->fd, 3, &id), -E2BIG);
	assert_errno(ml_pages(fx->fd, kmax, &id), -E2BIG);
	assert_errno(ml_pages(fx->fd, kmax + 1, &id), -EINVAL);
	set_param(fx, "max_order", 0);
	assert_errno(ml_pages(fx->fd, 1, &id), -E2BIG);
	assert_errno(ml_pages(fx->fd, 0, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_param_max_objects(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info before, after;
	char name[MEMLAB_NAME_LEN];
	__u32 ids[3], id;
	int i;

	set_param(fx, "max_objects", fx->base.nr_objects + 3);
	snapshot(fx, &before);
	assert_int_equal(before.max_objects, fx->base.nr_objects + 3);
	for (i = 0; i < 3; i++)
		assert_errno(ml_kmalloc(fx->fd, 8, &ids[i]), 0);
	assert_errno(ml_kmalloc(fx->fd, 8, &id), -ENOSPC);
	assert_errno(ml_pages(fx->fd, 0, &id), -ENOSPC);
	/* A cache is an object too. */
	ml_name(name, sizeof(name), "maxobj");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, NULL), -ENOSPC);
	snapshot(fx, &after);
	assert_int_equal(after.limit_hits, before.limit_hits + 3);
	assert_int_equal(after.nr_objects, fx->base.nr_objects + 3);
	/* Room again after a free. */
	assert_errno(ml_free(fx->fd, ids[0]), 0);
	assert_errno(ml_kmalloc(fx->fd, 8, &ids[0]), 0);
	for (i = 0; i < 3; i++)
		assert_errno(ml_free(fx->fd, ids[i]), 0);
}

static void test_param_max_bytes(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 page = fx->page, room = 2 * page;
	struct memlab_info before, after;
	__u32 id, id2;

	set_param(fx, "max_bytes", fx->base.nr_bytes + room);
	snapshot(fx, &before);
	assert_int_equal(before.max_bytes, fx->base.nr_bytes + room);

	assert_errno(ml_pages(fx->fd, 1, &id), 0);
	assert_errno(ml_kmalloc(fx->fd, 1, &id2), -ENOSPC);
	assert_errno(ml_pages(fx->fd, 0, &id2), -ENOSPC);
	snapshot(fx, &after);
	assert_int_equal(after.limit_hits, before.limit_hits + 2);
	assert_errno(ml_free(fx->fd, id), 0);

	/* Exactly the room left fits. */
	assert_errno(ml_kmalloc(fx->fd, room, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_kmalloc(fx->fd, room + 1, &id), -ENOSPC);

	/* vmalloc is charged page-aligned: page + 1 bytes cost 2 pages. */
	assert_errno(ml_vmalloc(fx->fd, page + 1, &id), 0);
	assert_errno(ml_kmalloc(fx->fd, 1, &id2), -ENOSPC);
	assert_errno(ml_free(fx->fd, id), 0);
	set_param(fx, "max_bytes", fx->base.nr_bytes + room - 1);
	assert_errno(ml_vmalloc(fx->fd, page + 1, &id), -ENOSPC);
	assert_errno(ml_kmalloc(fx->fd, room - 1, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	if (ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT))
		assert_errno(ml_dma_coherent(fx->fd, page + 1, &id), -ENOSPC);
}

static void test_param_lowered_below_usage(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	unsigned char b[16];
	__u32 id, id2;

	assert_errno(ml_kmalloc(fx->fd, 4096, &id), 0);
	/* Existing objects stay usable; new requests are refused. */
	set_param(fx, "max_bytes", fx->base.nr_bytes + 100);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_errno(ml_read(fx->fd, id, 0, sizeof(b), b), 0);
	assert_errno(ml_kmalloc(fx->fd, 1, &id2), -ENOSPC);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_kmalloc(fx->fd, 100, &id2), 0);
	assert_errno(ml_free(fx->fd, id2), 0);
}

static void test_param_max_caches(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create a, b;
	char n1[MEMLAB_NAME_LEN], n2[MEMLAB_NAME_LEN];
	struct memlab_info before, after;

	set_param(fx, "max_caches",
		  fx->base.kind_objects[MEMLAB_KIND_CACHE] + 1);
	snapshot(fx, &before);
	ml_name(n1, sizeof(n1), "maxc1");
	ml_name(n2, sizeof(n2), "maxc2");
	assert_errno(ml_cache_create(fx->fd, n1, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &a), 0);
	assert_errno(ml_cache_create(fx->fd, n2, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &b), -ENOSPC);
	snapshot(fx, &after);
	assert_int_equal(after.limit_hits, before.limit_hits + 1);
	/* Cache objects are not caches. */
	assert_errno(ml_cache_obj(fx->fd, a.id, 0, &b.id), 0);
	assert_errno(ml_free(fx->fd, b.id), 0);
	assert_errno(ml_cache_destroy(fx->fd, a.id), 0);
	assert_errno(ml_cache_create(fx->fd, n2, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &b), 0);
	assert_errno(ml_cache_destroy(fx->fd, b.id), 0);
}

static __u64 child_quota;

static int child_uid_quota(void *arg)
{
	struct memlab_info i;
	__u32 id, id2;
	int fd;

	(void)arg;
	fd = ml_open();
	if (fd < 0)
		return 10;
	if (ml_info(fd, &i) || i.uid_bytes != 0)
		return 11;
	/* Another uid has a quota of its own. */
	if (ml_kmalloc(fd, child_quota, &id))
		return 12;
	if (ml_kmalloc(fd, 1, &id2) != -EDQUOT)
		return 13;
	if (ml_info(fd, &i) || i.uid_bytes != child_quota)
		return 14;
	if (ml_free(fd, id))
		return 15;
	close(fd);
	return 0;
}

static void test_param_uid_max_bytes(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 quota = 2 * fx->page;
	struct memlab_info before, after;
	__u32 id, id2;

	set_param(fx, "uid_max_bytes", fx->base.uid_bytes + quota);
	snapshot(fx, &before);
	assert_int_equal(before.uid_max_bytes, fx->base.uid_bytes + quota);
	assert_errno(ml_pages(fx->fd, 1, &id), 0);
	snapshot(fx, &after);
	assert_int_equal(after.uid_bytes, before.uid_bytes + quota);
	assert_errno(ml_kmalloc(fx->fd, 1, &id2), -EDQUOT);
	assert_errno(ml_vmalloc(fx->fd, 1, &id2), -EDQUOT);
	snapshot(fx, &after);
	assert_int_equal(after.limit_hits, before.limit_hits + 2);

	ml_fx_dev_open_to_all(fx);
	child_quota = quota;
	assert_int_equal(ml_in_child_as_nobody(child_uid_quota, NULL), 0);

	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_kmalloc(fx->fd, quota, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	/* 0 means no limit. */
	set_param(fx, "uid_max_bytes", 0);
	assert_errno(ml_kmalloc(fx->fd, quota + 1, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_vmalloc_size_limits(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 room = 16 * fx->page;
	__u32 id;
	int rc;

	set_param(fx, "max_bytes", fx->base.nr_bytes + room);
	assert_errno(ml_vmalloc(fx->fd, room, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	/*
	 * Above max_bytes: outside the size range (-EINVAL) or over the
	 * global limit (-ENOSPC); both are refusals before vmalloc().
	 */
	rc = ml_vmalloc(fx->fd, fx->base.nr_bytes + room + 1, &id);
	if (rc != -EINVAL && rc != -ENOSPC)
		fail_msg("vmalloc above max_bytes: %s", ml_errname(rc));
	rc = ml_vmalloc(fx->fd, 1ULL << 40, &id);
	if (rc != -EINVAL && rc != -ENOSPC)
		fail_msg("vmalloc 1 TiB: %s", ml_errname(rc));
	ml_assert_baseline(fx);
}

static void test_dma_size_limits(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 id;

	if (!ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT |
			    MEMLAB_FEAT_DMA_STREAMING))
		ml_skip("no DMA support");
	assert_errno(ml_dma_coherent(fx->fd, fx->base.dma_max + 1, &id),
		     -EINVAL);
	assert_errno(ml_dma_streaming(fx->fd, fx->base.kmalloc_max + 1, 0,
				      &id), -EINVAL);
	assert_errno(ml_dma_streaming(fx->fd, (1ULL << 32) + 1, 0, &id),
		     -EINVAL);
	ml_assert_baseline(fx);
}

static void test_cache_object_size_limits(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	char name[MEMLAB_NAME_LEN];
	struct memlab_cache_create cc;

	ml_name(name, sizeof(name), "objsz");
	assert_errno(ml_cache_create(fx->fd, name, 0, 0, 0, 0, NULL), -EINVAL);
	if (fx->base.kmalloc_max < 0xffffffffULL)
		assert_errno(ml_cache_create(fx->fd, name,
					     fx->base.kmalloc_max + 1, 0, 0, 0,
					     NULL), -EINVAL);
	assert_errno(ml_cache_create(fx->fd, name, 0xffffffffU, 0, 0, 0, NULL),
		     -EINVAL);
	/* The smallest object. */
	assert_errno(ml_cache_create(fx->fd, name, 1, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	assert_true(cc.slab_size >= 1);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	ml_assert_baseline(fx);
}

/*
 * capacity x entry_size far beyond the buffer, or beyond the address
 * space: the driver writes only the entries that exist, at exactly
 * entries + i * entry_size, and never wraps.
 */
static void test_list_count_size_wrap(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	struct memlab_list l;
	unsigned char *buf;
	__u32 ids[3];
	unsigned int i;
	int rc;

	for (i = 0; i < 3; i++)
		assert_errno(ml_kmalloc(fx->fd, 8 + i, &ids[i]), 0);
	/* One page of entries, then a PROT_NONE guard. */
	buf = ml_fx_mmap(fx, -1, 2 * fx->page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, 0);
	assert_true(buf != MAP_FAILED);
	assert_int_equal(mprotect(buf + fx->page, fx->page, PROT_NONE), 0);

	/* A huge capacity: only the three live entries are written. */
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(buf);
	l.capacity = 0xffffffffU;
	l.entry_size = sizeof(oi);
	l.start_id = ids[0];
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);
	assert_int_equal(l.count, 3);
	assert_int_equal(l.next_id, 0);
	for (i = 0; i < 3; i++) {
		memcpy(&oi, buf + i * sizeof(oi), sizeof(oi));
		assert_int_equal(oi.id, ids[i]);
	}

	/* 2^31 x 512 = 2^40 (0 in 32 bits): stride 512, or refused. */
	memset(buf, 0, fx->page);
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(buf);
	l.capacity = 0x80000000U;
	l.entry_size = 0x200;
	l.start_id = ids[0];
	rc = ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l);
	if (rc != 0 && rc != -EINVAL)
		fail_msg("LIST 2^31 x 512: %s", ml_errname(rc));
	if (rc == 0) {
		assert_int_equal(l.count, 3);
		for (i = 0; i < 3; i++) {
			memcpy(&oi, buf + i * 0x200, sizeof(oi));
			assert_int_equal(oi.id, ids[i]);
		}
	}

	/* (2^32 - 1)^2: beyond any address space. */
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(buf);
	l.capacity = 0xffffffffU;
	l.entry_size = 0xffffffffU;
	l.start_id = ids[0];
	rc = ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l);
	if (rc != -EFAULT && rc != -EINVAL)
		fail_msg("LIST (2^32-1)^2: %s, expected -EFAULT or -EINVAL",
			 ml_errname(rc));

	/* The first entry ends the page, the second hits the guard. */
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(buf + fx->page - 0x200);
	l.capacity = 0x7fffffffU;
	l.entry_size = 0x200;
	l.start_id = ids[0];
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EFAULT);

	/* Entries at the very top: the end wraps past 2^64. */
	memset(&l, 0, sizeof(l));
	l.entries = ~0ULL - 4095;
	l.capacity = 16;
	l.entry_size = sizeof(oi);
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EFAULT);

	for (i = 0; i < 3; i++)
		assert_errno(ml_free(fx->fd, ids[i]), 0);
}

static void test_vmalloc_page_align_wrap(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	/* PAGE_ALIGN() of these wraps to 0 in 64 bits. */
	const __u64 sizes[] = { U64_MAX, U64_MAX - 100, U64_MAX - 4094 };
	unsigned int i;
	__u32 id;

	set_param(fx, "max_bytes", U64_MAX);
	for (i = 0; i < ML_ARRAY_SIZE(sizes); i++) {
		struct memlab_alloc a = {
			.kind = MEMLAB_KIND_VMALLOC, .size = sizes[i],
			.gfp = MEMLAB_GFP_NOWARN,
		};
		int rc = ml_alloc_raw(fx->fd, &a);

		if (rc == 0)
			ml_free(fx->fd, a.id);
		if (rc != -EINVAL && rc != -ENOMEM && rc != -E2BIG &&
		    rc != -ENOSPC)
			fail_msg("vmalloc(%#llx) with max_bytes ~0: %s",
				 (unsigned long long)sizes[i], ml_errname(rc));
	}
	ml_assert_baseline(fx);
	/* And a sane request still works with the huge limit. */
	assert_errno(ml_vmalloc(fx->fd, 100, &id), 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

#define CG_ROOT		"/sys/fs/cgroup"
#define CG_TEST		CG_ROOT "/memlab-test"
#define CG_LIMIT	(16ULL << 20)

static __u32 memcg_extra_gfp;

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* One charged allocator path and the memory.stat key it lands in. */
struct memcg_case {
	const char *name;
	__u32 kind;
	__u32 order;
	__u64 size;
	const char *stat;	/* NULL: memory.current only */
};

static const struct memcg_case memcg_cases[] = {
	{ "pages order 4", MEMLAB_KIND_PAGES, 4, 0, NULL },
	{ "kmalloc 64K (page allocator)", MEMLAB_KIND_KMALLOC, 0, 64 << 10,
	  NULL },
	{ "kmalloc 2K (kmalloc-cg slab)", MEMLAB_KIND_KMALLOC, 0, 2048,
	  "slab" },
	{ "cache objects 4K", MEMLAB_KIND_CACHE_OBJ, 0, 4096, "slab" },
	{ "vmalloc 64K", MEMLAB_KIND_VMALLOC, 0, 64 << 10, "vmalloc" },
};

static const struct memcg_case *memcg_case;

/* memory.current, or one key of memory.stat; -1 if absent. */
static long long cg_read(const char *key)
{
	char buf[8192], *p;
	size_t klen;

	if (!key) {
		if (ml_read_file(CG_TEST "/memory.current", buf,
				 sizeof(buf)) < 0)
			return -1;
		return atoll(buf);
	}
	if (ml_read_file(CG_TEST "/memory.stat", buf, sizeof(buf)) < 0)
		return -1;
	klen = strlen(key);
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, klen) && p[klen] == ' ')
			return atoll(p + klen + 1);
	return -1;
}

/*
 * In the cgroup: allocate from one path until the charge fails. Returns 0
 * when the failure came as -ENOMEM within the limit (plus slack), memory.stat
 * showed the bytes while they were held, and the counters are consistent.
 */
static int child_memcg(void *arg)
{
	const struct memcg_case *c = memcg_case;
	struct memlab_info before, after;
	long long cur0, stat0, cur1, stat1;
	__u64 total = 0, step;
	__u32 cache = 0, id;
	char pid[16], stack[256 << 10];
	int fd, reserve_fd, rc;

	(void)arg;
	/*
	 * This process's own pages must not need charging once the cgroup is
	 * full (a COW fault there would OOM-kill it): touch them now, while
	 * still charged to the parent cgroup, and keep a 1 MiB reserve inside
	 * the cgroup to let go of when the limit is reached.
	 */
	memset(stack, 1, sizeof(stack));
	fd = ml_open();
	reserve_fd = ml_open();
	if (fd < 0 || reserve_fd < 0)
		return 11;
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (write_str(CG_TEST "/cgroup.procs", pid))
		return 10;
	if (ml_pages(reserve_fd, 8, &id))
		return 22;
	if (c->kind == MEMLAB_KIND_CACHE_OBJ) {
		struct memlab_cache_create cc;

		if (ml_cache_create(fd, "memcg_test", c->size, 0,
				    MEMLAB_SLAB_NO_MERGE, 0, &cc))
			return 19;
		cache = cc.id;
	}
	if (ml_info(fd, &before))
		return 12;
	cur0 = cg_read(NULL);
	stat0 = cg_read(c->stat);
	step = c->kind == MEMLAB_KIND_PAGES ? 4096ULL << c->order : c->size;
	for (;;) {
		struct memlab_alloc a = {
			.kind = c->kind, .order = c->order,
			.size = c->kind == MEMLAB_KIND_KMALLOC ||
				c->kind == MEMLAB_KIND_VMALLOC ? c->size : 0,
			.cache_id = cache,
			/* No memcg OOM kill: fail the charge instead. */
			.gfp = MEMLAB_GFP_NOWARN | memcg_extra_gfp |
			       MEMLAB_GFP_RETRY_MAYFAIL,
		};

		rc = ml_alloc_raw(fd, &a);
		if (rc) {
			close(reserve_fd);
			break;
		}
		total += step;
		if (total == 4 << 20) {
			/*
			 * 4 MiB held: the cgroup sees them, give or take what
			 * the kernel keeps per CPU. Charges come from the page
			 * counter in batches (MEMCG_CHARGE_BATCH, 64 pages)
			 * and the rest waits in a per-CPU stock, which may
			 * already have held pages of this cgroup when cur0 was
			 * read; memory.stat is flushed with the same slack.
			 */
			long long slack = 64LL * 4096 *
					  sysconf(_SC_NPROCESSORS_CONF);

			cur1 = cg_read(NULL);
			stat1 = cg_read(c->stat);
			if (cur1 - cur0 < (long long)total - slack)
				return 20;
			if (c->stat && stat1 >= 0 &&
			    stat1 - stat0 < (long long)total - slack)
				return 21;
		}
		if (total > 4 * CG_LIMIT)
			return 13;	/* memory.max not applied */
	}
	if (rc != -ENOMEM) {
		fprintf(stderr, "memcg child (%s): %s after %llu bytes\n",
			c->name, ml_errname(rc), (unsigned long long)total);
		return 14;
	}
	if (total > CG_LIMIT || total < CG_LIMIT / 4) {
		fprintf(stderr, "memcg child (%s): failed after %llu bytes\n",
			c->name, (unsigned long long)total);
		return 15;
	}
	if (ml_info(fd, &after))
		return 16;
	/*
	 * The allocator's failure is counted; memlab's own metadata may be
	 * the allocation the cgroup refused first (-ENOMEM as well).
	 */
	if (after.alloc_failures != before.alloc_failures + 1 &&
	    after.alloc_failures != before.alloc_failures)
		return 17;
	/* the reserve was counted in @before and is gone */
	if (after.nr_bytes != before.nr_bytes + total - (1 << 20))
		return 18;
	close(fd);
	return stack[sizeof(stack) - 1] == 1 ? 0 : 23;
}

static void test_memcg_max(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	bool mounted = false;
	char cm[8] = "";
	size_t i;
	__u32 id;
	int rc = 0;

	/* Charged by default (charge_memcg=Y), else ask for it. */
	ml_param_read("charge_memcg", cm, sizeof(cm));
	memcg_extra_gfp = cm[0] == 'N' ? MEMLAB_GFP_ACCOUNT : 0;
	if (!ml_path_exists(CG_ROOT "/cgroup.controllers")) {
		if (!ml_path_exists(CG_ROOT) ||
		    mount("cgroup2", CG_ROOT, "cgroup2", 0, NULL))
			ml_skip("no cgroup2 at " CG_ROOT ": %s",
				strerror(errno));
		mounted = true;
	}
	write_str(CG_ROOT "/cgroup.subtree_control", "+memory");
	for (i = 0; i < ML_ARRAY_SIZE(memcg_cases) && !rc; i++) {
		memcg_case = &memcg_cases[i];
		rmdir(CG_TEST);
		if (mkdir(CG_TEST, 0755)) {
			rc = -errno;
			break;
		}
		if (!ml_path_exists(CG_TEST "/memory.max")) {
			rmdir(CG_TEST);
			if (mounted)
				umount(CG_ROOT);
			ml_skip("memory controller not available");
		}
		rc = write_str(CG_TEST "/memory.max", "16777216");
		if (!rc)
			rc = ml_in_child(child_memcg, NULL);
		if (rc)
			print_error("memcg: %s: child said %d\n",
				    memcg_case->name, rc);
		rmdir(CG_TEST);
		/* outside the cgroup the same request still works */
		if (!rc && memcg_case->kind != MEMLAB_KIND_CACHE_OBJ) {
			assert_errno(ml_alloc(fx->fd, memcg_case->kind, 0, 0,
					      memcg_case->order,
					      memcg_case->kind ==
					      MEMLAB_KIND_PAGES ? 0 :
					      memcg_case->size, &id), 0);
			assert_errno(ml_free(fx->fd, id), 0);
		}
	}
	if (mounted)
		umount(CG_ROOT);
	if (rc)
		fail_msg("memcg test failed: %d", rc);
	/* Everything charged went away with the children's files. */
	ml_assert_baseline(fx);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_kmalloc_size_0),
		T(test_kmalloc_size_1),
		T(test_kmalloc_size_max),
		T(test_kmalloc_size_max_plus_1),
		T(test_kmalloc_size_u64_max),
		T(test_order_max_minus_1),
		T(test_order_max),
		T(test_order_max_plus_1),
		T(test_order_31),
		T(test_order_uint_max),
		T(test_order_shift_wrap),
		T(test_param_max_order),
		T(test_param_max_objects),
		T(test_param_max_bytes),
		T(test_param_lowered_below_usage),
		T(test_param_max_caches),
		T(test_param_uid_max_bytes),
		T(test_vmalloc_size_limits),
		T(test_dma_size_limits),
		T(test_cache_object_size_limits),
		T(test_list_count_size_wrap),
		T(test_vmalloc_page_align_wrap),
		T(test_memcg_max),
	};

	return cmocka_run_group_tests_name("memlab_limits", tests, NULL, NULL);
}

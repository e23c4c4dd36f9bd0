// SPDX-License-Identifier: GPL-2.0
/*
 * MEMLAB_IOC_ALLOC_BATCH and MEMLAB_IOC_FREE_BATCH: a batch makes what as
 * many single calls would, stops cleanly at a limit, and never leaves an
 * object whose id did not reach the caller.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "common.h"

static int batch_alloc(int fd, __u32 kind, __u64 size, __u32 cache_id,
		       __u32 *ids, __u32 count)
{
	struct memlab_batch b = {
		.kind = kind,
		.size = size,
		.cache_id = cache_id,
		.ids = ML_PTR(ids),
		.count = count,
	};

	return ml_ioctl(fd, MEMLAB_IOC_ALLOC_BATCH, &b);
}

static int batch_free(int fd, const __u32 *ids, __u32 count)
{
	struct memlab_ids b = { .ids = ML_PTR(ids), .count = count };

	return ml_ioctl(fd, MEMLAB_IOC_FREE_BATCH, &b);
}

static __u64 nr_objects(struct ml_fixture *fx)
{
	struct memlab_info i;

	assert_errno(ml_info(fx->fd, &i), 0);
	return i.nr_objects;
}

static void test_batch_roundtrip(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u32 n = 1000;
	struct memlab_obj_info oi;
	__u32 *ids = calloc(n, sizeof(*ids));
	struct memlab_info info;
	__u32 i;

	assert_non_null(ids);
	assert_int_equal(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 48, 0, ids,
				     n), n);
	assert_errno(ml_info(fx->fd, &info), 0);
	assert_int_equal(info.nr_objects, fx->base.nr_objects + n);
	assert_int_equal(info.nr_bytes, fx->base.nr_bytes + 48ULL * n);
	assert_int_equal(info.kind_objects[MEMLAB_KIND_KMALLOC],
			 fx->base.kind_objects[MEMLAB_KIND_KMALLOC] + n);
	for (i = 0; i < n; i++) {
		assert_true(ids[i] != ML_NO_ID);
		if (i)
			assert_true(ids[i] != ids[i - 1]);
	}
	assert_errno(ml_obj_info(fx->fd, ids[n - 1], &oi), 0);
	assert_int_equal(oi.kind, MEMLAB_KIND_KMALLOC);
	assert_int_equal(oi.size, 48);
	assert_int_equal(ml_listed(fx->fd, ids[0]), 1);
	assert_int_equal(batch_free(fx->fd, ids, n), n);
	assert_int_equal(ml_listed(fx->fd, ids[0]), 0);
	free(ids);
	ml_assert_baseline(fx);
}

static void test_batch_cache_objects(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	__u32 ids[1024];

	ml_name(name, sizeof(name), "batch");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	assert_int_equal(batch_alloc(fx->fd, MEMLAB_KIND_CACHE_OBJ, 0, cc.id,
				     ids, 1024), 1024);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), -EBUSY);
	assert_int_equal(batch_free(fx->fd, ids, 1024), 1024);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	ml_assert_baseline(fx);
}

static void test_batch_bad_params(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 ids[4] = { 0 };
	struct memlab_batch b = {
		.kind = MEMLAB_KIND_KMALLOC, .size = 8, .ids = ML_PTR(ids),
		.count = 4,
	};
	struct memlab_ids f = { .ids = ML_PTR(ids), .count = 4 };
	struct memlab_batch c;

	c = b; c.count = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.count = MEMLAB_BATCH_MAX + 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -E2BIG);
	c = b; c.pad = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.kind = MEMLAB_KIND_CACHE;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.kind = 99;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.size = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.flags = 0x80;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.gfp = MEMLAB_GFP_HIGHMEM;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EINVAL);
	c = b; c.ids = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EFAULT);
	c = b; c.ids = ~0ULL - 8;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &c), -EFAULT);
	f.count = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_FREE_BATCH, &f), -EINVAL);
	f.count = MEMLAB_BATCH_MAX + 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_FREE_BATCH, &f), -E2BIG);
	f.count = 4;
	f.flags = 1;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_FREE_BATCH, &f), -EINVAL);
	f.flags = 0;
	f.ids = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_FREE_BATCH, &f), -EFAULT);
	ml_assert_baseline(fx);
}

/* A limit stops the batch: what was made is reported, the rest refused. */
static void test_batch_partial_limit(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 ids[25];
	int rc;

	rc = ml_fx_param_set_u64(fx, "max_objects", fx->base.nr_objects + 10);
	if (rc)
		ml_skip("cannot set max_objects: %s", ml_errname(rc));
	memset(ids, 0, sizeof(ids));
	assert_int_equal(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 16, 0, ids,
				     25), 10);
	assert_int_equal(ids[10], 0);	/* nothing past what was reported */
	assert_int_equal(nr_objects(fx), fx->base.nr_objects + 10);
	assert_int_equal(ml_listed(fx->fd, ids[9]), 1);
	/* the rest: the limit's own errno */
	assert_errno(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 16, 0, ids + 10,
				 15), -ENOSPC);
	assert_int_equal(nr_objects(fx), fx->base.nr_objects + 10);
	assert_int_equal(batch_free(fx->fd, ids, 10), 10);
	ml_assert_baseline(fx);
}

/* A free batch stops at the first id it cannot free. */
static void test_batch_free_stops(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 ids[4], list[4];

	assert_int_equal(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 8, 0, ids, 3),
			 3);
	list[0] = ids[0];
	list[1] = ids[1];
	list[2] = 0x7ffffff0;	/* no such id */
	list[3] = ids[2];
	assert_int_equal(batch_free(fx->fd, list, 4), 2);
	assert_int_equal(ml_listed(fx->fd, ids[2]), 1);
	assert_errno(batch_free(fx->fd, list, 4), -ENOENT);
	assert_int_equal(batch_free(fx->fd, &ids[2], 1), 1);
	ml_assert_baseline(fx);
}

/*
 * Id 0 (never handed out: the table reserves it) and an id given twice in
 * one batch: the batch stops there, as at any id it cannot free.
 */
static void test_batch_free_zero_and_twice(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 ids[2], list[3];

	assert_int_equal(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 8, 0, ids, 2),
			 2);
	list[0] = 0;
	assert_errno(batch_free(fx->fd, list, 1), -ENOENT);
	list[0] = ids[0];
	list[1] = ids[0];
	list[2] = ids[1];
	assert_int_equal(batch_free(fx->fd, list, 3), 1);
	assert_int_equal(ml_listed(fx->fd, ids[0]), 0);
	assert_int_equal(ml_listed(fx->fd, ids[1]), 1);
	assert_int_equal(batch_free(fx->fd, &ids[1], 1), 1);
	ml_assert_baseline(fx);
}

/*
 * The id array ends in a PROT_NONE page: the chunk that cannot be written
 * out is freed again and the count says what the caller got.
 */
static void test_batch_efault_no_orphans(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	size_t page = fx->page;
	__u32 *ids, n_ok = 256;
	char *m;

	m = ml_fx_mmap(fx, -1, 2 * page, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	assert_true(m != MAP_FAILED);
	assert_int_equal(mprotect(m + page, page, PROT_NONE), 0);
	ids = (__u32 *)(m + page) - n_ok;	/* one chunk fits */
	assert_int_equal(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 8, 0, ids,
				     600), n_ok);
	assert_int_equal(nr_objects(fx), fx->base.nr_objects + n_ok);
	assert_int_equal(batch_free(fx->fd, ids, n_ok), n_ok);
	ml_assert_baseline(fx);
	/* not even the first chunk: nothing is left */
	assert_errno(batch_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 8, 0,
				 (__u32 *)(m + page), 10), -EFAULT);
	ml_assert_baseline(fx);
}

/* Pages, vmalloc and DMA kinds through the same path. */
static void test_batch_kinds(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_batch b = { 0 };
	__u32 ids[16];

	b.ids = ML_PTR(ids);
	b.count = 16;
	b.kind = MEMLAB_KIND_PAGES;
	b.order = 1;
	assert_int_equal(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &b), 16);
	assert_int_equal(batch_free(fx->fd, ids, 16), 16);
	b.order = 0;
	b.kind = MEMLAB_KIND_VMALLOC;
	b.size = 3 * fx->page;
	assert_int_equal(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &b), 16);
	assert_int_equal(batch_free(fx->fd, ids, 16), 16);
	if (ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT)) {
		b.kind = MEMLAB_KIND_DMA_COHERENT;
		assert_int_equal(ml_ioctl(fx->fd, MEMLAB_IOC_ALLOC_BATCH, &b),
				 16);
		assert_int_equal(batch_free(fx->fd, ids, 16), 16);
	}
	ml_assert_baseline(fx);
}

/* Closing the file frees a file-scoped batch, counters included. */
static void test_batch_close_frees(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 ids[500];
	int fd = ml_fx_open(fx);

	assert_true(fd >= 0);
	assert_int_equal(batch_alloc(fd, MEMLAB_KIND_KMALLOC, 100, 0, ids, 500),
			 500);
	assert_int_equal(nr_objects(fx), fx->base.nr_objects + 500);
	assert_errno(batch_free(fx->fd, ids, 1), -ENOENT);	/* not ours */
	assert_errno(ml_fx_close(fx, fd), 0);
	ml_assert_baseline(fx);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_batch_roundtrip),
		T(test_batch_cache_objects),
		T(test_batch_bad_params),
		T(test_batch_partial_limit),
		T(test_batch_free_stops),
		T(test_batch_free_zero_and_twice),
		T(test_batch_efault_no_orphans),
		T(test_batch_kinds),
		T(test_batch_close_frees),
	};

	return cmocka_run_group_tests_name("memlab_batch", tests, NULL, NULL);
}

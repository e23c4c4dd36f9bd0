// SPDX-License-Identifier: GPL-2.0
/*
 * DMA kinds: coherent buffers and streaming mappings, SYNC for cpu and
 * device in every direction, SYNC bounds and kinds.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

#define U64_MAX		(~0ULL)

static void need_coherent(struct ml_fixture *fx)
{
	ml_need_kind(fx, &ml_kind_dma_coherent);
}

static void need_streaming(struct ml_fixture *fx)
{
	ml_need_kind(fx, &ml_kind_dma_streaming);
}

static void check_dma_addr(struct ml_fixture *fx, __u64 addr, __u64 size)
{
	unsigned int bits = fx->base.dma_mask_bits;

	assert_true(addr != 0);
	if (bits < 64)
		assert_true(addr + size <= (1ULL << bits));
}

static void test_coherent_alloc(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u64 sizes[] = { 1, 100, fx->page, 3 * fx->page + 1,
				16 * fx->page };
	struct memlab_info before, after;
	struct memlab_obj_info oi;
	unsigned char *data, *back;
	unsigned int i;
	__u32 id;

	need_coherent(fx);
	for (i = 0; i < ML_ARRAY_SIZE(sizes); i++) {
		__u64 size = sizes[i];
		__u64 charged = (size + fx->page - 1) & ~(__u64)(fx->page - 1);

		assert_errno(ml_info(fx->fd, &before), 0);
		assert_errno(ml_dma_coherent(fx->fd, size, &id), 0);
		assert_errno(ml_info(fx->fd, &after), 0);
		assert_int_equal(after.kind_bytes[MEMLAB_KIND_DMA_COHERENT],
				 before.kind_bytes[MEMLAB_KIND_DMA_COHERENT] +
				 charged);
		assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
		assert_int_equal(oi.kind, MEMLAB_KIND_DMA_COHERENT);
		assert_int_equal(oi.size, size);
		assert_int_equal(oi.flags & MEMLAB_OBJ_MAPPABLE,
				 MEMLAB_OBJ_MAPPABLE);
		check_dma_addr(fx, oi.dma_addr, size);
		assert_int_equal(oi.dma_addr % fx->page, 0);
		assert_true(oi.kaddr != 0);

		data = malloc(size);
		back = malloc(size);
		assert_non_null(data);
		assert_non_null(back);
		ml_fill_random(data, size, i);
		assert_errno(ml_write(fx->fd, id, 0, size, data), 0);
		assert_errno(ml_read(fx->fd, id, 0, size, back), 0);
		assert_memory_equal(data, back, size);
		free(data);
		free(back);
		assert_errno(ml_free(fx->fd, id), 0);
	}
	ml_assert_baseline(fx);
}

static void test_coherent_zeroed(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *buf, *zero;
	size_t len = 2 * fx->page;
	__u32 id;

	need_coherent(fx);
	buf = malloc(len);
	zero = calloc(1, len);
	assert_non_null(buf);
	assert_non_null(zero);
	/* Dirty, free, and allocate again with ZERO. */
	assert_errno(ml_dma_coherent(fx->fd, len, &id), 0);
	assert_errno(ml_fill(fx->fd, id, 0xffffffff, 0, len), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_DMA_COHERENT, 0,
			      MEMLAB_GFP_ZERO, 0, len, &id), 0);
	memset(buf, 1, len);
	assert_errno(ml_read(fx->fd, id, 0, len, buf), 0);
	assert_memory_equal(buf, zero, len);
	assert_errno(ml_free(fx->fd, id), 0);
	free(buf);
	free(zero);
}

static void test_streaming_dirs(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info before, after;
	struct memlab_obj_info oi;
	__u32 dir, id;

	need_streaming(fx);
	for (dir = 0; dir <= 2; dir++) {
		assert_errno(ml_info(fx->fd, &before), 0);
		assert_errno(ml_dma_streaming(fx->fd, 5000, dir, &id), 0);
		assert_errno(ml_info(fx->fd, &after), 0);
		/* Charged by size, like kmalloc. */
		assert_int_equal(after.kind_bytes[MEMLAB_KIND_DMA_STREAMING],
				 before.kind_bytes[MEMLAB_KIND_DMA_STREAMING] +
				 5000);
		assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
		assert_int_equal(oi.kind, MEMLAB_KIND_DMA_STREAMING);
		assert_int_equal(oi.size, 5000);
		assert_int_equal(oi.dma_dir, dir);
		assert_int_equal(oi.flags & MEMLAB_OBJ_MAPPABLE, 0);
		check_dma_addr(fx, oi.dma_addr, 5000);
		assert_errno(ml_free(fx->fd, id), 0);
	}
	assert_errno(ml_dma_streaming(fx->fd, 5000, 3, &id), -EINVAL);
	ml_assert_baseline(fx);
}

static void test_streaming_sync_roundtrip(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char data[6000], back[6000];
	__u32 dir, id;

	need_streaming(fx);
	for (dir = 0; dir <= 2; dir++) {
		assert_errno(ml_dma_streaming(fx->fd, sizeof(data), dir, &id),
			     0);
		/* CPU writes, hands to the device, takes it back, reads. */
		ml_fill_random(data, sizeof(data), dir);
		assert_errno(ml_write(fx->fd, id, 0, sizeof(data), data), 0);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_DEVICE, 0,
				     sizeof(data)), 0);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 0,
				     sizeof(data)), 0);
		assert_errno(ml_read(fx->fd, id, 0, sizeof(back), back), 0);
		assert_memory_equal(data, back, sizeof(data));
		/* Partial ranges, unaligned. */
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_DEVICE, 13,
				     4097), 0);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 13,
				     4097), 0);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU,
				     sizeof(data) - 1, 1), 0);
		assert_errno(ml_fill(fx->fd, id, 0x13572468, 0, sizeof(data)),
			     0);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_DEVICE, 0,
				     sizeof(data)), 0);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 0,
				     sizeof(data)), 0);
		assert_errno(ml_verify(fx->fd, id, 0x13572468, 0, sizeof(data),
				       NULL, NULL), 0);
		assert_errno(ml_free(fx->fd, id), 0);
	}
}

static void test_streaming_large(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 size = 64 * 1024, nr_bad;
	__u32 id;

	need_streaming(fx);
	if (size > fx->base.kmalloc_max)
		size = fx->base.kmalloc_max;
	assert_errno(ml_dma_streaming(fx->fd, size, 0, &id), 0);
	assert_errno(ml_fill(fx->fd, id, 0xfeedf00d, 0, size), 0);
	assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_DEVICE, 0, size), 0);
	assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 0, size), 0);
	assert_errno(ml_verify(fx->fd, id, 0xfeedf00d, 0, size, &nr_bad, NULL),
		     0);
	assert_int_equal(nr_bad, 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_sync_bounds(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u64 size = 1000;
	const struct {
		__u64 off, len;
	} bad[] = {
		{ 0, 0 }, { 500, 0 }, { 0, size + 1 }, { 1, size },
		{ size, 1 }, { size - 1, 2 }, { 8, U64_MAX - 3 },
		{ U64_MAX, 1 }, { U64_MAX, U64_MAX }, { 1ULL << 32, 1 },
		{ 0, (1ULL << 32) + 1 },
	};
	unsigned int i;
	__u32 id;

	need_streaming(fx);
	assert_errno(ml_dma_streaming(fx->fd, size, 0, &id), 0);
	for (i = 0; i < ML_ARRAY_SIZE(bad); i++) {
		int rc = ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, bad[i].off,
				 bad[i].len);

		if (rc != -EINVAL)
			fail_msg("SYNC offset %#llx length %#llx: %s, expected -EINVAL",
				 (unsigned long long)bad[i].off,
				 (unsigned long long)bad[i].len,
				 ml_errname(rc));
	}
	assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 0, size), 0);
	assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_DEVICE, size - 1, 1),
		     0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_sync_bad_op(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u32 ops[] = { 0, 3, 4, 0x80000000U, 0xffffffffU };
	unsigned int i;
	__u32 id;

	need_streaming(fx);
	assert_errno(ml_dma_streaming(fx->fd, 256, 1, &id), 0);
	for (i = 0; i < ML_ARRAY_SIZE(ops); i++)
		assert_errno(ml_sync(fx->fd, id, ops[i], 0, 16), -EINVAL);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_sync_wrong_kind(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *kinds[] = {
		&ml_kind_kmalloc, &ml_kind_cache_obj, &ml_kind_pages0,
		&ml_kind_vmalloc, &ml_kind_dma_coherent,
	};
	unsigned int i;
	__u32 id;

	need_streaming(fx);
	for (i = 0; i < ML_ARRAY_SIZE(kinds); i++) {
		if (!ml_has_feature(fx, kinds[i]->feature))
			continue;
		ml_make(fx, fx->fd, kinds[i], &id);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_CPU, 0, 1),
			     -EINVAL);
		assert_errno(ml_sync(fx->fd, id, MEMLAB_SYNC_FOR_DEVICE, 0, 1),
			     -EINVAL);
		assert_errno(ml_free(fx->fd, id), 0);
	}
}

static void test_dma_gfp(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u32 ok[] = {
		0, MEMLAB_GFP_KERNEL, MEMLAB_GFP_ATOMIC, MEMLAB_GFP_NOWAIT,
		MEMLAB_GFP_ZERO | MEMLAB_GFP_NOWARN, MEMLAB_GFP_NORETRY,
		MEMLAB_GFP_RETRY_MAYFAIL,
	};
	const __u32 kinds[] = {
		MEMLAB_KIND_DMA_COHERENT, MEMLAB_KIND_DMA_STREAMING,
	};
	unsigned int i, k;

	need_coherent(fx);
	need_streaming(fx);
	for (k = 0; k < ML_ARRAY_SIZE(kinds); k++) {
		for (i = 0; i < ML_ARRAY_SIZE(ok); i++) {
			struct memlab_alloc a = {
				.kind = kinds[k], .gfp = ok[i], .size = 512,
			};

			assert_errno(ml_alloc_raw(fx->fd, &a), 0);
			assert_errno(ml_free(fx->fd, a.id), 0);
		}
	}
	ml_assert_baseline(fx);
}

static void test_dma_mask_param(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u64 bits;
	int fd;

	if (ml_param_read_u64("dma_mask_bits", &bits))
		ml_skip("no dma_mask_bits parameter");
	assert_int_equal(bits, fx->base.dma_mask_bits);
	/* Read-only, even for root. */
	fd = open(ML_PARAM_DIR "/dma_mask_bits", O_WRONLY);
	if (fd >= 0) {
		int rc = write(fd, "32", 2) < 0 ? -errno : 0;

		close(fd);
		assert_true(rc < 0);
	} else {
		assert_true(errno == EACCES || errno == EPERM);
	}
	assert_errno(ml_param_read_u64("dma_mask_bits", &bits), 0);
	assert_int_equal(bits, fx->base.dma_mask_bits);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_coherent_alloc),
		T(test_coherent_zeroed),
		T(test_streaming_dirs),
		T(test_streaming_sync_roundtrip),
		T(test_streaming_large),
		T(test_sync_bounds),
		T(test_sync_bad_op),
		T(test_sync_wrong_kind),
		T(test_dma_gfp),
		T(test_dma_mask_param),
	};

	return cmocka_run_group_tests_name("memlab_dma", tests, NULL, NULL);
}

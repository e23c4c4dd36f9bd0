// SPDX-License-Identifier: GPL-2.0
/*
 * READ, WRITE, FILL and VERIFY on every kind: data, bounds (with overflow),
 * pattern placement and VERIFY's nr_bad/first_bad.
 */
#include <stdlib.h>
#include <unistd.h>

#include "common.h"

#define U64_MAX		(~0ULL)

/* Byte o of a FILL with @pattern: byte (o % 4) of it, little-endian. */
static unsigned char pat_byte(__u32 pattern, __u64 o)
{
	return pattern >> (8 * (o % 4));
}

static void test_roundtrip(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	unsigned char *data, *back, *mid;
	__u64 size, a, b;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	data = malloc(size);
	back = malloc(size);
	mid = malloc(size);
	assert_non_null(data);
	assert_non_null(back);
	assert_non_null(mid);

	ml_fill_random(data, size, 11);
	assert_errno(ml_write(fx->fd, id, 0, size, data), 0);
	assert_errno(ml_read(fx->fd, id, 0, size, back), 0);
	assert_memory_equal(data, back, size);

	/* A partial write in the middle changes exactly that range. */
	a = size / 3 + 1;
	b = size / 2 + 3;
	ml_fill_random(mid, b - a, 12);
	assert_errno(ml_write(fx->fd, id, a, b - a, mid), 0);
	memcpy(data + a, mid, b - a);
	assert_errno(ml_read(fx->fd, id, 0, size, back), 0);
	assert_memory_equal(data, back, size);
	/* Partial reads at odd offsets. */
	assert_errno(ml_read(fx->fd, id, a - 1, 7, back), 0);
	assert_memory_equal(data + a - 1, back, 7);
	assert_errno(ml_read(fx->fd, id, size - 1, 1, back), 0);
	assert_int_equal(back[0], data[size - 1]);

	free(data);
	free(back);
	free(mid);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_bounds(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	unsigned char *buf;
	__u64 size, nb;
	unsigned int i;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	buf = calloc(1, size + 4096);
	assert_non_null(buf);
	{
		const struct {
			__u64 off, len;
		} bad[] = {
			{ 0, size + 1 }, { 1, size }, { size, 1 },
			{ size - 1, 2 }, { size + 1, 1 }, { 16, U64_MAX - 7 },
			{ 16, U64_MAX - 15 }, { U64_MAX, 1 },
			{ U64_MAX - 1, 2 }, { 1ULL << 32, 1 },
			{ 0, (1ULL << 32) + 1 }, { size + 4096, 16 },
		};

		for (i = 0; i < ML_ARRAY_SIZE(bad); i++) {
			__u64 o = bad[i].off, l = bad[i].len;
			int r1 = ml_read(fx->fd, id, o, l, buf);
			int r2 = ml_write(fx->fd, id, o, l, buf);
			int r3 = ml_fill(fx->fd, id, 1, o, l);
			int r4 = ml_verify(fx->fd, id, 1, o, l, &nb, NULL);

			if (r1 != -EINVAL || r2 != -EINVAL || r3 != -EINVAL ||
			    r4 != -EINVAL)
				fail_msg("%s offset %#llx length %#llx: read %d write %d fill %d verify %d, expected -EINVAL",
					 k->name, (unsigned long long)o,
					 (unsigned long long)l, r1, r2, r3, r4);
		}
	}
	/* The exact extent, and the last byte. */
	assert_errno(ml_read(fx->fd, id, 0, size, buf), 0);
	assert_errno(ml_write(fx->fd, id, 0, size, buf), 0);
	assert_errno(ml_fill(fx->fd, id, 5, size - 1, 1), 0);
	assert_errno(ml_verify(fx->fd, id, 5, size - 1, 1, &nb, NULL), 0);
	assert_int_equal(nb, 0);
	/* Length 0 is a no-op, at the start and at the end. */
	assert_errno(ml_read(fx->fd, id, 0, 0, buf), 0);
	assert_errno(ml_write(fx->fd, id, size, 0, buf), 0);
	assert_errno(ml_fill(fx->fd, id, 1, size, 0), 0);
	free(buf);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_fill_verify(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	const __u32 pat = 0x11223344;
	__u64 size, nr_bad, first_bad, o;
	unsigned char buf[16], c;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	assert_errno(ml_fill(fx->fd, id, pat, 0, size), 0);
	assert_errno(ml_verify(fx->fd, id, pat, 0, size, &nr_bad, &first_bad),
		     0);
	assert_int_equal(nr_bad, 0);
	assert_int_equal(first_bad, U64_MAX);
	/* Aligned words read the pattern on little-endian. */
	assert_errno(ml_read(fx->fd, id, 8, 4, buf), 0);
	assert_int_equal(*(__u32 *)buf, pat);

	/* Unaligned FILL: bytes follow the object offset, not the start. */
	assert_errno(ml_fill(fx->fd, id, 0, 0, 16), 0);
	assert_errno(ml_fill(fx->fd, id, 0xa1b2c3d4, 3, 6), 0);
	assert_errno(ml_read(fx->fd, id, 0, 16, buf), 0);
	for (o = 0; o < 16; o++) {
		unsigned char want = (o >= 3 && o < 9) ?
				     pat_byte(0xa1b2c3d4, o) : 0;

		if (buf[o] != want)
			fail_msg("byte %llu: %#x, expected %#x",
				 (unsigned long long)o, buf[o], want);
	}
	/* Unaligned VERIFY of the same range agrees. */
	assert_errno(ml_verify(fx->fd, id, 0xa1b2c3d4, 3, 6, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 0);

	/* Three bad bytes: count and first offset, also in a sub-range. */
	assert_errno(ml_fill(fx->fd, id, pat, 0, size), 0);
	c = 0xee;
	assert_errno(ml_write(fx->fd, id, 5, 1, &c), 0);
	assert_errno(ml_write(fx->fd, id, 9, 1, &c), 0);
	assert_errno(ml_write(fx->fd, id, size - 1, 1, &c), 0);
	assert_errno(ml_verify(fx->fd, id, pat, 0, size, &nr_bad, &first_bad),
		     0);
	assert_int_equal(nr_bad, 3);
	assert_int_equal(first_bad, 5);
	assert_errno(ml_verify(fx->fd, id, pat, 6, size - 6, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 2);
	assert_int_equal(first_bad, 9);
	assert_errno(ml_verify(fx->fd, id, pat, 10, size - 11, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 0);
	assert_int_equal(first_bad, U64_MAX);

	/* Everything wrong. */
	assert_errno(ml_fill(fx->fd, id, 0, 0, size), 0);
	assert_errno(ml_verify(fx->fd, id, 0xffffffff, 1, size - 1, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, size - 1);
	assert_int_equal(first_bad, 1);
	/* Length 0: nothing checked, nothing bad. */
	assert_errno(ml_verify(fx->fd, id, 0xffffffff, 0, 0, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 0);
	assert_int_equal(first_bad, U64_MAX);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_length_zero_null_buf(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 id;

	assert_errno(ml_kmalloc(fx->fd, 64, &id), 0);
	/* No bytes are copied, so no buffer is touched. */
	assert_errno(ml_read(fx->fd, id, 0, 0, NULL), 0);
	assert_errno(ml_write(fx->fd, id, 10, 0, NULL), 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_large_block(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 order = fx->base.max_order < 4 ? fx->base.max_order : 4;
	size_t size = (size_t)fx->page << order;
	unsigned char *data, *back;
	__u32 id;

	assert_errno(ml_pages(fx->fd, order, &id), 0);
	data = malloc(size);
	back = malloc(size);
	assert_non_null(data);
	assert_non_null(back);
	ml_fill_random(data, size, 21);
	/* One copy across every page boundary of the block. */
	assert_errno(ml_write(fx->fd, id, 0, size, data), 0);
	assert_errno(ml_read(fx->fd, id, 0, size, back), 0);
	assert_memory_equal(data, back, size);
	/* Straddling one boundary. */
	if (size > (size_t)fx->page) {
		memset(back, 0, 64);
		assert_errno(ml_read(fx->fd, id, fx->page - 32, 64, back), 0);
		assert_memory_equal(back, data + fx->page - 32, 64);
	}
	free(data);
	free(back);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_vmalloc_multi_page(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	size_t size = 5 * fx->page + 123;
	unsigned char *data, *back;
	__u32 id;

	/* vmalloc pages are not contiguous: copies must walk them. */
	assert_errno(ml_vmalloc(fx->fd, size, &id), 0);
	data = malloc(size);
	back = malloc(size);
	assert_non_null(data);
	assert_non_null(back);
	ml_fill_random(data, size, 22);
	assert_errno(ml_write(fx->fd, id, 0, size, data), 0);
	assert_errno(ml_read(fx->fd, id, fx->page - 1, 3 * fx->page + 2,
			     back), 0);
	assert_memory_equal(back, data + fx->page - 1, 3 * fx->page + 2);
	assert_errno(ml_fill(fx->fd, id, 0x01010101, fx->page - 2, 4), 0);
	assert_errno(ml_read(fx->fd, id, fx->page - 2, 4, back), 0);
	assert_memory_equal(back, "\1\1\1\1", 4);
	free(data);
	free(back);
	assert_errno(ml_free(fx->fd, id), 0);
}

#define KIND_TEST(fn, kindvar) { \
	.name = #fn "_" #kindvar, .test_func = fn, .setup_func = ml_setup, \
	.teardown_func = ml_teardown, .initial_state = (void *)&kindvar, \
}
#define EVERY_KIND(fn) \
	KIND_TEST(fn, ml_kind_kmalloc), \
	KIND_TEST(fn, ml_kind_cache_obj), \
	KIND_TEST(fn, ml_kind_pages0), \
	KIND_TEST(fn, ml_kind_pages2), \
	KIND_TEST(fn, ml_kind_vmalloc), \
	KIND_TEST(fn, ml_kind_dma_coherent), \
	KIND_TEST(fn, ml_kind_dma_streaming)
#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		EVERY_KIND(test_roundtrip),
		EVERY_KIND(test_bounds),
		EVERY_KIND(test_fill_verify),
		T(test_length_zero_null_buf),
		T(test_large_block),
		T(test_vmalloc_multi_page),
	};

	return cmocka_run_group_tests_name("memlab_rw", tests, NULL, NULL);
}

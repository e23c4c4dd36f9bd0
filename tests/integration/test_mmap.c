// SPDX-License-Identifier: GPL-2.0
/*
 * mmap of PAGES, VMALLOC and DMA_COHERENT objects: data both ways,
 * page-by-page mapping, lifetime (free/close while mapped, fork), partial
 * munmap/mprotect, mremap, and every refused mapping.
 */
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "common.h"

#define SEED	0x12345678U

static size_t obj_pages(struct ml_fixture *fx, __u64 size)
{
	return (size + fx->page - 1) / fx->page;
}

/* ------------------------------------------------------------------ */
/* Data both ways                                                      */

static void test_roundtrip(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	unsigned char *p, *data, *back;
	__u64 size, nr_bad, first_bad;
	size_t npages, i;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	npages = obj_pages(fx, size);
	p = ml_map_obj(fx, fx->fd, id, 0, npages);
	data = malloc(size);
	back = malloc(size);
	assert_non_null(data);
	assert_non_null(back);

	/* mmap -> READ */
	ml_fill_random(data, size, 1);
	memcpy(p, data, size);
	memset(back, 0, size);
	assert_errno(ml_read(fx->fd, id, 0, size, back), 0);
	assert_memory_equal(back, data, size);

	/* WRITE -> mmap */
	ml_fill_random(data, size, 2);
	assert_errno(ml_write(fx->fd, id, 0, size, data), 0);
	assert_memory_equal(p, data, size);

	/* FILL -> mmap, mmap -> VERIFY */
	assert_errno(ml_fill(fx->fd, id, 0xa1b2c3d4, 0, size), 0);
	for (i = 0; i + 4 <= size; i += 4)
		assert_int_equal(*(__u32 *)(p + i), 0xa1b2c3d4);
	p[size / 2] ^= 0xff;
	assert_errno(ml_verify(fx->fd, id, 0xa1b2c3d4, 0, size, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 1);
	assert_int_equal(first_bad, size / 2);

	free(data);
	free(back);
	assert_errno(ml_fx_munmap(fx, p, npages * fx->page), 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_seed_pattern(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const unsigned int idx[] = { 0, 1, 100, 1000 };
	__u64 nr_bad, first_bad;
	__u32 id, v, *p;
	unsigned int i;

	assert_errno(ml_pages(fx->fd, 0, &id), 0);
	p = ml_map_obj(fx, fx->fd, id, 0, 1);

	/* WRITE 0x12345678 at int offsets 0, 1, 100, 1000: mmap sees it. */
	v = SEED;
	for (i = 0; i < ML_ARRAY_SIZE(idx); i++)
		assert_errno(ml_write(fx->fd, id, idx[i] * 4, 4, &v), 0);
	for (i = 0; i < ML_ARRAY_SIZE(idx); i++)
		assert_int_equal(p[idx[i]], SEED);

	/* Through mmap: READ sees it. */
	memset(p, 0, fx->page);
	for (i = 0; i < ML_ARRAY_SIZE(idx); i++)
		p[idx[i]] = SEED + i;
	for (i = 0; i < ML_ARRAY_SIZE(idx); i++) {
		v = 0;
		assert_errno(ml_read(fx->fd, id, idx[i] * 4, 4, &v), 0);
		assert_int_equal(v, SEED + i);
	}
	v = 1;
	assert_errno(ml_read(fx->fd, id, 2 * 4, 4, &v), 0);
	assert_int_equal(v, 0);

	/* FILL then VERIFY, and every int of the mapping. */
	assert_errno(ml_fill(fx->fd, id, SEED, 0, fx->page), 0);
	assert_errno(ml_verify(fx->fd, id, SEED, 0, fx->page, &nr_bad,
			       &first_bad), 0);
	assert_int_equal(nr_bad, 0);
	assert_int_equal(first_bad, ~0ULL);
	for (i = 0; i < (unsigned int)(fx->page / 4); i++)
		assert_int_equal(p[i], SEED);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_order3_page_by_page(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 *pages[8], *span, id, v;
	size_t n = fx->page / 4, i, j;

	if (fx->base.max_order < 3)
		ml_skip("max_order %u < 3", fx->base.max_order);
	assert_errno(ml_pages(fx->fd, 3, &id), 0);
	for (i = 0; i < 8; i++)
		assert_errno(ml_fill(fx->fd, id, 0x10000000U + i, i * fx->page,
				     fx->page), 0);
	/* Eight separate one-page mappings at offset + i * page. */
	for (i = 0; i < 8; i++)
		pages[i] = ml_map_obj(fx, fx->fd, id, i, 1);
	for (i = 0; i < 8; i++)
		for (j = 0; j < n; j++)
			if (pages[i][j] != 0x10000000U + i)
				fail_msg("page %zu word %zu: %#x", i, j,
					 pages[i][j]);
	/* Writes through each go to the right page of the block. */
	for (i = 0; i < 8; i++)
		pages[i][7] = 0xbeef0000U + i;
	for (i = 0; i < 8; i++) {
		assert_errno(ml_read(fx->fd, id, i * fx->page + 28, 4, &v), 0);
		assert_int_equal(v, 0xbeef0000U + i);
	}
	/* A middle span, pages 2..5, agrees with the single pages. */
	span = ml_map_obj(fx, fx->fd, id, 2, 4);
	for (i = 0; i < 4; i++)
		assert_memory_equal(span + i * n, pages[i + 2], fx->page);
	assert_errno(ml_free(fx->fd, id), 0);
	for (i = 0; i < 8; i++)
		ml_fx_munmap(fx, pages[i], fx->page);
	ml_fx_munmap(fx, span, 4 * fx->page);
}

/* ------------------------------------------------------------------ */
/* Lifetime                                                            */

static void test_free_while_mapped(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	struct memlab_obj_info oi;
	struct memlab_info i1, i2;
	unsigned char *p, *data;
	__u64 size, off;
	size_t len;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	len = obj_pages(fx, size) * fx->page;
	assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
	p = ml_map_obj(fx, fx->fd, id, 0, obj_pages(fx, size));
	data = malloc(size);
	assert_non_null(data);
	ml_fill_random(data, size, 3);
	memcpy(p, data, size);
	assert_errno(ml_info(fx->fd, &i1), 0);

	assert_errno(ml_free(fx->fd, id), 0);
	/* The id is gone at once ... */
	assert_errno(ml_free(fx->fd, id), -ENOENT);
	assert_errno(ml_obj_info(fx->fd, id, &oi), -ENOENT);
	assert_errno(ml_read(fx->fd, id, 0, 1, data), -ENOENT);
	assert_int_equal(ml_listed(fx->fd, id), 0);
	/* ... but the memory lives while mapped, and is still counted. */
	assert_memory_equal(p, data, size);
	memset(p, 0x3c, size);
	assert_int_equal(p[size - 1], 0x3c);
	assert_errno(ml_info(fx->fd, &i2), 0);
	assert_int_equal(i2.nr_objects, i1.nr_objects);
	assert_int_equal(i2.nr_bytes, i1.nr_bytes);
	assert_int_equal(i2.kind_bytes[k->kind], i1.kind_bytes[k->kind]);
	/* A new mapping of the freed object's offset is refused. */
	errno = 0;
	assert_true(mmap(NULL, fx->page, PROT_READ, MAP_SHARED, fx->fd,
			 (off_t)off) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);

	assert_errno(ml_fx_munmap(fx, p, len), 0);
	assert_errno(ml_info(fx->fd, &i2), 0);
	assert_int_equal(i2.nr_bytes, i1.nr_bytes - ml_charged(fx, k));
	assert_int_equal(i2.kind_objects[k->kind],
			 i1.kind_objects[k->kind] - 1);
	free(data);
}

static void test_close_while_mapped(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	struct memlab_info i1, i2;
	unsigned char *p;
	int fd2 = ml_fx_open(fx);
	size_t len;
	__u64 size;
	__u32 id;

	size = ml_make(fx, fd2, k, &id);
	len = obj_pages(fx, size) * fx->page;
	p = ml_map_obj(fx, fd2, id, 0, obj_pages(fx, size));
	memset(p, 0x6d, size);
	assert_errno(ml_info(fx->fd, &i1), 0);
	assert_errno(ml_fx_close(fx, fd2), 0);

	/* Mapping valid after close; the object still counts. */
	assert_int_equal(p[0], 0x6d);
	assert_int_equal(p[size - 1], 0x6d);
	p[1] = 0x11;
	assert_int_equal(p[1], 0x11);
	assert_errno(ml_info(fx->fd, &i2), 0);
	assert_int_equal(i2.kind_objects[k->kind], i1.kind_objects[k->kind]);
	assert_int_equal(i2.kind_bytes[k->kind], i1.kind_bytes[k->kind]);

	assert_errno(ml_fx_munmap(fx, p, len), 0);
	ml_assert_baseline(fx);
}

static int pipe_fds[2][2];
static unsigned char *child_map;
static size_t child_len;

static int child_reads_after_parent_unmap(void *arg)
{
	size_t i;
	char c;

	(void)arg;
	close(pipe_fds[0][1]);
	/* Wait until the parent has freed and unmapped. */
	if (read(pipe_fds[0][0], &c, 1) != 1)
		return 10;
	for (i = 0; i < child_len; i++)
		if (child_map[i] != (unsigned char)(i * 7))
			return 11;
	child_map[0] = 0xee;
	return 0;
}

static void test_fork_live_mapping(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	unsigned char *p;
	size_t len = 2 * fx->page, i;
	pid_t pid;
	int status;
	__u32 id;

	assert_errno(ml_pages(fx->fd, 1, &id), 0);
	p = ml_map_obj(fx, fx->fd, id, 0, 2);
	for (i = 0; i < len; i++)
		p[i] = i * 7;

	/* Child sees the parent's data and writes back through it. */
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		ml_child_signals();
		for (i = 0; i < len; i++)
			if (p[i] != (unsigned char)(i * 7))
				_exit(1);
		p[5] = 0x55;
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(p[5], 0x55);
	p[5] = 5 * 7;
	/* The child's exit did not drop the parent's reference. */
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(p[len - 1], (unsigned char)((len - 1) * 7));

	/*
	 * Parent frees and unmaps while the child still maps it: the memory
	 * lives until the child is gone.
	 */
	assert_int_equal(pipe(pipe_fds[0]), 0);
	child_map = p;
	child_len = len;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		ml_child_signals();
		_exit(child_reads_after_parent_unmap(NULL));
	}
	close(pipe_fds[0][0]);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_fx_munmap(fx, p, len), 0);
	assert_int_equal(write(pipe_fds[0][1], "x", 1), 1);
	close(pipe_fds[0][1]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	ml_assert_baseline(fx);
}

/* ------------------------------------------------------------------ */
/* Partial munmap / mprotect, mremap                                   */

static volatile unsigned char *touch_addr;

static int child_touch_read(void *arg)
{
	(void)arg;
	return touch_addr[0] == 0x42 ? 0 : 1;
}

static int child_touch_write(void *arg)
{
	(void)arg;
	touch_addr[0] = 0x43;
	return 0;
}

static void test_partial_munmap(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	unsigned char *p, b;
	size_t pg = fx->page;
	__u64 size;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	if (obj_pages(fx, size) < 4)
		ml_skip("object too small");
	p = ml_map_obj(fx, fx->fd, id, 0, 4);
	ml_fx_forget_map(fx, p, 4 * pg);	/* unmapped piece by piece */
	assert_errno(ml_fill(fx->fd, id, 0x42424242, 0, size), 0);

	/* Unmap the second page: the mapping becomes two pieces. */
	assert_int_equal(munmap(p + pg, pg), 0);
	assert_int_equal(p[0], 0x42);
	assert_int_equal(p[2 * pg], 0x42);
	assert_int_equal(p[size - 1], 0x42);
	p[3 * pg] = 0x99;
	assert_errno(ml_read(fx->fd, id, 3 * pg, 1, &b), 0);
	assert_int_equal(b, 0x99);
	touch_addr = p + pg;
	assert_int_equal(ml_in_child(child_touch_read, NULL), -SIGSEGV);

	/* Free, then drop the pieces one by one: freed after the last. */
	assert_errno(ml_free(fx->fd, id), 0);
	assert_int_equal(munmap(p, pg), 0);
	assert_int_equal(p[2 * pg], 0x42);
	assert_int_equal(munmap(p + 2 * pg, 2 * pg), 0);
	ml_assert_baseline(fx);
}

static void test_partial_mprotect(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *p;
	size_t pg = fx->page;
	__u32 id;

	assert_errno(ml_pages(fx->fd, 2, &id), 0);
	p = ml_map_obj(fx, fx->fd, id, 0, 4);
	memset(p, 0x42, 4 * pg);
	assert_int_equal(mprotect(p + 2 * pg, pg, PROT_READ), 0);
	/* Read-only page: reads work, writes fault. */
	touch_addr = p + 2 * pg;
	assert_int_equal(ml_in_child(child_touch_read, NULL), 0);
	assert_int_equal(ml_in_child(child_touch_write, NULL), -SIGSEGV);
	/* The neighbours stay writable. */
	touch_addr = p + 3 * pg;
	assert_int_equal(ml_in_child(child_touch_write, NULL), 0);
	assert_int_equal(p[3 * pg], 0x43);
	touch_addr = p + pg;
	assert_int_equal(ml_in_child(child_touch_write, NULL), 0);
	assert_int_equal(p[pg], 0x43);
	/* Back to read-write. */
	assert_int_equal(mprotect(p + 2 * pg, pg, PROT_READ | PROT_WRITE), 0);
	p[2 * pg] = 7;
	assert_int_equal(p[2 * pg], 7);
	/* No PROT_EXEC, even on a part. */
	assert_int_not_equal(mprotect(p, pg, PROT_READ | PROT_EXEC), 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_mremap_grow(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	struct ml_kind one = *k;
	unsigned char *p, *q;
	size_t pg = fx->page;
	__u32 id;

	/* An object of exactly one page. */
	if (one.kind == MEMLAB_KIND_PAGES)
		one.order = 0;
	else
		one.size = pg;
	ml_make(fx, fx->fd, &one, &id);
	p = ml_map_obj(fx, fx->fd, id, 0, 1);
	memset(p, 0x42, pg);

	errno = 0;
	q = mremap(p, pg, 2 * pg, MREMAP_MAYMOVE);
	if (one.kind == MEMLAB_KIND_DMA_COHERENT) {
		/* VM_DONTEXPAND: growth is refused. */
		assert_true(q == MAP_FAILED);
		assert_int_equal(errno, EFAULT);
		assert_int_equal(p[0], 0x42);
		assert_errno(ml_free(fx->fd, id), 0);
		return;
	}
	if (q == MAP_FAILED)
		fail_msg("mremap grow: %s", strerror(errno));
	ml_fx_forget_map(fx, p, pg);
	ml_fx_track_map(fx, q, 2 * pg);
	assert_int_equal(q[0], 0x42);
	assert_int_equal(q[pg - 1], 0x42);
	/* Past the object: SIGBUS, like a file past its end. */
	touch_addr = q + pg;
	assert_int_equal(ml_in_child(child_touch_read, NULL), -SIGBUS);
	assert_int_equal(ml_in_child(child_touch_write, NULL), -SIGBUS);
	/* Shrinking back is fine. */
	p = mremap(q, 2 * pg, pg, 0);
	assert_true(p == q);
	ml_fx_forget_map(fx, q, 2 * pg);
	assert_int_equal(p[0], 0x42);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_int_equal(munmap(p, pg), 0);
	ml_assert_baseline(fx);
}

/* ------------------------------------------------------------------ */
/* Refused mappings                                                    */

static void expect_mmap_fail(struct ml_fixture *fx, size_t len, int prot,
			     int flags, __u64 off, int err, const char *what)
{
	void *p;

	errno = 0;
	p = mmap(NULL, len, prot, flags, fx->fd, (off_t)off);
	if (p != MAP_FAILED) {
		munmap(p, len);
		fail_msg("%s: mmap succeeded, expected %s", what,
			 ml_errname(-err));
	}
	if (errno != err)
		fail_msg("%s: mmap failed with %s, expected %s", what,
			 ml_errname(-errno), ml_errname(-err));
}

static void test_mmap_too_long(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	size_t pg = fx->page, n;
	__u64 off, size;
	void *p;
	__u32 id;

	size = ml_make(fx, fx->fd, k, &id);
	n = obj_pages(fx, size);
	assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
	/* The page-rounded end is fine. */
	p = ml_fx_mmap(fx, fx->fd, n * pg, PROT_READ, MAP_SHARED, off);
	assert_true(p != MAP_FAILED);
	ml_fx_munmap(fx, p, n * pg);
	expect_mmap_fail(fx, (n + 1) * pg, PROT_READ, MAP_SHARED, off, EINVAL,
			 "one page too long");
	expect_mmap_fail(fx, (n + 64) * pg, PROT_READ, MAP_SHARED, off, EINVAL,
			 "64 pages too long");
	/* From the last page, two pages. */
	expect_mmap_fail(fx, 2 * pg, PROT_READ, MAP_SHARED, off + (n - 1) * pg,
			 EINVAL, "last page + 1");
	/* Starting past the end. */
	expect_mmap_fail(fx, pg, PROT_READ, MAP_SHARED, off + n * pg, EINVAL,
			 "first page past the end");
	expect_mmap_fail(fx, pg, PROT_READ, MAP_SHARED,
			 off + 0xfffff000ULL, EINVAL, "far past the end");
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_mmap_wrong_token(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	size_t pg = fx->page;
	int fd2 = ml_fx_open(fx);
	__u32 id, other, freed;
	__u64 off, off_freed, off_other;

	assert_errno(ml_pages(fx->fd, 0, &id), 0);
	assert_errno(ml_pages(fx->fd, 0, &freed), 0);
	assert_errno(ml_mmap_offset(fx->fd, freed, &off_freed), 0);
	assert_errno(ml_free(fx->fd, freed), 0);
	assert_errno(ml_pages(fd2, 0, &other), 0);
	assert_errno(ml_mmap_offset(fd2, other, &off_other), 0);
	assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
	/* Every object has its own offsets, never reused. */
	assert_true(off != off_freed && off != off_other &&
		    off_freed != off_other);

	expect_mmap_fail(fx, pg, PROT_READ, MAP_SHARED, 0, EINVAL, "offset 0");
	expect_mmap_fail(fx, pg, PROT_READ, MAP_SHARED,
			 0xfffff000ULL * pg, EINVAL, "offset never handed out");
	expect_mmap_fail(fx, pg, PROT_READ, MAP_SHARED, off_freed,
			 EINVAL, "freed object");
	/* Another file's object: invisible here. */
	expect_mmap_fail(fx, pg, PROT_READ, MAP_SHARED, off_other,
			 EINVAL, "foreign object");
	ml_fx_close(fx, fd2);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_mmap_nonmappable(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *kinds[] = {
		&ml_kind_kmalloc, &ml_kind_cache_obj, &ml_kind_dma_streaming,
	};
	struct memlab_obj_info oi;
	unsigned int i;
	__u32 id;

	for (i = 0; i < ML_ARRAY_SIZE(kinds); i++) {
		if (!ml_has_feature(fx, kinds[i]->feature))
			continue;
		ml_make(fx, fx->fd, kinds[i], &id);
		assert_errno(ml_mmap_offset(fx->fd, id, NULL), -ENODEV);
		assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
		assert_int_equal(oi.flags & MEMLAB_OBJ_MAPPABLE, 0);
		assert_int_equal(oi.mmap_offset, 0);
		assert_errno(ml_free(fx->fd, id), 0);
		/* Its cache, if any. */
		if (kinds[i]->kind == MEMLAB_KIND_CACHE_OBJ) {
			__u32 cache = fx->ids[fx->nr_ids - 1];

			assert_errno(ml_mmap_offset(fx->fd, cache, NULL),
				     -ENODEV);
		}
	}
}

static void test_mmap_private(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	__u64 off;
	__u32 id;

	ml_make(fx, fx->fd, k, &id);
	assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
	expect_mmap_fail(fx, fx->page, PROT_READ | PROT_WRITE, MAP_PRIVATE,
			 off, EINVAL, "MAP_PRIVATE rw");
	expect_mmap_fail(fx, fx->page, PROT_READ, MAP_PRIVATE, off, EINVAL,
			 "MAP_PRIVATE ro");
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_mmap_prot_exec(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const struct ml_kind *k = fx->priv;
	unsigned char *p;
	__u64 off;
	__u32 id;

	ml_make(fx, fx->fd, k, &id);
	assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
	expect_mmap_fail(fx, fx->page, PROT_READ | PROT_EXEC, MAP_SHARED, off,
			 EPERM, "PROT_READ|PROT_EXEC");
	expect_mmap_fail(fx, fx->page, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_SHARED, off, EPERM, "PROT_RWX");
	expect_mmap_fail(fx, fx->page, PROT_EXEC, MAP_SHARED, off, EPERM,
			 "PROT_EXEC");
	/* A mapping without exec cannot be made executable later. */
	p = ml_fx_mmap(fx, fx->fd, fx->page, PROT_READ | PROT_WRITE,
		       MAP_SHARED, off);
	assert_true(p != MAP_FAILED);
	errno = 0;
	assert_int_equal(mprotect(p, fx->page, PROT_READ | PROT_EXEC), -1);
	assert_true(errno == EACCES || errno == EPERM);
	errno = 0;
	assert_int_equal(mprotect(p, fx->page, PROT_EXEC), -1);
	/* Still usable read-write. */
	p[0] = 1;
	assert_int_equal(p[0], 1);
	assert_errno(ml_free(fx->fd, id), 0);
}

/*
 * Ids and mmap offsets are never reused, so after a few thousand
 * allocations ids pass 4095; a 32-bit process (mmap2 takes the offset in
 * pages, 32 bits) must still be able to map such an object.
 */
static void test_mmap_high_id(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *p;
	__u32 id;
	int i;

	for (i = 0; i < 5000; i++) {
		assert_errno(ml_kmalloc(fx->fd, 8, &id), 0);
		assert_errno(ml_free(fx->fd, id), 0);
		if (id > 4200)
			break;
	}
	assert_errno(ml_pages(fx->fd, 0, &id), 0);
	assert_true(id > 4096);
	p = ml_map_obj(fx, fx->fd, id, 0, 1);
	p[0] = 9;
	assert_errno(ml_read(fx->fd, id, 0, 1, p + 1), 0);
	assert_int_equal(p[1], 9);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_mapcount(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	void *a, *b;
	__u32 id;

	assert_errno(ml_pages(fx->fd, 1, &id), 0);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.mapcount, 0);
	a = ml_map_obj(fx, fx->fd, id, 0, 2);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.mapcount, 1);
	b = ml_map_obj(fx, fx->fd, id, 1, 1);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.mapcount, 2);
	assert_errno(ml_fx_munmap(fx, a, 2 * fx->page), 0);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.mapcount, 1);
	assert_errno(ml_fx_munmap(fx, b, fx->page), 0);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.mapcount, 0);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_mmap_readonly(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *p;
	__u64 off;
	__u32 id;

	assert_errno(ml_pages(fx->fd, 0, &id), 0);
	assert_errno(ml_fill(fx->fd, id, 0x42424242, 0, fx->page), 0);
	assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
	p = ml_fx_mmap(fx, fx->fd, fx->page, PROT_READ, MAP_SHARED, off);
	assert_true(p != MAP_FAILED);
	assert_int_equal(p[100], 0x42);
	touch_addr = p;
	assert_int_equal(ml_in_child(child_touch_write, NULL), -SIGSEGV);
	assert_errno(ml_free(fx->fd, id), 0);
}

#define KIND_TEST(fn, kindvar) { \
	.name = #fn "_" #kindvar, .test_func = fn, .setup_func = ml_setup, \
	.teardown_func = ml_teardown, .initial_state = (void *)&kindvar, \
}
#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		KIND_TEST(test_roundtrip, ml_kind_pages0),
		KIND_TEST(test_roundtrip, ml_kind_pages2),
		KIND_TEST(test_roundtrip, ml_kind_vmalloc),
		KIND_TEST(test_roundtrip, ml_kind_dma_coherent),
		T(test_seed_pattern),
		T(test_order3_page_by_page),
		KIND_TEST(test_free_while_mapped, ml_kind_pages2),
		KIND_TEST(test_free_while_mapped, ml_kind_vmalloc),
		KIND_TEST(test_free_while_mapped, ml_kind_dma_coherent),
		KIND_TEST(test_close_while_mapped, ml_kind_pages2),
		KIND_TEST(test_close_while_mapped, ml_kind_vmalloc),
		KIND_TEST(test_close_while_mapped, ml_kind_dma_coherent),
		T(test_fork_live_mapping),
		KIND_TEST(test_partial_munmap, ml_kind_pages2),
		KIND_TEST(test_partial_munmap, ml_kind_vmalloc),
		T(test_partial_mprotect),
		KIND_TEST(test_mremap_grow, ml_kind_pages0),
		KIND_TEST(test_mremap_grow, ml_kind_vmalloc),
		KIND_TEST(test_mremap_grow, ml_kind_dma_coherent),
		KIND_TEST(test_mmap_too_long, ml_kind_pages0),
		KIND_TEST(test_mmap_too_long, ml_kind_pages2),
		KIND_TEST(test_mmap_too_long, ml_kind_vmalloc),
		KIND_TEST(test_mmap_too_long, ml_kind_dma_coherent),
		T(test_mmap_wrong_token),
		T(test_mmap_nonmappable),
		KIND_TEST(test_mmap_private, ml_kind_pages0),
		KIND_TEST(test_mmap_private, ml_kind_dma_coherent),
		KIND_TEST(test_mmap_prot_exec, ml_kind_pages0),
		KIND_TEST(test_mmap_prot_exec, ml_kind_vmalloc),
		KIND_TEST(test_mmap_prot_exec, ml_kind_dma_coherent),
		T(test_mapcount),
		T(test_mmap_readonly),
		T(test_mmap_high_id),
	};

	return cmocka_run_group_tests_name("memlab_mmap", tests, NULL, NULL);
}

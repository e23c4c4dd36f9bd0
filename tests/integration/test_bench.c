// SPDX-License-Identifier: GPL-2.0
/*
 * MEMLAB_IOC_BENCH: bounds and errnos, results that make sense, limits,
 * and a run that a fatal signal stops. No timing is asserted here: the
 * numbers belong to make bench.
 */
#include <signal.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/wait.h>

#include "common.h"

static struct memlab_bench req(__u32 kind, __u32 pattern, __u64 size,
			       __u32 threads, __u32 iterations)
{
	struct memlab_bench b = {
		.kind = kind,
		.pattern = pattern,
		.size = size,
		.threads = threads,
		.iterations = iterations,
	};

	return b;
}

static int bench(int fd, struct memlab_bench *b)
{
	return ml_ioctl(fd, MEMLAB_IOC_BENCH, b);
}

static void assert_sane_lat(const struct memlab_bench_lat *l)
{
	assert_true(l->min_ns <= l->p50_ns);
	assert_true(l->p50_ns <= l->p99_ns);
	assert_true(l->p99_ns <= l->max_ns);
	assert_true(l->min_ns <= l->mean_ns && l->mean_ns <= l->max_ns);
	assert_true(l->max_ns > 0);
}

static void assert_sane(const struct memlab_bench *b)
{
	assert_int_equal(b->done, (__u64)b->threads * b->iterations);
	assert_int_equal(b->failures, 0);
	assert_true(b->elapsed_ns > 0);
	assert_true(b->ops_per_sec > 0);
	assert_true(b->nr_cpus >= 1 && b->nr_cpus <= b->threads);
	assert_int_equal(b->pad2, 0);
	assert_sane_lat(&b->alloc);
	assert_sane_lat(&b->free);
}

static void test_bench_bad_params(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_bench ok = req(MEMLAB_KIND_KMALLOC, MEMLAB_BENCH_PAIRS,
				     64, 1, 10);
	struct memlab_bench b;
	int rc;

	b = ok; b.kind = 0;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.kind = MEMLAB_KIND_CACHE;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.kind = MEMLAB_KIND_DMA_STREAMING;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.kind = MEMLAB_KIND_NR;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.pattern = 0;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.pattern = 3;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.threads = 0;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.iterations = 0;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.threads = MEMLAB_BENCH_MAX_THREADS + 1;
	assert_errno(bench(fx->fd, &b), -E2BIG);
	b = ok; b.iterations = MEMLAB_BENCH_MAX_ITERATIONS + 1;
	assert_errno(bench(fx->fd, &b), -E2BIG);
	b = ok; b.threads = 2; b.iterations = MEMLAB_BENCH_MAX_ITERATIONS;
	assert_errno(bench(fx->fd, &b), -E2BIG);
	b = ok; b.flags = 1;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.done = 1;		/* an output field on input */
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.alloc.p99_ns = 1;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.pad2 = 1;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.size = 0;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.size = fx->base.kmalloc_max + 1;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.cache_id = 1;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.gfp = MEMLAB_GFP_HIGHMEM;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.gfp = MEMLAB_GFP_ATOMIC | MEMLAB_GFP_NOWAIT;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.kind = MEMLAB_KIND_PAGES; b.size = 0; b.order = 99;
	assert_errno(bench(fx->fd, &b), -EINVAL);
	b = ok; b.kind = MEMLAB_KIND_CACHE_OBJ; b.size = 0;
	b.cache_id = 0x7ffffff0;
	assert_errno(bench(fx->fd, &b), -ENOENT);
	/* a kmalloc object is not a cache */
	{
		__u32 id;

		assert_errno(ml_kmalloc(fx->fd, 8, &id), 0);
		b.cache_id = id;
		assert_errno(bench(fx->fd, &b), -EINVAL);
		assert_errno(ml_free(fx->fd, id), 0);
	}
	/*
	 * ZERO from a CTOR cache, refused as by ALLOC: SLUB WARNs on it when
	 * it populates a slab (found by the fuzzer)
	 */
	{
		struct memlab_cache_create cc;
		char name[MEMLAB_NAME_LEN];

		ml_name(name, sizeof(name), "bctor");
		assert_errno(ml_cache_create(fx->fd, name, 64, 0,
					     MEMLAB_SLAB_CTOR, 0, &cc), 0);
		b.cache_id = cc.id;
		b.gfp = MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO;
		assert_errno(bench(fx->fd, &b), -EINVAL);
		b.gfp = MEMLAB_GFP_KERNEL;
		assert_errno(bench(fx->fd, &b), 0);
		assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	}
	/* max_order applies */
	rc = ml_fx_param_set_u64(fx, "max_order", 0);
	if (rc)
		ml_skip("cannot set max_order: %s", ml_errname(rc));
	b = ok; b.kind = MEMLAB_KIND_PAGES; b.size = 0; b.order = 1;
	assert_errno(bench(fx->fd, &b), -E2BIG);
	ml_assert_baseline(fx);
}

/* Every allocator, both patterns: sane figures, nothing left behind. */
static void test_bench_results(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	struct memlab_bench b;
	__u32 pattern;

	ml_name(name, sizeof(name), "bench");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	for (pattern = MEMLAB_BENCH_PAIRS; pattern <= MEMLAB_BENCH_BULK;
	     pattern++) {
		b = req(MEMLAB_KIND_KMALLOC, pattern, 64, 2, 300);
		assert_errno(bench(fx->fd, &b), 0);
		assert_sane(&b);
		b = req(MEMLAB_KIND_CACHE_OBJ, pattern, 0, 2, 300);
		b.cache_id = cc.id;
		assert_errno(bench(fx->fd, &b), 0);
		assert_sane(&b);
		b = req(MEMLAB_KIND_PAGES, pattern, 0, 2, 100);
		b.order = 2;
		assert_errno(bench(fx->fd, &b), 0);
		assert_sane(&b);
		b = req(MEMLAB_KIND_VMALLOC, pattern, 3 * fx->page, 1, 50);
		assert_errno(bench(fx->fd, &b), 0);
		assert_sane(&b);
		if (ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT)) {
			b = req(MEMLAB_KIND_DMA_COHERENT, pattern, 8192, 2, 50);
			assert_errno(bench(fx->fd, &b), 0);
			assert_sane(&b);
		}
	}
	/* more threads than CPUs */
	b = req(MEMLAB_KIND_KMALLOC, MEMLAB_BENCH_PAIRS, 8, 5, 20);
	assert_errno(bench(fx->fd, &b), 0);
	assert_sane(&b);
	/* the cache is not kept busy by a run */
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	ml_assert_baseline(fx);
}

/* The run is charged with its peak footprint under memlab's limits. */
static void test_bench_limits(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info before, after;
	struct memlab_bench b;
	int rc;

	rc = ml_fx_param_set_u64(fx, "max_bytes", fx->base.nr_bytes + 4096);
	if (rc)
		ml_skip("cannot set max_bytes: %s", ml_errname(rc));
	assert_errno(ml_info(fx->fd, &before), 0);
	b = req(MEMLAB_KIND_KMALLOC, MEMLAB_BENCH_BULK, 64, 1, 100);
	assert_errno(bench(fx->fd, &b), -ENOSPC);	/* 6400 bytes */
	assert_errno(ml_info(fx->fd, &after), 0);
	assert_int_equal(after.limit_hits, before.limit_hits + 1);
	b = req(MEMLAB_KIND_KMALLOC, MEMLAB_BENCH_PAIRS, 64, 2, 100);
	assert_errno(bench(fx->fd, &b), 0);		/* 128 bytes */
	b = req(MEMLAB_KIND_VMALLOC, MEMLAB_BENCH_PAIRS, ~0ULL >> 1, 64, 1);
	assert_errno(bench(fx->fd, &b), -ENOSPC);	/* would wrap */
	rc = ml_fx_param_set_u64(fx, "max_objects", fx->base.nr_objects);
	assert_errno(rc, 0);
	b = req(MEMLAB_KIND_KMALLOC, MEMLAB_BENCH_PAIRS, 64, 1, 10);
	assert_errno(bench(fx->fd, &b), -ENOSPC);
	ml_assert_baseline(fx);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* SIGKILL stops a long run promptly; nothing stays charged. */
static void test_bench_cancel(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	int pipefd[2], status;
	double t0, waited;
	char c;
	pid_t pid;

	assert_int_equal(pipe(pipefd), 0);
	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct memlab_bench b = req(MEMLAB_KIND_VMALLOC,
					    MEMLAB_BENCH_PAIRS, 4 * 4096, 2,
					    MEMLAB_BENCH_MAX_SAMPLES / 2);
		int fd = ml_open();

		ml_child_signals();
		close(pipefd[0]);
		if (fd < 0)
			_exit(2);
		if (write(pipefd[1], "g", 1) != 1)
			_exit(3);
		bench(fd, &b);
		_exit(4);	/* finished: too fast to be cancelled */
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], &c, 1), 1);
	close(pipefd[0]);
	usleep(500 * 1000);
	assert_int_equal(waitpid(pid, &status, WNOHANG), 0);	/* running */
	t0 = now_s();
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	waited = now_s() - t0;
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGKILL);
	print_message("bench stopped %.3f s after SIGKILL\n", waited);
	assert_true(waited < 30.0);
	ml_assert_baseline(fx);
	/* the next run is not held up */
	{
		struct memlab_bench b = req(MEMLAB_KIND_KMALLOC,
					    MEMLAB_BENCH_PAIRS, 8, 1, 10);

		assert_errno(bench(fx->fd, &b), 0);
	}
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_bench_bad_params),
		T(test_bench_results),
		T(test_bench_limits),
		T(test_bench_cancel),
	};

	return cmocka_run_group_tests_name("memlab_bench", tests, NULL, NULL);
}

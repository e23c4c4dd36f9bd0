// SPDX-License-Identifier: GPL-2.0
/*
 * Races: threads allocating, freeing, mapping, unmapping, closing and
 * reading statistics at once, for a bounded number of iterations
 * (MEMLAB_RACE_ITERS, default 200).  Afterwards every object is gone and
 * the counters are back to the baseline.  Threads never call cmocka; they
 * count unexpected results, which the main thread asserts on.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>

#include "common.h"

#define NR_THREADS	4
#define RING		64

struct race {
	struct ml_fixture *fx;
	int fd;
	int iters;
	atomic_int stop;
	atomic_int errors;
	atomic_uint ring[RING];	/* ids published for other threads */
	atomic_uint seq;
	atomic_long ops;
};

struct worker {
	struct race *r;
	int idx;
	pthread_t th;
};

static int iterations(void)
{
	const char *s = getenv("MEMLAB_RACE_ITERS");
	int n = s ? atoi(s) : 200;

	return n > 0 ? n : 200;
}

static void bad(struct race *r, const char *what, int rc)
{
	if (atomic_fetch_add(&r->errors, 1) < 10)
		fprintf(stderr, "race: %s: %s\n", what, ml_errname(rc));
}

static unsigned int rnd(unsigned int *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void publish(struct race *r, __u32 id)
{
	atomic_store(&r->ring[atomic_fetch_add(&r->seq, 1) % RING], id);
}

static __u32 pick(struct race *r, unsigned int *s)
{
	return atomic_load(&r->ring[rnd(s) % RING]);
}

static void run_workers(struct race *r, void *(*fn[])(void *), int n)
{
	struct worker w[8];
	int i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		w[i].r = r;
		w[i].idx = i;
		assert_int_equal(pthread_create(&w[i].th, NULL, fn[i], &w[i]),
				 0);
	}
	for (i = 0; i < n; i++)
		pthread_join(w[i].th, NULL);
}

static void race_init(struct race *r, struct ml_fixture *fx)
{
	memset(r, 0, sizeof(*r));
	r->fx = fx;
	r->fd = ml_fx_open(fx);
	r->iters = iterations();
}

/* Close the race fd (frees what is left) and check the counters. */
static void race_finish(struct race *r)
{
	print_message("%ld operations, %d unexpected results\n",
		      atomic_load(&r->ops), atomic_load(&r->errors));
	ml_fx_close(r->fx, r->fd);
	assert_int_equal(atomic_load(&r->errors), 0);
	ml_assert_baseline(r->fx);
}

/* ------------------------------------------------------------------ */

static void *alloc_free_worker(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	unsigned int s = w->idx + 1;
	unsigned char buf[64];
	int i, rc;

	for (i = 0; i < r->iters; i++) {
		__u32 id;

		switch (rnd(&s) % 3) {
		case 0:
			rc = ml_kmalloc(r->fd, 1 + rnd(&s) % 4096, &id);
			break;
		case 1:
			rc = ml_pages(r->fd, rnd(&s) % 3, &id);
			break;
		default:
			rc = ml_vmalloc(r->fd, 1 + rnd(&s) % 20000, &id);
			break;
		}
		if (rc) {
			bad(r, "alloc", rc);
			continue;
		}
		memset(buf, i, sizeof(buf));
		rc = ml_write(r->fd, id, 0, 1, buf);
		if (rc)
			bad(r, "write", rc);
		rc = ml_free(r->fd, id);
		if (rc)
			bad(r, "free", rc);
		atomic_fetch_add(&r->ops, 3);
	}
	return NULL;
}

static void test_race_alloc_free(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	void *(*fn[NR_THREADS])(void *) = {
		alloc_free_worker, alloc_free_worker, alloc_free_worker,
		alloc_free_worker,
	};
	struct race r;

	race_init(&r, fx);
	run_workers(&r, fn, NR_THREADS);
	race_finish(&r);
}

/* ------------------------------------------------------------------ */

static void *producer(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	int i, rc;

	for (i = 0; i < r->iters * 2; i++) {
		__u32 id;

		rc = i % 2 ? ml_kmalloc(r->fd, 128, &id) :
			     ml_pages(r->fd, 0, &id);
		if (rc) {
			bad(r, "producer alloc", rc);
			continue;
		}
		publish(r, id);
		atomic_fetch_add(&r->ops, 1);
	}
	atomic_store(&r->stop, 1);
	return NULL;
}

static void *killer(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	unsigned int s = 7 + w->idx;

	while (!atomic_load(&r->stop)) {
		__u32 id = pick(r, &s);
		int rc;

		if (!id)
			continue;
		rc = ml_free(r->fd, id);
		if (rc && rc != -ENOENT)
			bad(r, "killer free", rc);
		atomic_fetch_add(&r->ops, 1);
	}
	return NULL;
}

static void *user(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	unsigned int s = 99 + w->idx;
	struct memlab_obj_info oi;
	unsigned char buf[128];
	__u64 nr_bad;

	while (!atomic_load(&r->stop)) {
		__u32 id = pick(r, &s);
		int rc;

		if (!id)
			continue;
		rc = ml_write(r->fd, id, 0, 64, buf);
		if (rc && rc != -ENOENT)
			bad(r, "user write", rc);
		rc = ml_read(r->fd, id, 0, 64, buf);
		if (rc && rc != -ENOENT)
			bad(r, "user read", rc);
		rc = ml_fill(r->fd, id, 0x01020304, 0, 64);
		if (rc && rc != -ENOENT)
			bad(r, "user fill", rc);
		rc = ml_verify(r->fd, id, 0x01020304, 0, 64, &nr_bad, NULL);
		if (rc && rc != -ENOENT)
			bad(r, "user verify", rc);
		rc = ml_obj_info(r->fd, id, &oi);
		if (rc && rc != -ENOENT)
			bad(r, "user obj_info", rc);
		atomic_fetch_add(&r->ops, 5);
	}
	return NULL;
}

static void test_race_free_vs_use(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	void *(*fn[])(void *) = { producer, killer, killer, user };
	struct race r;

	race_init(&r, fx);
	run_workers(&r, fn, 4);
	race_finish(&r);
}

/* ------------------------------------------------------------------ */

static void *mapper(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	long pg = r->fx->page;
	int i, rc;

	for (i = 0; i < r->iters; i++) {
		unsigned char *p;
		__u64 off;
		__u32 id;

		rc = i % 2 ? ml_pages(r->fd, 1, &id) :
			     ml_vmalloc(r->fd, 2 * pg, &id);
		if (rc) {
			bad(r, "mapper alloc", rc);
			continue;
		}
		publish(r, id);
		rc = ml_mmap_offset(r->fd, id, &off);
		if (rc) {
			/* A killer may have freed it already. */
			if (rc != -ENOENT)
				bad(r, "mapper mmap offset", rc);
			continue;
		}
		p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_SHARED,
			 r->fd, (off_t)off);
		if (p == MAP_FAILED) {
			/* A killer may have freed it already. */
			if (errno != EINVAL)
				bad(r, "mapper mmap", -errno);
		} else {
			p[0] = 1;
			p[2 * pg - 1] = 2;
			if (p[0] != 1 || p[2 * pg - 1] != 2)
				bad(r, "mapper data", -EIO);
			munmap(p, 2 * pg);
		}
		rc = ml_free(r->fd, id);
		if (rc && rc != -ENOENT)
			bad(r, "mapper free", rc);
		atomic_fetch_add(&r->ops, 4);
	}
	atomic_store(&r->stop, 1);
	return NULL;
}

static void *stats(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	struct memlab_obj_info *all;
	struct memlab_info info;
	unsigned int n;
	int rc;

	while (!atomic_load(&r->stop)) {
		rc = ml_info(r->fd, &info);
		if (rc)
			bad(r, "stats info", rc);
		rc = ml_list_all(r->fd, &all, &n);
		if (rc)
			bad(r, "stats list", rc);
		else
			free(all);
		atomic_fetch_add(&r->ops, 2);
	}
	return NULL;
}

static void test_race_mmap_free(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	void *(*fn[])(void *) = { mapper, mapper, killer, stats };
	struct race r;

	race_init(&r, fx);
	/* Two mappers: stop when the first is done. */
	run_workers(&r, fn, 4);
	race_finish(&r);
}

/* ------------------------------------------------------------------ */

static void *opener(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	long pg = r->fx->page;
	int i, rc;

	for (i = 0; i < r->iters / 2 + 1; i++) {
		struct memlab_cache_create cc;
		char name[MEMLAB_NAME_LEN];
		unsigned char *p = MAP_FAILED;
		__u32 id, obj;
		__u64 off;
		int fd = ml_open();

		if (fd < 0) {
			bad(r, "opener open", fd);
			continue;
		}
		rc = ml_kmalloc(fd, 100, &id);
		if (rc)
			bad(r, "opener kmalloc", rc);
		rc = ml_pages(fd, 0, &id);
		if (!rc)
			rc = ml_mmap_offset(fd, id, &off);
		if (rc) {
			bad(r, "opener pages", rc);
		} else {
			p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED,
				 fd, (off_t)off);
			if (p == MAP_FAILED)
				bad(r, "opener mmap", -errno);
		}
		snprintf(name, sizeof(name), "mlt_r%d_%d_%d", w->idx, i,
			 (int)getpid());
		rc = ml_cache_create(fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE, 0,
				     &cc);
		if (rc)
			bad(r, "opener cache", rc);
		else
			rc = ml_cache_obj(fd, cc.id, 0, &obj);
		if (rc)
			bad(r, "opener cache obj", rc);
		/* Close with everything live and the page still mapped. */
		close(fd);
		if (p != MAP_FAILED) {
			p[0] = 3;
			if (p[0] != 3)
				bad(r, "opener data after close", -EIO);
			munmap(p, pg);
		}
		atomic_fetch_add(&r->ops, 6);
	}
	atomic_store(&r->stop, 1);
	return NULL;
}

static void test_race_close(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	void *(*fn[])(void *) = { opener, opener, alloc_free_worker, stats };
	struct race r;

	race_init(&r, fx);
	run_workers(&r, fn, 4);
	race_finish(&r);
}

/* ------------------------------------------------------------------ */

static void *persister(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	int i, rc;

	for (i = 0; i < r->iters; i++) {
		__u32 id;

		rc = ml_kmalloc(r->fd, 32, &id);
		if (rc) {
			bad(r, "persister alloc", rc);
			continue;
		}
		publish(r, id);
		rc = ml_persist(r->fd, id);
		if (rc && rc != -ENOENT)
			bad(r, "persist", rc);
		/* Whoever wins, the object must end up freed. */
		rc = ml_free(r->fd, id);
		if (rc && rc != -ENOENT)
			bad(r, "persister free", rc);
		atomic_fetch_add(&r->ops, 3);
	}
	atomic_store(&r->stop, 1);
	return NULL;
}

static void test_race_persist_free(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	void *(*fn[])(void *) = { persister, killer, killer, stats };
	struct race r;

	race_init(&r, fx);
	run_workers(&r, fn, 4);
	race_finish(&r);
}

/* ------------------------------------------------------------------ */

static void *busy_on_fd(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;
	int rc;

	while (!atomic_load(&r->stop)) {
		__u32 id;

		rc = ml_kmalloc(r->fd, 64, &id);
		if (rc == -EBADF)
			break;
		if (rc) {
			bad(r, "busy alloc", rc);
			continue;
		}
		/* The fd may be closed under us: EBADF, never a crash. */
		rc = ml_free(r->fd, id);
		if (rc && rc != -EBADF)
			bad(r, "busy free", rc);
		atomic_fetch_add(&r->ops, 2);
	}
	return NULL;
}

static void *closer(void *arg)
{
	struct worker *w = arg;
	struct race *r = w->r;

	usleep(20000 + 1000 * (r->iters % 50));
	close(r->fd);
	usleep(10000);
	atomic_store(&r->stop, 1);
	return NULL;
}

static void test_race_close_shared_fd(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	void *(*fn[])(void *) = { busy_on_fd, busy_on_fd, busy_on_fd, closer };
	struct race r;

	/* Not tracked by the fixture: the closer thread closes it. */
	memset(&r, 0, sizeof(r));
	r.fx = fx;
	r.iters = iterations();
	r.fd = ml_open();
	assert_true(r.fd >= 0);
	run_workers(&r, fn, 4);
	print_message("%ld operations before and around close\n",
		      atomic_load(&r.ops));
	assert_int_equal(atomic_load(&r.errors), 0);
	ml_assert_baseline(fx);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_race_alloc_free),
		T(test_race_free_vs_use),
		T(test_race_mmap_free),
		T(test_race_close),
		T(test_race_persist_free),
		T(test_race_close_shared_fd),
	};

	return cmocka_run_group_tests_name("memlab_race", tests, NULL, NULL);
}

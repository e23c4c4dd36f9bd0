// SPDX-License-Identifier: GPL-2.0
/*
 * MEMLAB_IOC_BENCH: allocator latency measured inside the kernel, in the
 * manner of kernel/dma/map_benchmark.c and lib/test_vmalloc.c.
 *
 * Kernel threads, each bound to a CPU, call the allocator directly (no
 * memlab object, no id) and time every allocation and every free with
 * ktime_get_ns(). Each thread writes its samples into its own slice of
 * two arrays; when all are done the samples are sorted (a radix sort:
 * linear, and it yields the CPU between passes) for min, median, p99 and
 * max. The threads reschedule after every call and look at a stop flag
 * that a fatal signal of the caller sets, so a long run neither trips the
 * soft-lockup detector nor outlives a killed caller.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/dma-mapping.h>
#include <linux/gfp.h>
#include <linux/kthread.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include "compat.h"
#include "memlab_core.h"

/* One run at a time: concurrent runs would measure each other. */
static DEFINE_MUTEX(memlab_bench_lock);

/**
 * struct memlab_bench_buf - one allocation a thread holds
 * @p: kernel address, or the first struct page for pages
 * @dma: DMA address of a coherent buffer
 */
struct memlab_bench_buf {
	void *p;
	dma_addr_t dma;
};

struct memlab_bench_run;

/**
 * struct memlab_bench_thread - one kernel thread of a run
 * @run: the run
 * @task: the thread (a reference is held until it is stopped)
 * @alloc_ns: its slice of the run's allocation samples
 * @free_ns: its slice of the run's free samples
 * @bufs: BULK: its slice of the run's held allocations
 * @nr: samples taken
 * @failures: allocations that failed
 * @start_ns: when it started
 * @end_ns: when it ended
 */
struct memlab_bench_thread {
	struct memlab_bench_run *run;
	struct task_struct *task;
	u32 *alloc_ns;
	u32 *free_ns;
	struct memlab_bench_buf *bufs;
	u32 nr;
	u64 failures;
	u64 start_ns;
	u64 end_ns;
};

/**
 * struct memlab_bench_run - a run
 * @req: the request
 * @s: cache objects: the kmem_cache
 * @gfp: allocation flags
 * @stop: set when the caller got a fatal signal
 * @running: threads not yet done
 * @wq: the caller waits here for @running to reach 0
 * @alloc_ns: allocation samples, @req->iterations per thread
 * @free_ns: free samples, likewise
 * @bufs: BULK: allocations held, likewise
 * @th: the threads
 */
struct memlab_bench_run {
	const struct memlab_bench *req;
	struct kmem_cache *s;
	gfp_t gfp;
	bool stop;
	atomic_t running;
	wait_queue_head_t wq;
	u32 *alloc_ns;
	u32 *free_ns;
	struct memlab_bench_buf *bufs;
	struct memlab_bench_thread th[];
};

static int memlab_bench_alloc(struct memlab_bench_run *run,
			      struct memlab_bench_buf *b)
{
	const struct memlab_bench *req = run->req;

	switch (req->kind) {
	case MEMLAB_KIND_KMALLOC:
		b->p = kmalloc(req->size, run->gfp);
		break;
	case MEMLAB_KIND_CACHE_OBJ:
		b->p = kmem_cache_alloc(run->s, run->gfp);
		break;
	case MEMLAB_KIND_PAGES:
		b->p = alloc_pages(run->gfp, req->order);
		break;
	case MEMLAB_KIND_VMALLOC:
		b->p = __vmalloc(req->size, run->gfp);
		break;
	default:
		b->p = dma_alloc_coherent(memlab.dev, req->size, &b->dma,
					  run->gfp);
		break;
	}
	return b->p ? 0 : -ENOMEM;
}

static void memlab_bench_free(struct memlab_bench_run *run,
			      struct memlab_bench_buf *b)
{
	const struct memlab_bench *req = run->req;

	switch (req->kind) {
	case MEMLAB_KIND_KMALLOC:
		kfree(b->p);
		break;
	case MEMLAB_KIND_CACHE_OBJ:
		kmem_cache_free(run->s, b->p);
		break;
	case MEMLAB_KIND_PAGES:
		__free_pages(b->p, req->order);
		break;
	case MEMLAB_KIND_VMALLOC:
		vfree(b->p);
		break;
	default:
		dma_free_coherent(memlab.dev, req->size, b->p, b->dma);
		break;
	}
}

static bool memlab_bench_stopped(struct memlab_bench_run *run)
{
	return READ_ONCE(run->stop) || kthread_should_stop();
}

static u32 memlab_bench_ns(u64 t0, u64 t1)
{
	return min_t(u64, t1 - t0, U32_MAX);
}

/* alloc, free, alloc, free, ... */
static void memlab_bench_pairs(struct memlab_bench_thread *t)
{
	struct memlab_bench_run *run = t->run;
	struct memlab_bench_buf b;
	u32 i, n = run->req->iterations;
	u64 t0, t1;

	for (i = 0; i < n && !memlab_bench_stopped(run); i++) {
		t0 = ktime_get_ns();
		if (memlab_bench_alloc(run, &b)) {
			t->failures++;
			cond_resched();
			continue;
		}
		t1 = ktime_get_ns();
		t->alloc_ns[t->nr] = memlab_bench_ns(t0, t1);
		t0 = ktime_get_ns();
		memlab_bench_free(run, &b);
		t1 = ktime_get_ns();
		t->free_ns[t->nr++] = memlab_bench_ns(t0, t1);
		cond_resched();
	}
}

/* Allocate all, then free all (also what a stop left allocated). */
static void memlab_bench_bulk(struct memlab_bench_thread *t)
{
	struct memlab_bench_run *run = t->run;
	u32 i, n = run->req->iterations;
	u64 t0, t1;

	for (i = 0; i < n && !memlab_bench_stopped(run); i++) {
		t0 = ktime_get_ns();
		if (memlab_bench_alloc(run, &t->bufs[t->nr])) {
			t->failures++;
			cond_resched();
			continue;
		}
		t1 = ktime_get_ns();
		t->alloc_ns[t->nr++] = memlab_bench_ns(t0, t1);
		cond_resched();
	}
	for (i = 0; i < t->nr; i++) {
		t0 = ktime_get_ns();
		memlab_bench_free(run, &t->bufs[i]);
		t1 = ktime_get_ns();
		t->free_ns[i] = memlab_bench_ns(t0, t1);
		cond_resched();
	}
}

static int memlab_bench_thread_fn(void *data)
{
	struct memlab_bench_thread *t = data;
	struct memlab_bench_run *run = t->run;

	t->start_ns = ktime_get_ns();
	if (run->req->pattern == MEMLAB_BENCH_PAIRS)
		memlab_bench_pairs(t);
	else
		memlab_bench_bulk(t);
	t->end_ns = ktime_get_ns();
	/* the caller stops every thread before @run goes away */
	if (atomic_dec_and_test(&run->running))
		wake_up(&run->wq);
	return 0;
}

/* LSD radix sort of @n samples, @tmp as scratch; yields between passes. */
static void memlab_bench_sort(u32 *a, u32 *tmp, size_t n)
{
	unsigned int count[256];
	unsigned int shift, d, sum, c;
	size_t i;

	for (shift = 0; shift < 32; shift += 8) {
		memset(count, 0, sizeof(count));
		for (i = 0; i < n; i++)
			count[(a[i] >> shift) & 0xff]++;
		for (d = 0, sum = 0; d < 256; d++) {
			c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			tmp[count[(a[i] >> shift) & 0xff]++] = a[i];
		swap(a, tmp);	/* after four passes @a is the input again */
		cond_resched();
	}
}

/* Latency figures of @n sorted samples. */
static void memlab_bench_lat(const u32 *a, size_t n,
			     struct memlab_bench_lat *lat)
{
	u64 sum = 0;
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += a[i];
	lat->min_ns = a[0];
	lat->p50_ns = a[(n - 1) * 50 / 100];
	lat->p99_ns = a[(n - 1) * 99 / 100];
	lat->max_ns = a[n - 1];
	lat->mean_ns = div64_u64(sum, n);
}

/* Gather the threads' samples at the front of the arrays and sum up. */
static int memlab_bench_report(struct memlab_bench_run *run,
			       struct memlab_bench *req)
{
	u64 start = U64_MAX, end = 0;
	size_t n = 0;
	u32 *tmp;
	u32 i;

	for (i = 0; i < req->threads; i++) {
		struct memlab_bench_thread *t = &run->th[i];

		memmove(run->alloc_ns + n, t->alloc_ns, t->nr * sizeof(u32));
		memmove(run->free_ns + n, t->free_ns, t->nr * sizeof(u32));
		n += t->nr;
		req->failures += t->failures;
		start = min(start, t->start_ns);
		end = max(end, t->end_ns);
	}
	req->done = n;
	req->elapsed_ns = end > start ? end - start : 0;
	if (req->elapsed_ns)
		req->ops_per_sec = div64_u64((u64)n * NSEC_PER_SEC,
					     req->elapsed_ns);
	if (!n)
		return 0;
	tmp = kvmalloc_array(n, sizeof(u32), GFP_KERNEL_ACCOUNT);
	if (!tmp)
		return -ENOMEM;
	memlab_bench_sort(run->alloc_ns, tmp, n);
	memlab_bench_sort(run->free_ns, tmp, n);
	kvfree(tmp);
	memlab_bench_lat(run->alloc_ns, n, &req->alloc);
	memlab_bench_lat(run->free_ns, n, &req->free);
	return 0;
}

/* Start the threads, wait for them (or stop them on a fatal signal). */
static int memlab_bench_go(struct memlab_bench_run *run,
			   struct memlab_bench *req)
{
	unsigned int cpu = cpumask_first(cpu_online_mask);
	struct task_struct *task;
	u32 i, nr = 0;
	int ret = 0;

	init_waitqueue_head(&run->wq);
	atomic_set(&run->running, req->threads);
	for (i = 0; i < req->threads; i++) {
		struct memlab_bench_thread *t = &run->th[i];
		size_t off = (size_t)i * req->iterations;

		t->run = run;
		t->alloc_ns = run->alloc_ns + off;
		t->free_ns = run->free_ns + off;
		if (run->bufs)
			t->bufs = run->bufs + off;
		task = kthread_create(memlab_bench_thread_fn, t,
				      "memlab_bench/%u", i);
		if (IS_ERR(task)) {
			ret = PTR_ERR(task);
			goto stop;
		}
		get_task_struct(task);
		kthread_bind(task, cpu);
		t->task = task;
		nr++;
		cpu = cpumask_next(cpu, cpu_online_mask);
		if (cpu >= nr_cpu_ids)
			cpu = cpumask_first(cpu_online_mask);
	}
	req->nr_cpus = min_t(u32, req->threads, num_online_cpus());
	for (i = 0; i < nr; i++)
		wake_up_process(run->th[i].task);
	if (wait_event_killable(run->wq, !atomic_read(&run->running))) {
		WRITE_ONCE(run->stop, true);
		ret = -EINTR;
	}
stop:
	/* a thread never woken up does not run at all */
	for (i = 0; i < nr; i++) {
		kthread_stop(run->th[i].task);
		put_task_struct(run->th[i].task);
	}
	return ret;
}

/* The request's bounds and the bytes one allocation charges. */
static int memlab_bench_check(struct memlab_bench *req, u64 *charge)
{
	struct memlab_alloc geo = {
		.kind = req->kind,
		.order = req->order,
		.size = req->size,
	};
	size_t out = offsetof(struct memlab_bench, alloc);

	if (req->flags || memchr_inv((u8 *)req + out, 0, sizeof(*req) - out))
		return -EINVAL;
	switch (req->kind) {
	case MEMLAB_KIND_KMALLOC:
	case MEMLAB_KIND_CACHE_OBJ:
	case MEMLAB_KIND_PAGES:
	case MEMLAB_KIND_VMALLOC:
	case MEMLAB_KIND_DMA_COHERENT:
		break;
	default:
		return -EINVAL;
	}
	if (req->pattern != MEMLAB_BENCH_PAIRS &&
	    req->pattern != MEMLAB_BENCH_BULK)
		return -EINVAL;
	if (req->kind != MEMLAB_KIND_CACHE_OBJ && req->cache_id)
		return -EINVAL;
	if (!req->threads || !req->iterations)
		return -EINVAL;
	if (req->threads > MEMLAB_BENCH_MAX_THREADS ||
	    req->iterations > MEMLAB_BENCH_MAX_ITERATIONS ||
	    (u64)req->threads * req->iterations > MEMLAB_BENCH_MAX_SAMPLES)
		return -E2BIG;
	return memlab_alloc_geometry(&geo, charge);
}

/* The run's working memory: samples, and the held buffers for BULK. */
static struct memlab_bench_run *memlab_bench_run_new(struct memlab_bench *req)
{
	size_t n = (size_t)req->threads * req->iterations;
	gfp_t gfp = GFP_KERNEL_ACCOUNT | __GFP_NOWARN;
	struct memlab_bench_run *run;

	run = kzalloc(struct_size(run, th, req->threads), gfp);
	if (!run)
		return NULL;
	run->req = req;
	run->alloc_ns = kvmalloc_array(n, sizeof(u32), gfp);
	run->free_ns = kvmalloc_array(n, sizeof(u32), gfp);
	if (req->pattern == MEMLAB_BENCH_BULK)
		run->bufs = kvmalloc_array(n, sizeof(*run->bufs), gfp);
	if (!run->alloc_ns || !run->free_ns ||
	    (req->pattern == MEMLAB_BENCH_BULK && !run->bufs)) {
		kvfree(run->bufs);
		kvfree(run->free_ns);
		kvfree(run->alloc_ns);
		kfree(run);
		return NULL;
	}
	return run;
}

static void memlab_bench_run_free(struct memlab_bench_run *run)
{
	kvfree(run->bufs);
	kvfree(run->free_ns);
	kvfree(run->alloc_ns);
	kfree(run);
}

/**
 * memlab_bench - MEMLAB_IOC_BENCH
 * @mf: the caller's file
 * @req: the request; its output fields are filled on success
 *
 * Return: 0, or -errno (see &struct memlab_bench).
 */
int memlab_bench(struct memlab_file *mf, struct memlab_bench *req)
{
	const struct memlab_kind_ops *ops;
	struct memlab_obj *cache = NULL;
	struct memlab_bench_run *run;
	struct memlab_obj *quota;
	u64 charge = 0, peak;
	gfp_t gfp;
	int ret;

	ret = memlab_bench_check(req, &charge);
	if (ret)
		return ret;
	ops = memlab_kind_ops(req->kind);
	ret = memlab_gfp(req->gfp, ops, &gfp);
	if (ret)
		return ret;
	if (req->kind == MEMLAB_KIND_CACHE_OBJ) {
		cache = memlab_get(mf, req->cache_id, MEMLAB_MODIFY);
		if (IS_ERR(cache))
			return PTR_ERR(cache);
		ret = -EINVAL;
		if (cache->kind != MEMLAB_KIND_CACHE)
			goto put_cache;
		ret = -ENOENT;
		if (READ_ONCE(cache->cs->dead))
			goto put_cache;
		ret = -EINVAL;
		if (memlab_cache_refuses_gfp(cache, req->gfp))
			goto put_cache;
		charge = cache->size;
	}
	/* a footprint past U64_MAX is past every limit: -ENOSPC below */
	if (check_mul_overflow(charge, (u64)req->threads, &peak) ||
	    (req->pattern == MEMLAB_BENCH_BULK &&
	     check_mul_overflow(peak, (u64)req->iterations, &peak)))
		peak = U64_MAX;

	ret = mutex_lock_killable(&memlab_bench_lock);
	if (ret)
		goto put_cache;
	/* the run holds its peak footprint under memlab's limits */
	ret = -ENOMEM;
	quota = memlab_obj_new(req->kind, peak, peak, req->gfp);
	if (!quota)
		goto unlock;
	quota->order = req->order;
	ret = memlab_charge(quota);
	if (ret)
		goto discard;
	ret = -ENOMEM;
	run = memlab_bench_run_new(req);
	if (!run)
		goto discard;
	run->gfp = gfp | __GFP_NOWARN;
	run->s = cache ? cache->cs->s : NULL;

	ret = memlab_bench_go(run, req);
	if (!ret)
		ret = memlab_bench_report(run, req);
	memlab_bench_run_free(run);
discard:
	memlab_obj_discard(quota);
unlock:
	mutex_unlock(&memlab_bench_lock);
put_cache:
	if (cache)
		memlab_put(cache);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memlab-bench - the guest side of `make bench`.
 *
 * Measures, in one run, the ratios of DESIGN.md's Performance section and
 * the in-kernel latency matrix (MEMLAB_IOC_BENCH for every allocator by
 * size/order), then prints a table of ratios with their targets, and the
 * matrix as CSV and JSON between marker lines that the host side
 * (tests/bench/bench.sh) cuts out of the console log into build/bench/.
 *
 * Absolute times under TCG mean little; every figure that is judged is a
 * ratio of two measurements taken in the same run.
 *
 *   memlab-bench [--quick] [--live N] [--no-matrix]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/memlab.h>

#define NULL_IOCTL	_IO(MEMLAB_IOC_MAGIC, 0x7f)	/* -ENOTTY */
#define BATCH		1024

static int fd;
static long page;
static int quick;

static void die(const char *what)
{
	fprintf(stderr, "memlab-bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static __u32 cache_create(const char *name, __u32 size)
{
	struct memlab_cache_create c = {
		.object_size = size,
		.slab_flags = MEMLAB_SLAB_NO_MERGE,
	};

	snprintf(c.name, sizeof(c.name), "%s", name);
	if (ioctl(fd, MEMLAB_IOC_CACHE_CREATE, &c))
		die("CACHE_CREATE");
	return c.id;
}

static void cache_destroy(__u32 id)
{
	struct memlab_id a = { .id = id };

	if (ioctl(fd, MEMLAB_IOC_CACHE_DESTROY, &a))
		die("CACHE_DESTROY");
}

static int kbench(struct memlab_bench *b)
{
	return ioctl(fd, MEMLAB_IOC_BENCH, b) ? -errno : 0;
}

static int alloc_batch(__u32 kind, __u64 size, __u32 cache_id, __u32 *ids,
		       __u32 n)
{
	struct memlab_batch b = {
		.kind = kind, .size = size, .cache_id = cache_id,
		.ids = (uintptr_t)ids, .count = n,
	};
	int rc = ioctl(fd, MEMLAB_IOC_ALLOC_BATCH, &b);

	if (rc != (int)n)
		die("ALLOC_BATCH");
	return rc;
}

static void free_batch(const __u32 *ids, __u32 n)
{
	struct memlab_ids b = { .ids = (uintptr_t)ids, .count = n };

	if (ioctl(fd, MEMLAB_IOC_FREE_BATCH, &b) != (int)n)
		die("FREE_BATCH");
}

/* ns per object of a batched alloc + free of BATCH cache objects. */
static double batched_ns(__u32 cache_id, int rounds)
{
	static __u32 ids[BATCH];
	double v[64];
	int r;

	for (r = 0; r < rounds; r++) {
		double t0 = now_ns();

		alloc_batch(MEMLAB_KIND_CACHE_OBJ, 0, cache_id, ids, BATCH);
		free_batch(ids, BATCH);
		v[r] = (now_ns() - t0) / BATCH;
	}
	return median(v, rounds);
}

/* ns per object of the in-kernel loop on the same cache (alloc all, free all). */
static double inkernel_ns(__u32 cache_id, int rounds)
{
	double v[64];
	int r;

	for (r = 0; r < rounds; r++) {
		struct memlab_bench b = {
			.kind = MEMLAB_KIND_CACHE_OBJ, .cache_id = cache_id,
			.pattern = MEMLAB_BENCH_BULK, .threads = 1,
			.iterations = BATCH,
		};

		if (kbench(&b))
			die("BENCH");
		v[r] = (double)b.alloc.mean_ns + b.free.mean_ns;
	}
	return median(v, rounds);
}

/* ns per pair of single ALLOC + FREE ioctls of one cache object. */
static double single_ns(__u32 cache_id, int n)
{
	double t0 = now_ns();
	int i;

	for (i = 0; i < n; i++) {
		struct memlab_alloc a = {
			.kind = MEMLAB_KIND_CACHE_OBJ, .cache_id = cache_id,
		};
		struct memlab_id f;

		if (ioctl(fd, MEMLAB_IOC_ALLOC, &a))
			die("ALLOC");
		f = (struct memlab_id){ .id = a.id };
		if (ioctl(fd, MEMLAB_IOC_FREE, &f))
			die("FREE");
	}
	return (now_ns() - t0) / n;
}

static double null_ns(int n)
{
	double t0 = now_ns();
	int i;

	for (i = 0; i < n; i++)
		if (ioctl(fd, NULL_IOCTL, NULL) != -1 || errno != ENOTTY)
			die("null ioctl");
	return (now_ns() - t0) / n;
}

/* Fill @live objects (kmalloc, 8 bytes) on a second file; returns it. */
static int fill_live(__u32 live)
{
	static __u32 ids[MEMLAB_BATCH_MAX];
	int save = fd, lfd;
	__u32 n;

	lfd = open("/dev/memlab", O_RDWR);
	if (lfd < 0)
		die("open");
	fd = lfd;
	for (; live; live -= n) {
		n = live < MEMLAB_BATCH_MAX ? live : MEMLAB_BATCH_MAX;
		alloc_batch(MEMLAB_KIND_KMALLOC, 8, 0, ids, n);
	}
	fd = save;
	return lfd;
}

static double min_of(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

/*
 * Batched and in-kernel cost per object, measured back to back in each of
 * @rounds rounds. Interference from a busy host only ever adds time, so
 * the best round of each is the estimate (@b, @k); returns @b / @k.
 */
static double batch_ratio(__u32 cache_id, int rounds, double *b, double *k)
{
	double vb[64], vk[64];
	int r;

	for (r = 0; r < rounds; r++) {
		vb[r] = batched_ns(cache_id, 1);
		vk[r] = inkernel_ns(cache_id, 1);
	}
	*b = min_of(vb, rounds);
	*k = min_of(vk, rounds);
	return *b / *k;
}

/* ---- slab footprint, from /proc/slabinfo ------------------------------ */

#define MAX_CACHES	512

struct slab_snap {
	int n;
	char name[MAX_CACHES][64];
	double bytes[MAX_CACHES];	/* num_slabs * pagesperslab * page */
	long objs[MAX_CACHES];
	long objsize[MAX_CACHES];
};

static void slab_snap(struct slab_snap *s)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[512];

	if (!f)
		die("/proc/slabinfo");
	s->n = 0;
	while (fgets(line, sizeof(line), f) && s->n < MAX_CACHES) {
		long active, num, objsize, perslab, pages, aslabs, nslabs;
		char name[64];

		if (sscanf(line, "%63s %ld %ld %ld %ld %ld : tunables %*d %*d %*d : slabdata %ld %ld",
			   name, &active, &num, &objsize, &perslab, &pages,
			   &aslabs, &nslabs) != 8)
			continue;
		snprintf(s->name[s->n], sizeof(s->name[0]), "%s", name);
		s->bytes[s->n] = (double)nslabs * pages * page;
		s->objs[s->n] = num;
		s->objsize[s->n] = objsize;
		s->n++;
	}
	fclose(f);
}

static double slab_total(const struct slab_snap *s)
{
	double t = 0;
	int i;

	for (i = 0; i < s->n; i++)
		t += s->bytes[i];
	return t;
}

/*
 * Caches that grew by half a byte or more per tracked object: big objects
 * a few times (the xarray's nodes, one per 64 ids) count too.
 */
static void slab_growth(const struct slab_snap *a, const struct slab_snap *b,
			double n)
{
	int i, j;

	for (j = 0; j < b->n; j++)
		for (i = 0; i < a->n; i++) {
			double d, bytes;

			if (strcmp(a->name[i], b->name[j]))
				continue;
			d = (b->objs[j] - a->objs[i]) / n;
			bytes = (b->bytes[j] - a->bytes[i]) / n;
			if (bytes >= 0.5)
				printf("  %-24s +%.3f objects of %ld bytes per object (%.1f bytes)\n",
				       b->name[j], d, b->objsize[j], bytes);
		}
}

/* ---- memset bandwidth into mappings ------------------------------------ */

/* GB/s of @reps memsets of @len bytes at @p (already faulted in). */
static double memset_gbs(void *p, size_t len, int reps)
{
	double t0 = now_ns();
	int r;

	for (r = 0; r < reps; r++)
		memset(p, r & 0xff, len);
	return (double)len * reps / (now_ns() - t0);
}

/* Allocate one object of @kind and map it; NULL when it cannot be had. */
static void *map_obj(__u32 kind, size_t len, __u32 *id)
{
	struct memlab_alloc a = { .kind = kind };
	struct memlab_mmap_offset mo = { 0 };
	void *p;

	if (kind == MEMLAB_KIND_PAGES) {
		while ((size_t)(page << a.order) < len)
			a.order++;
	} else {
		a.size = len;
	}
	if (ioctl(fd, MEMLAB_IOC_ALLOC, &a))
		return NULL;
	mo.id = a.id;
	if (ioctl(fd, MEMLAB_IOC_MMAP_OFFSET, &mo))
		die("MMAP_OFFSET");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, mo.offset);
	if (p == MAP_FAILED)
		die("mmap");
	*id = a.id;
	return p;
}

static void unmap_obj(void *p, size_t len, __u32 id)
{
	struct memlab_id f = { .id = id };

	munmap(p, len);
	if (ioctl(fd, MEMLAB_IOC_FREE, &f))
		die("FREE");
}

/*
 * Best-of GB/s for anonymous memory (slot 0), each of @kinds, and
 * anonymous memory without transparent huge pages (slot @n + 1), measured
 * in alternation so that a busy host slows all of them alike. A kind whose
 * buffer cannot be allocated gets -1.
 */
static void bandwidth(const __u32 *kinds, int n, size_t len, int reps,
		      double *best)
{
	void *p[5];
	__u32 id[5] = { 0 };
	int i, round;

	p[0] = mmap(NULL, len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p[0] == MAP_FAILED)
		die("mmap anon");
	for (i = 1; i <= n; i++)
		p[i] = map_obj(kinds[i - 1], len, &id[i]);
	/* small pages only: anonymous memory as the mapped kinds get it */
	p[n + 1] = mmap(NULL, len, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p[n + 1] == MAP_FAILED)
		die("mmap anon");
	madvise(p[n + 1], len, MADV_NOHUGEPAGE);
	n++;
	for (i = 0; i <= n; i++) {
		best[i] = -1;
		if (p[i])
			memset(p[i], 1, len);	/* fault everything in */
	}
	for (round = 0; round < 11; round++)
		for (i = 0; i <= n; i++) {
			double g;

			if (!p[i])
				continue;
			g = memset_gbs(p[i], len, reps);
			if (g > best[i])
				best[i] = g;
		}
	munmap(p[0], len);
	munmap(p[n], len);
	for (i = 1; i < n; i++)
		if (p[i])
			unmap_obj(p[i], len, id[i]);
}

/* ---- results ----------------------------------------------------------- */

struct ratio {
	const char *key;
	const char *what;
	double value;
	char cmp;		/* '<' at most, '>' at least, 0 report only */
	double target;
	char detail[256];
};

static struct ratio ratios[8];
static int nr_ratios;

static struct ratio *add_ratio(const char *key, const char *what, double v,
			       char cmp, double target)
{
	struct ratio *r = &ratios[nr_ratios++];

	r->key = key;
	r->what = what;
	r->value = v;
	r->cmp = cmp;
	r->target = target;
	return r;
}

static const char *verdict(const struct ratio *r)
{
	if (!r->cmp)
		return "-";
	if (r->value < 0)
		return "n/a";
	if (r->cmp == '<')
		return r->value <= r->target ? "PASS" : "MISS";
	return r->value >= r->target ? "PASS" : "MISS";
}

static void print_ratios(void)
{
	int i;

	printf("\n%-44s %10s %8s %6s\n", "measure", "value", "target", "");
	for (i = 0; i < nr_ratios; i++) {
		const struct ratio *r = &ratios[i];
		char t[16] = "(report)";

		if (r->cmp)
			snprintf(t, sizeof(t), "%s%g", r->cmp == '<' ? "<=" : ">=",
				 r->target);
		printf("%-44s %10.2f %8s %6s\n", r->what, r->value, t,
		       verdict(r));
		printf("    %s\n", r->detail);
	}
}

static void print_ratio_files(void)
{
	int i;

	printf("==BENCH-FILE== ratios.csv\n");
	printf("key,measure,value,target_cmp,target,verdict,detail\n");
	for (i = 0; i < nr_ratios; i++) {
		const struct ratio *r = &ratios[i];

		printf("%s,\"%s\",%.4f,%s,%g,%s,\"%s\"\n", r->key, r->what,
		       r->value, r->cmp == '<' ? "<=" : r->cmp ? ">=" : "",
		       r->target, verdict(r), r->detail);
	}
	printf("==BENCH-END==\n");
	printf("==BENCH-FILE== ratios.json\n[\n");
	for (i = 0; i < nr_ratios; i++) {
		const struct ratio *r = &ratios[i];

		printf("  {\"key\": \"%s\", \"measure\": \"%s\", \"value\": %.4f, \"target_cmp\": \"%s\", \"target\": %g, \"verdict\": \"%s\", \"detail\": \"%s\"}%s\n",
		       r->key, r->what, r->value,
		       r->cmp == '<' ? "<=" : r->cmp ? ">=" : "", r->target,
		       verdict(r), r->detail, i + 1 < nr_ratios ? "," : "");
	}
	printf("]\n==BENCH-END==\n");
}

/* ---- the in-kernel latency matrix -------------------------------------- */

struct cell {
	const char *alloc;
	__u32 kind;
	__u64 param;		/* bytes, or the order for pages */
	__u32 pattern;
	__u32 threads;
	struct memlab_bench b;
	int rc;
};

static struct cell cells[128];
static int nr_cells;

static void matrix_run(void)
{
	static const __u64 km[] = { 8, 64, 512, 4096, 32768 };
	static const __u64 cs[] = { 64, 512, 4096 };
	static const __u64 ord[] = { 0, 1, 2, 3, 4 };
	static const __u64 vm[] = { 4096, 65536, 1048576 };
	static const struct {
		const char *name;
		__u32 kind;
		const __u64 *p;
		int n;
		__u32 iters;
	} al[] = {
		{ "kmalloc", MEMLAB_KIND_KMALLOC, km, 5, 2000 },
		{ "kmem_cache", MEMLAB_KIND_CACHE_OBJ, cs, 3, 2000 },
		{ "pages", MEMLAB_KIND_PAGES, ord, 5, 1000 },
		{ "vmalloc", MEMLAB_KIND_VMALLOC, vm, 3, 200 },
		{ "dma_coherent", MEMLAB_KIND_DMA_COHERENT, vm, 3, 200 },
	};
	__u32 pattern, threads;
	int a, i;

	for (a = 0; a < 5; a++)
		for (i = 0; i < al[a].n; i++)
			for (pattern = 1; pattern <= 2; pattern++)
				for (threads = 1; threads <= 2; threads++) {
					struct cell *c = &cells[nr_cells++];
					__u64 bytes = al[a].kind == MEMLAB_KIND_PAGES ?
						(__u64)page << al[a].p[i] : al[a].p[i];
					__u32 it = quick ? al[a].iters / 10 : al[a].iters;
					__u32 cache = 0;
					char name[32];

					/* bulk runs hold at most 32 MiB */
					if (pattern == MEMLAB_BENCH_BULK &&
					    (__u64)it * threads * bytes > (32 << 20))
						it = (32 << 20) / bytes / threads;
					if (!it)
						it = 1;
					c->alloc = al[a].name;
					c->kind = al[a].kind;
					c->param = al[a].p[i];
					c->pattern = pattern;
					c->threads = threads;
					c->b = (struct memlab_bench){
						.kind = al[a].kind,
						.pattern = pattern,
						.threads = threads,
						.iterations = it,
					};
					if (al[a].kind == MEMLAB_KIND_PAGES) {
						c->b.order = al[a].p[i];
					} else if (al[a].kind == MEMLAB_KIND_CACHE_OBJ) {
						snprintf(name, sizeof(name),
							 "mlbench_%llu_%d",
							 (unsigned long long)al[a].p[i],
							 (int)getpid());
						cache = cache_create(name, al[a].p[i]);
						c->b.cache_id = cache;
					} else {
						c->b.size = al[a].p[i];
					}
					c->rc = kbench(&c->b);
					if (cache)
						cache_destroy(cache);
					fprintf(stderr, "\rmatrix %d/76", nr_cells);
				}
	fprintf(stderr, "\n");
}

static const char *pattern_name(__u32 p)
{
	return p == MEMLAB_BENCH_PAIRS ? "pairs" : "bulk";
}

static void print_matrix_files(void)
{
	int i;

	printf("==BENCH-FILE== matrix.csv\n");
	printf("allocator,param,pattern,threads,iterations,rc,done,failures,"
	       "alloc_min_ns,alloc_p50_ns,alloc_p99_ns,alloc_max_ns,alloc_mean_ns,"
	       "free_min_ns,free_p50_ns,free_p99_ns,free_max_ns,free_mean_ns,"
	       "ops_per_sec,elapsed_ns\n");
	for (i = 0; i < nr_cells; i++) {
		const struct cell *c = &cells[i];
		const struct memlab_bench *b = &c->b;

		printf("%s,%llu,%s,%u,%u,%d,%llu,%llu,%llu,%llu,%llu,%llu,%llu,"
		       "%llu,%llu,%llu,%llu,%llu,%llu,%llu\n",
		       c->alloc, (unsigned long long)c->param,
		       pattern_name(c->pattern), c->threads, b->iterations,
		       c->rc, (unsigned long long)b->done,
		       (unsigned long long)b->failures,
		       (unsigned long long)b->alloc.min_ns,
		       (unsigned long long)b->alloc.p50_ns,
		       (unsigned long long)b->alloc.p99_ns,
		       (unsigned long long)b->alloc.max_ns,
		       (unsigned long long)b->alloc.mean_ns,
		       (unsigned long long)b->free.min_ns,
		       (unsigned long long)b->free.p50_ns,
		       (unsigned long long)b->free.p99_ns,
		       (unsigned long long)b->free.max_ns,
		       (unsigned long long)b->free.mean_ns,
		       (unsigned long long)b->ops_per_sec,
		       (unsigned long long)b->elapsed_ns);
	}
	printf("==BENCH-END==\n");
	printf("==BENCH-FILE== matrix.json\n[\n");
	for (i = 0; i < nr_cells; i++) {
		const struct cell *c = &cells[i];
		const struct memlab_bench *b = &c->b;

		printf("  {\"allocator\": \"%s\", \"param\": %llu, \"pattern\": \"%s\", "
		       "\"threads\": %u, \"iterations\": %u, \"rc\": %d, \"done\": %llu, "
		       "\"failures\": %llu, \"alloc\": {\"min\": %llu, \"p50\": %llu, "
		       "\"p99\": %llu, \"max\": %llu, \"mean\": %llu}, \"free\": "
		       "{\"min\": %llu, \"p50\": %llu, \"p99\": %llu, \"max\": %llu, "
		       "\"mean\": %llu}, \"ops_per_sec\": %llu, \"elapsed_ns\": %llu}%s\n",
		       c->alloc, (unsigned long long)c->param,
		       pattern_name(c->pattern), c->threads, b->iterations,
		       c->rc, (unsigned long long)b->done,
		       (unsigned long long)b->failures,
		       (unsigned long long)b->alloc.min_ns,
		       (unsigned long long)b->alloc.p50_ns,
		       (unsigned long long)b->alloc.p99_ns,
		       (unsigned long long)b->alloc.max_ns,
		       (unsigned long long)b->alloc.mean_ns,
		       (unsigned long long)b->free.min_ns,
		       (unsigned long long)b->free.p50_ns,
		       (unsigned long long)b->free.p99_ns,
		       (unsigned long long)b->free.max_ns,
		       (unsigned long long)b->free.mean_ns,
		       (unsigned long long)b->ops_per_sec,
		       (unsigned long long)b->elapsed_ns,
		       i + 1 < nr_cells ? "," : "");
	}
	printf("]\n==BENCH-END==\n");
}

static void print_matrix_table(void)
{
	int i;

	printf("\nin-kernel latency, ns (p50 / p99), alloc | free, per thread count\n");
	printf("%-13s %8s %-5s %3s %17s | %-17s %12s\n", "allocator", "size/ord",
	       "patt", "thr", "alloc p50/p99", "free p50/p99", "ops/s");
	for (i = 0; i < nr_cells; i++) {
		const struct cell *c = &cells[i];
		const struct memlab_bench *b = &c->b;
		char a[32], f[32];

		if (c->rc) {
			printf("%-13s %8llu %-5s %3u  error %d\n", c->alloc,
			       (unsigned long long)c->param,
			       pattern_name(c->pattern), c->threads, c->rc);
			continue;
		}
		snprintf(a, sizeof(a), "%llu/%llu",
			 (unsigned long long)b->alloc.p50_ns,
			 (unsigned long long)b->alloc.p99_ns);
		snprintf(f, sizeof(f), "%llu/%llu",
			 (unsigned long long)b->free.p50_ns,
			 (unsigned long long)b->free.p99_ns);
		printf("%-13s %8llu %-5s %3u %17s | %-17s %12llu\n", c->alloc,
		       (unsigned long long)c->param, pattern_name(c->pattern),
		       c->threads, a, f, (unsigned long long)b->ops_per_sec);
	}
}

int main(int argc, char **argv)
{
	__u32 live = 1000000, cache64;
	int matrix = 1, rounds, i, lfd;
	double b, k, q, s, n, c1k, c1m, k1k, k1m, per, anon, gbs;
	struct slab_snap *s0, *s1;
	const size_t len = 2 << 20;
	char name[32];
	struct ratio *r;
	static const struct {
		const char *key, *what;
		__u32 kind;
	} maps[] = {
		{ "bw_dma", "memset into mmapped DMA / anonymous",
		  MEMLAB_KIND_DMA_COHERENT },
		{ "bw_vmalloc", "memset into mmapped vmalloc / anonymous",
		  MEMLAB_KIND_VMALLOC },
		{ "bw_pages", "memset into mmapped pages / anonymous",
		  MEMLAB_KIND_PAGES },
	};

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--quick"))
			quick = 1;
		else if (!strcmp(argv[i], "--no-matrix"))
			matrix = 0;
		else if (!strcmp(argv[i], "--live") && i + 1 < argc)
			live = strtoul(argv[++i], NULL, 0);
		else {
			fprintf(stderr, "usage: memlab-bench [--quick] [--live N] [--no-matrix]\n");
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	page = sysconf(_SC_PAGESIZE);
	fd = open("/dev/memlab", O_RDWR);
	if (fd < 0)
		die("open /dev/memlab");
	s0 = malloc(sizeof(*s0));
	s1 = malloc(sizeof(*s1));
	if (!s0 || !s1)
		die("malloc");
	rounds = quick ? 7 : 31;
	snprintf(name, sizeof(name), "mlbench64_%d", (int)getpid());
	cache64 = cache_create(name, 64);

	fprintf(stderr, "memlab-bench: batched vs in-kernel\n");
	batch_ratio(cache64, 3, &b, &k);	/* warm up */
	q = batch_ratio(cache64, rounds, &b, &k);
	r = add_ratio("batch_vs_kernel",
		      "batched alloc+free / in-kernel loop (64 B)", q, '<', 1.5);
	snprintf(r->detail, sizeof(r->detail),
		 "best of %d back-to-back rounds; batch of %d cache objects: %.0f ns per object; in-kernel kmem_cache_alloc+free: %.0f ns",
		 rounds, BATCH, b, k);

	fprintf(stderr, "memlab-bench: single ioctls vs null ioctl\n");
	{
		double vs[64], vn[64];

		for (i = 0; i < rounds; i++) {
			vs[i] = single_ns(cache64, quick ? 20 : 100);
			vn[i] = null_ns(quick ? 200 : 1000);
		}
		s = min_of(vs, rounds);
		n = min_of(vn, rounds);
	}
	r = add_ratio("single_vs_null", "single ALLOC+FREE ioctls / null ioctl",
		      s / n, 0, 0);
	snprintf(r->detail, sizeof(r->detail),
		 "best of %d rounds; ALLOC+FREE of one cache object: %.0f ns; ioctl returning -ENOTTY: %.0f ns",
		 rounds, s, n);

	fprintf(stderr, "memlab-bench: 1000 live objects\n");
	lfd = fill_live(1000);
	batch_ratio(cache64, rounds, &c1k, &k1k);
	close(lfd);
	fprintf(stderr, "memlab-bench: %u live objects\n", live);
	slab_snap(s0);
	lfd = fill_live(live);
	slab_snap(s1);
	batch_ratio(cache64, rounds, &c1m, &k1m);
	close(lfd);
	r = add_ratio("live_1m_vs_1k", "per-op cost with 1M live objects / 1K",
		      c1m / c1k, '<', 1.2);
	snprintf(r->detail, sizeof(r->detail),
		 "batched alloc+free per object; best of %d rounds: %.0f ns with %u live; %.0f ns with 1000 (in-kernel loop meanwhile: %.0f and %.0f ns)",
		 rounds, c1m, live, c1k, k1m, k1k);
	per = (slab_total(s1) - slab_total(s0)) / live - 8;
	r = add_ratio("metadata_bytes", "memlab metadata bytes per object", per,
		      '<', 64);
	snprintf(r->detail, sizeof(r->detail),
		 "slab growth per kmalloc(8) object minus its 8 bytes; over %u objects (breakdown below)",
		 live);

	fprintf(stderr, "memlab-bench: memset bandwidth\n");
	{
		__u32 kinds[3];
		double best[5];

		for (i = 0; i < 3; i++)
			kinds[i] = maps[i].kind;
		bandwidth(kinds, 3, len, quick ? 4 : 16, best);
		anon = best[0];
		for (i = 0; i < 3; i++) {
			gbs = best[i + 1];
			r = add_ratio(maps[i].key, maps[i].what,
				      gbs < 0 ? -1 : gbs / anon, '>', 0.9);
			snprintf(r->detail, sizeof(r->detail),
				 "%zu KiB; best of 11 alternating rounds: %.3f GB/s mapped; %.3f GB/s anonymous (%.3f without THP)%s",
				 len >> 10, gbs, anon, best[4],
				 gbs < 0 ? " (allocation failed)" : "");
		}
	}
	cache_destroy(cache64);

	if (matrix)
		matrix_run();

	printf("memlab-bench: ratios measured in one run (TCG: absolute times are not meaningful)\n");
	print_ratios();
	printf("\nmetadata breakdown (slab caches that grew, per tracked object):\n");
	slab_growth(s0, s1, live);
	if (matrix)
		print_matrix_table();
	print_ratio_files();
	if (matrix)
		print_matrix_files();
	close(fd);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memctl bench: a matrix of in-kernel allocator benchmarks
 * (MEMLAB_IOC_BENCH): every allocator by size or order, both patterns, a
 * list of thread counts. A progress bar on a terminal, a table (or -j
 * JSON) on stdout, CSV and JSON files and, with gnuplot, PNG and SVG plots
 * of latency by size/order per allocator.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define MAX_THREADS_LIST	8

struct bench_alloc {
	const char *name;
	uint32_t kind;
	const uint64_t *params;	/* bytes, or orders for pages */
	int nr;
	uint32_t iterations;
};

static const uint64_t km_sizes[] = { 8, 64, 512, 4096, 32768 };
static const uint64_t cache_sizes[] = { 64, 512, 4096 };
static const uint64_t orders[] = { 0, 1, 2, 3, 4 };
static const uint64_t big_sizes[] = { 4096, 65536, 1048576 };

static const struct bench_alloc bench_allocs[] = {
	{ "kmalloc", MEMLAB_KIND_KMALLOC, km_sizes, 5, 2000 },
	{ "cache", MEMLAB_KIND_CACHE_OBJ, cache_sizes, 3, 2000 },
	{ "pages", MEMLAB_KIND_PAGES, orders, 5, 1000 },
	{ "vmalloc", MEMLAB_KIND_VMALLOC, big_sizes, 3, 200 },
	{ "dma", MEMLAB_KIND_DMA_COHERENT, big_sizes, 3, 200 },
};

struct bench_cell {
	const struct bench_alloc *a;
	uint64_t param;
	uint32_t pattern;
	struct memlab_bench b;
	int rc;
};

static const char *pattern_name(uint32_t p)
{
	return p == MEMLAB_BENCH_PAIRS ? "pairs" : "bulk";
}

/* Peak bytes of one run are held at once in BULK: cap them at 32 MiB. */
static uint32_t cell_iterations(const struct bench_alloc *a, uint64_t param,
				uint32_t pattern, uint32_t threads, bool quick)
{
	uint64_t bytes = a->kind == MEMLAB_KIND_PAGES ?
			 (uint64_t)cli_page_size() << param : param;
	uint32_t it = quick ? a->iterations / 10 : a->iterations;

	if (pattern == MEMLAB_BENCH_BULK && (uint64_t)it * threads * bytes > 32 << 20)
		it = (32 << 20) / bytes / threads;
	return it ? it : 1;
}

static void progress(int done, int total, const struct bench_cell *c)
{
	int width = 30, fill = total ? done * width / total : width;

	fprintf(stderr, "\r[%-*.*s] %3d/%d %-8s %8llu %-5s t=%u ", width, fill,
		"##############################", done, total, c->a->name,
		(unsigned long long)c->param, pattern_name(c->pattern),
		c->b.threads);
	if (done == total)
		fputs("\n", stderr);
	fflush(stderr);
}

static int run_cell(struct cli *cli, struct bench_cell *c)
{
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	int rc;

	if (c->a->kind != MEMLAB_KIND_CACHE_OBJ)
		return memctl_bench(cli->ctx, &c->b);
	snprintf(name, sizeof(name), "memctl_bench_%d", (int)getpid());
	rc = memctl_cache_create(cli->ctx, name, c->param, 0,
				 MEMLAB_SLAB_NO_MERGE, 0, &cc);
	if (rc)
		return rc;
	c->b.cache_id = cc.id;
	rc = memctl_bench(cli->ctx, &c->b);
	memctl_cache_destroy(cli->ctx, cc.id);
	return rc;
}

static void lat_csv(FILE *f, const struct memlab_bench_lat *l)
{
	fprintf(f, ",%llu,%llu,%llu,%llu,%llu", (unsigned long long)l->min_ns,
		(unsigned long long)l->p50_ns, (unsigned long long)l->p99_ns,
		(unsigned long long)l->max_ns, (unsigned long long)l->mean_ns);
}

static void write_csv(FILE *f, const struct bench_cell *cells, int n)
{
	int i;

	fputs("allocator,param,pattern,threads,iterations,error,done,failures,"
	      "alloc_min_ns,alloc_p50_ns,alloc_p99_ns,alloc_max_ns,alloc_mean_ns,"
	      "free_min_ns,free_p50_ns,free_p99_ns,free_max_ns,free_mean_ns,"
	      "ops_per_sec,elapsed_ns\n", f);
	for (i = 0; i < n; i++) {
		const struct bench_cell *c = &cells[i];

		fprintf(f, "%s,%llu,%s,%u,%u,%d,%llu,%llu", c->a->name,
			(unsigned long long)c->param, pattern_name(c->pattern),
			c->b.threads, c->b.iterations, c->rc,
			(unsigned long long)c->b.done,
			(unsigned long long)c->b.failures);
		lat_csv(f, &c->b.alloc);
		lat_csv(f, &c->b.free);
		fprintf(f, ",%llu,%llu\n", (unsigned long long)c->b.ops_per_sec,
			(unsigned long long)c->b.elapsed_ns);
	}
}

static struct json_object *lat_json(const struct memlab_bench_lat *l)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "min_ns", cli_json_u64(l->min_ns));
	json_object_object_add(j, "p50_ns", cli_json_u64(l->p50_ns));
	json_object_object_add(j, "p99_ns", cli_json_u64(l->p99_ns));
	json_object_object_add(j, "max_ns", cli_json_u64(l->max_ns));
	json_object_object_add(j, "mean_ns", cli_json_u64(l->mean_ns));
	return j;
}

static struct json_object *cells_json(const struct bench_cell *cells, int n)
{
	struct json_object *arr = json_object_new_array();
	int i;

	for (i = 0; i < n; i++) {
		const struct bench_cell *c = &cells[i];
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "allocator",
				       json_object_new_string(c->a->name));
		json_object_object_add(j, c->a->kind == MEMLAB_KIND_PAGES ?
				       "order" : "size", cli_json_u64(c->param));
		json_object_object_add(j, "pattern",
				       json_object_new_string(pattern_name(c->pattern)));
		json_object_object_add(j, "threads", cli_json_u64(c->b.threads));
		json_object_object_add(j, "iterations",
				       cli_json_u64(c->b.iterations));
		if (c->rc) {
			json_object_object_add(j, "error",
					       json_object_new_string(strerror(-c->rc)));
		} else {
			json_object_object_add(j, "done", cli_json_u64(c->b.done));
			json_object_object_add(j, "failures",
					       cli_json_u64(c->b.failures));
			json_object_object_add(j, "alloc", lat_json(&c->b.alloc));
			json_object_object_add(j, "free", lat_json(&c->b.free));
			json_object_object_add(j, "ops_per_sec",
					       cli_json_u64(c->b.ops_per_sec));
			json_object_object_add(j, "elapsed_ns",
					       cli_json_u64(c->b.elapsed_ns));
		}
		json_object_array_add(arr, j);
	}
	return arr;
}

static void print_table(const struct bench_cell *cells, int n)
{
	int i;

	printf("%-8s %8s %-5s %3s %9s %9s %9s %9s %12s\n", "ALLOC",
	       "SIZE/ORD", "PATT", "THR", "ALLOC-P50", "ALLOC-P99",
	       "FREE-P50", "FREE-P99", "OPS/S");
	for (i = 0; i < n; i++) {
		const struct bench_cell *c = &cells[i];
		const struct memlab_bench *b = &c->b;

		if (c->rc) {
			printf("%-8s %8llu %-5s %3u  %s\n", c->a->name,
			       (unsigned long long)c->param,
			       pattern_name(c->pattern), b->threads,
			       strerror(-c->rc));
			continue;
		}
		printf("%-8s %8llu %-5s %3u %9llu %9llu %9llu %9llu %12llu\n",
		       c->a->name, (unsigned long long)c->param,
		       pattern_name(c->pattern), b->threads,
		       (unsigned long long)b->alloc.p50_ns,
		       (unsigned long long)b->alloc.p99_ns,
		       (unsigned long long)b->free.p50_ns,
		       (unsigned long long)b->free.p99_ns,
		       (unsigned long long)b->ops_per_sec);
	}
	printf("(ns per call; min, mean and max are in the CSV and JSON files)\n");
}

/*
 * DIR/plot.gp: one panel per allocator, p50/p99 by size or order, from the
 * cells of the first thread count and the PAIRS pattern (data inline).
 */
static int write_plot(const char *dir, const struct bench_cell *cells, int n)
{
	char path[4096];
	unsigned int a;
	FILE *f;
	int i, t;

	snprintf(path, sizeof(path), "%s/plot.gp", dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	for (a = 0; a < ARRAY_SIZE(bench_allocs); a++) {
		fprintf(f, "$%s << EOD\n", bench_allocs[a].name);
		for (i = 0; i < n; i++) {
			const struct bench_cell *c = &cells[i];

			if (c->a != &bench_allocs[a] || c->rc ||
			    c->pattern != MEMLAB_BENCH_PAIRS ||
			    c->b.threads != cells[0].b.threads)
				continue;
			fprintf(f, "%llu %llu %llu %llu\n",
				(unsigned long long)c->param,
				(unsigned long long)c->b.alloc.p50_ns,
				(unsigned long long)c->b.alloc.p99_ns,
				(unsigned long long)c->b.free.p50_ns);
		}
		fprintf(f, "EOD\n");
	}
	fprintf(f, "set logscale y\nset grid\nset key top left font ',8'\n"
		"set ylabel 'ns'\n");
	for (t = 0; t < 2; t++) {
		fprintf(f, "set terminal %s size 1500,900 noenhanced\n"
			"set output '%s/latency.%s'\n"
			"set multiplot layout 2,3 title 'memctl bench: in-kernel allocator latency, alloc/free pairs, %u thread(s)'\n",
			t ? "svg" : "png", dir, t ? "svg" : "png",
			cells[0].b.threads);
		for (a = 0; a < ARRAY_SIZE(bench_allocs); a++) {
			const char *name = bench_allocs[a].name;

			fprintf(f, "set title '%s'\n", name);
			if (bench_allocs[a].kind == MEMLAB_KIND_PAGES)
				fprintf(f, "unset logscale x\nset xtics 1\nset format x '%%g'\nset xlabel 'order'\n");
			else
				fprintf(f, "set logscale x 2\nset xtics 4\nset format x '%%.0s%%cB'\nset xlabel 'bytes'\n");
			fprintf(f, "plot $%s using 1:2 with linespoints title 'alloc p50', "
				"$%s using 1:3 with linespoints title 'alloc p99', "
				"$%s using 1:4 with linespoints title 'free p50'\n",
				name, name, name);
		}
		fprintf(f, "unset multiplot\n");
	}
	fclose(f);
	return 0;
}

static int parse_threads(struct cli *cli, const char *s, uint32_t *t, int *n)
{
	char *copy = strdup(s), *tok, *save = NULL;
	int rc = 0;

	if (!copy)
		return cli_fail(cli, -ENOMEM, "bench");
	*n = 0;
	for (tok = strtok_r(copy, ",", &save); tok && !rc;
	     tok = strtok_r(NULL, ",", &save)) {
		if (*n == MAX_THREADS_LIST) {
			rc = cli_usage_error(cli, "at most %d thread counts",
					     MAX_THREADS_LIST);
			break;
		}
		rc = cli_parse_u32(cli, "threads", tok, &t[*n]);
		if (!rc && (!t[*n] || t[*n] > MEMLAB_BENCH_MAX_THREADS))
			rc = cli_usage_error(cli, "threads must be 1..%d",
					     MEMLAB_BENCH_MAX_THREADS);
		(*n)++;
	}
	free(copy);
	if (!rc && !*n)
		rc = cli_usage_error(cli, "--threads wants a list like 1,2");
	return rc;
}

static bool want_alloc(const char *list, const char *name)
{
	const char *p = list;
	size_t len = strlen(name);

	if (!list)
		return true;
	while ((p = strstr(p, name))) {
		if ((p == list || p[-1] == ',') && (p[len] == ',' || !p[len]))
			return true;
		p += len;
	}
	return false;
}

int cmd_bench(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quick", no_argument, NULL, 'q' },
		{ "threads", required_argument, NULL, 't' },
		{ "alloc", required_argument, NULL, 'a' },
		{ "out", required_argument, NULL, 'o' },
		{ "no-plot", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	const char *out = "memctl-bench", *allocs = NULL;
	uint32_t threads[MAX_THREADS_LIST] = { 1, 2 };
	int nr_threads = 2, total = 0, i, p, t, c, rc;
	bool quick = false, plot = true, bar;
	struct bench_cell *cells;
	struct json_object *j;
	char path[4096], cmd[8300];
	unsigned int a;
	FILE *f;

	while ((c = cli_getopt(cli, argc, argv, "qt:a:o:", opts)) != -1) {
		switch (c) {
		case 'q':
			quick = true;
			break;
		case 't':
			rc = parse_threads(cli, optarg, threads, &nr_threads);
			if (rc)
				return rc;
			break;
		case 'a':
			allocs = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'P':
			plot = false;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	if (cli_nargs(cli, argc - optind, 0, 0))
		return CLI_EXIT_USAGE;
	for (a = 0; a < ARRAY_SIZE(bench_allocs); a++)
		if (want_alloc(allocs, bench_allocs[a].name))
			total += bench_allocs[a].nr * 2 * nr_threads;
	if (!total)
		return cli_usage_error(cli, "--alloc wants names from: kmalloc,cache,pages,vmalloc,dma");
	rc = cli_open(cli);
	if (rc)
		return rc;
	if (mkdir(out, 0777) && errno != EEXIST)
		return cli_fail(cli, -errno, "%s", out);
	cells = calloc(total, sizeof(*cells));
	if (!cells)
		return cli_fail(cli, -ENOMEM, "bench");

	bar = isatty(STDERR_FILENO) == 1;
	c = 0;
	for (a = 0; a < ARRAY_SIZE(bench_allocs); a++) {
		const struct bench_alloc *al = &bench_allocs[a];

		if (!want_alloc(allocs, al->name))
			continue;
		for (i = 0; i < al->nr; i++)
			for (p = MEMLAB_BENCH_PAIRS; p <= MEMLAB_BENCH_BULK; p++)
				for (t = 0; t < nr_threads; t++) {
					struct bench_cell *cell = &cells[c++];

					cell->a = al;
					cell->param = al->params[i];
					cell->pattern = p;
					cell->b.kind = al->kind;
					cell->b.pattern = p;
					cell->b.threads = threads[t];
					cell->b.iterations =
						cell_iterations(al, al->params[i], p,
								threads[t], quick);
					if (al->kind == MEMLAB_KIND_PAGES)
						cell->b.order = al->params[i];
					else if (al->kind != MEMLAB_KIND_CACHE_OBJ)
						cell->b.size = al->params[i];
					if (bar)
						progress(c - 1, total, cell);
					cell->rc = run_cell(cli, cell);
					if (cell->rc == -EINTR) {
						free(cells);
						return cli_fail(cli, -EINTR, "bench");
					}
					if (bar)
						progress(c, total, cell);
				}
	}

	snprintf(path, sizeof(path), "%s/bench.csv", out);
	f = fopen(path, "w");
	if (!f) {
		free(cells);
		return cli_fail(cli, -errno, "%s", path);
	}
	write_csv(f, cells, total);
	fclose(f);
	snprintf(path, sizeof(path), "%s/bench.json", out);
	j = cells_json(cells, total);
	if (json_object_to_file_ext(path, j, JSON_C_TO_STRING_PRETTY)) {
		json_object_put(j);
		free(cells);
		return cli_fail(cli, -EIO, "%s", path);
	}
	if (cli->json)
		cli_json_print(cli, j);	/* and puts it */
	else
		json_object_put(j);
	if (!cli->json)
		print_table(cells, total);

	rc = CLI_EXIT_OK;
	if (plot && system("command -v gnuplot >/dev/null 2>&1") == 0) {
		if (write_plot(out, cells, total)) {
			free(cells);
			return cli_fail(cli, -errno, "%s/plot.gp", out);
		}
		snprintf(cmd, sizeof(cmd), "gnuplot '%s/plot.gp'", out);
		if (system(cmd))
			rc = cli_fail(cli, -EIO, "gnuplot %s/plot.gp", out);
	} else if (plot) {
		cli_warn("gnuplot not found: no plots (apt-get install gnuplot-nox)");
	}
	free(cells);
	fprintf(stderr, "memctl bench: %s/bench.csv, %s/bench.json%s\n", out, out,
		plot ? ", latency.png, latency.svg" : "");
	return rc;
}

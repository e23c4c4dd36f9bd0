// SPDX-License-Identifier: GPL-2.0
/*
 * memctl slab views: slabinfo (the kernel's tools/vm/slabinfo, renamed
 * tools/mm/slabinfo in 6.2) and slabtop (procps).
 *
 * slabinfo reads /sys/kernel/slab and prints what the kernel's tool prints,
 * computed the same way: the same columns, the same renaming of merged
 * caches (a ":0001024" cache with one alias is shown under that alias),
 * the same sort orders and the same size strings (store_size()). The alias
 * lines of -a are the tool's; the names on a line are sorted here (the tool
 * prints them in sysfs directory order).
 *
 * slabtop reads /proc/slabinfo and prints procps slabtop's summary and
 * columns; -o prints once, as procps' `slabtop -o` does.
 */
#include <errno.h>
#include <regex.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

/* ---- slabinfo ---- */

struct slab_opts {
	bool aliases;		/* -a */
	bool single_ref;	/* -1 */
	bool zero;		/* -z: include caches without slabs */
	bool empty;		/* -e: only those */
	bool sort_size;		/* -S */
	bool sort_loss;		/* -L */
	bool sort_partial;	/* -P */
	bool inverted;		/* -i */
	bool bytes;		/* -B */
	bool report;		/* -r */
	int lines;		/* -N, -1: all */
	bool shrink;		/* -s: kmem_cache_shrink() first */
};

struct slab_row {
	const struct memctl_slab_cache *c;
	const char *name;	/* shown name: the dir, or its only alias */
	bool hidden;		/* counted by -N, not printed */
};

static unsigned long page_size;

static uint64_t slab_space(const struct memctl_slab_cache *c)
{
	return c->slabs * ((uint64_t)page_size << c->order);
}

static uint64_t slab_waste(const struct memctl_slab_cache *c)
{
	return slab_space(c) - c->objects * c->object_size;
}

/* tools/vm/slabinfo.c store_size(): "2.4M", "16.3K", "185" */
static void store_size(char *buf, uint64_t value, bool bytes)
{
	uint64_t divisor = 1;
	char trailer = 0;
	int n;

	if (!bytes) {
		if (value > 1000000000ULL) {
			divisor = 100000000ULL;
			trailer = 'G';
		} else if (value > 1000000ULL) {
			divisor = 100000ULL;
			trailer = 'M';
		} else if (value > 1000ULL) {
			divisor = 100;
			trailer = 'K';
		}
	}
	value /= divisor;
	n = sprintf(buf, "%llu", (unsigned long long)value);
	if (trailer) {
		buf[n++] = trailer;
		buf[n] = 0;
	}
	if (divisor != 1) {
		memmove(buf + n - 2, buf + n - 3, 4);
		buf[n - 2] = '.';
	}
}

static void slab_flags(const struct memctl_slab_cache *c, char *p)
{
	if (c->aliases)
		*p++ = '*';
	if (c->flags & MEMCTL_SLAB_F_CACHE_DMA)
		*p++ = 'd';
	if (c->flags & MEMCTL_SLAB_F_HWCACHE_ALIGN)
		*p++ = 'A';
	if (c->flags & MEMCTL_SLAB_F_POISON)
		*p++ = 'P';
	if (c->flags & MEMCTL_SLAB_F_RECLAIM_ACCOUNT)
		*p++ = 'a';
	if (c->flags & MEMCTL_SLAB_F_RED_ZONE)
		*p++ = 'Z';
	if (c->flags & MEMCTL_SLAB_F_SANITY_CHECKS)
		*p++ = 'F';
	if (c->flags & MEMCTL_SLAB_F_STORE_USER)
		*p++ = 'U';
	if (c->flags & MEMCTL_SLAB_F_TRACE)
		*p++ = 'T';
	*p = 0;
}

static uint64_t pct_free(const struct memctl_slab_cache *c)
{
	return c->slabs ? c->partial * 100 / c->slabs : 100;
}

static uint64_t pct_eff(const struct memctl_slab_cache *c)
{
	return c->slabs ? c->objects * c->object_size * 100 / slab_space(c) : 100;
}

static const struct slab_opts *sort_opts;

static int cmp_u64_desc(uint64_t a, uint64_t b)
{
	return a < b ? 1 : a > b ? -1 : 0;
}

static int row_cmp(const void *pa, const void *pb)
{
	const struct slab_row *a = pa, *b = pb;
	int r = 0;

	if (sort_opts->sort_size)
		r = cmp_u64_desc(slab_space(a->c), slab_space(b->c));
	else if (sort_opts->sort_loss)
		r = cmp_u64_desc(slab_waste(a->c), slab_waste(b->c));
	else if (sort_opts->sort_partial)
		r = cmp_u64_desc(a->c->partial, b->c->partial);
	if (!r)
		r = strcasecmp(a->name, b->name);
	return sort_opts->inverted ? -r : r;
}

static struct json_object *
alias_array(const struct memctl_slab_cache *c)
{
	struct json_object *a = json_object_new_array();
	size_t i;

	for (i = 0; i < c->nr_alias_names; i++)
		json_object_array_add(a, json_object_new_string(c->alias_names[i]));
	return a;
}

static struct json_object *slab_json(const struct memctl_slab_cache *c,
				     const char *shown)
{
	struct json_object *j = json_object_new_object();
	char fl[16];

	slab_flags(c, fl);
	json_object_object_add(j, "name", json_object_new_string(shown));
	json_object_object_add(j, "cache", json_object_new_string(c->name));
	json_object_object_add(j, "objects", cli_json_u64(c->objects));
	json_object_object_add(j, "total_objects", cli_json_u64(c->total_objects));
	json_object_object_add(j, "object_size", cli_json_u64(c->object_size));
	json_object_object_add(j, "slab_size", cli_json_u64(c->slab_size));
	json_object_object_add(j, "space", cli_json_u64(slab_space(c)));
	json_object_object_add(j, "loss", cli_json_u64(slab_waste(c)));
	json_object_object_add(j, "slabs", cli_json_u64(c->slabs));
	json_object_object_add(j, "partial", cli_json_u64(c->partial));
	json_object_object_add(j, "cpu_slabs", cli_json_u64(c->cpu_slabs));
	json_object_object_add(j, "objs_per_slab", cli_json_u64(c->objs_per_slab));
	json_object_object_add(j, "order", cli_json_u64(c->order));
	json_object_object_add(j, "align", cli_json_u64(c->align));
	json_object_object_add(j, "pct_free", cli_json_u64(pct_free(c)));
	json_object_object_add(j, "pct_eff", cli_json_u64(pct_eff(c)));
	json_object_object_add(j, "flags", json_object_new_string(fl));
	json_object_object_add(j, "aliases", cli_json_u64(c->aliases));
	json_object_object_add(j, "alias_names", alias_array(c));
	return j;
}

static const char *onoff(uint32_t flags, uint32_t bit)
{
	return flags & bit ? "On " : "Off";
}

/* tools/vm/slabinfo.c report(): one cache in detail. */
static void slab_report(const struct memctl_slab_cache *c, const char *shown)
{
	uint64_t ps = (uint64_t)page_size << c->order;
	size_t i;

	printf("\nSlabcache: %-15s  Aliases: %2u Order : %2u Objects: %llu\n",
	       shown, c->aliases, c->order, (unsigned long long)c->objects);
	if (c->nr_alias_names) {
		printf("Alias names:");
		for (i = 0; i < c->nr_alias_names; i++)
			printf(" %s", c->alias_names[i]);
		printf("  (sysfs %s)\n", c->name);
	}
	if (c->flags & MEMCTL_SLAB_F_HWCACHE_ALIGN)
		printf("** Hardware cacheline aligned\n");
	if (c->flags & MEMCTL_SLAB_F_CACHE_DMA)
		printf("** Memory is allocated in a special DMA zone\n");
	if (c->flags & MEMCTL_SLAB_F_DESTROY_BY_RCU)
		printf("** Slabs are destroyed via RCU\n");
	if (c->flags & MEMCTL_SLAB_F_RECLAIM_ACCOUNT)
		printf("** Reclaim accounting active\n");

	printf("\nSizes (bytes)     Slabs              Debug                Memory\n");
	printf("------------------------------------------------------------------------\n");
	printf("Object : %7u  Total  : %7llu   Sanity Checks : %s  Total: %7llu\n",
	       c->object_size, (unsigned long long)c->slabs,
	       onoff(c->flags, MEMCTL_SLAB_F_SANITY_CHECKS),
	       (unsigned long long)(c->slabs * ps));
	printf("SlabObj: %7u  Full   : %7llu   Redzoning     : %s  Used : %7llu\n",
	       c->slab_size,
	       (unsigned long long)(c->slabs - c->partial - c->cpu_slabs),
	       onoff(c->flags, MEMCTL_SLAB_F_RED_ZONE),
	       (unsigned long long)(c->objects * c->object_size));
	printf("SlabSiz: %7llu  Partial: %7llu   Poisoning     : %s  Loss : %7llu\n",
	       (unsigned long long)ps, (unsigned long long)c->partial,
	       onoff(c->flags, MEMCTL_SLAB_F_POISON),
	       (unsigned long long)(c->slabs * ps - c->objects * c->object_size));
	printf("Loss   : %7u  CpuSlab: %7llu   Tracking      : %s  Lalig: %7llu\n",
	       c->slab_size - c->object_size, (unsigned long long)c->cpu_slabs,
	       onoff(c->flags, MEMCTL_SLAB_F_STORE_USER),
	       (unsigned long long)((uint64_t)(c->slab_size - c->object_size) *
				    c->objects));
	printf("Align  : %7u  Objects: %7u   Tracing       : %s  Lpadd: %7llu\n",
	       c->align, c->objs_per_slab, onoff(c->flags, MEMCTL_SLAB_F_TRACE),
	       (unsigned long long)((ps - (uint64_t)c->objs_per_slab *
				     c->slab_size) * c->slabs));
}

static int alias_cmp(const void *pa, const void *pb)
{
	const struct memctl_slab_cache *const *a = pa, *const *b = pb;

	return strcasecmp((*a)->name, (*b)->name);
}

/* tools/vm/slabinfo.c alias(): ":0001024     <- biovec-64 hugo sgpool-32" */
static int slab_aliases(struct cli *cli, const struct memctl_slab *slab,
			const struct slab_opts *so)
{
	const struct memctl_slab_cache **v;
	struct json_object *arr = NULL;
	size_t i, j, n = 0;

	v = calloc(slab->nr ? slab->nr : 1, sizeof(*v));
	if (!v)
		return cli_fail(cli, -ENOMEM, "slabinfo");
	for (i = 0; i < slab->nr; i++) {
		const struct memctl_slab_cache *c = &slab->caches[i];

		if (!c->nr_alias_names)
			continue;
		if (c->nr_alias_names == 1 && !so->single_ref)
			continue;
		v[n++] = c;
	}
	qsort(v, n, sizeof(*v), alias_cmp);
	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < n; i++) {
		if (arr) {
			struct json_object *o = json_object_new_object();

			json_object_object_add(o, "cache",
					       json_object_new_string(v[i]->name));
			json_object_object_add(o, "aliases", alias_array(v[i]));
			json_object_array_add(arr, o);
			continue;
		}
		printf("%-12s <-", v[i]->name);
		for (j = 0; j < v[i]->nr_alias_names; j++)
			printf(" %s", v[i]->alias_names[j]);
		putchar('\n');
	}
	if (arr)
		cli_json_print(cli, arr);
	free(v);
	return CLI_EXIT_OK;
}

/* Does a cache match the pattern, by its name or any alias? */
static bool slab_matches(const struct memctl_slab_cache *c, regex_t *re)
{
	size_t i;

	if (!re)
		return true;
	if (!regexec(re, c->name, 0, NULL, 0))
		return true;
	for (i = 0; i < c->nr_alias_names; i++)
		if (!regexec(re, c->alias_names[i], 0, NULL, 0))
			return true;
	return false;
}

static int slab_list(struct cli *cli, const struct memctl_slab *slab,
		     const struct slab_opts *so, regex_t *re)
{
	struct json_object *arr = NULL;
	struct slab_row *rows;
	size_t i, n = 0;
	int lines = so->lines;
	bool header = false;

	rows = calloc(slab->nr ? slab->nr : 1, sizeof(*rows));
	if (!rows)
		return cli_fail(cli, -ENOMEM, "slabinfo");
	for (i = 0; i < slab->nr; i++) {
		const struct memctl_slab_cache *c = &slab->caches[i];
		const char *name = c->name;
		bool hidden = false;

		/*
		 * rename_slabs(): a merged cache with one alias shows under
		 * it, one without any becomes "*" and is not shown.
		 */
		if (name[0] == ':') {
			if (c->nr_alias_names == 1)
				name = c->alias_names[0];
			else if (!c->nr_alias_names)
				hidden = true;
		}
		if (!slab_matches(c, re)) {
			if (name[0] != ':')
				continue;
			hidden = true;	/* the tool reads ':' caches anyway */
		}
		if (hidden)
			name = "*";
		/* slabcache(): empty caches only with -z, or only with -e */
		if (!so->report && !so->zero && !so->empty && !c->slabs)
			hidden = true;
		if (!so->report && so->empty && c->slabs)
			hidden = true;
		rows[n].c = c;
		rows[n].name = name;
		rows[n].hidden = hidden;
		n++;
	}
	sort_opts = so;
	qsort(rows, n, sizeof(*rows), row_cmp);

	if (cli->json)
		arr = json_object_new_array();
	/* -N counts the caches it goes through, shown or not, as the tool */
	for (i = 0; i < n && lines != 0; i++, lines -= lines > 0) {
		const struct memctl_slab_cache *c = rows[i].c;
		char size_str[32], dist[64], fl[16];

		if (rows[i].hidden)
			continue;
		if (arr) {
			json_object_array_add(arr, slab_json(c, rows[i].name));
			continue;
		}
		if (so->report) {
			slab_report(c, rows[i].name);
			continue;
		}
		if (!header) {
			printf("Name                   Objects Objsize           %s ",
			       so->sort_loss ? " Loss" : "Space");
			printf("Slabs/Part/Cpu  O/S O %%Fr %%Ef Flg\n");
			header = true;
		}
		store_size(size_str, so->sort_loss ? slab_waste(c) :
			   slab_space(c), so->bytes);
		snprintf(dist, sizeof(dist), "%llu/%llu/%llu",
			 (unsigned long long)(c->slabs - c->cpu_slabs),
			 (unsigned long long)c->partial,
			 (unsigned long long)c->cpu_slabs);
		slab_flags(c, fl);
		printf("%-21s %8llu %7u %15s %14s %4u %1u %3llu %3llu %s\n",
		       rows[i].name, (unsigned long long)c->objects,
		       c->object_size, size_str, dist, c->objs_per_slab,
		       c->order, (unsigned long long)pct_free(c),
		       (unsigned long long)pct_eff(c), fl);
	}
	if (arr)
		cli_json_print(cli, arr);
	free(rows);
	return CLI_EXIT_OK;
}

/*
 * tools/vm/slabinfo -s: kmem_cache_shrink() through sysfs. SLUB counts
 * every object of a cpu slab as in use; shrinking first flushes the cpu
 * slabs, so that Objects is the exact count of objects in use.
 */
int cli_slab_shrink(const char *name)
{
	char path[MEMCTL_NAME_MAX + 32];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/shrink", name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	if (fputs("1\n", f) == EOF)
		err = -errno;
	if (fclose(f) == EOF && !err)
		err = -errno;
	return err;
}

static int slab_shrink(struct cli *cli, const char *name)
{
	struct memctl_slab *slab = NULL;
	size_t i;
	int err;

	if (name) {
		err = cli_slab_shrink(name);
		goto out;
	}
	err = memctl_slab_read(NULL, &slab, NULL);
	if (err < 0)
		goto out;
	for (i = 0; i < slab->nr && !err; i++)
		err = cli_slab_shrink(slab->caches[i].name);
	memctl_slab_free(slab);
out:
	if (err == -EACCES || err == -EPERM)
		return cli_fail_hint(cli, err, "shrinking a cache needs root",
				     "slabinfo --shrink");
	if (err == -ENOENT && name)
		return cli_fail_hint(cli, err,
				     "no such slab cache (`memctl slabinfo -a` lists the aliases)",
				     "slabinfo --shrink %s", name);
	if (err < 0)
		return cli_fail(cli, err, "slabinfo --shrink");
	return 0;
}

int cmd_slabinfo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "aliases", no_argument, NULL, 'a' },
		{ "1ref", no_argument, NULL, '1' },
		{ "zero", no_argument, NULL, 'z' },
		{ "empty", no_argument, NULL, 'e' },
		{ "Size", no_argument, NULL, 'S' },
		{ "Loss", no_argument, NULL, 'L' },
		{ "partial", no_argument, NULL, 'P' },
		{ "inverted", no_argument, NULL, 'i' },
		{ "Bytes", no_argument, NULL, 'B' },
		{ "report", no_argument, NULL, 'r' },
		{ "lines", required_argument, NULL, 'N' },
		{ "shrink", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 }
	};
	struct slab_opts so = { .lines = -1 };
	const struct memctl_slab_cache *c;
	struct memctl_slab *slab = NULL;
	struct memctl_err e;
	regex_t re;
	uint32_t lines;
	int ch, rc, err;

	while ((ch = cli_getopt(cli, argc, argv, "a1zeSLPiBrN:s", opts)) != -1) {
		switch (ch) {
		case 's':
			so.shrink = true;
			break;
		case 'a':
			so.aliases = true;
			break;
		case '1':
			so.single_ref = true;
			break;
		case 'z':
			so.zero = true;
			break;
		case 'e':
			so.empty = true;
			break;
		case 'S':
			so.sort_size = true;
			break;
		case 'L':
			so.sort_loss = true;
			break;
		case 'P':
			so.sort_partial = true;
			break;
		case 'i':
			so.inverted = true;
			break;
		case 'B':
			so.bytes = true;
			break;
		case 'r':
			so.report = true;
			break;
		case 'N':
			rc = cli_parse_u32(cli, "line count", optarg, &lines);
			if (rc)
				return rc;
			so.lines = lines ? (int)(lines > 1000000 ? 1000000 : lines) : 1;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc > 1)
		return cli_usage_error(cli, "too many arguments (one NAME or pattern)");
	if (so.sort_size + so.sort_loss + so.sort_partial > 1)
		return cli_usage_error(cli, "-S, -L and -P exclude each other");
	if (so.shrink && cli->sysroot)
		return cli_usage_error(cli,
				       "--shrink acts on the running kernel, not on --sysroot");
	page_size = cli_page_size();

	if (so.shrink) {
		rc = slab_shrink(cli, argc ? argv[0] : NULL);
		if (rc)
			return rc;
	}
	memset(&e, 0, sizeof(e));
	err = memctl_slab_read(cli_root(cli), &slab, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/sys/kernel/slab");

	if (so.aliases) {
		rc = slab_aliases(cli, slab, &so);
		goto out;
	}
	if (!argc) {
		rc = slab_list(cli, slab, &so, NULL);
		goto out;
	}

	/* NAME: one cache (a directory or an alias of one) in detail. */
	c = memctl_slab_find(slab, argv[0]);
	if (c) {
		/* under the name asked for, as the kernel's tool does */
		const char *shown = argv[0];

		if (cli->json)
			cli_json_print(cli, slab_json(c, shown));
		else
			slab_report(c, shown);
		rc = CLI_EXIT_OK;
		goto out;
	}
	/* Otherwise a case-insensitive pattern, like the kernel's tool. */
	if (regcomp(&re, argv[0], REG_ICASE | REG_NOSUB | REG_EXTENDED)) {
		rc = cli_usage_error(cli, "bad pattern '%s'", argv[0]);
		goto out;
	}
	so.zero = true;
	rc = 0;
	{
		size_t i;
		bool any = false;

		for (i = 0; i < slab->nr && !any; i++)
			any = slab_matches(&slab->caches[i], &re);
		if (!any) {
			cli_warn("slabinfo: no slab cache named or matching '%s' (`memctl slabinfo -a` lists the aliases)",
				 argv[0]);
			rc = CLI_EXIT_FAIL;
		}
	}
	if (!rc)
		rc = slab_list(cli, slab, &so, &re);
	regfree(&re);
out:
	memctl_slab_free(slab);
	return rc;
}

/* ---- slabtop ---- */

struct slabtop_row {
	const struct memctl_slabinfo_entry *e;
	unsigned int use;
	uint64_t cache_size;
	size_t idx;		/* /proc/slabinfo order breaks ties */
};

static char sort_key = 'o';

static int top_key_cmp(const struct slabtop_row *a, const struct slabtop_row *b)
{
	const struct memctl_slabinfo_entry *x = a->e, *y = b->e;

	switch (sort_key) {
	case 'a':
		return cmp_u64_desc(x->active_objs, y->active_objs);
	case 'b':
		return cmp_u64_desc(x->objperslab, y->objperslab);
	case 'c':
		return cmp_u64_desc(a->cache_size, b->cache_size);
	case 'l':
		return cmp_u64_desc(x->num_slabs, y->num_slabs);
	case 'v':
		return cmp_u64_desc(x->active_slabs, y->active_slabs);
	case 'n':
		return strcmp(x->name, y->name);
	case 'p':
		return cmp_u64_desc(x->pagesperslab, y->pagesperslab);
	case 's':
		return cmp_u64_desc(x->objsize, y->objsize);
	case 'u':
		return cmp_u64_desc(a->use, b->use);
	default:
		return cmp_u64_desc(x->num_objs, y->num_objs);
	}
}

static int top_cmp(const void *pa, const void *pb)
{
	const struct slabtop_row *a = pa, *b = pb;
	int r = top_key_cmp(a, b);

	if (r)
		return r;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

struct slabtop_stats {
	uint64_t objs, active_objs, slabs, active_slabs;
	uint64_t caches, active_caches;
	uint64_t total_size, active_size;
	uint64_t min_obj, max_obj, avg_obj;
};

static double pct(uint64_t a, uint64_t b)
{
	return b ? 100.0 * a / b : 0.0;
}

static void slabtop_print(struct cli *cli, const struct memctl_slabinfo *si,
			  int max_rows)
{
	struct slabtop_stats st = { .min_obj = UINT64_MAX };
	struct slabtop_row *rows;
	struct json_object *jo, *arr;
	size_t i, n = si->nr;

	rows = calloc(n ? n : 1, sizeof(*rows));
	if (!rows) {
		cli_fail(cli, -ENOMEM, "slabtop");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct memctl_slabinfo_entry *e = &si->entries[i];

		rows[i].e = e;
		rows[i].idx = i;
		rows[i].cache_size = e->num_slabs * e->pagesperslab * page_size;
		/* procps computes the percentage in float */
		rows[i].use = e->num_objs ?
			(unsigned int)(100 * ((float)e->active_objs / e->num_objs)) : 0;
		st.objs += e->num_objs;
		st.active_objs += e->active_objs;
		st.slabs += e->num_slabs;
		st.active_slabs += e->active_slabs;
		st.caches++;
		if (e->num_objs)
			st.active_caches++;
		st.total_size += e->num_objs * e->objsize;
		st.active_size += e->active_objs * e->objsize;
		if (e->objsize < st.min_obj)
			st.min_obj = e->objsize;
		if (e->objsize > st.max_obj)
			st.max_obj = e->objsize;
	}
	if (!n)
		st.min_obj = 0;
	st.avg_obj = st.objs ? st.total_size / st.objs : 0;
	qsort(rows, n, sizeof(*rows), top_cmp);

	if (cli->json) {
		jo = json_object_new_object();
		json_object_object_add(jo, "active_objects", cli_json_u64(st.active_objs));
		json_object_object_add(jo, "total_objects", cli_json_u64(st.objs));
		json_object_object_add(jo, "active_slabs", cli_json_u64(st.active_slabs));
		json_object_object_add(jo, "total_slabs", cli_json_u64(st.slabs));
		json_object_object_add(jo, "active_caches", cli_json_u64(st.active_caches));
		json_object_object_add(jo, "total_caches", cli_json_u64(st.caches));
		json_object_object_add(jo, "active_size", cli_json_u64(st.active_size));
		json_object_object_add(jo, "total_size", cli_json_u64(st.total_size));
		json_object_object_add(jo, "min_object_size", cli_json_u64(st.min_obj));
		json_object_object_add(jo, "avg_object_size", cli_json_u64(st.avg_obj));
		json_object_object_add(jo, "max_object_size", cli_json_u64(st.max_obj));
		arr = json_object_new_array();
		for (i = 0; i < n; i++) {
			const struct memctl_slabinfo_entry *e = rows[i].e;
			struct json_object *j = json_object_new_object();

			json_object_object_add(j, "name", json_object_new_string(e->name));
			json_object_object_add(j, "objs", cli_json_u64(e->num_objs));
			json_object_object_add(j, "active", cli_json_u64(e->active_objs));
			json_object_object_add(j, "use", cli_json_u64(rows[i].use));
			json_object_object_add(j, "obj_size", cli_json_u64(e->objsize));
			json_object_object_add(j, "slabs", cli_json_u64(e->num_slabs));
			json_object_object_add(j, "active_slabs", cli_json_u64(e->active_slabs));
			json_object_object_add(j, "obj_per_slab", cli_json_u64(e->objperslab));
			json_object_object_add(j, "pages_per_slab", cli_json_u64(e->pagesperslab));
			json_object_object_add(j, "cache_size", cli_json_u64(rows[i].cache_size));
			json_object_array_add(arr, j);
		}
		json_object_object_add(jo, "caches", arr);
		cli_json_print(cli, jo);
		free(rows);
		return;
	}

	printf(" %-35s: %llu / %llu (%.1f%%)\n", "Active / Total Objects (% used)",
	       (unsigned long long)st.active_objs, (unsigned long long)st.objs,
	       pct(st.active_objs, st.objs));
	printf(" %-35s: %llu / %llu (%.1f%%)\n", "Active / Total Slabs (% used)",
	       (unsigned long long)st.active_slabs, (unsigned long long)st.slabs,
	       pct(st.active_slabs, st.slabs));
	printf(" %-35s: %llu / %llu (%.1f%%)\n", "Active / Total Caches (% used)",
	       (unsigned long long)st.active_caches,
	       (unsigned long long)st.caches, pct(st.active_caches, st.caches));
	printf(" %-35s: %.2fK / %.2fK (%.1f%%)\n", "Active / Total Size (% used)",
	       st.active_size / 1024.0, st.total_size / 1024.0,
	       pct(st.active_size, st.total_size));
	printf(" %-35s: %.2fK / %.2fK / %.2fK\n\n",
	       "Minimum / Average / Maximum Object", st.min_obj / 1024.0,
	       st.avg_obj / 1024.0, st.max_obj / 1024.0);
	printf("%6s %6s %4s %8s %6s %8s %10s %-23s\n", "OBJS", "ACTIVE", "USE",
	       "OBJ SIZE", "SLABS", "OBJ/SLAB", "CACHE SIZE", "NAME");
	for (i = 0; i < n && (max_rows < 0 || (int)i < max_rows); i++) {
		const struct memctl_slabinfo_entry *e = rows[i].e;

		printf("%6llu %6llu %3u%% %7.2fK %6llu %8u %9lluK %-23s\n",
		       (unsigned long long)e->num_objs,
		       (unsigned long long)e->active_objs, rows[i].use,
		       e->objsize / 1024.0, (unsigned long long)e->num_slabs,
		       e->objperslab,
		       (unsigned long long)(rows[i].cache_size / 1024), e->name);
	}
	free(rows);
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

int cmd_slabtop(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "once", no_argument, NULL, 'o' },
		{ "sort", required_argument, NULL, 's' },
		{ "delay", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct memctl_slabinfo *si = NULL;
	struct memctl_err e;
	struct winsize ws;
	bool once = false;
	uint32_t delay = 3;
	int c, rc, err;

	sort_key = 'o';
	while ((c = cli_getopt(cli, argc, argv, "os:d:", opts)) != -1) {
		switch (c) {
		case 'o':
			once = true;
			break;
		case 's':
			if (strlen(optarg) != 1 || !strchr("abclvnopsu", optarg[0]))
				return cli_usage_error(cli,
						       "bad sort key '%s' (a active, b objs/slab, c cache size, l slabs, v active slabs, n name, o objects, p pages/slab, s object size, u use)",
						       optarg);
			sort_key = optarg[0];
			break;
		case 'd':
			rc = cli_parse_u32(cli, "delay", optarg, &delay);
			if (rc)
				return rc;
			if (!delay)
				return cli_usage_error(cli, "delay must be at least 1 second");
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	rc = cli_nargs(cli, argc - optind, 0, 0);
	if (rc)
		return rc;
	page_size = cli_page_size();

	/* Without -o on a terminal, refresh like slabtop until ^C. */
	if (!once && !cli->json && cli_isatty() && !cli->sysroot) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		while (!stop) {
			memset(&e, 0, sizeof(e));
			err = memctl_slabinfo_read(NULL, &si, &e);
			if (err < 0)
				return cli_view_fail(cli, err, &e, "/proc/slabinfo");
			if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) || ws.ws_row < 10)
				ws.ws_row = 24;
			fputs("\033[H\033[2J", stdout);
			slabtop_print(cli, si, ws.ws_row - 8);
			fflush(stdout);
			memctl_slabinfo_free(si);
			si = NULL;
			sleep(delay);
		}
		return CLI_EXIT_OK;
	}

	memset(&e, 0, sizeof(e));
	err = memctl_slabinfo_read(cli_root(cli), &si, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/proc/slabinfo");
	slabtop_print(cli, si, -1);
	memctl_slabinfo_free(si);
	return CLI_EXIT_OK;
}

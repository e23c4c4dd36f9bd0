// SPDX-License-Identifier: GPL-2.0
/*
 * memctl memory views: buddyinfo (and pagetypeinfo), e820, vmallocinfo,
 * meminfo, symbols.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

/* ---- buddyinfo ---- */

#define BAR_WIDTH	40

enum chart_mode { CHART_AUTO, CHART_ALWAYS, CHART_NEVER };

/*
 * A bar of @v out of @max, @width cells wide: Unicode eighth blocks on a
 * terminal, '#' otherwise (pipes, files, logs).
 */
static void print_bar(uint64_t v, uint64_t max, unsigned int width, bool utf8)
{
	static const char *const eighths[] = {
		"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589",
	};
	uint64_t cells;
	unsigned int i;

	if (!max || !v)
		return;
	if (!utf8) {
		cells = (v * width + max / 2) / max;
		if (!cells)
			cells = 1;	/* something there: show it */
		for (i = 0; i < cells; i++)
			putchar('#');
		return;
	}
	cells = (v * width * 8 + max / 2) / max;
	if (!cells)
		cells = 1;
	for (i = 0; i < cells / 8; i++)
		fputs("\u2588", stdout);
	fputs(eighths[cells % 8], stdout);
}

static unsigned int term_bar_width(void)
{
	struct winsize ws;

	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col > 60 + 10)
		return ws.ws_col - 60 > 60 ? 60 : ws.ws_col - 60;
	return BAR_WIDTH;
}

static int pagetypes(struct cli *cli, uint64_t ps)
{
	struct memctl_pagetypeinfo *pi = NULL;
	struct json_object *arr = NULL;
	struct memctl_err e;
	unsigned int o, maxo = 0;
	size_t i;
	char sz[32];
	int err;

	memset(&e, 0, sizeof(e));
	err = memctl_pagetypeinfo_read(cli_root(cli), &pi, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/proc/pagetypeinfo");
	for (i = 0; i < pi->nr; i++)
		if (pi->types[i].nr_orders > maxo)
			maxo = pi->types[i].nr_orders;
	if (cli->json) {
		struct json_object *top = json_object_new_object();

		json_object_object_add(top, "page_size", cli_json_u64(ps));
		json_object_object_add(top, "pageblock_order",
				       cli_json_u64(pi->pageblock_order));
		json_object_object_add(top, "pages_per_block",
				       cli_json_u64(pi->pages_per_block));
		arr = json_object_new_array();
		for (i = 0; i < pi->nr; i++) {
			const struct memctl_pagetype *t = &pi->types[i];
			struct json_object *j = json_object_new_object();
			struct json_object *f = json_object_new_array();
			uint64_t bytes = 0;

			for (o = 0; o < t->nr_orders; o++) {
				json_object_array_add(f, cli_json_u64(t->free[o]));
				bytes += t->free[o] * (ps << o);
			}
			json_object_object_add(j, "node", json_object_new_int(t->node));
			json_object_object_add(j, "zone", json_object_new_string(t->zone));
			json_object_object_add(j, "type", json_object_new_string(t->type));
			json_object_object_add(j, "free", f);
			json_object_object_add(j, "free_bytes", cli_json_u64(bytes));
			json_object_array_add(arr, j);
		}
		json_object_object_add(top, "types", arr);
		cli_json_print(cli, top);
		memctl_pagetypeinfo_free(pi);
		return CLI_EXIT_OK;
	}
	printf("Page block order: %u, pages per block: %u\n\n",
	       pi->pageblock_order, pi->pages_per_block);
	printf("%-36s", "Free blocks per migrate type, order");
	for (o = 0; o < maxo; o++)
		printf(" %6u", o);
	printf(" %10s\n", "free");
	for (i = 0; i < pi->nr; i++) {
		const struct memctl_pagetype *t = &pi->types[i];
		uint64_t bytes = 0;

		printf("Node %4d, zone %8s, type %12s", t->node, t->zone, t->type);
		for (o = 0; o < t->nr_orders; o++) {
			printf(" %6llu", (unsigned long long)t->free[o]);
			bytes += t->free[o] * (ps << o);
		}
		for (; o < maxo; o++)
			printf(" %6s", "");
		printf(" %10s\n", cli_size(bytes, sz, sizeof(sz)));
	}
	memctl_pagetypeinfo_free(pi);
	return CLI_EXIT_OK;
}

int cmd_buddyinfo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "types", no_argument, NULL, 't' },
		{ "chart", no_argument, NULL, 'c' },
		{ "no-chart", no_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 }
	};
	enum chart_mode chart = CHART_AUTO;
	struct memctl_buddyinfo *bi = NULL;
	struct memctl_err e;
	bool types = false, tty, utf8;
	uint64_t ps = cli_page_size(), all_bytes = 0;
	unsigned int o, width;
	char sz[32], bsz[32];
	size_t i;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "t", opts)) != -1) {
		switch (c) {
		case 't':
			types = true;
			break;
		case 'c':
			chart = CHART_ALWAYS;
			break;
		case 'C':
			chart = CHART_NEVER;
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
	if (types)
		return pagetypes(cli, ps);

	memset(&e, 0, sizeof(e));
	err = memctl_buddyinfo_read(cli_root(cli), &bi, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/proc/buddyinfo");

	if (cli->json) {
		struct json_object *top = json_object_new_object();
		struct json_object *arr = json_object_new_array();

		json_object_object_add(top, "page_size", cli_json_u64(ps));
		for (i = 0; i < bi->nr; i++) {
			const struct memctl_buddy_zone *z = &bi->zones[i];
			struct json_object *j = json_object_new_object();
			struct json_object *f = json_object_new_array();
			struct json_object *b = json_object_new_array();
			uint64_t blocks = 0, pages = 0;

			for (o = 0; o < z->nr_orders; o++) {
				json_object_array_add(f, cli_json_u64(z->free[o]));
				json_object_array_add(b, cli_json_u64(z->free[o] * (ps << o)));
				blocks += z->free[o];
				pages += z->free[o] << o;
			}
			json_object_object_add(j, "node", json_object_new_int(z->node));
			json_object_object_add(j, "zone", json_object_new_string(z->zone));
			json_object_object_add(j, "free", f);
			json_object_object_add(j, "bytes", b);
			json_object_object_add(j, "free_blocks", cli_json_u64(blocks));
			json_object_object_add(j, "free_pages", cli_json_u64(pages));
			json_object_object_add(j, "free_bytes", cli_json_u64(pages * ps));
			json_object_array_add(arr, j);
			all_bytes += pages * ps;
		}
		json_object_object_add(top, "zones", arr);
		json_object_object_add(top, "free_bytes", cli_json_u64(all_bytes));
		cli_json_print(cli, top);
		memctl_buddyinfo_free(bi);
		return CLI_EXIT_OK;
	}

	tty = cli_isatty();
	utf8 = tty;
	if (chart == CHART_AUTO)
		chart = CHART_ALWAYS;
	width = tty ? term_bar_width() : BAR_WIDTH;

	/* The kernel's own lines first: what /proc/buddyinfo says. */
	for (i = 0; i < bi->nr; i++) {
		const struct memctl_buddy_zone *z = &bi->zones[i];

		printf("Node %d, zone %8s", z->node, z->zone);
		for (o = 0; o < z->nr_orders; o++)
			printf(" %6llu", (unsigned long long)z->free[o]);
		putchar('\n');
	}
	for (i = 0; i < bi->nr; i++) {
		const struct memctl_buddy_zone *z = &bi->zones[i];
		uint64_t blocks = 0, pages = 0, max = 0, bytes;

		for (o = 0; o < z->nr_orders; o++) {
			bytes = z->free[o] * (ps << o);
			if (bytes > max)
				max = bytes;
			blocks += z->free[o];
			pages += z->free[o] << o;
		}
		all_bytes += pages * ps;
		printf("\nNode %d, zone %s: %s free in %llu blocks (%llu pages)\n",
		       z->node, z->zone, cli_size(pages * ps, sz, sizeof(sz)),
		       (unsigned long long)blocks, (unsigned long long)pages);
		printf("%5s %8s %8s %10s%s\n", "order", "block", "free",
		       "bytes", chart == CHART_ALWAYS ? "  distribution of free bytes" : "");
		for (o = 0; o < z->nr_orders; o++) {
			bytes = z->free[o] * (ps << o);
			printf("%5u %8s %8llu %10s", o,
			       cli_size(ps << o, bsz, sizeof(bsz)),
			       (unsigned long long)z->free[o],
			       cli_size(bytes, sz, sizeof(sz)));
			if (chart == CHART_ALWAYS && bytes) {
				fputs("  ", stdout);
				print_bar(bytes, max, width, utf8);
			}
			putchar('\n');
		}
	}
	printf("\nAll zones: %s free\n", cli_size(all_bytes, sz, sizeof(sz)));
	memctl_buddyinfo_free(bi);
	return CLI_EXIT_OK;
}

/* ---- e820 ---- */

/* The e820 type as the kernel's boot log prints it ("BIOS-e820: ... usable"). */
static const char *e820_name(const char *type)
{
	static const struct {
		const char *sysfs, *e820;
	} map[] = {
		{ "System RAM", "usable" },
		{ "Reserved", "reserved" },
		{ "ACPI Tables", "ACPI data" },
		{ "ACPI Non-volatile Storage", "ACPI NVS" },
		{ "Unusable memory", "unusable" },
		{ "Persistent Memory (legacy)", "persistent (type 12)" },
		{ "Persistent Memory", "persistent (type 7)" },
		{ "Soft Reserved", "soft reserved" },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(type, map[i].sysfs))
			return map[i].e820;
	return type;
}

int cmd_e820(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct memctl_memmap *mm = NULL;
	struct memctl_err e;
	uint64_t total = 0;
	size_t i, nr_usable = 0;
	char sz[32];
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	rc = cli_nargs(cli, argc - optind, 0, 0);
	if (rc)
		return rc;
	memset(&e, 0, sizeof(e));
	err = memctl_memmap_read(cli_root(cli), &mm, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/sys/firmware/memmap");

	if (cli->json) {
		struct json_object *top = json_object_new_object();
		struct json_object *arr = json_object_new_array();

		for (i = 0; i < mm->nr; i++) {
			const struct memctl_memmap_range *r = &mm->ranges[i];
			struct json_object *j = json_object_new_object();

			json_object_object_add(j, "start", cli_json_hex(r->start));
			json_object_object_add(j, "end", cli_json_hex(r->end));
			json_object_object_add(j, "size", cli_json_u64(r->end - r->start + 1));
			json_object_object_add(j, "type", json_object_new_string(r->type));
			json_object_object_add(j, "e820_type",
					       json_object_new_string(e820_name(r->type)));
			json_object_array_add(arr, j);
		}
		json_object_object_add(top, "ranges", arr);
		json_object_object_add(top, "usable", cli_json_u64(mm->usable));
		cli_json_print(cli, top);
		memctl_memmap_free(mm);
		return CLI_EXIT_OK;
	}

	printf("%-43s %10s  %-14s %s\n", "RANGE", "SIZE", "E820 TYPE", "TYPE");
	for (i = 0; i < mm->nr; i++) {
		const struct memctl_memmap_range *r = &mm->ranges[i];
		uint64_t size = r->end - r->start + 1;

		total += size;
		if (!strcmp(r->type, "System RAM"))
			nr_usable++;
		printf("[mem 0x%016llx-0x%016llx] %10s  %-14s %s\n",
		       (unsigned long long)r->start, (unsigned long long)r->end,
		       cli_size(size, sz, sizeof(sz)), e820_name(r->type),
		       r->type);
	}
	printf("usable: %s (%llu bytes) in %zu range%s",
	       cli_size(mm->usable, sz, sizeof(sz)),
	       (unsigned long long)mm->usable, nr_usable,
	       nr_usable == 1 ? "" : "s");
	printf("; all ranges: %s\n", cli_size(total, sz, sizeof(sz)));
	memctl_memmap_free(mm);
	return CLI_EXIT_OK;
}

/* ---- vmallocinfo ---- */

int cmd_vmallocinfo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "caller", required_argument, NULL, 'c' },
		{ "kind", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 }
	};
	struct memctl_vmallocinfo *vi = NULL;
	struct json_object *arr = NULL;
	const char *caller = NULL, *kind = NULL;
	uint64_t bytes = 0, pages = 0;
	struct memctl_err e;
	size_t i, n = 0;
	char sz[32], pg[24];
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "c:k:", opts)) != -1) {
		switch (c) {
		case 'c':
			caller = optarg;
			break;
		case 'k':
			kind = optarg;
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
	memset(&e, 0, sizeof(e));
	err = memctl_vmallocinfo_read(cli_root(cli), &vi, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/proc/vmallocinfo");
	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < vi->nr; i++) {
		const struct memctl_vmalloc_area *a = &vi->areas[i];

		if (caller && !strstr(a->caller, caller))
			continue;
		if (kind && strcmp(a->kind, kind))
			continue;
		n++;
		bytes += a->size;
		pages += a->pages;
		if (arr) {
			struct json_object *j = json_object_new_object();

			json_object_object_add(j, "start", cli_json_hex(a->start));
			json_object_object_add(j, "end", cli_json_hex(a->end));
			json_object_object_add(j, "size", cli_json_u64(a->size));
			json_object_object_add(j, "pages", cli_json_u64(a->pages));
			json_object_object_add(j, "kind", json_object_new_string(a->kind));
			json_object_object_add(j, "caller", json_object_new_string(a->caller));
			json_object_array_add(arr, j);
			continue;
		}
		if (n == 1)
			printf("%-37s %8s %6s %-8s %s\n", "RANGE", "SIZE",
			       "PAGES", "KIND", "CALLER");
		snprintf(pg, sizeof(pg), "%llu", (unsigned long long)a->pages);
		printf("0x%016llx-0x%016llx %8s %6s %-8s %s\n",
		       (unsigned long long)a->start,
		       (unsigned long long)a->end,
		       cli_size(a->size, sz, sizeof(sz)),
		       a->pages ? pg : "-", a->kind[0] ? a->kind : "-",
		       a->caller[0] ? a->caller : "-");
	}
	if (arr) {
		cli_json_print(cli, arr);
	} else {
		printf("%zu area%s, %s", n, n == 1 ? "" : "s",
		       cli_size(bytes, sz, sizeof(sz)));
		printf(" of address space, %llu pages (%s) mapped\n",
		       (unsigned long long)pages,
		       cli_size(pages * cli_page_size(), sz, sizeof(sz)));
	}
	memctl_vmallocinfo_free(vi);
	return CLI_EXIT_OK;
}

/* ---- meminfo ---- */

static const struct memctl_meminfo_field *
meminfo_field(const struct memctl_meminfo *mi, const char *key)
{
	size_t i, len = strlen(key);

	if (len && key[len - 1] == ':')
		len--;
	for (i = 0; i < mi->nr; i++)
		if (strlen(mi->fields[i].key) == len &&
		    !strncmp(mi->fields[i].key, key, len))
			return &mi->fields[i];
	return NULL;
}

static void meminfo_line(const struct memctl_meminfo_field *f)
{
	char key[64], sz[32];

	snprintf(key, sizeof(key), "%s:", f->key);
	if (f->bytes)
		printf("%-15s %8llu kB  %10s\n", key,
		       (unsigned long long)(f->value / 1024),
		       cli_size(f->value, sz, sizeof(sz)));
	else
		printf("%-15s %8llu\n", key, (unsigned long long)f->value);
}

int cmd_meminfo(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	const struct memctl_meminfo_field *f;
	struct memctl_meminfo *mi = NULL;
	struct json_object *o = NULL;
	struct memctl_err e;
	int c, i, err, rc = CLI_EXIT_OK;
	size_t k;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	memset(&e, 0, sizeof(e));
	err = memctl_meminfo_read(cli_root(cli), &mi, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/proc/meminfo");
	if (cli->json)
		o = json_object_new_object();
	if (!argc) {
		for (k = 0; k < mi->nr; k++) {
			f = &mi->fields[k];
			if (o)
				json_object_object_add(o, f->key, cli_json_u64(f->value));
			else
				meminfo_line(f);
		}
	}
	for (i = 0; i < argc; i++) {
		f = meminfo_field(mi, argv[i]);
		if (!f) {
			cli_warn("meminfo: no field '%s' in /proc/meminfo (`memctl meminfo` lists them; names are case-sensitive)",
				 argv[i]);
			rc = CLI_EXIT_FAIL;
			continue;
		}
		if (o)
			json_object_object_add(o, f->key, cli_json_u64(f->value));
		else
			meminfo_line(f);
	}
	if (o)
		cli_json_print(cli, o);
	memctl_meminfo_free(mi);
	return rc;
}

/* ---- symbols ---- */

int cmd_symbols(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct memctl_kallsyms *ks = NULL;
	struct json_object *arr = NULL;
	struct memctl_err e;
	size_t i;
	int c, err;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cli_usage_error(cli, argc ? "too many arguments" :
				       "missing MODULE (e.g. memlab)");
	memset(&e, 0, sizeof(e));
	err = memctl_kallsyms_read(cli_root(cli), argv[0], &ks, &e);
	if (err < 0)
		return cli_view_fail(cli, err, &e, "/proc/kallsyms");
	if (!ks->nr) {
		cli_warn("symbols: no symbols of module %s in %s/proc/kallsyms: is it loaded? (`lsmod`)",
			 argv[0], cli->sysroot ? cli->sysroot : "");
		memctl_kallsyms_free(ks);
		return CLI_EXIT_FAIL;
	}
	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < ks->nr; i++) {
		const struct memctl_symbol *s = &ks->syms[i];

		if (arr) {
			struct json_object *j = json_object_new_object();
			char t[2] = { s->type, 0 };

			json_object_object_add(j, "addr", cli_json_hex(s->addr));
			json_object_object_add(j, "type", json_object_new_string(t));
			json_object_object_add(j, "name", json_object_new_string(s->name));
			json_object_object_add(j, "module", json_object_new_string(s->module));
			json_object_array_add(arr, j);
			continue;
		}
		/* exactly as /proc/kallsyms prints a module's symbol */
		if (s->module[0])
			printf("%016llx %c %s\t[%s]\n", (unsigned long long)s->addr,
			       s->type, s->name, s->module);
		else
			printf("%016llx %c %s\n", (unsigned long long)s->addr,
			       s->type, s->name);
	}
	if (arr)
		cli_json_print(cli, arr);
	memctl_kallsyms_free(ks);
	return CLI_EXIT_OK;
}

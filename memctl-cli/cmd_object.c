// SPDX-License-Identifier: GPL-2.0
/*
 * memctl object verbs: free, ls, info, read, write, fill, verify, sync,
 * persist.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define READ_CHUNK	(64 * 1024)

static const char *dir_name(uint32_t dir)
{
	switch (dir) {
	case 0:
		return "bidirectional";
	case 1:
		return "to-device";
	case 2:
		return "from-device";
	default:
		return "?";
	}
}

static const char *kind_str(uint32_t kind)
{
	const char *s = memctl_kind_name(kind);

	return s ? s : "unknown";
}

/* "P" persistent, "M" mappable, "S" merged by SLUB; "-" for none. */
static const char *obj_flags(uint32_t flags, char *buf)
{
	char *p = buf;

	if (flags & MEMLAB_OBJ_PERSISTENT)
		*p++ = 'P';
	if (flags & MEMLAB_OBJ_MAPPABLE)
		*p++ = 'M';
	if (flags & MEMLAB_OBJ_MERGED)
		*p++ = 'S';
	if (p == buf)
		*p++ = '-';
	*p = 0;
	return buf;
}

static const char *ctime_str(uint64_t ns, char *buf, size_t len)
{
	time_t t = ns / 1000000000ULL;
	struct tm tm;

	if (!ns || !localtime_r(&t, &tm) ||
	    !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "-");
	return buf;
}

static int get_info(struct cli *cli, uint32_t id, struct memlab_obj_info *info,
		    const char *what)
{
	int err;

	memset(info, 0, sizeof(*info));
	err = memctl_obj_info(cli->ctx, id, info);
	if (err < 0)
		return cli_obj_fail(cli, err, id, what);
	return 0;
}

/* What the gfp field holds: GFP bits, or slab flags for a cache. */
static const char *gfp_str(const struct memlab_obj_info *o, char *buf,
			   size_t len)
{
	int n;

	if (o->kind == MEMLAB_KIND_CACHE)
		n = memctl_format_slab_flags(o->gfp, buf, len);
	else
		n = memctl_format_gfp(o->gfp, buf, len);
	if (n < 0 || !buf[0])
		snprintf(buf, len, "-");
	return buf;
}

struct json_object *cli_obj_json(const struct memlab_obj_info *o)
{
	struct json_object *j = json_object_new_object();
	char buf[160];

	json_object_object_add(j, "id", json_object_new_int64(o->id));
	json_object_object_add(j, "kind", json_object_new_string(kind_str(o->kind)));
	json_object_object_add(j, "size", cli_json_u64(o->size));
	json_object_object_add(j, "order", json_object_new_int64(o->order));
	gfp_str(o, buf, sizeof(buf));
	json_object_object_add(j, o->kind == MEMLAB_KIND_CACHE ? "slab_flags" : "gfp",
			       json_object_new_string(strcmp(buf, "-") ? buf : ""));
	json_object_object_add(j, "persistent",
			       json_object_new_boolean(o->flags & MEMLAB_OBJ_PERSISTENT));
	json_object_object_add(j, "mappable",
			       json_object_new_boolean(o->flags & MEMLAB_OBJ_MAPPABLE));
	json_object_object_add(j, "uid", json_object_new_int64(o->uid));
	json_object_object_add(j, "ctime_ns", cli_json_u64(o->ctime_ns));
	json_object_object_add(j, "mapcount", json_object_new_int64(o->mapcount));
	json_object_object_add(j, "mmap_offset", cli_json_u64(o->mmap_offset));
	json_object_object_add(j, "kaddr", cli_json_hex(o->kaddr));
	json_object_object_add(j, "phys", cli_json_hex(o->phys));
	json_object_object_add(j, "dma_addr", cli_json_hex(o->dma_addr));
	if (o->kind == MEMLAB_KIND_DMA_STREAMING)
		json_object_object_add(j, "dma_dir",
				       json_object_new_string(dir_name(o->dma_dir)));
	if (o->kind == MEMLAB_KIND_CACHE || o->kind == MEMLAB_KIND_CACHE_OBJ) {
		json_object_object_add(j, "cache", json_object_new_string(o->name));
		json_object_object_add(j, "merged",
				       json_object_new_boolean(o->flags & MEMLAB_OBJ_MERGED));
		json_object_object_add(j, "merged_into",
				       json_object_new_string(o->merged_into));
	}
	if (o->kind == MEMLAB_KIND_CACHE_OBJ)
		json_object_object_add(j, "cache_id", json_object_new_int64(o->cache_id));
	if (o->kind == MEMLAB_KIND_CACHE) {
		json_object_object_add(j, "objects", json_object_new_int64(o->nr_objects));
		json_object_object_add(j, "slab_size", json_object_new_int64(o->slab_size));
		json_object_object_add(j, "align", json_object_new_int64(o->align));
	}
	return j;
}

/* ---- free, persist ---- */

static int parse_ids(struct cli *cli, int argc, char **argv, uint32_t **idsp)
{
	uint32_t *ids;
	int i, rc;

	ids = calloc(argc ? argc : 1, sizeof(*ids));
	if (!ids)
		return cli_fail(cli, -ENOMEM, "%s", cli->cmd->name);
	for (i = 0; i < argc; i++) {
		rc = cli_parse_id(cli, argv[i], &ids[i]);
		if (rc) {
			free(ids);
			return rc;
		}
	}
	*idsp = ids;
	return 0;
}

/* Free the objects of @objs that are caches (@caches) or are not. */
static int free_pass(struct cli *cli, const struct memlab_obj_info *objs,
		     size_t nr, bool caches, size_t *skipped)
{
	int err, rc = CLI_EXIT_OK;
	size_t i;

	for (i = 0; i < nr; i++) {
		bool is_cache = objs[i].kind == MEMLAB_KIND_CACHE;

		if (is_cache != caches)
			continue;
		if (caches)
			err = memctl_cache_destroy(cli->ctx, objs[i].id);
		else
			err = memctl_free(cli->ctx, objs[i].id);
		if (err == -EPERM)
			(*skipped)++;
		else if (err < 0 && err != -ENOENT)
			rc = cli_obj_fail(cli, err, objs[i].id,
					  caches ? "destroy-cache" : "free");
	}
	return rc;
}

static int free_all(struct cli *cli, bool caches)
{
	struct memlab_obj_info *objs = NULL;
	size_t nr = 0, skipped = 0;
	int err, rc;

	err = memctl_list(cli->ctx, &objs, &nr);
	if (err < 0)
		return cli_fail(cli, err, "free --all: listing the objects");
	/* Objects first (cache objects before their caches), then caches. */
	rc = free_pass(cli, objs, nr, false, &skipped);
	if (caches && free_pass(cli, objs, nr, true, &skipped))
		rc = CLI_EXIT_FAIL;
	if (skipped)
		cli_warn("free --all: left %zu object%s of other users alone (only their creators or root may free them)",
			 skipped, skipped == 1 ? "" : "s");
	free(objs);
	return rc;
}

int cmd_free(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "caches", no_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 }
	};
	bool all = false, caches = false;
	uint32_t *ids = NULL;
	int c, i, rc, err, ret = CLI_EXIT_OK;

	while ((c = cli_getopt(cli, argc, argv, "ac", opts)) != -1) {
		switch (c) {
		case 'a':
			all = true;
			break;
		case 'c':
			caches = true;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (all && argc)
		return cli_usage_error(cli, "give ids or --all, not both");
	if (!all && !argc)
		return cli_usage_error(cli, "missing object ID (or --all)");
	if (caches && !all)
		return cli_usage_error(cli, "--caches goes with --all");
	if (!all) {
		rc = parse_ids(cli, argc, argv, &ids);
		if (rc)
			return rc;
	}
	rc = cli_open(cli);
	if (rc) {
		free(ids);
		return rc;
	}
	if (all)
		return free_all(cli, caches);
	for (i = 0; i < argc; i++) {
		err = memctl_free(cli->ctx, ids[i]);
		if (err < 0)
			ret = cli_obj_fail(cli, err, ids[i], "free");
	}
	free(ids);
	return ret;
}

int cmd_persist(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	uint32_t *ids = NULL;
	int c, i, rc, err, ret = CLI_EXIT_OK;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	if (!argc)
		return cli_usage_error(cli, "missing object ID");
	rc = parse_ids(cli, argc, argv, &ids);
	if (rc)
		return rc;
	rc = cli_open(cli);
	if (rc) {
		free(ids);
		return rc;
	}
	for (i = 0; i < argc; i++) {
		err = memctl_persist(cli->ctx, ids[i]);
		if (err < 0)
			ret = cli_obj_fail(cli, err, ids[i], "persist");
	}
	free(ids);
	return ret;
}

/* ---- ls, info ---- */

static bool kind_wanted(uint32_t kind, int argc, char **argv)
{
	const char *name = kind_str(kind);
	int i;

	if (!argc)
		return true;
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

static void ls_detail(const struct memlab_obj_info *o, char *buf, size_t len)
{
	switch (o->kind) {
	case MEMLAB_KIND_CACHE:
		if (o->flags & MEMLAB_OBJ_MERGED)
			snprintf(buf, len, "%s, merged into %s, %u objects",
				 o->name, o->merged_into, o->nr_objects);
		else
			snprintf(buf, len, "%s, %u objects", o->name,
				 o->nr_objects);
		break;
	case MEMLAB_KIND_CACHE_OBJ:
		snprintf(buf, len, "%s (cache %u)", o->name, o->cache_id);
		break;
	case MEMLAB_KIND_PAGES:
		snprintf(buf, len, "order %u", o->order);
		break;
	case MEMLAB_KIND_DMA_STREAMING:
		snprintf(buf, len, "%s", dir_name(o->dma_dir));
		break;
	default:
		buf[0] = 0;
		break;
	}
}

/*
 * An address column of `ls -a` (@width 0: the last one, unpadded). Over
 * netlink an address the kernel did not send (not CAP_SYS_ADMIN, a cache,
 * no DMA address) is "-" in text and left out of JSON, rather than a zero
 * that looks like a value.
 */
static void ls_addr(uint64_t v, bool netlink, int width)
{
	if (netlink && !v)
		printf(" %-*s", width, "-");
	else if (width)
		printf(" 0x%0*llx", width - 2, (unsigned long long)v);
	else
		printf(" 0x%llx", (unsigned long long)v);
}

static struct json_object *ls_json(const struct memlab_obj_info *o,
				   bool netlink)
{
	struct json_object *j = cli_obj_json(o);

	if (netlink && !o->kaddr)
		json_object_object_del(j, "kaddr");
	if (netlink && !o->phys)
		json_object_object_del(j, "phys");
	if (netlink && !o->dma_addr)
		json_object_object_del(j, "dma_addr");
	return j;
}

int cmd_ls(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "addresses", no_argument, NULL, 'a' },
		{ "netlink", no_argument, NULL, 'N' },
		{ NULL, 0, NULL, 0 }
	};
	struct memlab_obj_info *objs = NULL;
	struct json_object *arr = NULL;
	bool addrs = false, netlink = false;
	size_t nr = 0, i;
	int c, rc, err, shown = 0;
	char sz[32], fl[8], tm[32], gfp[160], detail[160];

	while ((c = cli_getopt(cli, argc, argv, "aN", opts)) != -1) {
		switch (c) {
		case 'a':
			addrs = true;
			break;
		case 'N':
			netlink = true;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	for (i = 0; i < (size_t)argc; i++) {
		uint32_t k;

		for (k = 1; k < MEMLAB_KIND_NR; k++)
			if (!strcmp(argv[i], kind_str(k)))
				break;
		if (k == MEMLAB_KIND_NR)
			return cli_usage_error(cli,
					       "unknown kind '%s' (kmalloc, cache, cache-obj, pages, vmalloc, dma-coherent, dma-streaming)",
					       argv[i]);
	}
	/* Over netlink: every kind (the KIND filters apply below). */
	if (netlink) {
		rc = cli_nl_open(cli);
		if (rc)
			return rc;
		err = memctl_nl_objects(cli->nl, 0, &objs, &nr);
		if (err < 0)
			return cli_nl_fail(cli, err, "ls");
	} else {
		rc = cli_open(cli);
		if (rc)
			return rc;
		err = memctl_list(cli->ctx, &objs, &nr);
		if (err < 0)
			return cli_fail(cli, err, "ls");
	}
	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < nr; i++) {
		const struct memlab_obj_info *o = &objs[i];

		if (!kind_wanted(o->kind, argc, argv))
			continue;
		if (arr) {
			json_object_array_add(arr, ls_json(o, netlink));
			continue;
		}
		if (!shown++) {
			printf("%5s %-13s %8s %-4s %6s %4s %-19s %-16s %s",
			       "ID", "KIND", "SIZE", "FLAG", "UID", "MAPS",
			       "CREATED", "GFP", "DETAIL");
			if (addrs)
				printf("  %-18s %-18s %s", "KADDR", "PHYS",
				       "DMA");
			putchar('\n');
		}
		ls_detail(o, detail, sizeof(detail));
		printf("%5u %-13s %8s %-4s %6u %4u %-19s %-16s %s", o->id,
		       kind_str(o->kind), cli_size(o->size, sz, sizeof(sz)),
		       obj_flags(o->flags, fl), o->uid, o->mapcount,
		       ctime_str(o->ctime_ns, tm, sizeof(tm)),
		       gfp_str(o, gfp, sizeof(gfp)), detail);
		if (addrs) {
			putchar(' ');
			ls_addr(o->kaddr, netlink, 18);
			ls_addr(o->phys, netlink, 18);
			ls_addr(o->dma_addr, netlink, 0);
		}
		putchar('\n');
	}
	if (arr)
		cli_json_print(cli, arr);
	free(objs);
	return CLI_EXIT_OK;
}

int cmd_info(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct memlab_obj_info o;
	char sz[32], tm[32], gfp[160];
	uint32_t id;
	int c, rc;
	bool root;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cli_usage_error(cli, argc ? "too many arguments" :
				       "missing object ID");
	rc = cli_parse_id(cli, argv[0], &id);
	if (rc)
		return rc;
	rc = cli_open(cli);
	if (rc)
		return rc;
	rc = get_info(cli, id, &o, "info");
	if (rc)
		return rc;
	if (cli->json) {
		cli_json_print(cli, cli_obj_json(&o));
		return CLI_EXIT_OK;
	}

	root = o.kaddr || o.phys || o.dma_addr;
	printf("id:           %u\n", o.id);
	printf("kind:         %s\n", kind_str(o.kind));
	printf("size:         %llu (%s)\n", (unsigned long long)o.size,
	       cli_size(o.size, sz, sizeof(sz)));
	if (o.kind == MEMLAB_KIND_PAGES)
		printf("order:        %u (%llu pages)\n", o.order,
		       1ULL << (o.order < 63 ? o.order : 0));
	printf("%-14s%s\n", o.kind == MEMLAB_KIND_CACHE ? "slab flags:" : "gfp:",
	       gfp_str(&o, gfp, sizeof(gfp)));
	printf("scope:        %s\n", o.flags & MEMLAB_OBJ_PERSISTENT ?
	       "persistent" : "open file");
	printf("uid:          %u\n", o.uid);
	printf("created:      %s\n", ctime_str(o.ctime_ns, tm, sizeof(tm)));
	if (o.kind == MEMLAB_KIND_CACHE || o.kind == MEMLAB_KIND_CACHE_OBJ) {
		printf("cache:        %s", o.name);
		if (o.kind == MEMLAB_KIND_CACHE_OBJ)
			printf(" (id %u)", o.cache_id);
		putchar('\n');
		printf("merged into:  %s\n", o.flags & MEMLAB_OBJ_MERGED ?
		       o.merged_into : "- (own cache)");
	}
	if (o.kind == MEMLAB_KIND_CACHE) {
		printf("objects:      %u\n", o.nr_objects);
		printf("slab size:    %u\n", o.slab_size);
		printf("align:        %u\n", o.align);
	}
	if (o.kind == MEMLAB_KIND_DMA_STREAMING)
		printf("direction:    %s\n", dir_name(o.dma_dir));
	if (o.flags & MEMLAB_OBJ_MAPPABLE) {
		printf("mmap offset:  0x%llx\n",
		       (unsigned long long)o.mmap_offset);
		printf("mappings:     %u\n", o.mapcount);
	}
	if (root) {
		printf("kernel addr:  0x%016llx\n", (unsigned long long)o.kaddr);
		printf("phys addr:    0x%016llx\n", (unsigned long long)o.phys);
		if (o.kind == MEMLAB_KIND_DMA_COHERENT ||
		    o.kind == MEMLAB_KIND_DMA_STREAMING)
			printf("dma addr:     0x%016llx\n",
			       (unsigned long long)o.dma_addr);
	} else if (o.kind != MEMLAB_KIND_CACHE) {
		printf("addresses:    hidden (root only)\n");
	}
	return CLI_EXIT_OK;
}

/* ---- read: hexdump -C ---- */

struct hexdump {
	uint64_t base;		/* object offset of the next byte */
	unsigned char line[16];	/* bytes of the line being built */
	unsigned int fill;
	unsigned char prev[16];	/* the last full line printed */
	bool have_prev;
	bool starred;		/* "*" printed for the current run */
	bool squeeze;
};

static void hex_line(uint64_t off, const unsigned char *b, unsigned int n)
{
	unsigned int i;

	printf("%08llx ", (unsigned long long)off);
	for (i = 0; i < 16; i++) {
		if (i == 8)
			putchar(' ');
		if (i < n)
			printf(" %02x", b[i]);
		else
			fputs("   ", stdout);
	}
	fputs("  |", stdout);
	for (i = 0; i < n; i++)
		putchar(isprint(b[i]) && b[i] < 0x7f ? b[i] : '.');
	puts("|");
}

static void hex_flush(struct hexdump *h)
{
	uint64_t off = h->base - h->fill;

	if (h->fill == 16 && h->squeeze && h->have_prev &&
	    !memcmp(h->prev, h->line, 16)) {
		if (!h->starred)
			puts("*");
		h->starred = true;
	} else {
		hex_line(off, h->line, h->fill);
		memcpy(h->prev, h->line, 16);
		h->have_prev = h->fill == 16;
		h->starred = false;
	}
	h->fill = 0;
}

static void hex_feed(struct hexdump *h, const unsigned char *buf, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h->line[h->fill++] = buf[i];
		h->base++;
		if (h->fill == 16)
			hex_flush(h);
	}
}

static void hex_end(struct hexdump *h)
{
	if (h->fill)
		hex_flush(h);
	printf("%08llx\n", (unsigned long long)h->base);
}

/* Offset and length within an object of @size, defaults to the rest. */
static int range_args(struct cli *cli, uint64_t size, const char *off_s,
		      const char *len_s, uint64_t *off, uint64_t *len)
{
	int rc;

	*off = 0;
	if (off_s) {
		rc = cli_parse_size(cli, "offset", off_s, off);
		if (rc)
			return rc;
	}
	*len = size > *off ? size - *off : 0;
	if (len_s) {
		rc = cli_parse_size(cli, "length", len_s, len);
		if (rc)
			return rc;
	}
	return 0;
}

static int check_range(struct cli *cli, const struct memlab_obj_info *o,
		       uint64_t off, uint64_t len)
{
	if (off > o->size || len > o->size - off) {
		cli_warn("%s %u: offset %llu + length %llu is past the end of the object (%llu bytes)",
			 cli->cmd->name, o->id, (unsigned long long)off,
			 (unsigned long long)len, (unsigned long long)o->size);
		return CLI_EXIT_FAIL;
	}
	if (o->kind == MEMLAB_KIND_CACHE) {
		cli_warn("%s %u: %u is a cache (%s), not an object: allocate one with `memctl alloc %s`",
			 cli->cmd->name, o->id, o->id, o->name, o->name);
		return CLI_EXIT_FAIL;
	}
	return 0;
}

int cmd_read(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "raw", no_argument, NULL, 'r' },
		{ "no-squeeze", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 }
	};
	struct hexdump h = { .squeeze = true };
	struct memlab_obj_info o;
	struct json_object *jo = NULL;
	unsigned char *buf = NULL;
	char *hex = NULL;
	uint64_t off, len, done;
	bool raw = false;
	uint32_t id;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "rv", opts)) != -1) {
		switch (c) {
		case 'r':
			raw = true;
			break;
		case 'v':
			h.squeeze = false;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage_error(cli, "missing object ID");
	if (argc > 3)
		return cli_usage_error(cli, "too many arguments");
	rc = cli_parse_id(cli, argv[0], &id);
	if (rc)
		return rc;
	rc = range_args(cli, 0, argc > 1 ? argv[1] : NULL,
			argc > 2 ? argv[2] : NULL, &off, &len);
	if (rc)
		return rc;
	if (raw && cli->json)
		return cli_usage_error(cli, "--raw and --json exclude each other");
	rc = cli_open(cli);
	if (rc)
		return rc;
	rc = get_info(cli, id, &o, "read");
	if (rc)
		return rc;
	rc = range_args(cli, o.size, argc > 1 ? argv[1] : NULL,
			argc > 2 ? argv[2] : NULL, &off, &len);
	if (rc)
		return rc;
	rc = check_range(cli, &o, off, len);
	if (rc)
		return rc;

	buf = malloc(READ_CHUNK);
	if (cli->json) {
		hex = malloc(len * 2 + 1);
		if (hex)
			hex[0] = 0;
	}
	if (!buf || (cli->json && !hex)) {
		rc = cli_fail(cli, -ENOMEM, "read %u", id);
		goto out;
	}
	h.base = off;
	for (done = 0; done < len;) {
		uint64_t n = len - done < READ_CHUNK ? len - done : READ_CHUNK;
		uint64_t i;

		err = memctl_read(cli->ctx, id, off + done, buf, n);
		if (err < 0) {
			rc = cli_obj_fail(cli, err, id, "read");
			goto out;
		}
		if (raw) {
			if (fwrite(buf, 1, n, stdout) != n)
				break;
		} else if (hex) {
			for (i = 0; i < n; i++)
				sprintf(hex + 2 * (done + i), "%02x", buf[i]);
		} else {
			hex_feed(&h, buf, n);
		}
		done += n;
	}
	if (hex) {
		jo = json_object_new_object();
		json_object_object_add(jo, "id", json_object_new_int64(id));
		json_object_object_add(jo, "offset", cli_json_u64(off));
		json_object_object_add(jo, "length", cli_json_u64(len));
		json_object_object_add(jo, "hex", json_object_new_string(hex));
		cli_json_print(cli, jo);
	} else if (!raw) {
		hex_end(&h);
	}
	rc = CLI_EXIT_OK;
out:
	free(hex);
	free(buf);
	return rc;
}

/* ---- write, fill, verify, sync ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* "deadbeef", "de ad be ef", "de:ad:be:ef", "0xdeadbeef" */
static int parse_hex_bytes(const char *s, unsigned char **out, size_t *len)
{
	unsigned char *b;
	size_t n = 0;
	int hi = -1, v;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	b = malloc(strlen(s) / 2 + 1);
	if (!b)
		return -ENOMEM;
	for (; *s; s++) {
		if (*s == ' ' || *s == ':' || *s == '-' || *s == '_') {
			if (hi >= 0)
				goto bad;
			continue;
		}
		v = hexval((unsigned char)*s);
		if (v < 0)
			goto bad;
		if (hi < 0) {
			hi = v;
		} else {
			b[n++] = hi << 4 | v;
			hi = -1;
		}
	}
	if (hi >= 0 || !n)
		goto bad;
	*out = b;
	*len = n;
	return 0;
bad:
	free(b);
	return -EINVAL;
}

int cmd_write(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bytes", required_argument, NULL, 'b' },
		{ "string", required_argument, NULL, 's' },
		{ "width", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 }
	};
	const char *bytes_s = NULL, *str = NULL;
	unsigned char *data = NULL, word[8];
	struct memlab_obj_info o;
	uint32_t id, width = 4;
	uint64_t off, val;
	size_t len = 0, i;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "b:s:w:", opts)) != -1) {
		switch (c) {
		case 'b':
			bytes_s = optarg;
			break;
		case 's':
			str = optarg;
			break;
		case 'w':
			rc = cli_parse_u32(cli, "width", optarg, &width);
			if (rc)
				return rc;
			if (width != 1 && width != 2 && width != 4 && width != 8)
				return cli_usage_error(cli, "--width is 1, 2, 4 or 8 bytes");
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (bytes_s && str)
		return cli_usage_error(cli, "--bytes and --string exclude each other");
	if (argc < 2)
		return cli_usage_error(cli, argc ? "missing OFFSET" :
				       "missing object ID and OFFSET");
	if (argc != ((bytes_s || str) ? 2 : 3))
		return cli_usage_error(cli, argc == 2 ?
				       "missing VALUE (or --bytes HEX, --string S)" :
				       "too many arguments");
	rc = cli_parse_id(cli, argv[0], &id);
	if (rc)
		return rc;
	rc = cli_parse_size(cli, "offset", argv[1], &off);
	if (rc)
		return rc;
	if (bytes_s) {
		if (parse_hex_bytes(bytes_s, &data, &len))
			return cli_usage_error(cli,
					       "bad --bytes '%s' (hex digit pairs, e.g. deadbeef or de:ad:be:ef)",
					       bytes_s);
	} else if (str) {
		len = strlen(str);
		if (!len)
			return cli_usage_error(cli, "--string is empty");
		data = malloc(len);
		if (!data)
			return cli_fail(cli, -ENOMEM, "write");
		memcpy(data, str, len);
	} else {
		rc = cli_parse_u64(cli, "value", argv[2], &val);
		if (rc)
			return rc;
		if (width < 8 && val >> (8 * width))
			return cli_usage_error(cli,
					       "value %s does not fit in %u bytes (--width)",
					       argv[2], width);
		for (i = 0; i < width; i++)
			word[i] = val >> (8 * i);	/* little-endian */
		len = width;
	}

	rc = cli_open(cli);
	if (rc)
		goto out;
	rc = get_info(cli, id, &o, "write");
	if (rc)
		goto out;
	rc = check_range(cli, &o, off, len);
	if (rc)
		goto out;
	err = memctl_write(cli->ctx, id, off, data ? data : word, len);
	rc = err < 0 ? cli_obj_fail(cli, err, id, "write") : CLI_EXIT_OK;
out:
	free(data);
	return rc;
}

enum { OPT_OFFSET = 0x100, OPT_LENGTH };

static int fill_verify(struct cli *cli, int argc, char **argv, bool verify)
{
	static const struct option opts[] = {
		{ "offset", required_argument, NULL, OPT_OFFSET },
		{ "length", required_argument, NULL, OPT_LENGTH },
		{ NULL, 0, NULL, 0 }
	};
	const char *off_s = NULL, *len_s = NULL;
	struct memlab_obj_info o;
	uint64_t off, len, nr_bad = 0, first_bad = ~0ULL;
	uint32_t id, pattern;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1) {
		switch (c) {
		case OPT_OFFSET:
			off_s = optarg;
			break;
		case OPT_LENGTH:
			len_s = optarg;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		return cli_usage_error(cli, argc ? "missing PATTERN" :
				       "missing object ID and PATTERN");
	if (argc > 2)
		return cli_usage_error(cli, "too many arguments");
	rc = cli_parse_id(cli, argv[0], &id);
	if (rc)
		return rc;
	rc = cli_parse_u32(cli, "pattern", argv[1], &pattern);
	if (rc)
		return rc;
	rc = range_args(cli, 0, off_s, len_s, &off, &len);
	if (rc)
		return rc;
	rc = cli_open(cli);
	if (rc)
		return rc;
	rc = get_info(cli, id, &o, cli->cmd->name);
	if (rc)
		return rc;
	range_args(cli, o.size, off_s, len_s, &off, &len);
	rc = check_range(cli, &o, off, len);
	if (rc)
		return rc;
	if (!verify) {
		err = memctl_fill(cli->ctx, id, off, len, pattern);
		return err < 0 ? cli_obj_fail(cli, err, id, "fill") : CLI_EXIT_OK;
	}
	err = memctl_verify(cli->ctx, id, off, len, pattern, &nr_bad,
			    &first_bad);
	if (err < 0)
		return cli_obj_fail(cli, err, id, "verify");
	if (cli->json) {
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "id", json_object_new_int64(id));
		json_object_object_add(j, "pattern", cli_json_hex(pattern));
		json_object_object_add(j, "offset", cli_json_u64(off));
		json_object_object_add(j, "length", cli_json_u64(len));
		json_object_object_add(j, "ok", json_object_new_boolean(!nr_bad));
		json_object_object_add(j, "nr_bad", cli_json_u64(nr_bad));
		json_object_object_add(j, "first_bad", nr_bad ?
				       cli_json_u64(first_bad) : NULL);
		cli_json_print(cli, j);
	} else if (!nr_bad) {
		printf("%u: %llu bytes at offset %llu match 0x%08x\n", id,
		       (unsigned long long)len, (unsigned long long)off,
		       pattern);
	} else {
		printf("%u: %llu of %llu bytes differ from 0x%08x, the first at offset %llu",
		       id, (unsigned long long)nr_bad, (unsigned long long)len,
		       pattern, (unsigned long long)first_bad);
		printf(" (0x%llx)\n", (unsigned long long)first_bad);
	}
	return nr_bad ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

int cmd_fill(struct cli *cli, int argc, char **argv)
{
	return fill_verify(cli, argc, argv, false);
}

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	return fill_verify(cli, argc, argv, true);
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct memlab_obj_info o;
	uint64_t off, len;
	uint32_t id, op;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	if (argc < 2)
		return cli_usage_error(cli, argc ? "missing cpu|device" :
				       "missing object ID and cpu|device");
	if (argc == 3)
		return cli_usage_error(cli, "give both OFFSET and LEN, or neither");
	if (argc > 4)
		return cli_usage_error(cli, "too many arguments");
	rc = cli_parse_id(cli, argv[0], &id);
	if (rc)
		return rc;
	if (!strcmp(argv[1], "cpu") || !strcmp(argv[1], "for-cpu"))
		op = MEMLAB_SYNC_FOR_CPU;
	else if (!strcmp(argv[1], "device") || !strcmp(argv[1], "for-device"))
		op = MEMLAB_SYNC_FOR_DEVICE;
	else
		return cli_usage_error(cli, "bad direction '%s' (cpu or device)",
				       argv[1]);
	rc = range_args(cli, 0, argc > 2 ? argv[2] : NULL,
			argc > 3 ? argv[3] : NULL, &off, &len);
	if (rc)
		return rc;
	rc = cli_open(cli);
	if (rc)
		return rc;
	rc = get_info(cli, id, &o, "sync");
	if (rc)
		return rc;
	if (o.kind != MEMLAB_KIND_DMA_STREAMING) {
		cli_warn("sync %u: object %u is a %s buffer; sync is for streaming DMA mappings (`memctl dma-map`)",
			 id, id, kind_str(o.kind));
		return CLI_EXIT_FAIL;
	}
	range_args(cli, o.size, argc > 2 ? argv[2] : NULL,
		   argc > 3 ? argv[3] : NULL, &off, &len);
	rc = check_range(cli, &o, off, len);
	if (rc)
		return rc;
	err = memctl_sync(cli->ctx, id, op, off, len);
	return err < 0 ? cli_obj_fail(cli, err, id, "sync") : CLI_EXIT_OK;
}

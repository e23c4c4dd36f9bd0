// SPDX-License-Identifier: GPL-2.0
/*
 * memctl allocation verbs: alloc, kmalloc, alloc-pages, vmalloc,
 * dma-alloc, dma-map.
 *
 * Each makes -n N persistent objects (they outlive memctl; `memctl free`
 * releases them) and prints their ids, one per line, or a JSON array.
 * When the k-th allocation fails, the ids of the first k-1 are still
 * printed (they exist) before the error.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct alloc_req {
	uint32_t kind;
	const char *arg;	/* SIZE, ORDER or CACHE as typed */
	uint64_t size;
	uint32_t order;
	uint32_t cache_id;
	uint32_t dir;
	uint32_t gfp;
	uint32_t flags;
	uint32_t count;
};

static const char *const dma_dirs[] = {
	[0] = "bidirectional",
	[1] = "to-device",
	[2] = "from-device",
};

static int parse_dir(const char *s, uint32_t *dir)
{
	uint32_t i;

	for (i = 0; i < ARRAY_SIZE(dma_dirs); i++) {
		if (!strcmp(s, dma_dirs[i])) {
			*dir = i;
			return 0;
		}
	}
	if (!strcmp(s, "bidi") || !strcmp(s, "to") || !strcmp(s, "from")) {
		*dir = s[0] == 'b' ? 0 : s[0] == 't' ? 1 : 2;
		return 0;
	}
	return -EINVAL;
}

static int alloc_one(struct cli *cli, const struct alloc_req *r, uint32_t *id)
{
	switch (r->kind) {
	case MEMLAB_KIND_KMALLOC:
		return memctl_kmalloc(cli->ctx, r->size, r->gfp, r->flags, id);
	case MEMLAB_KIND_CACHE_OBJ:
		return memctl_cache_alloc(cli->ctx, r->cache_id, r->gfp,
					  r->flags, id);
	case MEMLAB_KIND_PAGES:
		return memctl_alloc_pages(cli->ctx, r->order, r->gfp,
					  r->flags, id);
	case MEMLAB_KIND_VMALLOC:
		return memctl_vmalloc(cli->ctx, r->size, r->gfp, r->flags, id);
	case MEMLAB_KIND_DMA_COHERENT:
		return memctl_dma_alloc(cli->ctx, r->size, r->gfp, r->flags,
					id);
	case MEMLAB_KIND_DMA_STREAMING:
		return memctl_dma_map(cli->ctx, r->size, r->dir, r->gfp,
				      r->flags, id);
	default:
		return -EINVAL;
	}
}

/* Why the driver said EINVAL/ENOMEM/E2BIG for this kind of request. */
static int alloc_error(struct cli *cli, int err, const struct alloc_req *r)
{
	const char *verb = cli->cmd->name;
	struct memlab_info info;
	char hint[320], a[32];

	memset(&info, 0, sizeof(info));
	memctl_info(cli->ctx, &info);
	switch (-err) {
	case EINVAL:
		switch (r->kind) {
		case MEMLAB_KIND_KMALLOC:
			snprintf(hint, sizeof(hint),
				 "kmalloc takes 1..%s bytes and any GFP flags but dma32 and highmem",
				 cli_size(info.kmalloc_max, a, sizeof(a)));
			break;
		case MEMLAB_KIND_CACHE_OBJ:
			snprintf(hint, sizeof(hint),
				 "%s must be a memlab cache (`memctl caches`), GFP flags only kernel, atomic, nowait, zero, nowarn, noretry, retry_mayfail, account",
				 r->arg);
			break;
		case MEMLAB_KIND_PAGES:
			snprintf(hint, sizeof(hint),
				 "the order must be 0..%u on this kernel", info.max_order);
			break;
		case MEMLAB_KIND_VMALLOC:
			snprintf(hint, sizeof(hint),
				 "vmalloc takes GFP flags kernel, zero, nowarn, noretry, retry_mayfail, account only");
			break;
		default:
			snprintf(hint, sizeof(hint),
				 "DMA buffers take 1..%s bytes and GFP flags kernel, atomic, nowait, zero, nowarn, noretry, retry_mayfail only",
				 cli_size(r->kind == MEMLAB_KIND_DMA_COHERENT ?
					  info.dma_max : info.kmalloc_max, a,
					  sizeof(a)));
			break;
		}
		return cli_fail_hint(cli, err, hint, "%s %s", verb, r->arg);
	case ENOMEM:
		if (r->kind == MEMLAB_KIND_PAGES)
			snprintf(hint, sizeof(hint),
				 "the buddy allocator has no free block of order %u or above (see `memctl buddyinfo`)",
				 r->order);
		else
			snprintf(hint, sizeof(hint),
				 "the kernel allocator failed: see `memctl meminfo` and `memctl buddyinfo`");
		return cli_fail_hint(cli, err, hint, "%s %s", verb, r->arg);
	case ENOENT:
		if (r->kind == MEMLAB_KIND_CACHE_OBJ)
			return cli_fail_hint(cli, err,
					     "no such memlab cache (`memctl caches` lists them)",
					     "%s %s", verb, r->arg);
		break;
	case ENODEV:
	case EIO:
		if (r->kind == MEMLAB_KIND_DMA_COHERENT ||
		    r->kind == MEMLAB_KIND_DMA_STREAMING)
			return cli_fail_hint(cli, err,
					     "the DMA layer refused the buffer (mask, IOMMU or swiotlb size)",
					     "%s %s", verb, r->arg);
		break;
	default:
		break;
	}
	return cli_fail(cli, err, "%s %s", verb, r->arg);
}

static int do_alloc(struct cli *cli, const struct alloc_req *r)
{
	struct json_object *arr = NULL;
	uint32_t i, id;
	int rc = CLI_EXIT_OK, err;

	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < r->count; i++) {
		id = 0;
		err = alloc_one(cli, r, &id);
		if (err < 0) {
			if (i)
				cli_warn("%s: %u of %u allocated before the error",
					 cli->cmd->name, i, r->count);
			rc = alloc_error(cli, err, r);
			break;
		}
		if (arr)
			json_object_array_add(arr, json_object_new_int64(id));
		else
			printf("%u\n", id);
	}
	if (arr)
		cli_json_print(cli, arr);
	return rc;
}

enum { OPT_NO_PERSIST = 0x100 };

/*
 * The verbs differ in their one positional argument (SIZE, ORDER, CACHE)
 * and dma-map's --dir; -n, --gfp and --no-persist are common.
 */
static int alloc_verb(struct cli *cli, int argc, char **argv, uint32_t kind)
{
	static const struct option opts[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "gfp", required_argument, NULL, 'g' },
		{ "dir", required_argument, NULL, 'D' },
		{ "no-persist", no_argument, NULL, OPT_NO_PERSIST },
		{ NULL, 0, NULL, 0 }
	};
	struct alloc_req r = {
		.kind = kind,
		.flags = cli->session ? 0 : MEMLAB_F_PERSISTENT,
		.count = 1,
	};
	const char *what;
	uint64_t v;
	int c, rc;

	while ((c = cli_getopt(cli, argc, argv, "n:g:", opts)) != -1) {
		switch (c) {
		case 'n':
			rc = cli_parse_u32(cli, "count", optarg, &r.count);
			if (rc)
				return rc;
			if (!r.count)
				return cli_usage_error(cli, "-n wants a count of 1 or more");
			break;
		case 'g':
			rc = cli_parse_gfp(cli, optarg, &r.gfp);
			if (rc)
				return rc;
			break;
		case 'D':
			if (kind != MEMLAB_KIND_DMA_STREAMING)
				return cli_usage_error(cli, "--dir is for dma-map only");
			if (parse_dir(optarg, &r.dir))
				return cli_usage_error(cli,
						       "bad direction '%s' (to-device, from-device or bidirectional)",
						       optarg);
			break;
		case OPT_NO_PERSIST:
			r.flags &= ~MEMLAB_F_PERSISTENT;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	what = kind == MEMLAB_KIND_PAGES ? "ORDER" :
	       kind == MEMLAB_KIND_CACHE_OBJ ? "CACHE" : "SIZE";
	if (argc < 1)
		return cli_usage_error(cli, "missing %s", what);
	if (argc > 1)
		return cli_usage_error(cli, "too many arguments");
	r.arg = argv[0];

	switch (kind) {
	case MEMLAB_KIND_PAGES:
		rc = cli_parse_u32(cli, "order", argv[0], &r.order);
		if (rc)
			return rc;
		if (r.order > 63)
			return cli_usage_error(cli, "order %s is out of range",
					       argv[0]);
		break;
	case MEMLAB_KIND_CACHE_OBJ:
		rc = cli_resolve_cache(cli, argv[0], &r.cache_id);
		if (rc)
			return rc;
		break;
	default:
		rc = cli_parse_size(cli, "size", argv[0], &v);
		if (rc)
			return rc;
		if (!v)
			return cli_usage_error(cli, "size must not be 0");
		r.size = v;
		break;
	}
	rc = cli_open(cli);
	if (rc)
		return rc;
	return do_alloc(cli, &r);
}

int cmd_alloc(struct cli *cli, int argc, char **argv)
{
	return alloc_verb(cli, argc, argv, MEMLAB_KIND_CACHE_OBJ);
}

int cmd_kmalloc(struct cli *cli, int argc, char **argv)
{
	return alloc_verb(cli, argc, argv, MEMLAB_KIND_KMALLOC);
}

int cmd_alloc_pages(struct cli *cli, int argc, char **argv)
{
	return alloc_verb(cli, argc, argv, MEMLAB_KIND_PAGES);
}

int cmd_vmalloc(struct cli *cli, int argc, char **argv)
{
	return alloc_verb(cli, argc, argv, MEMLAB_KIND_VMALLOC);
}

int cmd_dma_alloc(struct cli *cli, int argc, char **argv)
{
	return alloc_verb(cli, argc, argv, MEMLAB_KIND_DMA_COHERENT);
}

int cmd_dma_map(struct cli *cli, int argc, char **argv)
{
	return alloc_verb(cli, argc, argv, MEMLAB_KIND_DMA_STREAMING);
}

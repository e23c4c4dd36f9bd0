// SPDX-License-Identifier: GPL-2.0
/*
 * memctl cache verbs: create-cache, destroy-cache, caches.
 *
 * A cache created from the command line is persistent: it outlives memctl
 * and is destroyed by `memctl destroy-cache` (or when the module unloads).
 * What the kernel really did with it - SLUB merges a cache into an existing
 * one of the same geometry - is reported with the name of the cache that
 * owns it and its directory in /sys/kernel/slab (e.g. ":0001024").
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/*
 * The /sys/kernel/slab directory of the kernel cache @name uses, or ""
 * (no sysfs, SLAB, not found). Always the running kernel: the cache was
 * just made there, whatever --sysroot says.
 */
static void sysfs_cache(struct memctl_slab *slab, const char *name, char *buf,
			size_t len)
{
	const struct memctl_slab_cache *c;

	buf[0] = 0;
	if (!slab)
		return;
	c = memctl_slab_find(slab, name);
	if (c)
		snprintf(buf, len, "%s", c->name);
}

static struct memctl_slab *live_slab(void)
{
	struct memctl_slab *slab = NULL;

	if (memctl_slab_read(NULL, &slab, NULL) < 0)
		return NULL;
	return slab;
}

static bool valid_name(const char *name)
{
	size_t len = strlen(name);
	const char *p;

	if (!len || len >= MEMLAB_NAME_LEN)
		return false;
	for (p = name; *p; p++)
		if (!isgraph((unsigned char)*p) || *p == '/')
			return false;
	return true;
}

static int create_error(struct cli *cli, int err, const char *name)
{
	char hint[256];
	uint32_t id;

	switch (-err) {
	case EEXIST:
		if (memctl_cache_find(cli->ctx, name, &id) >= 0)
			snprintf(hint, sizeof(hint),
				 "memlab already has a cache named %s (id %u, see `memctl caches`): use it, destroy it with `memctl destroy-cache %s`, or pick another name",
				 name, id, name);
		else
			snprintf(hint, sizeof(hint),
				 "the kernel already has a slab cache or alias named %s (/sys/kernel/slab/%s): pick another name",
				 name, name);
		return cli_fail_hint(cli, err, hint, "create-cache %s", name);
	case EINVAL:
		return cli_fail_hint(cli, err,
				     "the driver refused it: the name must be 1..31 printable characters without space or '/', the size 1..kmalloc_max/2, the alignment 0 or a power of two up to the page size",
				     "create-cache %s", name);
	default:
		return cli_fail(cli, err, "create-cache %s", name);
	}
}

int cmd_create_cache(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "align", required_argument, NULL, 'a' },
		{ "flags", required_argument, NULL, 'f' },
		{ "no-persist", no_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	struct memlab_cache_create out;
	struct memctl_slab *slab;
	uint64_t size, align = 0;
	uint32_t slab_flags = 0;
	uint32_t flags = cli->session ? 0 : MEMLAB_F_PERSISTENT;
	char sysfs[MEMCTL_NAME_MAX], fl[160];
	const char *name;
	int c, rc, err;

	while ((c = cli_getopt(cli, argc, argv, "a:f:", opts)) != -1) {
		switch (c) {
		case 'a':
			rc = cli_parse_size(cli, "alignment", optarg, &align);
			if (rc)
				return rc;
			if (align & (align - 1))
				return cli_usage_error(cli,
						       "alignment %s is not a power of two",
						       optarg);
			break;
		case 'f':
			if (memctl_parse_slab_flags(optarg, &slab_flags) < 0)
				return cli_usage_error(cli,
						       "bad slab flags '%s' (comma-separated: hwcache_align, poison, red_zone, store_user, account, reclaim_account, typesafe_by_rcu, no_merge, ctor)",
						       optarg);
			break;
		case 'P':
			flags &= ~MEMLAB_F_PERSISTENT;
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
		return cli_usage_error(cli, argc ? "missing SIZE" :
				       "missing NAME and SIZE");
	if (argc > 2)
		return cli_usage_error(cli, "too many arguments");
	name = argv[0];
	if (!valid_name(name))
		return cli_usage_error(cli,
				       "bad cache name '%s' (1..31 printable characters, no space or '/')",
				       name);
	rc = cli_parse_size(cli, "object size", argv[1], &size);
	if (rc)
		return rc;
	if (!size || size > UINT32_MAX)
		return cli_usage_error(cli, "object size %s out of range",
				       argv[1]);
	if (align > UINT32_MAX)
		return cli_usage_error(cli, "alignment out of range");

	rc = cli_open(cli);
	if (rc)
		return rc;
	memset(&out, 0, sizeof(out));
	err = memctl_cache_create(cli->ctx, name, size, align, slab_flags,
				  flags, &out);
	if (err < 0)
		return create_error(cli, err, name);

	slab = live_slab();
	sysfs_cache(slab, name, sysfs, sizeof(sysfs));
	memctl_slab_free(slab);
	if (memctl_format_slab_flags(slab_flags, fl, sizeof(fl)) < 0)
		fl[0] = 0;

	if (cli->json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "id", json_object_new_int64(out.id));
		json_object_object_add(o, "name", json_object_new_string(name));
		json_object_object_add(o, "object_size", cli_json_u64(size));
		json_object_object_add(o, "align", cli_json_u64(align));
		json_object_object_add(o, "slab_flags",
				       json_object_new_string(fl));
		json_object_object_add(o, "persistent",
				       json_object_new_boolean(flags & MEMLAB_F_PERSISTENT));
		json_object_object_add(o, "merged",
				       json_object_new_boolean(out.merged));
		json_object_object_add(o, "merged_into",
				       json_object_new_string(out.merged_into));
		json_object_object_add(o, "sysfs_cache", sysfs[0] ?
				       json_object_new_string(sysfs) : NULL);
		json_object_object_add(o, "slab_size",
				       cli_json_u64(out.slab_size));
		cli_json_print(cli, o);
		return CLI_EXIT_OK;
	}

	printf("%s: id %u, ", name, out.id);
	if (out.merged && sysfs[0] && strcmp(sysfs, out.merged_into))
		printf("merged into %s (%s)", out.merged_into, sysfs);
	else if (out.merged)
		printf("merged into %s", out.merged_into);
	else if (sysfs[0] && strcmp(sysfs, name))
		printf("own cache (%s)", sysfs);
	else
		printf("own cache");
	printf(", object size %llu, slab size %u",
	       (unsigned long long)size, out.slab_size);
	if (align)
		printf(", align %llu", (unsigned long long)align);
	if (slab_flags)
		printf(", flags %s", fl);
	if (!(flags & MEMLAB_F_PERSISTENT))
		printf(" (not persistent: gone when memctl exits)");
	putchar('\n');
	return CLI_EXIT_OK;
}

static int destroy_one(struct cli *cli, const char *arg)
{
	struct memlab_obj_info info;
	char hint[200];
	uint32_t id;
	int rc, err;

	rc = cli_resolve_cache(cli, arg, &id);
	if (rc)
		return rc;
	err = memctl_cache_destroy(cli->ctx, id);
	if (!err)
		return 0;
	memset(&info, 0, sizeof(info));
	switch (-err) {
	case EBUSY:
		if (memctl_obj_info(cli->ctx, id, &info) >= 0)
			snprintf(hint, sizeof(hint),
				 "cache %s still has %u objects: free them first (`memctl ls` lists them, `memctl free ID...`)",
				 info.name, info.nr_objects);
		else
			snprintf(hint, sizeof(hint),
				 "the cache still has objects: free them first");
		return cli_fail_hint(cli, err, hint, "destroy-cache %s", arg);
	case EINVAL:
		if (memctl_obj_info(cli->ctx, id, &info) >= 0 &&
		    info.kind != MEMLAB_KIND_CACHE) {
			snprintf(hint, sizeof(hint),
				 "object %u is a %s, not a cache: use `memctl free %u`",
				 id, memctl_kind_name(info.kind) ?: "?", id);
			return cli_fail_hint(cli, err, hint,
					     "destroy-cache %s", arg);
		}
		return cli_fail(cli, err, "destroy-cache %s", arg);
	default:
		return cli_obj_fail(cli, err, id, "destroy-cache");
	}
}

int cmd_destroy_cache(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	int c, i, rc, ret = 0;
	uint32_t id;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	argc -= optind;
	argv += optind;
	if (!argc)
		return cli_usage_error(cli, "missing cache NAME or ID");
	for (i = 0; i < argc; i++) {
		if (argv[i][strspn(argv[i], "0123456789")] == 0) {
			rc = cli_parse_id(cli, argv[i], &id);
			if (rc)
				return rc;
		} else if (!valid_name(argv[i])) {
			return cli_usage_error(cli, "bad cache name '%s'",
					       argv[i]);
		}
	}
	for (i = 0; i < argc; i++) {
		rc = destroy_one(cli, argv[i]);
		if (rc == CLI_EXIT_DEVICE)
			return rc;
		if (rc)
			ret = rc;
	}
	return ret;
}

static const char *slab_flags_str(uint32_t bits, char *buf, size_t len)
{
	if (!bits || memctl_format_slab_flags(bits, buf, len) < 0)
		snprintf(buf, len, "-");
	return buf;
}

int cmd_caches(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct memlab_obj_info *objs = NULL;
	struct json_object *arr = NULL;
	struct memctl_slab *slab;
	char sysfs[MEMCTL_NAME_MAX], fl[160], into[2 * MEMCTL_NAME_MAX + 4];
	size_t nr = 0, i;
	int c, rc, err, shown = 0;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1)
		return c == CLI_OPT_HELP ? CLI_EXIT_OK : CLI_EXIT_USAGE;
	rc = cli_nargs(cli, argc - optind, 0, 0);
	if (rc)
		return rc;
	rc = cli_open(cli);
	if (rc)
		return rc;
	err = memctl_list(cli->ctx, &objs, &nr);
	if (err < 0)
		return cli_fail(cli, err, "caches: listing memlab's objects");
	slab = live_slab();

	if (cli->json)
		arr = json_object_new_array();
	for (i = 0; i < nr; i++) {
		const struct memlab_obj_info *o = &objs[i];
		bool merged = o->flags & MEMLAB_OBJ_MERGED;
		bool persist = o->flags & MEMLAB_OBJ_PERSISTENT;

		if (o->kind != MEMLAB_KIND_CACHE)
			continue;
		sysfs_cache(slab, o->name, sysfs, sizeof(sysfs));
		slab_flags_str(o->gfp, fl, sizeof(fl));
		if (arr) {
			struct json_object *j = json_object_new_object();

			json_object_object_add(j, "id", json_object_new_int64(o->id));
			json_object_object_add(j, "name", json_object_new_string(o->name));
			json_object_object_add(j, "object_size", cli_json_u64(o->size));
			json_object_object_add(j, "align", cli_json_u64(o->align));
			json_object_object_add(j, "slab_size", cli_json_u64(o->slab_size));
			json_object_object_add(j, "objects", cli_json_u64(o->nr_objects));
			json_object_object_add(j, "slab_flags",
					       json_object_new_string(o->gfp ? fl : ""));
			json_object_object_add(j, "merged", json_object_new_boolean(merged));
			json_object_object_add(j, "merged_into",
					       json_object_new_string(o->merged_into));
			json_object_object_add(j, "sysfs_cache", sysfs[0] ?
					       json_object_new_string(sysfs) : NULL);
			json_object_object_add(j, "persistent", json_object_new_boolean(persist));
			json_object_object_add(j, "uid", json_object_new_int64(o->uid));
			json_object_array_add(arr, j);
			continue;
		}
		if (!shown++)
			printf("%5s %-20s %8s %5s %8s %7s %6s  %-32s %s\n", "ID",
			       "NAME", "OBJSIZE", "ALIGN", "SLABSIZE", "OBJECTS",
			       "UID", "MERGED INTO", "FLAGS");
		if (!merged && sysfs[0] && strcmp(sysfs, o->name))
			snprintf(into, sizeof(into), "- (%s)", sysfs);
		else if (!merged)
			snprintf(into, sizeof(into), "-");
		else if (sysfs[0] && strcmp(sysfs, o->merged_into))
			snprintf(into, sizeof(into), "%s (%s)", o->merged_into,
				 sysfs);
		else
			snprintf(into, sizeof(into), "%s", o->merged_into);
		printf("%5u %-20s %8llu %5u %8u %7u %6u  %-32s %s\n", o->id,
		       o->name, (unsigned long long)o->size, o->align,
		       o->slab_size, o->nr_objects, o->uid, into, fl);
	}
	if (arr)
		cli_json_print(cli, arr);
	memctl_slab_free(slab);
	free(objs);
	return CLI_EXIT_OK;
}

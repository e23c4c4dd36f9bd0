// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_slab.c - SLUB's /sys/kernel/slab.
 *
 * Every directory is a cache. A cache that may be merged with others is
 * named by SLUB's unique id (":0001024", ":A-0000128": flags then size) and
 * every kmem_cache_create() name merged into it is a symlink to it; that is
 * what tools/mm/slabinfo -a shows as ":0001024 <- biovec-64 sgpool-32".
 * This reader follows read_slab_dir() of tools/mm/slabinfo.c (Linux 6.1):
 *  - an attribute is the first number in its file (several hold per-node
 *    details after it: "545 N0=545"); a missing or empty file is 0;
 *  - a symlink's alias target is the last component of what it points to;
 *  - an alias whose target is not a cache directory is an error
 *    (slabinfo: "Unresolved alias").
 * Unlike slabinfo, a non-numeric attribute is an error rather than 0, and
 * entries that are neither directories nor symlinks are skipped.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "view_common.h"

#define SLAB_PATH	"/sys/kernel/slab"

/* Enough for any attribute read here, "N N0=... N1023=..." included. */
#define SLAB_ATTR_MAX	8192

struct slab_alias {
	char name[MEMCTL_NAME_MAX];
	char target[MEMCTL_NAME_MAX];
};

struct slab_flag_file {
	const char *name;
	uint32_t flag;
};

static const struct slab_flag_file slab_flag_files[] = {
	{ "poison",		MEMCTL_SLAB_F_POISON },
	{ "red_zone",		MEMCTL_SLAB_F_RED_ZONE },
	{ "store_user",		MEMCTL_SLAB_F_STORE_USER },
	{ "sanity_checks",	MEMCTL_SLAB_F_SANITY_CHECKS },
	{ "hwcache_align",	MEMCTL_SLAB_F_HWCACHE_ALIGN },
	{ "reclaim_account",	MEMCTL_SLAB_F_RECLAIM_ACCOUNT },
	{ "destroy_by_rcu",	MEMCTL_SLAB_F_DESTROY_BY_RCU },
	{ "cache_dma",		MEMCTL_SLAB_F_CACHE_DMA },
	{ "trace",		MEMCTL_SLAB_F_TRACE },
};

/*
 * slab_attr() - the first number of attribute @name of the cache in @dir,
 * 0 when the file is missing or empty (as slabinfo's get_obj()).
 */
static int slab_attr(const char *dir, const char *name, uint64_t *value,
		     struct memctl_err *err)
{
	char buf[SLAB_ATTR_MAX], path[PATH_MAX];
	int len;

	*value = 0;
	len = view_read_attr(dir, name, buf, sizeof(buf), err);
	if (len == -ENOENT) {
		view_err_clear(err);
		return 0;
	}
	if (len <= 0)
		return len;
	buf[strcspn(buf, " \t\n")] = '\0';
	if (view_parse_u64(buf, value)) {
		view_join(path, sizeof(path), dir, name);
		return view_fail(err, path, 1, EINVAL, "not a number: '%.40s'", buf);
	}
	return 0;
}

static int slab_attr_u32(const char *dir, const char *name, uint32_t *value,
			 struct memctl_err *err)
{
	uint64_t v;
	int ret;

	ret = slab_attr(dir, name, &v, err);
	if (ret)
		return ret;
	if (v > UINT32_MAX) {
		char path[PATH_MAX];

		view_join(path, sizeof(path), dir, name);
		return view_fail(err, path, 1, EINVAL, "%llu is out of range",
				 (unsigned long long)v);
	}
	*value = (uint32_t)v;
	return 0;
}

/*
 * SLAB_ACCOUNT has no attribute file, but a mergeable cache's unique id
 * carries it: ':' then flag letters ('d' dma, 'D' dma32, 'a' reclaim,
 * 'F' consistency checks, 'A' account), then '-' and the size
 * (create_unique_id() in mm/slub.c).
 */
static uint32_t slab_flags_from_unique_id(const char *name)
{
	const char *dash;

	if (name[0] != ':')
		return 0;
	dash = strchr(name, '-');
	if (!dash)
		return 0;
	return memchr(name, 'A', (size_t)(dash - name)) ? MEMCTL_SLAB_F_ACCOUNT : 0;
}

static int slab_read_cache(const char *slab_dir, const char *name,
			   struct memctl_slab_cache *c, struct memctl_err *err)
{
	char dir[PATH_MAX];
	uint64_t on;
	size_t i;
	int ret;

	if (view_join(dir, sizeof(dir), slab_dir, name))
		return view_fail(err, slab_dir, 0, ENAMETOOLONG, "path too long");
	view_copy_name(c->name, sizeof(c->name), name);

	ret = slab_attr(dir, "objects", &c->objects, err);
	if (!ret)
		ret = slab_attr(dir, "total_objects", &c->total_objects, err);
	if (!ret)
		ret = slab_attr(dir, "slabs", &c->slabs, err);
	if (!ret)
		ret = slab_attr(dir, "partial", &c->partial, err);
	if (!ret)
		ret = slab_attr(dir, "cpu_slabs", &c->cpu_slabs, err);
	if (!ret)
		ret = slab_attr_u32(dir, "object_size", &c->object_size, err);
	if (!ret)
		ret = slab_attr_u32(dir, "slab_size", &c->slab_size, err);
	if (!ret)
		ret = slab_attr_u32(dir, "objs_per_slab", &c->objs_per_slab, err);
	if (!ret)
		ret = slab_attr_u32(dir, "order", &c->order, err);
	if (!ret)
		ret = slab_attr_u32(dir, "align", &c->align, err);
	if (!ret)
		ret = slab_attr_u32(dir, "aliases", &c->aliases, err);
	if (ret)
		return ret;

	c->flags = slab_flags_from_unique_id(name);
	for (i = 0; i < VIEW_ARRAY_SIZE(slab_flag_files); i++) {
		ret = slab_attr(dir, slab_flag_files[i].name, &on, err);
		if (ret)
			return ret;
		if (on)
			c->flags |= slab_flag_files[i].flag;
	}
	return 0;
}

static int slab_read_alias(const char *slab_dir, const char *name,
			   struct slab_alias *a, struct memctl_err *err)
{
	char path[PATH_MAX], target[PATH_MAX];
	const char *base;
	ssize_t len;

	if (view_join(path, sizeof(path), slab_dir, name))
		return view_fail(err, slab_dir, 0, ENAMETOOLONG, "path too long");
	len = readlink(path, target, sizeof(target) - 1);
	if (len < 0)
		return view_fail(err, path, 0, errno, "cannot read the symlink: %s",
				 strerror(errno));
	target[len] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	view_copy_name(a->name, sizeof(a->name), name);
	view_copy_name(a->target, sizeof(a->target), base);
	return 0;
}

/* d_type is DT_UNKNOWN on some filesystems a snapshot may live on. */
static int slab_entry_type(const char *slab_dir, const struct dirent *de)
{
	char path[PATH_MAX];
	struct stat st;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type;
	if (view_join(path, sizeof(path), slab_dir, de->d_name) ||
	    lstat(path, &st))
		return DT_UNKNOWN;
	if (S_ISLNK(st.st_mode))
		return DT_LNK;
	if (S_ISDIR(st.st_mode))
		return DT_DIR;
	return DT_REG;
}

static int slab_cmp_cache(const void *a, const void *b)
{
	const struct memctl_slab_cache *ca = a, *cb = b;

	return strcmp(ca->name, cb->name);
}

static int slab_cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

static struct memctl_slab_cache *slab_lookup(struct memctl_slab_cache *caches,
					     size_t nr, const char *name)
{
	struct memctl_slab_cache key;

	if (!nr)
		return NULL;
	view_copy_name(key.name, sizeof(key.name), name);
	return bsearch(&key, caches, nr, sizeof(*caches), slab_cmp_cache);
}

/* Give each cache the names that link to it (slabinfo's link_slabs()). */
static int slab_link_aliases(const char *slab_dir, struct memctl_slab_cache *caches,
			     size_t nr, const struct slab_alias *aliases,
			     size_t nr_aliases, struct memctl_err *err)
{
	struct memctl_slab_cache *c;
	size_t i;

	/* qsort() and bsearch() want an array even for no elements. */
	if (nr > 1)
		qsort(caches, nr, sizeof(*caches), slab_cmp_cache);

	/* Count first, so that each cache's array is allocated once. */
	for (i = 0; i < nr_aliases; i++) {
		c = slab_lookup(caches, nr, aliases[i].target);
		if (!c)
			return view_fail(err, slab_dir, 0, EINVAL,
					 "alias %s points to %s, which is not a cache directory",
					 aliases[i].name, aliases[i].target);
		c->nr_alias_names++;
	}
	for (i = 0; i < nr; i++) {
		if (!caches[i].nr_alias_names)
			continue;
		caches[i].alias_names = calloc(caches[i].nr_alias_names,
					       sizeof(*caches[i].alias_names));
		if (!caches[i].alias_names)
			return view_fail(err, slab_dir, 0, ENOMEM, "out of memory");
		caches[i].nr_alias_names = 0;
	}
	for (i = 0; i < nr_aliases; i++) {
		c = slab_lookup(caches, nr, aliases[i].target);
		memcpy(c->alias_names[c->nr_alias_names++], aliases[i].name,
		       MEMCTL_NAME_MAX);
	}
	for (i = 0; i < nr; i++)
		if (caches[i].nr_alias_names > 1)
			qsort(caches[i].alias_names, caches[i].nr_alias_names,
			      sizeof(*caches[i].alias_names), slab_cmp_name);
	return 0;
}

static void slab_free_caches(struct memctl_slab_cache *caches, size_t nr)
{
	size_t i;

	if (!caches)
		return;
	for (i = 0; i < nr; i++)
		free(caches[i].alias_names);
	free(caches);
}

int memctl_slab_read(const char *root, struct memctl_slab **out,
		     struct memctl_err *err)
{
	struct memctl_slab_cache *caches = NULL, *grown_caches;
	struct slab_alias *aliases = NULL, *grown_aliases;
	size_t nr = 0, cap = 0, nr_aliases = 0, cap_aliases = 0;
	char slab_dir[PATH_MAX];
	struct memctl_slab *slab;
	struct dirent *de;
	DIR *dir;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, SLAB_PATH, 0, EINVAL, "no output pointer");
	*out = NULL;

	ret = view_path(slab_dir, sizeof(slab_dir), root, SLAB_PATH);
	if (ret)
		return view_fail(err, SLAB_PATH, 0, -ret, "sysroot path too long");
	dir = opendir(slab_dir);
	if (!dir)
		return view_fail(err, slab_dir, 0, errno, "cannot open: %s%s",
				 strerror(errno),
				 errno == ENOENT ? " (not a SLUB kernel?)" : "");

	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno) {
				ret = view_fail(err, slab_dir, 0, errno,
						"cannot list: %s", strerror(errno));
				goto err_free;
			}
			break;
		}
		if (de->d_name[0] == '.')
			continue;

		switch (slab_entry_type(slab_dir, de)) {
		case DT_LNK:
			grown_aliases = view_array_grow(aliases, nr_aliases,
							&cap_aliases,
							sizeof(*aliases));
			if (!grown_aliases)
				goto err_nomem;
			aliases = grown_aliases;
			ret = slab_read_alias(slab_dir, de->d_name,
					      &aliases[nr_aliases], err);
			if (ret)
				goto err_free;
			nr_aliases++;
			break;
		case DT_DIR:
			grown_caches = view_array_grow(caches, nr, &cap,
						       sizeof(*caches));
			if (!grown_caches)
				goto err_nomem;
			caches = grown_caches;
			ret = slab_read_cache(slab_dir, de->d_name, &caches[nr],
					      err);
			if (ret)
				goto err_free;
			nr++;
			break;
		default:
			break;
		}
	}

	ret = slab_link_aliases(slab_dir, caches, nr, aliases, nr_aliases, err);
	if (ret)
		goto err_free;

	slab = calloc(1, sizeof(*slab));
	if (!slab)
		goto err_nomem;
	slab->nr = nr;
	slab->caches = caches;
	free(aliases);
	closedir(dir);
	*out = slab;
	return 0;

err_nomem:
	ret = view_fail(err, slab_dir, 0, ENOMEM, "out of memory");
err_free:
	slab_free_caches(caches, nr);
	free(aliases);
	closedir(dir);
	return ret;
}

void memctl_slab_free(struct memctl_slab *slab)
{
	if (!slab)
		return;
	slab_free_caches(slab->caches, slab->nr);
	free(slab);
}

const struct memctl_slab_cache *
memctl_slab_find(const struct memctl_slab *slab, const char *name)
{
	size_t i, j;

	if (!slab || !name)
		return NULL;
	for (i = 0; i < slab->nr; i++)
		if (!strcmp(slab->caches[i].name, name))
			return &slab->caches[i];
	for (i = 0; i < slab->nr; i++)
		for (j = 0; j < slab->caches[i].nr_alias_names; j++)
			if (!strcmp(slab->caches[i].alias_names[j], name))
				return &slab->caches[i];
	return NULL;
}

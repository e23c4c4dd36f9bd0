// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_memmap.c - /sys/firmware/memmap: the memory map the firmware handed
 * to the kernel (the e820 table on x86), as it was at boot, before the
 * kernel's own reservations. One directory per range, numbered in the
 * firmware's order:
 *
 *   /sys/firmware/memmap/2/start   0x100000
 *   /sys/firmware/memmap/2/end     0xbfffffff   (inclusive)
 *   /sys/firmware/memmap/2/type    System RAM
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define MEMMAP_PATH	"/sys/firmware/memmap"
#define MEMMAP_USABLE	"System RAM"

static bool memmap_is_index(const char *name)
{
	if (!*name)
		return false;
	for (; *name; name++)
		if (!isdigit((unsigned char)*name))
			return false;
	return true;
}

static int memmap_read_addr(const char *dir, const char *name, uint64_t *out,
			    struct memctl_err *err)
{
	char buf[64], path[PATH_MAX];
	int len;

	len = view_read_attr(dir, name, buf, sizeof(buf), err);
	if (len < 0)
		return len;
	if (view_parse_hex(buf, out) || strncmp(buf, "0x", 2)) {
		view_join(path, sizeof(path), dir, name);
		return view_fail(err, path, 1, EINVAL,
				 "expected a 0x-prefixed address, found '%.40s'", buf);
	}
	return 0;
}

static int memmap_read_range(const char *memmap_dir, const char *index,
			     struct memctl_memmap_range *r, struct memctl_err *err)
{
	char dir[PATH_MAX], path[PATH_MAX];
	int len, ret;

	if (view_join(dir, sizeof(dir), memmap_dir, index))
		return view_fail(err, memmap_dir, 0, ENAMETOOLONG, "path too long");
	ret = memmap_read_addr(dir, "start", &r->start, err);
	if (ret)
		return ret;
	ret = memmap_read_addr(dir, "end", &r->end, err);
	if (ret)
		return ret;
	if (r->end < r->start) {
		view_join(path, sizeof(path), dir, "end");
		return view_fail(err, path, 1, EINVAL,
				 "range ends (0x%llx) before it starts (0x%llx)",
				 (unsigned long long)r->end,
				 (unsigned long long)r->start);
	}
	len = view_read_attr(dir, "type", r->type, sizeof(r->type), err);
	if (len < 0)
		return len;
	if (len == 0) {
		view_join(path, sizeof(path), dir, "type");
		return view_fail(err, path, 1, EINVAL, "empty type");
	}
	return 0;
}

static int memmap_cmp_start(const void *a, const void *b)
{
	const struct memctl_memmap_range *ra = a, *rb = b;

	if (ra->start != rb->start)
		return ra->start < rb->start ? -1 : 1;
	if (ra->end != rb->end)
		return ra->end < rb->end ? -1 : 1;
	return 0;
}

int memctl_memmap_read(const char *root, struct memctl_memmap **out,
		       struct memctl_err *err)
{
	struct memctl_memmap_range *ranges = NULL, *grown;
	char memmap_dir[PATH_MAX];
	size_t nr = 0, cap = 0, i;
	struct memctl_memmap *mm;
	struct dirent *de;
	uint64_t usable = 0;
	DIR *dir;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, MEMMAP_PATH, 0, EINVAL, "no output pointer");
	*out = NULL;

	ret = view_path(memmap_dir, sizeof(memmap_dir), root, MEMMAP_PATH);
	if (ret)
		return view_fail(err, MEMMAP_PATH, 0, -ret, "sysroot path too long");
	dir = opendir(memmap_dir);
	if (!dir)
		return view_fail(err, memmap_dir, 0, errno, "cannot open: %s",
				 strerror(errno));

	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno) {
				ret = view_fail(err, memmap_dir, 0, errno,
						"cannot list: %s", strerror(errno));
				goto err_free;
			}
			break;
		}
		if (!memmap_is_index(de->d_name))
			continue;
		grown = view_array_grow(ranges, nr, &cap, sizeof(*ranges));
		if (!grown) {
			ret = view_fail(err, memmap_dir, 0, ENOMEM, "out of memory");
			goto err_free;
		}
		ranges = grown;
		ret = memmap_read_range(memmap_dir, de->d_name, &ranges[nr], err);
		if (ret)
			goto err_free;
		nr++;
	}

	if (nr > 1)
		qsort(ranges, nr, sizeof(*ranges), memmap_cmp_start);
	for (i = 0; i < nr; i++)
		if (!strcmp(ranges[i].type, MEMMAP_USABLE))
			usable += ranges[i].end - ranges[i].start + 1;

	mm = calloc(1, sizeof(*mm));
	if (!mm) {
		ret = view_fail(err, memmap_dir, 0, ENOMEM, "out of memory");
		goto err_free;
	}
	mm->nr = nr;
	mm->ranges = ranges;
	mm->usable = usable;
	closedir(dir);
	*out = mm;
	return 0;

err_free:
	free(ranges);
	closedir(dir);
	return ret;
}

void memctl_memmap_free(struct memctl_memmap *mm)
{
	if (!mm)
		return;
	free(mm->ranges);
	free(mm);
}

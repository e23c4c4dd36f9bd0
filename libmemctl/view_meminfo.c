// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_meminfo.c - /proc/meminfo.
 *
 *   MemTotal:         940500 kB
 *   HugePages_Total:       0
 *
 * Values printed with "kB" are returned in bytes; the others (page counts
 * such as HugePages_*) as printed. Fields keep the kernel's order.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define MEMINFO_PATH	"/proc/meminfo"

static int meminfo_parse_line(struct view_file *vf, char *line, void *item)
{
	struct memctl_meminfo_field *f = item;
	char *colon = strchr(line, ':');
	char *tok[3];
	size_t nr;

	if (!colon || colon == line)
		return view_bad_line(vf, "expected 'Key: value [kB]'");
	*colon = '\0';
	if (strpbrk(line, " \t"))
		return view_bad_line(vf, "blank in the key '%.40s'", line);
	view_copy_name(f->key, sizeof(f->key), line);

	nr = view_tokenize(colon + 1, tok, NULL, VIEW_ARRAY_SIZE(tok));
	if (nr == 0)
		return view_bad_line(vf, "%s: no value", f->key);
	if (nr > 2 || (nr == 2 && strcmp(tok[1], "kB")))
		return view_bad_line(vf, "%s: expected a number and an optional 'kB'",
				     f->key);
	if (view_parse_u64(tok[0], &f->value))
		return view_bad_line(vf, "%s: bad value '%.20s'", f->key, tok[0]);
	if (nr == 2) {
		if (f->value > UINT64_MAX / 1024)
			return view_bad_line(vf, "%s: %llu kB is out of range", f->key,
					     (unsigned long long)f->value);
		f->value *= 1024;
		f->bytes = true;
	}
	return 0;
}

int memctl_meminfo_read(const char *root, struct memctl_meminfo **out,
			struct memctl_err *err)
{
	struct memctl_meminfo_field *fields = NULL;
	struct memctl_meminfo *mi;
	struct view_file vf;
	size_t nr = 0;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, MEMINFO_PATH, 0, EINVAL,
				 "no output pointer");
	*out = NULL;

	ret = view_open(&vf, root, MEMINFO_PATH, err);
	if (ret)
		return ret;
	ret = view_read_records(&vf, sizeof(*fields), meminfo_parse_line,
				(void **)&fields, &nr);
	view_close(&vf);
	if (ret)
		return ret;

	mi = calloc(1, sizeof(*mi));
	if (!mi) {
		free(fields);
		return view_fail(err, MEMINFO_PATH, 0, ENOMEM, "out of memory");
	}
	mi->nr = nr;
	mi->fields = fields;
	*out = mi;
	return 0;
}

void memctl_meminfo_free(struct memctl_meminfo *mi)
{
	if (!mi)
		return;
	free(mi->fields);
	free(mi);
}

int memctl_meminfo_get(const struct memctl_meminfo *mi, const char *key,
		       uint64_t *value)
{
	size_t i;

	if (!mi || !key || !value)
		return -EINVAL;
	for (i = 0; i < mi->nr; i++) {
		if (!strcmp(mi->fields[i].key, key)) {
			*value = mi->fields[i].value;
			return 0;
		}
	}
	return -ENOENT;
}

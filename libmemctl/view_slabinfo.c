// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_slabinfo.c - /proc/slabinfo, version 2.1.
 *
 *   slabinfo - version: 2.1
 *   # name <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>
 *     : tunables <limit> <batchcount> <sharedfactor>
 *     : slabdata <active_slabs> <num_slabs> <sharedavail>
 *   kmalloc-1k   272  272 1024 16 4 : tunables 0 0 0 : slabdata 17 17 0
 *
 * SLAB with CONFIG_DEBUG_SLAB appends ": globalstat ..." and ": cpustat ...":
 * anything after the slabdata fields is ignored.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define SLABINFO_PATH		"/proc/slabinfo"
#define SLABINFO_VERSION	"slabinfo - version: 2.1"

static int slabinfo_check_version(struct view_file *vf)
{
	char *line, *end;
	int ret;

	ret = view_next_line(vf, &line);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		vf->line = 1;
		return view_bad_line(vf, "empty file, expected '%s'",
				     SLABINFO_VERSION);
	}
	end = line + strlen(line);
	while (end > line && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	if (strcmp(line, SLABINFO_VERSION))
		return view_bad_line(vf, "unsupported header '%.80s', expected '%s'",
				     line, SLABINFO_VERSION);
	return 0;
}

/*
 * The fields are found from the ": tunables" marker rather than from the
 * start of the line: the name is printed with "%-17s" and nothing stops a
 * cache name from containing a blank.
 */
static int slabinfo_parse_line(struct view_file *vf, char *line,
			       struct memctl_slabinfo_entry *e)
{
	char *tok[VIEW_MAX_TOKENS];
	size_t start[VIEW_MAX_TOKENS];
	char *orig = strdup(line);
	size_t nr, mark, name_len;
	uint64_t ignored;
	int ret = -EINVAL;

	if (!orig)
		return view_fail(vf->err, vf->path, vf->line, ENOMEM,
				 "out of memory");
	nr = view_tokenize(line, tok, start, VIEW_ARRAY_SIZE(tok));
	for (mark = 0; mark + 1 < nr; mark++)
		if (!strcmp(tok[mark], ":") && !strcmp(tok[mark + 1], "tunables"))
			break;
	if (mark + 1 >= nr) {
		ret = view_bad_line(vf, "no ': tunables' field");
		goto out;
	}
	if (mark < 6) {
		ret = view_bad_line(vf, "expected a name and 5 numbers before ': tunables'");
		goto out;
	}
	if (nr < mark + 10 || strcmp(tok[mark + 5], ":") ||
	    strcmp(tok[mark + 6], "slabdata")) {
		ret = view_bad_line(vf, "expected ': tunables L B S : slabdata A N S'");
		goto out;
	}

	/* The name runs up to the blank before the first number. */
	name_len = start[mark - 5];
	while (name_len > 0 && (orig[name_len - 1] == ' ' ||
				orig[name_len - 1] == '\t'))
		name_len--;
	orig[name_len] = '\0';
	view_copy_name(e->name, sizeof(e->name), orig);

	if (view_parse_u64(tok[mark - 5], &e->active_objs) ||
	    view_parse_u64(tok[mark - 4], &e->num_objs) ||
	    view_parse_u32(tok[mark - 3], &e->objsize) ||
	    view_parse_u32(tok[mark - 2], &e->objperslab) ||
	    view_parse_u32(tok[mark - 1], &e->pagesperslab)) {
		ret = view_bad_line(vf, "cache %s: bad number in the object fields",
				    e->name);
		goto out;
	}
	if (view_parse_u64(tok[mark + 2], &ignored) ||
	    view_parse_u64(tok[mark + 3], &ignored) ||
	    view_parse_u64(tok[mark + 4], &ignored)) {
		ret = view_bad_line(vf, "cache %s: bad number in the tunables",
				    e->name);
		goto out;
	}
	if (view_parse_u64(tok[mark + 7], &e->active_slabs) ||
	    view_parse_u64(tok[mark + 8], &e->num_slabs) ||
	    view_parse_u64(tok[mark + 9], &ignored)) {
		ret = view_bad_line(vf, "cache %s: bad number in the slabdata",
				    e->name);
		goto out;
	}
	ret = 0;
out:
	free(orig);
	return ret;
}

int memctl_slabinfo_read(const char *root, struct memctl_slabinfo **out,
			 struct memctl_err *err)
{
	struct memctl_slabinfo_entry *entries = NULL, *grown;
	struct memctl_slabinfo *si;
	struct view_file vf;
	size_t nr = 0, cap = 0;
	char *line;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, SLABINFO_PATH, 0, EINVAL, "no output pointer");
	*out = NULL;

	ret = view_open(&vf, root, SLABINFO_PATH, err);
	if (ret)
		return ret;
	ret = slabinfo_check_version(&vf);
	if (ret)
		goto err_close;

	while ((ret = view_next_line(&vf, &line)) > 0) {
		if (line[strspn(line, " \t")] == '\0' || line[0] == '#')
			continue;
		grown = view_array_grow(entries, nr, &cap, sizeof(*entries));
		if (!grown) {
			ret = view_fail(err, vf.path, vf.line, ENOMEM, "out of memory");
			goto err_free;
		}
		entries = grown;
		ret = slabinfo_parse_line(&vf, line, &entries[nr]);
		if (ret)
			goto err_free;
		nr++;
	}
	if (ret < 0)
		goto err_free;

	si = calloc(1, sizeof(*si));
	if (!si) {
		ret = view_fail(err, vf.path, 0, ENOMEM, "out of memory");
		goto err_free;
	}
	si->nr = nr;
	si->entries = entries;
	view_close(&vf);
	*out = si;
	return 0;

err_free:
	free(entries);
err_close:
	view_close(&vf);
	return ret;
}

void memctl_slabinfo_free(struct memctl_slabinfo *si)
{
	if (!si)
		return;
	free(si->entries);
	free(si);
}

const struct memctl_slabinfo_entry *
memctl_slabinfo_find(const struct memctl_slabinfo *si, const char *name)
{
	size_t i;

	if (!si || !name)
		return NULL;
	for (i = 0; i < si->nr; i++)
		if (!strcmp(si->entries[i].name, name))
			return &si->entries[i];
	return NULL;
}

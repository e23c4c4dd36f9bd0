// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_pagetypeinfo.c - /proc/pagetypeinfo: free blocks per zone, migrate
 * type and order. For every node with memory the kernel prints:
 *
 *   Page block order: 9
 *   Pages per block:  512
 *
 *   Free pages count per migrate type at order       0      1 ...     10
 *   Node    0, zone      DMA, type    Unmovable      0      0 ...      0
 *   ...
 *
 *   Number of blocks type     Unmovable      Movable  Reclaimable ...
 *   Node 0, zone      DMA            1            7            0 ...
 *
 * Only the free-count block and the page block size are read; the block
 * counts (and "Number of mixed blocks" with page_owner) are skipped. The
 * kernel stops counting a free list at 100000 and prints ">100000": such a
 * count is returned as 100000, a lower bound.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define PAGETYPEINFO_PATH	"/proc/pagetypeinfo"
#define FREE_HEADER		"Free pages count per migrate type at order"
#define BLOCK_ORDER		"Page block order:"
#define PAGES_PER_BLOCK		"Pages per block:"

struct pagetype_parser {
	struct memctl_pagetypeinfo *pi;
	size_t cap;
	bool in_free_block;
	bool seen_header;
	bool seen_block_order;
	bool seen_pages_per_block;
	unsigned int nr_orders;
};

static bool starts_with(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int pagetype_parse_uint(struct view_file *vf, const char *text,
			       const char *what, unsigned int *out)
{
	char *tok[2];
	char copy[64];
	uint32_t v;

	view_copy_name(copy, sizeof(copy), text);
	if (view_tokenize(copy, tok, NULL, VIEW_ARRAY_SIZE(tok)) != 1 ||
	    view_parse_u32(tok[0], &v))
		return view_bad_line(vf, "expected a number after '%s'", what);
	*out = v;
	return 0;
}

static int pagetype_parse_header(struct view_file *vf, struct pagetype_parser *p,
				 char *rest)
{
	char *tok[MEMCTL_MAX_ORDERS + 1];
	size_t nr, i;
	uint32_t order;

	nr = view_tokenize(rest, tok, NULL, VIEW_ARRAY_SIZE(tok));
	if (nr == 0)
		return view_bad_line(vf, "no orders after '%s'", FREE_HEADER);
	if (nr > MEMCTL_MAX_ORDERS)
		return view_bad_line(vf, "more than %d orders", MEMCTL_MAX_ORDERS);
	for (i = 0; i < nr; i++)
		if (view_parse_u32(tok[i], &order) || order != i)
			return view_bad_line(vf, "expected order %zu, found '%.20s'",
					     i, tok[i]);
	/* One header per node: they must agree, the array has one width. */
	if (p->seen_header && nr != p->nr_orders)
		return view_bad_line(vf, "%zu orders, the first node had %u", nr,
				     p->nr_orders);
	p->nr_orders = (unsigned int)nr;
	p->seen_header = true;
	p->in_free_block = true;
	return 0;
}

/* A free count: a number, or ">100000" when the kernel stopped counting. */
static int pagetype_parse_count(const char *s, uint64_t *out)
{
	if (s[0] == '>')
		s++;
	return view_parse_u64(s, out);
}

static int pagetype_parse_line(struct view_file *vf, struct pagetype_parser *p,
			       char *line)
{
	char *tok[6 + MEMCTL_MAX_ORDERS + 1];
	struct memctl_pagetype *t, *grown;
	size_t nr, zone_len, i;

	nr = view_tokenize(line, tok, NULL, VIEW_ARRAY_SIZE(tok));
	if (nr < 6 || strcmp(tok[0], "Node") || strcmp(tok[2], "zone") ||
	    strcmp(tok[4], "type"))
		return view_bad_line(vf, "expected 'Node N, zone NAME, type TYPE COUNT...'");
	zone_len = strlen(tok[3]);
	if (zone_len < 2 || tok[3][zone_len - 1] != ',')
		return view_bad_line(vf, "expected a comma after the zone name");
	tok[3][zone_len - 1] = '\0';
	if (nr - 6 != p->nr_orders)
		return view_bad_line(vf, "%zu counts, the header has %u orders",
				     nr - 6, p->nr_orders);

	grown = view_array_grow(p->pi->types, p->pi->nr, &p->cap, sizeof(*grown));
	if (!grown)
		return view_fail(vf->err, vf->path, vf->line, ENOMEM, "out of memory");
	p->pi->types = grown;
	t = &grown[p->pi->nr];

	if (view_parse_node(tok[1], &t->node))
		return view_bad_line(vf, "bad node '%.20s'", tok[1]);
	view_copy_name(t->zone, sizeof(t->zone), tok[3]);
	view_copy_name(t->type, sizeof(t->type), tok[5]);
	t->nr_orders = p->nr_orders;
	for (i = 0; i < p->nr_orders; i++)
		if (pagetype_parse_count(tok[6 + i], &t->free[i]))
			return view_bad_line(vf, "zone %s type %s: bad count '%.20s' at order %zu",
					     t->zone, t->type, tok[6 + i], i);
	p->pi->nr++;
	return 0;
}

static int pagetype_feed(struct view_file *vf, struct pagetype_parser *p,
			 char *line)
{
	const char *text = line + strspn(line, " \t");

	if (p->in_free_block) {
		if (!*text) {
			p->in_free_block = false;
			return 0;
		}
		if (starts_with(text, "Node"))
			return pagetype_parse_line(vf, p, line);
		return view_bad_line(vf, "expected 'Node N, zone NAME, type TYPE COUNT...'");
	}
	if (starts_with(text, FREE_HEADER))
		return pagetype_parse_header(vf, p, line + strlen(FREE_HEADER) +
					     (size_t)(text - line));
	if (starts_with(text, BLOCK_ORDER)) {
		p->seen_block_order = true;
		return pagetype_parse_uint(vf, text + strlen(BLOCK_ORDER),
					   BLOCK_ORDER, &p->pi->pageblock_order);
	}
	if (starts_with(text, PAGES_PER_BLOCK)) {
		p->seen_pages_per_block = true;
		return pagetype_parse_uint(vf, text + strlen(PAGES_PER_BLOCK),
					   PAGES_PER_BLOCK, &p->pi->pages_per_block);
	}
	/* The block counts and anything a newer kernel adds. */
	return 0;
}

int memctl_pagetypeinfo_read(const char *root,
			     struct memctl_pagetypeinfo **out,
			     struct memctl_err *err)
{
	struct pagetype_parser p = { 0 };
	struct view_file vf;
	char *line;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, PAGETYPEINFO_PATH, 0, EINVAL,
				 "no output pointer");
	*out = NULL;

	p.pi = calloc(1, sizeof(*p.pi));
	if (!p.pi)
		return view_fail(err, PAGETYPEINFO_PATH, 0, ENOMEM, "out of memory");
	ret = view_open(&vf, root, PAGETYPEINFO_PATH, err);
	if (ret)
		goto err_free;

	while ((ret = view_next_line(&vf, &line)) > 0) {
		ret = pagetype_feed(&vf, &p, line);
		if (ret)
			goto err_close;
	}
	if (ret < 0)
		goto err_close;

	if (!p.seen_header) {
		ret = view_fail(err, vf.path, 0, EINVAL, "no '%s' block", FREE_HEADER);
		goto err_close;
	}
	if (!p.seen_block_order || !p.seen_pages_per_block) {
		ret = view_fail(err, vf.path, 0, EINVAL, "no '%s' or '%s' line",
				BLOCK_ORDER, PAGES_PER_BLOCK);
		goto err_close;
	}
	view_close(&vf);
	*out = p.pi;
	return 0;

err_close:
	view_close(&vf);
err_free:
	memctl_pagetypeinfo_free(p.pi);
	return ret;
}

void memctl_pagetypeinfo_free(struct memctl_pagetypeinfo *pi)
{
	if (!pi)
		return;
	free(pi->types);
	free(pi);
}

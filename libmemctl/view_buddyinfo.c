// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_buddyinfo.c - /proc/buddyinfo: free blocks per zone and order.
 *
 *   Node 0, zone      DMA      1      3      3      0      3 ...
 *   Node 0, zone    DMA32      7     14     10      8      9 ...
 *
 * One line per populated zone, one column per order (MAX_ORDER of the
 * kernel: 11 on x86-64, more on some configurations).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define BUDDYINFO_PATH	"/proc/buddyinfo"

static int buddyinfo_parse_line(struct view_file *vf, char *line, void *item)
{
	struct memctl_buddy_zone *z = item;
	char *tok[4 + MEMCTL_MAX_ORDERS + 1];
	size_t nr, i;

	nr = view_tokenize(line, tok, NULL, VIEW_ARRAY_SIZE(tok));
	if (nr < 4 || strcmp(tok[0], "Node") || strcmp(tok[2], "zone"))
		return view_bad_line(vf, "expected 'Node N, zone NAME COUNT...'");
	if (view_parse_node(tok[1], &z->node))
		return view_bad_line(vf, "bad node '%.20s'", tok[1]);
	view_copy_name(z->zone, sizeof(z->zone), tok[3]);
	if (nr == 4)
		return view_bad_line(vf, "zone %s: no free block counts", z->zone);
	if (nr - 4 > MEMCTL_MAX_ORDERS)
		return view_bad_line(vf, "zone %s: more than %d orders", z->zone,
				     MEMCTL_MAX_ORDERS);
	z->nr_orders = (unsigned int)(nr - 4);
	for (i = 0; i < z->nr_orders; i++)
		if (view_parse_u64(tok[4 + i], &z->free[i]))
			return view_bad_line(vf, "zone %s: bad count '%.20s' at order %zu",
					     z->zone, tok[4 + i], i);
	return 0;
}

int memctl_buddyinfo_read(const char *root, struct memctl_buddyinfo **out,
			  struct memctl_err *err)
{
	struct memctl_buddy_zone *zones = NULL;
	struct memctl_buddyinfo *bi;
	struct view_file vf;
	size_t nr = 0;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, BUDDYINFO_PATH, 0, EINVAL,
				 "no output pointer");
	*out = NULL;

	ret = view_open(&vf, root, BUDDYINFO_PATH, err);
	if (ret)
		return ret;
	ret = view_read_records(&vf, sizeof(*zones), buddyinfo_parse_line,
				(void **)&zones, &nr);
	view_close(&vf);
	if (ret)
		return ret;

	bi = calloc(1, sizeof(*bi));
	if (!bi) {
		free(zones);
		return view_fail(err, BUDDYINFO_PATH, 0, ENOMEM, "out of memory");
	}
	bi->nr = nr;
	bi->zones = zones;
	*out = bi;
	return 0;
}

void memctl_buddyinfo_free(struct memctl_buddyinfo *bi)
{
	if (!bi)
		return;
	free(bi->zones);
	free(bi);
}

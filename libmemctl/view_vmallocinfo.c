// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_vmallocinfo.c - /proc/vmallocinfo: one line per vmalloc-space area.
 *
 *   0xffffc90000000000-0xffffc90000005000   20480 irq_init_percpu_irqstack+0x114/0x160
 *       vmap
 *   0xffffc9000011d000-0xffffc90000522000 4198400 memlab_vmalloc_alloc+0x18/0x30 [memlab]
 *       pages=1024 vmalloc vpages N0=1024
 *   0xffffc90000600000-0xffffc90000605000   20480 vm_map_ram
 *   0xffffc90000700000-0xffffc90000705000   20480 unpurged vm_area
 *
 * (the indented parts continue the line above).
 * After the range and the size (which includes the guard page) come, each
 * optional and in this order (s_show() in mm/vmalloc.c): the caller as %pS
 * ("symbol+off/len", "[module]" appended for a module), "pages=N",
 * "phys=ADDR", the kind flags ("ioremap", "sparse", "vmalloc", "vmap",
 * "user", "dma-coherent", "vpages") and per-node page counts "N0=...".
 * Areas without a vm_struct are "vm_map_ram" and "unpurged vm_area".
 * With kptr_restrict the addresses are hashed or zero: they are read as
 * printed and never checked against each other.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define VMALLOCINFO_PATH	"/proc/vmallocinfo"

/* Words the kernel prints after the caller; never taken for a caller. */
static const char *const vmalloc_words[] = {
	"ioremap", "sparse", "vmalloc", "vmap", "user", "dma-coherent",
	"vpages", "vm_map_ram", "unpurged", "vm_area",
};

static bool vmalloc_is_word(const char *tok)
{
	size_t i;

	for (i = 0; i < VIEW_ARRAY_SIZE(vmalloc_words); i++)
		if (!strcmp(tok, vmalloc_words[i]))
			return true;
	return false;
}

/* A flag a newer kernel may add: lower case, digits, '-' and '_'. */
static bool vmalloc_is_flag(const char *tok)
{
	if (!*tok)
		return false;
	for (; *tok; tok++)
		if (!((*tok >= 'a' && *tok <= 'z') || (*tok >= '0' && *tok <= '9') ||
		      *tok == '-' || *tok == '_'))
			return false;
	return true;
}

/* "N0=1024": pages on node 0 (show_numa_info()). */
static bool vmalloc_is_node_count(const char *tok)
{
	const char *eq = strchr(tok, '=');
	char node[16];
	uint64_t v;
	size_t len;

	if (tok[0] != 'N' || !eq)
		return false;
	len = (size_t)(eq - tok - 1);
	if (len == 0 || len >= sizeof(node))
		return false;
	memcpy(node, tok + 1, len);
	node[len] = '\0';
	return !view_parse_u64(node, &v) && !view_parse_u64(eq + 1, &v);
}

static int vmalloc_parse_range(struct view_file *vf, char *range,
			       struct memctl_vmalloc_area *a)
{
	char *dash = strchr(range, '-');

	if (!dash)
		return view_bad_line(vf, "expected START-END, found '%.40s'", range);
	*dash = '\0';
	if (strncmp(range, "0x", 2) || strncmp(dash + 1, "0x", 2) ||
	    view_parse_hex(range, &a->start) || view_parse_hex(dash + 1, &a->end))
		return view_bad_line(vf, "bad address range '%.20s-%.20s'", range,
				     dash + 1);
	return 0;
}

static int vmalloc_parse_line(struct view_file *vf, char *line, void *item)
{
	struct memctl_vmalloc_area *a = item;
	char *tok[VIEW_MAX_TOKENS];
	size_t nr, i = 2;
	int ret;

	nr = view_tokenize(line, tok, NULL, VIEW_ARRAY_SIZE(tok));
	if (nr < 2)
		return view_bad_line(vf, "expected START-END SIZE ...");
	ret = vmalloc_parse_range(vf, tok[0], a);
	if (ret)
		return ret;
	if (view_parse_u64(tok[1], &a->size))
		return view_bad_line(vf, "bad size '%.20s'", tok[1]);

	/* The caller: the first token, unless it is one of the kernel's words. */
	if (i < nr && !vmalloc_is_word(tok[i]) && !strchr(tok[i], '=')) {
		view_copy_name(a->caller, sizeof(a->caller), tok[i++]);
		if (i < nr && tok[i][0] == '[' && tok[i][strlen(tok[i]) - 1] == ']') {
			size_t len = strlen(a->caller);

			snprintf(a->caller + len, sizeof(a->caller) - len, " %s",
				 tok[i++]);
		}
	}

	for (; i < nr; i++) {
		uint64_t phys;

		if (!strncmp(tok[i], "pages=", 6)) {
			if (view_parse_u64(tok[i] + 6, &a->pages))
				return view_bad_line(vf, "bad page count '%.20s'",
						     tok[i]);
		} else if (!strncmp(tok[i], "phys=", 5)) {
			if (view_parse_hex(tok[i] + 5, &phys))
				return view_bad_line(vf, "bad physical address '%.30s'",
						     tok[i]);
		} else if (vmalloc_is_node_count(tok[i])) {
			continue;
		} else if (vmalloc_is_flag(tok[i])) {
			if (!a->kind[0])
				view_copy_name(a->kind, sizeof(a->kind), tok[i]);
		} else {
			return view_bad_line(vf, "unexpected '%.40s'", tok[i]);
		}
	}
	return 0;
}

int memctl_vmallocinfo_read(const char *root,
			    struct memctl_vmallocinfo **out,
			    struct memctl_err *err)
{
	struct memctl_vmalloc_area *areas = NULL;
	struct memctl_vmallocinfo *vi;
	struct view_file vf;
	size_t nr = 0;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, VMALLOCINFO_PATH, 0, EINVAL,
				 "no output pointer");
	*out = NULL;

	ret = view_open(&vf, root, VMALLOCINFO_PATH, err);
	if (ret)
		return ret;
	ret = view_read_records(&vf, sizeof(*areas), vmalloc_parse_line,
				(void **)&areas, &nr);
	view_close(&vf);
	if (ret)
		return ret;

	vi = calloc(1, sizeof(*vi));
	if (!vi) {
		free(areas);
		return view_fail(err, VMALLOCINFO_PATH, 0, ENOMEM, "out of memory");
	}
	vi->nr = nr;
	vi->areas = areas;
	*out = vi;
	return 0;
}

void memctl_vmallocinfo_free(struct memctl_vmallocinfo *vi)
{
	if (!vi)
		return;
	free(vi->areas);
	free(vi);
}

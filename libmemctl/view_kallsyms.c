// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * view_kallsyms.c - /proc/kallsyms.
 *
 *   ffffffff81000000 T _text
 *   ffffffffc05f60bf t memlab_exit	[memlab]
 *
 * A module's symbols carry its name in brackets after a tab. When
 * kptr_restrict hides addresses from the reader they are printed as zeros,
 * and are returned as 0. Names longer than struct memctl_symbol's field
 * (Rust symbols can reach 512 bytes) are truncated.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "view_common.h"

#define KALLSYMS_PATH	"/proc/kallsyms"

/* The module of a symbol, "" for the kernel image; -EINVAL if malformed. */
static int kallsyms_module(char *tok, const char **module)
{
	size_t len;

	if (!tok) {
		*module = "";
		return 0;
	}
	len = strlen(tok);
	if (len < 3 || tok[0] != '[' || tok[len - 1] != ']')
		return -EINVAL;
	tok[len - 1] = '\0';
	*module = tok + 1;
	return 0;
}

static int kallsyms_parse_line(struct view_file *vf, char *line,
			       const char *want_module, struct memctl_symbol *sym,
			       bool *keep)
{
	char *tok[5];
	const char *module;
	size_t nr;

	*keep = false;
	nr = view_tokenize(line, tok, NULL, VIEW_ARRAY_SIZE(tok));
	if (nr < 3 || nr > 4)
		return view_bad_line(vf, "expected 'ADDRESS TYPE NAME [MODULE]'");
	if (kallsyms_module(nr == 4 ? tok[3] : NULL, &module))
		return view_bad_line(vf, "expected [MODULE], found '%.40s'", tok[3]);
	if (strlen(tok[1]) != 1 || !isgraph((unsigned char)tok[1][0]))
		return view_bad_line(vf, "bad symbol type '%.20s'", tok[1]);
	/* Plain hex digits: kallsyms prints no "0x", which parse_hex accepts. */
	if (strlen(tok[0]) > 16 || strpbrk(tok[0], "xX") ||
	    view_parse_hex(tok[0], &sym->addr))
		return view_bad_line(vf, "bad address '%.20s'", tok[0]);

	/* Checked before the filter so that a bad file fails whatever is asked. */
	if (want_module && strcmp(want_module, module))
		return 0;
	sym->type = tok[1][0];
	view_copy_name(sym->name, sizeof(sym->name), tok[2]);
	view_copy_name(sym->module, sizeof(sym->module), module);
	*keep = true;
	return 0;
}

int memctl_kallsyms_read(const char *root, const char *module,
			 struct memctl_kallsyms **out, struct memctl_err *err)
{
	struct memctl_symbol *syms = NULL, *grown;
	struct memctl_kallsyms *ks;
	struct view_file vf;
	size_t nr = 0, cap = 0;
	char *line;
	bool keep;
	int ret;

	view_err_clear(err);
	if (!out)
		return view_fail(err, KALLSYMS_PATH, 0, EINVAL, "no output pointer");
	*out = NULL;

	ret = view_open(&vf, root, KALLSYMS_PATH, err);
	if (ret)
		return ret;
	while ((ret = view_next_line(&vf, &line)) > 0) {
		if (line[strspn(line, " \t")] == '\0')
			continue;
		grown = view_array_grow(syms, nr, &cap, sizeof(*syms));
		if (!grown) {
			ret = view_fail(err, vf.path, vf.line, ENOMEM, "out of memory");
			goto err_free;
		}
		syms = grown;
		ret = kallsyms_parse_line(&vf, line, module, &syms[nr], &keep);
		if (ret)
			goto err_free;
		if (keep)
			nr++;
		else
			memset(&syms[nr], 0, sizeof(syms[nr]));
	}
	if (ret < 0)
		goto err_free;

	ks = calloc(1, sizeof(*ks));
	if (!ks) {
		ret = view_fail(err, vf.path, 0, ENOMEM, "out of memory");
		goto err_free;
	}
	ks->nr = nr;
	ks->syms = syms;
	view_close(&vf);
	*out = ks;
	return 0;

err_free:
	free(syms);
	view_close(&vf);
	return ret;
}

void memctl_kallsyms_free(struct memctl_kallsyms *ks)
{
	if (!ks)
		return;
	free(ks->syms);
	free(ks);
}

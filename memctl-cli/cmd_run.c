// SPDX-License-Identifier: GPL-2.0
/*
 * memctl run FILE [--tap]: a scripted experiment in one session.
 *
 * Every line of FILE is a memctl verb (as on the command line, without
 * "memctl"), a variable capture, a snapshot, a diff or an expectation:
 *
 *   # comment
 *   hugo = create-cache hugo 1024     capture: $hugo is the new id
 *   objs = alloc hugo -n 2            $objs is "7 8"; $objs[1] is 8
 *   shrink hugo                       flush SLUB's per-CPU slabs (exact counts)
 *   snapshot before                   slab, buddy and vmalloc state
 *   diff before after                 what changed between two snapshots
 *   expect slab hugo objects >= 2
 *   expect delta before after slab hugo objects == 2
 *   expect delta before after buddy Normal 4 <= -1
 *   expect delta before after vmalloc memlab >= 1
 *   expect buddy DMA32 10 > 0         free blocks of zone DMA32 at order 10
 *   expect delta a b buddy * pages <= -512   free pages of all zones
 *   expect vmalloc memlab >= 1
 *   expect bytes $pg 4000 == 0x12345678
 *   expect symbol memlab memlab_open
 *   expect value $n == 2
 *   expect fail destroy-cache hugo    the verb must fail
 *
 * The session is one open file of /dev/memlab: what the script allocates
 * is file-scoped and freed when it ends, unless made persistent (persist
 * ID). Each expectation (and each failing verb) is
 * a test point; --tap prints them as TAP so `prove` can run a directory of
 * scripts. A failed expectation names the file, the line and the values.
 */
#include <ctype.h>
#include <endian.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define RUN_MAX_ARGS	64
#define RUN_MAX_VARS	128
#define RUN_MAX_SNAPS	32
#define RUN_VALUE_MAX	1024

struct run_var {
	char name[32];
	char value[RUN_VALUE_MAX];
};

/* What a snapshot records (all of it unless the script names parts) */
#define RUN_SNAP_SLAB		0x1
#define RUN_SNAP_BUDDY		0x2
#define RUN_SNAP_VMALLOC	0x4
#define RUN_SNAP_ALL		(RUN_SNAP_SLAB | RUN_SNAP_BUDDY | RUN_SNAP_VMALLOC)

struct run_snap {
	char name[32];
	unsigned int parts;
	struct memctl_slab *slab;
	struct memctl_buddyinfo *buddy;
	struct memctl_vmallocinfo *vmalloc;
};

/**
 * struct run - one script being run
 * @cli: the session: one device context shared by every line
 * @file: script path, for messages
 * @line: current line number
 * @tap: print TAP
 * @passed: test points that passed
 * @failed: test points that failed
 * @vars: captured variables
 * @snaps: named snapshots
 */
struct run {
	struct cli *cli;
	const char *file;
	unsigned int line;
	bool tap;
	unsigned int passed;
	unsigned int failed;
	unsigned int nr_vars;
	struct run_var vars[RUN_MAX_VARS];
	unsigned int nr_snaps;
	struct run_snap snaps[RUN_MAX_SNAPS];
};

/* Output of the script's own commands: TAP wants it as comments. */
static __printf(2, 3) void run_say(struct run *r, const char *fmt, ...)
{
	va_list ap;

	if (r->tap)
		fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* One test point: @ok, described by what the line asked and what it saw. */
static __printf(4, 5) void run_point(struct run *r, bool ok,
				     const char *what, const char *fmt, ...)
{
	char detail[512] = "";
	va_list ap;

	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(detail, sizeof(detail), fmt, ap);
		va_end(ap);
	}
	if (ok)
		r->passed++;
	else
		r->failed++;
	if (r->tap) {
		printf("%s %u - %s:%u: %s%s%s\n", ok ? "ok" : "not ok",
		       r->passed + r->failed, r->file, r->line, what,
		       detail[0] ? ": " : "", detail);
		return;
	}
	fprintf(ok ? stdout : stderr, "%s: %s:%u: %s%s%s\n",
		ok ? "ok" : "FAIL", r->file, r->line, what,
		detail[0] ? ": " : "", detail);
}

static struct run_var *run_var_find(struct run *r, const char *name,
				    size_t len)
{
	unsigned int i;

	for (i = 0; i < r->nr_vars; i++)
		if (strlen(r->vars[i].name) == len &&
		    !strncmp(r->vars[i].name, name, len))
			return &r->vars[i];
	return NULL;
}

static int run_var_set(struct run *r, const char *name, const char *value)
{
	struct run_var *v = run_var_find(r, name, strlen(name));

	if (!v) {
		if (r->nr_vars == RUN_MAX_VARS || strlen(name) >= sizeof(v->name))
			return -ENOSPC;
		v = &r->vars[r->nr_vars++];
		strcpy(v->name, name);
	}
	snprintf(v->value, sizeof(v->value), "%s", value);
	return 0;
}

/* Word @idx (0-based) of a space-separated list, into @out. */
static int run_list_item(const char *list, unsigned long idx, char *out,
			 size_t len)
{
	const char *p = list;
	size_t n;

	for (;;) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (!n)
			return -ENOENT;
		if (!idx--) {
			if (n >= len)
				return -ENOSPC;
			memcpy(out, p, n);
			out[n] = '\0';
			return 0;
		}
		p += n;
	}
}

/*
 * Expand $name, ${name} and $name[i] in @in. Returns 0 or a negative
 * errno after saying which variable is unknown.
 */
static int run_expand(struct run *r, const char *in, char *out, size_t len)
{
	size_t o = 0;

	while (*in) {
		const char *name, *end;
		char item[RUN_VALUE_MAX];
		const char *val;
		struct run_var *v;
		bool brace;

		if (*in != '$') {
			if (o + 1 >= len)
				return -ENOSPC;
			out[o++] = *in++;
			continue;
		}
		brace = in[1] == '{';
		name = in + 1 + brace;
		end = name;
		while (isalnum((unsigned char)*end) || *end == '_')
			end++;
		if (end == name || (brace && *end != '}')) {
			cli_warn("%s:%u: bad variable reference in '%s'", r->file,
				 r->line, in);
			return -EINVAL;
		}
		v = run_var_find(r, name, end - name);
		if (!v) {
			cli_warn("%s:%u: no variable $%.*s (set it with NAME = VERB ...)",
				 r->file, r->line, (int)(end - name), name);
			return -ENOENT;
		}
		in = end + brace;
		val = v->value;
		if (*in == '[') {
			char *close;
			unsigned long idx = strtoul(in + 1, &close, 10);

			if (*close != ']' || run_list_item(v->value, idx, item,
							   sizeof(item))) {
				cli_warn("%s:%u: $%s has no item %s", r->file,
					 r->line, v->name, in);
				return -ENOENT;
			}
			val = item;
			in = close + 1;
		}
		if (o + strlen(val) >= len)
			return -ENOSPC;
		strcpy(out + o, val);
		o += strlen(val);
	}
	out[o] = '\0';
	return 0;
}

/* Split @line in place on blanks; "double quotes" keep blanks. */
static int run_split(char *line, char **argv)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p || *p == '#')
			break;
		if (argc == RUN_MAX_ARGS - 1)
			return -E2BIG;
		if (*p == '"') {
			argv[argc++] = ++p;
			p = strchr(p, '"');
			if (!p)
				return -EINVAL;
		} else {
			argv[argc++] = p;
			while (*p && !isspace((unsigned char)*p))
				p++;
		}
		if (!*p)
			break;
		*p++ = '\0';
	}
	argv[argc] = NULL;
	return argc;
}

/* Run one verb in the session; its stdout goes to @capture if not NULL. */
static int run_verb(struct run *r, int argc, char **argv, FILE *capture)
{
	const struct cli_cmd *cmd = cli_find_cmd(argv[0]);
	bool json = r->cli->json;
	int saved = -1, rc;

	if (!cmd || !strcmp(argv[0], "run")) {
		cli_warn("%s:%u: no verb '%s' (`memctl help` lists them)",
			 r->file, r->line, argv[0]);
		return CLI_EXIT_USAGE;
	}
	fflush(stdout);
	if (capture) {
		saved = dup(STDOUT_FILENO);
		if (saved < 0 || dup2(fileno(capture), STDOUT_FILENO) < 0)
			return CLI_EXIT_FAIL;
		r->cli->json = true;
	}
	r->cli->cmd = cmd;
	optind = 0;
	rc = cmd->run(r->cli, argc, argv);
	fflush(stdout);
	if (capture) {
		dup2(saved, STDOUT_FILENO);
		close(saved);
		r->cli->json = json;
	}
	return rc;
}

/* The ids in a verb's JSON answer, space-separated, else the text. */
static void run_capture_value(FILE *f, char *out, size_t len)
{
	struct json_object *j, *e, *id;
	char text[RUN_VALUE_MAX] = "";
	size_t n, i, o = 0;

	rewind(f);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	out[0] = '\0';
	j = json_tokener_parse(text);
	if (j && json_object_is_type(j, json_type_array)) {
		for (i = 0; i < json_object_array_length(j); i++) {
			e = json_object_array_get_idx(j, i);
			if (json_object_object_get_ex(e, "id", &id))
				e = id;
			o += snprintf(out + o, len > o ? len - o : 0, "%s%s",
				      o ? " " : "", json_object_get_string(e));
		}
	} else if (j && json_object_object_get_ex(j, "id", &id)) {
		snprintf(out, len, "%s", json_object_get_string(id));
	} else {
		while (n && isspace((unsigned char)text[n - 1]))
			text[--n] = '\0';
		snprintf(out, len, "%s", text);
	}
	json_object_put(j);
}

/* ---- snapshots ---- */

static struct run_snap *run_snap_find(struct run *r, const char *name)
{
	unsigned int i;

	for (i = 0; i < r->nr_snaps; i++)
		if (!strcmp(r->snaps[i].name, name))
			return &r->snaps[i];
	cli_warn("%s:%u: no snapshot '%s' (take it with `snapshot %s`)",
		 r->file, r->line, name, name);
	return NULL;
}

static void run_snap_free(struct run_snap *s)
{
	memctl_slab_free(s->slab);
	memctl_buddyinfo_free(s->buddy);
	memctl_vmallocinfo_free(s->vmalloc);
	memset(s, 0, sizeof(*s));
}

/*
 * Buddy state first: reading /sys/kernel/slab allocates (sysfs dentries and
 * inodes by the thousand), and those allocations refill per-CPU page lists
 * from the free lists, which a buddy measurement would see as noise.
 */
static int run_snap_take(struct run *r, struct run_snap *s, unsigned int parts)
{
	const char *root = cli_root(r->cli);
	struct memctl_err e;
	int err = 0;

	s->parts = parts;
	if (parts & RUN_SNAP_BUDDY)
		err = memctl_buddyinfo_read(root, &s->buddy, &e);
	if (!err && (parts & RUN_SNAP_SLAB))
		err = memctl_slab_read(root, &s->slab, &e);
	if (!err && (parts & RUN_SNAP_VMALLOC))
		err = memctl_vmallocinfo_read(root, &s->vmalloc, &e);
	if (err) {
		run_snap_free(s);
		return cli_view_fail(r->cli, err, &e, "snapshot");
	}
	return 0;
}

static int run_snapshot(struct run *r, int argc, char **argv)
{
	static const char * const names[] = { "slab", "buddy", "vmalloc" };
	unsigned int parts = 0;
	struct run_snap *s = NULL;
	unsigned int i, j;

	if (argc < 2)
		return cli_usage_error(r->cli,
				       "%s:%u: snapshot NAME [slab] [buddy] [vmalloc]",
				       r->file, r->line);
	for (i = 2; i < (unsigned int)argc; i++) {
		for (j = 0; j < ARRAY_SIZE(names); j++)
			if (!strcmp(argv[i], names[j]))
				break;
		if (j == ARRAY_SIZE(names))
			return cli_usage_error(r->cli,
					       "%s:%u: snapshot: no part '%s' (slab, buddy or vmalloc)",
					       r->file, r->line, argv[i]);
		parts |= 1u << j;
	}
	if (!parts)
		parts = RUN_SNAP_ALL;
	for (i = 0; i < r->nr_snaps; i++)
		if (!strcmp(r->snaps[i].name, argv[1]))
			s = &r->snaps[i];
	if (s) {
		run_snap_free(s);
	} else {
		if (r->nr_snaps == RUN_MAX_SNAPS)
			return cli_usage_error(r->cli, "too many snapshots");
		s = &r->snaps[r->nr_snaps++];
	}
	snprintf(s->name, sizeof(s->name), "%s", argv[1]);
	return run_snap_take(r, s, parts) ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

static bool run_slab_objects(const struct memctl_slab *slab, const char *name,
			     int64_t *v)
{
	const struct memctl_slab_cache *c = memctl_slab_find(slab, name);

	if (!c)
		return false;
	*v = (int64_t)c->objects;
	return true;
}

/*
 * Free blocks at @order in every node's zone @zone ("*": all zones), or
 * with @pages, the free pages in blocks of @order and up ("pages" is
 * "pages:0", every free page).
 */
static bool run_buddy_free(const struct memctl_buddyinfo *bi,
			   const char *zone, unsigned long order, bool pages,
			   int64_t *v)
{
	const struct memctl_buddy_zone *z;
	int64_t sum = 0;
	bool found = false;
	size_t i, o;

	for (i = 0; i < bi->nr; i++) {
		z = &bi->zones[i];
		if (strcmp(zone, "*") && strcmp(z->zone, zone))
			continue;
		if (pages) {
			for (o = order; o < z->nr_orders; o++)
				sum += (int64_t)(z->free[o] << o);
		} else if (order < z->nr_orders) {
			sum += (int64_t)z->free[order];
		} else {
			continue;
		}
		found = true;
	}
	*v = sum;
	return found;
}

static int64_t run_vmalloc_count(const struct memctl_vmallocinfo *vi,
				 const char *caller)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < vi->nr; i++)
		if (strstr(vi->areas[i].caller, caller))
			n++;
	return n;
}

static int run_diff(struct run *r, int argc, char **argv)
{
	struct run_snap *a, *b;
	unsigned int both;
	size_t i, j;

	if (argc != 3)
		return cli_usage_error(r->cli, "%s:%u: diff A B", r->file,
				       r->line);
	a = run_snap_find(r, argv[1]);
	b = run_snap_find(r, argv[2]);
	if (!a || !b)
		return CLI_EXIT_USAGE;
	run_say(r, "diff %s %s:", a->name, b->name);
	both = a->parts & b->parts;
	for (i = 0; (both & RUN_SNAP_SLAB) && i < b->slab->nr; i++) {
		const struct memctl_slab_cache *cb = &b->slab->caches[i];
		const struct memctl_slab_cache *ca;

		ca = memctl_slab_find(a->slab, cb->name);
		if (ca && ca->objects == cb->objects)
			continue;
		run_say(r, "  slab    %-24s objects %" PRIu64 " -> %" PRIu64
			" (%+" PRId64 ")%s%s", cb->name,
			ca ? ca->objects : 0, cb->objects,
			(int64_t)cb->objects - (int64_t)(ca ? ca->objects : 0),
			cb->nr_alias_names ? "  <- " : "",
			cb->nr_alias_names ? cb->alias_names[0] : "");
	}
	for (i = 0; (both & RUN_SNAP_BUDDY) && i < b->buddy->nr; i++) {
		const struct memctl_buddy_zone *zb = &b->buddy->zones[i];
		const struct memctl_buddy_zone *za = NULL;

		for (j = 0; j < a->buddy->nr; j++)
			if (a->buddy->zones[j].node == zb->node &&
			    !strcmp(a->buddy->zones[j].zone, zb->zone))
				za = &a->buddy->zones[j];
		if (!za)
			continue;
		for (j = 0; j < zb->nr_orders && j < za->nr_orders; j++)
			if (za->free[j] != zb->free[j])
				run_say(r, "  buddy   node %d %-8s order %2zu  %" PRIu64
					" -> %" PRIu64 " (%+" PRId64 ")", zb->node,
					zb->zone, j, za->free[j], zb->free[j],
					(int64_t)zb->free[j] - (int64_t)za->free[j]);
	}
	for (i = 0; (both & RUN_SNAP_VMALLOC) && i < b->vmalloc->nr; i++) {
		const struct memctl_vmalloc_area *v = &b->vmalloc->areas[i];
		bool old = false;

		for (j = 0; j < a->vmalloc->nr && !old; j++)
			old = a->vmalloc->areas[j].start == v->start &&
			      a->vmalloc->areas[j].size == v->size;
		if (!old)
			run_say(r, "  vmalloc + %8" PRIu64 " %s", v->size,
				v->caller[0] ? v->caller : "-");
	}
	return CLI_EXIT_OK;
}

/* ---- expectations ---- */

static int run_parse_op(const char *s)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(s, ops[i]))
			return (int)i;
	return -1;
}

static bool run_compare(int64_t got, int op, int64_t want)
{
	switch (op) {
	case 0: return got == want;
	case 1: return got != want;
	case 2: return got < want;
	case 3: return got <= want;
	case 4: return got > want;
	default: return got >= want;
	}
}

static bool run_parse_i64(const char *s, int64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 0);
	return !errno && end != s && !*end;
}

/* "OP VALUE" at the end of an expectation. */
static int run_tail(struct run *r, int argc, char **argv, int at, int *op,
		    int64_t *want)
{
	if (argc != at + 2 || (*op = run_parse_op(argv[at])) < 0 ||
	    !run_parse_i64(argv[at + 1], want))
		return cli_usage_error(r->cli,
				       "%s:%u: expectation must end in OP VALUE (OP: == != < <= > >=)",
				       r->file, r->line);
	return 0;
}

static void run_judge(struct run *r, const char *what, bool found,
		      int64_t got, int op, const char *opname, int64_t want)
{
	if (!found) {
		run_point(r, false, what, "not found");
		return;
	}
	run_point(r, run_compare(got, op, want), what,
		  "got %" PRId64 ", want %s %" PRId64, got, opname, want);
}

static int run_no_part(struct run *r, const struct run_snap *s,
		       const char *part)
{
	return cli_usage_error(r->cli, "%s:%u: snapshot %s has no %s state (snapshot %s %s)",
			       r->file, r->line, s->name, part, s->name, part);
}

/* Current value of slab/buddy/vmalloc, read now or taken from a snapshot. */
static int run_measure(struct run *r, const struct run_snap *s, int argc,
		       char **argv, int *used, bool *found, int64_t *v)
{
	unsigned long order;
	char *end;

	if (argc >= 3 && !strcmp(argv[0], "slab") &&
	    !strcmp(argv[2], "objects")) {
		if (!(s->parts & RUN_SNAP_SLAB))
			return run_no_part(r, s, "slab");
		*found = run_slab_objects(s->slab, argv[1], v);
		*used = 3;
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[0], "buddy")) {
		const char *o = argv[2];
		bool pages = false;

		/* ORDER, "pages" (all orders) or "pages:ORDER" (and up) */
		if (!strcmp(o, "pages")) {
			o = "0";
			pages = true;
		} else if (!strncmp(o, "pages:", 6)) {
			o += 6;
			pages = true;
		}
		order = strtoul(o, &end, 10);
		if (!*o || !isdigit((unsigned char)*o) || *end ||
		    order >= MEMCTL_MAX_ORDERS)
			return cli_usage_error(r->cli, "%s:%u: bad order '%s'",
					       r->file, r->line, argv[2]);
		if (!(s->parts & RUN_SNAP_BUDDY))
			return run_no_part(r, s, "buddy");
		*found = run_buddy_free(s->buddy, argv[1], order, pages, v);
		*used = 3;
		return 0;
	}
	if (argc >= 2 && !strcmp(argv[0], "vmalloc")) {
		if (!(s->parts & RUN_SNAP_VMALLOC))
			return run_no_part(r, s, "vmalloc");
		*v = run_vmalloc_count(s->vmalloc, argv[1]);
		*found = true;
		*used = 2;
		return 0;
	}
	return cli_usage_error(r->cli,
			       "%s:%u: measure 'slab CACHE objects', 'buddy ZONE ORDER' or 'vmalloc CALLER'",
			       r->file, r->line);
}

static int run_expect_view(struct run *r, int argc, char **argv,
			   const char *what)
{
	struct run_snap now = { .name = "now" };
	int64_t got, want;
	int used, op, rc;
	bool found;

	rc = run_snap_take(r, &now, RUN_SNAP_ALL);
	if (rc)
		return CLI_EXIT_FAIL;
	rc = run_measure(r, &now, argc, argv, &used, &found, &got);
	if (!rc)
		rc = run_tail(r, argc, argv, used, &op, &want);
	if (!rc)
		run_judge(r, what, found, got, op, argv[used], want);
	run_snap_free(&now);
	return rc;
}

static int run_expect_delta(struct run *r, int argc, char **argv,
			    const char *what)
{
	int64_t va, vb, want;
	bool fa, fb;
	struct run_snap *a, *b;
	int used, op, rc;

	if (argc < 3)
		return cli_usage_error(r->cli, "%s:%u: expect delta A B ...",
				       r->file, r->line);
	a = run_snap_find(r, argv[1]);
	b = run_snap_find(r, argv[2]);
	if (!a || !b)
		return CLI_EXIT_USAGE;
	rc = run_measure(r, a, argc - 3, argv + 3, &used, &fa, &va);
	if (!rc)
		rc = run_measure(r, b, argc - 3, argv + 3, &used, &fb, &vb);
	if (!rc)
		rc = run_tail(r, argc - 3, argv + 3, used, &op, &want);
	if (!rc)
		run_judge(r, what, fa && fb, vb - va, op, argv[3 + used], want);
	return rc;
}

static int run_expect_bytes(struct run *r, int argc, char **argv,
			    const char *what)
{
	uint32_t id, word = 0;
	uint64_t off;
	int64_t want;
	int op, rc, err;

	if (argc < 3 || cli_parse_id(r->cli, argv[1], &id) ||
	    cli_parse_size(r->cli, "offset", argv[2], &off))
		return cli_usage_error(r->cli, "%s:%u: expect bytes ID OFFSET OP VALUE",
				       r->file, r->line);
	rc = run_tail(r, argc, argv, 3, &op, &want);
	if (rc)
		return rc;
	rc = cli_open(r->cli);
	if (rc)
		return rc;
	err = memctl_read(r->cli->ctx, id, off, &word, sizeof(word));
	if (err < 0) {
		run_point(r, false, what, "read: %s", strerror(-err));
		return 0;
	}
	run_point(r, run_compare(le32toh(word), op, want), what,
		  "got 0x%08x, want %s 0x%" PRIx64, le32toh(word), argv[3],
		  (uint64_t)want);
	return 0;
}

static int run_expect_symbol(struct run *r, int argc, char **argv,
			     const char *what)
{
	struct memctl_kallsyms *ks;
	struct memctl_err e;
	bool found = false;
	size_t i;
	int err;

	if (argc != 3)
		return cli_usage_error(r->cli, "%s:%u: expect symbol MODULE NAME",
				       r->file, r->line);
	err = memctl_kallsyms_read(cli_root(r->cli), argv[1], &ks, &e);
	if (err)
		return cli_view_fail(r->cli, err, &e, "expect symbol");
	for (i = 0; i < ks->nr && !found; i++)
		found = !strcmp(ks->syms[i].name, argv[2]);
	run_point(r, found, what, found ? NULL : "not in /proc/kallsyms");
	memctl_kallsyms_free(ks);
	return 0;
}

static int run_expect(struct run *r, int argc, char **argv, const char *what)
{
	int64_t got, want;
	int op, rc;

	if (argc < 2)
		return cli_usage_error(r->cli, "%s:%u: expect what?", r->file,
				       r->line);
	if (!strcmp(argv[1], "fail")) {
		if (argc < 3)
			return cli_usage_error(r->cli, "%s:%u: expect fail VERB ...",
					       r->file, r->line);
		rc = run_verb(r, argc - 2, argv + 2, NULL);
		run_point(r, rc == CLI_EXIT_FAIL, what, "exit status %d", rc);
		return 0;
	}
	if (!strcmp(argv[1], "delta"))
		return run_expect_delta(r, argc - 1, argv + 1, what);
	if (!strcmp(argv[1], "bytes"))
		return run_expect_bytes(r, argc - 1, argv + 1, what);
	if (!strcmp(argv[1], "symbol"))
		return run_expect_symbol(r, argc - 1, argv + 1, what);
	if (!strcmp(argv[1], "value")) {
		if (argc != 5 || !run_parse_i64(argv[2], &got))
			return cli_usage_error(r->cli, "%s:%u: expect value N OP VALUE",
					       r->file, r->line);
		rc = run_tail(r, argc, argv, 3, &op, &want);
		if (!rc)
			run_judge(r, what, true, got, op, argv[3], want);
		return rc;
	}
	return run_expect_view(r, argc - 1, argv + 1, what);
}

/* "shrink CACHE": SLUB counts every object of a CPU slab as in use. */
static int run_shrink(struct run *r, int argc, char **argv)
{
	int err;

	if (argc != 2)
		return cli_usage_error(r->cli, "%s:%u: shrink CACHE", r->file,
				       r->line);
	err = cli_slab_shrink(argv[1]);
	if (err) {
		cli_warn("%s:%u: shrink %s: %s", r->file, r->line, argv[1],
			 strerror(-err));
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

static int run_line(struct run *r, char *text)
{
	char expanded[4096], what[4096];
	char *argv[RUN_MAX_ARGS];
	FILE *capture = NULL;
	const char *var = NULL;
	int argc, rc;

	rc = run_expand(r, text, expanded, sizeof(expanded));
	if (rc)
		return CLI_EXIT_USAGE;
	snprintf(what, sizeof(what), "%s", expanded);
	what[strcspn(what, "#")] = '\0';
	while (*what && isspace((unsigned char)what[strlen(what) - 1]))
		what[strlen(what) - 1] = '\0';
	argc = run_split(expanded, argv);
	if (argc < 0)
		return cli_usage_error(r->cli, "%s:%u: cannot split the line",
				       r->file, r->line);
	if (!argc)
		return CLI_EXIT_OK;
	if (argc >= 3 && !strcmp(argv[1], "=")) {
		var = argv[0];
		argc -= 2;
		memmove(argv, argv + 2, (argc + 1) * sizeof(*argv));
	}
	if (!r->tap && !var && strcmp(argv[0], "expect")) {
		printf("$ %s\n", what);
		fflush(stdout);
	}

	if (!strcmp(argv[0], "expect"))
		return run_expect(r, argc, argv, what + strlen("expect "));
	if (!strcmp(argv[0], "snapshot"))
		return run_snapshot(r, argc, argv);
	if (!strcmp(argv[0], "diff"))
		return run_diff(r, argc, argv);
	if (!strcmp(argv[0], "shrink"))
		return run_shrink(r, argc, argv);

	if (var) {
		char value[RUN_VALUE_MAX];

		capture = tmpfile();
		if (!capture)
			return cli_fail(r->cli, -errno, "tmpfile");
		rc = run_verb(r, argc, argv, capture);
		run_capture_value(capture, value, sizeof(value));
		fclose(capture);
		if (!rc && run_var_set(r, var, value))
			return cli_usage_error(r->cli, "%s:%u: too many variables",
					       r->file, r->line);
		if (!rc)
			run_say(r, "%s = %s", var, value);
	} else {
		rc = run_verb(r, argc, argv, NULL);
	}
	if (rc == CLI_EXIT_FAIL)
		run_point(r, false, what, "exit status %d", rc);
	return rc;
}

int cmd_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "tap", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 }
	};
	struct run *r;
	char *line = NULL;
	size_t cap = 0;
	bool tap = false;
	int stop_rc = 0;
	FILE *f;
	int c, rc;
	unsigned int i;

	while ((c = cli_getopt(cli, argc, argv, "", opts)) != -1) {
		switch (c) {
		case 't':
			tap = true;
			break;
		case CLI_OPT_HELP:
			return CLI_EXIT_OK;
		default:
			return CLI_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	rc = cli_nargs(cli, argc, 1, 1);
	if (rc)
		return rc;
	f = fopen(argv[0], "r");
	if (!f)
		return cli_fail(cli, -errno, "run %s", argv[0]);
	r = calloc(1, sizeof(*r));
	if (!r) {
		fclose(f);
		return cli_fail(cli, -ENOMEM, "run");
	}
	r->cli = cli;
	r->file = argv[0];
	r->tap = tap;
	cli->session = true;	/* what the script makes dies with it */

	while (!stop_rc && getline(&line, &cap, f) > 0) {
		r->line++;
		line[strcspn(line, "\n")] = '\0';
		rc = run_line(r, line);
		fflush(stdout);	/* keep order with stderr's messages */
		/* a usage error or a missing device ends the script */
		if (rc == CLI_EXIT_USAGE || rc == CLI_EXIT_DEVICE) {
			run_point(r, false, "the script stops here", NULL);
			stop_rc = rc;
		}
	}
	free(line);
	fclose(f);
	for (i = 0; i < r->nr_snaps; i++)
		run_snap_free(&r->snaps[i]);
	if (tap)
		printf("1..%u\n", r->passed + r->failed);
	else
		printf("run: %u passed, %u failed\n", r->passed, r->failed);
	rc = stop_rc ? stop_rc : r->failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
	free(r);
	return rc;
}

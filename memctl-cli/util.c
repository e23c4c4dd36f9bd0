// SPDX-License-Identifier: GPL-2.0
/*
 * memctl: what every verb shares - option and argument parsing, opening
 * the device, error messages that say what to do, JSON output.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *dev_path(const struct cli *cli)
{
	return cli->device ? cli->device : MEMCTL_DEFAULT_DEVICE;
}

const char *cli_root(const struct cli *cli)
{
	return cli->sysroot;
}

bool cli_isatty(void)
{
	return isatty(STDOUT_FILENO) == 1;
}

long cli_page_size(void)
{
	long ps = sysconf(_SC_PAGESIZE);

	return ps > 0 ? ps : 4096;
}

void cli_warn(const char *fmt, ...)
{
	va_list ap;

	fputs("memctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ---- usage ---- */

int cli_usage_error(struct cli *cli, const char *fmt, ...)
{
	const char *verb = cli->cmd ? cli->cmd->name : NULL;
	va_list ap;

	fputs("memctl: ", stderr);
	if (verb)
		fprintf(stderr, "%s: ", verb);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cli->cmd) {
		cli_print_usage(stderr, cli->cmd);
		fprintf(stderr, "Run `memctl help %s` for details.\n", verb);
	} else {
		fputs("Run `memctl help` for the list of verbs.\n", stderr);
	}
	return CLI_EXIT_USAGE;
}

/*
 * getopt_long() for a verb's argv, with the options every verb shares.
 * The dispatcher resets getopt (optind = 0) before each handler. Returns
 * the next option character, -1 at the end, CLI_OPT_HELP after printing
 * the verb's help, or CLI_OPT_ERROR after a usage error was reported.
 */
int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts)
{
	static const struct option common[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
	};
	static struct option all[CLI_MAX_LONGOPTS + ARRAY_SIZE(common) + 1];
	char optstring[64];
	size_t n = 0;
	int c;

	snprintf(optstring, sizeof(optstring), ":%sjph", shortopts);
	while (longopts && longopts[n].name && n < CLI_MAX_LONGOPTS) {
		all[n] = longopts[n];
		n++;
	}
	memcpy(&all[n], common, sizeof(common));
	memset(&all[n + ARRAY_SIZE(common)], 0, sizeof(all[0]));
	opterr = 0;
	for (;;) {
		c = getopt_long(argc, argv, optstring, all, NULL);
		switch (c) {
		case 'j':
			cli->json = true;
			continue;
		case 'p':
			cli->json = true;
			cli->pretty = true;
			continue;
		case 'h':
			cli_print_help(stdout, cli->cmd);
			return CLI_OPT_HELP;
		case ':':
			if (optopt && optopt < 128 && isalnum(optopt) &&
			    argv[optind - 1][1] != '-')
				cli_usage_error(cli, "option -%c needs a value",
						optopt);
			else
				cli_usage_error(cli, "option %s needs a value",
						argv[optind - 1]);
			return CLI_OPT_ERROR;
		case '?':
			if (optopt && optopt < 128 && isprint(optopt))
				cli_usage_error(cli, "unknown option -%c", optopt);
			else
				cli_usage_error(cli, "unknown option %s",
						argv[optind - 1]);
			return CLI_OPT_ERROR;
		default:
			return c;
		}
	}
}

/* Check the number of positional arguments left after the options. */
int cli_nargs(struct cli *cli, int nargs, int min, int max)
{
	if (nargs < min)
		return cli_usage_error(cli, "missing argument");
	if (max >= 0 && nargs > max)
		return cli_usage_error(cli, "too many arguments");
	return 0;
}

/* ---- arguments ---- */

int cli_parse_size(struct cli *cli, const char *what, const char *s,
		   uint64_t *out)
{
	if (memctl_parse_size(s, out) < 0)
		return cli_usage_error(cli,
				       "bad %s '%s' (bytes, or with a suffix: 4K, 1M, 2G; hex 0x1000)",
				       what, s);
	return 0;
}

int cli_parse_u64(struct cli *cli, const char *what, const char *s,
		  uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || isspace((unsigned char)*s))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		goto bad;
	*out = v;
	return 0;
bad:
	return cli_usage_error(cli, "bad %s '%s' (a number, decimal or 0x hex)",
			       what, s);
}

int cli_parse_u32(struct cli *cli, const char *what, const char *s,
		  uint32_t *out)
{
	uint64_t v;
	int rc;

	rc = cli_parse_u64(cli, what, s, &v);
	if (rc)
		return rc;
	if (v > UINT32_MAX)
		return cli_usage_error(cli, "%s '%s' does not fit in 32 bits",
				       what, s);
	*out = v;
	return 0;
}

int cli_parse_id(struct cli *cli, const char *s, uint32_t *id)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*s))
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || !v || v > UINT32_MAX)
		goto bad;
	*id = v;
	return 0;
bad:
	return cli_usage_error(cli,
			       "bad object id '%s' (a number from `memctl ls`)",
			       s);
}

int cli_parse_gfp(struct cli *cli, const char *s, uint32_t *gfp)
{
	if (memctl_parse_gfp(s, gfp) < 0)
		return cli_usage_error(cli,
				       "bad GFP flags '%s' (comma-separated: kernel, atomic, nowait, dma, dma32, zero, nowarn, noretry, retry_mayfail, highmem, account)",
				       s);
	return 0;
}

/* ---- the device ---- */

int cli_open(struct cli *cli)
{
	const char *path = dev_path(cli);
	int err;

	if (cli->ctx)
		return 0;
	err = memctl_open(&cli->ctx, cli->device);
	if (!err)
		return 0;
	cli->ctx = NULL;
	switch (-err) {
	case ENOENT:
		cli_warn("%s: %s: load the module with `modprobe memlab` (or insmod driver/memlab.ko)",
			 path, strerror(-err));
		break;
	case ENXIO:
	case ENODEV:
		cli_warn("%s: %s: the device node has no driver behind it: load the module with `modprobe memlab` (or insmod driver/memlab.ko)",
			 path, strerror(-err));
		break;
	case EACCES:
	case EPERM:
		cli_warn("%s: %s: add yourself to group memlab (`sudo usermod -aG memlab $USER`, then log in again) or run as root",
			 path, strerror(-err));
		break;
	case EPROTO:
		cli_warn("%s: the loaded memlab module speaks another interface version than this memctl (%d): install matching versions of memlab.ko and memctl",
			 path, MEMLAB_VERSION);
		break;
	case ENOTTY:
	case EINVAL:
		cli_warn("%s: not a memlab device (%s): check -d/--device",
			 path, strerror(-err));
		break;
	default:
		cli_warn("%s: %s", path, strerror(-err));
		break;
	}
	return CLI_EXIT_DEVICE;
}

/* ---- the generic netlink family ---- */

int cli_nl_open_fail(struct cli *cli, int err)
{
	(void)cli;
	switch (-err) {
	case ENOENT:
		cli_warn("generic netlink: the family %s is not registered: is the memlab module loaded? Load it with `modprobe memlab` (or insmod driver/memlab.ko)",
			 MEMLAB_GENL_NAME);
		break;
	case EPROTO:
		cli_warn("generic netlink: the loaded memlab module speaks another version of the family %s than this memctl (%d): install matching versions of memlab.ko and memctl",
			 MEMLAB_GENL_NAME, MEMLAB_GENL_VERSION);
		break;
	case EAFNOSUPPORT:
	case EPROTONOSUPPORT:
		cli_warn("generic netlink: %s: this kernel (or sandbox) has no generic netlink sockets",
			 strerror(-err));
		break;
	default:
		cli_warn("generic netlink: connecting to the family %s: %s",
			 MEMLAB_GENL_NAME, strerror(-err));
		break;
	}
	return CLI_EXIT_DEVICE;
}

int cli_nl_open(struct cli *cli)
{
	int err;

	if (cli->nl)
		return 0;
	err = memctl_nl_open(&cli->nl);
	if (!err)
		return 0;
	cli->nl = NULL;
	return cli_nl_open_fail(cli, err);
}

/*
 * A request was refused: the kernel's extended ACK says which attribute or
 * what was wrong, when it says anything.
 */
int cli_nl_fail(struct cli *cli, int err, const char *what)
{
	const char *msg = cli->nl ? memctl_nl_errmsg(cli->nl) : "";

	return cli_fail_hint(cli, err, msg ? msg : "", "%s (generic netlink)",
			     what);
}

/*
 * For limit errors: which limit was hit, from the driver's counters, and
 * where to raise it.
 */
void cli_limit_hint(struct cli *cli, int err, uint64_t bytes, char *buf,
		    size_t len)
{
	const char *par = "/sys/module/memlab/parameters";
	struct memlab_info info;
	char a[32], b[32];

	buf[0] = 0;
	memset(&info, 0, sizeof(info));
	if (!cli->ctx || memctl_info(cli->ctx, &info) < 0) {
		snprintf(buf, len, "a memlab limit was hit: see %s/", par);
		return;
	}
	switch (-err) {
	case ENOSPC:
		if (info.nr_objects + 1 > info.max_objects) {
			snprintf(buf, len,
				 "memlab holds %llu objects, the limit max_objects is %llu: free some (`memctl ls`, `memctl free ID`) or raise %s/max_objects",
				 (unsigned long long)info.nr_objects,
				 (unsigned long long)info.max_objects, par);
		} else if (cli->cmd && !strcmp(cli->cmd->name, "create-cache") &&
			   info.kind_objects[MEMLAB_KIND_CACHE] >= info.max_caches) {
			snprintf(buf, len,
				 "memlab holds %llu caches, the limit max_caches is %u: destroy one (`memctl caches`, `memctl destroy-cache NAME`) or raise %s/max_caches",
				 (unsigned long long)info.kind_objects[MEMLAB_KIND_CACHE],
				 info.max_caches, par);
		} else {
			cli_size(info.nr_bytes, a, sizeof(a));
			cli_size(info.max_bytes, b, sizeof(b));
			snprintf(buf, len,
				 "memlab holds %s, the limit max_bytes is %s: free objects (`memctl ls`, `memctl free ID`) or raise %s/max_bytes",
				 a, b, par);
		}
		break;
	case EDQUOT:
		cli_size(info.uid_bytes, a, sizeof(a));
		cli_size(info.uid_max_bytes, b, sizeof(b));
		snprintf(buf, len,
			 "your uid holds %s, the per-uid limit uid_max_bytes is %s: free objects or raise %s/uid_max_bytes",
			 a, b, par);
		break;
	case E2BIG:
		cli_size(info.kmalloc_max, a, sizeof(a));
		cli_size(info.dma_max, b, sizeof(b));
		snprintf(buf, len,
			 "above a per-request limit: order up to %u (%s/max_order), kmalloc up to %s, DMA buffers up to %s",
			 info.max_order, par, a, b);
		break;
	default:
		break;
	}
	(void)bytes;
}

static int vfail(struct cli *cli, int err, const char *hint, const char *fmt,
		 va_list ap)
{
	char lim[320];

	if (!hint) {
		switch (-err) {
		case ENOSPC:
		case EDQUOT:
		case E2BIG:
			cli_limit_hint(cli, err, 0, lim, sizeof(lim));
			hint = lim;
			break;
		case EPERM:
			hint = "a persistent object can only be changed by its creator or root";
			break;
		case ENOMEM:
			hint = "the kernel allocator failed (see memctl meminfo, buddyinfo)";
			break;
		default:
			break;
		}
	}
	fputs("memctl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s", strerror(err < 0 ? -err : err));
	if (hint && *hint)
		fprintf(stderr, ": %s", hint);
	fputc('\n', stderr);
	return CLI_EXIT_FAIL;
}

int cli_fail(struct cli *cli, int err, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(cli, err, NULL, fmt, ap);
	va_end(ap);
	return rc;
}

int cli_fail_hint(struct cli *cli, int err, const char *hint,
		  const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = vfail(cli, err, hint, fmt, ap);
	va_end(ap);
	return rc;
}

/* An operation on object @id failed: say why in terms of that object. */
int cli_obj_fail(struct cli *cli, int err, uint32_t id, const char *what)
{
	struct memlab_obj_info info;
	char hint[160];
	const char *kind;

	switch (-err) {
	case ENOENT:
		return cli_fail_hint(cli, err,
				     "no such object: it was freed, or belongs to another process's open file (`memctl ls` lists what you can use)",
				     "%s %u", what, id);
	case EPERM:
		memset(&info, 0, sizeof(info));
		if (memctl_obj_info(cli->ctx, id, &info) >= 0)
			snprintf(hint, sizeof(hint),
				 "object %u belongs to uid %u: only its creator or root may %s it",
				 id, info.uid, what);
		else
			snprintf(hint, sizeof(hint),
				 "only the object's creator or root may %s it",
				 what);
		return cli_fail_hint(cli, err, hint, "%s %u", what, id);
	case EINVAL:
		memset(&info, 0, sizeof(info));
		if (memctl_obj_info(cli->ctx, id, &info) >= 0 &&
		    info.kind == MEMLAB_KIND_CACHE) {
			snprintf(hint, sizeof(hint),
				 "%u is a cache (%s), not an object: %s",
				 id, info.name,
				 !strcmp(what, "free") ?
				 "use `memctl destroy-cache`" :
				 "allocate an object from it with `memctl alloc`");
			return cli_fail_hint(cli, err, hint, "%s %u", what, id);
		}
		kind = memctl_kind_name(info.kind);
		snprintf(hint, sizeof(hint),
			 "the driver refused it for this %s object (offset and length must lie within the object; see `memctl info %u`)",
			 kind ? kind : "kind of", id);
		return cli_fail_hint(cli, err, hint, "%s %u", what, id);
	default:
		return cli_fail(cli, err, "%s %u", what, id);
	}
}

/* A kernel view could not be read: name the file, line and problem. */
int cli_view_fail(struct cli *cli, int err, const struct memctl_err *e,
		  const char *what)
{
	const char *hint = NULL;

	if (e && e->path[0] && e->line)
		cli_warn("%s:%u: %s", e->path, e->line,
			 e->msg[0] ? e->msg : strerror(-err));
	else if (e && e->path[0])
		cli_warn("%s: %s%s%s", e->path, strerror(-err),
			 e->msg[0] ? ": " : "", e->msg);
	else
		cli_warn("%s: %s", what, strerror(-err));
	if (-err == EACCES || -err == EPERM)
		hint = "the kernel shows this view to root only: run memctl as root (sudo)";
	else if (-err == ENOENT && cli->sysroot)
		hint = "the snapshot given with --sysroot lacks this file";
	else if (-err == ENOENT)
		hint = "this kernel does not provide this view";
	if (hint)
		cli_warn("%s", hint);
	return CLI_EXIT_FAIL;
}

/* ---- output ---- */

void cli_json_print(struct cli *cli, struct json_object *obj)
{
	int flags = JSON_C_TO_STRING_NOSLASHESCAPE;

	flags |= cli->pretty ? JSON_C_TO_STRING_PRETTY |
			       JSON_C_TO_STRING_SPACED : JSON_C_TO_STRING_PLAIN;
	puts(json_object_to_json_string_ext(obj, flags));
	json_object_put(obj);
}

struct json_object *cli_json_u64(uint64_t v)
{
	return json_object_new_uint64(v);
}

struct json_object *cli_json_hex(uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%llx", (unsigned long long)v);
	return json_object_new_string(buf);
}

/*
 * Sizes for people, like `ls -h` but with one decimal: "512", "4K",
 * "15.5M", "3.3G". Exact multiples of a unit print without decimals, so
 * the usual sizes read as they are typed ("1M", "32K"). JSON output keeps
 * the exact bytes.
 */
const char *cli_size(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	unsigned int u = 0;
	uint64_t div = 1024;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu", (unsigned long long)bytes);
		return buf;
	}
	while (u + 1 < sizeof(units) - 1 && bytes / div >= 1024) {
		div *= 1024;
		u++;
	}
	if (bytes % div == 0)
		snprintf(buf, len, "%llu%c", (unsigned long long)(bytes / div),
			 units[u]);
	else
		snprintf(buf, len, "%.1f%c", (double)bytes / div, units[u]);
	return buf;
}

/* ---- caches by name or id ---- */

int cli_resolve_cache(struct cli *cli, const char *arg, uint32_t *id)
{
	char hint[160];
	int err, rc;

	if (arg[strspn(arg, "0123456789")] == 0) {
		rc = cli_parse_id(cli, arg, id);
		if (rc)
			return rc;
		return cli_open(cli);
	}
	rc = cli_open(cli);
	if (rc)
		return rc;
	err = memctl_cache_find(cli->ctx, arg, id);
	if (err == -ENOENT) {
		snprintf(hint, sizeof(hint),
			 "no memlab cache of that name: create it with `memctl create-cache %.40s SIZE` (`memctl caches` lists them)",
			 arg);
		return cli_fail_hint(cli, err, hint, "cache %s", arg);
	}
	if (err < 0)
		return cli_fail(cli, err, "cache %s", arg);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memctl(8): the command line of memlab.
 *
 * Every verb is one entry of the static command table (commands.c) and one
 * handler in the file of its group (cmd_cache.c, cmd_alloc.c, cmd_object.c,
 * cmd_view_slab.c, cmd_view_mem.c, cmd_netlink.c, cmd_run.c, cmd_bench.c). A handler gets
 * the verb's own argv (argv[0] is the verb) and returns the exit status of
 * the command:
 *
 *   0  ok
 *   1  the operation failed (the message says why and what to do)
 *   2  usage error (unknown verb or option, bad size, missing argument)
 *   3  /dev/memlab (or, for the netlink verbs, memlab's generic netlink
 *      family) is missing or not accessible
 *
 * The handlers use the libmemctl API (memctl.h) and json-c only.
 */
#ifndef MEMCTL_CLI_H
#define MEMCTL_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <json-c/json.h>
#include <memctl.h>

#ifndef MEMCTL_CLI_VERSION
#define MEMCTL_CLI_VERSION	"0.1"
#endif

#define CLI_EXIT_OK		0
#define CLI_EXIT_FAIL		1
#define CLI_EXIT_USAGE		2
#define CLI_EXIT_DEVICE		3

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)		__attribute__((format(printf, a, b)))

/**
 * struct cli - state of one memctl invocation
 * @json: print one JSON document on stdout instead of text
 * @pretty: indent the JSON
 * @sysroot: views read this snapshot directory instead of /
 * @device: the device node (-d), NULL for MEMCTL_DEFAULT_DEVICE
 * @ctx: the open device, opened on first use by cli_open()
 * @nl: the generic netlink connection, opened on first use by cli_nl_open()
 * @cmd: the verb being run
 * @session: inside `memctl run`: new objects and caches belong to the
 *           session's open file (freed at its end) instead of being
 *           persistent
 */
struct cli {
	bool json;
	bool pretty;
	const char *sysroot;
	const char *device;
	struct memctl *ctx;
	struct memctl_nl *nl;
	const struct cli_cmd *cmd;
	bool session;
};

/**
 * struct cli_cmd - one verb of the static command table
 * @name: the verb, matched exactly
 * @run: its handler; returns the exit status
 * @group: heading it is listed under in `memctl help`
 * @summary: one line for the verb list
 * @usage: synopsis after "memctl VERB"
 * @help: the long help of `memctl help VERB` (options, output, examples)
 */
struct cli_cmd {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *group;
	const char *summary;
	const char *usage;
	const char *help;
};

extern const struct cli_cmd cli_cmds[];
extern const size_t cli_nr_cmds;

const struct cli_cmd *cli_find_cmd(const char *name);
void cli_print_usage(FILE *f, const struct cli_cmd *cmd);
void cli_print_help(FILE *f, const struct cli_cmd *cmd);
void cli_print_verbs(FILE *f);

/* Verb handlers, one per table entry. */
int cmd_help(struct cli *cli, int argc, char **argv);
int cmd_version(struct cli *cli, int argc, char **argv);

int cmd_create_cache(struct cli *cli, int argc, char **argv);
int cmd_destroy_cache(struct cli *cli, int argc, char **argv);
int cmd_caches(struct cli *cli, int argc, char **argv);

int cmd_alloc(struct cli *cli, int argc, char **argv);
int cmd_kmalloc(struct cli *cli, int argc, char **argv);
int cmd_alloc_pages(struct cli *cli, int argc, char **argv);
int cmd_vmalloc(struct cli *cli, int argc, char **argv);
int cmd_dma_alloc(struct cli *cli, int argc, char **argv);
int cmd_dma_map(struct cli *cli, int argc, char **argv);

int cmd_free(struct cli *cli, int argc, char **argv);
int cmd_ls(struct cli *cli, int argc, char **argv);
int cmd_info(struct cli *cli, int argc, char **argv);
int cmd_read(struct cli *cli, int argc, char **argv);
int cmd_write(struct cli *cli, int argc, char **argv);
int cmd_fill(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_sync(struct cli *cli, int argc, char **argv);
int cmd_persist(struct cli *cli, int argc, char **argv);

int cmd_slabinfo(struct cli *cli, int argc, char **argv);
int cmd_slabtop(struct cli *cli, int argc, char **argv);

int cmd_buddyinfo(struct cli *cli, int argc, char **argv);
int cmd_e820(struct cli *cli, int argc, char **argv);
int cmd_vmallocinfo(struct cli *cli, int argc, char **argv);
int cmd_meminfo(struct cli *cli, int argc, char **argv);
int cmd_symbols(struct cli *cli, int argc, char **argv);

int cmd_stat(struct cli *cli, int argc, char **argv);
int cmd_monitor(struct cli *cli, int argc, char **argv);

int cmd_run(struct cli *cli, int argc, char **argv);
int cmd_bench(struct cli *cli, int argc, char **argv);

/* ---- util.c: options, arguments, errors, output ---- */

/*
 * Options every verb takes: -j/--json, -p/--pretty, -h/--help. cli_getopt()
 * adds them to a verb's own options, handles them, and reports unknown
 * options and missing values as usage errors.
 */
#define CLI_MAX_LONGOPTS	32

/* Returned by cli_getopt() after -h: the caller returns CLI_EXIT_OK. */
#define CLI_OPT_HELP		(-2)
/* Returned by cli_getopt() after a usage error (already reported). */
#define CLI_OPT_ERROR		(-3)

int cli_getopt(struct cli *cli, int argc, char **argv, const char *shortopts,
	       const struct option *longopts);
int cli_usage_error(struct cli *cli, const char *fmt, ...)
	__printf(2, 3);
int cli_nargs(struct cli *cli, int nargs, int min, int max);

int cli_parse_size(struct cli *cli, const char *what, const char *s,
		   uint64_t *out);
int cli_parse_u32(struct cli *cli, const char *what, const char *s,
		  uint32_t *out);
int cli_parse_u64(struct cli *cli, const char *what, const char *s,
		  uint64_t *out);
int cli_parse_id(struct cli *cli, const char *s, uint32_t *id);
int cli_parse_gfp(struct cli *cli, const char *s, uint32_t *gfp);

int cli_open(struct cli *cli);
int cli_fail(struct cli *cli, int err, const char *fmt, ...)
	__printf(3, 4);
int cli_fail_hint(struct cli *cli, int err, const char *hint,
		  const char *fmt, ...)
	__printf(4, 5);
int cli_view_fail(struct cli *cli, int err, const struct memctl_err *e,
		  const char *what);
void cli_limit_hint(struct cli *cli, int err, uint64_t bytes, char *buf,
		    size_t len);
int cli_obj_fail(struct cli *cli, int err, uint32_t id, const char *what);

/*
 * The generic netlink family (no /dev/memlab needed). cli_nl_open() opens
 * cli->nl once; it and cli_nl_open_fail() (for a connection of one's own,
 * like the events socket) report a failure and return CLI_EXIT_DEVICE.
 * cli_nl_fail() reports a failed request with the kernel's extended ACK
 * text and returns CLI_EXIT_FAIL.
 */
int cli_nl_open(struct cli *cli);
int cli_nl_open_fail(struct cli *cli, int err);
int cli_nl_fail(struct cli *cli, int err, const char *what);
__printf(1, 2) void cli_warn(const char *fmt, ...);

void cli_json_print(struct cli *cli, struct json_object *obj);
/* One object as `memctl ls -j` and `memctl info -j` print it. */
struct json_object *cli_obj_json(const struct memlab_obj_info *o);
struct json_object *cli_json_u64(uint64_t v);
struct json_object *cli_json_hex(uint64_t v);

const char *cli_size(uint64_t bytes, char *buf, size_t len);
const char *cli_root(const struct cli *cli);
bool cli_isatty(void);
long cli_page_size(void);

int cli_resolve_cache(struct cli *cli, const char *arg, uint32_t *id);
/* kmem_cache_shrink() of the live cache @name through sysfs; 0 or -errno. */
int cli_slab_shrink(const char *name);

#endif /* MEMCTL_CLI_H */

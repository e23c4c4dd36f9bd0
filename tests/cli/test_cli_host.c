// SPDX-License-Identifier: GPL-2.0
/*
 * memctl host tests: run the memctl binary and check what it prints and
 * how it exits - option parsing, sizes, usage errors (exit 2), a missing
 * or inaccessible device (exit 3), help, and every kernel view on sysroot
 * snapshots: the "lab" fixture (tests/cli/fixtures), and the real kernels'
 * fixtures of the libmemctl tests (every directory of tests/libmemctl/fixtures) when there.
 *
 * The slab views are cross-checked against the tools they imitate, run in
 * a chroot of the same snapshot (root only; skipped otherwise): the
 * kernel's tools/vm/slabinfo (static, built by tests/xcheck) and procps'
 * slabtop. JSON output is parsed back with json-c.
 *
 * Environment: MEMCTL_BIN (default: the build's memctl), SLABINFO_BIN
 * (default: build/guest/bin/slabinfo).
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "run.h"

#ifndef MEMCTL_BIN_DEFAULT
#define MEMCTL_BIN_DEFAULT	"../../build/memctl-cli/memctl"
#endif
#ifndef CLI_FIXTURES
#define CLI_FIXTURES		"fixtures"
#endif
#ifndef LIB_FIXTURES
#define LIB_FIXTURES		"../libmemctl/fixtures"
#endif
#ifndef CLI_SRC
#define CLI_SRC			"../../memctl-cli"
#endif
#ifndef SLABINFO_BIN_DEFAULT
#define SLABINFO_BIN_DEFAULT	"../../build/guest/bin/slabinfo"
#endif

#define MAX_ARGS	32

static const char *memctl_bin;
static char lab[PATH_MAX];

static const char *const verbs[] = {
	"create-cache", "destroy-cache", "caches", "alloc", "kmalloc",
	"alloc-pages", "vmalloc", "dma-alloc", "dma-map", "free", "ls", "info",
	"read", "write", "fill", "verify", "sync", "persist", "slabinfo",
	"slabtop", "buddyinfo", "e820", "vmallocinfo", "meminfo", "symbols",
	"stat", "monitor", "run", "bench", "help",
};

/* memctl(r, "slabinfo", "-a", NULL): run memctl with these arguments. */
static int vmemctl(struct run *r, const char *first, va_list ap)
{
	char *argv[MAX_ARGS];
	const char *a;
	int n = 0;

	argv[n++] = (char *)memctl_bin;
	for (a = first; a && n < MAX_ARGS - 1; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	argv[n] = NULL;
	return run_argv(r, argv, NULL, 0);
}

static int memctl(struct run *r, const char *first, ...)
{
	va_list ap;
	int rc;

	va_start(ap, first);
	rc = vmemctl(r, first, ap);
	va_end(ap);
	return rc;
}

/* The same with "--sysroot ROOT" first. */
static int memctl_at(struct run *r, const char *root, const char *first, ...)
{
	char *argv[MAX_ARGS];
	const char *a;
	va_list ap;
	int n = 0;

	argv[n++] = (char *)memctl_bin;
	argv[n++] = "--sysroot";
	argv[n++] = (char *)root;
	va_start(ap, first);
	for (a = first; a && n < MAX_ARGS - 1; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	return run_argv(r, argv, NULL, 0);
}

static int64_t jint(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v)) {
		fprintf(stderr, "no key %s in %s\n", key,
			json_object_to_json_string(o));
		fail();
	}
	return json_object_get_int64(v);
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v)) {
		fprintf(stderr, "no key %s\n", key);
		fail();
	}
	return json_object_get_string(v);
}

/* ---- version, help, verbs ---- */

static void test_version(void **state)
{
	struct json_object *o;
	struct run r;

	(void)state;
	memctl(&r, "--version", NULL);
	assert_rc(&r, 0);
	assert_true(!strncmp(r.out, "memctl ", 7));
	run_free(&r);
	memctl(&r, "-V", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "-j", "--version", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(jint(o, "interface"), 1);
	json_object_put(o);
	run_free(&r);
}

static void test_help_lists_every_verb(void **state)
{
	char want[64];
	struct run r;
	size_t i;

	(void)state;
	memctl(&r, "help", NULL);
	assert_rc(&r, 0);
	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		snprintf(want, sizeof(want), "  %s ", verbs[i]);
		assert_has(r.out, want);
	}
	assert_has(r.out, "Exit status");
	run_free(&r);
	memctl(&r, "--help", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "  slabinfo ");
	run_free(&r);
}

static void test_help_each_verb(void **state)
{
	char want[64];
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		snprintf(want, sizeof(want), "usage: memctl %s", verbs[i]);
		memctl(&r, "help", verbs[i], NULL);
		assert_rc(&r, 0);
		assert_true(!strncmp(r.out, want, strlen(want)));
		run_free(&r);
		/* VERB --help and VERB -h say the same, without a device */
		memctl(&r, "-d", "/nonexistent/memlab", verbs[i], "--help", NULL);
		assert_rc(&r, 0);
		assert_true(!strncmp(r.out, want, strlen(want)));
		run_free(&r);
		memctl(&r, verbs[i], "-h", NULL);
		assert_rc(&r, 0);
		assert_true(!strncmp(r.out, want, strlen(want)));
		run_free(&r);
	}
	memctl(&r, "help", "nosuchverb", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "nosuchverb");
	run_free(&r);
	memctl(&r, "help", "ls", "caches", NULL);
	assert_rc(&r, 2);
	run_free(&r);
}

static void test_unknown_verb(void **state)
{
	struct run r;

	(void)state;
	memctl(&r, "frobnicate", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "unknown verb 'frobnicate'");
	assert_has(r.err, "memctl help");
	assert_string_equal(r.out, "");
	run_free(&r);

	/* exact matching: a prefix is not a verb, but it gets a suggestion */
	memctl(&r, "create", "hugo", "1024", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "create-cache");
	run_free(&r);
	memctl(&r, "slab", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "slabinfo");
	assert_has(r.err, "slabtop");
	run_free(&r);
	memctl(&r, "LS", NULL);
	assert_rc(&r, 2);
	run_free(&r);
	memctl(&r, "slabinfos", NULL);
	assert_rc(&r, 2);
	run_free(&r);
}

static void test_global_options(void **state)
{
	struct run r;

	(void)state;
	memctl(&r, NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "no verb");
	run_free(&r);
	memctl(&r, "--bogus", "ls", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "--bogus");
	run_free(&r);
	memctl(&r, "-x", "ls", NULL);
	assert_rc(&r, 2);
	run_free(&r);
	memctl(&r, "--sysroot", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "needs a value");
	run_free(&r);
	memctl(&r, "-d", NULL);
	assert_rc(&r, 2);
	run_free(&r);
	/* global options go before the verb; the verb's own come after */
	memctl(&r, "-j", "--sysroot", lab, "meminfo", "MemTotal", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "--sysroot", lab, "meminfo", "-j", "MemTotal", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "{");
	run_free(&r);
	memctl(&r, "--sysroot", lab, "meminfo", "--sysroot", lab, NULL);
	assert_rc(&r, 2);
	run_free(&r);
	memctl(&r, "--pretty", "--sysroot", lab, "meminfo", "MemTotal", "Slab", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 4);
	run_free(&r);
	memctl(&r, "-j", "--sysroot", lab, "meminfo", "MemTotal", "Slab", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 1);
	run_free(&r);
}

/* ---- usage errors: exit 2 before the device is even opened ---- */

static void test_usage_errors(void **state)
{
	static const char *const cases[][8] = {
		{ "kmalloc" },
		{ "kmalloc", "4Q" },
		{ "kmalloc", "0" },
		{ "kmalloc", "-5" },
		{ "kmalloc", "1K", "2K" },
		{ "kmalloc", "1K", "--gfp", "bogus" },
		{ "kmalloc", "1K", "--gfp" },
		{ "kmalloc", "1K", "--bogus" },
		{ "kmalloc", "1K", "-x" },
		{ "kmalloc", "1K", "-n", "0" },
		{ "kmalloc", "1K", "-n", "many" },
		{ "kmalloc", "1K", "--dir", "to-device" },
		{ "alloc-pages" },
		{ "alloc-pages", "x" },
		{ "alloc-pages", "3", "4" },
		{ "alloc-pages", "99" },
		{ "vmalloc", "1.5M" },
		{ "dma-alloc" },
		{ "dma-map", "4K", "--dir", "sideways" },
		{ "alloc" },
		{ "alloc", "0" },
		{ "create-cache" },
		{ "create-cache", "hugo" },
		{ "create-cache", "bad name", "1024" },
		{ "create-cache", "bad/name", "1024" },
		{ "create-cache", "a_name_that_is_far_too_long_for_memlab", "64" },
		{ "create-cache", "hugo", "1024", "--flags", "bogus" },
		{ "create-cache", "hugo", "1024", "--align", "3" },
		{ "create-cache", "hugo", "0" },
		{ "create-cache", "hugo", "1024", "extra" },
		{ "destroy-cache" },
		{ "free" },
		{ "free", "--all", "3" },
		{ "free", "abc" },
		{ "free", "0" },
		{ "free", "4294967296" },
		{ "free", "--caches", "3" },
		{ "persist" },
		{ "ls", "bogus-kind" },
		{ "info" },
		{ "info", "1", "2" },
		{ "info", "x" },
		{ "read" },
		{ "read", "1", "zz" },
		{ "read", "1", "0", "16", "32" },
		{ "write", "1", "0" },
		{ "write", "1" },
		{ "write", "1", "0", "0x1ffffffff" },
		{ "write", "1", "0", "--bytes", "xyz" },
		{ "write", "1", "0", "--bytes", "abc" },
		{ "write", "1", "0", "--string", "" },
		{ "write", "1", "0", "--bytes", "00", "--string", "a" },
		{ "write", "1", "0", "1", "--width", "3" },
		{ "write", "1", "0", "0x1ff", "--width", "1" },
		{ "fill", "1" },
		{ "fill", "1", "zz" },
		{ "fill", "1", "0x100000000" },
		{ "verify", "1" },
		{ "sync", "1" },
		{ "sync", "1", "sideways" },
		{ "sync", "1", "cpu", "0" },
		{ "slabtop", "-s", "x" },
		{ "slabtop", "extra" },
		{ "slabtop", "-d", "0" },
		{ "slabinfo", "-S", "-L" },
		{ "slabinfo", "a", "b" },
		{ "slabinfo", "-N", "x" },
		{ "slabinfo", "--shrink", "--sysroot" },
		{ "buddyinfo", "extra" },
		{ "e820", "extra" },
		{ "vmallocinfo", "extra" },
		{ "symbols" },
		{ "symbols", "a", "b" },
		{ "caches", "extra" },
		{ "stat", "extra" },
		{ "stat", "--bogus" },
		{ "stat", "-x" },
		{ "monitor", "extra" },
		{ "monitor", "--bogus" },
		{ "monitor", "--count", "0" },
		{ "monitor", "--count", "abc" },
		{ "monitor", "--count", "-1" },
		{ "monitor", "--count", "" },
		{ "monitor", "--count" },
		{ "monitor", "-n" },
		{ "monitor", "-n", "0x" },
		{ "monitor", "-t", "-n", "99999999999999999999999" },
		{ "monitor", "--timestamp=yes" },
		{ "monitor", "--pretty" },
		{ "monitor", "-p", "-n", "1" },
		{ "ls", "-N", "bogus-kind" },
		{ "ls", "--netlink", "--bogus" },
		{ "ls", "--netlink=yes" },
	};
	char *argv[12];
	struct run r;
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		argv[0] = (char *)memctl_bin;
		argv[1] = "-d";
		argv[2] = "/nonexistent/memlab";
		for (j = 0; j < 8 && cases[i][j]; j++)
			argv[3 + j] = (char *)cases[i][j];
		argv[3 + j] = NULL;
		run_argv(&r, argv, NULL, 0);
		if (r.rc != 2) {
			fprintf(stderr, "case %zu:", i);
			for (j = 0; argv[3 + j]; j++)
				fprintf(stderr, " '%s'", argv[3 + j]);
			fputc('\n', stderr);
		}
		assert_rc(&r, 2);
		/* the message names the verb and how to get help */
		assert_has(r.err, "memctl: ");
		assert_has(r.err, "memctl help");
		assert_string_equal(r.out, "");
		run_free(&r);
	}
}

/* Sizes and numbers that parse fine get as far as the (missing) device. */
static void test_sizes_accepted(void **state)
{
	static const char *const sizes[] = {
		"1", "4096", "4K", "4k", "1M", "2G", "0x1000", "16K",
	};
	struct run r;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		memctl(&r, "-d", "/nonexistent/memlab", "kmalloc", sizes[i], NULL);
		assert_rc(&r, 3);
		run_free(&r);
		memctl(&r, "-d", "/nonexistent/memlab", "vmalloc", sizes[i],
		       "--gfp", "kernel,zero", "-n", "2", NULL);
		assert_rc(&r, 3);
		run_free(&r);
	}
	memctl(&r, "-d", "/nonexistent/memlab", "create-cache", "hugo", "1K",
	       "--align", "64", "--flags", "poison,redzone,store_user", NULL);
	assert_rc(&r, 3);
	run_free(&r);
	memctl(&r, "-d", "/nonexistent/memlab", "dma-map", "4K", "--dir",
	       "from-device", NULL);
	assert_rc(&r, 3);
	run_free(&r);
	memctl(&r, "-d", "/nonexistent/memlab", "kmalloc", "1024", "--gfp",
	       "atomic", NULL);
	assert_rc(&r, 3);
	run_free(&r);
	memctl(&r, "-d", "/nonexistent/memlab", "write", "1", "4K",
	       "0x12345678", NULL);
	assert_rc(&r, 3);
	run_free(&r);
	memctl(&r, "-d", "/nonexistent/memlab", "write", "1", "0", "--bytes",
	       "de:ad:be:ef", NULL);
	assert_rc(&r, 3);
	run_free(&r);
}

/* ---- the device: exit 3 with a message that says what to do ---- */

static void test_device_missing(void **state)
{
	static const char *const device_verbs[][4] = {
		{ "ls" }, { "caches" }, { "kmalloc", "1K" },
		{ "alloc-pages", "3" }, { "create-cache", "hugo", "1024" },
		{ "alloc", "hugo" }, { "free", "--all" }, { "info", "1" },
		{ "read", "1" }, { "fill", "1", "0x1" }, { "destroy-cache", "hugo" },
		{ "dma-alloc", "1M" }, { "vmalloc", "4M" }, { "persist", "1" },
		{ "sync", "1", "cpu" }, { "verify", "1", "0" },
	};
	char *argv[10];
	struct run r;
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(device_verbs); i++) {
		argv[0] = (char *)memctl_bin;
		argv[1] = "--device";
		argv[2] = "/nonexistent/memlab";
		for (j = 0; j < 4 && device_verbs[i][j]; j++)
			argv[3 + j] = (char *)device_verbs[i][j];
		argv[3 + j] = NULL;
		run_argv(&r, argv, NULL, 0);
		assert_rc(&r, 3);
		assert_has(r.err, "/nonexistent/memlab: No such file or directory");
		assert_has(r.err, "modprobe memlab");
		assert_has(r.err, "insmod driver/memlab.ko");
		run_free(&r);
	}
}

/*
 * The netlink verbs without the memlab family (this machine never loads
 * the module): exit 3, saying what is missing and what to do, and no
 * device opened on the way (-d points nowhere and is not complained about).
 */
static void test_netlink_missing(void **state)
{
	static const char *const nl_verbs[][5] = {
		{ "stat" }, { "-j", "stat" }, { "stat", "-j" }, { "monitor" },
		{ "monitor", "-j" }, { "monitor", "-t", "-n", "1" },
		{ "ls", "-N" }, { "ls", "--netlink", "-a", "kmalloc" },
		{ "-j", "ls", "-N" },
	};
	char *argv[10];
	struct run r;
	size_t i, j;

	(void)state;
	if (!access("/sys/module/memlab", F_OK)) {
		fprintf(stderr, "memlab is loaded on this machine: skipped\n");
		skip();
	}
	for (i = 0; i < ARRAY_SIZE(nl_verbs); i++) {
		argv[0] = (char *)memctl_bin;
		argv[1] = "-d";
		argv[2] = "/nonexistent/memlab";
		for (j = 0; j < 5 && nl_verbs[i][j]; j++)
			argv[3 + j] = (char *)nl_verbs[i][j];
		argv[3 + j] = NULL;
		run_argv(&r, argv, NULL, 0);
		if (r.rc != 3)
			fprintf(stderr, "case %zu: %s %s\n", i, nl_verbs[i][0],
				nl_verbs[i][1] ? nl_verbs[i][1] : "");
		assert_rc(&r, 3);
		assert_has(r.err, "memctl: generic netlink: the family memlab is not registered");
		assert_has(r.err, "is the memlab module loaded?");
		assert_has(r.err, "modprobe memlab");
		assert_null(strstr(r.err, "/nonexistent/memlab"));
		assert_int_equal(count_lines(r.err), 1);
		assert_string_equal(r.out, "");
		run_free(&r);
	}
}

/* The netlink verbs' help: formats, options, and where they are listed. */
static void test_help_netlink(void **state)
{
	static const char *const monitor_has[] = {
		"usage: memctl monitor [-t] [-n N]\n",
		"  obj-new id ID kind KIND size SIZE uid UID [order N] [cache ID name NAME]\n",
		"  cache-new id ID name NAME size SIZE uid UID [merged-into CACHE]\n",
		"  alloc-failed kind KIND size SIZE uid UID",
		"  limit-hit kind KIND size SIZE uid UID",
		"  unloading objects N caches N\n",
		"  -t, --timestamp ", "  -n, --count N ", "  -j, --json ",
		"events lost: socket overrun", "SIGINT, SIGTERM: exit status 0",
	};
	struct run r;
	size_t i;
	char *p;

	(void)state;
	memctl(&r, "help", NULL);
	assert_rc(&r, 0);
	p = strstr(r.out, "\nMonitoring (generic netlink; no /dev/memlab needed):\n");
	assert_non_null(p);
	assert_non_null(strstr(p, "\n  stat "));
	assert_non_null(strstr(p, "\n  monitor "));
	assert_has(r.out, "3 /dev/memlab (stat, monitor, ls -N: memlab's netlink family)");
	run_free(&r);

	memctl(&r, "help", "monitor", NULL);
	assert_rc(&r, 0);
	for (i = 0; i < ARRAY_SIZE(monitor_has); i++)
		assert_has(r.out, monitor_has[i]);
	run_free(&r);
	memctl(&r, "stat", "--help", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "usage: memctl stat\n");
	assert_has(r.out, "max_order");
	assert_has(r.out, "\"kinds\"");
	run_free(&r);
	memctl(&r, "ls", "-h", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "usage: memctl ls [KIND...] [-a] [-N]\n");
	assert_has(r.out, "  -N, --netlink ");
	assert_has(r.out, "(FLAG without P)");
	run_free(&r);
	/* help is served before any netlink or device access */
	memctl(&r, "-d", "/nonexistent/memlab", "monitor", "-n", "0", "-h", NULL);
	assert_rc(&r, 2);
	run_free(&r);
	memctl(&r, "-d", "/nonexistent/memlab", "monitor", "-h", "-n", "0", NULL);
	assert_rc(&r, 0);
	run_free(&r);

	/* usage errors name the problem */
	memctl(&r, "monitor", "--count", "0", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "memctl: monitor: --count wants 1 or more events\n");
	assert_has(r.err, "usage: memctl monitor [-t] [-n N]\n");
	run_free(&r);
	memctl(&r, "monitor", "--count", "abc", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "memctl: monitor: bad count 'abc'");
	run_free(&r);
	memctl(&r, "monitor", "--count", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "memctl: monitor: option --count needs a value");
	run_free(&r);
	memctl(&r, "-p", "monitor", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "JSON lines");
	run_free(&r);
	memctl(&r, "stat", "extra", NULL);
	assert_rc(&r, 2);
	assert_has(r.err, "memctl: stat: too many arguments");
	run_free(&r);
}

/* monitor in a script could only wait forever: refused, exit 2. */
static void test_monitor_in_run(void **state)
{
	char path[] = "/tmp/memctl-monitor.XXXXXX";
	char *argv[] = { (char *)memctl_bin, "-d", "/nonexistent/memlab",
			 "run", path, NULL };
	struct run r;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("monitor -n 1\n", f);
	fclose(f);
	run_argv(&r, argv, NULL, 0);
	unlink(path);
	/* refused before anything is opened: the session opens lazily */
	assert_rc(&r, 2);
	assert_has(r.err, "memctl: monitor: monitor waits for events and cannot run inside `memctl run`");
	run_free(&r);
}

static void test_device_env(void **state)
{
	struct run r;

	(void)state;
	setenv("MEMCTL_DEVICE", "/nonexistent/other", 1);
	memctl(&r, "ls", NULL);
	unsetenv("MEMCTL_DEVICE");
	assert_rc(&r, 3);
	assert_has(r.err, "/nonexistent/other");
	run_free(&r);
}

static void test_device_not_memlab(void **state)
{
	struct run r;

	(void)state;
	memctl(&r, "-d", "/dev/null", "ls", NULL);
	assert_rc(&r, 3);
	assert_has(r.err, "/dev/null");
	run_free(&r);
}

static void test_device_eacces(void **state)
{
	char path[] = "/tmp/memctl-test-dev.XXXXXX";
	char *argv[] = { (char *)memctl_bin, "-d", path, "ls", NULL };
	struct run r;
	int fd;

	(void)state;
	if (geteuid() != 0)
		skip();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	chmod(path, 0600);
	run_argv(&r, argv, NULL, RUN_AS_NOBODY);
	unlink(path);
	assert_rc(&r, 3);
	assert_has(r.err, "Permission denied");
	assert_has(r.err, "group memlab");
	run_free(&r);
}

/* ---- views on the lab sysroot ---- */

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	s = calloc(1, n + 1);
	if (s && fread(s, 1, n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	fclose(f);
	return s;
}

static void assert_expected(const char *got, const char *name)
{
	char path[PATH_MAX];
	char *want;

	snprintf(path, sizeof(path), "%s/../expected/%s", CLI_FIXTURES, name);
	want = read_file(path);
	if (!want)
		fprintf(stderr, "cannot read %s\n", path);
	assert_non_null(want);
	if (strcmp(got, want))
		fprintf(stderr, "%s differs:\n--- want ---\n%s--- got ---\n%s", name,
			want, got);
	assert_string_equal(got, want);
	free(want);
}

static void test_slabinfo_lab(void **state)
{
	struct run r;

	(void)state;
	memctl_at(&r, lab, "slabinfo", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo.txt");
	/* the lab notes' line, character for character */
	assert_has(r.out, "\n:0001024                  2377    1024            2.4M      132/10/18   16 2   6  99 *\n");
	assert_has(r.out, "\nbdev_cache                  76     816           65.5K          0/0/4   19 2   0  94 Aa\n");
	run_free(&r);

	memctl_at(&r, lab, "slabinfo", "-z", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-z.txt");
	run_free(&r);
	memctl_at(&r, lab, "slabinfo", "-e", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-e.txt");
	run_free(&r);
	memctl_at(&r, lab, "slabinfo", "-S", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-S.txt");
	run_free(&r);
	memctl_at(&r, lab, "slabinfo", "-L", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-L.txt");
	run_free(&r);
	memctl_at(&r, lab, "slabinfo", "-B", "-N", "3", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-BN3.txt");
	run_free(&r);
}

static void test_slabinfo_aliases_lab(void **state)
{
	struct json_object *o, *e, *names;
	struct run r;
	size_t i;
	bool found = false;

	(void)state;
	memctl_at(&r, lab, "slabinfo", "-a", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-a.txt");
	assert_has(r.out, ":0001024     <- biovec-64 hugo sgpool-32\n");
	run_free(&r);
	/* -1: also the single alias of :0000064 */
	memctl_at(&r, lab, "slabinfo", "-a", "-1", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, ":0000064     <- ext4_io_end\n");
	assert_int_equal(count_lines(r.out), 5);
	run_free(&r);

	memctl_at(&r, lab, "-j", "slabinfo", "-a", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_true(json_object_is_type(o, json_type_array));
	assert_int_equal(json_object_array_length(o), 4);
	for (i = 0; i < json_object_array_length(o); i++) {
		e = json_object_array_get_idx(o, i);
		if (strcmp(jstr(e, "cache"), ":0001024"))
			continue;
		assert_true(json_object_object_get_ex(e, "aliases", &names));
		assert_int_equal(json_object_array_length(names), 3);
		assert_string_equal(json_object_get_string(
			json_object_array_get_idx(names, 1)), "hugo");
		found = true;
	}
	assert_true(found);
	json_object_put(o);
	run_free(&r);
}

static void test_slabinfo_one_cache(void **state)
{
	struct json_object *o;
	struct run r;

	(void)state;
	/* by alias: the cache it was merged into, in detail */
	memctl_at(&r, lab, "slabinfo", "hugo", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "Slabcache: hugo             Aliases:  3 Order :  2 Objects: 2377\n");
	assert_has(r.out, "Alias names: biovec-64 hugo sgpool-32");
	assert_has(r.out, "Object :    1024  Total  :     150   Sanity Checks : Off  Total: 2457600\n");
	run_free(&r);
	memctl_at(&r, lab, "slabinfo", "memlab_dbg", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabinfo-memlab_dbg.txt");
	run_free(&r);

	memctl_at(&r, lab, "slabinfo", "hugo", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_string_equal(jstr(o, "cache"), ":0001024");
	assert_int_equal(jint(o, "objects"), 2377);
	assert_int_equal(jint(o, "object_size"), 1024);
	assert_int_equal(jint(o, "slabs"), 150);
	assert_int_equal(jint(o, "partial"), 10);
	assert_int_equal(jint(o, "cpu_slabs"), 18);
	assert_int_equal(jint(o, "space"), 2457600);
	assert_int_equal(jint(o, "pct_free"), 6);
	assert_int_equal(jint(o, "pct_eff"), 99);
	assert_string_equal(jstr(o, "flags"), "*");
	json_object_put(o);
	run_free(&r);

	/* a pattern, like the kernel's tool; no match is a failure */
	memctl_at(&r, lab, "slabinfo", "^bdev", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 2);
	assert_has(r.out, "bdev_cache");
	run_free(&r);
	memctl_at(&r, lab, "slabinfo", "nosuchcache", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "nosuchcache");
	run_free(&r);
}

static void test_slabtop_lab(void **state)
{
	struct json_object *o, *caches;
	struct run r;

	(void)state;
	memctl_at(&r, lab, "slabtop", "-o", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabtop-o.txt");
	run_free(&r);
	/* not a terminal: once, even without -o */
	memctl_at(&r, lab, "slabtop", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabtop-o.txt");
	run_free(&r);
	memctl_at(&r, lab, "slabtop", "-o", "-s", "n", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabtop-sn.txt");
	run_free(&r);
	memctl_at(&r, lab, "slabtop", "-o", "--sort=c", NULL);
	assert_rc(&r, 0);
	assert_expected(r.out, "lab-slabtop-sc.txt");
	run_free(&r);

	memctl_at(&r, lab, "-j", "slabtop", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(jint(o, "total_objects"), 181583);
	assert_int_equal(jint(o, "active_objects"), 181389);
	assert_int_equal(jint(o, "total_caches"), 14);
	assert_int_equal(jint(o, "active_caches"), 10);
	assert_true(json_object_object_get_ex(o, "caches", &caches));
	assert_int_equal(json_object_array_length(caches), 14);
	assert_string_equal(jstr(json_object_array_get_idx(caches, 0), "name"),
			    "dentry");
	json_object_put(o);
	run_free(&r);
}

static void test_buddyinfo_lab(void **state)
{
	struct json_object *o, *zones, *z, *free_;
	struct run r;
	long ps = sysconf(_SC_PAGESIZE);

	(void)state;
	memctl_at(&r, lab, "buddyinfo", NULL);
	assert_rc(&r, 0);
	/* the kernel's lines, the per-zone tables and totals, '#' bars */
	assert_has(r.out, "Node 0, zone      DMA      1      3      3      0      3      2      0      0      1      1      3\n");
	assert_has(r.out, "Node 0, zone DMA: ");
	assert_has(r.out, "in 17 blocks (3971 pages)");
	assert_has(r.out, "Node 0, zone Normal: ");
	assert_has(r.out, "order    block     free      bytes  distribution");
	assert_has(r.out, "########################################\n");
	assert_has(r.out, "All zones: ");
	assert_null(strstr(r.out, "\u2588"));	/* not a tty: plain ASCII */
	run_free(&r);

	memctl_at(&r, lab, "buddyinfo", "--no-chart", NULL);
	assert_rc(&r, 0);
	assert_null(strstr(r.out, "#"));
	assert_null(strstr(r.out, "distribution"));
	run_free(&r);

	memctl_at(&r, lab, "buddyinfo", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(jint(o, "page_size"), ps);
	assert_true(json_object_object_get_ex(o, "zones", &zones));
	assert_int_equal(json_object_array_length(zones), 3);
	z = json_object_array_get_idx(zones, 0);
	assert_string_equal(jstr(z, "zone"), "DMA");
	assert_int_equal(jint(z, "free_pages"), 3971);
	assert_int_equal(jint(z, "free_blocks"), 17);
	assert_int_equal(jint(z, "free_bytes"), 3971 * ps);
	assert_true(json_object_object_get_ex(z, "free", &free_));
	assert_int_equal(json_object_array_length(free_), 11);
	assert_int_equal(json_object_get_int(json_object_array_get_idx(free_, 10)), 3);
	z = json_object_array_get_idx(zones, 2);
	assert_string_equal(jstr(z, "zone"), "Normal");
	assert_int_equal(jint(z, "free_blocks"), 863);
	json_object_put(o);
	run_free(&r);

	memctl_at(&r, lab, "buddyinfo", "-t", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "Page block order: 9, pages per block: 512");
	assert_has(r.out, "Node    0, zone   Normal, type      Movable");
	run_free(&r);
	memctl_at(&r, lab, "buddyinfo", "--types", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(jint(o, "pageblock_order"), 9);
	assert_true(json_object_object_get_ex(o, "types", &zones));
	assert_int_equal(json_object_array_length(zones), 15);
	json_object_put(o);
	run_free(&r);
}

static void test_e820_lab(void **state)
{
	/* usable ranges of the lab notes' map */
	const uint64_t usable = 0x9f400ULL + (0xbfee0000ULL - 0x100000ULL) +
				0x100000ULL + (0x16c0000000ULL - 0x100000000ULL);
	struct json_object *o, *ranges, *r0;
	char want[128];
	struct run r;

	(void)state;
	memctl_at(&r, lab, "e820", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "[mem 0x0000000000000000-0x000000000009f3ff]");
	assert_has(r.out, "usable         System RAM\n");
	assert_has(r.out, "[mem 0x00000000bfeff000-0x00000000bfefffff]");
	assert_has(r.out, "ACPI NVS       ACPI Non-volatile Storage\n");
	assert_has(r.out, "ACPI data      ACPI Tables\n");
	snprintf(want, sizeof(want), "(%llu bytes) in 4 ranges",
		 (unsigned long long)usable);
	assert_has(r.out, want);
	assert_int_equal(count_lines(r.out), 14);
	run_free(&r);

	memctl_at(&r, lab, "e820", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(jint(o, "usable"), (int64_t)usable);
	assert_true(json_object_object_get_ex(o, "ranges", &ranges));
	assert_int_equal(json_object_array_length(ranges), 12);
	r0 = json_object_array_get_idx(ranges, 0);
	assert_string_equal(jstr(r0, "start"), "0x0");
	assert_string_equal(jstr(r0, "end"), "0x9f3ff");
	assert_int_equal(jint(r0, "size"), 0x9f400);
	assert_string_equal(jstr(r0, "e820_type"), "usable");
	json_object_put(o);
	run_free(&r);
}

static void test_vmallocinfo_lab(void **state)
{
	struct json_object *o;
	struct run r;

	(void)state;
	memctl_at(&r, lab, "vmallocinfo", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "6 areas, ");
	assert_int_equal(count_lines(r.out), 8);
	run_free(&r);
	memctl_at(&r, lab, "vmallocinfo", "--caller", "memlab", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "0xffffc90000400000-0xffffc90000801000");
	assert_has(r.out, "memlab_vmalloc_alloc+0x30/0x60 [memlab]");
	assert_has(r.out, "2 areas, ");
	assert_has(r.out, "1026 pages");
	assert_int_equal(count_lines(r.out), 4);
	run_free(&r);
	memctl_at(&r, lab, "vmallocinfo", "--kind", "ioremap", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(json_object_array_length(o), 1);
	assert_string_equal(jstr(json_object_array_get_idx(o, 0), "caller"),
			    "acpi_os_map_iomem+0x1c9/0x1f0");
	json_object_put(o);
	run_free(&r);
	memctl_at(&r, lab, "vmallocinfo", "-c", "memlab", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(json_object_array_length(o), 2);
	assert_int_equal(jint(json_object_array_get_idx(o, 0), "size"), 4198400);
	assert_int_equal(jint(json_object_array_get_idx(o, 0), "pages"), 1024);
	json_object_put(o);
	run_free(&r);
}

static void test_meminfo_lab(void **state)
{
	struct json_object *o;
	struct run r;

	(void)state;
	memctl_at(&r, lab, "meminfo", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 21);
	assert_true(!strncmp(r.out, "MemTotal:        3977636 kB", 27));
	assert_has(r.out, "\nHugePages_Total:        0\n");
	run_free(&r);
	memctl_at(&r, lab, "meminfo", "MemFree", "Slab:", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 2);
	assert_true(!strncmp(r.out, "MemFree:         2833484 kB", 27));
	assert_has(r.out, "\nSlab:              86766 kB");
	run_free(&r);
	memctl_at(&r, lab, "meminfo", "MemFree", "NoSuchKey", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "NoSuchKey");
	assert_has(r.out, "MemFree:");
	run_free(&r);
	memctl_at(&r, lab, "-j", "meminfo", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(jint(o, "MemTotal"), 3977636LL * 1024);
	assert_int_equal(jint(o, "HugePages_Total"), 0);
	assert_int_equal(json_object_object_length(o), 21);
	json_object_put(o);
	run_free(&r);
}

static void test_symbols_lab(void **state)
{
	static const char want[] =
		"ffffffffc06e1000 t hugo_init\t[hugo]\n"
		"ffffffffc06e1030 t hugo_exit\t[hugo]\n"
		"ffffffffc06e3000 d __this_module\t[hugo]\n"
		"ffffffffc06e1030 t cleanup_module\t[hugo]\n"
		"ffffffffc06e1000 t init_module\t[hugo]\n"
		"ffffffffc06e3344 b aaa\t[hugo]\n"
		"ffffffffc06e3340 b bbb\t[hugo]\n";
	struct json_object *o, *s;
	struct run r;

	(void)state;
	/* like `grep hugo /proc/kallsyms` in the lab notes */
	memctl_at(&r, lab, "symbols", "hugo", NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.out, want);
	run_free(&r);
	memctl_at(&r, lab, "symbols", "memlab", "-j", NULL);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_int_equal(json_object_array_length(o), 2);
	s = json_object_array_get_idx(o, 1);
	assert_string_equal(jstr(s, "name"), "memlab_ioctl");
	assert_string_equal(jstr(s, "type"), "T");
	assert_string_equal(jstr(s, "addr"), "0xffffffffc0700100");
	assert_string_equal(jstr(s, "module"), "memlab");
	json_object_put(o);
	run_free(&r);
	memctl_at(&r, lab, "symbols", "nosuchmodule", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "nosuchmodule");
	run_free(&r);
}

/* Every view, text and JSON, on every snapshot: exit 0, one JSON document. */
static void check_views_json(const char *root)
{
	static const char *const views[][3] = {
		{ "slabinfo" }, { "slabinfo", "-a" }, { "slabinfo", "-z" },
		{ "slabtop", "-o" }, { "buddyinfo" }, { "buddyinfo", "-t" },
		{ "e820" }, { "vmallocinfo" }, { "meminfo" },
	};
	struct json_object *o;
	char *argv[10];
	struct run r;
	size_t i, j;
	int pretty;

	for (i = 0; i < ARRAY_SIZE(views); i++) {
		for (pretty = 0; pretty < 3; pretty++) {
			int n = 0;

			argv[n++] = (char *)memctl_bin;
			argv[n++] = "--sysroot";
			argv[n++] = (char *)root;
			if (pretty == 1)
				argv[n++] = "-j";
			else if (pretty == 2)
				argv[n++] = "--pretty";
			for (j = 0; j < 3 && views[i][j]; j++)
				argv[n++] = (char *)views[i][j];
			argv[n] = NULL;
			run_argv(&r, argv, NULL, 0);
			if (r.rc)
				fprintf(stderr, "%s on %s\n", views[i][0], root);
			assert_rc(&r, 0);
			assert_string_equal(r.err, "");
			if (pretty) {
				o = parse_json(r.out);
				assert_non_null(o);
				json_object_put(o);
			} else {
				assert_true(strlen(r.out) > 0);
			}
			run_free(&r);
		}
	}
}

static void test_views_json_lab(void **state)
{
	(void)state;
	check_views_json(lab);
}

static void test_views_errors(void **state)
{
	static const char *const views[] = {
		"slabinfo", "slabtop", "buddyinfo", "e820", "vmallocinfo",
		"meminfo",
	};
	char bad[PATH_MAX];
	struct run r;
	size_t i;

	(void)state;
	/* a snapshot that is not there: exit 1, the file named */
	for (i = 0; i < ARRAY_SIZE(views); i++) {
		memctl_at(&r, "/nonexistent/snapshot", views[i], NULL);
		assert_rc(&r, 1);
		assert_has(r.err, "/nonexistent/snapshot");
		assert_has(r.err, "--sysroot");
		run_free(&r);
	}
	memctl_at(&r, "/nonexistent/snapshot", "symbols", "memlab", NULL);
	assert_rc(&r, 1);
	run_free(&r);

	/* /proc/slabinfo is root's: say so */
	if (geteuid() == 0 && !access("/proc/slabinfo", R_OK)) {
		struct stat st;
		char *argv[] = { (char *)memctl_bin, "slabtop", "-o", NULL };

		if (!stat("/proc/slabinfo", &st) && !(st.st_mode & 0004)) {
			run_argv(&r, argv, NULL, RUN_AS_NOBODY);
			assert_rc(&r, 1);
			assert_has(r.err, "/proc/slabinfo: Permission denied");
			assert_has(r.err, "run memctl as root");
			run_free(&r);
		}
	}

	/* malformed files: exit 1 and the file and line, never a crash */
	snprintf(bad, sizeof(bad), "%s/bad", CLI_FIXTURES);
	memctl_at(&r, bad, "buddyinfo", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "buddyinfo:2:");
	run_free(&r);
	memctl_at(&r, bad, "meminfo", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "meminfo:2:");
	run_free(&r);
	memctl_at(&r, bad, "slabtop", "-o", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "slabinfo:1:");
	assert_string_equal(r.out, "");
	run_free(&r);
	memctl_at(&r, bad, "-j", "buddyinfo", NULL);
	assert_rc(&r, 1);
	assert_string_equal(r.out, "");
	run_free(&r);
}

/* ---- man page and bash completion ---- */

/* @s with every run of blanks and newlines made one space (malloc'd). */
static char *squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *p = out;

	assert_non_null(out);
	for (; *s; s++) {
		if (strchr(" \t\n", *s)) {
			if (p > out && p[-1] == ' ')
				continue;
			*p++ = ' ';
		} else {
			*p++ = *s;
		}
	}
	*p = 0;
	return out;
}

static void test_man_page(void **state)
{
	char page[PATH_MAX], want[64], *flat;
	char *argv[] = { "/bin/sh", "-c",
		"LC_ALL=C.UTF-8 MANWIDTH=80 groff -man -Tutf8 -ww -z \"$0\" 2>&1 && "
		"LC_ALL=C.UTF-8 groff -man -Tutf8 \"$0\" 2>/dev/null | col -b",
		page, NULL };
	struct run r;
	size_t i;

	(void)state;
	snprintf(page, sizeof(page), "%s/memctl.8", CLI_SRC);
	if (access("/usr/bin/groff", X_OK))
		skip();
	run_argv(&r, argv, NULL, 0);
	assert_rc(&r, 0);
	assert_string_equal(r.err, "");
	/* every verb has its entry, and the exit codes are there */
	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		if (!strcmp(verbs[i], "help"))
			continue;
		snprintf(want, sizeof(want), "\n       %s", verbs[i]);
		assert_has(r.out, want);
	}
	assert_has(r.out, "EXIT STATUS");
	assert_has(r.out, "modprobe memlab");
	/* the netlink verbs: their section, formats and ls -N */
	assert_has(r.out, "\nMONITORING VERBS\n");
	assert_has(r.out, "obj-new id ID kind KIND size SIZE uid UID");
	assert_has(r.out, "cache-new id ID name NAME size SIZE uid UID [merged-into CACHE]");
	assert_has(r.out, "unloading objects N caches N");
	assert_has(r.out, "events lost: socket overrun");
	assert_has(r.out, "-N|--netlink");
	flat = squeeze(r.out);
	assert_has(flat, "memlab's generic netlink family is not registered");
	assert_has(flat, "file-scoped objects your uid made in other processes");
	assert_has(flat, "SIGINT or SIGTERM (exit status 0)");
	free(flat);
	assert_true(!strncmp(r.out, "MEMCTL(8)", 9));
	run_free(&r);
}

/* Complete COMP_WORDS = @words (the last one being completed). */
static char *complete(const char *const *words)
{
	char script[PATH_MAX + 256], buf[4096] = "";
	char *argv[MAX_ARGS];
	struct run r;
	size_t n = 0, i;

	snprintf(script, sizeof(script),
		 "source '%s/bash-completion/memctl' || exit 1; "
		 "COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1)); _memctl; "
		 "echo \"${COMPREPLY[*]}\"", CLI_SRC);
	argv[n++] = "/bin/bash";
	argv[n++] = "-c";
	argv[n++] = script;
	argv[n++] = "bash";
	argv[n++] = (char *)memctl_bin;
	for (i = 0; words[i] && n < MAX_ARGS - 1; i++)
		argv[n++] = (char *)words[i];
	argv[n] = NULL;
	run_argv(&r, argv, NULL, 0);
	assert_rc(&r, 0);
	snprintf(buf, sizeof(buf), "%s", r.out);
	run_free(&r);
	buf[strcspn(buf, "\n")] = 0;
	return strdup(buf);
}

#define assert_completes(want, ...)					\
	do {								\
		const char *const w_[] = { __VA_ARGS__, NULL };		\
		char *got_ = complete(w_);				\
									\
		if (strcmp(got_, (want)))				\
			fprintf(stderr, "completion: want \"%s\", got \"%s\"\n", \
				(want), got_);				\
		assert_string_equal(got_, (want));			\
		free(got_);						\
	} while (0)

static void test_bash_completion(void **state)
{
	char all[1024] = "", *p;
	const char *const none[] = { "", NULL };
	struct run r;
	size_t i;

	(void)state;
	if (access("/bin/bash", X_OK))
		skip();
	/* the verbs it offers are exactly those of `memctl help` */
	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		strcat(all, i ? " " : "");
		strcat(all, verbs[i]);
	}
	p = complete(none);
	assert_string_equal(p, all);
	free(p);
	memctl(&r, "help", NULL);
	assert_rc(&r, 0);
	p = strstr(r.out, "\nGlobal options");
	assert_non_null(p);
	*p = 0;		/* the verb list only */
	p = strstr(r.out, "\nVerbs:");
	assert_non_null(p);
	for (i = 0; (p = strstr(p, "\n  ")); i++) {
		char verb[32];

		p += 3;
		assert_int_equal(sscanf(p, "%31s", verb), 1);
		assert_non_null(strstr(all, verb));
	}
	assert_int_equal(i, ARRAY_SIZE(verbs));
	run_free(&r);

	assert_completes("create-cache", "cr");
	assert_completes("slabinfo slabtop", "sla");
	assert_completes("--sysroot", "--sys");
	assert_completes("kernel", "kmalloc", "1K", "--gfp", "ker");
	assert_completes("kernel,atomic kernel,account", "kmalloc", "1K",
			 "--gfp", "kernel,a");
	assert_completes("poison", "create-cache", "hugo", "1K", "--flags", "p");
	assert_completes("redzone,red_zone", "create-cache", "hugo", "1K",
			 "--flags", "redzone,red");
	assert_completes("to-device", "dma-map", "4K", "--dir", "t");
	assert_completes("cpu device", "sync", "3", "");
	assert_completes("a b c l v n o p s u", "slabtop", "-s", "");
	assert_completes("slabinfo slabtop", "help", "sl");
	assert_completes("dma-coherent dma-streaming", "ls", "d");
	assert_completes("--once", "slabtop", "--o");
	assert_completes("--all", "free", "--a");
	assert_completes("stat", "st");
	assert_completes("monitor", "mon");
	assert_completes("--timestamp", "monitor", "--t");
	assert_completes("--count", "monitor", "--c");
	assert_completes("-t --timestamp -n --count -j --json -p --pretty -h --help",
			 "monitor", "-");
	assert_completes("", "monitor", "-n", "");
	assert_completes("-a --addresses -N --netlink -j --json -p --pretty -h --help",
			 "ls", "-");
	assert_completes("--netlink", "ls", "--n");
	/* -N of ls takes no value: kinds after it */
	assert_completes("dma-coherent dma-streaming", "ls", "-N", "d");
	assert_completes("-j --json -p --pretty -h --help", "stat", "-");
	assert_completes("hugo", "--sysroot", lab, "slabinfo", "h");
	assert_completes("bdev_cache biovec-64 biovec-max", "--sysroot", lab,
			 "slabinfo", "-a", "b");
	/* no device: no ids, no cache names, and no noise */
	assert_completes("", "-d", "/nonexistent/memlab", "free", "");
	assert_completes("", "-d", "/nonexistent/memlab", "alloc", "");
}

/* ---- cross-checks against the kernel's slabinfo and procps' slabtop ---- */

static const char *slabinfo_bin(void)
{
	const char *s = getenv("SLABINFO_BIN");

	return s && *s ? s : SLABINFO_BIN_DEFAULT;
}

/* Copy @src to a fresh temporary directory; returns its path (static). */
static const char *copy_tree(const char *src)
{
	static char dir[PATH_MAX];
	char cmd[3 * PATH_MAX];

	snprintf(dir, sizeof(dir), "/tmp/memctl-xcheck.XXXXXX");
	if (!mkdtemp(dir))
		return NULL;
	snprintf(cmd, sizeof(cmd), "cp -a '%s'/. '%s'/", src, dir);
	if (system(cmd))
		return NULL;
	return dir;
}

static void remove_tree(const char *dir)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		fprintf(stderr, "cannot remove %s\n", dir);
}

/* Copy a dynamically linked program and its libraries into @root. */
static int install_program(const char *root, const char *prog)
{
	char cmd[4 * PATH_MAX];

	snprintf(cmd, sizeof(cmd),
		 "for f in '%s' $(ldd '%s' | grep -o '/[^ ]*'); do "
		 "mkdir -p '%s'\"$(dirname $f)\" && cp -L $f '%s'\"$f\" || exit 1; done",
		 prog, prog, root, root);
	return system(cmd) ? -1 : 0;
}

/*
 * "TARGET <- a b c" lines into "TARGET a\nTARGET b\n..." sorted, so that
 * two alias listings compare whatever order the names come in (the tool
 * prints them in directory order and may split a target over two lines).
 */
static char *normalize_aliases(const char *s)
{
	char *copy = strdup(s), *line, *save = NULL, *tok, *save2, *target;
	char **v = NULL, *out;
	size_t n = 0, cap = 0, len = 1, i;

	for (line = strtok_r(copy, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		target = strtok_r(line, " ", &save2);
		if (!target)
			continue;
		tok = strtok_r(NULL, " ", &save2);	/* "<-" */
		while ((tok = strtok_r(NULL, " ", &save2))) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				v = realloc(v, cap * sizeof(*v));
			}
			if (asprintf(&v[n], "%s %s\n", target, tok) < 0)
				abort();
			len += strlen(v[n++]);
		}
	}
	for (i = 1; i < n; i++) {	/* insertion sort: short lists */
		char *x = v[i];
		size_t j = i;

		for (; j > 0 && strcmp(v[j - 1], x) > 0; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
	out = calloc(1, len);
	for (i = 0; i < n; i++) {
		strcat(out, v[i]);
		free(v[i]);
	}
	free(v);
	free(copy);
	return out;
}

/* The report block of the tool: "Slabcache:" to the "Align" line. */
static char *report_block(const char *s)
{
	const char *a = strstr(s, "Slabcache:"), *b;
	char *out, *p, *q;

	if (!a)
		return strdup("");
	b = strstr(a, "\nAlign  :");
	b = b ? strchr(b + 1, '\n') : NULL;
	out = strndup(a, b ? (size_t)(b - a + 1) : strlen(a));
	/* drop memctl's extra "Alias names:" line */
	p = strstr(out, "Alias names:");
	if (p) {
		q = strchr(p, '\n');
		memmove(p, q + 1, strlen(q + 1) + 1);
	}
	return out;
}

static int xcheck_slabinfo(const char *fixture)
{
	static const char *const optsets[][3] = {
		{ NULL }, { "-z" }, { "-e" }, { "-S" }, { "-L" }, { "-i" },
		{ "-B" }, { "-P" }, { "-N", "5" }, { "-a" },
		{ "-a", "-1" },
	};
	char *argv[12], tool_in_root[] = "/slabinfo.xcheck", tool_path[PATH_MAX];
	char cmd[2 * PATH_MAX];
	const char *root;
	struct run mine, tool;
	size_t i, j;
	int checked = 0;

	if (geteuid() != 0 || access(slabinfo_bin(), X_OK))
		return -1;
	root = copy_tree(fixture);
	if (!root)
		return -1;
	snprintf(tool_path, sizeof(tool_path), "%s%s", root, tool_in_root);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", slabinfo_bin(), tool_path);
	if (system(cmd)) {
		remove_tree(root);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(optsets); i++) {
		int n = 0, m = 0;
		char *targv[6];
		bool alias = optsets[i][0] && !strcmp(optsets[i][0], "-a");

		argv[n++] = (char *)memctl_bin;
		argv[n++] = "--sysroot";
		argv[n++] = (char *)root;
		argv[n++] = "slabinfo";
		targv[m++] = tool_in_root;
		for (j = 0; j < 3 && optsets[i][j]; j++) {
			argv[n++] = (char *)optsets[i][j];
			targv[m++] = (char *)optsets[i][j];
		}
		argv[n] = NULL;
		targv[m] = NULL;
		run_argv(&mine, argv, NULL, 0);
		run_argv(&tool, targv, root, 0);
		assert_rc(&mine, 0);
		assert_rc(&tool, 0);
		if (alias) {
			char *a = normalize_aliases(mine.out);
			char *b = normalize_aliases(tool.out);

			if (strcmp(a, b))
				fprintf(stderr, "%s slabinfo %s: aliases differ\n--- tool ---\n%s--- memctl ---\n%s",
					fixture, optsets[i][0], tool.out, mine.out);
			assert_string_equal(a, b);
			free(a);
			free(b);
		} else {
			if (strcmp(mine.out, tool.out))
				fprintf(stderr, "%s slabinfo %s differs\n--- tool ---\n%s--- memctl ---\n%s",
					fixture, optsets[i][0] ? optsets[i][0] : "",
					tool.out, mine.out);
			assert_string_equal(mine.out, tool.out);
		}
		run_free(&mine);
		run_free(&tool);
		checked++;
	}
	remove_tree(root);
	return checked;
}

/* One cache in detail: the tool's report block for a non-merged cache. */
static void xcheck_report(const char *fixture, const char *cache)
{
	char tool_in_root[] = "/slabinfo.xcheck", path[PATH_MAX];
	char cmd[2 * PATH_MAX], anchored[128];
	char *targv[] = { tool_in_root, anchored, NULL };
	struct run mine, tool;
	const char *root;
	char *a, *b;

	if (geteuid() != 0 || access(slabinfo_bin(), X_OK))
		return;
	root = copy_tree(fixture);
	assert_non_null(root);
	snprintf(path, sizeof(path), "%s%s", root, tool_in_root);
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", slabinfo_bin(), path);
	assert_int_equal(system(cmd), 0);
	snprintf(anchored, sizeof(anchored), "^%s$", cache);
	memctl_at(&mine, root, "slabinfo", cache, NULL);
	run_argv(&tool, targv, root, 0);
	assert_rc(&mine, 0);
	assert_rc(&tool, 0);
	a = report_block(mine.out);
	b = report_block(tool.out);
	if (strcmp(a, b))
		fprintf(stderr, "report %s differs\n--- tool ---\n%s--- memctl ---\n%s",
			cache, b, a);
	assert_string_equal(a, b);
	free(a);
	free(b);
	run_free(&mine);
	run_free(&tool);
	remove_tree(root);
}

static int xcheck_slabtop(const char *fixture)
{
	static const char *const keys[] = {
		NULL, "a", "b", "c", "l", "v", "n", "o", "p", "s", "u",
	};
	char *argv[10], *targv[6];
	const char *root, *slabtop = "/usr/bin/slabtop";
	struct run mine, tool;
	size_t i;
	int checked = 0;

	if (geteuid() != 0 || access(slabtop, X_OK))
		return -1;
	root = copy_tree(fixture);
	if (!root)
		return -1;
	if (install_program(root, slabtop)) {
		remove_tree(root);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		int n = 0, m = 0;

		argv[n++] = (char *)memctl_bin;
		argv[n++] = "--sysroot";
		argv[n++] = (char *)root;
		argv[n++] = "slabtop";
		argv[n++] = "-o";
		targv[m++] = (char *)slabtop;
		targv[m++] = "-o";
		if (keys[i]) {
			argv[n++] = "-s";
			argv[n++] = (char *)keys[i];
			targv[m++] = "-s";
			targv[m++] = (char *)keys[i];
		}
		argv[n] = NULL;
		targv[m] = NULL;
		run_argv(&mine, argv, NULL, 0);
		run_argv(&tool, targv, root, 0);
		assert_rc(&mine, 0);
		assert_rc(&tool, 0);
		if (strcmp(mine.out, tool.out))
			fprintf(stderr, "%s slabtop -o -s %s differs\n--- slabtop ---\n%s--- memctl ---\n%s",
				fixture, keys[i] ? keys[i] : "(default)",
				tool.out, mine.out);
		assert_string_equal(mine.out, tool.out);
		run_free(&mine);
		run_free(&tool);
		checked++;
	}
	remove_tree(root);
	return checked;
}

static void test_xcheck_lab(void **state)
{
	(void)state;
	if (xcheck_slabinfo(lab) < 0 || xcheck_slabtop(lab) < 0)
		skip();
	xcheck_report(lab, "memlab_dbg");
	xcheck_report(lab, "bdev_cache");
}

/* The libmemctl tests' snapshots of real kernels (guest 6.1, host 6.18). */
static void test_xcheck_real_kernels(void **state)
{
	char path[PATH_MAX], sub[PATH_MAX + 32];
	struct dirent *de;
	DIR *d;
	int n = 0;

	(void)state;
	d = opendir(LIB_FIXTURES);
	if (!d)
		skip();
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", LIB_FIXTURES, de->d_name);
		snprintf(sub, sizeof(sub), "%s/sys/kernel/slab", path);
		if (access(sub, R_OK))
			continue;
		check_views_json(path);
		if (xcheck_slabinfo(path) >= 0)
			xcheck_slabtop(path);
		n++;
	}
	closedir(d);
	if (!n)
		skip();
}

/* This machine's own views, captured once so both tools see the same. */
static void test_xcheck_live(void **state)
{
	char snap[] = "/tmp/memctl-live.XXXXXX", cmd[2 * PATH_MAX];
	char script[PATH_MAX];

	(void)state;
	snprintf(script, sizeof(script), "%s/snapshot.sh", LIB_FIXTURES);
	if (geteuid() != 0 || access("/sys/kernel/slab", R_OK) ||
	    access(script, R_OK) || !mkdtemp(snap))
		skip();
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' >/dev/null 2>&1", script, snap);
	if (system(cmd)) {
		remove_tree(snap);
		skip();
	}
	check_views_json(snap);
	xcheck_slabinfo(snap);
	xcheck_slabtop(snap);
	remove_tree(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_version),
		cmocka_unit_test(test_help_lists_every_verb),
		cmocka_unit_test(test_help_each_verb),
		cmocka_unit_test(test_unknown_verb),
		cmocka_unit_test(test_global_options),
		cmocka_unit_test(test_usage_errors),
		cmocka_unit_test(test_sizes_accepted),
		cmocka_unit_test(test_device_missing),
		cmocka_unit_test(test_netlink_missing),
		cmocka_unit_test(test_help_netlink),
		cmocka_unit_test(test_monitor_in_run),
		cmocka_unit_test(test_device_env),
		cmocka_unit_test(test_device_not_memlab),
		cmocka_unit_test(test_device_eacces),
		cmocka_unit_test(test_slabinfo_lab),
		cmocka_unit_test(test_slabinfo_aliases_lab),
		cmocka_unit_test(test_slabinfo_one_cache),
		cmocka_unit_test(test_slabtop_lab),
		cmocka_unit_test(test_buddyinfo_lab),
		cmocka_unit_test(test_e820_lab),
		cmocka_unit_test(test_vmallocinfo_lab),
		cmocka_unit_test(test_meminfo_lab),
		cmocka_unit_test(test_symbols_lab),
		cmocka_unit_test(test_views_json_lab),
		cmocka_unit_test(test_views_errors),
		cmocka_unit_test(test_man_page),
		cmocka_unit_test(test_bash_completion),
		cmocka_unit_test(test_xcheck_lab),
		cmocka_unit_test(test_xcheck_real_kernels),
		cmocka_unit_test(test_xcheck_live),
	};
	const char *bin = getenv("MEMCTL_BIN");

	memctl_bin = bin && *bin ? bin : MEMCTL_BIN_DEFAULT;
	if (access(memctl_bin, X_OK)) {
		fprintf(stderr, "memctl binary %s: %s\n", memctl_bin,
			strerror(errno));
		return 1;
	}
	snprintf(lab, sizeof(lab), "%s/lab", CLI_FIXTURES);
	unsetenv("MEMCTL_DEVICE");
	return cmocka_run_group_tests_name("memctl host", tests, NULL, NULL);
}

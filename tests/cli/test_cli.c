// SPDX-License-Identifier: GPL-2.0
/*
 * memctl guest test: every device verb of /payload/bin/memctl against the
 * real /dev/memlab, the kernel's views changing as the lab notes say, and
 * the verbs of memlab's generic netlink family (stat, monitor, ls -N).
 * Runs as root in the test guest (tests/vm/guest/check.sh has loaded
 * memlab.ko), with or without slub_debug: booted without it, a 1024-byte
 * cache hugo must merge into :0001024; with it, hugo stays its own cache
 * with flags PZFU.
 *
 * Environment: MEMCTL_BIN (default /payload/bin/memctl), SLABINFO_BIN (the
 * kernel's tools/vm/slabinfo, default /payload/bin/slabinfo; the alias
 * cross-check is skipped without it).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "run.h"

#define MAX_ARGS	32
#define PARAMS		"/sys/module/memlab/parameters"

static const char *memctl_bin = "/payload/bin/memctl";
static bool merging;		/* booted without slub_debug */

static int memctl_flags(struct run *r, unsigned int flags, const char *first,
			va_list ap)
{
	char *argv[MAX_ARGS];
	const char *a;
	int n = 0;

	argv[n++] = (char *)memctl_bin;
	for (a = first; a && n < MAX_ARGS - 1; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	argv[n] = NULL;
	return run_argv(r, argv, NULL, flags);
}

static int memctl(struct run *r, const char *first, ...)
{
	va_list ap;
	int rc;

	va_start(ap, first);
	rc = memctl_flags(r, 0, first, ap);
	va_end(ap);
	return rc;
}

static int memctl_nobody(struct run *r, const char *first, ...)
{
	va_list ap;
	int rc;

	va_start(ap, first);
	rc = memctl_flags(r, RUN_AS_NOBODY, first, ap);
	va_end(ap);
	return rc;
}

static struct json_object *jget(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v)) {
		fprintf(stderr, "no key %s in %s\n", key,
			json_object_to_json_string(o));
		fail();
	}
	return v;
}

static int64_t jint(struct json_object *o, const char *key)
{
	return json_object_get_int64(jget(o, key));
}

static const char *jstr(struct json_object *o, const char *key)
{
	return json_object_get_string(jget(o, key));
}

/* Run memctl with -j and these arguments; return the parsed document. */
static struct json_object *memctl_json(const char *first, ...)
{
	char *argv[MAX_ARGS];
	struct json_object *o;
	const char *a;
	struct run r;
	va_list ap;
	int n = 0;

	argv[n++] = (char *)memctl_bin;
	argv[n++] = "-j";
	va_start(ap, first);
	for (a = first; a && n < MAX_ARGS - 1; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	run_argv(&r, argv, NULL, 0);
	assert_rc(&r, 0);
	o = parse_json(r.out);
	if (!o)
		run_dump(&r);
	assert_non_null(o);
	run_free(&r);
	return o;
}

/* The ids memctl printed, one per line. */
static size_t parse_ids(const char *out, uint32_t *ids, size_t max)
{
	size_t n = 0;
	char *end;

	while (*out && n < max) {
		unsigned long v = strtoul(out, &end, 10);

		assert_true(end != out && *end == '\n' && v > 0);
		ids[n++] = v;
		out = end + 1;
	}
	return n;
}

static uint32_t alloc_one(const char *verb, const char *arg, const char *opt1,
			  const char *opt2)
{
	uint32_t id = 0;
	struct run r;

	memctl(&r, verb, arg, opt1, opt2, NULL);
	assert_rc(&r, 0);
	assert_int_equal(parse_ids(r.out, &id, 1), 1);
	run_free(&r);
	return id;
}

static void free_ids(const uint32_t *ids, size_t n)
{
	char *argv[MAX_ARGS];
	char buf[MAX_ARGS][16];
	struct run r;
	size_t i;

	argv[0] = (char *)memctl_bin;
	argv[1] = "free";
	for (i = 0; i < n && i < MAX_ARGS - 3; i++) {
		snprintf(buf[i], sizeof(buf[i]), "%u", ids[i]);
		argv[2 + i] = buf[i];
	}
	argv[2 + i] = NULL;
	run_argv(&r, argv, NULL, 0);
	assert_rc(&r, 0);
	run_free(&r);
}

static char *idstr(uint32_t id, char *buf)
{
	sprintf(buf, "%u", id);
	return buf;
}

static int write_param(const char *name, const char *val)
{
	char path[128];
	FILE *f;
	int rc;

	snprintf(path, sizeof(path), PARAMS "/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	rc = fputs(val, f) == EOF ? -EIO : 0;
	if (fclose(f))
		rc = -errno;
	return rc;
}

static void read_param(const char *name, char *buf, size_t len)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), PARAMS "/%s", name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, len, f));
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
}

static void clean_all(void)
{
	struct run r;

	memctl(&r, "free", "--all", "--caches", NULL);
	if (r.rc)
		run_dump(&r);
	run_free(&r);
}

static int setup(void **state)
{
	(void)state;
	clean_all();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	clean_all();
	return 0;
}

/* Objects of `memctl ls -j` of @kind ("" for all). */
static size_t count_objects(const char *kind)
{
	struct json_object *o = memctl_json("ls", NULL);
	size_t i, n = 0;

	for (i = 0; i < json_object_array_length(o); i++)
		if (!*kind || !strcmp(jstr(json_object_array_get_idx(o, i),
					   "kind"), kind))
			n++;
	json_object_put(o);
	return n;
}

/* ---- caches ---- */

/*
 * The "objects" of a kernel cache, after shrinking it so that SLUB counts
 * only objects in use (not the free ones of cpu slabs).
 */
static int64_t slab_objects(const char *name, char *sysfs, size_t len)
{
	struct json_object *o = memctl_json("slabinfo", "--shrink", name, NULL);
	int64_t n = jint(o, "objects");

	if (sysfs)
		snprintf(sysfs, len, "%s", jstr(o, "cache"));
	json_object_put(o);
	return n;
}

static void test_create_cache_merge(void **state)
{
	char line[256], target[128], sysfs[64];
	struct json_object *o, *e;
	struct run r;
	ssize_t n;
	size_t i;
	bool found = false;

	(void)state;
	memctl(&r, "create-cache", "hugo", "1024", NULL);
	assert_rc(&r, 0);
	assert_true(!strncmp(r.out, "hugo: id ", 9));
	assert_int_equal(count_lines(r.out), 1);
	assert_has(r.out, ", object size 1024, slab size ");
	n = readlink("/sys/kernel/slab/hugo", target, sizeof(target) - 1);
	if (merging) {
		/* the lab notes: hugo is an alias of the 1024-byte cache */
		assert_has(r.out, "merged into ");
		assert_has(r.out, "(:0001024)");
		assert_true(n > 0);
		target[n] = 0;
		assert_non_null(strstr(target, ":0001024"));
	} else {
		assert_has(r.out, "own cache");
	}
	run_free(&r);

	/* slabinfo -a: ":0001024     <- biovec-64 hugo sgpool-32" */
	memctl(&r, "slabinfo", "-a", "-1", NULL);
	assert_rc(&r, 0);
	if (merging) {
		assert_non_null(find_line(r.out, ":0001024     <- ", line,
					  sizeof(line)));
		assert_has(line, " hugo");
	}
	run_free(&r);

	/* slabinfo hugo: the cache used, and its flags */
	o = memctl_json("slabinfo", "hugo", NULL);
	assert_int_equal(jint(o, "object_size"), 1024);
	snprintf(sysfs, sizeof(sysfs), "%s", jstr(o, "cache"));
	if (merging) {
		assert_string_equal(sysfs, ":0001024");
	} else {
		assert_string_equal(sysfs, "hugo");
		assert_string_equal(jstr(o, "flags"), "PZFU");
		assert_int_equal(jint(o, "objects"), 0);
	}
	json_object_put(o);

	/* caches: listed with its merge target */
	memctl(&r, "caches", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, " hugo ");
	if (merging)
		assert_has(r.out, "(:0001024)");
	run_free(&r);
	o = memctl_json("caches", NULL);
	for (i = 0; i < json_object_array_length(o); i++) {
		e = json_object_array_get_idx(o, i);
		if (strcmp(jstr(e, "name"), "hugo"))
			continue;
		found = true;
		assert_int_equal(jint(e, "object_size"), 1024);
		assert_int_equal(jint(e, "objects"), 0);
		assert_true(json_object_get_boolean(jget(e, "persistent")));
		assert_int_equal(json_object_get_boolean(jget(e, "merged")), merging);
		if (merging)
			assert_string_equal(jstr(e, "sysfs_cache"), ":0001024");
	}
	assert_true(found);
	json_object_put(o);

	/* the name is taken: by memlab, and by the kernel */
	memctl(&r, "create-cache", "hugo", "1024", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "File exists");
	assert_has(r.err, "memlab already has a cache named hugo");
	run_free(&r);
	memctl(&r, "create-cache", "dentry", "64", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "the kernel already has a slab cache");
	run_free(&r);

	memctl(&r, "destroy-cache", "hugo", NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.out, "");
	run_free(&r);
	assert_int_equal(access("/sys/kernel/slab/hugo", F_OK), -1);
	memctl(&r, "destroy-cache", "hugo", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "create-cache hugo");
	run_free(&r);
}

static void test_create_cache_options(void **state)
{
	struct json_object *o;
	char id[16];
	struct run r;

	(void)state;
	/* debug flags keep a cache its own, in every boot */
	o = memctl_json("create-cache", "hugo_dbg", "512", "--align", "64",
			"--flags", "poison,redzone,store_user", NULL);
	assert_false(json_object_get_boolean(jget(o, "merged")));
	assert_string_equal(jstr(o, "merged_into"), "hugo_dbg");
	assert_int_equal(jint(o, "align"), 64);
	assert_true(jint(o, "slab_size") > 512);
	assert_true(json_object_get_boolean(jget(o, "persistent")));
	idstr(jint(o, "id"), id);
	json_object_put(o);

	o = memctl_json("slabinfo", "hugo_dbg", NULL);
	assert_non_null(strstr(jstr(o, "flags"), "P"));
	assert_non_null(strstr(jstr(o, "flags"), "Z"));
	assert_non_null(strstr(jstr(o, "flags"), "U"));
	json_object_put(o);

	o = memctl_json("info", id, NULL);
	assert_string_equal(jstr(o, "kind"), "cache");
	assert_string_equal(jstr(o, "cache"), "hugo_dbg");
	assert_int_equal(jint(o, "size"), 512);
	json_object_put(o);

	/* destroy by id */
	memctl(&r, "destroy-cache", id, NULL);
	assert_rc(&r, 0);
	run_free(&r);

	/* --no-persist: gone when memctl exits */
	memctl(&r, "create-cache", "hugo_tmp", "256", "--no-persist", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "not persistent");
	run_free(&r);
	memctl(&r, "caches", NULL);
	assert_rc(&r, 0);
	assert_null(strstr(r.out, "hugo_tmp"));
	run_free(&r);
}

static void test_alloc_cache_objects(void **state)
{
	struct json_object *o;
	uint32_t ids[4];
	char sysfs[64], id[16];
	int64_t before, after;
	struct run r;
	int attempt;

	(void)state;
	memctl(&r, "create-cache", "hugo", "1024", NULL);
	assert_rc(&r, 0);
	run_free(&r);

	/*
	 * The kernel's count rises by 2 (exactly: shrinking flushes the cpu
	 * slabs first). In a merged cache other users may allocate at the
	 * same moment: try a few times.
	 */
	for (attempt = 0; attempt < 5; attempt++) {
		before = slab_objects("hugo", sysfs, sizeof(sysfs));
		memctl(&r, "alloc", "hugo", "-n", "2", NULL);
		assert_rc(&r, 0);
		assert_int_equal(parse_ids(r.out, ids, 4), 2);
		assert_int_equal(count_lines(r.out), 2);
		run_free(&r);
		after = slab_objects("hugo", NULL, 0);
		fprintf(stderr, "%s objects: %lld -> %lld\n", sysfs,
			(long long)before, (long long)after);
		if (after - before == 2)
			break;
		free_ids(ids, 2);
	}
	assert_int_equal(after - before, 2);
	assert_string_equal(sysfs, merging ? ":0001024" : "hugo");

	/* memlab's own view */
	o = memctl_json("caches", NULL);
	assert_int_equal(json_object_array_length(o), 1);
	assert_int_equal(jint(json_object_array_get_idx(o, 0), "objects"), 2);
	json_object_put(o);
	assert_int_equal(count_objects("cache-obj"), 2);
	o = memctl_json("info", idstr(ids[0], id), NULL);
	assert_string_equal(jstr(o, "kind"), "cache-obj");
	assert_string_equal(jstr(o, "cache"), "hugo");
	assert_int_equal(jint(o, "size"), 1024);
	json_object_put(o);

	/* a cache with objects is not destroyed */
	memctl(&r, "destroy-cache", "hugo", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "Device or resource busy");
	assert_has(r.err, "still has 2 objects");
	run_free(&r);
	/* a cache is not freed with free */
	o = memctl_json("caches", NULL);
	idstr(jint(json_object_array_get_idx(o, 0), "id"), id);
	json_object_put(o);
	memctl(&r, "free", id, NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "destroy-cache");
	run_free(&r);

	/* JSON ids; by cache id */
	o = memctl_json("alloc", id, "-n", "3", NULL);
	assert_true(json_object_is_type(o, json_type_array));
	assert_int_equal(json_object_array_length(o), 3);
	json_object_put(o);

	free_ids(ids, 2);
	memctl(&r, "free", "--all", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	if (!merging)
		assert_int_equal(slab_objects("hugo", NULL, 0), 0);
	memctl(&r, "destroy-cache", "hugo", NULL);
	assert_rc(&r, 0);
	run_free(&r);

	/* unknown cache */
	memctl(&r, "alloc", "nosuchcache", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "create-cache nosuchcache");
	run_free(&r);
	/* the name can be used again */
	memctl(&r, "create-cache", "hugo", "1024", NULL);
	assert_rc(&r, 0);
	run_free(&r);
}

/* ---- allocations ---- */

static void test_kmalloc(void **state)
{
	struct json_object *o;
	uint32_t ids[4];
	char id[16];
	struct run r;

	(void)state;
	/* the lab notes: kmalloc(1024, GFP_ATOMIC) */
	ids[0] = alloc_one("kmalloc", "1024", "--gfp", "atomic");
	o = memctl_json("info", idstr(ids[0], id), NULL);
	assert_string_equal(jstr(o, "kind"), "kmalloc");
	assert_int_equal(jint(o, "size"), 1024);
	assert_non_null(strstr(jstr(o, "gfp"), "atomic"));
	assert_true(json_object_get_boolean(jget(o, "persistent")));
	assert_true(jint(o, "uid") == 0);
	json_object_put(o);
	memctl(&r, "info", id, NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "kind:         kmalloc\n");
	assert_has(r.out, "size:         1024 (1K)\n");
	assert_has(r.out, "scope:        persistent\n");
	assert_has(r.out, "kernel addr:  0x");	/* root sees addresses */
	run_free(&r);

	o = memctl_json("kmalloc", "4K", "-n", "3", "--gfp", "kernel,zero", NULL);
	assert_int_equal(json_object_array_length(o), 3);
	json_object_put(o);
	assert_int_equal(count_objects("kmalloc"), 4);

	memctl(&r, "ls", "kmalloc", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 5);	/* header + 4 */
	assert_has(r.out, "   ID KIND ");
	run_free(&r);
	memctl(&r, "ls", "-a", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "KADDR");
	run_free(&r);

	/* too big for kmalloc: the driver says no, memctl says why */
	memctl(&r, "kmalloc", "1G", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "memctl: kmalloc 1G: ");
	run_free(&r);
	memctl(&r, "kmalloc", "64", "--gfp", "dma32", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "kmalloc takes");
	run_free(&r);
}

static void test_alloc_pages_rw(void **state)
{
	static const char want[] =
		"00000000  78 56 34 12 78 56 34 12  00 00 00 00 00 00 00 00  |xV4.xV4.........|\n"
		"00000010  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"*\n"
		"00000190  78 56 34 12 00 00 00 00  00 00 00 00 00 00 00 00  |xV4.............|\n"
		"000001a0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"*\n"
		"00000fa0  78 56 34 12 00 00 00 00  00 00 00 00 00 00 00 00  |xV4.............|\n"
		"00000fb0  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"*\n"
		"00008000\n";
	struct json_object *o, *b1, *b2;
	char id[16];
	struct run r;
	uint32_t pid;

	(void)state;
	b1 = memctl_json("buddyinfo", NULL);
	pid = alloc_one("alloc-pages", "3", "--gfp", "zero");
	idstr(pid, id);
	b2 = memctl_json("buddyinfo", NULL);
	fprintf(stderr, "free bytes %lld -> %lld\n",
		(long long)jint(b1, "free_bytes"), (long long)jint(b2, "free_bytes"));
	assert_true(jint(b1, "free_bytes") > 0 && jint(b2, "free_bytes") > 0);
	json_object_put(b1);
	json_object_put(b2);

	o = memctl_json("info", id, NULL);
	assert_string_equal(jstr(o, "kind"), "pages");
	assert_int_equal(jint(o, "order"), 3);
	assert_int_equal(jint(o, "size"), 8 * 4096);
	assert_true(json_object_get_boolean(jget(o, "mappable")));
	json_object_put(o);

	/* the lab notes' page: ((int *)mem)[0, 1, 100, 1000] = 0x12345678 */
	memctl(&r, "write", id, "0", "0x12345678", NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.out, "");
	run_free(&r);
	memctl(&r, "write", id, "4", "0x12345678", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "write", id, "400", "0x12345678", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "write", id, "4000", "305419896", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "read", id, NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.out, want);
	run_free(&r);
	memctl(&r, "read", id, "0x190", "4", NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.out,
			    "00000190  78 56 34 12                                       |xV4.|\n"
			    "00000194\n");
	run_free(&r);
	memctl(&r, "read", id, "0", "48", "-v", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 4);
	run_free(&r);
	o = memctl_json("read", id, "400", "8", NULL);
	assert_string_equal(jstr(o, "hex"), "7856341200000000");
	assert_int_equal(jint(o, "offset"), 400);
	json_object_put(o);

	/* bytes and strings */
	memctl(&r, "write", id, "16", "--bytes", "de:ad:be:ef", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "write", id, "20", "--string", "hugo", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "write", id, "24", "0xab", "--width", "1", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	o = memctl_json("read", id, "16", "10", NULL);
	assert_string_equal(jstr(o, "hex"), "deadbeef6875676fab00");
	json_object_put(o);

	/* fill and verify */
	memctl(&r, "fill", id, "0xdeadbeef", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "verify", id, "0xdeadbeef", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "32768 bytes at offset 0 match 0xdeadbeef");
	run_free(&r);
	memctl(&r, "write", id, "8", "0", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "verify", id, "0xdeadbeef", NULL);
	assert_rc(&r, 1);
	assert_has(r.out, "4 of 32768 bytes differ from 0xdeadbeef, the first at offset 8");
	run_free(&r);
	memctl(&r, "-j", "verify", id, "0xdeadbeef", NULL);
	assert_rc(&r, 1);
	o = parse_json(r.out);
	assert_non_null(o);
	assert_false(json_object_get_boolean(jget(o, "ok")));
	assert_int_equal(jint(o, "nr_bad"), 4);
	assert_int_equal(jint(o, "first_bad"), 8);
	json_object_put(o);
	run_free(&r);
	memctl(&r, "verify", id, "0xdeadbeef", "--offset", "12", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "fill", id, "0x01020304", "--offset", "4K", "--length", "4K", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "verify", id, "0x01020304", "--offset", "4096", "--length", "4096", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	o = memctl_json("read", id, "4094", "4", NULL);
	assert_string_equal(jstr(o, "hex"), "adde0403");
	json_object_put(o);

	/* out of bounds: refused before the driver sees it */
	memctl(&r, "read", id, "32K", "1", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "past the end of the object");
	run_free(&r);
	memctl(&r, "write", id, "32766", "0x12345678", NULL);
	assert_rc(&r, 1);
	run_free(&r);

	/* the bytes themselves */
	memctl(&r, "read", id, "4088", "12", "--raw", NULL);
	assert_rc(&r, 0);
	assert_int_equal(memcmp(r.out, "\xef\xbe\xad\xde\xef\xbe\xad\xde\x04\x03\x02\x01", 12), 0);
	run_free(&r);

	/* read prints what hexdump -C makes of the bytes (busybox's here) */
	{
		char cmd[256];
		char *argv[] = { "/bin/sh", "-c", cmd, NULL };
		struct run h;

		snprintf(cmd, sizeof(cmd), "'%s' read %s --raw | hexdump -C",
			 memctl_bin, id);
		run_argv(&h, argv, NULL, 0);
		if (h.rc == 0 && h.out[0]) {
			memctl(&r, "read", id, NULL);
			assert_rc(&r, 0);
			assert_string_equal(r.out, h.out);
			run_free(&r);
		}
		run_free(&h);
	}

	/* order past the limit */
	memctl(&r, "alloc-pages", "40", NULL);
	assert_rc(&r, 1);
	run_free(&r);
}

static void test_vmalloc(void **state)
{
	struct json_object *o, *a;
	size_t before, i;
	uint32_t vid;
	char id[16];
	bool found = false;

	(void)state;
	o = memctl_json("vmallocinfo", "--caller", "memlab", NULL);
	before = json_object_array_length(o);
	json_object_put(o);

	/*
	 * One area for the 4M (and its guard page), and maybe one more with
	 * the same caller: vmalloc puts a page array of more than a page in
	 * an area of its own.
	 */
	vid = alloc_one("vmalloc", "4M", NULL, NULL);
	o = memctl_json("vmallocinfo", "--caller", "memlab", NULL);
	assert_in_range(json_object_array_length(o), before + 1, before + 2);
	for (i = 0; i < json_object_array_length(o); i++) {
		a = json_object_array_get_idx(o, i);
		/* the area holds a guard page after the 4M */
		if (jint(a, "size") == 4 * 1024 * 1024 + 4096 &&
		    jint(a, "pages") == 1024)
			found = true;
	}
	assert_true(found);
	json_object_put(o);

	o = memctl_json("info", idstr(vid, id), NULL);
	assert_string_equal(jstr(o, "kind"), "vmalloc");
	assert_int_equal(jint(o, "size"), 4 * 1024 * 1024);
	json_object_put(o);

	free_ids(&vid, 1);
	o = memctl_json("vmallocinfo", "--caller", "memlab", NULL);
	assert_int_equal(json_object_array_length(o), before);
	json_object_put(o);
}

/* memctl bench: the matrix, its files, and nothing left behind. */
static void test_bench(void **state)
{
	struct json_object *o, *c;
	struct run r;
	size_t i, n;

	(void)state;
	memctl(&r, "bench", "--quick", "-a", "pages,kmalloc", "-t", "1",
	       "-o", "/tmp/memctl-bench", "--no-plot", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "ALLOC-P50");
	assert_has(r.out, "\nkmalloc ");
	assert_has(r.out, "\npages ");
	assert_has(r.out, " pairs ");
	assert_has(r.out, " bulk ");
	assert_true(access("/tmp/memctl-bench/bench.csv", R_OK) == 0);
	run_free(&r);

	o = json_object_from_file("/tmp/memctl-bench/bench.json");
	assert_non_null(o);
	n = json_object_array_length(o);
	assert_int_equal(n, (5 + 5) * 2);	/* sizes/orders x patterns */
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(o, i);
		assert_int_equal(jint(c, "failures"), 0);
		assert_true(jint(json_object_object_get(c, "alloc"), "p50_ns") <=
			    jint(json_object_object_get(c, "alloc"), "p99_ns"));
		assert_true(jint(c, "ops_per_sec") > 0);
	}
	json_object_put(o);

	o = memctl_json("bench", "--quick", "-a", "cache", "-t", "2", "-o",
			"/tmp/memctl-bench", "--no-plot", NULL);
	assert_int_equal(json_object_array_length(o), 3 * 2);
	assert_string_equal(jstr(json_object_array_get_idx(o, 0), "allocator"),
			    "cache");
	json_object_put(o);
	/* the caches it made are gone */
	o = memctl_json("caches", NULL);
	for (i = 0; i < json_object_array_length(o); i++)
		assert_null(strstr(jstr(json_object_array_get_idx(o, i), "name"),
				   "memctl_bench"));
	json_object_put(o);

	memctl(&r, "bench", "-t", "0", NULL);
	assert_rc(&r, 2);
	run_free(&r);
	memctl(&r, "bench", "-a", "nosuch", NULL);
	assert_rc(&r, 2);
	run_free(&r);
}

static void test_dma(void **state)
{
	struct json_object *o;
	uint32_t ids[2];
	char id[16], id2[16];
	struct run r;

	(void)state;
	ids[0] = alloc_one("dma-alloc", "1M", NULL, NULL);
	idstr(ids[0], id);
	o = memctl_json("info", id, NULL);
	assert_string_equal(jstr(o, "kind"), "dma-coherent");
	assert_int_equal(jint(o, "size"), 1024 * 1024);
	assert_string_not_equal(jstr(o, "dma_addr"), "0x0");
	json_object_put(o);
	memctl(&r, "info", id, NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "dma addr:     0x");
	assert_has(r.out, "mmap offset:  0x");
	run_free(&r);
	memctl(&r, "fill", id, "0x55aa55aa", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "verify", id, "0x55aa55aa", NULL);
	assert_rc(&r, 0);
	run_free(&r);

	ids[1] = alloc_one("dma-map", "4K", "--dir", "to-device");
	idstr(ids[1], id2);
	o = memctl_json("info", id2, NULL);
	assert_string_equal(jstr(o, "kind"), "dma-streaming");
	assert_string_equal(jstr(o, "dma_dir"), "to-device");
	json_object_put(o);
	memctl(&r, "sync", id2, "cpu", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "write", id2, "0", "--string", "dma", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "sync", id2, "device", "0", "16", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "sync", id2, "device", "4090", "16", NULL);
	assert_rc(&r, 1);
	run_free(&r);
	/* sync is for streaming mappings only */
	memctl(&r, "sync", id, "cpu", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "dma-map");
	run_free(&r);
	free_ids(ids, 2);
}

/* ---- objects ---- */

static void test_ls_persist_free(void **state)
{
	struct json_object *o, *e;
	uint32_t ids[3];
	char id[16];
	struct run r;
	size_t i;

	(void)state;
	/* one-shot objects outlive memctl and are seen by the next one */
	ids[0] = alloc_one("kmalloc", "100", NULL, NULL);
	ids[1] = alloc_one("alloc-pages", "0", NULL, NULL);
	ids[2] = alloc_one("vmalloc", "8K", NULL, NULL);
	o = memctl_json("ls", NULL);
	assert_int_equal(json_object_array_length(o), 3);
	for (i = 0; i < 3; i++) {
		e = json_object_array_get_idx(o, i);
		assert_int_equal(jint(e, "id"), ids[i]);
		assert_true(json_object_get_boolean(jget(e, "persistent")));
	}
	json_object_put(o);
	memctl(&r, "ls", NULL);
	assert_rc(&r, 0);
	assert_int_equal(count_lines(r.out), 4);
	assert_has(r.out, " kmalloc ");
	assert_has(r.out, " pages ");
	assert_has(r.out, "order 0");
	run_free(&r);

	/* persist: already persistent is fine */
	memctl(&r, "persist", idstr(ids[0], id), NULL);
	assert_rc(&r, 0);
	run_free(&r);

	/* --no-persist: freed when memctl exits */
	memctl(&r, "kmalloc", "64", "--no-persist", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	assert_int_equal(count_objects(""), 3);

	memctl(&r, "free", idstr(ids[0], id), NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.out, "");
	run_free(&r);
	memctl(&r, "free", id, NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "No such file or directory");
	assert_has(r.err, "memctl ls");
	run_free(&r);
	memctl(&r, "info", "999999", NULL);
	assert_rc(&r, 1);
	run_free(&r);
	memctl(&r, "free", "--all", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	assert_int_equal(count_objects(""), 0);
}

/* ---- limits and permissions ---- */

static void test_limits(void **state)
{
	char old[32], n[32];
	struct json_object *o;
	struct run r;

	(void)state;
	/* max_caches */
	read_param("max_caches", old, sizeof(old));
	assert_int_equal(write_param("max_caches", "1"), 0);
	memctl(&r, "create-cache", "hugo_a", "64", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "create-cache", "hugo_b", "64", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "max_caches");
	assert_has(r.err, PARAMS);
	run_free(&r);
	assert_int_equal(write_param("max_caches", old), 0);

	/* uid_max_bytes: EDQUOT */
	read_param("uid_max_bytes", old, sizeof(old));
	assert_int_equal(write_param("uid_max_bytes", "8192"), 0);
	memctl(&r, "kmalloc", "16K", NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "uid_max_bytes");
	run_free(&r);
	assert_int_equal(write_param("uid_max_bytes", old), 0);

	/* max_objects: ENOSPC naming the limit */
	o = memctl_json("ls", NULL);
	snprintf(n, sizeof(n), "%zu", json_object_array_length(o) + 1);
	json_object_put(o);
	read_param("max_objects", old, sizeof(old));
	assert_int_equal(write_param("max_objects", n), 0);
	memctl(&r, "kmalloc", "64", "-n", "3", NULL);
	assert_int_equal(write_param("max_objects", old), 0);
	assert_rc(&r, 1);
	assert_int_equal(count_lines(r.out), 1);	/* the one that fit */
	assert_has(r.err, "max_objects");
	assert_has(r.err, "1 of 3 allocated");
	run_free(&r);

	/* max_order: E2BIG */
	read_param("max_order", old, sizeof(old));
	assert_int_equal(write_param("max_order", "2"), 0);
	memctl(&r, "alloc-pages", "3", NULL);
	assert_int_equal(write_param("max_order", old), 0);
	assert_rc(&r, 1);
	assert_has(r.err, "max_order");
	run_free(&r);
}

static void test_permissions(void **state)
{
	struct run r;
	char id[16];
	uint32_t kid;
	struct stat st;

	(void)state;
	assert_int_equal(stat("/dev/memlab", &st), 0);
	kid = alloc_one("kmalloc", "64", NULL, NULL);
	idstr(kid, id);

	/* no access to the device: exit 3, and what to do */
	assert_int_equal(chmod("/dev/memlab", 0600), 0);
	memctl_nobody(&r, "ls", NULL);
	assert_rc(&r, 3);
	assert_has(r.err, "Permission denied");
	assert_has(r.err, "group memlab");
	run_free(&r);

	/* another user's persistent object: seen, not freed */
	assert_int_equal(chmod("/dev/memlab", 0666), 0);
	memctl_nobody(&r, "ls", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, " kmalloc ");
	run_free(&r);
	memctl_nobody(&r, "info", id, NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "addresses:    hidden (root only)");
	run_free(&r);
	memctl_nobody(&r, "free", id, NULL);
	assert_rc(&r, 1);
	assert_has(r.err, "Operation not permitted");
	assert_has(r.err, "belongs to uid 0");
	run_free(&r);
	memctl_nobody(&r, "free", "--all", NULL);
	assert_rc(&r, 0);
	assert_has(r.err, "left 1 object of other users alone");
	run_free(&r);
	assert_int_equal(chmod("/dev/memlab", st.st_mode & 07777), 0);
	assert_int_equal(count_objects("kmalloc"), 1);
}

static void test_device_missing(void **state)
{
	struct run r;

	(void)state;
	memctl(&r, "-d", "/dev/memlab-nope", "ls", NULL);
	assert_rc(&r, 3);
	assert_has(r.err, "modprobe memlab");
	run_free(&r);
}

/* ---- views of the running kernel ---- */

static void test_views(void **state)
{
	static const char *const views[][3] = {
		{ "slabinfo" }, { "slabinfo", "-a" }, { "slabtop", "-o" },
		{ "buddyinfo" }, { "buddyinfo", "-t" }, { "e820" },
		{ "vmallocinfo" }, { "meminfo" }, { "symbols", "memlab" },
		{ "slabinfo", "kmalloc-64" }, { "slabinfo", "-s" },
	};
	struct json_object *o, *m;
	struct run r;
	size_t i;
	char *argv[8];
	int j, n;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(views); i++) {
		for (j = 0; j < 2; j++) {
			n = 0;
			argv[n++] = (char *)memctl_bin;
			if (j)
				argv[n++] = "-j";
			argv[n++] = (char *)views[i][0];
			if (views[i][1])
				argv[n++] = (char *)views[i][1];
			argv[n] = NULL;
			run_argv(&r, argv, NULL, 0);
			assert_rc(&r, 0);
			assert_string_equal(r.err, "");
			if (j) {
				o = parse_json(r.out);
				assert_non_null(o);
				json_object_put(o);
			}
			run_free(&r);
		}
	}

	/* memlab's own symbols, with types, like grep memlab /proc/kallsyms */
	memctl(&r, "symbols", "memlab", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "\t[memlab]\n");
	assert_has(r.out, " t ");
	run_free(&r);

	/* the firmware map holds at least the RAM the kernel manages */
	o = memctl_json("e820", NULL);
	m = memctl_json("meminfo", "MemTotal", NULL);
	assert_true(jint(o, "usable") >= jint(m, "MemTotal"));
	json_object_put(o);
	json_object_put(m);

	memctl(&r, "buddyinfo", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "Node 0, zone ");
	assert_has(r.out, "All zones: ");
	run_free(&r);
}

/* Our alias lines against the kernel's own tools/vm/slabinfo -a. */
static void test_aliases_vs_kernel_tool(void **state)
{
	const char *tool = getenv("SLABINFO_BIN");
	char *targv[3];
	struct run mine, ref;
	char line[4096], *p, *save, *tok;
	struct run r;

	(void)state;
	if (!tool || !*tool)
		tool = "/payload/bin/slabinfo";
	if (access(tool, X_OK))
		skip();
	memctl(&r, "create-cache", "hugo", "1024", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	targv[0] = (char *)tool;
	targv[1] = "-a";
	targv[2] = NULL;
	run_argv(&ref, targv, NULL, 0);
	memctl(&mine, "slabinfo", "-a", NULL);
	assert_rc(&ref, 0);
	assert_rc(&mine, 0);
	/* every name of every tool line is on our line for that cache */
	for (p = strtok_r(ref.out, "\n", &save); p; p = strtok_r(NULL, "\n", &save)) {
		char target[80], *s2;

		if (!*p)
			continue;
		snprintf(target, sizeof(target), "%.*s <- ",
			 (int)strcspn(p, " "), p);
		{
			char prefix[96];

			snprintf(prefix, sizeof(prefix), "%-12.*s <- ",
				 (int)strcspn(p, " "), p);
			if (!find_line(mine.out, prefix, line, sizeof(line))) {
				fprintf(stderr, "no line for %s in:\n%s", target,
					mine.out);
				fail();
			}
		}
		strtok_r(p, " ", &s2);		/* target */
		strtok_r(NULL, " ", &s2);	/* <- */
		while ((tok = strtok_r(NULL, " ", &s2))) {
			char word[80];

			snprintf(word, sizeof(word), " %s", tok);
			assert_has(line, word);
		}
	}
	if (merging) {
		assert_non_null(find_line(mine.out, ":0001024     <- ", line,
					  sizeof(line)));
		assert_has(line, " hugo");
	}
	run_free(&ref);
	run_free(&mine);
}

/* ---- generic netlink: stat, monitor, ls -N ---- */

static int64_t jkind(struct json_object *st, const char *kind, const char *key)
{
	return jint(jget(jget(st, "kinds"), kind), key);
}

static int64_t jlimit(struct json_object *st, const char *key)
{
	return jint(jget(st, "limits"), key);
}

static long long param_ll(const char *name)
{
	char buf[32];

	read_param(name, buf, sizeof(buf));
	return strtoll(buf, NULL, 10);
}

/* The value of the `memctl stat` line "LABEL   N" or "LABEL   N (1K)". */
static long long stat_line(const char *out, const char *label)
{
	char line[256], prefix[32];

	snprintf(prefix, sizeof(prefix), "%-19s", label);
	if (!find_line(out, prefix, line, sizeof(line))) {
		fprintf(stderr, "no line '%s' in:\n%s", prefix, out);
		fail();
	}
	return strtoll(line + strlen(prefix), NULL, 10);
}

static void test_stat(void **state)
{
	static const char *const kinds[] = {
		"kmalloc", "cache", "cache-obj", "pages", "vmalloc",
		"dma-coherent", "dma-streaming",
	};
	struct json_object *a, *b, *c, *v;
	long ps = sysconf(_SC_PAGESIZE);
	uint32_t ids[2];
	char line[256], row[128];
	struct run r;
	size_t i;

	(void)state;
	a = memctl_json("stat", NULL);
	v = memctl_json("--version", NULL);
	assert_int_equal(jint(a, "version"), jint(v, "interface"));
	json_object_put(v);
	/* the limits are the module parameters in force */
	assert_int_equal(jlimit(a, "max_bytes"), param_ll("max_bytes"));
	assert_int_equal(jlimit(a, "max_objects"), param_ll("max_objects"));
	assert_int_equal(jlimit(a, "max_caches"), param_ll("max_caches"));
	assert_int_equal(jlimit(a, "uid_max_bytes"), param_ll("uid_max_bytes"));
	assert_int_equal(jlimit(a, "max_order"), param_ll("max_order"));
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		assert_true(jkind(a, kinds[i], "objects") >= 0);

	/* a kmalloc and a block of pages count exactly what they are */
	ids[0] = alloc_one("kmalloc", "1024", NULL, NULL);
	b = memctl_json("stat", NULL);
	assert_int_equal(jkind(b, "kmalloc", "objects"),
			 jkind(a, "kmalloc", "objects") + 1);
	assert_int_equal(jkind(b, "kmalloc", "bytes"),
			 jkind(a, "kmalloc", "bytes") + 1024);
	assert_int_equal(jkind(b, "kmalloc", "allocs"),
			 jkind(a, "kmalloc", "allocs") + 1);
	assert_int_equal(jint(b, "objects"), jint(a, "objects") + 1);
	assert_int_equal(jint(b, "bytes"), jint(a, "bytes") + 1024);
	assert_int_equal(jint(b, "uid_bytes"), jint(a, "uid_bytes") + 1024);
	assert_int_equal(jint(b, "allocs"), jint(a, "allocs") + 1);
	assert_int_equal(jkind(b, "pages", "objects"),
			 jkind(a, "pages", "objects"));

	ids[1] = alloc_one("alloc-pages", "2", NULL, NULL);
	c = memctl_json("stat", NULL);
	assert_int_equal(jkind(c, "pages", "objects"),
			 jkind(a, "pages", "objects") + 1);
	assert_int_equal(jkind(c, "pages", "bytes"),
			 jkind(a, "pages", "bytes") + 4 * ps);
	assert_int_equal(jint(c, "bytes"), jint(a, "bytes") + 1024 + 4 * ps);
	assert_int_equal(jkind(c, "kmalloc", "objects"),
			 jkind(b, "kmalloc", "objects"));

	/* the text says the same */
	memctl(&r, "stat", NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.err, "");
	assert_int_equal(stat_line(r.out, "objects:"),
			 jint(c, "objects"));
	assert_int_equal(stat_line(r.out, "bytes:"),
			 jint(c, "bytes"));
	assert_int_equal(stat_line(r.out, "bytes of your uid:"),
			 jint(c, "uid_bytes"));
	assert_int_equal(stat_line(r.out, "max_order:"),
			 jlimit(c, "max_order"));
	assert_has(r.out, "\nKIND             OBJECTS      BYTES     ALLOCS      FREES   FAILURES LIMIT-HITS\n");
	snprintf(row, sizeof(row), "%-13s %10lld ", "pages",
		 (long long)jkind(c, "pages", "objects"));
	assert_non_null(find_line(r.out, row, line, sizeof(line)));
	run_free(&r);

	/* freed: back where it was, two more frees */
	free_ids(ids, 2);
	json_object_put(b);
	b = memctl_json("stat", NULL);
	assert_int_equal(jint(b, "objects"), jint(a, "objects"));
	assert_int_equal(jint(b, "bytes"), jint(a, "bytes"));
	assert_int_equal(jint(b, "uid_bytes"), jint(a, "uid_bytes"));
	assert_int_equal(jint(b, "frees"), jint(a, "frees") + 2);
	assert_int_equal(jint(b, "allocs"), jint(a, "allocs") + 2);
	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		assert_int_equal(jkind(b, kinds[i], "objects"),
				 jkind(a, kinds[i], "objects"));
		assert_int_equal(jkind(b, kinds[i], "bytes"),
				 jkind(a, kinds[i], "bytes"));
	}
	assert_int_equal(jkind(b, "kmalloc", "frees"),
			 jkind(a, "kmalloc", "frees") + 1);
	assert_int_equal(jkind(b, "pages", "frees"),
			 jkind(a, "pages", "frees") + 1);
	json_object_put(a);
	json_object_put(b);
	json_object_put(c);

	/* any user, no device: nobody's own bytes are none */
	ids[0] = alloc_one("kmalloc", "64", NULL, NULL);
	memctl_nobody(&r, "-d", "/nonexistent/memlab", "stat", NULL);
	assert_rc(&r, 0);
	assert_has(r.out, "\nbytes of your uid: 0\n");
	assert_true(stat_line(r.out, "objects:") >= 1);
	run_free(&r);
	free_ids(ids, 1);
}

/* /proc/PID/fd's "socket:[INODE]" links, into @inos; returns how many. */
static size_t socket_inodes(pid_t pid, unsigned long *inos, size_t max)
{
	char dir[64], path[320], link[64];
	struct dirent *de;
	size_t n = 0;
	ssize_t len;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)pid);
	d = opendir(dir);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = 0;
		if (sscanf(link, "socket:[%lu]", &inos[n]) == 1)
			n++;
	}
	closedir(d);
	return n;
}

/*
 * Has @pid subscribed to memlab's events? /proc/net/netlink lists each
 * netlink socket's protocol (Eth: 16 is NETLINK_GENERIC), its first 32
 * multicast groups (Groups) and its inode. A group id above 32 does not
 * show there; then a generic netlink socket and the process sleeping in
 * poll(2) tells it too, since monitor polls only once subscribed.
 */
static bool nl_subscribed(pid_t pid)
{
	unsigned long inos[16], ino;
	char line[256], path[64];
	bool genl = false;
	unsigned int groups;
	size_t n, i;
	long nr = -1;
	FILE *f;
	int eth;

	n = socket_inodes(pid, inos, ARRAY_SIZE(inos));
	f = fopen("/proc/net/netlink", "r");
	if (!f)
		return false;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*s %d %*u %x %*d %*d %*d %*d %*u %lu", &eth,
			   &groups, &ino) != 3 || eth != 16)
			continue;
		for (i = 0; i < n; i++) {
			if (inos[i] != ino)
				continue;
			if (groups) {
				fclose(f);
				return true;
			}
			genl = true;
		}
	}
	fclose(f);
	if (!genl)
		return false;
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return false;
	if (fscanf(f, "%ld", &nr) != 1)
		nr = -1;
	fclose(f);
#ifdef SYS_poll
	if (nr == SYS_poll)
		return true;
#endif
	return nr == SYS_ppoll;
}

static bool exited(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	bool gone;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return true;
	gone = !fgets(buf, sizeof(buf), f);
	fclose(f);
	p = strrchr(buf, ')');
	return gone || !p || p[2] == 'Z' || p[2] == 'X';
}

/* Wait up to 10 s for a monitor to subscribe; on failure show why. */
static void wait_subscribed(struct run_bg *bg)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct run r;
	int i;

	for (i = 0; i < 1000; i++) {
		if (nl_subscribed(bg->pid))
			return;
		if (exited(bg->pid))
			break;
		nanosleep(&tick, NULL);
	}
	run_wait(bg, &r, 0);
	fprintf(stderr, "monitor did not subscribe within 10 s\n");
	run_dump(&r);
	run_free(&r);
	fail();
}

static void monitor_start(struct run_bg *bg, unsigned int flags,
			  const char *first, ...)
{
	char *argv[MAX_ARGS];
	const char *a;
	va_list ap;
	int n = 0;

	argv[n++] = (char *)memctl_bin;
	va_start(ap, first);
	for (a = first; a && n < MAX_ARGS - 1; a = va_arg(ap, const char *))
		argv[n++] = (char *)a;
	va_end(ap);
	argv[n] = NULL;
	assert_int_equal(run_start(bg, argv, NULL, flags), 0);
	wait_subscribed(bg);
}

/*
 * What the event tests do, each step one or more events in this order:
 * cache-new, obj-new and obj-del of a cache object, cache-del, obj-new and
 * obj-del of a kmalloc, and a limit-hit of pages above max_order.
 */
struct nl_script {
	uint32_t cache_id, obj_id, kmalloc_id;
	uint64_t obj_size;
	bool merged;
	char merged_into[64];
};

#define NL_SCRIPT_EVENTS	7

static void nl_script_run(struct nl_script *s)
{
	struct json_object *o;
	char id[16], old[32];
	struct run r;

	memset(s, 0, sizeof(*s));
	o = memctl_json("create-cache", "nltest", "512", NULL);
	s->cache_id = jint(o, "id");
	s->merged = json_object_get_boolean(jget(o, "merged"));
	snprintf(s->merged_into, sizeof(s->merged_into), "%s",
		 jstr(o, "merged_into"));
	json_object_put(o);
	s->obj_id = alloc_one("alloc", "nltest", NULL, NULL);
	o = memctl_json("info", idstr(s->obj_id, id), NULL);
	s->obj_size = jint(o, "size");
	json_object_put(o);
	free_ids(&s->obj_id, 1);
	memctl(&r, "destroy-cache", "nltest", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	s->kmalloc_id = alloc_one("kmalloc", "100", NULL, NULL);
	free_ids(&s->kmalloc_id, 1);
	read_param("max_order", old, sizeof(old));
	assert_int_equal(write_param("max_order", "2"), 0);
	memctl(&r, "alloc-pages", "3", NULL);
	assert_int_equal(write_param("max_order", old), 0);
	assert_rc(&r, 1);
	run_free(&r);
}

static void test_monitor_text(void **state)
{
	long ps = sysconf(_SC_PAGESIZE);
	char want[2048], merged[96] = "";
	struct nl_script s;
	struct run_bg bg;
	struct run r;

	(void)state;
	monitor_start(&bg, 0, "monitor", "--count", "7", NULL);
	nl_script_run(&s);
	/* it exits by itself after the 7th event */
	run_wait(&bg, &r, 10000);
	assert_rc(&r, 0);
	assert_string_equal(r.err, "");
	if (s.merged)
		snprintf(merged, sizeof(merged), " merged-into %s",
			 s.merged_into);
	assert_true(s.obj_size < 1024);
	snprintf(want, sizeof(want),
		 "cache-new id %u name nltest size 512 uid 0%s\n"
		 "obj-new id %u kind cache-obj size %llu uid 0 cache %u name nltest\n"
		 "obj-del id %u kind cache-obj size %llu uid 0 cache %u name nltest\n"
		 "cache-del id %u name nltest size 512 uid 0%s\n"
		 "obj-new id %u kind kmalloc size 100 uid 0\n"
		 "obj-del id %u kind kmalloc size 100 uid 0\n"
		 "limit-hit kind pages size %ldK uid 0 order 3 limit order errno E2BIG\n",
		 s.cache_id, merged,
		 s.obj_id, (unsigned long long)s.obj_size, s.cache_id,
		 s.obj_id, (unsigned long long)s.obj_size, s.cache_id,
		 s.cache_id, merged, s.kmalloc_id, s.kmalloc_id,
		 (ps << 3) / 1024);
	if (strcmp(r.out, want))
		fprintf(stderr, "--- want ---\n%s--- got ---\n%s", want, r.out);
	assert_string_equal(r.out, want);
	run_free(&r);
}

/* The same as JSON lines, with -t, as a user without any privilege. */
static void test_monitor_json(void **state)
{
	static const char *const events[NL_SCRIPT_EVENTS] = {
		"cache-new", "obj-new", "obj-del", "cache-del", "obj-new",
		"obj-del", "limit-hit",
	};
	long ps = sysconf(_SC_PAGESIZE);
	struct json_object *o[NL_SCRIPT_EVENTS];
	char *line, *save = NULL;
	int64_t last_ns = 0;
	struct nl_script s;
	struct run_bg bg;
	struct run r;
	size_t n = 0, i;

	(void)state;
	monitor_start(&bg, RUN_AS_NOBODY, "-j", "monitor", "-t", "-n", "7",
		      NULL);
	nl_script_run(&s);
	run_wait(&bg, &r, 10000);
	assert_rc(&r, 0);
	assert_string_equal(r.err, "");
	assert_int_equal(count_lines(r.out), NL_SCRIPT_EVENTS);
	for (line = strtok_r(r.out, "\n", &save); line && n < NL_SCRIPT_EVENTS;
	     line = strtok_r(NULL, "\n", &save)) {
		o[n] = parse_json(line);
		assert_non_null(o[n]);
		assert_string_equal(jstr(o[n], "event"), events[n]);
		/* -t: when it was received, in order */
		assert_true(jint(o[n], "time_ns") >= last_ns);
		last_ns = jint(o[n], "time_ns");
		assert_int_equal(strlen(jstr(o[n], "time")), 31);
		/* events never carry addresses */
		assert_false(json_object_object_get_ex(o[n], "kaddr", NULL));
		assert_false(json_object_object_get_ex(o[n], "phys", NULL));
		n++;
	}
	assert_int_equal(n, NL_SCRIPT_EVENTS);

	for (i = 0; i < 4; i += 3) {	/* cache-new, cache-del */
		assert_int_equal(jint(o[i], "id"), s.cache_id);
		assert_string_equal(jstr(o[i], "kind"), "cache");
		assert_string_equal(jstr(o[i], "cache"), "nltest");
		assert_int_equal(jint(o[i], "size"), 512);
		assert_int_equal(jint(o[i], "uid"), 0);
		assert_int_equal(json_object_get_boolean(jget(o[i], "merged")),
				 s.merged);
		if (s.merged)
			assert_string_equal(jstr(o[i], "merged_into"),
					    s.merged_into);
	}
	for (i = 1; i < 3; i++) {	/* the cache object */
		assert_int_equal(jint(o[i], "id"), s.obj_id);
		assert_string_equal(jstr(o[i], "kind"), "cache-obj");
		assert_int_equal(jint(o[i], "cache_id"), s.cache_id);
		assert_string_equal(jstr(o[i], "cache"), "nltest");
		assert_int_equal(jint(o[i], "size"), s.obj_size);
		assert_true(json_object_get_boolean(jget(o[i], "persistent")));
	}
	for (i = 4; i < 6; i++) {	/* the kmalloc */
		assert_int_equal(jint(o[i], "id"), s.kmalloc_id);
		assert_string_equal(jstr(o[i], "kind"), "kmalloc");
		assert_int_equal(jint(o[i], "size"), 100);
		assert_int_equal(jint(o[i], "uid"), 0);
	}
	assert_string_equal(jstr(o[6], "kind"), "pages");
	assert_int_equal(jint(o[6], "size"), ps << 3);
	assert_int_equal(jint(o[6], "order"), 3);
	assert_string_equal(jstr(o[6], "limit"), "order");
	assert_int_equal(jint(o[6], "errno"), E2BIG);
	assert_string_equal(jstr(o[6], "error"), "E2BIG");
	assert_int_equal(jint(o[6], "uid"), 0);
	for (i = 0; i < NL_SCRIPT_EVENTS; i++)
		json_object_put(o[i]);
	run_free(&r);
}

/* "2024-11-25T07:15:02.123456+0000 " */
static bool is_timestamp(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:dd.dddddd+dddd ";
	size_t i;

	for (i = 0; pat[i]; i++) {
		if (pat[i] == 'd' && !isdigit((unsigned char)s[i]))
			return false;
		if (pat[i] == '+' && s[i] != '+' && s[i] != '-')
			return false;
		if (pat[i] != 'd' && pat[i] != '+' && s[i] != pat[i])
			return false;
	}
	return true;
}

/*
 * A reader at the other end of a pipe sees each event while monitor still
 * runs (it flushes every line), and SIGINT or SIGTERM end it with 0.
 */
static void test_monitor_signals(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM };
	char want[128], *nl;
	struct run_bg bg;
	struct run r;
	uint32_t id;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sigs); i++) {
		monitor_start(&bg, 0, "monitor", "-t", NULL);
		id = alloc_one("kmalloc", "64", NULL, NULL);
		assert_int_equal(run_read_lines(&bg, 1, 10000), 1);
		assert_true(is_timestamp(bg.buf[0]));
		snprintf(want, sizeof(want),
			 "obj-new id %u kind kmalloc size 64 uid 0\n", id);
		assert_string_equal(bg.buf[0] + 32, want);
		free_ids(&id, 1);
		assert_int_equal(run_read_lines(&bg, 2, 10000), 2);
		nl = strchr(bg.buf[0], '\n') + 1;
		assert_true(is_timestamp(nl));
		snprintf(want, sizeof(want),
			 "obj-del id %u kind kmalloc size 64 uid 0\n", id);
		assert_string_equal(nl + 32, want);
		assert_int_equal(kill(bg.pid, sigs[i]), 0);
		run_wait(&bg, &r, 10000);
		assert_rc(&r, 0);
		assert_string_equal(r.err, "");
		assert_int_equal(count_lines(r.out), 2);
		run_free(&r);
	}
}

/*
 * A stopped monitor's socket overruns: it warns once it runs again, and
 * goes on with the events that come after.
 */
static void test_monitor_overrun(void **state)
{
	struct run_bg bg;
	char want[64];
	struct run r;
	int tries;
	bool seen;
	uint32_t id;

	(void)state;
	monitor_start(&bg, 0, "monitor", NULL);
	assert_int_equal(kill(bg.pid, SIGSTOP), 0);
	memctl(&r, "kmalloc", "64", "-n", "4000", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	memctl(&r, "free", "--all", NULL);
	assert_rc(&r, 0);
	run_free(&r);
	assert_int_equal(kill(bg.pid, SIGCONT), 0);
	assert_true(run_read_until(&bg, 1,
				   "memctl: monitor: events lost: socket overrun\n",
				   20000));
	/*
	 * The socket may still hold the backlog when the warning is out, and
	 * an event that finds it full is dropped too: retry until one fits.
	 */
	for (tries = 0, seen = false; tries < 20 && !seen; tries++) {
		id = alloc_one("kmalloc", "128", NULL, NULL);
		snprintf(want, sizeof(want),
			 "obj-new id %u kind kmalloc size 128 ", id);
		seen = run_read_until(&bg, 0, want, 2000);
		free_ids(&id, 1);
	}
	assert_true(seen);
	assert_int_equal(kill(bg.pid, SIGTERM), 0);
	run_wait(&bg, &r, 10000);
	assert_rc(&r, 0);
	/* fewer than the 8000 events: some were lost */
	assert_true(count_lines(r.out) < 8000);
	run_free(&r);
}

/* The rows of `memctl ls` (header and all) for these arguments. */
static char *ls_out(unsigned int flags, const char *a, const char *b,
		    const char *c)
{
	struct run r;
	char *out;

	if (flags)
		memctl_nobody(&r, "ls", a, b, c, NULL);
	else
		memctl(&r, "ls", a, b, c, NULL);
	assert_rc(&r, 0);
	assert_string_equal(r.err, "");
	out = r.out;
	r.out = NULL;
	run_free(&r);
	return out;
}

/* The line of @out starting with the id @id in ls's column. */
static char *ls_row(const char *out, uint32_t id, char *buf, size_t len)
{
	char prefix[16];

	snprintf(prefix, sizeof(prefix), "%5u ", id);
	if (!find_line(out, prefix, buf, len)) {
		fprintf(stderr, "no row %u in:\n%s", id, out);
		fail();
	}
	return buf;
}

static void test_ls_netlink(void **state)
{
	struct json_object *a, *b;
	char fifo[] = "/tmp/memctl-nl-run.fifo";
	char *argv[] = { (char *)memctl_bin, "run", fifo, NULL };
	char row_a[512], row_b[512], *x, *y, want[64];
	uint32_t ids[5], sid;
	struct run_bg bg;
	struct run r;
	size_t i;
	FILE *f;

	(void)state;
	ids[0] = alloc_one("kmalloc", "100", NULL, NULL);
	ids[1] = alloc_one("alloc-pages", "0", NULL, NULL);
	a = memctl_json("create-cache", "nltest", "256", NULL);
	ids[2] = jint(a, "id");
	json_object_put(a);
	ids[3] = alloc_one("alloc", "nltest", NULL, NULL);
	ids[4] = alloc_one("vmalloc", "8K", NULL, NULL);

	/* the same objects, the same rows */
	a = memctl_json("ls", NULL);
	b = memctl_json("ls", "-N", NULL);
	assert_int_equal(json_object_array_length(a), 5);
	assert_int_equal(json_object_array_length(b), 5);
	for (i = 0; i < 5; i++) {
		struct json_object *ea = json_object_array_get_idx(a, i);
		struct json_object *eb = json_object_array_get_idx(b, i);

		assert_int_equal(jint(ea, "id"), ids[i]);
		assert_int_equal(jint(eb, "id"), ids[i]);
		assert_string_equal(jstr(ea, "kind"), jstr(eb, "kind"));
		assert_int_equal(jint(ea, "size"), jint(eb, "size"));
		assert_int_equal(jint(ea, "ctime_ns"), jint(eb, "ctime_ns"));
	}
	json_object_put(a);
	json_object_put(b);
	x = ls_out(0, NULL, NULL, NULL);
	y = ls_out(0, "-N", NULL, NULL);
	assert_string_equal(x, y);
	free(x);
	free(y);
	x = ls_out(0, "kmalloc", "pages", NULL);
	y = ls_out(0, "pages", "-N", "kmalloc");
	assert_string_equal(x, y);
	assert_int_equal(count_lines(y), 3);
	free(x);
	free(y);

	/*
	 * Root gets the kernel and physical addresses, as from the device;
	 * no DMA address for these kinds ("-" where the device says 0x0),
	 * none at all for caches.
	 */
	x = ls_out(0, "-a", NULL, NULL);
	y = ls_out(0, "-a", "--netlink", NULL);
	for (i = 0; i < 2; i++) {
		ls_row(x, ids[i], row_a, sizeof(row_a));
		ls_row(y, ids[i], row_b, sizeof(row_b));
		assert_non_null(strstr(row_b, " 0x"));
		assert_string_equal(strrchr(row_a, ' '), " 0x0");
		assert_string_equal(strrchr(row_b, ' '), " -");
		*strrchr(row_a, ' ') = 0;
		*strrchr(row_b, ' ') = 0;
		if (strcmp(row_a, row_b))
			fail_msg("ls -a and ls -N -a differ for object %u",
				 ids[i]);
	}
	snprintf(want, sizeof(want), " %-18s %-18s %s", "-", "-", "-");
	ls_row(y, ids[2], row_b, sizeof(row_b));
	assert_non_null(strstr(row_b, want));
	free(x);
	free(y);

	/* nobody: the same objects, no addresses ("-", none in JSON) */
	y = ls_out(RUN_AS_NOBODY, "-N", "-a", NULL);
	assert_int_equal(count_lines(y), 6);
	assert_null(strstr(y, "0xffff"));
	ls_row(y, ids[0], row_b, sizeof(row_b));
	assert_non_null(strstr(row_b, want));
	free(y);
	memctl_nobody(&r, "-j", "ls", "-N", NULL);
	assert_rc(&r, 0);
	a = parse_json(r.out);
	assert_non_null(a);
	assert_int_equal(json_object_array_length(a), 5);
	for (i = 0; i < 5; i++)
		assert_false(json_object_object_get_ex(json_object_array_get_idx(a, i),
						       "kaddr", NULL));
	json_object_put(a);
	run_free(&r);

	/*
	 * A file-scoped object of another process: a `memctl run` session
	 * reading its script from a FIFO holds it while the FIFO is open.
	 * ls -N shows it (no P); the device's ls, another open file, not.
	 */
	unlink(fifo);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(run_start(&bg, argv, NULL, 0), 0);
	f = fopen(fifo, "w");
	assert_non_null(f);
	fputs("kmalloc 64\n", f);
	fflush(f);
	/* it echoes the line, then prints the new id */
	assert_int_equal(run_read_lines(&bg, 2, 10000), 2);
	assert_true(!strncmp(bg.buf[0], "$ kmalloc 64\n", 13));
	sid = strtoul(bg.buf[0] + 13, NULL, 10);
	assert_true(sid > ids[4]);
	y = ls_out(0, "-N", NULL, NULL);
	ls_row(y, sid, row_b, sizeof(row_b));
	/* FLAG "-": not persistent */
	snprintf(want, sizeof(want), "%5u %-13s %8s %-4s ", sid, "kmalloc",
		 "64", "-");
	assert_true(!strncmp(row_b, want, strlen(want)));
	free(y);
	x = ls_out(0, NULL, NULL, NULL);
	snprintf(want, sizeof(want), "\n%5u ", sid);
	assert_null(strstr(x, want));
	free(x);
	fclose(f);	/* the script ends, its session frees the object */
	run_wait(&bg, &r, 10000);
	assert_rc(&r, 0);
	run_free(&r);
	unlink(fifo);
	y = ls_out(0, "-N", NULL, NULL);
	assert_null(strstr(y, want));
	free(y);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create_cache_merge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_create_cache_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_cache_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmalloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_pages_rw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_vmalloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ls_persist_free, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_permissions, setup, teardown),
		cmocka_unit_test(test_device_missing),
		cmocka_unit_test_setup_teardown(test_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_aliases_vs_kernel_tool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitor_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitor_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitor_signals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monitor_overrun, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ls_netlink, setup, teardown),
	};
	/*
	 * memctl bench gets a binary of its own (a copy of this one called
	 * test_cli_bench), so that it has its own time limit in check.sh.
	 */
	const struct CMUnitTest bench_tests[] = {
		cmocka_unit_test_setup_teardown(test_bench, setup, teardown),
	};
	const char *bin = getenv("MEMCTL_BIN");
	char cmdline[4096] = "";
	FILE *f;

	if (bin && *bin)
		memctl_bin = bin;
	if (access(memctl_bin, X_OK)) {
		fprintf(stderr, "test_cli: no memctl at %s: %s\n", memctl_bin,
			strerror(errno));
		return 1;
	}
	f = fopen("/proc/cmdline", "r");
	if (f) {
		if (!fgets(cmdline, sizeof(cmdline), f))
			cmdline[0] = 0;
		fclose(f);
	}
	merging = !strstr(cmdline, "slub_debug");
	printf("test_cli: %s, cache merging %s\n", memctl_bin,
	       merging ? "on (no slub_debug)" : "off (slub_debug)");
	if (argc > 0 && strstr(argv[0], "test_cli_bench"))
		return cmocka_run_group_tests_name("memctl bench guest",
						   bench_tests, NULL, NULL);
	return cmocka_run_group_tests_name("memctl guest", tests, NULL, NULL);
}

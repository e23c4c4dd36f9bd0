// SPDX-License-Identifier: GPL-2.0
/*
 * test_malformed.c - the view readers on hand-written and damaged inputs:
 * every malformed file is -EINVAL with its path and line, a missing file is
 * -ENOENT, and nothing crashes (cut or corrupted copies of the fixtures).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"

#define SLABINFO_HEAD							\
	"slabinfo - version: 2.1\n"					\
	"# name            <active_objs> <num_objs> <objsize> "	\
	"<objperslab> <pagesperslab> : tunables <limit> <batchcount> "	\
	"<sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n"

#define PAGETYPE_HEAD							\
	"Page block order: 9\n"						\
	"Pages per block:  512\n"					\
	"\n"								\
	"Free pages count per migrate type at order       0      1      2 \n"

static int sysroot_setup(void **state)
{
	*state = sysroot_new();
	return 0;
}

static int sysroot_teardown(void **state)
{
	sysroot_remove(*state);
	return 0;
}

/*
 * The reader failed with @want, blaming the file ending in @path_suffix at
 * @line, with a message.
 */
static void check_error(int ret, int want, const struct memctl_err *err,
			const char *path_suffix, unsigned int line)
{
	if (ret != want || !ends_with(err->path, path_suffix) ||
	    err->line != line || !err->msg[0])
		fail_msg("want %d at *%s:%u, got %d at %s:%u: %s", want,
			 path_suffix, line, ret, err->path, err->line, err->msg);
}

/* ------------------------------------------------------------------ */
/* /proc/slabinfo                                                      */

static void test_slabinfo_missing(void **state)
{
	struct memctl_slabinfo *si = (void *)1;
	struct memctl_err err;

	check_error(memctl_slabinfo_read(*state, &si, &err), -ENOENT, &err,
		    "/proc/slabinfo", 0);
	assert_null(si);
}

static void test_slabinfo_empty(void **state)
{
	struct memctl_slabinfo *si;
	struct memctl_err err;

	sysroot_write(*state, "proc/slabinfo", "");
	check_error(memctl_slabinfo_read(*state, &si, &err), -EINVAL, &err,
		    "/proc/slabinfo", 1);
}

static void test_slabinfo_wrong_version(void **state)
{
	struct memctl_slabinfo *si;
	struct memctl_err err;

	sysroot_write(*state, "proc/slabinfo",
		      "slabinfo - version: 2.0\n"
		      "kmalloc-1k 272 272 1024 16 4 : tunables 0 0 0 : slabdata 17 17 0\n");
	check_error(memctl_slabinfo_read(*state, &si, &err), -EINVAL, &err,
		    "/proc/slabinfo", 1);
	assert_non_null(strstr(err.msg, "2.0"));
}

static void test_slabinfo_truncated_line(void **state)
{
	struct memctl_slabinfo *si;
	struct memctl_err err;

	sysroot_write(*state, "proc/slabinfo", SLABINFO_HEAD
		      "kmalloc-2k 128 128 2048 16 8 : tunables 0 0 0 : slabdata 8 8 0\n"
		      "kmalloc-1k 272 272 1024 16 4 : tunables 0 0\n");
	check_error(memctl_slabinfo_read(*state, &si, &err), -EINVAL, &err,
		    "/proc/slabinfo", 4);

	/* Cut in the middle of the object fields, before ": tunables". */
	sysroot_write(*state, "proc/slabinfo", SLABINFO_HEAD "kmalloc-1k 272 27");
	check_error(memctl_slabinfo_read(*state, &si, &err), -EINVAL, &err,
		    "/proc/slabinfo", 3);
}

static void test_slabinfo_non_numeric(void **state)
{
	static const char *const bad[] = {
		"kmalloc-1k 272 2x2 1024 16 4 : tunables 0 0 0 : slabdata 17 17 0\n",
		"kmalloc-1k 272 272 1024 16 4 : tunables 0 zero 0 : slabdata 17 17 0\n",
		"kmalloc-1k 272 272 1024 16 4 : tunables 0 0 0 : slabdata 17 -17 0\n",
		"kmalloc-1k 272 272 1024 16 4 : tunables 0 0 0 : slabdata 17 17 0x0\n",
		/* objsize does not fit in 32 bits, num_objs not in 64 */
		"kmalloc-1k 272 272 4294967296 16 4 : tunables 0 0 0 : slabdata 17 17 0\n",
		"kmalloc-1k 272 18446744073709551616 1024 16 4 : tunables 0 0 0 : slabdata 1 1 0\n",
		"kmalloc-1k 272 272 1024 16 4 : tunebles 0 0 0 : slabdata 17 17 0\n",
		"kmalloc-1k 272 272 1024 16 4 : tunables 0 0 0 : slab 17 17 0\n",
		"1 2 3 4 5 : tunables 0 0 0 : slabdata 17 17 0\n",
	};
	struct memctl_slabinfo *si;
	struct memctl_err err;
	char text[512];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "%s%s%s", SLABINFO_HEAD,
			 "dentry 10458 10458 192 21 1 : tunables 0 0 0 : slabdata 498 498 0\n",
			 bad[i]);
		sysroot_write(*state, "proc/slabinfo", text);
		check_error(memctl_slabinfo_read(*state, &si, &err), -EINVAL,
			    &err, "/proc/slabinfo", 4);
	}
}

static void test_slabinfo_nul_byte(void **state)
{
	static const char text[] = SLABINFO_HEAD
		"dentry 10458 10458 192 21 1 : tunables 0 0 0 : slabdata 498 498 0\n"
		"dentry 10458\0 10458 192 21 1 : tunables 0 0 0 : slabdata 498 498 0\n";
	struct memctl_slabinfo *si;
	struct memctl_err err;

	sysroot_write_bytes(*state, "proc/slabinfo", text, sizeof(text) - 1);
	check_error(memctl_slabinfo_read(*state, &si, &err), -EINVAL, &err,
		    "/proc/slabinfo", 4);
}

static void test_slabinfo_not_a_file(void **state)
{
	struct memctl_slabinfo *si;
	struct memctl_err err;

	sysroot_mkdir(*state, "proc/slabinfo");
	check_error(memctl_slabinfo_read(*state, &si, &err), -EISDIR, &err,
		    "/proc/slabinfo", 1);
}

/* Names with blanks, CONFIG_DEBUG_SLAB's extra fields, a trailing slash. */
static void test_slabinfo_odd_but_valid(void **state)
{
	const struct memctl_slabinfo_entry *e;
	struct memctl_slabinfo *si;
	struct memctl_err err;
	char root[4096];

	sysroot_write(*state, "proc/slabinfo", SLABINFO_HEAD
		      "my cache   3 4 100 40 1 : tunables 0 0 0 : slabdata 1 1 0\n"
		      "\n"
		      "task_struct 120 126 6080 5 8 : tunables 8 4 0 : slabdata 26 26 0"
		      " : globalstat 1 1 1 0 0 0 0 0 0 : cpustat 0 0 0 0\n");
	snprintf(root, sizeof(root), "%s/", (char *)*state);
	assert_int_equal(memctl_slabinfo_read(root, &si, &err), 0);
	assert_int_equal(si->nr, 2);
	e = memctl_slabinfo_find(si, "my cache");
	assert_non_null(e);
	assert_int_equal(e->active_objs, 3);
	assert_int_equal(e->num_objs, 4);
	e = memctl_slabinfo_find(si, "task_struct");
	assert_non_null(e);
	assert_int_equal(e->objsize, 6080);
	assert_int_equal(e->pagesperslab, 8);
	assert_int_equal(e->num_slabs, 26);
	assert_null(memctl_slabinfo_find(si, "my"));
	assert_null(memctl_slabinfo_find(NULL, "my"));
	memctl_slabinfo_free(si);
}

/* ------------------------------------------------------------------ */
/* /sys/kernel/slab                                                    */

static void write_cache(const char *root, const char *name, const char *objects)
{
	char path[256];

	snprintf(path, sizeof(path), "sys/kernel/slab/%s/objects", name);
	sysroot_write(root, path, objects);
	snprintf(path, sizeof(path), "sys/kernel/slab/%s/object_size", name);
	sysroot_write(root, path, "64\n");
}

static void test_slab_missing(void **state)
{
	struct memctl_slab *slab = (void *)1;
	struct memctl_err err;

	check_error(memctl_slab_read(*state, &slab, &err), -ENOENT, &err,
		    "/sys/kernel/slab", 0);
	assert_null(slab);
}

static void test_slab_empty(void **state)
{
	struct memctl_slab *slab;
	struct memctl_err err;

	sysroot_mkdir(*state, "sys/kernel/slab");
	assert_int_equal(memctl_slab_read(*state, &slab, &err), 0);
	assert_int_equal(slab->nr, 0);
	assert_null(memctl_slab_find(slab, "anything"));
	memctl_slab_free(slab);
}

static void test_slab_non_numeric(void **state)
{
	struct memctl_slab *slab;
	struct memctl_err err;

	write_cache(*state, ":0000064", "12 N0=12\n");
	write_cache(*state, "kmalloc-64", "many\n");
	check_error(memctl_slab_read(*state, &slab, &err), -EINVAL, &err,
		    "/sys/kernel/slab/kmalloc-64/objects", 1);
	assert_non_null(strstr(err.msg, "many"));
}

static void test_slab_out_of_range(void **state)
{
	struct memctl_slab *slab;
	struct memctl_err err;

	write_cache(*state, "kmalloc-64", "1\n");
	sysroot_write(*state, "sys/kernel/slab/kmalloc-64/order", "4294967296\n");
	check_error(memctl_slab_read(*state, &slab, &err), -EINVAL, &err,
		    "/sys/kernel/slab/kmalloc-64/order", 1);
}

static void test_slab_unresolved_alias(void **state)
{
	struct memctl_slab *slab;
	struct memctl_err err;

	write_cache(*state, ":0000064", "1\n");
	sysroot_symlink(*state, "sys/kernel/slab/iommu_iova", ":0000064");
	sysroot_symlink(*state, "sys/kernel/slab/hugo", ":0001024");
	check_error(memctl_slab_read(*state, &slab, &err), -EINVAL, &err,
		    "/sys/kernel/slab", 0);
	assert_non_null(strstr(err.msg, "hugo"));
	assert_non_null(strstr(err.msg, ":0001024"));
}

/*
 * Missing attribute files are 0, per-node details are ignored, flags come
 * from their files and SLAB_ACCOUNT from the unique id; symlink targets are
 * reduced to their last component whatever their form; stray files are
 * skipped; alias names come out sorted.
 */
static void test_slab_attributes(void **state)
{
	static const char *const flag_files[] = {
		"poison", "red_zone", "store_user", "sanity_checks",
		"hwcache_align", "reclaim_account", "destroy_by_rcu",
		"cache_dma", "trace",
	};
	const struct memctl_slab_cache *c;
	struct memctl_slab *slab;
	struct memctl_err err;
	char path[256];
	size_t i;

	write_cache(*state, ":A-0000128", "96 N0=90 N1=6\n");
	sysroot_write(*state, "sys/kernel/slab/:A-0000128/slabs", "3 N0=2 N1=1\n");
	sysroot_write(*state, "sys/kernel/slab/:A-0000128/cpu_slabs", "2 N0=2\n");
	sysroot_write(*state, "sys/kernel/slab/:A-0000128/aliases", "2\n");
	sysroot_write(*state, "sys/kernel/slab/:A-0000128/hwcache_align", "1\n");
	sysroot_write(*state, "sys/kernel/slab/:A-0000128/order", "");
	for (i = 0; i < ARRAY_SIZE(flag_files); i++) {
		snprintf(path, sizeof(path), "sys/kernel/slab/hugo/%s", flag_files[i]);
		sysroot_write(*state, path, "1\n");
	}
	sysroot_write(*state, "sys/kernel/slab/hugo/object_size", "1024\n");
	sysroot_write(*state, "sys/kernel/slab/README", "not a cache\n");
	sysroot_symlink(*state, "sys/kernel/slab/tcp_bind_bucket", ":A-0000128");
	sysroot_symlink(*state, "sys/kernel/slab/eventpoll_epi",
			"../../kernel/slab/:A-0000128");
	sysroot_symlink(*state, "sys/kernel/slab/pid", "/sys/kernel/slab/:A-0000128");

	assert_int_equal(memctl_slab_read(*state, &slab, &err), 0);
	assert_int_equal(slab->nr, 2);
	assert_string_equal(slab->caches[0].name, ":A-0000128");
	assert_string_equal(slab->caches[1].name, "hugo");

	c = memctl_slab_find(slab, "pid");
	assert_ptr_equal(c, &slab->caches[0]);
	assert_int_equal(c->objects, 96);
	assert_int_equal(c->slabs, 3);
	assert_int_equal(c->cpu_slabs, 2);
	assert_int_equal(c->total_objects, 0);
	assert_int_equal(c->order, 0);
	assert_int_equal(c->aliases, 2);
	assert_int_equal(c->flags, MEMCTL_SLAB_F_HWCACHE_ALIGN | MEMCTL_SLAB_F_ACCOUNT);
	assert_int_equal(c->nr_alias_names, 3);
	assert_string_equal(c->alias_names[0], "eventpoll_epi");
	assert_string_equal(c->alias_names[1], "pid");
	assert_string_equal(c->alias_names[2], "tcp_bind_bucket");

	c = memctl_slab_find(slab, "hugo");
	assert_non_null(c);
	assert_int_equal(c->object_size, 1024);
	assert_int_equal(c->flags, MEMCTL_SLAB_F_POISON | MEMCTL_SLAB_F_RED_ZONE |
			 MEMCTL_SLAB_F_STORE_USER | MEMCTL_SLAB_F_SANITY_CHECKS |
			 MEMCTL_SLAB_F_HWCACHE_ALIGN |
			 MEMCTL_SLAB_F_RECLAIM_ACCOUNT |
			 MEMCTL_SLAB_F_DESTROY_BY_RCU | MEMCTL_SLAB_F_CACHE_DMA |
			 MEMCTL_SLAB_F_TRACE);
	assert_int_equal(c->nr_alias_names, 0);
	assert_null(c->alias_names);
	assert_null(memctl_slab_find(slab, "README"));
	memctl_slab_free(slab);
}

/* ------------------------------------------------------------------ */
/* /proc/buddyinfo                                                     */

static void test_buddyinfo_missing(void **state)
{
	struct memctl_buddyinfo *bi;
	struct memctl_err err;

	check_error(memctl_buddyinfo_read(*state, &bi, &err), -ENOENT, &err,
		    "/proc/buddyinfo", 0);
}

static void test_buddyinfo_malformed(void **state)
{
	static const char *const bad[] = {
		"Node 0, zone\n",				/* truncated */
		"Node 0, zone   Normal\n",			/* no counts */
		"Node 0, zone   Normal  18 18 2x 37\n",		/* non-numeric */
		"Node 0 zone   Normal  18 18 28 37\n",		/* no comma */
		"Node -1, zone   Normal  18 18 28 37\n",	/* bad node */
		"Nodes 0, zone   Normal  18 18 28 37\n",
		"Node 0, zones   Normal  18 18 28 37\n",
		"Node 0, zone Normal 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
	};
	struct memctl_buddyinfo *bi;
	struct memctl_err err;
	char text[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text),
			 "Node 0, zone      DMA      1      3      3      0\n%s",
			 bad[i]);
		sysroot_write(*state, "proc/buddyinfo", text);
		check_error(memctl_buddyinfo_read(*state, &bi, &err), -EINVAL,
			    &err, "/proc/buddyinfo", 2);
	}
}

static void test_buddyinfo_sixteen_orders(void **state)
{
	struct memctl_buddyinfo *bi;
	struct memctl_err err;

	sysroot_write(*state, "proc/buddyinfo",
		      "Node 1, zone Normal 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n");
	assert_int_equal(memctl_buddyinfo_read(*state, &bi, &err), 0);
	assert_int_equal(bi->nr, 1);
	assert_int_equal(bi->zones[0].node, 1);
	assert_int_equal(bi->zones[0].nr_orders, 16);
	assert_int_equal(bi->zones[0].free[15], 16);
	memctl_buddyinfo_free(bi);
}

/* ------------------------------------------------------------------ */
/* /proc/pagetypeinfo                                                  */

static void test_pagetypeinfo_malformed(void **state)
{
	static const struct {
		const char *text;
		unsigned int line;
	} bad[] = {
		{ PAGETYPE_HEAD "Node    0, zone   Normal, type    Unmovable  1  2\n", 5 },
		{ PAGETYPE_HEAD "Node    0, zone   Normal, type    Unmovable  1  2  3  4\n", 5 },
		{ PAGETYPE_HEAD "Node    0, zone   Normal, type    Unmovable  1  x  3\n", 5 },
		{ PAGETYPE_HEAD "Node    0, zone   Normal type    Unmovable  1  2  3\n", 5 },
		{ PAGETYPE_HEAD "Node    0, zone   Normal, kind    Unmovable  1  2  3\n", 5 },
		{ PAGETYPE_HEAD "Node    0, zone   Normal, type\n", 5 },
		{ PAGETYPE_HEAD "Number of blocks type     Unmovable      Movable\n", 5 },
		{ "Page block order: 9\nPages per block:  512\n\n"
		  "Free pages count per migrate type at order       0      1      3\n", 4 },
		{ "Page block order: 9\nPages per block:  512\n\n"
		  "Free pages count per migrate type at order\n", 4 },
		{ "Page block order: nine\n", 1 },
		{ "Page block order: 9\nPages per block:  512 pages\n", 2 },
		/* No free-count block at all, no block size: not a line's fault. */
		{ "Page block order: 9\nPages per block:  512\n\n", 0 },
		{ "Free pages count per migrate type at order       0      1      2 \n"
		  "Node    0, zone   Normal, type    Unmovable  1  2  3\n", 0 },
		{ "", 0 },
	};
	struct memctl_pagetypeinfo *pi;
	struct memctl_err err;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		sysroot_write(*state, "proc/pagetypeinfo", bad[i].text);
		check_error(memctl_pagetypeinfo_read(*state, &pi, &err), -EINVAL,
			    &err, "/proc/pagetypeinfo", bad[i].line);
	}
	sysroot_remove(*state);
	*state = sysroot_new();
	check_error(memctl_pagetypeinfo_read(*state, &pi, &err), -ENOENT, &err,
		    "/proc/pagetypeinfo", 0);
}

/* Two nodes (NUMA), ">100000" counts, the block counts skipped. */
static void test_pagetypeinfo_numa(void **state)
{
	struct memctl_pagetypeinfo *pi;
	struct memctl_err err;

	sysroot_write(*state, "proc/pagetypeinfo", PAGETYPE_HEAD
		"Node    0, zone   Normal, type    Unmovable      1      2      3 \n"
		"Node    0, zone   Normal, type      Movable >100000  5  6 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable\n"
		"Node 0, zone   Normal          151         1928\n"
		PAGETYPE_HEAD
		"Node    1, zone   Normal, type    Unmovable      7      8      9 \n"
		"\n"
		"Number of blocks type     Unmovable      Movable\n"
		"Node 1, zone   Normal          151         1928\n");
	assert_int_equal(memctl_pagetypeinfo_read(*state, &pi, &err), 0);
	assert_int_equal(pi->pageblock_order, 9);
	assert_int_equal(pi->pages_per_block, 512);
	assert_int_equal(pi->nr, 3);
	assert_int_equal(pi->types[1].node, 0);
	assert_string_equal(pi->types[1].type, "Movable");
	assert_int_equal(pi->types[1].free[0], 100000);
	assert_int_equal(pi->types[2].node, 1);
	assert_string_equal(pi->types[2].zone, "Normal");
	assert_int_equal(pi->types[2].nr_orders, 3);
	assert_int_equal(pi->types[2].free[2], 9);
	memctl_pagetypeinfo_free(pi);
}

/* ------------------------------------------------------------------ */
/* /sys/firmware/memmap                                                */

static void write_range(const char *root, const char *index, const char *start,
			const char *end, const char *type)
{
	char path[256];

	if (start) {
		snprintf(path, sizeof(path), "sys/firmware/memmap/%s/start", index);
		sysroot_write(root, path, start);
	}
	if (end) {
		snprintf(path, sizeof(path), "sys/firmware/memmap/%s/end", index);
		sysroot_write(root, path, end);
	}
	if (type) {
		snprintf(path, sizeof(path), "sys/firmware/memmap/%s/type", index);
		sysroot_write(root, path, type);
	}
}

static void test_memmap_missing(void **state)
{
	struct memctl_memmap *mm;
	struct memctl_err err;

	check_error(memctl_memmap_read(*state, &mm, &err), -ENOENT, &err,
		    "/sys/firmware/memmap", 0);
	write_range(*state, "0", "0x0\n", "0x9fbff\n", NULL);
	check_error(memctl_memmap_read(*state, &mm, &err), -ENOENT, &err,
		    "/sys/firmware/memmap/0/type", 0);
}

static void test_memmap_malformed(void **state)
{
	struct memctl_memmap *mm;
	struct memctl_err err;

	write_range(*state, "0", "0x0\n", "0x9fbff\n", "System RAM\n");
	write_range(*state, "1", "0x9fc00\n", "0xfffff\n", "Reserved\n");

	write_range(*state, "2", "0x100000\n", "0xbfffffff\n", "\n");
	check_error(memctl_memmap_read(*state, &mm, &err), -EINVAL, &err,
		    "/sys/firmware/memmap/2/type", 1);
	write_range(*state, "2", "1048576\n", "0xbfffffff\n", "System RAM\n");
	check_error(memctl_memmap_read(*state, &mm, &err), -EINVAL, &err,
		    "/sys/firmware/memmap/2/start", 1);
	write_range(*state, "2", "0x100000\n", "0xbfffffffg\n", NULL);
	check_error(memctl_memmap_read(*state, &mm, &err), -EINVAL, &err,
		    "/sys/firmware/memmap/2/end", 1);
	write_range(*state, "2", "0x100000\n", "0xfffff\n", NULL);
	check_error(memctl_memmap_read(*state, &mm, &err), -EINVAL, &err,
		    "/sys/firmware/memmap/2/end", 1);
	write_range(*state, "2", "0x\n", "0xbfffffff\n", NULL);
	check_error(memctl_memmap_read(*state, &mm, &err), -EINVAL, &err,
		    "/sys/firmware/memmap/2/start", 1);
}

/* Sorted by start whatever the directory order; usable counts System RAM. */
static void test_memmap_sorted(void **state)
{
	struct memctl_memmap *mm;
	struct memctl_err err;

	write_range(*state, "10", "0x100000000\n", "0x16bfffffff\n", "System RAM\n");
	write_range(*state, "2", "0x100000\n", "0xbfedffff\n", "System RAM\n");
	write_range(*state, "1", "0x9f400\n", "0x9ffff\n", "Reserved\n");
	write_range(*state, "0", "0x0\n", "0x9f3ff\n", "System RAM\n");
	write_range(*state, "3", "0xbfee0000\n", "0xbfefefff\n", "ACPI Tables\n");
	sysroot_write(*state, "sys/firmware/memmap/README", "skipped\n");
	assert_int_equal(memctl_memmap_read(*state, &mm, &err), 0);
	assert_int_equal(mm->nr, 5);
	assert_int_equal(mm->ranges[0].start, 0);
	assert_int_equal(mm->ranges[1].start, 0x9f400);
	assert_int_equal(mm->ranges[2].end, 0xbfedffff);
	assert_string_equal(mm->ranges[3].type, "ACPI Tables");
	assert_int_equal(mm->ranges[4].end, 0x16bfffffffULL);
	assert_int_equal(mm->usable, 0x9f400ULL + (0xbfee0000ULL - 0x100000ULL) +
			 (0x16c0000000ULL - 0x100000000ULL));
	memctl_memmap_free(mm);
}

/* ------------------------------------------------------------------ */
/* /proc/vmallocinfo                                                   */

/* The forms of line mm/vmalloc.c prints, with real (unhashed) addresses. */
static void test_vmallocinfo_forms(void **state)
{
	const struct memctl_vmalloc_area *a;
	struct memctl_vmallocinfo *vi;
	struct memctl_err err;

	sysroot_write(*state, "proc/vmallocinfo",
		      "0xffffc90000000000-0xffffc90000005000   20480 irq_init_percpu_irqstack+0x114/0x160 vmap\n"
		      "0xffffc9000011d000-0xffffc90000522000 4198400 memlab_vmalloc_alloc+0x18/0x30"
		      " [memlab] pages=1024 vmalloc vpages N0=1024\n"
		      "0xffffc90000600000-0xffffc90000605000   20480 vm_map_ram\n"
		      "0xffffc90000700000-0xffffc90000702000    8192 acpi_os_map_iomem+0x1bc/0x1e0"
		      " phys=0x00000000fed00000 ioremap\n"
		      "0xffffc90000800000-0xffffc90000a01000 2101248 pages=512 vmalloc user N0=256 N1=256\n"
		      "0xffffc90000b00000-0xffffc90000b05000   20480 0xffffffffc0123456 pages=4 dma-coherent\n"
		      "0xffffc90000c00000-0xffffc90000c03000   12288 foo+0x1/0x2 pages=2 vmalloc sparse-new\n"
		      "0xffffc90000d00000-0xffffc90000d05000   20480 unpurged vm_area\n");
	assert_int_equal(memctl_vmallocinfo_read(*state, &vi, &err), 0);
	assert_int_equal(vi->nr, 8);

	a = &vi->areas[0];
	assert_int_equal(a->start, 0xffffc90000000000ULL);
	assert_int_equal(a->end, 0xffffc90000005000ULL);
	assert_int_equal(a->size, 20480);
	assert_string_equal(a->caller, "irq_init_percpu_irqstack+0x114/0x160");
	assert_int_equal(a->pages, 0);
	assert_string_equal(a->kind, "vmap");

	a = &vi->areas[1];
	assert_int_equal(a->size, 4198400);
	assert_string_equal(a->caller, "memlab_vmalloc_alloc+0x18/0x30 [memlab]");
	assert_int_equal(a->pages, 1024);
	assert_string_equal(a->kind, "vmalloc");

	assert_string_equal(vi->areas[2].caller, "");
	assert_string_equal(vi->areas[2].kind, "vm_map_ram");
	assert_string_equal(vi->areas[3].kind, "ioremap");
	assert_string_equal(vi->areas[4].caller, "");
	assert_int_equal(vi->areas[4].pages, 512);
	assert_string_equal(vi->areas[4].kind, "vmalloc");
	assert_string_equal(vi->areas[5].caller, "0xffffffffc0123456");
	assert_string_equal(vi->areas[5].kind, "dma-coherent");
	assert_string_equal(vi->areas[6].kind, "vmalloc");
	assert_string_equal(vi->areas[7].caller, "");
	assert_string_equal(vi->areas[7].kind, "unpurged");
	memctl_vmallocinfo_free(vi);
}

static void test_vmallocinfo_malformed(void **state)
{
	static const char *const bad[] = {
		"0xffffc90000000000\n",					/* truncated */
		"0xffffc90000000000-0xffffc90000005000\n",		/* no size */
		"0xffffc90000000000 0xffffc90000005000 20480 foo+0x1/0x2 vmap\n",
		"0xffffc90000000000-ffffc90000005000 20480 foo+0x1/0x2 vmap\n",
		"0xffffc9000000zzzz-0xffffc90000005000 20480 foo+0x1/0x2 vmap\n",
		"0xffffc90000000000-0xffffc90000005000 20k foo+0x1/0x2 vmap\n",
		"0xffffc90000000000-0xffffc90000005000 20480 foo+0x1/0x2 pages=x vmalloc\n",
		"0xffffc90000000000-0xffffc90000005000 20480 foo+0x1/0x2 phys=0xZ ioremap\n",
		"0xffffc90000000000-0xffffc90000005000 20480 foo+0x1/0x2 vmap ???\n",
		"0x1-0x2 20480 foo+0x1/0x2 [memlab] [again]\n",
	};
	struct memctl_vmallocinfo *vi;
	struct memctl_err err;
	char text[512];
	size_t i;

	check_error(memctl_vmallocinfo_read(*state, &vi, &err), -ENOENT, &err,
		    "/proc/vmallocinfo", 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "%s%s",
			 "0x1000-0x3000 8192 foo+0x1/0x2 vmap\n\n", bad[i]);
		sysroot_write(*state, "proc/vmallocinfo", text);
		check_error(memctl_vmallocinfo_read(*state, &vi, &err), -EINVAL,
			    &err, "/proc/vmallocinfo", 3);
	}
}

/* ------------------------------------------------------------------ */
/* /proc/meminfo                                                       */

static void test_meminfo_values(void **state)
{
	struct memctl_meminfo *mi;
	struct memctl_err err;
	uint64_t v;

	sysroot_write(*state, "proc/meminfo",
		      "MemTotal:         940500 kB\n"
		      "Active(anon):        100 kB\n"
		      "HugePages_Total:       3\n");
	assert_int_equal(memctl_meminfo_read(*state, &mi, &err), 0);
	assert_int_equal(mi->nr, 3);
	assert_int_equal(memctl_meminfo_get(mi, "MemTotal", &v), 0);
	assert_int_equal(v, 940500ULL * 1024);
	assert_true(mi->fields[0].bytes);
	assert_int_equal(memctl_meminfo_get(mi, "Active(anon)", &v), 0);
	assert_int_equal(v, 102400);
	assert_int_equal(memctl_meminfo_get(mi, "HugePages_Total", &v), 0);
	assert_int_equal(v, 3);
	assert_false(mi->fields[2].bytes);
	assert_int_equal(memctl_meminfo_get(mi, "MemFree", &v), -ENOENT);
	assert_int_equal(memctl_meminfo_get(mi, NULL, &v), -EINVAL);
	assert_int_equal(memctl_meminfo_get(NULL, "MemTotal", &v), -EINVAL);
	memctl_meminfo_free(mi);
}

static void test_meminfo_malformed(void **state)
{
	static const char *const bad[] = {
		"MemFree         922376 kB\n",		/* no colon */
		"MemFree:\n",				/* no value */
		"MemFree:        922376 MB\n",		/* unknown unit */
		"MemFree:        92x376 kB\n",
		"MemFree:        922376 kB extra\n",
		"Mem Free:       922376 kB\n",
		": 12\n",
		"MemFree:  18014398509481984 kB\n",	/* 2^54 kB overflows bytes */
	};
	struct memctl_meminfo *mi;
	struct memctl_err err;
	char text[256];
	size_t i;

	check_error(memctl_meminfo_read(*state, &mi, &err), -ENOENT, &err,
		    "/proc/meminfo", 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "MemTotal: 963044 kB\n%s", bad[i]);
		sysroot_write(*state, "proc/meminfo", text);
		check_error(memctl_meminfo_read(*state, &mi, &err), -EINVAL, &err,
			    "/proc/meminfo", 2);
	}
}

/* ------------------------------------------------------------------ */
/* /proc/kallsyms                                                      */

static void test_kallsyms_hidden(void **state)
{
	char long_name[300], text[512];
	struct memctl_kallsyms *ks;
	struct memctl_err err;

	memset(long_name, 'r', sizeof(long_name) - 1);
	long_name[sizeof(long_name) - 1] = '\0';
	snprintf(text, sizeof(text),
		 "0000000000000000 T _text\n"
		 "0000000000000000 t hugo_init\t[hugo]\n"
		 "0000000000000000 b aaa\t[hugo]\n"
		 "0000000000000000 t %s\n", long_name);
	sysroot_write(*state, "proc/kallsyms", text);

	assert_int_equal(memctl_kallsyms_read(*state, "hugo", &ks, &err), 0);
	assert_int_equal(ks->nr, 2);
	assert_int_equal(ks->syms[0].addr, 0);
	assert_int_equal(ks->syms[0].type, 't');
	assert_string_equal(ks->syms[0].name, "hugo_init");
	assert_string_equal(ks->syms[0].module, "hugo");
	assert_int_equal(ks->syms[1].type, 'b');
	memctl_kallsyms_free(ks);

	assert_int_equal(memctl_kallsyms_read(*state, "", &ks, &err), 0);
	assert_int_equal(ks->nr, 2);
	assert_string_equal(ks->syms[0].name, "_text");
	assert_string_equal(ks->syms[0].module, "");
	/* Truncated to the field, not refused. */
	assert_int_equal(strlen(ks->syms[1].name), sizeof(ks->syms[1].name) - 1);
	memctl_kallsyms_free(ks);

	assert_int_equal(memctl_kallsyms_read(*state, NULL, &ks, &err), 0);
	assert_int_equal(ks->nr, 4);
	memctl_kallsyms_free(ks);

	assert_int_equal(memctl_kallsyms_read(*state, "hug", &ks, &err), 0);
	assert_int_equal(ks->nr, 0);
	memctl_kallsyms_free(ks);
}

static void test_kallsyms_malformed(void **state)
{
	static const char *const bad[] = {
		"ffffffff81000000 T\n",				/* truncated */
		"ffffffff81000000\n",
		"ffffffff8100000g T _stext\n",
		"0xffffffff81000000 T _stext\n",
		"1ffffffff81000000 T _stext\n",			/* 17 digits */
		"ffffffff81000000 TT _stext\n",
		"ffffffffc06e1000 t hugo_init\thugo\n",
		"ffffffffc06e1000 t hugo_init\t[hugo\n",
		"ffffffffc06e1000 t hugo_init\t[]\n",
		"ffffffffc06e1000 t hugo_init\t[hugo] extra\n",
	};
	struct memctl_kallsyms *ks;
	struct memctl_err err;
	char text[256];
	size_t i;

	check_error(memctl_kallsyms_read(*state, "memlab", &ks, &err), -ENOENT,
		    &err, "/proc/kallsyms", 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		snprintf(text, sizeof(text), "ffffffff81000000 T _text\n%s", bad[i]);
		sysroot_write(*state, "proc/kallsyms", text);
		/* Malformed whatever the filter: a bad file is not "no symbols". */
		check_error(memctl_kallsyms_read(*state, "memlab", &ks, &err),
			    -EINVAL, &err, "/proc/kallsyms", 2);
	}
}

/* ------------------------------------------------------------------ */
/* Every reader                                                        */

/* No output pointer, no err: an error code, no crash; free(NULL) is fine. */
static void test_null_arguments(void **state)
{
	struct memctl_slabinfo *si;
	struct memctl_err err;

	assert_int_equal(memctl_slabinfo_read(*state, NULL, &err), -EINVAL);
	assert_int_equal(memctl_slab_read(*state, NULL, NULL), -EINVAL);
	assert_int_equal(memctl_buddyinfo_read(*state, NULL, &err), -EINVAL);
	assert_int_equal(memctl_pagetypeinfo_read(*state, NULL, NULL), -EINVAL);
	assert_int_equal(memctl_memmap_read(*state, NULL, &err), -EINVAL);
	assert_int_equal(memctl_vmallocinfo_read(*state, NULL, NULL), -EINVAL);
	assert_int_equal(memctl_meminfo_read(*state, NULL, &err), -EINVAL);
	assert_int_equal(memctl_kallsyms_read(*state, NULL, NULL, NULL), -EINVAL);

	sysroot_write(*state, "proc/slabinfo", "slabinfo - version: 1.1\n");
	assert_int_equal(memctl_slabinfo_read(*state, &si, NULL), -EINVAL);
	memctl_slabinfo_free(NULL);
	memctl_slab_free(NULL);
	memctl_buddyinfo_free(NULL);
	memctl_pagetypeinfo_free(NULL);
	memctl_memmap_free(NULL);
	memctl_vmallocinfo_free(NULL);
	memctl_meminfo_free(NULL);
	memctl_kallsyms_free(NULL);
	assert_null(memctl_slab_find(NULL, "x"));
}

static void test_sysroot_too_long(void **state)
{
	struct memctl_meminfo *mi;
	struct memctl_err err;
	char *root = malloc(8192);

	(void)state;
	assert_non_null(root);
	memset(root, 'a', 8191);
	root[0] = '/';
	root[8191] = '\0';
	assert_int_equal(memctl_meminfo_read(root, &mi, &err), -ENAMETOOLONG);
	assert_int_equal(err.line, 0);
	free(root);
}

/*
 * Readers of one view each: read @root, free what was read, return what the
 * reader returned. On failure the output must have been set to NULL.
 */
#define DEFINE_READ_AND_FREE(view, type, ...)				\
static int read_and_free_##view(const char *root, struct memctl_err *err) \
{									\
	struct type *out = (void *)1;					\
	int ret = memctl_##view##_read(root, ##__VA_ARGS__, &out, err);	\
									\
	if (ret)							\
		assert_null(out);					\
	else								\
		memctl_##view##_free(out);				\
	return ret;							\
}

DEFINE_READ_AND_FREE(slabinfo, memctl_slabinfo)
DEFINE_READ_AND_FREE(buddyinfo, memctl_buddyinfo)
DEFINE_READ_AND_FREE(pagetypeinfo, memctl_pagetypeinfo)
DEFINE_READ_AND_FREE(vmallocinfo, memctl_vmallocinfo)
DEFINE_READ_AND_FREE(meminfo, memctl_meminfo)
DEFINE_READ_AND_FREE(kallsyms, memctl_kallsyms, "memlab")

static const struct {
	const char *file;
	int (*read_and_free)(const char *root, struct memctl_err *err);
} proc_views[] = {
	{ "slabinfo", read_and_free_slabinfo },
	{ "buddyinfo", read_and_free_buddyinfo },
	{ "pagetypeinfo", read_and_free_pagetypeinfo },
	{ "vmallocinfo", read_and_free_vmallocinfo },
	{ "meminfo", read_and_free_meminfo },
	{ "kallsyms", read_and_free_kallsyms },
};

/* Run one reader on @root: it must succeed or fail cleanly, with a message. */
static void read_view_cleanly(const char *root, size_t view)
{
	struct memctl_err err;
	int ret;

	ret = proc_views[view].read_and_free(root, &err);
	if (ret && (ret != -EINVAL || !err.msg[0] ||
		    !ends_with(err.path, proc_views[view].file)))
		fail_msg("%s: %d at %s:%u: %s", proc_views[view].file, ret,
			 err.path, err.line, err.msg);
}

/*
 * The guest fixture's /proc files cut short at many points (mid-line
 * included) and with bytes overwritten by a fixed pseudo-random sequence:
 * every reader returns 0 or -EINVAL, never crashes, never leaks (valgrind).
 */
static void test_damaged_fixtures(void **state)
{
	char path[4096], rel[64];
	unsigned int seed = 12345;
	size_t v, len, cut, step, k;
	char *text, *copy;

	for (v = 0; v < ARRAY_SIZE(proc_views); v++) {
		snprintf(path, sizeof(path), "%s/proc/%s",
			 fixture_root("guest-6.1"), proc_views[v].file);
		snprintf(rel, sizeof(rel), "proc/%s", proc_views[v].file);
		text = read_whole_file(path, &len);
		copy = malloc(len + 1);
		assert_non_null(copy);

		step = len / 40 + 1;
		for (cut = 0; cut <= len; cut += step) {
			sysroot_write_bytes(*state, rel, text, cut);
			read_view_cleanly(*state, v);
		}
		for (k = 0; k < 40; k++) {
			memcpy(copy, text, len);
			seed = seed * 1103515245 + 12345;
			copy[(seed >> 8) % len] = (char)(seed >> 3);
			seed = seed * 1103515245 + 12345;
			copy[(seed >> 8) % len] = " \t\n:-x0"[(seed >> 4) % 7];
			sysroot_write_bytes(*state, rel, copy, len);
			read_view_cleanly(*state, v);
		}
		free(copy);
		free(text);
	}
}

int run_malformed_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, sysroot_setup, sysroot_teardown)
		T(test_slabinfo_missing),
		T(test_slabinfo_empty),
		T(test_slabinfo_wrong_version),
		T(test_slabinfo_truncated_line),
		T(test_slabinfo_non_numeric),
		T(test_slabinfo_nul_byte),
		T(test_slabinfo_not_a_file),
		T(test_slabinfo_odd_but_valid),
		T(test_slab_missing),
		T(test_slab_empty),
		T(test_slab_non_numeric),
		T(test_slab_out_of_range),
		T(test_slab_unresolved_alias),
		T(test_slab_attributes),
		T(test_buddyinfo_missing),
		T(test_buddyinfo_malformed),
		T(test_buddyinfo_sixteen_orders),
		T(test_pagetypeinfo_malformed),
		T(test_pagetypeinfo_numa),
		T(test_memmap_missing),
		T(test_memmap_malformed),
		T(test_memmap_sorted),
		T(test_vmallocinfo_forms),
		T(test_vmallocinfo_malformed),
		T(test_meminfo_values),
		T(test_meminfo_malformed),
		T(test_kallsyms_hidden),
		T(test_kallsyms_malformed),
		T(test_null_arguments),
		T(test_sysroot_too_long),
		T(test_damaged_fixtures),
#undef T
	};

	return cmocka_run_group_tests_name("libmemctl views: malformed input",
					   tests, NULL, NULL);
}

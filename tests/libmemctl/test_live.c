// SPDX-License-Identifier: GPL-2.0
/*
 * test_live.c - the view readers on the machine running the tests (sysroot
 * "/" and NULL). Values change all the time, so only what must hold on any
 * kernel is checked. A view that this machine does not offer, or that this
 * user may not read (/proc/slabinfo and /proc/pagetypeinfo are root-only),
 * skips its test and says why.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

/* Skip the current test when @ret says the view is not there for us. */
static void skip_if_unavailable(int ret, const struct memctl_err *err)
{
	if (ret == -ENOENT || ret == -EACCES || ret == -EPERM) {
		print_message("      skipped: %s: %s\n", err->path, err->msg);
		skip();
	}
	if (ret)
		fail_msg("%d at %s:%u: %s", ret, err->path, err->line, err->msg);
}

static void test_live_slabinfo(void **state)
{
	struct memctl_slabinfo *si;
	struct memctl_err err;
	size_t i;

	(void)state;
	skip_if_unavailable(memctl_slabinfo_read("/", &si, &err), &err);
	assert_true(si->nr > 10);
	for (i = 0; i < si->nr; i++)
		assert_true(si->entries[i].objsize > 0);
	/* Every SLUB kernel has its own cache of caches. */
	assert_non_null(memctl_slabinfo_find(si, "kmem_cache"));
	memctl_slabinfo_free(si);
}

static void test_live_slab(void **state)
{
	const struct memctl_slab_cache *c;
	struct memctl_slab *slab;
	struct memctl_err err;
	size_t i, j, nr_alias_names = 0;

	(void)state;
	skip_if_unavailable(memctl_slab_read(NULL, &slab, &err), &err);
	assert_true(slab->nr > 10);
	c = memctl_slab_find(slab, "kmem_cache");
	assert_non_null(c);
	assert_true(c->object_size > 0);
	for (i = 0; i < slab->nr; i++) {
		nr_alias_names += slab->caches[i].nr_alias_names;
		for (j = 0; j < slab->caches[i].nr_alias_names; j++)
			assert_ptr_equal(memctl_slab_find(slab,
							  slab->caches[i].alias_names[j]),
					 &slab->caches[i]);
	}
	print_message("      %zu caches, %zu alias names\n", slab->nr,
		      nr_alias_names);
	memctl_slab_free(slab);
}

static void test_live_buddyinfo(void **state)
{
	struct memctl_buddyinfo *bi;
	struct memctl_err err;

	(void)state;
	skip_if_unavailable(memctl_buddyinfo_read("/", &bi, &err), &err);
	assert_true(bi->nr > 0);
	assert_true(bi->zones[0].nr_orders >= 11);
	memctl_buddyinfo_free(bi);
}

static void test_live_pagetypeinfo(void **state)
{
	struct memctl_pagetypeinfo *pi;
	struct memctl_err err;

	(void)state;
	skip_if_unavailable(memctl_pagetypeinfo_read("/", &pi, &err), &err);
	assert_true(pi->nr > 0);
	assert_int_equal(pi->pages_per_block, 1U << pi->pageblock_order);
	memctl_pagetypeinfo_free(pi);
}

/* The firmware's usable RAM bounds what the kernel manages (MemTotal). */
static void test_live_memmap_and_meminfo(void **state)
{
	struct memctl_meminfo *mi;
	struct memctl_memmap *mm;
	struct memctl_err err;
	uint64_t total;

	(void)state;
	skip_if_unavailable(memctl_meminfo_read("/", &mi, &err), &err);
	assert_int_equal(memctl_meminfo_get(mi, "MemTotal", &total), 0);
	assert_true(total > 0);
	memctl_meminfo_free(mi);

	skip_if_unavailable(memctl_memmap_read("/", &mm, &err), &err);
	assert_true(mm->nr > 0);
	assert_true(mm->usable >= total);
	print_message("      e820: %zu ranges, %llu bytes usable, MemTotal %llu\n",
		      mm->nr, (unsigned long long)mm->usable,
		      (unsigned long long)total);
	memctl_memmap_free(mm);
}

static void test_live_vmallocinfo(void **state)
{
	struct memctl_vmallocinfo *vi;
	struct memctl_err err;

	(void)state;
	skip_if_unavailable(memctl_vmallocinfo_read("/", &vi, &err), &err);
	assert_true(vi->nr > 0);
	memctl_vmallocinfo_free(vi);
}

static void test_live_kallsyms(void **state)
{
	struct memctl_kallsyms *ks;
	struct memctl_err err;

	(void)state;
	skip_if_unavailable(memctl_kallsyms_read("/", "", &ks, &err), &err);
	assert_true(ks->nr > 1000);
	memctl_kallsyms_free(ks);

	assert_int_equal(memctl_kallsyms_read(NULL, "no_such_module_here", &ks,
					      &err), 0);
	assert_int_equal(ks->nr, 0);
	memctl_kallsyms_free(ks);
}

int run_live_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_live_slabinfo),
		cmocka_unit_test(test_live_slab),
		cmocka_unit_test(test_live_buddyinfo),
		cmocka_unit_test(test_live_pagetypeinfo),
		cmocka_unit_test(test_live_memmap_and_meminfo),
		cmocka_unit_test(test_live_vmallocinfo),
		cmocka_unit_test(test_live_kallsyms),
	};

	return cmocka_run_group_tests_name("libmemctl views: this machine (/)",
					   tests, NULL, NULL);
}

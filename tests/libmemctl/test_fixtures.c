// SPDX-License-Identifier: GPL-2.0
/*
 * test_fixtures.c - every view reader on sysroots captured from two kernels
 * (fixtures/, see fixtures/make-fixtures.sh):
 *   host-6.18  the development machine, 6.18, no modules loaded;
 *   guest-6.1  Debian's 6.1 in the QEMU test guest, memlab.ko loaded, booted
 *              without slub_debug so that caches merge.
 * The expected values were read off the fixture files with other tools
 * (grep, awk, python), not with libmemctl.
 */
#include <errno.h>
#include <string.h>

#include "test_util.h"

#define MAX_ALIAS_NAMES	8

struct expect_slab_cache {
	const char *name;	/* as looked up: a directory or an alias */
	const char *dir;	/* the directory it resolves to */
	uint64_t objects, total_objects, slabs, partial, cpu_slabs;
	uint32_t object_size, slab_size, objs_per_slab, order, align, aliases;
	uint32_t flags;
	const char *alias_names[MAX_ALIAS_NAMES];	/* sorted, NULL-ended */
};

struct expect_vmalloc_area {
	size_t index;
	uint64_t size, pages;
	const char *caller, *kind;
};

struct expect_symbol {
	const char *name;
	uint64_t addr;
	char type;
};

struct fixture {
	const char *name;

	size_t slabinfo_nr;
	struct memctl_slabinfo_entry slabinfo[2];

	size_t slab_nr, slab_nr_alias_names;
	struct expect_slab_cache caches[6];

	size_t nr_zones;
	const char *zones[4];
	struct { size_t zone; unsigned int order; uint64_t free; } buddy[3];

	size_t nr_pagetypes;
	struct { const char *zone, *type; unsigned int order; uint64_t free; } pagetype;

	size_t nr_ranges;
	struct memctl_memmap_range first_range, last_range;
	uint64_t usable;

	size_t nr_areas, nr_callers;
	uint64_t area_bytes, area_pages;
	struct { const char *kind; size_t nr; } kinds[4];
	struct expect_vmalloc_area areas[3];

	size_t nr_meminfo;
	uint64_t mem_total, mem_available;

	size_t nr_syms, nr_kernel_syms, nr_memlab_syms;
	struct expect_symbol first_sym;
	struct expect_symbol memlab_syms[2];
};

static const struct fixture host_6_18 = {
	.name = "host-6.18",
	.slabinfo_nr = 235,
	.slabinfo = {
		{ "kmalloc-1k", 580, 592, 1024, 16, 4, 37, 37 },
		{ "dentry", 243642, 243642, 192, 21, 1, 11602, 11602 },
	},
	.slab_nr = 32,
	.slab_nr_alias_names = 52,
	.caches = {
		{ "biovec-64", ":0001024", 64, 64, 4, 0, 4, 1024, 1024, 16, 2, 64, 2,
		  MEMCTL_SLAB_F_HWCACHE_ALIGN,
		  { "biovec-64", "iommu_iova_magazine", "sgpool-32" } },
		{ "kmalloc-1k", "kmalloc-1k", 580, 592, 37, 4, 6, 1024, 1024, 16, 2,
		  1024, 0, 0, { NULL } },
		{ "pte_list_desc", ":A-0000128", 224, 224, 7, 0, 7, 128, 128, 32, 0,
		  64, 4, MEMCTL_SLAB_F_HWCACHE_ALIGN | MEMCTL_SLAB_F_ACCOUNT,
		  { "eventpoll_epi", "fib6_node", "pte_list_desc",
		    "tcp_bind2_bucket", "tcp_bind_bucket" } },
		{ "buffer_head", ":a-0000104", 15717, 15717, 403, 0, 2, 104, 104, 39,
		  0, 8, 1, MEMCTL_SLAB_F_RECLAIM_ACCOUNT,
		  { "buffer_head", "ext4_fc_dentry_update" } },
		{ "TCP", "TCP", 26, 26, 2, 0, 2, 2304, 2368, 13, 3, 64, 0,
		  MEMCTL_SLAB_F_HWCACHE_ALIGN | MEMCTL_SLAB_F_DESTROY_BY_RCU,
		  { NULL } },
		{ "dma-kmalloc-64", "dma-kmalloc-64", 0, 0, 0, 0, 0, 64, 64, 64, 0,
		  64, 0, MEMCTL_SLAB_F_CACHE_DMA, { NULL } },
	},
	.nr_zones = 3,
	.zones = { "DMA", "DMA32", "Normal" },
	.buddy = { { 0, 10, 3 }, { 2, 0, 1834 }, { 2, 10, 802 } },
	.nr_pagetypes = 15,
	.pagetype = { "Normal", "Unmovable", 0, 1133 },
	.nr_ranges = 5,
	.first_range = { 0x0, 0x9fbff, "System RAM" },
	.last_range = { 0x100000000ULL, 0x63fffffffULL, "System RAM" },
	.usable = 25769409536ULL,
	.nr_areas = 66,
	.nr_callers = 61,
	.area_bytes = 4263936,
	.area_pages = 674,
	.kinds = { { "vmap", 2 }, { "ioremap", 17 }, { "vmalloc", 42 },
		   { "unpurged", 5 } },
	.areas = {
		{ 0, 20480, 0, "irq_init_percpu_irqstack+0xed/0x120", "vmap" },
		{ 1, 8192, 0, "acpi_os_map_iomem+0x1bc/0x1e0", "ioremap" },
		{ 3, 20480, 4, "kernel_clone+0xb8/0x400", "vmalloc" },
	},
	.nr_meminfo = 54,
	.mem_total = 24683656ULL * 1024,
	.mem_available = 24271784ULL * 1024,
	.nr_syms = 200,
	.nr_kernel_syms = 200,
	.nr_memlab_syms = 0,
	.first_sym = { "srso_alias_untrain_ret", 0xffffffff81000000ULL, 'T' },
};

static const struct fixture guest_6_1 = {
	.name = "guest-6.1",
	.slabinfo_nr = 145,
	.slabinfo = {
		{ "kmalloc-1k", 288, 288, 1024, 16, 4, 18, 18 },
		{ "dentry", 10395, 10395, 192, 21, 1, 495, 495 },
	},
	.slab_nr = 32,
	.slab_nr_alias_names = 46,
	.caches = {
		/* The lab notes' group: a 1024-byte cache merged into :0001024. */
		{ "biovec-64", ":0001024", 16, 16, 1, 0, 1, 1024, 1024, 16, 2, 64, 1,
		  MEMCTL_SLAB_F_HWCACHE_ALIGN, { "biovec-64", "sgpool-32" } },
		{ "kmalloc-1k", "kmalloc-1k", 288, 288, 18, 0, 3, 1024, 1024, 16, 2,
		  1024, 0, 0, { NULL } },
		{ "pid", ":A-0000128", 96, 96, 3, 0, 2, 128, 128, 32, 0, 64, 4,
		  MEMCTL_SLAB_F_HWCACHE_ALIGN | MEMCTL_SLAB_F_ACCOUNT,
		  { "eventpoll_epi", "fib6_nodes", "pid", "task_delay_info",
		    "tcp_bind_bucket" } },
		{ "buffer_head", ":a-0000104", 0, 0, 0, 0, 0, 104, 104, 39, 0, 8, 0,
		  MEMCTL_SLAB_F_RECLAIM_ACCOUNT, { "buffer_head" } },
		{ "TCP", "TCP", 0, 0, 0, 0, 0, 2280, 2304, 14, 3, 64, 0,
		  MEMCTL_SLAB_F_HWCACHE_ALIGN | MEMCTL_SLAB_F_DESTROY_BY_RCU,
		  { NULL } },
		{ "dma-kmalloc-64", "dma-kmalloc-64", 0, 0, 0, 0, 0, 64, 64, 64, 0,
		  64, 0, MEMCTL_SLAB_F_CACHE_DMA, { NULL } },
	},
	.nr_zones = 2,
	.zones = { "DMA", "DMA32" },
	.buddy = { { 0, 10, 3 }, { 1, 0, 1 }, { 1, 10, 219 } },
	.nr_pagetypes = 10,
	.pagetype = { "DMA32", "Movable", 10, 219 },
	.nr_ranges = 7,
	.first_range = { 0x0, 0x9fbff, "System RAM" },
	.last_range = { 0xfd00000000ULL, 0xffffffffffULL, "Reserved" },
	.usable = 1073216512ULL,
	.nr_areas = 86,
	.nr_callers = 83,
	.area_bytes = 8388608,
	.area_pages = 1425,
	.kinds = { { "vmap", 2 }, { "ioremap", 5 }, { "vmalloc", 76 },
		   { "unpurged", 3 } },
	.areas = {
		{ 0, 20480, 0, "irq_init_percpu_irqstack+0xf0/0x120", "vmap" },
		{ 80, 2097152, 0, "pcpu_get_vm_areas+0x0/0x1080", "vmalloc" },
		{ 82, 45056, 10, "load_module+0xbb7/0x21a0", "vmalloc" },
	},
	.nr_meminfo = 54,
	.mem_total = 963044ULL * 1024,
	.mem_available = 855568ULL * 1024,
	.nr_syms = 328,
	.nr_kernel_syms = 200,
	.nr_memlab_syms = 128,
	/* Per-cpu symbols sit at 0 even when addresses are shown. */
	.first_sym = { "fixed_percpu_data", 0, 'A' },
	.memlab_syms = {
		{ "memlab_exit", 0xffffffffc029016fULL, 't' },
		{ "__this_module", 0xffffffffc0294500ULL, 'd' },
	},
};

static const char *root_of(const struct fixture *fx)
{
	return fixture_root(fx->name);
}

static void check_ok(int ret, const struct memctl_err *err)
{
	if (ret)
		fail_msg("%d at %s:%u: %s", ret, err->path, err->line, err->msg);
	assert_int_equal(err->msg[0], '\0');
}

static void test_slabinfo(const struct fixture *fx)
{
	const struct memctl_slabinfo_entry *e, *want;
	struct memctl_slabinfo *si;
	struct memctl_err err;
	size_t i;

	check_ok(memctl_slabinfo_read(root_of(fx), &si, &err), &err);
	assert_int_equal(si->nr, fx->slabinfo_nr);
	for (i = 0; i < 2; i++) {
		want = &fx->slabinfo[i];
		e = memctl_slabinfo_find(si, want->name);
		assert_non_null(e);
		assert_string_equal(e->name, want->name);
		assert_int_equal(e->active_objs, want->active_objs);
		assert_int_equal(e->num_objs, want->num_objs);
		assert_int_equal(e->objsize, want->objsize);
		assert_int_equal(e->objperslab, want->objperslab);
		assert_int_equal(e->pagesperslab, want->pagesperslab);
		assert_int_equal(e->active_slabs, want->active_slabs);
		assert_int_equal(e->num_slabs, want->num_slabs);
	}
	/* Every entry is self-consistent: never more active than allocated. */
	for (i = 0; i < si->nr; i++) {
		assert_true(si->entries[i].active_objs <= si->entries[i].num_objs);
		assert_true(si->entries[i].name[0] != '\0');
	}
	assert_null(memctl_slabinfo_find(si, "hugo"));
	memctl_slabinfo_free(si);
}

static void test_slab(const struct fixture *fx)
{
	const struct expect_slab_cache *want;
	const struct memctl_slab_cache *c;
	struct memctl_slab *slab;
	struct memctl_err err;
	size_t i, j, nr_alias_names = 0;

	check_ok(memctl_slab_read(root_of(fx), &slab, &err), &err);
	assert_int_equal(slab->nr, fx->slab_nr);
	for (i = 0; i < slab->nr; i++) {
		nr_alias_names += slab->caches[i].nr_alias_names;
		if (i > 0)
			assert_true(strcmp(slab->caches[i - 1].name,
					   slab->caches[i].name) < 0);
		for (j = 1; j < slab->caches[i].nr_alias_names; j++)
			assert_true(strcmp(slab->caches[i].alias_names[j - 1],
					   slab->caches[i].alias_names[j]) < 0);
	}
	assert_int_equal(nr_alias_names, fx->slab_nr_alias_names);

	for (i = 0; i < ARRAY_SIZE(fx->caches); i++) {
		want = &fx->caches[i];
		c = memctl_slab_find(slab, want->name);
		if (!c)
			fail_msg("%s: no cache %s", fx->name, want->name);
		assert_ptr_equal(c, memctl_slab_find(slab, want->dir));
		assert_string_equal(c->name, want->dir);
		assert_int_equal(c->objects, want->objects);
		assert_int_equal(c->total_objects, want->total_objects);
		assert_int_equal(c->slabs, want->slabs);
		assert_int_equal(c->partial, want->partial);
		assert_int_equal(c->cpu_slabs, want->cpu_slabs);
		assert_int_equal(c->object_size, want->object_size);
		assert_int_equal(c->slab_size, want->slab_size);
		assert_int_equal(c->objs_per_slab, want->objs_per_slab);
		assert_int_equal(c->order, want->order);
		assert_int_equal(c->align, want->align);
		assert_int_equal(c->aliases, want->aliases);
		assert_int_equal(c->flags, want->flags);
		for (j = 0; j < MAX_ALIAS_NAMES && want->alias_names[j]; j++) {
			assert_true(j < c->nr_alias_names);
			assert_string_equal(c->alias_names[j], want->alias_names[j]);
		}
		assert_int_equal(c->nr_alias_names, j);
	}
	assert_null(memctl_slab_find(slab, "hugo"));
	memctl_slab_free(slab);
}

static void test_buddyinfo(const struct fixture *fx)
{
	struct memctl_buddyinfo *bi;
	struct memctl_err err;
	size_t i;

	check_ok(memctl_buddyinfo_read(root_of(fx), &bi, &err), &err);
	assert_int_equal(bi->nr, fx->nr_zones);
	for (i = 0; i < bi->nr; i++) {
		assert_int_equal(bi->zones[i].node, 0);
		assert_string_equal(bi->zones[i].zone, fx->zones[i]);
		assert_int_equal(bi->zones[i].nr_orders, 11);
	}
	for (i = 0; i < 3; i++)
		assert_int_equal(bi->zones[fx->buddy[i].zone].free[fx->buddy[i].order],
				 fx->buddy[i].free);
	memctl_buddyinfo_free(bi);
}

static void test_pagetypeinfo(const struct fixture *fx)
{
	struct memctl_pagetypeinfo *pi;
	const struct memctl_pagetype *t;
	struct memctl_err err;
	size_t i, found = 0;

	check_ok(memctl_pagetypeinfo_read(root_of(fx), &pi, &err), &err);
	assert_int_equal(pi->pageblock_order, 9);
	assert_int_equal(pi->pages_per_block, 512);
	assert_int_equal(pi->nr, fx->nr_pagetypes);
	for (i = 0; i < pi->nr; i++) {
		t = &pi->types[i];
		assert_int_equal(t->node, 0);
		assert_int_equal(t->nr_orders, 11);
		/* Five migrate types per zone, in the kernel's order. */
		assert_string_equal(t->zone, fx->zones[i / 5]);
		if (!strcmp(t->zone, fx->pagetype.zone) &&
		    !strcmp(t->type, fx->pagetype.type)) {
			assert_int_equal(t->free[fx->pagetype.order],
					 fx->pagetype.free);
			found++;
		}
	}
	assert_string_equal(pi->types[0].type, "Unmovable");
	assert_string_equal(pi->types[4].type, "Isolate");
	assert_int_equal(found, 1);
	memctl_pagetypeinfo_free(pi);
}

static void check_range(const struct memctl_memmap_range *r,
			const struct memctl_memmap_range *want)
{
	assert_int_equal(r->start, want->start);
	assert_int_equal(r->end, want->end);
	assert_string_equal(r->type, want->type);
}

static void test_memmap(const struct fixture *fx)
{
	struct memctl_memmap *mm;
	struct memctl_err err;
	size_t i;

	check_ok(memctl_memmap_read(root_of(fx), &mm, &err), &err);
	assert_int_equal(mm->nr, fx->nr_ranges);
	check_range(&mm->ranges[0], &fx->first_range);
	check_range(&mm->ranges[mm->nr - 1], &fx->last_range);
	for (i = 1; i < mm->nr; i++)
		assert_true(mm->ranges[i - 1].end < mm->ranges[i].start);
	assert_int_equal(mm->usable, fx->usable);
	memctl_memmap_free(mm);
}

static void test_vmallocinfo(const struct fixture *fx)
{
	const struct expect_vmalloc_area *want;
	const struct memctl_vmalloc_area *a;
	struct memctl_vmallocinfo *vi;
	uint64_t bytes = 0, pages = 0;
	size_t i, k, nr_callers = 0, nr_kind[4] = { 0 };
	struct memctl_err err;

	check_ok(memctl_vmallocinfo_read(root_of(fx), &vi, &err), &err);
	assert_int_equal(vi->nr, fx->nr_areas);
	for (i = 0; i < vi->nr; i++) {
		a = &vi->areas[i];
		bytes += a->size;
		pages += a->pages;
		nr_callers += a->caller[0] != '\0';
		for (k = 0; k < 4; k++)
			nr_kind[k] += !strcmp(a->kind, fx->kinds[k].kind);
	}
	assert_int_equal(bytes, fx->area_bytes);
	assert_int_equal(pages, fx->area_pages);
	assert_int_equal(nr_callers, fx->nr_callers);
	for (k = 0; k < 4; k++)
		assert_int_equal(nr_kind[k], fx->kinds[k].nr);

	for (i = 0; i < 3; i++) {
		want = &fx->areas[i];
		a = &vi->areas[want->index];
		assert_int_equal(a->size, want->size);
		assert_int_equal(a->pages, want->pages);
		assert_string_equal(a->caller, want->caller);
		assert_string_equal(a->kind, want->kind);
	}
	memctl_vmallocinfo_free(vi);
}

static void test_meminfo(const struct fixture *fx)
{
	struct memctl_meminfo *mi;
	struct memctl_err err;
	uint64_t v;

	check_ok(memctl_meminfo_read(root_of(fx), &mi, &err), &err);
	assert_int_equal(mi->nr, fx->nr_meminfo);
	assert_string_equal(mi->fields[0].key, "MemTotal");
	assert_true(mi->fields[0].bytes);
	assert_int_equal(memctl_meminfo_get(mi, "MemTotal", &v), 0);
	assert_int_equal(v, fx->mem_total);
	assert_int_equal(memctl_meminfo_get(mi, "MemAvailable", &v), 0);
	assert_int_equal(v, fx->mem_available);
	assert_int_equal(memctl_meminfo_get(mi, "Hugepagesize", &v), 0);
	assert_int_equal(v, 2048 * 1024);
	assert_int_equal(memctl_meminfo_get(mi, "HugePages_Total", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(memctl_meminfo_get(mi, "MemTotal:", &v), -ENOENT);
	memctl_meminfo_free(mi);
}

static void check_symbol(const struct memctl_symbol *sym,
			 const struct expect_symbol *want, const char *module)
{
	assert_string_equal(sym->name, want->name);
	assert_int_equal(sym->addr, want->addr);
	assert_int_equal(sym->type, want->type);
	assert_string_equal(sym->module, module);
}

static void test_kallsyms(const struct fixture *fx)
{
	struct memctl_kallsyms *ks;
	struct memctl_err err;
	size_t i, j, found;

	check_ok(memctl_kallsyms_read(root_of(fx), NULL, &ks, &err), &err);
	assert_int_equal(ks->nr, fx->nr_syms);
	check_symbol(&ks->syms[0], &fx->first_sym, "");
	memctl_kallsyms_free(ks);

	check_ok(memctl_kallsyms_read(root_of(fx), "", &ks, &err), &err);
	assert_int_equal(ks->nr, fx->nr_kernel_syms);
	memctl_kallsyms_free(ks);

	check_ok(memctl_kallsyms_read(root_of(fx), "memlab", &ks, &err), &err);
	assert_int_equal(ks->nr, fx->nr_memlab_syms);
	for (i = 0; i < ks->nr; i++)
		assert_string_equal(ks->syms[i].module, "memlab");
	for (j = 0; j < 2 && fx->memlab_syms[j].name; j++) {
		found = 0;
		for (i = 0; i < ks->nr; i++) {
			if (strcmp(ks->syms[i].name, fx->memlab_syms[j].name))
				continue;
			check_symbol(&ks->syms[i], &fx->memlab_syms[j], "memlab");
			found++;
		}
		assert_int_equal(found, 1);
	}
	memctl_kallsyms_free(ks);
}

/* One cmocka test per reader and fixture, named after both. */
#define FIXTURE_TESTS(fn)						\
static void fn##_host_6_18(void **state)				\
{									\
	(void)state;							\
	fn(&host_6_18);							\
}									\
static void fn##_guest_6_1(void **state)				\
{									\
	(void)state;							\
	fn(&guest_6_1);							\
}

FIXTURE_TESTS(test_slabinfo)
FIXTURE_TESTS(test_slab)
FIXTURE_TESTS(test_buddyinfo)
FIXTURE_TESTS(test_pagetypeinfo)
FIXTURE_TESTS(test_memmap)
FIXTURE_TESTS(test_vmallocinfo)
FIXTURE_TESTS(test_meminfo)
FIXTURE_TESTS(test_kallsyms)

int run_fixture_tests(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test(fn##_host_6_18), cmocka_unit_test(fn##_guest_6_1)
		T(test_slabinfo),
		T(test_slab),
		T(test_buddyinfo),
		T(test_pagetypeinfo),
		T(test_memmap),
		T(test_vmallocinfo),
		T(test_meminfo),
		T(test_kallsyms),
#undef T
	};

	return cmocka_run_group_tests_name("libmemctl views: captured kernels",
					   tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Basic behaviour: INFO, allocation and free of every kind with the
 * counters they move, OBJ_INFO and LIST.
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

#define NSEC_PER_SEC	1000000000ULL

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (__u64)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static bool is_pow2(__u64 v)
{
	return v && !(v & (v - 1));
}

static void test_info_fields(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info *i = &fx->base;
	unsigned int kmax = ml_kernel_max_order(i);
	__u32 need = MEMLAB_FEAT_KMALLOC | MEMLAB_FEAT_CACHE |
		     MEMLAB_FEAT_PAGES | MEMLAB_FEAT_VMALLOC | MEMLAB_FEAT_MMAP;

	assert_int_equal(i->version, MEMLAB_VERSION);
	assert_int_equal(i->features & need, need);
	assert_int_equal(i->features & ~0xffU, 0);
	assert_int_equal(i->page_size, fx->page);
	assert_true(i->max_order <= kmax);
	assert_true(is_pow2(i->kmalloc_max));
	assert_true(i->kmalloc_max >= 2 * (__u64)i->page_size);
	/* KMALLOC_MAX_SIZE is the largest buddy block. */
	assert_int_equal(i->kmalloc_max, (__u64)i->page_size << kmax);
	assert_true(i->dma_mask_bits >= 24 && i->dma_mask_bits <= 64);
	if (i->features & (MEMLAB_FEAT_DMA_COHERENT |
			   MEMLAB_FEAT_DMA_STREAMING))
		assert_true(i->dma_max >= i->page_size);
	assert_true(i->max_bytes > 0);
	assert_true(i->max_objects > 0);
	assert_true(i->max_caches > 0);
	/* Index 0 of the per-kind arrays is unused. */
	assert_int_equal(i->kind_objects[0], 0);
	assert_int_equal(i->kind_bytes[0], 0);
}

static void test_info_matches_params(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info *i = &fx->base;
	__u64 v;

	if (ml_param_read_u64("max_bytes", &v))
		ml_skip("no module parameters in " ML_PARAM_DIR);
	assert_int_equal(i->max_bytes, v);
	assert_errno(ml_param_read_u64("max_objects", &v), 0);
	assert_int_equal(i->max_objects, v);
	assert_errno(ml_param_read_u64("max_caches", &v), 0);
	assert_int_equal(i->max_caches, v);
	assert_errno(ml_param_read_u64("uid_max_bytes", &v), 0);
	assert_int_equal(i->uid_max_bytes, v);
	assert_errno(ml_param_read_u64("dma_mask_bits", &v), 0);
	assert_int_equal(i->dma_mask_bits, v);
	assert_errno(ml_param_read_u64("max_order", &v), 0);
	assert_true(i->max_order <= v);
}

static void test_info_sums(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_info i;
	__u64 objs = 0, bytes = 0;
	__u32 id1, id2;
	int k;

	assert_errno(ml_kmalloc(fx->fd, 100, &id1), 0);
	assert_errno(ml_pages(fx->fd, 1, &id2), 0);
	assert_errno(ml_info(fx->fd, &i), 0);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		objs += i.kind_objects[k];
		bytes += i.kind_bytes[k];
	}
	assert_int_equal(objs, i.nr_objects);
	assert_int_equal(bytes, i.nr_bytes);
	assert_true(i.uid_bytes <= i.nr_bytes);
	assert_true(i.uid_bytes >= 100 + 2 * (__u64)fx->page);
	assert_errno(ml_free(fx->fd, id1), 0);
	assert_errno(ml_free(fx->fd, id2), 0);
	ml_assert_baseline(fx);
}

/*
 * Allocate one object of @k, check the counters and OBJ_INFO, free it and
 * check that everything is back.
 */
static void check_kind(struct ml_fixture *fx, const struct ml_kind *k)
{
	struct memlab_info before, after;
	struct memlab_obj_info oi;
	__u64 t0, t1, size, charged = ml_charged(fx, k);
	__u64 extra_objs = k->kind == MEMLAB_KIND_CACHE_OBJ ? 1 : 0;
	__u32 id;

	ml_need_kind(fx, k);
	assert_errno(ml_info(fx->fd, &before), 0);
	t0 = now_ns();
	size = ml_make(fx, fx->fd, k, &id);
	t1 = now_ns();
	assert_true(id > 0);
	assert_errno(ml_info(fx->fd, &after), 0);

	/* A cache adds one object and no bytes. */
	assert_int_equal(after.nr_objects, before.nr_objects + 1 + extra_objs);
	assert_int_equal(after.nr_bytes, before.nr_bytes + charged);
	assert_int_equal(after.uid_bytes, before.uid_bytes + charged);
	assert_int_equal(after.kind_objects[k->kind],
			 before.kind_objects[k->kind] + 1);
	assert_int_equal(after.kind_bytes[k->kind],
			 before.kind_bytes[k->kind] + charged);

	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);
	assert_int_equal(oi.id, id);
	assert_int_equal(oi.kind, k->kind);
	assert_int_equal(oi.uid, getuid());
	assert_int_equal(oi.size, size);
	assert_int_equal(oi.order, k->order);
	assert_int_equal(oi.flags & MEMLAB_OBJ_PERSISTENT, 0);
	assert_int_equal(!!(oi.flags & MEMLAB_OBJ_MAPPABLE), k->mappable);
	assert_int_equal(oi.mapcount, 0);
	if (k->mappable) {
		__u64 off;

		/* page aligned, within reach of 32-bit mmap2, as reported */
		assert_errno(ml_mmap_offset(fx->fd, id, &off), 0);
		assert_int_equal(oi.mmap_offset, off);
		assert_true(off && !(off % fx->page));
		assert_true(off / fx->page < (1ULL << 32));
	} else {
		assert_int_equal(oi.mmap_offset, 0);
	}
	assert_in_range(oi.ctime_ns, t0 - NSEC_PER_SEC, t1 + NSEC_PER_SEC);
	if (k->kind != MEMLAB_KIND_CACHE_OBJ)
		assert_int_equal(oi.cache_id, 0);

	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_obj_info(fx->fd, id, &oi), -ENOENT);
	assert_errno(ml_free(fx->fd, id), -ENOENT);
	assert_errno(ml_info(fx->fd, &after), 0);
	assert_int_equal(after.nr_objects, before.nr_objects + extra_objs);
	assert_int_equal(after.nr_bytes, before.nr_bytes);
	assert_int_equal(after.kind_objects[k->kind],
			 before.kind_objects[k->kind]);
	assert_int_equal(after.kind_bytes[k->kind],
			 before.kind_bytes[k->kind]);
}

static void test_alloc_kind(void **state)
{
	struct ml_fixture *fx = ml_fx(state);

	check_kind(fx, fx->priv);
}

static void test_alloc_pages_orders(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct ml_kind k = ml_kind_pages0;
	unsigned int order, top = fx->base.max_order < 4 ?
				  fx->base.max_order : 4;

	for (order = 0; order <= top; order++) {
		k.order = order;
		check_kind(fx, &k);
	}
}

static void test_cache_object_info(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	struct memlab_obj_info oi;
	struct memlab_info before, after;
	char name[MEMLAB_NAME_LEN];
	__u32 o1, o2;

	ml_name(name, sizeof(name), "basic");
	assert_errno(ml_info(fx->fd, &before), 0);
	assert_errno(ml_cache_create(fx->fd, name, 200, 8,
				     MEMLAB_SLAB_NO_MERGE, 0, &cc), 0);
	assert_true(cc.id > 0);
	assert_int_equal(cc.merged, 0);
	assert_string_equal(cc.merged_into, name);
	assert_true(cc.slab_size >= 200);
	assert_errno(ml_info(fx->fd, &after), 0);
	assert_int_equal(after.nr_objects, before.nr_objects + 1);
	assert_int_equal(after.nr_bytes, before.nr_bytes);
	assert_int_equal(after.kind_objects[MEMLAB_KIND_CACHE],
			 before.kind_objects[MEMLAB_KIND_CACHE] + 1);
	assert_int_equal(after.kind_bytes[MEMLAB_KIND_CACHE], 0);

	assert_errno(ml_obj_info(fx->fd, cc.id, &oi), 0);
	assert_int_equal(oi.kind, MEMLAB_KIND_CACHE);
	assert_int_equal(oi.size, 200);
	assert_int_equal(oi.align, 8);
	assert_int_equal(oi.gfp, MEMLAB_SLAB_NO_MERGE);
	assert_int_equal(oi.nr_objects, 0);
	assert_int_equal(oi.slab_size, cc.slab_size);
	assert_int_equal(oi.flags & (MEMLAB_OBJ_MERGED | MEMLAB_OBJ_MAPPABLE),
			 0);
	assert_string_equal(oi.name, name);
	assert_string_equal(oi.merged_into, name);

	assert_errno(ml_cache_obj(fx->fd, cc.id, 0, &o1), 0);
	assert_errno(ml_cache_obj(fx->fd, cc.id, 0, &o2), 0);
	assert_errno(ml_obj_info(fx->fd, o1, &oi), 0);
	assert_int_equal(oi.kind, MEMLAB_KIND_CACHE_OBJ);
	assert_int_equal(oi.cache_id, cc.id);
	assert_int_equal(oi.size, 200);
	assert_string_equal(oi.name, name);
	assert_errno(ml_obj_info(fx->fd, cc.id, &oi), 0);
	assert_int_equal(oi.nr_objects, 2);
	assert_errno(ml_info(fx->fd, &after), 0);
	assert_int_equal(after.kind_bytes[MEMLAB_KIND_CACHE_OBJ],
			 before.kind_bytes[MEMLAB_KIND_CACHE_OBJ] + 400);

	assert_errno(ml_free(fx->fd, o1), 0);
	assert_errno(ml_obj_info(fx->fd, cc.id, &oi), 0);
	assert_int_equal(oi.nr_objects, 1);
	assert_errno(ml_free(fx->fd, o2), 0);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	assert_errno(ml_obj_info(fx->fd, cc.id, &oi), -ENOENT);
	ml_assert_baseline(fx);
}

static void test_ids_not_reused(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	__u32 a, b, c;

	assert_errno(ml_kmalloc(fx->fd, 8, &a), 0);
	assert_errno(ml_free(fx->fd, a), 0);
	assert_errno(ml_kmalloc(fx->fd, 8, &b), 0);
	assert_errno(ml_pages(fx->fd, 0, &c), 0);
	assert_true(a >= 1);
	assert_true(b > a);
	assert_true(c > b);
	assert_errno(ml_free(fx->fd, b), 0);
	assert_errno(ml_free(fx->fd, c), 0);
}

#define NLIST 7

static void test_list_paging(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info ent[3], oi;
	__u32 ids[NLIST], start = 0, prev = 0;
	int i, seen = 0, calls = 0;

	for (i = 0; i < NLIST; i++)
		assert_errno(ml_kmalloc(fx->fd, 16 + i, &ids[i]), 0);

	/* Capacity 3: several calls, ids ascending, each entry exact. */
	do {
		struct memlab_list l = {
			.entries = ML_PTR(ent), .capacity = 3,
			.entry_size = sizeof(ent[0]), .start_id = start,
		};

		memset(ent, 0xa5, sizeof(ent));
		assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);
		assert_true(l.count <= 3);
		if (l.next_id)
			assert_int_equal(l.count, 3);
		for (i = 0; i < (int)l.count; i++) {
			int j;

			assert_true(ent[i].id > prev);
			prev = ent[i].id;
			assert_errno(ml_obj_info(fx->fd, ent[i].id, &oi), 0);
			assert_int_equal(ent[i].kind, oi.kind);
			assert_int_equal(ent[i].size, oi.size);
			assert_int_equal(ent[i].ctime_ns, oi.ctime_ns);
			for (j = 0; j < NLIST; j++) {
				if (ent[i].id != ids[j])
					continue;
				seen++;
				assert_int_equal(ent[i].size, 16 + j);
				assert_int_equal(ent[i].kind,
						 MEMLAB_KIND_KMALLOC);
			}
		}
		if (l.next_id)
			assert_true(l.next_id > prev);
		start = l.next_id;
		assert_true(++calls < 10000);
	} while (start);
	assert_int_equal(seen, NLIST);
	assert_true(calls >= 3);

	for (i = 0; i < NLIST; i++)
		assert_errno(ml_free(fx->fd, ids[i]), 0);
	for (i = 0; i < NLIST; i++)
		assert_int_equal(ml_listed(fx->fd, ids[i]), 0);
}

static void test_list_start_id(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info ent[NLIST + 8];
	struct memlab_list l = {
		.entries = ML_PTR(ent), .capacity = ML_ARRAY_SIZE(ent),
		.entry_size = sizeof(ent[0]),
	};
	__u32 ids[NLIST];
	unsigned int i;

	for (i = 0; i < NLIST; i++)
		assert_errno(ml_kmalloc(fx->fd, 32, &ids[i]), 0);
	/* From the 4th id on: that one first, none of the earlier. */
	l.start_id = ids[3];
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);
	assert_true(l.count >= NLIST - 3);
	assert_int_equal(ent[0].id, ids[3]);
	for (i = 0; i < l.count; i++)
		assert_true(ent[i].id >= ids[3]);
	/* Past every id: nothing, done. */
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(ent);
	l.capacity = ML_ARRAY_SIZE(ent);
	l.entry_size = sizeof(ent[0]);
	l.start_id = 0xfffffff0U;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);
	assert_int_equal(l.count, 0);
	assert_int_equal(l.next_id, 0);
	for (i = 0; i < NLIST; i++)
		assert_errno(ml_free(fx->fd, ids[i]), 0);
}

static void test_list_entry_size(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const size_t stride = 200;
	unsigned char buf[4 * 200];
	struct memlab_obj_info oi;
	struct memlab_list l;
	__u32 a, b;

	assert_errno(ml_kmalloc(fx->fd, 40, &a), 0);
	assert_errno(ml_kmalloc(fx->fd, 41, &b), 0);

	/* Older than the first version (160 bytes): -EINVAL. */
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(buf);
	l.capacity = 4;
	l.entry_size = 159;
	l.start_id = a;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EINVAL);
	l.entry_size = 0;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), -EINVAL);

	/* Exactly 160. */
	l.entry_size = 160;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);
	assert_true(l.count >= 2);
	memcpy(&oi, buf + 160, sizeof(oi));
	assert_int_equal(oi.id, b);
	assert_int_equal(oi.size, 41);

	/* Newer, larger entries: the array is walked with that stride. */
	memset(buf, 0x5a, sizeof(buf));
	memset(&l, 0, sizeof(l));
	l.entries = ML_PTR(buf);
	l.capacity = 4;
	l.entry_size = stride;
	l.start_id = a;
	assert_errno(ml_ioctl(fx->fd, MEMLAB_IOC_LIST, &l), 0);
	assert_true(l.count >= 2);
	memcpy(&oi, buf, sizeof(oi));
	assert_int_equal(oi.id, a);
	assert_int_equal(oi.size, 40);
	memcpy(&oi, buf + stride, sizeof(oi));
	assert_int_equal(oi.id, b);
	assert_int_equal(oi.size, 41);

	assert_errno(ml_free(fx->fd, a), 0);
	assert_errno(ml_free(fx->fd, b), 0);
}

static void test_addresses_root(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	__u32 km, pg, vm;

	assert_errno(ml_kmalloc(fx->fd, 64, &km), 0);
	assert_errno(ml_pages(fx->fd, 2, &pg), 0);
	assert_errno(ml_vmalloc(fx->fd, 3 * fx->page, &vm), 0);

	assert_errno(ml_obj_info(fx->fd, km, &oi), 0);
	assert_true(oi.kaddr != 0);
	/* The kernel half of the address space (4- or 5-level paging). */
	assert_true(oi.kaddr & (1ULL << 63));
	assert_true(oi.phys != 0);
	assert_int_equal(oi.kaddr % fx->page, oi.phys % fx->page);
	assert_int_equal(oi.dma_addr, 0);

	/* A buddy block is naturally aligned to its size. */
	assert_errno(ml_obj_info(fx->fd, pg, &oi), 0);
	assert_true(oi.kaddr != 0);
	assert_true(oi.phys != 0);
	assert_int_equal(oi.phys % (4 * fx->page), 0);

	assert_errno(ml_obj_info(fx->fd, vm, &oi), 0);
	assert_true(oi.kaddr != 0);
	assert_int_equal(oi.kaddr % fx->page, 0);
	assert_true(oi.phys != 0);

	assert_errno(ml_free(fx->fd, km), 0);
	assert_errno(ml_free(fx->fd, pg), 0);
	assert_errno(ml_free(fx->fd, vm), 0);
}

static __u32 child_id;

static int child_no_addresses(void *arg)
{
	struct memlab_obj_info oi, *all;
	unsigned int i, n;
	int fd, found = 0;

	(void)arg;
	fd = ml_open();
	if (fd < 0)
		return 10;
	if (ml_obj_info(fd, child_id, &oi))
		return 11;
	if (oi.id != child_id || oi.size != 128 || oi.uid != 0)
		return 12;
	if (oi.kaddr || oi.phys || oi.dma_addr)
		return 13;
	if (ml_list_all(fd, &all, &n))
		return 14;
	for (i = 0; i < n; i++) {
		if (all[i].kaddr || all[i].phys || all[i].dma_addr)
			return 15;
		if (all[i].id == child_id)
			found = 1;
	}
	free(all);
	close(fd);
	return found ? 0 : 16;
}

static void test_addresses_hidden_without_cap(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;

	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT,
			      0, 0, 128, &child_id), 0);
	ml_fx_track_id(fx, child_id);
	assert_errno(ml_obj_info(fx->fd, child_id, &oi), 0);
	assert_true(oi.kaddr != 0);
	assert_int_equal(oi.flags & MEMLAB_OBJ_PERSISTENT,
			 MEMLAB_OBJ_PERSISTENT);
	/* Same uid 0, no CAP_SYS_ADMIN: every address reads 0. */
	assert_int_equal(ml_in_child_no_sysadmin(child_no_addresses, NULL), 0);
	assert_errno(ml_free(fx->fd, child_id), 0);
	ml_fx_untrack_id(fx, child_id);
}

struct gfp_case {
	const struct ml_kind *k;
	__u32 gfp;
};

static void test_gfp_accepted(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	const __u32 common = MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC |
			     MEMLAB_GFP_NOWAIT | MEMLAB_GFP_ZERO |
			     MEMLAB_GFP_NOWARN | MEMLAB_GFP_NORETRY |
			     MEMLAB_GFP_RETRY_MAYFAIL;
	const struct gfp_case cases[] = {
		/* No DMA32: slab has no DMA32 caches (GFP_SLAB_BUG_MASK). */
		{ &ml_kind_kmalloc, common | MEMLAB_GFP_DMA |
			MEMLAB_GFP_ACCOUNT },
		{ &ml_kind_pages0, MEMLAB_GFP_ALL },
		{ &ml_kind_vmalloc, MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO |
			MEMLAB_GFP_NOWARN | MEMLAB_GFP_NORETRY |
			MEMLAB_GFP_RETRY_MAYFAIL | MEMLAB_GFP_ACCOUNT },
		{ &ml_kind_dma_coherent, common },
		{ &ml_kind_dma_streaming, common },
	};
	struct memlab_obj_info oi;
	unsigned int c, bit;

	for (c = 0; c < ML_ARRAY_SIZE(cases); c++) {
		const struct ml_kind *k = cases[c].k;

		if (!ml_has_feature(fx, k->feature))
			continue;
		for (bit = 0; bit < 11; bit++) {
			struct memlab_alloc a = {
				.kind = k->kind, .order = k->order,
				.size = k->size, .gfp = 1U << bit,
			};
			int rc;

			if (!(cases[c].gfp & a.gfp))
				continue;
			rc = ml_alloc_raw(fx->fd, &a);
			if (rc)
				fail_msg("%s gfp %#x: %s", k->name, a.gfp,
					 ml_errname(rc));
			assert_errno(ml_obj_info(fx->fd, a.id, &oi), 0);
			assert_int_equal(oi.gfp, a.gfp);
			assert_errno(ml_free(fx->fd, a.id), 0);
		}
	}
	ml_assert_baseline(fx);
}

static void test_zeroed(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	unsigned char *buf, *zero;
	size_t len = 3 * fx->page;
	__u32 id;

	buf = malloc(len);
	zero = calloc(1, len);
	assert_non_null(buf);
	assert_non_null(zero);

	/* GFP_ZERO after dirtying the same size class. */
	assert_errno(ml_kmalloc(fx->fd, 512, &id), 0);
	assert_errno(ml_fill(fx->fd, id, 0xdeadbeef, 0, 512), 0);
	assert_errno(ml_free(fx->fd, id), 0);
	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_KMALLOC, 0, MEMLAB_GFP_ZERO,
			      0, 512, &id), 0);
	memset(buf, 1, len);
	assert_errno(ml_read(fx->fd, id, 0, 512, buf), 0);
	assert_memory_equal(buf, zero, 512);
	assert_errno(ml_free(fx->fd, id), 0);

	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_PAGES, 0, MEMLAB_GFP_ZERO,
			      1, 0, &id), 0);
	memset(buf, 1, len);
	assert_errno(ml_read(fx->fd, id, 0, 2 * fx->page, buf), 0);
	assert_memory_equal(buf, zero, 2 * fx->page);
	assert_errno(ml_free(fx->fd, id), 0);

	/* vmalloc_user() memory is always zeroed. */
	assert_errno(ml_vmalloc(fx->fd, len, &id), 0);
	memset(buf, 1, len);
	assert_errno(ml_read(fx->fd, id, 0, len, buf), 0);
	assert_memory_equal(buf, zero, len);
	assert_errno(ml_free(fx->fd, id), 0);
	free(buf);
	free(zero);
}

#define KIND_TEST(fn, kindvar) { \
	.name = #fn "_" #kindvar, .test_func = fn, .setup_func = ml_setup, \
	.teardown_func = ml_teardown, .initial_state = (void *)&kindvar, \
}
#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_info_fields),
		T(test_info_matches_params),
		T(test_info_sums),
		KIND_TEST(test_alloc_kind, ml_kind_kmalloc),
		KIND_TEST(test_alloc_kind, ml_kind_cache_obj),
		KIND_TEST(test_alloc_kind, ml_kind_pages0),
		KIND_TEST(test_alloc_kind, ml_kind_vmalloc),
		KIND_TEST(test_alloc_kind, ml_kind_dma_coherent),
		KIND_TEST(test_alloc_kind, ml_kind_dma_streaming),
		T(test_alloc_pages_orders),
		T(test_cache_object_info),
		T(test_ids_not_reused),
		T(test_list_paging),
		T(test_list_start_id),
		T(test_list_entry_size),
		T(test_addresses_root),
		T(test_addresses_hidden_without_cap),
		T(test_gfp_accepted),
		T(test_zeroed),
	};

	return cmocka_run_group_tests_name("memlab_basic", tests, NULL, NULL);
}

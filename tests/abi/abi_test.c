// SPDX-License-Identifier: GPL-2.0
/*
 * ABI pin test for uapi/linux/memlab.h.
 *
 * Every expected number below is written out by hand from the layout in
 * the header (never computed from sizeof at build time), so any change to
 * a struct, a constant or an ioctl number breaks this test.  It is built
 * and run twice, -m64 and -m32: the layout must not depend on the width
 * (a __u64 is only 4-byte aligned on i386, hence explicit padding).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <linux/memlab.h>

#define FSIZE(type, field)	sizeof(((struct type *)0)->field)

/* Compile-time pins: sizes are multiples of 8, ioctl numbers are fixed. */
#define PIN_SIZE8(type) \
	_Static_assert(sizeof(struct type) % 8 == 0, \
		       "struct " #type " size is not a multiple of 8")

PIN_SIZE8(memlab_info);
PIN_SIZE8(memlab_alloc);
PIN_SIZE8(memlab_cache_create);
PIN_SIZE8(memlab_id);
PIN_SIZE8(memlab_rw);
PIN_SIZE8(memlab_fill);
PIN_SIZE8(memlab_sync);
PIN_SIZE8(memlab_mmap_offset);
PIN_SIZE8(memlab_obj_info);
PIN_SIZE8(memlab_list);
PIN_SIZE8(memlab_bench_lat);
PIN_SIZE8(memlab_bench);
PIN_SIZE8(memlab_batch);
PIN_SIZE8(memlab_ids);

#define PIN_IOC(cmd, val) \
	_Static_assert((cmd) == (val), #cmd " is not " #val)

PIN_IOC(MEMLAB_IOC_INFO,		0x80e8b800u);
PIN_IOC(MEMLAB_IOC_ALLOC,		0xc028b801u);
PIN_IOC(MEMLAB_IOC_FREE,		0x4008b802u);
PIN_IOC(MEMLAB_IOC_CACHE_CREATE,	0xc060b803u);
PIN_IOC(MEMLAB_IOC_CACHE_DESTROY,	0x4008b804u);
PIN_IOC(MEMLAB_IOC_READ,		0x4020b805u);
PIN_IOC(MEMLAB_IOC_WRITE,		0x4020b806u);
PIN_IOC(MEMLAB_IOC_FILL,		0x4028b807u);
PIN_IOC(MEMLAB_IOC_VERIFY,		0xc028b808u);
PIN_IOC(MEMLAB_IOC_SYNC,		0x4018b809u);
PIN_IOC(MEMLAB_IOC_MMAP_OFFSET,		0xc010b80au);
PIN_IOC(MEMLAB_IOC_OBJ_INFO,		0xc0a0b80bu);
PIN_IOC(MEMLAB_IOC_LIST,		0xc020b80cu);
PIN_IOC(MEMLAB_IOC_PERSIST,		0x4008b80du);
PIN_IOC(MEMLAB_IOC_BENCH,		0xc0a0b80eu);
PIN_IOC(MEMLAB_IOC_ALLOC_BATCH,		0x4030b80fu);
PIN_IOC(MEMLAB_IOC_FREE_BATCH,		0x4010b810u);

/*
 * The same numbers spelled with the generic _IOR/_IOW/_IOWR macros and the
 * pinned struct size, so that a change of direction is caught too.
 */
PIN_IOC(MEMLAB_IOC_INFO,	_IOC(_IOC_READ, 0xB8, 0x00, 232));
PIN_IOC(MEMLAB_IOC_ALLOC,	_IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x01, 40));
PIN_IOC(MEMLAB_IOC_FREE,	_IOC(_IOC_WRITE, 0xB8, 0x02, 8));
PIN_IOC(MEMLAB_IOC_CACHE_CREATE, _IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x03, 96));
PIN_IOC(MEMLAB_IOC_CACHE_DESTROY, _IOC(_IOC_WRITE, 0xB8, 0x04, 8));
PIN_IOC(MEMLAB_IOC_READ,	_IOC(_IOC_WRITE, 0xB8, 0x05, 32));
PIN_IOC(MEMLAB_IOC_WRITE,	_IOC(_IOC_WRITE, 0xB8, 0x06, 32));
PIN_IOC(MEMLAB_IOC_FILL,	_IOC(_IOC_WRITE, 0xB8, 0x07, 40));
PIN_IOC(MEMLAB_IOC_VERIFY,	_IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x08, 40));
PIN_IOC(MEMLAB_IOC_SYNC,	_IOC(_IOC_WRITE, 0xB8, 0x09, 24));
PIN_IOC(MEMLAB_IOC_MMAP_OFFSET,	_IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x0a, 16));
PIN_IOC(MEMLAB_IOC_OBJ_INFO,	_IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x0b, 160));
PIN_IOC(MEMLAB_IOC_LIST,	_IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x0c, 32));
PIN_IOC(MEMLAB_IOC_PERSIST,	_IOC(_IOC_WRITE, 0xB8, 0x0d, 8));
PIN_IOC(MEMLAB_IOC_BENCH,	_IOC(_IOC_READ | _IOC_WRITE, 0xB8, 0x0e, 160));
PIN_IOC(MEMLAB_IOC_ALLOC_BATCH,	_IOC(_IOC_WRITE, 0xB8, 0x0f, 48));
PIN_IOC(MEMLAB_IOC_FREE_BATCH,	_IOC(_IOC_WRITE, 0xB8, 0x10, 16));

/* Check offset and width of one field. */
#define FIELD(type, field, off, size) do { \
	assert_int_equal(offsetof(struct type, field), (off)); \
	assert_int_equal(FSIZE(type, field), (size)); \
} while (0)

static void test_width(void **state)
{
	(void)state;
	print_message("pointer width %zu bits\n", sizeof(void *) * 8);
	assert_int_equal(sizeof(__u32), 4);
	assert_int_equal(sizeof(__u64), 8);
}

static void test_constants(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_VERSION, 1);
	assert_int_equal(MEMLAB_IOC_MAGIC, 0xb8);
	assert_int_equal(MEMLAB_NAME_LEN, 32);
	assert_int_equal(MEMLAB_CTOR_BYTE, 0xc7);
	assert_int_equal(MEMLAB_F_PERSISTENT, 0x1);
	assert_int_equal(MEMLAB_SYNC_FOR_CPU, 1);
	assert_int_equal(MEMLAB_SYNC_FOR_DEVICE, 2);
	assert_int_equal(MEMLAB_OBJ_PERSISTENT, 0x1);
	assert_int_equal(MEMLAB_OBJ_MERGED, 0x2);
	assert_int_equal(MEMLAB_OBJ_MAPPABLE, 0x4);
}

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_KIND_KMALLOC, 1);
	assert_int_equal(MEMLAB_KIND_CACHE, 2);
	assert_int_equal(MEMLAB_KIND_CACHE_OBJ, 3);
	assert_int_equal(MEMLAB_KIND_PAGES, 4);
	assert_int_equal(MEMLAB_KIND_VMALLOC, 5);
	assert_int_equal(MEMLAB_KIND_DMA_COHERENT, 6);
	assert_int_equal(MEMLAB_KIND_DMA_STREAMING, 7);
	assert_int_equal(MEMLAB_KIND_NR, 8);
	assert_int_equal(sizeof(enum memlab_kind), 4);
}

static void test_gfp_bits(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_GFP_KERNEL, 0x001);
	assert_int_equal(MEMLAB_GFP_ATOMIC, 0x002);
	assert_int_equal(MEMLAB_GFP_NOWAIT, 0x004);
	assert_int_equal(MEMLAB_GFP_DMA, 0x008);
	assert_int_equal(MEMLAB_GFP_DMA32, 0x010);
	assert_int_equal(MEMLAB_GFP_ZERO, 0x020);
	assert_int_equal(MEMLAB_GFP_NOWARN, 0x040);
	assert_int_equal(MEMLAB_GFP_NORETRY, 0x080);
	assert_int_equal(MEMLAB_GFP_RETRY_MAYFAIL, 0x100);
	assert_int_equal(MEMLAB_GFP_HIGHMEM, 0x200);
	assert_int_equal(MEMLAB_GFP_ACCOUNT, 0x400);
	assert_int_equal(MEMLAB_GFP_ALL, 0x7ff);
}

static void test_slab_bits(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_SLAB_HWCACHE_ALIGN, 0x001);
	assert_int_equal(MEMLAB_SLAB_POISON, 0x002);
	assert_int_equal(MEMLAB_SLAB_RED_ZONE, 0x004);
	assert_int_equal(MEMLAB_SLAB_STORE_USER, 0x008);
	assert_int_equal(MEMLAB_SLAB_ACCOUNT, 0x010);
	assert_int_equal(MEMLAB_SLAB_RECLAIM_ACCOUNT, 0x020);
	assert_int_equal(MEMLAB_SLAB_TYPESAFE_BY_RCU, 0x040);
	assert_int_equal(MEMLAB_SLAB_NO_MERGE, 0x080);
	assert_int_equal(MEMLAB_SLAB_CTOR, 0x100);
	assert_int_equal(MEMLAB_SLAB_ALL, 0x1ff);
}

static void test_feature_bits(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_FEAT_KMALLOC, 0x01);
	assert_int_equal(MEMLAB_FEAT_CACHE, 0x02);
	assert_int_equal(MEMLAB_FEAT_PAGES, 0x04);
	assert_int_equal(MEMLAB_FEAT_VMALLOC, 0x08);
	assert_int_equal(MEMLAB_FEAT_DMA_COHERENT, 0x10);
	assert_int_equal(MEMLAB_FEAT_DMA_STREAMING, 0x20);
	assert_int_equal(MEMLAB_FEAT_MMAP, 0x40);
	assert_int_equal(MEMLAB_FEAT_NATIVE_NO_MERGE, 0x80);
}

static void test_struct_info(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_info), 232);
	FIELD(memlab_info, version, 0, 4);
	FIELD(memlab_info, features, 4, 4);
	FIELD(memlab_info, page_size, 8, 4);
	FIELD(memlab_info, max_order, 12, 4);
	FIELD(memlab_info, max_bytes, 16, 8);
	FIELD(memlab_info, max_objects, 24, 8);
	FIELD(memlab_info, uid_max_bytes, 32, 8);
	FIELD(memlab_info, max_caches, 40, 4);
	FIELD(memlab_info, dma_mask_bits, 44, 4);
	FIELD(memlab_info, kmalloc_max, 48, 8);
	FIELD(memlab_info, dma_max, 56, 8);
	FIELD(memlab_info, nr_objects, 64, 8);
	FIELD(memlab_info, nr_bytes, 72, 8);
	FIELD(memlab_info, uid_bytes, 80, 8);
	FIELD(memlab_info, limit_hits, 88, 8);
	FIELD(memlab_info, alloc_failures, 96, 8);
	FIELD(memlab_info, kind_objects, 104, 64);
	FIELD(memlab_info, kind_bytes, 168, 64);
	FIELD(memlab_info, kind_objects[1], 112, 8);
	FIELD(memlab_info, kind_bytes[7], 224, 8);
}

static void test_struct_alloc(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_alloc), 40);
	FIELD(memlab_alloc, kind, 0, 4);
	FIELD(memlab_alloc, flags, 4, 4);
	FIELD(memlab_alloc, gfp, 8, 4);
	FIELD(memlab_alloc, order, 12, 4);
	FIELD(memlab_alloc, size, 16, 8);
	FIELD(memlab_alloc, cache_id, 24, 4);
	FIELD(memlab_alloc, dma_dir, 28, 4);
	FIELD(memlab_alloc, id, 32, 4);
	FIELD(memlab_alloc, pad, 36, 4);
}

static void test_struct_cache_create(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_cache_create), 96);
	FIELD(memlab_cache_create, name, 0, 32);
	FIELD(memlab_cache_create, object_size, 32, 4);
	FIELD(memlab_cache_create, align, 36, 4);
	FIELD(memlab_cache_create, slab_flags, 40, 4);
	FIELD(memlab_cache_create, flags, 44, 4);
	FIELD(memlab_cache_create, id, 48, 4);
	FIELD(memlab_cache_create, merged, 52, 4);
	FIELD(memlab_cache_create, slab_size, 56, 4);
	FIELD(memlab_cache_create, pad, 60, 4);
	FIELD(memlab_cache_create, merged_into, 64, 32);
}

static void test_struct_id(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_id), 8);
	FIELD(memlab_id, id, 0, 4);
	FIELD(memlab_id, flags, 4, 4);
}

static void test_struct_rw(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_rw), 32);
	FIELD(memlab_rw, id, 0, 4);
	FIELD(memlab_rw, flags, 4, 4);
	FIELD(memlab_rw, offset, 8, 8);
	FIELD(memlab_rw, length, 16, 8);
	FIELD(memlab_rw, buf, 24, 8);
}

static void test_struct_fill(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_fill), 40);
	FIELD(memlab_fill, id, 0, 4);
	FIELD(memlab_fill, pattern, 4, 4);
	FIELD(memlab_fill, offset, 8, 8);
	FIELD(memlab_fill, length, 16, 8);
	FIELD(memlab_fill, nr_bad, 24, 8);
	FIELD(memlab_fill, first_bad, 32, 8);
}

static void test_struct_sync(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_sync), 24);
	FIELD(memlab_sync, id, 0, 4);
	FIELD(memlab_sync, op, 4, 4);
	FIELD(memlab_sync, offset, 8, 8);
	FIELD(memlab_sync, length, 16, 8);
}

static void test_struct_mmap_offset(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_mmap_offset), 16);
	FIELD(memlab_mmap_offset, id, 0, 4);
	FIELD(memlab_mmap_offset, pad, 4, 4);
	FIELD(memlab_mmap_offset, offset, 8, 8);
}

static void test_struct_obj_info(void **state)
{
	(void)state;
	/* The first version is 160 bytes (see struct memlab_list). */
	assert_int_equal(sizeof(struct memlab_obj_info), 160);
	FIELD(memlab_obj_info, id, 0, 4);
	FIELD(memlab_obj_info, kind, 4, 4);
	FIELD(memlab_obj_info, flags, 8, 4);
	FIELD(memlab_obj_info, uid, 12, 4);
	FIELD(memlab_obj_info, size, 16, 8);
	FIELD(memlab_obj_info, order, 24, 4);
	FIELD(memlab_obj_info, gfp, 28, 4);
	FIELD(memlab_obj_info, cache_id, 32, 4);
	FIELD(memlab_obj_info, mapcount, 36, 4);
	FIELD(memlab_obj_info, ctime_ns, 40, 8);
	FIELD(memlab_obj_info, mmap_offset, 48, 8);
	FIELD(memlab_obj_info, kaddr, 56, 8);
	FIELD(memlab_obj_info, phys, 64, 8);
	FIELD(memlab_obj_info, dma_addr, 72, 8);
	FIELD(memlab_obj_info, dma_dir, 80, 4);
	FIELD(memlab_obj_info, nr_objects, 84, 4);
	FIELD(memlab_obj_info, slab_size, 88, 4);
	FIELD(memlab_obj_info, align, 92, 4);
	FIELD(memlab_obj_info, name, 96, 32);
	FIELD(memlab_obj_info, merged_into, 128, 32);
}

static void test_struct_list(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct memlab_list), 32);
	FIELD(memlab_list, entries, 0, 8);
	FIELD(memlab_list, capacity, 8, 4);
	FIELD(memlab_list, entry_size, 12, 4);
	FIELD(memlab_list, start_id, 16, 4);
	FIELD(memlab_list, count, 20, 4);
	FIELD(memlab_list, next_id, 24, 4);
	FIELD(memlab_list, flags, 28, 4);
}

static void test_struct_bench(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_BENCH_MAX_THREADS, 64);
	assert_int_equal(MEMLAB_BENCH_MAX_ITERATIONS, 1u << 20);
	assert_int_equal(MEMLAB_BENCH_MAX_SAMPLES, 1u << 20);
	assert_int_equal(MEMLAB_BENCH_PAIRS, 1);
	assert_int_equal(MEMLAB_BENCH_BULK, 2);
	assert_int_equal(sizeof(struct memlab_bench_lat), 40);
	FIELD(memlab_bench_lat, min_ns, 0, 8);
	FIELD(memlab_bench_lat, p50_ns, 8, 8);
	FIELD(memlab_bench_lat, p99_ns, 16, 8);
	FIELD(memlab_bench_lat, max_ns, 24, 8);
	FIELD(memlab_bench_lat, mean_ns, 32, 8);
	assert_int_equal(sizeof(struct memlab_bench), 160);
	FIELD(memlab_bench, kind, 0, 4);
	FIELD(memlab_bench, pattern, 4, 4);
	FIELD(memlab_bench, gfp, 8, 4);
	FIELD(memlab_bench, order, 12, 4);
	FIELD(memlab_bench, size, 16, 8);
	FIELD(memlab_bench, cache_id, 24, 4);
	FIELD(memlab_bench, threads, 28, 4);
	FIELD(memlab_bench, iterations, 32, 4);
	FIELD(memlab_bench, flags, 36, 4);
	FIELD(memlab_bench, alloc, 40, 40);
	FIELD(memlab_bench, free, 80, 40);
	FIELD(memlab_bench, elapsed_ns, 120, 8);
	FIELD(memlab_bench, ops_per_sec, 128, 8);
	FIELD(memlab_bench, done, 136, 8);
	FIELD(memlab_bench, failures, 144, 8);
	FIELD(memlab_bench, nr_cpus, 152, 4);
	FIELD(memlab_bench, pad2, 156, 4);
}

static void test_struct_batch(void **state)
{
	(void)state;
	assert_int_equal(MEMLAB_BATCH_MAX, 65536);
	assert_int_equal(sizeof(struct memlab_batch), 48);
	FIELD(memlab_batch, kind, 0, 4);
	FIELD(memlab_batch, flags, 4, 4);
	FIELD(memlab_batch, gfp, 8, 4);
	FIELD(memlab_batch, order, 12, 4);
	FIELD(memlab_batch, size, 16, 8);
	FIELD(memlab_batch, cache_id, 24, 4);
	FIELD(memlab_batch, dma_dir, 28, 4);
	FIELD(memlab_batch, ids, 32, 8);
	FIELD(memlab_batch, count, 40, 4);
	FIELD(memlab_batch, pad, 44, 4);
	assert_int_equal(sizeof(struct memlab_ids), 16);
	FIELD(memlab_ids, ids, 0, 8);
	FIELD(memlab_ids, count, 8, 4);
	FIELD(memlab_ids, flags, 12, 4);
}

static void test_alignment(void **state)
{
	(void)state;
	/*
	 * A __u64 must sit at an 8-byte offset in every struct so that i386
	 * (4-byte u64 alignment) and x86_64 agree without compat code; the
	 * FIELD checks above pin the offsets, this pins the struct alignment
	 * the compiler derives from them (4 on i386, 8 on x86_64).
	 */
	if (sizeof(void *) == 8) {
		assert_int_equal(_Alignof(struct memlab_info), 8);
		assert_int_equal(_Alignof(struct memlab_list), 8);
	} else {
		assert_true(_Alignof(struct memlab_info) == 4 ||
			    _Alignof(struct memlab_info) == 8);
	}
	assert_int_equal(_Alignof(struct memlab_id), 4);
}

static void test_ioctl_numbers(void **state)
{
	(void)state;
	/* Also at run time so a failure names the offending command. */
	assert_int_equal(MEMLAB_IOC_INFO, 0x80e8b800u);
	assert_int_equal(MEMLAB_IOC_ALLOC, 0xc028b801u);
	assert_int_equal(MEMLAB_IOC_FREE, 0x4008b802u);
	assert_int_equal(MEMLAB_IOC_CACHE_CREATE, 0xc060b803u);
	assert_int_equal(MEMLAB_IOC_CACHE_DESTROY, 0x4008b804u);
	assert_int_equal(MEMLAB_IOC_READ, 0x4020b805u);
	assert_int_equal(MEMLAB_IOC_WRITE, 0x4020b806u);
	assert_int_equal(MEMLAB_IOC_FILL, 0x4028b807u);
	assert_int_equal(MEMLAB_IOC_VERIFY, 0xc028b808u);
	assert_int_equal(MEMLAB_IOC_SYNC, 0x4018b809u);
	assert_int_equal(MEMLAB_IOC_MMAP_OFFSET, 0xc010b80au);
	assert_int_equal(MEMLAB_IOC_OBJ_INFO, 0xc0a0b80bu);
	assert_int_equal(MEMLAB_IOC_LIST, 0xc020b80cu);
	assert_int_equal(MEMLAB_IOC_PERSIST, 0x4008b80du);
	assert_int_equal(MEMLAB_IOC_BENCH, 0xc0a0b80eu);
	assert_int_equal(MEMLAB_IOC_ALLOC_BATCH, 0x4030b80fu);
	assert_int_equal(MEMLAB_IOC_FREE_BATCH, 0x4010b810u);
	assert_int_equal(_IOC_TYPE(MEMLAB_IOC_LIST), MEMLAB_IOC_MAGIC);
	assert_int_equal(_IOC_SIZE(MEMLAB_IOC_OBJ_INFO), 160);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_constants),
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_gfp_bits),
		cmocka_unit_test(test_slab_bits),
		cmocka_unit_test(test_feature_bits),
		cmocka_unit_test(test_struct_info),
		cmocka_unit_test(test_struct_alloc),
		cmocka_unit_test(test_struct_cache_create),
		cmocka_unit_test(test_struct_id),
		cmocka_unit_test(test_struct_rw),
		cmocka_unit_test(test_struct_fill),
		cmocka_unit_test(test_struct_sync),
		cmocka_unit_test(test_struct_mmap_offset),
		cmocka_unit_test(test_struct_obj_info),
		cmocka_unit_test(test_struct_list),
		cmocka_unit_test(test_struct_bench),
		cmocka_unit_test(test_struct_batch),
		cmocka_unit_test(test_alignment),
		cmocka_unit_test(test_ioctl_numbers),
	};
	const char *name = sizeof(void *) == 8 ? "memlab_abi_m64" :
						 "memlab_abi_m32";

	return cmocka_run_group_tests_name(name, tests, NULL, NULL);
}

/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * memlab: a kernel memory lab behind /dev/memlab.
 *
 * Every allocation and every kmem_cache is an object named by a u32 id;
 * kernel pointers never cross this interface except as addresses reported
 * to CAP_SYS_ADMIN callers.
 *
 * Extensible structures: each ioctl encodes the size of its argument. The
 * driver dispatches on the ioctl number alone and accepts any size from the
 * first published one upwards: a smaller (older) struct than the first
 * version is -EINVAL, a larger (newer) one is accepted when its extra tail
 * is zero and refused with -E2BIG otherwise (copy_struct_from_user()).
 *
 * Errors common to every ioctl:
 *   -ENOTTY  unknown command
 *   -EFAULT  argument not readable/writable
 *   -EINVAL  unknown flag bit, nonzero padding, nonzero output field on
 *            input, value outside what the kernel allocator accepts
 *   -ENOENT  no such id, or an id owned by another open file
 *   -EPERM   persistent object created by another uid (without
 *            CAP_SYS_ADMIN)
 *   -E2BIG   request above a per-request limit (order, size)
 *   -ENOSPC  a global limit (bytes, objects, caches) would be exceeded
 *   -EDQUOT  the caller's per-uid byte limit would be exceeded
 *   -ENOMEM  the kernel allocator itself failed
 *   -EINTR   a fatal signal stopped a long request (MEMLAB_IOC_BENCH)
 */
#ifndef _UAPI_LINUX_MEMLAB_H
#define _UAPI_LINUX_MEMLAB_H

#include <linux/types.h>
#include <linux/ioctl.h>

#define MEMLAB_VERSION		1
#define MEMLAB_IOC_MAGIC	0xB8
#define MEMLAB_NAME_LEN		32

/**
 * enum memlab_kind - what an object is
 * @MEMLAB_KIND_KMALLOC: kmalloc() block
 * @MEMLAB_KIND_CACHE: a kmem_cache created by memlab
 * @MEMLAB_KIND_CACHE_OBJ: object from a memlab kmem_cache
 * @MEMLAB_KIND_PAGES: alloc_pages() block of 2^order pages
 * @MEMLAB_KIND_VMALLOC: vmalloc_user() area
 * @MEMLAB_KIND_DMA_COHERENT: dma_alloc_coherent() buffer
 * @MEMLAB_KIND_DMA_STREAMING: kmalloc() buffer mapped with dma_map_single()
 * @MEMLAB_KIND_NR: number of kinds (array size in &struct memlab_info)
 */
enum memlab_kind {
	MEMLAB_KIND_KMALLOC = 1,
	MEMLAB_KIND_CACHE = 2,
	MEMLAB_KIND_CACHE_OBJ = 3,
	MEMLAB_KIND_PAGES = 4,
	MEMLAB_KIND_VMALLOC = 5,
	MEMLAB_KIND_DMA_COHERENT = 6,
	MEMLAB_KIND_DMA_STREAMING = 7,
	MEMLAB_KIND_NR = 8
};

/*
 * GFP bits. At most one of KERNEL, ATOMIC, NOWAIT (none means KERNEL); DMA
 * and DMA32 exclude each other; HIGHMEM only for pages, and not with DMA or
 * DMA32 (one zone per request); DMA, DMA32, HIGHMEM
 * and ACCOUNT are refused for DMA kinds. ACCOUNT charges the caller's memory
 * cgroup (implied for every allocation when the module parameter
 * charge_memcg is set, the default).
 */
#define MEMLAB_GFP_KERNEL		0x1U
#define MEMLAB_GFP_ATOMIC		0x2U
#define MEMLAB_GFP_NOWAIT		0x4U
#define MEMLAB_GFP_DMA			0x8U
#define MEMLAB_GFP_DMA32		0x10U
#define MEMLAB_GFP_ZERO			0x20U
#define MEMLAB_GFP_NOWARN		0x40U
#define MEMLAB_GFP_NORETRY		0x80U
#define MEMLAB_GFP_RETRY_MAYFAIL	0x100U
#define MEMLAB_GFP_HIGHMEM		0x200U
#define MEMLAB_GFP_ACCOUNT		0x400U
#define MEMLAB_GFP_ALL			(0x800U - 1)

/*
 * kmem_cache flags. NO_MERGE keeps the cache its own (SLAB_NO_MERGE where
 * the kernel has it, else an unmergeable usercopy region). CTOR installs a
 * constructor that fills every new slab object with MEMLAB_CTOR_BYTE; like
 * any constructor it runs when a slab is populated, not on each alloc.
 */
#define MEMLAB_SLAB_HWCACHE_ALIGN	0x1U
#define MEMLAB_SLAB_POISON		0x2U
#define MEMLAB_SLAB_RED_ZONE		0x4U
#define MEMLAB_SLAB_STORE_USER		0x8U
#define MEMLAB_SLAB_ACCOUNT		0x10U
#define MEMLAB_SLAB_RECLAIM_ACCOUNT	0x20U
#define MEMLAB_SLAB_TYPESAFE_BY_RCU	0x40U
#define MEMLAB_SLAB_NO_MERGE		0x80U
#define MEMLAB_SLAB_CTOR		0x100U
#define MEMLAB_SLAB_ALL			(0x200U - 1)

#define MEMLAB_CTOR_BYTE		0xc7

/* Scope: the object outlives the open file (freed by id or at unload). */
#define MEMLAB_F_PERSISTENT		0x1U

/* Feature bits in &struct memlab_info.features. */
#define MEMLAB_FEAT_KMALLOC		0x1U
#define MEMLAB_FEAT_CACHE		0x2U
#define MEMLAB_FEAT_PAGES		0x4U
#define MEMLAB_FEAT_VMALLOC		0x8U
#define MEMLAB_FEAT_DMA_COHERENT	0x10U
#define MEMLAB_FEAT_DMA_STREAMING	0x20U
#define MEMLAB_FEAT_MMAP		0x40U
#define MEMLAB_FEAT_NATIVE_NO_MERGE	0x80U

/**
 * struct memlab_info - MEMLAB_IOC_INFO: version, limits and counters
 * @version: MEMLAB_VERSION of the driver
 * @features: MEMLAB_FEAT_* bits
 * @page_size: PAGE_SIZE of the kernel
 * @max_order: highest order accepted now (module limit and kernel limit)
 * @max_bytes: limit on bytes held by all objects (module parameter)
 * @max_objects: limit on live objects, caches included (module parameter)
 * @uid_max_bytes: limit on bytes held per creator uid (module parameter)
 * @max_caches: limit on live caches (module parameter)
 * @dma_mask_bits: DMA mask width of the memlab platform device
 * @kmalloc_max: largest kmalloc size (KMALLOC_MAX_SIZE)
 * @dma_max: largest DMA buffer size
 * @nr_objects: live objects of every kind and opener
 * @nr_bytes: bytes held by live objects
 * @uid_bytes: bytes held by objects of the caller's uid
 * @limit_hits: allocations refused by a limit since load
 * @alloc_failures: allocations the kernel allocator failed since load
 * @kind_objects: live objects per &enum memlab_kind (index 0 unused)
 * @kind_bytes: bytes held per &enum memlab_kind (index 0 unused)
 */
struct memlab_info {
	__u32 version;
	__u32 features;
	__u32 page_size;
	__u32 max_order;
	__u64 max_bytes;
	__u64 max_objects;
	__u64 uid_max_bytes;
	__u32 max_caches;
	__u32 dma_mask_bits;
	__u64 kmalloc_max;
	__u64 dma_max;
	__u64 nr_objects;
	__u64 nr_bytes;
	__u64 uid_bytes;
	__u64 limit_hits;
	__u64 alloc_failures;
	__u64 kind_objects[MEMLAB_KIND_NR];
	__u64 kind_bytes[MEMLAB_KIND_NR];
};

/**
 * struct memlab_alloc - MEMLAB_IOC_ALLOC: allocate one object
 * @kind: &enum memlab_kind, anything but MEMLAB_KIND_CACHE
 * @flags: MEMLAB_F_* bits
 * @gfp: MEMLAB_GFP_* bits (must be 0 for cache objects' extra bits:
 *       only KERNEL/ATOMIC/NOWAIT/ZERO/NOWARN/NORETRY/RETRY_MAYFAIL/ACCOUNT;
 *       no ZERO from a CTOR cache: it would undo the constructor)
 * @order: pages only: the order; 0 for other kinds
 * @size: bytes for kmalloc, vmalloc, DMA kinds; 0 for pages and cache
 *        objects (their size follows from order or cache)
 * @cache_id: cache objects only: id of a MEMLAB_KIND_CACHE object
 * @dma_dir: DMA streaming only: enum dma_data_direction (0 bidirectional,
 *           1 to device, 2 from device)
 * @id: output: id of the new object (must be 0 on input)
 * @pad: must be 0
 */
struct memlab_alloc {
	__u32 kind;
	__u32 flags;
	__u32 gfp;
	__u32 order;
	__u64 size;
	__u32 cache_id;
	__u32 dma_dir;
	__u32 id;
	__u32 pad;
};

/**
 * struct memlab_cache_create - MEMLAB_IOC_CACHE_CREATE
 * @name: NUL-terminated cache name: 1..31 printable characters, no space or
 *        '/', not used by a memlab cache nor by any kernel cache
 * @object_size: object size in bytes (1..KMALLOC_MAX_SIZE / 2, i.e. half of
 *               &memlab_info.kmalloc_max, so that debug metadata still fits)
 * @align: alignment: 0 or a power of two up to PAGE_SIZE
 * @slab_flags: MEMLAB_SLAB_* bits
 * @flags: MEMLAB_F_* bits
 * @id: output: id of the cache
 * @merged: output: 1 if SLUB merged the cache into an existing one
 * @slab_size: output: bytes per object in the slab, metadata included
 * @merged_into: output: name of the kernel cache actually used (the
 *               existing cache when merged, else @name)
 */
struct memlab_cache_create {
	char name[MEMLAB_NAME_LEN];
	__u32 object_size;
	__u32 align;
	__u32 slab_flags;
	__u32 flags;
	__u32 id;
	__u32 merged;
	__u32 slab_size;
	__u32 pad;
	char merged_into[MEMLAB_NAME_LEN];
};

/**
 * struct memlab_id - an id argument (MEMLAB_IOC_FREE, _CACHE_DESTROY,
 * _PERSIST)
 * @id: object or cache id
 * @flags: must be 0
 */
struct memlab_id {
	__u32 id;
	__u32 flags;
};

/**
 * struct memlab_rw - MEMLAB_IOC_READ / MEMLAB_IOC_WRITE
 * @id: object id (any kind but MEMLAB_KIND_CACHE)
 * @flags: must be 0
 * @offset: byte offset in the object
 * @length: bytes to copy; offset + length must not pass the object's size
 * @buf: user buffer address
 */
struct memlab_rw {
	__u32 id;
	__u32 flags;
	__u64 offset;
	__u64 length;
	__u64 buf;
};

/**
 * struct memlab_fill - MEMLAB_IOC_FILL / MEMLAB_IOC_VERIFY
 * @id: object id (any kind but MEMLAB_KIND_CACHE)
 * @pattern: 32-bit pattern; the byte at object offset o is byte (o % 4) of
 *           @pattern in little-endian order, so every aligned 32-bit word
 *           reads @pattern on a little-endian machine
 * @offset: byte offset in the object
 * @length: bytes to fill or check
 * @nr_bad: VERIFY output: bytes that differ (must be 0 on input)
 * @first_bad: VERIFY output: object offset of the first differing byte,
 *             or ~0 when none (must be 0 on input)
 */
struct memlab_fill {
	__u32 id;
	__u32 pattern;
	__u64 offset;
	__u64 length;
	__u64 nr_bad;
	__u64 first_bad;
};

#define MEMLAB_SYNC_FOR_CPU	1
#define MEMLAB_SYNC_FOR_DEVICE	2

/**
 * struct memlab_sync - MEMLAB_IOC_SYNC: streaming DMA ownership transfer
 * @id: MEMLAB_KIND_DMA_STREAMING object
 * @op: MEMLAB_SYNC_FOR_CPU or MEMLAB_SYNC_FOR_DEVICE
 * @offset: byte offset in the buffer
 * @length: bytes to sync (nonzero, within the buffer)
 */
struct memlab_sync {
	__u32 id;
	__u32 op;
	__u64 offset;
	__u64 length;
};

/**
 * struct memlab_mmap_offset - MEMLAB_IOC_MMAP_OFFSET
 * @id: PAGES, VMALLOC or DMA_COHERENT object (others: -ENODEV)
 * @pad: must be 0
 * @offset: output: offset to pass to mmap(); add n * page size to map
 *          from the object's page n. Each mappable object gets its own
 *          page-aligned range when it is created, never reused while the
 *          module is loaded, and below 2^44 bytes so that 32-bit programs
 *          reach it too (must be 0 on input)
 */
struct memlab_mmap_offset {
	__u32 id;
	__u32 pad;
	__u64 offset;
};

/* &struct memlab_obj_info flags */
#define MEMLAB_OBJ_PERSISTENT	0x1U
#define MEMLAB_OBJ_MERGED	0x2U
#define MEMLAB_OBJ_MAPPABLE	0x4U

/**
 * struct memlab_obj_info - one object, as MEMLAB_IOC_OBJ_INFO and
 * MEMLAB_IOC_LIST report it
 * @id: object id (input for MEMLAB_IOC_OBJ_INFO)
 * @kind: &enum memlab_kind
 * @flags: MEMLAB_OBJ_* bits
 * @uid: creator uid, in the caller's user namespace
 * @size: bytes (cache: object size)
 * @order: pages: order; else 0
 * @gfp: MEMLAB_GFP_* bits asked for (cache: MEMLAB_SLAB_* bits)
 * @cache_id: cache objects: their cache's id
 * @mapcount: user mappings that hold the object
 * @ctime_ns: creation time, CLOCK_REALTIME nanoseconds, kept at a
 *            resolution of 2^23 ns (8.4 ms) from the module's load: at
 *            most 8.4 ms plus a tick before the creation (memlab(4))
 * @mmap_offset: mmap() offset for mappable kinds, else 0
 * @kaddr: kernel virtual address (CAP_SYS_ADMIN only, else 0)
 * @phys: physical address of the first byte (CAP_SYS_ADMIN only, else 0)
 * @dma_addr: DMA address (DMA kinds, CAP_SYS_ADMIN only, else 0)
 * @dma_dir: DMA streaming direction
 * @nr_objects: caches: live memlab objects in the cache
 * @slab_size: caches: bytes per object in the slab, metadata included
 * @align: caches: alignment asked for
 * @name: caches and their objects: memlab cache name
 * @merged_into: caches and their objects: kernel cache actually used
 */
struct memlab_obj_info {
	__u32 id;
	__u32 kind;
	__u32 flags;
	__u32 uid;
	__u64 size;
	__u32 order;
	__u32 gfp;
	__u32 cache_id;
	__u32 mapcount;
	__u64 ctime_ns;
	__u64 mmap_offset;
	__u64 kaddr;
	__u64 phys;
	__u64 dma_addr;
	__u32 dma_dir;
	__u32 nr_objects;
	__u32 slab_size;
	__u32 align;
	char name[MEMLAB_NAME_LEN];
	char merged_into[MEMLAB_NAME_LEN];
};

/**
 * struct memlab_list - MEMLAB_IOC_LIST: objects visible to the caller
 * (its own and every persistent one) in id order
 * @entries: user array of @capacity entries of @entry_size bytes
 * @capacity: number of entries the array holds
 * @entry_size: sizeof(struct memlab_obj_info) as the caller knows it
 *              (at least the first version's 160 bytes)
 * @start_id: first id to report
 * @count: output: entries written (must be 0 on input)
 * @next_id: output: id to start the next call from, 0 when done
 *           (must be 0 on input)
 * @flags: must be 0
 */
struct memlab_list {
	__u64 entries;
	__u32 capacity;
	__u32 entry_size;
	__u32 start_id;
	__u32 count;
	__u32 next_id;
	__u32 flags;
};

/* Bounds of &struct memlab_bench (-E2BIG above them). */
#define MEMLAB_BENCH_MAX_THREADS	64
#define MEMLAB_BENCH_MAX_ITERATIONS	0x100000U	/* 2^20 */
#define MEMLAB_BENCH_MAX_SAMPLES	0x100000U

/* &struct memlab_bench patterns */
#define MEMLAB_BENCH_PAIRS	1	/* alloc, free, alloc, free, ... */
#define MEMLAB_BENCH_BULK	2	/* alloc all, then free all */

/**
 * struct memlab_bench_lat - latency of one operation over a run
 * @min_ns: fastest call
 * @p50_ns: median
 * @p99_ns: 99th percentile
 * @max_ns: slowest call (samples saturate at 2^32 - 1 ns)
 * @mean_ns: mean
 */
struct memlab_bench_lat {
	__u64 min_ns;
	__u64 p50_ns;
	__u64 p99_ns;
	__u64 max_ns;
	__u64 mean_ns;
};

/**
 * struct memlab_bench - MEMLAB_IOC_BENCH: time an allocator in the kernel
 *
 * @threads kernel threads, thread i bound to the i-th online CPU (modulo
 * the number of CPUs), each run @iterations allocations and frees straight
 * from the kernel allocator (no memlab object, no id) and time every call
 * with ktime_get_ns(). The run is charged against memlab's limits as one
 * object holding its peak footprint (@threads objects for PAIRS, @threads
 * * @iterations for BULK), so max_bytes, max_objects and uid_max_bytes
 * bound it (-ENOSPC, -EDQUOT). Kernel threads run in the root memory
 * cgroup: the run is not charged to the caller's. Runs are serialized.
 * A fatal signal stops the run: the threads free what they hold and the
 * ioctl returns -EINTR.
 *
 * @kind: MEMLAB_KIND_KMALLOC, _CACHE_OBJ, _PAGES, _VMALLOC or
 *        _DMA_COHERENT (others: -EINVAL)
 * @pattern: MEMLAB_BENCH_PAIRS or MEMLAB_BENCH_BULK
 * @gfp: MEMLAB_GFP_* bits, as for MEMLAB_IOC_ALLOC (NOWARN is implied)
 * @order: pages only: the order (above max_order: -E2BIG); else 0
 * @size: bytes for kmalloc, vmalloc, DMA; 0 for pages and cache objects
 * @cache_id: cache objects only: the MEMLAB_KIND_CACHE to allocate from
 * @threads: kernel threads, 1..MEMLAB_BENCH_MAX_THREADS
 * @iterations: allocations per thread, 1..MEMLAB_BENCH_MAX_ITERATIONS;
 *              @threads * @iterations at most MEMLAB_BENCH_MAX_SAMPLES
 * @flags: must be 0
 * @alloc: output: latency of an allocation (successful ones)
 * @free: output: latency of a free
 * @elapsed_ns: output: wall time from the threads' start to the last end
 * @ops_per_sec: output: alloc+free pairs per second, all threads together
 * @done: output: successful allocations (each freed again)
 * @failures: output: allocations the kernel allocator failed
 * @nr_cpus: output: CPUs the threads were bound to
 * @pad2: output: 0
 *
 * Every output field must be 0 on input.
 */
struct memlab_bench {
	__u32 kind;
	__u32 pattern;
	__u32 gfp;
	__u32 order;
	__u64 size;
	__u32 cache_id;
	__u32 threads;
	__u32 iterations;
	__u32 flags;
	struct memlab_bench_lat alloc;
	struct memlab_bench_lat free;
	__u64 elapsed_ns;
	__u64 ops_per_sec;
	__u64 done;
	__u64 failures;
	__u32 nr_cpus;
	__u32 pad2;
};

/* Most objects one MEMLAB_IOC_ALLOC_BATCH or _FREE_BATCH handles. */
#define MEMLAB_BATCH_MAX	65536

/**
 * struct memlab_batch - MEMLAB_IOC_ALLOC_BATCH: @count objects of one kind
 *
 * The fields up to @dma_dir mean what they mean in &struct memlab_alloc;
 * every object is a separate object with its own id, exactly as @count
 * MEMLAB_IOC_ALLOC calls would make them.
 *
 * Return value of the ioctl: the number n of objects allocated, their ids
 * in @ids[0..n). n < @count when a limit, the allocator or a fatal signal
 * stopped the batch; calling again for the rest reports the reason. When
 * not even the first object could be made, the ioctl fails with that
 * object's -errno. Ids that cannot be written to @ids (-EFAULT) are freed
 * again, so no object is ever left without a reported id.
 *
 * @kind: &enum memlab_kind, anything but MEMLAB_KIND_CACHE
 * @flags: MEMLAB_F_* bits
 * @gfp: MEMLAB_GFP_* bits
 * @order: pages only: the order
 * @size: bytes (see &struct memlab_alloc)
 * @cache_id: cache objects only: the cache
 * @dma_dir: DMA streaming only: the direction
 * @ids: user array of @count __u32, written with the new ids
 * @count: objects wanted, 1..MEMLAB_BATCH_MAX (above: -E2BIG)
 * @pad: must be 0
 */
struct memlab_batch {
	__u32 kind;
	__u32 flags;
	__u32 gfp;
	__u32 order;
	__u64 size;
	__u32 cache_id;
	__u32 dma_dir;
	__u64 ids;
	__u32 count;
	__u32 pad;
};

/**
 * struct memlab_ids - MEMLAB_IOC_FREE_BATCH: free @count objects by id
 *
 * Frees @ids[0], @ids[1], ... in order, as MEMLAB_IOC_FREE would, and
 * stops at the first id that cannot be freed (or at a fatal signal).
 * Return value: the number n of ids freed, the objects @ids[0..n); when
 * the first one fails, its -errno (-ENOENT, -EPERM, -EINVAL for a cache).
 *
 * @ids: user array of @count __u32
 * @count: ids, 1..MEMLAB_BATCH_MAX (above: -E2BIG)
 * @flags: must be 0
 */
struct memlab_ids {
	__u64 ids;
	__u32 count;
	__u32 flags;
};

#define MEMLAB_IOC_INFO		_IOR(MEMLAB_IOC_MAGIC, 0x00, struct memlab_info)
#define MEMLAB_IOC_ALLOC	_IOWR(MEMLAB_IOC_MAGIC, 0x01, struct memlab_alloc)
#define MEMLAB_IOC_FREE		_IOW(MEMLAB_IOC_MAGIC, 0x02, struct memlab_id)
#define MEMLAB_IOC_CACHE_CREATE	_IOWR(MEMLAB_IOC_MAGIC, 0x03, struct memlab_cache_create)
#define MEMLAB_IOC_CACHE_DESTROY _IOW(MEMLAB_IOC_MAGIC, 0x04, struct memlab_id)
#define MEMLAB_IOC_READ		_IOW(MEMLAB_IOC_MAGIC, 0x05, struct memlab_rw)
#define MEMLAB_IOC_WRITE	_IOW(MEMLAB_IOC_MAGIC, 0x06, struct memlab_rw)
#define MEMLAB_IOC_FILL		_IOW(MEMLAB_IOC_MAGIC, 0x07, struct memlab_fill)
#define MEMLAB_IOC_VERIFY	_IOWR(MEMLAB_IOC_MAGIC, 0x08, struct memlab_fill)
#define MEMLAB_IOC_SYNC		_IOW(MEMLAB_IOC_MAGIC, 0x09, struct memlab_sync)
#define MEMLAB_IOC_MMAP_OFFSET	_IOWR(MEMLAB_IOC_MAGIC, 0x0a, struct memlab_mmap_offset)
#define MEMLAB_IOC_OBJ_INFO	_IOWR(MEMLAB_IOC_MAGIC, 0x0b, struct memlab_obj_info)
#define MEMLAB_IOC_LIST		_IOWR(MEMLAB_IOC_MAGIC, 0x0c, struct memlab_list)
#define MEMLAB_IOC_PERSIST	_IOW(MEMLAB_IOC_MAGIC, 0x0d, struct memlab_id)
#define MEMLAB_IOC_BENCH	_IOWR(MEMLAB_IOC_MAGIC, 0x0e, struct memlab_bench)
#define MEMLAB_IOC_ALLOC_BATCH	_IOW(MEMLAB_IOC_MAGIC, 0x0f, struct memlab_batch)
#define MEMLAB_IOC_FREE_BATCH	_IOW(MEMLAB_IOC_MAGIC, 0x10, struct memlab_ids)

#endif /* _UAPI_LINUX_MEMLAB_H */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memlab internals shared by the driver's files: the object, the per-file
 * and per-device state, and the per-kind allocator operations.
 */
#ifndef MEMLAB_CORE_H
#define MEMLAB_CORE_H

#include <linux/bits.h>
#include <linux/dma-direction.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/maple_tree.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uidgid.h>
#include <linux/xarray.h>
#include <linux/memlab.h>
#include <linux/memlab_netlink.h>

struct device;
struct vm_area_struct;
struct memlab_obj;

/* Largest kmem_cache object: see memlab_cache_create() */
#define MEMLAB_CACHE_MAX_SIZE	(KMALLOC_MAX_SIZE / 2)

/*
 * mmap offsets are page offsets handed out once per mappable object and
 * never reused while the module is loaded. They stay below 2^32 pages so
 * that 32-bit programs (mmap2's 32-bit page offset) reach every object.
 */
#define MEMLAB_MMAP_PGOFF_FIRST	1UL
#define MEMLAB_MMAP_PGOFF_END	BIT_ULL(32)

/**
 * struct memlab_kind_ops - one allocator
 * @gfp_ok: MEMLAB_GFP_* bits this allocator accepts
 * @dma: allocation needs the DMA device (no memcg charge)
 * @alloc: allocate obj->size bytes (obj->order for pages) with @gfp
 * @free: give the memory back; called once, after the last reference
 * @pfn: page frame of page @pgoff, for kinds mapped on fault
 * @mmap: map the whole range at mmap time instead of on fault
 * @phys: physical address of the first byte
 */
struct memlab_kind_ops {
	u32 gfp_ok;
	bool dma;
	int (*alloc)(struct memlab_obj *obj, gfp_t gfp);
	void (*free)(struct memlab_obj *obj);
	unsigned long (*pfn)(struct memlab_obj *obj, unsigned long pgoff);
	int (*mmap)(struct memlab_obj *obj, struct vm_area_struct *vma);
	phys_addr_t (*phys)(struct memlab_obj *obj);
};

/**
 * struct memlab_cache - state of a MEMLAB_KIND_CACHE object
 * @s: the kmem_cache SLUB returned (an existing one when merged)
 * @link: entry in memlab.caches, under memlab.lock
 * @nr_objects: live objects allocated from it
 * @dead: destroyed; no new objects (under memlab.lock)
 * @merged: SLUB merged it into @merged_into
 * @align: alignment asked for
 * @name: the name memlab created it with
 * @merged_into: name of the kernel cache in use
 */
struct memlab_cache {
	struct kmem_cache *s;
	struct list_head link;
	atomic_t nr_objects;
	bool dead;
	bool merged;
	u32 align;
	char name[MEMLAB_NAME_LEN];
	char merged_into[MEMLAB_NAME_LEN];
};

/**
 * struct memlab_file - an open /dev/memlab
 * @objs: objects owned by this file, under memlab.lock
 */
struct memlab_file {
	struct list_head objs;
};

/**
 * struct memlab_obj - one allocation or cache
 * @ref: table reference + one per user (ioctl in flight, mapping)
 * @mapcount: user mappings holding the object
 * @link: entry in the owner's list or memlab.persistent, under memlab.lock
 * @owner: owning file; NULL once persistent (READ_ONCE: read unlocked)
 * @ops: allocator of this kind
 * @id: handle in memlab.objs
 * @kind: &enum memlab_kind
 * @gfp: MEMLAB_GFP_* bits asked for (caches: MEMLAB_SLAB_*)
 * @order: pages: order
 * @uid: creator
 * @dir: streaming DMA direction (&enum dma_data_direction)
 * @charged: counted against the limits (memlab_charge() succeeded)
 * @published: reached the table (its creation was announced)
 * @ctime_ns: creation time (CLOCK_REALTIME at tick resolution)
 * @size: bytes usable by the user
 * @charge: bytes charged against the limits
 * @kaddr: kernel address (every kind but pages and caches)
 * @page: pages: first page
 * @dma: DMA address
 * @mmap_pgoff: first page of the object's mmap offset range, 0 if none
 * @cache: cache objects: their cache (holds a reference); caches: itself
 * @cs: caches: cache state
 */
struct memlab_obj {
	struct kref ref;
	atomic_t mapcount;
	struct list_head link;
	struct memlab_file *owner;
	const struct memlab_kind_ops *ops;
	u32 id;
	u32 kind;
	u32 gfp;
	u32 order;
	kuid_t uid;
	u8 dir;
	bool charged;
	bool published;
	u64 ctime_ns;
	u64 size;
	u64 charge;
	void *kaddr;
	struct page *page;
	dma_addr_t dma;
	unsigned long mmap_pgoff;
	struct memlab_obj *cache;
	struct memlab_cache *cs;
};

/**
 * struct memlab_kind_stats - counters of one kind, under memlab.acct_lock
 * @objects: live objects
 * @bytes: bytes charged
 * @allocs: objects created since load
 * @frees: objects freed since load
 * @failures: allocations the kernel allocator failed
 * @limit_hits: requests a memlab limit refused
 */
struct memlab_kind_stats {
	u64 objects;
	u64 bytes;
	u64 allocs;
	u64 frees;
	u64 failures;
	u64 limit_hits;
};

/**
 * struct memlab_dev - the device (one instance)
 * @dev: platform device: DMA mask and parent of @misc
 * @misc: /dev/memlab
 * @objs: id -> object; holds the table reference
 * @next_id: cyclic id allocation
 * @mmap_offsets: mmap page offset range -> object (holds no reference)
 * @next_pgoff: next unused mmap page offset, under @lock
 * @lock: owner lists, @persistent, @caches, scope changes, cache sysfs
 * @persistent: objects owned by the device
 * @caches: live caches (for name checks)
 * @acct_lock: the counters below and @uids
 * @nr_bytes: bytes charged
 * @nr_objects: live objects
 * @nr_caches: live caches
 * @kinds: counters per kind
 * @uids: bytes charged per creator uid
 * @nr_mapped: objects with at least one user mapping
 */
struct memlab_dev {
	struct device *dev;
	struct miscdevice misc;
	struct xarray objs;
	u32 next_id;
	struct maple_tree mmap_offsets;
	unsigned long next_pgoff;
	struct mutex lock;		/* see @lock above */
	struct list_head persistent;
	struct list_head caches;
	spinlock_t acct_lock;		/* see @acct_lock above */
	u64 nr_bytes;
	u64 nr_objects;
	u32 nr_caches;
	struct memlab_kind_stats kinds[MEMLAB_KIND_NR];
	DECLARE_HASHTABLE(uids, 6);
	atomic_long_t nr_mapped;
};

extern struct memlab_dev memlab;

/* Module parameters (main.c). */
extern unsigned long memlab_max_bytes;
extern unsigned long memlab_max_objects;
extern unsigned int memlab_max_caches;
extern unsigned int memlab_max_order;
extern unsigned long memlab_uid_max_bytes;
extern bool memlab_charge_memcg;
extern unsigned int memlab_dma_mask_bits;

/* Allocators (one file each). */
extern const struct memlab_kind_ops memlab_kmalloc_ops;
extern const struct memlab_kind_ops memlab_cache_obj_ops;
extern const struct memlab_kind_ops memlab_cache_ops;
extern const struct memlab_kind_ops memlab_pages_ops;
extern const struct memlab_kind_ops memlab_vmalloc_ops;
extern const struct memlab_kind_ops memlab_dma_coherent_ops;
extern const struct memlab_kind_ops memlab_dma_streaming_ops;

/*
 * GFP bits for slab allocations: __GFP_DMA32 and __GFP_HIGHMEM are not
 * valid there (SLUB complains and fixes them up), so they are refused.
 */
#define MEMLAB_GFP_SLAB	(MEMLAB_GFP_KERNEL | MEMLAB_GFP_ATOMIC | \
			 MEMLAB_GFP_NOWAIT | MEMLAB_GFP_ZERO | \
			 MEMLAB_GFP_NOWARN | MEMLAB_GFP_NORETRY | \
			 MEMLAB_GFP_RETRY_MAYFAIL | MEMLAB_GFP_ACCOUNT)

/*
 * object.c: the object table, scope and accounting. Every tracked object
 * costs one struct memlab_obj from its own slab cache (no rounding up to a
 * kmalloc size class) and one xarray slot.
 */
int memlab_obj_cache_init(void);
void memlab_obj_cache_exit(void);
#define MEMLAB_MODIFY	1	/* caller must be creator or CAP_SYS_ADMIN */

const struct memlab_kind_ops *memlab_kind_ops(u32 kind);
struct memlab_obj *memlab_obj_new(u32 kind, u64 size, u64 charge, u32 bits);
int memlab_charge(struct memlab_obj *obj);
void memlab_obj_discard(struct memlab_obj *obj);
int __memlab_publish(struct memlab_file *mf, struct memlab_obj *obj,
		     bool persistent);
int memlab_publish(struct memlab_file *mf, struct memlab_obj *obj,
		   bool persistent);
struct memlab_obj *memlab_get(struct memlab_file *mf, u32 id, int mode);
void memlab_put(struct memlab_obj *obj);
int memlab_remove(struct memlab_file *mf, u32 id, bool cache);
int memlab_persist(struct memlab_file *mf, u32 id);
void memlab_release_list(struct list_head *objs);
void memlab_count_failure(struct memlab_obj *obj, int err);
int memlab_refuse(struct memlab_obj *obj, u32 limit, int err);
void memlab_fill_info(struct memlab_obj *obj, struct memlab_obj_info *info,
		      bool admin);
void memlab_get_counters(struct memlab_info *info);
void memlab_get_stats(struct memlab_kind_stats *kinds, u64 *nr_objects,
		      u64 *nr_bytes, u64 *nr_caches, u64 *uid_bytes);
bool memlab_may_see(struct memlab_file *mf, struct memlab_obj *obj);
bool memlab_may_modify(struct memlab_obj *obj);
phys_addr_t memlab_linear_phys(struct memlab_obj *obj);

/* gfp.c: memlab's GFP and slab bits to the kernel's. */
int memlab_gfp(u32 bits, const struct memlab_kind_ops *ops, gfp_t *gfp);
slab_flags_t memlab_slab_flags(u32 bits);

/* cache.c */
int memlab_cache_layout_check(void);
int memlab_cache_create(struct memlab_file *mf,
			struct memlab_cache_create *req);
bool memlab_cache_refuses_gfp(const struct memlab_obj *cache, u32 bits);
int memlab_cache_obj_attach(struct memlab_file *mf, struct memlab_obj *obj,
			    u32 cache_id, bool persistent);

/* access.c: read/write/fill/verify through a bounce page. */
int memlab_read(struct memlab_obj *obj, u64 off, u64 len, void __user *buf);
int memlab_write(struct memlab_obj *obj, u64 off, u64 len,
		 const void __user *buf);
int memlab_fill(struct memlab_obj *obj, u64 off, u64 len, u32 pattern,
		bool verify, u64 *nr_bad, u64 *first_bad);

/* dma.c */
int memlab_dma_sync(struct memlab_obj *obj, u32 op, u64 off, u64 len);

/* mmap.c */
int memlab_mmap(struct file *file, struct vm_area_struct *vma);
bool memlab_mappable(struct memlab_obj *obj);
int memlab_mmap_publish(struct memlab_obj *obj);
void memlab_mmap_unpublish(struct memlab_obj *obj);

/*
 * netlink.c: the generic netlink family. Events are sent from process
 * context (they allocate with GFP_KERNEL) and only when someone listens.
 */
int memlab_nl_init(void);
void memlab_nl_exit(void);
void memlab_nl_obj_event(struct memlab_obj *obj, bool created);
void memlab_nl_refused_event(struct memlab_obj *obj, u32 limit, int err);
void memlab_nl_unloading_event(void);

/* ioctl.c */
long memlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int memlab_alloc_geometry(struct memlab_alloc *req, u64 *charge);
int memlab_alloc_one(struct memlab_file *mf, struct memlab_alloc *req);

/* bench.c: MEMLAB_IOC_BENCH */
int memlab_bench(struct memlab_file *mf, struct memlab_bench *req);

/* batch.c: MEMLAB_IOC_ALLOC_BATCH and MEMLAB_IOC_FREE_BATCH */
long memlab_alloc_batch(struct memlab_file *mf, struct memlab_batch *req);
long memlab_free_batch(struct memlab_file *mf, struct memlab_ids *req);

#endif /* MEMLAB_CORE_H */

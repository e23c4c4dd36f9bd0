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
 * @nr_objs: objects and caches it owns (under memlab.lock); its close
 *           looks for them in the table only while there are some left
 */
struct memlab_file {
	unsigned long nr_objs;
};

/**
 * struct memlab_obj_ext - what only some objects need
 * @size: bytes usable by the user
 * @charge: bytes charged against the limits
 * @dma: DMA address
 * @mmap_pgoff: first page of the object's mmap offset range, 0 if none
 * @mapcount: user mappings holding the object
 *
 * Pages, vmalloc and DMA objects have one (they are mappable or have a DMA
 * address, and may be larger than 4 GiB), and so does any object whose
 * size or charge does not fit &struct memlab_obj; kmalloc, cache objects
 * and caches do not.
 */
struct memlab_obj_ext {
	u64 size;
	u64 charge;
	dma_addr_t dma;
	unsigned long mmap_pgoff;
	atomic_t mapcount;
};

/**
 * struct memlab_obj - one allocation or cache
 * @ref: table reference + one per user (ioctl in flight, mapping)
 * @id: handle in memlab.objs
 * @owner: owning file; NULL once persistent (READ_ONCE: read unlocked;
 *         changed under memlab.lock)
 * @uid: creator
 * @gfp: MEMLAB_GFP_* bits asked for (caches: MEMLAB_SLAB_*)
 * @kind: &enum memlab_kind
 * @order: pages: order
 * @dir: streaming DMA direction (&enum dma_data_direction)
 * @charged: counted against the limits (memlab_charge() succeeded)
 * @published: reached the table (its creation was announced)
 * @has_ext: @ext is there (and @size is not used)
 * @size: bytes usable by the user, when there is no @ext; the charge is
 *        the same (caches: 0)
 * @ctime: creation time, in 2^MEMLAB_CTIME_SHIFT ns since memlab_epoch_ns
 * @kaddr: kernel address (kmalloc, cache objects, vmalloc, DMA)
 * @page: pages: first page
 * @cs: caches: cache state
 * @cache: cache objects: their cache (holds a reference); caches: itself
 * @ext: see &struct memlab_obj_ext
 *
 * 48 bytes: most objects are small, and memlab should cost them little.
 */
struct memlab_obj {
	struct kref ref;
	u32 id;
	struct memlab_file *owner;
	kuid_t uid;
	u16 gfp;
	u16 kind:3;
	u16 order:5;
	u16 dir:2;
	u16 charged:1;
	u16 published:1;
	u16 has_ext:1;
	u32 size;
	u32 ctime;
	union {
		void *kaddr;
		struct page *page;
		struct memlab_cache *cs;
	};
	union {
		struct memlab_obj *cache;
		struct memlab_obj_ext *ext;
	};
};

/* the bit fields hold every value the checks let through */
static_assert(sizeof(struct memlab_obj) <= 48);
static_assert(MEMLAB_GFP_ALL <= U16_MAX && MEMLAB_SLAB_ALL <= U16_MAX);
static_assert(MEMLAB_KIND_NR <= 8);

#define MEMLAB_CTIME_SHIFT	23

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
 * @lock: table insertions and removals, @caches, scope changes, cache sysfs
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

extern const struct memlab_kind_ops *const memlab_kinds[MEMLAB_KIND_NR];

static inline const struct memlab_kind_ops *
memlab_ops(const struct memlab_obj *obj)
{
	return memlab_kinds[obj->kind];
}

/* Bytes usable by the user. */
static inline u64 memlab_obj_size(const struct memlab_obj *obj)
{
	return obj->has_ext ? obj->ext->size : obj->size;
}

/* Bytes counted against the limits. */
static inline u64 memlab_obj_charge(const struct memlab_obj *obj)
{
	if (obj->has_ext)
		return obj->ext->charge;
	return obj->kind == MEMLAB_KIND_CACHE ? 0 : obj->size;
}

/* A cache object's cache, NULL before it has one. */
static inline struct memlab_obj *memlab_obj_cache(const struct memlab_obj *obj)
{
	if (obj->kind != MEMLAB_KIND_CACHE_OBJ || obj->has_ext)
		return NULL;
	return obj->cache;
}

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
 * object.c: the object records and the table (ids, references, scope).
 * Every tracked object costs one 48-byte struct memlab_obj from its own
 * slab cache and one xarray slot (see struct memlab_obj).
 */
int memlab_obj_cache_init(void);
void memlab_obj_cache_exit(void);
u64 memlab_obj_ctime_ns(const struct memlab_obj *obj);
#define MEMLAB_MODIFY	1	/* caller must be creator or CAP_SYS_ADMIN */

const struct memlab_kind_ops *memlab_kind_ops(u32 kind);
struct memlab_obj *memlab_obj_new(u32 kind, u64 size, u64 charge, u32 bits);
int memlab_obj_new_bulk(u32 kind, u64 size, u64 charge, u32 bits,
			struct memlab_obj **objs, unsigned int n);

void memlab_obj_discard(struct memlab_obj *obj);
int __memlab_publish(struct memlab_file *mf, struct memlab_obj *obj,
		     bool persistent);
unsigned int memlab_publish_objs(struct memlab_file *mf,
				 struct memlab_obj **objs, unsigned int n,
				 u32 *ids, bool persistent, int *err);
struct memlab_obj *memlab_get(struct memlab_file *mf, u32 id, int mode);
void memlab_put(struct memlab_obj *obj);
void memlab_put_objs(struct memlab_obj **objs, unsigned int n);
int memlab_remove(struct memlab_file *mf, u32 id, bool cache);
unsigned int memlab_remove_objs(struct memlab_file *mf, const u32 *ids,
				unsigned int n, struct memlab_obj **objs,
				int *err);
int memlab_persist(struct memlab_file *mf, u32 id);
void memlab_release_owned(struct memlab_file *mf);

void memlab_fill_info(struct memlab_obj *obj, struct memlab_obj_info *info,
		      bool admin);

bool memlab_may_see(struct memlab_file *mf, struct memlab_obj *obj);
bool memlab_may_modify(struct memlab_obj *obj);
phys_addr_t memlab_linear_phys(struct memlab_obj *obj);

/* account.c: the limits and counters, under memlab.acct_lock */
int memlab_charge(struct memlab_obj *obj);
unsigned int memlab_charge_objs(struct memlab_obj **objs, unsigned int n,
				int *err);
void memlab_uncharge_objs(struct memlab_obj **objs, unsigned int n);
int memlab_refuse(struct memlab_obj *obj, u32 limit, int err);
void memlab_count_failure(struct memlab_obj *obj, int err);
void memlab_count_allocs(u32 kind, unsigned int n);
void memlab_get_counters(struct memlab_info *info);
void memlab_get_stats(struct memlab_kind_stats *kinds, u64 *nr_objects,
		      u64 *nr_bytes, u64 *nr_caches, u64 *uid_bytes);

/* gfp.c: memlab's GFP and slab bits to the kernel's. */
int memlab_gfp(u32 bits, const struct memlab_kind_ops *ops, gfp_t *gfp);
slab_flags_t memlab_slab_flags(u32 bits);

/* cache.c */
int memlab_cache_layout_check(void);
int memlab_cache_create(struct memlab_file *mf,
			struct memlab_cache_create *req);
bool memlab_cache_refuses_gfp(const struct memlab_obj *cache, u32 bits);
int memlab_cache_obj_attach(struct memlab_file *mf, struct memlab_obj **objs,
			    unsigned int n, u32 cache_id, bool persistent);
bool memlab_cache_obj_alloc_bulk(struct memlab_obj **objs, unsigned int n,
				 gfp_t gfp, void **p);

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
bool memlab_nl_listened(void);
void memlab_nl_obj_event(struct memlab_obj *obj, bool created);
void memlab_nl_refused_event(struct memlab_obj *obj, u32 limit, int err);
void memlab_nl_unloading_event(void);

/* ioctl.c */
long memlab_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
int memlab_alloc_geometry(struct memlab_alloc *req, u64 *charge);

/**
 * struct memlab_alloc_plan - what the checks of an allocation request found
 * @ops: the allocator
 * @gfp: the kernel's GFP flags for the payload
 * @charge: bytes each object is charged (cache objects: set on attach)
 */
struct memlab_alloc_plan {
	const struct memlab_kind_ops *ops;
	gfp_t gfp;
	u64 charge;
};

int memlab_alloc_check(struct memlab_alloc *req, struct memlab_alloc_plan *plan);
int memlab_alloc_one(struct memlab_file *mf, struct memlab_alloc *req);

/* bench.c: MEMLAB_IOC_BENCH */
int memlab_bench(struct memlab_file *mf, struct memlab_bench *req);

/* batch.c: MEMLAB_IOC_ALLOC_BATCH and MEMLAB_IOC_FREE_BATCH */
unsigned int memlab_alloc_objs(struct memlab_file *mf,
			       const struct memlab_alloc *req,
			       const struct memlab_alloc_plan *plan,
			       struct memlab_obj **objs, void **p, u32 *ids,
			       unsigned int n, int *err);
long memlab_alloc_batch(struct memlab_file *mf, struct memlab_batch *req);
long memlab_free_batch(struct memlab_file *mf, struct memlab_ids *req);

#endif /* MEMLAB_CORE_H */

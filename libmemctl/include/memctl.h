/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libmemctl: the user-space side of memlab.
 *
 * Two groups of calls:
 *  - the device (/dev/memlab): an opaque struct memctl, one call per ioctl,
 *    mmap helpers, and the parsers of memlab's own flag and size syntax;
 *  - the kernel's memory views (/proc/slabinfo, /sys/kernel/slab,
 *    /proc/buddyinfo, /proc/pagetypeinfo, /sys/firmware/memmap,
 *    /proc/vmallocinfo, /proc/meminfo, /proc/kallsyms), each readable from
 *    a sysroot directory so that snapshots from other machines can be
 *    analysed offline.
 *
 * Every call returns >= 0 on success or a negative errno. Nothing is
 * printed. Arrays returned through pointers are freed with the matching
 * *_free() call.
 */
#ifndef MEMCTL_H
#define MEMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/memlab.h>
#include <linux/memlab_netlink.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MEMCTL_DEFAULT_DEVICE	"/dev/memlab"

/* ------------------------------------------------------------------ */
/* The device                                                          */

struct memctl;

/**
 * memctl_open() - open the memlab device
 * @ctxp: the new context
 * @path: device node, NULL for MEMCTL_DEFAULT_DEVICE
 *
 * Return: 0, or -errno from open(2) (-ENOENT: module not loaded,
 * -EACCES: not in group memlab) or -EPROTO if the driver's interface
 * version is not one this library speaks.
 */
int memctl_open(struct memctl **ctxp, const char *path);
void memctl_close(struct memctl *ctx);
int memctl_fd(const struct memctl *ctx);

int memctl_info(struct memctl *ctx, struct memlab_info *info);

/* Generic allocation: any kind but MEMLAB_KIND_CACHE. */
int memctl_alloc(struct memctl *ctx, const struct memlab_alloc *req,
		 uint32_t *id);
/* Shorthands; @flags are MEMLAB_F_*, @gfp MEMLAB_GFP_*. */
int memctl_kmalloc(struct memctl *ctx, uint64_t size, uint32_t gfp,
		   uint32_t flags, uint32_t *id);
int memctl_cache_alloc(struct memctl *ctx, uint32_t cache_id, uint32_t gfp,
		       uint32_t flags, uint32_t *id);
int memctl_alloc_pages(struct memctl *ctx, uint32_t order, uint32_t gfp,
		       uint32_t flags, uint32_t *id);
int memctl_vmalloc(struct memctl *ctx, uint64_t size, uint32_t gfp,
		   uint32_t flags, uint32_t *id);
int memctl_dma_alloc(struct memctl *ctx, uint64_t size, uint32_t gfp,
		     uint32_t flags, uint32_t *id);
int memctl_dma_map(struct memctl *ctx, uint64_t size, uint32_t dir,
		   uint32_t gfp, uint32_t flags, uint32_t *id);
int memctl_free(struct memctl *ctx, uint32_t id);
int memctl_persist(struct memctl *ctx, uint32_t id);

/*
 * Caches. @out (may be NULL) receives the driver's answer: id, merged,
 * merged_into, slab_size.
 */
int memctl_cache_create(struct memctl *ctx, const char *name,
			uint32_t object_size, uint32_t align,
			uint32_t slab_flags, uint32_t flags,
			struct memlab_cache_create *out);
int memctl_cache_destroy(struct memctl *ctx, uint32_t id);
/* Id of the memlab cache called @name visible to @ctx, or -ENOENT. */
int memctl_cache_find(struct memctl *ctx, const char *name, uint32_t *id);

int memctl_read(struct memctl *ctx, uint32_t id, uint64_t offset,
		void *buf, uint64_t len);
int memctl_write(struct memctl *ctx, uint32_t id, uint64_t offset,
		 const void *buf, uint64_t len);
int memctl_fill(struct memctl *ctx, uint32_t id, uint64_t offset,
		uint64_t len, uint32_t pattern);
/* @nr_bad, @first_bad may be NULL. */
int memctl_verify(struct memctl *ctx, uint32_t id, uint64_t offset,
		  uint64_t len, uint32_t pattern, uint64_t *nr_bad,
		  uint64_t *first_bad);
int memctl_sync(struct memctl *ctx, uint32_t id, uint32_t op,
		uint64_t offset, uint64_t len);

int memctl_obj_info(struct memctl *ctx, uint32_t id,
		    struct memlab_obj_info *info);
/* Every object visible to @ctx, in id order; free with free(). */
int memctl_list(struct memctl *ctx, struct memlab_obj_info **objs,
		size_t *nr);

/*
 * Map @npages pages of a PAGES/VMALLOC/DMA_COHERENT object from page
 * @first_page (npages 0: to the end) MAP_SHARED with @prot.
 */
int memctl_mmap(struct memctl *ctx, uint32_t id, size_t first_page,
		size_t npages, int prot, void **addr, size_t *len);
int memctl_munmap(void *addr, size_t len);

/*
 * Batches and the in-kernel benchmark (libmemctl 1.2). memctl_alloc_batch()
 * and memctl_free_batch() return how many objects they made or freed (ids
 * in @req->ids, or @ids[0..n)), or -errno when not even the first one;
 * memctl_bench() fills @req's output fields.
 */
int memctl_alloc_batch(struct memctl *ctx, const struct memlab_batch *req);
int memctl_free_batch(struct memctl *ctx, const uint32_t *ids,
		      uint32_t count);
int memctl_bench(struct memctl *ctx, struct memlab_bench *req);

/* ------------------------------------------------------------------ */
/* memlab's syntax: sizes, GFP and slab flags, names                   */

/* "4096", "4K", "1M", "2G", "0x1000" (K/M/G/T are powers of 1024). */
int memctl_parse_size(const char *s, uint64_t *out);
/* Comma-separated names: "kernel,zero", "atomic", "dma32,nowarn". */
int memctl_parse_gfp(const char *s, uint32_t *bits);
/* "hwcache_align,poison,red_zone,store_user,account,reclaim_account,
 * typesafe_by_rcu,no_merge,ctor" (also "redzone", "rcu", "nomerge"). */
int memctl_parse_slab_flags(const char *s, uint32_t *bits);
/* Formatters write a NUL-terminated string; return its length or -ENOSPC. */
int memctl_format_gfp(uint32_t bits, char *buf, size_t len);
int memctl_format_slab_flags(uint32_t bits, char *buf, size_t len);
int memctl_format_size(uint64_t bytes, char *buf, size_t len);
/* "kmalloc", "cache", "cache-obj", "pages", "vmalloc", "dma-coherent",
 * "dma-streaming"; NULL for an unknown kind. */
const char *memctl_kind_name(uint32_t kind);

/* ------------------------------------------------------------------ */
/* The kernel's memory views                                           */

/**
 * struct memctl_err - where a view could not be parsed
 * @path: file (under the sysroot) that was being read
 * @line: 1-based line, 0 if the problem is not a line's
 * @msg: what was wrong
 */
struct memctl_err {
	char path[256];
	unsigned int line;
	char msg[160];
};

/*
 * Each reader takes @root, the sysroot ("/" or NULL for this machine, or
 * a directory holding proc/ and sys/ of a snapshot), and @err (may be
 * NULL), filled when the return is -EINVAL (malformed) or another -errno.
 */

#define MEMCTL_NAME_MAX		64

/* /proc/slabinfo, version 2.1 */
struct memctl_slabinfo_entry {
	char name[MEMCTL_NAME_MAX];
	uint64_t active_objs;
	uint64_t num_objs;
	uint32_t objsize;
	uint32_t objperslab;
	uint32_t pagesperslab;
	uint64_t active_slabs;
	uint64_t num_slabs;
};

struct memctl_slabinfo {
	size_t nr;
	struct memctl_slabinfo_entry *entries;
};

int memctl_slabinfo_read(const char *root, struct memctl_slabinfo **out,
			 struct memctl_err *err);
void memctl_slabinfo_free(struct memctl_slabinfo *si);
const struct memctl_slabinfo_entry *
memctl_slabinfo_find(const struct memctl_slabinfo *si, const char *name);

/*
 * /sys/kernel/slab: one entry per cache directory, with the names that are
 * symlinks to it (its aliases, as tools/mm/slabinfo -a shows them).
 */
struct memctl_slab_cache {
	char name[MEMCTL_NAME_MAX];	/* directory name, e.g. ":0001024" */
	uint64_t objects;		/* objects in use */
	uint64_t total_objects;
	uint64_t slabs;
	uint64_t partial;		/* partial slabs */
	uint64_t cpu_slabs;
	uint32_t object_size;
	uint32_t slab_size;
	uint32_t objs_per_slab;
	uint32_t order;
	uint32_t align;
	uint32_t aliases;		/* the kernel's own count */
	uint32_t flags;			/* MEMCTL_SLAB_F_* */
	size_t nr_alias_names;
	char (*alias_names)[MEMCTL_NAME_MAX];	/* sorted */
};

#define MEMCTL_SLAB_F_POISON		0x001U
#define MEMCTL_SLAB_F_RED_ZONE		0x002U
#define MEMCTL_SLAB_F_STORE_USER	0x004U
#define MEMCTL_SLAB_F_SANITY_CHECKS	0x008U
#define MEMCTL_SLAB_F_HWCACHE_ALIGN	0x010U
#define MEMCTL_SLAB_F_RECLAIM_ACCOUNT	0x020U
#define MEMCTL_SLAB_F_DESTROY_BY_RCU	0x040U
#define MEMCTL_SLAB_F_CACHE_DMA		0x080U
#define MEMCTL_SLAB_F_TRACE		0x100U
#define MEMCTL_SLAB_F_ACCOUNT		0x200U

struct memctl_slab {
	size_t nr;
	struct memctl_slab_cache *caches;	/* sorted by name */
};

int memctl_slab_read(const char *root, struct memctl_slab **out,
		     struct memctl_err *err);
void memctl_slab_free(struct memctl_slab *slab);
/* The cache @name is (a directory or an alias of one), or NULL. */
const struct memctl_slab_cache *
memctl_slab_find(const struct memctl_slab *slab, const char *name);

/* /proc/buddyinfo */
#define MEMCTL_MAX_ORDERS	16

struct memctl_buddy_zone {
	int node;
	char zone[16];
	unsigned int nr_orders;
	uint64_t free[MEMCTL_MAX_ORDERS];	/* free blocks per order */
};

struct memctl_buddyinfo {
	size_t nr;
	struct memctl_buddy_zone *zones;
};

int memctl_buddyinfo_read(const char *root, struct memctl_buddyinfo **out,
			  struct memctl_err *err);
void memctl_buddyinfo_free(struct memctl_buddyinfo *bi);

/* /proc/pagetypeinfo: free blocks per zone, migrate type and order */
struct memctl_pagetype {
	int node;
	char zone[16];
	char type[24];
	unsigned int nr_orders;
	uint64_t free[MEMCTL_MAX_ORDERS];
};

struct memctl_pagetypeinfo {
	unsigned int pageblock_order;
	unsigned int pages_per_block;
	size_t nr;
	struct memctl_pagetype *types;
};

int memctl_pagetypeinfo_read(const char *root,
			     struct memctl_pagetypeinfo **out,
			     struct memctl_err *err);
void memctl_pagetypeinfo_free(struct memctl_pagetypeinfo *pi);

/* /sys/firmware/memmap: the firmware's (e820) map, sorted by start */
struct memctl_memmap_range {
	uint64_t start;
	uint64_t end;		/* inclusive, as the kernel prints it */
	char type[32];		/* "System RAM", "Reserved", "ACPI Tables" */
};

struct memctl_memmap {
	size_t nr;
	struct memctl_memmap_range *ranges;
	uint64_t usable;	/* bytes of "System RAM" */
};

int memctl_memmap_read(const char *root, struct memctl_memmap **out,
		       struct memctl_err *err);
void memctl_memmap_free(struct memctl_memmap *mm);

/* /proc/vmallocinfo */
struct memctl_vmalloc_area {
	uint64_t start;
	uint64_t end;
	uint64_t size;
	char caller[128];	/* "memlab_vmalloc_alloc+0x18/0x30 [memlab]" */
	uint64_t pages;		/* 0 when not printed */
	char kind[16];		/* "vmalloc", "ioremap", "vmap", "user", ... */
};

struct memctl_vmallocinfo {
	size_t nr;
	struct memctl_vmalloc_area *areas;
};

int memctl_vmallocinfo_read(const char *root,
			    struct memctl_vmallocinfo **out,
			    struct memctl_err *err);
void memctl_vmallocinfo_free(struct memctl_vmallocinfo *vi);

/* /proc/meminfo, values in bytes where the kernel printed kB */
struct memctl_meminfo_field {
	char key[48];
	uint64_t value;
	bool bytes;		/* printed with "kB" */
};

struct memctl_meminfo {
	size_t nr;
	struct memctl_meminfo_field *fields;
};

int memctl_meminfo_read(const char *root, struct memctl_meminfo **out,
			struct memctl_err *err);
void memctl_meminfo_free(struct memctl_meminfo *mi);
/* Value of @key, or -ENOENT. */
int memctl_meminfo_get(const struct memctl_meminfo *mi, const char *key,
		       uint64_t *value);

/* /proc/kallsyms */
struct memctl_symbol {
	uint64_t addr;		/* 0 when kptr_restrict hides it */
	char type;
	char name[128];
	char module[MEMCTL_NAME_MAX];	/* "" for the kernel image */
};

struct memctl_kallsyms {
	size_t nr;
	struct memctl_symbol *syms;
};

/* Symbols of @module only (NULL: all, "" : the kernel image's). */
int memctl_kallsyms_read(const char *root, const char *module,
			 struct memctl_kallsyms **out, struct memctl_err *err);
void memctl_kallsyms_free(struct memctl_kallsyms *ks);

/* ------------------------------------------------------------------ */
/* Generic netlink: statistics, dumps and events                       */
/*
 * The family "memlab" (linux/memlab_netlink.h) over libnl-3. It needs no
 * access to /dev/memlab: any user may read statistics, list the persistent
 * objects (and the ones of their own uid) and follow events; addresses are
 * only reported to CAP_SYS_ADMIN. libnl's NLE_* codes come back as -errno;
 * the kernel's extended ACK text of the last failed request is kept.
 */

struct memctl_nl;

/*
 * memctl_nl_open() - connect to the memlab family
 * Return: 0, -ENOENT if the family is not registered (module not loaded),
 * -errno otherwise.
 */
int memctl_nl_open(struct memctl_nl **nlp);
void memctl_nl_close(struct memctl_nl *nl);
/* The kernel's extended ACK message of the last failed request, or "". */
const char *memctl_nl_errmsg(const struct memctl_nl *nl);

struct memctl_kind_stats {
	uint64_t objects;	/* live */
	uint64_t bytes;		/* charged */
	uint64_t allocs;	/* created since load */
	uint64_t frees;		/* freed since load */
	uint64_t failures;	/* the kernel allocator failed */
	uint64_t limit_hits;	/* refused by a memlab limit */
};

struct memctl_stats {
	uint32_t version;	/* MEMLAB_VERSION of the driver */
	uint32_t max_caches;
	uint32_t max_order;
	uint32_t pad;
	uint64_t objects;
	uint64_t bytes;
	uint64_t caches;
	uint64_t mapped;	/* objects with a user mapping */
	uint64_t allocs;
	uint64_t frees;
	uint64_t failures;
	uint64_t limit_hits;
	uint64_t uid_bytes;	/* bytes of the caller's uid */
	uint64_t max_bytes;
	uint64_t max_objects;
	uint64_t uid_max_bytes;
	struct memctl_kind_stats kinds[MEMLAB_KIND_NR];	/* [0] unused */
};

/* MEMLAB_CMD_GET_STATS. */
int memctl_nl_stats(struct memctl_nl *nl, struct memctl_stats *st);
/* MEMLAB_CMD_GET_OBJECT for one id. */
int memctl_nl_object(struct memctl_nl *nl, uint32_t id,
		     struct memlab_obj_info *info);
/* Dump of the visible objects of @kind (0: every kind), in id order;
 * free *@objs with free(). */
int memctl_nl_objects(struct memctl_nl *nl, uint32_t kind,
		      struct memlab_obj_info **objs, size_t *nr);
/* MEMLAB_CMD_GET_CACHE by @id, or by @name when @id is 0. */
int memctl_nl_cache(struct memctl_nl *nl, uint32_t id, const char *name,
		    struct memlab_obj_info *info);
/* Dump of the visible caches; free *@objs with free(). */
int memctl_nl_caches(struct memctl_nl *nl, struct memlab_obj_info **objs,
		     size_t *nr);

/*
 * One event of the multicast group "events". @obj holds the object
 * attributes the event carried (OBJ_*, CACHE_*; kind, size, order, uid and
 * name for ALLOC_FAILED and LIMIT_HIT); @error is a positive errno.
 */
struct memctl_event {
	uint32_t type;		/* MEMLAB_CMD_OBJ_NEW ... MEMLAB_CMD_UNLOADING */
	uint32_t error;		/* ALLOC_FAILED, LIMIT_HIT */
	uint32_t limit;		/* LIMIT_HIT: enum memlab_limit */
	uint32_t pad;
	uint64_t objects;	/* UNLOADING: objects still alive */
	uint64_t caches;	/* UNLOADING: caches still alive */
	struct memlab_obj_info obj;
};

struct memctl_events;

/*
 * Subscribe to the events group on a socket of its own. @cb is called for
 * each event; its nonzero return stops memctl_events_dispatch() and is
 * returned by it.
 */
int memctl_events_open(struct memctl_events **evp,
		       int (*cb)(const struct memctl_event *ev, void *arg),
		       void *arg);
void memctl_events_close(struct memctl_events *ev);
/* A descriptor to poll(2) for POLLIN. */
int memctl_events_fd(const struct memctl_events *ev);
/*
 * Read the events pending now (never blocks) and call the callback for
 * each. Return: the number of events, the callback's nonzero return,
 * -ENOBUFS if the socket overran and events were lost (the subscription
 * stays valid), or -errno.
 */
int memctl_events_dispatch(struct memctl_events *ev);
/* "obj-new", "obj-del", "cache-new", "cache-del", "alloc-failed",
 * "limit-hit", "unloading"; NULL if unknown. */
const char *memctl_event_name(uint32_t type);
/* "bytes", "objects", "caches", "uid-bytes", "order"; NULL if unknown. */
const char *memctl_limit_name(uint32_t limit);

#ifdef __cplusplus
}
#endif

#endif /* MEMCTL_H */

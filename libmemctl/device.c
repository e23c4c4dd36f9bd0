// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * device.c - the calls on /dev/memlab: one per ioctl, plus mmap helpers.
 *
 * Each call fills the driver's structure from its arguments, leaving every
 * output field and padding zero (the driver refuses anything else with
 * -EINVAL), issues the ioctl and returns 0 or the negative errno the driver
 * chose; docs/driver.md is the contract. Nothing here prints or
 * second-guesses the driver: what a request may hold is checked once, in
 * the kernel, so the library cannot drift from it. The library's own
 * -EINVAL is for NULL where a pointer is required.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "memctl.h"

/*
 * struct memctl - an open /dev/memlab
 * @fd: the open file; its objects (not persistent) live as long as it
 * @info: MEMLAB_IOC_INFO as memctl_open() got it; only its fixed fields
 *        (version, page_size) are used. Never written after open, so
 *        that threads may share a context without a lock.
 */
struct memctl {
	int fd;
	struct memlab_info info;
};

/* Room for this many objects in memctl_list()'s first call; then doubled. */
#define MEMCTL_LIST_FIRST	64

static int memctl_ioctl(const struct memctl *ctx, unsigned long cmd,
			void *arg)
{
	/* Like the libc wrappers: -EINTR is the caller's to retry or not. */
	return ioctl(ctx->fd, cmd, arg) < 0 ? -errno : 0;
}

int memctl_open(struct memctl **ctxp, const char *path)
{
	struct memctl *ctx;
	int ret;

	if (!ctxp)
		return -EINVAL;
	if (!path)
		path = MEMCTL_DEFAULT_DEVICE;

	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;

	/* The fd owns objects: a child that execs must not keep them alive. */
	ctx->fd = open(path, O_RDWR | O_CLOEXEC);
	if (ctx->fd < 0) {
		ret = -errno;
		goto err_free;
	}

	/*
	 * Anything that is not memlab fails here (-ENOTTY from most other
	 * files), and a memlab of another interface version is refused before
	 * a structure of the wrong layout can reach it.
	 */
	ret = memctl_ioctl(ctx, MEMLAB_IOC_INFO, &ctx->info);
	if (ret)
		goto err_close;
	if (ctx->info.version != MEMLAB_VERSION) {
		ret = -EPROTO;
		goto err_close;
	}
	/* memctl_mmap() divides by it; a driver that says 0 is not memlab. */
	if (!ctx->info.page_size ||
	    (ctx->info.page_size & (ctx->info.page_size - 1))) {
		ret = -EPROTO;
		goto err_close;
	}

	*ctxp = ctx;
	return 0;

err_close:
	close(ctx->fd);
err_free:
	free(ctx);
	return ret;
}

void memctl_close(struct memctl *ctx)
{
	if (!ctx)
		return;
	/* Frees every object of the file that was not made persistent. */
	close(ctx->fd);
	free(ctx);
}

int memctl_fd(const struct memctl *ctx)
{
	return ctx ? ctx->fd : -EINVAL;
}

int memctl_info(struct memctl *ctx, struct memlab_info *info)
{
	struct memlab_info now = { 0 };
	int ret;

	if (!ctx || !info)
		return -EINVAL;
	ret = memctl_ioctl(ctx, MEMLAB_IOC_INFO, &now);
	if (ret)
		return ret;
	*info = now;
	return 0;
}

/* ---- allocation ---- */

int memctl_alloc(struct memctl *ctx, const struct memlab_alloc *req,
		 uint32_t *id)
{
	struct memlab_alloc a;
	int ret;

	if (!ctx || !req)
		return -EINVAL;
	/*
	 * @req is const, so a caller may reuse one request for many objects:
	 * the output field and the padding are the library's to clear.
	 */
	a = *req;
	a.id = 0;
	a.pad = 0;
	ret = memctl_ioctl(ctx, MEMLAB_IOC_ALLOC, &a);
	if (ret)
		return ret;
	if (id)
		*id = a.id;
	return 0;
}

int memctl_kmalloc(struct memctl *ctx, uint64_t size, uint32_t gfp,
		   uint32_t flags, uint32_t *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_KMALLOC,
		.flags = flags,
		.gfp = gfp,
		.size = size,
	};

	return memctl_alloc(ctx, &a, id);
}

int memctl_cache_alloc(struct memctl *ctx, uint32_t cache_id, uint32_t gfp,
		       uint32_t flags, uint32_t *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_CACHE_OBJ,
		.flags = flags,
		.gfp = gfp,
		.cache_id = cache_id,
	};

	return memctl_alloc(ctx, &a, id);
}

int memctl_alloc_pages(struct memctl *ctx, uint32_t order, uint32_t gfp,
		       uint32_t flags, uint32_t *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_PAGES,
		.flags = flags,
		.gfp = gfp,
		.order = order,
	};

	return memctl_alloc(ctx, &a, id);
}

int memctl_vmalloc(struct memctl *ctx, uint64_t size, uint32_t gfp,
		   uint32_t flags, uint32_t *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_VMALLOC,
		.flags = flags,
		.gfp = gfp,
		.size = size,
	};

	return memctl_alloc(ctx, &a, id);
}

int memctl_dma_alloc(struct memctl *ctx, uint64_t size, uint32_t gfp,
		     uint32_t flags, uint32_t *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_DMA_COHERENT,
		.flags = flags,
		.gfp = gfp,
		.size = size,
	};

	return memctl_alloc(ctx, &a, id);
}

int memctl_dma_map(struct memctl *ctx, uint64_t size, uint32_t dir,
		   uint32_t gfp, uint32_t flags, uint32_t *id)
{
	struct memlab_alloc a = {
		.kind = MEMLAB_KIND_DMA_STREAMING,
		.flags = flags,
		.gfp = gfp,
		.size = size,
		.dma_dir = dir,
	};

	return memctl_alloc(ctx, &a, id);
}

static int memctl_id_ioctl(struct memctl *ctx, unsigned long cmd,
			   uint32_t id)
{
	struct memlab_id arg = { .id = id };

	if (!ctx)
		return -EINVAL;
	return memctl_ioctl(ctx, cmd, &arg);
}

int memctl_free(struct memctl *ctx, uint32_t id)
{
	return memctl_id_ioctl(ctx, MEMLAB_IOC_FREE, id);
}

int memctl_persist(struct memctl *ctx, uint32_t id)
{
	return memctl_id_ioctl(ctx, MEMLAB_IOC_PERSIST, id);
}

/* ---- caches ---- */

int memctl_cache_create(struct memctl *ctx, const char *name,
			uint32_t object_size, uint32_t align,
			uint32_t slab_flags, uint32_t flags,
			struct memlab_cache_create *out)
{
	struct memlab_cache_create c = {
		.object_size = object_size,
		.align = align,
		.slab_flags = slab_flags,
		.flags = flags,
	};
	size_t len;
	int ret;

	if (!ctx || !name)
		return -EINVAL;
	/*
	 * Truncating would create a cache of another name; a name that does
	 * not fit gets its own errno so a tool can say why. What else a name
	 * may hold is the driver's to judge.
	 */
	len = strlen(name);
	if (len >= sizeof(c.name))
		return -ENAMETOOLONG;
	memcpy(c.name, name, len);

	ret = memctl_ioctl(ctx, MEMLAB_IOC_CACHE_CREATE, &c);
	if (ret)
		return ret;
	if (out)
		*out = c;
	return 0;
}

int memctl_cache_destroy(struct memctl *ctx, uint32_t id)
{
	return memctl_id_ioctl(ctx, MEMLAB_IOC_CACHE_DESTROY, id);
}

int memctl_cache_find(struct memctl *ctx, const char *name, uint32_t *id)
{
	struct memlab_obj_info *objs;
	size_t nr, i;
	int ret;

	if (!ctx || !name || !id)
		return -EINVAL;
	/* No memlab cache can have it (and strncmp() below relies on it). */
	if (strlen(name) >= MEMLAB_NAME_LEN)
		return -ENOENT;
	/*
	 * The driver has no lookup by name: the list is what this file may
	 * see (its own caches and the persistent ones), names are unique
	 * among memlab caches, and there are at most max_caches of them.
	 */
	ret = memctl_list(ctx, &objs, &nr);
	if (ret)
		return ret;
	ret = -ENOENT;
	for (i = 0; i < nr; i++) {
		if (objs[i].kind != MEMLAB_KIND_CACHE)
			continue;
		if (strncmp(objs[i].name, name, sizeof(objs[i].name)))
			continue;
		*id = objs[i].id;
		ret = 0;
		break;
	}
	free(objs);
	return ret;
}

/* ---- access ---- */

static int memctl_rw(struct memctl *ctx, unsigned long cmd, uint32_t id,
		     uint64_t offset, const void *buf, uint64_t len)
{
	struct memlab_rw rw = {
		.id = id,
		.offset = offset,
		.length = len,
		.buf = (uintptr_t)buf,
	};

	if (!ctx || (!buf && len))
		return -EINVAL;
	return memctl_ioctl(ctx, cmd, &rw);
}

int memctl_read(struct memctl *ctx, uint32_t id, uint64_t offset,
		void *buf, uint64_t len)
{
	return memctl_rw(ctx, MEMLAB_IOC_READ, id, offset, buf, len);
}

int memctl_write(struct memctl *ctx, uint32_t id, uint64_t offset,
		 const void *buf, uint64_t len)
{
	return memctl_rw(ctx, MEMLAB_IOC_WRITE, id, offset, buf, len);
}

int memctl_fill(struct memctl *ctx, uint32_t id, uint64_t offset,
		uint64_t len, uint32_t pattern)
{
	struct memlab_fill f = {
		.id = id,
		.pattern = pattern,
		.offset = offset,
		.length = len,
	};

	if (!ctx)
		return -EINVAL;
	return memctl_ioctl(ctx, MEMLAB_IOC_FILL, &f);
}

int memctl_verify(struct memctl *ctx, uint32_t id, uint64_t offset,
		  uint64_t len, uint32_t pattern, uint64_t *nr_bad,
		  uint64_t *first_bad)
{
	struct memlab_fill f = {
		.id = id,
		.pattern = pattern,
		.offset = offset,
		.length = len,
	};
	int ret;

	if (!ctx)
		return -EINVAL;
	ret = memctl_ioctl(ctx, MEMLAB_IOC_VERIFY, &f);
	if (ret)
		return ret;
	if (nr_bad)
		*nr_bad = f.nr_bad;
	if (first_bad)
		*first_bad = f.first_bad;
	return 0;
}

int memctl_sync(struct memctl *ctx, uint32_t id, uint32_t op,
		uint64_t offset, uint64_t len)
{
	struct memlab_sync s = {
		.id = id,
		.op = op,
		.offset = offset,
		.length = len,
	};

	if (!ctx)
		return -EINVAL;
	return memctl_ioctl(ctx, MEMLAB_IOC_SYNC, &s);
}

/* ---- objects ---- */

int memctl_obj_info(struct memctl *ctx, uint32_t id,
		    struct memlab_obj_info *info)
{
	struct memlab_obj_info oi = { .id = id };
	int ret;

	if (!ctx || !info)
		return -EINVAL;
	ret = memctl_ioctl(ctx, MEMLAB_IOC_OBJ_INFO, &oi);
	if (ret)
		return ret;
	*info = oi;
	return 0;
}

int memctl_list(struct memctl *ctx, struct memlab_obj_info **objs,
		size_t *nr)
{
	struct memlab_obj_info *arr = NULL, *bigger;
	size_t cap = 0, n = 0;
	uint32_t start = 0;
	int ret;

	if (!ctx || !objs || !nr)
		return -EINVAL;

	/*
	 * The driver reports in id order from start_id and says where to go
	 * on (next_id, 0 at the end); objects created or freed meanwhile are
	 * seen or not, as with readdir(). The entries land straight in the
	 * array returned, which doubles whenever it is full: a million
	 * objects cost twenty reallocations, not thousands.
	 */
	do {
		struct memlab_list l = {
			.entry_size = sizeof(*arr),
			.start_id = start,
		};
		size_t room;

		if (n == cap) {
			room = cap ? cap * 2 : MEMCTL_LIST_FIRST;
			if (room < cap || room > SIZE_MAX / sizeof(*arr)) {
				ret = -ENOMEM;
				goto err_free;
			}
			bigger = realloc(arr, room * sizeof(*arr));
			if (!bigger) {
				ret = -ENOMEM;
				goto err_free;
			}
			arr = bigger;
			cap = room;
		}
		l.entries = (uintptr_t)(arr + n);
		l.capacity = cap - n > UINT32_MAX ? UINT32_MAX : cap - n;

		ret = memctl_ioctl(ctx, MEMLAB_IOC_LIST, &l);
		if (ret)
			goto err_free;
		/* Nothing in room for some: the end, whatever next_id says. */
		if (!l.count)
			break;
		n += l.count;
		start = l.next_id;
	} while (start);

	if (!n) {
		free(arr);
		arr = NULL;
	}
	*objs = arr;
	*nr = n;
	return 0;

err_free:
	free(arr);
	return ret;
}

/* ---- mmap ---- */

int memctl_mmap(struct memctl *ctx, uint32_t id, size_t first_page,
		size_t npages, int prot, void **addr, size_t *len)
{
	struct memlab_mmap_offset mo = { .id = id };
	struct memlab_obj_info oi;
	uint64_t page, total, off;
	void *p;
	int ret;

	if (!ctx || !addr || !len)
		return -EINVAL;

	/* MMAP_OFFSET first: it answers -ENODEV for kinds never mapped. */
	ret = memctl_ioctl(ctx, MEMLAB_IOC_MMAP_OFFSET, &mo);
	if (ret)
		return ret;
	ret = memctl_obj_info(ctx, id, &oi);
	if (ret)
		return ret;

	page = ctx->info.page_size;
	total = oi.size / page + !!(oi.size % page);
	if (first_page >= total)
		return -EINVAL;
	if (!npages)
		npages = total - first_page;
	if (npages > total - first_page)
		return -EINVAL;
	/* A 32-bit program cannot map what does not fit its address space. */
	if (npages > SIZE_MAX / page)
		return -ENOMEM;
	off = mo.offset + first_page * page;
	if ((uint64_t)(off_t)off != off)
		return -EOVERFLOW;

	p = mmap(NULL, npages * page, prot, MAP_SHARED, ctx->fd, (off_t)off);
	if (p == MAP_FAILED)
		return -errno;
	*addr = p;
	*len = npages * page;
	return 0;
}

int memctl_munmap(void *addr, size_t len)
{
	return munmap(addr, len) ? -errno : 0;
}

/* ---- batches and the in-kernel benchmark ---- */

int memctl_alloc_batch(struct memctl *ctx, const struct memlab_batch *req)
{
	struct memlab_batch b;
	int n;

	if (!ctx || !req)
		return -EINVAL;
	b = *req;
	n = ioctl(ctx->fd, MEMLAB_IOC_ALLOC_BATCH, &b);
	return n < 0 ? -errno : n;
}

int memctl_free_batch(struct memctl *ctx, const uint32_t *ids,
		      uint32_t count)
{
	struct memlab_ids b = {
		.ids = (uintptr_t)ids,
		.count = count,
	};
	int n;

	if (!ctx)
		return -EINVAL;
	n = ioctl(ctx->fd, MEMLAB_IOC_FREE_BATCH, &b);
	return n < 0 ? -errno : n;
}

int memctl_bench(struct memctl *ctx, struct memlab_bench *req)
{
	struct memlab_bench b;
	int ret;

	if (!ctx || !req)
		return -EINVAL;
	b = *req;
	ret = memctl_ioctl(ctx, MEMLAB_IOC_BENCH, &b);
	if (!ret)
		*req = b;
	return ret;
}

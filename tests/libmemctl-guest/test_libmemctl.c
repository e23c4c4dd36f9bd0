// SPDX-License-Identifier: GPL-2.0
/*
 * libmemctl's device group against the real driver: run as root in the test
 * guest (tests/vm/guest/check.sh), linked with the static libmemctl.a.
 *
 * Every call gets its success path and the errors a caller can meet; the
 * driver's own corner cases are tests/integration's business, these check
 * that the library passes requests and answers through unchanged.
 *
 * Linked with -Wl,--wrap=ioctl: __wrap_ioctl() below lets a test tamper
 * with the driver's INFO answer, the only way to reach memctl_open()'s
 * -EPROTO without a second driver.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "memctl.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define MAX_PERSIST	16
#define NOBODY		65534

/* The call's result, with errno names when it is not the expected one. */
#define assert_rc(expr, want) do {					\
	int rc_ = (expr), want_ = (want);				\
	if (rc_ != want_)						\
		fail_msg("%s = %d (%s), expected %d (%s)", #expr, rc_,	\
			 strerror(-rc_), want_, strerror(-want_));	\
} while (0)
#define assert_ok(expr)	assert_rc(expr, 0)

/*
 * struct fx - per test: an open context, the counters before the test, and
 * the persistent objects to free whatever the test's outcome
 */
struct fx {
	struct memctl *ctx;
	struct memlab_info base;
	uint64_t page;
	uint32_t persist[MAX_PERSIST];
	unsigned int nr_persist;
	unsigned int nr_names;
};

/* ---- ioctl interposition (see the top comment) ---- */

int __real_ioctl(int fd, unsigned long req, ...);
int __wrap_ioctl(int fd, unsigned long req, ...);

static uint32_t fake_version;		/* nonzero: INFO reports it */
static bool fake_page_size_zero;	/* INFO reports page_size 0 */

int __wrap_ioctl(int fd, unsigned long req, ...)
{
	struct memlab_info *info;
	va_list ap;
	void *arg;
	int ret;

	va_start(ap, req);
	arg = va_arg(ap, void *);
	va_end(ap);
	ret = __real_ioctl(fd, req, arg);
	if (ret || req != MEMLAB_IOC_INFO)
		return ret;
	info = arg;
	if (fake_version)
		info->version = fake_version;
	if (fake_page_size_zero)
		info->page_size = 0;
	return ret;
}

/* ---- fixture ---- */

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx)
		return -1;
	if (memctl_open(&fx->ctx, NULL) || memctl_info(fx->ctx, &fx->base)) {
		print_error("cannot open %s: load memlab.ko first\n",
			    MEMCTL_DEFAULT_DEVICE);
		free(fx);
		return -1;
	}
	fx->page = fx->base.page_size;
	*state = fx;
	return 0;
}

static int live_objects(void)
{
	struct memlab_info info;
	struct memctl *ctx;
	int ret;

	ret = memctl_open(&ctx, NULL);
	if (ret)
		return ret;
	ret = memctl_info(ctx, &info);
	memctl_close(ctx);
	return ret ? ret : (int)info.nr_objects;
}

/* Frees what the test made persistent, closes, and checks nothing leaked. */
static int teardown(void **state)
{
	struct fx *fx = *state;
	unsigned int i;
	int now;

	/* objects first, then the caches they came from (reverse order) */
	for (i = fx->nr_persist; i-- > 0;) {
		if (memctl_free(fx->ctx, fx->persist[i]) == -EINVAL)
			memctl_cache_destroy(fx->ctx, fx->persist[i]);
	}
	memctl_close(fx->ctx);
	now = live_objects();
	if (now != (int)fx->base.nr_objects) {
		print_error("leak: %d live objects, %llu before the test\n",
			    now, (unsigned long long)fx->base.nr_objects);
		free(fx);
		return -1;
	}
	free(fx);
	return 0;
}

static void track(struct fx *fx, uint32_t id)
{
	assert_true(fx->nr_persist < MAX_PERSIST);
	fx->persist[fx->nr_persist++] = id;
}

/* A cache name no kernel cache has and no other run of this test used. */
static void cache_name(struct fx *fx, char *buf, size_t len)
{
	snprintf(buf, len, "lmc%d_%u", (int)getpid(), fx->nr_names++);
}

static bool has_dma(const struct fx *fx)
{
	return (fx->base.features & MEMLAB_FEAT_DMA_COHERENT) &&
	       (fx->base.features & MEMLAB_FEAT_DMA_STREAMING);
}

/* ---- memctl_open / memctl_close / memctl_fd ---- */

static void test_open_default(void **state)
{
	struct memctl *ctx = NULL;
	int fd, flags;

	(void)state;
	assert_ok(memctl_open(&ctx, NULL));
	assert_non_null(ctx);
	fd = memctl_fd(ctx);
	assert_true(fd >= 0);
	/* the fd owns objects: an exec'd child must not inherit it */
	flags = fcntl(fd, F_GETFD);
	assert_true(flags >= 0 && (flags & FD_CLOEXEC));
	flags = fcntl(fd, F_GETFL);
	assert_int_equal(flags & O_ACCMODE, O_RDWR);
	memctl_close(ctx);
	/* the fd went with the context */
	assert_int_equal(fcntl(fd, F_GETFD), -1);

	ctx = NULL;
	assert_ok(memctl_open(&ctx, "/dev/memlab"));
	memctl_close(ctx);
}

static void test_open_errors(void **state)
{
	struct memctl *ctx = (struct memctl *)&ctx;	/* must stay */

	(void)state;
	assert_rc(memctl_open(&ctx, "/dev/memlab-missing"), -ENOENT);
	assert_rc(memctl_open(&ctx, "/nonexistent/memlab"), -ENOENT);
	assert_rc(memctl_open(&ctx, "/"), -EISDIR);
	/* something that is not memlab does not answer INFO */
	assert_rc(memctl_open(&ctx, "/dev/null"), -ENOTTY);
	assert_true(ctx == (struct memctl *)&ctx);
	assert_rc(memctl_open(NULL, NULL), -EINVAL);
	assert_rc(memctl_fd(NULL), -EINVAL);
	memctl_close(NULL);
}

/* Not in the device's group: open(2)'s -EACCES, unchanged. */
static void test_open_eacces(void **state)
{
	struct stat st;
	int status;
	pid_t pid;

	(void)state;
	assert_int_equal(stat(MEMCTL_DEFAULT_DEVICE, &st), 0);
	if (st.st_mode & 0006)
		skip();
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct memctl *ctx;
		int ret;

		if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
			_exit(100);
		ret = memctl_open(&ctx, NULL);
		_exit(ret == -EACCES ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

/* A driver of another interface version is refused, and its fd closed. */
static void test_open_eproto(void **state)
{
	struct memctl *ctx = NULL;
	int lowest;

	(void)state;
	lowest = dup(0);
	assert_true(lowest >= 0);
	close(lowest);

	fake_version = MEMLAB_VERSION + 1;
	assert_rc(memctl_open(&ctx, NULL), -EPROTO);
	fake_version = 0;
	assert_null(ctx);
	fake_page_size_zero = true;
	assert_rc(memctl_open(&ctx, NULL), -EPROTO);
	fake_page_size_zero = false;
	assert_null(ctx);

	/* no fd leaked on the way out */
	assert_int_equal(dup(0), lowest);
	close(lowest);
	assert_ok(memctl_open(&ctx, NULL));
	memctl_close(ctx);
}

/* ---- memctl_info ---- */

static void test_info(void **state)
{
	struct fx *fx = *state;
	struct memlab_info a, b;
	uint32_t id;

	assert_ok(memctl_info(fx->ctx, &a));
	assert_int_equal(a.version, MEMLAB_VERSION);
	assert_int_equal(a.page_size, sysconf(_SC_PAGESIZE));
	assert_true(a.features & MEMLAB_FEAT_KMALLOC);
	assert_true(a.kmalloc_max >= a.page_size);

	assert_ok(memctl_kmalloc(fx->ctx, 100, 0, 0, &id));
	assert_ok(memctl_info(fx->ctx, &b));
	assert_int_equal(b.nr_objects, a.nr_objects + 1);
	assert_int_equal(b.kind_objects[MEMLAB_KIND_KMALLOC],
			 a.kind_objects[MEMLAB_KIND_KMALLOC] + 1);
	assert_int_equal(b.kind_bytes[MEMLAB_KIND_KMALLOC],
			 a.kind_bytes[MEMLAB_KIND_KMALLOC] + 100);
	assert_ok(memctl_free(fx->ctx, id));

	assert_rc(memctl_info(fx->ctx, NULL), -EINVAL);
	assert_rc(memctl_info(NULL, &a), -EINVAL);
}

/* ---- allocation ---- */

static void check_obj(struct fx *fx, uint32_t id, uint32_t kind,
		      uint64_t size)
{
	struct memlab_obj_info oi;

	assert_ok(memctl_obj_info(fx->ctx, id, &oi));
	assert_int_equal(oi.id, id);
	assert_int_equal(oi.kind, kind);
	assert_int_equal(oi.size, size);
}

static void test_alloc(void **state)
{
	struct fx *fx = *state;
	struct memlab_alloc req = {
		.kind = MEMLAB_KIND_KMALLOC,
		.gfp = MEMLAB_GFP_KERNEL | MEMLAB_GFP_ZERO,
		.size = 200,
		/* output and padding: the library clears them */
		.id = 12345,
		.pad = 1,
	};
	struct memlab_alloc copy = req;
	uint32_t a = 0, b = 0;

	assert_ok(memctl_alloc(fx->ctx, &req, &a));
	/* the same request again: a const request is reusable */
	assert_ok(memctl_alloc(fx->ctx, &req, &b));
	assert_memory_equal(&req, &copy, sizeof(req));
	assert_true(a && b && a != b);
	check_obj(fx, a, MEMLAB_KIND_KMALLOC, 200);
	/* @id may be NULL: the object lives until close */
	assert_ok(memctl_alloc(fx->ctx, &req, NULL));
	assert_ok(memctl_free(fx->ctx, a));
	assert_ok(memctl_free(fx->ctx, b));

	req.kind = MEMLAB_KIND_CACHE;
	assert_rc(memctl_alloc(fx->ctx, &req, &a), -EINVAL);
	req.kind = 0;
	assert_rc(memctl_alloc(fx->ctx, &req, &a), -EINVAL);
	req.kind = MEMLAB_KIND_NR;
	assert_rc(memctl_alloc(fx->ctx, &req, &a), -EINVAL);
	req.kind = MEMLAB_KIND_KMALLOC;
	req.flags = 0x80000000U;
	assert_rc(memctl_alloc(fx->ctx, &req, &a), -EINVAL);
	assert_rc(memctl_alloc(fx->ctx, NULL, &a), -EINVAL);
	assert_rc(memctl_alloc(NULL, &req, &a), -EINVAL);
}

static void test_kmalloc(void **state)
{
	struct fx *fx = *state;
	uint32_t id;

	assert_ok(memctl_kmalloc(fx->ctx, 1, 0, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_KMALLOC, 1);
	assert_ok(memctl_free(fx->ctx, id));
	assert_ok(memctl_kmalloc(fx->ctx, 1024, MEMLAB_GFP_ATOMIC, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_KMALLOC, 1024);
	assert_ok(memctl_free(fx->ctx, id));

	assert_rc(memctl_kmalloc(fx->ctx, 0, 0, 0, &id), -EINVAL);
	assert_rc(memctl_kmalloc(fx->ctx, fx->base.kmalloc_max + 1, 0, 0,
				 &id), -EINVAL);
	assert_rc(memctl_kmalloc(fx->ctx, 64, MEMLAB_GFP_ALL + 1, 0, &id),
		  -EINVAL);
	/* combinations are the driver's to refuse */
	assert_rc(memctl_kmalloc(fx->ctx, 64, MEMLAB_GFP_KERNEL |
				 MEMLAB_GFP_ATOMIC, 0, &id), -EINVAL);
	assert_rc(memctl_kmalloc(NULL, 64, 0, 0, &id), -EINVAL);
}

static void test_alloc_pages(void **state)
{
	struct fx *fx = *state;
	uint32_t id;

	assert_ok(memctl_alloc_pages(fx->ctx, 0, 0, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_PAGES, fx->page);
	assert_ok(memctl_free(fx->ctx, id));
	assert_ok(memctl_alloc_pages(fx->ctx, 3, MEMLAB_GFP_ZERO, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_PAGES, fx->page << 3);
	assert_ok(memctl_free(fx->ctx, id));

	assert_rc(memctl_alloc_pages(fx->ctx, 64, 0, 0, &id), -EINVAL);
	assert_rc(memctl_alloc_pages(fx->ctx, UINT32_MAX, 0, 0, &id),
		  -EINVAL);
	assert_rc(memctl_alloc_pages(NULL, 0, 0, 0, &id), -EINVAL);
}

static void test_vmalloc(void **state)
{
	struct fx *fx = *state;
	uint32_t id;

	assert_ok(memctl_vmalloc(fx->ctx, 4 << 20, 0, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_VMALLOC, 4 << 20);
	assert_ok(memctl_free(fx->ctx, id));
	assert_ok(memctl_vmalloc(fx->ctx, 100, 0, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_VMALLOC, 100);
	assert_ok(memctl_free(fx->ctx, id));

	assert_rc(memctl_vmalloc(fx->ctx, 0, 0, 0, &id), -EINVAL);
	/* atomic vmalloc is not a thing */
	assert_rc(memctl_vmalloc(fx->ctx, 4096, MEMLAB_GFP_ATOMIC, 0, &id),
		  -EINVAL);
	assert_rc(memctl_vmalloc(NULL, 4096, 0, 0, &id), -EINVAL);
}

static void test_dma_alloc(void **state)
{
	struct fx *fx = *state;
	uint32_t id;

	if (!has_dma(fx))
		skip();
	assert_ok(memctl_dma_alloc(fx->ctx, 1 << 20, 0, 0, &id));
	check_obj(fx, id, MEMLAB_KIND_DMA_COHERENT, 1 << 20);
	assert_ok(memctl_free(fx->ctx, id));

	assert_rc(memctl_dma_alloc(fx->ctx, 0, 0, 0, &id), -EINVAL);
	assert_rc(memctl_dma_alloc(fx->ctx, fx->base.dma_max + 1, 0, 0, &id),
		  -EINVAL);
	assert_rc(memctl_dma_alloc(fx->ctx, 4096, MEMLAB_GFP_HIGHMEM, 0, &id),
		  -EINVAL);
	assert_rc(memctl_dma_alloc(NULL, 4096, 0, 0, &id), -EINVAL);
}

static void test_dma_map_sync(void **state)
{
	struct fx *fx = *state;
	uint32_t id, km;
	uint32_t dir;

	if (!has_dma(fx))
		skip();
	for (dir = 0; dir <= 2; dir++) {
		assert_ok(memctl_dma_map(fx->ctx, 4096, dir, 0, 0, &id));
		check_obj(fx, id, MEMLAB_KIND_DMA_STREAMING, 4096);
		assert_ok(memctl_sync(fx->ctx, id, MEMLAB_SYNC_FOR_CPU, 0,
				      4096));
		assert_ok(memctl_sync(fx->ctx, id, MEMLAB_SYNC_FOR_DEVICE, 100,
				      1));
		assert_ok(memctl_free(fx->ctx, id));
	}
	assert_rc(memctl_dma_map(fx->ctx, 4096, 3, 0, 0, &id), -EINVAL);
	assert_rc(memctl_dma_map(fx->ctx, 0, 0, 0, 0, &id), -EINVAL);
	assert_rc(memctl_dma_map(NULL, 4096, 0, 0, 0, &id), -EINVAL);

	assert_ok(memctl_dma_map(fx->ctx, 4096, 0, 0, 0, &id));
	assert_rc(memctl_sync(fx->ctx, id, 0, 0, 4096), -EINVAL);
	assert_rc(memctl_sync(fx->ctx, id, 3, 0, 4096), -EINVAL);
	assert_rc(memctl_sync(fx->ctx, id, MEMLAB_SYNC_FOR_CPU, 0, 0),
		  -EINVAL);
	assert_rc(memctl_sync(fx->ctx, id, MEMLAB_SYNC_FOR_CPU, 4000, 97),
		  -EINVAL);
	assert_ok(memctl_free(fx->ctx, id));
	assert_rc(memctl_sync(fx->ctx, id, MEMLAB_SYNC_FOR_CPU, 0, 1),
		  -ENOENT);
	/* streaming DMA only */
	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, &km));
	assert_rc(memctl_sync(fx->ctx, km, MEMLAB_SYNC_FOR_CPU, 0, 1),
		  -EINVAL);
	assert_rc(memctl_sync(NULL, km, MEMLAB_SYNC_FOR_CPU, 0, 1), -EINVAL);
	assert_ok(memctl_free(fx->ctx, km));
}

/* ---- free, persist, scope ---- */

static void test_free_object(void **state)
{
	struct fx *fx = *state;
	char name[MEMLAB_NAME_LEN];
	struct memlab_cache_create cc;
	uint32_t id;

	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, &id));
	assert_ok(memctl_free(fx->ctx, id));
	assert_rc(memctl_free(fx->ctx, id), -ENOENT);
	assert_rc(memctl_obj_info(fx->ctx, id, &(struct memlab_obj_info){ 0 }),
		  -ENOENT);
	assert_rc(memctl_free(fx->ctx, 0), -ENOENT);
	assert_rc(memctl_free(fx->ctx, UINT32_MAX), -ENOENT);
	/* a cache is destroyed, not freed */
	cache_name(fx, name, sizeof(name));
	assert_ok(memctl_cache_create(fx->ctx, name, 64, 0, 0, 0, &cc));
	assert_rc(memctl_free(fx->ctx, cc.id), -EINVAL);
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));
	assert_rc(memctl_free(NULL, 1), -EINVAL);
}

static void test_persist_and_scope(void **state)
{
	struct fx *fx = *state;
	struct memlab_obj_info oi;
	struct memctl *other;
	uint32_t local, pers, born;

	assert_ok(memctl_open(&other, NULL));
	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, &local));
	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, &pers));
	track(fx, pers);
	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, MEMLAB_F_PERSISTENT, &born));
	track(fx, born);

	/* file scope: another open file does not see it */
	assert_rc(memctl_obj_info(other, local, &oi), -ENOENT);
	assert_rc(memctl_free(other, local), -ENOENT);
	assert_rc(memctl_persist(other, local), -ENOENT);
	assert_rc(memctl_obj_info(other, pers, &oi), -ENOENT);

	assert_ok(memctl_persist(fx->ctx, pers));
	assert_ok(memctl_obj_info(other, pers, &oi));
	assert_true(oi.flags & MEMLAB_OBJ_PERSISTENT);
	assert_ok(memctl_obj_info(other, born, &oi));
	assert_true(oi.flags & MEMLAB_OBJ_PERSISTENT);

	assert_rc(memctl_persist(fx->ctx, UINT32_MAX), -ENOENT);
	assert_rc(memctl_persist(NULL, pers), -EINVAL);

	/* a persistent object outlives the file that made it */
	memctl_close(fx->ctx);
	assert_ok(memctl_open(&fx->ctx, NULL));
	assert_ok(memctl_obj_info(fx->ctx, pers, &oi));
	assert_rc(memctl_obj_info(fx->ctx, local, &oi), -ENOENT);
	assert_ok(memctl_free(other, pers));
	assert_ok(memctl_free(other, born));
	memctl_close(other);
}

/* memctl_close() frees the file's objects: the counters return. */
static void test_close_frees(void **state)
{
	struct fx *fx = *state;
	struct memlab_info info;
	struct memctl *c;
	uint32_t id, cache;
	int i;

	assert_ok(memctl_open(&c, NULL));
	for (i = 0; i < 10; i++)
		assert_ok(memctl_kmalloc(c, 128, 0, 0, &id));
	assert_ok(memctl_alloc_pages(c, 1, 0, 0, &id));
	assert_ok(memctl_vmalloc(c, 3 * fx->page, 0, 0, &id));
	assert_ok(memctl_cache_create(c, "lmc_close", 64, 0, 0, 0, NULL));
	assert_ok(memctl_cache_find(c, "lmc_close", &cache));
	assert_ok(memctl_cache_alloc(c, cache, 0, 0, &id));
	assert_ok(memctl_info(fx->ctx, &info));
	assert_int_equal(info.nr_objects, fx->base.nr_objects + 14);
	memctl_close(c);
	assert_ok(memctl_info(fx->ctx, &info));
	assert_int_equal(info.nr_objects, fx->base.nr_objects);
	assert_int_equal(info.nr_bytes, fx->base.nr_bytes);
}

/* ---- caches ---- */

static void test_cache_create(void **state)
{
	struct fx *fx = *state;
	char name[MEMLAB_NAME_LEN], longest[MEMLAB_NAME_LEN + 1];
	struct memlab_cache_create cc;
	struct memlab_obj_info oi;
	uint32_t id;

	cache_name(fx, name, sizeof(name));
	memset(&cc, 0xa5, sizeof(cc));
	assert_ok(memctl_cache_create(fx->ctx, name, 1000, 8,
				      MEMLAB_SLAB_NO_MERGE, 0, &cc));
	assert_true(cc.id > 0);
	assert_string_equal(cc.name, name);
	assert_int_equal(cc.object_size, 1000);
	assert_int_equal(cc.merged, 0);
	assert_string_equal(cc.merged_into, name);
	assert_true(cc.slab_size >= 1000);
	assert_ok(memctl_obj_info(fx->ctx, cc.id, &oi));
	assert_int_equal(oi.kind, MEMLAB_KIND_CACHE);
	assert_string_equal(oi.name, name);
	assert_int_equal(oi.size, 1000);
	assert_int_equal(oi.align, 8);
	assert_int_equal(oi.gfp, MEMLAB_SLAB_NO_MERGE);
	/* taken, by memlab or by the kernel */
	assert_rc(memctl_cache_create(fx->ctx, name, 64, 0, 0, 0, NULL),
		  -EEXIST);
	assert_rc(memctl_cache_create(fx->ctx, "dentry", 64, 0, 0, 0, NULL),
		  -EEXIST);
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));

	/* @out may be NULL; persistent caches survive the file */
	cache_name(fx, name, sizeof(name));
	assert_ok(memctl_cache_create(fx->ctx, name, 64, 0,
				      MEMLAB_SLAB_POISON, MEMLAB_F_PERSISTENT,
				      NULL));
	assert_ok(memctl_cache_find(fx->ctx, name, &id));
	track(fx, id);
	assert_ok(memctl_obj_info(fx->ctx, id, &oi));
	assert_true(oi.flags & MEMLAB_OBJ_PERSISTENT);

	/* the longest name that fits, and one more */
	memset(longest, 'n', sizeof(longest));
	longest[MEMLAB_NAME_LEN - 1] = '\0';
	snprintf(name, sizeof(name), "%d", (int)getpid());
	memcpy(longest, name, strlen(name));
	assert_ok(memctl_cache_create(fx->ctx, longest, 64, 0, 0, 0, &cc));
	assert_int_equal(strlen(cc.name), MEMLAB_NAME_LEN - 1);
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));
	longest[MEMLAB_NAME_LEN - 1] = 'n';
	longest[MEMLAB_NAME_LEN] = '\0';
	assert_rc(memctl_cache_create(fx->ctx, longest, 64, 0, 0, 0, NULL),
		  -ENAMETOOLONG);

	cache_name(fx, name, sizeof(name));
	assert_rc(memctl_cache_create(fx->ctx, "", 64, 0, 0, 0, NULL),
		  -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, "has space", 64, 0, 0, 0,
				      NULL), -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, "a/b", 64, 0, 0, 0, NULL),
		  -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, name, 0, 0, 0, 0, NULL),
		  -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, name, 64, 3, 0, 0, NULL),
		  -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, name, 64, 0,
				      MEMLAB_SLAB_ALL + 1, 0, NULL), -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, name, 64, 0, 0, 2, NULL),
		  -EINVAL);
	assert_rc(memctl_cache_create(fx->ctx, NULL, 64, 0, 0, 0, NULL),
		  -EINVAL);
	assert_rc(memctl_cache_create(NULL, name, 64, 0, 0, 0, NULL),
		  -EINVAL);
}

static void test_cache_alloc_destroy(void **state)
{
	struct fx *fx = *state;
	char name[MEMLAB_NAME_LEN];
	struct memlab_cache_create cc;
	struct memlab_obj_info oi;
	uint32_t a, b, km;

	cache_name(fx, name, sizeof(name));
	assert_ok(memctl_cache_create(fx->ctx, name, 200, 0, 0, 0, &cc));
	assert_ok(memctl_cache_alloc(fx->ctx, cc.id, 0, 0, &a));
	assert_ok(memctl_cache_alloc(fx->ctx, cc.id, MEMLAB_GFP_ZERO, 0, &b));
	assert_ok(memctl_obj_info(fx->ctx, a, &oi));
	assert_int_equal(oi.kind, MEMLAB_KIND_CACHE_OBJ);
	assert_int_equal(oi.cache_id, cc.id);
	assert_int_equal(oi.size, 200);
	assert_ok(memctl_obj_info(fx->ctx, cc.id, &oi));
	assert_int_equal(oi.nr_objects, 2);

	/* a file-scoped cache cannot hold a persistent object */
	assert_rc(memctl_cache_alloc(fx->ctx, cc.id, 0, MEMLAB_F_PERSISTENT,
				     &km), -EINVAL);
	/* GFP bits a slab cache cannot honour */
	assert_rc(memctl_cache_alloc(fx->ctx, cc.id, MEMLAB_GFP_DMA32, 0,
				     &km), -EINVAL);
	assert_rc(memctl_cache_destroy(fx->ctx, cc.id), -EBUSY);
	assert_ok(memctl_free(fx->ctx, a));
	assert_ok(memctl_free(fx->ctx, b));
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));
	assert_rc(memctl_cache_destroy(fx->ctx, cc.id), -ENOENT);
	assert_rc(memctl_cache_alloc(fx->ctx, cc.id, 0, 0, &a), -ENOENT);

	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, &km));
	assert_rc(memctl_cache_alloc(fx->ctx, km, 0, 0, &a), -EINVAL);
	assert_rc(memctl_cache_destroy(fx->ctx, km), -EINVAL);
	assert_ok(memctl_free(fx->ctx, km));
	assert_rc(memctl_cache_alloc(NULL, 1, 0, 0, &a), -EINVAL);
	assert_rc(memctl_cache_destroy(NULL, 1), -EINVAL);
}

static void test_cache_find(void **state)
{
	struct fx *fx = *state;
	char name[MEMLAB_NAME_LEN], other_name[MEMLAB_NAME_LEN];
	char toolong[MEMLAB_NAME_LEN + 8];
	struct memlab_cache_create cc, pc;
	struct memctl *other;
	uint32_t id = 0;

	cache_name(fx, name, sizeof(name));
	assert_ok(memctl_cache_create(fx->ctx, name, 64, 0, 0, 0, &cc));
	/* some other objects around it, so the find has to look */
	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, NULL));
	assert_ok(memctl_cache_alloc(fx->ctx, cc.id, 0, 0, NULL));
	assert_ok(memctl_cache_find(fx->ctx, name, &id));
	assert_int_equal(id, cc.id);

	id = 777;
	assert_rc(memctl_cache_find(fx->ctx, "lmc_no_such_cache", &id),
		  -ENOENT);
	/* a kernel cache is not a memlab cache */
	assert_rc(memctl_cache_find(fx->ctx, "dentry", &id), -ENOENT);
	/* a prefix of a name is not the name */
	name[strlen(name) - 1] = '\0';
	assert_rc(memctl_cache_find(fx->ctx, name, &id), -ENOENT);
	memset(toolong, 'x', sizeof(toolong) - 1);
	toolong[sizeof(toolong) - 1] = '\0';
	assert_rc(memctl_cache_find(fx->ctx, toolong, &id), -ENOENT);
	assert_int_equal(id, 777);

	/* visibility: another file sees persistent caches only */
	cache_name(fx, other_name, sizeof(other_name));
	assert_ok(memctl_cache_create(fx->ctx, other_name, 64, 0, 0,
				      MEMLAB_F_PERSISTENT, &pc));
	track(fx, pc.id);
	assert_ok(memctl_open(&other, NULL));
	assert_rc(memctl_cache_find(other, cc.name, &id), -ENOENT);
	assert_ok(memctl_cache_find(other, other_name, &id));
	assert_int_equal(id, pc.id);
	memctl_close(other);

	assert_rc(memctl_cache_find(fx->ctx, NULL, &id), -EINVAL);
	assert_rc(memctl_cache_find(fx->ctx, name, NULL), -EINVAL);
	assert_rc(memctl_cache_find(NULL, name, &id), -EINVAL);
}

/* ---- read, write, fill, verify ---- */

static void test_read_write(void **state)
{
	struct fx *fx = *state;
	unsigned char in[256], out[256];
	char name[MEMLAB_NAME_LEN];
	struct memlab_cache_create cc;
	uint32_t id;
	size_t i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = i * 7 + 3;
	assert_ok(memctl_kmalloc(fx->ctx, sizeof(in), 0, 0, &id));
	assert_ok(memctl_write(fx->ctx, id, 0, in, sizeof(in)));
	memset(out, 0, sizeof(out));
	assert_ok(memctl_read(fx->ctx, id, 0, out, sizeof(out)));
	assert_memory_equal(in, out, sizeof(in));
	/* at an offset, up to the last byte */
	assert_ok(memctl_write(fx->ctx, id, 250, "abcdef", 6));
	assert_ok(memctl_read(fx->ctx, id, 248, out, 8));
	assert_memory_equal(out + 2, "abcdef", 6);
	assert_int_equal(out[0], in[248]);
	/* length 0 is a no-op, even without a buffer */
	assert_ok(memctl_read(fx->ctx, id, 0, NULL, 0));
	assert_ok(memctl_write(fx->ctx, id, 256, NULL, 0));

	assert_rc(memctl_read(fx->ctx, id, 250, out, 7), -EINVAL);
	assert_rc(memctl_write(fx->ctx, id, 256, in, 1), -EINVAL);
	assert_rc(memctl_read(fx->ctx, id, UINT64_MAX, out, 2), -EINVAL);
	assert_rc(memctl_read(fx->ctx, id, 0, NULL, 1), -EINVAL);
	assert_rc(memctl_write(fx->ctx, id, 0, NULL, 1), -EINVAL);
	/* a buffer the kernel cannot copy to */
	assert_rc(memctl_read(fx->ctx, id, 0, (void *)16, 8), -EFAULT);
	assert_rc(memctl_read(NULL, id, 0, out, 1), -EINVAL);
	assert_rc(memctl_write(NULL, id, 0, in, 1), -EINVAL);
	assert_ok(memctl_free(fx->ctx, id));
	assert_rc(memctl_read(fx->ctx, id, 0, out, 1), -ENOENT);
	assert_rc(memctl_write(fx->ctx, id, 0, in, 1), -ENOENT);

	cache_name(fx, name, sizeof(name));
	assert_ok(memctl_cache_create(fx->ctx, name, 64, 0, 0, 0, &cc));
	assert_rc(memctl_read(fx->ctx, cc.id, 0, out, 1), -EINVAL);
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));
}

static void test_fill_verify(void **state)
{
	struct fx *fx = *state;
	const uint32_t pat = 0xdeadbeef;
	uint64_t len = 2 * fx->page + 100, nr_bad = 1, first_bad = 0;
	unsigned char b[8];
	uint32_t id;

	assert_ok(memctl_vmalloc(fx->ctx, len, 0, 0, &id));
	assert_ok(memctl_fill(fx->ctx, id, 0, len, pat));
	assert_ok(memctl_verify(fx->ctx, id, 0, len, pat, &nr_bad,
				&first_bad));
	assert_int_equal(nr_bad, 0);
	assert_true(first_bad == UINT64_MAX);
	/* the pattern's bytes, little-endian, from offset 0 of the object */
	assert_ok(memctl_read(fx->ctx, id, 4, b, 8));
	assert_memory_equal(b, "\xef\xbe\xad\xde\xef\xbe\xad\xde", 8);

	assert_ok(memctl_write(fx->ctx, id, 1000, "X", 1));
	assert_ok(memctl_verify(fx->ctx, id, 0, len, pat, &nr_bad,
				&first_bad));
	assert_int_equal(nr_bad, 1);
	assert_int_equal(first_bad, 1000);
	/* where the pattern holds, from an unaligned offset */
	assert_ok(memctl_verify(fx->ctx, id, 1001, len - 1001, pat, &nr_bad,
				&first_bad));
	assert_int_equal(nr_bad, 0);
	/* the outputs are optional */
	assert_ok(memctl_verify(fx->ctx, id, 0, len, pat, NULL, NULL));
	assert_ok(memctl_fill(fx->ctx, id, 0, 0, pat));

	assert_rc(memctl_fill(fx->ctx, id, 0, len + 1, pat), -EINVAL);
	assert_rc(memctl_fill(fx->ctx, id, UINT64_MAX, 2, pat), -EINVAL);
	assert_rc(memctl_verify(fx->ctx, id, len, 1, pat, NULL, NULL),
		  -EINVAL);
	assert_rc(memctl_fill(NULL, id, 0, 1, pat), -EINVAL);
	assert_rc(memctl_verify(NULL, id, 0, 1, pat, NULL, NULL), -EINVAL);
	assert_ok(memctl_free(fx->ctx, id));
	assert_rc(memctl_fill(fx->ctx, id, 0, 1, pat), -ENOENT);
	assert_rc(memctl_verify(fx->ctx, id, 0, 1, pat, NULL, NULL), -ENOENT);
}

/* ---- obj_info, list ---- */

static void test_obj_info(void **state)
{
	struct fx *fx = *state;
	struct memlab_obj_info oi;
	uint32_t pg, km;

	assert_ok(memctl_alloc_pages(fx->ctx, 2, MEMLAB_GFP_ZERO, 0, &pg));
	assert_ok(memctl_obj_info(fx->ctx, pg, &oi));
	assert_int_equal(oi.kind, MEMLAB_KIND_PAGES);
	assert_int_equal(oi.order, 2);
	assert_int_equal(oi.size, fx->page << 2);
	assert_int_equal(oi.gfp, MEMLAB_GFP_ZERO);
	assert_int_equal(oi.uid, getuid());
	assert_true(oi.ctime_ns > 0);
	assert_true(oi.flags & MEMLAB_OBJ_MAPPABLE);
	assert_false(oi.flags & MEMLAB_OBJ_PERSISTENT);
	assert_true(oi.mmap_offset != 0);
	assert_int_equal(oi.mapcount, 0);
	assert_ok(memctl_kmalloc(fx->ctx, 32, 0, 0, &km));
	assert_ok(memctl_obj_info(fx->ctx, km, &oi));
	assert_false(oi.flags & MEMLAB_OBJ_MAPPABLE);
	assert_int_equal(oi.mmap_offset, 0);

	assert_ok(memctl_free(fx->ctx, km));
	assert_rc(memctl_obj_info(fx->ctx, km, &oi), -ENOENT);
	assert_rc(memctl_obj_info(fx->ctx, pg, NULL), -EINVAL);
	assert_rc(memctl_obj_info(NULL, pg, &oi), -EINVAL);
	assert_ok(memctl_free(fx->ctx, pg));
}

/* Enough objects for several MEMLAB_IOC_LIST calls and array growths. */
#define LIST_MANY	300

static void test_list(void **state)
{
	struct fx *fx = *state;
	struct memlab_obj_info *objs = (void *)1;
	static uint32_t ids[LIST_MANY];
	size_t nr = 12345, base_nr, i, j;
	struct memctl *empty;

	/* this file's objects plus the persistent ones: none after setup */
	assert_ok(memctl_list(fx->ctx, &objs, &nr));
	base_nr = nr;
	free(objs);

	for (i = 0; i < LIST_MANY; i++)
		assert_ok(memctl_kmalloc(fx->ctx, 16 + i, 0, 0, &ids[i]));
	assert_ok(memctl_list(fx->ctx, &objs, &nr));
	assert_int_equal(nr, base_nr + LIST_MANY);
	for (i = 1; i < nr; i++)
		assert_true(objs[i - 1].id < objs[i].id);
	/* every one of ours, once, with its size */
	for (i = 0, j = 0; i < nr && j < LIST_MANY; i++) {
		if (objs[i].id != ids[j])
			continue;
		assert_int_equal(objs[i].kind, MEMLAB_KIND_KMALLOC);
		assert_int_equal(objs[i].size, 16 + j);
		j++;
	}
	assert_int_equal(j, LIST_MANY);
	free(objs);

	/* another file sees none of them */
	assert_ok(memctl_open(&empty, NULL));
	objs = (void *)1;
	assert_ok(memctl_list(empty, &objs, &nr));
	assert_int_equal(nr, base_nr);
	if (!nr)
		assert_null(objs);
	free(objs);
	memctl_close(empty);

	for (i = 0; i < LIST_MANY; i++)
		assert_ok(memctl_free(fx->ctx, ids[i]));
	assert_ok(memctl_list(fx->ctx, &objs, &nr));
	assert_int_equal(nr, base_nr);
	free(objs);

	assert_rc(memctl_list(fx->ctx, NULL, &nr), -EINVAL);
	assert_rc(memctl_list(fx->ctx, &objs, NULL), -EINVAL);
	assert_rc(memctl_list(NULL, &objs, &nr), -EINVAL);
}

/* ---- mmap ---- */

static uint32_t page_pattern(unsigned int n)
{
	return 0x11111111U * (n + 1);
}

/* A mapping of @npages from @first shows each page's pattern. */
static void check_mapping(struct fx *fx, const unsigned char *p, size_t first,
			  size_t npages)
{
	size_t i;

	for (i = 0; i < npages; i++) {
		uint32_t word;

		memcpy(&word, p + i * fx->page + 8, sizeof(word));
		assert_int_equal(word, page_pattern(first + i));
	}
}

static void test_mmap_pages(void **state)
{
	struct fx *fx = *state;
	unsigned char buf[16];
	struct memlab_obj_info oi;
	void *addr = NULL;
	size_t len = 0, n;
	unsigned char *p;
	uint32_t id;

	assert_ok(memctl_alloc_pages(fx->ctx, 2, 0, 0, &id));
	for (n = 0; n < 4; n++)
		assert_ok(memctl_fill(fx->ctx, id, n * fx->page, fx->page,
				      page_pattern(n)));

	/* the whole object */
	assert_ok(memctl_mmap(fx->ctx, id, 0, 0, PROT_READ | PROT_WRITE,
			      &addr, &len));
	assert_int_equal(len, 4 * fx->page);
	p = addr;
	check_mapping(fx, p, 0, 4);
	assert_ok(memctl_obj_info(fx->ctx, id, &oi));
	assert_int_equal(oi.mapcount, 1);
	/* written through the mapping, read through the ioctl... */
	memcpy(p + 3 * fx->page + 100, "via mmap", 8);
	assert_ok(memctl_read(fx->ctx, id, 3 * fx->page + 100, buf, 8));
	assert_memory_equal(buf, "via mmap", 8);
	/* ...and the other way round */
	assert_ok(memctl_write(fx->ctx, id, fx->page - 4, "ioctl!!!", 8));
	assert_memory_equal(p + fx->page - 4, "ioctl!!!", 8);
	assert_ok(memctl_munmap(addr, len));

	/* a window: page 2 only, then pages 1..3 */
	assert_ok(memctl_mmap(fx->ctx, id, 2, 1, PROT_READ, &addr, &len));
	assert_int_equal(len, fx->page);
	check_mapping(fx, addr, 2, 1);
	assert_ok(memctl_munmap(addr, len));
	assert_ok(memctl_mmap(fx->ctx, id, 1, 0, PROT_READ, &addr, &len));
	assert_int_equal(len, 3 * fx->page);
	/* "ioctl!!!" straddles pages 0 and 1: the window starts inside it */
	assert_memory_equal(addr, "l!!!", 4);
	check_mapping(fx, addr, 1, 3);
	assert_ok(memctl_munmap(addr, len));

	/* outside the object */
	addr = (void *)1;
	assert_rc(memctl_mmap(fx->ctx, id, 4, 0, PROT_READ, &addr, &len),
		  -EINVAL);
	assert_rc(memctl_mmap(fx->ctx, id, 0, 5, PROT_READ, &addr, &len),
		  -EINVAL);
	assert_rc(memctl_mmap(fx->ctx, id, 3, 2, PROT_READ, &addr, &len),
		  -EINVAL);
	assert_rc(memctl_mmap(fx->ctx, id, SIZE_MAX, 1, PROT_READ, &addr,
			      &len), -EINVAL);
	assert_rc(memctl_mmap(fx->ctx, id, 1, SIZE_MAX, PROT_READ, &addr,
			      &len), -EINVAL);
	/* the driver's refusals come through */
	assert_rc(memctl_mmap(fx->ctx, id, 0, 0, PROT_READ | PROT_EXEC,
			      &addr, &len), -EPERM);
	assert_true(addr == (void *)1);
	assert_rc(memctl_mmap(fx->ctx, id, 0, 0, PROT_READ, NULL, &len),
		  -EINVAL);
	assert_rc(memctl_mmap(fx->ctx, id, 0, 0, PROT_READ, &addr, NULL),
		  -EINVAL);
	assert_rc(memctl_mmap(NULL, id, 0, 0, PROT_READ, &addr, &len),
		  -EINVAL);
	assert_ok(memctl_free(fx->ctx, id));
	assert_rc(memctl_mmap(fx->ctx, id, 0, 0, PROT_READ, &addr, &len),
		  -ENOENT);
}

static void test_mmap_kinds(void **state)
{
	struct fx *fx = *state;
	char name[MEMLAB_NAME_LEN];
	struct memlab_cache_create cc;
	unsigned char buf[8];
	uint32_t vm, dma, km, obj;
	void *addr;
	size_t len;

	/* vmalloc: a size that is not whole pages maps page-rounded */
	assert_ok(memctl_vmalloc(fx->ctx, 3 * fx->page + 100, 0, 0, &vm));
	assert_ok(memctl_mmap(fx->ctx, vm, 0, 0, PROT_READ | PROT_WRITE,
			      &addr, &len));
	assert_int_equal(len, 4 * fx->page);
	memcpy((unsigned char *)addr + 3 * fx->page + 96, "vmalloc!", 8);
	assert_ok(memctl_read(fx->ctx, vm, 3 * fx->page + 96, buf, 4));
	assert_memory_equal(buf, "vmal", 4);
	/* free while mapped: the mapping keeps the memory */
	assert_ok(memctl_free(fx->ctx, vm));
	assert_memory_equal((unsigned char *)addr + 3 * fx->page + 96,
			    "vmalloc!", 8);
	assert_ok(memctl_munmap(addr, len));

	if (has_dma(fx)) {
		assert_ok(memctl_dma_alloc(fx->ctx, 16 * fx->page, 0, 0,
					   &dma));
		assert_ok(memctl_mmap(fx->ctx, dma, 0, 0,
				      PROT_READ | PROT_WRITE, &addr, &len));
		assert_int_equal(len, 16 * fx->page);
		memcpy((unsigned char *)addr + 5 * fx->page, "coherent", 8);
		assert_ok(memctl_read(fx->ctx, dma, 5 * fx->page, buf, 8));
		assert_memory_equal(buf, "coherent", 8);
		assert_ok(memctl_munmap(addr, len));
		assert_ok(memctl_free(fx->ctx, dma));
	}

	/* sub-page kinds are never mapped */
	assert_ok(memctl_kmalloc(fx->ctx, 8192, 0, 0, &km));
	assert_rc(memctl_mmap(fx->ctx, km, 0, 0, PROT_READ, &addr, &len),
		  -ENODEV);
	assert_ok(memctl_free(fx->ctx, km));
	cache_name(fx, name, sizeof(name));
	assert_ok(memctl_cache_create(fx->ctx, name, 4096, 0, 0, 0, &cc));
	assert_ok(memctl_cache_alloc(fx->ctx, cc.id, 0, 0, &obj));
	assert_rc(memctl_mmap(fx->ctx, obj, 0, 0, PROT_READ, &addr, &len),
		  -ENODEV);
	assert_rc(memctl_mmap(fx->ctx, cc.id, 0, 0, PROT_READ, &addr, &len),
		  -ENODEV);
	assert_ok(memctl_free(fx->ctx, obj));
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));
}

static void test_munmap(void **state)
{
	struct fx *fx = *state;
	void *addr;
	size_t len;
	uint32_t id;

	assert_ok(memctl_alloc_pages(fx->ctx, 1, 0, 0, &id));
	assert_ok(memctl_mmap(fx->ctx, id, 0, 0, PROT_READ, &addr, &len));
	/* partial unmap is munmap(2)'s business: allowed */
	assert_ok(memctl_munmap((unsigned char *)addr + fx->page, fx->page));
	assert_ok(memctl_munmap(addr, fx->page));
	assert_rc(memctl_munmap((unsigned char *)addr + 1, fx->page),
		  -EINVAL);
	assert_rc(memctl_munmap(addr, 0), -EINVAL);
	assert_ok(memctl_free(fx->ctx, id));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_default),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_open_eacces),
		cmocka_unit_test(test_open_eproto),
		cmocka_unit_test_setup_teardown(test_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmalloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_alloc_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vmalloc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dma_alloc, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_dma_map_sync, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_free_object, setup, teardown),
		cmocka_unit_test_setup_teardown(test_persist_and_scope, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_close_frees, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cache_create, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_cache_alloc_destroy,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_cache_find, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_read_write, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_fill_verify, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_obj_info, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mmap_pages, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_mmap_kinds, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_munmap, setup, teardown),
	};

	return cmocka_run_group_tests_name("libmemctl", tests, NULL, NULL);
}

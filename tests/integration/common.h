/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared helpers for the memlab integration tests (run as root in a guest
 * against /dev/memlab).  Every ml_* wrapper returns 0 (or a value >= 0) on
 * success and -errno on failure, so tests compare against -EINVAL etc.
 */
#ifndef MEMLAB_TEST_COMMON_H
#define MEMLAB_TEST_COMMON_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>
#include <sys/types.h>
#include <cmocka.h>

#include <linux/memlab.h>

#define ML_DEV			"/dev/memlab"
#define ML_PARAM_DIR		"/sys/module/memlab/parameters"
#define ML_SLAB_DIR		"/sys/kernel/slab"
#define ML_NO_ID		0U

#define ML_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ML_PTR(p)		((__u64)(uintptr_t)(p))

/* Resources a test registers so that teardown restores the machine. */
#define ML_MAX_FDS		16
#define ML_MAX_MAPS		64
#define ML_MAX_IDS		64
#define ML_MAX_PARAMS		8

struct ml_map {
	void *addr;
	size_t len;
};

struct ml_param {
	char name[32];
	char old[64];
};

struct ml_fixture {
	int fd;				/* main fd, or -errno if no device */
	struct memlab_info base;	/* INFO at setup */
	long page;			/* page size */
	void *priv;			/* initial state of the test */
	bool no_baseline_check;		/* test leaves counters changed */

	int fds[ML_MAX_FDS];
	int nr_fds;
	struct ml_map maps[ML_MAX_MAPS];
	int nr_maps;
	__u32 ids[ML_MAX_IDS];		/* persistent objects and caches */
	int nr_ids;
	struct ml_param params[ML_MAX_PARAMS];
	int nr_params;
	bool dev_mode_saved;
	mode_t dev_mode;
};

/* Assert an -errno result and print names when it is not the expected. */
#define assert_errno(rc, expected) \
	ml_assert_errno((long)(rc), (long)(expected), #rc, __FILE__, __LINE__)
/* Assert success (rc >= 0). */
#define assert_ok(rc) assert_errno((rc) < 0 ? (rc) : 0, 0)
/* Print a reason, then skip the test. */
#define ml_skip(...) do { \
	print_message("SKIP: " __VA_ARGS__); \
	print_message("\n"); \
	skip(); \
} while (0)

void ml_assert_errno(long rc, long expected, const char *expr,
		     const char *file, int line);
const char *ml_errname(long err);

/* Fixtures: ml_setup opens the device; every test starts with ml_fx(). */
int ml_setup(void **state);
int ml_teardown(void **state);
struct ml_fixture *ml_fx(void **state);

/* Raw access. */
int ml_open(void);
int ml_ioctl(int fd, unsigned long cmd, void *arg);
int ml_fx_open(struct ml_fixture *fx);
int ml_fx_close(struct ml_fixture *fx, int fd);
void ml_fx_track_id(struct ml_fixture *fx, __u32 id);
void ml_fx_untrack_id(struct ml_fixture *fx, __u32 id);

/* ioctl wrappers. */
int ml_info(int fd, struct memlab_info *info);
int ml_alloc_raw(int fd, struct memlab_alloc *a);
int ml_alloc(int fd, __u32 kind, __u32 flags, __u32 gfp, __u32 order,
	     __u64 size, __u32 *id);
int ml_kmalloc(int fd, __u64 size, __u32 *id);
int ml_pages(int fd, __u32 order, __u32 *id);
int ml_vmalloc(int fd, __u64 size, __u32 *id);
int ml_dma_coherent(int fd, __u64 size, __u32 *id);
int ml_dma_streaming(int fd, __u64 size, __u32 dir, __u32 *id);
int ml_cache_obj(int fd, __u32 cache_id, __u32 flags, __u32 *id);
int ml_free(int fd, __u32 id);
int ml_cache_create(int fd, const char *name, __u32 size, __u32 align,
		    __u32 slab_flags, __u32 flags,
		    struct memlab_cache_create *out);
int ml_cache_destroy(int fd, __u32 id);
int ml_persist(int fd, __u32 id);
int ml_read(int fd, __u32 id, __u64 off, __u64 len, void *buf);
int ml_write(int fd, __u32 id, __u64 off, __u64 len, const void *buf);
int ml_fill(int fd, __u32 id, __u32 pattern, __u64 off, __u64 len);
int ml_verify(int fd, __u32 id, __u32 pattern, __u64 off, __u64 len,
	      __u64 *nr_bad, __u64 *first_bad);
int ml_sync(int fd, __u32 id, __u32 op, __u64 off, __u64 len);
int ml_mmap_offset(int fd, __u32 id, __u64 *off);
int ml_obj_info(int fd, __u32 id, struct memlab_obj_info *oi);
int ml_list_all(int fd, struct memlab_obj_info **out, unsigned int *count);
int ml_listed(int fd, __u32 id);

/* Mappings (tracked by the fixture, unmapped in teardown). */
void *ml_fx_mmap(struct ml_fixture *fx, int fd, size_t len, int prot,
		 int flags, off_t off);
int ml_fx_munmap(struct ml_fixture *fx, void *addr, size_t len);
/* Track a mapping made otherwise (mremap); forget one without munmap. */
void ml_fx_track_map(struct ml_fixture *fx, void *addr, size_t len);
void ml_fx_forget_map(struct ml_fixture *fx, void *addr, size_t len);
void *ml_map_obj(struct ml_fixture *fx, int fd, __u32 id, size_t first_page,
		 size_t npages);

/* Module parameters: save (restored in teardown) and set; read. */
int ml_param_read(const char *name, char *buf, size_t len);
int ml_param_read_u64(const char *name, __u64 *val);
int ml_fx_param_set(struct ml_fixture *fx, const char *name, const char *val);
int ml_fx_param_set_u64(struct ml_fixture *fx, const char *name, __u64 val);

/* Let another uid open the device (restored in teardown). */
void ml_fx_dev_open_to_all(struct ml_fixture *fx);

/* Environment. */
bool ml_cmdline_has(const char *word);
bool ml_path_exists(const char *path);
int ml_read_file(const char *path, char *buf, size_t len);
int ml_write_file(const char *path, const char *val);
/* rmmod memlab (non-blocking) and insmod @ko with @params: 0 or -errno */
int ml_module_unload(void);
int ml_module_load(const char *ko, const char *params);
bool ml_slub_debug(void);
bool ml_has_feature(struct ml_fixture *fx, __u32 feat);
unsigned int ml_kernel_max_order(const struct memlab_info *info);
void ml_fill_random(void *buf, size_t len, unsigned int seed);

/*
 * Run fn(arg) in a forked child and return how it ended: the exit code
 * (>= 0) or -signal when it was killed by a signal.  Core dumps are off.
 */
int ml_in_child(int (*fn)(void *arg), void *arg);
/* In a child forked by hand: default fatal signals (cmocka traps them). */
void ml_child_signals(void);
/* Same, as uid/gid 65534 without capabilities. */
int ml_in_child_as_nobody(int (*fn)(void *arg), void *arg);
/* Same, as root without CAP_SYS_ADMIN in the effective set. */
int ml_in_child_no_sysadmin(int (*fn)(void *arg), void *arg);

/* Counters: assert INFO is back to the fixture's baseline. */
void ml_assert_baseline(struct ml_fixture *fx);
int ml_nr_objects(struct ml_fixture *fx, __u64 *objects, __u64 *bytes);

/*
 * One allocatable kind at a typical size, for table-driven tests.  For
 * CACHE_OBJ, ml_make() first creates a NO_MERGE cache of @size bytes.
 */
struct ml_kind {
	const char *name;
	__u32 kind;
	__u32 order;		/* PAGES only */
	__u64 size;		/* bytes asked for; PAGES: 0 */
	__u32 feature;		/* MEMLAB_FEAT_* the kind needs */
	bool mappable;
};

extern const struct ml_kind ml_kind_kmalloc, ml_kind_cache_obj,
	ml_kind_pages0, ml_kind_pages2, ml_kind_vmalloc, ml_kind_dma_coherent,
	ml_kind_dma_streaming;

/* Skip the test when the driver lacks the kind's feature. */
void ml_need_kind(struct ml_fixture *fx, const struct ml_kind *k);
/* Allocate one object of @k on @fd (asserts success); returns its size. */
__u64 ml_make(struct ml_fixture *fx, int fd, const struct ml_kind *k,
	      __u32 *id);
/* Bytes charged against the limits for an object of @k. */
__u64 ml_charged(struct ml_fixture *fx, const struct ml_kind *k);

/* Unique names for caches of this process. */
void ml_name(char *buf, size_t len, const char *tag);

#define ML_NOBODY		65534

#endif /* MEMLAB_TEST_COMMON_H */

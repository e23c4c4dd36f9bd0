// SPDX-License-Identifier: GPL-2.0
/*
 * Scope and ownership: file-scoped objects are private to their open file
 * and freed at close, persistent ones are shared and outlive it; objects of
 * another uid are refused without CAP_SYS_ADMIN.
 */
#include <stdlib.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <grp.h>

#include "common.h"

static void test_file_scope_invisible(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	int fd2 = ml_fx_open(fx);
	struct memlab_obj_info oi;
	unsigned char buf[32] = { 0 };
	__u32 km, pg, mine;
	__u64 off;

	assert_errno(ml_kmalloc(fx->fd, 32, &km), 0);
	assert_errno(ml_pages(fx->fd, 0, &pg), 0);
	assert_errno(ml_kmalloc(fd2, 32, &mine), 0);

	assert_errno(ml_obj_info(fd2, km, &oi), -ENOENT);
	assert_errno(ml_read(fd2, km, 0, 32, buf), -ENOENT);
	assert_errno(ml_write(fd2, km, 0, 32, buf), -ENOENT);
	assert_errno(ml_fill(fd2, km, 0, 0, 32), -ENOENT);
	assert_errno(ml_verify(fd2, km, 0, 0, 32, NULL, NULL), -ENOENT);
	assert_errno(ml_persist(fd2, km), -ENOENT);
	assert_errno(ml_free(fd2, km), -ENOENT);
	assert_errno(ml_mmap_offset(fd2, pg, NULL), -ENOENT);
	assert_int_equal(ml_listed(fd2, km), 0);
	assert_int_equal(ml_listed(fd2, pg), 0);
	assert_int_equal(ml_listed(fd2, mine), 1);
	/* The owner's token does not work on another file. */
	assert_errno(ml_mmap_offset(fx->fd, pg, &off), 0);
	errno = 0;
	assert_true(mmap(NULL, fx->page, PROT_READ, MAP_SHARED, fd2, off) ==
		    MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	/* And the reverse. */
	assert_errno(ml_obj_info(fx->fd, mine, &oi), -ENOENT);
	assert_int_equal(ml_listed(fx->fd, mine), 0);
	/* The owner still has it. */
	assert_errno(ml_obj_info(fx->fd, km, &oi), 0);
	assert_errno(ml_free(fx->fd, km), 0);
	assert_errno(ml_free(fx->fd, pg), 0);
	assert_errno(ml_free(fd2, mine), 0);
}

static void test_file_scope_freed_at_close(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	int fd2 = ml_fx_open(fx), i;
	struct memlab_info mid;
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	__u32 id;

	for (i = 0; i < 5; i++)
		assert_errno(ml_kmalloc(fd2, 1000, &id), 0);
	assert_errno(ml_pages(fd2, 2, &id), 0);
	assert_errno(ml_vmalloc(fd2, 3 * fx->page, &id), 0);
	ml_name(name, sizeof(name), "close");
	assert_errno(ml_cache_create(fd2, name, 128, 0, MEMLAB_SLAB_NO_MERGE, 0,
				     &cc), 0);
	for (i = 0; i < 3; i++)
		assert_errno(ml_cache_obj(fd2, cc.id, 0, &id), 0);
	if (ml_has_feature(fx, MEMLAB_FEAT_DMA_COHERENT))
		assert_errno(ml_dma_coherent(fd2, fx->page, &id), 0);
	if (ml_has_feature(fx, MEMLAB_FEAT_DMA_STREAMING))
		assert_errno(ml_dma_streaming(fd2, 100, 1, &id), 0);
	assert_errno(ml_info(fx->fd, &mid), 0);
	assert_true(mid.nr_objects >= fx->base.nr_objects + 12);
	assert_true(mid.nr_bytes > fx->base.nr_bytes);
	assert_errno(ml_fx_close(fx, fd2), 0);
	ml_assert_baseline(fx);
}

static void test_persistent_visible(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	int fd1 = ml_fx_open(fx), fd2 = ml_fx_open(fx);
	struct memlab_obj_info oi;
	unsigned char data[64], back[64];
	__u32 id;

	assert_errno(ml_alloc(fd1, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT, 0,
			      0, sizeof(data), &id), 0);
	ml_fx_track_id(fx, id);
	ml_fill_random(data, sizeof(data), 9);
	assert_errno(ml_write(fd1, id, 0, sizeof(data), data), 0);

	assert_errno(ml_obj_info(fd2, id, &oi), 0);
	assert_int_equal(oi.flags & MEMLAB_OBJ_PERSISTENT,
			 MEMLAB_OBJ_PERSISTENT);
	assert_int_equal(ml_listed(fd2, id), 1);
	assert_errno(ml_read(fd2, id, 0, sizeof(back), back), 0);
	assert_memory_equal(back, data, sizeof(data));

	/* Survives the close of the creating file. */
	assert_errno(ml_fx_close(fx, fd1), 0);
	memset(back, 0, sizeof(back));
	assert_errno(ml_read(fd2, id, 0, sizeof(back), back), 0);
	assert_memory_equal(back, data, sizeof(data));
	assert_errno(ml_fx_close(fx, fd2), 0);
	assert_errno(ml_obj_info(fx->fd, id, &oi), 0);

	/* Freed by id from any file of the same uid. */
	assert_errno(ml_free(fx->fd, id), 0);
	ml_fx_untrack_id(fx, id);
	assert_errno(ml_obj_info(fx->fd, id, &oi), -ENOENT);
	ml_assert_baseline(fx);
}

static void test_persist_ioctl(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	int fd1 = ml_fx_open(fx), fd2 = ml_fx_open(fx);
	struct memlab_obj_info oi;
	void *p;
	__u64 off;
	__u32 id;

	assert_errno(ml_pages(fd1, 1, &id), 0);
	assert_errno(ml_fill(fd1, id, 0x77777777, 0, 2 * fx->page), 0);
	assert_errno(ml_obj_info(fd2, id, &oi), -ENOENT);
	assert_errno(ml_persist(fd1, id), 0);
	ml_fx_track_id(fx, id);
	assert_errno(ml_obj_info(fd2, id, &oi), 0);
	assert_int_equal(oi.flags & MEMLAB_OBJ_PERSISTENT,
			 MEMLAB_OBJ_PERSISTENT);
	/* Mappable from the other file now. */
	assert_errno(ml_mmap_offset(fd2, id, &off), 0);
	p = ml_fx_mmap(fx, fd2, 2 * fx->page, PROT_READ, MAP_SHARED, off);
	assert_true(p != MAP_FAILED);
	assert_int_equal(((unsigned char *)p)[fx->page], 0x77);
	ml_fx_munmap(fx, p, 2 * fx->page);
	/* Closing the creator no longer frees it. */
	assert_errno(ml_fx_close(fx, fd1), 0);
	assert_errno(ml_obj_info(fd2, id, &oi), 0);
	assert_errno(ml_free(fd2, id), 0);
	ml_fx_untrack_id(fx, id);
	ml_fx_close(fx, fd2);
	ml_assert_baseline(fx);
}

static int child_create_persistent(void *arg)
{
	__u32 *out = arg, id;
	int fd = ml_open();

	if (fd < 0)
		return 10;
	if (ml_alloc(fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT, 0, 0, 48,
		     &id))
		return 11;
	if (ml_fill(fd, id, 0x5eed5eed, 0, 48))
		return 12;
	/* Hand the id to the parent through a shared page. */
	*out = id;
	return 0;	/* exits without freeing or closing */
}

static void test_persistent_survives_process(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	__u64 nr_bad;
	__u32 *id;

	id = ml_fx_mmap(fx, -1, fx->page, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, 0);
	assert_true(id != MAP_FAILED);
	*id = 0;
	assert_int_equal(ml_in_child(child_create_persistent, id), 0);
	assert_true(*id > 0);
	ml_fx_track_id(fx, *id);
	assert_errno(ml_obj_info(fx->fd, *id, &oi), 0);
	assert_int_equal(oi.uid, 0);
	assert_int_equal(ml_listed(fx->fd, *id), 1);
	assert_errno(ml_verify(fx->fd, *id, 0x5eed5eed, 0, 48, &nr_bad, NULL),
		     0);
	assert_int_equal(nr_bad, 0);
	assert_errno(ml_free(fx->fd, *id), 0);
	ml_fx_untrack_id(fx, *id);
	ml_assert_baseline(fx);
}

static void test_persistent_obj_in_file_cache(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	__u32 obj;

	ml_name(name, sizeof(name), "fcache");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	ml_fx_track_id(fx, cc.id);
	assert_errno(ml_cache_obj(fx->fd, cc.id, MEMLAB_F_PERSISTENT, &obj),
		     -EINVAL);
	/* Nor by PERSIST later. */
	assert_errno(ml_cache_obj(fx->fd, cc.id, 0, &obj), 0);
	assert_errno(ml_persist(fx->fd, obj), -EINVAL);
	/* Once the cache is persistent, its objects may be too. */
	assert_errno(ml_persist(fx->fd, cc.id), 0);
	assert_errno(ml_persist(fx->fd, obj), 0);
	ml_fx_track_id(fx, obj);
	assert_errno(ml_free(fx->fd, obj), 0);
	ml_fx_untrack_id(fx, obj);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	ml_fx_untrack_id(fx, cc.id);
	ml_assert_baseline(fx);
}

static void test_persistent_cache(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	struct memlab_obj_info oi;
	char name[MEMLAB_NAME_LEN];
	int fd2 = ml_fx_open(fx), i;
	__u32 obj, pobj;

	ml_name(name, sizeof(name), "pcache");
	assert_errno(ml_cache_create(fd2, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     MEMLAB_F_PERSISTENT, &cc), 0);
	ml_fx_track_id(fx, cc.id);
	/* File-scoped objects in a persistent cache go with their file. */
	for (i = 0; i < 4; i++)
		assert_errno(ml_cache_obj(fd2, cc.id, 0, &obj), 0);
	assert_errno(ml_cache_obj(fd2, cc.id, MEMLAB_F_PERSISTENT, &pobj), 0);
	ml_fx_track_id(fx, pobj);
	assert_errno(ml_fx_close(fx, fd2), 0);
	assert_errno(ml_obj_info(fx->fd, cc.id, &oi), 0);
	assert_int_equal(oi.flags & MEMLAB_OBJ_PERSISTENT,
			 MEMLAB_OBJ_PERSISTENT);
	assert_int_equal(oi.nr_objects, 1);
	/* The persistent object keeps the cache busy. */
	assert_errno(ml_cache_destroy(fx->fd, cc.id), -EBUSY);
	/* Other files may allocate from it. */
	assert_errno(ml_cache_obj(fx->fd, cc.id, 0, &obj), 0);
	assert_errno(ml_free(fx->fd, obj), 0);
	assert_errno(ml_free(fx->fd, pobj), 0);
	ml_fx_untrack_id(fx, pobj);
	assert_errno(ml_cache_destroy(fx->fd, cc.id), 0);
	ml_fx_untrack_id(fx, cc.id);
	ml_assert_baseline(fx);
}

/* Objects created by root for the unprivileged child to poke at. */
static struct {
	__u32 km, pg, cache, file_km;
	__u64 pg_off;
} root_objs;

/* In a child: report a failed check by name and count it. */
static int child_fails;

#define CHILD_CHECK(n, cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "child check %d failed: %s\n", n, #cond); \
		child_fails++; \
	} \
} while (0)

static int child_foreign(void *arg)
{
	struct memlab_obj_info oi;
	unsigned char buf[16] = { 0 };
	__u64 off = root_objs.pg_off;
	__u32 id;
	void *p;
	int fd;

	(void)arg;
	fd = ml_open();
	if (fd < 0) {
		fprintf(stderr, "child: open: %s\n", ml_errname(fd));
		return 100;
	}
	/* Looking is allowed, without addresses. */
	CHILD_CHECK(11, ml_obj_info(fd, root_objs.km, &oi) == 0);
	CHILD_CHECK(12, oi.uid == 0 && !oi.kaddr && !oi.phys);
	CHILD_CHECK(13, ml_listed(fd, root_objs.km) == 1);
	/* Anything else on another uid's object: -EPERM. */
	CHILD_CHECK(14, ml_read(fd, root_objs.km, 0, 16, buf) == -EPERM);
	CHILD_CHECK(15, ml_write(fd, root_objs.km, 0, 16, buf) == -EPERM);
	CHILD_CHECK(16, ml_fill(fd, root_objs.km, 0, 0, 16) == -EPERM);
	CHILD_CHECK(17, ml_verify(fd, root_objs.km, 0, 0, 16, NULL, NULL) ==
			-EPERM);
	CHILD_CHECK(18, ml_free(fd, root_objs.km) == -EPERM);
	CHILD_CHECK(19, ml_persist(fd, root_objs.km) == -EPERM);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, (off_t)off);
	CHILD_CHECK(20, p == MAP_FAILED && errno == EPERM);
	CHILD_CHECK(21, ml_cache_obj(fd, root_objs.cache, 0, &id) == -EPERM);
	CHILD_CHECK(22, ml_cache_destroy(fd, root_objs.cache) == -EPERM);
	CHILD_CHECK(23, ml_mmap_offset(fd, root_objs.pg, NULL) == -EPERM);
	/* Root's file-scoped object does not exist here. */
	CHILD_CHECK(24, ml_obj_info(fd, root_objs.file_km, &oi) == -ENOENT);
	/* Its own objects work as usual. */
	CHILD_CHECK(25, ml_alloc(fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT,
				 0, 0, 16, &id) == 0);
	CHILD_CHECK(26, ml_obj_info(fd, id, &oi) == 0 &&
			oi.uid == ML_NOBODY);
	CHILD_CHECK(27, ml_free(fd, id) == 0);
	close(fd);
	return child_fails;
}

static void test_foreign_uid(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_cache_create cc;
	char name[MEMLAB_NAME_LEN];
	struct memlab_obj_info oi;
	int rc;

	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT,
			      0, 0, 16, &root_objs.km), 0);
	ml_fx_track_id(fx, root_objs.km);
	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_PAGES, MEMLAB_F_PERSISTENT,
			      0, 0, 0, &root_objs.pg), 0);
	ml_fx_track_id(fx, root_objs.pg);
	assert_errno(ml_mmap_offset(fx->fd, root_objs.pg, &root_objs.pg_off),
		     0);
	ml_name(name, sizeof(name), "foreign");
	assert_errno(ml_cache_create(fx->fd, name, 64, 0, MEMLAB_SLAB_NO_MERGE,
				     MEMLAB_F_PERSISTENT, &cc), 0);
	root_objs.cache = cc.id;
	ml_fx_track_id(fx, cc.id);
	assert_errno(ml_kmalloc(fx->fd, 16, &root_objs.file_km), 0);

	ml_fx_dev_open_to_all(fx);
	rc = ml_in_child_as_nobody(child_foreign, NULL);
	if (rc)
		fail_msg("unprivileged child: %d checks failed (listed above)",
			 rc);
	/* Nothing was freed or changed. */
	assert_errno(ml_obj_info(fx->fd, root_objs.km, &oi), 0);
	assert_errno(ml_obj_info(fx->fd, root_objs.cache, &oi), 0);
	assert_int_equal(oi.nr_objects, 0);
}

static int child_nobody_creates(void *arg)
{
	__u32 *out = arg, id;
	int fd = ml_open();

	if (fd < 0)
		return 10;
	if (ml_alloc(fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT, 0, 0, 40,
		     &id))
		return 11;
	if (ml_fill(fd, id, 0x0b0b0b0b, 0, 40))
		return 12;
	*out = id;
	return 0;
}

static void test_root_manages_foreign(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;
	__u64 nr_bad;
	__u32 *id;

	id = ml_fx_mmap(fx, -1, fx->page, PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, 0);
	assert_true(id != MAP_FAILED);
	ml_fx_dev_open_to_all(fx);
	assert_int_equal(ml_in_child_as_nobody(child_nobody_creates, id), 0);
	ml_fx_track_id(fx, *id);
	assert_errno(ml_obj_info(fx->fd, *id, &oi), 0);
	assert_int_equal(oi.uid, ML_NOBODY);
	/* CAP_SYS_ADMIN may use and free another uid's object. */
	assert_errno(ml_verify(fx->fd, *id, 0x0b0b0b0b, 0, 40, &nr_bad, NULL),
		     0);
	assert_int_equal(nr_bad, 0);
	assert_errno(ml_free(fx->fd, *id), 0);
	ml_fx_untrack_id(fx, *id);
	ml_assert_baseline(fx);
}

static __u32 same_uid_id;

static int child_same_uid_no_cap(void *arg)
{
	unsigned char buf[8];
	int fd = ml_open();

	(void)arg;
	if (fd < 0)
		return 10;
	/* Same uid as the creator: allowed without CAP_SYS_ADMIN. */
	if (ml_read(fd, same_uid_id, 0, 8, buf))
		return 11;
	if (ml_free(fd, same_uid_id))
		return 12;
	close(fd);
	return 0;
}

static void test_same_uid_without_cap(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct memlab_obj_info oi;

	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT,
			      0, 0, 8, &same_uid_id), 0);
	ml_fx_track_id(fx, same_uid_id);
	assert_int_equal(ml_in_child_no_sysadmin(child_same_uid_no_cap, NULL),
			 0);
	assert_errno(ml_obj_info(fx->fd, same_uid_id, &oi), -ENOENT);
	ml_fx_untrack_id(fx, same_uid_id);
}

static int child_open(void *arg)
{
	int fd = ml_open();

	(void)arg;
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -fd;
}

static void test_unprivileged_open(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct stat st;

	assert_int_equal(stat(ML_DEV, &st), 0);
	if (st.st_mode & 0006)
		ml_skip(ML_DEV " is mode %o: open to everyone",
			st.st_mode & 0777);
	/* Neither owner nor group member: EACCES. */
	assert_int_equal(ml_in_child_as_nobody(child_open, NULL), EACCES);
	(void)fx;
}

/* The udev rule's setup: root:memlab 0660. memlab's gid here: any free one. */
#define MEMLAB_GID	4242

/* A member of the group, otherwise unprivileged: may use the device, sees no address. */
static int child_group_member(void *arg)
{
	struct memlab_obj_info oi, *all;
	__u32 root_km = *(__u32 *)arg, id;
	gid_t groups[] = { MEMLAB_GID };
	unsigned int n, i;
	int fd;

	child_fails = 0;
	if (setgroups(1, groups) || setgid(ML_NOBODY) || setuid(ML_NOBODY))
		return 100;
	fd = ml_open();
	CHILD_CHECK(1, fd >= 0);
	if (fd < 0)
		return child_fails;
	CHILD_CHECK(2, ml_alloc(fd, MEMLAB_KIND_DMA_COHERENT, 0, 0, 0, 4096,
				&id) == 0);
	CHILD_CHECK(3, ml_obj_info(fd, id, &oi) == 0 && !oi.kaddr &&
			!oi.phys && !oi.dma_addr);
	CHILD_CHECK(4, ml_obj_info(fd, root_km, &oi) == 0 && !oi.kaddr &&
			!oi.phys);
	CHILD_CHECK(5, ml_list_all(fd, &all, &n) == 0);
	for (i = 0; i < n; i++)
		CHILD_CHECK(6, !all[i].kaddr && !all[i].phys &&
				!all[i].dma_addr);
	free(all);
	/* in the group, but still not root's objects to free */
	CHILD_CHECK(7, ml_free(fd, root_km) == -EPERM);
	close(fd);
	return child_fails;
}

static int child_no_group(void *arg)
{
	gid_t groups[] = { MEMLAB_GID + 1 };
	int fd;

	(void)arg;
	if (setgroups(1, groups) || setgid(ML_NOBODY) || setuid(ML_NOBODY))
		return 100;
	fd = ml_open();
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -fd;
}

static void test_group_access(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct stat st;
	__u32 km;
	int rc;

	assert_int_equal(stat(ML_DEV, &st), 0);
	assert_errno(ml_alloc(fx->fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT,
			      0, 0, 32, &km), 0);
	ml_fx_track_id(fx, km);
	/* the mode is restored by the fixture, the group here */
	ml_fx_dev_open_to_all(fx);
	assert_int_equal(chown(ML_DEV, 0, MEMLAB_GID), 0);
	assert_int_equal(chmod(ML_DEV, 0660), 0);
	rc = ml_in_child(child_group_member, &km);
	assert_int_equal(chown(ML_DEV, st.st_uid, st.st_gid), 0);
	if (rc)
		fail_msg("group member: %d checks failed (listed above)", rc);
	assert_int_equal(chown(ML_DEV, 0, MEMLAB_GID), 0);
	rc = ml_in_child(child_no_group, NULL);
	assert_int_equal(chown(ML_DEV, st.st_uid, st.st_gid), 0);
	assert_int_equal(rc, EACCES);
}

/* The per-uid byte limit holds for a group member as for root. */
static int child_uid_limit(void *arg)
{
	gid_t groups[] = { MEMLAB_GID };
	__u32 id, id2;
	int fd;

	(void)arg;
	child_fails = 0;
	if (setgroups(1, groups) || setgid(ML_NOBODY) || setuid(ML_NOBODY))
		return 100;
	fd = ml_open();
	CHILD_CHECK(1, fd >= 0);
	if (fd < 0)
		return child_fails;
	CHILD_CHECK(2, ml_kmalloc(fd, 32768, &id) == 0);
	CHILD_CHECK(3, ml_kmalloc(fd, 65536, &id2) == -EDQUOT);
	CHILD_CHECK(4, ml_vmalloc(fd, 40960, &id2) == -EDQUOT);
	CHILD_CHECK(5, ml_pages(fd, 4, &id2) == -EDQUOT);
	CHILD_CHECK(6, ml_free(fd, id) == 0);
	/* at the limit exactly is still within it */
	CHILD_CHECK(7, ml_kmalloc(fd, 65536, &id) == 0);
	/* and the member may not raise it */
	CHILD_CHECK(8, ml_write_file(ML_PARAM_DIR "/uid_max_bytes", "0") < 0);
	close(fd);
	return child_fails;
}

static void test_group_member_uid_limit(void **state)
{
	struct ml_fixture *fx = ml_fx(state);
	struct stat st;
	int rc;

	assert_int_equal(stat(ML_DEV, &st), 0);
	rc = ml_fx_param_set_u64(fx, "uid_max_bytes", 65536);
	if (rc == -ENOENT || rc == -EACCES || rc == -EPERM)
		ml_skip("cannot write parameter uid_max_bytes: %s",
			ml_errname(rc));
	assert_errno(rc, 0);
	ml_fx_dev_open_to_all(fx);
	assert_int_equal(chown(ML_DEV, 0, MEMLAB_GID), 0);
	assert_int_equal(chmod(ML_DEV, 0660), 0);
	rc = ml_in_child(child_uid_limit, NULL);
	assert_int_equal(chown(ML_DEV, st.st_uid, st.st_gid), 0);
	if (rc)
		fail_msg("uid limit as group member: %d checks failed (listed above)", rc);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, ml_setup, ml_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_file_scope_invisible),
		T(test_file_scope_freed_at_close),
		T(test_persistent_visible),
		T(test_persist_ioctl),
		T(test_persistent_survives_process),
		T(test_persistent_obj_in_file_cache),
		T(test_persistent_cache),
		T(test_foreign_uid),
		T(test_root_manages_foreign),
		T(test_same_uid_without_cap),
		T(test_unprivileged_open),
		T(test_group_access),
		T(test_group_member_uid_limit),
	};

	return cmocka_run_group_tests_name("memlab_scope", tests, NULL, NULL);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * libmemctl's generic netlink client against the real driver: run as root
 * in the test guest, linked with the static libmemctl.a (and libnl-3).
 *
 * The kernel side is tests/integration/test_netlink.c's business; these
 * check that the library turns the family's answers into the same
 * structures the ioctls fill, reports errors with the kernel's text, and
 * that its event subscription delivers, can be polled and survives an
 * overrun.
 */
#include <errno.h>
#include <grp.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <cmocka.h>

#include "memctl.h"

#define NOBODY		65534

#define assert_rc(expr, want) do {					\
	int rc_ = (expr), want_ = (want);				\
	if (rc_ != want_)						\
		fail_msg("%s = %d (%s), expected %d (%s)", #expr, rc_,	\
			 strerror(-rc_), want_, strerror(-want_));	\
} while (0)
#define assert_ok(expr)	assert_rc(expr, 0)

struct fx {
	struct memctl *ctx;	/* the device, to make objects */
	struct memctl_nl *nl;
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	if (!fx || memctl_open(&fx->ctx, NULL) || memctl_nl_open(&fx->nl))
		return -1;
	*state = fx;
	return 0;
}

/* Closing the device frees the test's (file-scoped) objects. */
static int teardown(void **state)
{
	struct fx *fx = *state;

	memctl_nl_close(fx->nl);
	memctl_close(fx->ctx);
	free(fx);
	return 0;
}

static void assert_same(const struct memlab_obj_info *a,
			const struct memlab_obj_info *b)
{
	if (memcmp(a, b, sizeof(*a)))
		fail_msg("object %u: netlink and ioctl views differ (kind %u/%u size %llu/%llu flags %x/%x name %s/%s)",
			 a->id, a->kind, b->kind,
			 (unsigned long long)a->size,
			 (unsigned long long)b->size, a->flags, b->flags,
			 a->name, b->name);
}

static const struct memlab_obj_info *
find(const struct memlab_obj_info *objs, size_t nr, uint32_t id)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (objs[i].id == id)
			return &objs[i];
	return NULL;
}

static void test_stats(void **state)
{
	struct fx *fx = *state;
	struct memlab_info info;
	struct memctl_stats st;
	uint32_t id;
	int k;

	assert_ok(memctl_kmalloc(fx->ctx, 300, 0, 0, &id));
	assert_ok(memctl_info(fx->ctx, &info));
	assert_ok(memctl_nl_stats(fx->nl, &st));
	assert_int_equal(st.version, MEMLAB_VERSION);
	assert_int_equal(st.objects, info.nr_objects);
	assert_int_equal(st.bytes, info.nr_bytes);
	assert_int_equal(st.uid_bytes, info.uid_bytes);
	assert_int_equal(st.limit_hits, info.limit_hits);
	assert_int_equal(st.failures, info.alloc_failures);
	assert_int_equal(st.max_bytes, info.max_bytes);
	assert_int_equal(st.max_objects, info.max_objects);
	assert_int_equal(st.max_caches, info.max_caches);
	assert_int_equal(st.uid_max_bytes, info.uid_max_bytes);
	assert_int_equal(st.max_order, info.max_order);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		assert_int_equal(st.kinds[k].objects, info.kind_objects[k]);
		assert_int_equal(st.kinds[k].bytes, info.kind_bytes[k]);
	}
	assert_true(st.kinds[MEMLAB_KIND_KMALLOC].allocs >= 1);
	assert_true(st.allocs >= st.frees + st.objects);
	assert_rc(memctl_nl_stats(fx->nl, NULL), -EINVAL);
	assert_rc(memctl_nl_stats(NULL, &st), -EINVAL);
}

static void test_objects(void **state)
{
	struct fx *fx = *state;
	struct memlab_obj_info *objs, oi, one;
	uint32_t ids[5], cache;
	size_t nr, i;

	assert_ok(memctl_kmalloc(fx->ctx, 64, 0, 0, &ids[0]));
	assert_ok(memctl_alloc_pages(fx->ctx, 2, 0, 0, &ids[1]));
	assert_ok(memctl_vmalloc(fx->ctx, 10000, 0, 0, &ids[2]));
	assert_ok(memctl_dma_alloc(fx->ctx, 4096, 0, 0, &ids[3]));
	assert_ok(memctl_cache_create(fx->ctx, "lib_nl", 80, 0, 0, 0, NULL));
	assert_ok(memctl_cache_find(fx->ctx, "lib_nl", &cache));
	assert_ok(memctl_cache_alloc(fx->ctx, cache, 0, 0, &ids[4]));

	assert_ok(memctl_nl_objects(fx->nl, 0, &objs, &nr));
	for (i = 1; i < nr; i++)
		assert_true(objs[i].id > objs[i - 1].id);
	for (i = 0; i < 5; i++) {
		const struct memlab_obj_info *o = find(objs, nr, ids[i]);

		assert_non_null(o);
		assert_ok(memctl_obj_info(fx->ctx, ids[i], &oi));
		assert_same(o, &oi);
		assert_ok(memctl_nl_object(fx->nl, ids[i], &one));
		assert_same(&one, &oi);
		/* root: the kernel address came through */
		assert_true(one.kaddr != 0);
	}
	free(objs);

	assert_ok(memctl_nl_objects(fx->nl, MEMLAB_KIND_PAGES, &objs, &nr));
	assert_true(nr >= 1);
	for (i = 0; i < nr; i++)
		assert_int_equal(objs[i].kind, MEMLAB_KIND_PAGES);
	assert_non_null(find(objs, nr, ids[1]));
	free(objs);

	assert_ok(memctl_free(fx->ctx, ids[0]));
	assert_rc(memctl_nl_object(fx->nl, ids[0], &one), -ENOENT);
	assert_non_null(strstr(memctl_nl_errmsg(fx->nl), "no object"));
	assert_rc(memctl_nl_objects(fx->nl, MEMLAB_KIND_NR, &objs, &nr),
		  -EINVAL);
	assert_rc(memctl_nl_object(fx->nl, 1, NULL), -EINVAL);
}

static void test_caches(void **state)
{
	struct fx *fx = *state;
	struct memlab_obj_info *objs, oi, c;
	struct memlab_cache_create cc;
	char longname[MEMLAB_NAME_LEN + 8];
	size_t nr, i;

	assert_ok(memctl_cache_create(fx->ctx, "lib_nl_c", 120, 0,
				      MEMLAB_SLAB_NO_MERGE, 0, &cc));
	assert_ok(memctl_obj_info(fx->ctx, cc.id, &oi));
	assert_ok(memctl_nl_cache(fx->nl, cc.id, NULL, &c));
	assert_same(&c, &oi);
	assert_ok(memctl_nl_cache(fx->nl, 0, "lib_nl_c", &c));
	assert_same(&c, &oi);
	assert_rc(memctl_nl_cache(fx->nl, 0, "lib_nl_none", &c), -ENOENT);
	assert_true(memctl_nl_errmsg(fx->nl)[0] != '\0');
	assert_rc(memctl_nl_cache(fx->nl, 0, NULL, &c), -EINVAL);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_rc(memctl_nl_cache(fx->nl, 0, longname, &c), -EINVAL);

	assert_ok(memctl_nl_caches(fx->nl, &objs, &nr));
	for (i = 0; i < nr; i++)
		assert_int_equal(objs[i].kind, MEMLAB_KIND_CACHE);
	assert_non_null(find(objs, nr, cc.id));
	assert_same(find(objs, nr, cc.id), &oi);
	free(objs);
}

/* ---- events ---- */

#define MAX_EV	64

struct evlog {
	int nr;
	int stop_at;		/* return 42 from the callback at this event */
	struct memctl_event ev[MAX_EV];
};

static int record(const struct memctl_event *ev, void *arg)
{
	struct evlog *l = arg;

	if (l->nr < MAX_EV)
		l->ev[l->nr] = *ev;
	l->nr++;
	return l->stop_at && l->nr == l->stop_at ? 42 : 0;
}

/* Poll and dispatch until @want events or 2 s of silence. */
static void drain(struct memctl_events *ev, struct evlog *l, int want)
{
	struct pollfd p = { .fd = memctl_events_fd(ev), .events = POLLIN };

	while (l->nr < want && poll(&p, 1, 2000) > 0)
		assert_true(memctl_events_dispatch(ev) >= 0);
}

static void test_events(void **state)
{
	struct fx *fx = *state;
	struct memlab_cache_create cc;
	struct memctl_events *ev;
	struct evlog l = { 0 };
	uint32_t km, obj;

	assert_ok(memctl_events_open(&ev, record, &l));
	assert_true(memctl_events_fd(ev) >= 0);
	/* nothing pending: returns at once */
	assert_rc(memctl_events_dispatch(ev), 0);

	assert_ok(memctl_cache_create(fx->ctx, "lib_nl_ev", 256, 0, 0, 0,
				      &cc));
	assert_ok(memctl_cache_alloc(fx->ctx, cc.id, 0, 0, &obj));
	assert_ok(memctl_kmalloc(fx->ctx, 77, 0, 0, &km));
	assert_ok(memctl_free(fx->ctx, km));
	assert_ok(memctl_free(fx->ctx, obj));
	assert_ok(memctl_cache_destroy(fx->ctx, cc.id));
	drain(ev, &l, 6);
	assert_int_equal(l.nr, 6);
	assert_int_equal(l.ev[0].type, MEMLAB_CMD_CACHE_NEW);
	assert_int_equal(l.ev[0].obj.id, cc.id);
	assert_string_equal(l.ev[0].obj.name, "lib_nl_ev");
	assert_string_equal(l.ev[0].obj.merged_into, cc.merged_into);
	assert_int_equal(l.ev[1].type, MEMLAB_CMD_OBJ_NEW);
	assert_int_equal(l.ev[1].obj.kind, MEMLAB_KIND_CACHE_OBJ);
	assert_int_equal(l.ev[1].obj.cache_id, cc.id);
	assert_int_equal(l.ev[2].type, MEMLAB_CMD_OBJ_NEW);
	assert_int_equal(l.ev[2].obj.id, km);
	assert_int_equal(l.ev[2].obj.size, 77);
	assert_int_equal(l.ev[3].type, MEMLAB_CMD_OBJ_DEL);
	assert_int_equal(l.ev[3].obj.id, km);
	assert_int_equal(l.ev[4].type, MEMLAB_CMD_OBJ_DEL);
	assert_int_equal(l.ev[4].obj.id, obj);
	assert_int_equal(l.ev[5].type, MEMLAB_CMD_CACHE_DEL);
	assert_string_equal(memctl_event_name(l.ev[0].type), "cache-new");
	assert_string_equal(memctl_event_name(l.ev[3].type), "obj-del");
	memctl_events_close(ev);
}

static void test_event_refused(void **state)
{
	struct fx *fx = *state;
	struct memctl_events *ev;
	struct evlog l = { 0 };
	struct memlab_info info;
	uint32_t id;

	assert_ok(memctl_info(fx->ctx, &info));
	assert_ok(memctl_events_open(&ev, record, &l));
	assert_rc(memctl_vmalloc(fx->ctx, info.max_bytes + 4096, 0, 0, &id),
		  -ENOSPC);
	drain(ev, &l, 1);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.ev[0].type, MEMLAB_CMD_LIMIT_HIT);
	assert_int_equal(l.ev[0].error, ENOSPC);
	assert_int_equal(l.ev[0].limit, MEMLAB_LIMIT_BYTES);
	assert_int_equal(l.ev[0].obj.kind, MEMLAB_KIND_VMALLOC);
	assert_int_equal(l.ev[0].obj.size, info.max_bytes + 4096);
	assert_string_equal(memctl_limit_name(l.ev[0].limit), "bytes");
	memctl_events_close(ev);
}

static void test_event_callback_stops(void **state)
{
	struct fx *fx = *state;
	struct memctl_events *ev;
	struct evlog l = { .stop_at = 1 };
	struct pollfd p;
	uint32_t a, b;
	int rc = 0;

	assert_ok(memctl_events_open(&ev, record, &l));
	assert_ok(memctl_kmalloc(fx->ctx, 10, 0, 0, &a));
	assert_ok(memctl_kmalloc(fx->ctx, 20, 0, 0, &b));
	p.fd = memctl_events_fd(ev);
	p.events = POLLIN;
	assert_int_equal(poll(&p, 1, 2000), 1);
	rc = memctl_events_dispatch(ev);
	assert_int_equal(rc, 42);
	assert_int_equal(l.nr, 1);
	/* the second event is still there for the next call */
	l.stop_at = 0;
	drain(ev, &l, 2);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.ev[1].obj.id, b);
	memctl_events_close(ev);
}

/* A listener that does not read loses events, knows it, and goes on. */
static void test_event_overrun(void **state)
{
	struct fx *fx = *state;
	struct memctl_events *ev;
	struct evlog l = { 0 };
	bool lost = false;
	uint32_t id;
	int i, rc;

	assert_ok(memctl_events_open(&ev, record, &l));
	for (i = 0; i < 4000; i++) {
		assert_ok(memctl_kmalloc(fx->ctx, 8, 0, 0, &id));
		assert_ok(memctl_free(fx->ctx, id));
	}
	for (i = 0; i < 100; i++) {
		rc = memctl_events_dispatch(ev);
		if (rc == -ENOBUFS)
			lost = true;
		else if (rc <= 0)
			break;
	}
	assert_true(lost);
	assert_true(l.nr < 8000);
	/* still subscribed */
	l.nr = 0;
	assert_ok(memctl_kmalloc(fx->ctx, 8, 0, 0, &id));
	drain(ev, &l, 1);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.ev[0].obj.id, id);
	memctl_events_close(ev);
}

/* ---- privileges ---- */

static int nobody_view(uint32_t persistent)
{
	struct memlab_obj_info *objs, one;
	struct memctl_stats st;
	struct memctl_nl *nl;
	size_t nr, i;

	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY))
		return 1;
	if (memctl_nl_open(&nl))
		return 2;
	if (memctl_nl_stats(nl, &st) || st.uid_bytes)
		return 3;
	if (memctl_nl_objects(nl, 0, &objs, &nr))
		return 4;
	if (!find(objs, nr, persistent))
		return 5;
	for (i = 0; i < nr; i++)
		if (objs[i].kaddr || objs[i].phys || objs[i].dma_addr)
			return 6;
	free(objs);
	if (memctl_nl_object(nl, persistent, &one) || one.kaddr)
		return 7;
	memctl_nl_close(nl);
	return 0;
}

static void test_unprivileged(void **state)
{
	struct fx *fx = *state;
	uint32_t id;
	int status;
	pid_t pid;

	assert_ok(memctl_dma_alloc(fx->ctx, 4096, 0, MEMLAB_F_PERSISTENT,
				   &id));
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid)
		_exit(nobody_view(id));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_ok(memctl_free(fx->ctx, id));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

#define T(fn)	cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_stats),
		T(test_objects),
		T(test_caches),
		T(test_events),
		T(test_event_refused),
		T(test_event_callback_stops),
		T(test_event_overrun),
		T(test_unprivileged),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

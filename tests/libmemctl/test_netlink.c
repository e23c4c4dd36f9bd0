// SPDX-License-Identifier: GPL-2.0
/*
 * Host tests of libmemctl's netlink client (libmemctl/netlink*.c, built in
 * directly to reach the parsers): the messages memlab.ko sends, made by
 * hand with libnl, parsed as the library parses replies and events; the
 * NLE_* to errno table; argument checks; and what this host, where memlab
 * is not loaded, answers to memctl_nl_open() and memctl_events_open().
 * Requests, replies, errors and events on sockets: test_netlink_io.c.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <netlink/genl/genl.h>

#include "memctl.h"
#include "netlink_priv.h"

#define FAMILY	0x42	/* any id: nothing is sent */

/* test_netlink_io.c: the client against a fake kernel */
int run_netlink_io_tests(void);

static struct nl_msg *msg_new(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 0, FAMILY, 0, 0, cmd, 1));
	return m;
}

static void test_open_without_module(void **state)
{
	struct memctl_events *ev;
	struct memctl_nl *nl;
	int rc;

	(void)state;
	rc = memctl_nl_open(&nl);
	if (!rc) {
		memctl_nl_close(nl);
		skip();		/* memlab is loaded on this machine */
	}
	assert_int_equal(rc, -ENOENT);
	assert_int_equal(memctl_events_open(&ev, NULL, NULL), -EINVAL);
	rc = memctl_events_open(&ev, (int (*)(const struct memctl_event *,
					       void *))abort, NULL);
	assert_int_equal(rc, -ENOENT);
}

static void test_bad_arguments(void **state)
{
	struct memlab_obj_info oi, *objs;
	struct memctl_stats st;
	size_t nr;

	(void)state;
	assert_int_equal(memctl_nl_open(NULL), -EINVAL);
	assert_int_equal(memctl_nl_stats(NULL, &st), -EINVAL);
	assert_int_equal(memctl_nl_object(NULL, 1, &oi), -EINVAL);
	assert_int_equal(memctl_nl_objects(NULL, 0, &objs, &nr), -EINVAL);
	assert_int_equal(memctl_nl_cache(NULL, 1, NULL, &oi), -EINVAL);
	assert_int_equal(memctl_nl_caches(NULL, &objs, &nr), -EINVAL);
	assert_int_equal(memctl_events_dispatch(NULL), -EINVAL);
	assert_int_equal(memctl_events_fd(NULL), -EINVAL);
	assert_string_equal(memctl_nl_errmsg(NULL), "");
	memctl_nl_close(NULL);
	memctl_events_close(NULL);
}

static void test_names(void **state)
{
	static const char *const ev[] = {
		NULL, NULL, NULL, NULL, "obj-new", "obj-del", "cache-new",
		"cache-del", "alloc-failed", "limit-hit", "unloading",
	};
	static const char *const lim[] = {
		NULL, "bytes", "objects", "caches", "uid-bytes", "order",
	};
	uint32_t i;

	(void)state;
	assert_int_equal(sizeof(ev) / sizeof(ev[0]), __MEMLAB_CMD_MAX);
	for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		if (ev[i])
			assert_string_equal(memctl_event_name(i), ev[i]);
		else
			assert_null(memctl_event_name(i));
	}
	assert_null(memctl_event_name(__MEMLAB_CMD_MAX));
	assert_null(memctl_event_name(UINT32_MAX));
	for (i = 0; i < sizeof(lim) / sizeof(lim[0]); i++) {
		if (lim[i])
			assert_string_equal(memctl_limit_name(i), lim[i]);
		else
			assert_null(memctl_limit_name(i));
	}
	assert_null(memctl_limit_name(MEMLAB_LIMIT_ORDER + 1));
}

static void test_errno_table(void **state)
{
	(void)state;
	assert_int_equal(memctl_nl_errno(0), 0);
	assert_int_equal(memctl_nl_errno(-NLE_OBJ_NOTFOUND), -ENOENT);
	assert_int_equal(memctl_nl_errno(-NLE_NOMEM), -ENOMEM);
	assert_int_equal(memctl_nl_errno(-NLE_PERM), -EPERM);
	assert_int_equal(memctl_nl_errno(-NLE_NOACCESS), -EACCES);
	assert_int_equal(memctl_nl_errno(-NLE_AGAIN), -EAGAIN);
	assert_int_equal(memctl_nl_errno(-NLE_DUMP_INTR), -EINTR);
	assert_int_equal(memctl_nl_errno(-NLE_FAILURE), -EIO);
	assert_int_equal(memctl_nl_errno(-9999), -EIO);
	assert_int_equal(memctl_nl_errno(NLE_INVAL), -EINVAL);
}

/* A CACHE_NEW event as the driver builds it (memlab_nl_put_info()). */
static void test_parse_object_event(void **state)
{
	struct nl_msg *m = msg_new(MEMLAB_CMD_CACHE_NEW);
	struct memctl_event ev;

	(void)state;
	assert_int_equal(nla_put_u32(m, MEMLAB_A_ID, 7), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_KIND, MEMLAB_KIND_CACHE), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_FLAGS,
				     MEMLAB_OBJ_PERSISTENT |
				     MEMLAB_OBJ_MERGED), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_UID, 1000), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_SIZE, 1024), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_CTIME, 123456789ULL), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_SLAB_SIZE, 1024), 0);
	assert_int_equal(nla_put_string(m, MEMLAB_A_NAME, "hugo"), 0);
	assert_int_equal(nla_put_string(m, MEMLAB_A_MERGED_INTO, ":0001024"),
			 0);
	assert_int_equal(memctl_nl_parse_event(nlmsg_hdr(m), &ev), 0);
	assert_int_equal(ev.type, MEMLAB_CMD_CACHE_NEW);
	assert_int_equal(ev.obj.id, 7);
	assert_int_equal(ev.obj.kind, MEMLAB_KIND_CACHE);
	assert_int_equal(ev.obj.flags, MEMLAB_OBJ_PERSISTENT |
			 MEMLAB_OBJ_MERGED);
	assert_int_equal(ev.obj.uid, 1000);
	assert_int_equal(ev.obj.size, 1024);
	assert_int_equal(ev.obj.ctime_ns, 123456789ULL);
	assert_int_equal(ev.obj.slab_size, 1024);
	assert_string_equal(ev.obj.name, "hugo");
	assert_string_equal(ev.obj.merged_into, ":0001024");
	/* what was not sent is 0 */
	assert_int_equal(ev.obj.kaddr, 0);
	assert_int_equal(ev.obj.order, 0);
	assert_int_equal(ev.error, 0);
	nlmsg_free(m);
}

static void test_parse_limit_event(void **state)
{
	struct nl_msg *m = msg_new(MEMLAB_CMD_LIMIT_HIT);
	struct memctl_event ev;

	(void)state;
	assert_int_equal(nla_put_u32(m, MEMLAB_A_KIND, MEMLAB_KIND_PAGES), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_SIZE, 1 << 22), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_ORDER, 10), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_ERRNO, E2BIG), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_LIMIT, MEMLAB_LIMIT_ORDER),
			 0);
	assert_int_equal(memctl_nl_parse_event(nlmsg_hdr(m), &ev), 0);
	assert_int_equal(ev.type, MEMLAB_CMD_LIMIT_HIT);
	assert_int_equal(ev.obj.kind, MEMLAB_KIND_PAGES);
	assert_int_equal(ev.obj.order, 10);
	assert_int_equal(ev.obj.size, 1 << 22);
	assert_int_equal(ev.error, E2BIG);
	assert_int_equal(ev.limit, MEMLAB_LIMIT_ORDER);
	nlmsg_free(m);

	m = msg_new(MEMLAB_CMD_UNLOADING);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_OBJECTS, 6), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_CACHES, 1), 0);
	assert_int_equal(memctl_nl_parse_event(nlmsg_hdr(m), &ev), 0);
	assert_int_equal(ev.objects, 6);
	assert_int_equal(ev.caches, 1);
	nlmsg_free(m);
}

/* Malformed: a string without its NUL, a u32 of two bytes. */
static void test_parse_malformed(void **state)
{
	struct memctl_event ev;
	struct nl_msg *m;

	(void)state;
	m = msg_new(MEMLAB_CMD_OBJ_NEW);
	assert_int_equal(nla_put(m, MEMLAB_A_NAME, 4, "hugo"), 0);
	assert_true(memctl_nl_parse_event(nlmsg_hdr(m), &ev) < 0);
	nlmsg_free(m);

	m = msg_new(MEMLAB_CMD_OBJ_NEW);
	assert_int_equal(nla_put_u16(m, MEMLAB_A_ID, 3), 0);
	assert_true(memctl_nl_parse_event(nlmsg_hdr(m), &ev) < 0);
	nlmsg_free(m);
}

static void put_kind(struct nl_msg *m, uint32_t kind, uint64_t base)
{
	struct nlattr *nest = nla_nest_start(m, MEMLAB_A_STATS_KIND);

	assert_non_null(nest);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_KIND, kind), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_OBJECTS, base + 1), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_BYTES, base + 2), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_ALLOCS, base + 3), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_FREES, base + 4), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_FAILURES, base + 5),
			 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_LIMIT_HITS, base + 6),
			 0);
	nla_nest_end(m, nest);
}

static void test_parse_stats(void **state)
{
	struct nl_msg *m = msg_new(MEMLAB_CMD_GET_STATS);
	struct nlattr *tb[MEMLAB_A_MAX + 1];
	struct memctl_stats st;

	(void)state;
	assert_int_equal(nla_put_u32(m, MEMLAB_A_VERSION, 1), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_OBJECTS, 3), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_BYTES, 4096), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_MAPPED, 1), 0);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_LIMIT_MAX_BYTES, 1 << 29), 0);
	assert_int_equal(nla_put_u32(m, MEMLAB_A_LIMIT_MAX_ORDER, 10), 0);
	put_kind(m, MEMLAB_KIND_KMALLOC, 100);
	put_kind(m, MEMLAB_KIND_DMA_STREAMING, 700);
	put_kind(m, MEMLAB_KIND_NR + 3, 900);	/* a newer driver's kind */
	assert_int_equal(memctl_nl_parse(nlmsg_hdr(m), tb), 0);
	assert_int_equal(memctl_nl_parse_stats(nlmsg_hdr(m), tb, &st), 0);
	assert_int_equal(st.version, 1);
	assert_int_equal(st.objects, 3);
	assert_int_equal(st.bytes, 4096);
	assert_int_equal(st.mapped, 1);
	assert_int_equal(st.max_bytes, 1 << 29);
	assert_int_equal(st.max_order, 10);
	assert_int_equal(st.kinds[MEMLAB_KIND_KMALLOC].objects, 101);
	assert_int_equal(st.kinds[MEMLAB_KIND_KMALLOC].limit_hits, 106);
	assert_int_equal(st.kinds[MEMLAB_KIND_DMA_STREAMING].bytes, 702);
	assert_int_equal(st.kinds[MEMLAB_KIND_DMA_STREAMING].frees, 704);
	assert_int_equal(st.kinds[MEMLAB_KIND_PAGES].objects, 0);
	nlmsg_free(m);

	/* a reply without the version is not a stats reply */
	m = msg_new(MEMLAB_CMD_GET_STATS);
	assert_int_equal(nla_put_u64(m, MEMLAB_A_STATS_OBJECTS, 3), 0);
	assert_int_equal(memctl_nl_parse(nlmsg_hdr(m), tb), 0);
	assert_int_equal(memctl_nl_parse_stats(nlmsg_hdr(m), tb, &st),
			 -EPROTO);
	nlmsg_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_without_module),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_errno_table),
		cmocka_unit_test(test_parse_object_event),
		cmocka_unit_test(test_parse_limit_event),
		cmocka_unit_test(test_parse_malformed),
		cmocka_unit_test(test_parse_stats),
	};

	int failed;

	failed = cmocka_run_group_tests_name("libmemctl netlink (host)", tests,
					     NULL, NULL);
	failed += run_netlink_io_tests();
	return failed ? 1 : 0;
}

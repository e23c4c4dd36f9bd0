// SPDX-License-Identifier: GPL-2.0
/*
 * Module lifetime: rmmod is refused while a file or a mapping is open; with
 * only persistent objects and caches left it succeeds and frees them, and
 * the module loads again from $MEMLAB_KO (default /payload/memlab.ko).
 *
 * Run this binary LAST: it unloads and reloads the driver.  It always
 * leaves the module loaded (teardown reloads it if a test failed midway).
 */
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/memlab_netlink.h>

#include "common.h"

#define MOD_DIR		"/sys/module/memlab"
#define DEFAULT_KO	"/payload/memlab.ko"

static const char *const param_names[] = {
	"max_bytes", "max_objects", "max_caches", "max_order",
	"uid_max_bytes", "charge_memcg", "dma_mask_bits",
};

struct mod_fx {
	char ko[PATH_MAX];
	char params[512];	/* the loaded module's parameters */
	char dma_param[96];
	bool skip;
	char why[PATH_MAX + 64];
};

static void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Wait up to @ms for /dev/memlab to (dis)appear. */
static bool wait_dev(bool present, unsigned int ms)
{
	unsigned int t;

	for (t = 0; t <= ms; t += 50) {
		if (present) {
			int fd = ml_open();

			if (fd >= 0) {
				close(fd);
				return true;
			}
		} else if (!ml_path_exists(ML_DEV)) {
			return true;
		}
		msleep(50);
	}
	return false;
}

static bool loaded(void)
{
	return ml_path_exists(MOD_DIR "/initstate");
}

static long refcnt(void)
{
	char buf[32];

	if (ml_read_file(MOD_DIR "/refcnt", buf, sizeof(buf)) < 0)
		return -1;
	return atol(buf);
}

/* Load with the parameters the module had, falling back to defaults. */
static int reload(struct mod_fx *m)
{
	int rc;

	rc = ml_module_load(m->ko, m->params);
	if (rc == -EINVAL && m->dma_param[0])
		rc = ml_module_load(m->ko, m->dma_param);
	if (rc == -EINVAL)
		rc = ml_module_load(m->ko, "");
	if (rc)
		return rc;
	return wait_dev(true, 5000) ? 0 : -ETIMEDOUT;
}

static int mod_setup(void **state)
{
	struct mod_fx *m = calloc(1, sizeof(*m));
	const char *env = getenv("MEMLAB_KO");
	const char *penv = getenv("MEMLAB_KO_PARAMS");
	unsigned int i;
	size_t n = 0;

	if (!m)
		return -1;
	snprintf(m->ko, sizeof(m->ko), "%s", env && *env ? env : DEFAULT_KO);
	*state = m;
	if (!loaded()) {
		m->skip = true;
		snprintf(m->why, sizeof(m->why), "memlab is not a loaded module");
		return 0;
	}
	if (access(m->ko, R_OK)) {
		m->skip = true;
		snprintf(m->why, sizeof(m->why), "no module file %s (MEMLAB_KO)",
			 m->ko);
		return 0;
	}
	if (penv) {
		snprintf(m->params, sizeof(m->params), "%s", penv);
		return 0;
	}
	for (i = 0; i < ML_ARRAY_SIZE(param_names); i++) {
		char val[64];

		if (ml_param_read(param_names[i], val, sizeof(val)) <= 0)
			continue;
		n += snprintf(m->params + n, sizeof(m->params) - n, "%s%s=%s",
			      n ? " " : "", param_names[i], val);
		if (!strcmp(param_names[i], "dma_mask_bits"))
			snprintf(m->dma_param, sizeof(m->dma_param),
				 "dma_mask_bits=%s", val);
	}
	return 0;
}

static int mod_teardown(void **state)
{
	struct mod_fx *m = *state;
	int rc = 0;

	if (!m->skip && !loaded()) {
		print_error("module left unloaded: loading it again\n");
		rc = reload(m) ? -1 : 0;
		if (rc)
			print_error("reload of %s failed\n", m->ko);
	}
	free(m);
	return rc;
}

static struct mod_fx *mod_fx(void **state)
{
	struct mod_fx *m = *state;

	if (m->skip)
		ml_skip("%s", m->why);
	return m;
}

static void assert_refused(void)
{
	int rc = ml_module_unload();

	if (rc != -EWOULDBLOCK && rc != -EAGAIN && rc != -EBUSY)
		fail_msg("delete_module while in use: %s, expected -EWOULDBLOCK or -EBUSY",
			 ml_errname(rc));
	assert_true(loaded());
}

static void test_rmmod_refused_open_fd(void **state)
{
	struct memlab_info info;
	int fd;

	mod_fx(state);
	fd = ml_open();
	assert_true(fd >= 0);
	assert_true(refcnt() >= 1);
	assert_refused();
	/* The file keeps working. */
	assert_errno(ml_info(fd, &info), 0);
	assert_int_equal(info.version, MEMLAB_VERSION);
	close(fd);
}

static void test_rmmod_refused_mapping(void **state)
{
	struct memlab_info info;
	unsigned char *p;
	long pg = sysconf(_SC_PAGESIZE);
	unsigned int t;
	__u64 off;
	__u32 id;
	int fd;

	mod_fx(state);
	fd = ml_open();
	assert_true(fd >= 0);
	assert_errno(ml_pages(fd, 0, &id), 0);
	assert_errno(ml_mmap_offset(fd, id, &off), 0);
	p = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)off);
	assert_true(p != MAP_FAILED);
	p[0] = 0x42;
	close(fd);
	/* Only the mapping holds the driver now. */
	assert_refused();
	assert_int_equal(p[0], 0x42);
	assert_int_equal(munmap(p, pg), 0);
	for (t = 0; t < 2000 && refcnt() > 0; t += 50)
		msleep(50);
	assert_int_equal(refcnt(), 0);
	fd = ml_open();
	assert_true(fd >= 0);
	assert_errno(ml_info(fd, &info), 0);
	assert_int_equal(info.kind_objects[MEMLAB_KIND_PAGES], 0);
	close(fd);
}

/* Leave persistent objects and a persistent cache behind. */
static void leave_persistent(char *cache_name, size_t len)
{
	struct memlab_cache_create cc;
	__u32 id;
	int fd;

	fd = ml_open();
	assert_true(fd >= 0);
	assert_errno(ml_alloc(fd, MEMLAB_KIND_KMALLOC, MEMLAB_F_PERSISTENT, 0,
			      0, 1000, &id), 0);
	assert_errno(ml_alloc(fd, MEMLAB_KIND_PAGES, MEMLAB_F_PERSISTENT, 0, 2,
			      0, &id), 0);
	assert_errno(ml_alloc(fd, MEMLAB_KIND_VMALLOC, MEMLAB_F_PERSISTENT, 0,
			      0, 20000, &id), 0);
	ml_name(cache_name, len, "mod");
	assert_errno(ml_cache_create(fd, cache_name, 256, 0,
				     MEMLAB_SLAB_NO_MERGE, MEMLAB_F_PERSISTENT,
				     &cc), 0);
	assert_errno(ml_cache_obj(fd, cc.id, MEMLAB_F_PERSISTENT, &id), 0);
	assert_errno(ml_cache_obj(fd, cc.id, MEMLAB_F_PERSISTENT, &id), 0);
	/* And some file-scoped ones, freed by the close below. */
	assert_errno(ml_cache_obj(fd, cc.id, 0, &id), 0);
	assert_errno(ml_kmalloc(fd, 10, &id), 0);
	close(fd);
}

static void unload_and_reload(struct mod_fx *m)
{
	char name[MEMLAB_NAME_LEN], path[PATH_MAX];
	struct memlab_obj_info *all;
	struct memlab_info info;
	unsigned int n;
	int fd, rc;

	leave_persistent(name, sizeof(name));
	snprintf(path, sizeof(path), ML_SLAB_DIR "/%s", name);
	if (ml_path_exists(ML_SLAB_DIR))
		assert_true(ml_path_exists(path));

	rc = ml_module_unload();
	if (rc)
		fail_msg("delete_module with no file open: %s",
			 ml_errname(rc));
	assert_false(loaded());
	assert_true(wait_dev(false, 5000));
	/* The persistent cache went with the module. */
	assert_false(ml_path_exists(path));

	rc = reload(m);
	if (rc)
		fail_msg("finit_module(%s, \"%s\"): %s", m->ko, m->params,
			 ml_errname(rc));
	assert_true(loaded());
	fd = ml_open();
	assert_true(fd >= 0);
	assert_errno(ml_info(fd, &info), 0);
	assert_int_equal(info.version, MEMLAB_VERSION);
	assert_int_equal(info.nr_objects, 0);
	assert_int_equal(info.nr_bytes, 0);
	assert_errno(ml_list_all(fd, &all, &n), 0);
	assert_int_equal(n, 0);
	free(all);
	/* The name is free again: the cache was really destroyed. */
	assert_errno(ml_cache_create(fd, name, 256, 0, MEMLAB_SLAB_NO_MERGE, 0,
				     NULL), 0);
	close(fd);
}

static void test_unload_with_persistent_reload(void **state)
{
	struct mod_fx *m = mod_fx(state);

	unload_and_reload(m);
}

/* The events a listener got: commands in order, UNLOADING's counts. */
struct unload_events {
	int nr;
	__u8 cmd[32];
	__u64 objects, caches;
};

static int unload_event(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[MEMLAB_A_MAX + 1];
	struct unload_events *ev = arg;
	__u8 cmd = genlmsg_hdr(nlh)->cmd;

	if (ev->nr < (int)sizeof(ev->cmd))
		ev->cmd[ev->nr] = cmd;
	ev->nr++;
	if (cmd == MEMLAB_CMD_UNLOADING &&
	    !genlmsg_parse(nlh, 0, tb, MEMLAB_A_MAX, NULL) &&
	    tb[MEMLAB_A_STATS_OBJECTS] && tb[MEMLAB_A_STATS_CACHES]) {
		ev->objects = nla_get_u64(tb[MEMLAB_A_STATS_OBJECTS]);
		ev->caches = nla_get_u64(tb[MEMLAB_A_STATS_CACHES]);
	}
	return NL_OK;
}

/*
 * A listener of the events group sees the module go: UNLOADING with what
 * is left, then each persistent object freed, the cache last.
 */
static void test_unload_events(void **state)
{
	struct mod_fx *m = mod_fx(state);
	struct unload_events ev = { 0 };
	char name[MEMLAB_NAME_LEN];
	struct nl_sock *sk;
	int grp, i;

	leave_persistent(name, sizeof(name));
	sk = nl_socket_alloc();
	assert_non_null(sk);
	assert_int_equal(genl_connect(sk), 0);
	grp = genl_ctrl_resolve_grp(sk, MEMLAB_GENL_NAME,
				    MEMLAB_GENL_MCGRP_EVENTS);
	assert_true(grp > 0);
	nl_socket_disable_seq_check(sk);
	assert_int_equal(nl_socket_add_membership(sk, grp), 0);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, unload_event, &ev);
	assert_int_equal(nl_socket_set_nonblocking(sk), 0);

	assert_errno(ml_module_unload(), 0);
	assert_true(wait_dev(false, 5000));
	/* the events are queued on the socket: read them all */
	while (nl_recvmsgs_default(sk) >= 0)
		;
	nl_socket_free(sk);
	assert_errno(reload(m), 0);

	/* kmalloc, pages, vmalloc, 2 cache objects, then the cache */
	assert_int_equal(ev.nr, 7);
	assert_int_equal(ev.cmd[0], MEMLAB_CMD_UNLOADING);
	assert_int_equal(ev.objects, 6);
	assert_int_equal(ev.caches, 1);
	for (i = 1; i < 6; i++)
		assert_int_equal(ev.cmd[i], MEMLAB_CMD_OBJ_DEL);
	assert_int_equal(ev.cmd[6], MEMLAB_CMD_CACHE_DEL);
}

static void test_load_unload_loop(void **state)
{
	struct mod_fx *m = mod_fx(state);
	int i;

	for (i = 0; i < 3; i++)
		unload_and_reload(m);
	/* And once with nothing left behind at all. */
	assert_errno(ml_module_unload(), 0);
	assert_errno(reload(m), 0);
	assert_true(loaded());
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, mod_setup, mod_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_rmmod_refused_open_fd),
		T(test_rmmod_refused_mapping),
		T(test_unload_events),
		T(test_unload_with_persistent_reload),
		T(test_load_unload_loop),
	};

	return cmocka_run_group_tests_name("memlab_module", tests, NULL, NULL);
}

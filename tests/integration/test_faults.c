// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection sweep with /proc/thread-self/fail-nth (syzkaller's
 * method): for every ioctl and netlink command, make the 1st, 2nd, ...
 * fault-injection point the call reaches fail (slab, page allocator and
 * user copies), until the call runs through without reaching the armed
 * one. Each faulted call must fail with a documented errno or succeed,
 * and afterwards memlab's counters and object list must be exactly what
 * the outcome implies: a failed call leaves nothing behind (in particular
 * a new object whose id could not be copied out is freed again).
 *
 * Needs a kernel with CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC,
 * FAULT_INJECTION_USERCOPY and debugfs (the debug kernels of
 * tests/debug-kernel); elsewhere every test says SKIP and why.
 * Leaks the sweep may cause are kmemleak's to find (the leak build).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <linux/memlab_netlink.h>

#include "common.h"

#define FAILNTH		"/proc/thread-self/fail-nth"
#define DEBUGFS		"/sys/kernel/debug"
#define MAX_NTH		5000

/* debugfs knobs that would keep fail-nth from failing what we call. */
static const struct {
	const char *path;
	const char *value;
} knobs[] = {
	{ DEBUGFS "/failslab/ignore-gfp-wait", "N" },
	{ DEBUGFS "/failslab/verbose", "0" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-wait", "N" },
	{ DEBUGFS "/fail_page_alloc/ignore-gfp-highmem", "N" },
	{ DEBUGFS "/fail_page_alloc/min-order", "0" },
	{ DEBUGFS "/fail_page_alloc/verbose", "0" },
	{ DEBUGFS "/fail_usercopy/verbose", "0" },
};

static char knob_old[ML_ARRAY_SIZE(knobs)][32];
static const char *skip_why;
static unsigned long total_faults, total_ops;

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -EIO;
}

static int group_setup(void **state)
{
	size_t i;

	(void)state;
	if (!ml_path_exists(FAILNTH)) {
		skip_why = "no " FAILNTH ": kernel without CONFIG_FAULT_INJECTION (run make check-debug)";
		return 0;
	}
	if (!ml_path_exists(DEBUGFS "/failslab"))
		mount("debugfs", DEBUGFS, "debugfs", 0, NULL);
	for (i = 0; i < ML_ARRAY_SIZE(knobs); i++) {
		if (ml_read_file(knobs[i].path, knob_old[i],
				 sizeof(knob_old[i])) < 0) {
			skip_why = "kernel without failslab, fail_page_alloc or fail_usercopy in debugfs";
			return 0;
		}
		if (write_str(knobs[i].path, knobs[i].value)) {
			print_error("cannot set %s\n", knobs[i].path);
			return -1;
		}
	}
	return 0;
}

static int group_teardown(void **state)
{
	size_t i;

	(void)state;
	if (skip_why)
		return 0;
	for (i = 0; i < ML_ARRAY_SIZE(knobs); i++)
		write_str(knobs[i].path, knob_old[i]);
	print_message("fault sweep: %lu faults injected over %lu operations\n",
		      total_faults, total_ops);
	return 0;
}

/* ------------------------------------------------------------------ */
/* One operation: its preconditions, the call, and its undoing          */

struct fctx {
	struct ml_fixture *fx;
	int fd;			/* fresh for each attempt */
	__u32 id;		/* precondition's object (cache for cache ops) */
	__u32 new_id;		/* what the call created, if it did */
	__u64 off;
	void *map;
	struct nl_sock *sk;
	int family;
	char buf[4096];
};

struct fop {
	const char *name;
	int (*prep)(struct fctx *c);	/* preconditions, not under faults */
	int (*run)(struct fctx *c);
};

static int prep_kmalloc(struct fctx *c)
{
	return ml_kmalloc(c->fd, 1000, &c->id);
}

static int prep_cache(struct fctx *c)
{
	struct memlab_cache_create cc;
	int rc;

	rc = ml_cache_create(c->fd, "fault_sweep", 128, 0,
			     MEMLAB_SLAB_NO_MERGE, 0, &cc);
	c->id = cc.id;
	return rc;
}

static int prep_pages(struct fctx *c)
{
	int rc = ml_pages(c->fd, 1, &c->id);

	return rc ? rc : ml_mmap_offset(c->fd, c->id, &c->off);
}

static int prep_dma(struct fctx *c)
{
	return ml_dma_streaming(c->fd, 4096, 0, &c->id);
}

static int prep_netlink(struct fctx *c)
{
	struct timeval tv = { .tv_sec = 5 };
	int rc;

	rc = ml_kmalloc(c->fd, 64, &c->id);
	if (rc)
		return rc;
	c->sk = nl_socket_alloc();
	if (!c->sk || genl_connect(c->sk))
		return -ENOMEM;
	c->family = genl_ctrl_resolve(c->sk, MEMLAB_GENL_NAME);
	if (c->family < 0)
		return -ENOENT;
	/* a reply lost to a fault must not hang the sweep */
	setsockopt(nl_socket_get_fd(c->sk), SOL_SOCKET, SO_RCVTIMEO, &tv,
		   sizeof(tv));
	return 0;
}

static int run_alloc(struct fctx *c, __u32 kind, __u32 order, __u64 size)
{
	return ml_alloc(c->fd, kind, 0, 0, order, size, &c->new_id);
}

static int run_kmalloc(struct fctx *c)
{
	return run_alloc(c, MEMLAB_KIND_KMALLOC, 0, 3000);
}

static int run_pages(struct fctx *c)
{
	return run_alloc(c, MEMLAB_KIND_PAGES, 2, 0);
}

static int run_vmalloc(struct fctx *c)
{
	return run_alloc(c, MEMLAB_KIND_VMALLOC, 0, 5 * 4096);
}

static int run_dma_coherent(struct fctx *c)
{
	return run_alloc(c, MEMLAB_KIND_DMA_COHERENT, 0, 8192);
}

static int run_dma_streaming(struct fctx *c)
{
	return ml_dma_streaming(c->fd, 2048, 1, &c->new_id);
}

static int run_cache_create(struct fctx *c)
{
	struct memlab_cache_create cc;
	int rc;

	rc = ml_cache_create(c->fd, "fault_new", 200, 0, 0, 0, &cc);
	c->new_id = rc ? 0 : cc.id;
	return rc;
}

static int run_cache_alloc(struct fctx *c)
{
	return ml_cache_obj(c->fd, c->id, 0, &c->new_id);
}

static int run_free(struct fctx *c)
{
	return ml_free(c->fd, c->id);
}

static int run_cache_destroy(struct fctx *c)
{
	return ml_cache_destroy(c->fd, c->id);
}

static int run_write(struct fctx *c)
{
	memset(c->buf, 0x5a, 1000);
	return ml_write(c->fd, c->id, 0, 1000, c->buf);
}

static int run_read(struct fctx *c)
{
	return ml_read(c->fd, c->id, 0, 1000, c->buf);
}

static int run_fill(struct fctx *c)
{
	return ml_fill(c->fd, c->id, 0x12345678, 0, 1000);
}

static int run_verify(struct fctx *c)
{
	__u64 bad, first;

	return ml_verify(c->fd, c->id, 0, 0, 1000, &bad, &first);
}

static int run_sync(struct fctx *c)
{
	return ml_sync(c->fd, c->id, MEMLAB_SYNC_FOR_CPU, 0, 4096);
}

static int run_mmap_offset(struct fctx *c)
{
	return ml_mmap_offset(c->fd, c->id, &c->off);
}

static int run_mmap(struct fctx *c)
{
	c->map = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED,
		      c->fd, c->off);
	if (c->map == MAP_FAILED) {
		c->map = NULL;
		return -errno;
	}
	return 0;
}

static int run_obj_info(struct fctx *c)
{
	struct memlab_obj_info oi;

	return ml_obj_info(c->fd, c->id, &oi);
}

static int run_list(struct fctx *c)
{
	struct memlab_obj_info *all;
	unsigned int n;
	int rc = ml_list_all(c->fd, &all, &n);

	if (!rc)
		free(all);
	return rc;
}

static int run_persist(struct fctx *c)
{
	return ml_persist(c->fd, c->id);
}

static int run_info(struct fctx *c)
{
	struct memlab_info info;

	return ml_info(c->fd, &info);
}

/*
 * One request and its replies, read with recv(2) itself: libnl would fold
 * the errno of a failed recvmsg (EFAULT from an injected usercopy fault)
 * into its own codes. Returns 0, the kernel's -errno, or recv's.
 */
static int run_nl(struct fctx *c, int cmd, int flags, bool with_id)
{
	struct nl_msg *m = nlmsg_alloc();
	int fd = nl_socket_get_fd(c->sk);
	struct nlmsghdr *nlh;
	ssize_t n;
	int rc;

	if (!m)
		return -ENOMEM;
	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, c->family, 0, flags, cmd,
		    MEMLAB_GENL_VERSION);
	if (with_id)
		nla_put_u32(m, MEMLAB_A_ID, c->id);
	rc = nl_send_auto(c->sk, m);
	nlmsg_free(m);
	if (rc < 0)
		return -ENOBUFS;
	for (;;) {
		n = recv(fd, c->buf, sizeof(c->buf), 0);
		if (n < 0)
			return -errno;
		for (nlh = (struct nlmsghdr *)c->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return *(int *)NLMSG_DATA(nlh);
		}
	}
}

static int run_nl_stats(struct fctx *c)
{
	return run_nl(c, MEMLAB_CMD_GET_STATS, 0, false);
}

static int run_nl_object(struct fctx *c)
{
	return run_nl(c, MEMLAB_CMD_GET_OBJECT, 0, true);
}

static int run_nl_dump(struct fctx *c)
{
	return run_nl(c, MEMLAB_CMD_GET_OBJECT, NLM_F_DUMP, false);
}

static int run_nl_caches(struct fctx *c)
{
	return run_nl(c, MEMLAB_CMD_GET_CACHE, NLM_F_DUMP, false);
}

static const struct fop fops[] = {
	{ "ALLOC kmalloc", NULL, run_kmalloc },
	{ "ALLOC pages order 2", NULL, run_pages },
	{ "ALLOC vmalloc", NULL, run_vmalloc },
	{ "ALLOC dma-coherent", NULL, run_dma_coherent },
	{ "ALLOC dma-streaming", NULL, run_dma_streaming },
	{ "CACHE_CREATE", NULL, run_cache_create },
	{ "ALLOC cache object", prep_cache, run_cache_alloc },
	{ "FREE", prep_kmalloc, run_free },
	{ "CACHE_DESTROY", prep_cache, run_cache_destroy },
	{ "WRITE", prep_kmalloc, run_write },
	{ "READ", prep_kmalloc, run_read },
	{ "FILL", prep_kmalloc, run_fill },
	{ "VERIFY", prep_kmalloc, run_verify },
	{ "SYNC", prep_dma, run_sync },
	{ "MMAP_OFFSET", prep_pages, run_mmap_offset },
	{ "mmap", prep_pages, run_mmap },
	{ "OBJ_INFO", prep_kmalloc, run_obj_info },
	{ "LIST", prep_kmalloc, run_list },
	{ "PERSIST", prep_kmalloc, run_persist },
	{ "INFO", NULL, run_info },
	{ "genl GET_STATS", prep_netlink, run_nl_stats },
	{ "genl GET_OBJECT", prep_netlink, run_nl_object },
	{ "genl GET_OBJECT dump", prep_netlink, run_nl_dump },
	{ "genl GET_CACHE dump", prep_netlink, run_nl_caches },
};

/* Errnos a call may fail with when a fault was injected into it. */
static bool fault_errno(int rc)
{
	return rc == -ENOMEM || rc == -EFAULT || rc == -ENOBUFS ||
	       rc == -EAGAIN;
}

static int failnth_arm(int nth)
{
	char s[16];

	snprintf(s, sizeof(s), "%d", nth);
	return write_str(FAILNTH, s);
}

/* After the call: was the armed fault reached? (reading 0 means yes) */
static bool failnth_fired(void)
{
	char s[16] = "";

	ml_read_file(FAILNTH, s, sizeof(s));
	write_str(FAILNTH, "0");
	return atoi(s) == 0;
}

static void undo(struct fctx *c)
{
	if (c->map)
		munmap(c->map, 2 * 4096);
	c->map = NULL;
	if (c->sk)
		nl_socket_free(c->sk);
	c->sk = NULL;
	/* a persistent one would outlive the file (-EINVAL for a cache) */
	if (c->id)
		ml_free(c->fd, c->id);
	/* closing the file frees every object the attempt made or kept */
	ml_fx_close(c->fx, c->fd);
	c->fd = -1;
}

static void sweep(struct ml_fixture *fx, const struct fop *op)
{
	unsigned int before_n, after_n;
	struct memlab_obj_info *list;
	struct memlab_info base, after;
	unsigned long faults = 0;
	struct fctx c;
	int nth, rc;
	bool fired;

	for (nth = 1; nth <= MAX_NTH; nth++) {
		memset(&c, 0, sizeof(c));
		c.fx = fx;
		/* the fixture closes it if the attempt fails the test */
		c.fd = ml_fx_open(fx);
		if (op->prep) {
			rc = op->prep(&c);
			if (rc)
				fail_msg("%s: precondition: %s", op->name,
					 ml_errname(rc));
		}
		assert_errno(ml_info(c.fd, &base), 0);
		assert_errno(ml_list_all(c.fd, &list, &before_n), 0);
		free(list);

		assert_errno(failnth_arm(nth), 0);
		rc = op->run(&c);
		fired = failnth_fired();
		total_ops++;
		if (!fired) {
			/* past every fault point: the call must just work */
			if (rc)
				fail_msg("%s without a fault: %s", op->name,
					 ml_errname(rc));
			undo(&c);
			break;
		}
		faults++;
		if (rc && !fault_errno(rc))
			fail_msg("%s with fault %d: %s, not a fault's errno",
				 op->name, nth, ml_errname(rc));
		if (rc) {
			/* a failed call changed nothing */
			assert_errno(ml_info(c.fd, &after), 0);
			assert_errno(ml_list_all(c.fd, &list, &after_n), 0);
			free(list);
			if (after.nr_objects != base.nr_objects ||
			    after.nr_bytes != base.nr_bytes ||
			    after_n != before_n)
				fail_msg("%s failed at fault %d (%s) but left %lld objects, %lld bytes, %d listed behind",
					 op->name, nth, ml_errname(rc),
					 (long long)(after.nr_objects -
						     base.nr_objects),
					 (long long)(after.nr_bytes -
						     base.nr_bytes),
					 (int)after_n - (int)before_n);
		}
		undo(&c);
		/* and everything the attempt made is gone with its file */
		ml_assert_baseline(fx);
	}
	if (nth > MAX_NTH)
		fail_msg("%s still reaches fault points after %d", op->name,
			 MAX_NTH);
	total_faults += faults;
	print_message("%-22s %3lu faults injected\n", op->name, faults);
}

/* One test per operation: ml_setup() keeps the op in fx->priv. */
static void test_fault_sweep(void **state)
{
	struct ml_fixture *fx = ml_fx(state);

	if (skip_why) {
		print_message("SKIP: %s\n", skip_why);
		skip();
	}
	sweep(fx, fx->priv);
}

int main(void)
{
	struct CMUnitTest tests[ML_ARRAY_SIZE(fops)];
	size_t i;

	for (i = 0; i < ML_ARRAY_SIZE(fops); i++) {
		struct CMUnitTest t = cmocka_unit_test_prestate_setup_teardown(
			test_fault_sweep, ml_setup, ml_teardown,
			(void *)&fops[i]);

		t.name = fops[i].name;
		tests[i] = t;
	}
	return cmocka_run_group_tests_name("fault sweep", tests, group_setup,
					   group_teardown);
}

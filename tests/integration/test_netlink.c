// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "memlab", spoken raw with libnl-genl (not
 * through libmemctl, whose client has tests of its own): every command and
 * attribute, malformed requests and their extended ACK text, what an
 * unprivileged requester sees, the events of a scripted sequence in
 * order, and dumps racing with allocating threads.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>

#include <linux/memlab_netlink.h>

#include "common.h"
#include "nl_policy.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

/* One netlink socket and what the last request got back. */
struct nlt {
	struct nl_sock *sk;
	int family;
	int events_grp;
	int err;			/* kernel's errno of the last request */
	char msg[256];			/* its extended ACK text */
	int (*each)(struct nlmsghdr *nlh, struct nlattr **tb, int cmd,
		    void *arg);
	void *arg;
	bool done;
	int nr;				/* messages received */
};

static struct nla_policy nlt_policy[MEMLAB_A_MAX + 1];

static void nlt_policy_init(void)
{
	memlab_nl_policy_init(nlt_policy);
}

static int nlt_valid(struct nl_msg *m, void *arg)
{
	struct nlt *t = arg;
	struct genlmsghdr *g = genlmsg_hdr(nlmsg_hdr(m));
	struct nlattr *tb[MEMLAB_A_MAX + 1];

	t->nr++;
	if (genlmsg_parse(nlmsg_hdr(m), 0, tb, MEMLAB_A_MAX, nlt_policy))
		return NL_STOP;
	return t->each ? t->each(nlmsg_hdr(m), tb, g->cmd, t->arg) : NL_OK;
}

/* Extended ACK TLVs after the nlmsgerr (or a dump's DONE errno). */
static void nlt_extack(struct nlt *t, struct nlmsghdr *nlh, void *after,
		       int len)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, after, len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(t->msg, sizeof(t->msg), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
}

static int nlt_error(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlt *t = arg;
	int off = sizeof(*e);

	(void)who;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	t->err = e->error;
	nlt_extack(t, nlh, (char *)e + off,
		   (int)nlh->nlmsg_len - NLMSG_HDRLEN - off);
	t->done = true;
	return NL_STOP;
}

static int nlt_finish(struct nl_msg *m, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nlt *t = arg;
	int *err = nlmsg_data(nlh);

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(*err) && *err < 0) {
		t->err = *err;
		nlt_extack(t, nlh, err + 1, (int)nlh->nlmsg_len -
			   NLMSG_HDRLEN - (int)sizeof(*err));
	}
	t->done = true;
	return NL_STOP;
}

static int nlt_ack(struct nl_msg *m, void *arg)
{
	struct nlt *t = arg;

	(void)m;
	t->done = true;
	return NL_STOP;
}

static int nlt_open(struct nlt *t)
{
	int one = 1;

	memset(t, 0, sizeof(*t));
	if (!nlt_policy[MEMLAB_A_ID].type)
		nlt_policy_init();
	t->sk = nl_socket_alloc();
	if (!t->sk)
		return -ENOMEM;
	if (genl_connect(t->sk))
		goto err;
	setsockopt(nl_socket_get_fd(t->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	t->family = genl_ctrl_resolve(t->sk, MEMLAB_GENL_NAME);
	t->events_grp = genl_ctrl_resolve_grp(t->sk, MEMLAB_GENL_NAME,
					      MEMLAB_GENL_MCGRP_EVENTS);
	if (t->family < 0 || t->events_grp < 0)
		goto err;
	nl_socket_modify_cb(t->sk, NL_CB_VALID, NL_CB_CUSTOM, nlt_valid, t);
	nl_socket_modify_cb(t->sk, NL_CB_FINISH, NL_CB_CUSTOM, nlt_finish, t);
	nl_socket_modify_cb(t->sk, NL_CB_ACK, NL_CB_CUSTOM, nlt_ack, t);
	nl_socket_modify_err_cb(t->sk, NL_CB_CUSTOM, nlt_error, t);
	return 0;
err:
	nl_socket_free(t->sk);
	t->sk = NULL;
	return -ENOENT;
}

static void nlt_close(struct nlt *t)
{
	nl_socket_free(t->sk);
	t->sk = NULL;
}

/* A new request message; @flags NLM_F_DUMP for a dump. */
static struct nl_msg *nlt_msg(struct nlt *t, int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, t->family,
				    0, flags, cmd, MEMLAB_GENL_VERSION));
	return m;
}

/* Send @m (consumed), call @each per reply; the kernel's -errno or 0. */
static int nlt_run(struct nlt *t, struct nl_msg *m,
		   int (*each)(struct nlmsghdr *nlh, struct nlattr **tb,
			       int cmd, void *arg),
		   void *arg)
{
	int rc;

	t->err = 0;
	t->msg[0] = '\0';
	t->each = each;
	t->arg = arg;
	t->done = false;
	t->nr = 0;
	rc = nl_send_auto(t->sk, m);
	nlmsg_free(m);
	if (rc < 0)
		return -EIO;
	while (!t->done) {
		rc = nl_recvmsgs_default(t->sk);
		if (rc < 0 && !t->done)
			return t->err ? t->err : -EIO;
	}
	return t->err;
}

static uint64_t u64_of(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static uint32_t u32_of(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

struct nlt_fx {
	struct ml_fixture *fx;
	struct nlt t;
};

static int nlt_setup(void **state)
{
	struct nlt_fx *n;

	if (ml_setup(state))
		return -1;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -1;
	n->fx = *state;
	if (nlt_open(&n->t)) {
		print_error("the memlab genl family is not registered\n");
		free(n);
		return -1;
	}
	*state = n;
	return 0;
}

static int nlt_teardown(void **state)
{
	struct nlt_fx *n = *state;

	nlt_close(&n->t);
	*state = n->fx;
	free(n);
	return ml_teardown(state);
}

#define NFX(state)	((struct nlt_fx *)*(state))

/* ------------------------------------------------------------------ */
/* GET_STATS                                                           */

struct stats {
	uint32_t version, nr_kinds, max_caches, max_order;
	uint64_t objects, bytes, caches, mapped, allocs, frees, failures;
	uint64_t limit_hits, uid_bytes, max_bytes, max_objects, uid_max;
	uint64_t k_objects[MEMLAB_KIND_NR], k_bytes[MEMLAB_KIND_NR];
	uint64_t k_allocs[MEMLAB_KIND_NR], k_frees[MEMLAB_KIND_NR];
	uint64_t k_failures[MEMLAB_KIND_NR], k_limit_hits[MEMLAB_KIND_NR];
	bool all_present;
};

static int stats_each(struct nlmsghdr *nlh, struct nlattr **tb, int cmd,
		      void *arg)
{
	static const int needed[] = {
		MEMLAB_A_VERSION, MEMLAB_A_STATS_OBJECTS, MEMLAB_A_STATS_BYTES,
		MEMLAB_A_STATS_CACHES, MEMLAB_A_STATS_MAPPED,
		MEMLAB_A_STATS_ALLOCS, MEMLAB_A_STATS_FREES,
		MEMLAB_A_STATS_FAILURES, MEMLAB_A_STATS_LIMIT_HITS,
		MEMLAB_A_STATS_UID_BYTES, MEMLAB_A_LIMIT_MAX_BYTES,
		MEMLAB_A_LIMIT_MAX_OBJECTS, MEMLAB_A_LIMIT_MAX_CACHES,
		MEMLAB_A_LIMIT_UID_MAX_BYTES, MEMLAB_A_LIMIT_MAX_ORDER,
		MEMLAB_A_STATS_KIND,
	};
	struct nlattr *a, *kt[MEMLAB_A_MAX + 1];
	struct stats *s = arg;
	size_t i;
	int rem;

	if (cmd != MEMLAB_CMD_GET_STATS)
		return NL_STOP;
	s->all_present = true;
	for (i = 0; i < ML_ARRAY_SIZE(needed); i++)
		if (!tb[needed[i]])
			s->all_present = false;
	s->version = u32_of(tb, MEMLAB_A_VERSION);
	s->objects = u64_of(tb, MEMLAB_A_STATS_OBJECTS);
	s->bytes = u64_of(tb, MEMLAB_A_STATS_BYTES);
	s->caches = u64_of(tb, MEMLAB_A_STATS_CACHES);
	s->mapped = u64_of(tb, MEMLAB_A_STATS_MAPPED);
	s->allocs = u64_of(tb, MEMLAB_A_STATS_ALLOCS);
	s->frees = u64_of(tb, MEMLAB_A_STATS_FREES);
	s->failures = u64_of(tb, MEMLAB_A_STATS_FAILURES);
	s->limit_hits = u64_of(tb, MEMLAB_A_STATS_LIMIT_HITS);
	s->uid_bytes = u64_of(tb, MEMLAB_A_STATS_UID_BYTES);
	s->max_bytes = u64_of(tb, MEMLAB_A_LIMIT_MAX_BYTES);
	s->max_objects = u64_of(tb, MEMLAB_A_LIMIT_MAX_OBJECTS);
	s->max_caches = u32_of(tb, MEMLAB_A_LIMIT_MAX_CACHES);
	s->uid_max = u64_of(tb, MEMLAB_A_LIMIT_UID_MAX_BYTES);
	s->max_order = u32_of(tb, MEMLAB_A_LIMIT_MAX_ORDER);
	/* the per-kind nests repeat: walk the message itself */
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		uint32_t k;

		if (nla_type(a) != MEMLAB_A_STATS_KIND)
			continue;
		if (nla_parse_nested(kt, MEMLAB_A_MAX, a, nlt_policy))
			return NL_STOP;
		k = u32_of(kt, MEMLAB_A_KIND);
		if (!k || k >= MEMLAB_KIND_NR)
			return NL_STOP;
		s->nr_kinds++;
		s->k_objects[k] = u64_of(kt, MEMLAB_A_STATS_OBJECTS);
		s->k_bytes[k] = u64_of(kt, MEMLAB_A_STATS_BYTES);
		s->k_allocs[k] = u64_of(kt, MEMLAB_A_STATS_ALLOCS);
		s->k_frees[k] = u64_of(kt, MEMLAB_A_STATS_FREES);
		s->k_failures[k] = u64_of(kt, MEMLAB_A_STATS_FAILURES);
		s->k_limit_hits[k] = u64_of(kt, MEMLAB_A_STATS_LIMIT_HITS);
	}
	return NL_OK;
}

static void get_stats(struct nlt *t, struct stats *s)
{
	memset(s, 0, sizeof(*s));
	assert_errno(nlt_run(t, nlt_msg(t, MEMLAB_CMD_GET_STATS, 0),
			     stats_each, s), 0);
	assert_int_equal(t->nr, 1);
	assert_true(s->all_present);
	assert_int_equal(s->nr_kinds, MEMLAB_KIND_NR - 1);
}

/* ------------------------------------------------------------------ */
/* Objects                                                             */

/* One object message: the fields and which attributes came. */
struct nobj {
	int cmd;
	struct memlab_obj_info oi;
	bool has[MEMLAB_A_MAX + 1];
	uint32_t error, limit;
	uint64_t objects, caches;
};

static void nobj_parse(struct nlattr **tb, int cmd, struct nobj *o)
{
	struct memlab_obj_info *oi = &o->oi;
	int a;

	memset(o, 0, sizeof(*o));
	o->cmd = cmd;
	for (a = 1; a <= MEMLAB_A_MAX; a++)
		o->has[a] = tb[a] != NULL;
	oi->id = u32_of(tb, MEMLAB_A_ID);
	oi->kind = u32_of(tb, MEMLAB_A_KIND);
	oi->flags = u32_of(tb, MEMLAB_A_FLAGS);
	oi->uid = u32_of(tb, MEMLAB_A_UID);
	oi->size = u64_of(tb, MEMLAB_A_SIZE);
	oi->order = u32_of(tb, MEMLAB_A_ORDER);
	oi->gfp = u32_of(tb, MEMLAB_A_GFP);
	oi->cache_id = u32_of(tb, MEMLAB_A_CACHE_ID);
	oi->mapcount = u32_of(tb, MEMLAB_A_MAPCOUNT);
	oi->ctime_ns = u64_of(tb, MEMLAB_A_CTIME);
	oi->mmap_offset = u64_of(tb, MEMLAB_A_MMAP_OFFSET);
	oi->kaddr = u64_of(tb, MEMLAB_A_KADDR);
	oi->phys = u64_of(tb, MEMLAB_A_PHYS);
	oi->dma_addr = u64_of(tb, MEMLAB_A_DMA_ADDR);
	oi->dma_dir = u32_of(tb, MEMLAB_A_DMA_DIR);
	oi->nr_objects = u32_of(tb, MEMLAB_A_NR_OBJECTS);
	oi->slab_size = u32_of(tb, MEMLAB_A_SLAB_SIZE);
	oi->align = u32_of(tb, MEMLAB_A_ALIGN);
	if (tb[MEMLAB_A_NAME])
		snprintf(oi->name, sizeof(oi->name), "%s",
			 nla_get_string(tb[MEMLAB_A_NAME]));
	if (tb[MEMLAB_A_MERGED_INTO])
		snprintf(oi->merged_into, sizeof(oi->merged_into), "%s",
			 nla_get_string(tb[MEMLAB_A_MERGED_INTO]));
	o->error = u32_of(tb, MEMLAB_A_ERRNO);
	o->limit = u32_of(tb, MEMLAB_A_LIMIT);
	o->objects = u64_of(tb, MEMLAB_A_STATS_OBJECTS);
	o->caches = u64_of(tb, MEMLAB_A_STATS_CACHES);
}

#define MAX_OBJS	4096

struct nobjs {
	int nr;
	bool overflow;
	struct nobj o[MAX_OBJS];
};

static int nobjs_each(struct nlmsghdr *nlh, struct nlattr **tb, int cmd,
		      void *arg)
{
	struct nobjs *l = arg;

	(void)nlh;
	if (l->nr == MAX_OBJS) {
		l->overflow = true;
		return NL_OK;
	}
	nobj_parse(tb, cmd, &l->o[l->nr++]);
	return NL_OK;
}

static struct nobjs *nobjs_new(void)
{
	struct nobjs *l = calloc(1, sizeof(*l));

	assert_non_null(l);
	return l;
}

/* GET_OBJECT for @id into @o; the kernel's -errno or 0. */
static int get_object(struct nlt *t, uint32_t id, struct nobj *o)
{
	struct nl_msg *m = nlt_msg(t, MEMLAB_CMD_GET_OBJECT, 0);
	struct nobjs *l = nobjs_new();
	int rc;

	assert_int_equal(nla_put_u32(m, MEMLAB_A_ID, id), 0);
	rc = nlt_run(t, m, nobjs_each, l);
	if (!rc) {
		assert_int_equal(l->nr, 1);
		*o = l->o[0];
	}
	free(l);
	return rc;
}

/* A dump of GET_OBJECT (kind 0: every kind) or GET_CACHE. */
static int dump(struct nlt *t, int cmd, uint32_t kind, struct nobjs *l)
{
	struct nl_msg *m = nlt_msg(t, cmd, NLM_F_DUMP);

	l->nr = 0;
	if (kind)
		assert_int_equal(nla_put_u32(m, MEMLAB_A_KIND, kind), 0);
	return nlt_run(t, m, nobjs_each, l);
}

static const struct nobj *find_id(const struct nobjs *l, uint32_t id)
{
	int i;

	for (i = 0; i < l->nr; i++)
		if (l->o[i].oi.id == id)
			return &l->o[i];
	return NULL;
}

/* The netlink view of an object equals the ioctl's, field by field. */
static void assert_same_info(const struct memlab_obj_info *a,
			     const struct memlab_obj_info *b)
{
	assert_int_equal(a->id, b->id);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->flags, b->flags);
	assert_int_equal(a->uid, b->uid);
	assert_int_equal(a->size, b->size);
	assert_int_equal(a->order, b->order);
	assert_int_equal(a->gfp, b->gfp);
	assert_int_equal(a->cache_id, b->cache_id);
	assert_int_equal(a->mapcount, b->mapcount);
	assert_int_equal(a->ctime_ns, b->ctime_ns);
	assert_int_equal(a->mmap_offset, b->mmap_offset);
	assert_int_equal(a->kaddr, b->kaddr);
	assert_int_equal(a->phys, b->phys);
	assert_int_equal(a->dma_addr, b->dma_addr);
	assert_int_equal(a->dma_dir, b->dma_dir);
	assert_int_equal(a->nr_objects, b->nr_objects);
	assert_int_equal(a->slab_size, b->slab_size);
	assert_int_equal(a->align, b->align);
	assert_string_equal(a->name, b->name);
	assert_string_equal(a->merged_into, b->merged_into);
}

static bool any_address(const struct nobj *o)
{
	return o->has[MEMLAB_A_KADDR] || o->has[MEMLAB_A_PHYS] ||
	       o->has[MEMLAB_A_DMA_ADDR];
}

/* One object of every kind on @fd; ids in @ids[kind] (0 if unsupported). */
static void make_all_kinds(struct ml_fixture *fx, int fd, const char *cname,
			   __u32 ids[MEMLAB_KIND_NR])
{
	struct memlab_cache_create cc;

	memset(ids, 0, sizeof(__u32) * MEMLAB_KIND_NR);
	(void)fx;
	assert_errno(ml_kmalloc(fd, 100, &ids[MEMLAB_KIND_KMALLOC]), 0);
	assert_errno(ml_cache_create(fd, cname, 200, 8, MEMLAB_SLAB_NO_MERGE,
				     0, &cc), 0);
	ids[MEMLAB_KIND_CACHE] = cc.id;
	assert_errno(ml_cache_obj(fd, cc.id, 0, &ids[MEMLAB_KIND_CACHE_OBJ]),
		     0);
	assert_errno(ml_pages(fd, 1, &ids[MEMLAB_KIND_PAGES]), 0);
	assert_errno(ml_vmalloc(fd, 3 * 4096 + 1,
				&ids[MEMLAB_KIND_VMALLOC]), 0);
	assert_errno(ml_dma_coherent(fd, 8192, &ids[MEMLAB_KIND_DMA_COHERENT]),
		     0);
	assert_errno(ml_dma_streaming(fd, 512, 1,
				      &ids[MEMLAB_KIND_DMA_STREAMING]), 0);
}

/* ------------------------------------------------------------------ */
/* Tests                                                               */

static void test_family(void **state)
{
	struct nlt *t = &NFX(state)->t;
	struct nl_cache *cache;
	struct genl_family *fam;

	assert_int_equal(genl_ctrl_alloc_cache(t->sk, &cache), 0);
	fam = genl_ctrl_search_by_name(cache, MEMLAB_GENL_NAME);
	assert_non_null(fam);
	assert_int_equal(genl_family_get_id(fam), t->family);
	assert_int_equal(genl_family_get_version(fam), MEMLAB_GENL_VERSION);
	assert_int_equal(genl_family_get_maxattr(fam), MEMLAB_A_MAX);
	genl_family_put(fam);
	nl_cache_free(cache);
	assert_true(t->events_grp > 0);
}

static void test_stats_match_info(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct memlab_info info;
	struct stats s;
	int k;

	assert_errno(ml_info(n->fx->fd, &info), 0);
	get_stats(&n->t, &s);
	assert_int_equal(s.version, MEMLAB_VERSION);
	assert_int_equal(s.objects, info.nr_objects);
	assert_int_equal(s.bytes, info.nr_bytes);
	assert_int_equal(s.uid_bytes, info.uid_bytes);
	assert_int_equal(s.limit_hits, info.limit_hits);
	assert_int_equal(s.failures, info.alloc_failures);
	assert_int_equal(s.max_bytes, info.max_bytes);
	assert_int_equal(s.max_objects, info.max_objects);
	assert_int_equal(s.max_caches, info.max_caches);
	assert_int_equal(s.uid_max, info.uid_max_bytes);
	assert_int_equal(s.max_order, info.max_order);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		assert_int_equal(s.k_objects[k], info.kind_objects[k]);
		assert_int_equal(s.k_bytes[k], info.kind_bytes[k]);
	}
}

static void test_stats_follow_allocations(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct stats a, b, c;
	__u32 ids[MEMLAB_KIND_NR];
	int k, fd;

	fd = ml_fx_open(n->fx);
	get_stats(&n->t, &a);
	make_all_kinds(n->fx, fd, "nl_stats", ids);
	get_stats(&n->t, &b);
	assert_int_equal(b.objects, a.objects + MEMLAB_KIND_NR - 1);
	assert_int_equal(b.caches, a.caches + 1);
	assert_int_equal(b.allocs, a.allocs + MEMLAB_KIND_NR - 1);
	assert_int_equal(b.frees, a.frees);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		assert_int_equal(b.k_objects[k], a.k_objects[k] + 1);
		assert_int_equal(b.k_allocs[k], a.k_allocs[k] + 1);
	}
	assert_int_equal(b.k_bytes[MEMLAB_KIND_KMALLOC],
			 a.k_bytes[MEMLAB_KIND_KMALLOC] + 100);
	assert_int_equal(b.k_bytes[MEMLAB_KIND_PAGES],
			 a.k_bytes[MEMLAB_KIND_PAGES] + 2 * n->fx->page);
	assert_int_equal(b.k_bytes[MEMLAB_KIND_VMALLOC],
			 a.k_bytes[MEMLAB_KIND_VMALLOC] + 4 * n->fx->page);
	assert_int_equal(b.uid_bytes - a.uid_bytes, b.bytes - a.bytes);

	/* closing the file frees them all */
	assert_errno(ml_fx_close(n->fx, fd), 0);
	get_stats(&n->t, &c);
	assert_int_equal(c.objects, a.objects);
	assert_int_equal(c.bytes, a.bytes);
	assert_int_equal(c.caches, a.caches);
	assert_int_equal(c.frees, a.frees + MEMLAB_KIND_NR - 1);
	for (k = 1; k < MEMLAB_KIND_NR; k++)
		assert_int_equal(c.k_frees[k], a.k_frees[k] + 1);
}

static void test_stats_mapped(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct ml_fixture *fx = n->fx;
	struct stats a, b;
	void *p1, *p2;
	__u32 id;

	assert_errno(ml_pages(fx->fd, 0, &id), 0);
	get_stats(&n->t, &a);
	p1 = ml_map_obj(fx, fx->fd, id, 0, 1);
	p2 = ml_map_obj(fx, fx->fd, id, 0, 1);
	get_stats(&n->t, &b);
	assert_int_equal(b.mapped, a.mapped + 1);	/* objects, not maps */
	assert_errno(ml_fx_munmap(fx, p1, fx->page), 0);
	get_stats(&n->t, &b);
	assert_int_equal(b.mapped, a.mapped + 1);
	assert_errno(ml_fx_munmap(fx, p2, fx->page), 0);
	get_stats(&n->t, &b);
	assert_int_equal(b.mapped, a.mapped);
	assert_errno(ml_free(fx->fd, id), 0);
}

static void test_get_object_every_kind(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct memlab_obj_info oi;
	__u32 ids[MEMLAB_KIND_NR];
	struct nobj o;
	int k;

	make_all_kinds(n->fx, n->fx->fd, "nl_get", ids);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		assert_errno(get_object(&n->t, ids[k], &o), 0);
		assert_int_equal(o.cmd, MEMLAB_CMD_GET_OBJECT);
		assert_errno(ml_obj_info(n->fx->fd, ids[k], &oi), 0);
		assert_same_info(&o.oi, &oi);
		/* root: addresses for everything but a cache itself */
		assert_int_equal(o.has[MEMLAB_A_KADDR],
				 k != MEMLAB_KIND_CACHE);
		assert_int_equal(o.has[MEMLAB_A_DMA_ADDR],
				 k == MEMLAB_KIND_DMA_COHERENT ||
				 k == MEMLAB_KIND_DMA_STREAMING);
		assert_int_equal(o.has[MEMLAB_A_ORDER], k == MEMLAB_KIND_PAGES);
		assert_int_equal(o.has[MEMLAB_A_NAME],
				 k == MEMLAB_KIND_CACHE ||
				 k == MEMLAB_KIND_CACHE_OBJ);
	}
	assert_string_equal(o.oi.name, "");
	assert_errno(get_object(&n->t, ids[MEMLAB_KIND_CACHE_OBJ], &o), 0);
	assert_string_equal(o.oi.name, "nl_get");
	assert_int_equal(o.oi.cache_id, ids[MEMLAB_KIND_CACHE]);

	/* freed: gone, with a reason */
	assert_errno(ml_free(n->fx->fd, ids[MEMLAB_KIND_KMALLOC]), 0);
	assert_errno(get_object(&n->t, ids[MEMLAB_KIND_KMALLOC], &o),
		     -ENOENT);
	assert_non_null(strstr(n->t.msg, "no object"));
}

static int cache_by(struct nlt *t, uint32_t id, const char *name,
		    struct nobj *o)
{
	struct nl_msg *m = nlt_msg(t, MEMLAB_CMD_GET_CACHE, 0);
	struct nobjs *l = nobjs_new();
	int rc;

	if (id)
		assert_int_equal(nla_put_u32(m, MEMLAB_A_ID, id), 0);
	if (name)
		assert_int_equal(nla_put_string(m, MEMLAB_A_NAME, name), 0);
	rc = nlt_run(t, m, nobjs_each, l);
	if (!rc) {
		assert_int_equal(l->nr, 1);
		*o = l->o[0];
	}
	free(l);
	return rc;
}

static void test_get_cache(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct memlab_cache_create cc;
	struct memlab_obj_info oi;
	struct nobj o;
	__u32 obj;

	assert_errno(ml_cache_create(n->fx->fd, "nl_cache", 96, 0, 0, 0, &cc),
		     0);
	assert_errno(ml_cache_obj(n->fx->fd, cc.id, 0, &obj), 0);
	assert_errno(ml_obj_info(n->fx->fd, cc.id, &oi), 0);

	assert_errno(cache_by(&n->t, cc.id, NULL, &o), 0);
	assert_int_equal(o.cmd, MEMLAB_CMD_GET_CACHE);
	assert_same_info(&o.oi, &oi);
	assert_int_equal(o.oi.nr_objects, 1);
	assert_string_equal(o.oi.merged_into, cc.merged_into);

	assert_errno(cache_by(&n->t, 0, "nl_cache", &o), 0);
	assert_same_info(&o.oi, &oi);

	assert_errno(cache_by(&n->t, 0, "nl_nosuch", &o), -ENOENT);
	assert_non_null(strstr(n->t.msg, "no such memlab cache"));
	/* a kernel cache is not a memlab cache */
	assert_errno(cache_by(&n->t, 0, "kmalloc-64", &o), -ENOENT);
	/* an object that is not a cache */
	assert_errno(cache_by(&n->t, obj, NULL, &o), -ENOENT);
	assert_errno(cache_by(&n->t, cc.id, "nl_cache", &o), -EINVAL);
	assert_non_null(strstr(n->t.msg, "one of them"));
	assert_errno(cache_by(&n->t, 0, NULL, &o), -EINVAL);
	assert_non_null(strstr(n->t.msg, "one of them"));
}

static void test_dumps(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct nobjs *l = nobjs_new();
	struct memlab_obj_info oi;
	__u32 ids[MEMLAB_KIND_NR];
	int i, k;

	make_all_kinds(n->fx, n->fx->fd, "nl_dump", ids);
	assert_errno(dump(&n->t, MEMLAB_CMD_GET_OBJECT, 0, l), 0);
	assert_false(l->overflow);
	for (i = 1; i < l->nr; i++)
		assert_true(l->o[i].oi.id > l->o[i - 1].oi.id);
	for (k = 1; k < MEMLAB_KIND_NR; k++) {
		const struct nobj *o = find_id(l, ids[k]);

		assert_non_null(o);
		assert_int_equal(o->cmd, MEMLAB_CMD_GET_OBJECT);
		assert_errno(ml_obj_info(n->fx->fd, ids[k], &oi), 0);
		assert_same_info(&o->oi, &oi);
	}

	/* the kind filter */
	assert_errno(dump(&n->t, MEMLAB_CMD_GET_OBJECT, MEMLAB_KIND_PAGES, l),
		     0);
	assert_true(l->nr >= 1);
	for (i = 0; i < l->nr; i++)
		assert_int_equal(l->o[i].oi.kind, MEMLAB_KIND_PAGES);
	assert_non_null(find_id(l, ids[MEMLAB_KIND_PAGES]));

	/* caches only */
	assert_errno(dump(&n->t, MEMLAB_CMD_GET_CACHE, 0, l), 0);
	for (i = 0; i < l->nr; i++) {
		assert_int_equal(l->o[i].cmd, MEMLAB_CMD_GET_CACHE);
		assert_int_equal(l->o[i].oi.kind, MEMLAB_KIND_CACHE);
	}
	assert_non_null(find_id(l, ids[MEMLAB_KIND_CACHE]));
	free(l);
}

/* ------------------------------------------------------------------ */
/* Malformed requests: an errno, a text, and the socket still works    */

enum bad_attr {
	BAD_NONE,
	BAD_ID_U16,		/* MEMLAB_A_ID of 2 bytes */
	BAD_ID_ZERO,
	BAD_UNKNOWN,		/* attribute type past MEMLAB_A_MAX */
	BAD_OUTPUT_ONLY,	/* MEMLAB_A_SIZE in a request */
	BAD_NAME_LONG,		/* MEMLAB_NAME_LEN characters */
	BAD_NAME_NO_NUL,
	BAD_KIND_RANGE,
	BAD_RESERVED,		/* genlmsghdr.reserved != 0 */
	BAD_ID,			/* a valid id where none is taken */
	BAD_NAME,		/* a valid name where none is taken */
};

struct bad_req {
	const char *what;
	int cmd;
	int flags;
	enum bad_attr bad;
	int err;		/* expected; 0: -EINVAL or -ERANGE */
	const char *text;	/* expected in the ACK text, NULL: any */
};

static const struct bad_req bad_reqs[] = {
	{ "unknown command", 99, 0, BAD_NONE, -EOPNOTSUPP, NULL },
	{ "an event sent as a request", MEMLAB_CMD_OBJ_NEW, 0, BAD_NONE,
	  -EOPNOTSUPP, "an event" },
	{ "an event dumped", MEMLAB_CMD_CACHE_DEL, NLM_F_DUMP, BAD_NONE,
	  -EOPNOTSUPP, NULL },
	{ "command 0", MEMLAB_CMD_UNSPEC, 0, BAD_NONE, -EOPNOTSUPP, NULL },
	{ "GET_OBJECT without id", MEMLAB_CMD_GET_OBJECT, 0, BAD_NONE,
	  -EINVAL, "required" },
	{ "GET_OBJECT id of 2 bytes", MEMLAB_CMD_GET_OBJECT, 0, BAD_ID_U16,
	  0, NULL },
	{ "GET_OBJECT id 0", MEMLAB_CMD_GET_OBJECT, 0, BAD_ID_ZERO, 0, NULL },
	{ "GET_OBJECT unknown attribute", MEMLAB_CMD_GET_OBJECT, 0,
	  BAD_UNKNOWN, 0, NULL },
	{ "GET_OBJECT output-only attribute", MEMLAB_CMD_GET_OBJECT, 0,
	  BAD_OUTPUT_ONLY, 0, NULL },
	{ "GET_OBJECT dump with an id", MEMLAB_CMD_GET_OBJECT, NLM_F_DUMP,
	  BAD_ID, -EINVAL, "takes no id" },
	{ "GET_OBJECT dump kind out of range", MEMLAB_CMD_GET_OBJECT,
	  NLM_F_DUMP, BAD_KIND_RANGE, 0, NULL },
	{ "GET_STATS with an attribute", MEMLAB_CMD_GET_STATS, 0, BAD_ID, 0,
	  NULL },
	{ "GET_STATS reserved header field", MEMLAB_CMD_GET_STATS, 0,
	  BAD_RESERVED, -EINVAL, "reserved" },
	{ "GET_CACHE name too long", MEMLAB_CMD_GET_CACHE, 0, BAD_NAME_LONG,
	  0, NULL },
	{ "GET_CACHE name not terminated", MEMLAB_CMD_GET_CACHE, 0,
	  BAD_NAME_NO_NUL, 0, NULL },
	{ "GET_CACHE dump with a name", MEMLAB_CMD_GET_CACHE, NLM_F_DUMP,
	  BAD_NAME, -EINVAL, "takes no id or name" },
};

static void test_malformed(void **state)
{
	struct nlt *t = &NFX(state)->t;
	char longname[MEMLAB_NAME_LEN + 1];
	struct stats s;
	size_t i;

	memset(longname, 'x', MEMLAB_NAME_LEN);
	longname[MEMLAB_NAME_LEN] = '\0';
	for (i = 0; i < ML_ARRAY_SIZE(bad_reqs); i++) {
		const struct bad_req *b = &bad_reqs[i];
		struct nl_msg *m = nlt_msg(t, b->cmd, b->flags);
		int rc = 0;

		switch (b->bad) {
		case BAD_NONE:
			break;
		case BAD_ID_U16:
			rc = nla_put_u16(m, MEMLAB_A_ID, 1);
			break;
		case BAD_ID_ZERO:
			rc = nla_put_u32(m, MEMLAB_A_ID, 0);
			break;
		case BAD_UNKNOWN:
			rc = nla_put_u32(m, MEMLAB_A_MAX + 7, 1);
			break;
		case BAD_OUTPUT_ONLY:
			rc = nla_put_u32(m, MEMLAB_A_ID, 1) ||
			     nla_put_u64(m, MEMLAB_A_SIZE, 1);
			break;
		case BAD_NAME_LONG:
			rc = nla_put_string(m, MEMLAB_A_NAME, longname);
			break;
		case BAD_NAME_NO_NUL:
			rc = nla_put(m, MEMLAB_A_NAME, 3, "abc");
			break;
		case BAD_KIND_RANGE:
			rc = nla_put_u32(m, MEMLAB_A_KIND, MEMLAB_KIND_NR);
			break;
		case BAD_RESERVED:
			((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(m)))
				->reserved = 1;
			break;
		case BAD_ID:
			rc = nla_put_u32(m, MEMLAB_A_ID, 1);
			break;
		case BAD_NAME:
			rc = nla_put_string(m, MEMLAB_A_NAME, "x");
			break;
		}
		assert_int_equal(rc, 0);
		rc = nlt_run(t, m, NULL, NULL);
		if (b->err ? rc != b->err : rc != -EINVAL && rc != -ERANGE)
			fail_msg("%s: %s, expected %s", b->what,
				 ml_errname(rc),
				 ml_errname(b->err ? b->err : -EINVAL));
		/* genl itself answers unknown commands, without a text */
		if (b->err != -EOPNOTSUPP && !t->msg[0])
			fail_msg("%s: no extended ACK text", b->what);
		if (b->text && !strstr(t->msg, b->text))
			fail_msg("%s: ACK text \"%s\" lacks \"%s\"", b->what,
				 t->msg, b->text);
		if (t->nr)
			fail_msg("%s: %d replies to a refused request",
				 b->what, t->nr);
		/* the socket is still good */
		get_stats(t, &s);
	}
}

/* ------------------------------------------------------------------ */
/* Privileges                                                          */

struct unpriv_ids {
	__u32 persistent;	/* root's, visible to all */
	__u32 private;		/* root's file-scoped, invisible to others */
	struct nlt *root_sock;	/* a socket root opened */
};

static int unpriv_child(void *arg, bool other_uid)
{
	struct unpriv_ids *ids = arg;
	struct nobjs *l = calloc(1, sizeof(*l));
	struct stats s;
	struct nobj o;
	struct nlt t;
	int i;

	if (!l || nlt_open(&t))
		return 1;
	get_stats(&t, &s);
	if (dump(&t, MEMLAB_CMD_GET_OBJECT, 0, l))
		return 2;
	if (!find_id(l, ids->persistent))
		return 3;
	if (other_uid && find_id(l, ids->private))
		return 4;
	if (!other_uid && !find_id(l, ids->private))
		return 5;
	for (i = 0; i < l->nr; i++)
		if (any_address(&l->o[i]))
			return 6;
	if (get_object(&t, ids->persistent, &o) || any_address(&o))
		return 7;
	if (other_uid && get_object(&t, ids->private, &o) != -ENOENT)
		return 8;
	/* root's socket, used without the privilege: no addresses either */
	if (get_object(ids->root_sock, ids->persistent, &o) || any_address(&o))
		return 9;
	if (s.uid_bytes && other_uid)
		return 10;
	nlt_close(&t);
	free(l);
	return 0;
}

static int as_nobody(void *arg)
{
	return unpriv_child(arg, true);
}

static int as_root_without_sysadmin(void *arg)
{
	return unpriv_child(arg, false);
}

static void test_unprivileged(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct unpriv_ids ids = { .root_sock = &n->t };
	struct nobj o;

	assert_errno(ml_alloc(n->fx->fd, MEMLAB_KIND_KMALLOC,
			      MEMLAB_F_PERSISTENT, 0, 0, 64, &ids.persistent),
		     0);
	ml_fx_track_id(n->fx, ids.persistent);
	assert_errno(ml_kmalloc(n->fx->fd, 64, &ids.private), 0);
	/* root sees the addresses */
	assert_errno(get_object(&n->t, ids.persistent, &o), 0);
	assert_true(o.has[MEMLAB_A_KADDR] && o.oi.kaddr);
	assert_int_equal(ml_in_child_as_nobody(as_nobody, &ids), 0);
	assert_int_equal(ml_in_child_no_sysadmin(as_root_without_sysadmin,
						 &ids), 0);
}

/* ------------------------------------------------------------------ */
/* Events                                                              */

static int ev_open(struct nlt *ev)
{
	if (nlt_open(ev))
		return -ENOENT;
	nl_socket_disable_seq_check(ev->sk);
	if (nl_socket_add_membership(ev->sk, ev->events_grp))
		return -EIO;
	nl_socket_set_nonblocking(ev->sk);
	return 0;
}

/* Read events until @want arrived or nothing came for @ms. */
static void ev_read(struct nlt *ev, struct nobjs *l, int want, int ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(ev->sk), .events = POLLIN };

	ev->each = nobjs_each;
	ev->arg = l;
	while (l->nr < want || want < 0) {
		if (poll(&p, 1, ms) <= 0)
			break;
		nl_recvmsgs_default(ev->sk);
	}
}

struct ev_want {
	int cmd;
	__u32 id;
	__u32 kind;
	const char *name;
};

static void assert_events(const struct nobjs *l, const struct ev_want *w,
			  int nr)
{
	int i;

	for (i = 0; i < l->nr && i < nr; i++) {
		const struct nobj *o = &l->o[i];

		if (o->cmd != w[i].cmd || o->oi.kind != w[i].kind ||
		    (w[i].id && o->oi.id != w[i].id) ||
		    (w[i].name && strcmp(o->oi.name, w[i].name)))
			fail_msg("event %d: cmd %d id %u kind %u name \"%s\", expected cmd %d id %u kind %u name \"%s\"",
				 i, o->cmd, o->oi.id, o->oi.kind, o->oi.name,
				 w[i].cmd, w[i].id, w[i].kind,
				 w[i].name ? w[i].name : "");
		if (any_address(o))
			fail_msg("event %d carries an address", i);
	}
	if (l->nr != nr)
		fail_msg("%d events, expected %d", l->nr, nr);
}

static void test_events_sequence(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct ml_fixture *fx = n->fx;
	struct nobjs *l = nobjs_new();
	struct memlab_cache_create cc;
	__u32 obj, km, pg, big;
	struct nlt ev;
	void *map;
	int fd = fx->fd;

	assert_errno(ev_open(&ev), 0);
	assert_errno(ml_cache_create(fd, "nl_ev", 512, 0, 0, 0, &cc), 0);
	assert_errno(ml_cache_obj(fd, cc.id, 0, &obj), 0);
	assert_errno(ml_kmalloc(fd, 100, &km), 0);
	assert_errno(ml_pages(fd, 0, &pg), 0);
	map = ml_map_obj(fx, fd, pg, 0, 1);
	assert_errno(ml_free(fd, pg), 0);	/* mapped: freed at munmap */
	assert_errno(ml_free(fd, km), 0);
	assert_errno(ml_fx_munmap(fx, map, fx->page), 0);
	assert_errno(ml_free(fd, obj), 0);
	assert_errno(ml_cache_destroy(fd, cc.id), 0);
	assert_errno(ml_fx_param_set_u64(fx, "max_order", 1), 0);
	assert_errno(ml_pages(fd, 2, &big), -E2BIG);
	assert_errno(ml_vmalloc(fd, fx->base.max_bytes + 1, &big), -ENOSPC);
	/* refused before any limit: not an event */
	assert_errno(ml_kmalloc(fd, 0, &big), -EINVAL);

	ev_read(&ev, l, 11, 2000);
	ev_read(&ev, l, -1, 200);	/* and nothing more */
	{
		const struct ev_want want[] = {
			{ MEMLAB_CMD_CACHE_NEW, cc.id, MEMLAB_KIND_CACHE,
			  "nl_ev" },
			{ MEMLAB_CMD_OBJ_NEW, obj, MEMLAB_KIND_CACHE_OBJ,
			  "nl_ev" },
			{ MEMLAB_CMD_OBJ_NEW, km, MEMLAB_KIND_KMALLOC, "" },
			{ MEMLAB_CMD_OBJ_NEW, pg, MEMLAB_KIND_PAGES, "" },
			{ MEMLAB_CMD_OBJ_DEL, km, MEMLAB_KIND_KMALLOC, "" },
			{ MEMLAB_CMD_OBJ_DEL, pg, MEMLAB_KIND_PAGES, "" },
			{ MEMLAB_CMD_OBJ_DEL, obj, MEMLAB_KIND_CACHE_OBJ,
			  "nl_ev" },
			{ MEMLAB_CMD_CACHE_DEL, cc.id, MEMLAB_KIND_CACHE,
			  "nl_ev" },
			{ MEMLAB_CMD_LIMIT_HIT, 0, MEMLAB_KIND_PAGES, NULL },
			{ MEMLAB_CMD_LIMIT_HIT, 0, MEMLAB_KIND_VMALLOC, NULL },
		};

		assert_events(l, want, ML_ARRAY_SIZE(want));
	}
	/* the details */
	assert_int_equal(l->o[0].oi.size, 512);
	assert_string_equal(l->o[0].oi.merged_into, cc.merged_into);
	assert_int_equal(l->o[1].oi.cache_id, cc.id);
	assert_int_equal(l->o[2].oi.size, 100);
	assert_int_equal(l->o[2].oi.uid, 0);
	assert_int_equal(l->o[8].oi.order, 2);
	assert_int_equal(l->o[8].error, E2BIG);
	assert_int_equal(l->o[8].limit, MEMLAB_LIMIT_ORDER);
	assert_int_equal(l->o[9].oi.size, fx->base.max_bytes + 1);
	assert_int_equal(l->o[9].error, ENOSPC);
	assert_int_equal(l->o[9].limit, MEMLAB_LIMIT_BYTES);
	nlt_close(&ev);
	free(l);
}

static void test_events_limits(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct ml_fixture *fx = n->fx;
	struct nobjs *l = nobjs_new();
	struct memlab_cache_create cc;
	struct stats a, b;
	struct nlt ev;
	__u32 id;

	assert_errno(ev_open(&ev), 0);
	get_stats(&n->t, &a);
	assert_errno(ml_fx_param_set_u64(fx, "uid_max_bytes", 4096), 0);
	assert_errno(ml_kmalloc(fx->fd, 8192, &id), -EDQUOT);
	assert_errno(ml_fx_param_set_u64(fx, "uid_max_bytes", 0), 0);
	assert_errno(ml_fx_param_set_u64(fx, "max_caches", 0), 0);
	assert_errno(ml_cache_create(fx->fd, "nl_lim", 64, 0, 0, 0, &cc),
		     -ENOSPC);
	assert_errno(ml_fx_param_set_u64(fx, "max_caches", 64), 0);
	assert_errno(ml_fx_param_set_u64(fx, "max_objects", 0), 0);
	assert_errno(ml_vmalloc(fx->fd, 4096, &id), -ENOSPC);
	ev_read(&ev, l, 3, 2000);
	get_stats(&n->t, &b);
	{
		const struct ev_want want[] = {
			{ MEMLAB_CMD_LIMIT_HIT, 0, MEMLAB_KIND_KMALLOC, NULL },
			{ MEMLAB_CMD_LIMIT_HIT, 0, MEMLAB_KIND_CACHE,
			  "nl_lim" },
			{ MEMLAB_CMD_LIMIT_HIT, 0, MEMLAB_KIND_VMALLOC, NULL },
		};

		assert_events(l, want, ML_ARRAY_SIZE(want));
	}
	assert_int_equal(l->o[0].limit, MEMLAB_LIMIT_UID_BYTES);
	assert_int_equal(l->o[0].error, EDQUOT);
	assert_int_equal(l->o[1].limit, MEMLAB_LIMIT_CACHES);
	assert_int_equal(l->o[1].oi.size, 64);
	assert_int_equal(l->o[2].limit, MEMLAB_LIMIT_OBJECTS);
	assert_int_equal(b.limit_hits, a.limit_hits + 3);
	assert_int_equal(b.k_limit_hits[MEMLAB_KIND_CACHE],
			 a.k_limit_hits[MEMLAB_KIND_CACHE] + 1);
	nlt_close(&ev);
	free(l);
}

/* ZONE_DMA is 16 MiB: order-10 blocks from it run out after a few. */
static void test_events_alloc_failed(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct ml_fixture *fx = n->fx;
	struct nobjs *l = nobjs_new();
	struct stats a, b;
	struct nlt ev;
	int i, got = 0, rc = 0;
	__u32 id;

	if (fx->base.max_order < 10)
		skip();
	assert_errno(ev_open(&ev), 0);
	get_stats(&n->t, &a);
	for (i = 0; i < 8; i++) {
		rc = ml_alloc(fx->fd, MEMLAB_KIND_PAGES, 0,
			      MEMLAB_GFP_DMA | MEMLAB_GFP_NORETRY |
			      MEMLAB_GFP_NOWARN, 10, 0, &id);
		if (rc)
			break;
		got++;
	}
	assert_errno(rc, -ENOMEM);
	get_stats(&n->t, &b);
	assert_int_equal(b.failures, a.failures + 1);
	assert_int_equal(b.k_failures[MEMLAB_KIND_PAGES],
			 a.k_failures[MEMLAB_KIND_PAGES] + 1);
	ev_read(&ev, l, got + 1, 2000);
	assert_int_equal(l->nr, got + 1);
	for (i = 0; i < got; i++)
		assert_int_equal(l->o[i].cmd, MEMLAB_CMD_OBJ_NEW);
	assert_int_equal(l->o[got].cmd, MEMLAB_CMD_ALLOC_FAILED);
	assert_int_equal(l->o[got].oi.kind, MEMLAB_KIND_PAGES);
	assert_int_equal(l->o[got].oi.order, 10);
	assert_int_equal(l->o[got].oi.size, 1024 * fx->page);
	assert_int_equal(l->o[got].error, ENOMEM);
	assert_false(l->o[got].has[MEMLAB_A_LIMIT]);
	nlt_close(&ev);
	free(l);
}

/* Anyone may listen; nobody gets addresses from events. */
static int listen_as_nobody(void *arg)
{
	struct nobjs *l = calloc(1, sizeof(*l));
	int *ready = arg;
	struct nlt ev;

	if (!l || ev_open(&ev))
		return 1;
	if (write(ready[1], "r", 1) != 1)
		return 2;
	ev_read(&ev, l, 2, 5000);
	if (l->nr != 2 || l->o[0].cmd != MEMLAB_CMD_OBJ_NEW ||
	    l->o[1].cmd != MEMLAB_CMD_OBJ_DEL)
		return 3;
	if (any_address(&l->o[0]) || l->o[0].oi.size != 4096)
		return 4;
	return 0;
}

static void *alloc_when_ready(void *arg)
{
	int *ready = arg;
	char c;
	int fd;
	__u32 id;

	if (read(ready[0], &c, 1) != 1)
		return NULL;
	fd = ml_open();
	if (fd < 0)
		return NULL;
	if (!ml_kmalloc(fd, 4096, &id))
		ml_free(fd, id);
	close(fd);
	return NULL;
}

static void test_events_unprivileged_listener(void **state)
{
	pthread_t th;
	int ready[2];

	(void)state;
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pthread_create(&th, NULL, alloc_when_ready, ready),
			 0);
	assert_int_equal(ml_in_child_as_nobody(listen_as_nobody, ready), 0);
	close(ready[1]);
	pthread_join(th, NULL);
	close(ready[0]);
}

/* ------------------------------------------------------------------ */
/* A dump racing with allocation                                       */

/* ~100 object messages fill a dump skb: this dump takes several rounds */
#define RACE_STABLE	600
#define RACE_DUMPS	12

static volatile int race_stop;

static void *churn(void *arg)
{
	__u32 ids[32];
	int fd, i;

	(void)arg;
	fd = ml_open();
	if (fd < 0)
		return NULL;
	while (!race_stop) {
		for (i = 0; i < 32; i++)
			if (ml_kmalloc(fd, 32 + i, &ids[i]))
				ids[i] = 0;
		for (i = 0; i < 32; i++)
			if (ids[i])
				ml_free(fd, ids[i]);
	}
	close(fd);
	return NULL;
}

static void test_dump_races_allocation(void **state)
{
	struct nlt_fx *n = NFX(state);
	struct nobjs *l = nobjs_new();
	static __u32 stable[RACE_STABLE];
	pthread_t th[2];
	int fd, i, d, seen;

	fd = ml_fx_open(n->fx);
	for (i = 0; i < RACE_STABLE; i++)
		assert_errno(ml_kmalloc(fd, 16, &stable[i]), 0);
	race_stop = 0;
	for (i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, churn, NULL), 0);
	for (d = 0; d < RACE_DUMPS; d++) {
		assert_errno(dump(&n->t, MEMLAB_CMD_GET_OBJECT, 0, l), 0);
		assert_false(l->overflow);
		for (i = 1; i < l->nr; i++)
			if (l->o[i].oi.id <= l->o[i - 1].oi.id)
				fail_msg("dump %d: id %u after %u", d,
					 l->o[i].oi.id, l->o[i - 1].oi.id);
		/* ids are strictly increasing, so "present" means once */
		for (seen = 0, i = 0; i < RACE_STABLE; i++)
			seen += find_id(l, stable[i]) != NULL;
		if (seen != RACE_STABLE)
			fail_msg("dump %d: %d of %d stable objects", d, seen,
				 RACE_STABLE);
	}
	race_stop = 1;
	for (i = 0; i < 2; i++)
		pthread_join(th[i], NULL);
	assert_errno(ml_fx_close(n->fx, fd), 0);
	free(l);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, nlt_setup, nlt_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_family),
		T(test_stats_match_info),
		T(test_stats_follow_allocations),
		T(test_stats_mapped),
		T(test_get_object_every_kind),
		T(test_get_cache),
		T(test_dumps),
		T(test_malformed),
		T(test_unprivileged),
		T(test_events_sequence),
		T(test_events_limits),
		T(test_events_alloc_failed),
		T(test_events_unprivileged_listener),
		T(test_dump_races_allocation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

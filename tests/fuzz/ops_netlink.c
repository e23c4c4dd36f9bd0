// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "memlab", spoken raw with libnl-genl as
 * test_netlink.c does: GET_STATS, GET_OBJECT and GET_CACHE (do and dump)
 * with the pools' ids and made-up ones, unknown and event commands, and
 * malformed requests (attribute types and lengths the policies refuse,
 * unknown attributes, a short genl header, a nonzero reserved field,
 * random attribute soup). Requests are built and sent with libnl; replies
 * are read with recvmsg(2) so that the kernel's errno is seen as it is.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <linux/memlab_netlink.h>

#include "engine.h"
#include "../integration/nl_policy.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define ULL(x)		((unsigned long long)(x))
#define FZ_NL_COMMON	(FZ_B(ENOMEM) | FZ_B(ENOBUFS))

static struct nla_policy fz_policy[MEMLAB_A_MAX + 1];
static pthread_once_t fz_policy_once = PTHREAD_ONCE_INIT;

static void fz_policy_init(void)
{
	memlab_nl_policy_init(fz_policy);
}

int fz_nl_resolve(void)
{
	struct nl_sock *sk = nl_socket_alloc();
	int family = -ENOENT;

	if (!sk)
		return -ENOMEM;
	if (!genl_connect(sk))
		family = genl_ctrl_resolve(sk, MEMLAB_GENL_NAME);
	nl_socket_free(sk);
	return family < 0 ? -ENOENT : family;
}

int fz_nl_open(struct fz_nl *nl, int family)
{
	struct timeval tv = { .tv_sec = 10 };
	int one = 1, fd;

	pthread_once(&fz_policy_once, fz_policy_init);
	memset(nl, 0, sizeof(*nl));
	nl->family = family;
	nl->buf = malloc(FZ_NL_BUF);
	nl->sk = nl_socket_alloc();
	if (!nl->buf || !nl->sk || genl_connect(nl->sk)) {
		fz_nl_close(nl);
		return -ENOMEM;
	}
	fd = nl_socket_get_fd(nl->sk);
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	/* a lost reply must not hang the run: it is a finding */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

void fz_nl_close(struct fz_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl->buf);
	nl->sk = NULL;
	nl->buf = NULL;
}

/* A request; @flags NLM_F_DUMP for a dump. */
static struct nl_msg *fz_nl_msg(struct fz_nl *nl, int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			      flags, cmd, MEMLAB_GENL_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

/**
 * struct fz_reply - what a request got
 * @nr: data messages
 * @bad: messages that were not the family's or did not parse
 * @truncated: a datagram did not fit the buffer
 */
struct fz_reply {
	int nr;
	int bad;
	bool truncated;
};

/*
 * Send @m (consumed) and read its replies up to the ACK, error or DONE,
 * calling @each for every data message. Returns the kernel's 0 or -errno;
 * -ETIMEDOUT or -ECOMM when it is our side that failed.
 */
static int fz_nl_run(struct fz_nl *nl, struct nl_msg *m, struct fz_reply *rep,
		     void (*each)(struct nlattr **tb, struct nlmsghdr *nlh,
				  void *arg),
		     void *arg)
{
	struct iovec iov = { .iov_base = nl->buf, .iov_len = FZ_NL_BUF };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fd = nl_socket_get_fd(nl->sk), rc;
	struct nlattr *tb[MEMLAB_A_MAX + 1];
	struct genlmsghdr *g;
	struct nlmsghdr *nlh;
	__u32 seq;
	ssize_t n;

	memset(rep, 0, sizeof(*rep));
	if (!m)
		return -ENOMEM;
	rc = nl_send_auto(nl->sk, m);
	seq = nlmsg_hdr(m)->nlmsg_seq;
	nlmsg_free(m);
	if (rc < 0)
		return -ECOMM;
	for (;;) {
		n = recvmsg(fd, &mh, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return errno == EAGAIN ? -ETIMEDOUT : -ECOMM;
		if (mh.msg_flags & MSG_TRUNC)
			rep->truncated = true;
		for (nlh = (struct nlmsghdr *)nl->buf; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq) {
				nl->stale++;
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return ((struct nlmsgerr *)NLMSG_DATA(nlh))->error;
			if (nlh->nlmsg_type == NLMSG_DONE)
				return nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)) ?
				       *(int *)NLMSG_DATA(nlh) : 0;
			g = NLMSG_DATA(nlh);
			if (nlh->nlmsg_type != nl->family ||
			    nla_parse(tb, MEMLAB_A_MAX, genlmsg_attrdata(g, 0),
				      genlmsg_attrlen(g, 0), fz_policy)) {
				rep->bad++;
				continue;
			}
			rep->nr++;
			if (each)
				each(tb, nlh, arg);
		}
	}
}

/* Judge a request's outcome; our own failures are findings as such. */
static bool fz_nl_check(struct fz_thread *t, enum fz_op op, int rc,
			const struct fz_reply *rep, const struct fz_exp *e,
			const char *what)
{
	if (rc == -ETIMEDOUT || rc == -ECOMM) {
		fz_finding(t, "%s: %s", what, rc == -ETIMEDOUT ?
			   "no reply within 10 s" : "the socket failed");
		return true;
	}
	if (rep->truncated || rep->bad)
		fz_finding(t, "%s: %d malformed or foreign replies%s", what,
			   rep->bad, rep->truncated ? ", one truncated" : "");
	return fz_check(t, op, rc, e, "%s", what);
}

static __u64 fz_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static __u32 fz_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

/* ------------------------------------------------------------------ */
/* GET_STATS                                                           */

struct fz_stats_reply {
	struct fz_nl_stats s;
	__u32 version;
	bool all;		/* every attribute the uapi lists came */
	int kinds;		/* MEMLAB_A_STATS_KIND nests */
	__u64 k_objects, k_bytes, k_caches;
};

static void fz_stats_each(struct nlattr **tb, struct nlmsghdr *nlh,
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
	struct genlmsghdr *g = NLMSG_DATA(nlh);
	struct nlattr *a, *kt[MEMLAB_A_MAX + 1];
	struct fz_stats_reply *r = arg;
	size_t i;
	int rem;

	r->all = true;
	for (i = 0; i < FZ_ARRAY_SIZE(needed); i++)
		if (!tb[needed[i]])
			r->all = false;
	r->version = fz_u32(tb, MEMLAB_A_VERSION);
	r->s.objects = fz_u64(tb, MEMLAB_A_STATS_OBJECTS);
	r->s.bytes = fz_u64(tb, MEMLAB_A_STATS_BYTES);
	r->s.caches = fz_u64(tb, MEMLAB_A_STATS_CACHES);
	r->s.mapped = fz_u64(tb, MEMLAB_A_STATS_MAPPED);
	r->s.allocs = fz_u64(tb, MEMLAB_A_STATS_ALLOCS);
	r->s.frees = fz_u64(tb, MEMLAB_A_STATS_FREES);
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0),
			  rem) {
		if (nla_type(a) != MEMLAB_A_STATS_KIND)
			continue;
		if (nla_parse_nested(kt, MEMLAB_A_MAX, a, fz_policy)) {
			r->all = false;
			continue;
		}
		r->kinds++;
		r->k_objects += fz_u64(kt, MEMLAB_A_STATS_OBJECTS);
		r->k_bytes += fz_u64(kt, MEMLAB_A_STATS_BYTES);
		if (fz_u32(kt, MEMLAB_A_KIND) == MEMLAB_KIND_CACHE)
			r->k_caches = fz_u64(kt, MEMLAB_A_STATS_OBJECTS);
	}
}

static int fz_stats(struct fz_nl *nl, int flags, int attr,
		    struct fz_stats_reply *r, struct fz_reply *rep)
{
	struct nl_msg *m = fz_nl_msg(nl, MEMLAB_CMD_GET_STATS, flags);

	memset(r, 0, sizeof(*r));
	if (m && attr)
		nla_put_u32(m, attr, 1);
	return fz_nl_run(nl, m, rep, fz_stats_each, r);
}

int fz_nl_get_stats(struct fz_nl *nl, struct fz_nl_stats *s)
{
	struct fz_stats_reply r;
	struct fz_reply rep;
	int rc = fz_stats(nl, 0, 0, &r, &rep);

	if (!rc && (rep.nr != 1 || !r.all))
		rc = -EPROTO;
	*s = r.s;
	return rc;
}

void fz_op_nl_stats(struct fz_thread *t)
{
	unsigned int r = fz_below(t, 100);
	struct fz_stats_reply sr;
	struct fz_reply rep;
	int flags = 0, attr = 0, rc;
	char what[96];
	struct fz_exp e;

	fz_exp_init(&e, FZ_NL_COMMON);
	if (r >= 88 && r < 94) {
		/* GET_STATS takes no attribute */
		attr = 1 + fz_below(t, MEMLAB_A_MAX + 4);
		fz_violate(&e, FZ_B(EINVAL) | FZ_B(ERANGE));
	} else if (r >= 94) {
		flags = NLM_F_DUMP;	/* no dumpit */
		fz_violate(&e, FZ_B(EOPNOTSUPP));
	}
	rc = fz_stats(&t->nl, flags, attr, &sr, &rep);
	snprintf(what, sizeof(what), "GET_STATS%s, attribute %d",
		 flags ? " dump" : "", attr);
	if (fz_nl_check(t, FZ_OP_NL_STATS, rc, &rep, &e, what) || rc)
		return;
	/* one snapshot: the nests add up to the totals */
	if (rep.nr != 1 || !sr.all || sr.version != MEMLAB_VERSION ||
	    sr.kinds != MEMLAB_KIND_NR - 1 || sr.k_objects != sr.s.objects ||
	    sr.k_bytes != sr.s.bytes || sr.k_caches != sr.s.caches)
		fz_finding(t,
			   "GET_STATS: %d replies, all attributes %d, version %u, %d kinds,"
			   " objects %llu (kinds %llu), bytes %llu (kinds %llu),"
			   " caches %llu (kind %llu)",
			   rep.nr, sr.all, sr.version, sr.kinds,
			   ULL(sr.s.objects), ULL(sr.k_objects),
			   ULL(sr.s.bytes), ULL(sr.k_bytes), ULL(sr.s.caches),
			   ULL(sr.k_caches));
}

/* ------------------------------------------------------------------ */
/* GET_OBJECT, GET_CACHE                                               */

struct fz_objs_reply {
	__u32 n;
	__u32 ids[8];
	__u32 kinds[8];
	__u64 sizes[8];
	char names[8][MEMLAB_NAME_LEN];
	/* dumps */
	__u32 prev;
	bool disorder;
	__u32 kind;		/* filter: every kind must be this one */
	bool wrong_kind;
	const __u32 *want;	/* ids that must come */
	bool *seen;
	int nr_want;
};

static void fz_objs_each(struct nlattr **tb, struct nlmsghdr *nlh, void *arg)
{
	struct fz_objs_reply *r = arg;
	__u32 id = fz_u32(tb, MEMLAB_A_ID), kind = fz_u32(tb, MEMLAB_A_KIND);
	int i;

	(void)nlh;
	if (r->n < FZ_ARRAY_SIZE(r->ids)) {
		r->ids[r->n] = id;
		r->kinds[r->n] = kind;
		r->sizes[r->n] = fz_u64(tb, MEMLAB_A_SIZE);
		r->names[r->n][0] = '\0';
		if (tb[MEMLAB_A_NAME])
			snprintf(r->names[r->n], MEMLAB_NAME_LEN, "%s",
				 nla_get_string(tb[MEMLAB_A_NAME]));
	}
	if (r->n && id <= r->prev)
		r->disorder = true;
	if (r->kind && kind != r->kind)
		r->wrong_kind = true;
	for (i = 0; i < r->nr_want; i++)
		if (r->want[i] == id)
			r->seen[i] = true;
	r->prev = id;
	r->n++;
}

static void fz_exp_nl_target(struct fz_exp *e, const struct fz_target *tg)
{
	if (tg->nl_vis == FZ_MAYBE)
		fz_allow(e, FZ_B(ENOENT));
	else if (tg->nl_vis == FZ_GONE)
		fz_violate(e, FZ_B(ENOENT));
	if (!tg->id)	/* the policy wants an id >= 1 */
		fz_violate(e, FZ_B(EINVAL) | FZ_B(ERANGE));
}

/* MEMLAB_A_ID as the policy wants it, or in a wrong shape. */
static const char *fz_put_id(struct fz_thread *t, struct nl_msg *m, __u32 id,
			     struct fz_exp *e)
{
	unsigned int r = fz_below(t, 100);
	__u8 b = id;

	if (r < 90) {
		nla_put_u32(m, MEMLAB_A_ID, id);
		return "u32";
	}
	fz_violate(e, FZ_B(EINVAL) | FZ_B(ERANGE));
	if (r < 93) {
		nla_put_u16(m, MEMLAB_A_ID, id);
		return "u16";
	}
	if (r < 96) {
		nla_put_u64(m, MEMLAB_A_ID, id);
		return "u64";
	}
	if (r < 98) {
		nla_put(m, MEMLAB_A_ID, 1, &b);
		return "u8";
	}
	nla_put(m, MEMLAB_A_ID | NLA_F_NESTED, sizeof(id), &id);
	return "u32 flagged nested";
}

/* A reply about one object agrees with what we know of @tg. */
static void fz_nl_one(struct fz_thread *t, const struct fz_target *tg,
		      const struct fz_reply *rep,
		      const struct fz_objs_reply *r, const char *what,
		      const char *name)
{
	const struct fz_obj *o = &tg->obj;
	bool bad = rep->nr != 1 || r->n != 1;

	if (!bad && tg->id && r->ids[0] != tg->id)
		bad = true;
	if (!bad && tg->known && tg->src != FZ_SRC_DEAD &&
	    (r->kinds[0] != o->kind || (o->size && r->sizes[0] != o->size)))
		bad = true;
	if (!bad && name && strncmp(r->names[0], name, MEMLAB_NAME_LEN))
		bad = true;
	if (bad)
		fz_finding(t,
			   "%s: %d replies, id %u kind %u size %llu name \"%s\"; known %u %llu",
			   what, rep->nr, r->ids[0], r->kinds[0],
			   ULL(r->sizes[0]), r->names[0], o->kind,
			   ULL(o->size));
}

void fz_op_nl_object(struct fz_thread *t)
{
	unsigned int r = fz_below(t, 100);
	struct fz_objs_reply or;
	const char *shape = "no";
	struct fz_target tg;
	struct fz_reply rep;
	char what[224], td[128];
	struct fz_exp e;
	struct nl_msg *m;
	int rc;

	fz_pick(t, &tg, FZ_WANT_OBJ | FZ_WANT_CACHE, 0);
	fz_exp_init(&e, FZ_NL_COMMON);
	m = fz_nl_msg(&t->nl, MEMLAB_CMD_GET_OBJECT, 0);
	if (r < 95 && m) {
		fz_exp_nl_target(&e, &tg);
		shape = fz_put_id(t, m, tg.id, &e);
	} else {
		fz_violate(&e, FZ_B(EINVAL));	/* the id is required */
	}
	if (r >= 90 && m) {
		/* the kind filter is for dumps */
		nla_put_u32(m, MEMLAB_A_KIND, 1 + fz_below(t, 7));
		fz_violate(&e, FZ_B(EINVAL));
	}
	memset(&or, 0, sizeof(or));
	rc = fz_nl_run(&t->nl, m, &rep, fz_objs_each, &or);
	snprintf(what, sizeof(what), "GET_OBJECT %s, %s id%s",
		 fz_tdesc(&tg, td, sizeof(td)), shape,
		 r >= 90 ? ", a kind" : "");
	if (!fz_nl_check(t, FZ_OP_NL_OBJECT, rc, &rep, &e, what) && !rc)
		fz_nl_one(t, &tg, &rep, &or, what, NULL);
}

void fz_op_nl_cache(struct fz_thread *t)
{
	unsigned int r = fz_below(t, 100);
	char what[224], td[128], name[MEMLAB_NAME_LEN + 8];
	const char *byname = NULL;
	struct fz_objs_reply or;
	struct fz_target tg;
	struct fz_reply rep;
	struct fz_exp e;
	struct nl_msg *m;
	int rc;

	fz_pick(t, &tg, fz_chance(t, 85) ? FZ_WANT_CACHE : FZ_WANT_OBJ, 0);
	fz_exp_init(&e, FZ_NL_COMMON);
	m = fz_nl_msg(&t->nl, MEMLAB_CMD_GET_CACHE, 0);
	if (!m)
		return;
	snprintf(name, sizeof(name), "nosuch_%u", (__u32)fz_rnd(t));
	if (tg.known && tg.obj.kind == MEMLAB_KIND_CACHE && tg.obj.name[0])
		memcpy(name, tg.obj.name, MEMLAB_NAME_LEN);
	if (r < 50 || r >= 85) {
		fz_exp_nl_target(&e, &tg);
		/* an object that is no cache: "no such cache" */
		if (tg.known && tg.obj.kind != MEMLAB_KIND_CACHE)
			fz_violate(&e, FZ_B(ENOENT));
		fz_put_id(t, m, tg.id, &e);
		snprintf(what, sizeof(what), "GET_CACHE by %s",
			 fz_tdesc(&tg, td, sizeof(td)));
	} else {
		/* a destroyed cache's name may have been made again */
		if (!tg.known || tg.obj.kind != MEMLAB_KIND_CACHE ||
		    !tg.obj.name[0])
			fz_violate(&e, FZ_B(ENOENT));	/* "nosuch_" */
		else if (tg.src == FZ_SRC_DEAD || tg.nl_vis != FZ_SURE)
			fz_allow(&e, FZ_B(ENOENT));
		nla_put_string(m, MEMLAB_A_NAME, name);
		byname = name;
		snprintf(what, sizeof(what), "GET_CACHE by name \"%s\"", name);
	}
	if (r >= 85 && r < 90) {
		nla_put_string(m, MEMLAB_A_NAME, name);	/* both */
		fz_violate(&e, FZ_B(EINVAL));
		byname = NULL;
		strcat(what, " and name");
	} else if (r >= 90) {
		/* neither, a name too long, or not terminated */
		nlmsg_free(m);
		m = fz_nl_msg(&t->nl, MEMLAB_CMD_GET_CACHE, 0);
		fz_exp_init(&e, FZ_NL_COMMON);
		fz_violate(&e, FZ_B(EINVAL) | FZ_B(ERANGE));
		if (r < 94) {
			snprintf(what, sizeof(what), "GET_CACHE without id or name");
		} else if (r < 97 && m) {
			memset(name, 'n', MEMLAB_NAME_LEN + 4);
			name[MEMLAB_NAME_LEN + 4] = '\0';
			nla_put_string(m, MEMLAB_A_NAME, name);
			snprintf(what, sizeof(what), "GET_CACHE name of %d bytes",
				 MEMLAB_NAME_LEN + 4);
		} else if (m) {
			nla_put(m, MEMLAB_A_NAME, 5, "fzabc");
			snprintf(what, sizeof(what), "GET_CACHE name without NUL");
		}
		byname = NULL;
	}
	memset(&or, 0, sizeof(or));
	rc = fz_nl_run(&t->nl, m, &rep, fz_objs_each, &or);
	if (fz_nl_check(t, FZ_OP_NL_CACHE, rc, &rep, &e, what) || rc)
		return;
	if (byname)
		tg.id = 0;	/* by name: any id */
	fz_nl_one(t, &tg, &rep, &or, what, byname);
	if (or.n == 1 && or.kinds[0] != MEMLAB_KIND_CACHE)
		fz_finding(t, "%s: a %s", what, fz_kindname(or.kinds[0]));
}

/* ------------------------------------------------------------------ */
/* Dumps                                                               */

void fz_op_nl_dump(struct fz_thread *t)
{
	bool objects = fz_chance(t, 60);
	unsigned int r = fz_below(t, 100);
	__u32 want[FZ_MAX_OBJS + FZ_MAX_CACHES];
	bool seen[FZ_MAX_OBJS + FZ_MAX_CACHES] = { false };
	struct fz_objs_reply or;
	struct fz_reply rep;
	struct fz_exp e;
	struct nl_msg *m;
	char what[96];
	int i, rc;

	memset(&or, 0, sizeof(or));
	fz_exp_init(&e, FZ_NL_COMMON);
	m = fz_nl_msg(&t->nl, objects ? MEMLAB_CMD_GET_OBJECT :
		      MEMLAB_CMD_GET_CACHE, NLM_F_DUMP);
	if (!m)
		return;
	if (!objects)
		or.kind = MEMLAB_KIND_CACHE;
	if (objects && r >= 55 && r < 90) {
		or.kind = 1 + fz_below(t, MEMLAB_KIND_NR - 1);
		nla_put_u32(m, MEMLAB_A_KIND, or.kind);
	} else if (objects && r >= 90 && r < 95) {
		nla_put_u32(m, MEMLAB_A_KIND, fz_chance(t, 30) ? 0 :
			    MEMLAB_KIND_NR + fz_below(t, 100));
		fz_violate(&e, FZ_B(EINVAL) | FZ_B(ERANGE));
	} else if (r >= 95) {
		/* a dump takes no id (nor name) */
		if (!objects && fz_chance(t, 50))
			nla_put_string(m, MEMLAB_A_NAME, "fz");
		else
			nla_put_u32(m, MEMLAB_A_ID, 1 + fz_below(t, 1000));
		fz_violate(&e, FZ_B(EINVAL));
	}
	snprintf(what, sizeof(what), "%s dump, kind %u%s",
		 objects ? "GET_OBJECT" : "GET_CACHE", or.kind,
		 r >= 90 ? ", a bad attribute" : "");
	/* what only this thread can free lives through the dump */
	for (i = 0; i < t->nr_objs; i++)
		if (fz_own_exclusive(&t->objs[i]) && objects &&
		    (!or.kind || or.kind == t->objs[i].kind))
			want[or.nr_want++] = t->objs[i].id;
	for (i = 0; i < t->nr_caches; i++)
		if (fz_own_exclusive(&t->caches[i]) &&
		    (!or.kind || or.kind == MEMLAB_KIND_CACHE))
			want[or.nr_want++] = t->caches[i].id;
	or.want = want;
	or.seen = seen;
	rc = fz_nl_run(&t->nl, m, &rep, fz_objs_each, &or);
	if (fz_nl_check(t, FZ_OP_NL_DUMP, rc, &rep, &e, what) || rc)
		return;
	if (or.disorder || or.wrong_kind)
		fz_finding(t, "%s: %u objects, %s", what, or.n,
			   or.disorder ? "ids not increasing" :
			   "an object of another kind");
	for (i = 0; i < or.nr_want; i++)
		if (!seen[i])
			fz_finding(t, "%s: own id %u missing", what, want[i]);
}

/* ------------------------------------------------------------------ */
/* Malformed requests                                                  */

void fz_op_nl_bad(struct fz_thread *t)
{
	struct fz_stats_reply sr;
	struct fz_reply rep;
	struct fz_exp e;
	struct nl_msg *m = NULL;
	char what[128], blob[48];
	int cmd, type, i, n, rc;
	__u32 id = t->nr_objs ? t->objs[fz_below(t, t->nr_objs)].id : 1;

	fz_exp_init(&e, FZ_NL_COMMON);
	switch (fz_below(t, 9)) {
	case 0:
		cmd = fz_chance(t, 30) ? MEMLAB_CMD_UNSPEC :
		      MEMLAB_CMD_MAX + 1 + fz_below(t, 255 - MEMLAB_CMD_MAX);
		m = fz_nl_msg(&t->nl, cmd, fz_chance(t, 20) ? NLM_F_DUMP : 0);
		fz_violate(&e, FZ_B(EOPNOTSUPP));
		snprintf(what, sizeof(what), "unknown command %d", cmd);
		break;
	case 1:
		cmd = MEMLAB_CMD_OBJ_NEW + fz_below(t, MEMLAB_CMD_MAX -
						    MEMLAB_CMD_OBJ_NEW + 1);
		m = fz_nl_msg(&t->nl, cmd, 0);
		fz_violate(&e, FZ_B(EOPNOTSUPP));
		snprintf(what, sizeof(what), "event command %d as a request",
			 cmd);
		break;
	case 2:
		cmd = 1 + fz_below(t, 3);
		m = fz_nl_msg(&t->nl, cmd, 0);
		if (m) {
			((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(m)))->reserved =
				1 + fz_below(t, 0xffff);
			if (cmd != MEMLAB_CMD_GET_STATS)
				nla_put_u32(m, MEMLAB_A_ID, id);
		}
		fz_violate(&e, FZ_B(EINVAL));
		snprintf(what, sizeof(what), "command %d, reserved field set",
			 cmd);
		break;
	case 3:
		cmd = MEMLAB_CMD_GET_OBJECT + fz_below(t, 2);
		type = MEMLAB_A_NAME + 1 + fz_below(t, MEMLAB_A_MAX + 20 -
						   MEMLAB_A_NAME);
		m = fz_nl_msg(&t->nl, cmd, 0);
		if (m) {
			nla_put_u32(m, MEMLAB_A_ID, id);
			nla_put_u32(m, type, (__u32)fz_rnd(t));
		}
		fz_violate(&e, FZ_B(EINVAL) | FZ_B(ERANGE));
		snprintf(what, sizeof(what), "command %d, attribute type %d",
			 cmd, type);
		break;
	case 4:
		cmd = MEMLAB_CMD_GET_OBJECT + fz_below(t, 2);
		m = fz_nl_msg(&t->nl, cmd, 0);
		n = fz_below(t, 4) * 2 + (fz_chance(t, 50) ? 8 : 0);
		memset(blob, 0x11, sizeof(blob));
		if (m)
			nla_put(m, MEMLAB_A_ID, n == 4 ? 3 : n, blob);
		fz_violate(&e, FZ_B(EINVAL) | FZ_B(ERANGE));
		snprintf(what, sizeof(what), "command %d, id of %d bytes",
			 cmd, n == 4 ? 3 : n);
		break;
	case 5:
		/* shorter than a genl header */
		m = nlmsg_alloc_simple(t->nl.family, 0);
		if (m)
			nlmsg_reserve(m, 1 + fz_below(t, GENL_HDRLEN - 1), 1);
		fz_violate(&e, FZ_B(EINVAL));
		snprintf(what, sizeof(what), "a message shorter than its genl header");
		break;
	case 6:
		cmd = 1 + fz_below(t, 3);
		m = fz_nl_msg(&t->nl, cmd, fz_chance(t, 30) ? NLM_F_DUMP : 0);
		n = 1 + fz_below(t, 4);
		for (i = 0; i < n && m; i++) {
			type = fz_below(t, MEMLAB_A_MAX + 8);
			if (fz_chance(t, 10))
				type |= NLA_F_NESTED;
			fz_fill_rnd(t, blob, sizeof(blob));
			nla_put(m, type, fz_below(t, sizeof(blob) + 1), blob);
		}
		fz_allow(&e, FZ_B(EINVAL) | FZ_B(ERANGE) | FZ_B(ENOENT) |
			 FZ_B(EOPNOTSUPP));
		snprintf(what, sizeof(what), "command %d, %d random attributes",
			 cmd, n);
		break;
	case 7:
		/* half of NLM_F_DUMP, or a flag of another request type */
		n = fz_chance(t, 50) ? NLM_F_ROOT : fz_chance(t, 50) ?
		    NLM_F_MATCH : NLM_F_ATOMIC;
		m = fz_nl_msg(&t->nl, MEMLAB_CMD_GET_STATS, n);
		fz_violate(&e, FZ_B(EINVAL));
		snprintf(what, sizeof(what), "GET_STATS, nlmsg_flags %#x", n);
		break;
	default:
		m = fz_nl_msg(&t->nl, MEMLAB_CMD_GET_STATS, 0);
		type = fz_below(t, MEMLAB_A_MAX + 4);
		if (m)
			nla_put_u32(m, type, 0);
		fz_violate(&e, FZ_B(EINVAL) | FZ_B(ERANGE));
		snprintf(what, sizeof(what), "GET_STATS with attribute %d",
			 type);
		break;
	}
	rc = fz_nl_run(&t->nl, m, &rep, NULL, NULL);
	if (fz_nl_check(t, FZ_OP_NL_BAD, rc, &rep, &e, what) ||
	    !fz_chance(t, 25))
		return;
	/* the socket is still good */
	rc = fz_stats(&t->nl, 0, 0, &sr, &rep);
	if (rc || rep.nr != 1)
		fz_finding(t, "GET_STATS after %s: %s, %d replies", what,
			   fz_errname(-rc), rep.nr);
}

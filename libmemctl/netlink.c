// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The generic netlink client: requests to the family "memlab"
 * (linux/memlab_netlink.h) and the subscription to its "events" group,
 * over libnl-3 and libnl-genl-3.
 *
 * libnl reports its own NLE_* codes; callers get -errno: the kernel's own
 * errno when it answered with one (kept from the error callback, since
 * libnl folds it into an NLE_* code), memctl_nl_errno() for the rest.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "memctl.h"
#include "netlink_priv.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

struct memctl_nl {
	struct nl_sock *sk;
	int family;
	char errmsg[256];
};

/* libnl's codes as errnos; the kernel's own errnos never go through here. */
int memctl_nl_errno(int nle)
{
	static const int map[] = {
		[NLE_SUCCESS] = 0,
		[NLE_INTR] = EINTR,
		[NLE_BAD_SOCK] = EBADF,
		[NLE_AGAIN] = EAGAIN,
		[NLE_NOMEM] = ENOMEM,
		[NLE_EXIST] = EEXIST,
		[NLE_INVAL] = EINVAL,
		[NLE_RANGE] = ERANGE,
		[NLE_MSGSIZE] = EMSGSIZE,
		[NLE_OPNOTSUPP] = EOPNOTSUPP,
		[NLE_AF_NOSUPPORT] = EAFNOSUPPORT,
		[NLE_OBJ_NOTFOUND] = ENOENT,
		[NLE_NOATTR] = ENOENT,
		[NLE_MISSING_ATTR] = EPROTO,
		[NLE_SEQ_MISMATCH] = EPROTO,
		[NLE_MSG_OVERFLOW] = EOVERFLOW,
		[NLE_MSG_TRUNC] = EMSGSIZE,
		[NLE_NOADDR] = EADDRNOTAVAIL,
		[NLE_MSG_TOOSHORT] = EPROTO,
		[NLE_MSGTYPE_NOSUPPORT] = EPROTO,
		[NLE_BUSY] = EBUSY,
		[NLE_PROTO_MISMATCH] = EPROTONOSUPPORT,
		[NLE_NOACCESS] = EACCES,
		[NLE_PERM] = EPERM,
		[NLE_PARSE_ERR] = EPROTO,
		[NLE_NODEV] = ENODEV,
		[NLE_DUMP_INTR] = EINTR,
		[NLE_ATTRSIZE] = EPROTO,
	};

	if (nle < 0)
		nle = -nle;
	if (nle < (int)(sizeof(map) / sizeof(map[0])) && map[nle])
		return -map[nle];
	return nle ? -EIO : 0;
}

/*
 * What memlab sends: every attribute typed and of its exact size, strings
 * NUL-terminated within the uapi's MEMLAB_NAME_LEN. Attributes of a newer
 * driver (above MEMLAB_A_MAX) are skipped by libnl.
 */
#define NL_U32	{ .type = NLA_U32, .maxlen = sizeof(uint32_t) }
#define NL_U64	{ .type = NLA_U64, .maxlen = sizeof(uint64_t) }
#define NL_NAME	{ .type = NLA_STRING, .maxlen = MEMLAB_NAME_LEN }

static const struct nla_policy memctl_nl_policy[MEMLAB_A_MAX + 1] = {
	[MEMLAB_A_ID] = NL_U32,
	[MEMLAB_A_KIND] = NL_U32,
	[MEMLAB_A_FLAGS] = NL_U32,
	[MEMLAB_A_UID] = NL_U32,
	[MEMLAB_A_SIZE] = NL_U64,
	[MEMLAB_A_ORDER] = NL_U32,
	[MEMLAB_A_GFP] = NL_U32,
	[MEMLAB_A_CACHE_ID] = NL_U32,
	[MEMLAB_A_MAPCOUNT] = NL_U32,
	[MEMLAB_A_CTIME] = NL_U64,
	[MEMLAB_A_MMAP_OFFSET] = NL_U64,
	[MEMLAB_A_KADDR] = NL_U64,
	[MEMLAB_A_PHYS] = NL_U64,
	[MEMLAB_A_DMA_ADDR] = NL_U64,
	[MEMLAB_A_DMA_DIR] = NL_U32,
	[MEMLAB_A_NR_OBJECTS] = NL_U32,
	[MEMLAB_A_SLAB_SIZE] = NL_U32,
	[MEMLAB_A_ALIGN] = NL_U32,
	[MEMLAB_A_NAME] = NL_NAME,
	[MEMLAB_A_MERGED_INTO] = NL_NAME,
	[MEMLAB_A_ERRNO] = NL_U32,
	[MEMLAB_A_LIMIT] = NL_U32,
	[MEMLAB_A_VERSION] = NL_U32,
	[MEMLAB_A_STATS_OBJECTS] = NL_U64,
	[MEMLAB_A_STATS_BYTES] = NL_U64,
	[MEMLAB_A_STATS_CACHES] = NL_U64,
	[MEMLAB_A_STATS_MAPPED] = NL_U64,
	[MEMLAB_A_STATS_ALLOCS] = NL_U64,
	[MEMLAB_A_STATS_FREES] = NL_U64,
	[MEMLAB_A_STATS_FAILURES] = NL_U64,
	[MEMLAB_A_STATS_LIMIT_HITS] = NL_U64,
	[MEMLAB_A_STATS_UID_BYTES] = NL_U64,
	[MEMLAB_A_STATS_KIND] = { .type = NLA_NESTED },
	[MEMLAB_A_LIMIT_MAX_BYTES] = NL_U64,
	[MEMLAB_A_LIMIT_MAX_OBJECTS] = NL_U64,
	[MEMLAB_A_LIMIT_MAX_CACHES] = NL_U32,
	[MEMLAB_A_LIMIT_UID_MAX_BYTES] = NL_U64,
	[MEMLAB_A_LIMIT_MAX_ORDER] = NL_U32,
};

static uint64_t nl_u64(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u64(tb[a]) : 0;
}

static uint32_t nl_u32(struct nlattr **tb, int a)
{
	return tb[a] ? nla_get_u32(tb[a]) : 0;
}

static void nl_str(struct nlattr **tb, int a, char *buf, size_t len)
{
	buf[0] = '\0';
	if (tb[a])
		nla_strlcpy(buf, tb[a], len);
}

/* A memlab message's attributes; one the policy refuses is -EPROTO. */
int memctl_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb)
{
	if (genlmsg_parse(nlh, 0, tb, MEMLAB_A_MAX, memctl_nl_policy) < 0)
		return -EPROTO;
	return 0;
}

/* An object message as &struct memlab_obj_info; missing attributes are 0. */
void memctl_nl_parse_obj(struct nlattr **tb, struct memlab_obj_info *oi)
{
	memset(oi, 0, sizeof(*oi));
	oi->id = nl_u32(tb, MEMLAB_A_ID);
	oi->kind = nl_u32(tb, MEMLAB_A_KIND);
	oi->flags = nl_u32(tb, MEMLAB_A_FLAGS);
	oi->uid = nl_u32(tb, MEMLAB_A_UID);
	oi->size = nl_u64(tb, MEMLAB_A_SIZE);
	oi->order = nl_u32(tb, MEMLAB_A_ORDER);
	oi->gfp = nl_u32(tb, MEMLAB_A_GFP);
	oi->cache_id = nl_u32(tb, MEMLAB_A_CACHE_ID);
	oi->mapcount = nl_u32(tb, MEMLAB_A_MAPCOUNT);
	oi->ctime_ns = nl_u64(tb, MEMLAB_A_CTIME);
	oi->mmap_offset = nl_u64(tb, MEMLAB_A_MMAP_OFFSET);
	oi->kaddr = nl_u64(tb, MEMLAB_A_KADDR);
	oi->phys = nl_u64(tb, MEMLAB_A_PHYS);
	oi->dma_addr = nl_u64(tb, MEMLAB_A_DMA_ADDR);
	oi->dma_dir = nl_u32(tb, MEMLAB_A_DMA_DIR);
	oi->nr_objects = nl_u32(tb, MEMLAB_A_NR_OBJECTS);
	oi->slab_size = nl_u32(tb, MEMLAB_A_SLAB_SIZE);
	oi->align = nl_u32(tb, MEMLAB_A_ALIGN);
	nl_str(tb, MEMLAB_A_NAME, oi->name, sizeof(oi->name));
	nl_str(tb, MEMLAB_A_MERGED_INTO, oi->merged_into,
	       sizeof(oi->merged_into));
}

/* GET_STATS's reply; the per-kind nests repeat, so walk the message. */
int memctl_nl_parse_stats(struct nlmsghdr *nlh, struct nlattr **tb,
			  struct memctl_stats *st)
{
	struct nlattr *a, *kt[MEMLAB_A_MAX + 1];
	int rem, ret;

	memset(st, 0, sizeof(*st));
	if (!tb[MEMLAB_A_VERSION] || !tb[MEMLAB_A_STATS_OBJECTS])
		return -EPROTO;
	st->version = nl_u32(tb, MEMLAB_A_VERSION);
	st->objects = nl_u64(tb, MEMLAB_A_STATS_OBJECTS);
	st->bytes = nl_u64(tb, MEMLAB_A_STATS_BYTES);
	st->caches = nl_u64(tb, MEMLAB_A_STATS_CACHES);
	st->mapped = nl_u64(tb, MEMLAB_A_STATS_MAPPED);
	st->allocs = nl_u64(tb, MEMLAB_A_STATS_ALLOCS);
	st->frees = nl_u64(tb, MEMLAB_A_STATS_FREES);
	st->failures = nl_u64(tb, MEMLAB_A_STATS_FAILURES);
	st->limit_hits = nl_u64(tb, MEMLAB_A_STATS_LIMIT_HITS);
	st->uid_bytes = nl_u64(tb, MEMLAB_A_STATS_UID_BYTES);
	st->max_bytes = nl_u64(tb, MEMLAB_A_LIMIT_MAX_BYTES);
	st->max_objects = nl_u64(tb, MEMLAB_A_LIMIT_MAX_OBJECTS);
	st->max_caches = nl_u32(tb, MEMLAB_A_LIMIT_MAX_CACHES);
	st->uid_max_bytes = nl_u64(tb, MEMLAB_A_LIMIT_UID_MAX_BYTES);
	st->max_order = nl_u32(tb, MEMLAB_A_LIMIT_MAX_ORDER);
	nla_for_each_attr(a, genlmsg_attrdata(nlmsg_data(nlh), 0),
			  genlmsg_attrlen(nlmsg_data(nlh), 0), rem) {
		struct memctl_kind_stats *ks;
		uint32_t kind;

		if (nla_type(a) != MEMLAB_A_STATS_KIND)
			continue;
		ret = nla_parse_nested(kt, MEMLAB_A_MAX, a, memctl_nl_policy);
		if (ret)
			return -EPROTO;
		kind = nl_u32(kt, MEMLAB_A_KIND);
		if (!kind || kind >= MEMLAB_KIND_NR)
			continue;	/* a kind newer than this library */
		ks = &st->kinds[kind];
		ks->objects = nl_u64(kt, MEMLAB_A_STATS_OBJECTS);
		ks->bytes = nl_u64(kt, MEMLAB_A_STATS_BYTES);
		ks->allocs = nl_u64(kt, MEMLAB_A_STATS_ALLOCS);
		ks->frees = nl_u64(kt, MEMLAB_A_STATS_FREES);
		ks->failures = nl_u64(kt, MEMLAB_A_STATS_FAILURES);
		ks->limit_hits = nl_u64(kt, MEMLAB_A_STATS_LIMIT_HITS);
	}
	return 0;
}

/* An event message; @type is its genl command. */
int memctl_nl_parse_event(struct nlmsghdr *nlh, struct memctl_event *ev)
{
	struct nlattr *tb[MEMLAB_A_MAX + 1];
	int ret;

	memset(ev, 0, sizeof(*ev));
	ret = memctl_nl_parse(nlh, tb);
	if (ret)
		return ret;
	ev->type = genlmsg_hdr(nlh)->cmd;
	memctl_nl_parse_obj(tb, &ev->obj);
	ev->error = nl_u32(tb, MEMLAB_A_ERRNO);
	ev->limit = nl_u32(tb, MEMLAB_A_LIMIT);
	ev->objects = nl_u64(tb, MEMLAB_A_STATS_OBJECTS);
	ev->caches = nl_u64(tb, MEMLAB_A_STATS_CACHES);
	return 0;
}

/* The kernel's extended ACK text from the TLVs after @payload_len. */
static void nl_extack(char *buf, size_t len, struct nlmsghdr *nlh,
		      void *tlvs, int tlvlen)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || tlvlen <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, tlvs, tlvlen, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(buf, tb[NLMSGERR_ATTR_MSG], len);
}

/* One request in flight: what its replies go to and how it ended. */
struct nl_req {
	struct memctl_nl *nl;
	int (*each)(struct nlmsghdr *nlh, struct nlattr **tb, void *arg);
	void *arg;
	uint32_t seq;		/* the request's sequence number */
	int err;		/* the kernel's -errno */
	int parse_err;		/* a reply we could not use */
	bool intr;		/* a dump marked NLM_F_DUMP_INTR */
	bool done;
};

/*
 * Only the answers to the request in flight: what is left of one a libnl
 * error cut short would otherwise make every later request fail with
 * NLE_SEQ_MISMATCH (libnl's own check counts requests, not numbers).
 */
static int nl_on_seq(struct nl_msg *msg, void *arg)
{
	struct nl_req *r = arg;

	if (nlmsg_hdr(msg)->nlmsg_seq != r->seq ||
	    nlmsg_get_src(msg)->nl_pid != nl_socket_get_peer_port(r->nl->sk))
		return NL_SKIP;
	return NL_OK;
}

static int nl_on_valid(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[MEMLAB_A_MAX + 1];
	struct nl_req *r = arg;
	int ret;

	ret = memctl_nl_parse(nlh, tb);
	if (!ret && r->each && !r->parse_err)
		ret = r->each(nlh, tb, r->arg);
	if (ret && !r->parse_err)
		r->parse_err = ret;
	/* go on reading: the dump's end or the ACK still has to come */
	return NL_OK;
}

/* The dump changed under the kernel; the message itself is still good. */
static int nl_on_intr(struct nl_msg *msg, void *arg)
{
	struct nl_req *r = arg;

	(void)msg;
	r->intr = true;
	return NL_OK;
}

/* A dump ends with NLMSG_DONE, with an errno (and ACK TLVs) if it failed. */
static int nl_on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nl_req *r = arg;
	int err;

	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(err))) {
		memcpy(&err, nlmsg_data(nlh), sizeof(err));
		if (err < 0) {
			r->err = err;
			nl_extack(r->nl->errmsg, sizeof(r->nl->errmsg), nlh,
				  (char *)nlmsg_data(nlh) + sizeof(err),
				  (int)nlh->nlmsg_len -
				  NLMSG_LENGTH(sizeof(err)));
		}
	}
	r->done = true;
	return NL_STOP;
}

static int nl_on_ack(struct nl_msg *msg, void *arg)
{
	struct nl_req *r = arg;

	(void)msg;
	r->done = true;
	return NL_STOP;
}

static int nl_on_error(struct sockaddr_nl *who, struct nlmsgerr *e,
		       void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t len = nlmsg_datalen(nlh), off = sizeof(*e);
	struct nl_req *r = arg;

	(void)who;
	/* libnl calls this for a nonzero error only; the kernel's are < 0 */
	r->err = e->error < 0 ? e->error : -EPROTO;
	r->done = true;
	/* the request is echoed after the error unless the ACK was capped */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN ||
		    e->msg.nlmsg_len - NLMSG_HDRLEN > len)
			return NL_STOP;
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	/* the TLVs start where the kernel's nlmsg_put() padded the payload */
	off = NLMSG_ALIGN(off);
	if (off < len)
		nl_extack(r->nl->errmsg, sizeof(r->nl->errmsg), nlh,
			  (char *)e + off, (int)(len - off));
	return NL_STOP;
}

/*
 * Send @msg (the caller's, to free) and read every reply until the ACK,
 * DONE or error; each reply goes to @r->each.
 */
static int nl_request(struct memctl_nl *nl, struct nl_msg *msg,
		      struct nl_req *r)
{
	struct nl_cb *cb;
	int ret;

	r->nl = nl;
	r->err = 0;
	r->parse_err = 0;
	r->intr = false;
	r->done = false;
	nl->errmsg[0] = '\0';
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, nl_on_seq, r);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, nl_on_valid, r);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, nl_on_intr, r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, nl_on_finish, r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, nl_on_ack, r);
	nl_cb_err(cb, NL_CB_CUSTOM, nl_on_error, r);

	/* a number of its own each time, should @msg be sent again */
	nlmsg_hdr(msg)->nlmsg_seq = NL_AUTO_SEQ;
	ret = nl_send_auto(nl->sk, msg);
	if (ret < 0) {
		ret = memctl_nl_errno(ret);
		goto out;
	}
	r->seq = nlmsg_hdr(msg)->nlmsg_seq;
	ret = 0;
	while (!r->done) {
		ret = nl_recvmsgs(nl->sk, cb);
		if (ret < 0 && !r->done) {
			ret = memctl_nl_errno(ret);
			goto out;
		}
	}
	ret = r->err ? r->err : r->parse_err;
out:
	nl_cb_put(cb);
	return ret;
}

static struct nl_msg *nl_msg_new(struct memctl_nl *nl, uint8_t cmd,
				 int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family,
				0, flags, cmd, MEMLAB_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

/* A new socket connected to generic netlink, extended ACKs on. */
int memctl_nl_connect(struct nl_sock **skp)
{
	struct nl_sock *sk;
	int one = 1, ret;

	sk = nl_socket_alloc();
	if (!sk)
		return -ENOMEM;
	ret = genl_connect(sk);
	if (ret) {
		nl_socket_free(sk);
		return memctl_nl_errno(ret);
	}
	/* without it a refusal comes with no reason */
	setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one,
		   sizeof(one));
	*skp = sk;
	return 0;
}

int memctl_nl_open(struct memctl_nl **nlp)
{
	struct memctl_nl *nl;
	int ret;

	if (!nlp)
		return -EINVAL;
	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;
	ret = memctl_nl_connect(&nl->sk);
	if (ret)
		goto err_free;
	ret = genl_ctrl_resolve(nl->sk, MEMLAB_GENL_NAME);
	if (ret < 0) {
		/* no such family: memlab.ko is not loaded */
		ret = memctl_nl_errno(ret);
		goto err_sock;
	}
	nl->family = ret;
	*nlp = nl;
	return 0;

err_sock:
	nl_socket_free(nl->sk);
err_free:
	free(nl);
	return ret;
}

void memctl_nl_close(struct memctl_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

const char *memctl_nl_errmsg(const struct memctl_nl *nl)
{
	return nl ? nl->errmsg : "";
}

static int nl_each_stats(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct memctl_stats *st = arg;
	int ret;

	if (genlmsg_hdr(nlh)->cmd != MEMLAB_CMD_GET_STATS)
		return -EPROTO;
	ret = memctl_nl_parse_stats(nlh, tb, st);
	if (!ret && !st->version)
		ret = -EPROTO;
	return ret;
}

int memctl_nl_stats(struct memctl_nl *nl, struct memctl_stats *st)
{
	struct memctl_stats now = { 0 };
	struct nl_req r = { .each = nl_each_stats, .arg = &now };
	struct nl_msg *msg;
	int ret;

	if (!nl || !st)
		return -EINVAL;
	msg = nl_msg_new(nl, MEMLAB_CMD_GET_STATS, 0);
	if (!msg)
		return -ENOMEM;
	ret = nl_request(nl, msg, &r);
	nlmsg_free(msg);
	if (!ret && !now.version)
		ret = -EPROTO;	/* an ACK without the reply */
	if (!ret)
		*st = now;
	return ret;
}

/* Objects of one request: one for a do, any number for a dump. */
struct nl_objs {
	uint8_t cmd;
	struct memlab_obj_info *v;
	size_t nr;
	size_t cap;
};

static int nl_each_obj(struct nlmsghdr *nlh, struct nlattr **tb, void *arg)
{
	struct nl_objs *o = arg;

	if (genlmsg_hdr(nlh)->cmd != o->cmd || !tb[MEMLAB_A_ID])
		return -EPROTO;
	if (o->nr == o->cap) {
		size_t cap = o->cap ? 2 * o->cap : 64;
		struct memlab_obj_info *v;

		v = reallocarray(o->v, cap, sizeof(*v));
		if (!v)
			return -ENOMEM;
		o->v = v;
		o->cap = cap;
	}
	memctl_nl_parse_obj(tb, &o->v[o->nr++]);
	return 0;
}

/* Times a dump marked interrupted is started over before -EINTR. */
#define MEMCTL_NL_DUMP_TRIES	4

/* Run @msg (freed here) and return what it listed in *@objs / *@nr. */
static int nl_get_objs(struct memctl_nl *nl, struct nl_msg *msg, uint8_t cmd,
		       struct memlab_obj_info **objs, size_t *nr)
{
	struct nl_objs o = { .cmd = cmd };
	struct nl_req r = { .each = nl_each_obj, .arg = &o };
	int ret, tries = 0;

	/*
	 * NLM_F_DUMP_INTR says the table changed under the dump, which may
	 * then hold an object twice or miss one: start it over. (memlab's
	 * dumps resume by id and never set it; other kernels' might.)
	 */
	do {
		o.nr = 0;
		ret = nl_request(nl, msg, &r);
	} while (!ret && r.intr && ++tries < MEMCTL_NL_DUMP_TRIES);
	nlmsg_free(msg);
	if (!ret && r.intr)
		ret = -EINTR;
	if (ret) {
		free(o.v);
		return ret;
	}
	if (!o.nr) {
		free(o.v);
		o.v = NULL;
	}
	*objs = o.v;
	*nr = o.nr;
	return 0;
}

/* A do request that must answer with exactly one object. */
static int nl_get_one(struct memctl_nl *nl, struct nl_msg *msg, uint8_t cmd,
		      struct memlab_obj_info *info)
{
	struct memlab_obj_info *v;
	size_t nr;
	int ret;

	ret = nl_get_objs(nl, msg, cmd, &v, &nr);
	if (ret)
		return ret;
	if (nr == 1)
		*info = v[0];
	free(v);
	return nr == 1 ? 0 : -EPROTO;
}

int memctl_nl_object(struct memctl_nl *nl, uint32_t id,
		     struct memlab_obj_info *info)
{
	struct nl_msg *msg;

	/* ids start at 1: the kernel's policy would say -ERANGE */
	if (!nl || !info || !id)
		return -EINVAL;
	msg = nl_msg_new(nl, MEMLAB_CMD_GET_OBJECT, 0);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u32(msg, MEMLAB_A_ID, id)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nl_get_one(nl, msg, MEMLAB_CMD_GET_OBJECT, info);
}

int memctl_nl_objects(struct memctl_nl *nl, uint32_t kind,
		      struct memlab_obj_info **objs, size_t *nr)
{
	struct nl_msg *msg;

	if (!nl || !objs || !nr || kind >= MEMLAB_KIND_NR)
		return -EINVAL;
	msg = nl_msg_new(nl, MEMLAB_CMD_GET_OBJECT, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	if (kind && nla_put_u32(msg, MEMLAB_A_KIND, kind)) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nl_get_objs(nl, msg, MEMLAB_CMD_GET_OBJECT, objs, nr);
}

int memctl_nl_cache(struct memctl_nl *nl, uint32_t id, const char *name,
		    struct memlab_obj_info *info)
{
	struct nl_msg *msg;
	size_t len;
	int ret;

	if (!nl || !info || (!id && !name))
		return -EINVAL;
	/* by name: 1 to MEMLAB_NAME_LEN - 1 bytes, as a cache's name is */
	if (!id) {
		len = strnlen(name, MEMLAB_NAME_LEN);
		if (!len || len == MEMLAB_NAME_LEN)
			return -EINVAL;
	}
	msg = nl_msg_new(nl, MEMLAB_CMD_GET_CACHE, 0);
	if (!msg)
		return -ENOMEM;
	if (id)
		ret = nla_put_u32(msg, MEMLAB_A_ID, id);
	else
		ret = nla_put_string(msg, MEMLAB_A_NAME, name);
	if (ret) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	return nl_get_one(nl, msg, MEMLAB_CMD_GET_CACHE, info);
}

int memctl_nl_caches(struct memctl_nl *nl, struct memlab_obj_info **objs,
		     size_t *nr)
{
	struct nl_msg *msg;

	if (!nl || !objs || !nr)
		return -EINVAL;
	msg = nl_msg_new(nl, MEMLAB_CMD_GET_CACHE, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	return nl_get_objs(nl, msg, MEMLAB_CMD_GET_CACHE, objs, nr);
}

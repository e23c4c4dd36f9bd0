// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink family "memlab" (uapi/linux/memlab_netlink.h):
 * statistics, dumps of objects and caches, and the "events" multicast
 * group, for monitoring tools that cannot open /dev/memlab.
 *
 * Requests need no privilege; addresses go only to sockets that pass
 * netlink_capable(CAP_SYS_ADMIN) (opener and sender), and never into
 * events. parallel_ops: nothing here needs genl_mutex, and a dump that
 * drops the last reference of an object may sleep in kmem_cache_destroy().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/netlink.h>
#include <linux/string.h>
#include <linux/user_namespace.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/memlab_netlink.h>

#include "compat.h"
#include "memlab_core.h"

enum memlab_nl_mcgrp {
	MEMLAB_NL_MCGRP_EVENTS,
};

static const struct genl_multicast_group memlab_nl_mcgrps[] = {
	[MEMLAB_NL_MCGRP_EVENTS] = { .name = MEMLAB_GENL_MCGRP_EVENTS },
};

/* GET_OBJECT: an id (do) or a kind filter (dump). */
static const struct nla_policy memlab_nl_object_policy[MEMLAB_A_KIND + 1] = {
	[MEMLAB_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MEMLAB_A_KIND] = NLA_POLICY_RANGE(NLA_U32, MEMLAB_KIND_KMALLOC,
					   MEMLAB_KIND_NR - 1),
};

/* GET_CACHE: an id or memlab's name of the cache (do). */
static const struct nla_policy memlab_nl_cache_policy[MEMLAB_A_NAME + 1] = {
	[MEMLAB_A_ID] = NLA_POLICY_MIN(NLA_U32, 1),
	[MEMLAB_A_NAME] = { .type = NLA_NUL_STRING,
			    .len = MEMLAB_NAME_LEN - 1 },
};

static struct genl_family memlab_genl_family;

static int memlab_nl_put_u64(struct sk_buff *msg, int attr, u64 value)
{
	return nla_put_u64_64bit(msg, attr, value, MEMLAB_A_PAD);
}

/* The attributes of one object, as &struct memlab_obj_info has them. */
static int memlab_nl_put_info(struct sk_buff *msg,
			      const struct memlab_obj_info *info, bool admin)
{
	bool cache = info->kind == MEMLAB_KIND_CACHE ||
		     info->kind == MEMLAB_KIND_CACHE_OBJ;
	bool dma = info->kind == MEMLAB_KIND_DMA_COHERENT ||
		   info->kind == MEMLAB_KIND_DMA_STREAMING;

	if (nla_put_u32(msg, MEMLAB_A_ID, info->id) ||
	    nla_put_u32(msg, MEMLAB_A_KIND, info->kind) ||
	    nla_put_u32(msg, MEMLAB_A_FLAGS, info->flags) ||
	    nla_put_u32(msg, MEMLAB_A_UID, info->uid) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_SIZE, info->size) ||
	    nla_put_u32(msg, MEMLAB_A_GFP, info->gfp) ||
	    nla_put_u32(msg, MEMLAB_A_MAPCOUNT, info->mapcount) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_CTIME, info->ctime_ns))
		return -EMSGSIZE;
	if (info->kind == MEMLAB_KIND_PAGES &&
	    nla_put_u32(msg, MEMLAB_A_ORDER, info->order))
		return -EMSGSIZE;
	if (info->kind == MEMLAB_KIND_CACHE_OBJ &&
	    nla_put_u32(msg, MEMLAB_A_CACHE_ID, info->cache_id))
		return -EMSGSIZE;
	if ((info->flags & MEMLAB_OBJ_MAPPABLE) &&
	    memlab_nl_put_u64(msg, MEMLAB_A_MMAP_OFFSET, info->mmap_offset))
		return -EMSGSIZE;
	if (info->kind == MEMLAB_KIND_DMA_STREAMING &&
	    nla_put_u32(msg, MEMLAB_A_DMA_DIR, info->dma_dir))
		return -EMSGSIZE;
	if (cache &&
	    (nla_put_u32(msg, MEMLAB_A_NR_OBJECTS, info->nr_objects) ||
	     nla_put_u32(msg, MEMLAB_A_SLAB_SIZE, info->slab_size) ||
	     nla_put_u32(msg, MEMLAB_A_ALIGN, info->align) ||
	     nla_put_string(msg, MEMLAB_A_NAME, info->name) ||
	     nla_put_string(msg, MEMLAB_A_MERGED_INTO, info->merged_into)))
		return -EMSGSIZE;
	if (!admin || info->kind == MEMLAB_KIND_CACHE)
		return 0;
	if (memlab_nl_put_u64(msg, MEMLAB_A_KADDR, info->kaddr) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_PHYS, info->phys))
		return -EMSGSIZE;
	if (dma && memlab_nl_put_u64(msg, MEMLAB_A_DMA_ADDR, info->dma_addr))
		return -EMSGSIZE;
	return 0;
}

/* One object message; -EMSGSIZE if it does not fit into @skb. */
static int memlab_nl_obj_msg(struct sk_buff *skb, u32 portid, u32 seq,
			     int flags, u8 cmd,
			     const struct memlab_obj_info *info, bool admin)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &memlab_genl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (memlab_nl_put_info(skb, info, admin)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * What a netlink requester sees: persistent objects, file-scoped ones of
 * its own uid, everything with CAP_SYS_ADMIN. (An open file's view, which
 * the ioctls use, does not apply: a socket has no file.)
 */
static bool memlab_nl_may_see(struct memlab_obj *obj, bool admin)
{
	return admin || !READ_ONCE(obj->owner) ||
	       uid_eq(obj->uid, current_uid());
}

/*
 * The first visible object of @kind (0: any) from id *@index on, with a
 * reference; *@index is its id. @name: caches of that memlab name only.
 */
static struct memlab_obj *memlab_nl_next(unsigned long *index, u32 kind,
					 const char *name, bool admin)
{
	struct memlab_obj *obj;

	xa_lock(&memlab.objs);
	xa_for_each_start(&memlab.objs, *index, obj, *index) {
		if (kind && obj->kind != kind)
			continue;
		if (name && (obj->kind != MEMLAB_KIND_CACHE ||
			     strcmp(obj->cs->name, name)))
			continue;
		if (memlab_nl_may_see(obj, admin)) {
			kref_get(&obj->ref);
			break;
		}
	}
	xa_unlock(&memlab.objs);
	return obj;
}

/* Reply to a request with the object, dropping the reference. */
static int memlab_nl_reply_obj(struct genl_info *info, struct memlab_obj *obj,
			       bool admin)
{
	struct memlab_obj_info oi;
	struct sk_buff *msg;
	int ret;

	memlab_fill_info(obj, &oi, admin);
	memlab_put(obj);
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	ret = memlab_nl_obj_msg(msg, info->snd_portid, info->snd_seq, 0,
				info->genlhdr->cmd, &oi, admin);
	if (ret) {
		nlmsg_free(msg);
		return ret;
	}
	return genlmsg_reply(msg, info);
}

static int memlab_nl_get_object(struct sk_buff *skb, struct genl_info *info)
{
	bool admin = netlink_capable(skb, CAP_SYS_ADMIN);
	struct memlab_obj *obj;
	unsigned long id;
	u32 want;

	if (GENL_REQ_ATTR_CHECK(info, MEMLAB_A_ID)) {
		NL_SET_ERR_MSG(info->extack,
			       "the object's id (MEMLAB_A_ID) is required");
		return -EINVAL;
	}
	if (info->attrs[MEMLAB_A_KIND]) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MEMLAB_A_KIND],
				    "the kind filter is for dumps");
		return -EINVAL;
	}
	want = nla_get_u32(info->attrs[MEMLAB_A_ID]);
	id = want;
	obj = memlab_nl_next(&id, 0, NULL, admin);
	if (obj && obj->id != want) {
		memlab_put(obj);
		obj = NULL;
	}
	if (!obj) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[MEMLAB_A_ID],
				    "no object with this id is visible");
		return -ENOENT;
	}
	return memlab_nl_reply_obj(info, obj, admin);
}

static int memlab_nl_get_cache(struct sk_buff *skb, struct genl_info *info)
{
	bool admin = netlink_capable(skb, CAP_SYS_ADMIN);
	struct nlattr *id_attr = info->attrs[MEMLAB_A_ID];
	struct nlattr *name_attr = info->attrs[MEMLAB_A_NAME];
	struct memlab_obj *obj;
	unsigned long id = 0;

	if (!id_attr == !name_attr) {
		NL_SET_ERR_MSG(info->extack,
			       "give the cache's id or its name, one of them");
		return -EINVAL;
	}
	if (id_attr)
		id = nla_get_u32(id_attr);
	obj = memlab_nl_next(&id, MEMLAB_KIND_CACHE,
			     name_attr ? nla_data(name_attr) : NULL, admin);
	if (obj && id_attr && obj->id != nla_get_u32(id_attr)) {
		memlab_put(obj);
		obj = NULL;
	}
	if (!obj) {
		NL_SET_ERR_MSG_ATTR(info->extack, id_attr ?: name_attr,
				    "no such memlab cache is visible");
		return -ENOENT;
	}
	return memlab_nl_reply_obj(info, obj, admin);
}

/*
 * Dumps go in id order and resume after the last id sent (cb->args[0]):
 * ids are not reused while an object lives, so one alive throughout is
 * sent exactly once, whatever is created or freed meanwhile.
 */
static int memlab_nl_dump(struct sk_buff *skb, struct netlink_callback *cb,
			  u32 kind)
{
	bool admin = netlink_capable(cb->skb, CAP_SYS_ADMIN);
	const struct genl_dumpit_info *di = genl_dumpit_info(cb);
	unsigned long index = cb->args[0];
	struct memlab_obj_info info;
	struct memlab_obj *obj;
	int ret = 0;

	while (index <= U32_MAX) {
		obj = memlab_nl_next(&index, kind, NULL, admin);
		if (!obj)
			break;
		memlab_fill_info(obj, &info, admin);
		memlab_put(obj);
		ret = memlab_nl_obj_msg(skb, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					di->op.cmd, &info, admin);
		if (ret)
			break;
		index++;
	}
	cb->args[0] = index;
	/* a full skb is sent and the dump goes on from @index */
	if (ret == -EMSGSIZE && skb->len)
		return skb->len;
	return ret ?: skb->len;
}

/*
 * Dump requests are checked in the dump itself: only there does 6.1 give
 * an extended ACK (sent with the error in NLMSG_DONE).
 */
static int memlab_nl_dump_objects(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct nlattr **attrs = memlab_genl_dump_attrs(cb);

	if (attrs[MEMLAB_A_ID]) {
		NL_SET_ERR_MSG(cb->extack,
			       "a dump takes no id (MEMLAB_A_KIND filters)");
		return -EINVAL;
	}
	return memlab_nl_dump(skb, cb, attrs[MEMLAB_A_KIND] ?
			      nla_get_u32(attrs[MEMLAB_A_KIND]) : 0);
}

static int memlab_nl_dump_caches(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct nlattr **attrs = memlab_genl_dump_attrs(cb);

	if (attrs[MEMLAB_A_ID] || attrs[MEMLAB_A_NAME]) {
		NL_SET_ERR_MSG(cb->extack, "a dump takes no id or name");
		return -EINVAL;
	}
	return memlab_nl_dump(skb, cb, MEMLAB_KIND_CACHE);
}

static int memlab_nl_put_stats(struct sk_buff *msg)
{
	struct memlab_kind_stats kinds[MEMLAB_KIND_NR], total = {};
	u64 objects, bytes, caches, uid_bytes;
	struct nlattr *nest;
	u32 kind;

	memlab_get_stats(kinds, &objects, &bytes, &caches, &uid_bytes);
	for (kind = MEMLAB_KIND_KMALLOC; kind < MEMLAB_KIND_NR; kind++) {
		total.allocs += kinds[kind].allocs;
		total.frees += kinds[kind].frees;
		total.failures += kinds[kind].failures;
		total.limit_hits += kinds[kind].limit_hits;
	}
	if (nla_put_u32(msg, MEMLAB_A_VERSION, MEMLAB_VERSION) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_OBJECTS, objects) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_BYTES, bytes) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_CACHES, caches) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_MAPPED,
			      atomic_long_read(&memlab.nr_mapped)) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_ALLOCS, total.allocs) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_FREES, total.frees) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_FAILURES, total.failures) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_LIMIT_HITS,
			      total.limit_hits) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_STATS_UID_BYTES, uid_bytes) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_LIMIT_MAX_BYTES,
			      READ_ONCE(memlab_max_bytes)) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_LIMIT_MAX_OBJECTS,
			      READ_ONCE(memlab_max_objects)) ||
	    nla_put_u32(msg, MEMLAB_A_LIMIT_MAX_CACHES,
			READ_ONCE(memlab_max_caches)) ||
	    memlab_nl_put_u64(msg, MEMLAB_A_LIMIT_UID_MAX_BYTES,
			      READ_ONCE(memlab_uid_max_bytes)) ||
	    nla_put_u32(msg, MEMLAB_A_LIMIT_MAX_ORDER,
			min_t(u32, READ_ONCE(memlab_max_order),
			      MEMLAB_KMAX_ORDER)))
		return -EMSGSIZE;

	for (kind = MEMLAB_KIND_KMALLOC; kind < MEMLAB_KIND_NR; kind++) {
		struct memlab_kind_stats *ks = &kinds[kind];

		nest = nla_nest_start(msg, MEMLAB_A_STATS_KIND);
		if (!nest)
			return -EMSGSIZE;
		if (nla_put_u32(msg, MEMLAB_A_KIND, kind) ||
		    memlab_nl_put_u64(msg, MEMLAB_A_STATS_OBJECTS, ks->objects) ||
		    memlab_nl_put_u64(msg, MEMLAB_A_STATS_BYTES, ks->bytes) ||
		    memlab_nl_put_u64(msg, MEMLAB_A_STATS_ALLOCS, ks->allocs) ||
		    memlab_nl_put_u64(msg, MEMLAB_A_STATS_FREES, ks->frees) ||
		    memlab_nl_put_u64(msg, MEMLAB_A_STATS_FAILURES,
				      ks->failures) ||
		    memlab_nl_put_u64(msg, MEMLAB_A_STATS_LIMIT_HITS,
				      ks->limit_hits)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int memlab_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &memlab_genl_family, 0,
				MEMLAB_CMD_GET_STATS);
	if (!hdr || memlab_nl_put_stats(msg)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Event commands have a doit only to say why they are refused; genl
 * answers commands it does not know with a bare -EOPNOTSUPP.
 */
static int memlab_nl_event_cmd(struct sk_buff *skb, struct genl_info *info)
{
	NL_SET_ERR_MSG(info->extack,
		       "an event, not a request: join the events group");
	return -EOPNOTSUPP;
}

#define MEMLAB_NL_EVENT_OP(c)	{ .cmd = (c), .doit = memlab_nl_event_cmd }

/* GET_STATS and events take no attributes: no policy rejects them all. */
static const struct genl_ops memlab_nl_ops[] = {
	{
		.cmd = MEMLAB_CMD_GET_STATS,
		.doit = memlab_nl_get_stats,
	},
	{
		.cmd = MEMLAB_CMD_GET_OBJECT,
		.doit = memlab_nl_get_object,
		.dumpit = memlab_nl_dump_objects,
		.policy = memlab_nl_object_policy,
		.maxattr = ARRAY_SIZE(memlab_nl_object_policy) - 1,
	},
	{
		.cmd = MEMLAB_CMD_GET_CACHE,
		.doit = memlab_nl_get_cache,
		.dumpit = memlab_nl_dump_caches,
		.policy = memlab_nl_cache_policy,
		.maxattr = ARRAY_SIZE(memlab_nl_cache_policy) - 1,
	},
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_OBJ_NEW),
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_OBJ_DEL),
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_CACHE_NEW),
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_CACHE_DEL),
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_ALLOC_FAILED),
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_LIMIT_HIT),
	MEMLAB_NL_EVENT_OP(MEMLAB_CMD_UNLOADING),
};

static struct genl_family memlab_genl_family __ro_after_init = {
	.name = MEMLAB_GENL_NAME,
	.version = MEMLAB_GENL_VERSION,
	.maxattr = MEMLAB_A_MAX,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = memlab_nl_ops,
	.n_ops = ARRAY_SIZE(memlab_nl_ops),
	.mcgrps = memlab_nl_mcgrps,
	.n_mcgrps = ARRAY_SIZE(memlab_nl_mcgrps),
};

/* ------------------------------------------------------------------ */
/* Events                                                              */

/* Whether anyone listens to events; a batch asks once per chunk. */
bool memlab_nl_listened(void)
{
	return genl_has_listeners(&memlab_genl_family, &init_net,
				  MEMLAB_NL_MCGRP_EVENTS);
}

static struct sk_buff *memlab_nl_event_new(u8 cmd, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &memlab_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void memlab_nl_event_send(struct sk_buff *msg, void *hdr, int err)
{
	if (err) {
		/* cannot happen with NLMSG_DEFAULT_SIZE: say so if it does */
		pr_warn_once("an event did not fit into its message\n");
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	/* -ESRCH only means the last listener just left */
	genlmsg_multicast(&memlab_genl_family, msg, 0, MEMLAB_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
}

/**
 * memlab_nl_obj_event - announce a new or freed object or cache
 * @obj: the object, still whole
 * @created: OBJ_NEW/CACHE_NEW, else OBJ_DEL/CACHE_DEL
 */
void memlab_nl_obj_event(struct memlab_obj *obj, bool created)
{
	bool cache = obj->kind == MEMLAB_KIND_CACHE;
	struct memlab_obj_info info;
	struct sk_buff *msg;
	void *hdr;
	u8 cmd;

	if (!memlab_nl_listened())
		return;
	if (created)
		cmd = cache ? MEMLAB_CMD_CACHE_NEW : MEMLAB_CMD_OBJ_NEW;
	else
		cmd = cache ? MEMLAB_CMD_CACHE_DEL : MEMLAB_CMD_OBJ_DEL;
	msg = memlab_nl_event_new(cmd, &hdr);
	if (!msg)
		return;
	memlab_fill_info(obj, &info, false);
	/* listeners may sit in any user namespace: the initial one's uid */
	info.uid = from_kuid_munged(&init_user_ns, obj->uid);
	memlab_nl_event_send(msg, hdr, memlab_nl_put_info(msg, &info, false));
}

static const char *memlab_obj_cache_name(struct memlab_obj *obj)
{
	struct memlab_obj *cache = memlab_obj_cache(obj);

	if (obj->kind == MEMLAB_KIND_CACHE)
		return obj->cs->name;
	return cache ? cache->cs->name : NULL;
}

/**
 * memlab_nl_refused_event - announce a failed or refused allocation
 * @obj: what was asked for (kind, size, order, uid, cache)
 * @limit: &enum memlab_limit that refused it, 0 if the allocator failed
 * @err: the -errno the requester got
 */
void memlab_nl_refused_event(struct memlab_obj *obj, u32 limit, int err)
{
	const char *name = memlab_obj_cache_name(obj);
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (!memlab_nl_listened())
		return;
	msg = memlab_nl_event_new(limit ? MEMLAB_CMD_LIMIT_HIT :
				  MEMLAB_CMD_ALLOC_FAILED, &hdr);
	if (!msg)
		return;
	ret = nla_put_u32(msg, MEMLAB_A_KIND, obj->kind) ||
	      memlab_nl_put_u64(msg, MEMLAB_A_SIZE, memlab_obj_size(obj)) ||
	      nla_put_u32(msg, MEMLAB_A_ERRNO, -err) ||
	      nla_put_u32(msg, MEMLAB_A_UID,
			  from_kuid_munged(&init_user_ns, obj->uid)) ||
	      (obj->kind == MEMLAB_KIND_PAGES &&
	       nla_put_u32(msg, MEMLAB_A_ORDER, obj->order)) ||
	      (name && nla_put_string(msg, MEMLAB_A_NAME, name)) ||
	      (limit && nla_put_u32(msg, MEMLAB_A_LIMIT, limit));
	memlab_nl_event_send(msg, hdr, ret ? -EMSGSIZE : 0);
}

/* The module is going: what is still alive is freed next. */
void memlab_nl_unloading_event(void)
{
	struct memlab_kind_stats kinds[MEMLAB_KIND_NR];
	u64 objects, bytes, caches, uid_bytes;
	struct sk_buff *msg;
	void *hdr;
	int ret;

	if (!memlab_nl_listened())
		return;
	msg = memlab_nl_event_new(MEMLAB_CMD_UNLOADING, &hdr);
	if (!msg)
		return;
	memlab_get_stats(kinds, &objects, &bytes, &caches, &uid_bytes);
	ret = memlab_nl_put_u64(msg, MEMLAB_A_STATS_OBJECTS, objects) ||
	      memlab_nl_put_u64(msg, MEMLAB_A_STATS_CACHES, caches);
	memlab_nl_event_send(msg, hdr, ret ? -EMSGSIZE : 0);
}

int memlab_nl_init(void)
{
	return genl_register_family(&memlab_genl_family);
}

void memlab_nl_exit(void)
{
	genl_unregister_family(&memlab_genl_family);
}

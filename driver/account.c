// SPDX-License-Identifier: GPL-2.0
/*
 * memlab's limits and counters: every object's charge is reserved under
 * the limits before its allocator runs and given back when it is freed;
 * counts per kind and bytes per creator uid, all under memlab.acct_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/hashtable.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "memlab_core.h"

/**
 * struct memlab_uid - bytes charged to one creator uid
 * @node: entry in memlab.uids
 * @uid: the uid
 * @bytes: bytes charged
 */
struct memlab_uid {
	struct hlist_node node;
	kuid_t uid;
	u64 bytes;
};

static struct memlab_uid *memlab_uid_find(kuid_t uid)
{
	struct memlab_uid *u;

	hash_for_each_possible(memlab.uids, u, node, __kuid_val(uid))
		if (uid_eq(u->uid, uid))
			return u;
	return NULL;
}

/* Why @obj does not fit under the limits now (0: it fits); acct_lock held */
static u32 memlab_over_limit(struct memlab_obj *obj, struct memlab_uid *u)
{
	u64 uid_limit = READ_ONCE(memlab_uid_max_bytes);
	u64 max_bytes = READ_ONCE(memlab_max_bytes);
	u64 charge = memlab_obj_charge(obj);

	lockdep_assert_held(&memlab.acct_lock);
	if (memlab.nr_objects + 1 > READ_ONCE(memlab_max_objects))
		return MEMLAB_LIMIT_OBJECTS;
	if (charge > max_bytes || memlab.nr_bytes > max_bytes - charge)
		return MEMLAB_LIMIT_BYTES;
	if (obj->kind == MEMLAB_KIND_CACHE &&
	    memlab.nr_caches + 1 > READ_ONCE(memlab_max_caches))
		return MEMLAB_LIMIT_CACHES;
	if (uid_limit && (charge > uid_limit ||
			  u->bytes > uid_limit - charge))
		return MEMLAB_LIMIT_UID_BYTES;
	return 0;
}

/**
 * memlab_charge_objs - reserve objects' places under every limit
 * @objs: objects of one creator uid, not charged yet
 * @n: how many
 * @err: set to the errno of the first object that does not fit
 *
 * Places are reserved before the allocator runs, so that concurrent
 * requests cannot overshoot together; one lock round trip for all @n.
 * Return: objects charged, @objs[0..return).
 */
unsigned int memlab_charge_objs(struct memlab_obj **objs, unsigned int n,
				int *err)
{
	struct memlab_uid *u, *spare = NULL;
	kuid_t uid = objs[0]->uid;
	struct memlab_obj *obj;
	unsigned int i;
	u32 limit = 0;
	u64 charge;

retry:
	spin_lock(&memlab.acct_lock);
	u = memlab_uid_find(uid);
	if (!u) {
		if (!spare) {
			spin_unlock(&memlab.acct_lock);
			spare = kzalloc(sizeof(*spare), GFP_KERNEL);
			if (!spare) {
				*err = -ENOMEM;
				return 0;
			}
			goto retry;
		}
		u = spare;
		spare = NULL;
		u->uid = uid;
		hash_add(memlab.uids, &u->node, __kuid_val(u->uid));
	}

	for (i = 0; i < n; i++) {
		obj = objs[i];
		limit = memlab_over_limit(obj, u);
		if (limit)
			break;
		charge = memlab_obj_charge(obj);
		memlab.nr_objects++;
		memlab.nr_bytes += charge;
		memlab.nr_caches += obj->kind == MEMLAB_KIND_CACHE;
		memlab.kinds[obj->kind].objects++;
		memlab.kinds[obj->kind].bytes += charge;
		u->bytes += charge;
		obj->charged = true;
	}
	if (limit) {
		*err = limit == MEMLAB_LIMIT_UID_BYTES ? -EDQUOT : -ENOSPC;
		memlab.kinds[obj->kind].limit_hits++;
		if (!u->bytes) {
			hash_del(&u->node);
			spare = u;
		}
	}
	spin_unlock(&memlab.acct_lock);
	kfree(spare);
	if (limit)
		memlab_nl_refused_event(obj, limit, *err);
	return i;
}

int memlab_charge(struct memlab_obj *obj)
{
	int err = 0;

	memlab_charge_objs(&obj, 1, &err);
	return err;
}

/**
 * memlab_refuse - count and announce a request a limit refused
 * @obj: what was asked for (kind, size, order, uid; not charged)
 * @limit: &enum memlab_limit
 * @err: the errno the caller gets
 *
 * For limits checked before memlab_charge(); returns @err.
 */
int memlab_refuse(struct memlab_obj *obj, u32 limit, int err)
{
	spin_lock(&memlab.acct_lock);
	memlab.kinds[obj->kind].limit_hits++;
	spin_unlock(&memlab.acct_lock);
	memlab_nl_refused_event(obj, limit, err);
	return err;
}

/* Give back the places of released objects (of any uids). */
void memlab_uncharge_objs(struct memlab_obj **objs, unsigned int n)
{
	struct memlab_uid *u = NULL, *tmp;
	struct memlab_obj *obj;
	struct hlist_node *next;
	HLIST_HEAD(gone);
	unsigned int i;
	u64 charge;

	spin_lock(&memlab.acct_lock);
	for (i = 0; i < n; i++) {
		obj = objs[i];
		if (!obj->charged)
			continue;
		charge = memlab_obj_charge(obj);
		memlab.nr_objects--;
		memlab.nr_bytes -= charge;
		memlab.nr_caches -= obj->kind == MEMLAB_KIND_CACHE;
		memlab.kinds[obj->kind].objects--;
		memlab.kinds[obj->kind].bytes -= charge;
		memlab.kinds[obj->kind].frees += obj->published;
		if (!u || !uid_eq(u->uid, obj->uid))
			u = memlab_uid_find(obj->uid);
		if (!u)
			continue;
		u->bytes -= charge;
		if (!u->bytes) {
			hash_del(&u->node);
			hlist_add_head(&u->node, &gone);
			u = NULL;
		}
	}
	spin_unlock(&memlab.acct_lock);
	hlist_for_each_entry_safe(tmp, next, &gone, node)
		kfree(tmp);
}

/* The kernel allocator failed @obj's allocation with @err. */
void memlab_count_failure(struct memlab_obj *obj, int err)
{
	spin_lock(&memlab.acct_lock);
	memlab.kinds[obj->kind].failures++;
	spin_unlock(&memlab.acct_lock);
	memlab_nl_refused_event(obj, 0, err);
}

/* A consistent copy of the counters; @uid_bytes: the caller's uid's. */
void memlab_get_stats(struct memlab_kind_stats *kinds, u64 *nr_objects,
		      u64 *nr_bytes, u64 *nr_caches, u64 *uid_bytes)
{
	struct memlab_uid *u;

	spin_lock(&memlab.acct_lock);
	memcpy(kinds, memlab.kinds, sizeof(memlab.kinds));
	*nr_objects = memlab.nr_objects;
	*nr_bytes = memlab.nr_bytes;
	*nr_caches = memlab.nr_caches;
	u = memlab_uid_find(current_uid());
	*uid_bytes = u ? u->bytes : 0;
	spin_unlock(&memlab.acct_lock);
}

void memlab_get_counters(struct memlab_info *info)
{
	struct memlab_kind_stats kinds[MEMLAB_KIND_NR];
	u64 nr_caches;
	int i;

	memlab_get_stats(kinds, &info->nr_objects, &info->nr_bytes,
			 &nr_caches, &info->uid_bytes);
	for (i = 0; i < MEMLAB_KIND_NR; i++) {
		info->kind_objects[i] = kinds[i].objects;
		info->kind_bytes[i] = kinds[i].bytes;
		info->limit_hits += kinds[i].limit_hits;
		info->alloc_failures += kinds[i].failures;
	}
}

void memlab_count_allocs(u32 kind, unsigned int n)
{
	spin_lock(&memlab.acct_lock);
	memlab.kinds[kind].allocs += n;
	spin_unlock(&memlab.acct_lock);
}

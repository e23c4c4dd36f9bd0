/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The libnl parse policy for memlab's generic netlink attributes, shared by
 * the netlink tests and the fuzzer: the types the uapi header gives them
 * (uapi/linux/memlab_netlink.h), so nla_parse() checks each one's size.
 */
#ifndef MEMLAB_TEST_NL_POLICY_H
#define MEMLAB_TEST_NL_POLICY_H

#include <netlink/attr.h>
#include <linux/memlab_netlink.h>

static inline void memlab_nl_policy_init(struct nla_policy *pol)
{
	static const int u64s[] = {
		MEMLAB_A_SIZE, MEMLAB_A_CTIME, MEMLAB_A_MMAP_OFFSET,
		MEMLAB_A_KADDR, MEMLAB_A_PHYS, MEMLAB_A_DMA_ADDR,
		MEMLAB_A_STATS_OBJECTS, MEMLAB_A_STATS_BYTES,
		MEMLAB_A_STATS_CACHES, MEMLAB_A_STATS_MAPPED,
		MEMLAB_A_STATS_ALLOCS, MEMLAB_A_STATS_FREES,
		MEMLAB_A_STATS_FAILURES, MEMLAB_A_STATS_LIMIT_HITS,
		MEMLAB_A_STATS_UID_BYTES, MEMLAB_A_LIMIT_MAX_BYTES,
		MEMLAB_A_LIMIT_MAX_OBJECTS, MEMLAB_A_LIMIT_UID_MAX_BYTES,
	};
	unsigned int i;
	int a;

	for (a = MEMLAB_A_ID; a <= MEMLAB_A_MAX; a++)
		pol[a].type = NLA_U32;
	for (i = 0; i < sizeof(u64s) / sizeof(u64s[0]); i++)
		pol[u64s[i]].type = NLA_U64;
	pol[MEMLAB_A_NAME].type = NLA_STRING;
	pol[MEMLAB_A_MERGED_INTO].type = NLA_STRING;
	pol[MEMLAB_A_STATS_KIND].type = NLA_NESTED;
}

#endif /* MEMLAB_TEST_NL_POLICY_H */

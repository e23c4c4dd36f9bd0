/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * memlab's generic netlink family: statistics, dumps of objects and caches,
 * and a multicast group of events, for monitoring tools that have no
 * access to /dev/memlab or /proc/slabinfo.
 *
 * Family MEMLAB_GENL_NAME, version MEMLAB_GENL_VERSION, in the initial
 * network namespace. Requests need no privilege. Kernel, physical and DMA
 * addresses (MEMLAB_A_KADDR, MEMLAB_A_PHYS, MEMLAB_A_DMA_ADDR) are only put
 * in replies to sockets whose opener and sender have CAP_SYS_ADMIN; events
 * never carry addresses.
 *
 * Requests are validated strictly: an attribute a command does not take,
 * a wrong type or length, or a nonzero genlmsghdr.reserved is -EINVAL with
 * an extended ACK message naming the problem; an unknown command is
 * -EOPNOTSUPP.
 *
 * Commands:
 *   MEMLAB_CMD_GET_STATS   no attributes; reply: MEMLAB_A_VERSION, the
 *                          MEMLAB_A_STATS_* totals, the MEMLAB_A_LIMIT_*
 *                          module limits and one MEMLAB_A_STATS_KIND nest
 *                          per kind
 *   MEMLAB_CMD_GET_OBJECT  do: MEMLAB_A_ID; reply: one object
 *                          dump: optional MEMLAB_A_KIND filter; one message
 *                          per object
 *   MEMLAB_CMD_GET_CACHE   do: MEMLAB_A_ID or MEMLAB_A_NAME (memlab's name of
 *                          the cache); dump: one message per cache
 *
 * An object message carries the fields of &struct memlab_obj_info as the
 * attributes named after them. The visible objects are the persistent ones
 * and the file-scoped ones created by the requester's uid (every object
 * for CAP_SYS_ADMIN). A dump visits objects in id order and resumes after
 * the last id it sent, so an object that lives through the whole dump
 * appears exactly once; objects created or freed meanwhile may or may not.
 *
 * Events, multicast to group MEMLAB_GENL_MCGRP_EVENTS:
 *   MEMLAB_CMD_OBJ_NEW       object created: object attributes
 *   MEMLAB_CMD_OBJ_DEL       object's memory freed (when its last mapping
 *                            goes, if it was mapped): object attributes
 *   MEMLAB_CMD_CACHE_NEW     kmem_cache created: object attributes
 *   MEMLAB_CMD_CACHE_DEL     kmem_cache destroyed: object attributes
 *   MEMLAB_CMD_ALLOC_FAILED  the kernel allocator failed: MEMLAB_A_KIND,
 *                            MEMLAB_A_SIZE, MEMLAB_A_ORDER, MEMLAB_A_ERRNO,
 *                            MEMLAB_A_UID, MEMLAB_A_NAME for caches
 *   MEMLAB_CMD_LIMIT_HIT     a memlab limit refused a request: as
 *                            ALLOC_FAILED plus MEMLAB_A_LIMIT
 *   MEMLAB_CMD_UNLOADING     the module is going away: MEMLAB_A_STATS_OBJECTS
 *                            and MEMLAB_A_STATS_CACHES still alive (their
 *                            OBJ_DEL and CACHE_DEL follow)
 * In events, MEMLAB_A_UID is in the initial user namespace.
 */
#ifndef _UAPI_LINUX_MEMLAB_NETLINK_H
#define _UAPI_LINUX_MEMLAB_NETLINK_H

#define MEMLAB_GENL_NAME		"memlab"
#define MEMLAB_GENL_VERSION		1
#define MEMLAB_GENL_MCGRP_EVENTS	"events"

enum memlab_cmd {
	MEMLAB_CMD_UNSPEC,
	MEMLAB_CMD_GET_STATS,
	MEMLAB_CMD_GET_OBJECT,
	MEMLAB_CMD_GET_CACHE,
	MEMLAB_CMD_OBJ_NEW,
	MEMLAB_CMD_OBJ_DEL,
	MEMLAB_CMD_CACHE_NEW,
	MEMLAB_CMD_CACHE_DEL,
	MEMLAB_CMD_ALLOC_FAILED,
	MEMLAB_CMD_LIMIT_HIT,
	MEMLAB_CMD_UNLOADING,

	__MEMLAB_CMD_MAX,
	MEMLAB_CMD_MAX = __MEMLAB_CMD_MAX - 1
};

/**
 * enum memlab_limit - which limit refused a request (MEMLAB_A_LIMIT)
 * @MEMLAB_LIMIT_BYTES: max_bytes, all objects (-ENOSPC)
 * @MEMLAB_LIMIT_OBJECTS: max_objects (-ENOSPC)
 * @MEMLAB_LIMIT_CACHES: max_caches (-ENOSPC)
 * @MEMLAB_LIMIT_UID_BYTES: uid_max_bytes, the creator's uid (-EDQUOT)
 * @MEMLAB_LIMIT_ORDER: max_order, pages (-E2BIG)
 */
enum memlab_limit {
	MEMLAB_LIMIT_BYTES = 1,
	MEMLAB_LIMIT_OBJECTS,
	MEMLAB_LIMIT_CACHES,
	MEMLAB_LIMIT_UID_BYTES,
	MEMLAB_LIMIT_ORDER,
};

/*
 * Attributes. Object attributes mirror &struct memlab_obj_info; an
 * attribute that does not apply to the object's kind is left out.
 * u64 values are aligned with MEMLAB_A_PAD.
 */
enum memlab_attr {
	MEMLAB_A_UNSPEC,
	MEMLAB_A_PAD,
	MEMLAB_A_ID,			/* u32 */
	MEMLAB_A_KIND,			/* u32, enum memlab_kind */
	MEMLAB_A_FLAGS,			/* u32, MEMLAB_OBJ_* */
	MEMLAB_A_UID,			/* u32 */
	MEMLAB_A_SIZE,			/* u64, bytes */
	MEMLAB_A_ORDER,			/* u32 */
	MEMLAB_A_GFP,			/* u32, MEMLAB_GFP_* or MEMLAB_SLAB_* */
	MEMLAB_A_CACHE_ID,		/* u32 */
	MEMLAB_A_MAPCOUNT,		/* u32 */
	MEMLAB_A_CTIME,			/* u64, CLOCK_REALTIME ns */
	MEMLAB_A_MMAP_OFFSET,		/* u64 */
	MEMLAB_A_KADDR,			/* u64, CAP_SYS_ADMIN only */
	MEMLAB_A_PHYS,			/* u64, CAP_SYS_ADMIN only */
	MEMLAB_A_DMA_ADDR,		/* u64, CAP_SYS_ADMIN only */
	MEMLAB_A_DMA_DIR,		/* u32 */
	MEMLAB_A_NR_OBJECTS,		/* u32, caches: live memlab objects */
	MEMLAB_A_SLAB_SIZE,		/* u32, caches: bytes per slab object */
	MEMLAB_A_ALIGN,			/* u32, caches */
	MEMLAB_A_NAME,			/* string, memlab's cache name */
	MEMLAB_A_MERGED_INTO,		/* string, the kernel cache in use */
	MEMLAB_A_ERRNO,			/* u32, positive errno of a failure */
	MEMLAB_A_LIMIT,			/* u32, enum memlab_limit */
	MEMLAB_A_VERSION,		/* u32, MEMLAB_VERSION of the driver */
	MEMLAB_A_STATS_OBJECTS,		/* u64, live objects (caches too) */
	MEMLAB_A_STATS_BYTES,		/* u64, bytes charged */
	MEMLAB_A_STATS_CACHES,		/* u64, live caches */
	MEMLAB_A_STATS_MAPPED,		/* u64, objects with a user mapping */
	MEMLAB_A_STATS_ALLOCS,		/* u64, objects created since load */
	MEMLAB_A_STATS_FREES,		/* u64, objects freed since load */
	MEMLAB_A_STATS_FAILURES,	/* u64, allocator failures */
	MEMLAB_A_STATS_LIMIT_HITS,	/* u64, requests refused by a limit */
	MEMLAB_A_STATS_UID_BYTES,	/* u64, bytes of the requester's uid */
	MEMLAB_A_STATS_KIND,		/* nest: MEMLAB_A_KIND and the
					 * OBJECTS, BYTES, ALLOCS, FREES,
					 * FAILURES, LIMIT_HITS of one kind
					 */
	MEMLAB_A_LIMIT_MAX_BYTES,	/* u64, module parameter max_bytes */
	MEMLAB_A_LIMIT_MAX_OBJECTS,	/* u64, max_objects */
	MEMLAB_A_LIMIT_MAX_CACHES,	/* u32, max_caches */
	MEMLAB_A_LIMIT_UID_MAX_BYTES,	/* u64, uid_max_bytes (0: none) */
	MEMLAB_A_LIMIT_MAX_ORDER,	/* u32, highest order accepted */

	__MEMLAB_A_MAX,
	MEMLAB_A_MAX = __MEMLAB_A_MAX - 1
};

#endif /* _UAPI_LINUX_MEMLAB_NETLINK_H */

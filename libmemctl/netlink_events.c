// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The subscription to memlab's "events" multicast group: a socket of its
 * own (requests on it would interleave with events), non-blocking, so a
 * program polls memctl_events_fd() and calls memctl_events_dispatch().
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "memctl.h"
#include "netlink_priv.h"

/* A monitor may be slow to read a burst; the kernel caps it at rmem_max. */
#define MEMCTL_EVENTS_RCVBUF	(1 << 20)

struct memctl_events {
	struct nl_sock *sk;
	int (*cb)(const struct memctl_event *ev, void *arg);
	void *arg;
	int count;		/* events delivered by this dispatch */
	int stop;		/* the callback's nonzero return */
	int err;		/* a message we could not parse */
};

static int events_on_msg(struct nl_msg *msg, void *arg)
{
	struct memctl_events *ev = arg;
	struct memctl_event e;
	int ret;

	ret = memctl_nl_parse_event(nlmsg_hdr(msg), &e);
	if (ret) {
		ev->err = ret;
		return NL_SKIP;
	}
	ev->count++;
	ret = ev->cb(&e, ev->arg);
	if (ret) {
		ev->stop = ret;
		return NL_STOP;
	}
	return NL_OK;
}

int memctl_events_open(struct memctl_events **evp,
		       int (*cb)(const struct memctl_event *ev, void *arg),
		       void *arg)
{
	struct memctl_events *ev;
	int ret, grp;

	if (!evp || !cb)
		return -EINVAL;
	ev = calloc(1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	ev->cb = cb;
	ev->arg = arg;
	ret = memctl_nl_connect(&ev->sk);
	if (ret)
		goto err_free;
	grp = genl_ctrl_resolve_grp(ev->sk, MEMLAB_GENL_NAME,
				    MEMLAB_GENL_MCGRP_EVENTS);
	if (grp < 0) {
		ret = memctl_nl_errno(grp);
		goto err_sock;
	}
	/* multicast messages carry no sequence number of ours */
	nl_socket_disable_seq_check(ev->sk);
	nl_socket_modify_cb(ev->sk, NL_CB_VALID, NL_CB_CUSTOM, events_on_msg,
			    ev);
	ret = nl_socket_add_membership(ev->sk, grp);
	if (!ret)
		ret = nl_socket_set_nonblocking(ev->sk);
	if (!ret)
		ret = nl_socket_set_buffer_size(ev->sk, MEMCTL_EVENTS_RCVBUF,
						0);
	if (ret) {
		ret = memctl_nl_errno(ret);
		goto err_sock;
	}
	*evp = ev;
	return 0;

err_sock:
	nl_socket_free(ev->sk);
err_free:
	free(ev);
	return ret;
}

void memctl_events_close(struct memctl_events *ev)
{
	if (!ev)
		return;
	nl_socket_free(ev->sk);
	free(ev);
}

int memctl_events_fd(const struct memctl_events *ev)
{
	return ev ? nl_socket_get_fd(ev->sk) : -EINVAL;
}

int memctl_events_dispatch(struct memctl_events *ev)
{
	int ret;

	if (!ev)
		return -EINVAL;
	ev->count = 0;
	ev->stop = 0;
	ev->err = 0;
	for (;;) {
		/* one datagram, one event, per call on this socket */
		errno = 0;
		ret = nl_recvmsgs_default(ev->sk);
		if (ev->stop)
			return ev->stop;
		if (ret >= 0)
			continue;
		if (ret == -NLE_AGAIN)
			break;
		/* libnl folds an overrun's ENOBUFS into NLE_NOMEM */
		if (errno == ENOBUFS)
			return -ENOBUFS;
		return memctl_nl_errno(ret);
	}
	return ev->err && !ev->count ? ev->err : ev->count;
}

const char *memctl_event_name(uint32_t type)
{
	static const char *const names[] = {
		[MEMLAB_CMD_OBJ_NEW] = "obj-new",
		[MEMLAB_CMD_OBJ_DEL] = "obj-del",
		[MEMLAB_CMD_CACHE_NEW] = "cache-new",
		[MEMLAB_CMD_CACHE_DEL] = "cache-del",
		[MEMLAB_CMD_ALLOC_FAILED] = "alloc-failed",
		[MEMLAB_CMD_LIMIT_HIT] = "limit-hit",
		[MEMLAB_CMD_UNLOADING] = "unloading",
	};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : NULL;
}

const char *memctl_limit_name(uint32_t limit)
{
	static const char *const names[] = {
		[MEMLAB_LIMIT_BYTES] = "bytes",
		[MEMLAB_LIMIT_OBJECTS] = "objects",
		[MEMLAB_LIMIT_CACHES] = "caches",
		[MEMLAB_LIMIT_UID_BYTES] = "uid-bytes",
		[MEMLAB_LIMIT_ORDER] = "order",
	};

	return limit < sizeof(names) / sizeof(names[0]) ? names[limit] : NULL;
}

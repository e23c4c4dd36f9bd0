/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Inside libmemctl's netlink client: the message parsers the request and
 * event halves share (and the host test feeds with hand-made messages).
 * Hidden like everything not in memctl.h.
 */
#ifndef MEMCTL_NETLINK_PRIV_H
#define MEMCTL_NETLINK_PRIV_H

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "memctl.h"

int memctl_nl_errno(int nle);
int memctl_nl_parse(struct nlmsghdr *nlh, struct nlattr **tb);
void memctl_nl_parse_obj(struct nlattr **tb, struct memlab_obj_info *oi);
int memctl_nl_parse_stats(struct nlmsghdr *nlh, struct nlattr **tb,
			  struct memctl_stats *st);
int memctl_nl_parse_event(struct nlmsghdr *nlh, struct memctl_event *ev);
int memctl_nl_connect(struct nl_sock **skp);

#endif /* MEMCTL_NETLINK_PRIV_H */

// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <linux/netlink.h>

#include "sclog/records/nlframe.h"

int sclog_nlframe_parse(const void *buf, size_t len, sclog_nlmsg_fn fn, void *userdata)
{
	const struct nlmsghdr *nlh = buf;
	int n = 0;

	/* Multicast audit messages carry the full length in nlmsg_len (unlike
	 * the unicast copies sent to auditd), so the standard macros apply. */
	if (len > INT32_MAX)
		return -EBADMSG;
	for (int rem = (int)len; rem > 0; nlh = NLMSG_NEXT(nlh, rem)) {
		int r;

		/* NLMSG_OK() compares the int with a u32: check by hand first,
		 * which also keeps clang's -Wsign-compare quiet. */
		if ((size_t)rem < sizeof(*nlh) || nlh->nlmsg_len < sizeof(*nlh) ||
		    nlh->nlmsg_len > (unsigned int)rem)
			return -EBADMSG;
		if (nlh->nlmsg_type == NLMSG_DONE)
			break;
		r = fn(userdata, nlh->nlmsg_type, NLMSG_DATA(nlh), nlh->nlmsg_len - NLMSG_HDRLEN);
		if (r < 0)
			return r;
		n++;
	}
	return n;
}

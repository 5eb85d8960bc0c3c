// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <libaudit.h>
#include <linux/netlink.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "sclog/basic/macro.h"
#include "sclog/collect/audit/audit.h"
#include "sclog/collect/audit/audit_rule.h"

#define BATCH 64
#define DATAGRAM_MAX 16384 /* a record is < 9 KiB: PATH_MAX exe plus fields */

int sclog_audit_open(struct sclog_audit_source *src, int rcvbuf, struct sclog_error *err)
{
	struct sockaddr_nl addr = {
		.nl_family = AF_NETLINK,
		.nl_groups = 1u << (AUDIT_NLGRP_READLOG - 1),
	};
	socklen_t len = sizeof(src->rcvbuf);
	_cleanup_close_ int fd = -1;

	*src = (struct sclog_audit_source){ .fd = -1 };
	if (rcvbuf <= 0)
		rcvbuf = SCLOG_AUDIT_RCVBUF;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_AUDIT);
	if (fd < 0) {
		if (errno == EPROTONOSUPPORT)
			return sclog_error_set(err, -errno,
					       "the kernel has no audit netlink socket "
					       "(built without CONFIG_AUDIT, or booted with "
					       "audit=0): remove audit=0 from the kernel "
					       "command line");
		return sclog_error_set(err, -errno, "cannot open the audit netlink socket: %m");
	}
	/* The multicast group is best effort: a burst beyond the buffer is
	 * dropped and reported only as ENOBUFS, so ask for a big one. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		if (errno == EPERM)
			return sclog_error_set(err, -errno,
					       "cannot subscribe to the audit log multicast "
					       "group: CAP_AUDIT_READ is needed (run sclog as "
					       "root)");
		return sclog_error_set(err, -errno,
				       "cannot subscribe to the audit log multicast group: %m");
	}
	if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &src->rcvbuf, &len) < 0)
		src->rcvbuf = 0;
	src->fd = TAKE_FD(fd);
	return 0;
}

void sclog_audit_close(struct sclog_audit_source *src)
{
	closep(&src->fd);
}

long sclog_audit_read(struct sclog_audit_source *src, sclog_datagram_fn fn, void *userdata)
{
	static char bufs[BATCH][DATAGRAM_MAX];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_nl from[BATCH];
	long total = 0;

	for (;;) {
		int n;

		for (int i = 0; i < BATCH; i++) {
			iov[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = DATAGRAM_MAX };
			msgs[i] = (struct mmsghdr){
				.msg_hdr = {
					.msg_name = &from[i],
					.msg_namelen = sizeof(from[i]),
					.msg_iov = &iov[i],
					.msg_iovlen = 1,
				},
			};
		}
		n = recvmmsg(src->fd, msgs, BATCH, MSG_DONTWAIT, NULL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				/* The only sign that the kernel dropped records
				 * for this socket: count it and keep reading. */
				src->enobufs++;
				continue;
			}
			if (errno == EAGAIN)
				return total;
			return -errno;
		}
		for (int i = 0; i < n; i++) {
			int r;

			/* Only the kernel (port 0) speaks on this group. */
			if (msgs[i].msg_hdr.msg_namelen != sizeof(struct sockaddr_nl) ||
			    from[i].nl_pid != 0) {
				src->spoofed++;
				continue;
			}
			/* A record of the kernel's that did not fit: it may be
			 * one of the command's, so the run is incomplete. */
			if (msgs[i].msg_hdr.msg_flags & MSG_TRUNC) {
				src->truncated++;
				continue;
			}
			r = fn(userdata, bufs[i], msgs[i].msg_len);
			if (r < 0)
				return r;
			total++;
		}
		if (n < BATCH)
			return total;
	}
}

int sclog_audit_status(struct sclog_audit_status *ret, struct sclog_error *err)
{
	struct audit_reply rep;
	int fd, r;

	set_aumessage_mode(MSG_QUIET, DBG_NO);
	fd = audit_open();
	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot open an audit control socket: %m");
	r = audit_request_status(fd);
	if (r < 0) {
		r = errno ? -errno : -EIO;
		audit_close(fd);
		if (r == -EPERM)
			return sclog_error_set(err, r,
					       "cannot read the kernel's audit status: "
					       "CAP_AUDIT_CONTROL is needed (run sclog as root)");
		return sclog_error_set(err, r, "cannot read the kernel's audit status: %s",
				       strerror(-r));
	}
	for (int tries = 0; tries < 16; tries++) {
		r = audit_get_reply(fd, &rep, GET_REPLY_BLOCKING, 0);
		if (r <= 0)
			break;
		if (rep.type == NLMSG_ERROR && rep.error->error) {
			r = rep.error->error;
			break;
		}
		if (rep.type == AUDIT_GET) {
			*ret = (struct sclog_audit_status){
				.enabled = rep.status->enabled,
				.lost = rep.status->lost,
				.rate_limit = rep.status->rate_limit,
				.backlog_limit = rep.status->backlog_limit,
				.pid = rep.status->pid,
			};
			audit_close(fd);
			return 0;
		}
	}
	audit_close(fd);
	if (r == -EPERM)
		return sclog_error_set(err, r,
				       "cannot read the kernel's audit status: "
				       "CAP_AUDIT_CONTROL is needed (run sclog as root)");
	return sclog_error_set(err, r < 0 ? r : -EIO,
			       "the kernel did not answer the audit status request");
}

long sclog_audit_exclude_rules(struct sclog_audit_rule_text *ret, size_t max,
			       struct sclog_error *err)
{
	struct audit_reply rep;
	long found = 0;
	int fd, r;

	set_aumessage_mode(MSG_QUIET, DBG_NO);
	fd = audit_open();
	if (fd < 0)
		return sclog_error_set(err, -errno, "cannot open an audit control socket: %m");
	if (audit_request_rules_list_data(fd) < 0) {
		r = errno ? -errno : -EIO;
		audit_close(fd);
		return sclog_error_set(err, r, "cannot list the kernel's audit rules: %s%s",
				       strerror(-r),
				       r == -EPERM ? " (CAP_AUDIT_CONTROL is "
						     "needed: run sclog as root)" :
						     "");
	}
	for (;;) {
		char text[sizeof(ret->text)];

		r = audit_get_reply(fd, &rep, GET_REPLY_BLOCKING, 0);
		if (r <= 0) {
			r = r < 0 ? r : -EIO;
			break;
		}
		if (rep.type == NLMSG_DONE) {
			r = 0;
			break;
		}
		if (rep.type == NLMSG_ERROR) {
			r = rep.error->error;
			if (r == 0)
				continue; /* the ACK of the request */
			break;
		}
		if (rep.type != AUDIT_LIST_RULES)
			continue;
		r = sclog_audit_rule_drops_seccomp(rep.ruledata, (size_t)rep.len, text,
						   sizeof(text));
		if (r == 1) {
			if ((size_t)found < max)
				memcpy(ret[found].text, text, sizeof(text));
			found++;
		}
	}
	audit_close(fd);
	if (r < 0)
		return sclog_error_set(err, r, "cannot list the kernel's audit rules: %s",
				       strerror(-r));
	return found;
}

int sclog_audit_loginuid_immutable(void)
{
	struct audit_reply rep;
	int fd, r = -EIO;

	set_aumessage_mode(MSG_QUIET, DBG_NO);
	fd = audit_open();
	if (fd < 0)
		return -errno;
	if (audit_request_features(fd) < 0) {
		r = errno ? -errno : -EIO;
		audit_close(fd);
		return r;
	}
	for (int tries = 0; tries < 16; tries++) {
		r = audit_get_reply(fd, &rep, GET_REPLY_BLOCKING, 0);
		if (r <= 0) {
			r = r < 0 ? r : -EIO;
			break;
		}
		if (rep.type == NLMSG_ERROR && rep.error->error) {
			r = rep.error->error;
			break;
		}
		if (rep.type == AUDIT_GET_FEATURE) {
			r = !!(rep.features->features &
			       AUDIT_FEATURE_TO_MASK(AUDIT_FEATURE_LOGINUID_IMMUTABLE));
			break;
		}
		r = -EIO;
	}
	audit_close(fd);
	return r;
}

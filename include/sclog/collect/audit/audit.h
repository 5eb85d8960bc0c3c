/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_AUDIT_AUDIT_H
#define SCLOG_COLLECT_AUDIT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/error.h"

/* Receive buffer asked for with SO_RCVBUFFORCE (falls back to SO_RCVBUF). */
#define SCLOG_AUDIT_RCVBUF (64 * 1024 * 1024)

/* Called with each datagram received; a negative return stops the read. */
typedef int (*sclog_datagram_fn)(void *userdata, const void *buf, size_t len);

/*
 * A source of audit records: the NETLINK_AUDIT socket subscribed to the
 * AUDIT_NLGRP_READLOG multicast group.
 */
struct sclog_audit_source {
	int fd;
	int rcvbuf;	    /* the receive buffer the kernel granted */
	uint64_t enobufs;   /* recv() failures with ENOBUFS: records were dropped */
	uint64_t spoofed;   /* datagrams not sent by the kernel, ignored */
	uint64_t truncated; /* kernel datagrams longer than the buffer (MSG_TRUNC) */
};

/*
 * Open and subscribe the socket (non-blocking, close-on-exec) with a receive
 * buffer of @rcvbuf bytes (0: SCLOG_AUDIT_RCVBUF).  Returns 0 or a negative
 * errno with @err saying what to do.
 */
int sclog_audit_open(struct sclog_audit_source *src, int rcvbuf, struct sclog_error *err);

/* Close the socket. */
void sclog_audit_close(struct sclog_audit_source *src);

/*
 * Receive every datagram queued now and hand each to @fn.  Returns the
 * number of datagrams, or the first negative value of @fn, or -errno.
 */
long sclog_audit_read(struct sclog_audit_source *src, sclog_datagram_fn fn, void *userdata);

/* The part of the kernel's audit status (AUDIT_GET) sclog looks at. */
struct sclog_audit_status {
	uint32_t enabled;
	uint32_t lost; /* records the kernel failed to queue, since boot */
	uint32_t rate_limit;
	uint32_t backlog_limit;
	uint32_t pid; /* the registered audit daemon, 0 if none */
};

/* Ask the kernel for its audit status (needs CAP_AUDIT_CONTROL). */
int sclog_audit_status(struct sclog_audit_status *ret, struct sclog_error *err);

/*
 * Whether the kernel's loginuid_immutable feature is on (AUDIT_GET_FEATURE):
 * a login uid once set can then never change.  Returns 1, 0 or -errno.
 */
int sclog_audit_loginuid_immutable(void);

/* A rule that drops seccomp records, as auditctl would write it. */
struct sclog_audit_rule_text {
	char text[512];
};

/*
 * Read the kernel's audit rules (AUDIT_LIST_RULES, needs CAP_AUDIT_CONTROL)
 * and write into @ret (at most @max) every one that can drop AUDIT_SECCOMP
 * records before any listener sees them.  Returns how many there are (may
 * exceed @max), or a negative errno with @err set.
 */
long sclog_audit_exclude_rules(struct sclog_audit_rule_text *ret, size_t max,
			       struct sclog_error *err);

#endif

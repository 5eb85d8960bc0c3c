/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_AUDIT_H
#define SCLOG_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/error.h"

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
	int rcvbuf;        /* the receive buffer the kernel granted */
	uint64_t enobufs;  /* recv() failures with ENOBUFS: records were dropped */
	uint64_t spoofed;  /* datagrams not sent by the kernel, ignored */
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
	uint32_t lost;          /* records the kernel failed to queue, since boot */
	uint32_t rate_limit;
	uint32_t backlog_limit;
	uint32_t pid;           /* the registered audit daemon, 0 if none */
};

/* Ask the kernel for its audit status (needs CAP_AUDIT_CONTROL). */
int sclog_audit_status(struct sclog_audit_status *ret, struct sclog_error *err);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RECORDS_NLFRAME_H
#define SCLOG_RECORDS_NLFRAME_H

#include <stddef.h>
#include <stdint.h>

/* Called for each netlink message; a negative return stops the walk. */
typedef int (*sclog_nlmsg_fn)(void *userdata, uint16_t type, const char *payload, size_t len);

/*
 * Walk the netlink messages in one received datagram (@buf, @len bytes),
 * validating every header against the datagram's bounds, and call @fn with
 * each message's type and payload.
 *
 * Returns the number of messages delivered, -EBADMSG when a header is
 * malformed or overruns the datagram (messages before it were delivered), or
 * the first negative value @fn returned.
 */
int sclog_nlframe_parse(const void *buf, size_t len, sclog_nlmsg_fn fn, void *userdata);

#endif

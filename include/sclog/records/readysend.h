/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RECORDS_READYSEND_H
#define SCLOG_RECORDS_READYSEND_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/records/record.h"

/*
 * `--phase-at ready` under audit: the audit serial of the call that sent
 * READY=1, a cut that does not depend on when sclog read the records
 * (run/phase.h's marks do; a slow audit daemon or a loaded machine can
 * hold the records back past READY=1).
 *
 * The datagram names its sender (SCM_CREDENTIALS: the thread group, as a
 * record's pid=) and its time (SO_TIMESTAMP, the precise clock, taken in
 * the sender's call).  That call's record has a time at or before it (the
 * coarse clock is never ahead of the precise one and was read at the
 * call's entry) and, unless the coarse clock lagged by more than the
 * window, at or after the time less the window.  The cut is the smallest
 * serial among the sender's send-family records in that window: the
 * send's own or an earlier one.
 *
 * The records arrive before or after the datagram is read, so until then
 * the send-family records of the tree are kept in a ring; after it only
 * the sender's in the window are compared.  Memory: the ring, allocated by
 * sclog_readysend_init(), only for this boundary.
 */

/* Send-family records kept before READY=1 is read; 24 bytes each. */
#define SCLOG_READYSEND_RING 4096

struct sclog_readysend_entry {
	int32_t pid;
	uint64_t serial, ms;
};

struct sclog_readysend {
	struct sclog_readysend_entry *ring; /* NULL once READY=1 is known */
	size_t head, n;
	uint64_t evicted_ms; /* the latest time of a record the ring let go */
	int overflowed;	     /* the ring let one go */
	int known;	     /* sclog_readysend_ready() was called */
	int lost;	     /* a candidate may have been let go: no cut */
	int32_t pid;	     /* the sender */
	uint64_t lo_ms, hi_ms;
	uint64_t serial; /* the smallest candidate's, with @found */
	int found;
	/* The send family's numbers per architecture (libseccomp's names). */
	struct {
		uint32_t arch;
		int64_t nr[9];
	} arches[4];
	size_t n_arches;
};

/* Set up @s with its ring.  Returns 0 or -ENOMEM (then no cut is found). */
int sclog_readysend_init(struct sclog_readysend *s);

/* Release what @s holds; @s may be zeroed or set up. */
void sclog_readysend_done(struct sclog_readysend *s);

/*
 * Note @r, a stamped record of the profiled tree (SCLOG_FIELD_STAMP), when
 * it is a send: sendto, sendmsg, sendmmsg, send, socketcall, write, writev,
 * pwritev2 or io_uring_enter of its architecture (a connected datagram
 * socket can be written to, as Go's sd_notify does; a family larger than
 * needed only moves the cut earlier).  Other records cost a lookup.
 */
void sclog_readysend_note(struct sclog_readysend *s, const struct sclog_record *r);

/*
 * READY=1 came from @pid (its thread group, in the initial pid namespace)
 * at @ready_ms (realtime): the candidates are its sends from
 * @ready_ms - @window_ms to @ready_ms, those already noted and those to
 * come.  The ring is freed.  Only the first call counts.
 */
void sclog_readysend_ready(struct sclog_readysend *s, int32_t pid, uint64_t ready_ms,
			   uint64_t window_ms);

/*
 * The serial to cut at: 1 and *@ret_serial when a candidate was found and
 * none can have been let go by the ring; 0 otherwise (no record of the
 * sender's send in the window: a sender outside the tree, a lag beyond
 * the window, an overflowing ring).
 */
int sclog_readysend_cut(const struct sclog_readysend *s, uint64_t *ret_serial);

#endif

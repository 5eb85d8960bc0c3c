/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_PIPELINE_H
#define SCLOG_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/linebuf.h"
#include "sclog/profile.h"

/* Counters of everything a pipeline was fed; any of the "bad" ones means a
 * record of the profiled tree may have gone uncounted. */
struct sclog_counters {
	uint64_t records;       /* seccomp records of the profiled session */
	uint64_t foreign;       /* seccomp records of other processes */
	uint64_t other_types;   /* audit messages that are not AUDIT_SECCOMP */
	uint64_t malformed;     /* seccomp records that failed to parse (bad) */
	uint64_t bad_frames;    /* datagrams with a malformed netlink header (bad) */
	uint64_t overflow;      /* records beyond SCLOG_PROFILE_MAX syscalls (bad) */
};

/*
 * The pure half of a run: bytes from a record source go in, a profile of
 * one audit session comes out.  A source is the audit netlink socket
 * (datagrams) or a replayed log (text in any chunking).
 */
struct sclog_pipeline {
	struct sclog_profile *profile; /* owned */
	uint32_t ses;                  /* audit session of the profiled tree */
	int32_t marker_pid;            /* pid of the end-of-run marker, 0: none */
	int marker_seen;
	struct sclog_counters counters;
	struct sclog_linebuf *lines;   /* for text sources, allocated on demand */
};

/* Set up @pl for session @ses. Returns 0 or -ENOMEM. */
int sclog_pipeline_init(struct sclog_pipeline *pl, uint32_t ses);

/* Release what @pl owns. */
void sclog_pipeline_done(struct sclog_pipeline *pl);

/*
 * Feed the text of one AUDIT_SECCOMP record.  Records of other sessions are
 * counted and ignored; a record of the marker pid sets marker_seen.
 * Returns 0 or -ENOMEM; parse failures only count.
 */
int sclog_pipeline_record(struct sclog_pipeline *pl, const char *text, size_t len);

/* Feed one netlink datagram as received from the audit socket. */
int sclog_pipeline_datagram(struct sclog_pipeline *pl, const void *buf, size_t len);

/*
 * Feed a chunk of a text log (audit.log, kernel log, or one record payload
 * per line); lines that are not seccomp records are skipped.  The result
 * does not depend on how the log is split into chunks.  Call with
 * @len == 0 and @data == NULL at the end of the log.
 */
int sclog_pipeline_text(struct sclog_pipeline *pl, const char *data, size_t len);

/* True when any counter says a record of the session may be missing. */
int sclog_pipeline_damaged(const struct sclog_pipeline *pl);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_RECORDS_PIPELINE_H
#define SCLOG_RECORDS_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "sclog/basic/linebuf.h"
#include "sclog/basic/pidset.h"
#include "sclog/records/profile.h"
#include "sclog/records/readysend.h"

/* Counters of everything a pipeline was fed; any of the "bad" ones means a
 * record of the profiled tree may have gone uncounted. */
struct sclog_counters {
	uint64_t records;	    /* seccomp records of the profiled session */
	uint64_t foreign;	    /* seccomp records of other processes */
	uint64_t other_types;	    /* audit messages that are not AUDIT_SECCOMP */
	uint64_t malformed;	    /* seccomp records that failed to parse (bad) */
	uint64_t bad_frames;	    /* datagrams with a malformed netlink header (bad) */
	uint64_t overflow;	    /* records beyond SCLOG_PROFILE_MAX syscalls (bad) */
	uint64_t alloc_failures;    /* records or pids not kept for lack of memory (bad) */
	uint64_t followed;	    /* records of the tree after a session change */
	uint64_t session_changes;   /* sessions the tree moved into, followed */
	uint64_t sessions_overflow; /* session changes beyond what is followed (bad) */
};

/* Flags of a pid of the profiled tree (struct sclog_pipeline.pids). */
enum {
	SCLOG_PID_SEEN = 1u << 0,   /* a record of it arrived */
	SCLOG_PID_EXITED = 1u << 1, /* an exit or exit_group record of it arrived */
	SCLOG_PID_GONE = 1u << 2,   /* its exit_group record arrived: not followed */
	SCLOG_PID_MOVED = 1u << 3,  /* it started an audit session of its own */
};

/* Most pids watched at once for sclog_pipeline_call_fn (ownfilter.h's suspects). */
#define SCLOG_PIPELINE_WATCH 64

/*
 * A record of the tree that matters for its own seccomp filters
 * (ownfilter.h): a seccomp() or prctl() call (@kind 1 or 2), or any later
 * record of a watched pid (@kind 0).  @comm and @exe are decoded.  Returns
 * 1 to watch @pid (a later record of it is reported once), else 0.
 */
typedef int (*sclog_pipeline_call_fn)(void *userdata, int kind, int32_t pid, uint32_t ses,
				      int moved, const char *comm, const char *exe);

/* Most audit sessions one tree is followed into. */
#define SCLOG_SESSIONS_MAX 64

/*
 * The pure half of a run: bytes from a record source go in, a profile of
 * one audit session comes out.  A source is the audit netlink socket
 * (datagrams) or a replayed log (text in any chunking).
 */
struct sclog_pipeline {
	struct sclog_profile *profile; /* owned */
	uint32_t ses;		       /* audit session of the profiled tree */
	int32_t marker_pid;	       /* pid of the end-of-run marker, 0: none */
	/* When set, the marker is its record with this comm= in session
	 * @marker_ses, whatever its pid= (a pid fork() returned inside a pid
	 * namespace is not the record's initial-namespace pid). */
	char marker_comm[16];
	uint32_t marker_ses;
	int marker_seen;
	struct sclog_counters counters;
	struct sclog_linebuf *lines; /* for text sources, allocated on demand */
	/* With @follow, the tree is followed across session changes: a
	 * record of a pid already seen in an accepted session, or an
	 * AUDIT_LOGIN record whose old-ses= is accepted, adds its new
	 * session; @pids then also tracks which pids exited. */
	int follow;
	uint32_t sessions[SCLOG_SESSIONS_MAX]; /* accepted, [0] == @ses */
	size_t n_sessions;
	struct sclog_pidset pids;
	struct {
		uint32_t arch;
		int64_t exit, exit_group, seccomp, prctl;
	} exits[4]; /* cache */
	size_t n_exits;
	/* Called with every message of another type (the audit collector
	 * watches AUDIT_CONFIG_CHANGE), or NULL. */
	void (*on_other)(void *data, uint16_t type, const char *text, size_t len);
	void *other_data;
	/* seccomp() records are seen (on_call), not counted: the policy of
	 * check allows it, and the filter logs it only for on_call. */
	int uncounted_seccomp;
	/* With @follow and @on_call: the tree's seccomp()/prctl() calls. */
	sclog_pipeline_call_fn on_call;
	void *on_call_data;
	int32_t watch[SCLOG_PIPELINE_WATCH];
	size_t n_watch;
	/* Keep each record's serial and time in the profile (struct
	 * sclog_syscall's first and last), for a phase cut; 0: not read. */
	int ordered;
	/* With @ordered: the largest serial of every record parsed, the
	 * tree's or not (0: none yet), for a time cut (run/phase.h). */
	uint64_t max_serial;
	/* --phase-at ready: the tree's sends are noted there (readysend.h);
	 * borrowed, NULL: none. */
	struct sclog_readysend *readysend;
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

/* The SCLOG_PID_* flags of @pid (0: never seen). */
unsigned sclog_pipeline_pid(const struct sclog_pipeline *pl, int32_t pid);

/* True when any counter says a record of the session may be missing. */
int sclog_pipeline_damaged(const struct sclog_pipeline *pl);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_ACCOUNT_H
#define SCLOG_COLLECT_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/collect/ownfilter.h"
#include "sclog/records/pipeline.h"
#include "sclog/records/profile.h"

/*
 * Everything that decides whether a profile is complete, filled by the
 * collector's account operation and by the run loop.
 * sclog_account_problems() is the one place that turns it into problems.
 */
struct sclog_account {
	const struct sclog_profile *profile; /* the records, owned by the collector */
	struct sclog_counters counters;
	uint32_t ses;	      /* audit session of the tree, 0: none */
	int has_auid;	      /* the command got a login uid of its own: */
	uint32_t auid_before; /* sclog's (4294967295: unset) */
	uint32_t auid_after;  /* the command's */
	uint32_t daemon_pid;  /* a registered audit daemon got the records too, 0: none */

	/* Losses, each in its own unit; any of them makes the run incomplete. */
	uint64_t overflows;	 /* ENOBUFS on the socket: records lost, number unknown */
	int lost_unread;	 /* the kernel's lost counter could not be read after */
	uint64_t records_lost;	 /* its growth: records the kernel failed to queue */
	int lost_reset;		 /* it went backwards (reset or wrapped): loss unknown */
	uint64_t truncated;	 /* datagrams cut short (MSG_TRUNC) */
	uint64_t alloc_failures; /* records, pids or exits not kept for lack of memory */
	char status_msg[1024];	 /* why the lost counter could not be read, or "" */
	uint32_t lost_reset_old; /* what a reset record said it had counted, 0 */

	/* Audit settings an administrator changed during the run (audit_watch.h). */
	uint32_t rate_limit_set; /* a rate limit set during the run, 0: none */
	char unlogged[256];	 /* actions_logged without "log" at some time, or "" */
	uint64_t exclude_added;	 /* records saying an exclude rule was added */
	uint64_t settings_polls; /* readings of the settings */

	/* The end of the run. */
	int drained;	       /* 1: the drain proved nothing is in flight */
	double drain_timeout;  /* seconds the drain waited */
	int drain_error;       /* -errno of a failed drain, 0 */
	int read_error;	       /* -errno of a failed read during the run, 0 */
	int abandoned;	       /* sclog stopped waiting for a running tree */
	const char *collector; /* the collector's name, for messages */
	/* The notify collector (and the audit collector's --args listener). */
	uint64_t own_listener;	   /* the command's seccomp(NEW_LISTENER) calls: EBUSY */
	uint64_t setuid_lost;	   /* set-id programs executed under no_new_privs */
	char setuid_example[256];  /* the first of them */
	uint64_t interrupted;	   /* waits a signal ended */
	uint64_t unreceived;	   /* calls a signal took out of their wait before sclog saw them */
	uint64_t interrupted_late; /* of those, the command's under a filter lacking
				    * WAIT_KILLABLE_RECV: restarted, or failed with EINTR */
	const struct sclog_args_seen *args_seen; /* --args: values seen, or NULL */
	const struct sclog_ownfilter *own;	 /* the tree's own filters, or NULL */
	int no_listener;	       /* --container: the runtime never sent its listener */
	const char *no_listener_cause; /* and what that means, when known, or NULL */
	int exec_expected;	       /* --container: the recording profile records execve */
	int exec_seen;		       /* and an execve or execveat was recorded */
	uint64_t handover;	       /* --container: its listener hand-over calls, not recorded */
	/* --container: what starts the container, for messages, or NULL */
	const char *runtime_path;
	/* The bpf collector: what its program could not keep (a full map). */
	uint64_t untracked; /* new processes of the tree it could not track */
	uint64_t uncounted; /* calls it could not count */

	/* Witnesses from the command itself: set by the run loop ... */
	const pid_t *exited; /* processes sclog reaped after a normal exit */
	size_t n_exited;
	/* ... and checked by the collector. */
	int witnesses_checked; /* 0: the collector cannot tell (see why_unchecked) */
	const char *why_unchecked;
	size_t exits_missing; /* of @exited, those whose exit record never came */
	pid_t first_missing;

	/* Audit rules that dropped or could drop the command's records, at
	 * the start, during the run or at the end. */
	char exclude_rules[4][512];
	size_t n_exclude_rules;	 /* may exceed 4: only the first are written */
	char settings_msg[1024]; /* why a setting could not be read at some time, or "" */
};

/* The consequences of a call a signal took out of its wait after the
 * notify collector received it, under a filter that lets it. */
#define SCLOG_LATE_EFFECT                                                                          \
	"the filter lacks SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (runc's, or any filter on a "     \
	"kernel before 5.19), so a signal still ends a call's wait once sclog has it; the kernel " \
	"restarts such a call, or fails it with EINTR when the handler lacks SA_RESTART, where "   \
	"it natively would not (a shell's \"Pipe call failed\")"

/* The consequences of a call a signal took out of its wait before the
 * notify collector received it: for the live warning and the problem. */
#define SCLOG_UNRECEIVED_EFFECT                                                                    \
	"the kernel restarts such a call, or fails it with EINTR when the signal's "               \
	"handler lacks SA_RESTART, even where it natively cannot fail so (fork: "                  \
	"\"Cannot fork\"; a close() that failed leaves a pipe open, and its reader "               \
	"waits for ever)"

#define SCLOG_PROBLEMS_MAX 16

/* Why a profile is incomplete, as sentences for stderr and the report. */
struct sclog_problems {
	const char *list[SCLOG_PROBLEMS_MAX];
	char buf[SCLOG_PROBLEMS_MAX][1100];
	size_t n;
};

/* Append a problem (beyond SCLOG_PROBLEMS_MAX they are dropped). */
void sclog_problems_add(struct sclog_problems *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Append to @out every reason @acc gives to doubt the profile.  Returns the
 * number of problems added; 0 means the profile is complete.
 */
size_t sclog_account_problems(const struct sclog_account *acc, struct sclog_problems *out);

#endif

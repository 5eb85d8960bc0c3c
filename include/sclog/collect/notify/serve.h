/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_SERVE_H
#define SCLOG_COLLECT_NOTIFY_SERVE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/collect/ownfilter.h"
#include "sclog/policy/args.h"
#include "sclog/records/profile.h"

/*
 * The seccomp user-notification collector: the command runs under a filter
 * whose collecting action is SECCOMP_RET_USER_NOTIF; every such syscall
 * waits until sclog has counted it and answered
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE.  Nothing can be lost, and only the
 * tree that inherits the filter reaches the listener.
 */

#define SCLOG_NOTIFY_MAX_THREADS 16

/* Why a notify run may differ from the same command run without sclog. */
struct sclog_notify_counters {
	uint64_t notifications; /* received and answered */
	uint64_t interrupted;	/* answered too late: a signal ended the wait (ENOENT) */
	uint64_t late;		/* of those, the command's, where a non-fatal signal can do it */
	uint64_t own_listener;	/* seccomp(NEW_LISTENER) calls, refused with EBUSY */
	uint64_t setuid_lost;	/* set-id programs executed under no_new_privs */
	uint64_t unread_args;	/* clone3 structs that could not be read */
	uint64_t handover;	/* the runtime's listener hand-over calls, not recorded */
};

struct sclog_notify {
	int listener;	       /* the listener fd, -1 when none */
	pid_t pid;	       /* the command */
	int no_new_privs;      /* the command runs with no_new_privs */
	int sync_wake_up;      /* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP is on */
	int uncounted_execve;  /* execve is allowed (check's policy): answered, not counted */
	int uncounted_seccomp; /* seccomp is too (sclog_filter_seccomp_known()) */
	/* A runtime's listener (sclog_notify_adopt()): its init's hand-over
	 * calls before the first execve are not recorded; the init is the
	 * first caller.  0 once a process executed. */
	int handover;
	pid_t handover_pid;
	/* A non-fatal signal can end a wait sclog has received: the filter
	 * lacks WAIT_KILLABLE_RECV (a runtime's filter, unless it was asked
	 * for; sclog's own on a kernel before 5.19). */
	int interruptible;
	struct sclog_profile *profile;	    /* borrowed: where calls are counted */
	const struct sclog_args_spec *spec; /* borrowed, NULL: no --args */
	struct sclog_args_seen *seen;	    /* borrowed, with @spec */
	struct sclog_ownfilter *own;	    /* borrowed, NULL: not watched */
	struct sclog_notify_counters counters;
	int stamp;    /* stamp each call (--phase-at): a clock read per call */
	uint64_t seq; /* calls stamped: the serial of each one's stamp */
	struct {      /* the ids received, relative to the first */
		uint64_t first, received;
		int64_t min_off, max_off;
	} ids;
	char setuid_example[256]; /* the first set-id program that lost privileges */
	void *req, *resp;	  /* kernel-sized notification buffers */
	size_t req_size, resp_size;
	/* Supervisor threads (sclog_notify_start_threads()), 0: none. */
	size_t n_threads;
	pthread_t threads[SCLOG_NOTIFY_MAX_THREADS];
	pthread_mutex_t lock; /* the profile, @seen and the counters */
	int stop;	      /* atomic: the threads are to end */
	int thread_error;     /* atomic: -errno of a failed thread, 0 */
};

/*
 * Prepare @n to count into @profile (and record arguments of @spec into
 * @seen when @spec is not NULL).  Returns 0 or -errno (-ENOSYS: the
 * kernel has no user notification).
 */
int sclog_notify_init(struct sclog_notify *n, struct sclog_profile *profile,
		      const struct sclog_args_spec *spec, struct sclog_args_seen *seen);

/*
 * Handle one notification: count it, record its arguments, answer
 * CONTINUE.  Call only when poll() says the listener is readable (a
 * receive on an empty listener blocks).  Returns 1 when one was handled,
 * 0 when it had vanished (its caller was interrupted or killed), or -errno
 * (-ENOMEM, or an unexpected error of the listener).
 */
long sclog_notify_handle(struct sclog_notify *n);

/*
 * How many notifications sclog never received: calls a signal took out of
 * their wait before sclog could receive them (each restarted, failed with
 * EINTR, or its thread killed).  Exact once the tree has ended; while
 * threads answer, a call one of them received but has not yet counted
 * shows here for that moment.
 */
uint64_t sclog_notify_unreceived(struct sclog_notify *n);

/*
 * Answer notifications on @count threads of their own (each blocks in the
 * kernel's receive) instead of sclog_notify_handle() from a poll loop: for
 * targets whose threads make calls at once.  Returns 0 or -errno.
 */
int sclog_notify_start_threads(struct sclog_notify *n, size_t count);

/*
 * End the threads (interrupting their wait) and join them; afterwards the
 * profile and counters are sclog's alone again.  Returns the first error
 * a thread met, or 0.
 */
int sclog_notify_stop_threads(struct sclog_notify *n);

/* Close the listener and free the buffers (stopping any threads); the
 * counters stay readable. */
void sclog_notify_done(struct sclog_notify *n);

#endif

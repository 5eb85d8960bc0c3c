/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_NOTIFY_H
#define SCLOG_COLLECT_NOTIFY_NOTIFY_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/policy/args.h"
#include "sclog/collect/ownfilter.h"
#include "sclog/policy/bpf.h"
#include "sclog/basic/error.h"
#include "sclog/collect/probe.h"
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
	uint64_t interrupted;   /* answered too late: a signal ended the wait (ENOENT) */
	uint64_t own_listener;  /* seccomp(NEW_LISTENER) calls, refused with EBUSY */
	uint64_t setuid_lost;   /* set-id programs executed under no_new_privs */
	uint64_t unread_args;   /* clone3 structs that could not be read */
	uint64_t handover;      /* the runtime's listener hand-over calls, not recorded */
};

struct sclog_notify {
	int listener;              /* the listener fd, -1 when none */
	pid_t pid;                 /* the command */
	int no_new_privs;          /* the command runs with no_new_privs */
	int sync_wake_up;          /* SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP is on */
	int uncounted_execve;      /* execve is allowed (check's policy): answered, not counted */
	int uncounted_seccomp;     /* seccomp is too (sclog_filter_seccomp_known()) */
	/* A runtime's listener (sclog_notify_adopt()): its init's hand-over
	 * calls before the first execve are not recorded; the init is the
	 * first caller.  0 once a process executed. */
	int handover;
	pid_t handover_pid;
	struct sclog_profile *profile;      /* borrowed: where calls are counted */
	const struct sclog_args_spec *spec; /* borrowed, NULL: no --args */
	struct sclog_args_seen *seen;       /* borrowed, with @spec */
	struct sclog_ownfilter *own;        /* borrowed, NULL: not watched */
	struct sclog_notify_counters counters;
	struct {                   /* the ids received, relative to the first */
		uint64_t first, received;
		int64_t min_off, max_off;
	} ids;
	char setuid_example[256];  /* the first set-id program that lost privileges */
	void *req, *resp;          /* kernel-sized notification buffers */
	size_t req_size, resp_size;
	/* Supervisor threads (sclog_notify_start_threads()), 0: none. */
	size_t n_threads;
	pthread_t threads[SCLOG_NOTIFY_MAX_THREADS];
	pthread_mutex_t lock;      /* the profile, @seen and the counters */
	int stop;                  /* atomic: the threads are to end */
	int thread_error;          /* atomic: -errno of a failed thread, 0 */
};

/*
 * How the listener reaches sclog.  It is created in the child's descriptor
 * table by the child's seccomp(), and the child's own next syscall already
 * waits for sclog, so the child cannot pass it on.  A helper cloned from
 * the child just before (CLONE_FILES | CLONE_PARENT) shares that table but
 * not the filter: it sends the listener over a socket and exits.  No
 * pidfd_getfd(), so no ptrace access is needed (Docker's default seccomp
 * profile grants pidfd_getfd() only with CAP_SYS_PTRACE).
 */
struct sclog_notify_handoff {
	int sock[2]; /* [0] sclog's end, [1] the child's; close-on-exec */
};

/* In sclog, before the fork: the socket pair.  Returns 0 or -errno. */
int sclog_notify_handoff_open(struct sclog_notify_handoff *h);
void sclog_notify_handoff_close(struct sclog_notify_handoff *h);

/*
 * In the forked child, before anything else opens a descriptor: start the
 * helper, which waits for the listener at the number it will get (the
 * lowest free one).  Async-signal-safe.  Returns the helper's pid (a child
 * of sclog), or -errno.
 */
pid_t sclog_notify_child_handoff(const struct sclog_notify_handoff *h);

/*
 * In the forked child, the last step before execve(): install @bpf, whose
 * collecting action is SECCOMP_RET_USER_NOTIF, with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER, setting no_new_privs only when the
 * kernel demands it (no CAP_SYS_ADMIN).  From here on every syscall of
 * the child waits until sclog answers.  Async-signal-safe.  Returns the
 * listener (the reserved number), or -errno.
 */
int sclog_notify_child_install(const struct sclog_bpf *bpf);

/*
 * In sclog, once child @pid started @helper: receive the listener from the
 * helper (the child's next syscall already waits for an answer, so it
 * never runs ahead) and reap the helper.  Then note whether the child runs
 * with no_new_privs, and with @sync_wake_up ask for
 * SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (6.6+; ignored without it).  Returns
 * 0 with @n->listener set, -ECHILD when the child exited first, or another
 * -errno, with @err set.
 */
int sclog_notify_attach(struct sclog_notify *n, pid_t pid, struct sclog_notify_handoff *h,
			pid_t helper, int sync_wake_up, struct sclog_error *err);

/*
 * Take @fd, a listener another process created and passed to sclog (a
 * container runtime, through linux.seccomp.listenerPath), as @n's
 * listener; @n owns it from here on, also on failure.  With @sync_wake_up
 * as sclog_notify_attach().  Returns 0, or -EBADF when @fd is not a
 * seccomp listener.
 */
int sclog_notify_adopt(struct sclog_notify *n, int fd, int sync_wake_up);

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

/*
 * Checks for doctor: the USER_NOTIF action, and end to end a child whose
 * getppid() must reach a listener and be answered with CONTINUE.  Fills
 * at most @max entries of @checks and returns how many.
 */
size_t sclog_notify_probe(struct sclog_check *checks, size_t max);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_COLLECTOR_H
#define SCLOG_COLLECT_COLLECTOR_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/basic/error.h"
#include "sclog/collect/account.h"
#include "sclog/collect/ownfilter.h"
#include "sclog/collect/probe.h"
#include "sclog/policy/args.h"
#include "sclog/policy/policy.h"
#include "sclog/records/readysend.h"

/*
 * A collector is a source of syscall records for one profiled command: the
 * audit multicast socket (RET_LOG records), seccomp user notification, or
 * counters of an eBPF program.
 * The run loop (recording.c) drives any of them through these operations,
 * in this order:
 *
 *   probe        doctor checks, and before every run (sclog refuses to
 *                start the command when a fatal one fails)
 *   prepare      before the fork: open sockets, compile the filter
 *   child_setup  in the forked child, before the filter: what it needs
 *                (an audit session); values for the parent go in @report
 *   child_filter in the child, the last step before execve(), and only
 *                when sclog installs the filter (SCLOG_LAUNCH_OWN_FILTER)
 *   started      in sclog, once the exec succeeded, with the child's report
 *   fd, on_readable  the run loop polls fd and calls on_readable
 *   drain        after the whole tree ended: collect what is still in flight
 *   account      everything that says how complete the records are
 *   done         release everything (also after a failed prepare)
 *
 * child_setup and child_filter run between fork() and execve(): they must be
 * async-signal-safe, and every syscall child_filter makes after installing
 * the filter is recorded as the command's.
 */

/* Who installs the recording filter (see sclog_launch()). */
enum sclog_launch_mode {
	/* sclog installs the collector's filter in the child, then execs the
	 * command: `sclog run -- CMD`. */
	SCLOG_LAUNCH_OWN_FILTER,
	/* The command is a container runtime that installs the recording
	 * profile it was handed; sclog installs no filter and only starts the
	 * command as the collector needs it (a fresh audit session).  The
	 * container launch (--container). */
	SCLOG_LAUNCH_RUNTIME_FILTER,
};

/* What the run tells a collector before it starts. */
struct sclog_collector_config {
	const struct sclog_policy *known;   /* allowed without recording, or NULL */
	enum sclog_launch_mode mode;	    /* who installs the recording filter */
	int rcvbuf;			    /* audit: socket receive buffer, 0: default */
	double drain_timeout;		    /* seconds drain may wait */
	const sigset_t *child_mask;	    /* signal mask of processes it forks */
	const struct sclog_args_spec *args; /* --args: record these arguments, or NULL */
	/* notify with SCLOG_LAUNCH_RUNTIME_FILTER: the listening socket the
	 * runtime sends its listener to (listener.h); borrowed */
	int runtime_socket;
	/* and the runtime loads its filter with WAIT_KILLABLE_RECV */
	int runtime_killable;
	/* Where the tree's own filters are noted (ownfilter.h); borrowed,
	 * NULL: not watched. */
	struct sclog_ownfilter *own;
	/* --phase-at: keep every record's order and time (notify: stamped
	 * with sclog_profile_stamp(); audit: the serial and time of its
	 * header, read only then). */
	int ordered;
	/* --phase-at ready, audit: where the tree's sends are noted, for the
	 * serial of READY=1's (records/readysend.h); borrowed, NULL: none. */
	struct sclog_readysend *readysend;
};

/*
 * Sent from child_setup to sclog through a pipe.  @what and @hint point to
 * static strings: the child is a fork of the same image, so they are valid
 * in the parent too.
 */
struct sclog_child_report {
	int64_t values[2]; /* the collector's own (audit: the session id) */
	int error;	   /* errno of the failed step, 0 on success */
	const char *what;  /* the failed step, "writing /proc/self/loginuid" */
	const char *hint;  /* what to do about it, or NULL */
};

struct sclog_collector_ops {
	const char *name;
	/* 1: sclog installs no filter of its own (bpf); with
	 * SCLOG_LAUNCH_OWN_FILTER the tree then starts with sclog's filters. */
	int no_filter;
	size_t (*probe)(struct sclog_check *checks, size_t max, const sigset_t *child_mask);
	int (*prepare)(const struct sclog_collector_config *cfg, void **ret_state,
		       struct sclog_error *err);
	int (*child_setup)(void *state, struct sclog_child_report *report);
	int (*child_filter)(void *state);
	int (*started)(void *state, pid_t pid, const struct sclog_child_report *report,
		       struct sclog_error *err);
	int (*fd)(void *state);
	int (*on_readable)(void *state); /* 0 or -errno */
	int (*drain)(void *state);	 /* 1 drained, 0 timed out, or -errno */
	void (*account)(void *state, struct sclog_account *acc);
	/* Records and distinct syscalls so far, for --progress while the
	 * command runs: no kernel call (an AUDIT_GET sent during a storm
	 * sleeps up to the audit backlog_wait_time).  NULL: not shown. */
	void (*counts)(void *state, uint64_t *ret_records, size_t *ret_syscalls);
	/* Calls a signal took out of their wait before the collector
	 * received them, so far (sclog_notify_unreceived()), for the warning
	 * while the command runs.  NULL: the collector has no such window. */
	uint64_t (*unreceived)(void *state);
	/* The largest audit serial of the records read so far, 0: none yet
	 * (only with cfg->ordered), for a cut at a time (run/phase.h).
	 * NULL: the collector's stamps are not audit's. */
	uint64_t (*serial)(void *state);
	void (*done)(void *state); /* accepts NULL */
};

/* A prepared collector: its operations and the state prepare returned. */
struct sclog_collector {
	const struct sclog_collector_ops *ops;
	void *state;
};

/* The collectors sclog has; the first is the default. */
extern const struct sclog_collector_ops *const sclog_collectors[];

/* The collector named @name, or NULL. */
const struct sclog_collector_ops *sclog_collector_find(const char *name);

/* The audit multicast collector (collector_audit.c). */
extern const struct sclog_collector_ops sclog_collector_audit;

/* The seccomp user-notification collector (collector_notify.c). */
extern const struct sclog_collector_ops sclog_collector_notify;

/* The eBPF counting collector (bpf/collector.c), in a build with
 * SCLOG_HAVE_BPF (libbpf, clang and bpftool were found). */
extern const struct sclog_collector_ops sclog_collector_bpf;

#endif

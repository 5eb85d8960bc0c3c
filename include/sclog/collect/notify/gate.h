/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_COLLECT_NOTIFY_GATE_H
#define SCLOG_COLLECT_NOTIFY_GATE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sclog/collect/collector.h"
#include "sclog/collect/notify/handoff.h"
#include "sclog/collect/notify/listener.h"
#include "sclog/collect/notify/serve.h"
#include "sclog/policy/bpf.h"

/*
 * The gate of phased enforcement (`sclog enforce --serving`): the command
 * runs under sclog_filter_build_phased()'s filter, whose notified calls
 * are the start-up calls (the whole run's, not the serving phase's),
 * execve and the boundary syscall.  Until the boundary the gate lets them
 * run (SECCOMP_USER_NOTIF_FLAG_CONTINUE); from it on it denies the
 * start-up calls.  The boundary is the first call of the boundary
 * syscall, or sclog_gate_pass() (READY=1, a timer).
 *
 * For a container (`enforce --container`) the runtime loads the filter
 * (container/phased_profile.h) and sends its listener to a socket of
 * sclog's (collect/notify/listener.h): the gate adopts it.  Until the
 * container's first execve every notified call is the runtime's own
 * after its filter and runs, the boundary syscall's included; the
 * hand-over calls the whole run's policy lacks (@extra) are denied after
 * it.
 */

/* Distinct syscalls a gate lists as denied; more are counted only. */
#define SCLOG_GATE_MAX_DENIED 256

struct sclog_gate_denial {
	uint32_t arch;
	int nr;
	char name[40]; /* the syscall's name, or "nr N" when libseccomp has none */
	pid_t first_pid;
	uint64_t count;
};

struct sclog_gate_config {
	const struct sclog_bpf *filter; /* sclog_filter_build_phased()'s */
	const char *boundary;		/* its first call is the boundary, NULL: none */
	int serving_execve;		/* execve is in the serving policy */
	int errno_ret;			/* what a denied call returns (a positive errno) */
	int kill;			/* kill the caller (SIGKILL) instead */
	int runtime;			/* a container runtime loads the filter ... */
	int runtime_socket;		/* ... and sends its listener here */
	const char *const *extra;	/* notified names the whole run's policy lacks */
};

struct sclog_gate {
	struct sclog_gate_config cfg;
	struct sclog_notify n; /* the listener and the buffers */
	struct sclog_notify_handoff handoff;
	int passed;	  /* the boundary came */
	double passed_at; /* sclog_now() when it came */
	struct sclog_gate_denial denied[SCLOG_GATE_MAX_DENIED];
	size_t n_denied;
	uint64_t unlisted; /* denials of syscalls beyond the list */
	struct {	   /* per architecture: the numbers of the calls that pass */
		uint32_t arch;
		int boundary, execve;
		int exec[2];  /* execve, execveat: the container starts */
		int extra[4]; /* cfg.extra's */
	} nrs[8];
	size_t n_nrs;
	struct sclog_listener_conn rt; /* cfg.runtime: its hand-over */
	int ended;		       /* every process under the filter has ended */
	int before_exec;	       /* the container's program has not started yet */
};

/*
 * Prepare @g (allocated by the caller) with @cfg, before the fork: the
 * hand-off socket and the notification buffers.  Returns 0 or -errno.
 */
int sclog_gate_init(struct sclog_gate *g, const struct sclog_gate_config *cfg);

/*
 * The operations sclog_launch() drives (state: the gate): the child hands
 * its listener over and installs @cfg->filter (cfg.runtime: nothing, the
 * runtime does); on_readable takes the runtime's connection or listener,
 * or answers one notification (call it only when sclog_gate_fd() is
 * readable).
 */
extern const struct sclog_collector_ops sclog_gate_ops;

/* What to poll: the listener, -1 before the command started or once
 * every process under the filter ended; cfg.runtime: the socket, then
 * the connection, until the listener came. */
int sclog_gate_fd(const struct sclog_gate *g);

/* The boundary came by other means than its syscall (READY=1, a timer). */
void sclog_gate_pass(struct sclog_gate *g);

/* Close the listener and the hand-off socket; the results stay readable. */
void sclog_gate_done(struct sclog_gate *g);

#endif

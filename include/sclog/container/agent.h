/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef SCLOG_CONTAINER_AGENT_H
#define SCLOG_CONTAINER_AGENT_H

#include <stdint.h>
#include <sys/types.h>

#include "sclog/basic/action.h"
#include "sclog/basic/error.h"
#include "sclog/collect/notify/serve.h"
#include "sclog/container/agent_state.h"
#include "sclog/policy/policy.h"
#include "sclog/records/profile.h"

/*
 * `sclog listen`, the node agent: one process that any number of
 * containers' runtimes hand their seccomp listener to (the recording
 * profile it writes names its socket as linux.seccomp.listenerPath), and
 * that writes each container's profile and report to a directory when the
 * container's last process is gone.  docs/kubernetes.md says how it is
 * deployed.
 */
struct sclog_agent_options {
	const char *socket;  /* where runtimes connect */
	const char *dir;     /* where profiles and reports go */
	const char *profile; /* the recording profile written for runtimes */
	const char *base;    /* --base: its calls allowed, in every profile; or NULL */
	int quiet;	     /* no line per container */
	int bpf;	     /* --backend bpf: counted in the kernel (agent_bpf.h) */
};

/*
 * Write the recording profile, listen, and serve containers until SIGTERM
 * or SIGINT; then write what the containers still running did so far,
 * marked incomplete.  Hostile or broken peers are logged (sclog_warn())
 * and dropped.  Returns 0 after a signal, or -errno with @err set when the
 * agent cannot start or its loop fails.
 */
int sclog_agent_run(const struct sclog_agent_options *o, struct sclog_error *err);

/* The more hand-overs in progress (connected, message not yet complete)
 * are taken, the oldest is dropped; each has this long to finish. */
#define SCLOG_AGENT_PEERS_MAX 32
#define SCLOG_AGENT_PEER_SECONDS 5
/* The runs kept in a report (the count covers all of them). */
#define SCLOG_AGENT_REPORT_RUNS 100

/* What every container's profile is made with. */
struct sclog_agent_output {
	const char *dir;		    /* resolved, trusted */
	const struct sclog_policy *base;    /* or NULL */
	char **runtime_names;		    /* the runtimes' own calls (runc and crun) */
	char **fallbacks;		    /* ENOSYS for these when not used */
	struct sclog_action default_action; /* of every profile */
};

/*
 * The union of runc's and crun's own calls, which every profile allows: a
 * profile must start its container under either, whichever runtime
 * recorded it.  Returns 0 and a new vector in @ret, or -errno with @err.
 */
int sclog_agent_runtime_names(char ***ret, struct sclog_error *err);

/*
 * Write @opt->profile, the recording profile runtimes load, naming the
 * socket @sock_path: for the notify collector, every call but those of
 * --base and of the runtimes notified; for bpf, execve and execveat only.
 * Returns 0, or -errno with @err set.
 */
int sclog_agent_write_profile(const struct sclog_agent_options *opt,
			      const struct sclog_agent_output *o, const char *sock_path,
			      struct sclog_error *err);

/* One container's recording, ended or cut short. */
struct sclog_agent_record {
	const struct sclog_agent_state *state;
	const struct sclog_profile *profile;
	const char *collector; /* "notify" or "bpf" */
	uint64_t calls;	       /* bpf: calls counted */
	const struct sclog_notify_counters *counters;
	uint64_t unreceived;	      /* after the init's execve: the container's */
	uint64_t interrupted_late;    /* interrupted after receipt: EINTR or restart */
	uint64_t handover_unreceived; /* before it: the runtime's */
	pid_t peer_pid;		      /* the runtime that handed the listener over */
	uid_t peer_uid;
	const char *peer_comm;
	double started, ended;	/* seconds since the epoch */
	const char *incomplete; /* why the recording is cut short, or NULL */
};

/*
 * Write @r's profile to DIR/NAME.json, the union of @r's calls, the
 * runtimes' own, --base and what DIR/NAME.json held (other replicas,
 * earlier runs), and its report to DIR/reports/NAME.json (the run added to
 * the earlier ones), each atomically.  Returns 0 with the number of
 * syscalls the profile allows in @ret_allowed, or -errno with @err set.
 */
int sclog_agent_write(const struct sclog_agent_output *o, const struct sclog_agent_record *r,
		      size_t *ret_allowed, struct sclog_error *err);

#endif
